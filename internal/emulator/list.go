package emulator

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
)

// fieldSet is what a `fields` query may name, with the pattern Auth0
// quotes when it names anything else.
type fieldSet struct {
	names   []string
	pattern string
}

func newFieldSet(names ...string) fieldSet {
	alts := make([]string, len(names))
	for i, f := range names {
		alts[i] = "(" + f + ")"
	}
	one := "(" + strings.Join(alts, "|") + ")"
	return fieldSet{names: names, pattern: "^" + one + "(," + one + ")*$"}
}

// listedFields are the values `fields` accepts on the list of a client's
// connections (documented): those of the connection endpoints but
// enabled_clients, which its items never carry.
var listedFields = []string{
	"name", "display_name", "strategy", "options", "id", "provisioning_ticket_url", "metadata",
	"show_as_button", "clients", "authentication", "connected_accounts",
	"cross_app_access_requesting_app", "cross_app_access_resource_app",
}

// projectableFields are the values `fields` accepts on the connection
// lists and reads (the documented pattern); realms and is_domain_connection
// are not among them, and Auth0 returns id and is_domain_connection
// whatever is asked for.
var (
	projectableFields      = newFieldSet(append(slices.Clone(listedFields), "enabled_clients")...)
	clientConnectionFields = newFieldSet(listedFields...)
)

const fieldsDescription = "A comma separated list of fields to include or exclude (depending on include_fields) from the result, empty to retrieve all fields"

// parseProjection reads fields / include_fields, fields naming only what
// allowed holds.
func parseProjection(q *request, allowed fieldSet) (view, *apiError) {
	v := q.fullView()
	query := q.r.URL.Query()
	include, apiErr := boolParam(query, "include_fields", true)
	if apiErr != nil {
		return v, apiErr
	}
	raw := query.Get("fields")
	if raw == "" {
		return v, nil
	}
	set := map[string]bool{}
	for _, f := range strings.Split(raw, ",") {
		if !contains(allowed.names, f) {
			return v, errInvalidQuery("String does not match pattern "+allowed.pattern+": "+raw, "fields ("+fieldsDescription+")")
		}
		set[f] = true
	}
	v.fields = set
	v.include = include
	return v, nil
}

func boolParam(query url.Values, name string, def bool) (bool, *apiError) {
	raw, ok := query[name]
	if !ok || len(raw) == 0 {
		return def, nil
	}
	switch raw[0] {
	case "true":
		return true, nil
	case "false":
		return false, nil
	}
	return def, errInvalidQuery("Expected type boolean but found type string", name)
}

// intParam reads an integer query parameter within [lowest, highest].
func intParam(query url.Values, name string, def, lowest, highest int) (int, *apiError) {
	raw := query.Get(name)
	if raw == "" {
		return def, nil
	}
	n, err := strconv.Atoi(raw)
	if err != nil {
		return 0, errInvalidQuery("Expected type integer but found type string", name)
	}
	if n < lowest {
		return 0, errInvalidQuery(fmt.Sprintf("Value %d is less than minimum %d", n, lowest), name)
	}
	if n > highest {
		return 0, errInvalidQuery(fmt.Sprintf("Value %d is greater than maximum %d", n, highest), name)
	}
	return n, nil
}

// cursor is the opaque checkpoint `next`/`from`: the sort key of the last
// item returned, so paging is stable while connections are added or removed.
type cursor struct {
	Key string `json:"k"` // the last item's sort key
}

func encodeCursor(key string) string {
	b, _ := json.Marshal(cursor{Key: key})
	return base64.RawURLEncoding.EncodeToString(b)
}

func decodeCursor(s string) (string, bool) {
	raw, err := base64.RawURLEncoding.DecodeString(s)
	if err != nil {
		return "", false
	}
	var c cursor
	if json.Unmarshal(raw, &c) != nil || c.Key == "" {
		return "", false
	}
	return c.Key, true
}

// connectionSortKey orders by name case-insensitively, then exactly, then
// by id, the order recorded lists show.
func connectionSortKey(c *connection) string {
	return strings.ToLower(c.Name) + "\x00" + c.Name + "\x00" + c.ID
}

// checkpointPage returns the items after the cursor and the next cursor
// ("" on the last page).
func checkpointPage[T any](items []T, key func(T) string, from string, take int) ([]T, string) {
	start := 0
	if from != "" {
		for start < len(items) && key(items[start]) <= from {
			start++
		}
	}
	end := min(start+take, len(items))
	page := items[start:end]
	next := ""
	if end < len(items) && len(page) > 0 {
		next = encodeCursor(key(page[len(page)-1]))
	}
	return page, next
}

// checkpointQuery reads take (1..maxTake, default 50) and from of a
// checkpoint-only list.
func checkpointQuery(query url.Values, maxTake int) (from string, take int, err *apiError) {
	if take, err = intParam(query, "take", 50, 1, maxTake); err != nil {
		return "", 0, err
	}
	if raw := query.Get("from"); raw != "" {
		var ok bool
		if from, ok = decodeCursor(raw); !ok {
			return "", 0, errInvalidQuery("Invalid checkpoint cursor", "from")
		}
	}
	return from, take, nil
}

