package client

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strings"
)

// The sub-resources of a connection (signing keys, inbound SCIM, directory
// provisioning) exist for a few strategies only, and the API says so in
// three different ways: a 404 for SCIM, a 400 for directory provisioning
// and for keys. The table below is what a caller can check before it asks;
// the predicates recognise the API's answers when it did not.

// Feature is a connection sub-resource that only some strategies have.
type Feature string

const (
	// FeatureSCIM is inbound SCIM provisioning (a SCIM configuration and
	// its bearer tokens).
	FeatureSCIM Feature = "SCIM"
	// FeatureSigningKeys are the keys a connection signs its client
	// assertions (private_key_jwt) with.
	FeatureSigningKeys Feature = "signing keys"
	// FeatureDirectoryProvisioning is Google Workspace directory sync and
	// its selection of synchronized groups.
	FeatureDirectoryProvisioning Feature = "directory provisioning"
)

// featureStrategies lists, for each feature, the strategies Auth0 offers it
// for.
var featureStrategies = map[Feature][]string{
	FeatureSCIM:                  {"oidc", "okta", "samlp", "waad"},
	FeatureSigningKeys:           {"oidc", "okta"},
	FeatureDirectoryProvisioning: {"google-apps"},
}

// Strategies returns the strategies that have the feature, sorted.
func (f Feature) Strategies() []string { return slices.Clone(featureStrategies[f]) }

// SupportedBy reports whether connections of strategy have the feature.
func (f Feature) SupportedBy(strategy string) bool {
	return slices.Contains(featureStrategies[f], strategy)
}

// IsUnsupportedByStrategy reports whether err is the API refusing a
// sub-resource because of the connection's strategy: "This connection type
// does not support SCIM." (404), "The connection strategy does not support
// inbound directory provisioning" (400), "keys are not available for this
// connection" and "Key rotation is not supported on this connection" (400).
func IsUnsupportedByStrategy(err error) bool {
	apiErr, ok := asAPIError(err)
	if !ok || (apiErr.StatusCode != http.StatusNotFound && apiErr.StatusCode != http.StatusBadRequest) {
		return false
	}
	msg := strings.ToLower(apiErr.Message)
	return strings.Contains(msg, "does not support") || strings.Contains(msg, "not available for this connection") ||
		strings.Contains(msg, "rotation is not supported")
}

// IsPrivateKeyJWTRequired reports whether err is the 400 a key rotation
// gets on a connection that does not authenticate with private_key_jwt.
func IsPrivateKeyJWTRequired(err error) bool {
	apiErr, ok := asAPIError(err)
	return ok && apiErr.StatusCode == http.StatusBadRequest &&
		strings.Contains(strings.ToLower(apiErr.Message), "jwt client authentication")
}

// IsUnknownConnection reports whether err is a 404 about the connection
// itself, not about one of its sub-resources (those 404s often carry no
// errorCode, so the message decides when the code is absent).
func IsUnknownConnection(err error) bool {
	apiErr, ok := asAPIError(err)
	if !ok || apiErr.StatusCode != http.StatusNotFound {
		return false
	}
	if apiErr.ErrorCode != "" {
		return apiErr.ErrorCode == "inexistent_connection"
	}
	msg := strings.ToLower(apiErr.Message)
	return strings.Contains(msg, "connection does not exist") || strings.Contains(msg, "connection not found")
}

// IsAlreadyExists reports whether err refuses a create because the
// sub-resource exists: a 409, or the 400 Auth0 answers a second SCIM
// configuration with ("SCIM configuration alreay exists for connection",
// its spelling).
func IsAlreadyExists(err error) bool {
	apiErr, ok := asAPIError(err)
	if !ok {
		return false
	}
	if apiErr.StatusCode == http.StatusConflict {
		return true
	}
	msg := strings.ToLower(apiErr.Message)
	return apiErr.StatusCode == http.StatusBadRequest && (strings.Contains(msg, "already exists") || strings.Contains(msg, "alreay exists"))
}

func asAPIError(err error) (*APIError, bool) {
	var apiErr *APIError
	ok := errors.As(err, &apiErr)
	return apiErr, ok
}

// subresourcePath is the path of a connection's sub-resource: sub starts
// with "/" or is empty.
func subresourcePath(connectionID, sub string) string {
	return "/connections/" + escapeID(connectionID) + sub
}

// checkConnectionID refuses an empty id before anything is sent.
func checkConnectionID(what, connectionID string) error {
	if connectionID == "" {
		return fmt.Errorf("%s needs a connection id", what)
	}
	return nil
}

// singletonCreate is the create protocol of a sub-resource a connection has
// at most one of, which has no id of its own (a SCIM configuration, a
// directory provisioning). Its POST is not repeated blindly: when the
// outcome is unknown (a 5xx, a broken connection, a timeout) the
// sub-resource is read; if it is there, the POST went through and what was
// read is the result; if it is not, the POST is sent again (at most
// MaxRetries times). A repeated POST refused because the sub-resource
// exists (IsAlreadyExists) means an earlier attempt created it after all,
// and it is read too. On the first attempt that refusal is a real conflict
// and is returned.
type singletonCreate[T any] struct {
	what   string                            // for messages: "creating the SCIM configuration of con_…"
	post   func(context.Context) (*T, error) // one POST
	read   func(context.Context) (*T, error) // one GET
	absent func(error) bool                  // the GET's error says there is none
}

func (s singletonCreate[T]) run(ctx context.Context, c *Client) (*T, error) {
	for attempt := 0; ; attempt++ {
		created, err := s.post(ctx)
		if err == nil {
			return created, nil
		}
		if ctx.Err() != nil {
			return nil, err
		}
		repeated := attempt > 0 && IsAlreadyExists(err)
		if !repeated && !outcomeUnknown(err) {
			return nil, err
		}
		live, readErr := s.read(ctx)
		switch {
		case readErr == nil:
			logDebug(ctx, "Adopted what an earlier create attempt had made", map[string]any{"what": s.what})
			return live, nil
		case !s.absent(readErr):
			// Only err is wrapped: the read's 404 must not make the create
			// look like a NotFound to callers that test with errors.As.
			return nil, fmt.Errorf("%s: the outcome is unknown (%w) and reading it back failed: %v", s.what, err, readErr) //nolint:errorlint // see above
		case repeated:
			return nil, fmt.Errorf("%s: the API says it exists but reading it finds none: %w", s.what, err)
		}
		if attempt >= c.s.maxRetries {
			return nil, fmt.Errorf("%s: gave up after %d attempts: %w", s.what, attempt+1, err)
		}
		if err := sleepContext(ctx, c.exponentialBackoff(attempt)); err != nil {
			return nil, err
		}
	}
}
