package emulator

import (
	"github.com/openauth0/terraform-provider-auth0/internal/recorded"

	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"sort"
	"strings"
	"testing"
)

// The conformance test replays the recorded real Auth0 exchanges (the
// team's recorded-exchanges.jsonl, read through internal/recorded) against
// the emulator and compares status codes, errorCodes and key sets. It
// reports two match rates: the connection endpoints' and the connection
// sub-resources' (keys, status, SCIM, directory provisioning).
//
// Per recording file, in interaction order, on a fresh emulator whose
// tenant domain is the recording's (so names never clash across files):
//   - recorded connection and SCIM token ids are mapped to the ids the
//     emulator assigns; client ids are mapped to clients created on first
//     sight;
//   - connections the recording uses but did not create (pre-existing in the
//     tenant) are seeded from the recorded body before the exchange.
//
// What is compared: the status; the errorCode when the recording has one;
// the key sets of objects, recursively, and the values of leaves, except
//   - keys derived from the network or a certificate (ignoredOptionKeys),
//   - keys whose presence changed between API versions and that the
//     emulator adds (eraKeys, eraKeysByRoute) when the recording predates
//     them,
//   - sub-objects whose content changed between versions (volatileSubtrees),
//   - values that cannot be equal: generated ids, secrets, timestamps,
//     cursors, ciphertexts, key material (unequalValues),
//   - values the recorders rewrote (recordedRewrites): the tenant name.

// subresourceRE matches the connection sub-resources, whose match rate is
// reported apart from the connection endpoints'.
var subresourceRE = regexp.MustCompile(`/connections/[^/]+/(keys|status|scim-configuration|directory-provisioning)`)

var (
	recordedConnIDRE   = regexp.MustCompile(`con_[A-Za-z0-9]{16}`)
	recordedTokenIDRE  = regexp.MustCompile(`^tok_[A-Za-z0-9]{16}$`)
	recordedClientIDRE = regexp.MustCompile(`^[A-Za-z0-9]{32}$`)
)

// Comparison rules (see the file comment).
var (
	ignoredOptionKeys = map[string]bool{
		"oidc_metadata": true, "cert": true, "expires": true, "subject": true, "thumbprints": true,
		"signingCert": true, "signInEndpoint": true, "signOutEndpoint": true, "bindingMethod": true,
		"authorization_endpoint": true, "token_endpoint": true, "userinfo_endpoint": true,
		"jwks_uri": true, "issuer": true, "assertion_decryption_settings": true,
	}
	eraKeys = map[string]bool{
		// top level
		"authentication": true, "connected_accounts": true, "enabled_clients": true,
		// options
		"authentication_methods": true, "passkey_options": true,
		// OIDC/Okta defaults added in 2024-2025 (attribute mapping, PKCE,
		// schema version); older recordings predate them.
		"schema_version": true, "attribute_map": true, "connection_settings": true,
	}
	// eraKeysByRoute are era keys of one route: the 2025 key rotation
	// answered only {kid, cert}; newer API versions answer the whole key,
	// as the emulator does.
	eraKeysByRoute = map[string]map[string]bool{
		"POST /api/v2/connections/{id}/keys/rotate": {
			"algorithm": true, "key_use": true, "subject_dn": true, "fingerprint": true,
			"thumbprint": true, "pkcs": true, "next": true,
		},
	}
	volatileSubtrees = map[string]bool{
		"options.authentication_methods": true, "options.passkey_options": true,
		"options.oidc_metadata": true, "options.subject": true,
	}
	// unequalValues are leaves whose values legitimately differ: generated
	// ids and secrets, timestamps, cursors, ciphertexts, tenant-specific
	// URLs and key material.
	unequalValues = map[string]bool{
		"id": true, "client_id": true, "token_id": true, "token": true,
		"deleted_at": true, "created_at": true, "updated_on": true, "updated_at": true, "current_since": true,
		"next": true, "provisioning_ticket_url": true, "enabled_clients": true,
		"options.configuration": true, "options.app_domain": true,
		"kid": true, "cert": true, "pkcs": true, "fingerprint": true, "thumbprint": true,
	}
	// recordedRewrites undo what the recorders did to a recorded value
	// before it is compared: they replaced the tenant label in every body
	// with a whole domain (go-auth0-dev.eu.auth0.com), so only the first
	// label is the tenant name the server sent.
	recordedRewrites = map[string]func(any) any{
		"tenant_name": func(v any) any {
			s, _ := v.(string)
			return tenantName(s)
		},
	}
)

