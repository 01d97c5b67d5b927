package emulator

import (
	"maps"
	"net/http"
	"slices"
)

// handleCreateConnection implements POST /api/v2/connections.
func (e *Emulator) handleCreateConnection(q *request) {
	body, order, err := readObjectBody(q.r)
	if err == nil {
		err = validateCreate(body, order.top)
	}
	if err == nil {
		strategy, _ := body["strategy"].(string) // validated: a string
		err = checkCrossAppAccess(strategy, body)
	}
	var c *connection
	var echoed []string
	if err == nil {
		c, echoed, err = e.buildConnection(body, order.options)
	}
	if q.fail(err) {
		return
	}

	e.mu.Lock()
	defer e.mu.Unlock()
	err = e.checkCreateConflicts(c)
	if err == nil {
		err = e.checkClientsExist(c.EnabledClients)
	}
	if q.fail(err) {
		return
	}
	e.st.addConnection(c)
	if !e.commitLocked(q) {
		return
	}
	resp := withEchoedNulls(c.render(q.fullView()), echoed)
	e.respondWrite(q, http.StatusCreated, inClientOptionOrder(resp, order.options))
}

// buildConnection makes a new connection from a validated POST body, with
// the fields the server adds (strategyRules).
func (e *Emulator) buildConnection(body map[string]any, optionOrder []string) (*connection, []string, *apiError) {
	name, _ := body["name"].(string) // both validated: strings
	strategy, _ := body["strategy"].(string)
	rule := strategyRules[strategy]
	if apiErr := checkRequiredOptions(rule.requiredOptions, body); apiErr != nil {
		return nil, nil, apiErr
	}
	c := &connection{
		ID:             newConnectionID(),
		Name:           name,
		Strategy:       strategy,
		Props:          map[string]any{},
		EnabledClients: sortedUnique(jsonToStrings(body["enabled_clients"])),
	}
	for k, v := range body {
		switch k {
		case "name", "strategy", "enabled_clients":
		default:
			c.Props[k] = cloneJSON(v)
		}
	}
	opts, _ := c.Props["options"].(map[string]any)
	if opts == nil {
		opts = map[string]any{}
	}
	c.Props["options"] = opts
	if strategy == "auth0" {
		if apiErr := checkDatabaseRules(opts, nil); apiErr != nil {
			return nil, nil, apiErr
		}
		if _, hasPO := opts["password_options"]; !hasPO {
			// Recorded: passwordPolicy defaults to "good" unless the newer
			// password_options object is used.
			fillDefaults(opts, obj{"passwordPolicy": "good"})
		}
	}
	echoed, apiErr := e.applyOptionRules(rule, opts, optionOrder, rule.createOptions)
	if apiErr != nil {
		return nil, nil, apiErr
	}

	if realms := jsonToStrings(c.Props["realms"]); len(realms) == 0 {
		c.Props["realms"] = []any{name} // empty or absent means [name], in every recorded create
	}
	setDefault(c.Props, "is_domain_connection", false)
	setDefault(c.Props, "authentication", obj{"active": true})
	setDefault(c.Props, "connected_accounts", obj{"active": false})
	if rule.enterprise {
		setDefault(c.Props, "show_as_button", false)
	}
	if rule.displayNameIsName {
		setDefault(c.Props, "display_name", name)
	}
	c.giveKeysIfDue(e.clock())
	if rule.ticketLen > 0 {
		c.Props["provisioning_ticket_url"] = e.provisioningTicketURL(rule, strategy)
	}
	return c, echoed, nil
}

// provisioningTicketURL is a new connection's https://DOMAIN/p/STRATEGY/TICKET,
// with the tenant name before /p/ where Auth0 puts it. For google-apps
// Auth0's host is the region's login host (login.REGION.auth0.com), which
// the emulator has not got: it uses the tenant domain.
func (e *Emulator) provisioningTicketURL(rule strategyRule, strategy string) string {
	base := "https://" + e.cfg.Domain
	if rule.ticketUnderTenant {
		base += "/" + tenantName(e.cfg.Domain)
	}
	return base + "/p/" + strategy + "/" + randomBase62(rule.ticketLen)
}

func setDefault(m map[string]any, key string, v any) {
	if _, ok := m[key]; !ok {
		m[key] = v
	}
}

