package emulator

import (
	"fmt"
	"maps"
	"regexp"
	"slices"
	"sort"
	"strings"
	"unicode/utf8"
)

// Request validation in Auth0's words. The Management API validates bodies
// with z-schema (a recorded message is z-schema's format template word for
// word), so reasons follow z-schema's templates and carry the property path
// and the schema description:
//   Payload validation error: '<reason>' on property <path> (<description>).

// namePattern is the create schema's documented name rule.
const namePattern = `^[a-zA-Z0-9](-[a-zA-Z0-9]|[a-zA-Z0-9])*$`

var nameRE = regexp.MustCompile(namePattern)

// Property descriptions from the documented create/update schema.
var propertyDescriptions = map[string]string{
	"name":                            "The name of the connection. Must start and end with an alphanumeric character and can only contain alphanumeric characters and '-'. Max length 128",
	"display_name":                    "Connection name used in the new universal login experience",
	"strategy":                        "The identity provider identifier for the connection",
	"options":                         "The connection's options (depend on the connection strategy)",
	"enabled_clients":                 "DEPRECATED property. Use the PATCH /v2/connections/{id}/clients endpoint to enable the connection for a set of clients.",
	"is_domain_connection":            "true promotes to a domain-level connection so that third-party applications can use it. false does not promote the connection, so only first-party applications with the connection enabled can use it. (Defaults to false.)",
	"show_as_button":                  "Enables showing a button for the connection in the login page (new experience only). If false, it will be usable only by HRD. (Defaults to false.)",
	"realms":                          "Defines the realms for which the connection will be used (ie: email domains). If the array is empty or the property is not specified, the connection name will be added as realm.",
	"metadata":                        "Metadata associated with the connection in the form of an object with string values (max 255 chars). Maximum of 10 metadata properties allowed.",
	"authentication":                  "Configure the purpose of a connection to be used for authentication during login.",
	"connected_accounts":              "Configure the purpose of a connection to be used for connected accounts and Token Vault.",
	"cross_app_access_requesting_app": "Configure Cross App Access (XAA) for a connection acting as the requesting app.",
	"cross_app_access_resource_app":   "Configure Cross App Access (XAA) for a connection acting as the resource app.",
	"options.validation":              "Options for validation",
	"options.upstream_params":         "Options for adding parameters in the request to the upstream IdP",
	"options.passwordPolicy":          "Password strength level",
	"options.precedence":              "Order of precedence for attribute types. If the property is not specified, the default precedence of attributes will be used.",
	"options.attributes":              "Attribute configuration",
}

func describe(path string) string { return propertyDescriptions[path] }

// createProperties and updateProperties are the allowed top-level keys
// (additionalProperties:false) of POST and PATCH, as documented.
var createProperties = []string{
	"name", "display_name", "strategy", "options", "enabled_clients", "is_domain_connection",
	"show_as_button", "realms", "metadata", "authentication", "connected_accounts",
	"cross_app_access_requesting_app", "cross_app_access_resource_app",
}

var updateProperties = []string{
	"display_name", "options", "enabled_clients", "is_domain_connection", "show_as_button",
	"realms", "metadata", "authentication", "connected_accounts",
	"cross_app_access_requesting_app", "cross_app_access_resource_app",
}

// nullableOnUpdate are the PATCH properties that accept null (documented
// and recorded): null removes the stored value.
var nullableOnUpdate = map[string]bool{
	"options": true, "enabled_clients": true, "metadata": true, "display_name": true,
	"cross_app_access_requesting_app": true, "cross_app_access_resource_app": true,
}

// upstreamAliases is the documented 12-value alias enum of upstream
// parameters.
var upstreamAliases = []string{
	"acr_values", "audience", "client_id", "display", "id_token_hint", "login_hint",
	"max_age", "prompt", "resource", "response_mode", "response_type", "ui_locales",
}

var passwordPolicies = []string{"none", "low", "fair", "good", "excellent"}

var precedenceValues = []string{"username", "email", "phone_number"}

// checkAdditional reports top-level keys that are not allowed.
func checkAdditional(body map[string]any, order []string, allowed []string) *apiError {
	if reason := additionalReason(body, order, allowed); reason != "" {
		return errInvalidBody(reason, "", "")
	}
	return nil
}

