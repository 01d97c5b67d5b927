package emulator

import (
	"bytes"
	"crypto/ecdsa"
	"crypto/rsa"
	"crypto/sha1"
	"crypto/sha256"
	"crypto/x509"
	"encoding/asn1"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"encoding/pem"
	"math/big"
	"net/http"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/openauth0/terraform-provider-auth0/internal/recorded"
)

// oidcConnection creates an oidc connection, authenticating with
// private_key_jwt when pkjwt is set, and returns its id.
func (s *testServer) oidcConnection(name string, pkjwt bool) string {
	s.t.Helper()
	opts := map[string]any{"client_id": "cid", "issuer": "https://idp.example.com", "type": "back_channel"}
	if pkjwt {
		opts["token_endpoint_auth_method"] = "private_key_jwt"
		opts["token_endpoint_auth_signing_alg"] = "RS256"
	}
	return s.createConnection(map[string]any{"name": name, "strategy": "oidc", "options": opts})["id"].(string)
}

// keyList is a decoded GET /keys answer.
func keyList(t *testing.T, r response) []map[string]any {
	t.Helper()
	mustStatus(t, r, http.StatusOK)
	arr, ok := r.body.([]any)
	if !ok {
		t.Fatalf("keys body is not an array: %s", r.raw)
	}
	out := make([]map[string]any, len(arr))
	for i, k := range arr {
		out[i] = k.(map[string]any)
	}
	return out
}

// roles lists each key's role flags and whether it has current_since:
// "current+since", "next", "previous".
func roles(keys []map[string]any) string {
	var out []string
	for _, k := range keys {
		var flags []string
		for _, f := range []string{"current", "previous", "next"} {
			if v, ok := k[f]; ok {
				if v != true {
					flags = append(flags, f+"="+mustJSON(v))
				} else {
					flags = append(flags, f)
				}
			}
		}
		if _, ok := k["current_since"]; ok {
			flags = append(flags, "since")
		}
		out = append(out, strings.Join(flags, "+"))
	}
	return strings.Join(out, ",")
}

func parseKeyCert(t *testing.T, text string) *x509.Certificate {
	t.Helper()
	block, rest := pem.Decode([]byte(text))
	if block == nil || len(rest) != 0 {
		t.Fatalf("cert is not one PEM block: %q", text)
	}
	cert, err := x509.ParseCertificate(block.Bytes)
	if err != nil {
		t.Fatal(err)
	}
	return cert
}

// The first GET of a private_key_jwt connection's keys finds the pair it
// has had since it was created: current (since the creation) and next.
func TestPrivateKeyJWTConnectionHasTwoKeysFromCreation(t *testing.T) {
	s := newTestServer(t, Config{})
	created := time.Date(2026, 1, 28, 3, 55, 29, 314_000_000, time.UTC)
	s.emu.clock = func() time.Time { return created }
	id := s.oidcConnection("oidc-keys", true)
	s.emu.clock = func() time.Time { return created.Add(time.Hour) }

	keys := keyList(t, s.do("GET", "/api/v2/connections/"+id+"/keys", nil))
	if got := roles(keys); got != "current+since,next" {
		t.Fatalf("roles = %s", got)
	}
	if keys[0]["current_since"] != "2026-01-28T03:55:29.314Z" {
		t.Errorf("current_since = %v, want the creation time", keys[0]["current_since"])
	}
	for _, k := range keys {
		if got := parseKeyCert(t, k["cert"].(string)).NotBefore; !got.Equal(created.Truncate(time.Second)) {
			t.Errorf("certificate notBefore %v, want the creation second", got)
		}
	}
	// Reads are stable: the same keys, byte for byte.
	again := s.do("GET", "/api/v2/connections/"+id+"/keys", nil)
	first := s.do("GET", "/api/v2/connections/"+id+"/keys", nil)
	if !bytes.Equal(again.raw, first.raw) {
		t.Errorf("two reads differ:\n%s\n%s", again.raw, first.raw)
	}
}

