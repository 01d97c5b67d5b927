variable "google_client_secret" {
  type      = string
  sensitive = true
}

# Directory sync from Google Workspace. The connection needs the Users API,
# and to synchronize groups the Groups API and the groups attribute.
resource "auth0_connection" "workspace" {
  name     = "google-workspace"
  strategy = "google-apps"
  options = jsonencode({
    client_id         = "1234567890-abc.apps.googleusercontent.com"
    domain            = "example.com"
    tenant_domain     = "example.com"
    api_enable_users  = true
    api_enable_groups = true
    ext_groups        = true
  })
  secret_options = jsonencode({ client_secret = var.google_client_secret })
}

resource "auth0_connection_directory" "workspace" {
  connection_id             = auth0_connection.workspace.id
  synchronize_automatically = true
  synchronize_groups        = "selected"

  # Leave mapping out to keep the Google Workspace default.
  mapping {
    auth0 = "email"
    idp   = "primaryEmail"
  }
  mapping {
    auth0 = "name"
    idp   = "name.fullName"
  }
}
