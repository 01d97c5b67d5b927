package client

import (
	"github.com/openauth0/terraform-provider-auth0/internal/recorded"

	"bytes"
	"encoding/json"
	"reflect"
	"regexp"
	"strings"
	"testing"
)

func itoaTest(n int) string { b, _ := json.Marshal(n); return string(b) }

// jsonEqual compares two documents semantically (key order and whitespace
// ignored; numbers compared by their literal text, so 1.0 ≠ 1).
func jsonEqual(t *testing.T, a, b []byte) bool {
	t.Helper()
	return reflect.DeepEqual(decodeAny(t, a), decodeAny(t, b))
}

func decodeAny(t *testing.T, data []byte) any {
	t.Helper()
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		t.Fatalf("invalid JSON %s: %v", data, err)
	}
	return v
}

var (
	connectionPath = regexp.MustCompile(`/api/v2/connections(/con_[A-Za-z0-9]+)?(\?.*)?$`)
	listPath       = regexp.MustCompile(`/api/v2/(connections|clients/[^/]+/connections)(\?.*)?$`)
	clientsPath    = regexp.MustCompile(`/api/v2/connections/con_[A-Za-z0-9]+/clients(\?.*)?$`)
)

// TestRecordedResponsesDecode decodes every recorded response body the
// client has a type for: each fits its type, a connection keeps its options
// verbatim and every key it models with the value the server sent, and
// error and enabled-clients bodies survive a round trip. Bodies of endpoints
// outside the client (scim-configuration, directory-provisioning, keys) and
// empty bodies are counted separately so the test shows what it covered.
func TestRecordedResponsesDecode(t *testing.T) {
	exchanges := recorded.Load(t)
	counts := map[string]int{}
	for _, e := range exchanges {
		kind := classifyResponse(e)
		counts[kind]++
		switch kind {
		case "connection":
			assertConnectionDecodes(t, e.String(), e.ResponseBody)
		case "connection list":
			assertListDecodes(t, e)
		case "enabled clients":
			assertClientsRoundTrip(t, e)
		case "error":
			assertErrorRoundTrip(t, e)
		}
	}
	t.Logf("response bodies by kind: %v", counts)
	if counts["connection"] < 500 || counts["connection list"] < 30 || counts["enabled clients"] < 40 || counts["error"] < 10 {
		t.Errorf("too few bodies checked, the corpus or the classification changed: %v", counts)
	}
}

// TestRecordedCreateRequestsDecode: the create bodies sent to the real API
// fit the type the provider builds them with.
func TestRecordedCreateRequestsDecode(t *testing.T) {
	n := 0
	for _, e := range recorded.Load(t) {
		if e.Method == "POST" && strings.HasSuffix(e.URL, "/api/v2/connections") && isJSONObject(e.RequestBody) {
			assertConnectionDecodes(t, e.String()+" (request)", e.RequestBody)
			n++
		}
	}
	if n < 100 {
		t.Errorf("only %d create requests checked", n)
	}
}

func classifyResponse(e recorded.Exchange) string {
	switch {
	case len(e.ResponseBody) == 0 || string(e.ResponseBody) == "null":
		return "empty"
	case e.Status >= 400:
		return "error"
	case clientsPath.MatchString(e.URL) && e.Method == "GET":
		return "enabled clients"
	case listPath.MatchString(e.URL) && e.Method == "GET" && !strings.Contains(e.URL, "/connections/con_"):
		return "connection list"
	case connectionPath.MatchString(e.URL) && e.Method != "DELETE":
		return "connection"
	case e.Method == "DELETE":
		return "delete (not decoded by the client)"
	default:
		return "out of scope"
	}
}

// assertConnectionDecodes decodes raw into a Connection and checks that its
// encoding says only what raw said: options byte for byte, every other
// key with the server's value (nested objects may have more keys than the
// structs model), and no key raw had with a non-null value is dropped
// unless the struct does not model it.
func assertConnectionDecodes(t *testing.T, name string, raw json.RawMessage) {
	t.Helper()
	var c Connection
	if err := json.Unmarshal(raw, &c); err != nil {
		t.Errorf("%s: %v", name, err)
		return
	}
	var in map[string]json.RawMessage
	if err := json.Unmarshal(raw, &in); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	if opts, ok := in["options"]; ok && !bytes.Equal(opts, c.Options) {
		t.Errorf("%s: options not kept verbatim:\n in: %s\nout: %s", name, opts, c.Options)
	}
	out, err := json.Marshal(c)
	if err != nil {
		t.Fatalf("%s: encode: %v", name, err)
	}
	inTree, okIn := decodeAny(t, raw).(map[string]any)
	outTree, okOut := decodeAny(t, out).(map[string]any)
	if !okIn || !okOut {
		t.Fatalf("%s: not JSON objects:\n in: %s\nout: %s", name, raw, out)
	}
	for key, v := range outTree {
		if !coveredBy(v, inTree[key]) {
			t.Errorf("%s: %q encodes as %v, the server sent %v", name, key, v, inTree[key])
		}
	}
	for _, key := range connectionKeys {
		if v, ok := inTree[key]; ok && v != nil && outTree[key] == nil {
			t.Errorf("%s: %q = %v was not decoded", name, key, v)
		}
	}
}

// connectionKeys are the JSON keys Connection models.
var connectionKeys = func() []string {
	var keys []string
	typ := reflect.TypeFor[Connection]()
	for i := range typ.NumField() {
		keys = append(keys, strings.Split(typ.Field(i).Tag.Get("json"), ",")[0])
	}
	return keys
}()

// coveredBy: every object key of got is in want with a covered value, and
// everything else is equal.
func coveredBy(got, want any) bool {
	g, isObject := got.(map[string]any)
	w, wantObject := want.(map[string]any)
	if !isObject || !wantObject {
		return reflect.DeepEqual(got, want)
	}
	for k, v := range g {
		if !coveredBy(v, w[k]) {
			return false
		}
	}
	return true
}

