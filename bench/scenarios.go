package main

import (
	"errors"
	"fmt"
	"os"
	"sync"
	"time"
)

// The five scenarios, each against a fresh emulator per provider, with both
// providers at their default settings:
//   - unthrottled: the lifecycle of N connections against a tenant with no
//     limit (its bucket is far beyond the run);
//   - throttled: the same at 2 requests/s with a burst of 10, a free tenant;
//   - consumer: 40 creates at 5 rps (burst 10) while another consumer of the
//     tenant makes a request every second;
//   - two-applies: two terraform apply processes of 40 creates each at once
//     against one tenant of 5 rps (burst 10);
//   - stripped: 50 creates at 2 rps (burst 10) behind a proxy that strips
//     the x-ratelimit-* headers.
type scenario struct {
	name   string
	title  string
	tenant tenant
}

var (
	unthrottled = scenario{"unthrottled", "No limit", tenant{}}
	throttled   = scenario{"throttled", "A free tenant", tenant{rps: 2, burst: 10}}
	consumer    = scenario{"consumer", "Another API consumer", tenant{rps: 5, burst: 10}}
	twoApplies  = scenario{"two-applies", "Two applies at once", tenant{rps: 5, burst: 10}}
	stripped    = scenario{"stripped", "Headers stripped", tenant{rps: 2, burst: 10, strip: true}}

	scenarios = []scenario{unthrottled, throttled, consumer, twoApplies, stripped}
)

// Fixed sizes of the scenarios beyond the lifecycles.
const (
	consumerN   = 40
	twoAppliesN = 40
	strippedN   = 50
	// consumerInterval: the other consumer makes one request a second.
	consumerInterval = time.Second
)

func scenarioNamed(name string) (scenario, bool) {
	return named(scenarios, name, func(s scenario) string { return s.name })
}

// measurement is one terraform command of one provider.
type measurement struct {
	Scenario string `json:"scenario"`
	Provider string `json:"provider"`
	N        int    `json:"n"`
	Step     string `json:"step"`
	// Process is 1 or 2 when two terraform processes ran at once; their
	// Stats are the same, the emulator's over both.
	Process int `json:"process,omitempty"`
	// Stats are the emulator's counters over the command, the other
	// consumer's requests included (Consumer says how many).
	Stats      map[string]int64 `json:"stats"`
	Consumer   *consumerResult  `json:"consumer,omitempty"`
	WallSec    float64          `json:"wall_sec"`
	CPUSec     float64          `json:"cpu_sec"`
	Load1      float64          `json:"load1"`
	PeakRSSKiB int64            `json:"peak_rss_kib"`
	Processes  int              `json:"provider_processes"`
	ExitCode   int              `json:"exit_code"`
	Output     string           `json:"output,omitempty"`
}

// failed: the command did not do its job (a plan's exit 2 only says it has
// changes, which the budget checks).
func (m measurement) failed() bool {
	s, _ := stepNamed(m.Step)
	return m.ExitCode != 0 && !(s.plan && m.ExitCode == 2)
}

// limited429 is the 429s the provider met.
func (m measurement) limited429() int64 {
	n := m.Stats["429"]
	if m.Consumer != nil {
		n -= int64(m.Consumer.Refused)
	}
	return n
}

// calls is the requests of the provider the emulator answered (429s
// excluded).
func (m measurement) calls() int64 {
	n := m.Stats["total"] - m.Stats["429"]
	if c := m.Consumer; c != nil {
		n -= int64(c.Sent - c.Refused - c.Failed)
	}
	return n
}

// runScenario runs s at size n for every provider and returns the
// measurements, in the order they were taken.
func (r *runner) runScenario(s scenario, n int) ([]measurement, error) {
	dir, err := os.MkdirTemp("", "auth0-bench-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	switch s.name {
	case unthrottled.name:
		return r.interleavedLifecycles(dir, s, n)
	case throttled.name:
		var out []measurement
		for _, p := range r.providers {
			ms, err := r.lifecycle(dir, s, p, n)
			out = append(out, ms...)
			if err != nil {
				return out, err
			}
		}
		return out, nil
	case consumer.name, stripped.name:
		return r.eachProvider(func(p provider) ([]measurement, error) { return r.creates(dir, s, p, n) })
	case twoApplies.name:
		return r.eachProvider(func(p provider) ([]measurement, error) { return r.concurrentCreates(dir, s, p, n) })
	}
	return nil, fmt.Errorf("unknown scenario %q", s.name)
}

func (r *runner) eachProvider(run func(provider) ([]measurement, error)) ([]measurement, error) {
	var out []measurement
	for _, p := range r.providers {
		ms, err := run(p)
		out = append(out, ms...)
		if err != nil {
			return out, err
		}
	}
	return out, nil
}

