package client

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"unicode"
	"unicode/utf8"
)

// APIError is an error response of the Management API. Its fields mirror
// Auth0's error envelope {"statusCode","error","message","errorCode"}; Method
// and Path say which request failed. Responses whose body is not that
// envelope (an HTML page from a proxy, an empty or truncated body) become an
// APIError built from the status code, with a short, printable excerpt of the
// body in Message.
type APIError struct {
	StatusCode int    `json:"statusCode"`
	Err        string `json:"error"`
	Message    string `json:"message"`
	ErrorCode  string `json:"errorCode,omitempty"`
	Method     string `json:"-"`
	Path       string `json:"-"`
}

// Error quotes errorCode and message verbatim:
// `409 Conflict (connection_conflict): A connection with the same name already exists`.
func (e *APIError) Error() string {
	reason := e.Err
	if reason == "" {
		reason = http.StatusText(e.StatusCode)
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%d %s", e.StatusCode, reason)
	if e.ErrorCode != "" {
		fmt.Fprintf(&b, " (%s)", e.ErrorCode)
	}
	if e.Message != "" {
		b.WriteString(": ")
		b.WriteString(e.Message)
	}
	return b.String()
}

// IsNotFound reports whether err is (or wraps) a 404 APIError.
func IsNotFound(err error) bool { return hasStatus(err, http.StatusNotFound) }

// IsConflict reports whether err is (or wraps) a 409 APIError.
func IsConflict(err error) bool { return hasStatus(err, http.StatusConflict) }

// IsNameBeingDeleted reports whether err is (or wraps) the 409 a create
// gets while a deleted connection of the same name is still being removed:
// Auth0 deletes connections asynchronously, so a replacement that keeps the
// name can race the deletion of the connection it replaces. The errorCode
// is the one a name already taken gets, so the message tells them apart.
func IsNameBeingDeleted(err error) bool {
	var apiErr *APIError
	return errors.As(err, &apiErr) && apiErr.StatusCode == http.StatusConflict &&
		strings.Contains(strings.ToLower(apiErr.Message), "being deleted")
}

// IsRateLimited reports whether err is (or wraps) a 429 APIError: the client
// gave up waiting (retries or MaxRetryWait exhausted).
func IsRateLimited(err error) bool { return hasStatus(err, http.StatusTooManyRequests) }

// IsForbidden reports whether err is (or wraps) a 403 APIError, e.g. a token
// without the needed scope.
func IsForbidden(err error) bool { return hasStatus(err, http.StatusForbidden) }

// IsBadRequest reports whether err is (or wraps) a 400 APIError: the API
// rejected the request body, and its message names the property.
func IsBadRequest(err error) bool { return hasStatus(err, http.StatusBadRequest) }

// IsUnknownClient reports whether err is (or wraps) the 404 that
// PATCH /connections/{id}/clients answers when an application in the request
// does not exist, as opposed to the connection: both are 404, and some 404s
// carry no errorCode, so the message decides when the code is absent.
func IsUnknownClient(err error) bool {
	var apiErr *APIError
	if !errors.As(err, &apiErr) || apiErr.StatusCode != http.StatusNotFound {
		return false
	}
	if apiErr.ErrorCode != "" {
		return apiErr.ErrorCode == "inexistent_client"
	}
	return strings.Contains(strings.ToLower(apiErr.Message), "client")
}

func hasStatus(err error, status int) bool {
	var apiErr *APIError
	return errors.As(err, &apiErr) && apiErr.StatusCode == status
}

// maxExcerpt bounds the part of an unexpected body quoted in an error: enough
// to recognise a proxy's error page, too little to flood a diagnostic.
const maxExcerpt = 200

// newAPIError decodes an error body, or synthesises the error from the
// status when the body is not Auth0's envelope. The secrets (echoedSecrets
// of the request) are removed from the message: Auth0's validation messages
// can quote a rejected value ("String does not match pattern …: <value>"),
// and a proxy's page can quote the whole request.
func newAPIError(method, path string, status int, body []byte, secrets ...string) *APIError {
	apiErr := &APIError{}
	if err := json.Unmarshal(body, apiErr); err != nil || (apiErr.Message == "" && apiErr.Err == "" && apiErr.ErrorCode == "") {
		apiErr = &APIError{Message: describeUnexpectedBody(body, secrets)}
	}
	apiErr.Message, apiErr.Err = redact(apiErr.Message, secrets), redact(apiErr.Err, secrets)
	apiErr.StatusCode = status // the status line is authoritative over the body's copy
	if apiErr.Err == "" {
		apiErr.Err = http.StatusText(status)
	}
	apiErr.Method, apiErr.Path = method, path
	return apiErr
}

func describeUnexpectedBody(body []byte, secrets []string) string {
	if len(strings.TrimSpace(string(body))) == 0 {
		return "the response had an empty body"
	}
	return "unexpected response body: " + excerpt(body, secrets...)
}

// excerpt returns a short single-line, printable prefix of body with any
// PEM private key, the values under secret keys of a JSON body, and the
// given secrets removed. The secrets go before the cut, which could
// otherwise leave a part of one.
func excerpt(body []byte, secrets ...string) string {
	s, truncated := maskPEM(string(body)), false
	if trimmed := bytes.TrimSpace(body); len(trimmed) > 0 && (trimmed[0] == '{' || trimmed[0] == '[') {
		var complete bool
		s, complete = maskJSONPrefix(trimmed, secrets)
		truncated = !complete
	}
	s = redact(s, secrets)
	if len(s) > maxExcerpt {
		s = s[:maxExcerpt]
		truncated = true
	}
	s = strings.ToValidUTF8(s, "")
	var b strings.Builder
	space := false
	for _, r := range s {
		if unicode.IsSpace(r) || !unicode.IsPrint(r) || r == utf8.RuneError {
			space = true
			continue
		}
		if space && b.Len() > 0 {
			b.WriteByte(' ')
		}
		space = false
		b.WriteRune(r)
	}
	out := b.String()
	if truncated {
		out += "…"
	}
	return fmt.Sprintf("%q", out)
}
