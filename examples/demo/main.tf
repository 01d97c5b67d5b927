# The configuration `make demo` applies to the local emulator. Point
# AUTH0_DOMAIN and AUTH0_API_TOKEN at a real tenant to run it there instead.
terraform {
  required_providers {
    auth0 = {
      source = "openauth0/auth0"
    }
  }
}

provider "auth0" {}

variable "password_policy" {
  type    = string
  default = "good"
}

resource "auth0_connection" "customers" {
  name         = "demo-customers"
  strategy     = "auth0"
  display_name = "Customers"

  options = jsonencode({
    passwordPolicy         = var.password_policy
    brute_force_protection = true
    password_history = {
      enable = true
      size   = 5
    }
  })
}

resource "auth0_connection" "google" {
  name     = "demo-google"
  strategy = "google-oauth2"

  options = jsonencode({
    client_id = "demo-client.apps.googleusercontent.com"
    email     = true
    profile   = true
  })

  secret_options = jsonencode({
    client_secret = "demo-google-secret"
  })
}

resource "auth0_connection" "twitter" {
  name     = "demo-twitter"
  strategy = "twitter"

  upstream_params = {
    screen_name = { alias = "login_hint" }
  }
}

output "customers_id" {
  value = auth0_connection.customers.id
}
