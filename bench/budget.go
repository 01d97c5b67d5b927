package main

import (
	"fmt"
	"strings"
)

// check is one budget line: what was measured against its limit.
type check struct {
	name  string // what is checked: "calls", "429s", …
	limit string // the limit as printed: "= 100", "≤ 3"
	value string
	pass  bool
}

// listPageSize is the provider's checkpoint page (take=100).
const listPageSize = 100

// wallTolerance: a rate-limited create may take this much longer than its
// calls divided by the rate before it counts as slower than the limit.
const wallTolerance = 1.20

// refreshBudget is what refreshing n connections in a tenant of m may
// cost: one GET per connection without batching;
// with batching at most ceil(m/100) list pages + 2, and never more than n.
func refreshBudget(n, m int, batched bool) int64 {
	if !batched {
		return int64(n)
	}
	return int64(min(n, ceilDiv(m, listPageSize)+2))
}

func ceilDiv(a, b int) int { return (a + b - 1) / b }

// checkBudget returns the budget lines of one measurement. The benchmark's
// tenant holds exactly the n connections it manages, so m = n.
func checkBudget(m measurement) []check {
	n := int64(m.n)
	refresh := refreshBudget(m.n, m.n, m.batched)
	var checks []check
	switch m.op.name {
	case "create":
		checks = append(checks, exactly("calls", m.calls, n, "N"))
	case "no-op plan":
		checks = append(checks, atMost("calls", m.calls, refresh, refreshFormula(m.batched)),
			check{name: "plan", limit: "empty", value: planResult(m.exitCode), pass: m.exitCode == 0})
	case "update options":
		checks = append(checks, atMost("calls", m.calls, 2*n+refresh, "2N + refresh"))
	case "update display_name":
		checks = append(checks, atMost("calls", m.calls, n+refresh, "N + refresh"))
	case "destroy":
		checks = append(checks, atMost("calls", m.calls, n+refresh, "N + refresh"))
	}
	if !m.op.plan {
		checks = append(checks, check{name: "failures", limit: "none", value: exitResult(m.exitCode), pass: m.exitCode == 0})
	}
	if m.limit.emulatorRPS > 0 {
		burst := int64(m.limit.emulatorBurst)
		checks = append(checks, atMost("429s", m.limited429, burst, "one burst"))
		if m.op.name == "create" && m.n >= 100 {
			checks = append(checks, wallCheck(m))
		}
	}
	return checks
}

// wallCheck: a rate-limited create takes at most 20% longer than its calls
// at the emulator's rate. It is checked from N = 100 on; at N = 10 the
// whole budget (1 s) is less than Terraform's own start-up.
func wallCheck(m measurement) check {
	physical := float64(m.calls) / m.limit.emulatorRPS
	limit := physical * wallTolerance
	return check{
		name:  "wall",
		limit: fmt.Sprintf("≤ %.1f s (1.2 × %d calls / %g rps)", limit, m.calls, m.limit.emulatorRPS),
		value: fmt.Sprintf("%.1f s", m.wall.Seconds()),
		pass:  m.wall.Seconds() <= limit,
	}
}

func refreshFormula(batched bool) string {
	if batched {
		return "min(N, ceil(M/100) + 2)"
	}
	return "N (one GET each)"
}

func exactly(name string, got, want int64, formula string) check {
	return check{name: name, limit: fmt.Sprintf("= %d (%s)", want, formula), value: fmt.Sprint(got), pass: got == want}
}

func atMost(name string, got, limit int64, formula string) check {
	return check{name: name, limit: fmt.Sprintf("≤ %d (%s)", limit, formula), value: fmt.Sprint(got), pass: got <= limit}
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

// summarizeChecks is a one-line pass/fail for the progress log.
func summarizeChecks(checks []check) string {
	var failed []string
	for _, c := range checks {
		if !c.pass {
			failed = append(failed, fmt.Sprintf("%s %s, want %s", c.name, c.value, c.limit))
		}
	}
	if len(failed) == 0 {
		return "pass"
	}
	return "FAIL: " + strings.Join(failed, "; ")
}
