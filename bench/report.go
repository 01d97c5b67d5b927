package main

import (
	"fmt"
	"sort"
	"strings"
	"time"
)

// machine describes where the benchmark ran.
type machine struct {
	cpus             int
	cpuModel         string
	kernel           string
	goVersion        string
	terraformVersion string
	loadAverage      string // at the start
}

// report is everything BENCHMARKS.md shows.
type report struct {
	machine  machine
	command  string
	started  time.Time
	duration time.Duration
	results  []measurement
}

// routeNames shortens the emulator's route keys for the table.
var routeNames = []struct{ key, short string }{
	{"POST /api/v2/connections", "POST"},
	{"GET /api/v2/connections", "list"},
	{"GET /api/v2/connections/{id}", "GET"},
	{"PATCH /api/v2/connections/{id}", "PATCH"},
	{"DELETE /api/v2/connections/{id}", "DELETE"},
}

// counterKeys are emulator counters that are not routes.
var counterKeys = map[string]bool{"total": true, "429": true, "429_injected": true, "5xx_injected": true, "dropped": true}

func byRoute(stats map[string]int64) string {
	var parts []string
	known := map[string]bool{}
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
	r.writeIntro(&b)
	r.writeHeadline(&b)
	r.writeBudgetSummary(&b)
	r.writeResults(&b)
	r.writeComparison(&b)
	r.writeRateLimits(&b)
	writeMethod(&b)
	return b.String()
}

func (r report) writeIntro(b *strings.Builder) {
	m := r.machine
	fmt.Fprintf(b, `# Benchmarks

Real `+"`terraform`"+` runs of the built provider against the local Auth0 emulator
(`+"`bin/auth0-emulator`"+`), produced by `+"`make bench`"+` (bench/). Each scenario is a
fresh tenant holding only the N connections it manages (M = N), taken through
create, a no-op plan, an update of one option on every connection, an update of
display_name only, and destroy; once with read batching (the default,
`+"`batch_reads = true`"+`) and once without (`+"`batch_reads = false`"+`, one GET per
connection as the official provider does), with the emulator's rate limit off
and at 10 requests/s with a burst of 20 (the provider's `+"`rate_limit`"+` set to match:
-1 and 10).

| | |
|---|---|
| command | `+"`%s`"+` |
| date | %s |
| machine | %d CPUs (nproc), %s, Linux %s, load average at start %s |
| versions | %s, %s |
| whole run | %s |

`, r.command, r.started.UTC().Format("2006-01-02 15:04 UTC"), m.cpus, m.cpuModel, m.kernel, m.loadAverage,
		m.goVersion, m.terraformVersion, r.duration.Round(time.Second))
}

// writeHeadline quotes the batched-vs-unbatched ratios at the largest N.
func (r report) writeHeadline(b *strings.Builder) {
	largest := 0
	for _, m := range r.results {
		largest = max(largest, m.n)
	}
	_, pairs := r.pairs()
	b.WriteString("## Headline\n\nBatched vs unbatched reads (ratio = unbatched / batched):\n\n")
	for _, limit := range []rateLimit{unlimited, limited} {
		plan := pairs[fmt.Sprintf("%d|%s|%s", largest, limit.name, "no-op plan")]
		if plan == nil || plan.batched == nil || plan.unbatched == nil {
			continue
		}
		var cb, cu int64
		var wb, wu float64
		for _, op := range operations {
			if p := pairs[fmt.Sprintf("%d|%s|%s", largest, limit.name, op.name)]; p != nil && p.batched != nil && p.unbatched != nil {
				cb, cu = cb+p.batched.calls, cu+p.unbatched.calls
				wb, wu = wb+p.batched.wall.Seconds(), wu+p.unbatched.wall.Seconds()
			}
		}
		fmt.Fprintf(b, "- N = %d, rate limit %s: a no-op plan takes %d calls instead of %d (%s) and %.1f s instead of %.1f s (%s); "+
			"the whole lifecycle %d calls instead of %d (%s) and %.1f s instead of %.1f s (%s).\n",
			largest, limit.name, plan.batched.calls, plan.unbatched.calls, ratio(float64(plan.unbatched.calls), float64(plan.batched.calls)),
			plan.batched.wall.Seconds(), plan.unbatched.wall.Seconds(), ratio(plan.unbatched.wall.Seconds(), plan.batched.wall.Seconds()),
			cb, cu, ratio(float64(cu), float64(cb)), wb, wu, ratio(wu, wb))
	}
	b.WriteString("\n")
}

