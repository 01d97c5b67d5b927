terraform {
  required_providers {
    auth0 = {
      source = "auth0/auth0"
    }
  }
}

variable "scopes" {
  type    = list(string)
  default = ["profile", "openid", "email", "openid"]
}

locals {
  header = "X-Tenant"
  claims = {
    email = "$${context.tokenset.email}"
  }
}

resource "auth0_connection" "oidc" {
  name     = "e2e-oidc"
  strategy = "oidc"

  options {
    client_id              = "oidc-id"
    client_secret          = "oidc-secret"
    issuer                 = "https://idp.example.com"
    authorization_endpoint = "https://idp.example.com/authorize"
    token_endpoint         = "https://idp.example.com/token"
    jwks_uri               = "https://idp.example.com/jwks"
    scopes                 = var.scopes
    type                   = "back_channel"

    attribute_map {
      mapping_mode = "use_map"
      attributes   = jsonencode(local.claims)
    }
  }

  cross_app_access_requesting_app {
    active = true
  }
}

resource "auth0_connection" "partner" {
  name     = "e2e-partner"
  strategy = "oauth2"

  options {
    client_id              = "partner-id"
    client_secret          = "partner-secret"
    authorization_endpoint = "https://partner.example.com/authorize"
    token_endpoint         = "https://partner.example.com/token"
    scopes                 = var.scopes
    scripts = {
      fetchUserProfile = "function (accessToken, ctx, cb) { cb(null, { user_id: 'partner' }) }"
    }

    custom_headers {
      header = local.header
      value  = "acme"
    }
  }
}
