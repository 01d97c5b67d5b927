resource "auth0_connection" "passwordless_email" {
  provider = OURS
  strategy = "email"
  name     = "email"

  options = jsonencode({
    name = "email"
    email = {
      from    = "{{ application.name }} \u003croot@auth0.com\u003e"
      subject = "Welcome to {{ application.name }}"
      syntax  = "liquid"
      body    = "<html>This is the body of the email</html>"
    }
    disable_signup           = false
    brute_force_protection   = true
    set_user_root_attributes = "on_each_login"
    non_persistent_attrs     = []
    authParams = {
      scope         = "openid email profile offline_access"
      response_type = "code"
    }
    totp = { time_step = 300, length = 6 }
  })
}