// Every key field is derived from the key and its certificate.
func TestKeyFieldsAreDerived(t *testing.T) {
	s := newTestServer(t, Config{})
	id := s.oidcConnection("Derived-Key-Connection", true)
	r := s.do("GET", "/api/v2/connections/"+id+"/keys", nil)
	keys := keyList(t, r)
	for _, want := range []string{`"kid":`, `"algorithm":"RS256","key_use":"signing","subject_dn":"/CN=Derived-Key-Connection","cert":`} {
		if !strings.Contains(string(r.raw), want) {
			t.Errorf("key body lacks %s in Auth0's key order: %s", want, r.raw)
		}
	}
	for _, k := range keys {
		checkDerivedKey(t, k, "Derived-Key-Connection")
		cert := parseKeyCert(t, k["cert"].(string))
		pub, ok := cert.PublicKey.(*rsa.PublicKey)
		if !ok || pub.N.BitLen() != 2048 || pub.E != 65537 {
			t.Errorf("public key %T, want RSA-2048 with e=65537", cert.PublicKey)
		}
		if cert.SignatureAlgorithm != x509.SHA256WithRSA {
			t.Errorf("signature algorithm %v", cert.SignatureAlgorithm)
		}
		if d := cert.NotAfter.Sub(cert.NotBefore); d != 365*24*time.Hour {
			t.Errorf("validity %v, want 365 days", d)
		}
		if serial := cert.SerialNumber.Bytes(); len(serial) != 9 || cert.SerialNumber.Sign() <= 0 {
			t.Errorf("serial %x, want 9 positive bytes", serial)
		}
		if !cert.IsCA || !cert.BasicConstraintsValid || len(cert.SubjectKeyId) == 0 ||
			cert.KeyUsage != x509.KeyUsageDigitalSignature|x509.KeyUsageCertSign {
			t.Errorf("extensions: CA %v, SKI %x, key usage %v", cert.IsCA, cert.SubjectKeyId, cert.KeyUsage)
		}
		for _, ext := range cert.Extensions {
			if (ext.Id.Equal(asn1.ObjectIdentifier{2, 5, 29, 19}) || ext.Id.Equal(asn1.ObjectIdentifier{2, 5, 29, 15})) && !ext.Critical {
				t.Errorf("extension %v is not critical", ext.Id)
			}
		}
		// CN is a PrintableString, as in Auth0's certificates.
		if !bytes.Contains(cert.RawSubject, append([]byte{0x13, byte(len("Derived-Key-Connection"))}, "Derived-Key-Connection"...)) {
			t.Errorf("subject CN is not a PrintableString: %x", cert.RawSubject)
		}
	}
	if keys[0]["kid"] == keys[1]["kid"] {
		t.Error("current and next share a kid")
	}
}

// checkDerivedKey recomputes a key's derived fields from its certificate.
func checkDerivedKey(t *testing.T, k map[string]any, connectionName string) {
	t.Helper()
	certText := k["cert"].(string)
	if !strings.HasSuffix(certText, "-----END CERTIFICATE-----\r\n") || strings.Contains(strings.ReplaceAll(certText, "\r\n", ""), "\n") {
		t.Errorf("cert is not CRLF PEM with a trailing CRLF: %q", certText)
	}
	for _, line := range strings.Split(strings.TrimSuffix(certText, "\r\n"), "\r\n") {
		if len(line) > 64 {
			t.Errorf("cert line longer than 64: %q", line)
		}
	}
	cert := parseKeyCert(t, certText)
	if err := cert.CheckSignatureFrom(cert); err != nil {
		t.Errorf("certificate is not self-signed: %v", err)
	}
	if cert.Subject.CommonName != connectionName || cert.Issuer.CommonName != connectionName {
		t.Errorf("subject %v issuer %v", cert.Subject, cert.Issuer)
	}
	if k["subject_dn"] != "/CN="+connectionName {
		t.Errorf("subject_dn = %v", k["subject_dn"])
	}
	sum := sha1.Sum(cert.Raw)
	thumb := strings.ToUpper(hex.EncodeToString(sum[:]))
	if k["thumbprint"] != thumb {
		t.Errorf("thumbprint %v, want %s", k["thumbprint"], thumb)
	}
	var pairs []string
	for i := 0; i < len(thumb); i += 2 {
		pairs = append(pairs, thumb[i:i+2])
	}
	if k["fingerprint"] != strings.Join(pairs, ":") {
		t.Errorf("fingerprint %v", k["fingerprint"])
	}
	if want := rfc7638(t, cert.PublicKey); k["kid"] != want {
		t.Errorf("kid %v, want the JWK thumbprint %s", k["kid"], want)
	}
	checkPKCS7(t, k["pkcs"].(string), cert.Raw)
}

