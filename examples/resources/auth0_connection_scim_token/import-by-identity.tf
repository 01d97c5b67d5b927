import {
  to = auth0_connection_scim_token.entra
  identity = {
    connection_id = "con_a1B2c3D4e5F6g7H8"
    token_id      = "tok_a1B2c3D4e5F6g7H8"
  }
}
