variable "entra_client_secret" {
  type      = string
  sensitive = true
}

resource "auth0_connection" "entra" {
  name     = "entra-id"
  strategy = "waad"
  options = jsonencode({
    client_id     = "2f7a1c3e-0000-4000-8000-000000000000"
    tenant_domain = "example.onmicrosoft.com"
    waad_protocol = "openid-connect"
  })
  secret_options = jsonencode({ client_secret = var.entra_client_secret })
}

resource "auth0_connection_scim_configuration" "entra" {
  connection_id = auth0_connection.entra.id
}

# A bearer token for the identity provider's SCIM client. Referring to the
# SCIM configuration makes Terraform create it first.
resource "auth0_connection_scim_token" "entra" {
  connection_id  = auth0_connection_scim_configuration.entra.connection_id
  scopes         = ["get:users", "post:users", "patch:users", "delete:users"]
  token_lifetime = 31536000 # a year; leave it out for a token that does not expire
}

# Hand the secret to the identity provider, for example through a secret store.
output "scim_token" {
  value     = auth0_connection_scim_token.entra.token
  sensitive = true
}
