package migrate

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestConvertedExpressionsPlanAsSent checks the expressions the converter
// writes (scope flags merged from a variable, sort(distinct(…)) for sets,
// jsonencode arguments copied, each.value inside options) with Terraform
// itself: testdata/e2e is applied with the official provider against the
// emulator, recording what it sent; the converted configuration is then
// planned with this provider against a fresh emulator, and the options,
// secret_options and upstream_params Terraform computed for each
// connection must be what the official provider sent.
func TestConvertedExpressionsPlanAsSent(t *testing.T) {
	if os.Getenv("TF_ACC") == "" {
		t.Skip("end to end with terraform and the official provider: set TF_ACC=1")
	}
	bins := providerBinaries(t, officialDir(t))
	files := readTree(t, "testdata/e2e/in")

	official := startRecordingEmulator(t)
	applied := t.TempDir()
	for _, f := range files {
		writeFile(t, filepath.Join(applied, filepath.FromSlash(f.Path)), f.Src)
	}
	env := official.envWithVars()
	terraform(t, applied, bins.officialRC, env, "get", "-no-color")
	terraform(t, applied, bins.officialRC, env, "apply", "-auto-approve", "-input=false", "-no-color")

	res := Convert(files, Options{})
	if res.HasErrors() {
		t.Fatalf("conversion reported errors: %v", res.Findings)
	}
	converted := t.TempDir()
	for _, f := range res.Files {
		writeFile(t, filepath.Join(converted, filepath.FromSlash(f.Path)), f.Out)
	}
	fresh := startRecordingEmulator(t)
	env = fresh.envWithVars()
	terraform(t, converted, bins.bothRC, env, "get", "-no-color")
	terraform(t, converted, bins.bothRC, env, "plan", "-out=tfplan", "-input=false", "-no-color")
	planned := plannedConnections(t, terraform(t, converted, bins.bothRC, env, "show", "-json", "tfplan"))

	if len(planned) != 5 {
		t.Errorf("%d connections planned, want 5", len(planned))
	}
	total := &comparison{}
	for name, mine := range planned {
		body := official.created(name)
		if body == nil {
			t.Errorf("%s: the official provider sent no POST for it", name)
			continue
		}
		c := &comparison{}
		c.subset(nil, mine, asObject(body["options"]), compareAll)
		for _, m := range append(c.mismatches, extras(nil, mine, asObject(body["options"]))...) {
			t.Errorf("%s: %s", name, m)
		}
		t.Logf("%s: %s", name, c)
		total.matched += c.matched
		total.mismatches = append(total.mismatches, c.mismatches...)
	}
	t.Logf("planned by Terraform with openauth0/auth0 against sent by auth0/auth0: %s", total)
}

// envWithVars points both the provider environment and the
// configuration's variables at the emulator.
func (r *recordingEmulator) envWithVars() []string {
	return append(r.env(), "TF_VAR_domain="+r.srv.Listener.Addr().String(), "TF_VAR_api_token="+r.token)
}

// plannedConnections reads the auth0_connection creations of a plan (terraform
// show -json) and returns, by connection name, the options this provider
// would send: options, secret_options and upstream_params merged.
func plannedConnections(t *testing.T, showJSON string) map[string]map[string]any {
	t.Helper()
	var plan struct {
		ResourceChanges []struct {
			Type   string `json:"type"`
			Change struct {
				After map[string]any `json:"after"`
			} `json:"change"`
		} `json:"resource_changes"`
	}
	if err := decodeJSON([]byte(showJSON), &plan); err != nil {
		t.Fatalf("terraform show -json: %v", err)
	}
	out := map[string]map[string]any{}
	for _, rc := range plan.ResourceChanges {
		if rc.Type != "auth0_connection" {
			continue
		}
		after := rc.Change.After
		e := &evaluated{Options: jsonAttr(t, after["options"]), Secrets: jsonAttr(t, after["secret_options"])}
		if up, ok := after["upstream_params"].(map[string]any); ok {
			e.Upstream = withoutNulls(up)
		}
		name, _ := after["name"].(string)
		out[name] = e.combined()
	}
	return out
}

func jsonAttr(t *testing.T, v any) map[string]any {
	s, ok := v.(string)
	if !ok || strings.TrimSpace(s) == "" {
		return nil
	}
	var m map[string]any
	if err := decodeJSON([]byte(s), &m); err != nil {
		t.Fatalf("planned value is not a JSON object: %v: %s", err, s)
	}
	return m
}

// withoutNulls drops the unset attribute of each typed upstream_params
// entry ({alias = "…", value = null} is sent as {"alias": "…"}).
func withoutNulls(up map[string]any) map[string]any {
	out := map[string]any{}
	for k, v := range up {
		entry, ok := v.(map[string]any)
		if !ok {
			out[k] = v
			continue
		}
		clean := map[string]any{}
		for ek, ev := range entry {
			if ev != nil {
				clean[ek] = ev
			}
		}
		out[k] = clean
	}
	b, _ := json.Marshal(out)
	var back map[string]any
	_ = decodeJSON(b, &back)
	return back
}
