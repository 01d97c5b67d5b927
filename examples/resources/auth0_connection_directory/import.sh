# Import by the connection's id.
terraform import auth0_connection_directory.workspace con_a1B2c3D4e5F6g7H8
