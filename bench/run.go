package main

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// rateLimit is one rate-limit setting of a scenario: the emulator's token
// bucket and the provider's rate_limit, set to match it (the provider's
// default of 2 rps would otherwise pace every run).
type rateLimit struct {
	name          string
	emulatorRPS   float64 // 0: no limit
	emulatorBurst int
	providerRate  string // the provider's rate_limit; "-1" disables its limiter
}

var (
	unlimited = rateLimit{name: "none", providerRate: "-1"}
	limited   = rateLimit{name: "10 rps, burst 20", emulatorRPS: 10, emulatorBurst: 20, providerRate: "10"}
)

// scenario is one fresh tenant taken through every operation.
type scenario struct {
	n       int
	limit   rateLimit
	batched bool
}

func (s scenario) reads() string {
	if s.batched {
		return "batched"
	}
	return "unbatched"
}

// operation is one terraform command of a scenario.
type operation struct {
	name    string
	args    []string
	rev, dn int // the variables that drive the updates
	plan    bool
}

var operations = []operation{
	{name: "create", args: []string{"apply", "-auto-approve"}},
	{name: "no-op plan", args: []string{"plan", "-detailed-exitcode"}, plan: true},
	{name: "update options", args: []string{"apply", "-auto-approve"}, rev: 1},
	{name: "update display_name", args: []string{"apply", "-auto-approve"}, rev: 1, dn: 1},
	{name: "destroy", args: []string{"destroy", "-auto-approve"}, rev: 1, dn: 1},
}

// measurement is what one operation cost.
type measurement struct {
	scenario
	op         operation
	stats      map[string]int64 // emulator counters by route
	calls      int64            // requests answered (429s excluded)
	limited429 int64
	wall       time.Duration
	peakRSSKiB int64
	cpu        time.Duration // user + system time of terraform and its provider processes
	load1      float64       // the machine's 1-minute load average when the command ended
	processes  int           // provider processes terraform started
	exitCode   int
	output     string // terraform's output when it failed
	checks     []check
}

// runner holds what every scenario shares.
type runner struct {
	binDir   string // bin/ with terraform-provider-auth0 and auth0-emulator
	self     string // this program, linked as the shim
	samlCert string
	log      func(format string, args ...any)
}

// runScenario starts a fresh emulator and runs every operation in order.
func (r *runner) runScenario(s scenario) ([]measurement, error) {
	emu, err := startEmulator(filepath.Join(r.binDir, "auth0-emulator"), s.limit.emulatorRPS, s.limit.emulatorBurst)
	if err != nil {
		return nil, err
	}
	defer emu.stop()

	dir, err := os.MkdirTemp("", "auth0-bench-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	if err := r.prepareWorkdir(dir, s); err != nil {
		return nil, err
	}
	env := r.terraformEnv(dir, emu)

	var out []measurement
	for _, op := range operations {
		m, err := r.runOperation(dir, env, emu, s, op)
		if err != nil {
			return out, err
		}
		m.checks = checkBudget(m)
		out = append(out, m)
		r.log("  N=%-4d %-17s %-9s %-20s %5d calls %4d×429 %7.1fs (cpu %5.1fs, load %4.1f) %5.1f MiB exit %d %s",
			s.n, s.limit.name, s.reads(), op.name, m.calls, m.limited429, m.wall.Seconds(), m.cpu.Seconds(), m.load1,
			float64(m.peakRSSKiB)/1024, m.exitCode, summarizeChecks(m.checks))
		if m.exitCode != 0 && !(op.plan && m.exitCode == 2) {
			return out, fmt.Errorf("terraform %s failed (exit %d):\n%s", op.name, m.exitCode, m.output)
		}
	}
	return out, nil
}

func (r *runner) prepareWorkdir(dir string, s scenario) error {
	shimDir := filepath.Join(dir, "provider")
	if err := os.Mkdir(shimDir, 0o755); err != nil {
		return err
	}
	if err := os.Symlink(r.self, filepath.Join(shimDir, "terraform-provider-auth0")); err != nil {
		return err
	}
	rc := fmt.Sprintf("provider_installation {\n  dev_overrides {\n    \"openauth0/auth0\" = %q\n  }\n  direct {}\n}\n", shimDir)
	if err := os.WriteFile(filepath.Join(dir, "terraformrc"), []byte(rc), 0o644); err != nil {
		return err
	}
	settings := map[string]string{
		"rate_limit":  s.limit.providerRate,
		"batch_reads": strconv.FormatBool(s.batched),
	}
	return os.WriteFile(filepath.Join(dir, "main.tf"), []byte(workloadConfig(s.n, settings, r.samlCert)), 0o644)
}

