package provider

import (
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
)

// invalidConnection is a configuration that must fail at plan time, with an
// error naming the attribute, before any API call.
type invalidConnection struct {
	name  string
	body  string // attributes inside the resource block
	error string // regexp the error must match
}

func invalidConnections() []invalidConnection {
	long := strings.Repeat("a", 129)
	elevenKeys := make([]string, 11)
	for i := range elevenKeys {
		elevenKeys[i] = fmt.Sprintf("k%d = \"v\"", i)
	}
	return []invalidConnection{
		{"name with underscore", `name = "bad_name"
  strategy = "auth0"`, `Attribute name must contain only letters, digits and single hyphens`},
		{"name starting with hyphen", `name = "-abc"
  strategy = "auth0"`, `Attribute name must contain only letters`},
		{"name with double hyphen", `name = "a--b"
  strategy = "auth0"`, `Attribute name must contain only letters`},
		{"name with space", `name = "my conn"
  strategy = "auth0"`, `Attribute name must contain only letters`},
		{"name with unicode", `name = "café"
  strategy = "auth0"`, `Attribute name must contain only letters`},
		{"name with control character", `name = "ab\u0007c"
  strategy = "auth0"`, `Attribute name must contain only letters`},
		{"name too long", fmt.Sprintf(`name = %q
  strategy = "auth0"`, long), `Attribute name string length must be between 1 and 128`},
		{"unknown strategy", `name = "x"
  strategy = "auth0-adldap"`, `Attribute strategy value must be one of`},
		{"display_name too long", fmt.Sprintf(`name = "x"
  strategy = "auth0"
  display_name = %q`, long), `Attribute display_name string length must be between 1 and 128`},
		{"metadata with 11 keys", fmt.Sprintf(`name = "x"
  strategy = "auth0"
  metadata = { %s }`, strings.Join(elevenKeys, ", ")), `Attribute metadata map must contain at most 10 elements`},
		{"metadata value too long", fmt.Sprintf(`name = "x"
  strategy = "auth0"
  metadata = { k = %q }`, strings.Repeat("v", 256)), `Attribute metadata\["k"\] string length must be at most 255`},
		{"upstream alias not in the enum", `name = "x"
  strategy = "twitter"
  upstream_params = { screen_name = { alias = "nickname" } }`, `Attribute upstream_params\["screen_name"\].alias value must be one of`},
		{"upstream value and alias", `name = "x"
  strategy = "twitter"
  upstream_params = { screen_name = { alias = "login_hint", value = "x" } }`, `upstream_params\["screen_name"\]`},
		{"upstream neither value nor alias", `name = "x"
  strategy = "twitter"
  upstream_params = { screen_name = {} }`, `upstream_params\["screen_name"\]`},
		{"upstream params on SAML", `name = "x"
  strategy = "samlp"
  upstream_params = { p = { value = "v" } }`, `(?s)upstream_params.*takes no upstream parameters`},
		{"options not JSON", `name = "x"
  strategy = "auth0"
  options = "{not json"`, `(?s)options.*(JSON|json)`},
		{"options an array", `name = "x"
  strategy = "auth0"
  options = jsonencode([1, 2])`, `(?s)options must be a JSON object`},
		{"options a string", `name = "x"
  strategy = "auth0"
  options = jsonencode("passwordPolicy")`, `(?s)options must be a JSON object`},
		{"options with duplicate keys", `name = "x"
  strategy = "auth0"
  options = "{\"passwordPolicy\":\"good\",\"passwordPolicy\":\"fair\"}"`, `(?s)options must be a JSON object.*passwordPolicy`},
		{"secret key in options", `name = "x"
  strategy = "google-oauth2"
  options = jsonencode({ client_id = "c", client_secret = "s" })`, `(?s)client_secret.*secret_options`},
		{"upstream_params in options and attribute", `name = "x"
  strategy = "twitter"
  options = jsonencode({ upstream_params = { a = { value = "1" } } })
  upstream_params = { b = { value = "2" } }`, `(?s)upstream_params set twice`},
		{"passwordPolicy not in the enum", `name = "x"
  strategy = "auth0"
  options = jsonencode({ passwordPolicy = "strong" })`, `(?s)options.*passwordPolicy`},
		{"boolean option given a string", `name = "x"
  strategy = "auth0"
  options = jsonencode({ brute_force_protection = "yes" })`, `(?s)options.*brute_force_protection`},
		{"number out of range", `name = "x"
  strategy = "auth0"
  options = jsonencode({ password_history = { enable = true, size = 100 } })`, `(?s)options.*password_history.size`},
		{"oidc type not in the enum", `name = "x"
  strategy = "oidc"
  options = jsonencode({ type = "sideways" })`, `(?s)options.*type`},
		{"non-secret key in secret_options", `name = "x"
  strategy = "github"
  secret_options = jsonencode({ client_id = "c" })`, `(?s)secret_options.*client_id`},
		{"same secret in two attributes", `name = "x"
  strategy = "github"
  secret_options = jsonencode({ client_secret = "a" })
  secret_options_wo = jsonencode({ client_secret = "b" })`, `(?s)same option key`},
		{"write-only version without secrets", `name = "x"
  strategy = "github"
  secret_options_wo_version = 1`, `(?s)secret_options_wo`},
		{"options nested too deep", fmt.Sprintf(`name = "x"
  strategy = "auth0"
  options = %q`, strings.Repeat(`{"a":`, 100)+"1"+strings.Repeat("}", 100)), `(?s)options must be a JSON object.*(deep|depth|nest)`},
	}
}

