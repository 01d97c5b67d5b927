package provider

import (
	"context"
	"time"
)

// finishDespiteCancel returns a context with ctx's values (the loggers) that
// is not cancelled when ctx is, only grace later, so a write already under
// way when terraform is interrupted can finish and be recorded. The grace is
// what a request in flight plus the look-up that resolves an uncertain
// create can take (two request timeouts): it bounds how long an interrupted
// run waits, while a run that is not interrupted is not limited at all.
// The returned cancel releases the context's resources.
func finishDespiteCancel(ctx context.Context, grace time.Duration) (context.Context, context.CancelFunc) {
	detached, cancel := context.WithCancel(context.WithoutCancel(ctx))
	stop := context.AfterFunc(ctx, func() {
		timer := time.AfterFunc(grace, cancel)
		context.AfterFunc(detached, func() { timer.Stop() })
	})
	return detached, func() {
		stop()
		cancel()
	}
}
