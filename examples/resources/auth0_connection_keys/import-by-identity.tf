# The identity is the connection's id: the import takes its next key, the
# one its last rotation made.
import {
  to = auth0_connection_keys.oidc
  identity = {
    connection_id = "con_a1B2c3D4e5F6g7H8"
  }
}
