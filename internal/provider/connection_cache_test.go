package provider

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math/rand/v2"
	"reflect"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/openauth0/terraform-provider-auth0/internal/client"
	"github.com/openauth0/terraform-provider-auth0/internal/emulator"
	"github.com/openauth0/terraform-provider-auth0/internal/emulator/emulatortest"
)

// cacheTenant is an emulator holding connections, with a client for it.
type cacheTenant struct {
	t      *testing.T
	server *emulatortest.Server
	client *client.Client
	ids    []string // in creation order
}

// newCacheTenant starts an emulator with m connections named by name(i).
func newCacheTenant(t *testing.T, m int, name func(i int) string) *cacheTenant {
	t.Helper()
	srv := emulatortest.Start(t, emulator.Config{})
	ten := &cacheTenant{t: t, server: srv, client: newUnlimitedClient(t, srv.URL, srv.Token)}
	for i := range m {
		ten.ids = append(ten.ids, ten.create(name(i)))
	}
	srv.ResetStats()
	return ten
}

func newUnlimitedClient(t *testing.T, url, token string) *client.Client {
	t.Helper()
	c, err := client.New(client.Config{Domain: url, APIToken: token, RateLimit: -1})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func (ten *cacheTenant) create(name string) string {
	ten.t.Helper()
	displayName := "v0"
	conn, err := ten.client.CreateConnection(ten.t.Context(), &client.Connection{
		Name: name, Strategy: "auth0", DisplayName: &displayName,
		Options: json.RawMessage(`{"passwordPolicy":"good","brute_force_protection":true}`),
	})
	if err != nil {
		ten.t.Fatalf("creating %s: %v", name, err)
	}
	return conn.ID
}

func (ten *cacheTenant) calls(route string) int64 { return ten.server.Stats()[route] }

// readAll reads ids through the cache the way a Terraform walk does:
// Terraform's default of ten workers, each taking the next id when its
// read is done.
func readAll(t *testing.T, cache *connectionCache, ids []string) map[string]*client.Connection {
	const parallel = 10
	t.Helper()
	queue := make(chan string, len(ids))
	for _, id := range ids {
		queue <- id
	}
	close(queue)
	var mu sync.Mutex
	got := map[string]*client.Connection{}
	var wg sync.WaitGroup
	for range parallel {
		wg.Go(func() {
			for id := range queue {
				conn, err := cache.read(t.Context(), id)
				if err != nil {
					t.Errorf("read %s: %v", id, err)
					continue
				}
				mu.Lock()
				got[id] = conn
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	return got
}

// interleavedNames spreads `managed` connections evenly over a tenant of m
// (names sort case-insensitively, so "app-07-…" sorts right after "app-07").
func interleavedNames(managed, m int) (name func(i int) string, managedIdx []int) {
	per := m / managed
	name = func(i int) string {
		if i%per == 0 && i/per < managed {
			return fmt.Sprintf("app-%04d", i/per)
		}
		return fmt.Sprintf("app-%04d-other-%d", i/per, i%per)
	}
	for k := range managed {
		managedIdx = append(managedIdx, k*per)
	}
	return name, managedIdx
}

func pick(ids []string, idx []int) []string {
	out := make([]string, len(idx))
	for i, k := range idx {
		out[i] = ids[k]
	}
	return out
}

func shuffled(ids []string, seed uint64) []string {
	out := append([]string(nil), ids...)
	rand.New(rand.NewPCG(seed, seed)).Shuffle(len(out), func(i, j int) { out[i], out[j] = out[j], out[i] })
	return out
}

// patientTuning is the default tuning with a gather window of a minute,
// for tests that count the calls of ten concurrent readers (readAll) and
// want none of the first reads to give up on gathering. The window ends as
// soon as listAfterReads reads have arrived, which ten readers started at
// once reach at once, so it costs no time; it only keeps a stalled
// scheduler from sending an early read down the single-GET path that the
// default 100 ms window allows on a loaded machine.
func patientTuning() cacheTuning {
	tuning := defaultCacheTuning
	tuning.gatherWindow = time.Minute
	return tuning
}

func TestConnectionCacheReadsFewConnectionsWithSingleGets(t *testing.T) {
	// A plan of 3 connections in a tenant of 250 must not list the tenant.
	name, managed := interleavedNames(3, 250)
	ten := newCacheTenant(t, 250, name)
	cache := newConnectionCache(ten.client, defaultCacheTuning)

	got := readAll(t, cache, pick(ten.ids, managed))

	if len(got) != 3 {
		t.Fatalf("read %d connections, want 3", len(got))
	}
	if list, get := ten.calls(routeList), ten.calls(routeGet); list != 0 || get != 3 {
		t.Errorf("calls: %d list, %d GET; want 0 list and 3 GETs", list, get)
	}
}

func TestConnectionCacheReadsManyConnectionsByListing(t *testing.T) {
	// 30 connections spread over a tenant of 250 (three pages): listing
	// costs at most ceil(250/100) calls and no GET, and returns exactly
	// what a GET returns.
	name, managed := interleavedNames(30, 250)
	ten := newCacheTenant(t, 250, name)
	cache := newConnectionCache(ten.client, patientTuning())
	ids := shuffled(pick(ten.ids, managed), 1)

	got := readAll(t, cache, ids)

	if list, get := ten.calls(routeList), ten.calls(routeGet); list > 3 || get != 0 {
		t.Errorf("calls: %d list, %d GET; want at most 3 list calls and no GET", list, get)
	}
	for _, id := range ids {
		assertSameAsGet(t, ten.client, got[id], id)
	}
}

func TestConnectionCacheListsWholeTenantWhenRunReadsMostOfIt(t *testing.T) {
	// The benchmark's no-op plan of 500 in a tenant of 500: five pages.
	ten := newCacheTenant(t, 500, func(i int) string { return fmt.Sprintf("conn-%04d", i) })
	cache := newConnectionCache(ten.client, patientTuning())

	got := readAll(t, cache, shuffled(ten.ids, 2))

	if len(got) != 500 {
		t.Fatalf("read %d connections, want 500", len(got))
	}
	if total := ten.calls("total"); total > 5+2 {
		t.Errorf("%d calls (%d list, %d GET), want at most ceil(500/100)+2 = 7",
			total, ten.calls(routeList), ten.calls(routeGet))
	}
}

func TestConnectionCacheNeverSpendsMoreThanNPlusLoan(t *testing.T) {
	// Small runs in a large tenant, including the worst case: every read
	// connection in the tenant's last page, so the loaned pages serve none.
	ten := newCacheTenant(t, 1000, func(i int) string { return fmt.Sprintf("conn-%04d", i) })
	tests := []struct {
		name     string
		n        int
		lastPage bool // the read connections sort last
	}{
		{"3 of 1000", 3, false},
		{"4 of 1000, spread", 4, false},
		{"4 of 1000, all in the last page", 4, true},
		{"12 of 1000, all in the last page", 12, true},
		{"40 of 1000, spread", 40, false},
		{"1000 of 1000", 1000, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ten.server.ResetStats()
			cache := newConnectionCache(ten.client, defaultCacheTuning)
			ids := shuffled(ten.ids, 3)[:tt.n]
			if tt.lastPage {
				ids = ten.ids[len(ten.ids)-tt.n:]
			}

			got := readAll(t, cache, ids)

			total := int(ten.calls("total"))
			limit := tt.n + defaultCacheTuning.listingLoan
			if tt.n < defaultCacheTuning.listAfterReads {
				limit = tt.n
			}
			t.Logf("%d calls: %d list, %d GET", total, ten.calls(routeList), ten.calls(routeGet))
			if len(got) != tt.n || total > limit {
				t.Errorf("read %d with %d calls (%d list, %d GET); want %d reads with at most %d calls",
					len(got), total, ten.calls(routeList), ten.calls(routeGet), tt.n, limit)
			}
			if pages := ten.calls(routeList); pages > int64(cache.hits+defaultCacheTuning.listingLoan) {
				t.Errorf("%d pages for %d hits: the listing outran its credit", pages, cache.hits)
			}
		})
	}
}

func TestConnectionCacheFallsBackToGetForConnectionsNotInTheListing(t *testing.T) {
	ten := newCacheTenant(t, 20, func(i int) string { return fmt.Sprintf("conn-%02d", i) })
	gone := ten.ids[19]
	if err := ten.client.DeleteConnection(t.Context(), gone); err != nil {
		t.Fatal(err)
	}
	cache := newConnectionCache(ten.client, defaultCacheTuning)
	readAll(t, cache, ten.ids[:10]) // the complete listing: one page
	ten.server.ResetStats()

	// Deleted before the listing: the GET says so.
	if _, err := cache.read(t.Context(), gone); !client.IsNotFound(err) {
		t.Errorf("read of a deleted connection: %v, want not found", err)
	}
	// Created by someone else after the listing: found by the GET.
	late := ten.create("created-after-the-listing")
	conn, err := cache.read(t.Context(), late)
	if err != nil || conn.ID != late {
		t.Errorf("read of a connection created after the listing: %v, %v", conn, err)
	}
	if get, list := ten.calls(routeGet), ten.calls(routeList); get != 2 || list != 0 {
		t.Errorf("calls: %d GET, %d list; want 2 GETs and no new listing", get, list)
	}
}

func TestConnectionCacheReadAfterWriteIsFresh(t *testing.T) {
	ten := newCacheTenant(t, 30, func(i int) string { return fmt.Sprintf("conn-%02d", i) })
	cache := newConnectionCache(ten.client, defaultCacheTuning)
	readAll(t, cache, ten.ids[:10]) // lists all 30; 20 stay cached
	written, control := ten.ids[20], ten.ids[21]
	for _, id := range []string{written, control} {
		if _, err := ten.client.UpdateConnection(t.Context(), id, client.Patch{"display_name": "v1"}); err != nil {
			t.Fatal(err)
		}
	}
	cache.wrote(written)

	conn, err := cache.read(t.Context(), written)
	if err != nil || conn.DisplayName == nil || *conn.DisplayName != "v1" {
		t.Errorf("read after wrote: %+v, %v; want display_name v1", conn, err)
	}
	// The control connection changed without wrote(): the cache still
	// serves the listing, which shows the test would catch a missed
	// invalidation.
	conn, err = cache.read(t.Context(), control)
	if err != nil || conn.DisplayName == nil || *conn.DisplayName != "v0" {
		t.Errorf("control read: %+v, %v; want the listed display_name v0", conn, err)
	}

	// A deleted connection is gone for the rest of the run.
	deleted := ten.ids[22]
	if err := ten.client.DeleteConnection(t.Context(), deleted); err != nil {
		t.Fatal(err)
	}
	cache.wrote(deleted)
	if _, err := cache.read(t.Context(), deleted); !client.IsNotFound(err) {
		t.Errorf("read after a delete: %v, want not found", err)
	}
}

func TestConnectionCacheConcurrentReadsAndWritesNeverSeeStaleData(t *testing.T) {
	// Readers and writers race over a tenant of 300 (three pages). A
	// writer bumps a connection's display_name version (or deletes it) and
	// then reports it with wrote; a read that starts after that must see
	// at least that version. Run with -race.
	const m = 300
	ten := newCacheTenant(t, m, func(i int) string { return fmt.Sprintf("conn-%04d", i) })
	cache := newConnectionCache(ten.client, defaultCacheTuning)
	committed := make([]atomic.Int64, m) // highest version reported by wrote; -1: deleted
	deleting := make([]atomic.Bool, m)   // set before the DELETE is sent
	var writeLocks [m]sync.Mutex

	write := func(rng *rand.Rand) {
		k := rng.IntN(m)
		writeLocks[k].Lock()
		defer writeLocks[k].Unlock()
		v := committed[k].Load()
		if v < 0 {
			return
		}
		id := ten.ids[k]
		if rng.IntN(10) == 0 {
			deleting[k].Store(true)
			if err := ten.client.DeleteConnection(t.Context(), id); err != nil {
				t.Error(err)
			}
			cache.wrote(id)
			committed[k].Store(-1)
			return
		}
		if _, err := ten.client.UpdateConnection(t.Context(), id, client.Patch{"display_name": "v" + strconv.FormatInt(v+1, 10)}); err != nil {
			t.Error(err)
		}
		cache.wrote(id)
		committed[k].Store(v + 1)
	}
	read := func(rng *rand.Rand) {
		k := rng.IntN(m)
		before := committed[k].Load()
		conn, err := cache.read(t.Context(), ten.ids[k])
		switch {
		case before < 0:
			if !client.IsNotFound(err) {
				t.Errorf("%s was deleted before the read, got %v", ten.ids[k], err)
			}
		case client.IsNotFound(err) && deleting[k].Load():
			// deleted while the read was under way
		case err != nil:
			t.Errorf("read %s: %v", ten.ids[k], err)
		default:
			got, _ := strconv.ParseInt(strings.TrimPrefix(*conn.DisplayName, "v"), 10, 64)
			if conn.ID != ten.ids[k] || got < before {
				t.Errorf("read %s: got %s version %d, but version %d was written before the read began", ten.ids[k], conn.ID, got, before)
			}
		}
	}

	var wg sync.WaitGroup
	for w := range 13 {
		wg.Go(func() {
			rng := rand.New(rand.NewPCG(uint64(w), 42))
			for range 60 {
				if w < 3 {
					write(rng)
				} else {
					read(rng)
				}
			}
		})
	}
	wg.Wait()
	if ten.calls(routeList) == 0 {
		t.Error("the run never listed, so the test proved nothing about the cache")
	}
}

func TestConnectionCacheListedConnectionWithoutOptionsEqualsGet(t *testing.T) {
	// Without read:connections_options neither the listing nor a GET has
	// options; Read must see the same connection either way.
	ten := newCacheTenant(t, 12, func(i int) string { return fmt.Sprintf("conn-%02d", i) })
	var scopes []string
	for _, s := range emulator.AllScopes() {
		if s != "read:connections_options" {
			scopes = append(scopes, s)
		}
	}
	limited := newUnlimitedClient(t, ten.server.URL, ten.server.MintToken(scopes...))
	cache := newConnectionCache(limited, patientTuning())

	got := readAll(t, cache, ten.ids)

	if get := ten.calls(routeGet); get != 0 {
		t.Fatalf("%d GETs: the reads were not served from the listing", get)
	}
	for _, id := range ten.ids {
		if got[id].Options != nil {
			t.Errorf("%s: listed with options %s despite the missing scope", id, got[id].Options)
		}
		assertSameAsGet(t, limited, got[id], id)
	}
}

func TestConnectionCacheFailedListingFallsBackToGets(t *testing.T) {
	ten := newCacheTenant(t, 20, func(i int) string { return fmt.Sprintf("conn-%02d", i) })
	// Every listing is answered 403 (Forbidden); a GET of one connection works.
	ten.server.SetFaults(emulator.Faults{Refuse: map[string]int{routeList: 403}})
	cache := newConnectionCache(ten.client, defaultCacheTuning)

	got := readAll(t, cache, ten.ids)

	if len(got) != 20 {
		t.Fatalf("read %d connections, want 20", len(got))
	}
	if lists, get := ten.calls(routeList), ten.calls(routeGet); lists != 1 || get != 20 {
		t.Errorf("%d list attempts and %d GETs; want one failed listing, then 20 GETs", lists, get)
	}
}

func TestConnectionCacheWaitingReadHonoursCancellation(t *testing.T) {
	ten := newCacheTenant(t, 1, func(int) string { return "conn" })
	tuning := defaultCacheTuning
	tuning.gatherWindow = time.Hour
	cache := newConnectionCache(ten.client, tuning)
	ctx, cancel := context.WithTimeout(t.Context(), 50*time.Millisecond)
	defer cancel()

	_, err := cache.read(ctx, ten.ids[0])

	if !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("read waiting for company: %v, want the context's deadline", err)
	}
}

func TestProviderDataWithoutBatchingReadsEachConnection(t *testing.T) {
	ten := newCacheTenant(t, 10, func(i int) string { return fmt.Sprintf("conn-%02d", i) })
	data := newProviderData(ten.client, false)
	for _, id := range ten.ids {
		data.wrote(id) // a no-op without the cache
		if _, err := data.readConnection(t.Context(), id); err != nil {
			t.Fatal(err)
		}
	}
	if list, get := ten.calls(routeList), ten.calls(routeGet); list != 0 || get != 10 {
		t.Errorf("calls: %d list, %d GET; want 10 GETs", list, get)
	}
}

// assertSameAsGet checks that a connection served by the cache encodes to
// the same JSON as a GET of it now.
func assertSameAsGet(t *testing.T, c *client.Client, got *client.Connection, id string) {
	t.Helper()
	want, err := c.GetConnection(t.Context(), id)
	if err != nil {
		t.Fatal(err)
	}
	gotJSON, _ := json.Marshal(got)
	wantJSON, _ := json.Marshal(want)
	var g, w any
	_ = json.Unmarshal(gotJSON, &g)
	_ = json.Unmarshal(wantJSON, &w)
	if !reflect.DeepEqual(g, w) {
		t.Errorf("%s: served\n %s\nbut a GET returns\n %s", id, gotJSON, wantJSON)
	}
}
