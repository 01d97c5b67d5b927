# An OIDC connection that authenticates to its identity provider with a
# signed client assertion (private_key_jwt) has signing keys. This resource
# rotates them: once when it is created, and again whenever triggers change.
resource "auth0_connection" "oidc" {
  name     = "corporate-oidc"
  strategy = "oidc"
  options = jsonencode({
    client_id                       = "corporate-app"
    issuer                          = "https://idp.example.com"
    type                            = "back_channel"
    token_endpoint_auth_method      = "private_key_jwt"
    token_endpoint_auth_signing_alg = "RS256"
  })
}

resource "auth0_connection_keys" "oidc" {
  connection_id = auth0_connection.oidc.id
  triggers = {
    rotated = "2026-01" # change to rotate again
  }
}

# The certificate of the key the rotation made, for the identity provider.
output "next_certificate" {
  value = auth0_connection_keys.oidc.cert
}
