# The connections, written for auth0/auth0 as its documentation writes
# them. They stay on auth0/auth0 in this test: only the resources around
# them switch.

resource "auth0_connection" "okta" {
  name         = "okta-enterprise"
  display_name = "Okta Enterprise"
  strategy     = "okta"

  options {
    client_id              = "1234567"
    client_secret          = "1234567"
    domain                 = "example.okta.com"
    issuer                 = "https://example.okta.com"
    jwks_uri               = "https://example.okta.com/oauth2/v1/keys"
    token_endpoint         = "https://example.okta.com/oauth2/v1/token"
    userinfo_endpoint      = "https://example.okta.com/oauth2/v1/userinfo"
    authorization_endpoint = "https://example.okta.com/oauth2/v1/authorize"
    scopes                 = ["openid", "profile", "email"]
  }
}

resource "auth0_connection" "entra" {
  name     = "entra-enterprise"
  strategy = "waad"

  options {
    client_id     = "2f7a1c3e-0000-4000-8000-000000000000"
    client_secret = "entra-secret"
    tenant_domain = "example.onmicrosoft.com"
    domain        = "example.onmicrosoft.com"
    waad_protocol = "openid-connect"
    identity_api  = "microsoft-identity-platform-v2.0"

    should_trust_email_verified_connection = "never_set_emails_as_verified"
  }
}

resource "auth0_connection" "oidc" {
  name     = "OIDC-Connection"
  strategy = "oidc"

  options {
    client_id                       = "1234567"
    scopes                          = ["openid", "profile"]
    issuer                          = "https://www.paypalobjects.com"
    jwks_uri                        = "https://api.paypal.com/v1/oauth2/certs"
    discovery_url                   = "https://www.paypalobjects.com/.well-known/openid-configuration"
    token_endpoint                  = "https://api.paypal.com/v1/oauth2/token"
    userinfo_endpoint               = "https://api.paypal.com/v1/oauth2/token/userinfo"
    authorization_endpoint          = "https://www.paypal.com/signin/authorize"
    type                            = "back_channel"
    token_endpoint_auth_method      = "private_key_jwt"
    token_endpoint_auth_signing_alg = "RS256"
  }
}

resource "auth0_connection" "workspace" {
  name         = "google-workspace"
  display_name = "Google Workspace"
  strategy     = "google-apps"

  options {
    client_id         = "workspace-client"
    client_secret     = "workspace-secret"
    domain            = "example.com"
    tenant_domain     = "example.com"
    api_enable_users  = true
    api_enable_groups = true
    scopes            = ["ext_groups", "ext_profile"]
  }
}

resource "auth0_connection" "workspace_custom" {
  name     = "google-workspace-custom"
  strategy = "google-apps"

  options {
    client_id        = "workspace-client-2"
    client_secret    = "workspace-secret-2"
    domain           = "example.org"
    tenant_domain    = "example.org"
    api_enable_users = true
  }
}