func assertListDecodes(t *testing.T, e recorded.Exchange) {
	t.Helper()
	var envelope struct {
		Connections []json.RawMessage `json:"connections"`
	}
	var items []json.RawMessage
	if bytes.HasPrefix(bytes.TrimSpace(e.ResponseBody), []byte("[")) {
		if err := json.Unmarshal(e.ResponseBody, &items); err != nil {
			t.Fatalf("%s: %v", e, err)
		}
	} else {
		if err := json.Unmarshal(e.ResponseBody, &envelope); err != nil {
			t.Fatalf("%s: %v", e, err)
		}
		items = envelope.Connections
	}
	for i, item := range items {
		assertConnectionDecodes(t, e.String()+" item "+itoaTest(i), item)
	}
	page := &connectionPage{}
	if err := json.Unmarshal(e.ResponseBody, page); err == nil && len(page.Connections) != len(items) {
		t.Errorf("%s: page decoded %d items, want %d", e, len(page.Connections), len(items))
	}
}

func assertClientsRoundTrip(t *testing.T, e recorded.Exchange) {
	t.Helper()
	var page clientsPage
	if err := json.Unmarshal(e.ResponseBody, &page); err != nil {
		t.Fatalf("%s: %v", e, err)
	}
	out, _ := json.Marshal(page)
	if !jsonEqual(t, e.ResponseBody, out) {
		t.Errorf("%s: clients page round trip differs\n in: %s\nout: %s", e, e.ResponseBody, out)
	}
}

func assertErrorRoundTrip(t *testing.T, e recorded.Exchange) {
	t.Helper()
	apiErr := newAPIError(e.Method, "/x", e.Status, e.ResponseBody)
	out, _ := json.Marshal(apiErr)
	if !jsonEqual(t, e.ResponseBody, out) {
		t.Errorf("%s: error body round trip differs\n in: %s\nout: %s", e, e.ResponseBody, out)
	}
	var body struct {
		Message   string `json:"message"`
		ErrorCode string `json:"errorCode"`
	}
	_ = json.Unmarshal(e.ResponseBody, &body)
	if !strings.Contains(apiErr.Error(), body.Message) || !strings.Contains(apiErr.Error(), body.ErrorCode) {
		t.Errorf("%s: Error() %q does not quote message and errorCode", e, apiErr.Error())
	}
}

func isJSONObject(raw json.RawMessage) bool {
	return bytes.HasPrefix(bytes.TrimSpace(raw), []byte("{"))
}

func TestConnectionDecodesTypedFieldsAndKeepsOptionsVerbatim(t *testing.T) {
	raw := `{"id":"con_0123456789abcdef","name":"n","strategy":"auth0","display_name":null,
		"options":{"b":1.50, "a":null,"nested":{"x":[1,{"y":null}]}},
		"authentication":{"active":true,"future_flag":"kept"},
		"metadata":{"k":null,"v":"1"},"realms":null,
		"cross_app_access_resource_app":{"enabled":true}}`
	var c Connection
	if err := json.Unmarshal([]byte(raw), &c); err != nil {
		t.Fatal(err)
	}
	if c.ID != "con_0123456789abcdef" || c.Name != "n" || c.DisplayName != nil || c.Realms != nil || c.Authentication == nil || !c.Authentication.Active {
		t.Errorf("typed fields decoded wrong: %+v", c)
	}
	if v, ok := c.Metadata["k"]; !ok || v != nil || *c.Metadata["v"] != "1" {
		t.Errorf("metadata null value lost: %v", c.Metadata)
	}
	if want := `{"b":1.50, "a":null,"nested":{"x":[1,{"y":null}]}}`; string(c.Options) != want {
		t.Errorf("options = %s, want them verbatim: %s", c.Options, want)
	}
}

func TestConnectionCreateBodyOmitsUnset(t *testing.T) {
	c := &Connection{Name: "db", Strategy: "auth0", Options: json.RawMessage(`{"a": 1}`), ShowAsButton: ptr(false), Metadata: map[string]*string{"k": nil}}
	out, _ := json.Marshal(c)
	want := `{"options":{"a":1},"strategy":"auth0","name":"db","show_as_button":false,"metadata":{"k":null}}`
	if !jsonEqual(t, []byte(want), out) {
		t.Errorf("got %s\nwant %s", out, want)
	}
	// An empty list or map is what the configuration asked for: sent, not omitted.
	c = &Connection{Name: "db", Strategy: "auth0", Realms: []string{}, Metadata: map[string]*string{}}
	out, _ = json.Marshal(c)
	if want := `{"strategy":"auth0","name":"db","realms":[],"metadata":{}}`; !jsonEqual(t, []byte(want), out) {
		t.Errorf("got %s\nwant %s", out, want)
	}
}

func TestConnectionMistypedFieldIsAnError(t *testing.T) {
	var c Connection
	err := json.Unmarshal([]byte(`{"id":"con_0123456789abcdef","realms":"not-an-array"}`), &c)
	if err == nil || !strings.Contains(err.Error(), "realms") {
		t.Errorf("err = %v, want one naming realms", err)
	}
}

func TestPatchSendsExactKeysAndNulls(t *testing.T) {
	p := Patch{"display_name": nil, "options": json.RawMessage(`{"x": {"y": null}}`), "show_as_button": true}
	out, err := json.Marshal(p)
	if err != nil {
		t.Fatal(err)
	}
	want := `{"display_name":null,"options":{"x":{"y":null}},"show_as_button":true}`
	if string(out) != want {
		t.Errorf("got %s, want %s", out, want)
	}
}
