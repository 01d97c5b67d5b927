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

// echoSecrets are request secrets of every shape: plain, with characters
// JSON and form encoding escape, and a private key.
var echoSecrets = []string{
	"cs-0123456789",
	`quote"and\backslash-0123`,
	"multi\nline-0123",
	"-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0B\n-----END PRIVATE KEY-----",
}

// echoingAnswers are ways an API or a proxy in front of it quotes the
// request in an error: Auth0's validation message quoting a rejected value,
// a message quoting the whole body, a JSON answer that is not Auth0's
// envelope, a proxy's HTML page, and a success answer cut short.
var echoingAnswers = []struct {
	name   string
	status int
	answer func(request []byte, value, authorization string) string
}{
	{"value in Auth0's message", 400, func(_ []byte, value, _ string) string {
		msg, _ := json.Marshal("Payload validation error: 'String does not match pattern ^x$: " + value + "' on property options.client_secret")
		return `{"statusCode":400,"error":"Bad Request","errorCode":"invalid_body","message":` + string(msg) + `}`
	}},
	{"body in Auth0's message", 409, func(request []byte, _, authorization string) string {
		msg, _ := json.Marshal("conflicting request " + string(request) + " with " + authorization)
		return `{"statusCode":409,"error":"Conflict","message":` + string(msg) + `}`
	}},
	{"JSON without the envelope", 400, func(request []byte, _, _ string) string {
		return `{"errors":[{"detail":"rejected","request":` + string(request) + `}]}`
	}},
	{"a proxy's page", 502, func(request []byte, _, _ string) string {
		return "<html><body>Bad gateway. Request was: " + string(request) + "</body></html>"
	}},
	{"a success cut short", 200, func(request []byte, _, _ string) string {
		var in map[string]json.RawMessage
		_ = json.Unmarshal(request, &in)
		options := string(in["options"])
		return `{"id":"con_0123456789abcdef","options":` + options[:len(options)-1]
	}},
}

// TestErrorsAndLogsNeverQuoteTheRequestsSecrets: whatever part of the
// request the answer echoes, neither the error nor the debug log holds a
// secret of the request, or the client's API token.
func TestErrorsAndLogsNeverQuoteTheRequestsSecrets(t *testing.T) {
	const apiToken = "api-token-0123456789"
	for _, a := range echoingAnswers {
		for i, secret := range echoSecrets {
			t.Run(fmt.Sprintf("%s/%d", a.name, i), func(t *testing.T) {
				srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
					body, _ := io.ReadAll(r.Body)
					w.Header().Set("Content-Type", "application/json")
					w.WriteHeader(a.status)
					_, _ = io.WriteString(w, a.answer(body, secret, r.Header.Get("Authorization")))
				}))
				defer srv.Close()
				c := newTestClient(t, srv.URL, func(c *Config) { c.Debug = true; c.APIToken = apiToken; c.MaxRetries = 1 })
				var logs bytes.Buffer
				ctx := tflogtest.RootLogger(t.Context(), &logs)
				options, _ := json.Marshal(map[string]any{"client_id": "visible-id", "client_secret": secret})
				_, err := c.UpdateConnection(ctx, "con_0123456789abcdef", Patch{"options": json.RawMessage(options)})
				if err == nil {
					t.Fatal("the echoing answer was accepted")
				}
				for _, where := range []struct{ name, text string }{{"error", err.Error()}, {"debug log", logs.String()}} {
					for _, leaked := range append(secretParts(secret), apiToken) {
						if strings.Contains(where.text, leaked) {
							t.Errorf("the %s holds %q: %s", where.name, leaked, where.text)
						}
					}
				}
				if a.status != 200 && !strings.Contains(err.Error(), masked) {
					t.Errorf("the error does not show where the secret was masked: %v", err)
				}
			})
		}
	}
}

// secretParts are the pieces of a secret that must not appear: the whole
// secret and each line of a multi-line one.
func secretParts(secret string) []string {
	parts := []string{secret}
	if lines := strings.Split(secret, "\n"); len(lines) > 1 {
		parts = append(parts, lines[1])
	}
	return parts
}

func TestMaskJSONPrefix(t *testing.T) {
	tests := []struct {
		in, want string
		complete bool
	}{
		{`{"a":1,"b":[true,null,"x"],"c":{}}`, `{"a":1,"b":[true,null,"x"],"c":{}}`, true},
		{` {"client_secret":"s1","options":{"configuration":{"K":"s2","N":5},"key":"s3"},"n":2}`, `{"client_secret":"***","options":{"configuration":{"K":"***","N":"***"},"key":"***"},"n":2}`, true},
		{`[{"token":"s4"},{"name":"x"}]`, `[{"token":"***"},{"name":"x"}]`, true},
		{`{"id":"con_1","options":{"client_secret":"s5","scope":"em`, `{"id":"con_1","options":{"client_secret":"***","scope":`, false},
		{`{"a":1}trailing`, `{"a":1}`, false},
		{`{"a"`, `{"a":`, false},
	}
	for _, tt := range tests {
		got, complete := maskJSONPrefix([]byte(tt.in), nil)
		if got != tt.want || complete != tt.complete {
			t.Errorf("maskJSONPrefix(%s) = %s, %v; want %s, %v", tt.in, got, complete, tt.want, tt.complete)
		}
	}
}

// A secret too short to scrub by value leaves the rest of the message
// readable; a longer one is scrubbed wherever it stands.
func TestEchoedSecretsSkipsShortValues(t *testing.T) {
	t.Parallel()
	body := []byte(`{"options":{"client_secret":"abcd-secret","configuration":{"FLAG":"1","MODE":"on"}}}`)
	secrets := echoedSecrets(body, []string{"tok"})
	got := redact("400 Bad Request: abcd-secret rejected at options.configuration.FLAG=1, MODE=on (tok)", secrets)
	want := "400 Bad Request: " + masked + " rejected at options.configuration.FLAG=1, MODE=on (tok)"
	if got != want {
		t.Errorf("redact = %q, want %q", got, want)
	}
}
