//go:build reliability

package reliability

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"os"
	"strings"
	"testing"

	"github.com/openauth0/terraform-provider-auth0/internal/emulator"
)

// echoShapes are the ways an error answer can quote a create's body, keyed
// by the connection name that gets each: Auth0's validation message quoting
// the rejected value (its messages do, as in "String does not match pattern
// …: <value>"), a message quoting the whole body, a JSON answer that is not
// Auth0's envelope, and a proxy's HTML page.
var echoShapes = map[string]func(body []byte, secret string) (contentType, answer string){
	"echo-value": func(_ []byte, secret string) (string, string) {
		return "application/json", auth0Error("Payload validation error: 'String does not match pattern ^x$: " + secret + "' on property options.client_secret")
	},
	"echo-body": func(body []byte, _ string) (string, string) {
		return "application/json", auth0Error("Payload validation error: 'rejected " + string(body) + "'")
	},
	"echo-json": func(body []byte, _ string) (string, string) {
		return "application/json", `{"errors":[{"detail":"rejected","request":` + string(body) + `}]}`
	},
	"echo-html": func(body []byte, _ string) (string, string) {
		return "text/html", "<html><body>Request refused: " + string(body) + "</body></html>"
	},
}

func auth0Error(message string) string {
	m, _ := json.Marshal(message)
	return `{"statusCode":400,"error":"Bad Request","errorCode":"invalid_body","message":` + string(m) + `}`
}

// echoingProxy answers every connection create with a 400 that quotes the
// request as echoShapes says, and passes everything else to the tenant.
func echoingProxy(t *testing.T, tn *tenant) *httptest.Server {
	t.Helper()
	target, err := url.Parse(tn.srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	pass := httputil.NewSingleHostReverseProxy(target)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodPost || r.URL.Path != "/api/v2/connections" {
			pass.ServeHTTP(w, r)
			return
		}
		body, _ := io.ReadAll(r.Body)
		var req struct {
			Name    string `json:"name"`
			Options struct {
				ClientSecret string `json:"client_secret"`
			} `json:"options"`
		}
		_ = json.Unmarshal(body, &req)
		shape, ok := echoShapes[req.Name]
		if !ok {
			http.Error(w, "unexpected connection "+req.Name, http.StatusTeapot)
			return
		}
		contentType, answer := shape(body, req.Options.ClientSecret)
		w.Header().Set("Content-Type", contentType)
		w.WriteHeader(http.StatusBadRequest)
		_, _ = io.WriteString(w, answer)
	}))
	t.Cleanup(srv.Close)
	return srv
}

// TestSecretsNeverLeakFromErrorsQuotingTheRequest: every create is refused
// with an answer quoting its secret; terraform's output and the TRACE log
// of the failed apply (debug on) must not hold any of them, while each
// refusal is still reported.
func TestSecretsNeverLeakFromErrorsQuotingTheRequest(t *testing.T) {
	tn := newTenant(t, emulator.Config{})
	proxy := echoingProxy(t, tn)
	w := newWorkspace(t)
	w.env["AUTH0_API_TOKEN"] = tn.srv.Token
	w.env["TF_LOG"] = "TRACE"
	w.env["TF_LOG_PATH"] = w.path("trace.log")
	config := debugProviderBlock(proxy.URL)
	secrets := map[string]string{}
	for name := range echoShapes {
		secrets[name] = secretValue(name)
		w.env["TF_VAR_"+strings.ReplaceAll(name, "-", "_")] = secrets[name]
		config += fmt.Sprintf(`
variable %[2]q { type = string }

resource "auth0_connection" %[2]q {
  name           = %[1]q
  strategy       = "google-oauth2"
  options        = jsonencode({ client_id = "visible-client-id" })
  secret_options = jsonencode({ client_secret = var.%[2]s })
}
`, name, strings.ReplaceAll(name, "-", "_"))
	}
	w.writeConfig(config)

	r := w.run("apply", "-auto-approve")
	if r.exitCode == 0 {
		t.Fatalf("the apply succeeded through a proxy that refuses every create:\n%s", r)
	}
	trace, err := os.ReadFile(w.path("trace.log"))
	if err != nil {
		t.Fatal(err)
	}
	output := r.stdout + r.stderr
	if n := strings.Count(output, "Creating the connection failed"); n != len(echoShapes) {
		t.Errorf("%d creates reported failed, want %d:\n%s", n, len(echoShapes), r)
	}
	for name, secret := range secrets {
		if strings.Contains(output, secret) {
			t.Errorf("the secret of %s is in terraform's output:\n%s", name, r)
		}
		if n := strings.Count(string(trace), secret); n > 0 {
			t.Errorf("the secret of %s is in the TRACE log %d times, e.g. %q", name, n, around(string(trace), secret))
		}
	}
	if !strings.Contains(output, "***") {
		t.Errorf("no error shows where a secret was masked:\n%s", r)
	}
}
