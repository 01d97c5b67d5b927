resource "auth0_connection" "facebook" {
  provider = OURS
  name     = "Facebook-Connection"
  strategy = "facebook"

  options = jsonencode({
    client_id                 = "<client-id>"
    public_profile            = true
    email                     = true
    groups_access_member_info = true
    user_birthday             = true
    set_user_root_attributes  = "on_each_login"
    non_persistent_attrs      = ["ethnicity", "gender"]
  })
  secret_options = jsonencode({ client_secret = "<client-secret>" })
}
