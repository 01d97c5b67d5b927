package emulator

import (
	"crypto"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"encoding/pem"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"github.com/openauth0/terraform-provider-auth0/internal/testkeys"
)

// assertionClaims are a valid assertion's claims for client "pkjwt".
func assertionClaims(now time.Time, aud string) jwt.MapClaims {
	return jwt.MapClaims{
		"iss": "pkjwt", "sub": "pkjwt", "aud": aud, "jti": rand.Text(),
		"iat": now.Unix(), "exp": now.Add(time.Minute).Unix(),
	}
}

// signed signs claims with key (a private key, or bytes for HS256).
func signed(t *testing.T, method jwt.SigningMethod, key any, claims jwt.MapClaims) string {
	t.Helper()
	s, err := jwt.NewWithClaims(method, claims).SignedString(key)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func assertionForm(assertion string) url.Values {
	return url.Values{
		"grant_type": {"client_credentials"}, "audience": {"https://emulator.local/api/v2/"},
		"client_assertion_type": {clientAssertionType}, "client_assertion": {assertion},
	}
}

func TestOAuthTokenClientAssertion(t *testing.T) {
	key := testkeys.RSA()
	s := newTestServer(t, Config{ClientAssertionKeys: map[string]crypto.PublicKey{"pkjwt": &key.PublicKey}})
	now := time.Now()
	aud := "https://emulator.local/"

	for _, method := range []jwt.SigningMethod{jwt.SigningMethodRS256, jwt.SigningMethodRS384, jwt.SigningMethodPS256} {
		status, tok := tokenCall(t, s, "application/x-www-form-urlencoded", assertionForm(signed(t, method, key, assertionClaims(now, aud))).Encode())
		if status != 200 || tok["token_type"] != "Bearer" {
			t.Fatalf("%s: %d %v", method.Alg(), status, tok)
		}
		mustStatus(t, s.call("GET", "/api/v2/connections", nil, tok["access_token"].(string)), http.StatusOK)
	}
	// The audience may name the host the request was sent to (the emulator
	// on a loopback port), and client_id may be sent alongside.
	local := assertionForm(signed(t, jwt.SigningMethodRS256, key, assertionClaims(now, "http://"+strings.TrimPrefix(s.url, "http://")+"/")))
	local.Set("client_id", "pkjwt")
	if status, tok := tokenCall(t, s, "application/x-www-form-urlencoded", local.Encode()); status != 200 {
		t.Errorf("request-host audience with client_id: %d %v", status, tok)
	}

	replayed := signed(t, jwt.SigningMethodRS256, key, assertionClaims(now, aud))
	if status, _ := tokenCall(t, s, "application/x-www-form-urlencoded", assertionForm(replayed).Encode()); status != 200 {
		t.Fatalf("first use of an assertion refused")
	}
	other := testkeys.OtherRSA()
	ec := testkeys.EC(elliptic.P256())
	with := func(change func(jwt.MapClaims)) jwt.MapClaims {
		c := assertionClaims(now, aud)
		change(c)
		return c
	}
	cases := []struct {
		name      string
		assertion string
		edit      func(url.Values)
		status    int
		code      string
		desc      string
	}{
		{"wrong signature", signed(t, jwt.SigningMethodRS256, other, assertionClaims(now, aud)), nil, 401, "invalid_client", "Invalid signature for the client assertion"},
		{"wrong audience", signed(t, jwt.SigningMethodRS256, key, assertionClaims(now, "https://emulator.local/oauth/token")), nil, 401, "invalid_client", "aud claim must be the tenant's URL with a trailing slash, https://emulator.local/"},
		{"audience without the slash", signed(t, jwt.SigningMethodRS256, key, assertionClaims(now, "https://emulator.local")), nil, 401, "invalid_client", "aud claim"},
		{"expired", signed(t, jwt.SigningMethodRS256, key, with(func(c jwt.MapClaims) {
			c["iat"], c["exp"] = now.Add(-3*time.Minute).Unix(), now.Add(-time.Minute).Unix()
		})), nil, 401, "invalid_client", "The client assertion has expired"},
		{"no exp", signed(t, jwt.SigningMethodRS256, key, with(func(c jwt.MapClaims) { delete(c, "exp") })), nil, 401, "invalid_client", "no exp claim"},
		{"too long a lifetime", signed(t, jwt.SigningMethodRS256, key, with(func(c jwt.MapClaims) { c["exp"] = now.Add(6 * time.Minute).Unix() })), nil, 401, "invalid_client", "'exp' claim must specify a time that is no more than 5 minutes after 'iat'"},
		{"issued in the future", signed(t, jwt.SigningMethodRS256, key, with(func(c jwt.MapClaims) { c["iat"] = now.Add(time.Minute).Unix() })), nil, 401, "invalid_client", "in the future"},
		{"replayed jti", replayed, nil, 401, "invalid_client", "jti claim has already been used"},
		{"no jti", signed(t, jwt.SigningMethodRS256, key, with(func(c jwt.MapClaims) { delete(c, "jti") })), nil, 401, "invalid_client", "no jti claim"},
		{"unknown alg", signed(t, jwt.SigningMethodRS512, key, assertionClaims(now, aud)), nil, 401, "invalid_client", `alg "RS512" is not the algorithm of the client's credential`},
		{"HS256 with the public key", signed(t, jwt.SigningMethodHS256, x509.MarshalPKCS1PublicKey(&key.PublicKey), assertionClaims(now, aud)), nil, 401, "invalid_client", `alg "HS256"`},
		{"EC signature for an RSA credential", signed(t, jwt.SigningMethodES256, ec, assertionClaims(now, aud)), nil, 401, "invalid_client", `alg "ES256"`},
		{"unknown client", signed(t, jwt.SigningMethodRS256, key, with(func(c jwt.MapClaims) { c["iss"], c["sub"] = "nobody", "nobody" })), nil, 401, "invalid_client", "Client nobody has no credential"},
		{"sub is not iss", signed(t, jwt.SigningMethodRS256, key, with(func(c jwt.MapClaims) { c["sub"] = "someone" })), nil, 401, "invalid_client", "iss and sub"},
		{"client_id of another client", signed(t, jwt.SigningMethodRS256, key, assertionClaims(now, aud)), func(f url.Values) { f.Set("client_id", "other") }, 401, "invalid_client", "client_id does not match"},
		{"not a JWT", "not-a-jwt", nil, 401, "invalid_client", "not a valid JWT"},
		{"assertion with a secret", signed(t, jwt.SigningMethodRS256, key, assertionClaims(now, aud)), func(f url.Values) { f.Set("client_secret", "s") }, 400, "invalid_request", "client_secret must not be sent with client_assertion"},
		{"wrong assertion type", signed(t, jwt.SigningMethodRS256, key, assertionClaims(now, aud)), func(f url.Values) { f.Set("client_assertion_type", "jwt") }, 400, "invalid_request", "client_assertion_type must be"},
	}
	for _, tc := range cases {
		form := assertionForm(tc.assertion)
		if tc.edit != nil {
			tc.edit(form)
		}
		status, body := tokenCall(t, s, "application/x-www-form-urlencoded", form.Encode())
		desc, _ := body["error_description"].(string)
		if status != tc.status || body["error"] != tc.code || !strings.Contains(desc, tc.desc) || len(body) != 2 {
			t.Errorf("%s: %d %v, want %d %s containing %q", tc.name, status, body, tc.status, tc.code, tc.desc)
		}
	}
}

func TestParsePublicKeyPEM(t *testing.T) {
	key := testkeys.RSA()
	pkix, _ := x509.MarshalPKIXPublicKey(&key.PublicKey)
	ecPKIX, _ := x509.MarshalPKIXPublicKey(&testkeys.EC(elliptic.P256()).PublicKey)
	for name, block := range map[string]*pem.Block{
		"PKIX":  {Type: "PUBLIC KEY", Bytes: pkix},
		"PKCS1": {Type: "RSA PUBLIC KEY", Bytes: x509.MarshalPKCS1PublicKey(&key.PublicKey)},
	} {
		got, err := ParsePublicKeyPEM(pem.EncodeToMemory(block))
		if err != nil || !key.PublicKey.Equal(got) {
			t.Errorf("%s: %v", name, err)
		}
	}
	for name, data := range map[string][]byte{
		"EC key":      pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: ecPKIX}),
		"private key": pem.EncodeToMemory(&pem.Block{Type: "RSA PRIVATE KEY", Bytes: x509.MarshalPKCS1PrivateKey(key)}),
		"not PEM":     []byte("hello"),
	} {
		if _, err := ParsePublicKeyPEM(data); err == nil {
			t.Errorf("%s accepted", name)
		}
	}
}
