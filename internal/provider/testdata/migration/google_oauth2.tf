resource "auth0_connection" "google_oauth2" {
  provider = OURS
  name     = "Google-OAuth2-Connection"
  strategy = "google-oauth2"

  options = jsonencode({
    client_id                = "<client-id>"
    allowed_audiences        = ["api.example.com", "example.com"]
    email                    = true
    profile                  = true
    gmail                    = true
    youtube                  = true
    set_user_root_attributes = "on_each_login"
    non_persistent_attrs     = ["ethnicity", "gender"]
  })
  secret_options = jsonencode({ client_secret = "<client-secret>" })
}