// replayer replays one recording file against a fresh emulator.
type replayer struct {
	t       *testing.T
	srv     *httptest.Server
	emu     *Emulator
	token   string
	connIDs map[string]string // recorded -> emulator: connection and SCIM token ids
	clients map[string]string // recorded -> emulator
	created map[string]bool   // recorded ids created by a POST in this file
	seeded  int
	// inClientsBody is set while rewriting a /clients request body, the
	// only place where a client_id key holds an application id (options
	// client_id values are IdP credentials and stay as recorded).
	inClientsBody bool
}

func newReplayer(t *testing.T, xs []recorded.Exchange) *replayer {
	domain := "terraform-provider-auth0-dev.eu.auth0.com"
	if u, err := url.Parse(xs[0].URL); err == nil && u.Host != "" {
		domain = u.Host
	}
	emu, err := New(Config{Domain: domain})
	if err != nil {
		t.Fatal(err)
	}
	rp := &replayer{
		t: t, emu: emu, srv: httptest.NewServer(emu), token: emu.MintToken(AllScopes()...),
		connIDs: map[string]string{}, clients: map[string]string{}, created: map[string]bool{},
	}
	for _, x := range xs {
		if x.Method == "POST" && strings.HasSuffix(urlPath(x.URL), "/api/v2/connections") && x.Status == 201 {
			var body struct {
				ID string `json:"id"`
			}
			_ = json.Unmarshal(x.ResponseBody, &body)
			rp.created[body.ID] = true
		}
	}
	return rp
}

func urlPath(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return raw
	}
	return u.Path
}

// clientID maps a recorded client id, creating the client on first sight.
func (rp *replayer) clientID(recorded string) string {
	if id, ok := rp.clients[recorded]; ok {
		return id
	}
	id := rp.emu.CreateClient("recorded-" + recorded[:6])
	rp.clients[recorded] = id
	return id
}

// rewriteValue replaces recorded ids inside a request body.
func (rp *replayer) rewriteValue(key string, v any) any {
	switch t := v.(type) {
	case map[string]any:
		out := map[string]any{}
		for k, e := range t {
			out[k] = rp.rewriteValue(k, e)
		}
		return out
	case []any:
		out := make([]any, len(t))
		for i, e := range t {
			out[i] = rp.rewriteValue(key, e)
		}
		return out
	case string:
		if (key == "client_id" && rp.inClientsBody || key == "enabled_clients") && recordedClientIDRE.MatchString(t) {
			return rp.clientID(t)
		}
		if id, ok := rp.connIDs[t]; ok {
			return id
		}
	}
	return v
}

// rewriteURL maps ids in the path and points it at the emulator.
func (rp *replayer) rewriteURL(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		rp.t.Fatalf("bad recorded URL %q", raw)
	}
	segs := strings.Split(u.Path, "/")
	for i, s := range segs {
		if id, ok := rp.connIDs[s]; ok {
			segs[i] = id
		}
		if i > 0 && segs[i-1] == "clients" && recordedClientIDRE.MatchString(s) {
			segs[i] = rp.clientID(s)
		}
	}
	out := rp.srv.URL + strings.Join(segs, "/")
	if u.RawQuery != "" {
		out += "?" + u.RawQuery
	}
	return out
}

// seedFromResponse creates the connections a recorded response shows that
// this recording never created: they existed in the tenant beforehand.
func (rp *replayer) seedFromResponse(x recorded.Exchange) {
	body, err := decodeJSON(x.ResponseBody)
	if err != nil || x.Status >= 300 {
		return
	}
	var items []any
	switch b := body.(type) {
	case []any:
		items = b
	case map[string]any:
		if list, ok := b["connections"].([]any); ok {
			items = list
		} else if _, ok := b["strategy"]; ok {
			items = []any{b}
		}
	}
	for _, it := range items {
		c, ok := it.(map[string]any)
		if !ok {
			continue
		}
		id, _ := c["id"].(string)
		if id == "" || rp.connIDs[id] != "" || rp.created[id] {
			continue
		}
		rp.seedConnection(id, c)
	}
}

// seedPlaceholder creates a stand-in for a connection a recording uses
// without ever showing its body.
func (rp *replayer) seedPlaceholder(recordedID string) {
	rp.seedConnection(recordedID, map[string]any{"name": "seeded-" + recordedID[4:], "strategy": "auth0"})
}

