package client

import (
	"bytes"
	"crypto"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"encoding/pem"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"
	"github.com/hashicorp/terraform-plugin-log/tflogtest"

	"github.com/openauth0/terraform-provider-auth0/internal/emulator"
	"github.com/openauth0/terraform-provider-auth0/internal/emulator/emulatortest"
	"github.com/openauth0/terraform-provider-auth0/internal/testkeys"
)

// TestClientAssertionClaims decodes and verifies assertions signed with each
// algorithm: the claims Auth0 requires, a fresh jti each time.
func TestClientAssertionClaims(t *testing.T) {
	rsaKey := testkeys.RSA()
	for alg, key := range map[string]crypto.Signer{
		"RS256": rsaKey, "RS384": rsaKey, "RS512": rsaKey, "PS256": rsaKey, "PS384": rsaKey, "PS512": rsaKey,
		"ES256": testkeys.EC(elliptic.P256()), "ES384": testkeys.EC(elliptic.P384()), "ES512": testkeys.EC(elliptic.P521()),
	} {
		t.Run(alg, func(t *testing.T) {
			signer, err := newAssertionSigner("my-client", testkeys.PrivatePEM(t, key), alg, "https://tenant.eu.auth0.com")
			if err != nil {
				t.Fatal(err)
			}
			now := time.Now()
			first, err := signer.sign(now)
			if err != nil {
				t.Fatal(err)
			}
			second, _ := signer.sign(now)
			claims := jwt.MapClaims{}
			token, err := jwt.ParseWithClaims(first, claims, func(*jwt.Token) (any, error) { return key.Public(), nil },
				jwt.WithValidMethods([]string{alg}), jwt.WithAudience("https://tenant.eu.auth0.com/"),
				jwt.WithIssuer("my-client"), jwt.WithSubject("my-client"), jwt.WithExpirationRequired(), jwt.WithIssuedAt())
			if err != nil || !token.Valid {
				t.Fatalf("the assertion does not verify: %v", err)
			}
			if token.Header["alg"] != alg || token.Header["typ"] != "JWT" {
				t.Errorf("header %v", token.Header)
			}
			iat, _ := claims.GetIssuedAt()
			exp, _ := claims.GetExpirationTime()
			if got := exp.Sub(iat.Time); got != assertionLifetime || got > 5*time.Minute {
				t.Errorf("lifetime %s, want %s (Auth0 allows at most 5 minutes)", got, assertionLifetime)
			}
			if _, isString := claims["aud"].(string); !isString {
				t.Errorf("aud = %#v, want a single string", claims["aud"])
			}
			jti, _ := claims["jti"].(string)
			secondClaims := jwt.MapClaims{}
			if _, _, err := jwt.NewParser().ParseUnverified(second, secondClaims); err != nil || jti == "" || len(jti) > 64 || secondClaims["jti"] == jti {
				t.Errorf("jti %q then %q: want unique ones of at most 64 characters", jti, secondClaims["jti"])
			}
		})
	}
}

