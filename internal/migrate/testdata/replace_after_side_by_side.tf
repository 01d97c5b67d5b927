# --replace on a configuration already converted side by side is refused.

terraform {
  required_providers {
    auth0     = { source = "auth0/auth0" }
    openauth0 = { source = "openauth0/auth0" }
  }
}

resource "auth0_connection" "db" {
  provider = openauth0
  name     = "db"
  strategy = "auth0"
}
