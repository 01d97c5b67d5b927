data "auth0_connection_scim_configuration" "okta" {
  connection_id = "con_a1B2c3D4e5F6g7H8"
}

# The SCIM attributes the configuration maps that its default does not.
output "custom_scim_attributes" {
  value = setsubtract(
    data.auth0_connection_scim_configuration.okta.mapping[*].scim,
    data.auth0_connection_scim_configuration.okta.default_mapping[*].scim,
  )
}
