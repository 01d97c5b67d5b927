package provider

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/openauth0/terraform-provider-auth0/internal/client"
	"github.com/openauth0/terraform-provider-auth0/internal/emulator"
	"github.com/openauth0/terraform-provider-auth0/internal/emulator/emulatortest"
	"github.com/openauth0/terraform-provider-auth0/internal/shared"
)

// Tests that run the terraform binary with more than one provider: this
// one, built as a binary, beside the auth0/auth0 provider's own binary.
// terraform-plugin-testing serves only in-process providers and would fetch
// any other one from the registry, so these drive terraform directly.

// officialProviderBinary is the auth0/auth0 provider built from its public
// source, kept in the team's shared folder (see package shared).
const officialProviderBinary = "official-provider/terraform-provider-auth0_v1.53.0-10-gefed12c3_linux_amd64.gz"

// cliWorld is a tenant (an emulator served over TLS, as the official
// provider needs, and over plain HTTP for the test's own client) and the
// provider binaries terraform runs against it.
type cliWorld struct {
	env *accEnv // the test's view of the tenant
	// environment of every terraform process
	environ []string
}

// acceptanceOnly skips a test that runs terraform unless TF_ACC is set,
// as terraform-plugin-testing does.
func acceptanceOnly(t *testing.T) {
	t.Helper()
	if os.Getenv("TF_ACC") == "" {
		t.Skip("acceptance test: set TF_ACC=1 to run terraform")
	}
}

// providerBinaries are the directories dev_overrides point at: this
// provider (openauth0/auth0) and, when wanted, auth0/auth0.
type providerBinaries struct {
	ours, official string
}

// binaries builds this provider and unpacks the official one when
// withOfficial, once for a test and its subtests.
func binaries(t *testing.T, withOfficial bool) providerBinaries {
	t.Helper()
	acceptanceOnly(t)
	var b providerBinaries
	if withOfficial {
		b.official = unpackOfficialProvider(t)
	}
	b.ours = buildProvider(t)
	return b
}

// newCLIWorld starts a fresh tenant and writes a CLI configuration whose
// dev_overrides point terraform at the binaries.
func newCLIWorld(t *testing.T, bins providerBinaries) *cliWorld {
	t.Helper()
	srv := emulatortest.StartTLS(t, emulator.Config{ClientID: "cli-client", ClientSecret: "cli-secret"})
	c, err := client.New(client.Config{Domain: srv.URL, APIToken: srv.Token, RateLimit: -1, HTTPClient: srv.HTTPClient})
	if err != nil {
		t.Fatal(err)
	}
	env := &accEnv{t: t, client: c, server: srv}

	dir := t.TempDir()
	certFile := filepath.Join(dir, "emulator.pem")
	cert := srv.CertPEM
	overrides := fmt.Sprintf("    \"openauth0/auth0\" = %q\n", bins.ours)
	if bins.official != "" {
		overrides += fmt.Sprintf("    \"auth0/auth0\" = %q\n", bins.official)
	}
	cliConfig := filepath.Join(dir, "terraform.rc")
	writeFile(t, certFile, string(cert))
	writeFile(t, cliConfig, "provider_installation {\n  dev_overrides {\n"+overrides+"  }\n  direct {}\n}\n")

	return &cliWorld{env: env, environ: append(cleanEnviron(),
		"TF_CLI_CONFIG_FILE="+cliConfig,
		"TF_IN_AUTOMATION=1",
		"CHECKPOINT_DISABLE=1",
		"SSL_CERT_FILE="+certFile,
		"AUTH0_DOMAIN="+srv.Host,
		"AUTH0_API_TOKEN="+srv.Token,
		"AUTH0_RATE_LIMIT=-1",
	)}
}

// cleanEnviron is the test's environment without what would point
// terraform or a provider elsewhere.
func cleanEnviron() []string {
	var out []string
	for _, kv := range os.Environ() {
		name, _, _ := strings.Cut(kv, "=")
		if strings.HasPrefix(name, "AUTH0_") || strings.HasPrefix(name, "TF_") || name == "SSL_CERT_FILE" || name == "SSL_CERT_DIR" {
			continue
		}
		out = append(out, kv)
	}
	return out
}

// buildProvider builds this provider into a directory of the test.
func buildProvider(t *testing.T) string {
	t.Helper()
	root, err := shared.RepoRoot()
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	cmd := exec.Command("go", "build", "-o", filepath.Join(dir, "terraform-provider-auth0"), ".")
	cmd.Dir = root
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("building the provider: %v\n%s", err, out)
	}
	return dir
}