func (r report) writeBudgetSummary(b *strings.Builder) {
	total, failed := 0, 0
	for _, m := range r.results {
		for _, c := range m.checks {
			total++
			if !c.pass {
				failed++
			}
		}
	}
	verdict := "every budget line passes"
	if failed > 0 {
		verdict = fmt.Sprintf("**%d of them FAIL** (marked below)", failed)
	}
	fmt.Fprintf(b, "## Budget\n\n%d budget lines checked against the API call budget below; %s.\n\n", total, verdict)
	b.WriteString(`- create = N calls; no-op plan ≤ min(N, ceil(M/100) + 2) batched, N unbatched
  (one GET each); update of options ≤ 2N + refresh; update of display_name only
  ≤ N + refresh; destroy ≤ N + refresh, where refresh is the no-op plan's budget.
- every apply finishes without failure, and the no-op plan is empty.
- rate-limited runs: at most one burst (20) of 429s; a create of N ≥ 100 within
  1.2 × calls / 10 rps of wall time.

`)
}

func (r report) writeResults(b *strings.Builder) {
	b.WriteString("## Results\n\n")
	b.WriteString("| N | rate limit | reads | operation | calls | by route | 429 | wall (s) | CPU (s) | load | peak RSS (MiB) | budget | result |\n")
	b.WriteString("|--:|---|---|---|--:|---|--:|--:|--:|--:|--:|---|---|\n")
	for _, m := range r.results {
		var limits []string
		for _, c := range m.checks {
			if c.name == "calls" {
				limits = append(limits, "calls "+c.limit)
			}
		}
		result := "pass"
		if !allPass(m.checks) {
			result = "**" + summarizeChecks(m.checks) + "**"
		}
		fmt.Fprintf(b, "| %d | %s | %s | %s | %d | %s | %d | %.1f | %.1f | %.1f | %.1f | %s | %s |\n",
			m.n, m.limit.name, m.reads(), m.op.name, m.calls, byRoute(m.stats), m.limited429,
			m.wall.Seconds(), m.cpu.Seconds(), m.load1, float64(m.peakRSSKiB)/1024, strings.Join(limits, "; "), result)
	}
	b.WriteString("\n")
}

// pair is the batched and unbatched measurement of one operation.
type pair struct{ batched, unbatched *measurement }

func (r report) pairs() (keys []string, pairs map[string]*pair) {
	pairs = map[string]*pair{}
	for i := range r.results {
		m := &r.results[i]
		k := fmt.Sprintf("%d|%s|%s", m.n, m.limit.name, m.op.name)
		p, ok := pairs[k]
		if !ok {
			p = &pair{}
			pairs[k] = p
			keys = append(keys, k)
		}
		if m.batched {
			p.batched = m
		} else {
			p.unbatched = m
		}
	}
	return keys, pairs
}

func ratio(unbatched, batched float64) string {
	if batched <= 0 {
		return "–"
	}
	return fmt.Sprintf("%.2f×", unbatched/batched)
}

func (r report) writeComparison(b *strings.Builder) {
	b.WriteString("## Batched vs unbatched\n\nRatios are unbatched / batched: how many times more calls or time the per-connection GETs take.\n")
	b.WriteString("Without a rate limit the emulator answers in well under a millisecond, so wall time there is Terraform's own\n")
	b.WriteString("work and the machine's load (see the CPU and load columns above): those wall ratios are mostly noise. With\n")
	b.WriteString("the rate limit, wall time follows the calls.\n\n")
	b.WriteString("| N | rate limit | operation | calls batched | calls unbatched | calls ratio | wall batched (s) | wall unbatched (s) | wall ratio |\n")
	b.WriteString("|--:|---|---|--:|--:|--:|--:|--:|--:|\n")
	keys, pairs := r.pairs()
	type total struct {
		cb, cu int64
		wb, wu float64
	}
	totals := map[string]*total{}
	var totalKeys []string
	for _, k := range keys {
		p := pairs[k]
		if p.batched == nil || p.unbatched == nil {
			continue
		}
		mb, mu := p.batched, p.unbatched
		fmt.Fprintf(b, "| %d | %s | %s | %d | %d | %s | %.1f | %.1f | %s |\n", mb.n, mb.limit.name, mb.op.name,
			mb.calls, mu.calls, ratio(float64(mu.calls), float64(mb.calls)),
			mb.wall.Seconds(), mu.wall.Seconds(), ratio(mu.wall.Seconds(), mb.wall.Seconds()))
		tk := fmt.Sprintf("%d|%s", mb.n, mb.limit.name)
		t, ok := totals[tk]
		if !ok {
			t = &total{}
			totals[tk] = t
			totalKeys = append(totalKeys, tk)
		}
		t.cb += mb.calls
		t.cu += mu.calls
		t.wb += mb.wall.Seconds()
		t.wu += mu.wall.Seconds()
	}
	b.WriteString("\nWhole lifecycle (all five operations):\n\n")
	b.WriteString("| N | rate limit | calls batched | calls unbatched | calls ratio | wall batched (s) | wall unbatched (s) | wall ratio |\n")
	b.WriteString("|--:|---|--:|--:|--:|--:|--:|--:|\n")
	for _, tk := range totalKeys {
		t := totals[tk]
		parts := strings.SplitN(tk, "|", 2)
		fmt.Fprintf(b, "| %s | %s | %d | %d | %s | %.1f | %.1f | %s |\n", parts[0], parts[1], t.cb, t.cu,
			ratio(float64(t.cu), float64(t.cb)), t.wb, t.wu, ratio(t.wu, t.wb))
	}
	b.WriteString("\n")
}