// checkpointList is one page of ids (sorted ascending) as
// {key:[item(id)…], "next"?}: next is left out on the last page.
func checkpointList(key string, ids []string, from string, take int, item func(id string) any) orderedObject {
	page, next := checkpointPage(ids, func(s string) string { return s }, from, take)
	items := make([]any, len(page))
	for i, id := range page {
		items[i] = item(id)
	}
	out := orderedObject{{key, items}}
	if next != "" {
		out = append(out, field{"next", next})
	}
	return out
}

// listQuery is a parsed GET /connections query.
type listQuery struct {
	view       view
	name       string
	hasName    bool
	strategies map[string]bool
	client     string // only the connections enabled for this client ("" = all)
	checkpoint bool
	from       string
	take       int
	page       int
	perPage    int
	totals     bool
}

// maxOffsetResults is how far offset paging reaches (documented).
const maxOffsetResults = 1000

func parseListQuery(q *request, fields fieldSet, maxTake int) (listQuery, *apiError) {
	var lq listQuery
	var apiErr *apiError
	if lq.view, apiErr = parseProjection(q, fields); apiErr != nil {
		return lq, apiErr
	}
	query := q.r.URL.Query()
	if names, ok := query["name"]; ok {
		lq.name, lq.hasName = names[0], true
	}
	if strats, ok := query["strategy"]; ok {
		lq.strategies = map[string]bool{}
		for _, s := range strats {
			if !strategySet[s] {
				return lq, errInvalidQuery("No enum match for: "+s, "strategy")
			}
			lq.strategies[s] = true
		}
	}
	_, hasTake := query["take"]
	_, hasFrom := query["from"]
	lq.checkpoint = hasTake || hasFrom
	if lq.take, apiErr = intParam(query, "take", 50, 1, maxTake); apiErr != nil {
		return lq, apiErr
	}
	if hasFrom && query.Get("from") != "" {
		key, ok := decodeCursor(query.Get("from"))
		if !ok {
			return lq, errInvalidQuery("Invalid checkpoint cursor", "from")
		}
		lq.from = key
	}
	if lq.checkpoint {
		// include_totals, page and per_page are ignored in checkpoint mode (recorded).
		return lq, nil
	}
	if lq.page, apiErr = intParam(query, "page", 0, 0, maxOffsetResults); apiErr != nil {
		return lq, apiErr
	}
	if lq.perPage, apiErr = intParam(query, "per_page", 100, 1, 100); apiErr != nil {
		return lq, apiErr
	}
	if lq.totals, apiErr = boolParam(query, "include_totals", false); apiErr != nil {
		return lq, apiErr
	}
	if lq.page*lq.perPage >= maxOffsetResults {
		return lq, errInvalidQuery("Checkpoint pagination must be used if you need to retrieve more than 1000 connections", "page")
	}
	return lq, nil
}

func (lq listQuery) matches(c *connection) bool {
	if lq.hasName && c.Name != lq.name {
		return false
	}
	if lq.strategies != nil && !lq.strategies[c.Strategy] {
		return false
	}
	return lq.client == "" || contains(c.EnabledClients, lq.client)
}

// handleListConnections implements GET /api/v2/connections and its three
// response shapes: a bare array, an offset page with totals, a checkpoint
// page.
func (e *Emulator) handleListConnections(q *request) {
	lq, err := parseListQuery(q, projectableFields, 100)
	if q.fail(err) {
		return
	}
	e.mu.Lock()
	body := e.listLocked(lq)
	e.mu.Unlock()
	writeJSONResponse(q.w, http.StatusOK, body)
}

// listLocked renders the connections lq selects, in list order.
func (e *Emulator) listLocked(lq listQuery) any {
	var matched []*connection
	for _, c := range e.st.sortedConnections() {
		if lq.matches(c) {
			matched = append(matched, c)
		}
	}
	return renderList(matched, lq, "connections")
}

// renderList shapes a sorted, filtered list as a bare array, an offset page
// with totals, or a checkpoint page.
func renderList(matched []*connection, lq listQuery, key string) any {
	if lq.checkpoint {
		page, next := checkpointPage(matched, connectionSortKey, lq.from, lq.take)
		out := orderedObject{{key, renderConnections(page, lq.view)}}
		if next != "" {
			out = append(out, field{"next", next}) // omitted on the last page (recorded)
		}
		return out
	}
	start := min(lq.page*lq.perPage, len(matched))
	end := min(start+lq.perPage, len(matched))
	items := renderConnections(matched[start:end], lq.view)
	if !lq.totals {
		return items
	}
	return orderedObject{
		{"total", len(matched)},
		{"start", lq.page * lq.perPage},
		{"limit", lq.perPage},
		{key, items},
	}
}

func renderConnections(cs []*connection, v view) []any {
	out := make([]any, len(cs))
	for i, c := range cs {
		out[i] = c.render(v)
	}
	return out
}
