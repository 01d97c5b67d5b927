# Start from the Google Workspace default mapping and add to it.
data "auth0_connection_directory_default_mapping" "workspace" {
  connection_id = "con_a1B2c3D4e5F6g7H8"
}

resource "auth0_connection_directory" "workspace" {
  connection_id = data.auth0_connection_directory_default_mapping.workspace.connection_id
  mapping = setunion(
    data.auth0_connection_directory_default_mapping.workspace.mapping,
    [{ auth0 = "app_metadata.cost_center", idp = "organizations" }],
  )
}
