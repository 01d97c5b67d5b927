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

func roundTripConnection(t *testing.T, raw []byte) []byte {
	t.Helper()
	var c Connection
	if err := json.Unmarshal(raw, &c); err != nil {
		t.Fatalf("decode: %v", err)
	}
	out, err := json.Marshal(&c)
	if err != nil {
		t.Fatalf("encode: %v", err)
	}
	return out
}

var (
	connectionPath = regexp.MustCompile(`/api/v2/connections(/con_[A-Za-z0-9]+)?(\?.*)?$`)
	listPath       = regexp.MustCompile(`/api/v2/(connections|clients/[^/]+/connections)(\?.*)?$`)
	clientsPath    = regexp.MustCompile(`/api/v2/connections/con_[A-Za-z0-9]+/clients(\?.*)?$`)
)

// TestRoundTripRecordedResponses decodes every recorded response body the
// client has a type for and re-encodes it: the result must be JSON-equal,
// unknown keys and nulls included. Bodies of endpoints outside the client
// (scim-configuration, directory-provisioning, keys) and empty bodies are
// counted separately so the test shows what it covered.
func TestRoundTripRecordedResponses(t *testing.T) {
	exchanges := recorded.Load(t)
	counts := map[string]int{}
	for _, e := range exchanges {
		kind := classifyResponse(e)
		counts[kind]++
		switch kind {
		case "connection":
			assertConnectionRoundTrip(t, e.String(), e.ResponseBody)
		case "connection list":
			assertListRoundTrip(t, e)
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

// TestRoundTripRecordedCreateRequests: what the provider sends as a create
// body also survives decode → encode.
func TestRoundTripRecordedCreateRequests(t *testing.T) {
	n := 0
	for _, e := range recorded.Load(t) {
		if e.Method == "POST" && strings.HasSuffix(e.URL, "/api/v2/connections") && isJSONObject(e.RequestBody) {
			assertConnectionRoundTrip(t, e.String()+" (request)", e.RequestBody)
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

func assertConnectionRoundTrip(t *testing.T, name string, raw json.RawMessage) {
	t.Helper()
	out := roundTripConnection(t, raw)
	if !jsonEqual(t, raw, out) {
		t.Errorf("%s: round trip differs\n in: %s\nout: %s", name, raw, out)
	}
}

func assertListRoundTrip(t *testing.T, e recorded.Exchange) {
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
		assertConnectionRoundTrip(t, e.String()+" item "+itoaTest(i), item)
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

func TestConnectionKeepsUnknownKeysNullsAndNestedKeys(t *testing.T) {
	raw := `{"id":"con_0123456789abcdef","name":"n","strategy":"auth0","display_name":null,
		"options":{"b":1.50,"a":null,"nested":{"x":[1,{"y":null}]}},
		"authentication":{"active":true,"future_flag":"kept"},
		"metadata":{"k":null,"v":"1"},"realms":null,
		"cross_app_access_resource_app":{"enabled":true},"brand_new":[1,2]}`
	var c Connection
	if err := json.Unmarshal([]byte(raw), &c); err != nil {
		t.Fatal(err)
	}
	if c.DisplayName != nil || c.Realms != nil || c.Authentication == nil || !c.Authentication.Active {
		t.Errorf("typed fields decoded wrong: %+v", c)
	}
	if _, ok := c.Extra["cross_app_access_resource_app"]; !ok || len(c.Extra) != 2 {
		t.Errorf("Extra = %v, want the two unknown keys", c.Extra)
	}
	if v, ok := c.Metadata["k"]; !ok || v != nil {
		t.Errorf("metadata null value lost: %v", c.Metadata)
	}
	out, err := json.Marshal(c)
	if err != nil {
		t.Fatal(err)
	}
	if !jsonEqual(t, []byte(raw), out) {
		t.Errorf("round trip differs:\n in: %s\nout: %s", raw, out)
	}
	if !bytes.Contains(out, []byte(`"b":1.50`)) {
		t.Errorf("options not verbatim: %s", out)
	}
}

func TestConnectionEncodesChangedFieldsFromGoValues(t *testing.T) {
	raw := `{"id":"con_0123456789abcdef","name":"n","strategy":"auth0","display_name":null,"authentication":{"active":true,"future_flag":"kept"},"realms":["n"]}`
	var c Connection
	if err := json.Unmarshal([]byte(raw), &c); err != nil {
		t.Fatal(err)
	}
	c.DisplayName = ptr("Shown")
	c.Authentication.Active = false
	c.Realms = nil
	out, _ := json.Marshal(c)
	want := `{"id":"con_0123456789abcdef","name":"n","strategy":"auth0","display_name":"Shown","authentication":{"active":false}}`
	if !jsonEqual(t, []byte(want), out) {
		t.Errorf("got %s\nwant %s", out, want)
	}
}

func TestConnectionCreateBodyOmitsUnset(t *testing.T) {
	c := &Connection{Name: "db", Strategy: "auth0", Options: json.RawMessage(`{"a": 1}`), ShowAsButton: ptr(false), Metadata: map[string]*string{"k": nil}}
	out, _ := json.Marshal(c)
	want := `{"options":{"a":1},"strategy":"auth0","name":"db","show_as_button":false,"metadata":{"k":null}}`
	if !jsonEqual(t, []byte(want), out) {
		t.Errorf("got %s\nwant %s", out, want)
	}
}

func TestConnectionMistypedKnownFieldIsKeptVerbatim(t *testing.T) {
	raw := `{"id":"con_0123456789abcdef","realms":"not-an-array","show_as_button":"yes"}`
	var c Connection
	if err := json.Unmarshal([]byte(raw), &c); err != nil {
		t.Fatal(err)
	}
	if c.Realms != nil || c.ShowAsButton != nil {
		t.Errorf("mistyped fields should stay zero: %+v", c)
	}
	out, _ := json.Marshal(c)
	if !jsonEqual(t, []byte(raw), out) {
		t.Errorf("round trip differs: %s", out)
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

func ptr[T any](v T) *T { return &v }
