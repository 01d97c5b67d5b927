package provider

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/openauth0/terraform-provider-auth0/internal/client"
	"github.com/openauth0/terraform-provider-auth0/internal/options"
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

// A key written as null that the API answers with again gets one warning per
// attribute, naming the key and what to write instead; one the server
// really deleted, or stores as null, gets none.
func TestRestoredNullsWarning(t *testing.T) {
	tree := func(s string) options.Object {
		o, err := options.Parse(s)
		if err != nil {
			t.Fatal(err)
		}
		return o
	}
	managed := managedTree{
		public: tree(`{"passwordPolicy":null,"attribute_map":{"mapping_mode":null},"gone":null,"ips":null}`),
		secret: tree(`{"client_secret":"s"}`),
	}
	answered := &client.Connection{Options: json.RawMessage(
		`{"passwordPolicy":"good","attribute_map":{"mapping_mode":"bind_all"},"ips":null,"client_secret":"s"}`)}
	var diags diag.Diagnostics
	warnRestoredNulls(managed, answered, &diags)
	if len(diags) != 1 || diags[0].Severity() != diag.SeverityWarning {
		t.Fatalf("want one warning, got %v", diags)
	}
	for _, want := range []string{
		"writes options.attribute_map.mapping_mode, options.passwordPolicy as null",
		"every plan will show them as a change", "Write the value you want instead of null",
	} {
		if !strings.Contains(diags[0].Detail(), want) {
			t.Errorf("detail lacks %q:\n%s", want, diags[0].Detail())
		}
	}
	if strings.Contains(diags[0].Detail(), "bind_all") || strings.Contains(diags[0].Detail(), "gone") {
		t.Errorf("the detail names a value, or a key that was deleted:\n%s", diags[0].Detail())
	}

	diags = nil
	warnRestoredNulls(managedTree{public: tree(`{"gone":null}`)}, &client.Connection{Options: json.RawMessage(`{}`)}, &diags)
	warnRestoredNulls(managedTree{public: tree(`{"gone":null}`)}, &client.Connection{}, &diags)
	if len(diags) != 0 {
		t.Fatalf("no key came back, yet: %v", diags)
	}
}

// A key the apply deleted, because the configuration stopped writing it,
// that the API answers with again gets a warning naming it, unless the
// strategy's rules foresaw it (the plan warned then); values never show.
func TestRestoredDeletionsWarning(t *testing.T) {
	answered := &client.Connection{Options: json.RawMessage(
		`{"follow":true,"client_secret":"s3cr3t-value","brute_force_protection":true}`)}
	deleted := []namedPaths{
		{"options", []options.Path{{"follow"}, {"gist"}}},
		{"secret_options", []options.Path{{"client_secret"}}},
	}
	var diags diag.Diagnostics
	warnRestoredDeletions(deleted, "github", answered, &diags)
	if len(diags) != 2 || diags[0].Summary() != "Removed options are back on the server" {
		t.Fatalf("want two warnings, got %v", diags)
	}
	for i, want := range []string{"no longer writes options.follow, so this apply deleted it", "no longer writes secret_options.client_secret"} {
		if !strings.Contains(diags[i].Detail(), want) {
			t.Errorf("detail lacks %q:\n%s", want, diags[i].Detail())
		}
		if strings.Contains(diags[i].Detail(), "s3cr3t") || strings.Contains(diags[i].Detail(), "gist") {
			t.Errorf("the detail names a value, or a key that was deleted:\n%s", diags[i].Detail())
		}
	}

	diags = nil
	warnRestoredDeletions([]namedPaths{{"options", []options.Path{{"brute_force_protection"}}}}, "auth0", answered, &diags)
	warnRestoredDeletions(deleted, "github", &client.Connection{}, &diags)
	if len(diags) != 0 {
		t.Errorf("want no warning for a foreseen key or an answer without options, got %v", diags)
	}
}
