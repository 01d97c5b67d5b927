// Package testkeys holds the keys that the tests of private-key JWT client
// authentication sign and verify with, and writes them as PEM the way the
// provider's users and the emulator's client credentials hold them. The keys
// are generated once per test binary: a 2048-bit RSA key takes a good part
// of a second, and tests in several packages need one. It also makes the
// self-signed certificates of the SAML tests.
package testkeys

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/pem"
	"sync"
	"testing"
)

var (
	// RSA is the key of the client credential tests register: Auth0's
	// credentials are RSA keys.
	RSA = sync.OnceValue(func() *rsa.PrivateKey { return generated(rsa.GenerateKey(rand.Reader, 2048)) })
	// OtherRSA is a second RSA key, for a signature a credential registered
	// with RSA must refuse.
	OtherRSA = sync.OnceValue(func() *rsa.PrivateKey { return generated(rsa.GenerateKey(rand.Reader, 2048)) })
)

// ecKeys are one key on each curve of the ES algorithms.
var ecKeys = sync.OnceValue(func() map[elliptic.Curve]*ecdsa.PrivateKey {
	keys := map[elliptic.Curve]*ecdsa.PrivateKey{}
	for _, curve := range []elliptic.Curve{elliptic.P256(), elliptic.P384(), elliptic.P521()} {
		keys[curve] = generated(ecdsa.GenerateKey(curve, rand.Reader))
	}
	return keys
})

// EC returns the key on curve, which is elliptic.P256, P384 or P521.
func EC(curve elliptic.Curve) *ecdsa.PrivateKey {
	key, ok := ecKeys()[curve]
	if !ok {
		panic("testkeys: no key on curve " + curve.Params().Name)
	}
	return key
}

// generated fails the test binary if the machine could not make a key:
// nothing would run without one.
func generated[K any](key K, err error) K {
	if err != nil {
		panic("testkeys: generating a key: " + err.Error())
	}
	return key
}

// PrivatePEM encodes key as a PEM "PRIVATE KEY" (PKCS #8), what a user
// exports and gives the provider as client_assertion_private_key.
func PrivatePEM(tb testing.TB, key crypto.Signer) string {
	tb.Helper()
	der, err := x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		tb.Fatal(err)
	}
	return string(pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der}))
}

// PublicPEM encodes the public half of key as a PEM "PUBLIC KEY" (PKIX),
// what a client credential is registered with.
func PublicPEM(tb testing.TB, key crypto.Signer) string {
	tb.Helper()
	der, err := x509.MarshalPKIXPublicKey(key.Public())
	if err != nil {
		tb.Fatal(err)
	}
	return string(pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: der}))
}

// SelfSigned makes the certificate tmpl describes, signed by its own EC
// P-256 key, as SAML identity providers' signing certificates often are. It
// returns it as DER and as a PEM "CERTIFICATE".
func SelfSigned(tb testing.TB, tmpl *x509.Certificate) (der []byte, pemText string) {
	tb.Helper()
	key := EC(elliptic.P256())
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		tb.Fatal(err)
	}
	return der, string(pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}))
}