func TestAssertionSettingsAreCheckedAtPlanTime(t *testing.T) {
	rsaKey, p256Key := testkeys.RSA(), testkeys.EC(elliptic.P256())
	rsaPEM := testkeys.PrivatePEM(t, rsaKey)
	p256PEM := testkeys.PrivatePEM(t, p256Key)
	_, edKey, _ := ed25519.GenerateKey(rand.Reader)
	edPEM := testkeys.PrivatePEM(t, edKey)
	pkcs1 := string(pem.EncodeToMemory(&pem.Block{Type: "RSA PRIVATE KEY", Bytes: x509.MarshalPKCS1PrivateKey(rsaKey)}))
	sec1Bytes, _ := x509.MarshalECPrivateKey(p256Key)
	sec1 := string(pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: sec1Bytes}))
	public := testkeys.PublicPEM(t, rsaKey)

	valid := Config{Domain: "tenant.auth0.com", ClientID: "id", ClientAssertionPrivateKey: rsaPEM, ClientAssertionSigningAlg: "RS256"}
	for name, cfg := range map[string]Config{
		"PKCS #1 RSA": {Domain: "t.auth0.com", ClientID: "id", ClientAssertionPrivateKey: pkcs1, ClientAssertionSigningAlg: "PS256"},
		"SEC 1 EC":    {Domain: "t.auth0.com", ClientID: "id", ClientAssertionPrivateKey: sec1, ClientAssertionSigningAlg: "ES256"},
		"PKCS #8 EC":  {Domain: "t.auth0.com", ClientID: "id", ClientAssertionPrivateKey: "\n  " + p256PEM + "\n", ClientAssertionSigningAlg: "ES256"},
		"RSA":         valid,
	} {
		if c, err := New(cfg); err != nil || c.s.assertion == nil || c.tokens == nil {
			t.Errorf("%s: New() = %v; want a client signing assertions", name, err)
		}
	}

	checkSettingErrors(t, valid, []settingCase{
		{"unsupported algorithm", func(c *Config) { c.ClientAssertionSigningAlg = "HS256" }, SettingClientAssertionSigningAlg,
			`client_assertion_signing_alg must be one of ES256, ES384, ES512, PS256, PS384, PS512, RS256, RS384, RS512, got "HS256"`, true},
		{"lower-case algorithm", func(c *Config) { c.ClientAssertionSigningAlg = "rs256" }, SettingClientAssertionSigningAlg, `got "rs256"`, true},
		{"not PEM", func(c *Config) { c.ClientAssertionPrivateKey = "MIIEvQIBADANBgkqhkiG9w0BAQEFAASC" }, SettingClientAssertionPrivateKey,
			"client_assertion_private_key must be a PEM-encoded RSA or EC private key, but it is not a PEM block", true},
		{"a public key", func(c *Config) { c.ClientAssertionPrivateKey = public }, SettingClientAssertionPrivateKey, `its PEM block is "PUBLIC KEY", not a private key`, true},
		{"two blocks", func(c *Config) { c.ClientAssertionPrivateKey = rsaPEM + public }, SettingClientAssertionPrivateKey, "more than one PEM block", true},
		{"corrupt body", func(c *Config) {
			c.ClientAssertionPrivateKey = string(pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: []byte("not DER")}))
		}, SettingClientAssertionPrivateKey, "its PRIVATE KEY block does not parse", true},
		{"encrypted", func(c *Config) {
			c.ClientAssertionPrivateKey = string(pem.EncodeToMemory(&pem.Block{Type: "ENCRYPTED PRIVATE KEY", Bytes: []byte{1}}))
		}, SettingClientAssertionPrivateKey, "the key is encrypted", true},
		{"ed25519", func(c *Config) { c.ClientAssertionPrivateKey = edPEM }, SettingClientAssertionPrivateKey, "ed25519.PrivateKey key; client assertions are signed with RSA or EC", true},
		{"EC key for RS256", func(c *Config) { c.ClientAssertionPrivateKey = p256PEM }, SettingClientAssertionSigningAlg,
			"client_assertion_signing_alg RS256 cannot sign with client_assertion_private_key: RS256 needs an RSA key, but the key is EC (P-256). Use ES256.", true},
		{"RSA key for ES256", func(c *Config) { c.ClientAssertionSigningAlg = "ES256" }, SettingClientAssertionSigningAlg,
			"ES256 needs an EC key on P-256, but the key is RSA. Use PS256, PS384, PS512, RS256, RS384 or RS512.", true},
		{"P-256 key for ES384", func(c *Config) { c.ClientAssertionPrivateKey, c.ClientAssertionSigningAlg = p256PEM, "ES384" }, SettingClientAssertionSigningAlg,
			"ES384 needs an EC key on P-384, but the key is on P-256", true},
		{"key without algorithm", func(c *Config) { c.ClientAssertionSigningAlg = "" }, SettingClientAssertionSigningAlg,
			"client_id and client_assertion_private_key are set but client_assertion_signing_alg is not: private-key JWT authentication needs client_id, client_assertion_private_key and client_assertion_signing_alg.", false},
		{"algorithm without key", func(c *Config) { c.ClientAssertionPrivateKey = "" }, SettingClientAssertionPrivateKey, "client_assertion_private_key is not", false},
		{"no client id", func(c *Config) { c.ClientID = "" }, SettingClientID, "client_assertion_private_key and client_assertion_signing_alg are set but client_id is not", false},
		{"algorithm alone", func(c *Config) { c.ClientID, c.ClientAssertionPrivateKey = "", "" }, SettingClientID,
			"client_assertion_signing_alg is set but client_id and client_assertion_private_key are not", false},
		{"with a client secret", func(c *Config) { c.ClientSecret = "s" }, SettingClientSecret,
			"client_secret and private-key JWT authentication (client_assertion_private_key, client_assertion_signing_alg) are both set", true},
		{"with an API token", func(c *Config) { c.APIToken = "tok" }, SettingAPIToken,
			"api_token and client credentials (client_id, client_assertion_private_key, client_assertion_signing_alg) are both set", true},
		{"API token and an algorithm", func(c *Config) { c.APIToken, c.ClientID, c.ClientAssertionPrivateKey = "tok", "", "" }, SettingAPIToken,
			"api_token and client credentials (client_assertion_signing_alg) are both set", true},
	})
}

func TestClientAssertionAgainstEmulator(t *testing.T) {
	key := testkeys.RSA()
	srv := emulatortest.Start(t, emulator.Config{TokenTTL: 2 * time.Second, ClientAssertionKeys: map[string]crypto.PublicKey{"pkjwt": &key.PublicKey}})
	c := emulatorClient(t, srv, func(cfg *Config) {
		cfg.APIToken, cfg.ClientID = "", "pkjwt"
		cfg.ClientAssertionPrivateKey, cfg.ClientAssertionSigningAlg = testkeys.PrivatePEM(t, key), "PS256"
	})
	ctx := t.Context()
	created, err := c.CreateConnection(ctx, &Connection{Name: "pkjwt", Strategy: "auth0"})
	if err != nil {
		t.Fatal(err)
	}
	// The refresh signs a new assertion: the emulator refuses a replayed
	// jti, so reusing the first one would fail here.
	refreshesBeforeExpiry(t, srv, c, created.ID, 2)

	wrong := emulatorClient(t, srv, func(cfg *Config) {
		cfg.APIToken, cfg.ClientID = "", "pkjwt"
		cfg.ClientAssertionPrivateKey, cfg.ClientAssertionSigningAlg = testkeys.PrivatePEM(t, testkeys.OtherRSA()), "RS256"
	})
	_, err = wrong.GetConnection(ctx, created.ID)
	if err == nil || !strings.Contains(err.Error(), "obtaining a Management API token with a private-key JWT client assertion") ||
		!strings.Contains(err.Error(), "401 invalid_client: Invalid signature") || !strings.Contains(err.Error(), "pairs with client_assertion_private_key") {
		t.Errorf("a wrong key: %v", err)
	}
}

