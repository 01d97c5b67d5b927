package client

import (
	"encoding/json"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/openauth0/terraform-provider-auth0/internal/emulator"
	"github.com/openauth0/terraform-provider-auth0/internal/emulator/emulatortest"
)

// hammer sends n GETs of one connection from workers goroutines and
// returns how many failed.
func hammer(t *testing.T, c *Client, id string, n, workers int) int64 {
	t.Helper()
	var failed atomic.Int64
	var wg sync.WaitGroup
	jobs := make(chan struct{}, n)
	for range n {
		jobs <- struct{}{}
	}
	close(jobs)
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range jobs {
				if _, err := c.GetConnection(t.Context(), id); err != nil {
					failed.Add(1)
					t.Errorf("request failed: %v", err)
				}
			}
		}()
	}
	wg.Wait()
	return failed.Load()
}

// TestRateLimit runs 100 requests against an emulator limited to 5 rps with
// a burst of 10: with the default pacing from the headers and with the
// client capped like the tenant (no 429 may happen), and unpaced (429s
// happen and are all absorbed).
func TestRateLimit(t *testing.T) {
	const requests, rps, burst, workers = 100, 5, 10, 4
	const route = "GET /api/v2/connections/{id}"
	run := func(t *testing.T, mutate func(*Config)) (map[string]int64, time.Duration) {
		srv := emulatortest.Start(t, emulator.Config{})
		setup := emulatorClient(t, srv)
		conn, err := setup.CreateConnection(t.Context(), &Connection{Name: "limited", Strategy: "auth0"})
		if err != nil {
			t.Fatal(err)
		}
		srv.SetRateLimit(rps, burst)
		srv.ResetStats()
		c := emulatorClient(t, srv, mutate)
		c.jitter = randomJitter
		start := time.Now()
		if failed := hammer(t, c, conn.ID, requests, workers); failed > 0 {
			t.Fatalf("%d of %d requests failed", failed, requests)
		}
		return srv.Stats(), time.Since(start)
	}

	for _, tc := range []struct {
		name   string
		mutate func(*Config)
	}{
		{"paced by the headers", func(cfg *Config) { cfg.RateLimit = 0 }},
		{"limited like the tenant", func(cfg *Config) { cfg.RateLimit, cfg.Burst = rps, burst }},
	} {
		t.Run("client "+tc.name, func(t *testing.T) {
			t.Parallel()
			emu, wall := run(t, tc.mutate)
			t.Logf("%s: %d attempts, %d refused with 429, wall %s", tc.name, emu[route], emu["429"], wall.Round(time.Millisecond))
			if emu["429"] != 0 || emu[route] != requests {
				t.Errorf("a client %s must never be refused: %d attempts, %d refused", tc.name, emu[route], emu["429"])
			}
			if minWall := time.Duration(requests-burst) * time.Second / rps; wall < minWall*9/10 {
				t.Errorf("wall time %s is below what 5 rps allows (%s)", wall, minWall)
			}
		})
	}

	t.Run("client unlimited", func(t *testing.T) {
		t.Parallel()
		emu, wall := run(t, func(cfg *Config) { cfg.RateLimit = -1 })
		t.Logf("unlimited: %d attempts, %d refused with 429, wall %s", emu[route], emu["429"], wall.Round(time.Millisecond))
		if emu["429"] == 0 {
			t.Errorf("expected the unlimited client to meet 429s")
		}
		if emu[route] != requests+emu["429"] {
			t.Errorf("%d attempts for %d requests and %d 429s: every attempt beyond the requests must be a 429 retry", emu[route], requests, emu["429"])
		}
	})
}

