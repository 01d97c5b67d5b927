package client

import (
	"container/heap"
	"math"
	"math/rand/v2"
	"net/http"
	"strconv"
	"testing"
	"time"
)

// A discrete-event simulation of clients pacing themselves against one
// token bucket, on a fake clock: Auth0's bucket (reporting its headers the
// way the emulator does), bucketModels with workers that each send one
// request at a time (terraform's -parallelism), one-way network latency, and
// optional consumers that do not pace themselves at all.

type simServer struct {
	rate, burst, tokens float64
	last                time.Time
	minTokens           float64
	minAt               time.Time
	hideHeaders         bool
}

// take serves one request at t: the status and the response headers.
func (s *simServer) take(t time.Time) (int, http.Header) {
	s.tokens = math.Min(s.burst, s.tokens+t.Sub(s.last).Seconds()*s.rate)
	s.last = t
	status := http.StatusOK
	var full time.Time
	if s.tokens < 1 {
		status = http.StatusTooManyRequests
		full = t.Add(time.Duration((1 - s.tokens) / s.rate * float64(time.Second)))
	} else {
		s.tokens--
		full = t.Add(time.Duration((s.burst - s.tokens) / s.rate * float64(time.Second)))
	}
	if s.tokens < s.minTokens {
		s.minTokens, s.minAt = s.tokens, t
	}
	h := http.Header{}
	if !s.hideHeaders {
		h.Set(headerLimit, strconv.Itoa(int(s.burst)))
		h.Set(headerRemaining, strconv.Itoa(int(math.Floor(s.tokens))))
		h.Set(headerReset, strconv.FormatInt(int64(math.Ceil(float64(full.UnixNano())/1e9)), 10))
	}
	return status, h
}

type simEvent struct {
	at   time.Time
	seq  int
	fire func()
}

type simQueue []*simEvent

func (q simQueue) Len() int { return len(q) }
func (q simQueue) Less(i, j int) bool {
	if !q[i].at.Equal(q[j].at) {
		return q[i].at.Before(q[j].at)
	}
	return q[i].seq < q[j].seq
}
func (q simQueue) Swap(i, j int) { q[i], q[j] = q[j], q[i] }
func (q *simQueue) Push(x any)   { *q = append(*q, x.(*simEvent)) }
func (q *simQueue) Pop() any {
	old := *q
	e := old[len(old)-1]
	*q = old[:len(old)-1]
	return e
}

type sim struct {
	now    time.Time
	queue  simQueue
	seq    int
	server *simServer
}

func (s *sim) at(t time.Time, fire func()) {
	s.seq++
	heap.Push(&s.queue, &simEvent{at: t, seq: s.seq, fire: fire})
}

func (s *sim) run(until time.Time) {
	for s.queue.Len() > 0 {
		e := heap.Pop(&s.queue).(*simEvent)
		if e.at.After(until) {
			return
		}
		s.now = e.at
		e.fire()
	}
}

// simClient is one provider process: a model, workers and jobs.
type simClient struct {
	s         *sim
	model     *bucketModel
	latency   time.Duration
	jitter    func() time.Duration // extra latency per leg; nil: none
	jobs      int
	started   int
	completed int
	refused   int
	finished  time.Time
	waiting   map[int]int // worker -> generation of its pending wake-up
}

// newSimClient is a client of the default reserve with jobs requests to
// send over workers workers, starting at start.
func newSimClient(s *sim, latency time.Duration, jobs, workers int, start time.Time) *simClient {
	c := &simClient{s: s, model: newBucketModel(0, 0, defaultRateLimitReserve, time.Minute), latency: latency, jobs: jobs, waiting: map[int]int{}}
	for w := range workers {
		s.at(start, func() { c.next(w) })
	}
	return c
}

// next makes worker w try to send its next request (a new job or a retry).
func (c *simClient) next(w int) {
	if c.started >= c.jobs {
		return
	}
	c.started++
	c.try(w)
}

