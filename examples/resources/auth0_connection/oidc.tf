variable "oidc_client_secret" {
  type      = string
  sensitive = true
  ephemeral = true
}

resource "auth0_connection" "partner" {
  name         = "partner-oidc"
  strategy     = "oidc"
  display_name = "Partner SSO"

  options = jsonencode({
    type                   = "back_channel"
    client_id              = "auth0-tenant"
    issuer                 = "https://idp.partner.example/"
    authorization_endpoint = "https://idp.partner.example/authorize"
    token_endpoint         = "https://idp.partner.example/token"
    jwks_uri               = "https://idp.partner.example/.well-known/jwks.json"
    scope                  = "openid profile email"
  })

  # Write-only: sent on create and whenever the version changes, never stored
  # in the state (Terraform 1.11 and later).
  secret_options_wo = jsonencode({
    client_secret = var.oidc_client_secret
  })
  secret_options_wo_version = 1

  # Cross App Access, an Early Access feature of Auth0 (oidc and okta only):
  # the connection acts as a requesting application's authorization server.
  cross_app_access_requesting_app = {
    active = true
  }
}