// TestTwoClientsShareOneBucket: two clients (two terraform processes) with
// the default pacing, each sending 40 requests from 10 workers against one
// tenant of 20 rps with a burst of 10: the reserve and the halved claims keep
// them out of each other's way.
func TestTwoClientsShareOneBucket(t *testing.T) {
	t.Parallel()
	const requests, rps, burst, workers = 40, 20, 10, 10
	srv := emulatortest.Start(t, emulator.Config{})
	conn, err := emulatorClient(t, srv).CreateConnection(t.Context(), &Connection{Name: "shared", Strategy: "auth0"})
	if err != nil {
		t.Fatal(err)
	}
	srv.SetRateLimit(rps, burst)
	srv.ResetStats()
	var wg sync.WaitGroup
	for range 2 {
		c := emulatorClient(t, srv, func(cfg *Config) { cfg.RateLimit = 0 })
		c.jitter = randomJitter
		wg.Go(func() { hammer(t, c, conn.ID, requests, workers) })
	}
	wg.Wait()
	stats := srv.Stats()
	t.Logf("two clients: %d attempts, %d refused with 429", stats["total"], stats["429"])
	if stats["429"] > burst {
		t.Errorf("%d 429s, want at most one burst (%d)", stats["429"], burst)
	}
}

// TestFaultsEveryOperationSucceeds runs every operation with 30 % of the
// API requests answered 5xx by the emulator.
func TestFaultsEveryOperationSucceeds(t *testing.T) {
	srv := emulatortest.Start(t, emulator.Config{})
	for i := range 12 {
		srv.CreateClient(fmt.Sprintf("fault-app-%d", i))
	}
	srv.SetFaults(emulator.Faults{ErrorRate: 0.3, Seed: 42})
	// With 5 retries one request fails all 6 attempts with probability
	// 0.3^6 ≈ 7e-4; over the ~80 requests here that was a ~6 % chance per
	// seed (measured: 3 of 40 seeds). 10 retries make it ~2e-6 per request,
	// so the test shows the mechanism, not the luck of one seed.
	attempts := &attemptLog{}
	c := emulatorClient(t, srv, func(cfg *Config) { cfg.MaxRetries = 10 }, attempts.install)
	ctx := t.Context()
	start := time.Now()

	const n = 10
	ids := make([]string, 0, n)
	for i := range n {
		conn, err := c.CreateConnection(ctx, &Connection{Name: fmt.Sprintf("fault-%02d", i), Strategy: "auth0"})
		if err != nil {
			t.Fatalf("create %d: %v", i, err)
		}
		ids = append(ids, conn.ID)
	}
	createLookups := attempts.nameLookups()
	for _, id := range ids {
		if _, err := c.GetConnection(ctx, id); err != nil {
			t.Fatal(err)
		}
		if _, err := c.UpdateConnection(ctx, id, Patch{"display_name": "faulty"}); err != nil {
			t.Fatal(err)
		}
	}
	count := 0
	for _, err := range c.ListConnections(ctx, ListOptions{PageSize: 3}) {
		if err != nil {
			t.Fatal(err)
		}
		count++
	}
	if _, err := c.FindConnectionByName(ctx, "fault-03"); err != nil {
		t.Fatal(err)
	}
	var clientIDs []ClientStatus
	for conn, err := range c.ListConnections(ctx, ListOptions{Name: "fault-00"}) {
		if err != nil {
			t.Fatal(err)
		}
		_ = conn
	}
	apps := listEmulatorClients(t, c)
	for _, id := range apps {
		clientIDs = append(clientIDs, ClientStatus{ClientID: id, Status: true})
	}
	c.clientsPageSize = 5
	if err := c.SetEnabledClients(ctx, ids[0], clientIDs); err != nil {
		t.Fatal(err)
	}
	if got, err := c.ListEnabledClients(ctx, ids[0]); err != nil || len(got) != len(apps) {
		t.Fatalf("enabled clients = %d, %v", len(got), err)
	}
	for _, id := range ids {
		if err := c.DeleteConnection(ctx, id); err != nil {
			t.Fatal(err)
		}
	}

	emu := srv.Stats()
	t.Logf("faults 30%%: %d operations, %d attempts, emulator injected %d 5xx, %d create look-ups, wall %s",
		4*n+4, attempts.count(), emu["5xx_injected"], createLookups, time.Since(start).Round(time.Millisecond))
	if count != n || emu["5xx_injected"] < 10 {
		t.Errorf("listed %d of %d; injected %d 5xx", count, n, emu["5xx_injected"])
	}
	if emu["POST /api/v2/connections"] > int64(n+createLookups) {
		t.Errorf("POSTs = %d for %d creates with %d look-ups: a POST was retried blindly", emu["POST /api/v2/connections"], n, createLookups)
	}
}