// measured runs one step of ws against emu and takes its counters.
func (r *runner) measured(s scenario, n int, ws *workspace, emu *emulatorProcess, st step) (measurement, error) {
	if err := emu.resetStats(); err != nil {
		return measurement{}, err
	}
	m, err := ws.run(st)
	if err != nil {
		return m, err
	}
	m.Scenario, m.N = s.name, n
	m.Stats, err = emu.stats()
	r.logMeasurement(m)
	return m, err
}

func (r *runner) logMeasurement(m measurement) {
	result := "ok"
	if m.failed() {
		result = fmt.Sprintf("FAILED (exit %d)", m.ExitCode)
	}
	consumer := ""
	if c := m.Consumer; c != nil {
		consumer = fmt.Sprintf(", consumer %d sent %d×429", c.Sent, c.Refused)
	}
	r.log("  %-11s %-8s N=%-4d %-20s %5d calls %4d×429 %6.1fs (cpu %5.1fs, load %4.1f)%s %s",
		m.Scenario, m.Provider, m.N, m.Step, m.calls(), m.limited429(), m.WallSec, m.CPUSec, m.Load1, consumer, result)
}

// interleavedLifecycles takes every provider through the lifecycle, each
// against its own emulator, one step of each in turn: a change in the
// machine's load then weighs on both alike.
func (r *runner) interleavedLifecycles(dir string, s scenario, n int) ([]measurement, error) {
	type setup struct {
		ws  *workspace
		emu *emulatorProcess
	}
	var setups []setup
	defer func() {
		for _, su := range setups {
			su.emu.stop()
		}
	}()
	for _, p := range r.providers {
		emu, ws, err := r.start(dir, s, p, n, "")
		if err != nil {
			return nil, err
		}
		setups = append(setups, setup{ws, emu})
	}
	var out []measurement
	for _, st := range lifecycle {
		for _, su := range setups {
			m, err := r.measured(s, n, su.ws, su.emu, st)
			out = append(out, m)
			if err != nil {
				return out, err
			}
		}
	}
	return out, nil
}

// start brings up an emulator for s and a workspace of p on it.
func (r *runner) start(dir string, s scenario, p provider, n int, prefix string) (*emulatorProcess, *workspace, error) {
	emuDir, err := os.MkdirTemp(dir, "emulator-")
	if err != nil {
		return nil, nil, err
	}
	emu, err := startEmulator(r.emulatorBin, emuDir, s.tenant)
	if err != nil {
		return nil, nil, err
	}
	ws, err := r.newWorkspace(dir, p, emu, n, prefix)
	if err != nil {
		emu.stop()
		return nil, nil, err
	}
	return emu, ws, nil
}

// lifecycle takes one provider through every step on a fresh emulator,
// without pause: the bucket is not refilled between steps.
func (r *runner) lifecycle(dir string, s scenario, p provider, n int) ([]measurement, error) {
	emu, ws, err := r.start(dir, s, p, n, "")
	if err != nil {
		return nil, err
	}
	defer emu.stop()
	var out []measurement
	for _, st := range lifecycle {
		m, err := r.measured(s, n, ws, emu, st)
		out = append(out, m)
		if err != nil {
			return out, err
		}
	}
	return out, nil
}

// creates applies n connections; in the consumer scenario another consumer
// of the tenant makes a request every second meanwhile.
func (r *runner) creates(dir string, s scenario, p provider, n int) ([]measurement, error) {
	emu, ws, err := r.start(dir, s, p, n, "")
	if err != nil {
		return nil, err
	}
	defer emu.stop()
	if err := emu.resetStats(); err != nil {
		return nil, err
	}
	var consumed <-chan consumerResult
	stop := make(chan struct{})
	if s.name == consumer.name {
		consumed = emu.consume(consumerInterval, stop)
	}
	m, err := ws.run(lifecycle[0])
	close(stop)
	if err != nil {
		return nil, err
	}
	if consumed != nil {
		c := <-consumed
		m.Consumer = &c
	}
	m.Scenario, m.N = s.name, n
	m.Stats, err = emu.stats()
	r.logMeasurement(m)
	return []measurement{m}, err
}

// concurrentCreates runs two terraform applies of n connections each at
// once, in two workspaces against one emulator.
func (r *runner) concurrentCreates(dir string, s scenario, p provider, n int) ([]measurement, error) {
	emu, first, err := r.start(dir, s, p, n, "a-")
	if err != nil {
		return nil, err
	}
	defer emu.stop()
	second, err := r.newWorkspace(dir, p, emu, n, "b-")
	if err != nil {
		return nil, err
	}
	if err := emu.resetStats(); err != nil {
		return nil, err
	}
	out := make([]measurement, 2)
	errs := make([]error, 2)
	var wg sync.WaitGroup
	for i, ws := range []*workspace{first, second} {
		wg.Go(func() { out[i], errs[i] = ws.run(lifecycle[0]) })
	}
	wg.Wait()
	stats, err := emu.stats()
	for i := range out {
		out[i].Scenario, out[i].N, out[i].Process, out[i].Stats = s.name, n, i+1, stats
		r.logMeasurement(out[i])
	}
	return out, errors.Join(errs[0], errs[1], err)
}
