package emulator

import (
	"encoding/json"
	"maps"
	"slices"
	"strings"
)

// This file is the emulator's knowledge of what Auth0 adds to a connection,
// per strategy, from the recorded creates and updates. It is
// data: one strategyRule per strategy, applied by applyServerDefaults.

// strategies is the create schema's strategy enum, including the entries
// the current OpenAPI description dropped.
var strategies = []string{
	"ad", "adfs", "amazon", "apple", "dropbox", "bitbucket", "aol", "auth0-oidc", "auth0", "baidu",
	"bitly", "box", "custom", "daccount", "dwolla", "email", "evernote-sandbox", "evernote", "exact",
	"facebook", "fitbit", "flickr", "github", "google-apps", "google-oauth2", "instagram", "ip", "line",
	"linkedin", "miicard", "oauth1", "oauth2", "office365", "oidc", "okta", "paypal", "paypal-sandbox",
	"pingfederate", "planningcenter", "renren", "salesforce-community", "salesforce-sandbox", "salesforce",
	"samlp", "sharepoint", "shopify", "shop", "sms", "soundcloud", "thecity-sandbox", "thecity",
	"thirtysevensignals", "twitter", "untappd", "vkontakte", "waad", "weibo", "windowslive", "wordpress",
	"yahoo", "yammer", "yandex",
}

var strategySet = func() map[string]bool {
	m := make(map[string]bool, len(strategies))
	for _, s := range strategies {
		m[s] = true
	}
	return m
}()

// strategyRule is what the server adds to connections of one strategy.
type strategyRule struct {
	// createOptions are deep-filled into options on POST: a key the client
	// did not send is added, nested objects are completed key by key.
	createOptions map[string]any
	// patchOptions are deep-filled after a PATCH has replaced options
	// wholesale: the defaults Auth0 re-applies. Keys only in
	// createOptions (auth0 mfa, passwordPolicy, strategy_version) are not
	// restored, which is what the recordings show.
	patchOptions map[string]any
	// derive recomputes server-derived options (social scope from flags,
	// certificate fields) on every write that carries options.
	derive func(opts map[string]any, order []string) error
	// enterprise strategies get show_as_button:false when it is absent.
	enterprise bool
	// ticketLen > 0 adds provisioning_ticket_url on create with a ticket of
	// that many characters (32 for ad, 8 for the others).
	ticketLen int
	// ticketUnderTenant puts the tenant name before /p/ in that URL
	// (recorded for waad and google-apps).
	ticketUnderTenant bool
	// displayNameIsName sets display_name := name on create when absent.
	displayNameIsName bool
	// stickyOptions keep their stored value through a PATCH that omits
	// them (instead of being dropped with the rest of the old options).
	stickyOptions []string
	// appDomain sets options.app_domain to the tenant domain (waad).
	appDomain bool
	// requiredOptions must be in the options of a create, and of a PATCH
	// that sends options (the strategy's options schema requires them).
	requiredOptions []string
	// maxUpstreamParams > 0 caps the entries of options.upstream_params,
	// as the strategy's options schema does (documented for facebook).
	maxUpstreamParams int
	// echoedNulls are option keys whose null is echoed in the write's
	// response but not stored: a later GET has no such key (recorded for
	// line and wordpress authorizationURL/tokenURL). Other nulls are stored (ips,
	// messaging_service_sid, userinfo_endpoint).
	echoedNulls []string
}

// socialURLOverrides are the endpoint overrides social strategies accept;
// the null echo recorded for line and wordpress is inferred for every
// social strategy.
var socialURLOverrides = []string{"authorizationURL", "tokenURL"}

// obj is a shorthand for JSON object literals in the tables below.
type obj = map[string]any

func num(s string) json.Number { return json.Number(s) }

