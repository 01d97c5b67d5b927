data "auth0_connection_directory" "workspace" {
  connection_id = "con_a1B2c3D4e5F6g7H8"
}

output "last_synchronization" {
  value = data.auth0_connection_directory.workspace.last_synchronization_status
}
