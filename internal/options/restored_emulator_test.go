package options

import (
	"bytes"
	"encoding/json"
	"fmt"
	"maps"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/openauth0/terraform-provider-auth0/internal/emulator"
	"github.com/openauth0/terraform-provider-auth0/internal/emulator/emulatortest"
)

// The keys the tables say Auth0 restores are the keys the emulator (whose
// fidelity to recorded traffic the conformance tests check) puts back after
// an update that leaves them out.
func TestRestoredKeysComeBackOnTheEmulator(t *testing.T) {
	srv := emulatortest.Start(t, emulator.Config{})
	// Options a create of the strategy needs.
	required := map[string]map[string]any{
		"oidc":        {"client_id": "c", "issuer": "https://idp.example/", "type": "back_channel"},
		"okta":        {"client_id": "c", "domain": "idp.example"},
		"waad":        {"client_id": "c", "tenant_domain": "example.onmicrosoft.com"},
		"google-apps": {"client_id": "c", "domain": "example.com", "tenant_domain": "example.com"},
	}
	for _, strategy := range slices.Sorted(maps.Keys(restoredKeys)) {
		t.Run(strategy, func(t *testing.T) {
			create := maps.Clone(required[strategy])
			if create == nil {
				create = map[string]any{}
			}
			created := call(t, srv, http.MethodPost, "/api/v2/connections", map[string]any{
				"name": "restored-" + strings.ReplaceAll(strategy, "-", ""), "strategy": strategy, "options": create,
			})
			update := maps.Clone(create)
			update["unrelated"] = true
			id, _ := created["id"].(string)
			call(t, srv, http.MethodPatch, "/api/v2/connections/"+id, map[string]any{"options": update})
			live, _ := call(t, srv, http.MethodGet, "/api/v2/connections/"+id, nil)["options"].(map[string]any)
			for _, key := range restoredKeys[strategy] {
				if _, ok := live[strings.Join(key, ".")]; !ok {
					t.Errorf("%s: an update without %s leaves the server without it: %v", strategy, strings.Join(key, "."), live)
				}
			}
		})
	}
}

func call(t *testing.T, srv *emulatortest.Server, method, route string, body any) map[string]any {
	t.Helper()
	var payload bytes.Buffer
	if body != nil {
		if err := json.NewEncoder(&payload).Encode(body); err != nil {
			t.Fatal(err)
		}
	}
	req, err := http.NewRequestWithContext(t.Context(), method, srv.URL+route, &payload)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+srv.Token)
	req.Header.Set("Content-Type", "application/json")
	resp, err := srv.HTTPClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var out map[string]any
	if err := json.NewDecoder(resp.Body).Decode(&out); err != nil || resp.StatusCode >= 300 {
		t.Fatalf("%s %s: %d %v %v", method, route, resp.StatusCode, out, fmt.Sprint(err))
	}
	return out
}
