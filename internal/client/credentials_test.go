package client

import (
	"errors"
	"fmt"
	"maps"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"
	"github.com/zalando/go-keyring"
)

func TestDynamicCredentialsDeferTheCheckToTheFirstRequest(t *testing.T) {
	var calls atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		calls.Add(1)
		writeJSON(w, 200, `[]`)
	}))
	defer srv.Close()
	for name, mutate := range map[string]func(*Config){
		"none":            func(c *Config) { c.APIToken = "" },
		"client id alone": func(c *Config) { c.APIToken, c.ClientID = "", "id" },
	} {
		cfg := Config{Domain: srv.URL, APIToken: "tok", DynamicCredentials: true, RateLimit: -1}
		mutate(&cfg)
		if err := cfg.Validate(); err != nil {
			t.Errorf("%s: Validate() = %v; dynamic credentials may be missing", name, err)
		}
		c, err := New(cfg)
		if err != nil {
			t.Fatalf("%s: New() = %v", name, err)
		}
		_, err = c.GetConnection(t.Context(), "con_0123456789abcdef")
		if err == nil || !strings.Contains(err.Error(), "dynamic_credentials is true and the provider was configured without complete credentials") {
			t.Errorf("%s: %v", name, err)
		}
	}
	if calls.Load() != 0 {
		t.Errorf("%d requests were sent without credentials", calls.Load())
	}

	// Complete credentials work as usual, and wrong ones are still errors.
	c, err := New(Config{Domain: srv.URL, APIToken: "tok", DynamicCredentials: true, RateLimit: -1})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.GetConnection(t.Context(), "con_0123456789abcdef"); err == nil || calls.Load() != 1 {
		t.Errorf("with a token the request is sent: %v, %d calls", err, calls.Load())
	}
	bad := Config{Domain: srv.URL, APIToken: "tok", ClientID: "id", DynamicCredentials: true}
	if errs := SettingErrors(bad.Validate()); len(errs) != 1 || errs[0].Setting != SettingAPIToken {
		t.Errorf("a conflict is still an error: %v", errs)
	}
}

func TestCustomDomainHeaderOnlyWhereAuth0HonoursIt(t *testing.T) {
	got := map[string]string{}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got[r.URL.Path] = r.Header.Get("Auth0-Custom-Domain")
		writeJSON(w, 200, `{"id":"con_0123456789abcdef","name":"x","strategy":"auth0"}`)
	}))
	defer srv.Close()
	c := newTestClient(t, srv.URL, func(cfg *Config) { cfg.CustomDomainHeader = "login.example.com" })
	ctx := c.withLogging(t.Context())
	if _, err := c.GetConnection(ctx, "con_0123456789abcdef"); err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{"/users/auth0%7C123", "/tickets/password-change", "/organizations/org_1/invitations"} {
		if _, err := c.send(ctx, request{method: "POST", path: p, body: map[string]any{}}); err != nil {
			t.Fatal(err)
		}
	}
	want := map[string]string{
		"/api/v2/connections/con_0123456789abcdef": "",
		"/api/v2/users/auth0|123":                  "login.example.com",
		"/api/v2/tickets/password-change":          "login.example.com",
		"/api/v2/organizations/org_1/invitations":  "login.example.com",
	}
	if !maps.Equal(got, want) {
		t.Errorf("Auth0-Custom-Domain by path = %v, want %v", got, want)
	}

	for value, problem := range map[string]string{
		"https://login.example.com": "without a scheme",
		"login.example.com/x":       "without a path",
		"login.example.com:443":     "without a port",
		"login example.com":         "without spaces",
		"login.example.com\r\nX: y": "without spaces or control characters",
	} {
		errs := SettingErrors(Config{CustomDomainHeader: value}.ValidatePartial())
		if len(errs) != 1 || errs[0].Setting != SettingCustomDomainHeader || !strings.Contains(errs[0].Detail, problem) {
			t.Errorf("%q: %v, want an error saying %q", value, errs, problem)
		}
	}
}

