# The applications that may log in with a connection. The list is
# authoritative: after apply exactly these clients are enabled on it, and a
# client enabled in the dashboard shows up as drift in the next plan.
resource "auth0_connection" "users" {
  name     = "Customers"
  strategy = "auth0"
}

resource "auth0_connection_clients" "users" {
  connection_id = auth0_connection.users.id
  enabled_clients = [
    "AaiyAPdpYdesoKnqjj8HJqRn4T5titww", # storefront (SPA)
    "0ZLGKf9lnlk5UPwHXUwhDRXGZa6Zv9hM", # mobile app
  ]
}
