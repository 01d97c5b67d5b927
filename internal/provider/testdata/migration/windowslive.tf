resource "auth0_connection" "windowslive" {
  provider = OURS
  name     = "Windowslive-Connection"
  strategy = "windowslive"

  options = jsonencode({
    client_id                = "<client-id>"
    strategy_version         = 2
    signin                   = true
    graph_user               = true
    set_user_root_attributes = "on_first_login"
    non_persistent_attrs     = ["ethnicity", "gender"]
  })
  secret_options = jsonencode({ client_secret = "<client-secret>" })
}