func (r *runner) terraformEnv(dir string, emu *emulatorProcess) []string {
	var env []string
	for _, kv := range os.Environ() {
		// The benchmark's own settings win over whatever the caller has.
		if strings.HasPrefix(kv, "AUTH0_") || strings.HasPrefix(kv, "TF_CLI_CONFIG_FILE=") || strings.HasPrefix(kv, "TF_LOG") {
			continue
		}
		env = append(env, kv)
	}
	return append(env,
		"TF_CLI_CONFIG_FILE="+filepath.Join(dir, "terraformrc"),
		"TF_IN_AUTOMATION=1",
		"CHECKPOINT_DISABLE=1",
		"AUTH0_DOMAIN="+emu.url,
		"AUTH0_API_TOKEN="+emu.token,
		envShimTarget+"="+filepath.Join(r.binDir, "terraform-provider-auth0"),
	)
}

func (r *runner) runOperation(dir string, env []string, emu *emulatorProcess, s scenario, op operation) (measurement, error) {
	m := measurement{scenario: s, op: op}
	rssFile := filepath.Join(dir, "rss-"+strings.ReplaceAll(op.name, " ", "-"))
	if err := emu.resetStats(); err != nil {
		return m, err
	}
	args := append(append([]string{}, op.args...), "-input=false", "-no-color",
		"-var", fmt.Sprintf("rev=%d", op.rev), "-var", fmt.Sprintf("dn=%d", op.dn))
	cmd := exec.CommandContext(context.Background(), "terraform", args...)
	cmd.Dir = dir
	cmd.Env = append(env, envShimRSS+"="+rssFile)
	var output bytes.Buffer
	cmd.Stdout, cmd.Stderr = &output, &output

	start := time.Now()
	err := cmd.Run()
	m.wall = time.Since(start)
	var exitErr *exec.ExitError
	switch {
	case err == nil:
	case errors.As(err, &exitErr):
		m.exitCode = exitErr.ExitCode()
	default:
		return m, fmt.Errorf("running terraform %s: %w", op.name, err)
	}
	if m.exitCode != 0 {
		m.output = tail(output.String(), 40)
	}
	// wait4's usage of terraform includes the provider processes it waited
	// for (each through its shim): the CPU the command cost, which unlike
	// the wall time does not grow when other work shares the machine.
	if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
		m.cpu = time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
	}
	m.load1 = loadAverage1()

	stats, err := emu.stats()
	if err != nil {
		return m, err
	}
	m.stats = stats
	m.limited429 = stats["429"]
	m.calls = stats["total"] - m.limited429
	m.peakRSSKiB, m.processes, err = readRSS(rssFile)
	return m, err
}

// readRSS returns the largest maxrss the shims recorded and how many
// provider processes there were.
func readRSS(path string) (peak int64, processes int, err error) {
	f, err := os.Open(path)
	if errors.Is(err, os.ErrNotExist) {
		return 0, 0, nil
	}
	if err != nil {
		return 0, 0, err
	}
	defer f.Close()
	lines := bufio.NewScanner(f)
	for lines.Scan() {
		v, err := strconv.ParseInt(strings.TrimSpace(lines.Text()), 10, 64)
		if err != nil {
			return 0, 0, fmt.Errorf("%s: %w", path, err)
		}
		peak = max(peak, v)
		processes++
	}
	return peak, processes, lines.Err()
}

// loadAverage1 is /proc/loadavg's 1-minute figure (0 when unreadable).
func loadAverage1() float64 {
	data, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return 0
	}
	fields := strings.Fields(string(data))
	if len(fields) == 0 {
		return 0
	}
	v, _ := strconv.ParseFloat(fields[0], 64)
	return v
}

func tail(s string, n int) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}
