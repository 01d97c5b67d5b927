//go:build reliability

package reliability

import (
	"context"
	"fmt"
	"os"
	"regexp"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/openauth0/terraform-provider-auth0/internal/emulator"
)

// interruptRounds is how many times the interrupt scenario runs (the moment
// the signal lands differs every time). RELIABILITY_INTERRUPT_ROUNDS
// overrides it for soak runs.
func interruptRounds(t *testing.T) int {
	t.Helper()
	if v := os.Getenv("RELIABILITY_INTERRUPT_ROUNDS"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 {
			t.Fatalf("RELIABILITY_INTERRUPT_ROUNDS=%q is not a positive number", v)
		}
		return n
	}
	return 3
}

// interruptConfig is n connections created in parallel.
func interruptConfig(tn *tenant, prefix string, n int) string {
	return tn.providerBlock("  rate_limit = -1") + fmt.Sprintf(`
resource "auth0_connection" "c" {
  for_each = toset([for i in range(%d) : format("%s-%%02d", i)])
  name     = each.key
  strategy = "auth0"
  options  = jsonencode({ passwordPolicy = "good" })
}
`, n, prefix)
}

// interruptResult is what one round observed.
type interruptResult struct {
	postsAtSignal   int64 // POSTs the server had received when SIGINT was sent
	createdBySignal int   // connections in the tenant after the interrupted apply
	tracked         int   // of those, in the state
	untracked       []string
	firstExit       int
	secondExit      int
	importHint      bool // the second apply's error named the import command
}

// TestInterruptedApplyLeavesNothingUntracked sends SIGINT (to terraform's
// process group, as Ctrl-C in a terminal does) while 50 connections are
// being created, then applies again. Each write's response is held for a
// second after the server committed it, so at the signal about ten
// committed creates are still waiting for their answer: the provider must
// finish them and hand them to terraform, not abandon them.
func TestInterruptedApplyLeavesNothingUntracked(t *testing.T) {
	const n = 50
	rounds := interruptRounds(t)
	var results []interruptResult
	for round := 0; round < rounds; round++ {
		results = append(results, runInterruptRound(t, round, n))
		if t.Failed() {
			break
		}
	}
	for i, r := range results {
		t.Logf("FIGURES interrupt round %d: SIGINT after %d POSTs; %d connections existed after the interrupted apply (exit %d), %d tracked, %d untracked; second apply exit %d",
			i+1, r.postsAtSignal, r.createdBySignal, r.firstExit, r.tracked, len(r.untracked), r.secondExit)
	}
}

func runInterruptRound(t *testing.T, round, n int) interruptResult {
	t.Helper()
	tn := newTenant(t, emulator.Config{Faults: emulator.Faults{CommitLatency: time.Second}})
	w := newWorkspace(t)
	prefix := fmt.Sprintf("intr%d", round)
	w.writeConfig(interruptConfig(tn, prefix, n))

	var res interruptResult
	res.firstExit, res.postsAtSignal = applyAndInterrupt(t, w, tn, int64(15+(5*round)%25))
	if res.firstExit == 0 {
		t.Errorf("round %d: the interrupted apply exited 0; the signal came too late to test anything", round+1)
	}

	onServer := tn.connections()
	inState := w.stateConnections()
	res.createdBySignal = len(onServer)
	for name, conn := range onServer {
		if id, ok := inState[name]; ok && id == conn.ID {
			res.tracked++
		} else {
			res.untracked = append(res.untracked, name+" ("+conn.ID+")")
		}
	}
	if len(res.untracked) > 0 {
		t.Errorf("round %d: the interrupted apply left %d connections untracked: %s", round+1, len(res.untracked), strings.Join(res.untracked, ", "))
	}

	second := w.run("apply", "-auto-approve")
	res.secondExit = second.exitCode
	if second.exitCode != 0 {
		res.importHint = importCommand.MatchString(second.stdout + second.stderr)
		t.Errorf("round %d: the second apply failed (names the import command: %v):\n%s", round+1, res.importHint, second)
		return res
	}
	checkServerMatchesState(t, tn, w, connectionNames(prefix, n))
	return res
}

var importCommand = regexp.MustCompile(`terraform\s+import\s+auth0_connection\.\S+\s+con_[A-Za-z0-9]{16}`)

