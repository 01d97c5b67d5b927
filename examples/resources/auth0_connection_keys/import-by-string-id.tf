# Adopt it by the connection's id (its next key; or "<connection id>::<kid>").
import {
  to = auth0_connection_keys.oidc
  id = "con_a1B2c3D4e5F6g7H8"
}
