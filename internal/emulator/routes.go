package emulator

import (
	"fmt"
	"maps"
	"net/http"
	"net/url"
	"slices"
	"strings"
)

// route is the result of matching a method and path.
type route struct {
	pattern string   // e.g. "/api/v2/connections/{id}", the Stats key suffix
	params  []string // path parameters in pattern order
	handler handlerFunc
	scopes  scopeRule // what the bearer token must carry (API routes)
	api     bool      // under /api/v2: authenticated, fault-injected
	oauth   bool      // /oauth/*
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
	scopes  scopeRule
	handler handlerFunc
}

// endpoints is the routing table, with the scopes Auth0 documents for each
// operation.
var endpoints = []endpoint{
	{"POST", "/oauth/token", scopeRule{}, (*Emulator).handleOAuthToken},

	{"GET", "/api/v2/connections", needs(scopeReadConnections), (*Emulator).handleListConnections},
	{"POST", "/api/v2/connections", needs(scopeCreateConnections), (*Emulator).handleCreateConnection},
	{"GET", "/api/v2/connections/{id}", needs(scopeReadConnections), (*Emulator).handleGetConnection},
	{"PATCH", "/api/v2/connections/{id}", needs(scopeUpdateConnections), (*Emulator).handleUpdateConnection},
	{"DELETE", "/api/v2/connections/{id}", needs(scopeDeleteConnections), (*Emulator).handleDeleteConnection},
	{"GET", "/api/v2/connections/{id}/clients", needs(scopeReadConnections), (*Emulator).handleGetEnabledClients},
	{"PATCH", "/api/v2/connections/{id}/clients", needs(scopeUpdateConnections), (*Emulator).handlePatchEnabledClients},
	{"GET", "/api/v2/connections/{id}/status", needs(scopeReadConnections), (*Emulator).handleConnectionStatus},
	{"DELETE", "/api/v2/connections/{id}/users", needs(scopeDeleteUsers), (*Emulator).handleDeleteConnectionUser},

	{"GET", "/api/v2/connections/{id}/keys", needs(scopeReadConnectionsKeys), (*Emulator).handleGetKeys},
	{"POST", "/api/v2/connections/{id}/keys", needs(scopeCreateConnectionsKeys), (*Emulator).handleProvisionKeys},
	{"POST", "/api/v2/connections/{id}/keys/rotate", needs(scopeCreateConnectionsKeys, scopeUpdateConnectionsKeys), (*Emulator).handleRotateKeys},

	{"POST", "/api/v2/connections/{id}/scim-configuration", needs(scopeCreateSCIMConfig), (*Emulator).handleCreateSCIM},
	{"GET", "/api/v2/connections/{id}/scim-configuration", needs(scopeReadSCIMConfig), (*Emulator).handleGetSCIM},
	{"PATCH", "/api/v2/connections/{id}/scim-configuration", needs(scopeUpdateSCIMConfig), (*Emulator).handleUpdateSCIM},
	{"DELETE", "/api/v2/connections/{id}/scim-configuration", needs(scopeDeleteSCIMConfig), (*Emulator).handleDeleteSCIM},
	{"GET", "/api/v2/connections/{id}/scim-configuration/default-mapping", needs(scopeReadSCIMConfig), (*Emulator).handleSCIMDefaultMapping},
	{"POST", "/api/v2/connections/{id}/scim-configuration/tokens", needs(scopeCreateSCIMToken), (*Emulator).handleCreateSCIMToken},
	{"GET", "/api/v2/connections/{id}/scim-configuration/tokens", needs(scopeReadSCIMToken), (*Emulator).handleListSCIMTokens},
	{"DELETE", "/api/v2/connections/{id}/scim-configuration/tokens/{token}", needs(scopeDeleteSCIMToken), (*Emulator).handleDeleteSCIMToken},

	{"POST", "/api/v2/connections/{id}/directory-provisioning", needs(scopeCreateDirectory), (*Emulator).handleCreateDirectory},
	{"GET", "/api/v2/connections/{id}/directory-provisioning", needs(scopeReadDirectory), (*Emulator).handleGetDirectory},
	{"PATCH", "/api/v2/connections/{id}/directory-provisioning", needs(scopeUpdateDirectory), (*Emulator).handleUpdateDirectory},
	{"DELETE", "/api/v2/connections/{id}/directory-provisioning", needs(scopeDeleteDirectory), (*Emulator).handleDeleteDirectory},
	{"GET", "/api/v2/connections/{id}/directory-provisioning/default-mapping", needs(scopeReadDirectory), (*Emulator).handleDirectoryDefaultMapping},
	{"GET", "/api/v2/connections/{id}/directory-provisioning/synchronized-groups", needs(scopeReadDirectory), (*Emulator).handleListGroups},
	{"PUT", "/api/v2/connections/{id}/directory-provisioning/synchronized-groups", needs(scopeUpdateDirectory), (*Emulator).handleReplaceGroups},
	{"POST", "/api/v2/connections/{id}/directory-provisioning/synchronized-groups", needs(scopeUpdateDirectory), (*Emulator).handleAddGroups},
	{"DELETE", "/api/v2/connections/{id}/directory-provisioning/synchronized-groups", needs(scopeUpdateDirectory), (*Emulator).handleRemoveGroups},
	{"POST", "/api/v2/connections/{id}/directory-provisioning/synchronizations", needs(scopeCreateDirectory), (*Emulator).handleNotImplemented},

	{"GET", "/api/v2/clients", needs(scopeReadClients), (*Emulator).handleListClients},
	{"POST", "/api/v2/clients", needs(scopeCreateClients), (*Emulator).handleCreateClient},
	{"GET", "/api/v2/clients/{id}", needs(scopeReadClients), (*Emulator).handleGetClient},
	{"DELETE", "/api/v2/clients/{id}", needs(scopeDeleteClients), (*Emulator).handleDeleteClient},
	{"GET", "/api/v2/clients/{id}/connections", scopeRule{all: []string{scopeReadConnections}, anyOf: []string{scopeReadClients, scopeReadClientSummary}}, (*Emulator).handleClientConnections},
}

