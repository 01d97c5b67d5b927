// Command auth0-bench measures this provider beside the official one with
// real terraform runs against the local emulator and writes BENCHMARKS.md
// and its chart (`make bench`).
//
//	auth0-bench [-n 50,200] [-throttled-n 20,50] [-scenarios all] [-official FILE.gz]
//	    [-bin bin] [-out BENCHMARKS.md] [-json FILE]
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
	sizes          []int // of the unthrottled lifecycle
	throttledSizes []int
	scenarios      []scenario
	official       string // the official provider's .gz; "" runs ours alone
	binDir         string
	out            string
	rawOut         string // raw measurements as JSON
	render         string // render the report from this JSON instead of running
	command        string
}

func parseOptions() (options, error) {
	var o options
	sizes := flag.String("n", "50,200", "numbers of connections of the lifecycle with no rate limit")
	throttledSizes := flag.String("throttled-n", "20,50", "numbers of connections of the lifecycle against a free tenant (2 rps, burst 10)")
	names := flag.String("scenarios", "all", "comma-separated scenarios: unthrottled, throttled, consumer, two-applies, stripped")
	flag.StringVar(&o.official, "official", "", "the official provider's build (terraform-provider-auth0_*.gz); empty: measure this provider alone")
	flag.StringVar(&o.binDir, "bin", "bin", "directory holding terraform-provider-auth0 and auth0-emulator")
	flag.StringVar(&o.out, "out", "BENCHMARKS.md", "report to write; the chart goes beside it (NAME-wall-time.svg)")
	flag.StringVar(&o.rawOut, "json", "", "also write the raw measurements to this JSON file")
	flag.StringVar(&o.render, "render", "", "render the report from a -json file instead of running terraform")
	flag.StringVar(&o.command, "command", "", "the command line to record in the report (default: this program's)")
	flag.Parse()
	var err error
	if o.sizes, err = parseSizes("-n", *sizes); err != nil {
		return o, err
	}
	if o.throttledSizes, err = parseSizes("-throttled-n", *throttledSizes); err != nil {
		return o, err
	}
	if *names == "all" {
		o.scenarios = scenarios
	} else {
		for _, name := range strings.Split(*names, ",") {
			s, ok := scenarioNamed(strings.TrimSpace(name))
			if !ok {
				return o, fmt.Errorf("-scenarios: unknown scenario %q", name)
			}
			o.scenarios = append(o.scenarios, s)
		}
	}
	if o.command == "" {
		o.command = strings.Join(os.Args, " ")
	}
	o.binDir, err = filepath.Abs(o.binDir)
	return o, err
}

func parseSizes(flagName, list string) ([]int, error) {
	var sizes []int
	for _, s := range strings.Split(list, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(s))
		if err != nil || n < 1 {
			return nil, fmt.Errorf("%s: %q is not a positive number", flagName, s)
		}
		sizes = append(sizes, n)
	}
	return sizes, nil
}

// sizesOf is the Ns a scenario runs at.
func (o options) sizesOf(s scenario) []int {
	switch s.name {
	case unthrottled.name:
		return o.sizes
	case throttled.name:
		return o.throttledSizes
	case consumer.name:
		return []int{consumerN}
	case twoApplies.name:
		return []int{twoAppliesN}
	}
	return []int{strippedN}
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
	r, cleanup, err := newRunner(o)
	if err != nil {
		return err
	}
	defer cleanup()
	rep := report{Machine: describeMachine(), Command: o.command, Started: time.Now()}
	if o.official != "" {
		rep.Machine.Official = filepath.Base(o.official)
	}
	for _, s := range o.scenarios {
		for _, n := range o.sizesOf(s) {
			r.log("scenario %s (%s), N=%d", s.name, s.tenant, n)
			results, err := r.runScenario(s, n)
			rep.Results = append(rep.Results, results...)
			if err != nil {
				return fmt.Errorf("scenario %s, N=%d: %w", s.name, n, err)
			}
		}
	}
	rep.DurationSec = time.Since(rep.Started).Seconds()
	if o.rawOut != "" {
		if err := saveReport(o.rawOut, rep); err != nil {
			return err
		}
	}
	return writeReport(o, rep)
}

// newRunner finds the binaries: this provider, the emulator, this program
// as the shim, and the official provider unpacked into a directory that
// cleanup removes.
func newRunner(o options) (*runner, func(), error) {
	self, err := os.Executable()
	if err != nil {
		return nil, nil, err
	}
	r := &runner{
		emulatorBin: filepath.Join(o.binDir, "auth0-emulator"),
		self:        self,
		providers:   []provider{{name: ours, source: "openauth0/auth0", binary: filepath.Join(o.binDir, "terraform-provider-auth0"), config: oursConfig}},
		log:         func(format string, args ...any) { fmt.Fprintf(os.Stderr, format+"\n", args...) },
	}
	if o.official == "" {
		return r, func() {}, nil
	}
	dir, err := os.MkdirTemp("", "auth0-bench-official-")
	if err != nil {
		return nil, nil, err
	}
	cleanup := func() { os.RemoveAll(dir) }
	bin, err := unpackOfficial(o.official, dir)
	if err != nil {
		cleanup()
		return nil, nil, err
	}
	r.providers = append(r.providers, provider{name: official, source: "auth0/auth0", binary: bin, config: officialConfig})
	return r, cleanup, nil
}

// writeReport writes the report and its chart, prints the report, and
// fails when a check does.
func writeReport(o options, rep report) error {
	chart := strings.TrimSuffix(o.out, filepath.Ext(o.out)) + "-wall-time.svg"
	if err := os.WriteFile(chart, []byte(wallTimeChart(rep.Results)), 0o644); err != nil {
		return err
	}
	rep.Chart = filepath.Base(chart)
	text := rep.markdown()
	if err := os.WriteFile(o.out, []byte(text), 0o644); err != nil {
		return err
	}
	fmt.Print(text)
	if checks := evaluate(rep.Results); !allPass(checks) {
		return fmt.Errorf("checks failed (see %s): %s", o.out, failedChecks(checks))
	}
	return nil
}

func describeMachine() machine {
	m := machine{CPUs: runtime.NumCPU(), GoVersion: runtime.Version()}
	if info, err := os.ReadFile("/proc/cpuinfo"); err == nil {
		for _, line := range strings.Split(string(info), "\n") {
			if name, ok := strings.CutPrefix(line, "model name"); ok {
				m.CPUModel = strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(name), ":"))
				break
			}
		}
	}
	if rel, err := os.ReadFile("/proc/sys/kernel/osrelease"); err == nil {
		m.Kernel = strings.TrimSpace(string(rel))
	}
	if load, err := os.ReadFile("/proc/loadavg"); err == nil {
		m.LoadAverage = strings.Join(strings.Fields(string(load))[:3], " ")
	}
	if out, err := exec.Command("terraform", "version").Output(); err == nil {
		m.TerraformVersion = strings.SplitN(string(out), "\n", 2)[0]
	}
	return m
}
