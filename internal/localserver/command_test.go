package localserver

import (
	"context"
	"errors"
	"flag"
	"os"
	"os/exec"
	"strings"
	"testing"
)

// TestMainExitCodes runs Main in a child process (it may call os.Exit):
// -h and a clean stop exit 0, a failure prints "name: error" and exits 1.
func TestMainExitCodes(t *testing.T) {
	if outcome := os.Getenv("LOCALSERVER_MAIN_OUTCOME"); outcome != "" {
		Main("cmd", func(context.Context) error {
			switch outcome {
			case "help":
				return flag.ErrHelp
			case "fail":
				return errors.New("port taken")
			}
			return nil
		})
		return
	}
	for outcome, want := range map[string]struct {
		code   int
		stderr string
	}{"ok": {0, ""}, "help": {0, ""}, "fail": {1, "cmd: port taken\n"}} {
		cmd := exec.Command(os.Args[0], "-test.run=^TestMainExitCodes$")
		cmd.Env = append(os.Environ(), "LOCALSERVER_MAIN_OUTCOME="+outcome)
		var stderr strings.Builder
		cmd.Stderr = &stderr
		err := cmd.Run()
		code := 0
		var exit *exec.ExitError
		if errors.As(err, &exit) {
			code = exit.ExitCode()
		} else if err != nil {
			t.Fatal(err)
		}
		if code != want.code || stderr.String() != want.stderr {
			t.Errorf("%s: exit %d, stderr %q; want exit %d, stderr %q", outcome, code, stderr.String(), want.code, want.stderr)
		}
	}
}
