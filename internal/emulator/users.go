package emulator

import (
	"net/http"
)

// DELETE /api/v2/connections/{id}/users?email=: deletes one user of a
// database connection by email. The emulator keeps no users, so every
// well-formed request answers 204 ("the user no longer exists"), as a
// request for a user that is already gone does on Auth0. A missing
// connection is a 400 here, not the 404 of the other endpoints.

// handleDeleteConnectionUser implements DELETE /api/v2/connections/{id}/users.
func (e *Emulator) handleDeleteConnectionUser(q *request) {
	if q.r.URL.Query().Get("email") == "" {
		q.fail(errInvalidQuery("Missing required property: email", ""))
		return
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	c, ok := e.st.Connections[q.route.params[0]]
	switch {
	case !ok:
		q.fail(newError(http.StatusBadRequest, codeInexistentConnection, "The connection does not exist"))
	case c.Strategy != "auth0":
		q.fail(&apiError{Status: http.StatusBadRequest, Message: "Connection must be a database connection"})
	default:
		e.respondWrite(q, http.StatusNoContent, nil)
	}
}
