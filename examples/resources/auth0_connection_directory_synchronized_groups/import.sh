# Import by the connection's id; the next plan shows how the selection
# differs from group_ids.
terraform import auth0_connection_directory_synchronized_groups.workspace con_a1B2c3D4e5F6g7H8
