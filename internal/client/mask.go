package client

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
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

// formSecrets returns the values of the secret keys of a URL-encoded form
// (a token request's client_secret or client_assertion).
func formSecrets(body []byte) []string {
	form, _ := url.ParseQuery(string(body))
	var out []string
	for k, values := range form {
		if isSecretKey(k) {
			out = append(out, values...)
		}
	}
	return out
}

var pemPrivateKey = regexp.MustCompile(`-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----[\s\S]*?(-----END [A-Z0-9 ]*PRIVATE KEY-----|$)`)

// maskPEM removes PEM private keys from free text.
func maskPEM(s string) string {
	if !strings.Contains(s, "PRIVATE KEY") {
		return s
	}
	return pemPrivateKey.ReplaceAllString(s, masked)
}

// maskBody returns a loggable copy of a JSON body with every secret value,
// and every occurrence of the given secrets, replaced. A body that is not
// JSON is reduced to a short excerpt, itself stripped of private keys and
// the secrets, because its structure (and so where a secret might be) is
// unknown.
func maskBody(body []byte, secrets ...string) string {
	if len(bytes.TrimSpace(body)) == 0 {
		return ""
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return "(non-JSON body, " + strconv.Itoa(len(body)) + " bytes) " + excerpt(body, secrets...)
	}
	out, err := json.Marshal(maskValue(v, false, secrets))
	if err != nil {
		return "(unprintable body)"
	}
	return string(out)
}

// maskValue walks a decoded JSON value. underSecret is true below a secret
// key: then every leaf is masked, whatever its key. Other strings, and keys,
// lose the secrets they quote (decoded, so however the body escaped them).
func maskValue(v any, underSecret bool, secrets []string) any {
	switch t := v.(type) {
	case map[string]any:
		out := make(map[string]any, len(t))
		for k, child := range t {
			out[redact(k, secrets)] = maskValue(child, underSecret || isSecretKey(k), secrets)
		}
		return out
	case []any:
		out := make([]any, len(t))
		for i, child := range t {
			out[i] = maskValue(child, underSecret, secrets)
		}
		return out
	case nil:
		return nil
	case string:
		if underSecret {
			return masked
		}
		return redact(maskPEM(t), secrets)
	default: // numbers and booleans
		if underSecret {
			return masked
		}
		return t
	}
}

// minEchoedSecret is the length from which a secret is scrubbed by value.
const minEchoedSecret = 4

// echoedSecrets returns what an answer could quote of a request's secrets:
// the string values under secret keys of its JSON body and the client's
// credentials, raw, JSON-escaped and form-encoded (a message or a proxy's
// page quoting the request holds one of them). An API or a proxy that echoes
// the request in an error puts them where no key says they are secret, so
// error messages and logged answers are scrubbed of them by value. Longest
// first, so a secret holding another is replaced whole. Values shorter than
// minEchoedSecret are left out: replacing every "1" or "on" would garble
// the message, and the keys that hold them are masked by name anyway.
func echoedSecrets(body []byte, credentials []string) []string {
	var values []string
	var v any
	if json.Unmarshal(body, &v) == nil {
		collectSecrets(v, false, &values)
	}
	values = append(values, credentials...)
	var out []string
	for _, s := range values {
		if len(s) < minEchoedSecret {
			continue
		}
		quoted, _ := json.Marshal(s)
		out = append(out, s, string(quoted[1:len(quoted)-1]), url.QueryEscape(s))
	}
	slices.SortFunc(out, func(a, b string) int { return len(b) - len(a) })
	return slices.Compact(out)
}

// collectSecrets gathers the string leaves that maskValue would mask.
func collectSecrets(v any, underSecret bool, out *[]string) {
	switch t := v.(type) {
	case map[string]any:
		for k, child := range t {
			collectSecrets(child, underSecret || isSecretKey(k), out)
		}
	case []any:
		for _, child := range t {
			collectSecrets(child, underSecret, out)
		}
	case string:
		if underSecret {
			*out = append(*out, t)
		}
	}
}

// redact replaces every occurrence of the secrets in s.
func redact(s string, secrets []string) string {
	for _, secret := range secrets {
		if secret != "" {
			s = strings.ReplaceAll(s, secret, masked)
		}
	}
	return s
}

// maskJSONPrefix re-encodes the longest decodable prefix of a JSON text
// with the values under secret keys masked, as maskBody does for a whole
// body: an answer cut short (by a proxy, a dropped connection) is quoted
// in errors too, and a connection's answer holds its secrets in plaintext.
// Strings lose the given secrets. The second result is false when the text
// was cut short.
func maskJSONPrefix(body []byte, secrets []string) (string, bool) {
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	var b strings.Builder
	var stack []jsonFrame
	for {
		tok, err := dec.Token()
		if err != nil {
			return b.String(), errors.Is(err, io.EOF) && len(stack) == 0
		}
		if d, ok := tok.(json.Delim); ok && (d == '}' || d == ']') {
			b.WriteRune(rune(d))
			stack = stack[:len(stack)-1]
			continue
		}
		secret := false
		if n := len(stack); n > 0 {
			f := &stack[n-1]
			if f.object && !f.inValue {
				if f.members > 0 {
					b.WriteByte(',')
				}
				f.members++
				key, _ := tok.(string)
				writeJSONString(&b, redact(key, secrets))
				b.WriteByte(':')
				f.inValue, f.keySecret = true, f.secret || isSecretKey(key)
				continue
			}
			if !f.object && f.members > 0 {
				b.WriteByte(',')
			}
			f.members++
			secret = f.secret || f.keySecret
			f.inValue = false
		}
		switch t := tok.(type) {
		case json.Delim:
			b.WriteRune(rune(t))
			stack = append(stack, jsonFrame{object: t == '{', secret: secret})
		case nil:
			b.WriteString("null")
		case string:
			if secret {
				t = masked
			}
			writeJSONString(&b, redact(maskPEM(t), secrets))
		default: // json.Number, bool
			if secret {
				writeJSONString(&b, masked)
			} else {
				fmt.Fprint(&b, t)
			}
		}
	}
}

// jsonFrame is an open object or array of maskJSONPrefix.
type jsonFrame struct {
	object, secret bool
	// inValue: the key is written, its value comes next (objects only).
	inValue, keySecret bool
	members            int
}

func writeJSONString(b *strings.Builder, s string) {
	quoted, _ := json.Marshal(s)
	b.Write(quoted)
}
