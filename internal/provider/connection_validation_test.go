package provider

import (
	"fmt"
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"
)

// invalidConnection is a configuration that must fail at plan time, with an
// error naming the attribute, before any API call.
type invalidConnection struct {
	what     string
	name     string // HCL expression; "x" when empty
	strategy string // "auth0" when empty
	attrs    string // more attributes of the resource block
	error    string // regexp the error must match (see wrappedRegexp)
	// oldCLIError replaces error on a CLI without write-only attributes
	// (before 1.11), for configurations such a CLI refuses for another
	// reason.
	oldCLIError string
}

// writeOnlyRefused is the framework's error for secret_options_wo set on
// a CLI without write-only attributes.
const writeOnlyRefused = `(?s)WriteOnly Attribute Not Allowed.*secret_options_wo.*only supported in Terraform 1.11 and later`

// errorFor is the error the case must fail with on a CLI that has
// write-only attributes, or not.
func (c invalidConnection) errorFor(writeOnly bool) string {
	if !writeOnly && c.oldCLIError != "" {
		return c.oldCLIError
	}
	return c.error
}

// block is the case as a resource named resourceName.
func (c invalidConnection) block(resourceName string) string {
	name, strategy := c.name, c.strategy
	if name == "" {
		name = `"x"`
	}
	if strategy == "" {
		strategy = "auth0"
	}
	return fmt.Sprintf(`
resource "auth0_connection" %q {
  name     = %s
  strategy = %q
  %s
}
`, resourceName, name, strategy, c.attrs)
}

func invalidConnections() []invalidConnection {
	long := strings.Repeat("a", 129)
	elevenKeys := make([]string, 11)
	for i := range elevenKeys {
		elevenKeys[i] = fmt.Sprintf("k%d = \"v\"", i)
	}
	const badName = `Attribute name must contain only letters`
	return []invalidConnection{
		{what: "name with underscore", name: `"bad_name"`, error: badName + `, digits and single hyphens`},
		{what: "name starting with hyphen", name: `"-abc"`, error: badName},
		{what: "name with double hyphen", name: `"a--b"`, error: badName},
		{what: "name with space", name: `"my conn"`, error: badName},
		{what: "name with unicode", name: `"café"`, error: badName},
		{what: "name with control character", name: `"ab\u0007c"`, error: badName},
		{what: "name too long", name: hcl(long), error: `Attribute name string length must be between 1 and 128`},
		{what: "unknown strategy", strategy: "auth0-adldap", error: `Attribute strategy value must be one of`},
		{
			what: "display_name too long", attrs: "display_name = " + hcl(long),
			error: `Attribute display_name string length must be between 1 and 128`,
		},
		{
			what: "metadata with 11 keys", attrs: "metadata = { " + strings.Join(elevenKeys, ", ") + " }",
			error: `Attribute metadata map must contain at most 10 elements`,
		},
		{
			what: "metadata value too long", attrs: "metadata = { k = " + hcl(strings.Repeat("v", 256)) + " }",
			error: `Attribute metadata\["k"\] string length must be at most 255`,
		},
		{
			what: "upstream alias not in the enum", strategy: "twitter",
			attrs: `upstream_params = { screen_name = { alias = "nickname" } }`,
			error: `Attribute upstream_params\["screen_name"\].alias value must be one of`,
		},
		{
			what: "upstream value and alias", strategy: "twitter",
			attrs: `upstream_params = { screen_name = { alias = "login_hint", value = "x" } }`,
			error: `upstream_params\["screen_name"\]`,
		},
		{
			what: "upstream neither value nor alias", strategy: "twitter",
			attrs: `upstream_params = { screen_name = {} }`, error: `upstream_params\["screen_name"\]`,
		},
		{
			what: "upstream params on SAML", strategy: "samlp",
			attrs: `upstream_params = { p = { value = "v" } }`, error: `(?s)upstream_params.*takes no upstream parameters`,
		},
		{
			what: "upstream params on PingFederate", strategy: "pingfederate",
			attrs: `upstream_params = { p = { value = "v" } }`, error: `(?s)upstream_params.*takes no upstream parameters`,
		},
		{
			what: "upstream params on WS-Federation", strategy: "adfs",
			attrs: `upstream_params = { p = { value = "v" } }`, error: `(?s)upstream_params.*takes no upstream parameters`,
		},
		{what: "options not JSON", attrs: `options = "{not json"`, error: `(?s)options.*(JSON|json)`},
		{what: "options an array", attrs: `options = jsonencode([1, 2])`, error: `(?s)options must be a JSON object`},
		{what: "options a string", attrs: `options = jsonencode("passwordPolicy")`, error: `(?s)options must be a JSON object`},
		{
			what:  "options with duplicate keys",
			attrs: `options = "{\"passwordPolicy\":\"good\",\"passwordPolicy\":\"fair\"}"`,
			error: `(?s)options must be a JSON object.*passwordPolicy`,
		},
		{
			what: "secret key in options", strategy: "google-oauth2",
			attrs: `options = jsonencode({ client_id = "c", client_secret = "s" })`, error: `(?s)client_secret.*secret_options`,
		},
		{
			what: "upstream_params in options and attribute", strategy: "twitter",
			attrs: `options = jsonencode({ upstream_params = { a = { value = "1" } } })
  upstream_params = { b = { value = "2" } }`,
			error: `(?s)upstream_params set twice`,
		},
		{what: "passwordPolicy not in the enum", attrs: `options = jsonencode({ passwordPolicy = "strong" })`, error: `(?s)options.*passwordPolicy`},
		{
			what: "boolean option given a string", attrs: `options = jsonencode({ brute_force_protection = "yes" })`,
			error: `(?s)options.*brute_force_protection`,
		},
		{
			what: "number out of range", attrs: `options = jsonencode({ password_history = { enable = true, size = 100 } })`,
			error: `(?s)options.*password_history.size`,
		},
		{what: "oidc type not in the enum", strategy: "oidc", attrs: `options = jsonencode({ type = "sideways" })`, error: `(?s)options.*type`},
		{
			what: "non-secret key in secret_options", strategy: "github",
			attrs: `secret_options = jsonencode({ client_id = "c" })`, error: `(?s)secret_options.*client_id`,
		},
		{
			what: "same secret in two attributes", strategy: "github",
			attrs: `secret_options = jsonencode({ client_secret = "a" })
  secret_options_wo = jsonencode({ client_secret = "b" })`,
			error: `(?s)same option key`, oldCLIError: writeOnlyRefused,
		},
		{
			what: "write-only version without secrets", strategy: "github", attrs: `secret_options_wo_version = 1`,
			error:       `(?s)secret_options_wo_version without secret_options_wo`,
			oldCLIError: `(?s)Write-only secrets need a newer CLI.*secret_options_wo_version.*Terraform 1.11 or OpenTofu 1.11`,
		},
		{
			what:  "options nested too deep",
			attrs: "options = " + hcl(strings.Repeat(`{"a":`, 100)+"1"+strings.Repeat("}", 100)),
			error: `(?s)options must be a JSON object.*(deep|depth|nest)`,
		},
	}
}

