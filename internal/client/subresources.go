package client

import (
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
