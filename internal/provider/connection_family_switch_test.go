package provider

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/openauth0/terraform-provider-auth0/internal/client"
	"github.com/openauth0/terraform-provider-auth0/internal/emulator"
	"github.com/openauth0/terraform-provider-auth0/internal/emulator/emulatortest"
	"github.com/openauth0/terraform-provider-auth0/internal/migrate"
	"github.com/openauth0/terraform-provider-auth0/internal/shared"
)

// The switch from auth0/auth0, end to end with the terraform binary and
// both providers' binaries: the official provider applies its own
// configuration of the connection family against the emulator; the
// configuration is converted with auth0-migrate's converter; this
// provider then takes the resources over (Terraform hands it the official
// states) and plans No changes, and applying changes nothing on the tenant.
// terraform-plugin-testing only serves in-process providers, so this test
// drives terraform itself (a small harness of its own).

// familySwitchDir holds the configuration: connections.tf stays on
// auth0/auth0, family.tf and versions.tf are converted.
const familySwitchDir = "testdata/family-switch"

func TestAccFamilySwitchFromOfficial(t *testing.T) {
	if os.Getenv("TF_ACC") == "" {
		t.Skip("acceptance test: set TF_ACC=1 to run terraform with both providers")
	}
	official := shared.PathOf(t, "the auth0/auth0 provider binary", "official-provider/terraform-provider-auth0_*_linux_amd64.gz")
	t.Parallel()
	h := newFamilySwitchHarness(t, official)
	for _, name := range []string{"connections.tf", "family.tf", "versions.tf"} {
		h.copyConfig(name)
	}

	h.must("apply", "-auto-approve", "-input=false")
	h.planIsClean("auth0/auth0 after its own apply")
	before := h.snapshot()
	officialState := h.stateOf("auth0_connection_scim_token", "okta")

	converted := migrate.Convert([]migrate.File{
		{Path: "family.tf", Src: h.read("family.tf")},
		{Path: "versions.tf", Src: h.read("versions.tf")},
	}, migrate.Options{})
	if converted.HasErrors() {
		t.Fatalf("the converter reported errors: %+v", converted.Findings)
	}
	for _, f := range converted.Files {
		h.write(f.Path, f.Out)
	}

	plan := h.planIsClean("openauth0/auth0 taking the family over")
	t.Logf("the plan after the switch:\n%s", plan)
	if !strings.Contains(plan, "No changes.") {
		t.Errorf("the plan after the switch does not say No changes:\n%s", plan)
	}
	h.must("apply", "-auto-approve", "-input=false")
	h.unchangedSince(before, "the first apply with openauth0/auth0")
	h.planIsClean("openauth0/auth0 after its first apply")

	for _, r := range h.familyResources() {
		if !strings.Contains(r.Provider, "openauth0/auth0") {
			t.Errorf("%s.%s is still on %s", r.Type, r.Name, r.Provider)
		}
	}
	if got := h.stateOf("auth0_connection_scim_token", "okta"); got["token"] == "" || got["token"] != officialState["token"] {
		t.Error("the SCIM token's secret did not survive the switch")
	}

	// From now on openauth0/auth0 manages them: a trigger rotates, a group
	// change sends the difference.
	h.write("family.tf", bytes.Replace(bytes.Replace(h.read("family.tf"),
		[]byte(`version = "1"`), []byte(`version = "2"`), 1),
		[]byte(`"group3ghi"]`), []byte(`"group4jkl"]`), 1))
	h.env.server.ResetStats()
	h.must("apply", "-auto-approve", "-input=false")
	stats := h.env.server.Stats()
	for route, want := range map[string]int64{
		"POST /api/v2/connections/{id}/keys/rotate":                                  1,
		"DELETE /api/v2/connections/{id}/directory-provisioning/synchronized-groups": 1,
		"POST /api/v2/connections/{id}/directory-provisioning/synchronized-groups":   1,
		"PUT /api/v2/connections/{id}/directory-provisioning/synchronized-groups":    0,
		"PATCH /api/v2/connections/{id}/scim-configuration":                          0,
		"POST /api/v2/connections/{id}/scim-configuration/tokens":                    0,
		"DELETE /api/v2/connections/{id}/scim-configuration/tokens/{token}":          0,
		"PATCH /api/v2/connections/{id}/directory-provisioning":                      0,
		"POST /api/v2/connections":                                                   0,
		"PATCH /api/v2/connections/{id}":                                             0,
	} {
		if stats[route] != want {
			t.Errorf("the apply after the switch: %s: %d calls, want %d", route, stats[route], want)
		}
	}
	h.planIsClean("openauth0/auth0 after a rotation and a group change")
	h.must("destroy", "-auto-approve", "-input=false")
}

