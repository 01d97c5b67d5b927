package emulator

import (
	"net/http"
	"strconv"
)

// contentTypeJSON is sent on every response, 202 and 204 included, exactly
// as Auth0 does.
const contentTypeJSON = "application/json; charset=utf-8"

// errorCode values used by the Management API.
const (
	codeInvalidBody          = "invalid_body"
	codeInvalidQuery         = "invalid_query_string"
	codeInexistentConnection = "inexistent_connection"
	codeInexistentClient     = "inexistent_client"
	codeConnectionConflict   = "connection_conflict"
	codeInsufficientScope    = "insufficient_scope"
	codeTooManyRequests      = "too_many_requests"
	codeOperationUnsupported = "operation_not_supported"
)

// apiError is an Auth0 error envelope:
// {"statusCode","error","message","errorCode"?}.
type apiError struct {
	Status    int
	Message   string
	ErrorCode string // "" = no errorCode key, as some Auth0 errors have none
}

func (e *apiError) body() orderedObject {
	o := orderedObject{
		{"statusCode", e.Status},
		{"error", http.StatusText(e.Status)},
		{"message", e.Message},
	}
	if e.ErrorCode != "" {
		o = append(o, field{"errorCode", e.ErrorCode})
	}
	return o
}

func newError(status int, code, message string) *apiError {
	return &apiError{Status: status, Message: message, ErrorCode: code}
}

func errConnectionNotFound() *apiError {
	return newError(http.StatusNotFound, codeInexistentConnection, "The connection does not exist")
}

func errClientNotFound() *apiError {
	return newError(http.StatusNotFound, codeInexistentClient, "The client does not exist")
}

// errInvalidBody is a 400 "Payload validation error" in z-schema wording:
// "Payload validation error: '<reason>' on property <path> (<description>)."
// Top-level problems have no "on property" suffix.
func errInvalidBody(reason, path, description string) *apiError {
	msg := "Payload validation error: '" + reason + "'"
	if path != "" {
		msg += " on property " + path
		if description != "" {
			msg += " (" + description + ")"
		}
	}
	return newError(http.StatusBadRequest, codeInvalidBody, msg+".")
}

// errInvalidQuery is a 400 for a bad query string. Inferred: the errorCode
// "invalid_query_string" is what other Auth0 endpoints use; the connections
// evidence does not show it.
func errInvalidQuery(reason, param string) *apiError {
	msg := "Query validation error: '" + reason + "'"
	if param != "" {
		msg += " on property " + param
	}
	return newError(http.StatusBadRequest, codeInvalidQuery, msg+".")
}

// errBusinessRule is a 400 invalid_body with a plain message (database
// connection rules).
func errBusinessRule(message string) *apiError {
	return newError(http.StatusBadRequest, codeInvalidBody, message)
}

func writeJSONResponse(w http.ResponseWriter, status int, body any) {
	data := encodeJSON(body)
	h := w.Header()
	h.Set("Content-Type", contentTypeJSON)
	h.Set("Content-Length", strconv.Itoa(len(data)))
	w.WriteHeader(status)
	_, _ = w.Write(data)
}

// writeNoContent answers 204 with Auth0's JSON content type and no body.
func writeNoContent(w http.ResponseWriter) {
	w.Header().Set("Content-Type", contentTypeJSON)
	w.WriteHeader(http.StatusNoContent)
}

func writeAPIError(w http.ResponseWriter, e *apiError) {
	writeJSONResponse(w, e.Status, e.body())
}
