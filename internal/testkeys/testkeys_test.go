package testkeys

import (
	"bytes"
	"crypto/elliptic"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"math/big"
	"testing"
)

func TestKeysAreDistinctAndOnTheirCurves(t *testing.T) {
	first := RSA()
	if RSA() != first || first.Equal(OtherRSA()) {
		t.Error("RSA must be one key per binary, and OtherRSA another")
	}
	for _, curve := range []elliptic.Curve{elliptic.P256(), elliptic.P384(), elliptic.P521()} {
		if got := EC(curve).Curve; got != curve {
			t.Errorf("EC(%s) is on %s", curve.Params().Name, got.Params().Name)
		}
	}
}

func TestPEMRoundTrips(t *testing.T) {
	block, _ := pem.Decode([]byte(PrivatePEM(t, EC(elliptic.P256()))))
	if block == nil || block.Type != "PRIVATE KEY" {
		t.Fatalf("PrivatePEM: %v", block)
	}
	if key, err := x509.ParsePKCS8PrivateKey(block.Bytes); err != nil || !EC(elliptic.P256()).Equal(key) {
		t.Errorf("PrivatePEM does not read back: %v", err)
	}
	block, _ = pem.Decode([]byte(PublicPEM(t, RSA())))
	if block == nil || block.Type != "PUBLIC KEY" {
		t.Fatalf("PublicPEM: %v", block)
	}
	if key, err := x509.ParsePKIXPublicKey(block.Bytes); err != nil || !RSA().PublicKey.Equal(key) {
		t.Errorf("PublicPEM does not read back: %v", err)
	}
}

func TestSelfSignedVerifiesWithItsOwnKey(t *testing.T) {
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(7), Subject: pkix.Name{CommonName: "idp.example.com"}}
	der, pemText := SelfSigned(t, tmpl)
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatal(err)
	}
	if err := cert.CheckSignature(cert.SignatureAlgorithm, cert.RawTBSCertificate, cert.Signature); err != nil || cert.Subject.CommonName != "idp.example.com" {
		t.Errorf("not self-signed for its subject: %v, %s", err, cert.Subject)
	}
	if block, _ := pem.Decode([]byte(pemText)); block == nil || block.Type != "CERTIFICATE" || !bytes.Equal(block.Bytes, der) {
		t.Errorf("the PEM is not the DER: %q", pemText)
	}
}
