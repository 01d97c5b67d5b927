package main

import (
	"fmt"
	"strings"
)

// check is one line the benchmark holds this provider to: what was measured
// against its limit.
type check struct {
	scenario string
	n        int
	what     string // "create: calls", "lifecycle: wall", …
	limit    string // as printed: "= 50 (N)", "≤ 10 (one burst)"
	value    string
	pass     bool
}

// Targets of the scenarios.
const (
	// wallRatioLimit: without a rate limit each step of ours takes at most
	// this many times the official provider's wall time.
	wallRatioLimit = 1.25
	// throttledWallTolerance: against a free tenant the whole lifecycle
	// takes at most this many times (calls − burst) / rate.
	throttledWallTolerance = 1.15
	// listPageSize is the provider's checkpoint page (take=100).
	listPageSize = 100
)

// refreshBudget is what refreshing n connections in a tenant of m may cost
// with read batching (the default): at most ceil(m/100) list pages + 2, and
// never more than one GET per connection.
func refreshBudget(n, m int) int64 {
	return int64(min(n, ceilDiv(m, listPageSize)+2))
}

func ceilDiv(a, b int) int { return (a + b - 1) / b }

// evaluate returns every check of this provider's measurements, scenario
// by scenario. The official provider is measured, not checked.
func evaluate(results []measurement) []check {
	var checks []check
	for _, m := range results {
		if m.Provider != ours {
			continue
		}
		if m.Process <= 1 {
			checks = append(checks, budgetChecks(m)...)
		}
		if s, _ := stepNamed(m.Step); !s.plan {
			what := m.Step + ": failures"
			if m.Process > 0 {
				what = fmt.Sprintf("apply %d: failures", m.Process)
			}
			checks = append(checks, check{scenario: m.Scenario, n: m.N, what: what, limit: "none", value: exitResult(m.ExitCode), pass: m.ExitCode == 0})
		}
	}
	checks = append(checks, comparisonChecks(results)...)
	checks = append(checks, throttledChecks(results)...)
	for _, m := range results {
		if m.Provider != ours {
			continue
		}
		switch m.Scenario {
		case consumer.name:
			refused := -1
			if m.Consumer != nil {
				refused = m.Consumer.Refused
			}
			checks = append(checks, check{scenario: m.Scenario, n: m.N, what: "the other consumer: 429s", limit: "= 0",
				value: fmt.Sprint(refused), pass: refused == 0})
		case twoApplies.name:
			if m.Process == 1 {
				checks = append(checks, atMost(m, "both applies: 429s", m.limited429(), int64(twoApplies.tenant.burst), "one burst"))
			}
		}
	}
	return checks
}

// budgetChecks are the API call budget of one command (and that a no-op
// plan is empty). The tenant holds only the connections the workspace manages (M = N), or
// both workspaces' when two apply at once.
func budgetChecks(m measurement) []check {
	n := int64(m.N)
	processes := int64(1)
	if m.Process > 0 {
		processes = 2
	}
	refresh := refreshBudget(m.N, m.N)
	prefix := m.Step + ": "
	if m.Process > 0 {
		prefix = "both " + m.Step + "s: "
	}
	var checks []check
	switch m.Step {
	case "create":
		checks = append(checks, exactly(m, prefix+"calls", m.calls(), processes*n, fmt.Sprintf("N = %d per workspace", m.N)))
	case "no-op plan":
		checks = append(checks, atMost(m, prefix+"calls", m.calls(), refresh, "min(N, ceil(N/100) + 2)"),
			check{scenario: m.Scenario, n: m.N, what: prefix + "plan", limit: "empty", value: planResult(m.ExitCode), pass: m.ExitCode == 0})
	case "update options":
		checks = append(checks, atMost(m, prefix+"calls", m.calls(), 2*n+refresh, "2N + refresh"))
	case "update display_name":
		checks = append(checks, atMost(m, prefix+"calls", m.calls(), n+refresh, "N + refresh"))
	case "destroy":
		checks = append(checks, atMost(m, prefix+"calls", m.calls(), n+refresh, "N + refresh"))
	}
	return checks
}

// comparisonChecks: without a rate limit, each step of ours is within
// wallRatioLimit of the official provider's wall time and never makes more
// calls.
func comparisonChecks(results []measurement) []check {
	var checks []check
	for _, p := range pairsOf(results, unthrottled.name) {
		if p.ours == nil || p.official == nil {
			continue
		}
		o, f := p.ours, p.official
		checks = append(checks,
			check{scenario: o.Scenario, n: o.N, what: o.Step + ": wall, ours / official", limit: fmt.Sprintf("≤ %.2f", wallRatioLimit),
				value: ratio(o.WallSec, f.WallSec), pass: o.WallSec <= wallRatioLimit*f.WallSec},
			check{scenario: o.Scenario, n: o.N, what: o.Step + ": calls, ours vs official", limit: fmt.Sprintf("≤ %d", f.calls()),
				value: fmt.Sprint(o.calls()), pass: o.calls() <= f.calls()})
	}
	return checks
}

