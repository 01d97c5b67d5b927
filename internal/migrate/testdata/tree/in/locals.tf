locals {
  # One social connection per identity provider.
  social = {
    google = {
      client_id     = "google-client-id"
      client_secret = "google-client-secret"
    }
    github = {
      client_id     = "github-client-id"
      client_secret = "github-client-secret"
    }
  }
}
