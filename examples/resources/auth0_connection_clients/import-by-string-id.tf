# Adopt the clients already enabled on a connection, by the connection's id.
# The next plan shows how they differ from enabled_clients.
import {
  to = auth0_connection_clients.users
  id = "con_a1B2c3D4e5F6g7H8"
}
