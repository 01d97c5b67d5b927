package main

import (
	"fmt"
	"slices"
	"sort"
	"strings"
	"time"
)

// machine describes where the benchmark ran.
type machine struct {
	CPUs             int    `json:"cpus"`
	CPUModel         string `json:"cpu_model"`
	Kernel           string `json:"kernel"`
	GoVersion        string `json:"go_version"`
	TerraformVersion string `json:"terraform_version"`
	LoadAverage      string `json:"load_average"` // at the start
	Official         string `json:"official"`     // the official provider's build, "" when not run
}

// report is everything BENCHMARKS.md shows, and what -json saves.
type report struct {
	Command     string        `json:"command"`
	Started     time.Time     `json:"started"`
	DurationSec float64       `json:"duration_sec"`
	Machine     machine       `json:"machine"`
	Results     []measurement `json:"results"`
	// Chart is the SVG file's name, beside the report.
	Chart string `json:"-"`
}

// routeNames shortens the emulator's route keys for the tables.
var routeNames = []struct{ key, short string }{
	{"POST /api/v2/connections", "POST"},
	{"GET /api/v2/connections", "list"},
	{"GET /api/v2/connections/{id}", "GET"},
	{"PATCH /api/v2/connections/{id}", "PATCH"},
	{"DELETE /api/v2/connections/{id}", "DELETE"},
}

// counterKeys are emulator counters that are not routes.
var counterKeys = map[string]bool{"total": true, "429": true, "429_injected": true, "5xx_injected": true, "dropped": true}

// byRoute lists the attempts per route (429s included), the other
// consumer's route left out.
func byRoute(stats map[string]int64) string {
	var parts []string
	known := map[string]bool{"GET /api/v2/clients": true}
	for _, r := range routeNames {
		known[r.key] = true
		if v := stats[r.key]; v > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", v, r.short))
		}
	}
	var other []string
	for k, v := range stats {
		if !known[k] && !counterKeys[k] && v > 0 {
			other = append(other, fmt.Sprintf("%d %s", v, k))
		}
	}
	sort.Strings(other)
	parts = append(parts, other...)
	if len(parts) == 0 {
		return "–"
	}
	return strings.Join(parts, " + ")
}

func (r report) markdown() string {
	var b strings.Builder
	checks := evaluate(r.Results)
	r.writeIntro(&b)
	r.writeSummary(&b, checks)
	if r.Chart != "" {
		fmt.Fprintf(&b, "![Wall time per step against N, ours beside the official provider, with no limit and against a free tenant](%s)\n\n", r.Chart)
	}
	r.writeUnthrottled(&b)
	r.writeThrottled(&b)
	r.writeTables(&b)
	writeChecks(&b, checks)
	r.writeFailures(&b)
	writeMethod(&b)
	return b.String()
}

func (r report) writeIntro(b *strings.Builder) {
	m := r.Machine
	official := "not run (its build was not found)"
	if m.Official != "" {
		official = "`" + m.Official + "`"
	}
	maxLoad := 0.0
	for _, x := range r.Results {
		maxLoad = max(maxLoad, x.Load1)
	}
	fmt.Fprintf(b, `# Benchmarks

Real `+"`terraform`"+` runs of this provider (openauth0/auth0) and of the official one (auth0/auth0),
side by side in one run, each against its own local Auth0 emulator (`+"`bin/auth0-emulator`"+` over
HTTPS), both at their default settings, produced by `+"`make bench`"+` (bench/). The workload is N GitHub
connections, each with a client id, a client secret, two scopes and a display name, taken through
create, a no-op plan, an update of one option on every connection, an update of display_name only, and
destroy; Terraform runs with its default -parallelism of 10.

| | |
|---|---|
| command | `+"`%s`"+` |
| date | %s |
| machine | %d CPUs (nproc), %s, Linux %s |
| load average | %s at the start; 1-minute load up to %.1f during the run (load column) |
| versions | %s, %s; official provider %s |
| whole run | %s |

`, r.Command, r.Started.UTC().Format("2006-01-02 15:04 UTC"), m.CPUs, m.CPUModel, m.Kernel, m.LoadAverage, maxLoad,
		m.GoVersion, m.TerraformVersion, official, time.Duration(r.DurationSec*float64(time.Second)).Round(time.Second))
}

