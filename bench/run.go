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

// provider is one of the providers measured.
type provider struct {
	name   string // "ours" or "official", as the report names it
	source string // its registry source, which dev_overrides maps
	binary string
	config func(n int, prefix string) string
}

const (
	ours     = "ours"
	official = "official"
)

// step is one terraform command of a lifecycle.
type step struct {
	name    string
	args    []string
	rev, dn int // the variables that drive the updates
	plan    bool
}

var lifecycle = []step{
	{name: "create", args: []string{"apply", "-auto-approve"}},
	{name: "no-op plan", args: []string{"plan", "-detailed-exitcode"}, plan: true},
	{name: "update options", args: []string{"apply", "-auto-approve"}, rev: 1},
	{name: "update display_name", args: []string{"apply", "-auto-approve"}, rev: 1, dn: 1},
	{name: "destroy", args: []string{"destroy", "-auto-approve"}, rev: 1, dn: 1},
}

func stepNamed(name string) (step, bool) {
	return named(lifecycle, name, func(s step) string { return s.name })
}

// named returns the element of list that nameOf calls name.
func named[T any](list []T, name string, nameOf func(T) string) (T, bool) {
	for _, x := range list {
		if nameOf(x) == name {
			return x, true
		}
	}
	var zero T
	return zero, false
}

// runner holds what every scenario shares.
type runner struct {
	emulatorBin string
	self        string // this program, linked as the shim
	providers   []provider
	log         func(format string, args ...any)
}

// workspace is one terraform working directory of one provider against one
// emulator.
type workspace struct {
	dir  string
	prov provider
	env  []string
}

func (r *runner) newWorkspace(parent string, p provider, emu *emulatorProcess, n int, prefix string) (*workspace, error) {
	dir, err := os.MkdirTemp(parent, p.name+"-")
	if err != nil {
		return nil, err
	}
	shimDir := filepath.Join(dir, "provider")
	if err := os.Mkdir(shimDir, 0o755); err != nil {
		return nil, err
	}
	if err := os.Symlink(r.self, filepath.Join(shimDir, "terraform-provider-auth0")); err != nil {
		return nil, err
	}
	rc := fmt.Sprintf("provider_installation {\n  dev_overrides {\n    %q = %q\n  }\n  direct {}\n}\n", p.source, shimDir)
	if err := os.WriteFile(filepath.Join(dir, "terraformrc"), []byte(rc), 0o644); err != nil {
		return nil, err
	}
	if err := os.WriteFile(filepath.Join(dir, "main.tf"), []byte(p.config(n, prefix)), 0o644); err != nil {
		return nil, err
	}
	return &workspace{dir: dir, prov: p, env: terraformEnv(dir, p, emu)}, nil
}

func terraformEnv(dir string, p provider, emu *emulatorProcess) []string {
	var env []string
	for _, kv := range os.Environ() {
		// The benchmark's own settings win over whatever the caller has.
		if strings.HasPrefix(kv, "AUTH0_") || strings.HasPrefix(kv, "TF_") || strings.HasPrefix(kv, "SSL_CERT_FILE=") {
			continue
		}
		env = append(env, kv)
	}
	env = append(env,
		"TF_CLI_CONFIG_FILE="+filepath.Join(dir, "terraformrc"),
		"TF_IN_AUTOMATION=1",
		"CHECKPOINT_DISABLE=1",
		envShimTarget+"="+p.binary,
	)
	return append(env, emu.env()...)
}

// run runs one step of the lifecycle in ws. Its counters are the
// scenario's to take (two workspaces may share an emulator).
func (ws *workspace) run(s step) (measurement, error) {
	m := measurement{Provider: ws.prov.name, Step: s.name}
	rssFile := filepath.Join(ws.dir, "rss-"+strings.ReplaceAll(s.name, " ", "-"))
	args := append(append([]string{}, s.args...), "-input=false", "-no-color",
		"-var", fmt.Sprintf("rev=%d", s.rev), "-var", fmt.Sprintf("dn=%d", s.dn))
	cmd := exec.CommandContext(context.Background(), "terraform", args...)
	cmd.Dir = ws.dir
	cmd.Env = append(append([]string{}, ws.env...), envShimRSS+"="+rssFile)
	var output bytes.Buffer
	cmd.Stdout, cmd.Stderr = &output, &output

	start := time.Now()
	code, err := exitCode(cmd.Run())
	m.WallSec = time.Since(start).Seconds()
	if err != nil {
		return m, fmt.Errorf("running terraform %s: %w", s.name, err)
	}
	m.ExitCode = code
	if m.failed() {
		m.Output = tail(output.String(), 30)
	}
	// wait4's usage of terraform includes the provider processes it waited
	// for (each through its shim): the CPU the command cost, which unlike
	// the wall time does not grow when other work shares the machine.
	if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
		m.CPUSec = time.Duration(ru.Utime.Nano() + ru.Stime.Nano()).Seconds()
	}
	m.Load1 = loadAverage1()
	m.PeakRSSKiB, m.Processes, err = readRSS(rssFile)
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

// exitCode is the exit code of a command given the error of its Run: 0 for
// none, the code of an *exec.ExitError (-1 for a command a signal killed),
// or the error itself when the command could not run.
func exitCode(err error) (int, error) {
	var exitErr *exec.ExitError
	switch {
	case err == nil:
		return 0, nil
	case errors.As(err, &exitErr):
		return exitErr.ExitCode(), nil
	default:
		return 0, err
	}
}

func tail(s string, n int) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}