// seedConnection stores a pre-existing connection exactly as the recording
// shows it (no server defaults: the tenant made it long ago, maybe with an
// older API), under a fresh emulator id.
func (rp *replayer) seedConnection(recordedID string, c map[string]any) {
	name, _ := c["name"].(string)
	if name == "" {
		name = "seeded-" + recordedID[4:]
	}
	strategy, _ := c["strategy"].(string)
	if strategy == "" {
		strategy = "auth0"
	}
	conn := &connection{ID: newConnectionID(), Name: name, Strategy: strategy, Props: map[string]any{}}
	for k, v := range c {
		switch k {
		case "id", "name", "strategy":
		case "enabled_clients":
			conn.EnabledClients = sortedUnique(jsonToStrings(rp.rewriteValue(k, v)))
		default:
			conn.Props[k] = cloneJSON(v)
		}
	}
	if _, ok := conn.Props["realms"]; !ok {
		conn.Props["realms"] = []any{name}
	}
	rp.emu.mu.Lock()
	rp.emu.st.addConnection(conn)
	rp.emu.mu.Unlock()
	rp.connIDs[recordedID] = conn.ID
	rp.seeded++
}

// rewriteBody maps the recorded ids in a request body. It replaces them in
// the recorded text rather than re-encoding, so the client's key order
// (which Auth0 uses, e.g. for derived scopes) is kept.
func (rp *replayer) rewriteBody(raw json.RawMessage, clientsBody bool) []byte {
	v, err := decodeJSON(raw)
	if err != nil {
		rp.t.Fatalf("bad recorded request body: %v", err)
	}
	rp.inClientsBody = clientsBody
	rp.rewriteValue("", v) // creates the clients it meets
	rp.inClientsBody = false
	out := []byte(raw)
	for recorded, id := range rp.connIDs {
		out = bytes.ReplaceAll(out, []byte(`"`+recorded+`"`), []byte(`"`+id+`"`))
	}
	for recorded, id := range rp.clients {
		out = bytes.ReplaceAll(out, []byte(`"`+recorded+`"`), []byte(`"`+id+`"`))
	}
	return out
}

