package client

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/pem"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/golang-jwt/jwt/v5"
)

// clientAssertionType is the client_assertion_type of a JWT client
// assertion (RFC 7523, section 2.2).
const clientAssertionType = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"

// assertionLifetime is how long a client assertion is valid. Auth0 accepts
// at most five minutes and recommends the shortest lifetime possible: an
// assertion is used once, right after it is signed. Two minutes is what
// go-auth0 (and so the official provider) uses.
const assertionLifetime = 2 * time.Minute

// assertionAlgorithm is a JWS algorithm for client assertions and the key it
// needs.
type assertionAlgorithm struct {
	method jwt.SigningMethod
	// curve is the elliptic curve of an ES algorithm; nil for RSA ones.
	curve elliptic.Curve
}

// assertionAlgorithms are the algorithms go-auth0 signs client assertions
// with, so every configuration the official provider accepts is accepted
// here too. Auth0 itself registers credentials for RS256, RS384 and PS256.
var assertionAlgorithms = map[string]assertionAlgorithm{
	"RS256": {method: jwt.SigningMethodRS256},
	"RS384": {method: jwt.SigningMethodRS384},
	"RS512": {method: jwt.SigningMethodRS512},
	"PS256": {method: jwt.SigningMethodPS256},
	"PS384": {method: jwt.SigningMethodPS384},
	"PS512": {method: jwt.SigningMethodPS512},
	"ES256": {method: jwt.SigningMethodES256, curve: elliptic.P256()},
	"ES384": {method: jwt.SigningMethodES384, curve: elliptic.P384()},
	"ES512": {method: jwt.SigningMethodES512, curve: elliptic.P521()},
}

// assertionAlgorithmNames lists the accepted client_assertion_signing_alg values.
func assertionAlgorithmNames() []string {
	return slices.Sorted(func(yield func(string) bool) {
		for name := range assertionAlgorithms {
			if !yield(name) {
				return
			}
		}
	})
}

// parsePrivateKey reads a PEM private key: PKCS #8 ("PRIVATE KEY"), PKCS #1
// ("RSA PRIVATE KEY") or SEC 1 ("EC PRIVATE KEY"). The errors never quote
// the key.
func parsePrivateKey(text string) (crypto.Signer, error) {
	block, rest := pem.Decode([]byte(strings.TrimSpace(text)))
	switch {
	case block == nil:
		return nil, fmt.Errorf("it is not a PEM block (it should start with -----BEGIN PRIVATE KEY-----)")
	case len(strings.TrimSpace(string(rest))) > 0:
		return nil, fmt.Errorf("it holds more than one PEM block; give the private key alone")
	case block.Headers["Proc-Type"] != "" || block.Type == "ENCRYPTED PRIVATE KEY":
		return nil, fmt.Errorf("the key is encrypted; give it unencrypted (for example openssl pkey -in key.pem)")
	}
	var (
		key any
		err error
	)
	switch block.Type {
	case "PRIVATE KEY":
		key, err = x509.ParsePKCS8PrivateKey(block.Bytes)
	case "RSA PRIVATE KEY":
		key, err = x509.ParsePKCS1PrivateKey(block.Bytes)
	case "EC PRIVATE KEY":
		key, err = x509.ParseECPrivateKey(block.Bytes)
	default:
		return nil, fmt.Errorf("its PEM block is %q, not a private key", block.Type)
	}
	if err != nil {
		return nil, fmt.Errorf("its %s block does not parse (%w)", block.Type, err)
	}
	switch k := key.(type) {
	case *rsa.PrivateKey:
		return k, nil
	case *ecdsa.PrivateKey:
		return k, nil
	default:
		return nil, fmt.Errorf("it is a %T key; client assertions are signed with RSA or EC (P-256, P-384, P-521) keys", key)
	}
}

// keyFitsAlgorithm says what is wrong with signing alg with key, or "".
func keyFitsAlgorithm(name string, alg assertionAlgorithm, key crypto.Signer) string {
	switch k := key.(type) {
	case *rsa.PrivateKey:
		if alg.curve != nil {
			return fmt.Sprintf("%s needs an EC key on %s, but the key is RSA", name, alg.curve.Params().Name)
		}
	case *ecdsa.PrivateKey:
		if alg.curve == nil {
			return fmt.Sprintf("%s needs an RSA key, but the key is EC (%s)", name, k.Curve.Params().Name)
		}
		if k.Curve != alg.curve {
			return fmt.Sprintf("%s needs an EC key on %s, but the key is on %s", name, alg.curve.Params().Name, k.Curve.Params().Name)
		}
	}
	return ""
}

// assertionSigner signs the client assertions of one application.
type assertionSigner struct {
	clientID string
	audience string // the tenant's URL with a trailing slash
	alg      assertionAlgorithm
	key      crypto.Signer
}

// newAssertionSigner checks the key and algorithm (Validate has already
// reported a bad one) and returns a signer for assertions to baseURL.
func newAssertionSigner(clientID, pemKey, algName, baseURL string) (*assertionSigner, error) {
	alg, ok := assertionAlgorithms[algName]
	if !ok {
		return nil, fmt.Errorf("unsupported client assertion algorithm %q", algName)
	}
	key, err := parsePrivateKey(pemKey)
	if err != nil {
		return nil, fmt.Errorf("client assertion private key: %s", err.Error())
	}
	if msg := keyFitsAlgorithm(algName, alg, key); msg != "" {
		return nil, fmt.Errorf("client assertion private key: %s", msg)
	}
	return &assertionSigner{clientID: clientID, audience: baseURL + "/", alg: alg, key: key}, nil
}

// sign returns a fresh client assertion. Auth0 documents its claims: iss and
// sub are the client id, aud is the tenant's URL with its trailing slash
// (what go-auth0 sends), jti is unique (Auth0 rejects a replayed one), and
// exp is at most five minutes after iat.
func (s *assertionSigner) sign(now time.Time) (string, error) {
	now = now.Truncate(time.Second)
	claims := jwt.MapClaims{
		"iss": s.clientID,
		"sub": s.clientID,
		// A single string: an array is valid JWT but not what Auth0's
		// examples and go-auth0 send.
		"aud": s.audience,
		"iat": now.Unix(),
		"nbf": now.Unix(),
		"exp": now.Add(assertionLifetime).Unix(),
		// 26 characters of 130 random bits: unique, and within the 64
		// characters Auth0 allows for jti.
		"jti": rand.Text(),
	}
	token, err := jwt.NewWithClaims(s.alg.method, claims).SignedString(s.key)
	if err != nil {
		return "", fmt.Errorf("signing the client assertion: %w", err)
	}
	return token, nil
}

// algorithmsFor lists the algorithms that can sign with key.
func algorithmsFor(key crypto.Signer) string {
	var fit []string
	for _, name := range assertionAlgorithmNames() {
		if keyFitsAlgorithm(name, assertionAlgorithms[name], key) == "" {
			fit = append(fit, name)
		}
	}
	if len(fit) == 1 {
		return fit[0]
	}
	return strings.Join(fit[:len(fit)-1], ", ") + " or " + fit[len(fit)-1]
}
