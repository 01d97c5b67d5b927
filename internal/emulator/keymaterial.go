package emulator

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha1" // #nosec G505 -- Auth0's key fingerprints are SHA-1 by definition
	"crypto/sha256"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/asn1"
	"encoding/base64"
	"encoding/hex"
	"encoding/pem"
	"errors"
	"fmt"
	"math/big"
	"strings"
	"time"
)

// The signing keys of oidc and okta connections that authenticate to their
// IdP with private_key_jwt. Every field Auth0 lists is derived, never
// random: the kid is the key's JWK thumbprint (RFC 7638), the fingerprint
// and thumbprint are the SHA-1 of the certificate, the certificate is a
// self-signed CN=<connection name> certificate valid for a year, and pkcs
// wraps the same certificate in a certs-only PKCS#7. Only this public
// material is kept; the emulator never signs with the keys, so their
// private halves are dropped as soon as the certificate is made.

// signingKey is one connection signing key.
type signingKey struct {
	Kid          string `json:"kid"`
	Algorithm    string `json:"algorithm"`
	SubjectDN    string `json:"subject_dn"`
	Cert         string `json:"cert"`
	Fingerprint  string `json:"fingerprint"`
	Thumbprint   string `json:"thumbprint"`
	PKCS         string `json:"pkcs"`
	Role         string `json:"role"`                    // keyCurrent, keyNext or keyPrevious
	CurrentSince string `json:"current_since,omitempty"` // only on the current key
}

// Key roles: Auth0 lists each with a true flag of that name.
const (
	keyCurrent  = "current"
	keyNext     = "next"
	keyPrevious = "previous"
)

// signingAlgs are the algorithms a key can be made for, with the key each
// needs. RSA algorithms get RSA-2048 keys (the recorded keys are); the
// ECDSA ones a key on their curve.
var signingAlgs = map[string]elliptic.Curve{
	"RS256": nil, "RS384": nil, "RS512": nil, "PS256": nil, "PS384": nil,
	"ES256": elliptic.P256(), "ES384": elliptic.P384(),
}

// keyValidity is how long a key certificate is valid: 365 days exactly.
const keyValidity = 365 * 24 * time.Hour

// newSigningKey makes a key for alg whose certificate is valid from
// notBefore for a year.
func newSigningKey(connectionName, alg string, notBefore time.Time) (*signingKey, error) {
	signer, sigAlg, err := generateSigner(alg)
	if err != nil {
		return nil, err
	}
	serial, err := certificateSerial()
	if err != nil {
		return nil, err
	}
	start := notBefore.UTC().Truncate(time.Second)
	subject := pkix.Name{CommonName: connectionName}
	tmpl := &x509.Certificate{
		SerialNumber:          serial,
		Subject:               subject,
		Issuer:                subject,
		NotBefore:             start,
		NotAfter:              start.Add(keyValidity),
		SignatureAlgorithm:    sigAlg,
		KeyUsage:              x509.KeyUsageDigitalSignature | x509.KeyUsageCertSign,
		BasicConstraintsValid: true,
		IsCA:                  true,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, signer.Public(), signer)
	if err != nil {
		return nil, fmt.Errorf("emulator: creating key certificate: %w", err)
	}
	kid, err := jwkThumbprint(signer.Public())
	if err != nil {
		return nil, err
	}
	pkcs, err := degeneratePKCS7(der)
	if err != nil {
		return nil, err
	}
	sum := sha1.Sum(der) // #nosec G401 -- a fingerprint, not a security use
	thumb := strings.ToUpper(hex.EncodeToString(sum[:]))
	return &signingKey{
		Kid:         kid,
		Algorithm:   alg,
		SubjectDN:   "/CN=" + connectionName,
		Cert:        pemCRLF("CERTIFICATE", der),
		Fingerprint: colonPairs(thumb),
		Thumbprint:  thumb,
		PKCS:        pemCRLF("PKCS7", pkcs),
	}, nil
}

