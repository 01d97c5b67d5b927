package client

import (
	"context"
	"net/http"
	"slices"
	"strings"
)

// SCIMMapping maps one SCIM attribute to one Auth0 user attribute.
type SCIMMapping struct {
	SCIM  string `json:"scim"`
	Auth0 string `json:"auth0"`
}

// SCIMConfiguration is a connection's inbound SCIM configuration. A
// connection has at most one; it has no id of its own. UpdatedOn is
// Auth0's name for the field (directory provisioning calls it updated_at).
type SCIMConfiguration struct {
	TenantName      string        `json:"tenant_name"`
	ConnectionID    string        `json:"connection_id"`
	ConnectionName  string        `json:"connection_name"`
	Strategy        string        `json:"strategy"`
	Mapping         []SCIMMapping `json:"mapping"`
	UserIDAttribute string        `json:"user_id_attribute"`
	CreatedAt       string        `json:"created_at"`
	UpdatedOn       string        `json:"updated_on"`
}

// SCIMSettings are what a SCIM configuration is created or updated with.
// An update needs both; a create sends both or nothing (nil), and then
// gets the strategy's defaults.
type SCIMSettings struct {
	UserIDAttribute string        `json:"user_id_attribute"`
	Mapping         []SCIMMapping `json:"mapping"`
}

// sameAs reports whether the configuration holds these settings; the
// mapping is compared as a set, as the API keeps it in the order sent.
func (s *SCIMSettings) sameAs(cfg *SCIMConfiguration) bool {
	if s.UserIDAttribute != cfg.UserIDAttribute || len(s.Mapping) != len(cfg.Mapping) {
		return false
	}
	for _, m := range s.Mapping {
		if !slices.Contains(cfg.Mapping, m) {
			return false
		}
	}
	return true
}

// IsNoSCIMConfiguration reports whether err is the bare 404 ("Not Found",
// no errorCode) of a connection that has no SCIM configuration: the answer
// to reading it, and to its tokens' endpoints, before it is created.
func IsNoSCIMConfiguration(err error) bool {
	apiErr, ok := asAPIError(err)
	return ok && apiErr.StatusCode == http.StatusNotFound && apiErr.ErrorCode == "" &&
		strings.EqualFold(strings.TrimSpace(apiErr.Message), "Not Found")
}

// scimConfiguration is a connection's SCIM configuration, at
// /connections/{id}/scim-configuration. Without one, its GET is the bare
// 404 of IsNoSCIMConfiguration.
var scimConfiguration = singleton[SCIMConfiguration, SCIMMapping]{
	sub: "/scim-configuration", noun: "SCIM configuration", mapping: "the default SCIM mapping", absent: IsNoSCIMConfiguration,
}

// CreateSCIMConfiguration turns inbound SCIM on for a connection (POST
// /connections/{id}/scim-configuration). With nil settings no body is sent
// and the API fills in the strategy's default mapping and user id
// attribute. A connection whose strategy has no SCIM answers 404
// (IsUnsupportedByStrategy); one that has a configuration already, 400
// (IsAlreadyExists).
//
// When the outcome is unknown the configuration is read back (see
// singleton.create); if an earlier attempt created it with other settings
// than these (someone else's create in between), it is updated to them.
func (c *Client) CreateSCIMConfiguration(ctx context.Context, connectionID string, settings *SCIMSettings) (*SCIMConfiguration, error) {
	if err := checkConnectionID("creating a SCIM configuration", connectionID); err != nil {
		return nil, err
	}
	ctx = c.withLogging(ctx)
	var body any // none when settings is nil, not a JSON null
	if settings != nil {
		body = settings
	}
	cfg, _, err := scimConfiguration.create(ctx, c, connectionID, body)
	if err != nil || settings == nil || settings.sameAs(cfg) {
		return cfg, err
	}
	return c.patchSCIM(ctx, connectionID, *settings)
}

// GetSCIMConfiguration reads a connection's SCIM configuration. Without
// one it is a 404 (IsNoSCIMConfiguration); so is a connection that does
// not exist (IsUnknownConnection) or cannot have one.
func (c *Client) GetSCIMConfiguration(ctx context.Context, connectionID string) (*SCIMConfiguration, error) {
	return scimConfiguration.read(ctx, c, connectionID)
}

// UpdateSCIMConfiguration replaces the user id attribute and the whole
// mapping (PATCH /connections/{id}/scim-configuration; the API needs both).
func (c *Client) UpdateSCIMConfiguration(ctx context.Context, connectionID string, settings SCIMSettings) (*SCIMConfiguration, error) {
	if err := checkConnectionID("updating a SCIM configuration", connectionID); err != nil {
		return nil, err
	}
	return c.patchSCIM(c.withLogging(ctx), connectionID, settings)
}

func (c *Client) patchSCIM(ctx context.Context, connectionID string, settings SCIMSettings) (*SCIMConfiguration, error) {
	if settings.Mapping == nil {
		settings.Mapping = []SCIMMapping{}
	}
	return scimConfiguration.patch(ctx, c, connectionID, settings)
}

// DeleteSCIMConfiguration turns inbound SCIM off and revokes the
// configuration's tokens. Deleting a configuration that is not there
// succeeds, as the API answers 204 then too.
func (c *Client) DeleteSCIMConfiguration(ctx context.Context, connectionID string) error {
	return scimConfiguration.delete(ctx, c, connectionID)
}

// GetSCIMDefaultMapping returns the mapping a SCIM configuration of this
// connection's strategy starts with, whatever the configuration holds.
func (c *Client) GetSCIMDefaultMapping(ctx context.Context, connectionID string) ([]SCIMMapping, error) {
	return scimConfiguration.defaultMapping(ctx, c, connectionID)
}
