resource "auth0_connection" "oauth2" {
  provider = OURS
  name     = "OAuth2-Connection"
  strategy = "oauth2"

  options = jsonencode({
    client_id        = "<client-id>"
    strategy_version = 2
    scope            = ["basic_profile", "email", "profile"]
    tokenURL         = "https://auth.example.com/oauth2/token"
    authorizationURL = "https://auth.example.com/oauth2/authorize"
    pkce_enabled     = true
    icon_url         = "https://auth.example.com/assets/logo.png"
    customHeaders = {
      bar = "foo"
      foo = "bar"
    }
    scripts = {
      fetchUserProfile = <<EOF
        function fetchUserProfile(accessToken, context, callback) {
          return callback(new Error("Whoops!"));
        }
      EOF
    }
    set_user_root_attributes = "on_each_login"
    non_persistent_attrs     = ["ethnicity", "gender"]
  })
  secret_options = jsonencode({ client_secret = "<client-secret>" })
}
