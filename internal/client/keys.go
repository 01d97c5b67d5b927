package client

import (
	"context"
	"fmt"
	"net/http"
	"slices"
)

// ConnectionKey is one signing key of an oidc or okta connection: the
// public half (the private key never leaves Auth0) and its role. Exactly
// one of Current, Next and Previous is true; CurrentSince is set on the
// current key only.
type ConnectionKey struct {
	KID          string `json:"kid"`
	Algorithm    string `json:"algorithm,omitempty"`
	KeyUse       string `json:"key_use,omitempty"`
	SubjectDN    string `json:"subject_dn,omitempty"`
	Cert         string `json:"cert"`
	Fingerprint  string `json:"fingerprint,omitempty"`
	Thumbprint   string `json:"thumbprint,omitempty"`
	PKCS         string `json:"pkcs,omitempty"`
	Current      bool   `json:"current,omitempty"`
	CurrentSince string `json:"current_since,omitempty"`
	Next         bool   `json:"next,omitempty"`
	Previous     bool   `json:"previous,omitempty"`
}

// complete reports whether the key carries every descriptive field. The
// 2025 API answered a rotation with only kid and cert.
func (k *ConnectionKey) complete() bool {
	return k.Algorithm != "" && k.KeyUse != "" && k.SubjectDN != "" && k.Fingerprint != "" && k.Thumbprint != "" && k.PKCS != ""
}

// ListConnectionKeys returns a connection's signing keys, listed current,
// previous, next (GET /connections/{id}/keys).
func (c *Client) ListConnectionKeys(ctx context.Context, connectionID string) ([]ConnectionKey, error) {
	if err := checkConnectionID("listing signing keys", connectionID); err != nil {
		return nil, err
	}
	return c.listKeys(c.withLogging(ctx), connectionID)
}

func (c *Client) listKeys(ctx context.Context, connectionID string) ([]ConnectionKey, error) {
	return fetchList[ConnectionKey](ctx, c, request{method: http.MethodGet, path: subresourcePath(connectionID, "/keys"), retryUncertain: true})
}

// RotateConnectionKeys rotates a connection's signing keys (POST
// /connections/{id}/keys/rotate): the next key becomes current, the current
// one previous, and a new next key is made, which RotateConnectionKeys
// returns. When the API answers with only the new key's kid and cert, as it
// did in 2025, the rest is read by listing the keys.
//
// A connection without keys answers 400: IsPrivateKeyJWTRequired for an
// oidc or okta connection that does not use private_key_jwt,
// IsUnsupportedByStrategy for other strategies.
//
// A rotation is not idempotent, so it is never repeated blindly: the keys
// are listed before the POST, and when its outcome is unknown they are
// listed again. A next key that was not there before is the rotation's;
// otherwise the rotation did not happen and is sent again (at most
// MaxRetries times).
func (c *Client) RotateConnectionKeys(ctx context.Context, connectionID string) (*ConnectionKey, error) {
	if err := checkConnectionID("rotating signing keys", connectionID); err != nil {
		return nil, err
	}
	ctx = c.withLogging(ctx)
	before, err := c.listKeys(ctx, connectionID)
	switch {
	case IsUnsupportedByStrategy(err):
		// No keys to list: the rotation's own answer says why better
		// ("not configured to use JWT Client Authentication").
		before = nil
	case err != nil:
		return nil, err
	}
	for attempt := 0; ; attempt++ {
		key, err := fetch[ConnectionKey](ctx, c, request{method: http.MethodPost, path: subresourcePath(connectionID, "/keys/rotate")})
		if err == nil {
			return c.completeRotatedKey(ctx, connectionID, before, key)
		}
		if ctx.Err() != nil || !outcomeUnknown(err) {
			return nil, err
		}
		after, listErr := c.listKeys(ctx, connectionID)
		if listErr != nil {
			return nil, fmt.Errorf("rotating the signing keys of %s: the outcome is unknown (%w) and listing the keys failed: %v", connectionID, err, listErr) //nolint:errorlint // only the rotation's error is wrapped
		}
		if fresh := newNextKey(before, after); fresh != nil {
			logDebug(ctx, "A rotation whose answer was lost had happened", map[string]any{"connection_id": connectionID, "kid": fresh.KID})
			return fresh, nil
		}
		if err := c.waitToResend(ctx, attempt, "rotating the signing keys of "+connectionID, err); err != nil {
			return nil, err
		}
	}
}

// completeRotatedKey fills in a rotation's answer: a full key is the new
// next key as is; a bare {kid, cert} is looked up in the list. An answer
// that names no key still says the rotation happened, so the list's new
// next key is the rotation's: failing instead would have the next apply
// rotate the keys a second time.
func (c *Client) completeRotatedKey(ctx context.Context, connectionID string, before []ConnectionKey, key *ConnectionKey) (*ConnectionKey, error) {
	if key.KID == "" {
		return c.findRotatedKey(ctx, connectionID, before)
	}
	if key.complete() {
		if !key.Current && !key.Previous {
			key.Next = true // the rotation's key is the new next key, whether or not the answer says so
		}
		return key, nil
	}
	keys, err := c.listKeys(ctx, connectionID)
	if err != nil {
		return nil, fmt.Errorf("rotating the signing keys of %s: the rotation happened (new key %s) but listing the keys failed: %w", connectionID, key.KID, err)
	}
	i := slices.IndexFunc(keys, func(k ConnectionKey) bool { return k.KID == key.KID })
	if i < 0 {
		return nil, fmt.Errorf("rotating the signing keys of %s: the new key %s is not among the connection's keys", connectionID, key.KID)
	}
	return &keys[i], nil
}

func (c *Client) findRotatedKey(ctx context.Context, connectionID string, before []ConnectionKey) (*ConnectionKey, error) {
	after, err := c.listKeys(ctx, connectionID)
	if err != nil {
		return nil, fmt.Errorf("rotating the signing keys of %s: the rotation happened, its answer names no key, and listing the keys failed: %w", connectionID, err)
	}
	if fresh := newNextKey(before, after); fresh != nil {
		return fresh, nil
	}
	return nil, fmt.Errorf("rotating the signing keys of %s: the rotation's answer names no key, and the connection has no new next key", connectionID)
}

// newNextKey returns the next key of after when before did not have it.
func newNextKey(before, after []ConnectionKey) *ConnectionKey {
	for i, k := range after {
		if k.Next && !slices.ContainsFunc(before, func(b ConnectionKey) bool { return b.KID == k.KID }) {
			return &after[i]
		}
	}
	return nil
}
