package client

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-log/tflogtest"
)

// TestDebugLogMasksSecrets captures tflog output of a debug-mode create whose
// request and response (the real server echoes secrets in plaintext) carry
// secrets, and checks none appears, while the non-secret data does.
func TestDebugLogMasksSecrets(t *testing.T) {
	secrets := []string{"cs-0123456789", "tw-0123456789", "gw-0123456789", "sk-0123456789", "cfg-0123456789", "pw-0123456789", "MIIEvQIBADANBgkqhkiG9w0BAQEFAASC"}
	options := fmt.Sprintf(`{"client_id":"visible-client-id","client_secret":%q,"twilio_token":%q,
		"gateway_authentication":{"secret":%q,"audience":"aud"},"signing_key":{"key":%q,"cert":"public-cert"},
		"configuration":{"API_KEY":%q},"custom":{"db_password":%q},
		"private":"-----BEGIN PRIVATE KEY-----\n%s\n-----END PRIVATE KEY-----"}`,
		secrets[0], secrets[1], secrets[2], secrets[3], secrets[4], secrets[5], secrets[6])
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		var in map[string]json.RawMessage
		_ = json.Unmarshal(body, &in)
		in["id"] = json.RawMessage(`"con_0123456789abcdef"`)
		out, _ := json.Marshal(in)
		writeJSON(w, 201, string(out))
	}))
	defer srv.Close()
	const apiToken = "static-api-token-0123456789"
	c := newTestClient(t, srv.URL, func(c *Config) { c.Debug = true; c.APIToken = apiToken })

	var logs bytes.Buffer
	ctx := tflogtest.RootLogger(t.Context(), &logs)
	conn, err := c.CreateConnection(ctx, &Connection{Name: "masked", Strategy: "oauth2", Options: json.RawMessage(options)})
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(conn.Options, []byte(secrets[0])) {
		t.Fatalf("the returned connection itself must keep its options")
	}
	out := logs.String()
	for _, s := range append(secrets, apiToken) {
		if strings.Contains(out, s) {
			t.Errorf("secret %q found in the log", s)
		}
	}
	for _, want := range []string{"visible-client-id", "public-cert", `"@module":"provider.auth0_client"`, "Management API request body", "Management API response body", `"status":201`} {
		if !strings.Contains(out, want) {
			t.Errorf("log lacks %q", want)
		}
	}
	entries, err := tflogtest.MultilineJSONDecode(&logs)
	if err != nil || len(entries) < 3 {
		t.Fatalf("decoding log: %v (%d entries)", err, len(entries))
	}
}

func TestBodiesAreNotLoggedWithoutDebug(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		writeJSON(w, 200, `{"id":"con_0123456789abcdef","name":"quiet-marker","strategy":"auth0"}`)
	}))
	defer srv.Close()
	c := newTestClient(t, srv.URL)
	var logs bytes.Buffer
	ctx := tflogtest.RootLogger(t.Context(), &logs)
	if _, err := c.GetConnection(ctx, "con_0123456789abcdef"); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(logs.String(), "quiet-marker") || !strings.Contains(logs.String(), `"path":"/api/v2/connections/con_0123456789abcdef"`) {
		t.Errorf("log: %s", logs.String())
	}
}

func TestMaskBody(t *testing.T) {
	in := `{"options":{"client_secret":"a1","nested":{"signing_secret":"a2","list":[{"password":"a3"}]},
		"configuration":{"X":"a4","N":5},"upstream_params":{"p":{"value":"visible"}},"token":"a5","n":1}}`
	out := maskBody([]byte(in))
	for _, s := range []string{"a1", "a2", "a3", "a4", `"N":5`, "a5"} {
		if strings.Contains(out, s) {
			t.Errorf("%q not masked in %s", s, out)
		}
	}
	if !strings.Contains(out, "visible") || !strings.Contains(out, `"n":1`) {
		t.Errorf("non-secret values lost: %s", out)
	}
	if got := maskBody([]byte("not json -----BEGIN EC PRIVATE KEY-----\nabc\n-----END EC PRIVATE KEY-----")); strings.Contains(got, "abc") {
		t.Errorf("PEM not masked in %s", got)
	}
}
