package emulator

import (
	"net/http"
)

// request carries what a handler needs about one API call.
type request struct {
	w      http.ResponseWriter
	r      *http.Request
	route  route
	scopes map[string]bool // scopes of the bearer token (API routes only)
}

func (q *request) hasScope(s string) bool { return q.scopes[s] }

// fail answers err and reports whether there was one, so that a handler
// reads `if q.fail(err) { return }`.
func (q *request) fail(err *apiError) bool {
	if err == nil {
		return false
	}
	writeAPIError(q.w, err)
	return true
}

type handlerFunc func(e *Emulator, q *request)

// inspectConnection runs inspect on the route's connection under the state
// lock.
func (e *Emulator) inspectConnection(q *request, inspect func(c *connection) *apiError) *apiError {
	e.mu.Lock()
	defer e.mu.Unlock()
	c, err := e.lookupLocked(q)
	if err != nil {
		return err
	}
	return inspect(c)
}

// readConnection answers 200 with what read makes of the route's
// connection, read under the state lock.
func (e *Emulator) readConnection(q *request, read func(c *connection) (any, *apiError)) {
	var body any
	err := e.inspectConnection(q, func(c *connection) (err *apiError) {
		body, err = read(c)
		return err
	})
	if q.fail(err) {
		return
	}
	writeJSONResponse(q.w, http.StatusOK, body)
}

// writeConnection applies write to the route's connection under the state
// lock, persists the change and answers it (nil body: 204). A write that
// fails must leave the state as it found it.
func (e *Emulator) writeConnection(q *request, write func(c *connection) (int, any, *apiError)) {
	e.mu.Lock()
	defer e.mu.Unlock()
	c, err := e.lookupLocked(q)
	if q.fail(err) {
		return
	}
	status, body, err := write(c)
	if q.fail(err) || !e.commitLocked(q) {
		return
	}
	e.respondWrite(q, status, body)
}

// subresourceRead narrows a connection read to one of its sub-resources:
// get finds it, or says why the connection has none.
func subresourceRead[T any](get func(*connection) (T, *apiError), read func(c *connection, sub T) (any, *apiError)) func(*connection) (any, *apiError) {
	return func(c *connection) (any, *apiError) {
		sub, err := get(c)
		if err != nil {
			return nil, err
		}
		return read(c, sub)
	}
}

// subresourceWrite is subresourceRead for writes.
func subresourceWrite[T any](get func(*connection) (T, *apiError), write func(c *connection, sub T) (int, any, *apiError)) func(*connection) (int, any, *apiError) {
	return func(c *connection) (int, any, *apiError) {
		sub, err := get(c)
		if err != nil {
			return 0, nil, err
		}
		return write(c, sub)
	}
}

// lookupLocked finds a live connection by the route's {id}.
func (e *Emulator) lookupLocked(q *request) (*connection, *apiError) {
	c, ok := e.st.Connections[q.route.params[0]]
	if !ok {
		return nil, errConnectionNotFound()
	}
	return c, nil
}

// commitLocked persists a write before it is acknowledged. When persisting
// fails the in-memory state is rolled back to the file's and the client gets
// a 500, so memory never holds a write the file lost.
func (e *Emulator) commitLocked(q *request) bool {
	err := e.persistLocked()
	if err == nil {
		return true
	}
	if st, loadErr := loadState(e.cfg.DataFile); loadErr == nil {
		st.SigningKey = e.st.SigningKey // tokens already minted stay valid
		e.st = st
	}
	writeAPIError(q.w, &apiError{Status: http.StatusInternalServerError, Message: "auth0-emulator: " + err.Error()})
	return false
}
