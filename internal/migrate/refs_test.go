package migrate

import (
	"slices"
	"testing"
)

// TestReferenceFindings converts a counted connection and one reference to
// it: the report must name the reference with its index and suggest a
// replacement that keeps it, and a reference already written the way the
// report suggests must not be reported again (users fix references after
// auth0-migrate --check, before the run that converts the resource).
func TestReferenceFindings(t *testing.T) {
	const connection = `resource "auth0_connection" "db" {
  count    = 2
  name     = "db-${count.index}"
  strategy = "auth0"

  options {
    password_policy = "good"
    configuration   = { api_key = "shh" }
  }
}
`
	tests := []struct {
		name, ref string
		want      []string // the findings, as the report prints them
	}{
		{"an options attribute of a counted connection", `auth0_connection.db[0].options[0].password_policy`, []string{
			"main.tf:13: error: auth0_connection.db[0].options[0].password_policy: reads the options block; options is one JSON string in openauth0/auth0\n" +
				"    → use jsondecode(auth0_connection.db[0].options).passwordPolicy (it holds the keys this configuration writes)",
		}},
		{"a secret of a connection indexed by an expression", `auth0_connection.db[var.i].options[0].configuration`, []string{
			"main.tf:13: error: auth0_connection.db[var.i].options[0].configuration: reads the options block; options is one JSON string in openauth0/auth0\n" +
				"    → use jsondecode(auth0_connection.db[var.i].secret_options).configuration (it holds the keys this configuration writes)",
		}},
		{"the whole options block", `auth0_connection.db[1].options`, []string{
			"main.tf:13: error: auth0_connection.db[1].options: reads the options block; options is one JSON string in openauth0/auth0\n" +
				"    → use jsondecode(auth0_connection.db[1].options).KEY with Auth0's key name (secrets: secret_options)",
		}},
		{"a single block other than its first", `auth0_connection.db[0].authentication[1].active`, []string{
			"main.tf:13: error: auth0_connection.db[0].authentication: is one object in openauth0/auth0, not a list of blocks\n" +
				"    → refer to auth0_connection.db[0].authentication.ATTRIBUTE",
		}},
		{"options already read as the report suggests", `jsondecode(auth0_connection.db[0].options).passwordPolicy`, nil},
		{"options already read with lookup", `lookup(jsondecode(auth0_connection.db[0].options), "passwordPolicy", null)`, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src := connection + "\noutput \"x\" {\n  value = " + tt.ref + "\n}\n"
			res := Convert([]File{{Path: "main.tf", Src: []byte(src)}}, Options{})
			var got []string
			for _, f := range res.Findings {
				got = append(got, f.String())
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("findings:\n%q\nwant:\n%q", got, tt.want)
			}
		})
	}
}
