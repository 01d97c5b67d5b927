//go:build reliability

package reliability

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"
)

// emulatorProcess is the auth0-emulator program, run as users run it.
type emulatorProcess struct {
	cmd    *exec.Cmd
	url    string
	token  string
	stderr *bytes.Buffer
}

func startEmulatorProcess(t *testing.T, dataFile string) *emulatorProcess {
	t.Helper()
	const token = "crash-test-token"
	cmd := exec.Command(built.emulator, "--listen", "127.0.0.1:0", "--token", token, "--data", dataFile)
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	p := &emulatorProcess{cmd: cmd, token: token, stderr: &bytes.Buffer{}}
	cmd.Stderr = p.stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if cmd.ProcessState == nil {
			_ = cmd.Process.Kill()
			_ = cmd.Wait()
		}
	})
	lines := bufio.NewScanner(stdout)
	if !lines.Scan() {
		_ = cmd.Wait()
		t.Fatalf("the emulator did not start: %s", p.stderr)
	}
	url, ok := strings.CutPrefix(lines.Text(), "auth0-emulator listening on ")
	if !ok {
		t.Fatalf("unexpected first line %q", lines.Text())
	}
	p.url = url
	go func() { _, _ = io.Copy(io.Discard, stdout) }()
	return p
}

// kill9 ends the process with SIGKILL: no signal handler, no final save.
func (p *emulatorProcess) kill9(t *testing.T) {
	t.Helper()
	if err := p.cmd.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	_ = p.cmd.Wait()
}

func (p *emulatorProcess) call(ctx context.Context, method, path string, body any) (int, map[string]any, error) {
	var rd io.Reader
	if body != nil {
		data, _ := json.Marshal(body)
		rd = bytes.NewReader(data)
	}
	req, err := http.NewRequestWithContext(ctx, method, p.url+path, rd)
	if err != nil {
		return 0, nil, err
	}
	req.Header.Set("Authorization", "Bearer "+p.token)
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return 0, nil, err
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	if err != nil {
		return 0, nil, err // no complete answer: not acknowledged
	}
	var out map[string]any
	_ = json.Unmarshal(data, &out)
	return resp.StatusCode, out, nil
}

// ackLog records the writes the emulator acknowledged (a complete 2xx
// answer). A write whose answer never arrived may or may not have happened.
type ackLog struct {
	mu      sync.Mutex
	created map[string]string // id -> name
	patched map[string]string // id -> display_name acknowledged
	deleted map[string]bool
	// maybeDeleted holds ids whose DELETE got no complete answer: the kill
	// may have hit before or after the server committed it.
	maybeDeleted map[string]bool
	cutOff       int // writes in flight when the kill hit (no complete answer)
}

func (a *ackLog) add(f func()) {
	a.mu.Lock()
	defer a.mu.Unlock()
	f()
}

func (a *ackLog) count() (c, p, d int) {
	a.mu.Lock()
	defer a.mu.Unlock()
	return len(a.created), len(a.patched), len(a.deleted)
}

// writeBurst has writers create, patch and delete connections as fast as
// the emulator answers, until stop is set. Requests are never cancelled by
// the test: every write in flight at the kill meets the kill.
func writeBurst(p *emulatorProcess, cycle, writers int, acks *ackLog, stop *atomic.Bool) *sync.WaitGroup {
	var wg sync.WaitGroup
	for w := 0; w < writers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; !stop.Load(); i++ {
				writeOne(p, fmt.Sprintf("k9-%d-%d-%d", cycle, w, i), i, acks)
			}
		}()
	}
	return &wg
}

