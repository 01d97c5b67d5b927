//go:build reliability

package reliability

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
	"syscall"
	"testing"
	"time"

	"github.com/openauth0/terraform-provider-auth0/internal/client"
	"github.com/openauth0/terraform-provider-auth0/internal/emulator"
	"github.com/openauth0/terraform-provider-auth0/internal/emulator/emulatortest"
)

// built are the binaries TestMain compiles once for every test: the
// provider (served to terraform through dev_overrides) and the emulator
// program.
var built struct {
	providerDir string // holds terraform-provider-auth0
	emulator    string
	cliConfig   string // TF_CLI_CONFIG_FILE with the dev_overrides
}

// repoRoot is the module root, relative to this package's directory (go
// test runs a package's tests in its directory).
const repoRoot = "../.."

// commandTimeout bounds one terraform command, so a hang fails the test
// with output instead of running into go test's global timeout.
const commandTimeout = 10 * time.Minute

func TestMain(m *testing.M) {
	os.Exit(runTests(m))
}

func runTests(m *testing.M) int {
	if _, err := exec.LookPath("terraform"); err != nil {
		// Failing, not skipping: make test-reliability must never pass
		// without running the suites.
		fmt.Fprintln(os.Stderr, "reliability: terraform is not on PATH; install Terraform 1.11 or newer")
		return 1
	}
	dir, err := os.MkdirTemp("", "auth0-reliability-")
	if err != nil {
		fmt.Fprintln(os.Stderr, "reliability:", err)
		return 1
	}
	defer os.RemoveAll(dir)
	if err := buildTools(dir); err != nil {
		fmt.Fprintln(os.Stderr, "reliability:", err)
		return 1
	}
	return m.Run()
}

func buildTools(dir string) error {
	built.providerDir = filepath.Join(dir, "provider")
	built.emulator = filepath.Join(dir, "auth0-emulator")
	built.cliConfig = filepath.Join(dir, "terraform.rc")
	for _, b := range []struct{ out, pkg string }{
		{filepath.Join(built.providerDir, "terraform-provider-auth0"), "."},
		{built.emulator, "./cmd/auth0-emulator"},
	} {
		cmd := exec.Command("go", "build", "-o", b.out, b.pkg)
		cmd.Dir = repoRoot
		if out, err := cmd.CombinedOutput(); err != nil {
			return fmt.Errorf("go build %s: %w\n%s", b.pkg, err, out)
		}
	}
	rc := fmt.Sprintf(`provider_installation {
  dev_overrides {
    "openauth0/auth0" = %q
  }
  direct {}
}
`, built.providerDir)
	return os.WriteFile(built.cliConfig, []byte(rc), 0o644)
}

// workspace is one terraform working directory with its own environment.
type workspace struct {
	t   *testing.T
	dir string
	env map[string]string
}

func newWorkspace(t *testing.T) *workspace {
	t.Helper()
	w := &workspace{t: t, dir: t.TempDir(), env: map[string]string{}}
	for _, kv := range os.Environ() {
		k, v, _ := strings.Cut(kv, "=")
		// The caller's Terraform and Auth0 settings must not leak into the
		// runs (an AUTH0_API_TOKEN in the environment would conflict).
		if strings.HasPrefix(k, "TF_") || strings.HasPrefix(k, "AUTH0_") {
			continue
		}
		w.env[k] = v
	}
	w.env["TF_CLI_CONFIG_FILE"] = built.cliConfig
	w.env["TF_IN_AUTOMATION"] = "1"
	w.env["TF_INPUT"] = "0"
	w.env["CHECKPOINT_DISABLE"] = "1"
	return w
}

func (w *workspace) environ() []string {
	out := make([]string, 0, len(w.env))
	for k, v := range w.env {
		out = append(out, k+"="+v)
	}
	sort.Strings(out)
	return out
}

// writeConfig writes the configuration, main.tf, into the working directory.
func (w *workspace) writeConfig(content string) {
	w.t.Helper()
	if err := os.WriteFile(filepath.Join(w.dir, "main.tf"), []byte(content), 0o644); err != nil {
		w.t.Fatal(err)
	}
}

func (w *workspace) path(name string) string { return filepath.Join(w.dir, name) }

// tfResult is one finished terraform command.
type tfResult struct {
	args           []string
	stdout, stderr string
	exitCode       int
	elapsed        time.Duration
}

func (r tfResult) String() string {
	return fmt.Sprintf("terraform %s: exit %d after %s\n--- stdout\n%s\n--- stderr\n%s",
		strings.Join(r.args, " "), r.exitCode, r.elapsed.Round(time.Millisecond), tail(r.stdout, 6000), tail(r.stderr, 6000))
}

func tail(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return "…" + s[len(s)-n:]
}

// command prepares terraform with args in the workspace, in its own process
// group so a test can signal it like a terminal's Ctrl-C does.
func (w *workspace) command(ctx context.Context, args ...string) (*exec.Cmd, *bytes.Buffer, *bytes.Buffer) {
	cmd := exec.CommandContext(ctx, "terraform", args...)
	cmd.Dir = w.dir
	cmd.Env = w.environ()
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	// On a timeout, kill the whole group (terraform and its provider).
	cmd.Cancel = func() error { return syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL) }
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	return cmd, &stdout, &stderr
}