// hostileConnections are inputs built to hurt: sizes beyond the API's
// payload limit, Unicode that looks like something else, numbers beyond
// every range, values of the wrong type.
func hostileConnections() []invalidConnection {
	const badName = `Attribute name must contain only letters`
	const overOneMB = `format("%01100000d", 0)`
	return []invalidConnection{
		{what: "empty name", name: `""`, error: `Attribute name string length must be between 1 and 128`},
		{what: "name with a zero-width space", name: `"ab\u200bc"`, error: badName},
		{what: "name with a right-to-left override", name: `"abc\u202edef"`, error: badName},
		{what: "name with a NUL", name: `"ab\u0000c"`, error: badName},
		{what: "name with a fullwidth letter", name: `"ａbc"`, error: badName},
		{what: "strategy in capitals", strategy: "AUTH0", error: `Attribute strategy value must be one of`},
		{what: "strategy with a trailing space", strategy: "auth0 ", error: `Attribute strategy value must be one of`},
		{
			what: "options over 1 MB", attrs: "options = jsonencode({ note = " + overOneMB + " })",
			error: `(?s)options must be a JSON object.*larger than the 1048576-byte limit`,
		},
		{
			what: "secret_options over 1 MB", strategy: "github",
			attrs: "secret_options = jsonencode({ client_secret = " + overOneMB + " })",
			error: `(?s)secret_options must be a JSON object.*larger than the 1048576-byte limit`,
		},
		{
			what: "secret_options not JSON", strategy: "github", attrs: `secret_options = "{client_secret: hunter2"`,
			error: `(?s)secret_options.*not valid JSON.*not shown because the attribute is sensitive`,
		},
		{
			what: "number below its range", attrs: `options = jsonencode({ password_complexity_options = { min_length = 0 } })`,
			error: `(?s)options.*password_complexity_options.min_length`,
		},
		{
			what: "number above its range", attrs: `options = jsonencode({ password_complexity_options = { min_length = 129 } })`,
			error: `(?s)options.*password_complexity_options.min_length`,
		},
		{
			what: "number beyond float64", attrs: `options = jsonencode({ password_history = { enable = true, size = 1e400 } })`,
			error: `(?s)options.*password_history.size`,
		},
		{
			what: "fraction where an integer belongs", attrs: `options = jsonencode({ password_history = { enable = true, size = 2.5 } })`,
			error: `(?s)options.*password_history.size`,
		},
		{
			what: "write-only version beyond int64", strategy: "github",
			attrs: `secret_options_wo = jsonencode({ client_secret = "s" })
  secret_options_wo_version = 9223372036854775808`,
			error: `(?s)secret_options_wo_version.*cannot be represented as a 64-bit integer`, oldCLIError: writeOnlyRefused,
		},
		// Terraform normalizes every string to NFC (cty), so keys that
		// collide after NFC reach the provider as one key or not at all:
		// jsondecode refuses them, see also
		// TestAccConnection_metadataKeysArriveNormalized.
		{
			what:  "metadata keys equal after NFC, from JSON",
			attrs: `metadata = jsondecode("{\"cafe\\u0301\": \"decomposed\", \"caf\\u00e9\": \"precomposed\"}")`,
			error: `(?s)metadata.*jsondecode.*unsupported attribute`,
		},
		{what: "metadata key empty", attrs: `metadata = { "" = "v" }`, error: `(?s)metadata.*length must be between 1 and 255`},
		{
			what: "metadata key too long", attrs: "metadata = { " + hcl(strings.Repeat("k", 256)) + ` = "v" }`,
			error: `(?s)metadata.*length must be between 1 and 255`,
		},
		{what: "boolean given a word", attrs: `is_domain_connection = "yes"`, error: `(?s)is_domain_connection.*a bool is required`},
		{
			what: "nested object missing its required attribute", attrs: `connected_accounts = { cross_app_access = true }`,
			error: `(?s)connected_accounts.*"active" is required`,
		},
		{what: "list given a string", attrs: `realms = "example.com"`, error: `(?s)realms.*list of string required`},
	}
}

