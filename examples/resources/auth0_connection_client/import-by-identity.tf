# Adopt a client already enabled on a connection.
import {
  to = auth0_connection_client.storefront
  identity = {
    connection_id = "con_a1B2c3D4e5F6g7H8"
    client_id     = "AaiyAPdpYdesoKnqjj8HJqRn4T5titww"
  }
}
