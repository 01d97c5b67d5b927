package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// ev builds one go test -json line.
func ev(action, test, output string) string {
	s := `{"Time":"2026-01-02T03:04:05.000000Z","Action":"` + action + `","Package":"example.com/p"`
	if test != "" {
		s += `,"Test":"` + test + `"`
	}
	if output != "" {
		s += `,"Output":` + strings.ReplaceAll(`"`+output+`\n"`, "\t", `\t`)
	}
	return s + "}\n"
}

func TestCounts(t *testing.T) {
	tests := []struct {
		name     string
		events   string
		top, sub counts
		failPkgs int
		ok       bool
	}{
		{
			name:   "pass and skip",
			events: ev("run", "TestA", "") + ev("pass", "TestA", "") + ev("run", "TestB", "") + ev("skip", "TestB", "") + ev("pass", "", ""),
			top:    counts{passed: 1, skipped: 1},
			ok:     true,
		},
		{
			name: "subtests are counted apart",
			events: ev("run", "TestA", "") + ev("run", "TestA/one", "") + ev("pass", "TestA/one", "") +
				ev("run", "TestA/two", "") + ev("fail", "TestA/two", "") + ev("fail", "TestA", "") + ev("fail", "", ""),
			top: counts{failed: 1},
			sub: counts{passed: 1, failed: 1},
		},
		{
			name:   "a test without a result failed",
			events: ev("run", "TestA", "") + ev("output", "TestA", "panic: boom") + ev("fail", "", ""),
			top:    counts{failed: 1},
		},
		{
			name:     "a package failing without a failed test is one failure",
			events:   "# example.com/p\n./x.go:1: syntax error\n" + ev("output", "", "FAIL\texample.com/p [build failed]") + ev("fail", "", ""),
			top:      counts{failed: 1},
			failPkgs: 1,
		},
		{
			name:   "nothing passed is not a success",
			events: ev("run", "TestA", "") + ev("skip", "TestA", "") + ev("pass", "", ""),
			top:    counts{skipped: 1},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := read("cli", strings.NewReader(tt.events))
			if err != nil {
				t.Fatal(err)
			}
			top, sub := r.counts()
			if top != tt.top || sub != tt.sub {
				t.Errorf("counts = %v, %v; want %v, %v", top, sub, tt.top, tt.sub)
			}
			if len(r.failedPkgs) != tt.failPkgs {
				t.Errorf("failed packages = %v; want %d", r.failedPkgs, tt.failPkgs)
			}
			if r.ok() != tt.ok {
				t.Errorf("ok = %v; want %v", r.ok(), tt.ok)
			}
		})
	}
}

func TestEmptyInputIsAnError(t *testing.T) {
	if _, err := read("cli", strings.NewReader("")); err == nil {
		t.Fatal("no error for an empty run")
	}
}

// TestRealGoTestOutput runs go test -json on a small package that passes,
// fails, skips (with a reason, as tfversion.SkipBelow does) and has
// subtests, and checks the report against it: the format is test2json's,
// not a guess at it.
func TestRealGoTestOutput(t *testing.T) {
	dir := t.TempDir()
	writeFile := func(name, text string) {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	writeFile("go.mod", "module example.com/p\n\ngo 1.22\n")
	writeFile("p_test.go", `package p

import "testing"

func TestPass(t *testing.T) {}

func TestSkip(t *testing.T) { t.Skip("Terraform CLI version 1.5.7 is below minimum version 1.11.0: skipping test") }

func TestFail(t *testing.T) { t.Error("want 1, got 2") }

func TestSub(t *testing.T) {
	for _, name := range []string{"a", "b"} {
		t.Run(name, func(t *testing.T) { t.Parallel() })
	}
}
`)
	cmd := exec.Command("go", "test", "-json", "-count=1", ".")
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOFLAGS=-mod=mod", "GOWORK=off")
	out, err := cmd.Output()
	if err == nil {
		t.Fatal("go test passed; TestFail should fail it")
	}
	r, err := read("terraform 1.5.7", bytes.NewReader(out))
	if err != nil {
		t.Fatal(err)
	}
	top, sub := r.counts()
	if want := (counts{passed: 2, failed: 1, skipped: 1}); top != want {
		t.Errorf("top-level counts = %v; want %v", top, want)
	}
	if want := (counts{passed: 2}); sub != want {
		t.Errorf("subtest counts = %v; want %v", sub, want)
	}
	if r.ok() {
		t.Error("ok with a failed test")
	}
	var report bytes.Buffer
	write(&report, []result{r})
	for _, want := range []string{
		"terraform 1.5.7               2      1       1  2/0/0",
		"skipped on terraform 1.5.7: p.TestSkip: p_test.go:7: Terraform CLI version 1.5.7 is below minimum version 1.11.0: skipping test",
		"FAILED on terraform 1.5.7: p.TestFail",
		"p_test.go:9: want 1, got 2",
	} {
		if !strings.Contains(report.String(), want) {
			t.Errorf("report lacks %q:\n%s", want, report.String())
		}
	}
}
