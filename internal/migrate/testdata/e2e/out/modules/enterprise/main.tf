terraform {
  required_providers {
    auth0 = {
      source = "auth0/auth0"
    }
    openauth0 = {
      source = "openauth0/auth0"
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
  provider = openauth0
  name     = "e2e-oidc"
  strategy = "oidc"

  options = jsonencode({
    client_id              = "oidc-id"
    issuer                 = "https://idp.example.com"
    authorization_endpoint = "https://idp.example.com/authorize"
    token_endpoint         = "https://idp.example.com/token"
    jwks_uri               = "https://idp.example.com/jwks"
    scope                  = join(" ", sort(distinct(var.scopes)))
    type                   = "back_channel"
    attribute_map = {
      mapping_mode = "use_map"
      attributes   = local.claims
    }
  })
  secret_options = jsonencode({
    client_secret = "oidc-secret"
  })

  cross_app_access_requesting_app = {
    active = true
  }
}

resource "auth0_connection" "partner" {
  provider = openauth0
  name     = "e2e-partner"
  strategy = "oauth2"

  options = jsonencode({
    client_id        = "partner-id"
    authorizationURL = "https://partner.example.com/authorize"
    tokenURL         = "https://partner.example.com/token"
    scope            = sort(distinct(var.scopes))
    customHeaders = {
      (local.header) = "acme"
    }
  })
  secret_options = jsonencode({
    client_secret = "partner-secret"
  })
}
