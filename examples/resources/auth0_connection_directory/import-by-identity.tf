import {
  to = auth0_connection_directory.workspace
  identity = {
    connection_id = "con_a1B2c3D4e5F6g7H8"
  }
}
