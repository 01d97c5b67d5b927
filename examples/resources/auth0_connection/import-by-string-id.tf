# Adopt an existing connection by name (or by its con_… id). Run
# `terraform plan -generate-config-out=generated.tf` to have Terraform write
# the resource block; it plans clean.
import {
  to = auth0_connection.users
  id = "Username-Password-Authentication"
}
