terraform {
  required_providers {
    auth0 = {
      source = "openauth0/auth0"
    }
  }
}

# Credentials usually come from the environment: AUTH0_DOMAIN, and
# AUTH0_API_TOKEN, or AUTH0_CLIENT_ID + AUTH0_CLIENT_SECRET, or AUTH0_CLIENT_ID +
# AUTH0_CLIENT_ASSERTION_PRIVATE_KEY + AUTH0_CLIENT_ASSERTION_SIGNING_ALG.
provider "auth0" {
  domain = "example.eu.auth0.com"

  # Stay well under the tenant's Management API limit; the provider also
  # slows down when the x-ratelimit-remaining header runs low.
  rate_limit     = 5
  max_retry_wait = "60s"
}
