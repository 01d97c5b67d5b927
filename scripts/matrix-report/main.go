// Command matrix-report reads the `go test -json` output of the acceptance
// suite run once per Terraform CLI and prints one table row per CLI: how
// many tests passed, failed and were skipped, then every skipped test with
// the reason it gave and every failed test with its output. It exits 1 when
// any CLI has a failure, so `make test-matrix` fails with it.
//
//	matrix-report "terraform 1.5.7=bin/matrix/terraform-1.5.7.json" ...
//
// How tests are counted: each test is counted once, by its last pass, fail
// or skip event. Top-level tests (TestX) make the passed/failed/skipped
// columns; subtests (TestX/case) are counted in a column of their own, so a
// failing subtest shows up both as its own failure and as its parent's. A
// test that started but never reported a result (a panic or a timeout kills
// the test binary) counts as failed, and so does a package that failed with
// no failed test in it (a build error, a panic in TestMain): such a package
// is one failure in the failed column.
package main

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path"
	"sort"
	"strings"
	"time"
)

func main() {
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, "usage: matrix-report LABEL=FILE.json ...")
		os.Exit(2)
	}
	var results []result
	for _, arg := range os.Args[1:] {
		label, file, ok := strings.Cut(arg, "=")
		if !ok {
			fmt.Fprintf(os.Stderr, "matrix-report: %q is not LABEL=FILE\n", arg)
			os.Exit(2)
		}
		r, err := readFile(label, file)
		if err != nil {
			fmt.Fprintln(os.Stderr, "matrix-report:", err)
			os.Exit(2)
		}
		results = append(results, r)
	}
	write(os.Stdout, results)
	for _, r := range results {
		if !r.ok() {
			os.Exit(1)
		}
	}
}

// event is one line of `go test -json` (cmd/test2json's TestEvent).
type event struct {
	Time    time.Time
	Action  string
	Package string
	Test    string
	Output  string
}

// testResult is one test or subtest and what it printed.
type testResult struct {
	pkg    string
	test   string // TestX, or TestX/case for a subtest
	action string // pass, fail, skip, or run when it never finished
	output []string
}

// name is the test as Go names it in a stack trace: provider.TestX/case.
func (t *testResult) name() string  { return path.Base(t.pkg) + "." + t.test }
func (t *testResult) subtest() bool { return strings.Contains(t.test, "/") }

// result is one CLI's run of the suite.
type result struct {
	label       string
	tests       []*testResult
	failedPkgs  map[string][]string // package → its output, when it failed without a failed test
	first, last time.Time
}

type counts struct{ passed, failed, skipped int }

func (c counts) String() string { return fmt.Sprintf("%d/%d/%d", c.passed, c.failed, c.skipped) }

func (r *result) counts() (top, sub counts) {
	for _, t := range r.tests {
		c := &top
		if t.subtest() {
			c = &sub
		}
		switch t.action {
		case "pass":
			c.passed++
		case "skip":
			c.skipped++
		default:
			c.failed++
		}
	}
	top.failed += len(r.failedPkgs)
	return top, sub
}

func (r *result) ok() bool {
	top, sub := r.counts()
	return top.failed == 0 && sub.failed == 0 && top.passed > 0
}

func readFile(label, file string) (result, error) {
	f, err := os.Open(file)
	if err != nil {
		return result{}, err
	}
	defer f.Close()
	r, err := read(label, f)
	if err != nil {
		return result{}, fmt.Errorf("%s: %w", file, err)
	}
	return r, nil
}

