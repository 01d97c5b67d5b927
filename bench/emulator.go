package main

import (
	"bufio"
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// tenant is the rate limit of a scenario's emulator.
type tenant struct {
	rps   float64 // 0: no limit (the emulator's bucket of a million)
	burst int
	strip bool // answer without the x-ratelimit-* headers
}

func (t tenant) String() string {
	if t.rps == 0 {
		return "no limit"
	}
	s := fmt.Sprintf("%g rps, burst %d", t.rps, t.burst)
	if t.strip {
		s += ", headers stripped"
	}
	return s
}

// emulatorProcess is a running bin/auth0-emulator serving HTTPS (the
// official provider reaches the tenant over HTTPS only).
type emulatorProcess struct {
	cmd      *exec.Cmd
	host     string // 127.0.0.1:port, what AUTH0_DOMAIN holds
	certFile string
	token    string
	http     *http.Client
}

const benchToken = "bench-token"

// startEmulator runs the emulator on a free loopback port; its certificate
// goes to dir.
func startEmulator(binary, dir string, t tenant) (*emulatorProcess, error) {
	cert := filepath.Join(dir, "emulator.pem")
	args := []string{"--listen", "127.0.0.1:0", "--token", benchToken, "--tls-cert-out", cert}
	if t.rps > 0 {
		args = append(args, "--rate-limit", strconv.FormatFloat(t.rps, 'f', -1, 64), "--burst", strconv.Itoa(t.burst))
	}
	if t.strip {
		args = append(args, "--strip-rate-limit-headers")
	}
	cmd := exec.Command(binary, args...)
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("starting the emulator: %w", err)
	}
	e := &emulatorProcess{cmd: cmd, token: benchToken, certFile: cert}
	lines := bufio.NewScanner(stdout)
	if lines.Scan() {
		e.host, _ = strings.CutPrefix(lines.Text(), "auth0-emulator listening on https://")
	}
	// Keep draining stdout so the emulator never blocks on a full pipe.
	go func() {
		for lines.Scan() {
		}
	}()
	if e.host == "" || strings.Contains(e.host, " ") {
		e.stop()
		return nil, fmt.Errorf("the emulator did not announce an https address (first line %q)", e.host)
	}
	pem, err := os.ReadFile(cert)
	if err != nil {
		e.stop()
		return nil, err
	}
	pool := x509.NewCertPool()
	pool.AppendCertsFromPEM(pem)
	e.http = &http.Client{Timeout: 10 * time.Second, Transport: &http.Transport{
		TLSClientConfig: &tls.Config{RootCAs: pool, MinVersion: tls.VersionTLS12},
	}}
	return e, nil
}

func (e *emulatorProcess) stop() {
	_ = e.cmd.Process.Kill()
	_ = e.cmd.Wait()
}

// env points a provider at the emulator; both providers read these.
func (e *emulatorProcess) env() []string {
	return []string{"AUTH0_DOMAIN=" + e.host, "AUTH0_API_TOKEN=" + e.token, "SSL_CERT_FILE=" + e.certFile}
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
	req, err := http.NewRequestWithContext(context.Background(), method, "https://"+e.host+"/emulator/stats", nil)
	if err != nil {
		return err
	}
	resp, err := e.http.Do(req)
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

// consumerResult is what the tenant's other API consumer saw.
type consumerResult struct {
	Sent    int `json:"sent"`
	Refused int `json:"refused"` // answered 429
	Failed  int `json:"failed"`  // no answer
}

// consume is another consumer of the tenant (its own back end, say): a
// GET /api/v2/clients every interval until stop is closed. It pays no
// attention to the rate-limit headers.
func (e *emulatorProcess) consume(interval time.Duration, stop <-chan struct{}) <-chan consumerResult {
	done := make(chan consumerResult, 1)
	go func() {
		var r consumerResult
		tick := time.NewTicker(interval)
		defer tick.Stop()
		for {
			select {
			case <-stop:
				done <- r
				return
			case <-tick.C:
			}
			r.Sent++
			req, _ := http.NewRequestWithContext(context.Background(), http.MethodGet, "https://"+e.host+"/api/v2/clients", nil)
			req.Header.Set("Authorization", "Bearer "+e.token)
			resp, err := e.http.Do(req)
			if err != nil {
				r.Failed++
				continue
			}
			resp.Body.Close()
			if resp.StatusCode == http.StatusTooManyRequests {
				r.Refused++
			}
		}
	}()
	return done
}