// providerBurst is the provider's client-side bucket at rate_limit = 10
// (the client's burst is the rate rounded up).
const providerBurst = 10

func (r report) writeRateLimits(b *strings.Builder) {
	b.WriteString("## Rate limits: create\n\n")
	b.WriteString("The emulator at 10 rps with a burst of 20, the provider's rate_limit at 10. Physical limit = calls / 10 rps.\n")
	b.WriteString("The provider's own bucket holds 10 tokens, so the API floor of a create of N is (N − 10) / 10 s; what the\n")
	b.WriteString("wall time has beyond it is Terraform's start-up, plan walk, apply bookkeeping and state writes (CPU column)\n")
	b.WriteString("on a machine shared with other work (load column). At N = 10 the bucket absorbs every call.\n\n")
	b.WriteString("| N | reads | calls | 429 | failures | wall (s) | calls / rate (s) | wall / (calls / rate) | API floor (s) | wall − floor (s) | CPU (s) | load |\n")
	b.WriteString("|--:|---|--:|--:|---|--:|--:|--:|--:|--:|--:|--:|\n")
	for _, m := range r.results {
		if m.op.name != "create" || m.limit.emulatorRPS == 0 {
			continue
		}
		physical := float64(m.calls) / m.limit.emulatorRPS
		floor := max(float64(m.calls-providerBurst), 0) / m.limit.emulatorRPS
		fmt.Fprintf(b, "| %d | %s | %d | %d | %s | %.1f | %.1f | %.2f | %.1f | %.1f | %.1f | %.1f |\n", m.n, m.reads(), m.calls,
			m.limited429, exitResult(m.exitCode), m.wall.Seconds(), physical, m.wall.Seconds()/physical, floor,
			m.wall.Seconds()-floor, m.cpu.Seconds(), m.load1)
	}
	b.WriteString("\n")
}

func writeMethod(b *strings.Builder) {
	b.WriteString(`## Method

- **Calls** are the requests the emulator answered during one terraform command
  (its ` + "`/emulator/stats`" + ` counters, reset before each command), 429 answers excluded;
  **by route** counts attempts, 429s included. ` + "`terraform apply`" + ` refreshes (a plan)
  before it applies, so an update's calls include one refresh of every connection.
- **Wall** is the terraform command from start to exit, Terraform's own work
  included (start-up, a plan walk, an apply walk, state writes).
- **CPU** is the user + system time of terraform and the provider processes it
  started (wait4's rusage, which includes waited-for descendants); **load** is
  the machine's 1-minute load average when the command ended. The machine is
  shared: when the load is above the CPU count, wall times of the unthrottled
  runs grow with it while CPU time does not.
- **Peak RSS** is the largest ` + "`ru_maxrss`" + ` of the provider processes terraform
  started for the command. Terraform's ` + "`dev_overrides`" + ` point at a directory whose
  ` + "`terraform-provider-auth0`" + ` is the benchmark program acting as a shim: it runs the real
  provider as its child on the same stdin/stdout/stderr (the plugin handshake
  passes through), waits, and records the child's getrusage high-water mark,
  which is exact where polling /proc/PID/status could miss the end of a process.
- The configuration mixes seven strategies round-robin (auth0, google-oauth2 and
  github with client secrets, sms with a Twilio token, email, oidc with a client
  secret, samlp with a signing certificate); the update of options changes one
  option of each connection (a variable in it), the display_name update only
  display_name.
- **429s with the limiter on.** Terraform starts a new provider process for each
  graph walk (the plan walk and the apply walk of one ` + "`terraform apply`" + ` are two), and
  each starts with a full client-side bucket while the emulator's bucket may still
  be drained by the walk before. The first requests of the apply walk can then
  meet 429s, which the client honours (it waits for the reset) before going on;
  they stay within one burst. Runs that refresh with one list page barely
  drain the emulator's bucket, which is why the batched runs see fewer.
- Read batching, in short: a refresh's first reads wait up to 100 ms to see
  whether at least 4 reads come; fewer are read with single GETs. Otherwise the
  provider lists connections (take=100) into a per-run cache, one page at a time,
  fetching a page only while the pages fetched exceed the reads served from the
  listing by at most 3; a connection missing from a complete listing, or written
  in the run, is read with a GET. See internal/provider/connection_cache.go.
`)
}
