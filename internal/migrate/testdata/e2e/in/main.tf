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

# One passwordless connection per entry of a count.
resource "auth0_connection" "passwordless" {
  count    = 1
  name     = "e2e-email-${count.index}"
  strategy = "email"

  options {
    name                   = "email"
    from                   = "{{ application.name }} <login@example.com>"
    subject                = "Your code"
    syntax                 = "liquid"
    template               = "<html>@@password@@</html>"
    disable_signup         = false
    brute_force_protection = true

    totp {
      time_step = 300
      length    = 6
    }
  }
}

data "auth0_connection" "users" {
  connection_id = auth0_connection.users.id
}

module "social" {
  source      = "./modules/social"
  connections = local.social
  app_id      = auth0_client.app.id
}

module "enterprise" {
  source = "./modules/enterprise"
}

output "users" {
  value = {
    id             = data.auth0_connection.users.connection_id
    strategy       = data.auth0_connection.users.strategy
    authentication = auth0_connection.users.authentication[0].active
    clients_of     = "${auth0_connection_clients.users.name} (${auth0_connection_clients.users.strategy})"
  }
}

output "github_clients" {
  value = module.social.github_clients
}
