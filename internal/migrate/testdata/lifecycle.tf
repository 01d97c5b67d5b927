# ignore_changes was the usual defence against auth0/auth0 wiping options;
# openauth0/auth0 never touches an option the configuration does not write.

resource "auth0_connection" "ignores_options" {
  name     = "ignores-options"
  strategy = "auth0"

  options {
    password_policy = "good"
  }

  authentication {
    active = true
  }

  lifecycle {
    prevent_destroy = true
    ignore_changes  = [options, authentication[0].active]
  }
}

resource "auth0_connection" "ignores_a_key" {
  name     = "ignores-a-key"
  strategy = "auth0"

  options {
    configuration = {
      api_key = "set-in-the-dashboard"
    }
  }

  lifecycle {
    ignore_changes = [options[0].configuration]
  }
}

resource "auth0_connection" "legacy_enabled_clients" {
  name            = "legacy"
  strategy        = "auth0"
  enabled_clients = ["client-1"]
}
