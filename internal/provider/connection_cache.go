package provider

import (
	"context"
	"iter"
	"sync"
	"time"

	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/openauth0/terraform-provider-auth0/internal/client"
)

// connectionCache batches the reads of one Terraform run (one provider
// process, one graph walk): when a refresh reads many connections it pages
// through the tenant's connection list (checkpoint pages of 100) instead of
// sending one GET per connection, and when it reads few it sends single GETs.
//
// Terraform never tells the provider how many connections a run will read
// (N) nor does the API tell how many the tenant holds (M), so the cache
// decides online, from what it sees:
//
//  1. Gathering. The first reads of a run wait up to gatherWindow for
//     company. Terraform starts min(N, parallelism) reads within a few
//     milliseconds of each other, so a run with N ≥ listAfterReads usually
//     shows it here; a run of fewer reads then uses single GETs and never
//     lists (3 reads in a tenant of 5,000 cost 3 GETs).
//  2. Listing. From the listAfterReads-th read on, a read whose connection
//     is not cached fetches the next list page (one page at a time for the
//     whole run; concurrent readers wait for that one fetch, like
//     singleflight) and is served from it when its connection is there. A
//     page is only fetched while the listing has credit: the pages fetched
//     may exceed the reads the listing has served by at most listingLoan.
//     Without credit a missing connection is read with a single GET, so a
//     large tenant is only listed as far as the reads it saves pay for.
//  3. Fallback. A connection not in a complete listing (deleted, or created
//     by someone else after the listing passed its name), one written in
//     this run, and every read after a failed listing use a single GET,
//     which is always correct.
//
// Bounds (listingLoan = 3), with every read served by at most one GET and
// every page paid for by a read it served or by the loan:
//   - calls ≤ N + 3 always, and calls = N when N ≤ 3;
//   - a tenant of M ≤ 300 costs at most its ceil(M/100) pages, plus a GET
//     for each read that arrived before the listing began (none when the
//     first four arrive within the gather window) and each connection
//     missing from the listing; so for N ≥ 4 a no-op plan costs
//     ≤ ceil(M/100) ≤ min(N, ceil(M/100) + 2);
//   - a larger tenant costs ceil(M/100) pages when the reads found keep
//     paying for the next page, which they do when the run reads a good
//     share of the tenant (N = M = 500: 5 pages, no GET; N = M = 1000:
//     10 pages and 0–2 GETs in 8 shuffled runs). Around M = 2000 the first
//     ten reads are spread over 20 pages, the loan runs out before they are
//     found, and 0–36 of them (and their successors) are read with GETs
//     on top of the 20 pages: still ≤ N + 3, but above ceil(M/100) + 2;
//   - the worst case is a run whose connections all sit in the last pages
//     of a large tenant: 3 wasted pages plus one GET per read, N + 3 calls.
//
// Writes never read through the cache (they GET the live connection right
// before merging); they report the id with wrote, after which every read
// of that id in the run is a fresh GET.
type connectionCache struct {
	client *client.Client
	tuning cacheTuning

	mu         sync.Mutex
	reads      int       // reads asked for in this run
	hits       int       // reads served from the listing
	pages      int       // list pages fetched or being fetched
	windowEnds time.Time // end of the gather window (set by the first read)
	gathered   chan struct{}
	state      listingState
	pull       func() (*client.Connection, error, bool)
	stopPull   func()
	listed     map[string]*client.Connection // listed and not yet served
	written    map[string]bool               // created, changed or deleted in this run
	fetching   chan struct{}                 // closed when the page fetch in progress ends; nil when none
}

// cacheTuning holds the heuristic's constants, separate so tests can vary
// them.
type cacheTuning struct {
	listAfterReads int           // reads in a run before it may list
	gatherWindow   time.Duration // how long the first reads wait for company
	listingLoan    int           // pages the listing may fetch ahead of its hits
	pageSize       int           // connections per list page (take=)
}

var defaultCacheTuning = cacheTuning{
	// Up to 3 reads, single GETs already meet both budgets (≤ N, and
	// ≤ ceil(M/100) + 2 for any M) while a listing could cost more than N.
	listAfterReads: 4,
	// Terraform starts a walk's reads within milliseconds of each other;
	// 100 ms leaves room for a loaded machine and costs a small run 0.1 s
	// once.
	gatherWindow: 100 * time.Millisecond,
	// Three pages: the first tells whether the tenant fits in one page;
	// with three, a tenant of up to 300 connections is listed whatever the
	// reads, and in a larger one the first reads (Terraform's first ten)
	// are likely enough to be found to pay for the pages that follow.
	listingLoan: 3,
	pageSize:    client.MaxListPageSize,
}

type listingState int

const (
	listingIdle     listingState = iota // no page fetched yet
	listingActive                       // pages fetched, more may follow
	listingComplete                     // the last page was fetched
	listingFailed                       // a page failed: single GETs from now on
)

func newConnectionCache(c *client.Client, tuning cacheTuning) *connectionCache {
	return &connectionCache{
		client:   c,
		tuning:   tuning,
		gathered: make(chan struct{}),
		listed:   map[string]*client.Connection{},
		written:  map[string]bool{},
	}
}

// readAction is what a read does next.
type readAction int

