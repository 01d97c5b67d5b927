terraform {
  required_providers {
    auth0 = {
      source = "auth0/auth0"
    }
  }
}

variable "connections" {
  type = map(object({ client_id = string, client_secret = string }))
}

variable "app_id" {
  type = string
}

variable "extra_scopes" {
  type    = list(string)
  default = ["gmail", "not-a-google-scope"]
}

variable "attrs" {
  type    = set(string)
  default = ["gender", "ethnicity"]
}

variable "upstream" {
  type    = any
  default = { screen_name = { alias = "login_hint" } }
}

resource "auth0_connection" "google" {
  for_each = var.connections

  name     = "e2e-${each.key}"
  strategy = "google-oauth2"

  options {
    client_id            = each.value.client_id
    client_secret        = each.value.client_secret
    scopes               = concat(["email", "profile"], var.extra_scopes)
    non_persistent_attrs = var.attrs
    upstream_params      = jsonencode(var.upstream)
  }
}

resource "auth0_connection" "github" {
  name     = "e2e-github"
  strategy = "github"

  options {
    client_id     = "github-id"
    client_secret = "github-secret"
    scopes        = ["read_org", "email"]
  }
}

resource "auth0_connection_client" "github_app" {
  connection_id = auth0_connection.github.id
  client_id     = var.app_id
}

output "github_clients" {
  value = [auth0_connection_client.github_app.client_id]
}