// listEmulatorClients lists the tenant's applications through the API (the
// client has no method for it: applications are not its business).
func listEmulatorClients(t *testing.T, c *Client) []string {
	t.Helper()
	resp, err := c.send(c.withLogging(t.Context()), request{method: "GET", path: "/clients", retryUncertain: true})
	if err != nil {
		t.Fatal(err)
	}
	var items []struct {
		ClientID string `json:"client_id"`
	}
	var envelope struct {
		Clients []struct {
			ClientID string `json:"client_id"`
		} `json:"clients"`
	}
	if err := json.Unmarshal(resp.body, &items); err != nil {
		if err := json.Unmarshal(resp.body, &envelope); err != nil {
			t.Fatalf("clients list: %v: %s", err, resp.body)
		}
		items = envelope.Clients
	}
	ids := make([]string, 0, len(items))
	for _, it := range items {
		ids = append(ids, it.ClientID)
	}
	return ids
}

// TestCommitThenDropCreatesExactlyOne: the emulator commits every POST and
// then closes the connection without answering. The client must find the
// connection it made instead of creating a second one.
func TestCommitThenDropCreatesExactlyOne(t *testing.T) {
	srv := emulatortest.Start(t, emulator.Config{Faults: emulator.Faults{DropRate: 1, DropMethods: []string{"POST"}, Seed: 7}})
	c := emulatorClient(t, srv)
	ctx := t.Context()
	start := time.Now()
	conn, err := c.CreateConnection(ctx, &Connection{Name: "dropped", Strategy: "auth0"})
	if err != nil {
		t.Fatal(err)
	}
	emu := srv.Stats()
	t.Logf("commit-then-drop: %d POST, %d dropped, %d look-ups, wall %s",
		emu["POST /api/v2/connections"], emu["dropped"], emu["GET /api/v2/connections"], time.Since(start).Round(time.Millisecond))
	if emu["POST /api/v2/connections"] != 1 || emu["dropped"] != 1 || emu["GET /api/v2/connections"] != 1 {
		t.Errorf("want 1 POST, dropped, then 1 look-up that adopts the connection: %v", emu)
	}
	srv.SetFaults(emulator.Faults{})
	matches := 0
	for item, err := range c.ListConnections(ctx, ListOptions{}) {
		if err != nil {
			t.Fatal(err)
		}
		if item.Name == "dropped" {
			matches++
			if item.ID != conn.ID {
				t.Errorf("returned id %s, stored id %s", conn.ID, item.ID)
			}
		}
	}
	if matches != 1 {
		t.Errorf("%d connections named \"dropped\" exist, want exactly 1", matches)
	}

	// PATCH and DELETE are retried after a drop: repeating them is harmless.
	srv.SetFaults(emulator.Faults{DropRate: 1, DropMethods: []string{"PATCH"}, Seed: 7})
	if _, err := c.UpdateConnection(ctx, conn.ID, Patch{"display_name": "x"}); err == nil {
		t.Errorf("every PATCH is dropped: expected an error after the retries")
	} else if got, _ := c.GetConnection(ctx, conn.ID); got == nil || got.DisplayName == nil || *got.DisplayName != "x" {
		t.Errorf("the dropped PATCH was committed: %+v", got)
	}
}
