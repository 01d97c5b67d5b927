resource "auth0_connection" "samlp" {
  provider = OURS
  name     = "SAML-Connection"
  strategy = "samlp"

  options = jsonencode({
    debug                           = false
    signingCert                     = "-----BEGIN CERTIFICATE-----\nMIIDETCCAfmgAwIBAgIUPVBlPtd4IPySNxDtMJqT6yI4M3EwDQYJKoZIhvcNAQEL\nBQAwGDEWMBQGA1UEAwwNc2FtbC5wcm92aWRlcjAeFw0yNjEyMDEwNzAzNDlaFw0z\nNjExMjgwNzAzNDlaMBgxFjAUBgNVBAMMDXNhbWwucHJvdmlkZXIwggEiMA0GCSqG\nSIb3DQEBAQUAA4IBDwAwggEKAoIBAQDgR486Y0FlysGVTA9VSRdBZhKZWoqsErMo\nJywNR3fWVOa7xQwvAgWKVU7BfMS5REvy3xd+VFw0B4RmFUJjg+Bp/gs38hY9D3ip\ndlBYxY65U8OXz5OWSdlBBQ7fqt8JOC+0opgjuGWUrVIhPOXUWNsfw0HGKdirmDj8\nKWggF0yIm3eV24dDsbPC3x8xBp0p731KxpdMr+0LgK93tKZlRAR6VcoSd9Q2EvdR\nBSRaQfnlcnZTbyw09zbFOiiIl6Raa/vLpfdDWKJZ+0/mxXUup4o4KSaBG+Xo8WKK\n+XjUSqOtxWT8MVSaMmYQwsKsquo84YO5/RUhI1ZWok2cM38ktUstAgMBAAGjUzBR\nMB0GA1UdDgQWBBRwlbJNLt5pMnzZy5n9RlZFURFngDAfBgNVHSMEGDAWgBRwlbJN\nLt5pMnzZy5n9RlZFURFngDAPBgNVHRMBAf8EBTADAQH/MA0GCSqGSIb3DQEBCwUA\nA4IBAQAur8UqkPysZclxagIgHwmBB5la2Wni+0gzNkhGUhu6knYBclvLa8FtfkTr\n+pQXImIn3W527aEfp2tPxEzztWNiwUkeegaYvNXi2L8rkujq9HqQVkRcGrT0PR4S\nWrLN+yTAXQgG/LDZ3XiZrWB+2IQL1Qx0ApNg5vjoPzqz24ZTW76BfY69ltRhd7L+\nSR2X1/gbIEx9ZesGGut6Mf+nCHetOdvexbyWNfQMaN921R7RW06zTsSeKhP5C9BB\nUW8Uj1Iix4Twevusz43tpG6l6yrKblPVaUGj3MvBk7ewIoH2KhWpSi7NnsprtiJh\nEn67BqXpERR0N+grFspnM19iHTQ+\n-----END CERTIFICATE-----"
    signInEndpoint                  = "https://saml.provider/sign_in"
    signOutEndpoint                 = "https://saml.provider/sign_out"
    global_token_revocation_jwt_iss = "issuer.example.com"
    global_token_revocation_jwt_sub = "user123"
    destinationUrl                  = "https://example.com/saml/destination"
    recipientUrl                    = "https://example.com/saml/recipient"
    disableSignout                  = true
    strategy_version                = 2
    tenant_domain                   = "example.com"
    domain_aliases                  = ["alias.example.com", "example.com"]
    protocolBinding                 = "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST"
    requestTemplate                 = "<samlp:AuthnRequest xmlns:samlp=\"urn:oasis:names:tc:SAML:2.0:protocol\"\n@@AssertServiceURLAndDestination@@\n    ID=\"@@ID@@\"\n    IssueInstant=\"@@IssueInstant@@\"\n    ProtocolBinding=\"@@ProtocolBinding@@\" Version=\"2.0\">\n    <saml:Issuer xmlns:saml=\"urn:oasis:names:tc:SAML:2.0:assertion\">@@Issuer@@</saml:Issuer>\n</samlp:AuthnRequest>"
    user_id_attribute               = "https://saml.provider/imi/ns/identity-200810"
    signatureAlgorithm              = "rsa-sha256"
    digestAlgorithm                 = "sha256"
    icon_url                        = "https://saml.provider/assets/logo.png"
    entityId                        = "<entity_id>"
    metadataXml                     = <<EOF
    <?xml version="1.0"?>
    <md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" xmlns:ds="http://www.w3.org/2000/09/xmldsig#" entityID="https://example.com">
      <md:IDPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">
        <md:SingleLogoutService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect" Location="https://saml.provider/sign_out"/>
        <md:SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect" Location="https://saml.provider/sign_in"/>
      </md:IDPSSODescriptor>
    </md:EntityDescriptor>
    EOF

    fieldsMap = {
      name        = ["name", "nameidentifier"]
      email       = ["emailaddress", "nameidentifier"]
      family_name = "surname"
    }
    signing_key = {
      cert = "-----BEGIN CERTIFICATE-----\n...{your public key cert here}...\n-----END CERTIFICATE-----"
    }
    decryptionKey = {
      cert = "-----BEGIN CERTIFICATE-----\n...{your public key cert here}...\n-----END CERTIFICATE-----"
    }
    idpinitiated = {
      client_id             = "client_id"
      client_protocol       = "samlp"
      client_authorizequery = "type=code&timeout=30"
    }
  })
  secret_options = jsonencode({
    signing_key   = { key = "-----BEGIN PRIVATE KEY-----\n...{your private key here}...\n-----END PRIVATE KEY-----" }
    decryptionKey = { key = "-----BEGIN PRIVATE KEY-----\n...{your private key here}...\n-----END PRIVATE KEY-----" }
  })
}
