package migrate

import (
	"bytes"
	"strings"
	"testing"
)

// TestReportNext follows the report's last line through the runs a user
// makes: an error in a reference alone still converts every connection, so
// the run after the fix has nothing left to convert, but the switch still
// needs terraform init and terraform plan.
func TestReportNext(t *testing.T) {
	const connection = `resource "auth0_connection" "db" {
  name     = "db"
  strategy = "auth0"

  options {
    password_policy = "good"
  }
}
`
	const readsOptions = "output \"policy\" {\n  value = auth0_connection.db.options[0].password_policy\n}\n"
	const decodesOptions = "output \"policy\" {\n  value = jsondecode(auth0_connection.db.options).passwordPolicy\n}\n"
	const fixNext = "fix what the errors name (it is left as written) and run auth0-migrate again; what is converted stays as it is"

	first := Convert([]File{{Path: "main.tf", Src: []byte(connection + readsOptions)}}, Options{})
	if got := nextLine(first); got != fixNext {
		t.Fatalf("the first run, with an error: next: %q, want %q", got, fixNext)
	}
	fixed := strings.Replace(string(first.Files[0].Out), "auth0_connection.db.options[0].password_policy", "jsondecode(auth0_connection.db.options).passwordPolicy", 1)
	if !strings.Contains(fixed, decodesOptions) {
		t.Fatalf("the first run rewrote the reference:\n%s", first.Files[0].Out)
	}
	second := Convert([]File{{Path: "main.tf", Src: []byte(fixed)}}, Options{})
	if second.Summary.Total() != 0 || second.Summary.Already != 1 {
		t.Fatalf("the second run converted %d and found %d already converted, want 0 and 1", second.Summary.Total(), second.Summary.Already)
	}
	if got := nextLine(second); !strings.Contains(got, "terraform init, then terraform plan") {
		t.Errorf("the run after the fix: next: %q, want it to say %q", got, "terraform init, then terraform plan")
	}

	none := Convert([]File{{Path: "main.tf", Src: []byte("resource \"auth0_client\" \"app\" {\n  name = \"app\"\n}\n")}}, Options{})
	if got := nextLine(none); got != "nothing" {
		t.Errorf("a configuration without connections: next: %q, want nothing", got)
	}
}

// nextLine is what the report says to run next.
func nextLine(res *Result) string {
	var b bytes.Buffer
	res.WriteReport(&b, false)
	for _, line := range strings.Split(b.String(), "\n") {
		if next, ok := strings.CutPrefix(line, "next: "); ok {
			return next
		}
	}
	return ""
}

// TestReportNeverQuotesASecret: a literal secret of the wrong type is
// reported without its value, while other values are still quoted.
func TestReportNeverQuotesASecret(t *testing.T) {
	const src = `resource "auth0_connection" "google" {
  name     = "google"
  strategy = "google-oauth2"

  options {
    client_id     = ["visible-client-id"]
    client_secret = ["secret-in-a-list"]
  }
}

resource "auth0_connection" "db" {
  name     = "db"
  strategy = "auth0"

  options {
    configuration = "secret-not-a-map"
  }
}
`
	var b bytes.Buffer
	Convert([]File{{Path: "main.tf", Src: []byte(src)}}, Options{}).WriteReport(&b, false)
	report := b.String()
	for _, secret := range []string{"secret-in-a-list", "secret-not-a-map"} {
		if strings.Contains(report, secret) {
			t.Errorf("the report quotes %q:\n%s", secret, report)
		}
	}
	for _, want := range []string{"options.client_secret: the value (not shown: it is a secret) is not a string", `options.client_id: ["visible-client-id"] is not a string`, "options.configuration: the value (not shown: it is a secret) is not a map"} {
		if !strings.Contains(report, want) {
			t.Errorf("the report lacks %q:\n%s", want, report)
		}
	}
}
