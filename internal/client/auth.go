package client

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"sync"
	"time"

	"golang.org/x/oauth2"
	"golang.org/x/oauth2/clientcredentials"
)

// maxRefreshMargin: a client-credentials token is replaced this long before
// it expires (or a fifth of its lifetime, if shorter), so a request never
// leaves with a token that expires in flight.
const maxRefreshMargin = 5 * time.Minute

// tokenCache obtains Management API tokens with the client-credentials grant
// (golang.org/x/oauth2/clientcredentials: the standard implementation of the
// token request and its error format) and caches them until shortly before
// expiry. The application authenticates with its client secret or, with
// private-key JWT, with a client assertion signed afresh for every token
// request (an assertion is good for one use only). It is safe for
// concurrent use; concurrent callers share one fetch.
type tokenCache struct {
	tokenURL   string
	clientID   string
	secret     string
	audience   string
	assertion  *assertionSigner // nil: the client secret
	httpClient *http.Client
	now        func() time.Time

	mu        sync.Mutex
	token     string
	refreshAt time.Time
}

func newTokenCache(s settings, now func() time.Time) *tokenCache {
	transport := s.transport
	if s.debug {
		transport = &tokenLogTransport{base: transport}
	}
	return &tokenCache{
		tokenURL:  s.baseURL.String() + "/oauth/token",
		clientID:  s.clientID,
		secret:    s.clientSecret,
		audience:  s.audience,
		assertion: s.assertion,
		httpClient: &http.Client{
			Transport: transport,
			Timeout:   s.requestTimeout,
			CheckRedirect: func(*http.Request, []*http.Request) error {
				return http.ErrUseLastResponse
			},
		},
		now: now,
	}
}

// request is the token request to send now, and the client assertion it
// carries ("" with a client secret).
func (t *tokenCache) request() (clientcredentials.Config, string, error) {
	conf := clientcredentials.Config{
		ClientID:       t.clientID,
		ClientSecret:   t.secret,
		TokenURL:       t.tokenURL,
		EndpointParams: url.Values{"audience": {t.audience}},
		// Auth0 accepts both styles; sending the credentials in the body
		// is what its documentation shows for this grant.
		AuthStyle: oauth2.AuthStyleInParams,
	}
	if t.assertion == nil {
		return conf, "", nil
	}
	assertion, err := t.assertion.sign(t.now())
	if err != nil {
		return conf, "", err
	}
	conf.EndpointParams.Set("client_assertion_type", clientAssertionType)
	conf.EndpointParams.Set("client_assertion", assertion)
	return conf, assertion, nil
}

// Token returns a valid access token, fetching a new one when needed.
func (t *tokenCache) Token(ctx context.Context) (string, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.token != "" && t.now().Before(t.refreshAt) {
		return t.token, nil
	}
	conf, assertion, err := t.request()
	if err != nil {
		return "", &authError{msg: fmt.Sprintf("%s: %v", t.what(), err)}
	}
	tok, err := conf.Token(context.WithValue(ctx, oauth2.HTTPClient, t.httpClient))
	if err != nil {
		return "", t.tokenError(ctx, err, assertion)
	}
	t.token = tok.AccessToken
	t.refreshAt = refreshTime(t.now(), tok.Expiry)
	return t.token, nil
}

func (t *tokenCache) what() string {
	method := "client credentials"
	if t.assertion != nil {
		method = "a private-key JWT client assertion"
	}
	return fmt.Sprintf("obtaining a Management API token with %s from %s", method, t.tokenURL)
}

// invalidate drops the cached token (after a 401), so the next request
// fetches a fresh one.
func (t *tokenCache) invalidate() {
	t.mu.Lock()
	t.token = ""
	t.mu.Unlock()
}

func refreshTime(now, expiry time.Time) time.Time {
	if expiry.IsZero() {
		return now.Add(24 * time.Hour) // no expires_in: Auth0's default lifetime
	}
	margin := min(expiry.Sub(now)/5, maxRefreshMargin)
	return expiry.Add(-max(margin, 0))
}

// authError is a failure to obtain a token. Its message never contains the
// client secret or the client assertion, even if the token endpoint (or a
// proxy) echoed them.
type authError struct {
	msg       string
	retryable bool
}

func (e *authError) Error() string { return e.msg }

func (t *tokenCache) tokenError(ctx context.Context, err error, assertion string) error {
	retryable := ctx.Err() == nil
	secrets := echoedSecrets(nil, []string{t.secret, assertion})
	detail := err.Error()
	var re *oauth2.RetrieveError
	if errors.As(err, &re) {
		status := 0
		if re.Response != nil {
			status = re.Response.StatusCode
		}
		// 4xx from the token endpoint (bad credentials, unknown audience)
		// will not change on retry; 429 and 5xx may.
		retryable = status == http.StatusTooManyRequests || status >= 500
		detail = describeRetrieveError(status, re, secrets)
		if t.assertion != nil && status == http.StatusUnauthorized {
			detail += fmt.Sprintf(". Check that the public key of a credential of application %s in Auth0 pairs with client_assertion_private_key, and that the credential's algorithm is client_assertion_signing_alg", t.clientID)
		}
	}
	return &authError{msg: t.what() + ": " + redact(detail, secrets), retryable: retryable}
}

func describeRetrieveError(status int, re *oauth2.RetrieveError, secrets []string) string {
	switch {
	case re.ErrorCode != "" && re.ErrorDescription != "":
		return fmt.Sprintf("%d %s: %s", status, re.ErrorCode, re.ErrorDescription)
	case re.ErrorCode != "":
		return fmt.Sprintf("%d %s", status, re.ErrorCode)
	default:
		return fmt.Sprintf("%d %s: %s", status, http.StatusText(status), excerpt(re.Body, secrets...))
	}
}

// tokenLogTransport logs the token exchange's bodies with debug on, masked
// like the API's: the form's client_secret and client_assertion, the
// response's access_token.
type tokenLogTransport struct {
	base http.RoundTripper
}

func (t *tokenLogTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	ctx := req.Context()
	var secrets []string
	if req.GetBody != nil {
		if body, err := req.GetBody(); err == nil {
			form, _ := io.ReadAll(io.LimitReader(body, maxResponseBytes))
			_ = body.Close()
			logDebug(ctx, "Token request body", map[string]any{"path": req.URL.Path, "body": maskForm(form)})
			secrets = echoedSecrets(nil, formSecrets(form))
		}
	}
	resp, err := t.base.RoundTrip(req)
	if err != nil {
		return nil, err
	}
	body, err := readBody(resp)
	if err != nil {
		return nil, err
	}
	logDebug(ctx, "Token response body", map[string]any{"path": req.URL.Path, "status": resp.StatusCode, "body": maskBody(body, secrets...)})
	resp.Body = io.NopCloser(bytes.NewReader(body))
	return resp, nil
}