func (r report) writeSummary(b *strings.Builder, checks []check) {
	b.WriteString("## Summary\n\n| scenario | target | ours | official |\n|---|---|---|---|\n")
	for _, p := range pairsOf(r.Results, unthrottled.name) {
		if p.ours == nil || p.official == nil || p.ours.Step != "create" {
			continue
		}
		worst, worstStep := 0.0, ""
		var moreCalls []string
		for _, q := range pairsOf(r.Results, unthrottled.name) {
			if q.ours == nil || q.official == nil || q.ours.N != p.ours.N {
				continue
			}
			if x := q.ours.WallSec / q.official.WallSec; x > worst {
				worst, worstStep = x, q.ours.Step
			}
			if q.ours.calls() > q.official.calls() {
				moreCalls = append(moreCalls, q.ours.Step)
			}
		}
		calls := "never more calls"
		if len(moreCalls) > 0 {
			calls = "more calls in " + strings.Join(moreCalls, ", ")
		}
		fmt.Fprintf(b, "| 1. no limit, N = %d | every step within %.2f× of the official wall time, never more calls | worst step %s (%s), %s; lifecycle %s | lifecycle %s |\n",
			p.ours.N, wallRatioLimit, ratio(worst, 1), worstStep, calls, r.lifecycleSummary(unthrottled, ours, p.ours.N), r.lifecycleSummary(unthrottled, official, p.ours.N))
	}
	for _, lc := range lifecyclesOf(r.Results, throttled.name, ours) {
		floor := float64(lc.calls-int64(throttled.tenant.burst)) / throttled.tenant.rps
		fmt.Fprintf(b, "| 2. free tenant (2 rps, burst 10), N = %d lifecycle | 0 failures, ≤ 10 × 429, wall ≤ %.2f × (calls − burst) / rate | %s; %.2f × (calls − burst) / rate | %s |\n",
			lc.n, throttledWallTolerance, r.lifecycleSummary(throttled, ours, lc.n), lc.wallSec/floor, r.lifecycleSummary(throttled, official, lc.n))
	}
	for _, m := range r.Results {
		if m.Scenario == consumer.name && m.Provider == ours {
			fmt.Fprintf(b, "| 3. 5 rps, burst 10, a consumer at 1 request/s during a %d-connection apply | the consumer sees 0 × 429 | %s | %s |\n",
				m.N, r.consumerSummary(ours), r.consumerSummary(official))
		}
	}
	for _, m := range r.Results {
		if m.Scenario == twoApplies.name && m.Provider == ours && m.Process == 1 {
			fmt.Fprintf(b, "| 4. two applies at once, %d connections each, 5 rps, burst 10 | 0 failures, ≤ one burst (10) of 429s | %s | %s |\n",
				m.N, r.concurrentSummary(ours), r.concurrentSummary(official))
		}
	}
	for _, m := range r.Results {
		if m.Scenario == stripped.name && m.Provider == ours {
			fmt.Fprintf(b, "| 5. headers stripped, %d creates at 2 rps | 0 failures | %s | %s |\n", m.N, r.singleSummary(stripped, ours), r.singleSummary(stripped, official))
		}
	}
	failed := 0
	for _, c := range checks {
		if !c.pass {
			failed++
		}
	}
	verdict := "every one passes"
	if failed > 0 {
		verdict = fmt.Sprintf("**%d of them FAIL** (marked in [Checks](#checks))", failed)
	}
	fmt.Fprintf(b, "\n%d checks hold this provider to the targets above and to its API call budget; %s.\n\n", len(checks), verdict)
}

func (r report) lifecycleSummary(s scenario, provider string, n int) string {
	for _, lc := range lifecyclesOf(r.Results, s.name, provider) {
		if lc.n == n {
			return fmt.Sprintf("%d failures, %d calls, %d × 429, %.1f s", lc.failures, lc.calls, lc.limited429, lc.wallSec)
		}
	}
	return "not run"
}

