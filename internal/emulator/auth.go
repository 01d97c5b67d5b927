package emulator

import (
	"crypto/hmac"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/json"
	"io"
	"mime"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"
)

// tokenClaims is the payload of the JWTs the emulator mints. Like Auth0's
// Management API tokens they are JWTs carrying a space-separated scope; they
// are signed with HS256 and a per-tenant key (persisted with the data file,
// so tokens survive a restart).
type tokenClaims struct {
	Issuer    string `json:"iss"`
	Subject   string `json:"sub"`
	Audience  string `json:"aud"`
	IssuedAt  int64  `json:"iat"`
	ExpiresAt int64  `json:"exp"`
	Scope     string `json:"scope"`
	GrantType string `json:"gty"`
}

var jwtHeader = base64.RawURLEncoding.EncodeToString([]byte(`{"alg":"HS256","typ":"JWT"}`))

// MintToken returns a valid bearer token carrying exactly these scopes.
func (e *Emulator) MintToken(scopes ...string) string {
	return e.mintToken("emulator@clients", scopes)
}

func (e *Emulator) mintToken(subject string, scopes []string) string {
	now := e.clock()
	claims := tokenClaims{
		Issuer:    "https://" + e.cfg.Domain + "/",
		Subject:   subject,
		Audience:  "https://" + e.cfg.Domain + "/api/v2/",
		IssuedAt:  now.Unix(),
		ExpiresAt: now.Add(e.cfg.TokenTTL).Unix(),
		Scope:     strings.Join(scopes, " "),
		GrantType: "client-credentials",
	}
	payload, _ := json.Marshal(claims)
	signingInput := jwtHeader + "." + base64.RawURLEncoding.EncodeToString(payload)
	return signingInput + "." + e.sign(signingInput)
}

func (e *Emulator) sign(input string) string {
	mac := hmac.New(sha256.New, e.signingKey)
	mac.Write([]byte(input))
	return base64.RawURLEncoding.EncodeToString(mac.Sum(nil))
}

// tokenScopes checks a bearer token and returns its scopes. The error is the
// 401 Auth0 gives.
func (e *Emulator) tokenScopes(token string) (map[string]bool, *apiError) {
	if scopes, ok := e.cfg.Tokens[token]; ok {
		return scopeSet(scopes), nil
	}
	parts := strings.Split(token, ".")
	if len(parts) != 3 {
		return nil, errInvalidToken()
	}
	want := e.sign(parts[0] + "." + parts[1])
	if subtle.ConstantTimeCompare([]byte(want), []byte(parts[2])) != 1 {
		return nil, errInvalidToken()
	}
	raw, err := base64.RawURLEncoding.DecodeString(parts[1])
	if err != nil {
		return nil, errInvalidToken()
	}
	var claims tokenClaims
	if err := json.Unmarshal(raw, &claims); err != nil {
		return nil, errInvalidToken()
	}
	if e.clock().Unix() >= claims.ExpiresAt {
		// Auth0's wording for an expired Management API token (inferred).
		return nil, &apiError{Status: http.StatusUnauthorized, Message: "Expired token received for JSON Web Token validation"}
	}
	return scopeSet(strings.Fields(claims.Scope)), nil
}

func scopeSet(scopes []string) map[string]bool {
	m := make(map[string]bool, len(scopes))
	for _, s := range scopes {
		m[s] = true
	}
	return m
}

// errInvalidToken is Auth0's 401 for a bad bearer token, as quoted from a
// real answer in a public issue ("401 Unauthorized: Invalid token"; no
// errorCode, inferred).
func errInvalidToken() *apiError {
	return &apiError{Status: http.StatusUnauthorized, Message: "Invalid token"}
}

// authenticate checks the bearer token and the route's scopes.
func (e *Emulator) authenticate(q *request) *apiError {
	h := q.r.Header.Get("Authorization")
	if h == "" {
		// hapi's message when no credentials are sent (inferred).
		return &apiError{Status: http.StatusUnauthorized, Message: "Missing authentication"}
	}
	scheme, token, ok := strings.Cut(h, " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") || strings.TrimSpace(token) == "" {
		return errInvalidToken()
	}
	scopes, apiErr := e.tokenScopes(strings.TrimSpace(token))
	if apiErr != nil {
		return apiErr
	}
	q.scopes = scopes
	return q.route.scopes.check(scopes)
}

// oauthError is the body shape of /oauth/token errors.
func writeOAuthError(w http.ResponseWriter, status int, code, description string) {
	writeJSONResponse(w, status, orderedObject{{"error", code}, {"error_description", description}})
}

// tokenRequest is a client_credentials request, from a form or JSON body
// and optionally HTTP Basic credentials (golang.org/x/oauth2 tries Basic
// first).
type tokenRequest struct {
	GrantType           string `json:"grant_type"`
	ClientID            string `json:"client_id"`
	ClientSecret        string `json:"client_secret"`
	ClientAssertion     string `json:"client_assertion"`
	ClientAssertionType string `json:"client_assertion_type"`
	Audience            string `json:"audience"`
	Scope               string `json:"scope"`
}

