package client

import (
	"bytes"
	"encoding/json"
	"fmt"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-log/tflogtest"

	"github.com/openauth0/terraform-provider-auth0/internal/emulator"
	"github.com/openauth0/terraform-provider-auth0/internal/emulator/emulatortest"
)

// emulatorClient returns a client for srv with the static all-scopes token,
// no client-side limit (unless mutate sets one) and fast backoff.
func emulatorClient(t testing.TB, srv *emulatortest.Server, mutate ...func(*Config)) *Client {
	t.Helper()
	return newTestClient(t, srv.URL, append([]func(*Config){func(c *Config) {
		c.APIToken = srv.Token
		c.MaxRetries = 0 // the default
	}}, mutate...)...)
}

func TestCRUDAgainstEmulator(t *testing.T) {
	srv := emulatortest.Start(t, emulator.Config{})
	c := emulatorClient(t, srv)
	ctx := t.Context()

	created, err := c.CreateConnection(ctx, &Connection{
		Name:        "crud-db",
		Strategy:    "auth0",
		DisplayName: ptr("CRUD DB"),
		Options:     json.RawMessage(`{"passwordPolicy":"fair","custom_unmodelled_key":{"kept":[1,null,"x"]}}`),
		Metadata:    map[string]*string{"team": ptr("identity")},
	})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(created.ID, "con_") || created.Name != "crud-db" || *created.DisplayName != "CRUD DB" {
		t.Fatalf("created = %+v", created)
	}
	if len(created.Realms) != 1 || created.Realms[0] != "crud-db" || created.IsDomainConnection == nil || *created.IsDomainConnection {
		t.Errorf("server defaults missing: realms %v, is_domain_connection %v", created.Realms, created.IsDomainConnection)
	}
	if !bytes.Contains(created.Options, []byte(`"custom_unmodelled_key"`)) || !bytes.Contains(created.Options, []byte(`"brute_force_protection"`)) {
		t.Errorf("options lost keys or server defaults: %s", created.Options)
	}

	got, err := c.GetConnection(ctx, created.ID)
	if err != nil || got.ID != created.ID || *got.Metadata["team"] != "identity" {
		t.Fatalf("GetConnection = %+v, %v", got, err)
	}

	updated, err := c.UpdateConnection(ctx, created.ID, Patch{
		"display_name": "Renamed",
		"metadata":     map[string]any{"team": nil, "owner": "me"},
		"options":      got.Options,
	})
	if err != nil {
		t.Fatal(err)
	}
	if *updated.DisplayName != "Renamed" || updated.Metadata["owner"] == nil || *updated.Metadata["owner"] != "me" {
		t.Errorf("updated = %+v", updated)
	}
	if !bytes.Contains(updated.Options, []byte(`"custom_unmodelled_key"`)) {
		t.Errorf("re-sent options lost a key: %s", updated.Options)
	}

	if err := c.DeleteConnection(ctx, created.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := c.GetConnection(ctx, created.ID); !IsNotFound(err) {
		t.Errorf("GET after delete: %v, want not found", err)
	}
	if err := c.DeleteConnection(ctx, created.ID); err != nil {
		t.Errorf("a second delete must succeed: %v", err)
	}
	if _, err := c.UpdateConnection(ctx, created.ID, Patch{"display_name": "x"}); !IsNotFound(err) || !strings.Contains(err.Error(), "(inexistent_connection)") {
		t.Errorf("PATCH of a deleted connection: %v", err)
	}
}

func TestCreateConflictAgainstEmulator(t *testing.T) {
	srv := emulatortest.Start(t, emulator.Config{})
	c := emulatorClient(t, srv)
	ctx := t.Context()
	if _, err := c.CreateConnection(ctx, &Connection{Name: "dup", Strategy: "auth0"}); err != nil {
		t.Fatal(err)
	}
	_, err := c.CreateConnection(ctx, &Connection{Name: "dup", Strategy: "auth0"})
	if !IsConflict(err) || !strings.Contains(err.Error(), "409 Conflict (connection_conflict): A connection with the same name already exists") {
		t.Fatalf("err = %v", err)
	}
	if emu := srv.Stats(); emu["POST /api/v2/connections"] != 2 || emu["GET /api/v2/connections"] != 0 {
		t.Errorf("a first-attempt 409 must be returned as is: %d POSTs, %d look-ups", emu["POST /api/v2/connections"], emu["GET /api/v2/connections"])
	}
}

func TestTokenWithoutOptionsScopeGetsNoOptions(t *testing.T) {
	srv := emulatortest.Start(t, emulator.Config{})
	ctx := t.Context()
	full := emulatorClient(t, srv)
	created, err := full.CreateConnection(ctx, &Connection{Name: "scoped", Strategy: "auth0"})
	if err != nil {
		t.Fatal(err)
	}
	limited := emulatorClient(t, srv, func(c *Config) { c.APIToken = srv.MintToken("read:connections") })
	got, err := limited.GetConnection(ctx, created.ID)
	if err != nil || got.Options != nil {
		t.Fatalf("got options %s, err %v; want nil options", got.Options, err)
	}
	if err := limited.DeleteConnection(ctx, created.ID); !IsForbidden(err) || !strings.Contains(err.Error(), "insufficient_scope") {
		t.Errorf("delete without scope: %v, want 403", err)
	}
}

// seededEmulator starts an emulator holding n connections named
// prefix-000… (of strategy(i)), created through the client it returns, and
// resets its counters, so they count what the test does next.
func seededEmulator(t testing.TB, prefix string, n int, strategy func(i int) string) (*emulatortest.Server, *Client) {
	t.Helper()
	srv := emulatortest.Start(t, emulator.Config{})
	c := emulatorClient(t, srv)
	for i := range n {
		if _, err := c.CreateConnection(t.Context(), &Connection{Name: fmt.Sprintf("%s-%03d", prefix, i), Strategy: strategy(i)}); err != nil {
			t.Fatal(err)
		}
	}
	srv.ResetStats()
	return srv, c
}

func TestListPagingOver250Connections(t *testing.T) {
	srv, c := seededEmulator(t, "page", 250, func(i int) string {
		if i%5 == 0 {
			return "github"
		}
		return "auth0"
	})
	ctx := t.Context()
	var names []string
	for conn, err := range c.ListConnections(ctx, ListOptions{}) {
		if err != nil {
			t.Fatal(err)
		}
		names = append(names, conn.Name)
	}
	if len(names) != 250 || !sort.StringsAreSorted(names) || names[0] != "page-000" || names[249] != "page-249" {
		t.Fatalf("listed %d connections: first %v", len(names), names[:min(3, len(names))])
	}
	if calls := srv.Stats()["GET /api/v2/connections"]; calls != 3 {
		t.Errorf("250 connections took %d list calls, want 3 pages of 100", calls)
	}

	srv.ResetStats()
	count := 0
	for conn, err := range c.ListConnections(ctx, ListOptions{Strategies: []string{"github"}, PageSize: 20}) {
		if err != nil {
			t.Fatal(err)
		}
		if conn.Strategy != "github" {
			t.Fatalf("strategy filter not applied: %+v", conn)
		}
		count++
	}
	if count != 50 || srv.Stats()["GET /api/v2/connections"] != 3 {
		t.Errorf("github connections = %d in %d calls; want 50 in 3 pages of 20", count, srv.Stats()["GET /api/v2/connections"])
	}

	srv.ResetStats()
	for _, err := range c.ListConnections(ctx, ListOptions{PageSize: 10}) {
		if err != nil {
			t.Fatal(err)
		}
		break // a consumer that stops early stops the paging
	}
	if calls := srv.Stats()["GET /api/v2/connections"]; calls != 1 {
		t.Errorf("an early break still made %d calls", calls)
	}

	if _, err := func() (*Connection, error) {
		for conn, err := range c.ListConnections(ctx, ListOptions{PageSize: 1000}) {
			return conn, err
		}
		return nil, nil
	}(); err == nil || !strings.Contains(err.Error(), "page size must be between 1 and 100") {
		t.Errorf("oversized page: %v", err)
	}
}

func TestFindConnectionByName(t *testing.T) {
	srv, c := seededEmulator(t, "find", 3, func(int) string { return "auth0" })
	ctx := t.Context()
	conn, err := c.FindConnectionByName(ctx, "find-001")
	if err != nil || conn.Name != "find-001" || !strings.HasPrefix(conn.ID, "con_") {
		t.Fatalf("FindConnectionByName = %+v, %v", conn, err)
	}
	_, err = c.FindConnectionByName(ctx, "find-999")
	if !IsNotFound(err) || !strings.Contains(err.Error(), `No connection named "find-999"`) {
		t.Errorf("missing name: %v", err)
	}
	if calls := srv.Stats()["total"]; calls != 2 {
		t.Errorf("two look-ups took %d calls", calls)
	}
}

func TestEnabledClientsPagingOver120Clients(t *testing.T) {
	srv := emulatortest.Start(t, emulator.Config{})
	c := emulatorClient(t, srv)
	ctx := t.Context()
	conn, err := c.CreateConnection(ctx, &Connection{Name: "apps", Strategy: "auth0"})
	if err != nil {
		t.Fatal(err)
	}
	var changes []ClientStatus
	var want []string
	for i := range 120 {
		id := srv.CreateClient(fmt.Sprintf("app-%d", i))
		changes = append(changes, ClientStatus{ClientID: id, Status: true})
		want = append(want, id)
	}
	sort.Strings(want)

	srv.ResetStats()
	if err := c.SetEnabledClients(ctx, conn.ID, changes); err != nil {
		t.Fatal(err)
	}
	if n := srv.Stats()["PATCH /api/v2/connections/{id}/clients"]; n != 3 {
		t.Errorf("120 changes took %d PATCH calls, want 3 (batches of ≤50)", n)
	}
	got, err := c.ListEnabledClients(ctx, conn.ID)
	if err != nil {
		t.Fatal(err)
	}
	sort.Strings(got)
	if !slices.Equal(got, want) {
		t.Errorf("listed %d clients, want the 120 enabled", len(got))
	}
	if n := srv.Stats()["GET /api/v2/connections/{id}/clients"]; n != 2 {
		t.Errorf("120 clients took %d list calls, want 2 pages of 100", n)
	}

	for i := range changes[:20] {
		changes[i].Status = false
	}
	if err := c.SetEnabledClients(ctx, conn.ID, changes[:20]); err != nil {
		t.Fatal(err)
	}
	if got, err = c.ListEnabledClients(ctx, conn.ID); err != nil || len(got) != 100 {
		t.Errorf("after disabling 20: %d clients, %v", len(got), err)
	}
	if err := c.SetEnabledClients(ctx, conn.ID, nil); err != nil {
		t.Errorf("no changes must be a no-op: %v", err)
	}
	if _, err := c.ListEnabledClients(ctx, "con_0000000000000000"); !IsNotFound(err) {
		t.Errorf("unknown connection: %v", err)
	}
}

// refreshesBeforeExpiry checks that c, holding its first token from an
// emulator with 2 s tokens (TokenTTL), replaces it a fifth of its lifetime
// before it expires: a GET 1.7 s in is sent once, with the second token.
// apiCalls is how many create and GET calls c has made then.
func refreshesBeforeExpiry(t *testing.T, srv *emulatortest.Server, c *Client, connectionID string, apiCalls int64) {
	t.Helper()
	time.Sleep(1700 * time.Millisecond)
	if _, err := c.GetConnection(t.Context(), connectionID); err != nil {
		t.Fatal(err)
	}
	emu := srv.Stats()
	if n := emu["POST /oauth/token"]; n != 2 {
		t.Errorf("token requests = %d, want one and a refresh before expiry", n)
	}
	if emu["POST /api/v2/connections"]+emu["GET /api/v2/connections/{id}"] != apiCalls {
		t.Errorf("API attempts = %v: a 401 retry happened, the refresh came too late", emu)
	}
}

func TestClientCredentialsAgainstEmulator(t *testing.T) {
	srv := emulatortest.Start(t, emulator.Config{TokenTTL: 2 * time.Second})
	c := emulatorClient(t, srv, func(cfg *Config) {
		cfg.APIToken, cfg.ClientID, cfg.ClientSecret = "", srv.ClientID, srv.ClientSecret
	})
	ctx := t.Context()
	created, err := c.CreateConnection(ctx, &Connection{Name: "cc", Strategy: "auth0"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.GetConnection(ctx, created.ID); err != nil {
		t.Fatal(err)
	}
	if n := srv.Stats()["POST /oauth/token"]; n != 1 {
		t.Errorf("token requests = %d, want one cached token for both calls", n)
	}
	refreshesBeforeExpiry(t, srv, c, created.ID, 3)

	bad := emulatorClient(t, srv, func(cfg *Config) {
		cfg.APIToken, cfg.ClientID, cfg.ClientSecret = "", srv.ClientID, "not-the-secret-42"
	})
	_, err = bad.GetConnection(ctx, created.ID)
	if err == nil || !strings.Contains(err.Error(), "access_denied") || strings.Contains(err.Error(), "not-the-secret-42") {
		t.Errorf("bad credentials: %v", err)
	}
}

func TestTLSEmulatorWithCustomHTTPClient(t *testing.T) {
	srv := emulatortest.StartTLS(t, emulator.Config{})
	c, err := New(Config{Domain: srv.Host, APIToken: srv.Token, HTTPClient: srv.HTTPClient, RateLimit: -1})
	if err != nil {
		t.Fatal(err)
	}
	if got := c.s.baseURL.String(); got != "https://"+srv.Host {
		t.Errorf("base URL = %s, want HTTPS for a bare host", got)
	}
	if _, err := c.CreateConnection(t.Context(), &Connection{Name: "tls", Strategy: "auth0"}); err != nil {
		t.Fatal(err)
	}
	plain, _ := New(Config{Domain: srv.Host, APIToken: srv.Token, RateLimit: -1, MaxRetries: 1})
	if _, err := plain.FindConnectionByName(t.Context(), "tls"); err == nil || !strings.Contains(err.Error(), "certificate") {
		t.Errorf("an untrusted certificate must fail: %v", err)
	}
}

// TestDebugLogMasksSecretsAgainstEmulator: a debug-mode create of a social
// connection with a client_secret (echoed in plaintext by the server, like
// Auth0) leaves no secret in the captured tflog output.
func TestDebugLogMasksSecretsAgainstEmulator(t *testing.T) {
	srv := emulatortest.Start(t, emulator.Config{})
	const secret = "gh-secret-5f2b9c1d7e"
	c := emulatorClient(t, srv, func(cfg *Config) { cfg.Debug = true })
	var logs bytes.Buffer
	ctx := tflogtest.RootLogger(t.Context(), &logs)
	created, err := c.CreateConnection(ctx, &Connection{
		Name:     "gh",
		Strategy: "github",
		Options:  json.RawMessage(`{"client_id":"gh-client-id","client_secret":"` + secret + `","email":true}`),
	})
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(created.Options, []byte(secret)) {
		t.Fatalf("the emulator did not echo the secret; the test would prove nothing: %s", created.Options)
	}
	out := logs.String()
	if strings.Contains(out, secret) || strings.Contains(out, srv.Token) {
		t.Errorf("a secret reached the log:\n%s", out)
	}
	entries, err := tflogtest.MultilineJSONDecode(&logs)
	if err != nil {
		t.Fatal(err)
	}
	var bodies []string
	for _, e := range entries {
		if body, ok := e["body"].(string); ok {
			bodies = append(bodies, body)
		}
	}
	if len(bodies) != 2 {
		t.Fatalf("want request and response bodies in the debug log, got %q", bodies)
	}
	for _, body := range bodies {
		if !strings.Contains(body, `"client_id":"gh-client-id"`) || !strings.Contains(body, `"client_secret":"***"`) {
			t.Errorf("body not masked as expected: %s", body)
		}
	}
}

func BenchmarkListConnections(b *testing.B) {
	srv, c := seededEmulator(b, "bench", 250, func(int) string { return "auth0" })
	ctx := b.Context()
	for b.Loop() {
		n := 0
		for _, err := range c.ListConnections(ctx, ListOptions{}) {
			if err != nil {
				b.Fatal(err)
			}
			n++
		}
		if n != 250 {
			b.Fatalf("listed %d", n)
		}
	}
	b.ReportMetric(float64(srv.Stats()["GET /api/v2/connections"])/float64(b.N), "calls/op")
}
