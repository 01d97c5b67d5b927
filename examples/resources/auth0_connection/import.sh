# Import by connection id:
terraform import auth0_connection.users con_a1B2c3D4e5F6g7H8

# or by name:
terraform import auth0_connection.users Username-Password-Authentication