// throttledChecks: against a free tenant the whole lifecycle of ours has no
// failure, at most ten 429s, and a wall time within throttledWallTolerance
// of (calls − burst) / rate.
func throttledChecks(results []measurement) []check {
	var checks []check
	for _, lc := range lifecyclesOf(results, throttled.name, ours) {
		t := throttled.tenant
		floor := float64(lc.calls-int64(t.burst)) / t.rps
		checks = append(checks,
			check{scenario: throttled.name, n: lc.n, what: "lifecycle: failures", limit: "none", value: fmt.Sprint(lc.failures), pass: lc.failures == 0},
			check{scenario: throttled.name, n: lc.n, what: "lifecycle: 429s", limit: "≤ 10", value: fmt.Sprint(lc.limited429), pass: lc.limited429 <= 10},
			check{scenario: throttled.name, n: lc.n, what: "lifecycle: wall",
				limit: fmt.Sprintf("≤ %.1f s (%.2f × (%d calls − %d) / %g rps)", throttledWallTolerance*floor, throttledWallTolerance, lc.calls, t.burst, t.rps),
				value: fmt.Sprintf("%.1f s", lc.wallSec), pass: lc.wallSec <= throttledWallTolerance*floor})
	}
	return checks
}

// pair is the measurements of both providers of one step.
type pair struct{ ours, official *measurement }

// pairsOf pairs the providers' measurements of a scenario by N and step,
// in the order of the results.
func pairsOf(results []measurement, scenario string) []*pair {
	var order []*pair
	index := map[string]*pair{}
	for i := range results {
		m := &results[i]
		if m.Scenario != scenario {
			continue
		}
		k := fmt.Sprintf("%d|%s|%d", m.N, m.Step, m.Process)
		p, ok := index[k]
		if !ok {
			p = &pair{}
			index[k] = p
			order = append(order, p)
		}
		if m.Provider == ours {
			p.ours = m
		} else {
			p.official = m
		}
	}
	return order
}

// lifecycleTotal sums one provider's lifecycle at one N.
type lifecycleTotal struct {
	n                 int
	calls, limited429 int64
	wallSec           float64
	failures          int
}

func lifecyclesOf(results []measurement, scenario, provider string) []lifecycleTotal {
	var out []lifecycleTotal
	index := map[int]int{}
	for _, m := range results {
		if m.Scenario != scenario || m.Provider != provider {
			continue
		}
		i, ok := index[m.N]
		if !ok {
			i = len(out)
			index[m.N] = i
			out = append(out, lifecycleTotal{n: m.N})
		}
		out[i].calls += m.calls()
		out[i].limited429 += m.limited429()
		out[i].wallSec += m.WallSec
		if m.failed() {
			out[i].failures++
		}
	}
	return out
}

func exactly(m measurement, what string, got, want int64, formula string) check {
	return check{scenario: m.Scenario, n: m.N, what: what, limit: fmt.Sprintf("= %d (%s)", want, formula), value: fmt.Sprint(got), pass: got == want}
}

func atMost(m measurement, what string, got, limit int64, formula string) check {
	return check{scenario: m.Scenario, n: m.N, what: what, limit: fmt.Sprintf("≤ %d (%s)", limit, formula), value: fmt.Sprint(got), pass: got <= limit}
}

func ratio(a, b float64) string {
	if b <= 0 {
		return "–"
	}
	return fmt.Sprintf("%.2f×", a/b)
}

func planResult(exit int) string {
	switch exit {
	case 0:
		return "empty"
	case 2:
		return "changes"
	}
	return fmt.Sprintf("error (exit %d)", exit)
}

func exitResult(exit int) string {
	if exit == 0 {
		return "none"
	}
	return fmt.Sprintf("exit %d", exit)
}

func allPass(checks []check) bool {
	for _, c := range checks {
		if !c.pass {
			return false
		}
	}
	return true
}

// failedChecks is a one-line summary of the checks that failed.
func failedChecks(checks []check) string {
	var failed []string
	for _, c := range checks {
		if !c.pass {
			failed = append(failed, fmt.Sprintf("%s N=%d %s %s, want %s", c.scenario, c.n, c.what, c.value, c.limit))
		}
	}
	return strings.Join(failed, "; ")
}
