package options

import "slices"

// The tables below are the provider's knowledge about option keys, as data.
// Sources are named per entry: [O] Auth0's OpenAPI schemas, [S] the go-auth0
// SDK option structs, [R] recorded exchanges with the real Management API,
// [D] Auth0's documentation.

// secretKeys are secret in every strategy: a client_secret is a secret
// whether or not the strategy is expected to have one, so a misplaced secret
// is never shown in a plan. Which strategies actually use them:
//
//	client_secret                 every OAuth2/OIDC-based strategy: social ones,
//	                              oauth2, oidc, okta, waad, google-apps, … [O][S]
//	app_secret                    apple (its "client secret" is a PEM key) [O][S]
//	consumer_secret               oauth1 (and legacy twitter) [S][R]
//	twilio_token                  sms with Twilio [O][S]
//	gateway_authentication.secret sms with a custom gateway [O][S]
//	signing_key.key               samlp, pingfederate: request-signing private key [S][R]
//	decryptionKey.key             samlp: assertion-decryption private key [O][R]
//	decryption_key.key            pingfederate spelling of the same key [S]
//	configuration (whole object)  auth0 custom database settings: every value
//	                              is a secret and stored encrypted [O][R]
//	admin_access_token,           google-apps: OAuth tokens of the Workspace
//	admin_refresh_token           admin who granted directory access [O][S]
var secretKeys = pats(
	"client_secret",
	"app_secret",
	"consumer_secret",
	"twilio_token",
	"gateway_authentication.secret",
	"signing_key.key",
	"decryptionKey.key",
	"decryption_key.key",
	"configuration",
	"admin_access_token",
	"admin_refresh_token",
)

// encryptedKeys: the server stores these encrypted and returns fresh
// ciphertext on every write ("Stores encrypted string only configurations
// for connections" [O]; sent {"foo":"bar"}, got {"foo":"CkIKIIzm…"} [R]).
var encryptedKeys = pats("configuration.*")

// atomicKeys are replaced whole: an upstream_params entry is oneOf
// {value} | {alias}, each additionalProperties:false [O].
var atomicKeys = pats("upstream_params.*")

// Hints for the social strategies whose `scope` Auth0 computes from boolean
// flags: the server recomputes derived options from the new options on every
// write [R] (facebook's is "Computed comma-separated OAuth scope string"
// [O]). A configured scope is overwritten, so it is a warning.
const (
	scopeHintGoogle      = "Auth0 computes scope from the boolean scope flags (email, profile, calendar, gmail, …); set those flags, and freeform_scopes for scopes that have no flag"
	scopeHintFacebook    = "Auth0 computes scope from the permission flags (email, public_profile, user_birthday, …); set those flags, and freeform_scopes for permissions that have no flag"
	scopeHintGitHub      = "Auth0 computes scope from the boolean scope flags (email, read_user, repo, read_org, …); set those flags, and freeform_scopes for scopes that have no flag"
	scopeHintLinkedIn    = "Auth0 computes scope from email, profile and basic_profile, and strategy_version picks the LinkedIn scope set; set those instead"
	scopeHintWindowsLive = "Auth0 computes scope from the boolean scope flags (signin, graph_user, offline_access, …); set those flags, and freeform_scopes for scopes that have no flag"
	scopeHintApple       = "Auth0 computes scope from the name and email flags; set those instead"
	scopeHintProfile     = "Auth0 computes scope from the profile flag; set that instead"
	scopeHintLine        = "Auth0 computes (and reorders) scope from the email and profile flags; set those instead"
)

const (
	hintOIDCMetadata  = "Auth0 fills oidc_metadata from OIDC discovery; set discovery_url (or issuer) instead"
	hintOktaDiscovery = "Auth0 discovers this from https://<domain>/.well-known/openid-configuration and overwrites a configured value; set domain instead"
	hintSAMLCert      = "Auth0 computes cert, expires, subject and thumbprints from the IdP certificate; set signingCert (or metadataXml / metadataUrl) instead"
	hintPingCert      = "Auth0 computes cert, expires, subject and thumbprints from the IdP certificate; set signingCert instead"
	hintPingSignIn    = "Auth0 computes signInEndpoint from pingFederateBaseUrl; set that instead"
	hintADFSThumbs    = "Auth0 fetches the ADFS signing certificate thumbprints from the federation metadata; set adfs_server or fedMetadataXml instead"
	hintWAADAppDomain = "Auth0 sets app_domain to the tenant's own domain"
	hintWAADThumbs    = "Auth0 fetches the Azure AD signing certificate thumbprints itself"
	hintWAADGranted   = "Auth0 sets granted when an Azure AD administrator grants consent"
	hintGoogleAdmin   = "Auth0 obtains these tokens when a Google Workspace administrator grants directory access in the dashboard"
	hintADAgent       = "reported by the AD/LDAP Connector agent, not configurable"
)

// derived lists key paths the server derives, all with the same hint.
func derived(hint string, dotted ...string) []derivedKey {
	keys := make([]derivedKey, len(dotted))
	for i, d := range dotted {
		keys[i] = derivedKey{pat(d), hint}
	}
	return keys
}

