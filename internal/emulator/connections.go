package emulator

import (
	"io"
	"mime"
	"net/http"
	"net/url"
	"sort"
	"strings"
)

// maxBodyBytes is the Management API's payload cap (SPEC §1.1 [D]).
const maxBodyBytes = 1 << 20

// readBody reads a JSON (or form-urlencoded, which the OpenAPI spec also
// declares for POST and PATCH) request body. It returns the value and, for a
// JSON object, its key order.
func readBody(r *http.Request) (any, keyOrder, *apiError) {
	var none keyOrder
	data, err := io.ReadAll(io.LimitReader(r.Body, maxBodyBytes+1))
	if err != nil {
		return nil, none, &apiError{Status: http.StatusBadRequest, Message: "Invalid request payload"}
	}
	if len(data) > maxBodyBytes {
		// hapi's wording for an oversized payload.
		return nil, none, &apiError{Status: http.StatusRequestEntityTooLarge, Message: "Payload content length greater than maximum allowed: 1048576"}
	}
	mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if mt == "application/x-www-form-urlencoded" {
		form, err := url.ParseQuery(string(data))
		if err != nil {
			return nil, none, &apiError{Status: http.StatusBadRequest, Message: "Invalid request payload input"}
		}
		return formToJSON(form), none, nil
	}
	if len(strings.TrimSpace(string(data))) == 0 {
		// No body at all validates like an empty object.
		return map[string]any{}, none, nil
	}
	v, err := decodeJSON(data)
	if err != nil {
		// hapi's message for a body that is not JSON [INF] (no errorCode).
		return nil, none, &apiError{Status: http.StatusBadRequest, Message: "Invalid request payload JSON format"}
	}
	return v, bodyKeyOrder(data), nil
}

// formToJSON turns form fields into JSON values: "true"/"false" become
// booleans, repeated keys arrays, the rest strings.
func formToJSON(form url.Values) map[string]any {
	out := map[string]any{}
	for k, vals := range form {
		if len(vals) > 1 {
			arr := make([]any, len(vals))
			for i, v := range vals {
				arr[i] = v
			}
			out[k] = arr
			continue
		}
		switch vals[0] {
		case "true":
			out[k] = true
		case "false":
			out[k] = false
		default:
			out[k] = vals[0]
		}
	}
	return out
}

// readObjectBody reads a body that must be a JSON object.
func readObjectBody(r *http.Request) (map[string]any, keyOrder, *apiError) {
	v, order, apiErr := readBody(r)
	if apiErr != nil {
		return nil, order, apiErr
	}
	body, ok := v.(map[string]any)
	if !ok {
		return nil, order, errInvalidBody("Expected type object but found type "+jsonTypeName(v), "", "")
	}
	return body, order, nil
}

// topLevelOrder is the key order of connection bodies on the wire
// (SPEC §2 [R]); unknown keys follow, sorted.
var topLevelOrder = []string{
	"id", "options", "strategy", "name", "provisioning_ticket_url", "is_domain_connection",
	"show_as_button", "authentication", "connected_accounts", "display_name", "enabled_clients",
	"realms", "metadata", "cross_app_access_requesting_app", "cross_app_access_resource_app",
}

var topLevelRank = func() map[string]int {
	m := map[string]int{}
	for i, k := range topLevelOrder {
		m[k] = i
	}
	return m
}()

// view says how a connection is rendered for one caller.
type view struct {
	options bool            // the token has read:connections_options
	fields  map[string]bool // nil = all fields
	include bool            // fields are included (true) or excluded (false)
}

// alwaysProjected are returned even when fields does not list them
// (SPEC §12 #8 [R]).
var alwaysProjected = map[string]bool{"id": true, "is_domain_connection": true, "authentication": true, "connected_accounts": true}

func (v view) keeps(key string) bool {
	if key == "options" && !v.options {
		return false
	}
	if v.fields == nil || alwaysProjected[key] {
		return true
	}
	return v.fields[key] == v.include
}

// render builds the JSON body of a connection.
func (c *connection) render(v view) orderedObject {
	all := map[string]any{
		"id":              c.ID,
		"strategy":        c.Strategy,
		"name":            c.Name,
		"enabled_clients": stringsToJSON(c.EnabledClients),
	}
	for k, val := range c.Props {
		all[k] = val
	}
	keys := make([]string, 0, len(all))
	for k := range all {
		if v.keeps(k) {
			keys = append(keys, k)
		}
	}
	sort.Slice(keys, func(i, j int) bool {
		ri, okI := topLevelRank[keys[i]]
		rj, okJ := topLevelRank[keys[j]]
		switch {
		case okI && okJ:
			return ri < rj
		case okI != okJ:
			return okI
		}
		return keys[i] < keys[j]
	})
	out := make(orderedObject, len(keys))
	for i, k := range keys {
		out[i] = field{k, all[k]}
	}
	return out
}