const (
	actionServe readAction = iota // return the listed connection
	actionGet                     // send a single GET
	actionWait                    // wait for the gather window or a page fetch
	actionFetch                   // fetch the next page, then decide again
)

// readStep is a read's next step, decided under the lock.
type readStep struct {
	action   readAction
	conn     *client.Connection // actionServe: the listed connection
	wake     <-chan struct{}    // actionWait: closed when the wait is over
	deadline time.Time          // actionWait: the end of the gather window; zero while a page is fetched
}

// read returns the connection with this id as a GET would.
func (c *connectionCache) read(ctx context.Context, id string) (*client.Connection, error) {
	c.mu.Lock()
	c.arrive()
	for {
		step := c.decide(id)
		c.mu.Unlock()
		switch step.action {
		case actionServe:
			return step.conn, nil
		case actionGet:
			return c.client.GetConnection(ctx, id)
		case actionWait:
			if err := waitFor(ctx, step.wake, step.deadline); err != nil {
				return nil, err
			}
		case actionFetch:
			c.fetchPage(ctx)
		}
		c.mu.Lock()
	}
}

// wrote records a create, update or delete of id: later reads of id in
// this run must see the server's current connection, not a listing taken
// before the write.
func (c *connectionCache) wrote(id string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.written[id] = true
	delete(c.listed, id)
}

// arrive counts a read; the one that reaches listAfterReads ends the
// gathering of the reads waiting for company.
func (c *connectionCache) arrive() {
	if c.reads == 0 {
		c.windowEnds = time.Now().Add(c.tuning.gatherWindow)
	}
	c.reads++
	if c.reads == c.tuning.listAfterReads {
		close(c.gathered)
	}
}

// decide picks a read's next step. It must be called with the lock held.
func (c *connectionCache) decide(id string) readStep {
	if c.written[id] {
		return readStep{action: actionGet}
	}
	if conn, ok := c.listed[id]; ok {
		// Served once: a second read of the same id in the run is a GET,
		// and the entry's memory is released.
		delete(c.listed, id)
		c.hits++
		return readStep{action: actionServe, conn: conn}
	}
	switch c.state {
	case listingComplete, listingFailed:
		return readStep{action: actionGet}
	case listingIdle:
		if c.reads < c.tuning.listAfterReads {
			if time.Now().Before(c.windowEnds) {
				return readStep{action: actionWait, wake: c.gathered, deadline: c.windowEnds}
			}
			return readStep{action: actionGet}
		}
	}
	if c.fetching != nil {
		return readStep{action: actionWait, wake: c.fetching}
	}
	if c.hits+c.tuning.listingLoan-c.pages < 1 {
		return readStep{action: actionGet}
	}
	c.pages++
	c.fetching = make(chan struct{})
	return readStep{action: actionFetch}
}

// fetchPage pulls the next page of the listing into listed. Only the read
// that decide chose runs it; the others wait on c.fetching.
func (c *connectionCache) fetchPage(ctx context.Context) {
	if c.pull == nil {
		// The listing outlives the read that starts it (the framework
		// cancels a request's context when the request ends), so it keeps
		// the context's values (logging) but not its cancellation.
		listCtx := context.WithoutCancel(ctx)
		c.pull, c.stopPull = iter.Pull2(c.client.ListConnections(listCtx, client.ListOptions{PageSize: c.tuning.pageSize}))
		tflog.Debug(ctx, "listing connections to batch this run's reads", map[string]any{"reads": c.readsSoFar()})
	}
	// The client fetches a page when the previous one is used up, so
	// pulling one page's worth of connections costs exactly one call.
	page := make([]*client.Connection, 0, c.tuning.pageSize)
	var err error
	ended := false
	for len(page) < c.tuning.pageSize {
		conn, pullErr, ok := c.pull()
		if !ok {
			ended = true
			break
		}
		if pullErr != nil {
			err = pullErr
			break
		}
		page = append(page, conn)
	}

	c.mu.Lock()
	defer c.mu.Unlock()
	for _, conn := range page {
		if !c.written[conn.ID] {
			c.listed[conn.ID] = conn
		}
	}
	switch {
	case err != nil:
		c.state = listingFailed
		tflog.Warn(ctx, "listing connections failed; reading them one by one instead", map[string]any{"error": err.Error()})
	case ended:
		c.state = listingComplete
	default:
		c.state = listingActive
	}
	if c.state != listingActive {
		c.stopPull()
	}
	tflog.Debug(ctx, "fetched a page of connections", map[string]any{
		"page": c.pages, "connections": len(page), "complete": c.state == listingComplete, "reads": c.reads, "hits": c.hits,
	})
	close(c.fetching)
	c.fetching = nil
}

func (c *connectionCache) readsSoFar() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.reads
}

// waitFor blocks until wake is closed, the deadline passes (zero: no
// deadline) or ctx ends.
func waitFor(ctx context.Context, wake <-chan struct{}, deadline time.Time) error {
	var timeout <-chan time.Time
	if !deadline.IsZero() {
		timer := time.NewTimer(time.Until(deadline))
		defer timer.Stop()
		timeout = timer.C
	}
	select {
	case <-wake:
		return nil
	case <-timeout:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
