# Import by the connection's id and the token's id, joined by "::". The API
# shows a token's secret only when it is created: after an import the token
# attribute is null.
terraform import auth0_connection_scim_token.entra con_a1B2c3D4e5F6g7H8::tok_a1B2c3D4e5F6g7H8
