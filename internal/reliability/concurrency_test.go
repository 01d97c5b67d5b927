//go:build reliability

package reliability

import (
	"fmt"
	"testing"
	"time"

	"github.com/openauth0/terraform-provider-auth0/internal/emulator"
)

// TestParallelism30AgainstARateLimitedTenant creates, plans and destroys 100
// connections with terraform -parallelism=30 against a tenant limited to 10
// requests/s with a burst of 20, the provider set to the same rate: 30
// concurrent operations must queue behind the client-side limiter, not fail.
func TestParallelism30AgainstARateLimitedTenant(t *testing.T) {
	const (
		n     = 100
		rps   = 10
		burst = 20
	)
	tn := newTenant(t, emulator.Config{RateLimit: rps, Burst: burst})
	w := newWorkspace(t)
	w.writeConfig(tn.providerBlock(fmt.Sprintf("  rate_limit = %d", rps)) + fmt.Sprintf(`
resource "auth0_connection" "c" {
  for_each = toset([for i in range(%d) : format("par-%%03d", i)])
  name     = each.key
  strategy = "auth0"
  options  = jsonencode({ passwordPolicy = "good", brute_force_protection = true })
}
`, n))
	names := make([]string, n)
	for i := range names {
		names[i] = fmt.Sprintf("par-%03d", i)
	}

	type step struct {
		label string
		args  []string
	}
	var total time.Duration
	for _, s := range []step{
		{"apply", []string{"apply", "-auto-approve", "-parallelism=30"}},
		{"plan", []string{"plan", "-detailed-exitcode", "-parallelism=30"}},
		{"destroy", []string{"destroy", "-auto-approve", "-parallelism=30"}},
	} {
		tn.srv.ResetStats()
		r := w.run(s.args...)
		stats := tn.srv.Stats()
		total += r.elapsed
		if r.exitCode != 0 {
			t.Fatalf("%s failed:\n%s", s.label, r)
		}
		t.Logf("FIGURES concurrency %-7s: %d requests in %s (%.1f/s against a limit of %d/s), %d answered 429",
			s.label, stats["total"], r.elapsed.Round(100*time.Millisecond), float64(stats["total"])/r.elapsed.Seconds(), rps, stats["429"])
		if s.label == "apply" {
			checkServerMatchesState(t, tn, w, names)
		}
	}
	if left := tn.connections(); len(left) != 0 {
		t.Errorf("%d connections left after the destroy", len(left))
	}
	t.Logf("FIGURES concurrency: 100 connections, -parallelism=30, 0 failures, %s in total", total.Round(100*time.Millisecond))
}
