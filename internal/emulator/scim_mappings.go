package emulator

// What a SCIM configuration holds when its create request leaves the
// mapping or the user id attribute out, per strategy. The okta and waad
// lists are the ones Auth0 stored in recorded creates, in their order. No
// oidc or samlp default was recorded: oidc is taken to share okta's list
// (both are OpenID Connect enterprise connections), and samlp too, with
// userName as its user id attribute, which is what Auth0's SDK
// documentation gives for SAML connections.

// scimDefault is one strategy's default SCIM configuration.
type scimDefault struct {
	userIDAttribute string
	mapping         [][2]string // {scim, auth0} pairs
}

var scimDefaults = map[string]scimDefault{
	"okta":  {userIDAttribute: "externalId", mapping: oktaSCIMMapping},
	"oidc":  {userIDAttribute: "externalId", mapping: oktaSCIMMapping},
	"samlp": {userIDAttribute: "userName", mapping: oktaSCIMMapping},
	"waad":  {userIDAttribute: "externalId", mapping: waadSCIMMapping},
}

const enterpriseUser = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User."

// scimMappingTail is where the okta and waad lists agree: addresses, the
// profile attributes and the enterprise extension.
var scimMappingTail = [][2]string{
	{`addresses[type eq "work"].streetAddress`, "app_metadata.street_address"},
	{`addresses[type eq "work"].locality`, "app_metadata.city"},
	{`addresses[type eq "work"].region`, "app_metadata.state"},
	{`addresses[type eq "work"].postalCode`, "app_metadata.postal_code"},
	{`addresses[type eq "work"].formatted`, "app_metadata.postal_address"},
	{`addresses[type eq "work"].country`, "app_metadata.country"},
	{"profileUrl", "app_metadata.profile_url"},
	{"userType", "app_metadata.user_type"},
	{"title", "app_metadata.title"},
	{"preferredLanguage", "app_metadata.language"},
	{"locale", "app_metadata.locale"},
	{"timezone", "app_metadata.timezone"},
	{enterpriseUser + "employeeNumber", "app_metadata.employee_id"},
	{enterpriseUser + "costCenter", "app_metadata.cost_center"},
	{enterpriseUser + "organization", "app_metadata.organization"},
	{enterpriseUser + "division", "app_metadata.division"},
	{enterpriseUser + "department", "app_metadata.department"},
	{enterpriseUser + "manager", "app_metadata.manager"},
}

// oktaSCIMMapping: 32 entries.
var oktaSCIMMapping = append([][2]string{
	{"userName", "preferred_username"},
	{"emails[primary eq true].value", "email"},
	{"externalId", "app_metadata.external_id"},
	{"active", "blocked"},
	{"displayName", "name"},
	{"name.givenName", "given_name"},
	{"name.familyName", "family_name"},
	{"name.middleName", "app_metadata.middle_name"},
	{"name.honorificPrefix", "app_metadata.honorific_prefix"},
	{"name.honorificSuffix", "app_metadata.honorific_suffix"},
	{"nickName", "nickname"},
	{`photos[type eq "photo"].value`, "picture"},
	{"phoneNumbers[primary eq true].value", "app_metadata.primary_phone_number"},
	{`phoneNumbers[type eq "mobile"].value`, "app_metadata.mobile_phone_number"},
}, scimMappingTail...)

// waadSCIMMapping: 30 entries (Entra ID over OpenID Connect).
var waadSCIMMapping = append([][2]string{
	{"userName", "upn"},
	{`emails[type eq "work"].value`, "email"},
	{"externalId", "app_metadata.external_id"},
	{"active", "blocked"},
	{"displayName", "name"},
	{"name.givenName", "given_name"},
	{"name.familyName", "family_name"},
	{"nickName", "nickname"},
	{`photos[type eq "photo"].value`, "picture"},
	{`phoneNumbers[type eq "work"].value`, "app_metadata.work_phone_number"},
	{`phoneNumbers[type eq "mobile"].value`, "app_metadata.mobile_phone_number"},
	{`phoneNumbers[type eq "fax"].value`, "app_metadata.fax_number"},
}, scimMappingTail...)

// mappingFromPairs turns a pairs table into stored mapping items.
func mappingFromPairs(pairs [][2]string, sides [2]string) []map[string]any {
	out := make([]map[string]any, len(pairs))
	for i, p := range pairs {
		out[i] = map[string]any{sides[0]: p[0], sides[1]: p[1]}
	}
	return out
}
