package emulator

import (
	"net/http"
	"slices"
)

// respondWrite answers a committed write, unless commit-then-drop fault
// injection picks it: then the connection is closed with no response, so a
// client sees a transport error for a write that did happen (what a client
// must survive without creating duplicates).
func (e *Emulator) respondWrite(q *request, status int, body any) {
	if e.shouldDrop(q.r.Method) {
		e.stats.add(statDropped, 1)
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