// rfc7638 computes a JWK thumbprint independently of the emulator: the
// required members marshalled by encoding/json (which sorts map keys).
func rfc7638(t *testing.T, pub any) string {
	t.Helper()
	b64 := base64.RawURLEncoding.EncodeToString
	var members map[string]string
	switch k := pub.(type) {
	case *rsa.PublicKey:
		members = map[string]string{"kty": "RSA", "n": b64(k.N.Bytes()), "e": b64(big.NewInt(int64(k.E)).Bytes())}
	case *ecdsa.PublicKey:
		point, err := k.Bytes()
		if err != nil {
			t.Fatal(err)
		}
		n := (len(point) - 1) / 2
		members = map[string]string{"kty": "EC", "crv": k.Curve.Params().Name, "x": b64(point[1 : 1+n]), "y": b64(point[1+n:])}
	default:
		t.Fatalf("public key %T", pub)
	}
	data, _ := json.Marshal(members)
	sum := sha256.Sum256(data)
	return b64(sum[:])
}

// checkPKCS7 decodes a certs-only PKCS#7 and checks it holds exactly cert.
func checkPKCS7(t *testing.T, text string, certDER []byte) {
	t.Helper()
	block, _ := pem.Decode([]byte(text))
	if block == nil || block.Type != "PKCS7" || !strings.HasSuffix(text, "-----END PKCS7-----\r\n") {
		t.Fatalf("pkcs is not CRLF PEM PKCS7: %q", text)
	}
	var env struct {
		Type    asn1.ObjectIdentifier
		Content struct {
			Version      int
			Digests      asn1.RawValue
			ContentInfo  asn1.RawValue
			Certificates asn1.RawValue
			Signers      asn1.RawValue
		} `asn1:"explicit,tag:0"`
	}
	if _, err := asn1.Unmarshal(block.Bytes, &env); err != nil {
		t.Fatalf("pkcs: %v", err)
	}
	c := env.Content
	if !env.Type.Equal(asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 7, 2}) || c.Version != 1 ||
		len(c.Digests.Bytes) != 0 || len(c.Signers.Bytes) != 0 || c.Certificates.Tag != 0 || !bytes.Equal(c.Certificates.Bytes, certDER) {
		t.Errorf("pkcs is not a certs-only SignedData holding the certificate")
	}
}

// The derivation matches Auth0's own keys: recomputing kid, fingerprint,
// thumbprint and pkcs from each recorded certificate gives the recorded
// values.
func TestKeyDerivationMatchesRecordedKeys(t *testing.T) {
	n := 0
	for _, x := range recorded.Load(t) {
		if x.Method != "GET" || !strings.HasSuffix(urlPath(x.URL), "/keys") {
			continue
		}
		var keys []map[string]any
		if err := json.Unmarshal(x.ResponseBody, &keys); err != nil {
			t.Fatalf("%s: %v", x, err)
		}
		for _, k := range keys {
			name := strings.TrimPrefix(k["subject_dn"].(string), "/CN=")
			checkDerivedKey(t, k, name)
			block, _ := pem.Decode([]byte(k["cert"].(string)))
			pkcs, err := degeneratePKCS7(block.Bytes)
			if err != nil || pemCRLF("PKCS7", pkcs) != k["pkcs"] {
				t.Errorf("%s: our pkcs of the recorded certificate differs from the recorded pkcs", x)
			}
			if kid, err := jwkThumbprint(parseKeyCert(t, k["cert"].(string)).PublicKey); err != nil || kid != k["kid"] {
				t.Errorf("%s: kid %s, recorded %s", x, kid, k["kid"])
			}
			n++
		}
	}
	if n == 0 {
		t.Fatal("no recorded keys")
	}
}

