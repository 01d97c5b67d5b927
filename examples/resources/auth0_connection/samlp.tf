variable "idp_signing_cert" {
  description = "The identity provider's signing certificate (PEM), for example file(\"idp-signing.pem\")."
  type        = string
}

resource "auth0_connection" "saml" {
  name           = "corporate-saml"
  strategy       = "samlp"
  show_as_button = true

  # Auth0 derives cert, expires, subject and thumbprints from signingCert.
  options = jsonencode({
    signInEndpoint     = "https://idp.corp.example/saml/sso"
    signOutEndpoint    = "https://idp.corp.example/saml/slo"
    signingCert        = var.idp_signing_cert
    signatureAlgorithm = "rsa-sha256"
    digestAlgorithm    = "sha256"
    domain_aliases     = ["corp.example"]
  })
}