// applyOptionRules fills the strategy's defaults into options, recomputes
// the derived keys and encrypts configuration values. It returns the option
// keys whose null is echoed in this response but not stored.
func (e *Emulator) applyOptionRules(rule strategyRule, opts map[string]any, order []string, defaults map[string]any) ([]string, *apiError) {
	if apiErr := checkUpstreamParamsCount(opts, rule.maxUpstreamParams); apiErr != nil {
		return nil, apiErr
	}
	order = append(append([]string(nil), order...), missingKeys(opts, defaults)...)
	fillDefaults(opts, defaults)
	if rule.appDomain {
		setDefault(opts, "app_domain", e.cfg.Domain)
	}
	if rule.derive != nil {
		if err := rule.derive(opts, order); err != nil {
			return nil, errBadSigningCert(err)
		}
	}
	e.cipher.encryptConfiguration(opts)
	var echoed []string
	for _, k := range rule.echoedNulls {
		if v, ok := opts[k]; ok && v == nil {
			delete(opts, k)
			echoed = append(echoed, k)
		}
	}
	return echoed, nil
}

// missingKeys lists, in key order, the default keys opts lacks: the keys
// fillDefaults is about to append after the client's.
func missingKeys(opts, defaults map[string]any) []string {
	var out []string
	for _, k := range slices.Sorted(maps.Keys(defaults)) {
		if _, has := opts[k]; !has {
			out = append(out, k)
		}
	}
	return out
}

// checkCreateConflicts applies the documented 409 rules of a create.
// Inferred: names are unique case-sensitively (the recorded lists hold both
// Conn1 and conn1test, which proves nothing either way). The
// one-domain-connection-per-strategy rule is documented for POST only, so
// PATCH does not check it.
func (e *Emulator) checkCreateConflicts(c *connection) *apiError {
	if _, taken := e.st.byName[c.Name]; taken {
		return newError(http.StatusConflict, codeConnectionConflict, "A connection with the same name already exists")
	}
	e.st.expireTombstones(e.clock())
	for _, t := range e.st.Deleted {
		if t.Name == c.Name {
			return newError(http.StatusConflict, codeConnectionConflict, "A connection with the same name is being deleted, try again later")
		}
	}
	if apiErr := e.checkRealmConflicts(c); apiErr != nil {
		return apiErr
	}
	if isDomain, _ := c.Props["is_domain_connection"].(bool); isDomain {
		for _, other := range e.st.Connections {
			if d, _ := other.Props["is_domain_connection"].(bool); d && other.Strategy == c.Strategy {
				return newError(http.StatusConflict, codeConnectionConflict, "There is already a domain connection enabled for strategy")
			}
		}
	}
	return nil
}

// checkRealmConflicts: two connections may not share a realm (documented).
// Inferred: the errorCode is connection_conflict like the other 409s.
func (e *Emulator) checkRealmConflicts(c *connection) *apiError {
	mine := map[string]bool{}
	for _, r := range jsonToStrings(c.Props["realms"]) {
		mine[r] = true
	}
	for _, other := range e.st.Connections {
		if other.ID == c.ID {
			continue
		}
		for _, r := range jsonToStrings(other.Props["realms"]) {
			if mine[r] {
				return newError(http.StatusConflict, codeConnectionConflict, `There is already another connection with some realms from "realms" parameter`)
			}
		}
	}
	return nil
}

// checkClientsExist: enabling an unknown client is 404 (documented).
func (e *Emulator) checkClientsExist(ids []string) *apiError {
	for _, id := range ids {
		if _, ok := e.st.Clients[id]; !ok {
			return errClientNotFound()
		}
	}
	return nil
}

// handleGetConnection implements GET /api/v2/connections/{id}.
func (e *Emulator) handleGetConnection(q *request) {
	v, err := parseProjection(q, projectableFields)
	if q.fail(err) {
		return
	}
	e.readConnection(q, func(c *connection) (any, *apiError) { return c.render(v), nil })
}