func generateSigner(alg string) (crypto.Signer, x509.SignatureAlgorithm, error) {
	curve, ok := signingAlgs[alg]
	switch {
	case !ok:
		return nil, 0, fmt.Errorf("emulator: no key type for signing algorithm %q", alg)
	case curve == nil:
		key, err := rsa.GenerateKey(rand.Reader, 2048)
		return key, x509.SHA256WithRSA, err
	case curve == elliptic.P384():
		key, err := ecdsa.GenerateKey(curve, rand.Reader)
		return key, x509.ECDSAWithSHA384, err
	default:
		key, err := ecdsa.GenerateKey(curve, rand.Reader)
		return key, x509.ECDSAWithSHA256, err
	}
}

// certificateSerial is a random positive 9-byte serial, the size Auth0's
// key certificates carry.
func certificateSerial() (*big.Int, error) {
	b := make([]byte, 9)
	if _, err := rand.Read(b); err != nil {
		return nil, err
	}
	b[0] = b[0]&0x7f | 0x01 // positive and a full nine bytes long
	return new(big.Int).SetBytes(b), nil
}

// jwkThumbprint is the RFC 7638 thumbprint of a public key: SHA-256 over
// its required JWK members in lexicographic order, base64url unpadded.
func jwkThumbprint(pub crypto.PublicKey) (string, error) {
	b64 := base64.RawURLEncoding.EncodeToString
	var members string
	switch k := pub.(type) {
	case *rsa.PublicKey:
		e := big.NewInt(int64(k.E)).Bytes()
		members = `{"e":"` + b64(e) + `","kty":"RSA","n":"` + b64(k.N.Bytes()) + `"}`
	case *ecdsa.PublicKey:
		point, err := k.Bytes() // 0x04 || X || Y, each the curve's size
		if err != nil {
			return "", err
		}
		size := (len(point) - 1) / 2
		members = `{"crv":"` + k.Curve.Params().Name + `","kty":"EC","x":"` + b64(point[1:1+size]) + `","y":"` + b64(point[1+size:]) + `"}`
	default:
		return "", errors.New("emulator: unsupported public key type")
	}
	sum := sha256.Sum256([]byte(members))
	return b64(sum[:]), nil
}

// degeneratePKCS7 wraps one certificate in a certs-only PKCS#7 SignedData
// (no content, no signers): the structure Auth0's pkcs field holds. It is
// a fixed ASN.1 envelope, so encoding/asn1 builds it directly.
func degeneratePKCS7(certDER []byte) ([]byte, error) {
	type contentInfo struct {
		ContentType asn1.ObjectIdentifier
	}
	type signedData struct {
		Version          int
		DigestAlgorithms []pkix.AlgorithmIdentifier `asn1:"set"`
		ContentInfo      contentInfo
		Certificates     asn1.RawValue
		SignerInfos      []asn1.RawValue `asn1:"set"`
	}
	type envelope struct {
		ContentType asn1.ObjectIdentifier
		Content     signedData `asn1:"explicit,tag:0"`
	}
	oidData := asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 7, 1}
	oidSignedData := asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 7, 2}
	return asn1.Marshal(envelope{
		ContentType: oidSignedData,
		Content: signedData{
			Version:          1,
			DigestAlgorithms: []pkix.AlgorithmIdentifier{},
			ContentInfo:      contentInfo{ContentType: oidData},
			Certificates:     asn1.RawValue{Class: asn1.ClassContextSpecific, Tag: 0, IsCompound: true, Bytes: certDER},
			SignerInfos:      []asn1.RawValue{},
		},
	})
}

// pemCRLF is PEM with CRLF line endings and a trailing CRLF, as Auth0
// writes key certificates.
func pemCRLF(blockType string, der []byte) string {
	text := string(pem.EncodeToMemory(&pem.Block{Type: blockType, Bytes: der}))
	return strings.ReplaceAll(text, "\n", "\r\n")
}

// colonPairs writes hex as colon-separated pairs: "F5C0FF" -> "F5:C0:FF".
func colonPairs(hexText string) string {
	pairs := make([]string, 0, len(hexText)/2)
	for i := 0; i+1 < len(hexText); i += 2 {
		pairs = append(pairs, hexText[i:i+2])
	}
	return strings.Join(pairs, ":")
}
