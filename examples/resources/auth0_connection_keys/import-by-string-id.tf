# Adopt it by the connection's id (its next key; or "<connection id>::<kid>").
# `terraform plan -generate-config-out=generated.tf` writes `triggers = null`,
# which the next plan refuses since triggers is required (the API does not
# know them): write your triggers there. The apply records them and rotates
# nothing.
import {
  to = auth0_connection_keys.oidc
  id = "con_a1B2c3D4e5F6g7H8"
}
