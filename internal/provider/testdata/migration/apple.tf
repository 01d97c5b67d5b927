resource "auth0_connection" "apple" {
  provider = OURS
  name     = "Apple-Connection"
  strategy = "apple"

  options = jsonencode({
    client_id                = "<client-id>"
    team_id                  = "<team-id>"
    kid                      = "<key-id>"
    email                    = true
    name                     = true
    set_user_root_attributes = "on_first_login"
    non_persistent_attrs     = ["ethnicity", "gender"]
  })
  secret_options = jsonencode({
    app_secret = "-----BEGIN PRIVATE KEY-----\nMIHBAgEAMA0GCSqGSIb3DQEBAQUABIGsMIGpAgEAA\n-----END PRIVATE KEY-----"
  })
}
