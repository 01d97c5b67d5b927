package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"os/exec"
	"strconv"
	"strings"
	"time"
)

// emulatorProcess is a running bin/auth0-emulator.
type emulatorProcess struct {
	cmd   *exec.Cmd
	url   string
	token string
}

const benchToken = "bench-token"

// startEmulator runs the emulator on a free loopback port; rps 0 means no
// rate limit.
func startEmulator(binary string, rps float64, burst int) (*emulatorProcess, error) {
	args := []string{"--listen", "127.0.0.1:0", "--token", benchToken}
	if rps > 0 {
		args = append(args, "--rate-limit", strconv.FormatFloat(rps, 'f', -1, 64), "--burst", strconv.Itoa(burst))
	}
	cmd := exec.Command(binary, args...)
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("starting the emulator: %w", err)
	}
	e := &emulatorProcess{cmd: cmd, token: benchToken}
	lines := bufio.NewScanner(stdout)
	if lines.Scan() {
		e.url, _ = strings.CutPrefix(lines.Text(), "auth0-emulator listening on ")
	}
	// Keep draining stdout so the emulator never blocks on a full pipe.
	go func() {
		for lines.Scan() {
		}
	}()
	if !strings.HasPrefix(e.url, "http://") {
		e.stop()
		return nil, fmt.Errorf("the emulator did not announce its address (first line %q)", e.url)
	}
	return e, nil
}

func (e *emulatorProcess) stop() {
	_ = e.cmd.Process.Kill()
	_ = e.cmd.Wait()
}

// stats returns the request counters (GET /emulator/stats, an emulator
// extension that is neither counted nor rate limited).
func (e *emulatorProcess) stats() (map[string]int64, error) {
	var out map[string]int64
	err := e.statsRequest(http.MethodGet, &out)
	return out, err
}

// resetStats zeroes the counters (DELETE /emulator/stats).
func (e *emulatorProcess) resetStats() error {
	return e.statsRequest(http.MethodDelete, nil)
}

func (e *emulatorProcess) statsRequest(method string, out any) error {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, method, e.url+"/emulator/stats", nil)
	if err != nil {
		return err
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode/100 != 2 {
		return fmt.Errorf("%s /emulator/stats: %s", method, resp.Status)
	}
	if out == nil {
		return nil
	}
	return json.NewDecoder(resp.Body).Decode(out)
}