// read folds the events of one run into its tests. Lines that are not JSON
// events (go vet or build output printed before the tests) are kept as the
// output of the package they precede, in case it fails.
func read(label string, in io.Reader) (result, error) {
	r := result{label: label, failedPkgs: map[string][]string{}}
	byName := map[string]*testResult{}
	pkgOutput := map[string][]string{}
	pkgFailed := map[string]bool{}
	var loose []string
	sc := bufio.NewScanner(in)
	sc.Buffer(make([]byte, 1024*1024), 16*1024*1024)
	for sc.Scan() {
		line := sc.Bytes()
		var e event
		if len(line) == 0 || line[0] != '{' || json.Unmarshal(line, &e) != nil || e.Action == "" {
			loose = append(loose, string(line))
			continue
		}
		if !e.Time.IsZero() {
			if r.first.IsZero() {
				r.first = e.Time
			}
			r.last = e.Time
		}
		if e.Test == "" {
			pkgOutput[e.Package] = append(pkgOutput[e.Package], loose...)
			loose = nil
			switch e.Action {
			case "output", "build-output":
				pkgOutput[e.Package] = append(pkgOutput[e.Package], strings.TrimRight(e.Output, "\n"))
			case "fail":
				pkgFailed[e.Package] = true
			}
			continue
		}
		key := e.Package + " " + e.Test
		t := byName[key]
		if t == nil {
			t = &testResult{pkg: e.Package, test: e.Test, action: "run"}
			byName[key] = t
			r.tests = append(r.tests, t)
		}
		switch e.Action {
		case "pass", "fail", "skip":
			t.action = e.Action
		case "output":
			t.output = append(t.output, strings.TrimRight(e.Output, "\n"))
		}
	}
	if err := sc.Err(); err != nil {
		return result{}, err
	}
	if len(byName) == 0 && len(pkgFailed) == 0 && len(pkgOutput) == 0 {
		return result{}, errors.New("no go test -json events")
	}
	for pkg := range pkgFailed {
		if !hasFailedTest(r.tests, pkg) {
			r.failedPkgs[pkg] = append(pkgOutput[pkg], loose...)
		}
	}
	return r, nil
}

func hasFailedTest(tests []*testResult, pkg string) bool {
	for _, t := range tests {
		if t.action != "pass" && t.action != "skip" && t.pkg == pkg {
			return true
		}
	}
	return false
}

// reason is what a skipped test said about why: its t.Skip message, without
// the framing lines go test adds.
func (t *testResult) reason() string {
	var parts []string
	for _, line := range t.output {
		s := strings.TrimSpace(line)
		if s == "" || strings.HasPrefix(s, "=== ") || strings.HasPrefix(s, "--- ") {
			continue
		}
		parts = append(parts, s)
	}
	if len(parts) == 0 {
		return "(no reason given)"
	}
	return strings.Join(parts, " ")
}

// maxFailureLines bounds the output shown per failed test; the full run is
// in the JSON file.
const maxFailureLines = 60

func write(w io.Writer, results []result) {
	fmt.Fprintf(w, "%-24s %6s %6s %7s  %-23s %8s\n", "CLI", "passed", "failed", "skipped", "subtests pass/fail/skip", "time")
	for _, r := range results {
		top, sub := r.counts()
		fmt.Fprintf(w, "%-24s %6d %6d %7d  %-23s %8s\n", r.label, top.passed, top.failed, top.skipped, sub,
			r.last.Sub(r.first).Round(time.Second))
	}
	for _, r := range results {
		for _, t := range r.tests {
			if t.action == "skip" {
				fmt.Fprintf(w, "skipped on %s: %s: %s\n", r.label, t.name(), t.reason())
			}
		}
	}
	for _, r := range results {
		if top, sub := r.counts(); top.passed == 0 && top.failed == 0 && sub.failed == 0 {
			fmt.Fprintf(w, "FAILED on %s: no test passed\n", r.label)
		}
		for _, t := range r.tests {
			if t.action == "pass" || t.action == "skip" {
				continue
			}
			what := "FAILED"
			if t.action == "run" {
				what = "FAILED (no result: the test binary died)"
			}
			fmt.Fprintf(w, "%s on %s: %s\n", what, r.label, t.name())
			writeTail(w, t.output)
		}
		pkgs := make([]string, 0, len(r.failedPkgs))
		for pkg := range r.failedPkgs {
			pkgs = append(pkgs, pkg)
		}
		sort.Strings(pkgs)
		for _, pkg := range pkgs {
			fmt.Fprintf(w, "FAILED on %s: package %s (no failed test: build error or crash)\n", r.label, pkg)
			writeTail(w, r.failedPkgs[pkg])
		}
	}
}

func writeTail(w io.Writer, lines []string) {
	if len(lines) > maxFailureLines {
		fmt.Fprintf(w, "    ... %d lines before\n", len(lines)-maxFailureLines)
		lines = lines[len(lines)-maxFailureLines:]
	}
	for _, l := range lines {
		fmt.Fprintf(w, "    %s\n", l)
	}
}