// checkRefusals reports a Faults.Refuse entry that names no /api/v2 route:
// it would never fire, and a run relying on it would test nothing.
func checkRefusals(refuse map[string]int) error {
	for _, name := range slices.Sorted(maps.Keys(refuse)) {
		method, pattern, _ := strings.Cut(name, " ")
		patterns := apiPatterns(method)
		if slices.Contains(patterns, pattern) {
			continue
		}
		hint := "no /api/v2 route takes " + method
		if len(patterns) > 0 {
			hint = "its " + method + " routes: " + strings.Join(patterns, ", ")
		}
		return fmt.Errorf("emulator: cannot refuse %q: it is not one of the emulator's /api/v2 routes (%s)", name, hint)
	}
	return nil
}

// apiPatterns lists the /api/v2 route patterns that take method.
func apiPatterns(method string) []string {
	var out []string
	for _, ep := range endpoints {
		if ep.method == method && strings.HasPrefix(ep.pattern, "/api/v2/") {
			out = append(out, ep.pattern)
		}
	}
	return out
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
		if ep.method != method {
			pathMatched = ep
			continue
		}
		return route{
			pattern: ep.pattern,
			params:  params,
			handler: ep.handler,
			scopes:  ep.scopes,
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
// capture one segment each.
func matchPattern(pattern string, segs []string) ([]string, bool) {
	pat := strings.Split(strings.Trim(pattern, "/"), "/")
	var params []string
	if len(pat) != len(segs) {
		return nil, false
	}
	for i, p := range pat {
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
	return params, true
}

// handleNotImplemented answers the one sub-resource operation the emulator
// does not model: an on-demand directory synchronization, which would need
// a Google Workspace to read from.
func (e *Emulator) handleNotImplemented(q *request) {
	writeAPIError(q.w, &apiError{
		Status:  http.StatusNotImplemented,
		Message: "auth0-emulator does not implement " + q.r.URL.Path,
	})
}
