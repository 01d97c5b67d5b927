resource "auth0_connection" "sms" {
  provider = OURS
  name     = "SMS-Connection"
  strategy = "sms"

  options = jsonencode({
    name                   = "SMS OTP"
    twilio_sid             = "<twilio-sid>"
    from                   = "<phone-number>"
    syntax                 = "md_with_macros"
    template               = "Your one-time password is @@password@@"
    messaging_service_sid  = "<messaging-service-sid>"
    disable_signup         = false
    brute_force_protection = true
    forward_req_info       = true
    totp                   = { time_step = 300, length = 6 }
    provider               = "sms_gateway"
    gateway_url            = "https://somewhere.com/sms-gateway"
    gateway_authentication = {
      method                = "bearer"
      subject               = "test.us.auth0.com:sms"
      audience              = "https://somewhere.com/sms-gateway"
      secret_base64_encoded = false
    }
  })
  secret_options = jsonencode({
    twilio_token           = "<twilio-token>"
    gateway_authentication = { secret = "4e2680bb72ec2ae24836476dd37ed6c2" }
  })
}

resource "auth0_connection" "sms_custom" {
  provider             = OURS
  name                 = "custom-sms-gateway"
  is_domain_connection = false
  strategy             = "sms"

  options = jsonencode({
    disable_signup         = false
    name                   = "sms"
    from                   = "+15555555555"
    syntax                 = "md_with_macros"
    template               = "@@password@@"
    brute_force_protection = true
    provider               = "sms_gateway"
    gateway_url            = "https://somewhere.com/sms-gateway"
    forward_req_info       = true
    totp                   = { time_step = 300, length = 6 }
    gateway_authentication = {
      method                = "bearer"
      subject               = "test.us.auth0.com:sms"
      audience              = "https://somewhere.com/sms-gateway"
      secret_base64_encoded = false
    }
  })
  secret_options = jsonencode({
    gateway_authentication = { secret = "4e2680bb74ec2ae24736476dd37ed6c2" }
  })
}
