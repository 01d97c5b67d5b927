variable "okta_client_secret" {
  type      = string
  sensitive = true
}

variable "entra_client_secret" {
  type      = string
  sensitive = true
}

# Inbound SCIM for an Okta Workforce connection. Without user_id_attribute
# and mapping the connection gets its strategy's default mapping.
resource "auth0_connection" "okta" {
  name     = "okta-workforce"
  strategy = "okta"
  options = jsonencode({
    client_id = "0oa1b2c3d4e5f6g7h8i9"
    domain    = "example.okta.com"
  })
  secret_options = jsonencode({ client_secret = var.okta_client_secret })
}

resource "auth0_connection_scim_configuration" "okta" {
  connection_id = auth0_connection.okta.id
}

# Or with a mapping of your own, which replaces the default whole. The
# mapping blocks of the auth0/auth0 provider work as they are.
resource "auth0_connection" "entra" {
  name     = "entra-id"
  strategy = "waad"
  options = jsonencode({
    client_id     = "2f7a1c3e-0000-4000-8000-000000000000"
    tenant_domain = "example.onmicrosoft.com"
    waad_protocol = "openid-connect"
  })
  secret_options = jsonencode({ client_secret = var.entra_client_secret })
}

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
