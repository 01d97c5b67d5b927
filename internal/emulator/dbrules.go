package emulator

import (
	"net/http"
)

// Business rules the server enforces beyond the JSON schema on database
// connections, each a 400 invalid_body with a plain message (recorded).

// identifierAttributes are the database attributes, in the order the
// server checks them.
var identifierAttributes = []string{"email", "phone_number", "username"}

// checkDatabaseRules applies the auth0-strategy rules to new options; prev
// is the stored options on PATCH (nil on create).
func checkDatabaseRules(opts, prev map[string]any) *apiError {
	if wasOn, _ := prev["enable_script_context"].(bool); wasOn {
		// Documented, in the words of a real answer a user reported; the
		// errorCode is inferred. Leaving the key out of a PATCH turns it
		// off too, since options are replaced whole.
		if on, _ := opts["enable_script_context"].(bool); !on {
			return errBusinessRule("once enabled, options.enable_script_context can not be disabled")
		}
	}
	attrs, hasAttrs := opts["attributes"].(map[string]any)
	if !hasAttrs {
		return nil
	}
	if _, ok := opts["validation"]; ok && opts["validation"] != nil {
		return errBusinessRule("Cannot set both options.attributes and options.validation")
	}
	if ru, _ := opts["requires_username"].(bool); ru {
		return errBusinessRule("Cannot set both options.attributes and options.requires_username")
	}
	active := 0
	for _, name := range identifierAttributes {
		if attrIdentifierActive(attrs[name]) {
			active++
		}
	}
	if active == 0 {
		return errBusinessRule("attributes must contain one active identifier")
	}
	for _, name := range identifierAttributes {
		a, ok := attrs[name].(map[string]any)
		if !ok || !attrIdentifierActive(a) {
			continue
		}
		signup, _ := a["signup"].(map[string]any)
		if status, _ := signup["status"].(string); status != "required" {
			return errBusinessRule("attribute " + name + " must also be required on signup")
		}
	}
	if prev != nil {
		return checkEmailUniqueOnPatch(attrs, prev)
	}
	return nil
}

// checkEmailUniqueOnPatch: attributes.email.unique is create-only. A PATCH
// that omits it means true (reported by users of the official provider),
// and a non-unique email attribute cannot be added to an existing
// connection (recorded).
func checkEmailUniqueOnPatch(attrs, prev map[string]any) *apiError {
	email, ok := attrs["email"].(map[string]any)
	if !ok {
		return nil
	}
	newUnique := true
	if u, ok := email["unique"].(bool); ok {
		newUnique = u
	}
	prevAttrs, _ := prev["attributes"].(map[string]any)
	prevEmail, had := prevAttrs["email"].(map[string]any)
	if !had {
		if !newUnique {
			return errBusinessRule("cannot add non-unique email attribute")
		}
		return nil
	}
	prevUnique := true
	if u, ok := prevEmail["unique"].(bool); ok {
		prevUnique = u
	}
	if prevUnique != newUnique {
		return errBusinessRule("cannot patch unique property on email attribute")
	}
	return nil
}

func attrIdentifierActive(v any) bool {
	a, _ := v.(map[string]any)
	id, _ := a["identifier"].(map[string]any)
	active, _ := id["active"].(bool)
	return active
}

// crossAppAccessStrategies are the strategies that accept the Cross App
// Access objects: oidc is recorded accepting both and auth0 refusing the
// requesting app; okta, the other OIDC-based enterprise strategy, is
// inferred to accept them.
var crossAppAccessStrategies = map[string]bool{"oidc": true, "okta": true}

var crossAppAccessLabels = map[string]string{
	"cross_app_access_requesting_app": "Cross App Access Requesting App",
	"cross_app_access_resource_app":   "Cross App Access Resource App",
}

// checkCrossAppAccess refuses the Cross App Access objects on strategies
// that do not support them (400 operation_not_supported, recorded).
func checkCrossAppAccess(strategy string, body map[string]any) *apiError {
	if crossAppAccessStrategies[strategy] {
		return nil
	}
	for _, k := range []string{"cross_app_access_requesting_app", "cross_app_access_resource_app"} {
		if v, ok := body[k]; ok && v != nil {
			return newError(http.StatusBadRequest, codeOperationUnsupported,
				crossAppAccessLabels[k]+" is not supported for this connection.")
		}
	}
	return nil
}
