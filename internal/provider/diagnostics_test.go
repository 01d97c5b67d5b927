package provider

import (
	"errors"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/diag"
)

// The gone warnings name what left the state and what the next apply does;
// an item missing from a listing (no error) reads as cleanly as a 404.
func TestGoneWarnings(t *testing.T) {
	tests := map[string]struct {
		got     diag.Diagnostic
		summary string
		detail  []string
	}{
		"sub-resource with the API's answer": {
			got:     goneDiagnostic("SCIM configuration", "con_1", errors.New("404 gone")),
			summary: "SCIM configuration no longer exists",
			detail:  []string{"The SCIM configuration of connection con_1 was not found (404 gone);", "The next apply creates it again."},
		},
		"token missing from the listing": {
			got:     goneDiagnostic("SCIM token tok_1", "con_1", nil),
			summary: "SCIM token tok_1 no longer exists",
			detail:  []string{"The SCIM token tok_1 of connection con_1 was not found;"},
		},
		"enabled clients of a deleted connection": {
			got:     connectionGoneDiagnostic("con_1", "its enabled clients are", "enables them again"),
			summary: "Connection no longer exists",
			detail:  []string{"Connection con_1 was not found", "so its enabled clients are removed from the state.", "The next apply enables them again."},
		},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			if tc.got.Severity() != diag.SeverityWarning || tc.got.Summary() != tc.summary {
				t.Errorf("%v %q, want a warning %q", tc.got.Severity(), tc.got.Summary(), tc.summary)
			}
			for _, want := range tc.detail {
				if !strings.Contains(tc.got.Detail(), want) {
					t.Errorf("detail %q lacks %q", tc.got.Detail(), want)
				}
			}
		})
	}
}