func (r report) consumerSummary(provider string) string {
	for _, m := range r.Results {
		if m.Scenario == consumer.name && m.Provider == provider && m.Consumer != nil {
			return fmt.Sprintf("consumer %d × 429 of %d; apply %s, %d × 429, %.1f s", m.Consumer.Refused, m.Consumer.Sent, failureText(m), m.limited429(), m.WallSec)
		}
	}
	return "not run"
}

func (r report) concurrentSummary(provider string) string {
	var walls, results []string
	var limited int64 = -1
	for _, m := range r.Results {
		if m.Scenario == twoApplies.name && m.Provider == provider {
			walls = append(walls, fmt.Sprintf("%.1f s", m.WallSec))
			results = append(results, failureText(m))
			limited = m.limited429()
		}
	}
	if limited < 0 {
		return "not run"
	}
	outcome := strings.Join(results, " and ")
	if len(results) == 2 && results[0] == results[1] {
		outcome = "both " + results[0]
	}
	return fmt.Sprintf("%s; %d × 429 in total; %s", outcome, limited, strings.Join(walls, " and "))
}

func (r report) singleSummary(s scenario, provider string) string {
	for _, m := range r.Results {
		if m.Scenario == s.name && m.Provider == provider {
			return fmt.Sprintf("%s, %d calls, %d × 429, %.1f s", failureText(m), m.calls(), m.limited429(), m.WallSec)
		}
	}
	return "not run"
}

func failureText(m measurement) string {
	if m.failed() {
		return fmt.Sprintf("**failed** (exit %d)", m.ExitCode)
	}
	return "0 failures"
}

// stepTable writes ours beside the official provider, step by step.
func (r report) stepTable(b *strings.Builder, s scenario) {
	b.WriteString("| N | step | calls ours | calls official | by route, ours | by route, official | 429 ours | 429 official | wall ours (s) | wall official (s) | ours / official | CPU ours / official (s) | load | peak RSS ours / official (MiB) |\n")
	b.WriteString("|--:|---|--:|--:|---|---|--:|--:|--:|--:|--:|---|--:|---|\n")
	for _, p := range pairsOf(r.Results, s.name) {
		o, f := p.ours, p.official
		if o == nil {
			continue
		}
		row := []string{fmt.Sprint(o.N), o.Step, fmt.Sprint(o.calls()), "–", byRoute(o.Stats), "–", fmt.Sprint(o.limited429()), "–",
			wall(*o), "–", "–", fmt.Sprintf("%.1f", o.CPUSec), fmt.Sprintf("%.1f", o.Load1), fmt.Sprintf("%.1f", mib(o.PeakRSSKiB))}
		if f != nil {
			row[3], row[5], row[7], row[9], row[10] = fmt.Sprint(f.calls()), byRoute(f.Stats), fmt.Sprint(f.limited429()), wall(*f), ratio(o.WallSec, f.WallSec)
			row[11] = fmt.Sprintf("%.1f / %.1f", o.CPUSec, f.CPUSec)
			row[12] = fmt.Sprintf("%.1f", max(o.Load1, f.Load1))
			row[13] = fmt.Sprintf("%.1f / %.1f", mib(o.PeakRSSKiB), mib(f.PeakRSSKiB))
		}
		b.WriteString("| " + strings.Join(row, " | ") + " |\n")
	}
	b.WriteString("\n")
}

func wall(m measurement) string {
	w := fmt.Sprintf("%.1f", m.WallSec)
	if m.failed() {
		w += " **failed**"
	}
	return w
}

func mib(kib int64) float64 { return float64(kib) / 1024 }

// writeHeading writes the heading of s's section: its number among the
// scenarios, its title and the tenant's limit.
func writeHeading(b *strings.Builder, s scenario) {
	n := slices.IndexFunc(scenarios, func(x scenario) bool { return x.name == s.name }) + 1
	if t := s.tenant; t.rps > 0 {
		fmt.Fprintf(b, "## %d. %s: %g requests/s, burst %d\n\n", n, s.title, t.rps, t.burst)
	} else {
		fmt.Fprintf(b, "## %d. %s\n\n", n, s.title)
	}
}

