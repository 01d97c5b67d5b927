package emulator

import (
	"net"
	"net/http"
	"strings"
)

// Inbound SCIM: /api/v2/connections/{id}/scim-configuration.
//
// Only samlp, oidc, okta and waad connections accept SCIM; for any other
// strategy every SCIM operation is a 404, as Auth0 answers. A configuration
// is one per connection and has no id of its own. Its create request may
// have no body at all: what it leaves out gets the strategy's default, and
// a mapping it does send replaces the default whole, stored as sent (SCIM
// paths are not checked against the SCIM schema). The configuration never
// changes the connection, and deleting it is idempotent.

// scimConfig is a connection's SCIM configuration.
type scimConfig struct {
	UserIDAttribute string           `json:"user_id_attribute"`
	Mapping         []map[string]any `json:"mapping"`
	CreatedAt       string           `json:"created_at"`
	UpdatedOn       string           `json:"updated_on"` // Auth0's name here (directory provisioning says updated_at)
	Tokens          []*scimToken     `json:"tokens,omitempty"`
}

// scimSides are a SCIM mapping item's keys, in the order the configuration
// writes them (its default-mapping endpoint writes them the other way).
var scimSides = [2]string{"scim", "auth0"}

// errSCIMNotFound is the bare 404 Auth0 answers when a connection has no
// SCIM configuration (no errorCode).
func errSCIMNotFound() *apiError { return &apiError{Status: http.StatusNotFound, Message: "Not Found"} }

// scimStrategy returns the connection's SCIM defaults, or Auth0's 404 for
// a strategy without SCIM.
func scimStrategy(c *connection) (scimDefault, *apiError) {
	d, ok := scimDefaults[c.Strategy]
	if !ok {
		return d, &apiError{Status: http.StatusNotFound, Message: "This connection type does not support SCIM."}
	}
	return d, nil
}

// scimConfigOf returns the connection's configuration, or the 404 when
// the strategy has no SCIM or the connection no configuration.
func scimConfigOf(c *connection) (*scimConfig, *apiError) {
	if _, err := scimStrategy(c); err != nil {
		return nil, err
	}
	if c.SCIM == nil {
		return nil, errSCIMNotFound()
	}
	return c.SCIM, nil
}

// tenantName is the tenant's name as SCIM configurations report it: the
// first label of the tenant domain (tenant.eu.auth0.com -> tenant).
func tenantName(domain string) string {
	if host, _, err := net.SplitHostPort(domain); err == nil {
		domain = host
	}
	name, _, _ := strings.Cut(domain, ".")
	return name
}

func (e *Emulator) renderSCIM(c *connection) orderedObject {
	s := c.SCIM
	return orderedObject{
		{"tenant_name", tenantName(e.cfg.Domain)},
		{"connection_id", c.ID}, {"connection_name", c.Name}, {"strategy", c.Strategy},
		{"mapping", renderMapping(s.Mapping, scimSides)},
		{"updated_on", s.UpdatedOn},
		{"created_at", s.CreatedAt},
		{"user_id_attribute", s.UserIDAttribute},
	}
}

// scimBody is a parsed create or update body; a nil field was not sent.
type scimBody struct {
	userIDAttribute *string
	mapping         []map[string]any
}

// parseSCIMBody validates {user_id_attribute?, mapping?}; required lists
// the fields the operation needs.
func parseSCIMBody(body map[string]any, order, required []string) (scimBody, *apiError) {
	var out scimBody
	if err := checkObject("", body, order, []string{"user_id_attribute", "mapping"}, required); err != nil {
		return out, err
	}
	if _, sent := body["user_id_attribute"]; sent {
		s, err := optionalString("", body, "user_id_attribute")
		if err != nil {
			return out, err
		}
		out.userIDAttribute = &s
	}
	if _, sent := body["mapping"]; !sent {
		return out, nil
	}
	arr, err := arrayProp(body, "mapping", 0, 0)
	if err != nil {
		return out, err
	}
	if out.mapping, err = mappingItems("mapping", arr, scimSides, true); err != nil {
		return out, err
	}
	return out, checkOneToOne(out.mapping)
}

