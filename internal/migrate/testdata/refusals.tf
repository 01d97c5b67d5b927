# Blocks auth0/auth0 itself refuses, or that have no equivalent here: each
# is reported with what to do, and its resource is left as it was.

resource "auth0_connection" "two_options" {
  name     = "two-options"
  strategy = "auth0"

  options {
    password_policy = "good"
  }
  options {
    password_policy = "fair"
  }
}

resource "auth0_connection" "no_options_for_strategy" {
  name     = "no-options-for-strategy"
  strategy = "flickr"

  options {
    client_id = "abc"
  }
}

resource "auth0_connection" "two_password_history" {
  name     = "two-password-history"
  strategy = "auth0"

  options {
    password_history {
      enable = true
    }
    password_history {
      size = 5
    }
  }
}

resource "auth0_connection" "not_an_official_attribute" {
  name     = "not-an-official-attribute"
  strategy = "auth0"

  options {
    no_such_setting = true
  }
}

resource "auth0_connection" "fields_map_not_an_object" {
  name     = "fields-map-not-an-object"
  strategy = "samlp"

  options {
    signing_cert = "MIIC"
    fields_map   = "[1, 2]"
  }
}

resource "auth0_connection" "upstream_params_not_an_object" {
  name     = "upstream-params-not-an-object"
  strategy = "google-oauth2"

  options {
    upstream_params = "\"text\""
  }
}

resource "auth0_connection" "header_without_value" {
  name     = "header-without-value"
  strategy = "oauth2"

  options {
    client_id = "abc"
    custom_headers {
      header = "X-Tenant"
    }
  }
}

resource "auth0_connection" "header_with_other" {
  name     = "header-with-other"
  strategy = "oauth2"

  options {
    client_id = "abc"
    custom_headers {
      header = "X-Tenant"
      value  = "t"
      extra  = "x"
    }
  }
}

resource "auth0_connection" "provider_not_a_reference" {
  provider = "auth0"
  name     = "provider-not-a-reference"
  strategy = "auth0"
}

resource "auth0_connection" "null_is_unset" {
  name     = "null-is-unset"
  strategy = "auth0"

  options {
    password_policy = null
    brute_force_protection = true
  }
}