// unpackOfficialProvider unzips the auth0/auth0 binary into a directory of
// the test.
func unpackOfficialProvider(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	gunzipFamilyBinary(t, shared.Path(t, officialProviderBinary), filepath.Join(dir, "terraform-provider-auth0"))
	return dir
}

func writeFile(t *testing.T, path, content string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
}

// workdir is one terraform working directory of the world, used by test t.
type workdir struct {
	t   *testing.T
	w   *cliWorld
	dir string
}

func (w *cliWorld) workdir(t *testing.T, files map[string]string) *workdir {
	t.Helper()
	d := &workdir{t: t, w: w, dir: t.TempDir()}
	for name, content := range files {
		d.write(name, content)
	}
	return d
}

func (d *workdir) write(name, content string) {
	d.t.Helper()
	writeFile(d.t, filepath.Join(d.dir, name), content)
}

// terraform runs a terraform command and returns its output and exit code.
func (d *workdir) terraform(args ...string) (string, int) {
	d.t.Helper()
	bin := os.Getenv("TF_ACC_TERRAFORM_PATH")
	if bin == "" {
		bin = "terraform"
	}
	cmd := exec.CommandContext(context.Background(), bin, append(args, "-no-color")...)
	cmd.Dir = d.dir
	cmd.Env = d.w.environ
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	err := cmd.Run()
	var exitErr *exec.ExitError
	switch {
	case errors.As(err, &exitErr):
		return out.String(), exitErr.ExitCode()
	case err != nil:
		d.t.Fatalf("terraform %s: %v", strings.Join(args, " "), err)
	}
	return out.String(), 0
}

// must runs a terraform command that has to succeed.
func (d *workdir) must(args ...string) string {
	d.t.Helper()
	out, code := d.terraform(args...)
	if code != 0 {
		d.t.Fatalf("terraform %s: exit %d\n%s", strings.Join(args, " "), code, out)
	}
	return out
}

// planIsClean runs `terraform plan -detailed-exitcode` and fails the test
// unless it finds no changes.
func (d *workdir) planIsClean(what string) string {
	d.t.Helper()
	out, code := d.terraform("plan", "-detailed-exitcode", "-input=false")
	if code != 0 {
		d.t.Errorf("%s: terraform plan exit code %d, want 0 (no changes)\n%s", what, code, out)
	}
	return out
}

func (d *workdir) read(name string) []byte {
	d.t.Helper()
	b, err := os.ReadFile(filepath.Join(d.dir, name))
	if err != nil {
		d.t.Fatal(err)
	}
	return b
}

// tenant is what the tenant holds, for comparing before and after: every
// connection as the API returns it, with its enabled clients, and the
// number of writes the emulator has served.
type tenant struct {
	connections string
	writes      int64
}

func (w *cliWorld) tenant(t *testing.T) tenant {
	t.Helper()
	ctx := context.Background()
	var all []json.RawMessage
	for conn, err := range w.env.client.ListConnections(ctx, client.ListOptions{}) {
		if err != nil {
			t.Fatal(err)
		}
		enabled, err := w.env.client.ListEnabledClients(ctx, conn.ID)
		if err != nil {
			t.Fatal(err)
		}
		sort.Strings(enabled)
		raw, err := json.Marshal(struct {
			Connection     *client.Connection `json:"connection"`
			EnabledClients []string           `json:"enabled_clients_via_clients_endpoint"`
		}{conn, enabled})
		if err != nil {
			t.Fatal(err)
		}
		all = append(all, raw)
	}
	sort.Slice(all, func(i, j int) bool { return string(all[i]) < string(all[j]) })
	b, _ := json.MarshalIndent(all, "", " ")
	var writes int64
	for route, n := range w.env.server.Stats() {
		method, p, _ := strings.Cut(route, " ")
		if method != "GET" && strings.HasPrefix(p, "/api/v2/") {
			writes += n
		}
	}
	return tenant{connections: string(b), writes: writes}
}

// unchangedSince fails the test when the tenant differs from before.
func (w *cliWorld) unchangedSince(t *testing.T, before tenant, what string) {
	t.Helper()
	after := w.tenant(t)
	if after.writes != before.writes {
		t.Errorf("%s: the tenant served %d writes, want none (routes: %v)", what, after.writes-before.writes, w.env.server.Stats())
	}
	if after.connections != before.connections {
		t.Errorf("%s: the tenant's connections changed:\nbefore %s\nafter  %s", what, before.connections, after.connections)
	}
}
