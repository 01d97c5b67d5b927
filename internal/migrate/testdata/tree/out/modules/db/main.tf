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

variable "password_policy" {
  type = string
}

locals {
  strategy = "auth0"
}

resource "auth0_connection" "db" {
  provider = openauth0
  name     = "eu-users"
  strategy = local.strategy

  options = jsonencode({
    passwordPolicy         = var.password_policy
    brute_force_protection = true
    password_history = {
      enable = true
      size   = 5
    }
    # Our users' attributes that are never stored.
    non_persistent_attrs = ["ssn"]
  })
  upstream_params = {
    screen_name = { alias = "login_hint" }
  }
}

data "auth0_connection" "legacy" {
  provider      = openauth0
  connection_id = "con_0000000000000001"
}

output "legacy" {
  value = {
    id       = data.auth0_connection.legacy.connection_id
    strategy = data.auth0_connection.legacy.strategy
  }
}
