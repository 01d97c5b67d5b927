package migrate

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/openauth0/terraform-provider-auth0/internal/options"
	"github.com/openauth0/terraform-provider-auth0/internal/shared"
)

// exampleNotes are the notes an official example is expected to produce:
// what auth0/auth0 itself never sent. salesforce.tf asks for the scopes
// openid and email, which the official provider silently drops for
// salesforce (it knows only profile), so they are left out and said so.
var exampleNotes = map[string]int{"salesforce.tf": 1}

// TestOfficialExamplesConvert converts each of the official provider's
// published examples on its own: no error, only the expected notes, a
// result that evaluates to options this provider's own validation accepts
// (secrets in secret_options), and a second run that changes nothing.
func TestOfficialExamplesConvert(t *testing.T) {
	examples, err := filepath.Glob(filepath.Join(shared.Path(t, "official-provider/examples"), "*.tf"))
	if err != nil {
		t.Fatal(err)
	}
	if len(examples) != 20 {
		t.Fatalf("%d official examples, want 20", len(examples))
	}
	for _, path := range examples {
		name := filepath.Base(path)
		t.Run(strings.TrimSuffix(name, ".tf"), func(t *testing.T) {
			src, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			res := Convert([]File{{Path: name, Src: src}}, Options{})
			notes := 0
			for _, f := range res.Findings {
				if f.Severity == Error {
					t.Errorf("reported: %s", f)
				} else {
					notes++
					t.Logf("note: %s", f)
				}
			}
			if notes != exampleNotes[name] {
				t.Errorf("%d notes, want %d", notes, exampleNotes[name])
			}
			want := strings.Count(string(src), `resource "auth0_connection" "`)
			conns := evalConnections(t, res.Files[0].Out)
			if len(conns) != want {
				t.Fatalf("%d connections after conversion, want %d:\n%s", len(conns), want, res.Files[0].Out)
			}
			for addr, c := range conns {
				for _, p := range options.Validate(c.Strategy, c.Options) {
					if p.Severity == options.Error {
						t.Errorf("%s: options: %s", addr, p)
					}
				}
				for _, p := range options.ValidateSecrets(c.Strategy, c.Secrets) {
					if p.Severity == options.Error {
						t.Errorf("%s: secret_options: %s", addr, p)
					}
				}
			}
			assertIdempotent(t, []File{{Path: name, Src: res.Files[0].Out}}, Options{})
		})
	}
}