// auth0AuthenticationMethods is the 2026-04 default set; older tenants had
// fewer keys, so tests compare subsets.
func auth0AuthenticationMethods() obj {
	return obj{
		"password":  obj{"enabled": true, "api_behavior": "required", "signup_behavior": "allow"},
		"passkey":   obj{"enabled": false},
		"email_otp": obj{"enabled": false},
		"phone_otp": obj{"enabled": false},
	}
}

func auth0PasskeyOptions() obj {
	return obj{"challenge_ui": "both", "progressive_enrollment_enabled": true, "local_enrollment_enabled": true}
}

var strategyRules = map[string]strategyRule{
	"auth0": {
		createOptions: obj{
			"mfa":                    obj{"active": true, "return_enroll_settings": true},
			"strategy_version":       num("2"),
			"authentication_methods": auth0AuthenticationMethods(),
			"passkey_options":        auth0PasskeyOptions(),
			"brute_force_protection": true,
		},
		patchOptions: obj{
			"authentication_methods": auth0AuthenticationMethods(),
			"passkey_options":        auth0PasskeyOptions(),
			"brute_force_protection": true,
		},
		derive: deriveDatabaseOptions,
	},
	"email": {createOptions: obj{"brute_force_protection": true}},
	"sms":   {createOptions: obj{"brute_force_protection": true}},
	"ad": {
		createOptions: obj{"ips": nil, "brute_force_protection": true},
		patchOptions:  obj{"ips": nil},
		enterprise:    true, ticketLen: 32,
	},
	"adfs": {
		// thumbprints are fetched from the ADFS metadata by the real server;
		// the emulator has no network, so they stay [] unless sent.
		createOptions: obj{"thumbprints": []any{}, "should_trust_email_verified_connection": "always_set_emails_as_verified"},
		patchOptions:  obj{"thumbprints": []any{}},
		enterprise:    true, ticketLen: 8,
	},
	"waad": {
		createOptions: obj{
			"identity_api":                           "microsoft-identity-platform-v2.0",
			"should_trust_email_verified_connection": "never_set_emails_as_verified",
			"thumbprints":                            []any{},
			"useCommonEndpoint":                      false,
			"use_wsfed":                              false,
			"waad_common_endpoint":                   false,
			"waad_protocol":                          "openid-connect",
		},
		// Only waad_common_endpoint was recorded re-added by a PATCH;
		// thumbprints are server-fetched so they are kept too.
		patchOptions:      obj{"waad_common_endpoint": false, "thumbprints": []any{}},
		enterprise:        true,
		ticketLen:         8,
		ticketUnderTenant: true,
		displayNameIsName: true,
		appDomain:         true,
	},
	"google-apps": {
		createOptions: obj{"map_user_id_to_id": false, "email": true, "profile": true, "handle_login_from_social": true},
		patchOptions:  obj{"map_user_id_to_id": false, "email": true, "profile": true, "handle_login_from_social": true, "api_enable_users": true},
		derive:        deriveScopeArray(googleAppsScopes),
		// Recorded: a PATCH without map_user_id_to_id keeps the stored true.
		stickyOptions: []string{"map_user_id_to_id"},
		enterprise:    true, ticketLen: 8, ticketUnderTenant: true,
	},
	"oidc": openIDRule("bind_all", "front_channel"),
	"okta": openIDRule("basic_profile", "back_channel"),
	"samlp": {
		// Recorded from 2026-05 on, on create only: a PATCH that does not
		// send it drops it like any other option.
		createOptions: obj{"assertion_decryption_settings": obj{"algorithm_profile": "v2026-1", "algorithm_exceptions": []any{}}},
		derive:        deriveSAMLOptions,
		enterprise:    true, ticketLen: 8,
	},
	"pingfederate": {
		derive:     derivePingFederateOptions,
		enterprise: true, ticketLen: 8,
	},

	// Social strategies: scope is derived from boolean flags (recorded).
	"facebook":             {derive: deriveFacebookScope, echoedNulls: socialURLOverrides, maxUpstreamParams: 10},
	"github":               {derive: deriveScopeArray(githubScopes), echoedNulls: socialURLOverrides},
	"google-oauth2":        {createOptions: obj{"email": true, "profile": true}, patchOptions: obj{"email": true, "profile": true}, derive: deriveScopeArray(googleScopes), echoedNulls: socialURLOverrides},
	"linkedin":             {createOptions: obj{"profile": true}, patchOptions: obj{"profile": true}, derive: deriveLinkedInScope, echoedNulls: socialURLOverrides},
	"windowslive":          {createOptions: obj{"signin": true}, patchOptions: obj{"signin": true}, derive: deriveWindowsLiveScope, echoedNulls: socialURLOverrides},
	"line":                 {createOptions: obj{"profile": true}, patchOptions: obj{"profile": true}, derive: deriveLineScope, echoedNulls: socialURLOverrides},
	"wordpress":            {createOptions: obj{"profile": true}, patchOptions: obj{"profile": true}, derive: deriveScopeArray(wordpressScopes), echoedNulls: socialURLOverrides},
	"salesforce":           {derive: deriveScopeArray(salesforceScopes), echoedNulls: socialURLOverrides},
	"salesforce-community": {derive: deriveScopeArray(salesforceScopes), echoedNulls: socialURLOverrides},
	"salesforce-sandbox":   {derive: deriveScopeArray(salesforceScopes), echoedNulls: socialURLOverrides},
	"twitter":              {},
	"oauth1":               {},
	// A custom OAuth2 connection needs its fetchUserProfile script: Auth0
	// refuses options without scripts, and a create without options
	// (reported).
	"oauth2": {requiredOptions: []string{"scripts"}},
	"apple":  {},
}