// derivedKeys per strategy [R][O][D]. Social scopes; OIDC discovery (okta
// always discovers from its domain and overwrites a configured
// authorization_endpoint [R]; plain oidc keeps configured endpoints and only
// fills missing ones, so only oidc_metadata is derived there); SAML
// certificate fields; values fetched or set by Auth0 itself.
var derivedKeys = map[string][]derivedKey{
	"google-oauth2":        derived(scopeHintGoogle, "scope"),
	"facebook":             derived(scopeHintFacebook, "scope"),
	"github":               derived(scopeHintGitHub, "scope"),
	"linkedin":             derived(scopeHintLinkedIn, "scope"),
	"windowslive":          derived(scopeHintWindowsLive, "scope"),
	"apple":                derived(scopeHintApple, "scope"),
	"salesforce":           derived(scopeHintProfile, "scope"),
	"salesforce-community": derived(scopeHintProfile, "scope"),
	"salesforce-sandbox":   derived(scopeHintProfile, "scope"),
	"wordpress":            derived(scopeHintProfile, "scope"),
	"line":                 derived(scopeHintLine, "scope"),
	"oidc":                 derived(hintOIDCMetadata, "oidc_metadata"),
	"okta": slices.Concat(
		derived(hintOIDCMetadata, "oidc_metadata"),
		derived(hintOktaDiscovery, "authorization_endpoint", "token_endpoint", "userinfo_endpoint"),
	),
	"samlp": derived(hintSAMLCert, "cert", "expires", "subject", "thumbprints"),
	"pingfederate": slices.Concat(
		derived(hintPingCert, "cert", "expires", "subject", "thumbprints"),
		derived(hintPingSignIn, "signInEndpoint"),
	),
	"adfs": derived(hintADFSThumbs, "thumbprints", "prev_thumbprints"),
	"waad": slices.Concat(
		derived(hintWAADAppDomain, "app_domain"),
		derived(hintWAADThumbs, "thumbprints"),
		derived(hintWAADGranted, "granted"),
	),
	"google-apps": derived(hintGoogleAdmin, "admin_access_token", "admin_refresh_token", "admin_access_token_expiresin"),
	"ad":          derived(hintADAgent, "agentIP", "agentVersion", "agentMode"),
}

// consumedKeys: inputs the server turns into other keys and then drops
// [R]: samlp metadataXml becomes signInEndpoint/signOutEndpoint/
// bindingMethod/signingCert; pingfederate signingCert becomes cert/expires/
// subject/thumbprints.
var consumedKeys = map[string][]pattern{
	"samlp":        pats("metadataXml"),
	"pingfederate": pats("signingCert"),
}

// restoredKeys per strategy: options Auth0 puts back whenever a write
// leaves them out, with its default (deep-filled, so a key under one comes
// back too), or, for google-apps map_user_id_to_id, with the value it had
// [R]. Removing one from a configuration cannot delete it. Keys the server
// derives are not listed: configuring them is warned about already.
var restoredKeys = map[string][]pattern{
	"auth0":         pats("authentication_methods", "passkey_options", "brute_force_protection"),
	"ad":            pats("ips"),
	"waad":          pats("waad_common_endpoint"),
	"google-apps":   pats("map_user_id_to_id", "email", "profile", "handle_login_from_social", "api_enable_users"),
	"oidc":          pats("attribute_map", "connection_settings", "schema_version"),
	"okta":          pats("attribute_map", "connection_settings", "schema_version"),
	"google-oauth2": pats("email", "profile"),
	"linkedin":      pats("profile"),
	"line":          pats("profile"),
	"wordpress":     pats("profile"),
	"windowslive":   pats("signin"),
}

// noUpstreamParams: SAML and WS-Federation identity providers, which do not
// support upstream parameters [D].
var noUpstreamParams = map[string]bool{
	"samlp":        true,
	"pingfederate": true,
	"adfs":         true,
}

// crossAppAccess: the strategies that take the Cross App Access objects
// (cross_app_access_requesting_app, cross_app_access_resource_app) at the
// top level of a connection: oidc and okta, as the auth0/auth0 provider's
// documentation of the feature says; the auth0 strategy is refused with
// 400 operation_not_supported [R].
var crossAppAccess = map[string]bool{
	"oidc": true,
	"okta": true,
}

// upstreamMax: facebook's upstream_params has maxProperties 10 [O].
var upstreamMax = map[string]int{
	"facebook": 10,
}

// profiles joins the tables into one row per strategy.
var profiles = func() map[string]*profile {
	m := make(map[string]*profile, len(strategies))
	for _, s := range strategies {
		m[s] = &profile{
			strategy:         s,
			fields:           fieldsFor(s),
			derived:          derivedKeys[s],
			consumed:         consumedKeys[s],
			restored:         restoredKeys[s],
			noUpstreamParams: noUpstreamParams[s],
			crossAppAccess:   crossAppAccess[s],
			upstreamMax:      upstreamMax[s],
		}
	}
	return m
}()
