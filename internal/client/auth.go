package client

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
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
// expiry. It is safe for concurrent use; concurrent callers share one fetch.
type tokenCache struct {
	conf       clientcredentials.Config
	httpClient *http.Client
	secret     string
	now        func() time.Time

	mu        sync.Mutex
	token     string
	refreshAt time.Time
}

func newTokenCache(s settings, now func() time.Time) *tokenCache {
	return &tokenCache{
		conf: clientcredentials.Config{
			ClientID:       s.clientID,
			ClientSecret:   s.clientSecret,
			TokenURL:       s.baseURL.String() + "/oauth/token",
			EndpointParams: map[string][]string{"audience": {s.audience}},
			// Auth0 accepts both styles; sending the credentials in the body
			// is what its documentation shows for this grant.
			AuthStyle: oauth2.AuthStyleInParams,
		},
		httpClient: &http.Client{
			Transport: s.transport,
			Timeout:   s.requestTimeout,
			CheckRedirect: func(*http.Request, []*http.Request) error {
				return http.ErrUseLastResponse
			},
		},
		secret: s.clientSecret,
		now:    now,
	}
}

// Token returns a valid access token, fetching a new one when needed.
func (t *tokenCache) Token(ctx context.Context) (string, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.token != "" && t.now().Before(t.refreshAt) {
		return t.token, nil
	}
	tok, err := t.conf.Token(context.WithValue(ctx, oauth2.HTTPClient, t.httpClient))
	if err != nil {
		return "", t.tokenError(ctx, err)
	}
	t.token = tok.AccessToken
	t.refreshAt = refreshTime(t.now(), tok.Expiry)
	return t.token, nil
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
// client secret, even if the token endpoint (or a proxy) echoed it.
type authError struct {
	msg       string
	retryable bool
}

func (e *authError) Error() string { return e.msg }

func (t *tokenCache) tokenError(ctx context.Context, err error) error {
	retryable := ctx.Err() == nil
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
		detail = describeRetrieveError(status, re)
	}
	if t.secret != "" {
		detail = strings.ReplaceAll(detail, t.secret, masked)
	}
	return &authError{
		msg:       fmt.Sprintf("obtaining a Management API token with client credentials from %s: %s", t.conf.TokenURL, detail),
		retryable: retryable,
	}
}

func describeRetrieveError(status int, re *oauth2.RetrieveError) string {
	switch {
	case re.ErrorCode != "" && re.ErrorDescription != "":
		return fmt.Sprintf("%d %s: %s", status, re.ErrorCode, re.ErrorDescription)
	case re.ErrorCode != "":
		return fmt.Sprintf("%d %s", status, re.ErrorCode)
	default:
		return fmt.Sprintf("%d %s: %s", status, http.StatusText(status), excerpt(re.Body))
	}
}
