resource "auth0_connection" "okta" {
  provider       = OURS
  name           = "okta-connection"
  display_name   = "Okta Workforce Connection"
  strategy       = "okta"
  show_as_button = false

  options = jsonencode({
    client_id                = "1234567"
    domain                   = "example.okta.com"
    domain_aliases           = ["example.com"]
    issuer                   = "https://example.okta.com"
    jwks_uri                 = "https://example.okta.com/oauth2/v1/keys"
    token_endpoint           = "https://example.okta.com/oauth2/v1/token"
    userinfo_endpoint        = "https://example.okta.com/oauth2/v1/userinfo"
    authorization_endpoint   = "https://example.okta.com/oauth2/v1/authorize"
    scope                    = "email openid profile"
    set_user_root_attributes = "on_first_login"
    non_persistent_attrs     = ["ethnicity", "gender"]
    connection_settings      = { pkce = "auto" }
    attribute_map = {
      mapping_mode   = "basic_profile"
      userinfo_scope = "openid email profile groups"
      attributes = {
        name           = "$${context.tokenset.name}"
        email          = "$${context.tokenset.email}"
        email_verified = "$${context.tokenset.email_verified}"
        nickname       = "$${context.tokenset.nickname}"
        picture        = "$${context.tokenset.picture}"
        given_name     = "$${context.tokenset.given_name}"
        family_name    = "$${context.tokenset.family_name}"
      }
    }
  })
  secret_options = jsonencode({ client_secret = "1234567" })
  upstream_params = {
    screen_name = { alias = "login_hint" }
  }
}
