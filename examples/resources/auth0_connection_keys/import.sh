# Import by the connection's id (the connection's next key), or by
# "<connection id>::<kid>" for a given key. The first triggers written after
# an import are recorded without a rotation.
terraform import auth0_connection_keys.oidc con_a1B2c3D4e5F6g7H8
