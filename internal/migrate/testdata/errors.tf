# What cannot be converted is reported and left exactly as it was.

variable "strategy" {
  type = string
}

variable "headers" {
  type = map(string)
}

resource "auth0_connection" "by_variable" {
  name     = "by-variable"
  strategy = var.strategy

  options {
    client_id = "abc"
  }
}

resource "auth0_connection" "dynamic_options" {
  name     = "dynamic-options"
  strategy = "auth0"

  dynamic "options" {
    for_each = [1]
    content {
      password_policy = "good"
    }
  }
}

resource "auth0_connection" "dynamic_headers" {
  name     = "dynamic-headers"
  strategy = "oauth2"

  options {
    client_id = "abc"

    dynamic "custom_headers" {
      for_each = var.headers
      content {
        header = custom_headers.key
        value  = custom_headers.value
      }
    }
  }
}

resource "auth0_connection" "okta" {
  name     = "okta"
  strategy = "okta"

  options {
    client_id         = "abc"
    client_secret     = "shh"
    domain            = "example.okta.com"
    scopes            = ["openid", "profile"]
    requires_username = true
  }
}

data "auth0_connection" "existing" {
  name                 = "existing"
  skip_enabled_clients = true
}

output "okta_client_id" {
  value = auth0_connection.okta.options[0].client_id
}

output "okta_client_secret" {
  value     = auth0_connection.okta.options[0].client_secret
  sensitive = true
}

output "existing_clients" {
  value = data.auth0_connection.existing.enabled_clients
}
