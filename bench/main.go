// Command auth0-bench measures the provider with real terraform runs
// against the local emulator and writes BENCHMARKS.md (`make bench`).
//
//	auth0-bench [-n 10,100,500] [-limits none,10rps] [-bin bin] [-out BENCHMARKS.md] [-json FILE]
//	auth0-bench -render FILE [-out BENCHMARKS.md]
//
// When terraform starts it as the provider (BENCH_SHIM_TARGET set), it is
// the shim that measures the provider's peak memory; see shim.go.
package main

import (
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"time"
)

func main() {
	if target, ok := shimTarget(); ok {
		os.Exit(runShim(target, os.Args[1:], os.Getenv(envShimRSS)))
	}
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "auth0-bench:", err)
		os.Exit(1)
	}
}

type options struct {
	sizes   []int
	limits  []rateLimit
	binDir  string
	out     string
	rawOut  string // raw measurements as JSON
	render  string // render the report from this JSON instead of running
	command string
}

func parseOptions() (options, error) {
	var o options
	sizes := flag.String("n", "10,100,500", "comma-separated numbers of connections")
	limits := flag.String("limits", "none,10rps", "rate-limit settings to run: none (off), 10rps (10 rps, burst 20)")
	flag.StringVar(&o.binDir, "bin", "bin", "directory holding terraform-provider-auth0 and auth0-emulator")
	flag.StringVar(&o.out, "out", "BENCHMARKS.md", "report to write")
	flag.StringVar(&o.rawOut, "json", "", "also write the raw measurements to this JSON file")
	flag.StringVar(&o.render, "render", "", "render the report from a -json file instead of running terraform")
	flag.StringVar(&o.command, "command", "", "the command line to record in the report (default: this program's)")
	flag.Parse()
	for _, s := range strings.Split(*sizes, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(s))
		if err != nil || n < 1 {
			return o, fmt.Errorf("-n: %q is not a positive number", s)
		}
		o.sizes = append(o.sizes, n)
	}
	for _, l := range strings.Split(*limits, ",") {
		switch strings.TrimSpace(l) {
		case "none":
			o.limits = append(o.limits, unlimited)
		case "10rps":
			o.limits = append(o.limits, limited)
		default:
			return o, fmt.Errorf("-limits: unknown setting %q (none, 10rps)", l)
		}
	}
	if o.command == "" {
		o.command = strings.Join(os.Args, " ")
	}
	var err error
	o.binDir, err = filepath.Abs(o.binDir)
	return o, err
}

func run() error {
	o, err := parseOptions()
	if err != nil {
		return err
	}
	if o.render != "" {
		rep, err := loadReport(o.render)
		if err != nil {
			return err
		}
		return writeReport(o, rep)
	}
	self, err := os.Executable()
	if err != nil {
		return err
	}
	cert, err := selfSignedCert()
	if err != nil {
		return err
	}
	r := &runner{binDir: o.binDir, self: self, samlCert: cert, log: func(format string, args ...any) {
		fmt.Fprintf(os.Stderr, format+"\n", args...)
	}}
	rep := report{machine: describeMachine(), command: o.command, started: time.Now()}

	for _, n := range o.sizes {
		for _, limit := range o.limits {
			for _, batched := range []bool{true, false} {
				s := scenario{n: n, limit: limit, batched: batched}
				r.log("scenario: N=%d, rate limit %s, %s reads", n, limit.name, s.reads())
				results, err := r.runScenario(s)
				rep.results = append(rep.results, results...)
				if err != nil {
					return fmt.Errorf("scenario N=%d, rate limit %s, %s: %w", n, limit.name, s.reads(), err)
				}
			}
		}
	}
	rep.duration = time.Since(rep.started)
	if o.rawOut != "" {
		if err := saveReport(o.rawOut, rep); err != nil {
			return err
		}
	}
	return writeReport(o, rep)
}

// writeReport writes and prints the report, and fails when a budget line
// does.
func writeReport(o options, rep report) error {
	text := rep.markdown()
	if err := os.WriteFile(o.out, []byte(text), 0o644); err != nil {
		return err
	}
	fmt.Print(text)
	for _, m := range rep.results {
		if !allPass(m.checks) {
			return fmt.Errorf("budget lines failed; see %s", o.out)
		}
	}
	return nil
}

func describeMachine() machine {
	m := machine{cpus: runtime.NumCPU(), goVersion: runtime.Version()}
	if info, err := os.ReadFile("/proc/cpuinfo"); err == nil {
		for _, line := range strings.Split(string(info), "\n") {
			if name, ok := strings.CutPrefix(line, "model name"); ok {
				m.cpuModel = strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(name), ":"))
				break
			}
		}
	}
	if rel, err := os.ReadFile("/proc/sys/kernel/osrelease"); err == nil {
		m.kernel = strings.TrimSpace(string(rel))
	}
	if load, err := os.ReadFile("/proc/loadavg"); err == nil {
		m.loadAverage = strings.Join(strings.Fields(string(load))[:3], " ")
	}
	if out, err := exec.Command("terraform", "version").Output(); err == nil {
		m.terraformVersion = strings.SplitN(string(out), "\n", 2)[0]
	}
	return m
}
