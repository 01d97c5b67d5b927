package options

// strategies is the `strategy` enum of the create request (POST
// /api/v2/connections), in the order Auth0's "Create a connection" API
// reference lists it: 62 values. Seven of them (aol, flickr, miicard,
// renren, thecity, thecity-sandbox, yammer) are no longer in the current
// OpenAPI enum, but the API reference still lists them, so they stay
// accepted. auth0-adldap is not in the create enum (the API answers
// `Invalid value "auth0-adldap"`), and neither is guardian, which the
// official provider still accepts.
var strategies = []string{
	"ad", "adfs", "amazon", "apple", "dropbox", "bitbucket", "aol", "auth0-oidc",
	"auth0", "baidu", "bitly", "box", "custom", "daccount", "dwolla", "email",
	"evernote-sandbox", "evernote", "exact", "facebook", "fitbit", "flickr",
	"github", "google-apps", "google-oauth2", "instagram", "ip", "line",
	"linkedin", "miicard", "oauth1", "oauth2", "office365", "oidc", "okta",
	"paypal", "paypal-sandbox", "pingfederate", "planningcenter", "renren",
	"salesforce-community", "salesforce-sandbox", "salesforce", "samlp",
	"sharepoint", "shopify", "shop", "sms", "soundcloud", "thecity-sandbox",
	"thecity", "thirtysevensignals", "twitter", "untappd", "vkontakte", "waad",
	"weibo", "windowslive", "wordpress", "yahoo", "yammer", "yandex",
}

// Strategies returns the 62 strategies of the create schema, in schema
// order. The slice is a copy.
func Strategies() []string {
	return append([]string(nil), strategies...)
}

// upstreamAliases is the `alias` enum of an upstream parameter (the OpenAPI
// schema ConnectionUpstreamAliasEnum): the user-profile-independent
// OAuth2/OIDC request parameters whose per-login value Auth0 forwards.
var upstreamAliases = []string{
	"acr_values", "audience", "client_id", "display", "id_token_hint",
	"login_hint", "max_age", "prompt", "resource", "response_mode",
	"response_type", "ui_locales",
}

// UpstreamAliases returns the 12 values an upstream parameter's `alias` may
// take. The slice is a copy.
func UpstreamAliases() []string {
	return append([]string(nil), upstreamAliases...)
}
