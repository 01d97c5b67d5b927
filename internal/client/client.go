// Package client is the Auth0 Management API v2 client of the provider:
// connections and their enabled clients, authentication, and a transport
// that never floods the tenant (client-side rate limiting, bounded 429
// handling, retries that cannot duplicate a create). It knows nothing about
// Terraform types; it logs through tflog (subsystem "auth0_client").
package client

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/url"
	"time"

	"github.com/hashicorp/go-retryablehttp"
	"github.com/hashicorp/terraform-plugin-log/tflog"
)

const (
	logSubsystem = "auth0_client"
	// logLevelEnv sets the subsystem's level apart from the provider's, the
	// convention for provider subsystems. Terraform still drops every
	// provider line unless TF_LOG or TF_LOG_PROVIDER is set.
	logLevelEnv = "TF_LOG_PROVIDER_AUTH0_CLIENT"
	apiPrefix   = "/api/v2"
	// maxResponseBytes bounds what is read from one response. The Management
	// API caps payloads at 1 MB; a list page of 100 connections with large
	// options stays well below this.
	maxResponseBytes = 32 << 20
)

// Client talks to one tenant's Management API. It is safe for concurrent use.
type Client struct {
	s      settings
	retry  *retryablehttp.Client
	pacer  *pacer
	tokens *tokenCache // nil with a static API token

	// Injectable for tests: the clock used for rate-limit arithmetic, the
	// jitter source (a random duration in [0, d)), and the backoff steps.
	now         func() time.Time
	jitter      func(d time.Duration) time.Duration
	backoffBase time.Duration
	backoffCap  time.Duration
	// deletionWait bounds how long a create waits for a connection of the
	// same name to finish being deleted.
	deletionWait time.Duration
	// clientsPageSize is the take= of GET /connections/{id}/clients.
	clientsPageSize int
}

// New validates cfg (see Validate) and returns a client. Every error about a
// setting a user configures is a *SettingError (see SettingErrors).
func New(cfg Config) (*Client, error) {
	s, err := cfg.resolve()
	if err != nil {
		return nil, fmt.Errorf("invalid Auth0 client configuration: %w", err)
	}
	c := &Client{
		s:               s,
		now:             time.Now,
		jitter:          randomJitter,
		backoffBase:     defaultBackoffBase,
		backoffCap:      defaultBackoffCap,
		deletionWait:    defaultDeletionWait,
		clientsPageSize: 100,
	}
	c.pacer = newPacer(s, func() time.Time { return c.now() })
	if s.apiToken == "" && s.credentialsPending == nil {
		c.tokens = newTokenCache(s, func() time.Time { return c.now() })
	}
	c.retry = &retryablehttp.Client{
		HTTPClient: &http.Client{
			Transport: &apiTransport{c: c, base: s.transport},
			// The Management API does not redirect; following one could send
			// the bearer token somewhere else.
			CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
		},
		RetryMax:   s.maxRetries,
		CheckRetry: c.checkRetry,
		Backoff:    c.backoff,
		RequestLogHook: func(_ retryablehttp.Logger, req *http.Request, attempt int) {
			stateFrom(req.Context()).attempt = attempt
		},
		// Return the last response when retries run out, so a 429 or 5xx
		// body still becomes an APIError with Auth0's message.
		ErrorHandler: retryablehttp.PassthroughErrorHandler,
	}
	return c, nil
}

// RequestTimeout is the per-attempt timeout in effect (RequestTimeout or
// its default): the longest a request already sent can take to answer.
func (c *Client) RequestTimeout() time.Duration { return c.s.requestTimeout }

func randomJitter(d time.Duration) time.Duration {
	if d <= 0 {
		return 0
	}
	return rand.N(d) //nolint:gosec // G404: jitter only spreads retries; nothing secret or guessable depends on it.
}

// requestState travels in the request context through go-retryablehttp's
// hooks and the transport: which request this is, which attempt, and
// whether a failure with an unknown outcome may be retried.
type requestState struct {
	method, path string
	attempt      int
	// retryUncertain: retry 5xx and transport errors (GET, PATCH, DELETE).
	retryUncertain bool
	reauthorized   bool
	// secrets are what an answer could echo of the request (echoedSecrets).
	secrets  []string
	body     []byte
	bodyRead bool
	// unsent is set for a request given up when the run is interrupted
	// before it is sent (request.abandonUnsent).
	unsent *unsentGuard
}