// TestTokenRequestDebugLogMasksTheAssertion: with debug on, the token
// exchange is logged with client_assertion and the access token masked.
func TestTokenRequestDebugLogMasksTheAssertion(t *testing.T) {
	key := testkeys.EC(elliptic.P256())
	var assertions []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/oauth/token" {
			_ = r.ParseForm()
			assertions = append(assertions, r.Form.Get("client_assertion"))
			if r.Form.Get("client_assertion_type") != clientAssertionType || r.Form.Has("client_secret") {
				writeJSON(w, 400, `{"error":"invalid_request"}`)
				return
			}
			writeJSON(w, 200, `{"access_token":"eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl","token_type":"Bearer","expires_in":86400}`)
			return
		}
		writeJSON(w, 200, `{"id":"con_0123456789abcdef","name":"ok","strategy":"auth0"}`)
	}))
	defer srv.Close()
	c := newTestClient(t, srv.URL, func(cfg *Config) {
		cfg.APIToken, cfg.ClientID, cfg.Debug = "", "cid", true
		cfg.ClientAssertionPrivateKey, cfg.ClientAssertionSigningAlg = testkeys.PrivatePEM(t, key), "ES256"
	})
	var logs bytes.Buffer
	ctx := tflogtest.RootLogger(t.Context(), &logs)
	if _, err := c.GetConnection(ctx, "con_0123456789abcdef"); err != nil {
		t.Fatal(err)
	}
	out := logs.String()
	if len(assertions) != 1 || assertions[0] == "" {
		t.Fatalf("assertions sent: %q", assertions)
	}
	for _, secret := range []string{assertions[0], "c2lnbmF0dXJl", "PRIVATE KEY", "MIG"} {
		if strings.Contains(out, secret) {
			t.Errorf("%q reached the debug log:\n%s", secret, out)
		}
	}
	for _, want := range []string{"Token request body", "client_assertion=***", "client_assertion_type=" + url.QueryEscape(clientAssertionType), "client_id=cid", `\"access_token\":\"***\"`} {
		if !strings.Contains(out, want) {
			t.Errorf("the debug log lacks %q:\n%s", want, out)
		}
	}
}

func TestMaskForm(t *testing.T) {
	got := maskForm([]byte("grant_type=client_credentials&client_secret=s3cr3t&client_assertion=eyJ.x.y&audience=https%3A%2F%2Ft%2Fapi%2Fv2%2F"))
	want := "audience=https%3A%2F%2Ft%2Fapi%2Fv2%2F&client_assertion=***&client_secret=***&grant_type=client_credentials"
	if got != want {
		t.Errorf("maskForm = %s, want %s", got, want)
	}
	if got := maskForm([]byte("a=%zz")); strings.Contains(got, "zz") {
		t.Errorf("an unparsable form is quoted: %s", got)
	}
}

// TestTokenAnswerEchoingTheAssertionIsMasked: a token endpoint (or a proxy)
// that quotes the client assertion in its refusal, under a key that says
// nothing of it, puts it neither in the debug log nor in the error. The
// assertion is not a configured credential, so tflog's masking of those
// does not cover it.
func TestTokenAnswerEchoingTheAssertionIsMasked(t *testing.T) {
	key := testkeys.EC(elliptic.P256())
	var assertion string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_ = r.ParseForm()
		assertion = r.Form.Get("client_assertion")
		writeJSON(w, 401, `{"error":"access_denied","error_description":"Unauthorized: `+assertion+`"}`)
	}))
	defer srv.Close()
	c := newTestClient(t, srv.URL, func(cfg *Config) {
		cfg.APIToken, cfg.ClientID, cfg.Debug = "", "cid", true
		cfg.ClientAssertionPrivateKey, cfg.ClientAssertionSigningAlg = testkeys.PrivatePEM(t, key), "ES256"
	})
	var logs bytes.Buffer
	_, err := c.GetConnection(tflogtest.RootLogger(t.Context(), &logs), "con_0123456789abcdef")
	if err == nil || assertion == "" || !strings.Contains(logs.String(), "Token response body") {
		t.Fatalf("err = %v; the token answer must be refused and logged:\n%s", err, logs.String())
	}
	if strings.Contains(logs.String(), assertion) || strings.Contains(err.Error(), assertion) {
		t.Errorf("the client assertion leaked:\nerror: %v\nlog: %s", err, logs.String())
	}
}
