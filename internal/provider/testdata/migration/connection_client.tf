resource "auth0_connection" "my_conn" {
  provider = OURS
  name     = "My-Auth0-Connection-2"
  strategy = "auth0"
}

resource "auth0_client" "my_client" {
  provider = OFFICIAL
  name     = "My-Auth0-Client"
}

resource "auth0_connection_client" "my_conn_client_assoc" {
  provider      = OURS
  connection_id = auth0_connection.my_conn.id
  client_id     = auth0_client.my_client.id
}