func (c *simClient) try(w int) {
	ok, wait := c.model.admit(c.s.now)
	if !ok {
		c.waiting[w]++
		gen := c.waiting[w]
		if wait == waitForReport {
			wait = maxReportWait
		}
		c.s.at(c.s.now.Add(wait), func() {
			if c.waiting[w] == gen {
				delete(c.waiting, w)
				c.try(w)
			}
		})
		return
	}
	sent := c.s.now
	c.s.at(sent.Add(c.leg()), func() {
		status, h := c.s.server.take(c.s.now)
		c.s.at(c.s.now.Add(c.leg()), func() {
			c.model.done(sent, c.s.now, status, h)
			if status == http.StatusTooManyRequests {
				c.refused++
				// The retry waits for the reset, as the client's backoff does.
				reset, _ := resetTime(h)
				c.s.at(maxTime(reset, c.s.now.Add(time.Millisecond)), func() { c.try(w) })
			} else {
				c.completed++
				if c.completed == c.jobs {
					c.finished = c.s.now
				}
				c.s.at(c.s.now, func() { c.next(w) })
			}
			// A report wakes every waiting worker, as the pacer does.
			for other, gen := range c.waiting {
				c.s.at(c.s.now, func() {
					if c.waiting[other] == gen {
						delete(c.waiting, other)
						c.try(other)
					}
				})
			}
		})
	})
}

// leg is the one-way latency of one message.
func (c *simClient) leg() time.Duration {
	if c.jitter == nil {
		return c.latency
	}
	return c.latency + c.jitter()
}

func maxTime(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}

// simConsumer sends a request every interval between from and to, paying
// no attention to the headers.
type simConsumer struct {
	sent, refused int
}

func newSimConsumer(s *sim, interval time.Duration, from, to time.Time) *simConsumer {
	c := &simConsumer{}
	for t := from; t.Before(to); t = t.Add(interval) {
		s.at(t, func() {
			c.sent++
			if status, _ := s.server.take(s.now); status == http.StatusTooManyRequests {
				c.refused++
			}
		})
	}
	return c
}

var simStart = time.Unix(1_800_000_000, 123_456_789)

func newSim(rate, burst float64) *sim {
	return &sim{now: simStart, server: &simServer{rate: rate, burst: burst, tokens: burst, last: simStart, minTokens: burst}}
}

func TestSimFreeTenantRunsAtItsRefillWithout429s(t *testing.T) {
	s := newSim(2, 10)
	c := newSimClient(s, time.Millisecond, 250, 10, simStart)
	s.run(simStart.Add(time.Hour))
	took := c.finished.Sub(simStart).Seconds()
	floor := (250 - 10 + 2) / 2.0 // the burst less the reserve, then the refill
	t.Logf("250 requests in %.1f s (floor %.1f s), %d refused, bucket low %.2f", took, floor, c.refused, s.server.minTokens)
	if c.completed != 250 || c.refused != 0 || took > floor*1.03 {
		t.Errorf("completed %d, refused %d, %.1f s; want 250, 0, within 3%% of %.1f s", c.completed, c.refused, took, floor)
	}
	if s.server.minTokens < 1 {
		t.Errorf("the bucket fell to %.2f tokens: the reserve was spent", s.server.minTokens)
	}
}

func TestSimEnterpriseTenantOverTheInternet(t *testing.T) {
	s := newSim(1000.0/60, 50)
	c := newSimClient(s, 150*time.Millisecond, 500, 10, simStart)
	s.run(simStart.Add(time.Hour))
	took := c.finished.Sub(simStart).Seconds()
	floor := (500 - 50 + 10) / (1000.0 / 60)
	t.Logf("500 requests in %.1f s (floor %.1f s), %d refused, bucket low %.2f", took, floor, c.refused, s.server.minTokens)
	if c.completed != 500 || c.refused != 0 || took > floor*1.1 {
		t.Errorf("completed %d, refused %d, %.1f s; want 500, 0, within 10%% of %.1f s", c.completed, c.refused, took, floor)
	}
}

func TestSimSecondConsumerIsNeverRefused(t *testing.T) {
	s := newSim(5, 10)
	c := newSimClient(s, time.Millisecond, 40, 10, simStart)
	other := newSimConsumer(s, time.Second, simStart.Add(300*time.Millisecond), simStart.Add(30*time.Second))
	s.run(simStart.Add(30 * time.Second))
	t.Logf("ours: 40 in %.1f s, %d refused; consumer %d sent, %d refused; bucket low %.2f",
		c.finished.Sub(simStart).Seconds(), c.refused, other.sent, other.refused, s.server.minTokens)
	if c.completed != 40 || other.refused != 0 || c.refused != 0 {
		t.Errorf("completed %d, ours refused %d, consumer refused %d", c.completed, c.refused, other.refused)
	}
}

