//go:build reliability

package reliability

import (
	"crypto"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/openauth0/terraform-provider-auth0/internal/client"
	"github.com/openauth0/terraform-provider-auth0/internal/emulator"
	"github.com/openauth0/terraform-provider-auth0/internal/testkeys"
)

// secretValue returns a value that cannot occur by chance in any output.
func secretValue(label string) string {
	b := make([]byte, 12)
	_, _ = rand.Read(b)
	return label + "-" + hex.EncodeToString(b)
}

// connectionSecrets are the secret option values of one configuration
// version: one per way a secret can be written, passed in TF_VAR_ variables
// that are not marked sensitive, so only the provider's schema keeps them
// out of the output.
type connectionSecrets struct {
	clientSecret  string // google-oauth2 secret_options.client_secret
	writeOnly     string // github secret_options_wo.client_secret (an ephemeral variable)
	configuration string // auth0 secret_options.configuration.API_KEY (server-encrypted)
	twilioToken   string // sms secret_options.twilio_token
}

func newConnectionSecrets() connectionSecrets {
	return connectionSecrets{
		clientSecret:  secretValue("gsecret"),
		writeOnly:     secretValue("wosecret"),
		configuration: secretValue("cfgsecret"),
		twilioToken:   secretValue("twiliotoken"),
	}
}

func (s connectionSecrets) values() map[string]string {
	return map[string]string{
		"secret_options.client_secret (google-oauth2)": s.clientSecret,
		"secret_options_wo.client_secret (github)":     s.writeOnly,
		"secret_options.configuration.API_KEY (auth0)": s.configuration,
		"secret_options.twilio_token (sms)":            s.twilioToken,
	}
}

// setVariables passes the secrets the way CI pipelines do.
func (s connectionSecrets) setVariables(w *workspace, woVersion int) {
	w.env["TF_VAR_google_secret"] = s.clientSecret
	w.env["TF_VAR_github_secret"] = s.writeOnly
	w.env["TF_VAR_db_api_key"] = s.configuration
	w.env["TF_VAR_twilio_token"] = s.twilioToken
	w.env["TF_VAR_wo_version"] = fmt.Sprint(woVersion)
}

// secretsConfig is every way of writing a connection secret, and the data
// source that reads one back.
const secretsConfig = `
variable "google_secret" { type = string }
variable "db_api_key" { type = string }
variable "twilio_token" { type = string }
variable "wo_version" { type = number }
variable "github_secret" {
  type      = string
  ephemeral = true
}

resource "auth0_connection" "google" {
  name           = "sec-google"
  strategy       = "google-oauth2"
  options        = jsonencode({ client_id = "google-client-id", email = true })
  secret_options = jsonencode({ client_secret = var.google_secret })
}

resource "auth0_connection" "github" {
  name                      = "sec-github"
  strategy                  = "github"
  options                   = jsonencode({ client_id = "github-client-id" })
  secret_options_wo         = jsonencode({ client_secret = var.github_secret })
  secret_options_wo_version = var.wo_version
}

resource "auth0_connection" "database" {
  name           = "sec-database"
  strategy       = "auth0"
  options        = jsonencode({ passwordPolicy = "good" })
  secret_options = jsonencode({ configuration = { API_KEY = var.db_api_key } })
}

resource "auth0_connection" "workspace" {
  name           = "sec-workspace"
  strategy       = "google-apps"
  options        = jsonencode({ client_id = "apps-client-id", domain = "example.com" })
  secret_options = jsonencode({ client_secret = "apps-${var.google_secret}" })
}

resource "auth0_connection" "sms" {
  name           = "sec-sms"
  strategy       = "sms"
  options        = jsonencode({ provider = "twilio", twilio_sid = "AC123", from = "+15550100", syntax = "md_with_macros", template = "@@password@@" })
  secret_options = jsonencode({ twilio_token = var.twilio_token })
}

data "auth0_connection" "google" {
  id = auth0_connection.google.id
}
`