// writeTables writes the sections of tableSections: each one's heading,
// intro and table.
func (r report) writeTables(b *strings.Builder) {
	for _, t := range tableSections {
		writeHeading(b, t.scenario)
		b.WriteString(t.intro + "\n\n")
		r.writeRows(b, t.scenario.name, t.header, t.row)
	}
}

// writeRows writes header and a row per measurement of scenario; row
// returns false for one the table leaves out.
func (r report) writeRows(b *strings.Builder, scenario, header string, row func(m measurement) (string, bool)) {
	b.WriteString(header + "\n")
	for _, m := range r.Results {
		if m.Scenario != scenario {
			continue
		}
		if text, ok := row(m); ok {
			b.WriteString(text + "\n")
		}
	}
	b.WriteString("\n")
}

func (r report) writeUnthrottled(b *strings.Builder) {
	writeHeading(b, unthrottled)
	b.WriteString("The emulator's bucket is far beyond the run (a million requests), as a tenant with no effective limit:\n")
	b.WriteString("every provider goes as fast as Terraform and the machine let it. The two providers' lifecycles are\n")
	b.WriteString("interleaved step by step, each against its own emulator, so a change in the machine's load weighs on both.\n")
	b.WriteString("Wall times of a few seconds are mostly Terraform's own work (CPU column) on a shared machine.\n\n")
	r.stepTable(b, unthrottled)
}

func (r report) writeThrottled(b *strings.Builder) {
	t := throttled.tenant
	writeHeading(b, throttled)
	b.WriteString("Each provider's lifecycle runs without pause against its own emulator, so the bucket refills only\n")
	b.WriteString("while Terraform works. The floor is (calls − burst) / rate: every call beyond the first burst waits\n")
	b.WriteString("for a token.\n\n")
	r.stepTable(b, throttled)
	b.WriteString("| N | provider | calls | 429 | failures | wall (s) | (calls − burst) / rate (s) | wall / floor |\n|--:|---|--:|--:|--:|--:|--:|--:|\n")
	for _, p := range []string{ours, official} {
		for _, lc := range lifecyclesOf(r.Results, throttled.name, p) {
			floor := float64(lc.calls-int64(t.burst)) / t.rps
			fmt.Fprintf(b, "| %d | %s | %d | %d | %d | %.1f | %.1f | %.2f |\n", lc.n, p, lc.calls, lc.limited429, lc.failures, lc.wallSec, floor, lc.wallSec/floor)
		}
	}
	b.WriteString("\n")
}

// tableSections are the scenarios whose section is one table with a row per
// measurement; row returns false for a measurement the table leaves out.
var tableSections = []struct {
	scenario      scenario
	intro, header string
	row           func(m measurement) (string, bool)
}{
	{
		consumer,
		"While terraform applies, another consumer of the tenant (its own back end, say) sends `GET /api/v2/clients`\n" +
			"once a second, paying no attention to the headers. What matters is that it is never refused.",
		"| provider | N | calls | 429 (provider) | consumer requests | consumer 429 | wall (s) | result |\n|---|--:|--:|--:|--:|--:|--:|---|",
		func(m measurement) (string, bool) {
			if m.Consumer == nil {
				return "", false
			}
			return fmt.Sprintf("| %s | %d | %d | %d | %d | %d | %.1f | %s |", m.Provider, m.N, m.calls(), m.limited429(), m.Consumer.Sent, m.Consumer.Refused, m.WallSec, failureText(m)), true
		},
	},
	{
		twoApplies,
		"Two workspaces (two `terraform apply` processes, as two HCP Terraform workspaces) start together against\n" +
			"one tenant; calls and 429s are the tenant's over both.",
		"| provider | N per apply | apply | wall (s) | result | calls (both) | 429 (both) |\n|---|--:|--:|--:|---|--:|--:|",
		func(m measurement) (string, bool) {
			return fmt.Sprintf("| %s | %d | %d | %.1f | %s | %d | %d |", m.Provider, m.N, m.Process, m.WallSec, failureText(m), m.calls(), m.limited429()), true
		},
	},
	{
		stripped,
		"A proxy in front of the tenant removes the `x-ratelimit-*` headers (the emulator's\n" +
			"`--strip-rate-limit-headers`); the limit still applies.",
		"| provider | N | calls | 429 | wall (s) | result |\n|---|--:|--:|--:|--:|---|",
		func(m measurement) (string, bool) {
			return fmt.Sprintf("| %s | %d | %d | %d | %.1f | %s |", m.Provider, m.N, m.calls(), m.limited429(), m.WallSec, failureText(m)), true
		},
	},
}

