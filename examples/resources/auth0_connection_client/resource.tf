# One application enabled on one connection. Other applications enabled on
# the connection are left alone, so each team can enable its own. Do not
# also manage this connection with auth0_connection_clients, which disables
# every client it does not list.
resource "auth0_connection" "users" {
  name     = "Customers"
  strategy = "auth0"
}

resource "auth0_connection_client" "storefront" {
  connection_id = auth0_connection.users.id
  client_id     = "AaiyAPdpYdesoKnqjj8HJqRn4T5titww" # storefront (SPA)
}