// grantWorkspaceAdmin stores the Google Workspace admin tokens on the
// google-apps connection out of band, as Auth0 does when an administrator
// grants directory access in the dashboard: from then on every read of the
// connection returns them.
func grantWorkspaceAdmin(t *testing.T, tn *tenant, accessToken, refreshToken string) {
	t.Helper()
	conn := tn.connections()["sec-workspace"]
	if conn == nil {
		t.Fatal("sec-workspace is not on the server")
	}
	opts := options(t, conn)
	opts["admin_access_token"] = accessToken
	opts["admin_refresh_token"] = refreshToken
	if _, err := tn.client.UpdateConnection(t.Context(), conn.ID, client.Patch{"options": opts}); err != nil {
		t.Fatalf("granting the workspace admin: %v", err)
	}
}

// secretsRun is the evidence of one create/plan/update/plan/destroy cycle:
// everything terraform printed, logged, and the plan JSON.
type secretsRun struct {
	outputs  map[string]string // label -> stdout+stderr of a command
	logs     map[string]string // TRACE log per command
	planJSON string
	states   map[string]string // terraform.tfstate after each apply
}

// runSecretsCycle drives the cycle with TF_LOG=TRACE and the provider's
// debug logging on. Between the create and the update, the workspace
// connection gets admin tokens out of band (adminTokens).
func runSecretsCycle(t *testing.T, w *workspace, tn *tenant, provider string, first, second connectionSecrets, adminTokens [2]string) secretsRun {
	t.Helper()
	run := secretsRun{outputs: map[string]string{}, logs: map[string]string{}, states: map[string]string{}}
	w.env["TF_LOG"] = "TRACE"
	step := func(label string, args ...string) tfResult {
		t.Helper()
		logPath := w.path("trace-" + label + ".log")
		w.env["TF_LOG_PATH"] = logPath
		r := w.run(args...)
		run.outputs[label] = r.stdout + r.stderr
		data, err := os.ReadFile(logPath)
		if err != nil {
			t.Fatalf("%s: no TRACE log: %v", label, err)
		}
		run.logs[label] = string(data)
		return r
	}
	saveState := func(label string) {
		data, err := os.ReadFile(w.path("terraform.tfstate"))
		if err != nil {
			t.Fatalf("%s: %v", label, err)
		}
		run.states[label] = string(data)
	}

	w.writeConfig(provider + secretsConfig)
	first.setVariables(w, 1)
	if r := step("create", "apply", "-auto-approve"); r.exitCode != 0 {
		t.Fatalf("%s", r)
	}
	saveState("create")
	grantWorkspaceAdmin(t, tn, adminTokens[0], adminTokens[1])

	second.setVariables(w, 2)
	r := step("plan-update", "plan", "-out=update.tfplan")
	if r.exitCode != 0 {
		t.Fatalf("%s", r)
	}
	for _, want := range []string{"secret_options", "(sensitive value)", "5 to change"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("the update plan does not show %q:\n%s", want, r.stdout)
		}
	}
	if show := step("show-plan-json", "show", "-json", "update.tfplan"); show.exitCode != 0 {
		t.Fatalf("%s", show)
	} else {
		// Its stdout is the plan JSON, searched under its own rules.
		run.planJSON = show.stdout
		run.outputs["show-plan-json"] = show.stderr
	}
	if r := step("apply-update", "apply", "update.tfplan"); r.exitCode != 0 {
		t.Fatalf("%s", r)
	}
	saveState("update")
	if r := step("plan-noop", "plan", "-detailed-exitcode"); r.exitCode != 0 {
		t.Errorf("the plan after the update is not empty:\n%s", r)
	}
	if r := step("destroy", "destroy", "-auto-approve"); r.exitCode != 0 {
		t.Fatalf("%s", r)
	}
	return run
}

// leak is one secret found somewhere it must not be.
type leak struct{ secret, where string }

// findLeaks searches every output and log (and, unless allowed, the plan
// JSON) for the secrets.
func (run secretsRun) findLeaks(secrets map[string]string, inPlanJSON bool) []leak {
	var found []leak
	for label, value := range secrets {
		for step, out := range run.outputs {
			if strings.Contains(out, value) {
				found = append(found, leak{label, "terraform output of " + step})
			}
		}
		for step, log := range run.logs {
			if n := strings.Count(log, value); n > 0 {
				found = append(found, leak{label, fmt.Sprintf("TRACE log of %s (%d times, e.g. %q)", step, n, around(log, value))})
			}
		}
		if inPlanJSON && strings.Contains(run.planJSON, value) {
			found = append(found, leak{label, "plan JSON"})
		}
	}
	return found
}