func writeChecks(b *strings.Builder, checks []check) {
	b.WriteString("## Checks\n\nThis provider's measurements against the targets and its API call budget: create = N calls; a no-op\n")
	b.WriteString("plan ≤ min(N, ceil(M/100) + 2) (read batching lists connections 100 a page; M = N, the tenant holds only\n")
	b.WriteString("the managed connections); an update of options ≤ 2N + refresh (GET and PATCH each); an update of\n")
	b.WriteString("display_name only ≤ N + refresh (one PATCH each); destroy ≤ N + refresh, refresh being the no-op plan's budget.\n\n")
	b.WriteString("| scenario | N | check | limit | measured | result |\n|---|--:|---|---|---|---|\n")
	for _, c := range checks {
		result := "pass"
		if !c.pass {
			result = "**FAIL**"
		}
		fmt.Fprintf(b, "| %s | %d | %s | %s | %s | %s |\n", c.scenario, c.n, c.what, c.limit, c.value, result)
	}
	b.WriteString("\n")
}

// writeFailures quotes the errors of the commands that failed.
func (r report) writeFailures(b *strings.Builder) {
	var lines []string
	for _, m := range r.Results {
		if !m.failed() {
			continue
		}
		var errs []string
		for _, l := range strings.Split(m.Output, "\n") {
			if strings.Contains(l, "Error") && len(errs) < 3 {
				errs = append(errs, strings.TrimSpace(strings.Trim(l, "│ ")))
			}
		}
		lines = append(lines, fmt.Sprintf("- %s, %s, N = %d, %s (exit %d): %s", m.Scenario, m.Provider, m.N, m.Step, m.ExitCode, strings.Join(errs, "; ")))
	}
	if len(lines) == 0 {
		return
	}
	b.WriteString("## Commands that failed\n\nThe first errors terraform printed:\n\n" + strings.Join(lines, "\n") + "\n\n")
}

func writeMethod(b *strings.Builder) {
	b.WriteString(`## Method

- **Calls** are the requests the emulator answered during one terraform command (its ` + "`/emulator/stats`" + `
  counters, reset before each command), 429 answers and the other consumer's requests excluded; **by route**
  counts attempts, 429s included. ` + "`terraform apply`" + ` refreshes (a plan) before it applies, so an update's
  calls include a refresh of every connection.
- **Wall** is the terraform command from start to exit, Terraform's own work included; **CPU** is the user +
  system time of terraform and the provider processes it started (wait4's rusage, which includes waited-for
  descendants); **load** is the machine's 1-minute load average when the command ended. The machine is shared:
  when the load is above the CPU count, wall times of the unthrottled runs grow with it while CPU time does
  not, and the ratios of section 1 are noisy.
- **Peak RSS** is the largest ` + "`ru_maxrss`" + ` of the provider processes terraform started for the command: terraform's
  ` + "`dev_overrides`" + ` point at a directory whose ` + "`terraform-provider-auth0`" + ` is the benchmark program acting as a
  shim, which runs the real provider as its child on the same stdin/stdout/stderr and records the child's
  getrusage high-water mark.
- **This provider's pacing**, in short: it spends a report's tokens above a reserve of the bucket (a fifth by
  default) and then the refill it learns from the headers, counting requests in flight as spent, claiming half
  of what it sees and less when others spend; one request goes alone until the first response; without the
  headers it sends 2 requests/s. The official provider does not pace itself; its client (go-auth0) retries a
  429 twice, waiting until ` + "`x-ratelimit-reset`" + `. Terraform starts a new provider process for each graph walk
  (the plan and apply walks of one ` + "`terraform apply`" + ` are two), each starting without knowledge of the bucket.
- **Read batching** (this provider's default): a refresh of many connections lists them 100 a page instead of
  one GET each (see internal/provider/connection_cache.go); ` + "`batch_reads = false`" + ` reads one at a time, as the
  official provider does.
`)
}
