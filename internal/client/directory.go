package client

import (
	"context"
	"net/http"
	"strings"
)

// DirectoryMapping maps one attribute of the identity provider's user
// (Google Workspace) to one Auth0 user attribute.
type DirectoryMapping struct {
	IDP   string `json:"idp"`
	Auth0 string `json:"auth0"`
}

// DirectoryProvisioning is a Google Workspace connection's directory
// provisioning (directory sync) configuration. A connection has at most
// one; it has no id of its own. The LastSynchronization fields are empty
// until a synchronization has run.
type DirectoryProvisioning struct {
	ConnectionID              string             `json:"connection_id"`
	ConnectionName            string             `json:"connection_name"`
	Strategy                  string             `json:"strategy"`
	Mapping                   []DirectoryMapping `json:"mapping"`
	SynchronizeAutomatically  bool               `json:"synchronize_automatically"`
	SynchronizeGroups         string             `json:"synchronize_groups,omitempty"`
	CreatedAt                 string             `json:"created_at"`
	UpdatedAt                 string             `json:"updated_at"`
	LastSynchronizationAt     string             `json:"last_synchronization_at,omitempty"`
	LastSynchronizationStatus string             `json:"last_synchronization_status,omitempty"`
	LastSynchronizationError  string             `json:"last_synchronization_error,omitempty"`
}

// DirectorySettings are the fields a create or an update sends; a zero
// field is not sent. An update changes only what it sends, and a mapping
// it sends replaces the stored one. A create without a mapping gets the
// Google Workspace default, without SynchronizeAutomatically no automatic
// sync, without SynchronizeGroups "off".
type DirectorySettings struct {
	Mapping                  []DirectoryMapping `json:"mapping,omitempty"`
	SynchronizeAutomatically *bool              `json:"synchronize_automatically,omitempty"`
	SynchronizeGroups        string             `json:"synchronize_groups,omitempty"` // off, all or selected
}

func (s DirectorySettings) empty() bool {
	return s.Mapping == nil && s.SynchronizeAutomatically == nil && s.SynchronizeGroups == ""
}

// IsNoDirectoryProvisioning reports whether err is the 404 of a connection
// that has no directory provisioning ("Directory provisioning
// configuration not found"; the synchronized-groups endpoints say
// "Connection directory provisioning configuration not found").
func IsNoDirectoryProvisioning(err error) bool {
	apiErr, ok := asAPIError(err)
	return ok && apiErr.StatusCode == http.StatusNotFound &&
		strings.Contains(strings.ToLower(apiErr.Message), "directory provisioning configuration not found")
}

// directoryProvisioning is a connection's directory provisioning, at
// /connections/{id}/directory-provisioning.
var directoryProvisioning = singleton[DirectoryProvisioning, DirectoryMapping]{
	sub: "/directory-provisioning", noun: "directory provisioning", mapping: "the default directory mapping", absent: IsNoDirectoryProvisioning,
}

// CreateDirectoryProvisioning turns directory provisioning on for a Google
// Workspace connection (POST /connections/{id}/directory-provisioning). Any
// other strategy answers 400 (IsUnsupportedByStrategy); a connection that
// has one already, 409 (IsAlreadyExists).
//
// When the outcome is unknown the configuration is read back (see
// singleton.create); when an earlier attempt turns out to have created it,
// the settings are sent again as an update, which leaves the same
// configuration whichever attempt made it.
func (c *Client) CreateDirectoryProvisioning(ctx context.Context, connectionID string, settings DirectorySettings) (*DirectoryProvisioning, error) {
	if err := checkConnectionID("creating a directory provisioning", connectionID); err != nil {
		return nil, err
	}
	ctx = c.withLogging(ctx)
	d, adopted, err := directoryProvisioning.create(ctx, c, connectionID, settings)
	if err != nil || !adopted || settings.empty() {
		return d, err
	}
	return directoryProvisioning.patch(ctx, c, connectionID, settings)
}

// GetDirectoryProvisioning reads a connection's directory provisioning.
// Without one it is a 404 (IsNoDirectoryProvisioning).
func (c *Client) GetDirectoryProvisioning(ctx context.Context, connectionID string) (*DirectoryProvisioning, error) {
	return directoryProvisioning.read(ctx, c, connectionID)
}

// UpdateDirectoryProvisioning changes the fields settings sets (PATCH
// /connections/{id}/directory-provisioning) and returns the result.
func (c *Client) UpdateDirectoryProvisioning(ctx context.Context, connectionID string, settings DirectorySettings) (*DirectoryProvisioning, error) {
	if err := checkConnectionID("updating a directory provisioning", connectionID); err != nil {
		return nil, err
	}
	ctx = c.withLogging(ctx)
	if settings.empty() {
		return directoryProvisioning.get(ctx, c, connectionID)
	}
	return directoryProvisioning.patch(ctx, c, connectionID, settings)
}

// DeleteDirectoryProvisioning turns directory provisioning off; its group
// selection goes with it.
func (c *Client) DeleteDirectoryProvisioning(ctx context.Context, connectionID string) error {
	return directoryProvisioning.delete(ctx, c, connectionID)
}

// GetDirectoryDefaultMapping returns the mapping a directory provisioning
// of this connection starts with.
func (c *Client) GetDirectoryDefaultMapping(ctx context.Context, connectionID string) ([]DirectoryMapping, error) {
	return directoryProvisioning.defaultMapping(ctx, c, connectionID)
}
