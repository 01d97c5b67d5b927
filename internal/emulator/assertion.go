package emulator

import (
	"crypto"
	"crypto/rsa"
	"crypto/x509"
	"encoding/pem"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/golang-jwt/jwt/v5"
)

// Private-key JWT client authentication on /oauth/token, as Auth0 documents
// it ("Authenticate with Private Key JWT"):
//   - client_assertion_type is urn:ietf:params:oauth:client-assertion-type:jwt-bearer
//     and client_secret is not sent with it;
//   - iss and sub are the client id, aud the tenant's URL with its trailing
//     slash, exp at most five minutes after iat, jti unique (one use);
//   - a clock skew of up to 10 seconds is allowed for iat and nbf;
//   - the signature verifies with the public key of one of the
//     application's credentials, whose algorithm is RS256, RS384 or PS256.
//
// Auth0 answers a failed client authentication with invalid_client [I
// community.auth0.com "Invalid Client Error With Private Key JWT
// Authentication": the tenant log says "Failed client authentication" and
// gives the reason, such as "'exp' claim must specify a time that is no more
// than 5 minutes after 'iat'"]. The status and the wording of each
// error_description here are [INF]: 401, as for other client-authentication
// failures, with the reason the tenant log would give.

const clientAssertionType = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"

const (
	maxAssertionLifetime = 5 * time.Minute
	assertionClockSkew   = 10 * time.Second
	maxAssertionClaimLen = 64 // iss, sub and jti
)

// credentialAlgorithms are the algorithms Auth0 registers client credentials
// (public keys) with; every one needs an RSA key.
var credentialAlgorithms = []string{"RS256", "RS384", "PS256"}

// ParsePublicKeyPEM reads the public key of a client credential: a PEM
// "PUBLIC KEY", "RSA PUBLIC KEY" or "CERTIFICATE", as Auth0 accepts them.
// Auth0's credentials are RSA keys; anything else is an error.
func ParsePublicKeyPEM(data []byte) (crypto.PublicKey, error) {
	block, _ := pem.Decode(data)
	if block == nil {
		return nil, errors.New("no PEM block")
	}
	var (
		key any
		err error
	)
	switch block.Type {
	case "PUBLIC KEY":
		key, err = x509.ParsePKIXPublicKey(block.Bytes)
	case "RSA PUBLIC KEY":
		key, err = x509.ParsePKCS1PublicKey(block.Bytes)
	case "CERTIFICATE":
		var cert *x509.Certificate
		if cert, err = x509.ParseCertificate(block.Bytes); err == nil {
			key = cert.PublicKey
		}
	default:
		return nil, fmt.Errorf("PEM block %q is not a public key or certificate", block.Type)
	}
	if err != nil {
		return nil, err
	}
	if _, ok := key.(*rsa.PublicKey); !ok {
		return nil, fmt.Errorf("a %T key: Auth0 registers RSA public keys (RS256, RS384, PS256) as client credentials", key)
	}
	return key, nil
}

// usedAssertions remembers the jti of every accepted assertion until it
// expires, so a replayed assertion is refused.
type usedAssertions struct {
	mu   sync.Mutex
	seen map[string]time.Time // client id + jti -> expiry
}

// use records jti and reports whether it was new.
func (u *usedAssertions) use(clientID, jti string, expiry, now time.Time) bool {
	u.mu.Lock()
	defer u.mu.Unlock()
	if u.seen == nil {
		u.seen = map[string]time.Time{}
	}
	for k, exp := range u.seen {
		if now.After(exp.Add(assertionClockSkew)) {
			delete(u.seen, k)
		}
	}
	key := clientID + "\x00" + jti
	if _, ok := u.seen[key]; ok {
		return false
	}
	u.seen[key] = expiry
	return true
}

// oauthError is an /oauth/token error response.
type oauthError struct {
	status      int
	code        string
	description string
}

func invalidClient(description string) *oauthError {
	return &oauthError{status: http.StatusUnauthorized, code: "invalid_client", description: description}
}

