package migrate

import (
	"strings"
	"testing"
)

// The entry added to required_providers is written like the auth0/auth0
// entry beside it: on one line when that one is.
func TestRequirementFollowsTheOfficialEntry(t *testing.T) {
	for name, tc := range map[string]struct{ official, want string }{
		"one line":   {`auth0 = { source = "auth0/auth0" }`, `openauth0 = { source = "openauth0/auth0" }`},
		"multi-line": {"auth0 = {\n      source = \"auth0/auth0\"\n    }", "openauth0 = {\n      source = \"openauth0/auth0\"\n    }"},
	} {
		src := "terraform {\n  required_providers {\n    " + tc.official + "\n  }\n}\n\nresource \"auth0_connection\" \"db\" {\n  name     = \"db\"\n  strategy = \"auth0\"\n}\n"
		out := string(Convert([]File{{Path: "main.tf", Src: []byte(src)}}, Options{}).Files[0].Out)
		if !strings.Contains(strings.Join(strings.Fields(out), " "), strings.Join(strings.Fields(tc.want), " ")) {
			t.Errorf("%s: the new entry is not %q:\n%s", name, tc.want, out)
		}
		if name == "one line" && !strings.Contains(out, tc.want) {
			t.Errorf("%s: not on one line:\n%s", name, out)
		}
	}
}
