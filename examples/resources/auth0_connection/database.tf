resource "auth0_connection" "database" {
  name     = "customers-db"
  strategy = "auth0"

  options = jsonencode({
    passwordPolicy         = "excellent"
    brute_force_protection = true
    disable_signup         = false
    requires_username      = false
    password_complexity_options = {
      min_length = 12
    }
    mfa = {
      active = true
    }
  })
}
