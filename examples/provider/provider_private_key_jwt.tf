# Private Key JWT: the application's credential in Auth0 holds the public
# key; the private key never leaves this machine or your CI's secret store.
provider "auth0" {
  domain                       = "example.eu.auth0.com"
  client_id                    = "pYc7vLk0dQ2sE8uJ3tHf9wXaB4nM6rZo"
  client_assertion_private_key = file("${path.module}/private.pem")
  client_assertion_signing_alg = "RS256"
}
