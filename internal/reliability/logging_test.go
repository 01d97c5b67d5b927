//go:build reliability

package reliability

import (
	"strings"
	"testing"

	"github.com/openauth0/terraform-provider-auth0/internal/emulator"
)

// TestLogRecipes runs the log settings the provider's documentation gives
// and checks that each shows what the documentation says.
func TestLogRecipes(t *testing.T) {
	tn := newTenant(t, emulator.Config{})
	const apiLine, sdkLine = "Management API request", "@module=sdk."
	for _, tc := range []struct {
		env map[string]string
		// api: the API request lines are shown; sdk: lines of the plugin
		// framework are allowed.
		api, sdk bool
	}{
		{map[string]string{"TF_LOG": "DEBUG"}, true, true},
		{map[string]string{"TF_LOG_PROVIDER": "DEBUG", "TF_LOG_SDK": "OFF"}, true, false},
		{map[string]string{"TF_LOG": "DEBUG", "TF_LOG_PROVIDER_AUTH0_CLIENT": "OFF"}, false, true},
		{map[string]string{"TF_LOG_PROVIDER_AUTH0_CLIENT": "DEBUG"}, false, false},
	} {
		w := newWorkspace(t)
		for k, v := range tc.env {
			w.env[k] = v
		}
		w.writeConfig(tn.providerBlock("") + `
data "auth0_connections" "all" {}
`)
		r := w.mustRun("plan")
		logs := r.stdout + r.stderr
		if got := strings.Contains(logs, apiLine); got != tc.api {
			t.Errorf("%v: API request lines shown: %v, want %v", tc.env, got, tc.api)
		}
		if !tc.sdk && strings.Contains(logs, sdkLine) {
			t.Errorf("%v: the plugin framework's lines are shown", tc.env)
		}
	}
}