func (rp *replayer) sendRaw(method, u string, body []byte) (int, any) {
	var rd io.Reader
	if body != nil {
		rd = bytes.NewReader(body)
	}
	req, err := http.NewRequest(method, u, rd)
	if err != nil {
		rp.t.Fatal(err)
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	req.Header.Set("Authorization", "Bearer "+rp.token)
	resp, err := rp.srv.Client().Do(req)
	if err != nil {
		rp.t.Fatalf("%s %s: %v", method, u, err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	var v any
	if len(bytes.TrimSpace(raw)) > 0 {
		v, _ = decodeJSON(raw)
	}
	return resp.StatusCode, v
}

// outcome of one exchange.
type outcome struct {
	comparable bool
	match      bool
	diffs      []string // categories, for the summary
	detail     string
}

func (rp *replayer) replay(x recorded.Exchange) outcome {
	p := urlPath(x.URL)
	for _, s := range strings.Split(p, "/") {
		if recordedConnIDRE.MatchString(s) && len(s) == 20 && rp.connIDs[s] == "" && x.Status < 300 && !rp.created[s] {
			rp.seedFromResponse(x)
			if rp.connIDs[s] == "" {
				rp.seedPlaceholder(s)
			}
		}
	}
	if x.Method == "GET" {
		rp.seedFromResponse(x)
	}
	var reqBody []byte
	if len(x.RequestBody) > 0 && string(x.RequestBody) != "null" {
		reqBody = rp.rewriteBody(x.RequestBody, strings.HasSuffix(p, "/clients"))
	}
	status, got := rp.sendRaw(x.Method, rp.rewriteURL(x.URL), reqBody)

	var recorded any
	if len(x.ResponseBody) > 0 && string(x.ResponseBody) != "null" {
		recorded, _ = decodeJSON(x.ResponseBody)
	}
	if x.Method == "POST" && x.Status == 201 && status == 201 {
		rp.mapCreated(recorded, got)
	}
	recorded = rp.mapRecordedIDs(recorded)
	route := x.Method + " " + routeTemplate(p)
	o := outcome{comparable: true}
	if status != x.Status {
		o.diffs = append(o.diffs, fmt.Sprintf("%s: status %d, recorded %d", route, status, x.Status))
		o.detail = fmt.Sprintf("got %s", truncate(string(encodeJSON(got)), 300))
		return o
	}
	if rec, ok := recorded.(map[string]any); ok && rec["errorCode"] != nil {
		g, _ := got.(map[string]any)
		if g["errorCode"] != rec["errorCode"] {
			o.diffs = append(o.diffs, fmt.Sprintf("%s: errorCode %v, recorded %v", route, g["errorCode"], rec["errorCode"]))
		}
	}
	strategy := strategyOf(recorded)
	c := comparer{era: eraKeysByRoute[route]}
	c.shapes("", recorded, got)
	for _, d := range c.diffs {
		o.diffs = append(o.diffs, fmt.Sprintf("%s %s: %s", route, strategy, d))
	}
	o.match = len(o.diffs) == 0
	return o
}

// mapCreated records the emulator id of a connection or a SCIM token the
// recording created.
func (rp *replayer) mapCreated(recorded, got any) {
	r, _ := recorded.(map[string]any)
	g, _ := got.(map[string]any)
	for _, key := range []string{"id", "token_id"} {
		rid, _ := r[key].(string)
		gid, _ := g[key].(string)
		if rid != "" && gid != "" {
			rp.connIDs[rid] = gid
		}
	}
}

// mapRecordedIDs replaces the recorded ids in a recorded response by the
// emulator's, so that values such as connection_id compare equal.
func (rp *replayer) mapRecordedIDs(v any) any {
	switch t := v.(type) {
	case map[string]any:
		out := make(map[string]any, len(t))
		for k, e := range t {
			out[k] = rp.mapRecordedIDs(e)
		}
		return out
	case []any:
		out := make([]any, len(t))
		for i, e := range t {
			out[i] = rp.mapRecordedIDs(e)
		}
		return out
	case string:
		if id, ok := rp.connIDs[t]; ok {
			return id
		}
	}
	return v
}

func strategyOf(v any) string {
	if m, ok := v.(map[string]any); ok {
		if s, ok := m["strategy"].(string); ok {
			return "[" + s + "]"
		}
	}
	return ""
}

func routeTemplate(p string) string {
	segs := strings.Split(p, "/")
	for i, s := range segs {
		switch {
		case recordedConnIDRE.MatchString(s) || (i > 0 && segs[i-1] == "clients" && recordedClientIDRE.MatchString(s)):
			segs[i] = "{id}"
		case recordedTokenIDRE.MatchString(s):
			segs[i] = "{token_id}"
		}
	}
	return strings.Join(segs, "/")
}

// comparer compares one recorded response with the emulator's.
type comparer struct {
	era   map[string]bool // era keys of this exchange's route, beside eraKeys
	diffs []string
}

func (c *comparer) add(format string, args ...any) {
	c.diffs = append(c.diffs, fmt.Sprintf(format, args...))
}

// shapes compares key sets recursively (see the file comment).
func (c *comparer) shapes(path string, rec, got any) {
	switch r := rec.(type) {
	case nil:
		if got != nil && path == "" {
			c.add("body present, recorded empty")
		}
	case map[string]any:
		g, ok := got.(map[string]any)
		if !ok {
			c.add("%s: %s, recorded object", nonEmpty(path), jsonTypeName(got))
			return
		}
		inOptions := path == "options" || strings.HasSuffix(path, "].options")
		for k := range r {
			if _, has := g[k]; !has && !(inOptions && ignoredOptionKeys[k]) {
				c.add("missing %s", join(path, k))
			}
		}
		for k := range g {
			if _, has := r[k]; !has && !eraKeys[k] && !c.era[k] && !(inOptions && ignoredOptionKeys[k]) {
				c.add("extra %s", join(path, k))
			}
		}
		for k, rv := range r {
			gv, has := g[k]
			sub := join(path, k)
			if !has || volatileSubtrees[stripIndex(sub)] || (inOptions && ignoredOptionKeys[k]) {
				continue
			}
			c.shapes(sub, rv, gv)
		}
	case []any:
		g, ok := got.([]any)
		if !ok {
			c.add("%s: %s, recorded array", nonEmpty(path), jsonTypeName(got))
			return
		}
		if path != "" && path != "connections" && path != "clients" {
			c.leaf(path, rec, got) // arrays of values (realms, scope, mapping, groups…)
			return
		}
		if len(g) != len(r) {
			c.add("%s: %d items, recorded %d", nonEmpty(path), len(g), len(r))
			return
		}
		for i := range r {
			c.shapes(fmt.Sprintf("%s[]", path), r[i], g[i])
		}
	default:
		c.leaf(path, rec, got)
	}
}

// leaf compares scalar values and arrays of values: the client's echoed
// values and the server-derived ones (scope, realms, defaults, mappings)
// must be the recorded ones, except where they cannot be (unequalValues).
func (c *comparer) leaf(path string, rec, got any) {
	p := stripIndex(path)
	for q := p; q != ""; q = parentPath(q) {
		if unequalValues[q] {
			return
		}
	}
	if rewrite, ok := recordedRewrites[p]; ok {
		rec = rewrite(rec)
	}
	if string(encodeJSON(rec)) != string(encodeJSON(got)) {
		c.add("value of %s: %s, recorded %s", nonEmpty(path), truncate(string(encodeJSON(got)), 80), truncate(string(encodeJSON(rec)), 80))
	}
}

func parentPath(p string) string {
	if i := strings.LastIndex(p, "."); i >= 0 {
		return p[:i]
	}
	return ""
}

func join(path, k string) string {
	if path == "" {
		return k
	}
	return path + "." + k
}

func nonEmpty(path string) string {
	if path == "" {
		return "body"
	}
	return path
}

// stripIndex turns "connections[].options.x" into "options.x" so subtree
// rules apply to list items too.
func stripIndex(p string) string {
	if i := strings.Index(p, "[]."); i >= 0 {
		return p[i+3:]
	}
	return p
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "…"
}

// minConformance is the match rate each family must reach.
const minConformance = 0.95

// tally counts one family's comparable exchanges and their differences.
type tally struct {
	name                string
	comparable, matched int
	diffCount           map[string]int
	examples            []string
}

func (t *tally) rate() float64 {
	if t.comparable == 0 {
		return 0
	}
	return float64(t.matched) / float64(t.comparable)
}

func (t *tally) summary() string {
	return fmt.Sprintf("%s: %d/%d (%.1f%%) of the comparable exchanges match", t.name, t.matched, t.comparable, 100*t.rate())
}

// topDifferences lists the most common differences, most frequent first.
func (t *tally) topDifferences(n int) string {
	type kv struct {
		k string
		n int
	}
	var top []kv
	for k, n := range t.diffCount {
		top = append(top, kv{k, n})
	}
	sort.Slice(top, func(i, j int) bool {
		if top[i].n != top[j].n {
			return top[i].n > top[j].n
		}
		return top[i].k < top[j].k
	})
	var b strings.Builder
	fmt.Fprintf(&b, "%s: most common differences:\n", t.name)
	if len(top) == 0 {
		b.WriteString("  none\n")
	}
	for i, e := range top {
		if i == n {
			break
		}
		fmt.Fprintf(&b, "  %4d  %s\n", e.n, e.k)
	}
	return b.String()
}

func TestConformanceWithRecordedExchanges(t *testing.T) {
	byFile := recorded.ByFile(recorded.Load(t))
	files := make([]string, 0, len(byFile))
	for f := range byFile {
		files = append(files, f)
	}
	sort.Strings(files)

	connections := &tally{name: "connections", diffCount: map[string]int{}}
	subresources := &tally{name: "sub-resources", diffCount: map[string]int{}}
	var total, seeded int
	for _, f := range files {
		xs := byFile[f]
		rp := newReplayer(t, xs)
		for _, x := range xs {
			total++
			family := connections
			if subresourceRE.MatchString(urlPath(x.URL)) {
				family = subresources
			}
			o := rp.replay(x)
			if !o.comparable {
				continue
			}
			family.comparable++
			if o.match {
				family.matched++
				continue
			}
			for _, d := range o.diffs {
				family.diffCount[d]++
			}
			family.examples = append(family.examples, fmt.Sprintf("%s#%d %s %s: %s %s", shortFile(f), x.Interaction, x.Method, routeTemplate(urlPath(x.URL)), strings.Join(o.diffs, "; "), o.detail))
		}
		seeded += rp.seeded
		rp.srv.Close()
	}

	t.Log(connections.summary())
	t.Log(subresources.summary())
	t.Logf("%d exchanges in %d recordings, %d not comparable; %d connections seeded as pre-existing",
		total, len(files), total-connections.comparable-subresources.comparable, seeded)
	for _, family := range []*tally{connections, subresources} {
		t.Log(family.topDifferences(25))
		if testing.Verbose() && len(family.examples) > 0 {
			t.Logf("%s: mismatched exchanges:\n  %s", family.name, strings.Join(family.examples, "\n  "))
		}
	}
	for _, family := range []*tally{connections, subresources} {
		if family.rate() < minConformance {
			t.Errorf("%s conformance %.1f%% is below %.0f%%", family.name, 100*family.rate(), 100*minConformance)
		}
	}
}

func shortFile(f string) string {
	if i := strings.LastIndex(f, "recordings/"); i >= 0 {
		return f[i+len("recordings/"):]
	}
	return f
}
