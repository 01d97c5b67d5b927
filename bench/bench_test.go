package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestRefreshBudget(t *testing.T) {
	tests := []struct {
		n, m    int
		batched bool
		want    int64
	}{
		{n: 3, m: 250, batched: true, want: 3},      // few reads: never more than N
		{n: 10, m: 10, batched: true, want: 3},      // one page + 2
		{n: 500, m: 500, batched: true, want: 7},    // ceil(500/100) + 2
		{n: 30, m: 5000, batched: true, want: 30},   // listing 50 pages would cost more than N
		{n: 500, m: 500, batched: false, want: 500}, // one GET each
	}
	for _, tt := range tests {
		if got := refreshBudget(tt.n, tt.m, tt.batched); got != tt.want {
			t.Errorf("refreshBudget(%d, %d, %v) = %d, want %d", tt.n, tt.m, tt.batched, got, tt.want)
		}
	}
}

func measured(n int, limit rateLimit, batched bool, op string, calls, limited429 int64, wall time.Duration, exit int) measurement {
	for _, o := range operations {
		if o.name == op {
			return measurement{scenario: scenario{n: n, limit: limit, batched: batched}, op: o,
				calls: calls, limited429: limited429, wall: wall, exitCode: exit}
		}
	}
	panic("no operation " + op)
}

func failedChecks(m measurement) []string {
	var failed []string
	for _, c := range checkBudget(m) {
		if !c.pass {
			failed = append(failed, c.name)
		}
	}
	return failed
}

func TestCheckBudget(t *testing.T) {
	tests := []struct {
		name string
		m    measurement
		want string // failed check names, comma-separated
	}{
		{"create of N calls", measured(100, unlimited, true, "create", 100, 0, time.Second, 0), ""},
		{"create with an extra call", measured(100, unlimited, true, "create", 101, 0, time.Second, 0), "calls"},
		{"batched no-op plan within a page + 2", measured(500, unlimited, true, "no-op plan", 7, 0, time.Second, 0), ""},
		{"batched no-op plan over budget", measured(500, unlimited, true, "no-op plan", 8, 0, time.Second, 0), "calls"},
		{"no-op plan with changes", measured(10, unlimited, true, "no-op plan", 1, 0, time.Second, 2), "plan"},
		{"unbatched update of options", measured(100, unlimited, false, "update options", 300, 0, time.Second, 0), ""},
		{"batched update of options", measured(100, unlimited, true, "update options", 204, 0, time.Second, 0), "calls"},
		{"failed destroy", measured(10, unlimited, true, "destroy", 11, 0, time.Second, 1), "failures"},
		{"rate-limited create on time", measured(100, limited, true, "create", 100, 20, 12*time.Second, 0), ""},
		{"rate-limited create too slow", measured(100, limited, true, "create", 100, 0, 12100*time.Millisecond, 0), "wall"},
		{"more 429s than a burst", measured(100, limited, false, "destroy", 200, 21, time.Minute, 0), "429s"},
		{"small rate-limited create: no wall check", measured(10, limited, true, "create", 10, 0, 5*time.Second, 0), ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := strings.Join(failedChecks(tt.m), ","); got != tt.want {
				t.Errorf("failed checks %q, want %q", got, tt.want)
			}
		})
	}
}

func TestWorkloadConfigMixesStrategies(t *testing.T) {
	cert, err := selfSignedCert()
	if err != nil {
		t.Fatal(err)
	}
	config := workloadConfig(10, map[string]string{"rate_limit": "-1", "batch_reads": "false"}, cert)

	for _, want := range []string{`batch_reads = false`, `rate_limit = -1`, `strategy     = "samlp"`, `twilio_token`, "BEGIN CERTIFICATE"} {
		if !strings.Contains(config, want) {
			t.Errorf("configuration lacks %q", want)
		}
	}
	instances := 0
	for _, tmpl := range strategyMix {
		instances += len(instanceKeys(10, indexOf(tmpl), len(strategyMix)))
	}
	if instances != 10 {
		t.Errorf("%d instances, want 10", instances)
	}

	// terraform fmt parses the configuration: it must be valid HCL.
	tf, err := exec.LookPath("terraform")
	if err != nil {
		t.Fatal("terraform is not on PATH: make test needs Terraform 1.11 or newer")
	}
	cmd := exec.Command(tf, "fmt", "-")
	cmd.Stdin = strings.NewReader(config)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("terraform fmt rejects the configuration: %v\n%s", err, out)
	}
}

func indexOf(tmpl strategyTemplate) int {
	for i, s := range strategyMix {
		if s.resource == tmpl.resource {
			return i
		}
	}
	return -1
}

func TestShimPassesExitCodeAndRecordsPeakRSS(t *testing.T) {
	rss := filepath.Join(t.TempDir(), "rss")
	for _, code := range []string{"0", "3"} {
		got := runShim("/bin/sh", []string{"-c", "exit " + code}, rss)
		if want := map[string]int{"0": 0, "3": 3}[code]; got != want {
			t.Errorf("shim exit code %d, want %d", got, want)
		}
	}
	peak, processes, err := readRSS(rss)
	if err != nil || processes != 2 || peak <= 0 {
		t.Errorf("readRSS = %d KiB over %d processes, %v; want a positive peak over 2", peak, processes, err)
	}
	if _, err := os.Stat(rss); err != nil {
		t.Fatal(err)
	}
}

func TestByRoute(t *testing.T) {
	got := byRoute(map[string]int64{
		"total": 12, "429": 1, "GET /api/v2/connections": 2, "PATCH /api/v2/connections/{id}": 10,
	})
	if got != "2 list + 10 PATCH" {
		t.Errorf("byRoute = %q", got)
	}
}

func TestSavedReportRendersTheSame(t *testing.T) {
	rep := report{command: "make bench", started: time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC), duration: time.Minute,
		machine: machine{cpus: 2, cpuModel: "cpu", terraformVersion: "Terraform v1.11.4"}}
	for _, op := range []string{"create", "no-op plan"} {
		for _, batched := range []bool{true, false} {
			m := measured(10, limited, batched, op, 10, 1, 2*time.Second, 0)
			m.stats = map[string]int64{"total": 11, "429": 1, "POST /api/v2/connections": 11}
			m.checks = checkBudget(m)
			rep.results = append(rep.results, m)
		}
	}
	path := filepath.Join(t.TempDir(), "results.json")
	if err := saveReport(path, rep); err != nil {
		t.Fatal(err)
	}
	loaded, err := loadReport(path)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := loaded.markdown(), rep.markdown(); got != want {
		t.Errorf("re-rendered report differs:\n%s\n---\n%s", got, want)
	}
}