func stringsToJSON(s []string) []any {
	out := make([]any, len(s))
	for i, v := range s {
		out[i] = v
	}
	return out
}

func jsonToStrings(v any) []string {
	arr, _ := v.([]any)
	out := make([]string, 0, len(arr))
	for _, e := range arr {
		if s, ok := e.(string); ok {
			out = append(out, s)
		}
	}
	return out
}

// sortedUnique returns the strings sorted ASCII without duplicates.
func sortedUnique(s []string) []string {
	out := append([]string(nil), s...)
	sort.Strings(out)
	w := 0
	for i, v := range out {
		if i == 0 || v != out[w-1] {
			out[w] = v
			w++
		}
	}
	return out[:w]
}

func (q *request) fullView() view {
	return view{options: q.hasScope(scopeReadConnectionsOptions)}
}

// handleCreateConnection implements POST /api/v2/connections.
func (e *Emulator) handleCreateConnection(q *request) {
	body, order, apiErr := readObjectBody(q.r)
	if apiErr == nil {
		apiErr = validateCreate(body, order.top)
	}
	if apiErr != nil {
		writeAPIError(q.w, apiErr)
		return
	}
	strategy := body["strategy"].(string)
	if apiErr := checkCrossAppAccess(strategy, body); apiErr != nil {
		writeAPIError(q.w, apiErr)
		return
	}
	c, echoed, apiErr := e.buildConnection(body, order.options)
	if apiErr != nil {
		writeAPIError(q.w, apiErr)
		return
	}

	e.mu.Lock()
	defer e.mu.Unlock()
	if apiErr := e.checkCreateConflicts(c); apiErr != nil {
		writeAPIError(q.w, apiErr)
		return
	}
	if apiErr := e.checkClientsExist(c.EnabledClients); apiErr != nil {
		writeAPIError(q.w, apiErr)
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
// the server-added fields of SPEC §4.
func (e *Emulator) buildConnection(body map[string]any, optionOrder []string) (*connection, []string, *apiError) {
	name := body["name"].(string)
	strategy := body["strategy"].(string)
	rule := strategyRules[strategy]
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
			// [R] passwordPolicy defaults to "good" unless the newer
			// password_options object is used.
			fillDefaults(opts, obj{"passwordPolicy": "good"})
		}
	}
	echoed, apiErr := e.applyOptionRules(rule, opts, optionOrder, rule.createOptions)
	if apiErr != nil {
		return nil, nil, apiErr
	}

	if realms := jsonToStrings(c.Props["realms"]); len(realms) == 0 {
		c.Props["realms"] = []any{name} // SPEC §12 #7: empty or absent means [name]
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
	if rule.ticketLen > 0 {
		c.Props["provisioning_ticket_url"] = "https://" + e.cfg.Domain + "/p/" + strategy + "/" + randomBase62(rule.ticketLen)
	}
	return c, echoed, nil
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
	order = append(append([]string(nil), order...), missingKeys(opts, order, defaults)...)
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

// missingKeys lists, in the defaults' table order, the default keys opts
// lacks: the keys fillDefaults is about to append after the client's.
func missingKeys(opts map[string]any, order []string, defaults map[string]any) []string {
	var out []string
	for _, k := range sortedKeys(defaults) {
		if _, has := opts[k]; !has {
			out = append(out, k)
		}
	}
	return out
}

// inClientOptionOrder writes a create response's options in the client's
// key order, server-added keys after them: POST echoes the client's order,
// while GET and PATCH use jsonb order (SPEC §12 #22). Only the top level of
// options is ordered; nested objects stay in jsonb order.
func inClientOptionOrder(body orderedObject, order []string) orderedObject {
	for i, f := range body {
		opts, ok := f.Value.(map[string]any)
		if f.Key != "options" || !ok || len(order) == 0 {
			continue
		}
		ordered := make(orderedObject, 0, len(opts))
		seen := map[string]bool{}
		for _, k := range order {
			if v, has := opts[k]; has && !seen[k] {
				ordered = append(ordered, field{k, v})
				seen[k] = true
			}
		}
		var rest []string
		for k := range opts {
			if !seen[k] {
				rest = append(rest, k)
			}
		}
		sort.Slice(rest, func(a, b int) bool { return jsonbLess(rest[a], rest[b]) })
		for _, k := range rest {
			ordered = append(ordered, field{k, opts[k]})
		}
		body[i].Value = ordered
	}
	return body
}

// withEchoedNulls adds the echoed null options to a write's response body
// (on a copy: stored maps are never changed in place).
func withEchoedNulls(body orderedObject, echoed []string) orderedObject {
	if len(echoed) == 0 {
		return body
	}
	for i, f := range body {
		opts, ok := f.Value.(map[string]any)
		if f.Key != "options" || !ok {
			continue
		}
		cp := make(map[string]any, len(opts)+len(echoed))
		for k, v := range opts {
			cp[k] = v
		}
		for _, k := range echoed {
			cp[k] = nil
		}
		body[i].Value = cp
	}
	return body
}

// checkCreateConflicts applies the 409 rules of SPEC §12 #20. [INF] Names
// are unique case-sensitively (the recorded lists hold both Conn1 and
// conn1test, which proves nothing either way). The one-domain-connection-
// per-strategy rule is documented for POST only [O], so PATCH does not check
// it.
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

// checkRealmConflicts: two connections may not share a realm [O]. [INF] the
// errorCode is connection_conflict like the other 409s.
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

// checkClientsExist: enabling an unknown client is 404 (SPEC §3.7 [O]).
func (e *Emulator) checkClientsExist(ids []string) *apiError {
	for _, id := range ids {
		if _, ok := e.st.Clients[id]; !ok {
			return errClientNotFound()
		}
	}
	return nil
}

// lookupLocked finds a live connection by the route's {id}.
func (e *Emulator) lookupLocked(q *request) (*connection, *apiError) {
	c, ok := e.st.Connections[q.route.params[0]]
	if !ok {
		return nil, errConnectionNotFound()
	}
	return c, nil
}

// handleGetConnection implements GET /api/v2/connections/{id}.
func (e *Emulator) handleGetConnection(q *request) {
	v, apiErr := parseProjection(q)
	if apiErr != nil {
		writeAPIError(q.w, apiErr)
		return
	}
	e.mu.Lock()
	c, apiErr := e.lookupLocked(q)
	var body orderedObject
	if apiErr == nil {
		body = c.render(v)
	}
	e.mu.Unlock()
	if apiErr != nil {
		writeAPIError(q.w, apiErr)
		return
	}
	writeJSONResponse(q.w, http.StatusOK, body)
}

// handleUpdateConnection implements PATCH /api/v2/connections/{id}:
// top-level properties merge, options is replaced whole and then the
// strategy's server defaults are re-applied (SPEC §5).
func (e *Emulator) handleUpdateConnection(q *request) {
	body, order, apiErr := readObjectBody(q.r)
	if apiErr == nil {
		apiErr = validateUpdate(body, order.top)
	}
	if apiErr == nil {
		if _, hasOpts := body["options"]; hasOpts && !q.hasScope(scopeUpdateConnectionsOptions) {
			apiErr = errInsufficientScope(scopeUpdateConnectionsOptions)
		}
	}
	if apiErr != nil {
		writeAPIError(q.w, apiErr)
		return
	}

	e.mu.Lock()
	defer e.mu.Unlock()
	c, apiErr := e.lookupLocked(q)
	if apiErr == nil {
		apiErr = checkCrossAppAccess(c.Strategy, body)
	}
	var updated *connection
	var echoed []string
	if apiErr == nil {
		updated, echoed, apiErr = e.patchedConnection(c, body, order.options)
	}
	if apiErr != nil {
		writeAPIError(q.w, apiErr)
		return
	}
	*c = *updated
	if !e.commitLocked(q) {
		return
	}
	e.respondWrite(q, http.StatusOK, withEchoedNulls(c.render(q.fullView()), echoed))
}

// patchedConnection returns c with a validated PATCH body applied; c itself
// is not changed, so a rejected PATCH leaves no trace.
func (e *Emulator) patchedConnection(c *connection, body map[string]any, optionOrder []string) (*connection, []string, *apiError) {
	next := &connection{
		ID: c.ID, Name: c.Name, Strategy: c.Strategy,
		Props:          cloneJSON(c.Props).(map[string]any),
		EnabledClients: c.EnabledClients,
	}
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
		opts, _ := body["options"].(map[string]any)
		opts, _ = cloneJSON(opts).(map[string]any)
		if opts == nil {
			opts = map[string]any{} // [INF] options:null empties options; defaults are re-applied
		}
		prev, _ := c.Props["options"].(map[string]any)
		rule := strategyRules[c.Strategy]
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
// gone or was never there; never 404 (SPEC §3.5, §12 #1-#3).
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