// additionalReason is z-schema's "Additional properties not allowed: a,b"
// with the keys in body order (order may be nil), or "" when all are
// allowed.
func additionalReason(body map[string]any, order []string, allowed []string) string {
	allow := map[string]bool{}
	for _, k := range allowed {
		allow[k] = true
	}
	var extra []string
	seen := map[string]bool{}
	for _, k := range order {
		if _, ok := body[k]; ok && !allow[k] && !seen[k] {
			extra = append(extra, k)
			seen[k] = true
		}
	}
	// Keys the order scan missed (form bodies have no order): sorted.
	var rest []string
	for k := range body {
		if !allow[k] && !seen[k] {
			rest = append(rest, k)
		}
	}
	sort.Strings(rest)
	extra = append(extra, rest...)
	if len(extra) == 0 {
		return ""
	}
	return "Additional properties not allowed: " + strings.Join(extra, ",")
}

// validateCreate checks a POST /connections body.
func validateCreate(body map[string]any, order []string) *apiError {
	if e := checkAdditional(body, order, createProperties); e != nil {
		return e
	}
	for _, req := range []string{"name", "strategy"} {
		if _, ok := body[req]; !ok {
			return errInvalidBody("Missing required property: "+req, "", "")
		}
	}
	if e := validateName(body["name"]); e != nil {
		return e
	}
	if e := validateStrategy(body["strategy"]); e != nil {
		return e
	}
	return validateCommon(body, false)
}

// validateUpdate checks a PATCH /connections/{id} body.
func validateUpdate(body map[string]any, order []string) *apiError {
	if e := checkAdditional(body, order, updateProperties); e != nil {
		return e
	}
	if len(body) == 0 {
		return errInvalidBody("Too few properties defined (0), minimum 1", "", "")
	}
	return validateCommon(body, true)
}

func validateName(v any) *apiError {
	s, ok := v.(string)
	if !ok {
		return typeError("name", "string", v)
	}
	if n := utf8.RuneCountInString(s); n > 128 {
		return errInvalidBody(fmt.Sprintf("String is too long (%d chars), maximum 128", n), "name", describe("name"))
	}
	if !nameRE.MatchString(s) {
		return errInvalidBody("String does not match pattern "+namePattern+": "+s, "name", describe("name"))
	}
	return nil
}

// validateStrategy: the strategy enum reports `Invalid value "x"`, not
// z-schema's enum message (quoted from a real answer in a public issue).
func validateStrategy(v any) *apiError {
	s, ok := v.(string)
	if !ok {
		return typeError("strategy", "string", v)
	}
	if !strategySet[s] {
		return errInvalidBody(`Invalid value "`+s+`"`, "strategy", describe("strategy"))
	}
	return nil
}

// asObject returns v when it is an object, else the type error at path.
func asObject(path string, v any) (map[string]any, *apiError) {
	m, ok := v.(map[string]any)
	if !ok {
		return nil, typeError(path, "object", v)
	}
	return m, nil
}

func typeError(path, want string, got any) *apiError {
	return errInvalidBody(fmt.Sprintf("Expected type %s but found type %s", want, jsonTypeName(got)), path, describe(path))
}