// handleUpdateConnection implements PATCH /api/v2/connections/{id}:
// top-level properties merge, options is replaced whole and then the
// strategy's server defaults are re-applied.
func (e *Emulator) handleUpdateConnection(q *request) {
	body, order, err := readObjectBody(q.r)
	if err == nil {
		err = validateUpdate(body, order.top)
	}
	if _, hasOpts := body["options"]; err == nil && hasOpts && !q.hasScope(scopeUpdateConnectionsOptions) {
		err = errInsufficientScope(scopeUpdateConnectionsOptions)
	}
	if q.fail(err) {
		return
	}
	e.writeConnection(q, func(c *connection) (int, any, *apiError) {
		if err := checkCrossAppAccess(c.Strategy, body); err != nil {
			return 0, nil, err
		}
		updated, echoed, err := e.patchedConnection(c, body, order.options)
		if err != nil {
			return 0, nil, err
		}
		*c = *updated
		return http.StatusOK, withEchoedNulls(c.render(q.fullView()), echoed), nil
	})
}

// patchedConnection returns c with a validated PATCH body applied; c itself
// is not changed, so a rejected PATCH leaves no trace.
func (e *Emulator) patchedConnection(c *connection, body map[string]any, optionOrder []string) (*connection, []string, *apiError) {
	copied := *c // the sub-resources stay as they are
	next := &copied
	next.Props = cloneObject(c.Props)
	for k, v := range body {
		switch {
		case k == "enabled_clients":
			next.EnabledClients = sortedUnique(jsonToStrings(v))
		case v == nil && k != "options":
			delete(next.Props, k)
		default:
			next.Props[k] = cloneJSON(v)
		}
	}
	var echoed []string
	if apiErr := e.checkClientsExist(next.EnabledClients); apiErr != nil {
		return nil, nil, apiErr
	}
	if _, sent := body["options"]; sent {
		// options: null (inferred) empties options; defaults are re-applied.
		sentOptions, _ := body["options"].(map[string]any)
		opts := cloneObject(sentOptions)
		prev, _ := c.Props["options"].(map[string]any)
		rule := strategyRules[c.Strategy]
		if apiErr := checkRequiredOptions(rule.requiredOptions, body); apiErr != nil {
			return nil, nil, apiErr
		}
		for _, k := range rule.stickyOptions {
			if v, had := prev[k]; had {
				setDefault(opts, k, cloneJSON(v))
			}
		}
		if c.Strategy == "auth0" {
			if apiErr := checkDatabaseRules(opts, prev); apiErr != nil {
				return nil, nil, apiErr
			}
		}
		var apiErr *apiError
		if echoed, apiErr = e.applyOptionRules(rule, opts, optionOrder, rule.patchOptions); apiErr != nil {
			return nil, nil, apiErr
		}
		next.Props["options"] = opts
		next.giveKeysIfDue(e.clock())
	}
	if _, sent := body["realms"]; sent {
		if len(jsonToStrings(next.Props["realms"])) == 0 {
			next.Props["realms"] = []any{c.Name}
		}
		if apiErr := e.checkRealmConflicts(next); apiErr != nil {
			return nil, nil, apiErr
		}
	}
	return next, echoed, nil
}

// handleDeleteConnection implements DELETE /api/v2/connections/{id}: 202
// {"deleted_at"} while the deletion is pending, 204 once the connection is
// gone or was never there; never 404 (what every recorded DELETE shows).
func (e *Emulator) handleDeleteConnection(q *request) {
	id := q.route.params[0]
	e.mu.Lock()
	defer e.mu.Unlock()
	now := e.clock()
	e.st.expireTombstones(now)
	if c, ok := e.st.Connections[id]; ok {
		deletedAt := now.UTC().Format(isoMillis)
		e.st.removeConnection(c)
		if e.cfg.DeletePending > 0 {
			e.st.Deleted[id] = &tombstone{Name: c.Name, DeletedAt: deletedAt, Until: now.Add(e.cfg.DeletePending)}
		}
		if !e.commitLocked(q) {
			return
		}
		e.respondWrite(q, http.StatusAccepted, orderedObject{{"deleted_at", deletedAt}})
		return
	}
	if t, ok := e.st.Deleted[id]; ok {
		e.respondWrite(q, http.StatusAccepted, orderedObject{{"deleted_at", t.DeletedAt}})
		return
	}
	e.respondWrite(q, http.StatusNoContent, nil)
}
