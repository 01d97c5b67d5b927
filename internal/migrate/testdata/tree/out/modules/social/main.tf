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
  type = map(object({
    client_id     = string
    client_secret = string
  }))
}

variable "app_id" {
  type = string
}

variable "extra_scopes" {
  type    = list(string)
  default = []
}

resource "auth0_connection" "google" {
  for_each = { for k, v in var.connections : k => v if k == "google" }
  provider = openauth0

  name     = "${each.key}-login"
  strategy = "google-oauth2"

  options = jsonencode(merge({
    client_id = each.value.client_id
    # Flags Auth0 turns into the scope it requests.
    set_user_root_attributes = "on_each_login"
    non_persistent_attrs     = ["ethnicity", "gender"]
  }, { for s in concat(["email", "profile"], var.extra_scopes) : s => true if contains(["email", "profile", "contacts", "blogger", "calendar", "gmail", "google_plus", "orkut", "picasa_web", "tasks", "youtube", "adsense_management", "google_affiliate_network", "analytics", "google_books", "google_cloud_storage", "content_api_for_shopping", "chrome_web_store", "document_list", "google_drive", "google_drive_files", "latitude_best", "latitude_city", "moderator", "sites", "spreadsheets", "url_shortener", "webmaster_tools", "coordinate", "coordinate_readonly"], s) }))
  secret_options = jsonencode({
    client_secret = each.value.client_secret
  })
}

resource "auth0_connection" "github" {
  for_each = { for k, v in var.connections : k => v if k == "github" }
  provider = openauth0

  name     = "${each.key}-login"
  strategy = "github"

  options = jsonencode({
    client_id = each.value.client_id
    email     = true /* what the app needs */
    read_org  = true
    read_user = true
  })
  secret_options = jsonencode({
    client_secret = each.value.client_secret
  })

  authentication = {
    active = true
  }
}

resource "auth0_connection_clients" "social" {
  for_each = merge(auth0_connection.google, auth0_connection.github)
  provider = openauth0

  connection_id   = each.value.id
  enabled_clients = [var.app_id]
}

output "ids" {
  value = { for k, c in merge(auth0_connection.google, auth0_connection.github) : k => c.id }
}

output "github_active" {
  value = auth0_connection.github["github"].authentication.active
}
