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
	return strings.TrimPrefix(summaryLine(res, "next: "), "next: ")
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

// TestReportDeclaredAlready: the run that converts what an earlier run
// left (here a dynamic block the user then wrote out) finds openauth0/auth0
// declared already, and says so rather than "in 0 modules".
func TestReportDeclaredAlready(t *testing.T) {
	const src = `resource "auth0_connection" "db" {
  name     = "db"
  strategy = "auth0"
}

resource "auth0_connection" "oauth" {
  name     = "oauth"
  strategy = "oauth2"

  options {
    dynamic "custom_headers" {
      for_each = {}
      content {
        header = "a"
        value  = "b"
      }
    }
  }
}
`
	first := Convert([]File{{Path: "main.tf", Src: []byte(src)}}, Options{})
	if got, want := summaryLine(first, "openauth0/auth0 "), `openauth0/auth0 declared as "openauth0" in 1 module`; !strings.HasPrefix(got, want) {
		t.Fatalf("the first run: %q, want it to start %q", got, want)
	}
	out := string(first.Files[0].Out)
	start := strings.Index(out, "\n  options {\n    dynamic")
	end := strings.LastIndex(out, "\n  }\n}\n")
	if start < 0 || end < start {
		t.Fatalf("the first run left no dynamic block to write out:\n%s", out)
	}
	fixed := out[:start] + out[end+len("\n  }"):]
	second := Convert([]File{{Path: "main.tf", Src: []byte(fixed)}}, Options{})
	if second.Summary.Total() != 1 {
		t.Fatalf("the second run converted %d, want 1:\n%s", second.Summary.Total(), fixed)
	}
	if got, want := summaryLine(second, "openauth0/auth0 "), `openauth0/auth0 already declared as "openauth0"; `; !strings.HasPrefix(got, want) {
		t.Errorf("the second run: %q, want it to start %q", got, want)
	}
}

// summaryLine is the report's line that starts with prefix.
func summaryLine(res *Result, prefix string) string {
	var b bytes.Buffer
	res.WriteReport(&b, false)
	for _, line := range strings.Split(b.String(), "\n") {
		if strings.HasPrefix(line, prefix) {
			return line
		}
	}
	return ""
}

// A file the converter cannot read is reported with its line and left byte
// for byte, and the files beside it are still converted.
func TestUnreadableFileIsLeftAsItWas(t *testing.T) {
	const broken = "resource \"auth0_connection\" \"x\" {\n  name = \"x\"\n  options {\n"
	const good = "resource \"auth0_connection\" \"db\" {\n  name     = \"db\"\n  strategy = \"auth0\"\n}\n"
	res := Convert([]File{{Path: "broken.tf", Src: []byte(broken)}, {Path: "good.tf", Src: []byte(good)}}, Options{})
	if len(res.Findings) != 1 || res.Findings[0].File != "broken.tf" || res.Findings[0].Line == 0 ||
		!strings.HasPrefix(res.Findings[0].Message, "not valid HCL") || !res.HasErrors() {
		t.Fatalf("findings %v, want one error naming broken.tf and its line", res.Findings)
	}
	for _, f := range res.Files {
		switch f.Path {
		case "broken.tf":
			if f.Changed || string(f.Out) != broken {
				t.Errorf("broken.tf was rewritten:\n%s", f.Out)
			}
		case "good.tf":
			if !f.Changed || !strings.Contains(string(f.Out), "provider = openauth0") {
				t.Errorf("good.tf was not converted:\n%s", f.Out)
			}
		}
	}
}