// cliToken is a JWT as the Auth0 CLI stores it (only exp matters here).
func cliToken(t *testing.T, exp time.Time) string {
	t.Helper()
	s, err := jwt.NewWithClaims(jwt.SigningMethodHS256, jwt.MapClaims{"exp": exp.Unix(), "sub": "cli"}).SignedString([]byte("k"))
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// fakeKeyring holds secrets by service and user.
type fakeKeyring map[[2]string]string

func (k fakeKeyring) get(service, user string) (string, error) {
	if v, ok := k[[2]string{service, user}]; ok {
		return v, nil
	}
	return "", keyring.ErrNotFound
}

func writeCLIConfig(t *testing.T, home, body string) {
	t.Helper()
	dir := filepath.Join(home, ".config", "auth0")
	if err := os.MkdirAll(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "config.json"), []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
}

func TestCLILoginReadsTheCLIsToken(t *testing.T) {
	now := time.Now()
	valid := cliToken(t, now.Add(time.Hour))
	const tenant = "dev-1.eu.auth0.com"

	// The keyring holds the token in chunks, as the CLI splits it.
	chunks := fakeKeyring{
		{"Auth0 CLI Access Token 0", tenant}: valid[:20],
		{"Auth0 CLI Access Token 1", tenant}: valid[20:],
	}
	if got, err := (CLIStore{HomeDir: t.TempDir(), Keyring: chunks.get}).token(tenant, now); err != nil || got != valid {
		t.Errorf("from the keyring: %v", err)
	}

	// Without a keyring, the CLI's config.json.
	home := t.TempDir()
	writeCLIConfig(t, home, fmt.Sprintf(`{"default_tenant":%q,"tenants":{%q:{"access_token":%q,"expires_at":"2030-01-01T00:00:00Z"}}}`, tenant, tenant, valid))
	broken := func(string, string) (string, error) { return "", errors.New("no D-Bus session bus") }
	if got, err := (CLIStore{HomeDir: home, Keyring: broken}).token(tenant, now); err != nil || got != valid {
		t.Errorf("from config.json: %v", err)
	}

	c, err := New(Config{Domain: tenant, CLILogin: true, CLIStore: CLIStore{HomeDir: home, Keyring: chunks.get}})
	if err != nil || c.s.apiToken != valid || c.tokens != nil {
		t.Errorf("New with cli_login: %v", err)
	}

	tests := []struct {
		name   string
		store  CLIStore
		tenant string
		detail string
	}{
		{"no token anywhere", CLIStore{HomeDir: t.TempDir(), Keyring: broken}, tenant,
			"cli_login is true but the Auth0 CLI has no token for dev-1.eu.auth0.com in the keyring (which could not be read: no D-Bus session bus) or in "},
		{"another tenant", CLIStore{HomeDir: home, Keyring: chunks.get}, "other.auth0.com", "Run `auth0 login --domain other.auth0.com`, or set api_token or client credentials instead of cli_login."},
		{"expired", CLIStore{HomeDir: t.TempDir(), Keyring: fakeKeyring{{"Auth0 CLI Access Token 0", tenant}: cliToken(t, now.Add(-time.Minute))}.get}, tenant, "expired at"},
		{"not a JWT", CLIStore{HomeDir: t.TempDir(), Keyring: fakeKeyring{{"Auth0 CLI Access Token 0", tenant}: "opaque"}.get}, tenant, "is not a JWT"},
	}
	for _, tt := range tests {
		_, err := tt.store.token(tt.tenant, now)
		errs := SettingErrors(err)
		if len(errs) != 1 || errs[0].Setting != SettingCLILogin || !strings.Contains(errs[0].Detail, tt.detail) {
			t.Errorf("%s: %v, want an error on cli_login containing %q", tt.name, err, tt.detail)
		}
	}
	corrupt := t.TempDir()
	writeCLIConfig(t, corrupt, `{"tenants":`)
	if _, err := (CLIStore{HomeDir: corrupt, Keyring: broken}).token(tenant, now); err == nil || !strings.Contains(err.Error(), "is not valid JSON") {
		t.Errorf("a corrupt config.json: %v", err)
	}

	// cli_login is one way of authenticating; another one set too is a
	// conflict, found from the block alone.
	errs := SettingErrors(Config{Domain: tenant, CLILogin: true, ClientID: "id", ClientSecret: "s"}.ValidatePartial())
	if len(errs) != 1 || errs[0].Setting != SettingCLILogin || !strings.Contains(errs[0].Detail, "other credentials (client_id, client_secret) are set too") {
		t.Errorf("cli_login with client credentials: %v", errs)
	}
}

func TestIsCredentialSetting(t *testing.T) {
	for name, want := range map[string]bool{
		SettingAPIToken: true, SettingClientID: true, SettingClientSecret: true,
		SettingClientAssertionPrivateKey: true, SettingClientAssertionSigningAlg: true,
		SettingDomain: false, SettingRateLimit: false, SettingCLILogin: false, SettingDynamicCredentials: false,
	} {
		if got := IsCredentialSetting(name); got != want {
			t.Errorf("IsCredentialSetting(%q) = %v, want %v", name, got, want)
		}
	}
}
