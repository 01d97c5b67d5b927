package client

import "encoding/json"

// Authentication is a connection's "authentication" purpose object.
type Authentication struct {
	Active bool `json:"active"`
}

// ConnectedAccounts is a connection's "connected_accounts" purpose object.
type ConnectedAccounts struct {
	Active         bool  `json:"active"`
	CrossAppAccess *bool `json:"cross_app_access,omitzero"`
}

// CrossAppAccessRequestingApp is a connection's
// "cross_app_access_requesting_app" purpose object: the connection acts as
// the requesting application's authorization server for Cross App Access.
type CrossAppAccessRequestingApp struct {
	Active bool `json:"active"`
}

// CrossAppAccessResourceApp is a connection's "cross_app_access_resource_app"
// object; Status is "enabled" or "disabled".
type CrossAppAccessResourceApp struct {
	Status string `json:"status"`
}

// Connection is a Management API connection: the top-level fields the
// provider works with. Options stays the raw JSON the server sent, so no
// option key is ever lost to a struct that does not model it. Top-level keys
// without a field here are not kept: the provider never sends a whole
// connection back (updates are a Patch of the changed keys only).
//
// Encoding omits the fields left at their zero value, so a Connection built
// for a create sends only what it sets; an empty, non-nil Realms or Metadata
// is sent as such.
type Connection struct {
	ID          string  `json:"id,omitzero"`
	Name        string  `json:"name,omitzero"`
	DisplayName *string `json:"display_name,omitzero"`
	Strategy    string  `json:"strategy,omitzero"`
	// Options is verbatim JSON; nil when the response had no "options" key
	// (the token lacks read:connections_options).
	Options            json.RawMessage    `json:"options,omitzero"`
	Realms             []string           `json:"realms,omitzero"`
	IsDomainConnection *bool              `json:"is_domain_connection,omitzero"`
	ShowAsButton       *bool              `json:"show_as_button,omitzero"`
	Metadata           map[string]*string `json:"metadata,omitzero"`
	Authentication     *Authentication    `json:"authentication,omitzero"`
	ConnectedAccounts  *ConnectedAccounts `json:"connected_accounts,omitzero"`
	// The Cross App Access objects are accepted by the oidc and okta
	// strategies only; a PATCH with null removes them.
	CrossAppAccessRequestingApp *CrossAppAccessRequestingApp `json:"cross_app_access_requesting_app,omitzero"`
	CrossAppAccessResourceApp   *CrossAppAccessResourceApp   `json:"cross_app_access_resource_app,omitzero"`
}