// around quotes the log line that holds value, for the failure message.
func around(log, value string) string {
	i := strings.Index(log, value)
	start := strings.LastIndexByte(log[:i], '\n') + 1
	end := i + strings.IndexByte(log[i:]+"\n", '\n')
	return tail(log[start:end], 400)
}

// checkRunProvesLogging makes sure the cycle really logged what it claims to
// have searched: TRACE from terraform, masked request bodies from the
// provider (debug), and secrets masked rather than absent.
func checkRunProvesLogging(t *testing.T, run secretsRun) {
	t.Helper()
	create := run.logs["create"]
	for _, want := range []string{"[TRACE]", "Management API request body", "Management API response body", `***`} {
		if !strings.Contains(create, want) {
			t.Errorf("the TRACE log of the create lacks %q: the search proves nothing without it", want)
		}
	}
}

func reportLeaks(t *testing.T, leaks []leak) {
	t.Helper()
	for _, l := range leaks {
		t.Errorf("secret %s leaked: %s", l.secret, l.where)
	}
}

// jwtPattern matches a bearer token (the emulator's tokens are JWTs, as
// Auth0's are).
var jwtPattern = regexp.MustCompile(`eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.`)

func TestSecretsNeverLeakWithAPIToken(t *testing.T) {
	tn := newTenant(t, emulator.Config{})
	w := newWorkspace(t)
	w.env["AUTH0_API_TOKEN"] = tn.srv.Token
	checkNoSecretLeaks(t, tn, w, "api_token", map[string]string{"api_token": tn.srv.Token})
}

func TestSecretsNeverLeakWithClientCredentials(t *testing.T) {
	clientSecret := secretValue("provider-client-secret")
	tn := newTenant(t, emulator.Config{ClientID: "reliability-client", ClientSecret: clientSecret})
	w := newWorkspace(t)
	w.env["AUTH0_CLIENT_ID"] = "reliability-client"
	w.env["AUTH0_CLIENT_SECRET"] = clientSecret
	run := checkNoSecretLeaks(t, tn, w, "client credentials", map[string]string{"provider client_secret": clientSecret})
	// The access tokens the provider obtained are secrets too; the test
	// cannot know them, but Auth0's tokens (and the emulator's) are JWTs.
	for label, out := range run.logs {
		if m := jwtPattern.FindString(out); m != "" {
			t.Errorf("a bearer token appears in the TRACE log of %s: %q", label, around(out, m))
		}
	}
}

// TestSecretsNeverLeakWithClientAssertion: private-key JWT. The private key
// is searched whole and line by line (a log that escaped its line breaks
// would still hold the lines), the client assertions the provider signed
// are JWTs like the tokens, and the token exchange must be in the debug log,
// masked, or the search proves nothing about it.
func TestSecretsNeverLeakWithClientAssertion(t *testing.T) {
	key := testkeys.RSA()
	privateKey := testkeys.PrivatePEM(t, key)
	tn := newTenant(t, emulator.Config{ClientAssertionKeys: map[string]crypto.PublicKey{"reliability-pkjwt": &key.PublicKey}})
	w := newWorkspace(t)
	w.env["AUTH0_CLIENT_ID"] = "reliability-pkjwt"
	w.env["AUTH0_CLIENT_ASSERTION_PRIVATE_KEY"] = privateKey
	w.env["AUTH0_CLIENT_ASSERTION_SIGNING_ALG"] = "PS256"
	credentials := map[string]string{"client_assertion_private_key": privateKey}
	for i, line := range strings.Split(privateKey, "\n") {
		if len(line) == 64 { // the base64 lines; the armour is not secret
			credentials[fmt.Sprintf("client_assertion_private_key line %d", i)] = line
		}
	}
	run := checkNoSecretLeaks(t, tn, w, "private-key JWT", credentials)
	for label, out := range run.logs {
		if m := jwtPattern.FindString(out); m != "" {
			t.Errorf("a client assertion or bearer token appears in the TRACE log of %s: %q", label, around(out, m))
		}
	}
	if create := run.logs["create"]; !strings.Contains(create, "Token request body") || !strings.Contains(create, "client_assertion=***") {
		t.Errorf("the TRACE log of the create has no masked token request: the search proves nothing about the assertion")
	}
	if n := tn.srv.Stats()["POST /oauth/token"]; n == 0 {
		t.Errorf("no token was requested with the client assertion")
	}
}

