# A database connection. Only the options written here are managed: keys set
# in the dashboard or defaulted by Auth0 are kept on every apply.
resource "auth0_connection" "users" {
  name         = "Username-Password-Authentication"
  strategy     = "auth0"
  display_name = "Customers"

  options = jsonencode({
    passwordPolicy         = "good"
    brute_force_protection = true
    password_history = {
      enable = true
      size   = 5
    }
  })

  metadata = {
    team = "identity"
  }
}
