# The resources around the connections, written for auth0/auth0 as its
# documentation writes them. The provider's family switch test converts
# this file with auth0-migrate's converter and switches them to
# openauth0/auth0. internal/migrate's golden test converts it too: each
# resource and data source only gains the provider meta-argument, mapping
# blocks and all.

# SCIM with the strategy's defaults.
resource "auth0_connection_scim_configuration" "okta" {
  connection_id = auth0_connection.okta.id
}

# SCIM with user_id_attribute and mapping blocks.
resource "auth0_connection_scim_configuration" "entra" {
  connection_id     = auth0_connection.entra.id
  user_id_attribute = "externalId"

  mapping {
    auth0 = "upn"
    scim  = "userName"
  }
  mapping {
    auth0 = "email"
    scim  = "emails[type eq \"work\"].value"
  }
}

resource "auth0_connection_scim_token" "okta" {
  depends_on    = [auth0_connection_scim_configuration.okta]
  connection_id = auth0_connection.okta.id
  scopes        = ["get:users", "post:users", "put:users", "patch:users"]
}

resource "auth0_connection_scim_token" "entra" {
  connection_id = auth0_connection_scim_configuration.entra.connection_id
}

resource "auth0_connection_keys" "oidc" {
  connection_id = auth0_connection.oidc.id
  triggers = {
    version = "1"
    date    = "2023-10-01T00:00:00Z"
  }
}

resource "auth0_connection_directory" "workspace" {
  connection_id      = auth0_connection.workspace.id
  synchronize_groups = "selected"
}

resource "auth0_connection_directory" "workspace_custom" {
  connection_id             = auth0_connection.workspace_custom.id
  synchronize_automatically = true

  mapping {
    auth0 = "email"
    idp   = "primaryEmail"
  }
  mapping {
    auth0 = "family_name"
    idp   = "name.familyName"
  }
  mapping {
    auth0 = "given_name"
    idp   = "name.givenName"
  }
}

resource "auth0_connection_directory_synchronized_groups" "workspace" {
  connection_id = auth0_connection_directory.workspace.connection_id
  group_ids     = ["group1abc", "group2def", "group3ghi"]
}

data "auth0_connection_scim_configuration" "okta" {
  connection_id = auth0_connection_scim_configuration.okta.connection_id
}

data "auth0_connection_keys" "oidc" {
  connection_id = auth0_connection_keys.oidc.connection_id
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

output "default_mapping_size" {
  value = length(data.auth0_connection_directory_default_mapping.workspace.mapping)
}

output "next_key_cert" {
  value = one([for k in data.auth0_connection_keys.oidc.keys : k.cert if k.next])
}
