package main

import (
	"encoding/json"
	"fmt"
	"os"
	"time"
)

// savedReport is a run's raw measurements as JSON, so the report can be
// rendered again (-render) without repeating a 20-minute run.
type savedReport struct {
	Command     string             `json:"command"`
	Started     time.Time          `json:"started"`
	DurationSec float64            `json:"duration_sec"`
	Machine     savedMachine       `json:"machine"`
	Results     []savedMeasurement `json:"results"`
}

type savedMachine struct {
	CPUs             int    `json:"cpus"`
	CPUModel         string `json:"cpu_model"`
	Kernel           string `json:"kernel"`
	GoVersion        string `json:"go_version"`
	TerraformVersion string `json:"terraform_version"`
	LoadAverage      string `json:"load_average"`
}

type savedMeasurement struct {
	N          int              `json:"n"`
	RateLimit  string           `json:"rate_limit"`
	Batched    bool             `json:"batched"`
	Operation  string           `json:"operation"`
	Stats      map[string]int64 `json:"stats"`
	WallSec    float64          `json:"wall_sec"`
	PeakRSSKiB int64            `json:"peak_rss_kib"`
	CPUSec     float64          `json:"cpu_sec"`
	Load1      float64          `json:"load1"`
	Processes  int              `json:"provider_processes"`
	ExitCode   int              `json:"exit_code"`
	Output     string           `json:"output,omitempty"`
}

func saveReport(path string, r report) error {
	s := savedReport{
		Command: r.command, Started: r.started, DurationSec: r.duration.Seconds(),
		Machine: savedMachine{
			CPUs: r.machine.cpus, CPUModel: r.machine.cpuModel, Kernel: r.machine.kernel,
			GoVersion: r.machine.goVersion, TerraformVersion: r.machine.terraformVersion, LoadAverage: r.machine.loadAverage,
		},
	}
	for _, m := range r.results {
		s.Results = append(s.Results, savedMeasurement{
			N: m.n, RateLimit: m.limit.name, Batched: m.batched, Operation: m.op.name, Stats: m.stats,
			WallSec: m.wall.Seconds(), PeakRSSKiB: m.peakRSSKiB, CPUSec: m.cpu.Seconds(), Load1: m.load1, Processes: m.processes, ExitCode: m.exitCode, Output: m.output,
		})
	}
	data, err := json.MarshalIndent(s, "", "  ")
	if err != nil {
		return err
	}
	return os.WriteFile(path, append(data, '\n'), 0o644)
}

func loadReport(path string) (report, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return report{}, err
	}
	var s savedReport
	if err := json.Unmarshal(data, &s); err != nil {
		return report{}, fmt.Errorf("%s: %w", path, err)
	}
	r := report{
		command: s.Command, started: s.Started, duration: seconds(s.DurationSec),
		machine: machine{
			cpus: s.Machine.CPUs, cpuModel: s.Machine.CPUModel, kernel: s.Machine.Kernel,
			goVersion: s.Machine.GoVersion, terraformVersion: s.Machine.TerraformVersion, loadAverage: s.Machine.LoadAverage,
		},
	}
	for _, sm := range s.Results {
		m, err := sm.measurement()
		if err != nil {
			return report{}, fmt.Errorf("%s: %w", path, err)
		}
		r.results = append(r.results, m)
	}
	return r, nil
}

func (sm savedMeasurement) measurement() (measurement, error) {
	m := measurement{
		stats: sm.Stats, wall: seconds(sm.WallSec), peakRSSKiB: sm.PeakRSSKiB, cpu: seconds(sm.CPUSec), load1: sm.Load1,
		processes: sm.Processes, exitCode: sm.ExitCode, output: sm.Output,
	}
	m.n, m.batched = sm.N, sm.Batched
	switch sm.RateLimit {
	case unlimited.name:
		m.limit = unlimited
	case limited.name:
		m.limit = limited
	default:
		return m, fmt.Errorf("unknown rate limit %q", sm.RateLimit)
	}
	found := false
	for _, op := range operations {
		if op.name == sm.Operation {
			m.op, found = op, true
		}
	}
	if !found {
		return m, fmt.Errorf("unknown operation %q", sm.Operation)
	}
	m.limited429 = sm.Stats["429"]
	m.calls = sm.Stats["total"] - m.limited429
	m.checks = checkBudget(m)
	return m, nil
}

func seconds(s float64) time.Duration { return time.Duration(s * float64(time.Second)) }
