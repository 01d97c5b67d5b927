resource "auth0_connection" "google_apps" {
  provider             = OURS
  name                 = "connection-google-apps"
  is_domain_connection = false
  strategy             = "google-apps"
  show_as_button       = false

  options = jsonencode({
    client_id            = ""
    domain               = "example.com"
    tenant_domain        = "example.com"
    domain_aliases       = ["api.example.com", "example.com"]
    api_enable_users     = true
    ext_profile          = true
    ext_groups           = true
    icon_url             = "https://example.com/assets/logo.png"
    non_persistent_attrs = ["ethnicity", "gender"]
  })
  secret_options = jsonencode({ client_secret = "" })
  upstream_params = {
    screen_name = { alias = "login_hint" }
  }
}