// familySwitchHarness is a tenant (the emulator over TLS, as the official
// provider needs, and over plain HTTP for the test's own client) and a
// terraform working directory whose CLI configuration points at both
// providers' binaries (dev_overrides).
type familySwitchHarness struct {
	t       *testing.T
	env     *accEnv
	dir     string
	environ []string
}

func newFamilySwitchHarness(t *testing.T, officialGz string) *familySwitchHarness {
	t.Helper()
	bins := t.TempDir()
	ours, theirs := filepath.Join(bins, "ours"), filepath.Join(bins, "official")
	buildFamilyProvider(t, ours)
	gunzipFamilyBinary(t, officialGz, filepath.Join(theirs, "terraform-provider-auth0"))

	tls := emulatortest.StartTLS(t, emulator.Config{})
	c, err := client.New(client.Config{Domain: tls.Host, APIToken: tls.Token, RateLimit: -1, HTTPClient: tls.HTTPClient})
	if err != nil {
		t.Fatal(err)
	}
	h := &familySwitchHarness{t: t, env: &accEnv{t: t, server: tls, client: c}, dir: t.TempDir()}

	certFile := filepath.Join(bins, "emulator.pem")
	cliConfig := filepath.Join(bins, "terraform.rc")
	writeFamilyFile(t, certFile, tls.CertPEM)
	writeFamilyFile(t, cliConfig, fmt.Appendf(nil, "provider_installation {\n  dev_overrides {\n    %q = %q\n    %q = %q\n  }\n  direct {}\n}\n",
		"openauth0/auth0", ours, "auth0/auth0", theirs))
	for _, kv := range os.Environ() {
		name, _, _ := strings.Cut(kv, "=")
		if !strings.HasPrefix(name, "AUTH0_") && !strings.HasPrefix(name, "TF_") && name != "SSL_CERT_FILE" && name != "SSL_CERT_DIR" {
			h.environ = append(h.environ, kv)
		}
	}
	h.environ = append(h.environ, "TF_CLI_CONFIG_FILE="+cliConfig, "TF_IN_AUTOMATION=1", "CHECKPOINT_DISABLE=1",
		"SSL_CERT_FILE="+certFile, "AUTH0_DOMAIN="+tls.Host, "AUTH0_API_TOKEN="+tls.Token, "AUTH0_RATE_LIMIT=-1")
	return h
}

func buildFamilyProvider(t *testing.T, dir string) {
	t.Helper()
	cmd := exec.CommandContext(context.Background(), "go", "build", "-o", filepath.Join(dir, "terraform-provider-auth0"), ".")
	cmd.Dir = filepath.Join("..", "..")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("building the provider: %v\n%s", err, out)
	}
}

func gunzipFamilyBinary(t *testing.T, src, dst string) {
	t.Helper()
	in, err := os.Open(src)
	if err != nil {
		t.Fatal(err)
	}
	defer in.Close()
	zr, err := gzip.NewReader(in)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
		t.Fatal(err)
	}
	out, err := os.OpenFile(dst, os.O_CREATE|os.O_WRONLY|os.O_TRUNC, 0o755) // #nosec G302 -- an executable
	if err != nil {
		t.Fatal(err)
	}
	if _, err := io.Copy(out, zr); err != nil { //nolint:gosec // G110: the team's own build of the official provider
		t.Fatal(err)
	}
	if err := out.Close(); err != nil {
		t.Fatal(err)
	}
}

func writeFamilyFile(t *testing.T, path string, data []byte) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
}

func (h *familySwitchHarness) copyConfig(name string) {
	h.t.Helper()
	src, err := os.ReadFile(filepath.Join(familySwitchDir, name))
	if err != nil {
		h.t.Fatal(err)
	}
	h.write(name, src)
}

func (h *familySwitchHarness) write(name string, data []byte) {
	h.t.Helper()
	writeFamilyFile(h.t, filepath.Join(h.dir, name), data)
}

func (h *familySwitchHarness) read(name string) []byte {
	h.t.Helper()
	b, err := os.ReadFile(filepath.Join(h.dir, name))
	if err != nil {
		h.t.Fatal(err)
	}
	return b
}

