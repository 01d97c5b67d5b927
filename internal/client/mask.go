package client

import (
	"bytes"
	"encoding/json"
	"maps"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
)

// masked replaces every secret value in logged bodies.
const masked = "***"

// secretKeys are option/body keys whose values are secrets wherever they
// appear: the option keys whose values Auth0 echoes back in plaintext in its
// responses, and the OAuth token fields.
var secretKeys = map[string]bool{
	"client_secret":   true,
	"consumer_secret": true,
	"app_secret":      true,
	"twilio_token":    true,
	"secret":          true,
	"key":             true,
	"password":        true,
	"token":           true,
	"access_token":    true,
	"refresh_token":   true,
	"id_token":        true,
	"api_key":         true,
	"private_key":     true,
	// A client assertion authenticates like a client secret until it
	// expires: in a token request form it is a secret.
	"client_assertion": true,
	"assertion":        true,
	// configuration holds arbitrary secrets of custom database scripts; every
	// value under it is masked.
	"configuration": true,
}

// isSecretKey also treats any key containing "secret" or "password", or
// ending in "token", as secret, so new option names such as
// "signing_secret" are covered without a table update. The "token" suffix
// covers google-apps' admin_access_token and admin_refresh_token, which
// Auth0 returns in plaintext and which an exact-name table missed (found by
// internal/reliability's secrets suite in a debug log of a refresh).
func isSecretKey(key string) bool {
	k := strings.ToLower(key)
	return secretKeys[k] || strings.Contains(k, "secret") || strings.Contains(k, "password") || strings.HasSuffix(k, "token") ||
		strings.Contains(k, "private_key")
}

// maskForm returns a loggable copy of a URL-encoded form (a token request)
// with the value of every secret key replaced.
func maskForm(body []byte) string {
	form, err := url.ParseQuery(string(body))
	if err != nil {
		return "(unparsable form, " + strconv.Itoa(len(body)) + " bytes)"
	}
	pairs := make([]string, 0, len(form))
	for _, k := range slices.Sorted(maps.Keys(form)) {
		for _, v := range form[k] {
			if isSecretKey(k) {
				v = masked
			} else {
				v = url.QueryEscape(maskPEM(v))
			}
			pairs = append(pairs, url.QueryEscape(k)+"="+v)
		}
	}
	return strings.Join(pairs, "&")
}

var pemPrivateKey = regexp.MustCompile(`-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----[\s\S]*?(-----END [A-Z0-9 ]*PRIVATE KEY-----|$)`)

// maskPEM removes PEM private keys from free text.
func maskPEM(s string) string {
	if !strings.Contains(s, "PRIVATE KEY") {
		return s
	}
	return pemPrivateKey.ReplaceAllString(s, masked)
}

// maskBody returns a loggable copy of a JSON body with every secret value
// replaced. A body that is not JSON is reduced to a short excerpt, itself
// stripped of private keys, because its structure (and so where a secret
// might be) is unknown.
func maskBody(body []byte) string {
	if len(bytes.TrimSpace(body)) == 0 {
		return ""
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return "(non-JSON body, " + strconv.Itoa(len(body)) + " bytes) " + excerpt(body)
	}
	out, err := json.Marshal(maskValue(v, false))
	if err != nil {
		return "(unprintable body)"
	}
	return string(out)
}

// maskValue walks a decoded JSON value. underSecret is true below a secret
// key: then every leaf is masked, whatever its key.
func maskValue(v any, underSecret bool) any {
	switch t := v.(type) {
	case map[string]any:
		out := make(map[string]any, len(t))
		for k, child := range t {
			out[k] = maskValue(child, underSecret || isSecretKey(k))
		}
		return out
	case []any:
		out := make([]any, len(t))
		for i, child := range t {
			out[i] = maskValue(child, underSecret)
		}
		return out
	case nil:
		return nil
	case string:
		if underSecret {
			return masked
		}
		return maskPEM(t)
	default: // numbers and booleans
		if underSecret {
			return masked
		}
		return t
	}
}
