# Adopt it by the connection's id and the token's id.
import {
  to = auth0_connection_scim_token.entra
  id = "con_a1B2c3D4e5F6g7H8::tok_a1B2c3D4e5F6g7H8"
}
