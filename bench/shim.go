package main

import (
	"fmt"
	"os"
	"os/exec"
	"os/signal"
	"strings"
	"syscall"
)

// The provider's peak memory is measured by a shim: terraform's
// dev_overrides point at a directory whose terraform-provider-auth0 is this
// program, which runs the real provider as its child with the same stdin,
// stdout and stderr (so the plugin handshake passes straight through),
// waits for it and appends the child's getrusage ru_maxrss, the kernel's
// exact high-water mark of its resident set, to a file. Polling
// /proc/PID/status (VmHWM) would need the pid of a process terraform
// starts and stops several times per command, and could miss the end.
const (
	envShimTarget = "BENCH_SHIM_TARGET"   // the real provider binary
	envShimRSS    = "BENCH_SHIM_RSS_FILE" // where to append "maxrss_kib\n"
)

// shimTarget returns the provider binary when this process was started by
// terraform as the shim.
func shimTarget() (string, bool) {
	target := os.Getenv(envShimTarget)
	return target, target != ""
}

// runShim runs the provider with args, appends its peak RSS to rssFile and
// returns its exit code.
func runShim(target string, args []string, rssFile string) int {
	// Terraform signals the whole process group on Ctrl-C; the provider
	// decides what to do about it, the shim only waits for it.
	signal.Ignore(os.Interrupt, syscall.SIGTERM)
	cmd := exec.Command(target, args...)
	cmd.Stdin, cmd.Stdout, cmd.Stderr = os.Stdin, os.Stdout, os.Stderr
	cmd.Env = withoutShimEnv(os.Environ())
	runErr := cmd.Run()
	if cmd.ProcessState != nil {
		if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
			recordRSS(rssFile, ru.Maxrss)
		}
	}
	code, err := exitCode(runErr)
	if err != nil {
		fmt.Fprintln(os.Stderr, "bench shim:", err)
		return 1
	}
	return code
}

func withoutShimEnv(env []string) []string {
	out := env[:0:0]
	for _, kv := range env {
		if !strings.HasPrefix(kv, envShimTarget+"=") && !strings.HasPrefix(kv, envShimRSS+"=") {
			out = append(out, kv)
		}
	}
	return out
}

// recordRSS appends one line; several provider processes of one terraform
// command append concurrently, and O_APPEND writes of one short line do
// not interleave.
func recordRSS(path string, maxRSSKiB int64) {
	if path == "" {
		return
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o600)
	if err != nil {
		fmt.Fprintln(os.Stderr, "bench shim:", err)
		return
	}
	defer f.Close()
	fmt.Fprintf(f, "%d\n", maxRSSKiB)
}
