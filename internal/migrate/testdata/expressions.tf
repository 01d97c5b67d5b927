# Values that are expressions are copied, never evaluated: what the official
# provider did to a value at apply time is done by Terraform functions here.

variable "client_id" {
  type = string
}

variable "client_secret" {
  type      = string
  sensitive = true
}

variable "scopes" {
  type = set(string)
}

variable "aliases" {
  type = list(string)
}

variable "upstream_json" {
  type = string
}

variable "claims" {
  type = map(string)
}

variable "tenant" {
  type = string
}

variable "signing_key" {
  type      = string
  sensitive = true
}

variable "custom_db" {
  type      = map(string)
  sensitive = true
}

locals {
  header_name = "X-Tenant"
}

resource "auth0_connection" "oidc" {
  name     = "corporate-oidc"
  strategy = "oidc"

  options {
    client_id       = var.client_id
    client_secret   = var.client_secret
    discovery_url   = "https://idp.example.com/.well-known/openid-configuration"
    scopes          = var.scopes
    domain_aliases  = var.aliases
    upstream_params = var.upstream_json

    attribute_map {
      mapping_mode = "use_map"
      attributes   = jsonencode(var.claims)
    }

    # Never sent when empty.
    id_token_signed_response_algs = []
  }
}

resource "auth0_connection" "oauth2" {
  name     = "partner-oauth2"
  strategy = "oauth2"

  options {
    client_id              = var.client_id
    authorization_endpoint = "https://partner.example.com/authorize"
    token_endpoint         = "https://partner.example.com/token"
    scopes                 = var.scopes
    upstream_params        = "{\"screen_name\":{\"alias\":\"login_hint\"}}"

    custom_headers {
      header = local.header_name
      value  = var.tenant
    }

    custom_headers {
      header = "X-Static"
      value  = 1
    }
  }
}

resource "auth0_connection" "saml" {
  name     = "partner-saml"
  strategy = "samlp"

  options {
    sign_in_endpoint         = "https://saml.example.com/sso"
    signing_cert             = file("${path.module}/idp.pem")
    set_user_root_attributes = "on_each_login"
    fields_map               = "{}"
    # SAML connections keep upstream_params in options.
    upstream_params = jsonencode({ tenant = { value = "acme" } })

    signing_key {
      key  = var.signing_key
      cert = file("${path.module}/sp.pem")
    }
  }
}

resource "auth0_connection" "facebook" {
  name           = "facebook"
  strategy       = "facebook"
  show_as_button = true

  options {
    client_id = var.client_id
    scopes    = ["email", "public_profile", "not_a_facebook_scope"]
  }
}

resource "auth0_connection" "users" {
  name     = "users"
  strategy = "auth0"

  options {
    password_policy        = "good"
    strategy_version       = "2"
    brute_force_protection = "true"
    configuration          = var.custom_db

    password_history {
      enable = true
      size   = 0
    }
  }
}