// run executes terraform and returns what it did; a non-zero exit is not an
// error here (see mustRun).
func (w *workspace) run(args ...string) tfResult {
	w.t.Helper()
	ctx, cancel := context.WithTimeout(w.t.Context(), commandTimeout)
	defer cancel()
	args = withCommonFlags(args)
	cmd, stdout, stderr := w.command(ctx, args...)
	start := time.Now()
	err := cmd.Run()
	return w.result(args, stdout, stderr, start, err)
}

func (w *workspace) result(args []string, stdout, stderr *bytes.Buffer, start time.Time, err error) tfResult {
	w.t.Helper()
	r := tfResult{args: args, stdout: stdout.String(), stderr: stderr.String(), elapsed: time.Since(start)}
	var exitErr *exec.ExitError
	switch {
	case err == nil:
	case errors.As(err, &exitErr):
		r.exitCode = exitErr.ExitCode()
	default:
		w.t.Fatalf("running terraform %s: %v", strings.Join(args, " "), err)
	}
	return r
}

// mustRun is run that fails the test unless terraform exits 0.
func (w *workspace) mustRun(args ...string) tfResult {
	w.t.Helper()
	r := w.run(args...)
	if r.exitCode != 0 {
		w.t.Fatalf("%s", r)
	}
	return r
}

// withCommonFlags adds -no-color and -input=false to the commands that take
// them.
func withCommonFlags(args []string) []string {
	if len(args) == 0 {
		return args
	}
	out := []string{args[0], "-no-color"}
	switch args[0] {
	case "apply", "plan", "destroy", "import", "refresh":
		out = append(out, "-input=false")
	}
	return append(out, args[1:]...)
}

// stateResource is a resource instance of `terraform show -json`.
type stateResource struct {
	Address string         `json:"address"`
	Type    string         `json:"type"`
	Values  map[string]any `json:"values"`
}

// stateConnections returns the auth0_connection instances in the state by
// name, with their ids.
func (w *workspace) stateConnections() map[string]string {
	w.t.Helper()
	r := w.mustRun("show", "-json")
	var doc struct {
		Values *struct {
			RootModule struct {
				Resources []stateResource `json:"resources"`
			} `json:"root_module"`
		} `json:"values"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &doc); err != nil {
		w.t.Fatalf("terraform show -json: %v\n%s", err, tail(r.stdout, 2000))
	}
	out := map[string]string{}
	if doc.Values == nil {
		return out
	}
	for _, res := range doc.Values.RootModule.Resources {
		if res.Type != "auth0_connection" {
			continue
		}
		name, _ := res.Values["name"].(string)
		id, _ := res.Values["id"].(string)
		if _, dup := out[name]; dup {
			w.t.Errorf("the state holds %q twice", name)
		}
		out[name] = id
	}
	return out
}

// tenant is an in-process emulator with a client for checks and
// out-of-band changes. The client has no rate limit and retries, so checks
// work while faults are on; tests still switch faults off around them.
type tenant struct {
	t      *testing.T
	srv    *emulatortest.Server
	client *client.Client
}

func newTenant(t *testing.T, cfg emulator.Config) *tenant {
	t.Helper()
	srv := emulatortest.Start(t, cfg)
	c, err := client.New(client.Config{Domain: srv.URL, APIToken: srv.Token, RateLimit: -1, MaxRetries: client.MaxRetriesLimit})
	if err != nil {
		t.Fatalf("client for the emulator: %v", err)
	}
	return &tenant{t: t, srv: srv, client: c}
}

// connections lists every connection on the server by name; a name seen
// twice fails the test (a duplicate).
func (tn *tenant) connections() map[string]*client.Connection {
	tn.t.Helper()
	out := map[string]*client.Connection{}
	for conn, err := range tn.client.ListConnections(tn.t.Context(), client.ListOptions{}) {
		if err != nil {
			tn.t.Fatalf("listing connections: %v", err)
		}
		if _, dup := out[conn.Name]; dup {
			tn.t.Errorf("duplicate connection %q on the server", conn.Name)
		}
		out[conn.Name] = conn
	}
	return out
}

// options decodes a connection's options.
func options(t *testing.T, conn *client.Connection) map[string]any {
	t.Helper()
	var opts map[string]any
	if err := json.Unmarshal(conn.Options, &opts); err != nil {
		t.Fatalf("options of %s: %v (%s)", conn.Name, err, conn.Options)
	}
	return opts
}

// requiredProvider is the terraform block every configuration of these
// tests starts with.
const requiredProvider = `
terraform {
  required_providers {
    auth0 = { source = "openauth0/auth0" }
  }
}
`

// providerBlock configures the provider for the tenant with its API token.
func (tn *tenant) providerBlock(extra string) string {
	return requiredProvider + fmt.Sprintf(`
provider "auth0" {
  domain    = %q
  api_token = %q
%s
}
`, tn.srv.URL, tn.srv.Token, extra)
}

// connectionNames returns n names with a prefix: prefix-00, prefix-01 and
// so on.
func connectionNames(prefix string, n int) []string {
	names := make([]string, n)
	for i := range names {
		names[i] = fmt.Sprintf("%s-%02d", prefix, i)
	}
	return names
}

// sameKeys compares the names of two maps.
func sameKeys[A, B any](a map[string]A, b map[string]B) (missing, extra []string) {
	for k := range a {
		if _, ok := b[k]; !ok {
			missing = append(missing, k)
		}
	}
	for k := range b {
		if _, ok := a[k]; !ok {
			extra = append(extra, k)
		}
	}
	sort.Strings(missing)
	sort.Strings(extra)
	return missing, extra
}