// terraform runs a command and returns its output and exit code.
func (h *familySwitchHarness) terraform(args ...string) (string, int) {
	h.t.Helper()
	cmd := exec.CommandContext(context.Background(), "terraform", append(args, "-no-color")...)
	cmd.Dir, cmd.Env = h.dir, h.environ
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	err := cmd.Run()
	var exitErr *exec.ExitError
	switch {
	case errors.As(err, &exitErr):
		return out.String(), exitErr.ExitCode()
	case err != nil:
		h.t.Fatalf("terraform %s: %v", strings.Join(args, " "), err)
	}
	return out.String(), 0
}

func (h *familySwitchHarness) must(args ...string) string {
	h.t.Helper()
	out, code := h.terraform(args...)
	if code != 0 {
		h.t.Fatalf("terraform %s: exit %d\n%s", strings.Join(args, " "), code, out)
	}
	return out
}

// planIsClean fails the test unless terraform plan finds nothing to do.
func (h *familySwitchHarness) planIsClean(what string) string {
	h.t.Helper()
	out, code := h.terraform("plan", "-detailed-exitcode", "-input=false")
	if code != 0 {
		h.t.Errorf("%s: terraform plan exit code %d, want 0 (no changes)\n%s", what, code, out)
	}
	return out
}

type familyStateResource struct {
	Mode, Type, Name, Provider string
	Instances                  []struct {
		Attributes map[string]any `json:"attributes"`
	}
}

func (h *familySwitchHarness) state() []familyStateResource {
	h.t.Helper()
	var st struct{ Resources []familyStateResource }
	if err := json.Unmarshal([]byte(h.must("state", "pull")), &st); err != nil {
		h.t.Fatal(err)
	}
	return st.Resources
}

// familyResources are the state's resources and data sources other than
// auth0_connection.
func (h *familySwitchHarness) familyResources() []familyStateResource {
	var out []familyStateResource
	for _, r := range h.state() {
		if r.Type != "auth0_connection" {
			out = append(out, r)
		}
	}
	return out
}

func (h *familySwitchHarness) stateOf(typeName, name string) map[string]any {
	h.t.Helper()
	for _, r := range h.state() {
		if r.Mode == "managed" && r.Type == typeName && r.Name == name && len(r.Instances) == 1 {
			return r.Instances[0].Attributes
		}
	}
	h.t.Fatalf("%s.%s not in the state", typeName, name)
	return nil
}

// familySnapshot is what the tenant holds of the connection family, and
// how many writes it has served.
type familySnapshot struct {
	holds  string
	writes int64
}

func (h *familySwitchHarness) snapshot() familySnapshot {
	h.t.Helper()
	ctx := context.Background()
	c := h.env.client
	var parts []string
	for conn, err := range c.ListConnections(ctx, client.ListOptions{}) {
		if err != nil {
			h.t.Fatal(err)
		}
		items := []any{conn}
		for _, read := range []func() (any, error){
			func() (any, error) { return c.GetSCIMConfiguration(ctx, conn.ID) },
			func() (any, error) { return c.ListSCIMTokens(ctx, conn.ID) },
			func() (any, error) { return c.ListConnectionKeys(ctx, conn.ID) },
			func() (any, error) { return c.GetDirectoryProvisioning(ctx, conn.ID) },
			func() (any, error) { return c.ListSynchronizedGroups(ctx, conn.ID, "") },
		} {
			v, err := read()
			if err != nil {
				v = err.Error() // a sub-resource it does not have
			}
			items = append(items, v)
		}
		raw, err := json.Marshal(items)
		if err != nil {
			h.t.Fatal(err)
		}
		parts = append(parts, string(raw))
	}
	slices.Sort(parts)
	var writes int64
	for route, n := range h.env.server.Stats() {
		if method, p, _ := strings.Cut(route, " "); method != "GET" && strings.HasPrefix(p, "/api/v2/") {
			writes += n
		}
	}
	return familySnapshot{holds: strings.Join(parts, "\n"), writes: writes}
}

// unchangedSince fails the test when the tenant differs from before or
// served a write.
func (h *familySwitchHarness) unchangedSince(before familySnapshot, what string) {
	h.t.Helper()
	after := h.snapshot()
	if after.writes != before.writes {
		h.t.Errorf("%s: the tenant served %d writes, want none: %v", what, after.writes-before.writes, h.env.server.Stats())
	}
	if after.holds != before.holds {
		h.t.Errorf("%s: the tenant changed:\nbefore %s\nafter  %s", what, before.holds, after.holds)
	}
}
