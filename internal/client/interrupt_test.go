package client

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"sync"
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

func TestCreateQueuedBehindThePacerIsGivenUpOnInterrupt(t *testing.T) {
	srv := emulatortest.Start(t, emulator.Config{})
	c := emulatorClient(t, srv, func(cfg *Config) { cfg.RateLimit = 1 }) // one request a second
	if _, err := c.CreateConnection(t.Context(), &Connection{Name: "first", Strategy: "auth0"}); err != nil {
		t.Fatal(err)
	}
	var interrupts []context.CancelFunc
	var outcomes []<-chan error
	for i := range 4 {
		interrupt, outcome := createUnderInterrupt(t, c, fmt.Sprintf("queued-%d", i))
		interrupts, outcomes = append(interrupts, interrupt), append(outcomes, outcome)
	}
	time.Sleep(100 * time.Millisecond)
	for _, interrupt := range interrupts {
		interrupt()
	}
	for i, outcome := range outcomes {
		err := waitOutcome(t, outcome, 300*time.Millisecond)
		if !errors.Is(err, errInterruptedBeforeSending) || outcomeUnknown(err) {
			t.Errorf("queued-%d: %v, want an interruption before sending", i, err)
		}
	}
	time.Sleep(1200 * time.Millisecond) // past the pacer's next slot
	if n := srv.Stats()["POST /api/v2/connections"]; n != 1 {
		t.Errorf("%d POSTs reached the server, want only the one sent before the interruption", n)
	}
}

func TestCreateRetryAfter429IsGivenUpOnInterrupt(t *testing.T) {
	srv := emulatortest.Start(t, emulator.Config{Faults: emulator.Faults{RateLimitRate: 1}})
	c := emulatorClient(t, srv, func(cfg *Config) {
		wait := 10 * time.Second
		cfg.MaxRetryWait = &wait
	})
	interrupt, outcome := createUnderInterrupt(t, c, "refused")
	deadline := time.Now().Add(2 * time.Second)
	for srv.Stats()["429_injected"] == 0 && time.Now().Before(deadline) {
		time.Sleep(5 * time.Millisecond)
	}
	interrupt() // while it waits for x-ratelimit-reset, about a second
	err := waitOutcome(t, outcome, 300*time.Millisecond)
	if !errors.Is(err, errInterruptedBeforeSending) {
		t.Errorf("got %v, want an interruption before sending", err)
	}
	if n := srv.Stats()["POST /api/v2/connections"]; n != 1 {
		t.Errorf("%d POSTs, want the one refused with 429 and no retry", n)
	}
}

func TestCreateOnTheWireFinishesDespiteInterrupt(t *testing.T) {
	srv := emulatortest.Start(t, emulator.Config{Faults: emulator.Faults{CommitLatency: 300 * time.Millisecond}})
	c := emulatorClient(t, srv)
	var wg sync.WaitGroup
	interrupt, outcome := createUnderInterrupt(t, c, "sent")
	wg.Go(func() {
		time.Sleep(100 * time.Millisecond) // the POST is committed, its answer held back
		interrupt()
	})
	if err := waitOutcome(t, outcome, 2*time.Second); err != nil {
		t.Errorf("a create already sent must finish and return its connection: %v", err)
	}
	wg.Wait()
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
			deadline := time.Now().Add(2 * time.Second)
			for env.proxy.count("GET", "/api/v2/connections") == 0 && time.Now().Before(deadline) {
				time.Sleep(5 * time.Millisecond) // until the look-up: the wait to resend follows it
			}
			time.Sleep(50 * time.Millisecond)
			end()
			if err := waitOutcome(t, outcome, time.Second); !errors.Is(err, tc.want) {
				t.Errorf("got %v, want %v", err, tc.want)
			}
			if n := env.proxy.count("POST", "/api/v2/connections"); n != 1 {
				t.Errorf("%d POSTs, want the one that failed and no resend", n)
			}
		})
	}
}