// The invalid configurations are resources of one configuration, planned
// against one emulator; a case counts as rejected when terraform reported
// its error on its own resource, and the emulator answered no call at all.
func TestAccConnection_invalidConfigurationsFailAtPlan(t *testing.T) {
	if os.Getenv(resource.EnvTfAcc) == "" {
		t.Skipf("acceptance test: set %s=1 to run terraform", resource.EnvTfAcc)
	}
	t.Parallel()
	cases := append(invalidConnections(), hostileConnections()...)
	writeOnly := cliAtLeast(t, writeOnlyCLI)
	env := newAccEnv(t)
	planCases := make([]planCase, len(cases))
	for i, c := range cases {
		address := regexp.QuoteMeta(caseName(i))
		planCases[i] = planCase{
			what: c.what,
			// "with auth0_connection.case07," or, from terraform itself,
			// "in resource "auth0_connection" "case07":".
			owner: regexp.MustCompile(`\bauth0_connection\.` + address + `\b|"auth0_connection" "` + address + `"`),
			error: wrappedRegexp(c.errorFor(writeOnly)),
		}
	}
	rejected := expectEachRejected(t, planCases, func(indexes []int) string {
		var config strings.Builder
		for _, i := range indexes {
			config.WriteString(cases[i].block(caseName(i)))
		}
		return planErrors(t, testAccProviders, env.config(config.String()))
	})
	calls := env.calls("total")
	if calls != 0 {
		t.Errorf("rejected at plan after %d API calls, want none: %v", calls, env.server.Stats())
	}
	t.Logf("FIGURES hostile input: %d invalid configurations tried, %d rejected at plan time, %d API calls",
		len(cases), rejected, calls)
	if rejected != len(cases) {
		t.Errorf("%d of %d invalid configurations rejected at plan time without an API call", rejected, len(cases))
	}
}

// On a CLI without write-only attributes (Terraform or OpenTofu before
// 1.11), a configuration that uses secret_options_wo fails at plan time
// with an error naming the attribute and the version it needs, and makes
// no API call.
func TestAccConnection_writeOnlyNeedsNewerCLI(t *testing.T) {
	t.Parallel()
	env := newAccEnv(t)
	const secrets = `secret_options_wo = jsonencode({ client_secret = "s" })`
	newerCLI := `(?s)Write-only secrets need a newer CLI.*with auth0_connection.gh.*secret_options_wo_version = 1.*` +
		`secret_options_wo_version goes with secret_options_wo, a write-only attribute, and write-only attributes need Terraform 1.11 or OpenTofu 1.11 or later`
	var steps []resource.TestStep
	for _, c := range []struct{ attrs, error string }{
		{secrets, writeOnlyRefused},
		{secrets + "\n  secret_options_wo_version = 1", writeOnlyRefused},
		{"secret_options_wo_version = 1", newerCLI},
	} {
		steps = append(steps, resource.TestStep{
			Config: env.config(fmt.Sprintf(`
resource "auth0_connection" "gh" {
  name     = "tf-acc-old-cli"
  strategy = "github"
  %s
}
`, c.attrs)),
			PlanOnly:    true,
			ExpectError: wrappedRegexp(c.error),
		})
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		TerraformVersionChecks: []tfversion.TerraformVersionCheck{
			skipFromCLI(writeOnlyCLI, "this test is of a CLI without write-only attributes, older than Terraform or OpenTofu 1.11"),
		},
		Steps: steps,
	})
	if total := env.calls("total"); total != 0 {
		t.Errorf("rejected at plan after %d API calls, want none: %v", total, env.server.Stats())
	}
}

// wrappedRegexp compiles a pattern whose spaces also match the line breaks
// terraform puts into long diagnostics.
func wrappedRegexp(pattern string) *regexp.Regexp {
	return regexp.MustCompile(strings.ReplaceAll(pattern, " ", `\s+`))
}