// Rotation: 201 with the new next key; then current (the old next, keeping
// the old current_since), previous (the old current), next (the new one).
// A second rotation drops the older previous.
func TestRotateKeys(t *testing.T) {
	s := newTestServer(t, Config{})
	id := s.oidcConnection("rotating", true)
	base := "/api/v2/connections/" + id + "/keys"
	before := keyList(t, s.do("GET", base, nil))

	r := s.do("POST", base+"/rotate", nil)
	mustStatus(t, r, http.StatusCreated)
	fresh := r.object(t)
	if roles([]map[string]any{fresh}) != "next" {
		t.Errorf("rotate answered roles %s: %s", roles([]map[string]any{fresh}), r.raw)
	}
	checkDerivedKey(t, fresh, "rotating")

	after := keyList(t, s.do("GET", base, nil))
	if got := roles(after); got != "current+since,previous,next" {
		t.Fatalf("after one rotation roles = %s", got)
	}
	if after[0]["kid"] != before[1]["kid"] || after[1]["kid"] != before[0]["kid"] || after[2]["kid"] != fresh["kid"] {
		t.Errorf("rotation did not promote next and keep current as previous")
	}
	if after[0]["current_since"] != before[0]["current_since"] {
		t.Errorf("promoted current_since %v, want the old current's %v", after[0]["current_since"], before[0]["current_since"])
	}
	if after[2]["cert"] != fresh["cert"] {
		t.Error("the listed next key is not the one rotate answered")
	}

	// The body may be absent, null or {}.
	for _, body := range []any{"null", map[string]any{}} {
		mustStatus(t, s.do("POST", base+"/rotate", body), http.StatusCreated)
	}
	final := keyList(t, s.do("GET", base, nil))
	if got := roles(final); got != "current+since,previous,next" || len(final) != 3 {
		t.Errorf("after three rotations roles = %s", got)
	}
}

func TestRotateWithSigningAlg(t *testing.T) {
	s := newTestServer(t, Config{})
	id := s.oidcConnection("ec-rotation", true)
	r := s.do("POST", "/api/v2/connections/"+id+"/keys/rotate", map[string]any{"signing_alg": "ES256"})
	mustStatus(t, r, http.StatusCreated)
	k := r.object(t)
	if k["algorithm"] != "ES256" {
		t.Errorf("algorithm = %v", k["algorithm"])
	}
	if _, ok := parseKeyCert(t, k["cert"].(string)).PublicKey.(*ecdsa.PublicKey); !ok {
		t.Error("an ES256 key is not an EC key")
	}
	checkDerivedKey(t, k, "ec-rotation")
	wantError(t, s.do("POST", "/api/v2/connections/"+id+"/keys/rotate", map[string]any{"signing_alg": "HS256"}),
		http.StatusBadRequest, "invalid_body", "Payload validation error: 'No enum match for: HS256' on property signing_alg.")
	wantError(t, s.do("POST", "/api/v2/connections/"+id+"/keys/rotate", map[string]any{"alg": "RS256"}),
		http.StatusBadRequest, "invalid_body", "Payload validation error: 'Additional properties not allowed: alg'.")
}

// Keys are for oidc and okta only; without private_key_jwt there are none
// until POST /keys provisions them (once).
func TestKeysEligibility(t *testing.T) {
	s := newTestServer(t, Config{})
	db := s.createConnection(map[string]any{"name": "db", "strategy": "auth0"})["id"].(string)
	wantError(t, s.do("GET", "/api/v2/connections/"+db+"/keys", nil), http.StatusBadRequest, "", "keys are not available for this connection")
	wantError(t, s.do("POST", "/api/v2/connections/"+db+"/keys", nil), http.StatusBadRequest, "", "keys are not available for this connection")
	wantError(t, s.do("POST", "/api/v2/connections/"+db+"/keys/rotate", nil), http.StatusBadRequest, "", "Key rotation is not supported on this connection")
	wantError(t, s.do("GET", "/api/v2/connections/con_AAAAAAAAAAAAAAAA/keys", nil), http.StatusNotFound, "inexistent_connection", "The connection does not exist")

	plain := s.oidcConnection("plain-oidc", false)
	base := "/api/v2/connections/" + plain + "/keys"
	wantError(t, s.do("GET", base, nil), http.StatusBadRequest, "", "keys are not available for this connection")
	wantError(t, s.do("POST", base+"/rotate", nil), http.StatusBadRequest, "", "Connection is not configured to use JWT Client Authentication")
	r := s.do("POST", base, nil)
	mustStatus(t, r, http.StatusCreated)
	provisioned, _ := r.body.([]any)
	if len(provisioned) != 2 {
		t.Fatalf("POST /keys answered %s", r.raw)
	}
	if got := string(s.do("GET", base, nil).raw); got != string(r.raw) {
		t.Errorf("GET after POST /keys = %s, want %s", got, r.raw)
	}
	wantError(t, s.do("POST", base, nil), http.StatusConflict, "", "Keys have already been created for this connection.")
}

