# The connection family besides auth0_connection moves under the same names
# and attributes: each resource and data source only gains the provider
# meta-argument, mapping blocks and all.

resource "auth0_connection" "okta" {
  name     = "okta-workforce"
  strategy = "okta"

  options {
    client_id = "0oa1b2c3d4e5f6g7h8i9"
    domain    = "example.okta.com"
  }
}

resource "auth0_connection_scim_configuration" "okta" {
  connection_id     = auth0_connection.okta.id
  user_id_attribute = "userName"

  mapping {
    auth0 = "username"
    scim  = "userName"
  }
  mapping {
    auth0 = "email"
    scim  = "emails[primary eq true].value"
  }
}

resource "auth0_connection_scim_token" "okta" {
  connection_id = auth0_connection_scim_configuration.okta.connection_id
  scopes        = ["get:users", "post:users"]
}

resource "auth0_connection_keys" "okta" {
  connection_id = auth0_connection.okta.id
  triggers = {
    version = "1"
  }
}

resource "auth0_connection_directory" "workspace" {
  connection_id      = "con_a1B2c3D4e5F6g7H8"
  synchronize_groups = "selected"

  mapping {
    auth0 = "email"
    idp   = "primaryEmail"
  }
}

resource "auth0_connection_directory_synchronized_groups" "workspace" {
  connection_id = auth0_connection_directory.workspace.connection_id
  group_ids     = ["group1abc", "group2def"]
}

data "auth0_connection_scim_configuration" "okta" {
  connection_id = auth0_connection_scim_configuration.okta.connection_id
}

data "auth0_connection_keys" "okta" {
  connection_id = auth0_connection_keys.okta.connection_id
}

data "auth0_connection_directory" "workspace" {
  connection_id = auth0_connection_directory.workspace.connection_id
}

data "auth0_connection_directory_default_mapping" "workspace" {
  connection_id = auth0_connection_directory.workspace.connection_id
}

data "auth0_connection_directory_synchronized_groups" "workspace" {
  connection_id = auth0_connection_directory_synchronized_groups.workspace.connection_id
}

output "scim_token" {
  value     = auth0_connection_scim_token.okta.token
  sensitive = true
}
