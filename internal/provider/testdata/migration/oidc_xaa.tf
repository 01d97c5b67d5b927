resource "auth0_connection" "oidc_xaa" {
  provider     = OURS
  name         = "oidc-xaa-connection"
  display_name = "OIDC XAA Connection"
  strategy     = "oidc"

  options = jsonencode({
    client_id              = "1234567"
    type                   = "back_channel"
    issuer                 = "https://api.login.yahoo.com"
    jwks_uri               = "https://api.login.yahoo.com/openid/v1/certs"
    discovery_url          = "https://api.login.yahoo.com/.well-known/openid-configuration"
    token_endpoint         = "https://api.login.yahoo.com/oauth2/get_token"
    userinfo_endpoint      = "https://api.login.yahoo.com/openid/v1/userinfo"
    authorization_endpoint = "https://api.login.yahoo.com/oauth2/request_auth"
    scope                  = "email openid profile"
  })
  secret_options = jsonencode({ client_secret = "1234567" })

  cross_app_access_requesting_app = {
    active = true
  }
}
