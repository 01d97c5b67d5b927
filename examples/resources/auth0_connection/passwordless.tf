variable "twilio_token" {
  type      = string
  sensitive = true
}

resource "auth0_connection" "sms" {
  name     = "sms"
  strategy = "sms"

  options = jsonencode({
    from       = "+15550100"
    syntax     = "md_with_macros"
    template   = "Your verification code is @@password@@"
    twilio_sid = "AC0123456789abcdef0123456789abcdef"
    totp = {
      time_step = 300
      length    = 6
    }
  })

  secret_options = jsonencode({
    twilio_token = var.twilio_token
  })
}

resource "auth0_connection" "email" {
  name     = "email"
  strategy = "email"

  # The message settings are nested under `email`.
  options = jsonencode({
    name = "Email code"
    email = {
      from    = "{{ application.name }} <noreply@example.com>"
      subject = "Your sign-in code"
      syntax  = "liquid"
      body    = "<html><body>Your code is {{ code }}</body></html>"
    }
    totp = {
      time_step = 300
      length    = 6
    }
  })
}
