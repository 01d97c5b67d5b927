package client

import (
	"context"
	"fmt"
	"net/http"
	"regexp"
	"slices"
	"strings"
	"time"
)

// SCIMTokenIDPattern is the shape of a SCIM token id: "tok_" and base62.
var SCIMTokenIDPattern = regexp.MustCompile(`^tok_[A-Za-z0-9]+$`)

// SCIMToken is a bearer token a SCIM client (the identity provider)
// authenticates with. Token, the secret, is set only in the answer to its
// create: the API never shows it again.
type SCIMToken struct {
	TokenID    string   `json:"token_id"`
	Token      string   `json:"token,omitempty"`
	Scopes     []string `json:"scopes"`
	CreatedAt  string   `json:"created_at"`
	ValidUntil string   `json:"valid_until,omitempty"`
	LastUsedAt string   `json:"last_used_at,omitempty"`
}

// Lifetime is the token_lifetime the token was created with, in seconds:
// the API answers valid_until, the create time plus the lifetime, but never
// the lifetime itself. It is 0 for a token that does not expire, and for
// timestamps it cannot read.
func (t SCIMToken) Lifetime() int64 {
	if t.ValidUntil == "" {
		return 0
	}
	created, err := time.Parse(time.RFC3339Nano, t.CreatedAt)
	if err != nil {
		return 0
	}
	until, err := time.Parse(time.RFC3339Nano, t.ValidUntil)
	if err != nil || !until.After(created) {
		return 0
	}
	return int64(until.Sub(created).Round(time.Second) / time.Second)
}

// SCIMTokenRequest is a token create: its scopes (get:users, post:users,
// put:users, patch:users, delete:users) and, for an expiring token, its
// lifetime in seconds (more than 900; 0 = it does not expire).
type SCIMTokenRequest struct {
	Scopes        []string `json:"scopes,omitempty"`
	TokenLifetime int64    `json:"token_lifetime,omitempty"`
}

// CreateSCIMToken issues a SCIM token for a connection's SCIM configuration
// (POST /connections/{id}/scim-configuration/tokens). A connection without
// a configuration answers 404 (IsNoSCIMConfiguration); one that has two
// tokens already, 409 (IsSCIMTokenLimit).
//
// The POST is never repeated: the secret is in its answer only, so a token
// created by a request whose answer was lost is unusable, and repeating the
// request could only add a second one. When the outcome is unknown the
// error is a *scimTokenUnknownError naming the tokens that appeared since
// the create was sent, so the caller can find and delete such a token. The
// tokens are listed before the POST for that comparison: a token a SCIM
// client already uses must never be named as one to delete.
func (c *Client) CreateSCIMToken(ctx context.Context, connectionID string, req SCIMTokenRequest) (*SCIMToken, error) {
	if err := checkConnectionID("creating a SCIM token", connectionID); err != nil {
		return nil, err
	}
	ctx = c.withLogging(ctx)
	// A failed list is no reason not to try the create, whose own answer
	// says better what is wrong (a connection without SCIM is a 404 there
	// too); only the comparison is lost.
	before, beforeErr := c.listSCIMTokens(ctx, connectionID)
	tok, err := c.postSCIMToken(ctx, connectionID, req)
	if err == nil {
		return tok, nil
	}
	if ctx.Err() != nil || !outcomeUnknown(err) {
		return nil, err
	}
	after, listErr := c.listSCIMTokens(ctx, connectionID)
	unknown := &scimTokenUnknownError{ConnectionID: connectionID, ListErr: listErr, Err: err}
	if beforeErr != nil {
		unknown.Tokens, unknown.incomparable = after, true
	} else {
		unknown.Tokens = tokensNotIn(after, before)
	}
	return nil, unknown
}

// postSCIMToken sends the create once. An answer without the token's id or
// secret is an error whose outcome is unknown: the token may exist.
func (c *Client) postSCIMToken(ctx context.Context, connectionID string, req SCIMTokenRequest) (*SCIMToken, error) {
	r := request{method: http.MethodPost, path: scimConfiguration.path(connectionID) + "/tokens", body: req}
	resp, err := c.send(ctx, r)
	if err != nil {
		return nil, err
	}
	if resp.status < 200 || resp.status > 299 {
		return nil, resp.apiError(r)
	}
	tok := &SCIMToken{}
	if err := decodeJSON(resp.body, tok); err != nil || tok.TokenID == "" || tok.Token == "" {
		// Never quote this body: it holds the secret.
		return nil, fmt.Errorf("POST %s: an answer without a token id and secret (%d bytes, masked: %s)", apiPrefix+r.path, len(resp.body), maskBody(resp.body))
	}
	return tok, nil
}

