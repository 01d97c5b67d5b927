resource "auth0_connection" "salesforce" {
  provider = OURS
  name     = "Salesforce-Connection"
  strategy = "salesforce"

  # scopes = ["openid", "email"]: salesforce has only the profile flag, so
  # the official provider sent none of them.
  options = jsonencode({
    client_id                = "<client-id>"
    community_base_url       = "https://salesforce.example.com"
    set_user_root_attributes = "on_first_login"
    non_persistent_attrs     = ["ethnicity", "gender"]
  })
  secret_options = jsonencode({ client_secret = "<client-secret>" })
}