// validateCommon checks the properties POST and PATCH share.
func validateCommon(body map[string]any, update bool) *apiError {
	nullOK := func(k string) bool { return update && nullableOnUpdate[k] && body[k] == nil }
	if v, ok := body["display_name"]; ok && !nullOK("display_name") {
		s, isStr := v.(string)
		if !isStr {
			return typeError("display_name", "string", v)
		}
		if n := utf8.RuneCountInString(s); n > 128 {
			return errInvalidBody(fmt.Sprintf("String is too long (%d chars), maximum 128", n), "display_name", describe("display_name"))
		}
	}
	if v, ok := body["options"]; ok && !nullOK("options") {
		opts, isObj := v.(map[string]any)
		if !isObj {
			return typeError("options", "object", v)
		}
		if e := validateOptions(opts); e != nil {
			return e
		}
	}
	for _, k := range []string{"is_domain_connection", "show_as_button"} {
		if v, ok := body[k]; ok {
			if _, isBool := v.(bool); !isBool {
				return typeError(k, "boolean", v)
			}
		}
	}
	for _, k := range []string{"enabled_clients", "realms"} {
		if v, ok := body[k]; ok && !nullOK(k) {
			if e := validateStringArray(k, v); e != nil {
				return e
			}
		}
	}
	if v, ok := body["metadata"]; ok && !nullOK("metadata") {
		if e := validateMetadata(v); e != nil {
			return e
		}
	}
	if v, ok := body["authentication"]; ok {
		if e := validatePurpose("authentication", v, []string{"active"}); e != nil {
			return e
		}
	}
	if v, ok := body["connected_accounts"]; ok {
		if e := validatePurpose("connected_accounts", v, []string{"active", "cross_app_access"}); e != nil {
			return e
		}
	}
	for _, k := range []string{"cross_app_access_requesting_app", "cross_app_access_resource_app"} {
		if v, ok := body[k]; ok && !nullOK(k) {
			if _, isObj := v.(map[string]any); !isObj {
				return typeError(k, "object", v)
			}
		}
	}
	return nil
}

func validateStringArray(path string, v any) *apiError {
	arr, ok := v.([]any)
	if !ok {
		return typeError(path, "array", v)
	}
	for i, e := range arr {
		if _, isStr := e.(string); !isStr {
			return errInvalidBody(fmt.Sprintf("Expected type string but found type %s", jsonTypeName(e)), fmt.Sprintf("%s[%d]", path, i), describe(path))
		}
	}
	return nil
}

// validateMetadata: ≤10 keys, values string or null of ≤255 chars
// (the documented metadata schema).
func validateMetadata(v any) *apiError {
	m, err := asObject("metadata", v)
	if err != nil {
		return err
	}
	if len(m) > 10 {
		return errInvalidBody(fmt.Sprintf("Too many properties defined (%d), maximum 10", len(m)), "metadata", describe("metadata"))
	}
	for _, k := range slices.Sorted(maps.Keys(m)) {
		switch val := m[k].(type) {
		case nil:
		case string:
			if n := utf8.RuneCountInString(val); n > 255 {
				return errInvalidBody(fmt.Sprintf("String is too long (%d chars), maximum 255", n), "metadata."+k, "")
			}
		default:
			return errInvalidBody("Expected type string,null but found type "+jsonTypeName(val), "metadata."+k, "")
		}
	}
	return nil
}

// validatePurpose checks authentication / connected_accounts: an object
// with a required boolean active and no other keys than allowed.
func validatePurpose(path string, v any, allowed []string) *apiError {
	m, err := asObject(path, v)
	if err != nil {
		return err
	}
	if reason := additionalReason(m, nil, allowed); reason != "" {
		return errInvalidBody(reason, path, describe(path))
	}
	if _, ok := m["active"]; !ok {
		return errInvalidBody("Missing required property: active", path, describe(path))
	}
	for _, k := range allowed {
		if val, ok := m[k]; ok {
			if _, isBool := val.(bool); !isBool {
				return typeError(path+"."+k, "boolean", val)
			}
		}
	}
	return nil
}

// validateOptions checks the strict nested schemas inside options (options
// itself allows additional properties).
func validateOptions(opts map[string]any) *apiError {
	for _, rule := range optionSchemas {
		v, ok := opts[rule.key]
		if !ok || v == nil && rule.nullable {
			continue
		}
		if err := rule.check("options."+rule.key, v); err != nil {
			return err
		}
	}
	return nil
}

// optionSchemas are the options with a schema of their own.
var optionSchemas = []struct {
	key      string
	nullable bool // null is accepted as no value
	check    func(path string, v any) *apiError
}{
	{"validation", true, objectSchema(validateUsernameValidation)},
	{"passwordPolicy", true, validatePasswordPolicy},
	{"precedence", false, validatePrecedence},
	{"upstream_params", true, objectSchema(validateUpstreamParams)},
	{"attributes", true, objectSchema(validateAttributes)},
}

// objectSchema checks that a value is an object before check reads it.
func objectSchema(check func(path string, m map[string]any) *apiError) func(string, any) *apiError {
	return func(path string, v any) *apiError {
		m, err := asObject(path, v)
		if err != nil {
			return err
		}
		return check(path, m)
	}
}

