//go:build reliability

package reliability

import (
	"fmt"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/openauth0/terraform-provider-auth0/internal/client"
	"github.com/openauth0/terraform-provider-auth0/internal/emulator"
)

// faultKind is one row of the fault matrix: what the emulator injects and
// which of its counters says how often it did.
type faultKind struct {
	name    string
	faults  emulator.Faults
	counter string // emulator counter of injected faults ("" = none)
}

// faultKinds are the matrix. The commit-then-drop rates differ: a
// dropped POST is resolved by one name look-up (never dropped), so every
// second POST can be dropped; a dropped PATCH is resolved by sending it
// again, which can be dropped again, so its rate is the 20 % of the 5xx row.
var faultKinds = []faultKind{
	{name: "none (baseline)"},
	{name: "5xx 20%", faults: emulator.Faults{ErrorRate: 0.2}, counter: "5xx_injected"},
	{name: "429 10%", faults: emulator.Faults{RateLimitRate: 0.1}, counter: "429_injected"},
	{name: "latency 500ms", faults: emulator.Faults{Latency: 500 * time.Millisecond}, counter: "total"},
	{name: "commit-then-drop POST 50%", faults: emulator.Faults{DropRate: 0.5, DropMethods: []string{"POST"}}, counter: "dropped"},
	{name: "commit-then-drop PATCH 20%", faults: emulator.Faults{DropRate: 0.2, DropMethods: []string{"PATCH"}}, counter: "dropped"},
}

const faultConnections = 50

// faultFigures is what one row measured, over the five terraform commands
// that ran under faults.
type faultFigures struct {
	kind     string
	injected int64
	requests int64 // requests the server received under faults
	wall     time.Duration
	commands int
	passed   bool
}

var (
	figuresMu sync.Mutex
	figures   = map[string]faultFigures{}
)

// TestFaultMatrix applies, plans (no-op), updates, plans and destroys 50
// connections while the emulator injects each kind of fault in turn. After
// every step the server must match the configuration exactly, option keys
// seeded out of band must survive the update, a connection the
// configuration does not manage must survive the destroy, and terraform
// must report no error.
func TestFaultMatrix(t *testing.T) {
	for _, kind := range faultKinds {
		t.Run(kind.name, func(t *testing.T) {
			fig := runFaultRow(t, kind)
			fig.passed = !t.Failed()
			figuresMu.Lock()
			figures[kind.name] = fig
			figuresMu.Unlock()
		})
	}
	logFaultFigures(t)
}

func runFaultRow(t *testing.T, kind faultKind) faultFigures {
	tn := newTenant(t, emulator.Config{})
	w := newWorkspace(t)
	prefix := "f" + strings.Map(func(r rune) rune {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
			return r
		}
		return -1
	}, strings.ToLower(kind.name))
	names := connectionNames(prefix, faultConnections)
	w.writeConfig(faultConfig(tn, prefix))
	fig := faultFigures{kind: kind.name}
	underFaults := func(args ...string) {
		t.Helper()
		tn.srv.ResetStats()
		tn.srv.SetFaults(withSeed(kind.faults))
		r := w.run(args...)
		tn.srv.SetFaults(emulator.Faults{})
		stats := tn.srv.Stats()
		fig.commands++
		fig.wall += r.elapsed
		fig.requests += stats["total"]
		if kind.counter != "" {
			fig.injected += stats[kind.counter]
		}
		if r.exitCode != 0 || strings.Contains(r.stdout+r.stderr, "Error:") {
			t.Fatalf("under %s: %s", kind.name, r)
		}
	}

	underFaults("apply", "-auto-approve")
	checkFaultServer(t, tn, w, names, "fair", false)

	seedUnmanaged(t, tn, names)
	underFaults("plan", "-detailed-exitcode")
	underFaults("apply", "-auto-approve", "-var=policy=good")
	underFaults("plan", "-detailed-exitcode", "-var=policy=good")
	checkFaultServer(t, tn, w, names, "good", true)

	underFaults("destroy", "-auto-approve", "-var=policy=good")
	left := tn.connections()
	if len(left) != 1 || left[unmanagedName] == nil {
		t.Errorf("after the destroy the tenant holds %v, want only %s", keys(left), unmanagedName)
	}
	if inState := w.stateConnections(); len(inState) != 0 {
		t.Errorf("the state still holds %d connections", len(inState))
	}
	return fig
}