// openIDRule is what the server adds to an OpenID Connect enterprise
// connection (oidc, okta): its attribute mapping mode and channel type on
// create, and on every update the defaults Auth0 re-applies, where a PATCH
// without connection_settings turns PKCE off (recorded for oidc, inferred
// for okta).
func openIDRule(mappingMode, channel string) strategyRule {
	return strategyRule{
		createOptions: obj{
			"attribute_map":       obj{"mapping_mode": mappingMode},
			"connection_settings": obj{"pkce": "auto"},
			"schema_version":      "oidc-V4",
			"type":                channel,
		},
		patchOptions: obj{
			"attribute_map":       obj{"mapping_mode": mappingMode},
			"connection_settings": obj{"pkce": "disabled"},
			"schema_version":      "oidc-V4",
		},
		enterprise:        true,
		displayNameIsName: true,
	}
}

// flagScope maps a boolean option to the provider scope it requests.
type flagScope struct{ flag, scope string }

var googleScopes = []flagScope{
	{"email", "email"}, {"profile", "profile"},
	{"gmail", "https://mail.google.com/mail/feed/atom"},
	{"youtube", "https://gdata.youtube.com"},
	{"calendar", "https://www.googleapis.com/auth/calendar"},
	{"contacts", "https://www.google.com/m8/feeds/"},
	{"blogger", "https://www.googleapis.com/auth/blogger"},
	{"analytics", "https://www.googleapis.com/auth/analytics.readonly"},
	{"google_drive", "https://www.googleapis.com/auth/drive"},
	{"google_drive_files", "https://www.googleapis.com/auth/drive.file"},
	{"tasks", "https://www.googleapis.com/auth/tasks"},
	{"spreadsheets", "https://spreadsheets.google.com/feeds/"},
	{"document_list", "https://docs.google.com/feeds/"},
	{"picasa_web", "https://picasaweb.google.com/data/"},
	{"sites", "https://sites.google.com/feeds/"},
	{"url_shortener", "https://www.googleapis.com/auth/urlshortener"},
	{"webmaster_tools", "https://www.google.com/webmasters/tools/feeds/"},
	{"google_books", "https://www.googleapis.com/auth/books"},
	{"google_cloud_storage", "https://www.googleapis.com/auth/devstorage.full_control"},
	{"moderator", "https://www.googleapis.com/auth/moderator"},
	{"chrome_web_store", "https://www.googleapis.com/auth/chromewebstore.readonly"},
	{"adsense_management", "https://www.googleapis.com/auth/adsense.readonly"},
	{"coordinate", "https://www.googleapis.com/auth/coordinate"},
	{"coordinate_readonly", "https://www.googleapis.com/auth/coordinate.readonly"},
}

