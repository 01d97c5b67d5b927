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

# One passwordless connection per entry of a count.
resource "auth0_connection" "passwordless" {
  count    = 1
  provider = openauth0
  name     = "e2e-email-${count.index}"
  strategy = "email"

  options = jsonencode({
    name = "email"
    email = {
      from    = "{{ application.name }} <login@example.com>"
      subject = "Your code"
      syntax  = "liquid"
      body    = "<html>@@password@@</html>"
    }
    disable_signup         = false
    brute_force_protection = true
    totp = {
      time_step = 300
      length    = 6
    }
  })
}

data "auth0_connection" "users" {
  provider      = openauth0
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
    authentication = auth0_connection.users.authentication.active
    clients_of     = "${auth0_connection_clients.users.name} (${auth0_connection_clients.users.strategy})"
  }
}

output "github_clients" {
  value = module.social.github_clients
}
