data "auth0_connection" "users" {
  name = "Username-Password-Authentication"
}

output "users_connection_id" {
  value = data.auth0_connection.users.id
}

output "password_policy" {
  value = jsondecode(data.auth0_connection.users.options).passwordPolicy
}
