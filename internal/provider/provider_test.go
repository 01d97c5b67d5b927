package provider

import (
	"encoding/json"
	"fmt"
	"reflect"
	"regexp"
	"slices"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"

	"github.com/openauth0/terraform-provider-auth0/internal/client"
	"github.com/openauth0/terraform-provider-auth0/internal/emulator"
	"github.com/openauth0/terraform-provider-auth0/internal/emulator/emulatortest"
)

// testAccProviders serves the provider in-process to the terraform binary.
var testAccProviders = map[string]func() (tfprotov6.ProviderServer, error){
	"auth0": providerserver.NewProtocol6WithError(New("test")()),
}

// accEnv is one acceptance test's world: a fresh emulator and a client to
// make out-of-band changes and check what the server holds.
type accEnv struct {
	t      *testing.T
	server *emulatortest.Server
	client *client.Client
}

func newAccEnv(t *testing.T) *accEnv {
	t.Helper()
	return newAccEnvWith(t, emulator.Config{})
}

func newAccEnvWith(t *testing.T, cfg emulator.Config) *accEnv {
	t.Helper()
	return newAccEnvFor(t, emulatortest.Start(t, cfg))
}

// newRecordingAccEnv is newAccEnv with every exchange the emulator answers
// recorded, for tests that check what the provider sent (see
// sentByProvider).
func newRecordingAccEnv(t *testing.T) (*accEnv, *emulatortest.Recorder) {
	t.Helper()
	srv, rec := emulatortest.StartRecording(t, emulator.Config{})
	return newAccEnvFor(t, srv), rec
}

// testClientUserAgent marks the requests a test makes itself (setting up,
// changing things out of band), so recorded exchanges can be told apart
// from what the provider sent.
const testClientUserAgent = "acceptance-test-client"

func newAccEnvFor(t *testing.T, srv *emulatortest.Server) *accEnv {
	t.Helper()
	c, err := client.New(client.Config{Domain: srv.URL, APIToken: srv.Token, RateLimit: -1, UserAgent: testClientUserAgent})
	if err != nil {
		t.Fatalf("client for the emulator: %v", err)
	}
	return &accEnv{t: t, server: srv, client: c}
}

// providerBlock configures the provider for the emulator with token.
func (e *accEnv) providerBlock(token string) string {
	return fmt.Sprintf(`
provider "auth0" {
  domain     = %q
  api_token  = %q
  rate_limit = -1
}
`, e.server.URL, token)
}

// config prefixes an HCL body with the provider block.
func (e *accEnv) config(body string) string {
	return e.providerBlock(e.server.Token) + body
}

// liveOptions returns what the server holds as options for a connection.
func (e *accEnv) liveOptions(id string) map[string]any {
	e.t.Helper()
	conn, err := e.client.GetConnection(e.t.Context(), id)
	if err != nil {
		e.t.Fatalf("reading %s: %v", id, err)
	}
	var opts map[string]any
	if err := json.Unmarshal(conn.Options, &opts); err != nil {
		e.t.Fatalf("options of %s: %v", id, err)
	}
	return opts
}

// patchOptions changes options out of band: what a dashboard user does.
func (e *accEnv) patchOptions(id string, change func(opts map[string]any)) {
	e.t.Helper()
	opts := e.liveOptions(id)
	change(opts)
	if _, err := e.client.UpdateConnection(e.t.Context(), id, client.Patch{"options": opts}); err != nil {
		e.t.Fatalf("out-of-band update of %s: %v", id, err)
	}
}

// calls returns the emulator's request count for a route, e.g.
// "PATCH /api/v2/connections/{id}".
func (e *accEnv) calls(route string) int64 {
	return e.server.Stats()[route]
}

// jsonEquals checks a JSON string attribute semantically: key order and
// whitespace do not matter.
func jsonEquals(expected string) knownvalue.Check {
	var want any
	if err := json.Unmarshal([]byte(expected), &want); err != nil {
		panic(fmt.Sprintf("jsonEquals: bad expected JSON %q: %v", expected, err))
	}
	return knownvalue.StringFunc(func(got string) error {
		var have any
		if err := json.Unmarshal([]byte(got), &have); err != nil {
			return fmt.Errorf("not JSON: %w: %s", err, got)
		}
		if !reflect.DeepEqual(want, have) {
			return fmt.Errorf("JSON differs:\n got: %s\nwant: %s", got, expected)
		}
		return nil
	})
}

// hcl quotes a string for embedding in configuration.
func hcl(s string) string {
	return fmt.Sprintf("%q", s)
}

func TestProviderSchemaIsValid(t *testing.T) {
	// Building the servers validates every schema (attribute names,
	// validators, write-only rules) the way Terraform's GetProviderSchema does.
	_, resp := testProviderServer(t)
	for _, d := range resp.Diagnostics {
		t.Errorf("schema diagnostic: %s: %s", d.Summary, d.Detail)
	}
	for _, name := range []string{"auth0_connection", "auth0_connection_clients"} {
		if _, ok := resp.ResourceSchemas[name]; !ok {
			t.Errorf("resource %s missing", name)
		}
	}
	for _, name := range []string{"auth0_connection", "auth0_connections"} {
		if _, ok := resp.DataSourceSchemas[name]; !ok {
			t.Errorf("data source %s missing", name)
		}
	}
	var sensitive []string
	for _, a := range resp.Provider.Block.Attributes {
		if a.Sensitive {
			sensitive = append(sensitive, a.Name)
		}
	}
	if want := []string{"api_token", "client_assertion_private_key", "client_secret"}; !slices.Equal(sensitive, want) {
		t.Errorf("sensitive provider attributes = %q, want %q", sensitive, want)
	}
}

// sentByProvider keeps the recorded exchanges with this method (any when
// empty) and a matching path that the provider sent, leaving out the test's
// own requests.
func sentByProvider(rec *emulatortest.Recorder, method string, path *regexp.Regexp) []emulatortest.Exchange {
	var out []emulatortest.Exchange
	for _, x := range rec.Matching(method, path) {
		if x.Header.Get("User-Agent") != testClientUserAgent {
			out = append(out, x)
		}
	}
	return out
}
