package main

import (
	"encoding/xml"
	"errors"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestRefreshBudget(t *testing.T) {
	tests := []struct {
		n, m int
		want int64
	}{
		{n: 3, m: 250, want: 3},    // few reads: never more than N
		{n: 10, m: 10, want: 3},    // one page + 2
		{n: 500, m: 500, want: 7},  // ceil(500/100) + 2
		{n: 30, m: 5000, want: 30}, // listing 50 pages would cost more than N
	}
	for _, tt := range tests {
		if got := refreshBudget(tt.n, tt.m); got != tt.want {
			t.Errorf("refreshBudget(%d, %d) = %d, want %d", tt.n, tt.m, got, tt.want)
		}
	}
}

// measured is a measurement of calls answered (and limited 429s) in wall.
func measured(s scenario, provider string, n int, stepName string, calls, limited429 int64, wall float64, exit int) measurement {
	return measurement{Scenario: s.name, Provider: provider, N: n, Step: stepName, WallSec: wall, ExitCode: exit,
		Stats: map[string]int64{"total": calls + limited429, "429": limited429}}
}

// failedNames are the checks of results that fail, as "scenario what".
func failedNames(results []measurement) string {
	var failed []string
	for _, c := range evaluate(results) {
		if !c.pass {
			failed = append(failed, c.scenario+" "+c.what)
		}
	}
	return strings.Join(failed, ", ")
}

func TestBudgetChecks(t *testing.T) {
	tests := []struct {
		name string
		m    measurement
		want string
	}{
		{"create of N calls", measured(unthrottled, ours, 100, "create", 100, 0, 1, 0), ""},
		{"create with an extra call", measured(unthrottled, ours, 100, "create", 101, 0, 1, 0), "unthrottled create: calls"},
		{"no-op plan within a page + 2", measured(unthrottled, ours, 500, "no-op plan", 7, 0, 1, 0), ""},
		{"no-op plan over budget", measured(unthrottled, ours, 500, "no-op plan", 8, 0, 1, 0), "unthrottled no-op plan: calls"},
		{"no-op plan with changes", measured(unthrottled, ours, 10, "no-op plan", 1, 0, 1, 2), "unthrottled no-op plan: plan"},
		{"update of options", measured(unthrottled, ours, 100, "update options", 203, 0, 1, 0), ""},
		{"update of options over budget", measured(unthrottled, ours, 100, "update options", 204, 0, 1, 0), "unthrottled update options: calls"},
		{"failed destroy", measured(unthrottled, ours, 10, "destroy", 11, 0, 1, 1), "unthrottled destroy: failures"},
		{"the official provider is not checked", measured(unthrottled, official, 10, "create", 30, 0, 1, 1), ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := failedNames([]measurement{tt.m}); got != tt.want {
				t.Errorf("failed checks %q, want %q", got, tt.want)
			}
		})
	}
}

func TestComparisonChecks(t *testing.T) {
	results := []measurement{
		measured(unthrottled, ours, 50, "create", 50, 0, 3.0, 0), measured(unthrottled, official, 50, "create", 100, 0, 2.5, 0),
		measured(unthrottled, ours, 50, "no-op plan", 1, 0, 1.0, 0), measured(unthrottled, official, 50, "no-op plan", 50, 0, 0.7, 0),
		measured(unthrottled, ours, 50, "destroy", 51, 0, 1.0, 0), measured(unthrottled, official, 50, "destroy", 50, 0, 1.0, 0),
	}
	want := "unthrottled no-op plan: wall, ours / official, unthrottled destroy: calls, ours vs official"
	if got := failedNames(results); got != want {
		t.Errorf("failed checks %q, want %q", got, want)
	}
}

func TestThrottledChecks(t *testing.T) {
	// 210 calls at 2 rps with a burst of 10: a floor of 100 s, 115 s allowed.
	lifecycle := func(wall float64, limited int64, exit int) []measurement {
		return []measurement{
			measured(throttled, ours, 50, "create", 50, limited, wall/2, 0),
			measured(throttled, ours, 50, "destroy", 160, 0, wall/2, exit),
		}
	}
	tests := []struct {
		name    string
		results []measurement
		want    string
	}{
		{"on time", lifecycle(114, 10, 0), "throttled destroy: calls"},
		{"too slow", lifecycle(116, 0, 0), "throttled destroy: calls, throttled lifecycle: wall"},
		{"too many 429s", lifecycle(100, 11, 0), "throttled destroy: calls, throttled lifecycle: 429s"},
		{"a failure", lifecycle(100, 0, 1), "throttled destroy: calls, throttled destroy: failures, throttled lifecycle: failures"},
	}
	for _, tt := range tests {
		if got := failedNames(tt.results); got != tt.want {
			t.Errorf("%s: failed checks %q, want %q", tt.name, got, tt.want)
		}
	}
}

func TestConsumerAndConcurrencyChecks(t *testing.T) {
	served := measured(consumer, ours, 40, "create", 40, 0, 9, 0)
	served.Consumer = &consumerResult{Sent: 9}
	served.Stats["total"] += 9
	refused := served
	refused.Consumer = &consumerResult{Sent: 9, Refused: 1}
	refused.Stats = map[string]int64{"total": 49, "429": 1} // 40 ours, 9 the consumer's (1 refused)
	if got := failedNames([]measurement{served}); got != "" {
		t.Errorf("a served consumer: failed %q", got)
	}
	if served.calls() != 40 || refused.calls() != 40 || refused.limited429() != 0 {
		t.Errorf("the consumer's requests are not the provider's: calls %d, %d, 429s %d", served.calls(), refused.calls(), refused.limited429())
	}
	if got := failedNames([]measurement{refused}); got != "consumer the other consumer: 429s" {
		t.Errorf("a refused consumer: failed %q", got)
	}

	first := measured(twoApplies, ours, 40, "create", 80, 11, 20, 0)
	first.Process = 1
	second := first
	second.Process, second.ExitCode = 2, 1
	if got := failedNames([]measurement{first, second}); got != "two-applies apply 2: failures, two-applies both applies: 429s" {
		t.Errorf("two applies: failed %q", got)
	}
}

