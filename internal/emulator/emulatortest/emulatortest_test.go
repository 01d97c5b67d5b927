package emulatortest

import (
	"encoding/json"
	"encoding/pem"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/openauth0/terraform-provider-auth0/internal/emulator"
)

func get(t *testing.T, c *http.Client, u, token string) (int, string) {
	t.Helper()
	req, _ := http.NewRequest("GET", u, nil)
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

func TestStartServesTheAPIWithTheMintedToken(t *testing.T) {
	s := Start(t, emulator.Config{})
	status, body := get(t, s.HTTPClient, s.URL+"/api/v2/connections", s.Token)
	if status != 200 || strings.TrimSpace(body) != "[]" {
		t.Fatalf("GET /connections = %d %s, want 200 []", status, body)
	}
	if !strings.HasPrefix(s.URL, "http://127.0.0.1:") {
		t.Errorf("URL %q is not loopback http", s.URL)
	}
}

func TestStartTLSAndClientCredentials(t *testing.T) {
	s := StartTLS(t, emulator.Config{})
	form := url.Values{
		"grant_type":    {"client_credentials"},
		"client_id":     {s.ClientID},
		"client_secret": {s.ClientSecret},
		"audience":      {"https://" + s.Host + "/api/v2/"},
	}
	resp, err := s.HTTPClient.PostForm(s.URL+"/oauth/token", form)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var tok struct {
		AccessToken string `json:"access_token"`
		TokenType   string `json:"token_type"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&tok); err != nil || resp.StatusCode != 200 {
		t.Fatalf("token: %d %v", resp.StatusCode, err)
	}
	if tok.TokenType != "Bearer" {
		t.Errorf("token_type %q", tok.TokenType)
	}
	status, body := get(t, s.HTTPClient, s.URL+"/api/v2/connections?take=10", tok.AccessToken)
	if status != 200 || strings.TrimSpace(body) != `{"connections":[]}` {
		t.Fatalf("GET = %d %s", status, body)
	}
	if s.CertPool == nil {
		t.Error("CertPool is nil for a TLS server")
	}
	if block, _ := pem.Decode(s.CertPEM); block == nil || block.Type != "CERTIFICATE" {
		t.Errorf("CertPEM is not a PEM certificate: %q", s.CertPEM)
	}
}

func TestRecorderKeepsEveryExchange(t *testing.T) {
	s, rec := StartRecording(t, emulator.Config{})
	for _, path := range []string{"/api/v2/connections", "/api/v2/connections/con_0123456789abcdef/clients"} {
		if status, _ := get(t, s.HTTPClient, s.URL+path, s.Token); status == 0 {
			t.Fatal("no answer")
		}
	}
	if got := rec.Exchanges(); len(got) != 2 {
		t.Fatalf("recorded %d exchanges, want 2", len(got))
	}
	got := rec.Matching("GET", regexp.MustCompile(`/clients$`))
	if len(got) != 1 || got[0].Path != "/api/v2/connections/con_0123456789abcdef/clients" || got[0].Status != 404 {
		t.Errorf("matching %+v, want only the /clients request, answered 404", got)
	}
	rec.Reset()
	if len(rec.Exchanges()) != 0 {
		t.Error("Reset kept exchanges")
	}
}
