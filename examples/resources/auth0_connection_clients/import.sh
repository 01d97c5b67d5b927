# Import by connection id. The imported state holds every client enabled on
# the connection; the next plan shows how they differ from enabled_clients.
terraform import auth0_connection_clients.users con_a1B2c3D4e5F6g7H8
