package options

import (
	"encoding/json"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/openauth0/terraform-provider-auth0/internal/recorded"
)

// connectionBody is the part of a request or response body these tests use.
type connectionBody struct {
	Strategy string          `json:"strategy"`
	Options  json.RawMessage `json:"options"`
}

// decodeConnection returns the strategy and parsed options of a recorded
// body; ok is false when the body has no options object.
func decodeConnection(t *testing.T, raw json.RawMessage) (body connectionBody, opts Object, ok bool) {
	t.Helper()
	if len(raw) == 0 || raw[0] != '{' {
		return body, nil, false
	}
	if err := json.Unmarshal(raw, &body); err != nil {
		return body, nil, false
	}
	if len(body.Options) == 0 || body.Options[0] != '{' {
		return body, nil, false
	}
	opts, err := Parse(string(body.Options))
	if err != nil {
		t.Fatalf("recorded options do not parse: %v", err)
	}
	return body, opts, true
}

func where(e recorded.Exchange) string {
	return e.File[strings.LastIndex(e.File, "/")+1:] + "#" + strconv.Itoa(e.Interaction) + " " + e.Method
}

// Every successful recorded request (POST or PATCH with options) must pass
// validation without errors once its secrets are split out the way the
// provider splits a configuration: options vs secret_options.
func TestRecordedRequestsValidate(t *testing.T) {
	checked, warnings := 0, 0
	strategiesSeen := map[string]bool{}
	for _, e := range recorded.Load(t) {
		if e.Status < 200 || e.Status > 299 || (e.Method != "POST" && e.Method != "PATCH") {
			continue
		}
		req, opts, ok := decodeConnection(t, e.RequestBody)
		if !ok {
			continue
		}
		strategy := req.Strategy
		if strategy == "" {
			resp, _, _ := decodeConnection(t, e.ResponseBody)
			strategy = resp.Strategy
		}
		if strategy == "" {
			continue
		}
		if !slices.Contains(strategies, strategy) {
			t.Errorf("%s: recorded strategy %q is not in the create schema", where(e), strategy)
		}
		public, secret := SplitSecrets(strategy, opts)
		for _, p := range append(Validate(strategy, public), ValidateSecrets(strategy, secret)...) {
			if p.Severity == Error {
				t.Errorf("%s (%s): %s", where(e), strategy, p)
			} else {
				warnings++
			}
		}
		checked++
		strategiesSeen[strategy] = true
	}
	if checked < 100 {
		t.Fatalf("only %d recorded requests with options were checked; the file looks truncated", checked)
	}
	t.Logf("validated %d recorded requests over %d strategies (%d warnings, no errors)", checked, len(strategiesSeen), warnings)
}

// Importing any recorded live connection must give a managed tree that
// projects back onto itself (the imported state plans clean) and that,
// merged into the live options with no prior tree, changes nothing.
func TestRecordedResponsesImportCleanly(t *testing.T) {
	checked := 0
	for _, e := range recorded.Load(t) {
		if e.Status < 200 || e.Status > 299 {
			continue
		}
		resp, live, ok := decodeConnection(t, e.ResponseBody)
		if !ok || resp.Strategy == "" {
			continue
		}
		r := RulesFor(resp.Strategy)
		adopted := Adopt(resp.Strategy, live)
		public, secret := adopted.Public, adopted.Secret
		for _, p := range LeafPaths(public, r) {
			if r.IsSecret(p) {
				t.Errorf("%s: imported public options hold the secret %s", where(e), p)
			}
			if d, _ := r.ServerDerived(p); d {
				t.Errorf("%s: imported options hold the server-derived %s", where(e), p)
			}
		}
		// What the server itself stores must never fail validation, or an
		// imported connection could not be planned.
		for _, p := range append(Validate(resp.Strategy, public), ValidateSecrets(resp.Strategy, secret)...) {
			if p.Severity == Error {
				t.Errorf("%s (%s): imported options fail validation: %s", where(e), resp.Strategy, p)
			}
		}
		managed := adoptedTree(t, adopted)
		if got := Project(live, managed, r); !Equal(got, managed) {
			t.Errorf("%s: import does not plan clean:\n projected %s\n managed   %s", where(e), Encode(got), Encode(managed))
		}
		if merged := Merge(live, nil, managed, r); !Equal(merged, live) {
			t.Errorf("%s: merging the imported tree changes the live options:\n merged %s\n live   %s", where(e), Encode(merged), Encode(live))
		}
		checked++
	}
	if checked < 100 {
		t.Fatalf("only %d recorded responses with options were checked", checked)
	}
	t.Logf("imported %d recorded live connections", checked)
}
