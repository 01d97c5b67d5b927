data "auth0_connection_keys" "oidc" {
  connection_id = "con_a1B2c3D4e5F6g7H8"
}

# The certificate the identity provider needs before the next rotation.
output "next_certificate" {
  value = one([for k in data.auth0_connection_keys.oidc.keys : k.cert if k.next])
}
