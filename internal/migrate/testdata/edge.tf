# Less common shapes: a version-only requirement, an empty body, count with
# an aliased provider, an empty options block, a data source with for_each.

terraform {
  required_providers {
    auth0 = "~> 1.0"
  }
}

resource "auth0_connection_client" "empty" {}

resource "auth0_connection" "eu" {
  count    = 2
  provider = auth0.eu
  name     = "eu-${count.index}"
  strategy = "auth0"
  options {}
}

data "auth0_connection" "many" {
  for_each = toset(["a", "b"])
  name     = each.key
}

output "ids" {
  value = data.auth0_connection.many["a"].connection_id
}

output "active" {
  value = auth0_connection.eu[0].authentication[0].active
}
