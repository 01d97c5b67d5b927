# Applied with auth0/auth0, converted, then planned with openauth0/auth0:
# every option must come out as what the official provider sent.

variable "domain" {
  type = string
}

variable "api_token" {
  type      = string
  sensitive = true
}

provider "auth0" {
  domain    = var.domain
  api_token = var.api_token
}

provider "openauth0" {
  domain    = var.domain
  api_token = var.api_token
}

locals {
  strategy = "auth0"

  social = {
    google = { client_id = "google-id", client_secret = "google-secret" }
  }
}

resource "auth0_client" "app" {
  name = "e2e-app"
}

resource "auth0_connection" "users" {
  provider = openauth0
  name     = "e2e-users"
  strategy = local.strategy

  options = jsonencode({
    passwordPolicy           = "excellent"
    brute_force_protection   = true
    non_persistent_attrs     = ["gender", "zip"]
    set_user_root_attributes = "on_each_login"
    customScripts = {
      login = <<-EOT
        function login(email, password, callback) {
          return callback(null, { user_id: email });
        }
      EOT
    }
    password_dictionary = {
      enable     = true
      dictionary = ["apple", "zebra"]
    }
    mfa = {
      active = true
    }
  })
  secret_options = jsonencode({
    configuration = {
      api_key = "secret-value"
    }
  })
}

resource "auth0_connection_clients" "users" {
  provider        = openauth0
  connection_id   = auth0_connection.users.id
  enabled_clients = [auth0_client.app.id]
}

module "social" {
  source      = "./modules/social"
  connections = local.social
}

module "enterprise" {
  source = "./modules/enterprise"
}
