package main

import (
	"fmt"
	"strings"
)

// The workload is the same for both providers: n GitHub connections named
// <prefix>bench-0000…, each with a client id that the "update options" step
// changes (var.rev), a client secret, two scopes and a display name that the
// "update display_name" step changes (var.dn). Each provider writes it in its
// own schema; the requests they make for it are the same work.

// header is the terraform block for source, the provider at its default
// settings and the variables.
func header(source string) string {
	return fmt.Sprintf(`terraform {
  required_providers {
    auth0 = { source = %q }
  }
}

provider "auth0" {}

variable "rev" {
  type    = number
  default = 0
}

variable "dn" {
  type    = number
  default = 0
}
`, source)
}

// connections is the workload's resource: what both providers write the
// same way, then body, the client id, secret and scopes in the provider's
// own schema.
func connections(source string, n int, prefix, body string) string {
	return header(source) + fmt.Sprintf(`
resource "auth0_connection" "github" {
  for_each     = toset([%s])
  name         = "%sbench-${each.key}"
  strategy     = "github"
  display_name = "Bench ${each.key} d${var.dn}"
%s}
`, instanceKeys(n), prefix, body)
}

// oursConfig is the workload for this provider.
func oursConfig(n int, prefix string) string {
	return connections("openauth0/auth0", n, prefix, `  options = jsonencode({
    client_id = "gh-${each.key}-r${var.rev}"
    email     = true
    read_user = true
  })
  secret_options = jsonencode({
    client_secret = "github-secret-${each.key}"
  })
`)
}

// officialConfig is the workload for auth0/auth0: its scopes become the
// same boolean options.
func officialConfig(n int, prefix string) string {
	return connections("auth0/auth0", n, prefix, `
  options {
    client_id     = "gh-${each.key}-r${var.rev}"
    client_secret = "github-secret-${each.key}"
    scopes        = ["email", "read_user"]
  }
`)
}

// instanceKeys is the for_each set: "0000", "0001", … quoted.
func instanceKeys(n int) string {
	keys := make([]string, n)
	for i := range keys {
		keys[i] = fmt.Sprintf("%q", fmt.Sprintf("%04d", i))
	}
	return strings.Join(keys, ", ")
}