// An update that switches an oidc connection to private_key_jwt gives it
// keys; key reads and rotations leave the connection itself unchanged.
func TestKeysFollowPrivateKeyJWTAndLeaveTheConnectionAlone(t *testing.T) {
	s := newTestServer(t, Config{})
	id := s.oidcConnection("switching", false)
	conn := s.do("GET", "/api/v2/connections/"+id, nil).object(t)
	opts := conn["options"].(map[string]any)
	opts["token_endpoint_auth_method"] = "private_key_jwt"
	mustStatus(t, s.do("PATCH", "/api/v2/connections/"+id, map[string]any{"options": opts}), http.StatusOK)
	beforeKeys := s.do("GET", "/api/v2/connections/"+id, nil).raw
	if got := roles(keyList(t, s.do("GET", "/api/v2/connections/"+id+"/keys", nil))); got != "current+since,next" {
		t.Errorf("after switching to private_key_jwt roles = %s", got)
	}
	mustStatus(t, s.do("POST", "/api/v2/connections/"+id+"/keys/rotate", nil), http.StatusCreated)
	if after := s.do("GET", "/api/v2/connections/"+id, nil).raw; !bytes.Equal(after, beforeKeys) {
		t.Errorf("keys changed the connection:\n%s\n%s", beforeKeys, after)
	}
}

func TestKeysScopes(t *testing.T) {
	s := newTestServer(t, Config{})
	id := s.oidcConnection("key-scopes", true)
	base := "/api/v2/connections/" + id + "/keys"
	s.wantInsufficientScope("GET", base, nil, "Insufficient scope, expected any of: read:connections_keys", "read:connections")
	s.wantInsufficientScope("POST", base, nil, "Insufficient scope, expected any of: create:connections_keys", "read:connections_keys")
	for _, one := range []string{"create:connections_keys", "update:connections_keys"} {
		s.wantInsufficientScope("POST", base+"/rotate", nil, "Insufficient scope, expected all of: create:connections_keys,update:connections_keys", one)
	}
	mustStatus(t, s.call("POST", base+"/rotate", nil, s.emu.MintToken("create:connections_keys", "update:connections_keys")), http.StatusCreated)
	mustStatus(t, s.call("GET", base, nil, s.emu.MintToken("read:connections_keys")), http.StatusOK)
}

// Keys survive a restart of a persisted emulator unchanged.
func TestKeysArePersisted(t *testing.T) {
	file := filepath.Join(t.TempDir(), "tenant.json")
	s := newTestServer(t, Config{DataFile: file})
	id := s.oidcConnection("persisted-keys", true)
	mustStatus(t, s.do("POST", "/api/v2/connections/"+id+"/keys/rotate", nil), http.StatusCreated)
	want := s.do("GET", "/api/v2/connections/"+id+"/keys", nil).raw

	restarted := newTestServer(t, Config{DataFile: file})
	if got := restarted.do("GET", "/api/v2/connections/"+id+"/keys", nil).raw; !bytes.Equal(got, want) {
		t.Errorf("keys after restart:\n%s\nwant\n%s", got, want)
	}
}

// Concurrent first reads and rotations generate keys outside the state
// lock: every read sees one consistent ring, and the ring ends as one
// current, one previous and one next key.
func TestKeysUnderConcurrentRequests(t *testing.T) {
	s := newTestServer(t, Config{})
	id := s.oidcConnection("concurrent-keys", true)
	base := "/api/v2/connections/" + id + "/keys"
	var wg sync.WaitGroup
	results := make(chan response, 6)
	for i := range 6 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if i%3 == 0 {
				results <- s.do("POST", base+"/rotate", nil)
				return
			}
			results <- s.do("GET", base, nil)
		}()
	}
	wg.Wait()
	close(results)
	for r := range results {
		if r.status != http.StatusOK && r.status != http.StatusCreated {
			t.Errorf("concurrent request answered %d %s", r.status, r.raw)
		}
	}
	if got := roles(keyList(t, s.do("GET", base, nil))); got != "current+since,previous,next" {
		t.Errorf("after concurrent rotations roles = %s", got)
	}
}