// applyAndInterrupt starts an apply, sends SIGINT to its process group once
// the server has received atPosts creates, and waits for it to exit.
func applyAndInterrupt(t *testing.T, w *workspace, tn *tenant, atPosts int64) (exitCode int, postsAtSignal int64) {
	t.Helper()
	ctx, cancel := context.WithTimeout(t.Context(), commandTimeout)
	defer cancel()
	args := withCommonFlags([]string{"apply", "-auto-approve", "-parallelism=10"})
	cmd, stdout, stderr := w.command(ctx, args...)
	start := time.Now()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()

	for {
		posts := tn.srv.Stats()["POST /api/v2/connections"]
		if posts >= atPosts {
			postsAtSignal = posts
			if err := syscall.Kill(-cmd.Process.Pid, syscall.SIGINT); err != nil {
				t.Fatalf("SIGINT: %v", err)
			}
			break
		}
		select {
		case err := <-done:
			r := w.result(args, stdout, stderr, start, err)
			t.Fatalf("the apply ended before %d creates:\n%s", atPosts, r)
		case <-time.After(5 * time.Millisecond):
		}
	}
	r := w.result(args, stdout, stderr, start, <-done)
	if !strings.Contains(r.stdout+r.stderr, "Interrupt received") {
		t.Errorf("terraform did not report the interrupt:\n%s", r)
	}
	return r.exitCode, postsAtSignal
}

// checkServerMatchesState: the tenant holds exactly the configured names,
// each once, each with the id the state records.
func checkServerMatchesState(t *testing.T, tn *tenant, w *workspace, names []string) {
	t.Helper()
	want := map[string]bool{}
	for _, n := range names {
		want[n] = true
	}
	onServer := tn.connections()
	inState := w.stateConnections()
	if missing, extra := sameKeys(want, onServer); len(missing)+len(extra) > 0 {
		t.Errorf("server connections differ from the configuration: missing %v, extra %v", missing, extra)
	}
	for name, conn := range onServer {
		if inState[name] != conn.ID {
			t.Errorf("%s: server id %s, state id %q", name, conn.ID, inState[name])
		}
	}
	if len(inState) != len(names) {
		t.Errorf("the state holds %d connections, want %d", len(inState), len(names))
	}
}

// TestInterruptStopsCreatesQueuedBehindTheRateLimit sends SIGINT while 50
// creates queue behind a tenant's limit of one request every 2 seconds: the
// creates not yet sent must be given up at once, not sent one by one after
// the interrupt, and the next apply must finish the rest.
//
// The slow limit gives the interrupt about 4 seconds to travel from the
// signal through terraform to the provider before two more creates could
// leave, so a loaded machine does not pass for a provider that keeps
// sending.
func TestInterruptStopsCreatesQueuedBehindTheRateLimit(t *testing.T) {
	const n = 50
	tn := newTenant(t, emulator.Config{RateLimit: 0.5, Burst: 2})
	w := newWorkspace(t)
	w.writeConfig(tn.providerBlock("") + fmt.Sprintf(`
resource "auth0_connection" "c" {
  for_each = toset([for i in range(%d) : format("queued-%%02d", i)])
  name     = each.key
  strategy = "auth0"
}
`, n))

	exit, postsAtSignal := applyAndInterrupt(t, w, tn, 4)
	if exit == 0 {
		t.Fatal("the interrupted apply exited 0; the signal came too late to test anything")
	}
	// At the signal at most the requests on the wire may still be sent.
	postsAfter := tn.srv.Stats()["POST /api/v2/connections"]
	t.Logf("FIGURES interrupt while paced: SIGINT after %d POSTs, %d POSTs when the apply had exited", postsAtSignal, postsAfter)
	if postsAfter > postsAtSignal+2 {
		t.Errorf("%d creates were sent after the interrupt: creates waiting for the rate limiter were not given up", postsAfter-postsAtSignal)
	}

	// The rest at the usual 2 requests a second, so the second apply does
	// not take a minute and a half.
	tn.srv.SetRateLimit(2, 2)
	w.mustRun("apply", "-auto-approve")
	checkServerMatchesState(t, tn, w, connectionNames("queued", n))
}
