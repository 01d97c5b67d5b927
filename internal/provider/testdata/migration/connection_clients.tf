resource "auth0_connection" "my_conn" {
  provider = OURS
  name     = "My-Auth0-Connection"
  strategy = "auth0"
}

resource "auth0_client" "my_first_client" {
  provider = OFFICIAL
  name     = "My-First-Auth0-Client"
}

resource "auth0_client" "my_second_client" {
  provider = OFFICIAL
  name     = "My-Second-Auth0-Client"
}

resource "auth0_connection_clients" "my_conn_clients_assoc" {
  provider      = OURS
  connection_id = auth0_connection.my_conn.id
  enabled_clients = [
    auth0_client.my_first_client.id,
    auth0_client.my_second_client.id
  ]
}
