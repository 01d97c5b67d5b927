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
  name     = "e2e-users"
  strategy = local.strategy

  options {
    password_policy          = "excellent"
    brute_force_protection   = true
    non_persistent_attrs     = ["zip", "gender", "zip"]
    set_user_root_attributes = "on_each_login"
    configuration = {
      api_key = "secret-value"
    }
    custom_scripts = {
      login = <<-EOT
        function login(email, password, callback) {
          return callback(null, { user_id: email });
        }
      EOT
    }

    password_dictionary {
      enable     = true
      dictionary = ["zebra", "apple"]
    }

    mfa {
      active = true
    }
  }
}

resource "auth0_connection_clients" "users" {
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
