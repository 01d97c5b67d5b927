# --replace is refused: auth0_client still needs auth0/auth0.

terraform {
  required_providers {
    auth0 = {
      source = "auth0/auth0"
    }
  }
}

resource "auth0_client" "app" {
  name = "app"
}

resource "auth0_connection" "users" {
  name     = "users"
  strategy = "auth0"
}
