package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/openauth0/terraform-provider-auth0/internal/localserver"
)

// syncBuffer is the program's stdout in tests.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// program is one run of the emulator program in the test process.
type program struct {
	out    *syncBuffer
	cancel context.CancelFunc
	done   chan error
}

// hangBound is how long the program may take to announce itself, stop, or
// refuse to start before the test calls it hung: it only catches a hang,
// so it is generous for a loaded machine.
const hangBound = time.Minute

// start runs the program and waits for its announcement (every line is
// written at once, before serving).
func start(t *testing.T, args ...string) *program {
	t.Helper()
	ctx, cancel := context.WithCancel(t.Context())
	p := &program{out: &syncBuffer{}, cancel: cancel, done: make(chan error, 1)}
	go func() { p.done <- run(ctx, args, p.out) }()
	deadline := time.Now().Add(hangBound)
	for !strings.Contains(p.out.String(), "export AUTH0_DOMAIN=") {
		select {
		case err := <-p.done:
			t.Fatalf("program exited early: %v; output %q", err, p.out.String())
		default:
		}
		if time.Now().After(deadline) {
			t.Fatalf("no announcement; output %q", p.out.String())
		}
		time.Sleep(5 * time.Millisecond)
	}
	t.Cleanup(func() { p.stop(t) })
	return p
}

// stop sends the equivalent of SIGINT and waits for a clean exit.
func (p *program) stop(t *testing.T) {
	t.Helper()
	if p.cancel == nil {
		return
	}
	p.cancel()
	p.cancel = nil
	select {
	case err := <-p.done:
		if err != nil {
			t.Errorf("program exited with %v", err)
		}
	case <-time.After(hangBound):
		t.Error("program did not stop")
	}
}

func (p *program) lines() []string { return strings.Split(strings.TrimSpace(p.out.String()), "\n") }

// env returns the value of an exported variable from the announcement.
func (p *program) env(name string) string {
	for _, l := range p.lines() {
		if v, ok := strings.CutPrefix(l, "export "+name+"="); ok {
			return strings.Trim(v, "'")
		}
	}
	return ""
}

var listeningRE = regexp.MustCompile(`^auth0-emulator listening on (https?)://(127\.0\.0\.1:\d+)$`)

func (p *program) baseURL(t *testing.T) string {
	t.Helper()
	m := listeningRE.FindStringSubmatch(p.lines()[0])
	if m == nil {
		t.Fatalf("first line %q does not match %s", p.lines()[0], listeningRE)
	}
	return m[1] + "://" + m[2]
}

