variable "google_client_secret" {
  type      = string
  sensitive = true
}

resource "auth0_connection" "google" {
  name     = "google"
  strategy = "google-oauth2"

  # The boolean flags choose the scopes; Auth0 derives options.scope from them.
  options = jsonencode({
    client_id = "1234567890-abc.apps.googleusercontent.com"
    email     = true
    profile   = true
  })

  # Secrets live apart from options and never show in plans.
  secret_options = jsonencode({
    client_secret = var.google_client_secret
  })
}

# Static and dynamic upstream parameters (passed to the identity provider).
resource "auth0_connection" "wordpress" {
  name     = "wordpress"
  strategy = "wordpress"

  upstream_params = {
    blog = { value = "myblog.wordpress.com" }
  }
}

resource "auth0_connection" "twitter" {
  name     = "twitter"
  strategy = "twitter"

  upstream_params = {
    screen_name = { alias = "login_hint" }
  }
}