// writeOne creates a connection, then patches every second one and deletes
// every fifth, recording each acknowledgement.
func writeOne(p *emulatorProcess, name string, i int, acks *ackLog) {
	status, body, ok := write(p, acks, "POST", "/api/v2/connections", map[string]any{"name": name, "strategy": "email"})
	if !ok || status != http.StatusCreated {
		return
	}
	id, _ := body["id"].(string)
	acks.add(func() { acks.created[id] = name })
	if i%2 == 0 {
		display := "patched " + name
		if status, _, ok := write(p, acks, "PATCH", "/api/v2/connections/"+id, map[string]any{"display_name": display}); ok && status == http.StatusOK {
			acks.add(func() { acks.patched[id] = display })
		}
	}
	if i%5 == 0 {
		status, _, ok := write(p, acks, "DELETE", "/api/v2/connections/"+id, nil)
		switch {
		case !ok:
			acks.add(func() { acks.maybeDeleted[id] = true })
		case status == http.StatusAccepted || status == http.StatusNoContent:
			acks.add(func() { acks.deleted[id] = true })
		}
	}
}

// write sends one write; ok is false when no complete answer came. A
// refused connection came after the kill; any other failure is a write the
// kill cut off.
func write(p *emulatorProcess, acks *ackLog, method, path string, body any) (int, map[string]any, bool) {
	status, answer, err := p.call(context.Background(), method, path, body)
	if err != nil && !errors.Is(err, syscall.ECONNREFUSED) {
		acks.add(func() { acks.cutOff++ })
	}
	return status, answer, err == nil
}

// TestEmulatorKeepsAcknowledgedWritesThroughKill9: three times, kill -9
// the emulator program during a burst of writes, restart it on the same
// data file, and check every acknowledged write is there.
func TestEmulatorKeepsAcknowledgedWritesThroughKill9(t *testing.T) {
	dataFile := filepath.Join(t.TempDir(), "tenant.json")
	acks := &ackLog{created: map[string]string{}, patched: map[string]string{}, deleted: map[string]bool{}, maybeDeleted: map[string]bool{}}
	p := startEmulatorProcess(t, dataFile)
	for cycle := 1; cycle <= 3; cycle++ {
		var stop atomic.Bool
		before, _, _ := acks.count()
		wg := writeBurst(p, cycle, 4, acks, &stop)
		waitForAcks(t, acks, before+100)
		p.kill9(t)
		stop.Store(true)
		wg.Wait()

		p = startEmulatorProcess(t, dataFile) // fails the test if the file does not load
		checked := checkAcknowledged(t, p, acks)
		c, pa, d := acks.count()
		t.Logf("FIGURES crash cycle %d: kill -9 during writes (%d writes cut off so far); the restart loaded the file; "+
			"%d acknowledged creates, %d patches, %d deletes: all %d connections read back as acknowledged",
			cycle, acks.cutOff, c, pa, d, checked)
		if t.Failed() {
			return
		}
	}
}

func waitForAcks(t *testing.T, acks *ackLog, want int) {
	t.Helper()
	deadline := time.Now().Add(time.Minute)
	for {
		if c, _, _ := acks.count(); c >= want {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("fewer than %d creates acknowledged in a minute", want)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// checkAcknowledged reads every acknowledged connection back.
func checkAcknowledged(t *testing.T, p *emulatorProcess, acks *ackLog) int {
	t.Helper()
	acks.mu.Lock()
	defer acks.mu.Unlock()
	ctx := t.Context()
	checked := 0
	for id, name := range acks.created {
		status, body, err := p.call(ctx, "GET", "/api/v2/connections/"+id, nil)
		if err != nil {
			t.Fatalf("GET %s: %v", id, err)
		}
		checked++
		switch {
		case acks.maybeDeleted[id] && status == http.StatusNotFound:
			// The interrupted DELETE had been committed.
		case acks.deleted[id]:
			if status != http.StatusNotFound {
				t.Errorf("%s (%s): deletion was acknowledged, GET answers %d", id, name, status)
			}
		case status != http.StatusOK:
			t.Errorf("%s (%s): creation was acknowledged, GET answers %d", id, name, status)
		case acks.patched[id] != "" && body["display_name"] != acks.patched[id]:
			t.Errorf("%s (%s): display_name %v, acknowledged %q", id, name, body["display_name"], acks.patched[id])
		}
	}
	return checked
}
