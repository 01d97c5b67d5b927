package client

import (
	"context"
	"errors"
	"sync"
	"time"
)

// errInterruptedBeforeSending: the request was given up when the run was
// interrupted, at a moment none of its attempts was on the wire, so the
// server has not processed it.
var errInterruptedBeforeSending = errors.New("interrupted before the request was sent, so the server did not process it")

type interruptKey struct{}

// WithInterrupt gives ctx the context whose end means "the run is being
// interrupted", for a create whose ctx deliberately outlives that
// interruption so that a POST already sent can finish and be recorded.
// CreateConnection then still gives up at once whatever it has not sent:
// a POST waiting for the rate limiter or for its retry after a 429, and
// a resend after a failed attempt it knows did not create the connection.
// Nothing is lost by not sending them, while sending them would keep an
// interrupted run creating connections for as long as the queue lasts.
func WithInterrupt(ctx, interrupt context.Context) context.Context {
	return context.WithValue(ctx, interruptKey{}, interrupt)
}

func interruptOf(ctx context.Context) context.Context {
	interrupt, _ := ctx.Value(interruptKey{}).(context.Context)
	return interrupt
}

// unsentGuard cancels one request's context when the run is interrupted
// while none of its attempts is on the wire: during the rate limiter's
// wait, the token request, and the wait before a retry. An attempt on the
// wire is never cancelled by the interruption; if it gets an answer that
// would be retried (a 429 or a 401, which the server did not process), the
// request stops there instead.
type unsentGuard struct {
	mu          sync.Mutex
	onWire      bool
	interrupted bool
	cancel      context.CancelCauseFunc
}

// guardUnsent returns ctx wrapped in a guard when ctx carries an
// interruption (WithInterrupt), and a function that releases it.
func guardUnsent(ctx context.Context) (context.Context, *unsentGuard, func()) {
	interrupt := interruptOf(ctx)
	if interrupt == nil {
		return ctx, nil, func() {}
	}
	ctx, cancel := context.WithCancelCause(ctx)
	g := &unsentGuard{cancel: cancel}
	if interrupt.Err() != nil {
		g.interrupt() // at once: AfterFunc would run it later, maybe after a send
	}
	stop := context.AfterFunc(interrupt, g.interrupt)
	return ctx, g, func() {
		stop()
		cancel(nil)
	}
}

func (g *unsentGuard) interrupt() {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.interrupted = true
	if !g.onWire {
		g.cancel(errInterruptedBeforeSending)
	}
}

// setOnWire records whether an attempt is on the wire: true before one is
// sent, false once its answer is to be retried (a 429 or a 401, which the
// server did not process). It returns false, changing nothing, when the run
// has been interrupted: the attempt must not be sent, or the request must
// stop instead of being retried. A nil guard always goes on.
func (g *unsentGuard) setOnWire(onWire bool) bool {
	if g == nil {
		return true
	}
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.interrupted {
		return false
	}
	g.onWire = onWire
	return true
}

// interruptedBeforeSending turns the error of a request whose guarded
// context was cancelled by the interruption into errInterruptedBeforeSending.
func interruptedBeforeSending(ctx context.Context, err error) error {
	if cause := context.Cause(ctx); err != nil && errors.Is(cause, errInterruptedBeforeSending) && !errors.Is(err, errInterruptedBeforeSending) {
		return errInterruptedBeforeSending
	}
	return err
}

// sleepUnlessInterrupted is sleepContext that also ends, with
// errInterruptedBeforeSending, when the run is interrupted (WithInterrupt).
func sleepUnlessInterrupted(ctx context.Context, d time.Duration) error {
	interrupt := interruptOf(ctx)
	if interrupt == nil {
		return sleepContext(ctx, d)
	}
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	stop := context.AfterFunc(interrupt, func() { cancel(errInterruptedBeforeSending) })
	defer stop()
	return interruptedBeforeSending(ctx, sleepContext(ctx, d))
}
