# Adopt a connection's SCIM configuration by the connection's id.
import {
  to = auth0_connection_scim_configuration.okta
  id = "con_a1B2c3D4e5F6g7H8"
}
