resource "auth0_connection" "azure_ad" {
  provider       = OURS
  name           = "connection-azure-ad"
  strategy       = "waad"
  show_as_button = true

  options = jsonencode({
    identity_api                           = "azure-active-directory-v1.0"
    client_id                              = "123456"
    strategy_version                       = 2
    userid_attribute                       = "oid"
    app_id                                 = "app-id-123"
    tenant_domain                          = "example.onmicrosoft.com"
    domain                                 = "example.onmicrosoft.com"
    domain_aliases                         = ["api.example.com", "example.com"]
    icon_url                               = "https://example.onmicrosoft.com/assets/logo.png"
    use_wsfed                              = false
    waad_protocol                          = "openid-connect"
    useCommonEndpoint                      = false
    max_groups_to_retrieve                 = "250"
    api_enable_users                       = true
    basic_profile                          = true
    ext_groups                             = true
    ext_profile                            = true
    should_trust_email_verified_connection = "never_set_emails_as_verified"
    non_persistent_attrs                   = ["ethnicity", "gender"]
  })
  secret_options = jsonencode({ client_secret = "123456" })
  upstream_params = {
    screen_name = { alias = "login_hint" }
  }
}
