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
