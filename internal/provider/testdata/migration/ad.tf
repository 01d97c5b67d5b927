resource "auth0_connection" "ad" {
  provider       = OURS
  name           = "connection-active-directory"
  display_name   = "Active Directory Connection"
  strategy       = "ad"
  show_as_button = true

  # set_user_root_attributes = "on_each_login" is the default the official
  # provider leaves out for this strategy.
  options = jsonencode({
    disable_self_service_change_password = true
    brute_force_protection               = true
    tenant_domain                        = "example.com"
    strategy_version                     = 2
    icon_url                             = "https://example.com/assets/logo.png"
    domain_aliases                       = ["api.example.com", "example.com"]
    ips                                  = ["192.168.1.1", "192.168.1.2"]
    non_persistent_attrs                 = ["ethnicity", "gender"]
    certAuth                             = false
    kerberos                             = false
    disable_cache                        = false
  })
  upstream_params = {
    screen_name = { alias = "login_hint" }
  }
}
