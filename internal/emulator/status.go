package emulator

import (
	"net/http"
)

// GET /api/v2/connections/{id}/status: whether an AD/LDAP connection's
// connector is online. Auth0 answers 200 when it is and a 404 "not
// connected to any node" when it is not. No connector ever runs against the
// emulator, so an ad connection is offline until a test marks it online
// (SetConnectorOnline). Other strategies have no connector to lose; they
// answer 200 (a guess: the behaviour is not documented).

// SetConnectorOnline marks the AD/LDAP connector of a connection online or
// offline, as GET /api/v2/connections/{id}/status reports it. It is not
// persisted: a restarted emulator has no connector online.
func (e *Emulator) SetConnectorOnline(connectionID string, online bool) {
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.connectorsOnline == nil {
		e.connectorsOnline = map[string]bool{}
	}
	e.connectorsOnline[connectionID] = online
}

// handleConnectionStatus implements GET /api/v2/connections/{id}/status.
func (e *Emulator) handleConnectionStatus(q *request) {
	e.readConnection(q, func(c *connection) (any, *apiError) {
		if c.Strategy == "ad" && !e.connectorsOnline[c.ID] {
			return nil, &apiError{Status: http.StatusNotFound, Message: "not connected to any node"}
		}
		return orderedObject{}, nil
	})
}
