# Every social connection, followed across all pages of the list.
data "auth0_connections" "social" {
  strategy = ["google-oauth2", "github", "apple"]
}

output "social_connection_ids" {
  value = { for c in data.auth0_connections.social.connections : c.name => c.id }
}

# One connection by exact name: an empty list when it does not exist.
data "auth0_connections" "users" {
  name = "Username-Password-Authentication"
}

# Metadata is an empty map when a connection has none, so lookup() is safe.
output "identity_team_connections" {
  value = [
    for c in data.auth0_connections.social.connections : c.name
    if lookup(c.metadata, "team", "") == "identity"
  ]
}
