resource "auth0_connection" "my_connection" {
  provider             = OURS
  name                 = "Example-Connection"
  is_domain_connection = true
  strategy             = "auth0"
  metadata = {
    key1 = "foo"
    key2 = "bar"
  }

  options = jsonencode({
    passwordPolicy               = "excellent"
    brute_force_protection       = true
    strategy_version             = 2
    enabledDatabaseCustomization = true
    import_mode                  = false
    requires_username            = true
    disable_signup               = false
    customScripts = {
      get_user = <<EOF
        function getByEmail(email, callback) {
          return callback(new Error("Whoops!"));
        }
      EOF
    }
    password_history            = { enable = true, size = 3 }
    password_no_personal_info   = { enable = true }
    password_dictionary         = { enable = true, dictionary = ["1234", "admin", "password"] }
    password_complexity_options = { min_length = 12 }
    validation                  = { username = { min = 10, max = 40 } }
    mfa                         = { active = true, return_enroll_settings = true }
    authentication_methods = {
      passkey  = { enabled = true }
      password = { enabled = true }
    }
    passkey_options = {
      challenge_ui                   = "both"
      local_enrollment_enabled       = true
      progressive_enrollment_enabled = true
    }
  })
  secret_options = jsonencode({
    configuration = { foo = "bar", bar = "baz" }
  })
  upstream_params = {
    screen_name = { alias = "login_hint" }
  }
}
