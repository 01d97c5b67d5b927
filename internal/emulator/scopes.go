package emulator

import (
	"net/http"
	"slices"
	"strings"
)

// Scopes of the Management API operations the emulator serves, as Auth0
// documents them per operation, plus the clients scopes of its minimal
// /api/v2/clients.
const (
	scopeReadConnections          = "read:connections"
	scopeCreateConnections        = "create:connections"
	scopeUpdateConnections        = "update:connections"
	scopeDeleteConnections        = "delete:connections"
	scopeReadConnectionsOptions   = "read:connections_options"
	scopeUpdateConnectionsOptions = "update:connections_options"
	scopeReadConnectionsKeys      = "read:connections_keys"
	scopeCreateConnectionsKeys    = "create:connections_keys"
	scopeUpdateConnectionsKeys    = "update:connections_keys"
	scopeReadSCIMConfig           = "read:scim_config"
	scopeCreateSCIMConfig         = "create:scim_config"
	scopeUpdateSCIMConfig         = "update:scim_config"
	scopeDeleteSCIMConfig         = "delete:scim_config"
	scopeReadSCIMToken            = "read:scim_token"   // #nosec G101 -- a scope name, not a credential
	scopeCreateSCIMToken          = "create:scim_token" // #nosec G101 -- a scope name, not a credential
	scopeDeleteSCIMToken          = "delete:scim_token" // #nosec G101 -- a scope name, not a credential
	scopeReadDirectory            = "read:directory_provisionings"
	scopeCreateDirectory          = "create:directory_provisionings"
	scopeUpdateDirectory          = "update:directory_provisionings"
	scopeDeleteDirectory          = "delete:directory_provisionings"
	scopeDeleteUsers              = "delete:users"
	scopeReadClients              = "read:clients"
	scopeReadClientSummary        = "read:client_summary"
	scopeCreateClients            = "create:clients"
	scopeUpdateClients            = "update:clients"
	scopeDeleteClients            = "delete:clients"
)

// AllScopes returns every scope the emulator knows.
func AllScopes() []string {
	return []string{
		scopeReadConnections, scopeCreateConnections, scopeUpdateConnections, scopeDeleteConnections,
		scopeReadConnectionsOptions, scopeUpdateConnectionsOptions,
		scopeReadConnectionsKeys, scopeCreateConnectionsKeys, scopeUpdateConnectionsKeys,
		scopeReadSCIMConfig, scopeCreateSCIMConfig, scopeUpdateSCIMConfig, scopeDeleteSCIMConfig,
		scopeReadSCIMToken, scopeCreateSCIMToken, scopeDeleteSCIMToken,
		scopeReadDirectory, scopeCreateDirectory, scopeUpdateDirectory, scopeDeleteDirectory,
		scopeDeleteUsers,
		scopeReadClients, scopeReadClientSummary, scopeCreateClients, scopeUpdateClients, scopeDeleteClients,
	}
}

// scopeRule is what a route's bearer token must carry: every scope of all,
// and at least one of anyOf when anyOf is set. Most operations need exactly
// one scope; key rotation needs two, and a client's connections need a
// connections scope plus either clients scope.
type scopeRule struct {
	all   []string
	anyOf []string
}

// needs is the rule "every one of these scopes".
func needs(scopes ...string) scopeRule { return scopeRule{all: scopes} }

// check returns Auth0's 403 for a token that lacks what the rule asks.
func (r scopeRule) check(have map[string]bool) *apiError {
	for _, s := range r.all {
		if !have[s] {
			if len(r.all) > 1 {
				return newError(http.StatusForbidden, codeInsufficientScope, "Insufficient scope, expected all of: "+strings.Join(r.all, ","))
			}
			return errInsufficientScope(s)
		}
	}
	if len(r.anyOf) > 0 && !slices.ContainsFunc(r.anyOf, func(s string) bool { return have[s] }) {
		return errInsufficientScope(r.anyOf...)
	}
	return nil
}

// errInsufficientScope is the 403 for a token without (any of) the scopes.
func errInsufficientScope(scopes ...string) *apiError {
	return newError(http.StatusForbidden, codeInsufficientScope,
		"Insufficient scope, expected any of: "+strings.Join(scopes, ","))
}