type stateKey struct{}

func stateFrom(ctx context.Context) *requestState {
	if st, ok := ctx.Value(stateKey{}).(*requestState); ok {
		return st
	}
	return &requestState{}
}

// withLogging adds the client's tflog subsystem to ctx, with the configured
// secrets masked in every field and message as a second line of defence.
func (c *Client) withLogging(ctx context.Context) context.Context {
	ctx = tflog.NewSubsystem(ctx, logSubsystem, tflog.WithLevelFromEnv(logLevelEnv))
	if secrets := c.credentials(); len(secrets) > 0 {
		ctx = tflog.SubsystemMaskAllFieldValuesStrings(ctx, logSubsystem, secrets...)
		ctx = tflog.SubsystemMaskMessageStrings(ctx, logSubsystem, secrets...)
	}
	return ctx
}

// credentials are the configured secrets the client authenticates with.
func (c *Client) credentials() []string {
	var secrets []string
	for _, s := range []string{c.s.apiToken, c.s.clientSecret, c.s.privateKey} {
		if s != "" {
			secrets = append(secrets, s)
		}
	}
	return secrets
}

func (c *Client) authorize(ctx context.Context, req *http.Request) error {
	if c.s.credentialsPending != nil {
		return pendingCredentialsError(c.s.credentialsPending)
	}
	token := c.s.apiToken
	if c.tokens != nil {
		var err error
		if token, err = c.tokens.Token(ctx); err != nil {
			return err
		}
	}
	req.Header.Set("Authorization", "Bearer "+token)
	return nil
}

// response is a completed exchange.
type response struct {
	status int
	header http.Header
	body   []byte
	// secrets of the request, to keep out of errors quoting the answer.
	secrets []string
}

// apiError is the *APIError of a non-2xx answer to r.
func (resp *response) apiError(r request) *APIError {
	return newAPIError(r.method, apiPrefix+r.path, resp.status, resp.body, resp.secrets...)
}

// request describes one Management API call.
type request struct {
	method string
	path   string // below /api/v2, already escaped
	query  url.Values
	body   any // marshalled to JSON when non-nil
	// retryUncertain allows retries after 5xx/transport errors; false for
	// POST (see CreateConnection).
	retryUncertain bool
	// abandonUnsent gives the request up when the run is interrupted
	// (WithInterrupt) while none of its attempts is on the wire. Only for
	// a request that is retried only after answers the server did not
	// process (retryUncertain false).
	abandonUnsent bool
}

// send performs a call with rate limiting and retries and returns the final
// response, or an error when no response was obtained. ctx must carry the
// logging subsystem (withLogging).
func (c *Client) send(ctx context.Context, r request) (*response, error) {
	var payload []byte
	if r.body != nil {
		var err error
		if payload, err = json.Marshal(r.body); err != nil {
			return nil, fmt.Errorf("encoding %s %s request: %w", r.method, r.path, err)
		}
	}
	st := &requestState{method: r.method, path: apiPrefix + r.path, retryUncertain: r.retryUncertain,
		secrets: echoedSecrets(payload, c.credentials())}
	ctx = context.WithValue(ctx, stateKey{}, st)
	reqCtx := ctx
	if r.abandonUnsent {
		var release func()
		reqCtx, st.unsent, release = guardUnsent(ctx)
		defer release()
	}

	req, err := c.newRequest(reqCtx, r, st, payload)
	if err != nil {
		return nil, err
	}
	c.logBody(ctx, "Management API request body", st, payload)

	resp, err := c.retry.Do(req)
	if resp != nil && !st.bodyRead {
		// Retries ran out on a 429/5xx: the response was returned unread.
		st.body, _ = readBody(resp)
	}
	if err != nil {
		return nil, c.transportError(ctx, st, interruptedBeforeSending(reqCtx, err))
	}
	c.logBody(ctx, "Management API response body", st, st.body)
	return &response{status: resp.StatusCode, header: resp.Header, body: st.body, secrets: st.secrets}, nil
}

