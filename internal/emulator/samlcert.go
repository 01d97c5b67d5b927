package emulator

import (
	"bytes"
	"crypto/sha1" // #nosec G505 -- SAML thumbprints are SHA-1 by definition
	"crypto/x509"
	"encoding/base64"
	"encoding/hex"
	"encoding/pem"
	"encoding/xml"
	"errors"
	"net/http"
	"strings"
)

// SAML and PingFederate connections: the server turns the IdP's signing
// certificate into cert/expires/subject/thumbprints, and consumes a samlp
// metadataXml into endpoints and the certificate, as recorded. The
// real server fetches metadataUrl/adfs_server documents over the network;
// the emulator never does (no network), it only parses what it is sent.

// certificateFields derives the stored fields from one certificate, in the
// form Auth0 returns them.
func certificateFields(cert *x509.Certificate) map[string]any {
	sum := sha1.Sum(cert.Raw) // #nosec G401 -- thumbprint, not a security use
	pemText := strings.TrimRight(string(pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: cert.Raw})), "\n")
	return map[string]any{
		"cert":        pemText,
		"expires":     cert.NotAfter.UTC().Format(isoMillis),
		"subject":     certificateSubject(cert),
		"thumbprints": []any{hex.EncodeToString(sum[:])},
	}
}

// isoMillis is Auth0's timestamp format (deleted_at, expires).
const isoMillis = "2006-01-02T15:04:05.000Z"

// certificateSubject names the subject attributes as Auth0 does (the
// node-forge long names); absent attributes are left out.
func certificateSubject(cert *x509.Certificate) map[string]any {
	s := cert.Subject
	out := map[string]any{}
	put := func(key string, vals []string) {
		if len(vals) > 0 {
			out[key] = vals[0]
		}
	}
	put("countryName", s.Country)
	put("stateOrProvinceName", s.Province)
	put("localityName", s.Locality)
	put("organizationName", s.Organization)
	put("organizationalUnitName", s.OrganizationalUnit)
	if s.CommonName != "" {
		out["commonName"] = s.CommonName
	}
	return out
}

// parseSigningCert accepts a PEM certificate, base64 of a PEM certificate
// (what samlp metadata produces) or base64 DER.
func parseSigningCert(text string) (*x509.Certificate, error) {
	data := []byte(strings.TrimSpace(text))
	if !bytes.HasPrefix(data, []byte("-----BEGIN")) {
		decoded, err := base64.StdEncoding.DecodeString(strings.Join(strings.Fields(string(data)), ""))
		if err != nil {
			return nil, errors.New("not PEM or base64")
		}
		data = decoded
	}
	if bytes.HasPrefix(bytes.TrimSpace(data), []byte("-----BEGIN")) {
		block, _ := pem.Decode(bytes.TrimSpace(data))
		if block == nil {
			return nil, errors.New("bad PEM block")
		}
		data = block.Bytes
	}
	return x509.ParseCertificate(data)
}

// errBadSigningCert is the 400 for a certificate that does not parse.
// The message is inferred: no rejected certificate was recorded.
func errBadSigningCert(err error) *apiError {
	return newError(http.StatusBadRequest, codeInvalidBody, "Invalid signingCert: "+err.Error())
}

// applyCertificate sets cert/expires/subject/thumbprints from signingCert.
func applyCertificate(opts map[string]any) error {
	text, ok := opts["signingCert"].(string)
	if !ok || text == "" {
		return nil
	}
	cert, err := parseSigningCert(text)
	if err != nil {
		return err
	}
	for k, v := range certificateFields(cert) {
		opts[k] = v
	}
	return nil
}

// samlMetadata is the part of a SAML IdP metadata document the server reads.
type samlMetadata struct {
	IDP struct {
		Keys []struct {
			Use  string `xml:"use,attr"`
			Cert string `xml:"KeyInfo>X509Data>X509Certificate"`
		} `xml:"KeyDescriptor"`
		SSO []struct {
			Binding  string `xml:"Binding,attr"`
			Location string `xml:"Location,attr"`
		} `xml:"SingleSignOnService"`
		SLO []struct {
			Location string `xml:"Location,attr"`
		} `xml:"SingleLogoutService"`
	} `xml:"IDPSSODescriptor"`
}

// consumeMetadataXML replaces metadataXml by what it describes: the sign-in
// and sign-out endpoints, the binding and the signing certificate (as
// base64 of its PEM, the form Auth0 stores, as recorded).
func consumeMetadataXML(opts map[string]any) error {
	text, ok := opts["metadataXml"].(string)
	if !ok {
		return nil
	}
	delete(opts, "metadataXml")
	var md samlMetadata
	if err := xml.Unmarshal([]byte(strings.TrimSpace(text)), &md); err != nil {
		return errors.New("metadataXml is not valid SAML metadata: " + err.Error())
	}
	if len(md.IDP.SSO) > 0 {
		opts["signInEndpoint"] = md.IDP.SSO[0].Location
		opts["bindingMethod"] = md.IDP.SSO[0].Binding
	}
	if len(md.IDP.SLO) > 0 {
		opts["signOutEndpoint"] = md.IDP.SLO[0].Location
	}
	for _, k := range md.IDP.Keys {
		if k.Use != "" && k.Use != "signing" {
			continue
		}
		der, err := base64.StdEncoding.DecodeString(strings.Join(strings.Fields(k.Cert), ""))
		if err != nil {
			return errors.New("metadataXml certificate is not base64")
		}
		pemText := pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der})
		opts["signingCert"] = base64.StdEncoding.EncodeToString(pemText)
		break
	}
	return nil
}

// deriveSAMLOptions: samlp keeps signingCert and adds the certificate
// fields; metadataXml is consumed first.
func deriveSAMLOptions(opts map[string]any, _ []string) error {
	if err := consumeMetadataXML(opts); err != nil {
		return err
	}
	return applyCertificate(opts)
}

// derivePingFederateOptions: PingFederate consumes signingCert into the
// certificate fields, and signs in at pingFederateBaseUrl (recorded).
func derivePingFederateOptions(opts map[string]any, _ []string) error {
	if err := applyCertificate(opts); err != nil {
		return err
	}
	delete(opts, "signingCert")
	if base, ok := opts["pingFederateBaseUrl"].(string); ok {
		if _, set := opts["signInEndpoint"]; !set {
			opts["signInEndpoint"] = base
		}
	}
	return nil
}