// TestSimTwoProcessesShareOneBucket: two terraform runs against one tenant,
// the second starting at any point of the first's first second, over a LAN
// and over the internet: no 429, and both done about when the bucket allows.
func TestSimTwoProcessesShareOneBucket(t *testing.T) {
	for _, latency := range []time.Duration{time.Millisecond, 50 * time.Millisecond} {
		for offset := time.Duration(0); offset < time.Second; offset += 111 * time.Millisecond {
			s := newSim(5, 10)
			a := newSimClient(s, latency, 40, 10, simStart)
			b := newSimClient(s, latency, 40, 10, simStart.Add(offset))
			s.run(simStart.Add(time.Minute))
			last := maxTime(a.finished, b.finished).Sub(simStart).Seconds()
			floor := (80 - 10 + 2) / 5.0
			if a.completed != 40 || b.completed != 40 || a.refused+b.refused > 0 || last > floor*1.1 || s.server.minTokens < 1 {
				t.Errorf("latency %s, offset %s: completed %d and %d, refused %d, done after %.1f s (floor %.1f s), bucket low %.2f",
					latency, offset, a.completed, b.completed, a.refused+b.refused, last, floor, s.server.minTokens)
			}
		}
	}
}

// TestSimThreeProcessesStayWithinABurst: three runs at once each claim a
// third at best; their 429s stay rare.
func TestSimThreeProcessesStayWithinABurst(t *testing.T) {
	for _, tenant := range []struct {
		rate, burst float64
		latency     time.Duration
	}{{5, 10, time.Millisecond}, {5, 10, 50 * time.Millisecond}, {1000.0 / 60, 50, 150 * time.Millisecond}} {
		for offset := time.Duration(0); offset < time.Second; offset += 250 * time.Millisecond {
			s := newSim(tenant.rate, tenant.burst)
			refused, completed := 0, 0
			var clients []*simClient
			for i := range 3 {
				clients = append(clients, newSimClient(s, tenant.latency, 40, 10, simStart.Add(time.Duration(i)*offset)))
			}
			s.run(simStart.Add(time.Hour))
			for _, c := range clients {
				refused += c.refused
				completed += c.completed
			}
			if completed != 120 || refused > int(tenant.burst)/2 {
				t.Errorf("%.1f rps, burst %.0f, latency %s, offset %s: %d completed, %d refused",
					tenant.rate, tenant.burst, tenant.latency, offset, completed, refused)
			}
		}
	}
}

func TestSimUnlimitedTenantIsNotPaced(t *testing.T) {
	s := newSim(1e6, 1e6)
	c := newSimClient(s, time.Millisecond, 1000, 10, simStart)
	s.run(simStart.Add(time.Hour))
	took := c.finished.Sub(simStart)
	// 10 workers, 2 ms per round trip: 100 rounds.
	if c.refused != 0 || took > 210*time.Millisecond {
		t.Errorf("1000 requests took %s with %d refused; want the network's 200 ms", took, c.refused)
	}
}

func TestSimWithoutHeadersStaysAtTheFreeRate(t *testing.T) {
	s := newSim(2, 2)
	s.server.hideHeaders = true
	c := newSimClient(s, time.Millisecond, 50, 10, simStart)
	s.run(simStart.Add(time.Hour))
	took := c.finished.Sub(simStart).Seconds()
	if c.completed != 50 || c.refused > 2 || took > 25 {
		t.Errorf("completed %d, refused %d in %.1f s", c.completed, c.refused, took)
	}
}

// TestSimReorderedResponses: with terraform -parallelism=30 over many
// connections, answers come back in any order (each leg takes 1 to 21 ms);
// the reports of requests sent later but answered sooner must not read as
// other consumers spending. rate_limit caps at the tenant's own rate.
func TestSimReorderedResponses(t *testing.T) {
	s := newSim(10, 20)
	rng := rand.New(rand.NewPCG(1, 2))
	c := newSimClient(s, time.Millisecond, 200, 30, simStart)
	c.model = newBucketModel(10, 10, defaultRateLimitReserve, time.Minute)
	c.jitter = func() time.Duration { return time.Duration(rng.Int64N(int64(20 * time.Millisecond))) }
	s.run(simStart.Add(time.Hour))
	took := c.finished.Sub(simStart).Seconds()
	floor := (200 - 20 + 4) / 10.0
	if c.completed != 200 || c.refused != 0 || took > floor*1.05 || c.model.share != 1 {
		t.Errorf("completed %d, refused %d in %.1f s (floor %.1f s), share %.2f", c.completed, c.refused, took, floor, c.model.share)
	}
}
