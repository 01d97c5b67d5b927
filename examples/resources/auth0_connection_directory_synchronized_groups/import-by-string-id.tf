# Adopt it by the connection's id.
import {
  to = auth0_connection_directory_synchronized_groups.workspace
  id = "con_a1B2c3D4e5F6g7H8"
}
