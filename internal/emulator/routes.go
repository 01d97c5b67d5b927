package emulator

import (
	"net/http"
	"net/url"
	"strings"
)

// request carries what a handler needs about one API call.
type request struct {
	e      *Emulator
	w      http.ResponseWriter
	r      *http.Request
	route  route
	scopes map[string]bool // scopes of the bearer token (API routes only)
}

func (q *request) hasScope(s string) bool { return q.scopes[s] }

type handlerFunc func(e *Emulator, q *request)

// route is the result of matching a method and path.
type route struct {
	pattern string   // e.g. "/api/v2/connections/{id}", the Stats key suffix
	params  []string // path parameters in pattern order
	handler handlerFunc
	scope   string // scope the operation needs (API routes)
	api     bool   // under /api/v2: authenticated, fault-injected
	oauth   bool   // /oauth/*
}

func (rt route) rateLimited() bool { return rt.api || rt.oauth }

// notFound is hapi's bare 404 for a path or method that has no route.
func (rt route) notFound() *apiError {
	return &apiError{Status: http.StatusNotFound, Message: "Not Found"}
}

// endpoint is one row of the routing table.
type endpoint struct {
	method  string
	pattern string
	scope   string
	handler handlerFunc
}

// endpoints is the routing table. Scopes per SPEC §1.1 [O]. The connection
// sub-resources /keys, /status, /scim-configuration and
// /directory-provisioning are out of scope for the emulator and answer 501.
var endpoints = []endpoint{
	{"POST", "/oauth/token", "", (*Emulator).handleOAuthToken},

	{"GET", "/api/v2/connections", scopeReadConnections, (*Emulator).handleListConnections},
	{"POST", "/api/v2/connections", scopeCreateConnections, (*Emulator).handleCreateConnection},
	{"GET", "/api/v2/connections/{id}", scopeReadConnections, (*Emulator).handleGetConnection},
	{"PATCH", "/api/v2/connections/{id}", scopeUpdateConnections, (*Emulator).handleUpdateConnection},
	{"DELETE", "/api/v2/connections/{id}", scopeDeleteConnections, (*Emulator).handleDeleteConnection},
	{"GET", "/api/v2/connections/{id}/clients", scopeReadConnections, (*Emulator).handleGetEnabledClients},
	{"PATCH", "/api/v2/connections/{id}/clients", scopeUpdateConnections, (*Emulator).handlePatchEnabledClients},

	{"GET", "/api/v2/clients", scopeReadClients, (*Emulator).handleListClients},
	{"POST", "/api/v2/clients", scopeCreateClients, (*Emulator).handleCreateClient},
	{"GET", "/api/v2/clients/{id}", scopeReadClients, (*Emulator).handleGetClient},
	{"DELETE", "/api/v2/clients/{id}", scopeDeleteClients, (*Emulator).handleDeleteClient},
	{"GET", "/api/v2/clients/{id}/connections", scopeReadConnections, (*Emulator).handleClientConnections},

	{"GET", "/api/v2/connections/{id}/keys", scopeReadConnectionsKeys, (*Emulator).handleOutOfScope},
	{"POST", "/api/v2/connections/{id}/keys", scopeCreateConnectionsKeys, (*Emulator).handleOutOfScope},
	{"POST", "/api/v2/connections/{id}/keys/rotate", scopeCreateConnectionsKeys, (*Emulator).handleOutOfScope},
	{"GET", "/api/v2/connections/{id}/status", scopeReadConnections, (*Emulator).handleOutOfScope},
	{"*", "/api/v2/connections/{id}/scim-configuration/**", "", (*Emulator).handleOutOfScope},
	{"*", "/api/v2/connections/{id}/directory-provisioning/**", "", (*Emulator).handleOutOfScope},
}

// matchRoute finds the endpoint for method and path. Path segments are
// unescaped one by one, so an id containing %2F stays one segment.
func matchRoute(method, escapedPath string) route {
	segs := splitPath(escapedPath)
	var pathMatched *endpoint
	for i := range endpoints {
		ep := &endpoints[i]
		params, ok := matchPattern(ep.pattern, segs)
		if !ok {
			continue
		}
		if ep.method != "*" && ep.method != method {
			pathMatched = ep
			continue
		}
		return route{
			pattern: patternKey(ep.pattern),
			params:  params,
			handler: ep.handler,
			scope:   ep.scope,
			api:     strings.HasPrefix(ep.pattern, "/api/v2/"),
			oauth:   strings.HasPrefix(ep.pattern, "/oauth/"),
		}
	}
	rt := route{pattern: "(unmatched)"}
	if pathMatched != nil {
		// Known path, wrong method: hapi answers 404 as for an unknown path.
		rt.pattern = pathMatched.pattern
	}
	rt.api = strings.HasPrefix(escapedPath, "/api/v2/")
	rt.oauth = strings.HasPrefix(escapedPath, "/oauth/")
	return rt
}

// patternKey is the Stats key of a matched pattern: the pattern itself,
// without the trailing "/**" of the catch-all sub-resources.
func patternKey(pattern string) string {
	if !strings.HasSuffix(pattern, "/**") {
		return pattern
	}
	return strings.TrimSuffix(pattern, "/**")
}

func splitPath(escaped string) []string {
	raw := strings.Split(strings.Trim(escaped, "/"), "/")
	segs := make([]string, len(raw))
	for i, s := range raw {
		if u, err := url.PathUnescape(s); err == nil {
			s = u
		}
		segs[i] = s
	}
	return segs
}

// matchPattern matches path segments against a pattern whose {x} segments
// capture one segment and whose trailing ** captures the rest (possibly
// nothing).
func matchPattern(pattern string, segs []string) ([]string, bool) {
	pat := strings.Split(strings.Trim(pattern, "/"), "/")
	var params []string
	for i, p := range pat {
		if p == "**" {
			return params, true
		}
		if i >= len(segs) {
			return nil, false
		}
		if strings.HasPrefix(p, "{") {
			if segs[i] == "" {
				return nil, false
			}
			params = append(params, segs[i])
			continue
		}
		if p != segs[i] {
			return nil, false
		}
	}
	return params, len(pat) == len(segs)
}

// handleOutOfScope answers the connection sub-resources the emulator does
// not implement (keys, status, SCIM, directory provisioning).
func (e *Emulator) handleOutOfScope(q *request) {
	writeAPIError(q.w, &apiError{
		Status:  http.StatusNotImplemented,
		Message: "auth0-emulator does not implement " + q.r.URL.Path,
	})
}
