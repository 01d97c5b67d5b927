package emulator

import (
	"bufio"
	"bytes"
	"errors"
	"net"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"
)

// respondWrite answers a committed write, unless commit-then-drop fault
// injection picks it: then the connection is closed with no response, so a
// client sees a transport error for a write that did happen (what a client
// must survive without creating duplicates).
func (e *Emulator) respondWrite(q *request, status int, body any) {
	if e.shouldDrop(q.r.Method) {
		e.stats.inc(statDropped)
		dropConnection(q.w)
		return
	}
	if body == nil {
		writeNoContent(q.w)
		return
	}
	writeJSONResponse(q.w, status, body)
}

func (e *Emulator) shouldDrop(method string) bool {
	f := e.currentFaults()
	if f.DropRate <= 0 {
		return false
	}
	methods := f.DropMethods
	if methods == nil {
		methods = []string{http.MethodPost, http.MethodPatch}
	}
	return slices.Contains(methods, method) && e.chance(f.DropRate)
}

// dropConnection closes the client connection without writing a response:
// by hijacking it on HTTP/1.x, or by aborting the handler (which resets the
// stream) where hijacking is not possible (HTTP/2).
func dropConnection(w http.ResponseWriter) {
	if hj, ok := w.(http.Hijacker); ok {
		if conn, _, err := hj.Hijack(); err == nil {
			_ = conn.Close()
			return
		}
	}
	panic(http.ErrAbortHandler)
}

// writeInjected429 answers like a tenant whose bucket is empty: Auth0's 429
// body, x-ratelimit-remaining 0 and a reset one to two seconds
// ahead (the header has whole-second resolution), so a client that honours
// the reset waits about a second.
func writeInjected429(w http.ResponseWriter, now time.Time) {
	h := w.Header()
	if h.Get("X-Ratelimit-Limit") == "" {
		h.Set("X-Ratelimit-Limit", strconv.Itoa(idleLimit))
	}
	h.Set("X-Ratelimit-Remaining", "0")
	h.Set("X-Ratelimit-Reset", strconv.FormatInt(now.Add(time.Second).Unix()+1, 10))
	writeAPIError(w, newError(http.StatusTooManyRequests, codeTooManyRequests, "Global limit has been reached"))
}

func isWrite(method string) bool {
	return method == http.MethodPost || method == http.MethodPatch || method == http.MethodDelete
}

// heldResponse buffers a response so that it can be sent after a delay once
// the handler has returned (handlers answer while holding the state lock,
// so they cannot sleep themselves). Hijacking, the commit-then-drop fault,
// passes straight through.
type heldResponse struct {
	http.ResponseWriter
	status   int
	body     bytes.Buffer
	hijacked bool
}

func (h *heldResponse) WriteHeader(status int) {
	if h.status == 0 {
		h.status = status
	}
}

func (h *heldResponse) Write(p []byte) (int, error) {
	if h.status == 0 {
		h.status = http.StatusOK
	}
	return h.body.Write(p)
}

// Hijack marks the response as dropped even when hijacking fails: the
// caller then aborts the handler, and release must not answer either.
func (h *heldResponse) Hijack() (net.Conn, *bufio.ReadWriter, error) {
	h.hijacked = true
	hj, ok := h.ResponseWriter.(http.Hijacker)
	if !ok {
		return nil, nil, errors.New("emulator: the response writer cannot be hijacked")
	}
	return hj.Hijack()
}

// release sends the buffered response, after delay when it reports a
// committed write (2xx). The delay is not cut short when the client goes
// away: the write happened either way.
func (h *heldResponse) release(delay time.Duration) {
	if h.hijacked {
		return
	}
	if h.status == 0 {
		h.status = http.StatusOK
	}
	if h.status >= 200 && h.status < 300 {
		time.Sleep(delay)
	}
	h.ResponseWriter.WriteHeader(h.status)
	_, _ = h.ResponseWriter.Write(h.body.Bytes())
}

// writeRefusal answers a Faults.Refuse route: the error Auth0 gives that
// status on that route, so a client sees what a real failure looks like. A
// refused 429 is a drained bucket, headers included; a 403 names the
// route's scopes; a 404 on a connection's route is a missing connection.
func writeRefusal(w http.ResponseWriter, rt route, status int, now time.Time) {
	if status == http.StatusTooManyRequests {
		writeInjected429(w, now)
		return
	}
	writeAPIError(w, refusal(rt, status))
}

func refusal(rt route, status int) *apiError {
	switch {
	case status == http.StatusUnauthorized:
		return errInvalidToken()
	case status == http.StatusForbidden:
		if err := rt.scopes.check(nil); err != nil {
			return err
		}
		return newError(status, codeInsufficientScope, "Insufficient scope")
	case status == http.StatusNotFound && strings.HasPrefix(rt.pattern, "/api/v2/connections/{id}"):
		return errConnectionNotFound()
	default:
		return newError(status, "", http.StatusText(status))
	}
}
