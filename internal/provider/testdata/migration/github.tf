resource "auth0_connection" "github" {
  provider = OURS
  name     = "GitHub-Connection"
  strategy = "github"

  options = jsonencode({
    client_id                = "<client-id>"
    email                    = true
    profile                  = true
    public_repo              = true
    repo                     = true
    set_user_root_attributes = "on_each_login"
    non_persistent_attrs     = ["ethnicity", "gender"]
  })
  secret_options = jsonencode({ client_secret = "<client-secret>" })
}
