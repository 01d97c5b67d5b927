package main

import (
	"bytes"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/openauth0/terraform-provider-auth0/internal/migrate"
)

const official = `terraform {
  required_providers {
    auth0 = {
      source = "auth0/auth0"
    }
  }
}

resource "auth0_connection" "db" {
  name     = "users"
  strategy = "auth0"

  options {
    password_policy = "good"
  }
}
`

const withClient = official + `
resource "auth0_client" "app" {
  name = "app"
}
`

const unconvertible = `resource "auth0_connection" "x" {
  name     = "x"
  strategy = var.strategy

  options {
    client_id = "a"
  }
}
`

// tree writes files (relative path → content) under a new directory.
func tree(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for p, content := range files {
		path := filepath.Join(dir, filepath.FromSlash(p))
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func read(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func runMain(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errOut bytes.Buffer
	code = run(args, &out, &errOut)
	return code, out.String(), errOut.String()
}

// mustRun runs the program, stops the test unless it exits with want, and
// returns its stdout.
func mustRun(t *testing.T, want int, args ...string) string {
	t.Helper()
	code, out, _ := runMain(t, args...)
	if code != want {
		t.Fatalf("auth0-migrate %s: exit %d, want %d:\n%s", strings.Join(args, " "), code, want, out)
	}
	return out
}

// unchanged reports an error when the file at path no longer holds want.
func unchanged(t *testing.T, path, want, what string) {
	t.Helper()
	if got := read(t, path); got != want {
		t.Errorf("%s wrote %s:\n%s", what, path, got)
	}
}

func TestInPlace(t *testing.T) {
	dir := tree(t, map[string]string{"main.tf": official, "child/extra.tf": official, ".terraform/modules/m/main.tf": official})
	out := mustRun(t, exitOK, dir)
	for _, f := range []string{"main.tf", "child/extra.tf"} {
		got := read(t, filepath.Join(dir, f))
		if !strings.Contains(got, `passwordPolicy = "good"`) || !strings.Contains(got, "provider = openauth0") {
			t.Errorf("%s not converted:\n%s", f, got)
		}
	}
	unchanged(t, filepath.Join(dir, ".terraform/modules/m/main.tf"), official, "converting the tree")
	if !strings.Contains(out, "2 files in 2 modules, 2 rewritten") || !strings.Contains(out, "everything converted") {
		t.Errorf("summary:\n%s", out)
	}
	// A second run finds nothing to do.
	code, out, _ := runMain(t, dir)
	if code != exitOK || !strings.Contains(out, "0 rewritten") || !strings.Contains(out, "already on openauth0/auth0: 2") || !strings.Contains(out, "next: nothing to convert; unless terraform plan has said No changes since the conversion: terraform init, then terraform plan") {
		t.Errorf("second run: exit %d:\n%s", code, out)
	}
}

// TestRunsThatWriteNothing: --check, and a --replace that cannot switch
// every resource, leave the file as it was and say why. Flags may follow
// the directory (DIR in args).
func TestRunsThatWriteNothing(t *testing.T) {
	for name, tc := range map[string]struct {
		config string
		args   []string
		exit   int
		says   []string
	}{
		"--check":                     {official, []string{"--check", "DIR"}, exitOK, []string{"1 to rewrite", "run auth0-migrate without --check"}},
		"--check with an error":       {unconvertible, []string{"DIR", "--check"}, exitFindings, []string{"main.tf:5: error: auth0_connection.x"}},
		"--replace with auth0_client": {withClient, []string{"--replace", "DIR"}, exitFindings, []string{"auth0_client.app: uses auth0/auth0", "nothing written"}},
	} {
		t.Run(name, func(t *testing.T) {
			dir := tree(t, map[string]string{"main.tf": tc.config})
			args := slices.Clone(tc.args)
			args[slices.Index(args, "DIR")] = dir
			out := mustRun(t, tc.exit, args...)
			unchanged(t, filepath.Join(dir, "main.tf"), tc.config, name)
			for _, want := range tc.says {
				if !strings.Contains(out, want) {
					t.Errorf("the output lacks %q:\n%s", want, out)
				}
			}
		})
	}
}

func TestOutputDirectory(t *testing.T) {
	dir := tree(t, map[string]string{"main.tf": official, "modules/m/main.tf": official, "templates/body.html": "<p/>", "notes.tf.json": "{}"})
	if err := os.Symlink("body.html", filepath.Join(dir, "templates/current.html")); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), "converted")
	stdout := mustRun(t, exitOK, "-o", out, dir)
	unchanged(t, filepath.Join(dir, "main.tf"), official, "-o")
	for _, f := range []string{"main.tf", "modules/m/main.tf"} {
		if got := read(t, filepath.Join(out, f)); !strings.Contains(got, "provider = openauth0") {
			t.Errorf("%s not converted in the copy:\n%s", f, got)
		}
	}
	if got := read(t, filepath.Join(out, "templates/body.html")); got != "<p/>" {
		t.Errorf("other files not copied: %q", got)
	}
	if target, err := os.Readlink(filepath.Join(out, "templates/current.html")); err != nil || target != "body.html" {
		t.Errorf("the link was not copied as a link: %q, %v", target, err)
	}
	if !strings.Contains(stdout, "notes.tf.json: note: a JSON configuration file, not read") {
		t.Errorf("no note about the .tf.json file:\n%s", stdout)
	}
	// Not into a directory that is not empty, nor inside the source.
	if code, _, stderr := runMain(t, "-o", out, dir); code != exitUsage || !strings.Contains(stderr, "not empty") {
		t.Errorf("non-empty -o: exit %d: %s", code, stderr)
	}
	if code, _, stderr := runMain(t, "-o", filepath.Join(dir, "sub"), dir); code != exitUsage || !strings.Contains(stderr, "inside") {
		t.Errorf("-o inside DIR: exit %d: %s", code, stderr)
	}
}

func TestReplace(t *testing.T) {
	dir := tree(t, map[string]string{"main.tf": official})
	out := mustRun(t, exitOK, "--replace", dir)
	got := read(t, filepath.Join(dir, "main.tf"))
	if !strings.Contains(got, `source = "openauth0/auth0"`) || strings.Contains(got, "provider =") || strings.Contains(got, `"auth0/auth0"`) {
		t.Errorf("--replace:\n%s", got)
	}
	if !strings.Contains(out, "terraform state replace-provider") {
		t.Errorf("no next step:\n%s", out)
	}
}

func TestErrorsLeaveTheResourceAndExit1(t *testing.T) {
	dir := tree(t, map[string]string{"bad.tf": unconvertible, "good.tf": strings.Replace(official, `"db"`, `"db2"`, 1)})
	out := mustRun(t, exitFindings, dir)
	unchanged(t, filepath.Join(dir, "bad.tf"), unconvertible, "a run that could not convert it")
	if got := read(t, filepath.Join(dir, "good.tf")); !strings.Contains(got, "provider = openauth0") {
		t.Errorf("the convertible resource was not converted:\n%s", got)
	}
	if !strings.Contains(out, "left as they were, still on auth0/auth0 (see the errors): 1") {
		t.Errorf("summary:\n%s", out)
	}
}

func TestUsage(t *testing.T) {
	for name, args := range map[string][]string{
		"no directory":       {},
		"two directories":    {"a", "b"},
		"unknown flag":       {"--nope", "."},
		"check with -o":      {"--check", "-o", "x", "."},
		"missing directory":  {filepath.Join(t.TempDir(), "absent")},
		"file, not a folder": {filepath.Join(tree(t, map[string]string{"main.tf": official}), "main.tf")},
	} {
		if code, _, stderr := runMain(t, args...); code != exitUsage || stderr == "" {
			t.Errorf("%s: exit %d, stderr %q", name, code, stderr)
		}
	}
	if code, _, _ := runMain(t, "-h"); code != exitOK {
		t.Errorf("-h: exit %d", code)
	}
}

func TestJSONConfigurationWithConnectionsIsAnError(t *testing.T) {
	const connections = `{"resource": {"auth0_connection": {"db": {"name": "db", "strategy": "auth0"}}}}`
	dir := tree(t, map[string]string{"main.tf": official, "generated.tf.json": connections})
	if out := mustRun(t, exitFindings, dir); !strings.Contains(out, "generated.tf.json: error: a JSON configuration file with connection resources") {
		t.Errorf("report:\n%s", out)
	}
	unchanged(t, filepath.Join(dir, "generated.tf.json"), connections, "converting the tree")
	if got := read(t, filepath.Join(dir, "main.tf")); !strings.Contains(got, "provider = openauth0") {
		t.Errorf("main.tf not converted:\n%s", got)
	}
}

// A module half rewritten would not work, so a file that cannot be written
// stops the run before any file is replaced.
func TestInPlaceRewritesAllOrNothing(t *testing.T) {
	dir := tree(t, map[string]string{"a.tf": official})
	res := &migrate.Result{Files: []migrate.FileResult{
		{Path: "a.tf", Out: []byte("converted"), Changed: true},
		{Path: "gone/b.tf", Out: []byte("converted"), Changed: true}, // its directory was removed since the read
	}}
	err := rewriteInPlace(dir, res)
	if err == nil || !strings.Contains(err.Error(), "no file was rewritten") {
		t.Fatalf("got %v, want an error saying no file was rewritten", err)
	}
	unchanged(t, filepath.Join(dir, "a.tf"), official, "a run that could not write every file")
	if entries, err := os.ReadDir(dir); err != nil || len(entries) != 1 {
		t.Errorf("the directory holds %v (%v), want a.tf alone: no staged file left behind", entries, err)
	}
}

// Terraform reads a configuration file that is a symbolic link, so
// converting the files beside it alone would be a partial switch: the run
// refuses, naming the link, and writes nothing.
func TestSymlinkedConfigurationFileIsRefused(t *testing.T) {
	shared := tree(t, map[string]string{"connections.tf": official})
	dir := tree(t, map[string]string{"main.tf": strings.Replace(official, `"db"`, `"db2"`, 1)})
	if err := os.Symlink(filepath.Join(shared, "connections.tf"), filepath.Join(dir, "connections.tf")); err != nil {
		t.Fatal(err)
	}
	code, _, stderr := runMain(t, dir)
	if code != exitUsage || !strings.Contains(stderr, "symbolic links") || !strings.Contains(stderr, "connections.tf") {
		t.Errorf("exit %d, stderr %q: want a usage error naming the link", code, stderr)
	}
	unchanged(t, filepath.Join(dir, "main.tf"), strings.Replace(official, `"db"`, `"db2"`, 1), "a run refused for a link")
	unchanged(t, filepath.Join(shared, "connections.tf"), official, "a run refused for a link")
}
