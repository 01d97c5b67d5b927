# With --replace the "auth0" local name points at openauth0/auth0: nothing
# else in this configuration uses auth0/auth0.

terraform {
  required_providers {
    auth0 = {
      source  = "auth0/auth0"
      version = ">= 1.2.0"
    }
  }
}

provider "auth0" {
  domain = "example.eu.auth0.com"
}

resource "auth0_connection" "users" {
  name     = "users"
  strategy = "auth0"

  options {
    password_policy = "fair"
  }
}

resource "auth0_connection_clients" "users" {
  connection_id   = auth0_connection.users.id
  enabled_clients = ["client-id-1"]
}
