package localserver

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"syscall"
)

// Main is the main function of a local server's command. It calls run with
// a context that ends on an interrupt or SIGTERM, so that Serve shuts the
// server down cleanly, and exits 1 after printing "name: error" when run
// fails. Stopping for -h is not a failure: the flag package returns
// flag.ErrHelp once it has printed the usage.
func Main(name string, run func(ctx context.Context) error) {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx)
	stop()
	if err != nil && !errors.Is(err, flag.ErrHelp) {
		fmt.Fprintln(os.Stderr, name+":", err)
		os.Exit(1)
	}
}