var googleAppsScopes = []flagScope{{"email", "email"}, {"profile", "profile"}}

var githubScopes = []flagScope{
	{"email", "user:email"}, {"read_user", "read:user"}, {"follow", "user:follow"},
	{"public_repo", "public_repo"}, {"repo", "repo"}, {"repo_deployment", "repo_deployment"},
	{"repo_status", "repo:status"}, {"delete_repo", "delete_repo"}, {"notifications", "notifications"},
	{"gist", "gist"}, {"read_repo_hook", "read:repo_hook"}, {"write_repo_hook", "write:repo_hook"},
	{"admin_repo_hook", "admin:repo_hook"}, {"read_org", "read:org"}, {"admin_org", "admin:org"},
	{"read_public_key", "read:public_key"}, {"write_public_key", "write:public_key"},
	{"admin_public_key", "admin:public_key"}, {"write_org", "write:org"},
}

var wordpressScopes = []flagScope{{"profile", "profile"}}

var salesforceScopes = []flagScope{{"profile", "profile"}}

// facebookPermissions are the boolean options that are Facebook permissions
// of the same name; the derived scope is their comma-joined list, a string
// (recorded).
var facebookPermissions = []string{
	"email", "groups_access_member_info", "user_birthday", "public_profile",
	"user_age_range", "user_friends", "user_gender", "user_hometown", "user_likes", "user_link",
	"user_location", "user_photos", "user_posts", "user_videos", "user_events", "user_groups",
	"user_managed_groups", "user_status", "user_tagged_places", "ads_management", "ads_read",
	"business_management", "leads_retrieval", "manage_notifications", "manage_pages",
	"pages_manage_cta", "pages_manage_instant_articles", "pages_messaging",
	"pages_messaging_phone_number", "pages_messaging_subscriptions", "pages_show_list",
	"publish_pages", "publish_to_groups", "publish_video", "read_audience_network_insights",
	"read_insights", "read_mailbox", "read_page_mailboxes", "read_stream", "instagram_basic",
}

var facebookPermission = func() map[string]bool {
	m := map[string]bool{}
	for _, p := range facebookPermissions {
		m[p] = true
	}
	return m
}()

// keysInOrder lists the keys of opts in the client's order, then any others
// (added by the server, or from a body without order) sorted.
func keysInOrder(opts map[string]any, order []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, k := range order {
		if _, ok := opts[k]; ok && !seen[k] {
			out = append(out, k)
			seen[k] = true
		}
	}
	for _, k := range slices.Sorted(maps.Keys(opts)) {
		if !seen[k] {
			out = append(out, k)
		}
	}
	return out
}

func flagSet(opts map[string]any, flag string) bool {
	v, _ := opts[flag].(bool)
	return v
}

// deriveScopeArray builds scope from the flags that are true, in the order
// the options hold them (recorded for google-oauth2: {profile, calendar}
// plus the default email gives ["profile", ".../calendar", "email"]).
func deriveScopeArray(table []flagScope) func(map[string]any, []string) error {
	scopeOf := map[string]string{}
	for _, fs := range table {
		scopeOf[fs.flag] = fs.scope
	}
	return func(opts map[string]any, order []string) error {
		scope := []any{}
		for _, k := range keysInOrder(opts, order) {
			if sc, ok := scopeOf[k]; ok && flagSet(opts, k) {
				scope = append(scope, sc)
			}
		}
		opts["scope"] = scope
		return nil
	}
}

