package emulator

import (
	"net/http"
	"sync"
)

// Counter names besides the "METHOD /route" ones.
const (
	statTotal       = "total"
	stat429         = "429"
	stat429Injected = "429_injected"
	stat5xxInjected = "5xx_injected"
	statDropped     = "dropped"
	statRefused     = "refused" // answered by Faults.Refuse
)

// counters are the request counters behind Stats and /emulator/stats.
type counters struct {
	mu sync.Mutex
	m  map[string]int64
}

func newCounters() *counters { return &counters{m: map[string]int64{}} }

func (c *counters) inc(key string) {
	c.mu.Lock()
	c.m[key]++
	c.mu.Unlock()
}

// countRequest counts one request under its route and in "total".
func (c *counters) countRequest(routeKey string) {
	c.mu.Lock()
	c.m[routeKey]++
	c.m[statTotal]++
	c.mu.Unlock()
}

func (c *counters) snapshot() map[string]int64 {
	c.mu.Lock()
	defer c.mu.Unlock()
	out := make(map[string]int64, len(c.m)+4)
	for _, k := range []string{statTotal, stat429, stat429Injected, stat5xxInjected, statDropped, statRefused} {
		out[k] = 0
	}
	for k, v := range c.m {
		out[k] = v
	}
	return out
}

func (c *counters) reset() {
	c.mu.Lock()
	c.m = map[string]int64{}
	c.mu.Unlock()
}

// serveEmulatorExtension serves /emulator/*, which is NOT part of Auth0: an
// emulator extension for tests and benchmarks, neither authenticated nor
// rate limited nor counted.
//
//	GET    /emulator/stats  the counters as a JSON object
//	DELETE /emulator/stats  resets them (204)
func (e *Emulator) serveEmulatorExtension(w http.ResponseWriter, r *http.Request) {
	if r.URL.Path != "/emulator/stats" {
		writeAPIError(w, &apiError{Status: http.StatusNotFound, Message: "Not Found"})
		return
	}
	switch r.Method {
	case http.MethodGet:
		writeJSONResponse(w, http.StatusOK, e.Stats())
	case http.MethodDelete:
		e.ResetStats()
		writeNoContent(w)
	default:
		w.Header().Set("Allow", "GET, DELETE")
		writeAPIError(w, &apiError{Status: http.StatusMethodNotAllowed, Message: "Method Not Allowed"})
	}
}