// verifyClientAssertion authenticates a token request by its client
// assertion and returns the client id.
func (e *Emulator) verifyClientAssertion(tr tokenRequest, requestHost string) (string, *oauthError) {
	switch {
	case tr.ClientAssertionType != clientAssertionType:
		return "", &oauthError{http.StatusBadRequest, "invalid_request", "client_assertion_type must be " + clientAssertionType}
	case tr.ClientAssertion == "":
		return "", &oauthError{http.StatusBadRequest, "invalid_request", "Missing required parameter: client_assertion"}
	case tr.ClientSecret != "":
		return "", &oauthError{http.StatusBadRequest, "invalid_request", "client_secret must not be sent with client_assertion"}
	}
	// The parser decodes into the map it is given.
	claims := jwt.MapClaims{}
	unverified, _, err := jwt.NewParser().ParseUnverified(tr.ClientAssertion, claims)
	if err != nil {
		return "", invalidClient("The client assertion is not a valid JWT")
	}
	iss, _ := claims["iss"].(string)
	sub, _ := claims["sub"].(string)
	switch {
	case iss == "" || iss != sub:
		return "", invalidClient("The client assertion's iss and sub claims must both be the client id")
	case len(iss) > maxAssertionClaimLen:
		return "", invalidClient(fmt.Sprintf("The client assertion's iss claim is longer than %d characters", maxAssertionClaimLen))
	case tr.ClientID != "" && tr.ClientID != iss:
		return "", invalidClient("client_id does not match the client assertion's iss claim")
	}
	key, ok := e.cfg.ClientAssertionKeys[iss]
	if !ok {
		return "", invalidClient("Client " + iss + " has no credential for private_key_jwt authentication")
	}
	alg, _ := unverified.Header["alg"].(string)
	if !slices.Contains(credentialAlgorithms, alg) {
		return "", invalidClient(fmt.Sprintf("The client assertion's alg %q is not the algorithm of the client's credential (one of %s)", alg, strings.Join(credentialAlgorithms, ", ")))
	}
	verified := jwt.MapClaims{}
	_, err = jwt.NewParser(
		jwt.WithValidMethods([]string{alg}),
		jwt.WithTimeFunc(e.clock),
		jwt.WithLeeway(assertionClockSkew),
		jwt.WithExpirationRequired(),
		jwt.WithIssuedAt(),
	).ParseWithClaims(tr.ClientAssertion, verified, func(*jwt.Token) (any, error) { return key, nil })
	if err != nil {
		return "", invalidClient(assertionFailure(err))
	}
	if !e.isTenantAudience(verified["aud"], requestHost) {
		return "", invalidClient(fmt.Sprintf("The client assertion's aud claim must be the tenant's URL with a trailing slash, https://%s/", e.cfg.Domain))
	}
	return iss, e.checkAssertionUse(iss, verified)
}

// checkAssertionUse enforces the lifetime bound and the single use.
func (e *Emulator) checkAssertionUse(clientID string, claims jwt.MapClaims) *oauthError {
	now := e.clock()
	exp, _ := claims.GetExpirationTime() // required: Parse checked it
	issued := now
	if iat, err := claims.GetIssuedAt(); err == nil && iat != nil {
		issued = iat.Time
	}
	if exp.Sub(issued) > maxAssertionLifetime {
		return invalidClient("'exp' claim must specify a time that is no more than 5 minutes after 'iat'")
	}
	jti, _ := claims["jti"].(string)
	switch {
	case jti == "":
		return invalidClient("The client assertion has no jti claim")
	case len(jti) > maxAssertionClaimLen:
		return invalidClient(fmt.Sprintf("The client assertion's jti claim is longer than %d characters", maxAssertionClaimLen))
	case !e.assertions.use(clientID, jti, exp.Time, now):
		return invalidClient("The client assertion's jti claim has already been used")
	}
	return nil
}

// assertionFailure words a verification error.
func assertionFailure(err error) string {
	switch {
	case errors.Is(err, jwt.ErrTokenSignatureInvalid):
		return "Invalid signature for the client assertion: it does not verify with the public key of the client's credential"
	case errors.Is(err, jwt.ErrTokenExpired):
		return "The client assertion has expired"
	case errors.Is(err, jwt.ErrTokenRequiredClaimMissing):
		return "The client assertion has no exp claim"
	case errors.Is(err, jwt.ErrTokenNotValidYet), errors.Is(err, jwt.ErrTokenUsedBeforeIssued):
		return "The client assertion's iat or nbf claim is in the future"
	default:
		return "The client assertion could not be verified"
	}
}

// isTenantAudience accepts the tenant's URL with its trailing slash, as a
// string or a one-element array: https://<domain>/, or <scheme>://<host>/
// for the host the request was sent to (see isManagementAudience).
func (e *Emulator) isTenantAudience(aud any, requestHost string) bool {
	if list, ok := aud.([]any); ok && len(list) == 1 {
		aud = list[0]
	}
	s, ok := aud.(string)
	if !ok {
		return false
	}
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Path != "/" || u.RawQuery != "" {
		return false
	}
	return u.Host == e.cfg.Domain || u.Host == requestHost
}
