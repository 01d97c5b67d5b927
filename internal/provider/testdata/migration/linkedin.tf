resource "auth0_connection" "linkedin" {
  provider = OURS
  name     = "Linkedin-Connection"
  strategy = "linkedin"

  options = jsonencode({
    client_id                = "<client-id>"
    strategy_version         = 2
    basic_profile            = true
    profile                  = true
    email                    = true
    set_user_root_attributes = "on_each_login"
    non_persistent_attrs     = ["ethnicity", "gender"]
  })
  secret_options = jsonencode({ client_secret = "<client-secret>" })
}