func validatePasswordPolicy(path string, v any) *apiError {
	if s, isStr := v.(string); !isStr || !contains(passwordPolicies, s) {
		return errInvalidBody("No enum match for: "+fmt.Sprint(v), path, describe(path))
	}
	return nil
}

func validateUsernameValidation(path string, m map[string]any) *apiError {
	if reason := additionalReason(m, nil, []string{"username"}); reason != "" {
		return errInvalidBody(reason, path, describe(path))
	}
	if u, ok := m["username"]; ok && u != nil {
		um, err := asObject(path+".username", u)
		if err != nil {
			return err
		}
		if reason := additionalReason(um, nil, []string{"min", "max"}); reason != "" {
			return errInvalidBody(reason, path+".username", "")
		}
	}
	return nil
}

func validatePrecedence(path string, v any) *apiError {
	arr, ok := v.([]any)
	if !ok {
		return typeError(path, "array", v)
	}
	if len(arr) < 3 {
		return errInvalidBody(fmt.Sprintf("Array is too short (%d), minimum 3", len(arr)), path, describe(path))
	}
	for i, e := range arr {
		s, isStr := e.(string)
		if !isStr || !contains(precedenceValues, s) {
			return errInvalidBody("No enum match for: "+fmt.Sprint(e), fmt.Sprintf("%s[%d]", path, i), "")
		}
	}
	return nil
}

// validateUpstreamParams: each entry is exactly one of {value: string} or
// {alias: <enum>} (oneOf of two additionalProperties:false schemas).
func validateUpstreamParams(path string, m map[string]any) *apiError {
	for _, name := range slices.Sorted(maps.Keys(m)) {
		p := path + "." + name
		entry, isObj := m[name].(map[string]any)
		if !isObj {
			if m[name] == nil {
				continue // inferred: null entries are accepted like other nulls in options
			}
			return typeError(p, "object", m[name])
		}
		alias, hasAlias := entry["alias"]
		value, hasValue := entry["value"]
		switch {
		case len(entry) == 1 && hasAlias:
			s, isStr := alias.(string)
			if !isStr || !contains(upstreamAliases, s) {
				return errInvalidBody("No enum match for: "+fmt.Sprint(alias), p+".alias", "")
			}
		case len(entry) == 1 && hasValue:
			if _, isStr := value.(string); !isStr {
				return errInvalidBody("Expected type string but found type "+jsonTypeName(value), p+".value", "")
			}
		default:
			return errInvalidBody("Data does not match any schemas from 'oneOf'", p, "")
		}
	}
	return nil
}

// validateAttributes: the database attributes object holds at least one
// of email, phone_number and username, and nothing else (documented
// schema). It is checked before the business rules, as schema errors are.
func validateAttributes(path string, m map[string]any) *apiError {
	if reason := additionalReason(m, nil, identifierAttributes); reason != "" {
		return errInvalidBody(reason, path, describe(path))
	}
	if len(m) == 0 {
		return errInvalidBody("Too few properties defined (0), minimum 1", path, describe(path))
	}
	return nil
}

// checkRequiredOptions applies a strategy's required options to a body
// (options already validated as an object or null); z-schema reports a
// missing options at the top level and a missing key on property options.
func checkRequiredOptions(required []string, body map[string]any) *apiError {
	if len(required) == 0 {
		return nil
	}
	v, sent := body["options"]
	if !sent {
		return errInvalidBody("Missing required property: options", "", "")
	}
	opts, _ := v.(map[string]any)
	for _, k := range required {
		if _, ok := opts[k]; !ok {
			return errInvalidBody("Missing required property: "+k, "options", "")
		}
	}
	return nil
}

// checkUpstreamParamsCount applies a strategy's cap on the number of
// upstream parameters (maxCount 0 = none).
func checkUpstreamParamsCount(opts map[string]any, maxCount int) *apiError {
	params, ok := opts["upstream_params"].(map[string]any)
	if maxCount == 0 || !ok || len(params) <= maxCount {
		return nil
	}
	const path = "options.upstream_params"
	return errInvalidBody(fmt.Sprintf("Too many properties defined (%d), maximum %d", len(params), maxCount), path, describe(path))
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