// withSeed gives every row's faults a fixed seed, so a failure can be
// replayed (the interleaving of parallel requests still varies).
func withSeed(f emulator.Faults) emulator.Faults {
	f.Seed = 20260707
	return f
}

func faultConfig(tn *tenant, prefix string) string {
	return tn.providerBlock("  rate_limit = -1") + fmt.Sprintf(`
variable "policy" {
  type    = string
  default = "fair"
}

resource "auth0_connection" "c" {
  for_each = toset([for i in range(%d) : format("%s-%%02d", i)])
  name     = each.key
  strategy = "auth0"
  options  = jsonencode({ passwordPolicy = var.policy, brute_force_protection = true })
}
`, faultConnections, prefix)
}

// unmanagedName is a connection created out of band, which no configuration
// manages: nothing may touch it.
const unmanagedName = "unmanaged-dashboard-connection"

// seedUnmanaged makes the out-of-band changes a dashboard user would: an
// option key on every managed connection, and a connection of its own.
func seedUnmanaged(t *testing.T, tn *tenant, names []string) {
	t.Helper()
	ctx := t.Context()
	conns := tn.connections()
	for _, name := range names {
		opts := options(t, conns[name])
		opts["dashboard_note"] = "set in the dashboard"
		opts["mfa"] = map[string]any{"active": true, "return_enroll_settings": true}
		if _, err := tn.client.UpdateConnection(ctx, conns[name].ID, client.Patch{"options": opts}); err != nil {
			t.Fatalf("seeding %s: %v", name, err)
		}
	}
	if _, err := tn.client.CreateConnection(ctx, &client.Connection{Name: unmanagedName, Strategy: "email"}); err != nil {
		t.Fatalf("creating %s: %v", unmanagedName, err)
	}
}

// checkFaultServer: exactly the configured connections (plus the unmanaged
// one once seeded), each tracked under its server id, with the configured
// option values and, once seeded, the out-of-band keys.
func checkFaultServer(t *testing.T, tn *tenant, w *workspace, names []string, policy string, seeded bool) {
	t.Helper()
	onServer := tn.connections()
	if seeded {
		if onServer[unmanagedName] == nil {
			t.Errorf("%s is gone", unmanagedName)
		}
		delete(onServer, unmanagedName)
	}
	want := map[string]bool{}
	for _, n := range names {
		want[n] = true
	}
	if missing, extra := sameKeys(want, onServer); len(missing)+len(extra) > 0 {
		t.Fatalf("server connections differ from the configuration: missing %v, extra %v", missing, extra)
	}
	inState := w.stateConnections()
	for _, name := range names {
		conn := onServer[name]
		if inState[name] != conn.ID {
			t.Errorf("%s: server id %s, state id %q", name, conn.ID, inState[name])
		}
		opts := options(t, conn)
		if opts["passwordPolicy"] != policy || opts["brute_force_protection"] != true {
			t.Errorf("%s: managed options %v", name, opts)
		}
		if seeded {
			mfa, _ := opts["mfa"].(map[string]any)
			if opts["dashboard_note"] != "set in the dashboard" || mfa["return_enroll_settings"] != true {
				t.Errorf("%s lost an option key set out of band: %v", name, opts)
			}
		}
	}
}

func keys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// logFaultFigures prints the matrix: injected faults, how many survived (all
// of a row's when it passed), and the extra requests they cost over the
// baseline row (retries and create look-ups).
func logFaultFigures(t *testing.T) {
	t.Helper()
	figuresMu.Lock()
	defer figuresMu.Unlock()
	base, haveBase := figures[faultKinds[0].name]
	for _, kind := range faultKinds {
		fig, ok := figures[kind.name]
		if !ok {
			continue
		}
		survived := "0 (row failed)"
		switch {
		case kind.counter == "":
			survived = "-"
		case fig.passed:
			survived = fmt.Sprint(fig.injected)
		}
		extra := "n/a"
		if haveBase && kind.name != faultKinds[0].name {
			extra = fmt.Sprint(fig.requests - base.requests)
		}
		t.Logf("FIGURES fault %-27s injected %4d, survived %s, requests %d (extra over baseline: %s), %d terraform commands in %s",
			kind.name, fig.injected, survived, fig.requests, extra, fig.commands, fig.wall.Round(100*time.Millisecond))
	}
}
