package tfcli

import (
	"bytes"
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// commandTimeout bounds one terraform command: a hung provider fails the
// test instead of the whole test binary.
const commandTimeout = 10 * time.Minute

// Dir is a terraform working directory of a World.
type Dir struct {
	tb   testing.TB
	w    *World
	Path string
}

// Dir makes a new working directory holding files (name → content; names
// may contain slashes for subdirectories).
func (w *World) Dir(tb testing.TB, files map[string]string) *Dir {
	tb.Helper()
	d := w.DirAt(tb, tb.TempDir())
	for name, content := range files {
		d.Write(name, content)
	}
	return d
}

// DirAt uses an existing directory.
func (w *World) DirAt(tb testing.TB, path string) *Dir {
	return &Dir{tb: tb, w: w, Path: path}
}

// Write writes a file of the directory.
func (d *Dir) Write(name, content string) {
	d.tb.Helper()
	writeFile(d.tb, filepath.Join(d.Path, filepath.FromSlash(name)), []byte(content))
}

// Read reads a file of the directory.
func (d *Dir) Read(name string) []byte {
	d.tb.Helper()
	b, err := os.ReadFile(filepath.Join(d.Path, filepath.FromSlash(name)))
	if err != nil {
		d.tb.Fatal(err)
	}
	return b
}

// Terraform runs a terraform command (with -no-color) and returns its
// output, stdout and stderr together, and its exit code.
func (d *Dir) Terraform(args ...string) (string, int) {
	d.tb.Helper()
	bin := os.Getenv("TF_ACC_TERRAFORM_PATH")
	if bin == "" {
		bin = "terraform"
	}
	return d.Run(bin, append(args, "-no-color")...)
}

// Run runs a program in the directory with the World's environment.
func (d *Dir) Run(program string, args ...string) (string, int) {
	d.tb.Helper()
	ctx, cancel := context.WithTimeout(d.tb.Context(), commandTimeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, program, args...) //nolint:gosec // G204, G702: terraform (TF_ACC_TERRAFORM_PATH) or a program the test built
	cmd.Dir = d.Path
	cmd.Env = d.w.environ
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	err := cmd.Run()
	var exitErr *exec.ExitError
	switch {
	case errors.As(err, &exitErr) && ctx.Err() == nil:
		return out.String(), exitErr.ExitCode()
	case err != nil:
		d.tb.Fatalf("%s %s: %v\n%s", filepath.Base(program), strings.Join(args, " "), err, out.String())
	}
	return out.String(), 0
}

// Must runs a terraform command that has to succeed.
func (d *Dir) Must(args ...string) string {
	d.tb.Helper()
	out, code := d.Terraform(args...)
	if code != 0 {
		d.tb.Fatalf("terraform %s: exit %d\n%s", strings.Join(args, " "), code, out)
	}
	return out
}

// PlanIsClean runs terraform plan -detailed-exitcode and fails the test
// unless it finds no changes.
func (d *Dir) PlanIsClean(what string) string {
	d.tb.Helper()
	out, code := d.Terraform("plan", "-detailed-exitcode", "-input=false")
	if code != 0 {
		d.tb.Errorf("%s: terraform plan exit code %d, want 0 (no changes)\n%s", what, code, out)
	}
	return out
}