func parseTokenRequest(r *http.Request) (tokenRequest, error) {
	var tr tokenRequest
	body, err := io.ReadAll(io.LimitReader(r.Body, maxBodyBytes))
	if err != nil {
		return tr, err
	}
	mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if mt == "application/json" {
		if err := json.Unmarshal(body, &tr); err != nil {
			return tr, err
		}
	} else {
		form, err := url.ParseQuery(string(body))
		if err != nil {
			return tr, err
		}
		tr = tokenRequest{
			GrantType: form.Get("grant_type"), ClientID: form.Get("client_id"),
			ClientSecret: form.Get("client_secret"), Audience: form.Get("audience"), Scope: form.Get("scope"),
			ClientAssertion: form.Get("client_assertion"), ClientAssertionType: form.Get("client_assertion_type"),
		}
	}
	if id, secret, ok := r.BasicAuth(); ok && tr.ClientID == "" {
		tr.ClientID, _ = url.QueryUnescape(id)
		tr.ClientSecret, _ = url.QueryUnescape(secret)
	}
	return tr, nil
}

// handleOAuthToken implements POST /oauth/token for client_credentials, the
// client authenticating with its secret or with a client assertion.
func (e *Emulator) handleOAuthToken(q *request) {
	w := q.w
	tr, err := parseTokenRequest(q.r)
	if err != nil {
		writeOAuthError(w, http.StatusBadRequest, "invalid_request", "Invalid request body")
		return
	}
	switch {
	case tr.GrantType == "":
		writeOAuthError(w, http.StatusBadRequest, "invalid_request", "Missing required parameter: grant_type")
		return
	case tr.GrantType != "client_credentials":
		writeOAuthError(w, http.StatusForbidden, "unauthorized_client", "Grant type '"+tr.GrantType+"' not allowed for the client.")
		return
	}
	clientID, oerr := e.authenticateClient(tr, q.r.Host)
	if oerr != nil {
		writeOAuthError(w, oerr.status, oerr.code, oerr.description)
		return
	}
	switch {
	case tr.Audience == "":
		writeOAuthError(w, http.StatusForbidden, "access_denied", "No audience parameter was provided, and no default audience has been configured")
		return
	case !e.isManagementAudience(tr.Audience, q.r.Host):
		writeOAuthError(w, http.StatusForbidden, "access_denied", "Service not found: "+tr.Audience)
		return
	}
	scopes := e.cfg.ClientScopes
	if tr.Scope != "" {
		requested := strings.Fields(tr.Scope)
		for _, s := range requested {
			if !slices.Contains(e.cfg.ClientScopes, s) {
				writeOAuthError(w, http.StatusForbidden, "access_denied", "Client has not been granted scopes: "+s)
				return
			}
		}
		scopes = requested
	}
	token := e.mintToken(clientID+"@clients", scopes)
	w.Header().Set("Cache-Control", "no-store")
	writeJSONResponse(w, http.StatusOK, orderedObject{
		{"access_token", token},
		{"scope", strings.Join(scopes, " ")},
		{"expires_in", int64(e.cfg.TokenTTL / time.Second)},
		{"token_type", "Bearer"},
	})
}

// authenticateClient returns the id of the client a token request
// authenticates, by its client assertion or its secret.
func (e *Emulator) authenticateClient(tr tokenRequest, requestHost string) (string, *oauthError) {
	if tr.ClientAssertion != "" || tr.ClientAssertionType != "" {
		return e.verifyClientAssertion(tr, requestHost)
	}
	if !e.validClientCredentials(tr.ClientID, tr.ClientSecret) {
		return "", &oauthError{http.StatusUnauthorized, "access_denied", "Unauthorized"}
	}
	return tr.ClientID, nil
}

func (e *Emulator) validClientCredentials(id, secret string) bool {
	if e.cfg.ClientID == "" {
		return false
	}
	idOK := subtle.ConstantTimeCompare([]byte(id), []byte(e.cfg.ClientID)) == 1
	secretOK := subtle.ConstantTimeCompare([]byte(secret), []byte(e.cfg.ClientSecret)) == 1
	return idOK && secretOK
}

// isManagementAudience accepts <scheme>://<host>/api/v2/ where host is the
// configured tenant domain or the host the request was sent to, so a client
// that derives the audience from the URL it uses (http://127.0.0.1:PORT)
// works as well as one that uses the tenant domain.
func (e *Emulator) isManagementAudience(aud, requestHost string) bool {
	u, err := url.Parse(aud)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Path != "/api/v2/" {
		return false
	}
	return u.Host == e.cfg.Domain || u.Host == requestHost
}
