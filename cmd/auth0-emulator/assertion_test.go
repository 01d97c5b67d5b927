package main

import (
	"crypto/rand"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"github.com/openauth0/terraform-provider-auth0/internal/testkeys"
)

func TestProgramClientAssertionKey(t *testing.T) {
	key := testkeys.RSA()
	file := filepath.Join(t.TempDir(), "pkjwt.pem")
	if err := os.WriteFile(file, []byte(testkeys.PublicPEM(t, key)), 0o600); err != nil {
		t.Fatal(err)
	}
	p := start(t, "--listen", "127.0.0.1:0", "--client-assertion-key", "pkjwt="+file)
	if p.env("AUTH0_CLIENT_ID") != "pkjwt" || p.env("AUTH0_CLIENT_SECRET") != "" || p.env("AUTH0_API_TOKEN") != "" {
		t.Errorf("announcement:\n%s", p.out.String())
	}
	base := p.baseURL(t)
	now := time.Now()
	assertion, err := jwt.NewWithClaims(jwt.SigningMethodPS256, jwt.MapClaims{
		"iss": "pkjwt", "sub": "pkjwt", "aud": base + "/", "jti": rand.Text(), "iat": now.Unix(), "exp": now.Add(time.Minute).Unix(),
	}).SignedString(key)
	if err != nil {
		t.Fatal(err)
	}
	resp, err := http.PostForm(base+"/oauth/token", url.Values{
		"grant_type": {"client_credentials"}, "audience": {base + "/api/v2/"},
		"client_assertion_type": {"urn:ietf:params:oauth:client-assertion-type:jwt-bearer"}, "client_assertion": {assertion},
	})
	if err != nil {
		t.Fatal(err)
	}
	raw, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || !strings.Contains(string(raw), `"access_token"`) {
		t.Fatalf("token: %d %s", resp.StatusCode, raw)
	}

	for _, arg := range []string{"pkjwt", "pkjwt=" + filepath.Join(t.TempDir(), "missing.pem"), "pkjwt=" + os.Args[0]} {
		if err := run(t.Context(), []string{"--client-assertion-key", arg}, io.Discard); err == nil {
			t.Errorf("--client-assertion-key %s accepted", arg)
		}
	}
}