// debugProviderBlock configures the provider for the API at domain with
// its debug logging on; the credentials come from the environment.
func debugProviderBlock(domain string) string {
	return requiredProvider + fmt.Sprintf(`
provider "auth0" {
  domain     = %q
  debug      = true
  rate_limit = -1
}
`, domain)
}

// checkNoSecretLeaks runs the cycle and searches everything it produced.
// The credentials come from the environment (AUTH0_*), as CI pipelines
// pass them; see the package's note on literal credentials.
func checkNoSecretLeaks(t *testing.T, tn *tenant, w *workspace, auth string, credentials map[string]string) secretsRun {
	t.Helper()
	provider := debugProviderBlock(tn.srv.URL)
	first, second := newConnectionSecrets(), newConnectionSecrets()
	admin := [2]string{secretValue("adminaccesstoken"), secretValue("adminrefreshtoken")}
	run := runSecretsCycle(t, w, tn, provider, first, second, admin)
	checkRunProvesLogging(t, run)

	// Secrets kept in state are in the plan file too, and terraform show
	// -json prints a plan's sensitive values in clear by design (it marks
	// them in sensitive_values), so those are searched for everywhere but
	// there. Write-only secrets and credentials are never in a plan.
	stateKept := map[string]string{}
	for label, v := range first.values() {
		stateKept[label+" (first)"] = v
	}
	for label, v := range second.values() {
		stateKept[label+" (second)"] = v
	}
	neverInPlan := map[string]string{
		"write-only secret (first)":             first.writeOnly,
		"write-only secret (second)":            second.writeOnly,
		"admin_access_token (set out of band)":  admin[0],
		"admin_refresh_token (set out of band)": admin[1],
	}
	for label, v := range credentials {
		neverInPlan[label] = v
	}
	leaks := append(run.findLeaks(stateKept, false), run.findLeaks(neverInPlan, true)...)
	reportLeaks(t, leaks)
	checkPlanJSONMarksSecretsSensitive(t, run.planJSON)
	checkStateHasNoWriteOnlySecret(t, run, first, second)
	logSecretsFigures(t, auth, run, len(stateKept)+len(neverInPlan), len(leaks))
	return run
}

// checkPlanJSONMarksSecretsSensitive: the plan JSON flags secret_options as
// sensitive (what tools reading it rely on) and has no write-only value.
func checkPlanJSONMarksSecretsSensitive(t *testing.T, planJSON string) {
	t.Helper()
	if !strings.Contains(planJSON, `"secret_options":true`) {
		t.Errorf("the plan JSON does not mark secret_options sensitive")
	}
	if strings.Contains(planJSON, `"secret_options_wo":"`) {
		t.Errorf("the plan JSON holds a value for secret_options_wo")
	}
}

func checkStateHasNoWriteOnlySecret(t *testing.T, run secretsRun, first, second connectionSecrets) {
	t.Helper()
	for label, state := range run.states {
		for _, v := range []string{first.writeOnly, second.writeOnly} {
			if strings.Contains(state, v) {
				t.Errorf("the state after %s holds a write-only secret", label)
			}
		}
		if !strings.Contains(state, `"secret_options_wo": null`) {
			t.Errorf("the state after %s does not record secret_options_wo as null", label)
		}
	}
}

func logSecretsFigures(t *testing.T, auth string, run secretsRun, searched, found int) {
	t.Helper()
	var logBytes, masked int
	for _, l := range run.logs {
		logBytes += len(l)
		masked += strings.Count(l, `***`)
	}
	t.Logf("FIGURES secrets (%s): %d secret values searched in %d terraform outputs, %d TRACE logs (%.1f MB, %d masked values in debug bodies) and the plan JSON: %d found",
		auth, searched, len(run.outputs), len(run.logs), float64(logBytes)/(1<<20), masked, found)
}
