terraform {
  required_providers {
    auth0 = {
      source = "auth0/auth0"
    }
  }
}

variable "connections" {
  type = map(object({
    client_id     = string
    client_secret = string
  }))
}

variable "app_id" {
  type = string
}

variable "extra_scopes" {
  type    = list(string)
  default = []
}

resource "auth0_connection" "google" {
  for_each = { for k, v in var.connections : k => v if k == "google" }

  name     = "${each.key}-login"
  strategy = "google-oauth2"

  options {
    client_id     = each.value.client_id
    client_secret = each.value.client_secret
    # Flags Auth0 turns into the scope it requests.
    scopes = concat(["email", "profile"], var.extra_scopes)

    set_user_root_attributes = "on_each_login"
    non_persistent_attrs     = ["gender", "ethnicity"]
  }
}

resource "auth0_connection" "github" {
  for_each = { for k, v in var.connections : k => v if k == "github" }

  name     = "${each.key}-login"
  strategy = "github"

  options {
    client_id     = each.value.client_id
    client_secret = each.value.client_secret
    scopes        = ["email", "read_user", "read_org"] /* what the app needs */
  }

  authentication {
    active = true
  }
}

resource "auth0_connection_clients" "social" {
  for_each = merge(auth0_connection.google, auth0_connection.github)

  connection_id   = each.value.id
  enabled_clients = [var.app_id]
}

output "ids" {
  value = { for k, c in merge(auth0_connection.google, auth0_connection.github) : k => c.id }
}

output "github_active" {
  value = auth0_connection.github["github"].authentication[0].active
}
