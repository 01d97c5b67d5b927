package emulator

import (
	"crypto/sha1"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/base64"
	"encoding/hex"
	"math/big"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/openauth0/terraform-provider-auth0/internal/testkeys"
)

// testIdPCertificate makes a certificate with a full subject, like an IdP's.
func testIdPCertificate(t *testing.T) (der []byte, pemText string) {
	t.Helper()
	return testkeys.SelfSigned(t, &x509.Certificate{
		SerialNumber: big.NewInt(42),
		Subject: pkix.Name{Country: []string{"AU"}, Province: []string{"Some-State"},
			Organization: []string{"Internet Widgits Pty Ltd"}, CommonName: "idp.example.com"},
		NotBefore: time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC),
		NotAfter:  time.Date(2034, 9, 9, 22, 5, 43, 0, time.UTC),
	})
}

func checkCertificateFields(t *testing.T, opts map[string]any, der []byte) {
	t.Helper()
	sum := sha1.Sum(der)
	if got := mustJSON(opts["thumbprints"]); got != `["`+hex.EncodeToString(sum[:])+`"]` {
		t.Errorf("thumbprints = %s", got)
	}
	if opts["expires"] != "2034-09-09T22:05:43.000Z" {
		t.Errorf("expires = %v", opts["expires"])
	}
	if got := mustJSON(opts["subject"]); got != `{"commonName":"idp.example.com","countryName":"AU","organizationName":"Internet Widgits Pty Ltd","stateOrProvinceName":"Some-State"}` {
		t.Errorf("subject = %s", got)
	}
	if cert, _ := opts["cert"].(string); !strings.HasPrefix(cert, "-----BEGIN CERTIFICATE-----\n") || !strings.HasSuffix(cert, "-----END CERTIFICATE-----") {
		t.Errorf("cert = %q", cert)
	}
}

func TestSAMLSigningCertIsParsedLocally(t *testing.T) {
	der, pemText := testIdPCertificate(t)
	s := newTestServer(t, Config{})
	for name, form := range map[string]string{
		"pem":            pemText,
		"base64 der":     base64.StdEncoding.EncodeToString(der),
		"base64 of pem":  base64.StdEncoding.EncodeToString([]byte(pemText)),
		"pem with CRLFs": strings.ReplaceAll(pemText, "\n", "\r\n"),
	} {
		t.Run(name, func(t *testing.T) {
			c := s.createConnection(map[string]any{"name": "saml-" + strings.ReplaceAll(name, " ", "-"), "strategy": "samlp", "options": map[string]any{"signingCert": form}})
			opts := c["options"].(map[string]any)
			checkCertificateFields(t, opts, der)
			if opts["signingCert"] != form {
				t.Errorf("samlp must keep signingCert as sent")
			}
		})
	}
}

func TestPingFederateConsumesSigningCert(t *testing.T) {
	der, pemText := testIdPCertificate(t)
	s := newTestServer(t, Config{})
	c := s.createConnection(map[string]any{"name": "ping", "strategy": "pingfederate", "options": map[string]any{
		"signingCert": pemText, "pingFederateBaseUrl": "https://ping.example.com"}})
	opts := c["options"].(map[string]any)
	checkCertificateFields(t, opts, der)
	if _, has := opts["signingCert"]; has {
		t.Error("pingfederate kept signingCert")
	}
	if opts["signInEndpoint"] != "https://ping.example.com" {
		t.Errorf("signInEndpoint = %v", opts["signInEndpoint"])
	}
	// PATCH with a new certificate re-derives the fields.
	got := s.patch(c["id"].(string), map[string]any{"options": map[string]any{"signingCert": pemText, "pingFederateBaseUrl": "https://ping.example.com"}})
	checkCertificateFields(t, got["options"].(map[string]any), der)
}

func TestSAMLMetadataXMLIsConsumed(t *testing.T) {
	der, _ := testIdPCertificate(t)
	metadata := `<?xml version="1.0"?>
<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" entityID="https://idp.example.com">
  <md:IDPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">
    <md:KeyDescriptor use="signing"><ds:KeyInfo xmlns:ds="http://www.w3.org/2000/09/xmldsig#"><ds:X509Data>
      <ds:X509Certificate>` + base64.StdEncoding.EncodeToString(der) + `</ds:X509Certificate>
    </ds:X509Data></ds:KeyInfo></md:KeyDescriptor>
    <md:SingleLogoutService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect" Location="https://idp.example.com/sign_out"/>
    <md:SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect" Location="https://idp.example.com/sign_in"/>
  </md:IDPSSODescriptor>
</md:EntityDescriptor>`
	s := newTestServer(t, Config{})
	c := s.createConnection(map[string]any{"name": "saml-md", "strategy": "samlp", "options": map[string]any{"metadataXml": metadata}})
	opts := c["options"].(map[string]any)
	if _, has := opts["metadataXml"]; has {
		t.Error("metadataXml kept")
	}
	for k, want := range map[string]string{
		"signInEndpoint":  "https://idp.example.com/sign_in",
		"signOutEndpoint": "https://idp.example.com/sign_out",
		"bindingMethod":   "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect",
	} {
		if opts[k] != want {
			t.Errorf("%s = %v, want %s", k, opts[k], want)
		}
	}
	// signingCert is stored as base64 of the PEM, as Auth0 does.
	if sc, _ := opts["signingCert"].(string); !strings.HasPrefix(sc, "LS0tLS1CRUdJTi") {
		t.Errorf("signingCert = %.30s…", sc)
	}
	checkCertificateFields(t, opts, der)
}

func TestBadSigningCertIs400(t *testing.T) {
	s := newTestServer(t, Config{})
	r := s.do("POST", "/api/v2/connections", map[string]any{"name": "bad-cert", "strategy": "samlp", "options": map[string]any{"signingCert": "-----BEGIN CERTIFICATE-----\nnope\n-----END CERTIFICATE-----"}})
	wantError(t, r, http.StatusBadRequest, "invalid_body", "")
	if n := len(s.emu.st.Connections); n != 0 {
		t.Errorf("a connection was created: %d", n)
	}
}