// newRequest builds the request r with its JSON payload (nil for none),
// whose response body is read into st.
func (c *Client) newRequest(ctx context.Context, r request, st *requestState, payload []byte) (*retryablehttp.Request, error) {
	u := c.s.baseURL.String() + apiPrefix + r.path
	if len(r.query) > 0 {
		u += "?" + r.query.Encode()
	}
	var body any
	if payload != nil {
		body = payload
	}
	req, err := retryablehttp.NewRequestWithContext(ctx, r.method, u, body)
	if err != nil {
		return nil, fmt.Errorf("building %s %s request: %w", r.method, st.path, err)
	}
	req.Header.Set("Accept", "application/json")
	if payload != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if c.s.customDomain != "" && customDomainApplies(st.path) {
		req.Header.Set(headerCustomDomain, c.s.customDomain)
	}
	// Reading the body inside the retry loop makes a connection that breaks
	// mid-body a transport error, retried like any other.
	req.SetResponseHandler(func(resp *http.Response) error {
		body, readErr := readBody(resp)
		st.body, st.bodyRead = body, readErr == nil
		return readErr
	})
	return req, nil
}

func readBody(resp *http.Response) ([]byte, error) {
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, maxResponseBytes+1))
	if err != nil {
		return nil, fmt.Errorf("reading response body: %w", err)
	}
	if len(body) > maxResponseBytes {
		return nil, fmt.Errorf("response body exceeds %d bytes", maxResponseBytes)
	}
	return body, nil
}

// transportError explains a request that got no usable response. Context
// errors are returned unwrapped-compatible (errors.Is works) so callers can
// tell cancellation from failure.
func (c *Client) transportError(ctx context.Context, st *requestState, err error) error {
	if ctxErr := ctx.Err(); ctxErr != nil && !errors.Is(err, ctxErr) {
		// Only the context error is wrapped: callers test it with errors.Is,
		// and the transport error is detail for the message.
		err = fmt.Errorf("%w (%v)", ctxErr, err) //nolint:errorlint // see above
	}
	msg := fmt.Sprintf("%s %s", st.method, st.path)
	if st.attempt > 0 {
		msg += fmt.Sprintf(" (after %d attempts)", st.attempt+1)
	}
	return fmt.Errorf("%s: %w", msg, err)
}

func logDebug(ctx context.Context, msg string, fields map[string]any) {
	tflog.SubsystemDebug(ctx, logSubsystem, msg, fields)
}

func (c *Client) logBody(ctx context.Context, msg string, st *requestState, body []byte) {
	if !c.s.debug || len(body) == 0 {
		return
	}
	tflog.SubsystemDebug(ctx, logSubsystem, msg, map[string]any{
		"method": st.method,
		"path":   st.path,
		"body":   maskBody(body, st.secrets...),
	})
}

// do performs a call and decodes a 2xx JSON body into out (when out is not
// nil). Any other status becomes an *APIError.
func (c *Client) do(ctx context.Context, r request, out any) error {
	resp, err := c.send(ctx, r)
	if err != nil {
		return err
	}
	if resp.status < 200 || resp.status > 299 {
		return resp.apiError(r)
	}
	if out != nil {
		if err := decodeJSON(resp.body, out, resp.secrets...); err != nil {
			return fmt.Errorf("%s %s: decoding %d response: %w", r.method, apiPrefix+r.path, resp.status, err)
		}
	}
	return nil
}

// fetch performs a call and returns its 2xx JSON body decoded into a new T.
func fetch[T any](ctx context.Context, c *Client, r request) (*T, error) {
	out := new(T)
	if err := c.do(ctx, r, out); err != nil {
		return nil, err
	}
	return out, nil
}

// fetchList is fetch for an endpoint that answers with a JSON array.
func fetchList[T any](ctx context.Context, c *Client, r request) ([]T, error) {
	list, err := fetch[[]T](ctx, c, r)
	if err != nil {
		return nil, err
	}
	return *list, nil
}

func decodeJSON(body []byte, out any, secrets ...string) error {
	if len(bytes.TrimSpace(body)) == 0 {
		return errors.New("the response body is empty")
	}
	if err := json.Unmarshal(body, out); err != nil {
		return fmt.Errorf("%w; body starts with %s", err, excerpt(body, secrets...))
	}
	return nil
}

// escapeID escapes a path segment; "/" becomes %2F so an id can never
// address another endpoint.
func escapeID(id string) string {
	return url.PathEscape(id)
}
