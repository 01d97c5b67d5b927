package main

import (
	"context"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/pem"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"
)

func TestProgramClientAssertionKey(t *testing.T) {
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	pub, _ := x509.MarshalPKIXPublicKey(&key.PublicKey)
	file := filepath.Join(t.TempDir(), "pkjwt.pem")
	if err := os.WriteFile(file, pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: pub}), 0o600); err != nil {
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
		if err := run(context.Background(), []string{"--client-assertion-key", arg}, io.Discard); err == nil {
			t.Errorf("--client-assertion-key %s accepted", arg)
		}
	}
}
