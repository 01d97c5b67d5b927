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

variable "connections" {
  type = map(object({ client_id = string, client_secret = string }))
}

variable "app_id" {
  type = string
}

variable "extra_scopes" {
  type    = list(string)
  default = ["gmail", "not-a-google-scope"]
}

variable "attrs" {
  type    = set(string)
  default = ["gender", "ethnicity"]
}

variable "upstream" {
  type    = any
  default = { screen_name = { alias = "login_hint" } }
}

resource "auth0_connection" "google" {
  for_each = var.connections
  provider = openauth0

  name     = "e2e-${each.key}"
  strategy = "google-oauth2"

  options = jsonencode(merge({
    client_id            = each.value.client_id
    non_persistent_attrs = sort(distinct(var.attrs))
  }, { for s in concat(["email", "profile"], var.extra_scopes) : s => true if contains(["email", "profile", "contacts", "blogger", "calendar", "gmail", "google_plus", "orkut", "picasa_web", "tasks", "youtube", "adsense_management", "google_affiliate_network", "analytics", "google_books", "google_cloud_storage", "content_api_for_shopping", "chrome_web_store", "document_list", "google_drive", "google_drive_files", "latitude_best", "latitude_city", "moderator", "sites", "spreadsheets", "url_shortener", "webmaster_tools", "coordinate", "coordinate_readonly"], s) }))
  secret_options = jsonencode({
    client_secret = each.value.client_secret
  })
  upstream_params = var.upstream
}

resource "auth0_connection" "github" {
  provider = openauth0
  name     = "e2e-github"
  strategy = "github"

  options = jsonencode({
    client_id = "github-id"
    email     = true
    read_org  = true
  })
  secret_options = jsonencode({
    client_secret = "github-secret"
  })
}

resource "auth0_connection_client" "github_app" {
  provider      = openauth0
  connection_id = auth0_connection.github.id
  client_id     = var.app_id
}

output "github_clients" {
  value = [auth0_connection_client.github_app.client_id]
}
