variable "azure_client_secret" {
  type      = string
  sensitive = true
}

resource "auth0_connection" "azure_ad" {
  name     = "azure-ad"
  strategy = "waad"

  options = jsonencode({
    client_id      = "00000000-0000-0000-0000-000000000000"
    tenant_domain  = "example.onmicrosoft.com"
    domain         = "example.onmicrosoft.com"
    waad_protocol  = "openid-connect"
    domain_aliases = ["example.com"]
  })

  secret_options = jsonencode({
    client_secret = var.azure_client_secret
  })
}