// tokensNotIn returns the tokens of after whose id is not in before.
func tokensNotIn(after, before []SCIMToken) []SCIMToken {
	var fresh []SCIMToken
	for _, t := range after {
		if !slices.ContainsFunc(before, func(b SCIMToken) bool { return b.TokenID == t.TokenID }) {
			fresh = append(fresh, t)
		}
	}
	return fresh
}

// IsSCIMTokenLimit reports whether err is the refusal of a token create
// because the connection holds two tokens already, the most it may: the
// 409 ("Maximum of 2 tokens already issued for this connection") that is
// the create's only conflict.
func IsSCIMTokenLimit(err error) bool { return IsConflict(err) }

// scimTokenUnknownError is a token create whose outcome is unknown.
type scimTokenUnknownError struct {
	ConnectionID string
	// Tokens are the tokens that appeared since the create was sent (nil
	// when listing them failed, see ListErr), or all the connection's
	// tokens when they could not be listed before it (incomparable).
	Tokens       []SCIMToken
	incomparable bool
	ListErr      error
	Err          error
}

func (e *scimTokenUnknownError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "creating a SCIM token for connection %s: the outcome is unknown (%v). "+
		"The API shows a token's secret only in the answer to its create, so the request was not repeated. ", e.ConnectionID, e.Err)
	switch {
	case e.ListErr != nil:
		fmt.Fprintf(&b, "Listing the connection's tokens failed too (%v); list them to see whether a token was created.", e.ListErr)
	case len(e.Tokens) == 0 && e.incomparable:
		b.WriteString("The connection has no token: none was created, and creating it again is safe.")
	case len(e.Tokens) == 0:
		b.WriteString("No token appeared since the request: none was created, and creating it again is safe.")
	case e.incomparable:
		b.WriteString("The connection now has these tokens:")
		writeTokens(&b, e.Tokens)
		b.WriteString(" a token created by this request may be among them, with its secret lost: " +
			"delete only a token no SCIM client uses (a connection holds at most two tokens) before creating another.")
	default:
		b.WriteString("Since the request, the connection gained these tokens:")
		writeTokens(&b, e.Tokens)
		b.WriteString(" the one this request created is among them but its secret is lost: delete it " +
			"(a connection holds at most two tokens) before creating another.")
	}
	return b.String()
}

func writeTokens(b *strings.Builder, tokens []SCIMToken) {
	for _, t := range tokens {
		fmt.Fprintf(b, " %s (created %s, scopes %s);", t.TokenID, t.CreatedAt, strings.Join(t.Scopes, " "))
	}
}

func (e *scimTokenUnknownError) Unwrap() error { return e.Err }

// ListSCIMTokens lists a connection's SCIM tokens, without their secrets.
func (c *Client) ListSCIMTokens(ctx context.Context, connectionID string) ([]SCIMToken, error) {
	if err := checkConnectionID("listing SCIM tokens", connectionID); err != nil {
		return nil, err
	}
	return c.listSCIMTokens(c.withLogging(ctx), connectionID)
}

func (c *Client) listSCIMTokens(ctx context.Context, connectionID string) ([]SCIMToken, error) {
	return fetchList[SCIMToken](ctx, c, request{method: http.MethodGet, path: scimConfiguration.path(connectionID) + "/tokens", retryUncertain: true})
}

// DeleteSCIMToken revokes a SCIM token. An unknown token is a 404.
func (c *Client) DeleteSCIMToken(ctx context.Context, connectionID, tokenID string) error {
	if err := checkConnectionID("deleting a SCIM token", connectionID); err != nil {
		return err
	}
	if tokenID == "" {
		return fmt.Errorf("deleting a SCIM token of %s needs its token id", connectionID)
	}
	r := request{method: http.MethodDelete, path: scimConfiguration.path(connectionID) + "/tokens/" + escapeID(tokenID), retryUncertain: true}
	return c.do(c.withLogging(ctx), r, nil)
}