// hostileConnections are issue 7's additions: inputs built to hurt (sizes
// beyond the API's payload limit, Unicode that looks like something else,
// numbers beyond every range, values of the wrong type).
func hostileConnections() []invalidConnection {
	return []invalidConnection{
		{"empty name", `name = ""
  strategy = "auth0"`, `Attribute name string length must be between 1 and 128`},
		{"name with a zero-width space", `name = "ab\u200bc"
  strategy = "auth0"`, `Attribute name must contain only letters`},
		{"name with a right-to-left override", `name = "abc\u202edef"
  strategy = "auth0"`, `Attribute name must contain only letters`},
		{"name with a NUL", `name = "ab\u0000c"
  strategy = "auth0"`, `Attribute name must contain only letters`},
		{"name with a fullwidth letter", `name = "ａbc"
  strategy = "auth0"`, `Attribute name must contain only letters`},
		{"strategy in capitals", `name = "x"
  strategy = "AUTH0"`, `Attribute strategy value must be one of`},
		{"strategy with a trailing space", `name = "x"
  strategy = "auth0 "`, `Attribute strategy value must be one of`},
		{"options over 1 MB", `name = "x"
  strategy = "auth0"
  options = jsonencode({ note = format("%01100000d", 0) })`, `(?s)options must be a JSON object.*larger than the 1048576-byte limit`},
		{"secret_options over 1 MB", `name = "x"
  strategy = "github"
  secret_options = jsonencode({ client_secret = format("%01100000d", 0) })`, `(?s)secret_options must be a JSON object.*larger than the 1048576-byte limit`},
		{"secret_options not JSON", `name = "x"
  strategy = "github"
  secret_options = "{client_secret: hunter2"`, `(?s)secret_options.*not valid JSON.*not shown because the attribute is sensitive`},
		{"number below its range", `name = "x"
  strategy = "auth0"
  options = jsonencode({ password_complexity_options = { min_length = 0 } })`, `(?s)options.*password_complexity_options.min_length`},
		{"number above its range", `name = "x"
  strategy = "auth0"
  options = jsonencode({ password_complexity_options = { min_length = 129 } })`, `(?s)options.*password_complexity_options.min_length`},
		{"number beyond float64", `name = "x"
  strategy = "auth0"
  options = jsonencode({ password_history = { enable = true, size = 1e400 } })`, `(?s)options.*password_history.size`},
		{"fraction where an integer belongs", `name = "x"
  strategy = "auth0"
  options = jsonencode({ password_history = { enable = true, size = 2.5 } })`, `(?s)options.*password_history.size`},
		{"write-only version beyond int64", `name = "x"
  strategy = "github"
  secret_options_wo = jsonencode({ client_secret = "s" })
  secret_options_wo_version = 9223372036854775808`, `(?s)secret_options_wo_version.*cannot be represented as a 64-bit integer`},
		// Terraform normalizes every string to NFC (cty), so keys that
		// collide after NFC reach the provider as one key or not at all:
		// jsondecode refuses them, see also
		// TestAccConnection_metadataKeysArriveNormalized.
		{"metadata keys equal after NFC, from JSON", `name = "x"
  strategy = "auth0"
  metadata = jsondecode("{\"cafe\\u0301\": \"decomposed\", \"caf\\u00e9\": \"precomposed\"}")`, `(?s)metadata.*jsondecode.*unsupported attribute`},
		{"metadata key empty", `name = "x"
  strategy = "auth0"
  metadata = { "" = "v" }`, `(?s)metadata.*length must be between 1 and 255`},
		{"metadata key too long", fmt.Sprintf(`name = "x"
  strategy = "auth0"
  metadata = { %q = "v" }`, strings.Repeat("k", 256)), `(?s)metadata.*length must be between 1 and 255`},
		{"boolean given a word", `name = "x"
  strategy = "auth0"
  is_domain_connection = "yes"`, `(?s)is_domain_connection.*a bool is required`},
		{"nested object missing its required attribute", `name = "x"
  strategy = "auth0"
  connected_accounts = { cross_app_access = true }`, `(?s)connected_accounts.*"active" is required`},
		{"list given a string", `name = "x"
  strategy = "auth0"
  realms = "example.com"`, `(?s)realms.*list of string required`},
	}
}

func TestAccConnection_invalidConfigurationsFailAtPlan(t *testing.T) {
	env := newAccEnv(t)
	cases := append(invalidConnections(), hostileConnections()...)
	steps := make([]resource.TestStep, 0, len(cases))
	for _, c := range cases {
		steps = append(steps, resource.TestStep{
			Config: env.config(fmt.Sprintf(`
resource "auth0_connection" "test" {
  %s
}
`, c.body)),
			PlanOnly:    true,
			ExpectError: wrappedRegexp(c.error),
		})
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		Steps:                    steps,
	})
	if total := env.calls("total"); total != 0 {
		t.Errorf("invalid configurations made %d API calls, want 0: %v", total, env.server.Stats())
	}
	if len(cases) < 30 {
		t.Errorf("only %d invalid configurations", len(cases))
	}
	t.Logf("FIGURES hostile input: %d invalid configurations tried, %d rejected at plan time, %d API calls", len(cases), len(cases), env.calls("total"))
}

// wrappedRegexp compiles a pattern whose spaces also match the line breaks
// terraform puts into long diagnostics.
func wrappedRegexp(pattern string) *regexp.Regexp {
	return regexp.MustCompile(strings.ReplaceAll(pattern, " ", `\s+`))
}
