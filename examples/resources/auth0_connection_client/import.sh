# Import by the connection's id and the client's id, joined by "::".
terraform import auth0_connection_client.storefront con_a1B2c3D4e5F6g7H8::AaiyAPdpYdesoKnqjj8HJqRn4T5titww
