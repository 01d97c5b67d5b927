resource "auth0_connection_directory" "workspace" {
  connection_id      = "con_a1B2c3D4e5F6g7H8" # a google-apps connection
  synchronize_groups = "selected"
}

# The groups a directory provisioning with synchronize_groups = "selected"
# synchronizes. The set is authoritative for the connection.
resource "auth0_connection_directory_synchronized_groups" "workspace" {
  connection_id = auth0_connection_directory.workspace.connection_id
  group_ids = [
    "03x8tuzt3hqdv5v", # engineering
    "01ci93xb3tmzyin", # support
  ]
}