// checkOneToOne: a SCIM attribute maps to one Auth0 attribute only.
func checkOneToOne(mapping []map[string]any) *apiError {
	seen := map[any]bool{}
	for _, m := range mapping {
		if seen[m["scim"]] {
			return &apiError{Status: http.StatusBadRequest, Message: "Invalid mapping provided"}
		}
		seen[m["scim"]] = true
	}
	return nil
}

// usesAzureCommonEndpoint: SCIM cannot be enabled on an Entra ID
// connection that signs users in through the multi-tenant common endpoint.
func usesAzureCommonEndpoint(c *connection) bool {
	opts := c.options()
	return c.Strategy == "waad" && (opts["useCommonEndpoint"] == true || opts["waad_common_endpoint"] == true)
}

// handleCreateSCIM implements POST …/scim-configuration: 201 with the new
// configuration.
func (e *Emulator) handleCreateSCIM(q *request) {
	raw, order, err := readOptionalObject(q.r)
	var body scimBody
	if err == nil {
		body, err = parseSCIMBody(raw, order, nil)
	}
	if q.fail(err) {
		return
	}
	e.writeConnection(q, func(c *connection) (int, any, *apiError) {
		def, err := scimStrategy(c)
		switch {
		case err != nil:
			return 0, nil, err
		case usesAzureCommonEndpoint(c):
			return 0, nil, &apiError{Status: http.StatusBadRequest, Message: "SCIM cannot be enabled for this connection when the Azure AD common endpoint is used."}
		case c.SCIM != nil:
			// Auth0's message, typo included; a 400, not a 409.
			return 0, nil, &apiError{Status: http.StatusBadRequest, Message: "SCIM configuration alreay exists for connection"}
		}
		now := e.clock().UTC().Format(isoMillis)
		c.SCIM = &scimConfig{
			UserIDAttribute: def.userIDAttribute,
			Mapping:         mappingFromPairs(def.mapping, scimSides),
			CreatedAt:       now,
			UpdatedOn:       now,
		}
		body.applyTo(c.SCIM)
		return http.StatusCreated, e.renderSCIM(c), nil
	})
}

func (b scimBody) applyTo(s *scimConfig) {
	if b.userIDAttribute != nil {
		s.UserIDAttribute = *b.userIDAttribute
	}
	if b.mapping != nil {
		s.Mapping = b.mapping
	}
}

// handleGetSCIM implements GET …/scim-configuration.
func (e *Emulator) handleGetSCIM(q *request) {
	e.readConnection(q, subresourceRead(scimConfigOf, func(c *connection, _ *scimConfig) (any, *apiError) {
		return e.renderSCIM(c), nil
	}))
}

// handleUpdateSCIM implements PATCH …/scim-configuration: both fields are
// required, the mapping is replaced whole, updated_on moves.
func (e *Emulator) handleUpdateSCIM(q *request) {
	raw, order, err := readObjectBody(q.r)
	var body scimBody
	if err == nil {
		body, err = parseSCIMBody(raw, order.top, []string{"user_id_attribute", "mapping"})
	}
	if q.fail(err) {
		return
	}
	e.writeConnection(q, subresourceWrite(scimConfigOf, func(c *connection, s *scimConfig) (int, any, *apiError) {
		body.applyTo(s)
		s.UpdatedOn = e.clock().UTC().Format(isoMillis)
		return http.StatusOK, e.renderSCIM(c), nil
	}))
}

// handleDeleteSCIM implements DELETE …/scim-configuration: 204 whether or
// not there was one. Its tokens go with it.
func (e *Emulator) handleDeleteSCIM(q *request) {
	e.writeConnection(q, subresourceWrite(scimStrategy, func(c *connection, _ scimDefault) (int, any, *apiError) {
		c.SCIM = nil
		return http.StatusNoContent, nil, nil
	}))
}

// handleSCIMDefaultMapping implements GET …/scim-configuration/default-mapping:
// the strategy's default, whatever the configuration holds, with the item
// keys written auth0 first.
func (e *Emulator) handleSCIMDefaultMapping(q *request) {
	e.readConnection(q, subresourceRead(scimStrategy, func(_ *connection, def scimDefault) (any, *apiError) {
		items := mappingFromPairs(def.mapping, scimSides)
		return orderedObject{{"mapping", renderMapping(items, [2]string{"auth0", "scim"})}}, nil
	}))
}
