package emulator

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/openauth0/terraform-provider-auth0/internal/recorded"
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