func deriveFacebookScope(opts map[string]any, order []string) error {
	var perms []string
	for _, k := range keysInOrder(opts, order) {
		if facebookPermission[k] && flagSet(opts, k) {
			perms = append(perms, k)
		}
	}
	opts["scope"] = strings.Join(perms, ",")
	return nil
}

// deriveLinkedInScope: strategy_version 2 moved LinkedIn to the "lite"
// profile scope (recorded).
func deriveLinkedInScope(opts map[string]any, _ []string) error {
	profile := "r_basicprofile"
	if strategyVersion(opts) >= 2 {
		profile = "r_liteprofile"
	}
	scope := []any{}
	if flagSet(opts, "profile") {
		scope = append(scope, profile)
	}
	if flagSet(opts, "email") {
		scope = append(scope, "r_emailaddress")
	}
	opts["scope"] = scope
	return nil
}

// deriveWindowsLiveScope: strategy_version 2 uses Microsoft Graph scopes;
// signin maps to wl.signin only on version 1 (recorded).
func deriveWindowsLiveScope(opts map[string]any, _ []string) error {
	scope := []any{}
	if strategyVersion(opts) >= 2 {
		if flagSet(opts, "graph_user") {
			scope = append(scope, "https://graph.microsoft.com/User.Read")
		}
	} else {
		for _, fs := range []flagScope{{"signin", "wl.signin"}, {"emails", "wl.emails"}, {"offline_access", "wl.offline_access"}} {
			if flagSet(opts, fs.flag) {
				scope = append(scope, fs.scope)
			}
		}
	}
	opts["scope"] = scope
	return nil
}

// deriveLineScope: openid first, then email, then profile (recorded).
func deriveLineScope(opts map[string]any, _ []string) error {
	scope := []any{"openid"}
	if flagSet(opts, "email") {
		scope = append(scope, "email")
	}
	if flagSet(opts, "profile") {
		scope = append(scope, "profile")
	}
	opts["scope"] = scope
	return nil
}

func strategyVersion(opts map[string]any) int64 {
	if n, ok := opts["strategy_version"].(json.Number); ok {
		v, _ := n.Int64()
		return v
	}
	return 1
}

// passwordOptionsDefaults completes options.password_options on database
// connections (recorded).
func passwordOptionsDefaults() obj {
	return obj{
		"complexity": obj{
			"character_type_rule": "all", "identical_characters": "allow", "sequential_characters": "allow",
			"max_length_exceeded": "error", "min_length": num("15"), "character_types": []any{},
		},
		"profile_data": obj{
			"active": false,
			"blocked_fields": []any{"name", "username", "nickname", "email", "phone_number",
				"user_metadata.name", "user_metadata.first", "user_metadata.last"},
		},
		"history":    obj{"active": false, "size": num("3")},
		"dictionary": obj{"active": false, "custom": []any{}, "default": "en_100k"},
	}
}

// deriveDatabaseOptions completes the database-connection sub-objects the
// server fills in: password_options (when present) and the email attribute's
// unique/verification_method.
func deriveDatabaseOptions(opts map[string]any, _ []string) error {
	if po, ok := opts["password_options"].(map[string]any); ok {
		fillDefaults(po, passwordOptionsDefaults())
	}
	if attrs, ok := opts["attributes"].(map[string]any); ok {
		if email, ok := attrs["email"].(map[string]any); ok {
			fillDefaults(email, obj{"unique": true, "verification_method": "link"})
		}
	}
	return nil
}

// fillDefaults adds every key of defaults that dst lacks; where both hold an
// object it recurses. Values present in dst (null included) are kept.
func fillDefaults(dst, defaults map[string]any) {
	for k, dv := range defaults {
		cur, present := dst[k]
		if !present {
			dst[k] = cloneJSON(dv)
			continue
		}
		cm, ok1 := cur.(map[string]any)
		dm, ok2 := dv.(map[string]any)
		if ok1 && ok2 {
			fillDefaults(cm, dm)
		}
	}
}
