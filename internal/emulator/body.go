package emulator

import (
	"io"
	"mime"
	"net/http"
	"net/url"
	"strings"
)

// maxBodyBytes is the Management API's documented payload cap.
const maxBodyBytes = 1 << 20

// readBody reads a JSON (or form-urlencoded, which the OpenAPI spec also
// declares for POST and PATCH) request body. It returns the value and, for a
// JSON object, its key order.
func readBody(r *http.Request) (any, keyOrder, *apiError) {
	var none keyOrder
	data, err := io.ReadAll(io.LimitReader(r.Body, maxBodyBytes+1))
	if err != nil {
		return nil, none, &apiError{Status: http.StatusBadRequest, Message: "Invalid request payload"}
	}
	if len(data) > maxBodyBytes {
		// hapi's wording for an oversized payload.
		return nil, none, &apiError{Status: http.StatusRequestEntityTooLarge, Message: "Payload content length greater than maximum allowed: 1048576"}
	}
	mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if mt == "application/x-www-form-urlencoded" {
		form, err := url.ParseQuery(string(data))
		if err != nil {
			return nil, none, &apiError{Status: http.StatusBadRequest, Message: "Invalid request payload input"}
		}
		return formToJSON(form), none, nil
	}
	if len(strings.TrimSpace(string(data))) == 0 {
		// No body at all validates like an empty object.
		return map[string]any{}, none, nil
	}
	v, err := decodeJSON(data)
	if err != nil {
		// hapi's message for a body that is not JSON (inferred; no errorCode).
		return nil, none, &apiError{Status: http.StatusBadRequest, Message: "Invalid request payload JSON format"}
	}
	return v, bodyKeyOrder(data), nil
}

// formToJSON turns form fields into JSON values: "true"/"false" become
// booleans, repeated keys arrays, the rest strings.
func formToJSON(form url.Values) map[string]any {
	out := map[string]any{}
	for k, vals := range form {
		if len(vals) > 1 {
			arr := make([]any, len(vals))
			for i, v := range vals {
				arr[i] = v
			}
			out[k] = arr
			continue
		}
		switch vals[0] {
		case "true":
			out[k] = true
		case "false":
			out[k] = false
		default:
			out[k] = vals[0]
		}
	}
	return out
}

// readObjectBody reads a body that must be a JSON object.
func readObjectBody(r *http.Request) (map[string]any, keyOrder, *apiError) {
	v, order, apiErr := readBody(r)
	if apiErr != nil {
		return nil, order, apiErr
	}
	body, ok := v.(map[string]any)
	if !ok {
		return nil, order, errInvalidBody("Expected type object but found type "+jsonTypeName(v), "", "")
	}
	return body, order, nil
}
