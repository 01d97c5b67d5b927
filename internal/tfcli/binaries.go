// Package tfcli runs the terraform binary in tests, with this provider built
// as a binary and, when a test asks for it, the auth0/auth0 provider's own
// binary beside it, both under dev_overrides, against an emulated tenant.
//
// terraform-plugin-testing serves only in-process providers and would fetch
// any other one from the registry, so tests that need a second provider (a
// switch from auth0/auth0) or a program of their own (auth0-migrate) drive
// terraform with this package instead. It is imported by tests only.
//
// Binaries are built once per test binary and shared by every test in it;
// a package that uses them calls Main from its TestMain, which removes them.
package tfcli

import (
	"compress/gzip"
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/openauth0/terraform-provider-auth0/internal/shared"
)

// officialBinary is the auth0/auth0 provider built from its public source,
// kept gzipped in the team's shared folder (see package shared).
const officialBinary = "official-provider/terraform-provider-auth0_*_linux_amd64.gz"

// Providers are the directories dev_overrides point terraform at.
type Providers struct {
	Ours     string // openauth0/auth0, built from this repository
	Official string // auth0/auth0, or "" when the test does not need it
}

// AcceptanceOnly skips a test that runs terraform unless TF_ACC is set, as
// terraform-plugin-testing does.
func AcceptanceOnly(tb testing.TB) {
	tb.Helper()
	if os.Getenv("TF_ACC") == "" {
		tb.Skip("acceptance test: set TF_ACC=1 to run terraform")
	}
}

// Build returns this provider, built once per test binary, and with
// official the auth0/auth0 provider too (skipping the test, with a message
// saying why, when the shared folder is absent). It skips unless TF_ACC
// is set.
func Build(tb testing.TB, official bool) Providers {
	tb.Helper()
	AcceptanceOnly(tb)
	var p Providers
	if official {
		gz := shared.PathOf(tb, "the auth0/auth0 provider's binary", officialBinary)
		p.Official = once(tb, "official", func(dir string) error { return gunzip(gz, filepath.Join(dir, "terraform-provider-auth0")) })
	}
	p.Ours = once(tb, "ours", func(dir string) error { return goBuild(".", filepath.Join(dir, "terraform-provider-auth0")) })
	return p
}

// Command builds a main package of this repository (a path relative to its
// root, such as ./cmd/auth0-migrate) once per test binary and returns the
// program's path.
func Command(tb testing.TB, pkg string) string {
	tb.Helper()
	name := filepath.Base(pkg)
	dir := once(tb, "cmd-"+name, func(dir string) error { return goBuild(pkg, filepath.Join(dir, name)) })
	return filepath.Join(dir, name)
}

var (
	mu    sync.Mutex
	root  string                      // the directory holding every build of this test binary
	built = map[string]*buildResult{} // by name
)

type buildResult struct {
	once sync.Once
	dir  string
	err  error
}

// once runs prepare in a directory of its own the first time name is asked
// for, and returns that directory; later calls, concurrent ones included,
// wait for the first and share its result.
func once(tb testing.TB, name string, prepare func(dir string) error) string {
	tb.Helper()
	mu.Lock()
	if root == "" {
		var err error
		// Not tb.TempDir: that would vanish with the first test, and the
		// builds serve every test of the binary. Main removes it.
		if root, err = os.MkdirTemp("", "tfcli-"); err != nil { //nolint:usetesting // see above
			mu.Unlock()
			tb.Fatal(err)
		}
	}
	r := built[name]
	if r == nil {
		r = &buildResult{dir: filepath.Join(root, name)}
		built[name] = r
	}
	mu.Unlock()
	r.once.Do(func() {
		if r.err = os.MkdirAll(r.dir, 0o750); r.err == nil {
			r.err = prepare(r.dir)
		}
	})
	if r.err != nil {
		tb.Fatalf("preparing %s: %v", name, r.err)
	}
	return r.dir
}

// Main runs the tests of a package, then removes the binaries they built.
// Call it from TestMain.
func Main(m *testing.M) {
	code := m.Run()
	mu.Lock()
	if root != "" {
		_ = os.RemoveAll(root)
	}
	mu.Unlock()
	os.Exit(code)
}

// goBuild builds a package of this repository into out.
func goBuild(pkg, out string) error {
	repo, err := shared.RepoRoot()
	if err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(context.Background(), 15*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, "go", "build", "-o", out, pkg) // #nosec G204 -- a package of this repository, named by a test
	cmd.Dir = repo
	if b, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("go build %s: %w\n%s", pkg, err, b)
	}
	return nil
}

// gunzip writes the executable gzipped in src to dst.
func gunzip(src, dst string) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	zr, err := gzip.NewReader(in)
	if err != nil {
		return err
	}
	out, err := os.OpenFile(dst, os.O_CREATE|os.O_WRONLY|os.O_TRUNC, 0o755) // #nosec G302 -- an executable
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, zr); err != nil { //nolint:gosec // G110: a file of the team's shared folder, not input
		out.Close()
		return err
	}
	return out.Close()
}