func call(t *testing.T, c *http.Client, method, u, token, body string) (int, string) {
	t.Helper()
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	req, _ := http.NewRequest(method, u, rd)
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("Content-Type", "application/json")
	resp, err := c.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, u, err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// createConnection POSTs body to the connections URL and returns the new
// connection's id.
func createConnection(t *testing.T, connectionsURL, token, body string) string {
	t.Helper()
	status, answer := call(t, http.DefaultClient, "POST", connectionsURL, token, body)
	if status != http.StatusCreated {
		t.Fatalf("create: %d %s", status, answer)
	}
	var conn struct {
		ID string `json:"id"`
	}
	if err := json.Unmarshal([]byte(answer), &conn); err != nil {
		t.Fatal(err)
	}
	return conn.ID
}

func TestProgramOverTLSWithPersistence(t *testing.T) {
	dir := t.TempDir()
	certFile := filepath.Join(dir, "cert.pem")
	dataFile := filepath.Join(dir, "tenant.json")

	p := start(t, "--listen", "127.0.0.1:0", "--tls-cert-out", certFile, "--token", "dev", "--data", dataFile)
	base := p.baseURL(t)
	if !strings.HasPrefix(base, "https://") {
		t.Fatalf("base %s is not https", base)
	}
	if got := p.env("AUTH0_DOMAIN"); got != strings.TrimPrefix(base, "https://") {
		t.Errorf("AUTH0_DOMAIN=%q for %s", got, base)
	}
	if got := p.env("SSL_CERT_FILE"); got != certFile {
		t.Errorf("SSL_CERT_FILE=%q, want %q", got, certFile)
	}
	if got := p.env("AUTH0_API_TOKEN"); got != "dev" {
		t.Errorf("AUTH0_API_TOKEN=%q", got)
	}

	// Trust exactly the written certificate, as SSL_CERT_FILE would.
	client, err := localserver.TrustingClient(certFile)
	if err != nil {
		t.Fatal(err)
	}
	status, body := call(t, client, "POST", base+"/api/v2/connections", "dev", `{"name":"persisted","strategy":"auth0"}`)
	if status != 201 {
		t.Fatalf("create over TLS: %d %s", status, body)
	}
	// localhost is in the certificate too.
	localhost := strings.Replace(base, "127.0.0.1", "localhost", 1)
	if status, body := call(t, client, "GET", localhost+"/api/v2/connections?name=persisted", "dev", ""); status != 200 || !strings.Contains(body, `"persisted"`) {
		t.Errorf("GET via localhost: %d %s", status, body)
	}
	p.stop(t)

	// Restart on the same data file, over plain HTTP this time.
	p2 := start(t, "--listen", "127.0.0.1:0", "--token", "dev", "--data", dataFile)
	base2 := p2.baseURL(t)
	if got := p2.env("AUTH0_DOMAIN"); got != base2 {
		t.Errorf("AUTH0_DOMAIN=%q, want the full %s for http", got, base2)
	}
	status, body = call(t, http.DefaultClient, "GET", base2+"/api/v2/connections?name=persisted", "dev", "")
	if status != 200 || !strings.Contains(body, `"name":"persisted"`) {
		t.Errorf("after restart: %d %s", status, body)
	}
}

func TestProgramClientCredentialsAndScopes(t *testing.T) {
	p := start(t, "--listen", "127.0.0.1:0", "--client-id", "cid", "--client-secret", "s3cret", "--scopes", "read:connections, read:connections_options")
	if p.env("AUTH0_CLIENT_ID") != "cid" || p.env("AUTH0_CLIENT_SECRET") != "s3cret" || p.env("AUTH0_API_TOKEN") != "" {
		t.Errorf("announcement:\n%s", p.out.String())
	}
	base := p.baseURL(t)
	resp, err := http.PostForm(base+"/oauth/token", url.Values{
		"grant_type": {"client_credentials"}, "client_id": {"cid"}, "client_secret": {"s3cret"},
		"audience": {base + "/api/v2/"},
	})
	if err != nil {
		t.Fatal(err)
	}
	raw, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || !strings.Contains(string(raw), `"scope":"read:connections read:connections_options"`) {
		t.Fatalf("token: %d %s", resp.StatusCode, raw)
	}
}

func TestProgramWithoutCredentialsMintsAToken(t *testing.T) {
	p := start(t, "--listen", "127.0.0.1:0")
	tok := p.env("AUTH0_API_TOKEN")
	if tok == "" {
		t.Fatalf("no token announced:\n%s", p.out.String())
	}
	if status, body := call(t, http.DefaultClient, "GET", p.baseURL(t)+"/api/v2/connections", tok, ""); status != 200 {
		t.Errorf("with the announced token: %d %s", status, body)
	}
}

func TestProgramRefusesACorruptDataFile(t *testing.T) {
	dataFile := filepath.Join(t.TempDir(), "tenant.json")
	if err := os.WriteFile(dataFile, []byte(`{"version":1,"connections":`), 0o600); err != nil {
		t.Fatal(err)
	}
	out := &syncBuffer{}
	err := run(t.Context(), []string{"--listen", "127.0.0.1:0", "--data", dataFile}, out)
	if err == nil || !strings.Contains(err.Error(), "corrupt") {
		t.Errorf("run = %v, want a corrupt-data-file error", err)
	}
	if out.String() != "" {
		t.Errorf("announced despite the error: %q", out.String())
	}
}

func TestProgramRefusesADataFileItCannotWrite(t *testing.T) {
	dataFile := filepath.Join(t.TempDir(), "missing-dir", "tenant.json")
	// The deadline only ends a program that wrongly serves instead of
	// refusing.
	ctx, cancel := context.WithTimeout(t.Context(), hangBound)
	defer cancel()
	out := &syncBuffer{}
	err := run(ctx, []string{"--listen", "127.0.0.1:0", "--data", dataFile}, out)
	if err == nil || !strings.Contains(err.Error(), dataFile) {
		t.Errorf("run = %v, want an error naming %s", err, dataFile)
	}
	if out.String() != "" {
		t.Errorf("announced despite the error: %q", out.String())
	}
}

func TestProgramFlagErrors(t *testing.T) {
	for _, args := range [][]string{
		{"--client-id", "only-id"},
		{"--listen"},
		{"--rate-limit", "fast"},
		{"extra-argument"},
		{"--refuse", "GET /api/v2/connections"},
		{"--refuse", "/api/v2/connections=403"},
		{"--refuse", "GET /api/v2/connections=200"},
		{"--refuse", "GET /api/v2/connections/con_abc=403"},
		{"--fault-rate", "2"},
		{"--drop-rate", "-0.5"},
		{"--rate-limit-fault-rate", "1.5"},
		{"--rate-limit", "-1"},
		{"--burst", "5"},
		{"--rate-limit", "2", "--burst", "-1"},
		{"--latency", "-1s"},
		{"--delete-pending", "-1s"},
	} {
		if err := run(t.Context(), args, io.Discard); err == nil || errors.Is(err, context.Canceled) {
			t.Errorf("run(%q) = %v, want an error", args, err)
		}
	}
}

func TestPrintEnvQuotes(t *testing.T) {
	var b bytes.Buffer
	printEnv(&b, "A", "plain-value_1.2:3/x")
	printEnv(&b, "B", "it's $x")
	if got := b.String(); got != "export A=plain-value_1.2:3/x\nexport B='it'\\''s $x'\n" {
		t.Errorf("printEnv = %q", got)
	}
}

func TestProgramInjects429s(t *testing.T) {
	p := start(t, "--listen", "127.0.0.1:0", "--token", "t429", "--rate-limit-fault-rate", "1", "--seed", "5")
	status, body := call(t, http.DefaultClient, "GET", p.baseURL(t)+"/api/v2/connections", "t429", "")
	if status != http.StatusTooManyRequests || !strings.Contains(body, `"errorCode":"too_many_requests"`) {
		t.Errorf("with --rate-limit-fault-rate 1: %d %s", status, body)
	}
}

func TestProgramRefusesNamedRoutes(t *testing.T) {
	p := start(t, "--listen", "127.0.0.1:0", "--token", "tref", "--refuse", "GET /api/v2/connections=403")
	base := p.baseURL(t) + "/api/v2/connections"
	if status, body := call(t, http.DefaultClient, "GET", base, "tref", ""); status != http.StatusForbidden ||
		!strings.Contains(body, `"errorCode":"insufficient_scope"`) {
		t.Errorf("refused listing: %d %s", status, body)
	}
	if status, body := call(t, http.DefaultClient, "GET", base+"/con_missing", "tref", ""); status != http.StatusNotFound {
		t.Errorf("GET of one connection (not refused): %d %s", status, body)
	}
}

func TestProgramListsScopes(t *testing.T) {
	var out bytes.Buffer
	if err := run(t.Context(), []string{"--list-scopes"}, &out); err != nil {
		t.Fatal(err)
	}
	scopes := strings.Fields(out.String())
	for _, want := range []string{"read:connections", "create:connections_keys", "read:scim_token", "update:directory_provisionings"} {
		if !slices.Contains(scopes, want) {
			t.Errorf("--list-scopes lacks %s:\n%s", want, out.String())
		}
	}
}

// The program serves the sub-resources, and --domain names the tenant in
// SCIM configurations.
func TestProgramServesSubresources(t *testing.T) {
	p := start(t, "--listen", "127.0.0.1:0", "--token", "dev", "--domain", "acme.eu.auth0.com")
	base := p.baseURL(t) + "/api/v2/connections"
	id := createConnection(t, base, "dev", `{"name":"okta-scim","strategy":"okta","options":{"domain":"acme.okta.com"}}`)
	status, body := call(t, http.DefaultClient, "POST", base+"/"+id+"/scim-configuration", "dev", "")
	if status != http.StatusCreated || !strings.Contains(body, `"tenant_name":"acme"`) {
		t.Errorf("SCIM configuration: %d %s", status, body)
	}
}

func TestProgramStripsRateLimitHeaders(t *testing.T) {
	for _, strip := range []bool{false, true} {
		args := []string{"--listen", "127.0.0.1:0", "--token", "tstrip", "--rate-limit", "5", "--burst", "10"}
		if strip {
			args = append(args, "--strip-rate-limit-headers")
		}
		p := start(t, args...)
		req, _ := http.NewRequest("GET", p.baseURL(t)+"/api/v2/connections", nil)
		req.Header.Set("Authorization", "Bearer tstrip")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if got := resp.Header.Get("X-Ratelimit-Limit"); (got == "") != strip || (!strip && got != "10") {
			t.Errorf("--strip-rate-limit-headers %v: x-ratelimit-limit %q", strip, got)
		}
	}
}

// --delete-pending keeps a deleted connection "being deleted", as a real
// tenant does for a while: a repeat DELETE answers 202 with the same
// deleted_at and the name cannot be taken again yet.
func TestProgramDeletePending(t *testing.T) {
	p := start(t, "--listen", "127.0.0.1:0", "--token", "dev", "--delete-pending", "1h")
	base := p.baseURL(t) + "/api/v2/connections"
	id := createConnection(t, base, "dev", `{"name":"slow","strategy":"auth0"}`)
	status, first := call(t, http.DefaultClient, "DELETE", base+"/"+id, "dev", "")
	_, second := call(t, http.DefaultClient, "DELETE", base+"/"+id, "dev", "")
	if status != http.StatusAccepted || first != second || !strings.Contains(first, `"deleted_at"`) {
		t.Errorf("DELETE twice: %d %s then %s", status, first, second)
	}
	if status, body := call(t, http.DefaultClient, "POST", base, "dev", `{"name":"slow","strategy":"auth0"}`); status != http.StatusConflict ||
		!strings.Contains(body, "is being deleted") {
		t.Errorf("re-create while pending: %d %s", status, body)
	}
}
