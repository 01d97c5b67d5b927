package client

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"testing"
	"time"

	"github.com/openauth0/terraform-provider-auth0/internal/emulator"
	"github.com/openauth0/terraform-provider-auth0/internal/emulator/emulatortest"
)

// createUnderInterrupt starts CreateConnection with a context that, like the
// provider's, outlives the interruption, and returns the interruption's
// cancel and the create's outcome.
func createUnderInterrupt(t *testing.T, c *Client, name string) (interrupt context.CancelFunc, outcome <-chan error) {
	t.Helper()
	run, cancel := context.WithCancel(t.Context())
	ctx := WithInterrupt(context.WithoutCancel(run), run)
	done := make(chan error, 1)
	go func() {
		_, err := c.CreateConnection(ctx, &Connection{Name: name, Strategy: "auth0"})
		done <- err
	}()
	return cancel, done
}

// waitOutcome returns the create's error, failing when it takes longer than
// within.
func waitOutcome(t *testing.T, outcome <-chan error, within time.Duration) error {
	t.Helper()
	select {
	case err := <-outcome:
		return err
	case <-time.After(within):
		t.Fatalf("the create was still running %s after the interruption", within)
		return nil
	}
}

// promptly bounds how long a create takes to give up once interrupted. It
// only has to catch a create that keeps waiting (for the pacer's next slot
// or a retry, each minutes away in these tests), so it is generous enough
// for a loaded machine.
const promptly = 10 * time.Second

// waitFor polls until cond holds, failing the test if it does not within a
// minute (a bound on a hang, not a measurement).
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(time.Minute)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("%s did not happen within a minute", what)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

func TestCreateQueuedBehindThePacerIsGivenUpOnInterrupt(t *testing.T) {
	srv := emulatortest.Start(t, emulator.Config{})
	// One request a minute: the first create takes the only token, and the
	// queued ones would wait a minute for the next, however slowly the
	// test runs.
	c := emulatorClient(t, srv, func(cfg *Config) { cfg.RateLimit = 1.0 / 60 })
	if _, err := c.CreateConnection(t.Context(), &Connection{Name: "first", Strategy: "auth0"}); err != nil {
		t.Fatal(err)
	}
	var interrupts []context.CancelFunc
	var outcomes []<-chan error
	for i := range 4 {
		interrupt, outcome := createUnderInterrupt(t, c, fmt.Sprintf("queued-%d", i))
		interrupts, outcomes = append(interrupts, interrupt), append(outcomes, outcome)
	}
	time.Sleep(100 * time.Millisecond) // most likely queued by now; interrupted before the pacer is just as unsent
	for _, interrupt := range interrupts {
		interrupt()
	}
	for i, outcome := range outcomes {
		err := waitOutcome(t, outcome, promptly)
		if !errors.Is(err, errInterruptedBeforeSending) || outcomeUnknown(err) {
			t.Errorf("queued-%d: %v, want an interruption before sending", i, err)
		}
	}
	// Every create has returned, and a create sends nothing once it has
	// returned, so this count is final.
	if n := srv.Stats()["POST /api/v2/connections"]; n != 1 {
		t.Errorf("%d POSTs reached the server, want only the one sent before the interruption", n)
	}
}

func TestCreateRetryAfter429IsGivenUpOnInterrupt(t *testing.T) {
	srv := emulatortest.Start(t, emulator.Config{Faults: emulator.Faults{RateLimitRate: 1}})
	c := emulatorClient(t, srv, func(cfg *Config) {
		wait := time.Hour
		cfg.MaxRetryWait = &wait
	})
	// The client's clock runs an hour behind the tenant's, so the
	// x-ratelimit-reset of the 429 (a second or two ahead of the tenant's
	// clock) is an hour away for the client: the retry waits for it however
	// late the interruption comes.
	c.now = func() time.Time { return time.Now().Add(-time.Hour) }
	interrupt, outcome := createUnderInterrupt(t, c, "refused")
	waitFor(t, "the 429", func() bool { return srv.Stats()["429_injected"] > 0 })
	interrupt() // while it waits for x-ratelimit-reset
	err := waitOutcome(t, outcome, promptly)
	if !errors.Is(err, errInterruptedBeforeSending) {
		t.Errorf("got %v, want an interruption before sending", err)
	}
	if n := srv.Stats()["POST /api/v2/connections"]; n != 1 {
		t.Errorf("%d POSTs, want the one refused with 429 and no retry", n)
	}
}

func TestCreateOnTheWireFinishesDespiteInterrupt(t *testing.T) {
	srv := emulatortest.Start(t, emulator.Config{Faults: emulator.Faults{CommitLatency: time.Second}})
	c := emulatorClient(t, srv)
	interrupt, outcome := createUnderInterrupt(t, c, "sent")
	// The server counts the POST when it arrives, after the client marked
	// the attempt as on the wire; its answer is then held for a second.
	waitFor(t, "the POST", func() bool { return srv.Stats()["POST /api/v2/connections"] > 0 })
	interrupt()
	if err := waitOutcome(t, outcome, time.Minute); err != nil {
		t.Errorf("a create already sent must finish and return its connection: %v", err)
	}
}

// A create whose first POST failed unprocessed (a 503, and the name look-up
// finds nothing) waits before sending it again. Ending the run during that
// wait, by cancelling or by interrupting, must end the create at once and
// send nothing more.
func TestCreateWaitingToResendEndsWithTheRun(t *testing.T) {
	for name, tc := range map[string]struct {
		ctx  func(run context.Context) context.Context
		want error
	}{
		"cancelled":   {ctx: func(run context.Context) context.Context { return run }, want: context.Canceled},
		"interrupted": {ctx: func(run context.Context) context.Context { return WithInterrupt(context.WithoutCancel(run), run) }, want: errInterruptedBeforeSending},
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			env := newFamilyEnv(t)
			env.client.backoffBase, env.client.backoffCap = time.Minute, time.Minute
			env.proxy.add(&tamperRule{method: "POST", path: regexp.MustCompile(`^/api/v2/connections$`), times: 1, fail: true})
			run, end := context.WithCancel(t.Context())
			outcome := make(chan error, 1)
			go func() {
				_, err := env.client.CreateConnection(tc.ctx(run), &Connection{Name: "resent-" + name, Strategy: "auth0"})
				outcome <- err
			}()
			// The wait to resend follows the look-up.
			waitFor(t, "the name look-up", func() bool { return env.proxy.count("GET", "/api/v2/connections") > 0 })
			time.Sleep(50 * time.Millisecond)
			end()
			if err := waitOutcome(t, outcome, promptly); !errors.Is(err, tc.want) {
				t.Errorf("got %v, want %v", err, tc.want)
			}
			if n := env.proxy.count("POST", "/api/v2/connections"); n != 1 {
				t.Errorf("%d POSTs, want the one that failed and no resend", n)
			}
		})
	}
}