// TestWorkloadsAreValidHCL: terraform fmt parses both providers'
// configurations.
func TestWorkloadsAreValidHCL(t *testing.T) {
	tf, err := exec.LookPath("terraform")
	if err != nil {
		t.Fatal("terraform is not on PATH: make test needs Terraform 1.11 or newer")
	}
	for name, config := range map[string]string{"ours": oursConfig(3, "a-"), "official": officialConfig(3, "")} {
		if !strings.Contains(config, `"0000", "0001", "0002"`) || !strings.Contains(config, `strategy     = "github"`) {
			t.Errorf("%s configuration lacks its connections:\n%s", name, config)
		}
		cmd := exec.Command(tf, "fmt", "-")
		cmd.Stdin = strings.NewReader(config)
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Errorf("terraform fmt rejects the %s configuration: %v\n%s", name, err, out)
		}
	}
	if !strings.Contains(oursConfig(1, "a-"), `"a-bench-${each.key}"`) || !strings.Contains(officialConfig(1, ""), `source = "auth0/auth0"`) {
		t.Errorf("prefix or source missing")
	}
}

func sampleResults() []measurement {
	var results []measurement
	for _, n := range []int{50, 200} {
		for _, st := range lifecycle {
			for _, p := range []string{ours, official} {
				results = append(results, measured(unthrottled, p, n, st.name, int64(n), 0, float64(n)/20, 0))
				results = append(results, measured(throttled, p, n/5, st.name, int64(n), 3, float64(n)/2, 0))
			}
		}
	}
	results[3].ExitCode = 1 // a failed official step
	return results
}

func TestChartIsWellFormedSVG(t *testing.T) {
	svg := wallTimeChart(sampleResults())
	dec := xml.NewDecoder(strings.NewReader(svg))
	polylines, failed := 0, 0
	for {
		tok, err := dec.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatalf("the chart is not well-formed XML: %v", err)
		}
		if el, ok := tok.(xml.StartElement); ok {
			switch el.Name.Local {
			case "polyline":
				polylines++
			case "circle":
				for _, a := range el.Attr {
					if a.Name.Local == "stroke" && a.Value == "#e03131" {
						failed++
					}
				}
			}
		}
	}
	// Two rows of five steps, two providers each; the legend's ring and
	// the failed step's.
	if polylines != 20 || failed != 2 {
		t.Errorf("%d polylines and %d red rings, want 20 and 2", polylines, failed)
	}
	for _, want := range []string{"create", "update display_name", "No limit", "2 rps, burst 10", "auth0/auth0 (official)"} {
		if !strings.Contains(svg, want) {
			t.Errorf("the chart lacks %q", want)
		}
	}
}

func TestNiceCeil(t *testing.T) {
	for v, want := range map[float64]float64{0: 1, 0.7: 1, 3.2: 5, 12: 20, 51: 100, 100: 100} {
		if got := niceCeil(v); got != want {
			t.Errorf("niceCeil(%v) = %v, want %v", v, got, want)
		}
	}
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

func TestExitCode(t *testing.T) {
	if code, err := exitCode(exec.Command("/bin/sh", "-c", "exit 3").Run()); code != 3 || err != nil {
		t.Errorf("exit 3: %d, %v", code, err)
	}
	if code, err := exitCode(exec.Command("/bin/sh", "-c", "kill -9 $$").Run()); code != -1 || err != nil {
		t.Errorf("killed: %d, %v; want -1, as the measurement records it", code, err)
	}
	if _, err := exitCode(exec.Command(filepath.Join(t.TempDir(), "missing")).Run()); err == nil {
		t.Error("a program that does not exist has an exit code")
	}
}

func TestByRoute(t *testing.T) {
	got := byRoute(map[string]int64{
		"total": 15, "429": 1, "GET /api/v2/connections": 2, "PATCH /api/v2/connections/{id}": 10, "GET /api/v2/clients": 3,
	})
	if got != "2 list + 10 PATCH" {
		t.Errorf("byRoute = %q", got)
	}
}

func TestSavedReportRendersTheSame(t *testing.T) {
	rep := report{Command: "make bench", Started: time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC), DurationSec: 60,
		Machine: machine{CPUs: 2, CPUModel: "cpu", TerraformVersion: "Terraform v1.11.4", Official: "official.gz"},
		Results: sampleResults(), Chart: "BENCHMARKS-wall-time.svg"}
	path := filepath.Join(t.TempDir(), "results.json")
	if err := saveReport(path, rep); err != nil {
		t.Fatal(err)
	}
	loaded, err := loadReport(path)
	if err != nil {
		t.Fatal(err)
	}
	loaded.Chart = rep.Chart
	if got, want := loaded.markdown(), rep.markdown(); got != want {
		t.Errorf("re-rendered report differs:\n%s\n---\n%s", got, want)
	}
	for _, want := range []string{"## Summary", "## 1. No limit", "## Checks", "![Wall time", "**failed**"} {
		if !strings.Contains(rep.markdown(), want) {
			t.Errorf("the report lacks %q", want)
		}
	}
}
