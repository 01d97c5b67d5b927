data "auth0_connection_directory_synchronized_groups" "workspace" {
  connection_id = "con_a1B2c3D4e5F6g7H8"
}

output "synchronized_groups" {
  value = data.auth0_connection_directory_synchronized_groups.workspace.group_ids
}
