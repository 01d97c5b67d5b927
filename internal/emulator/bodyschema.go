package emulator

import (
	"fmt"
	"maps"
	"net/http"
	"slices"
)

// Small schema checks for the sub-resource bodies, in the same z-schema
// wording as the connection bodies: "Payload validation error: '<reason>'
// on property <path>." Paths are the JSON paths of the offending value
// ("" for the body itself).

// readOptionalObject reads a body whose schema is "object or null": no
// body, an empty body and null all read as {}.
func readOptionalObject(r *http.Request) (map[string]any, []string, *apiError) {
	v, order, err := readBody(r)
	if err != nil {
		return nil, nil, err
	}
	body, err := objectOrNull("", v)
	return body, order.top, err
}

// objectOrNull accepts an object, or null as {}.
func objectOrNull(path string, v any) (map[string]any, *apiError) {
	if v == nil {
		return map[string]any{}, nil
	}
	return asObject(path, v)
}

// checkObject checks an object's keys: none outside allowed (reported in
// the client's order when known), every one of required present.
func checkObject(path string, m map[string]any, order, allowed, required []string) *apiError {
	if reason := additionalReason(m, order, allowed); reason != "" {
		return errInvalidBody(reason, path, "")
	}
	for _, k := range required {
		if _, ok := m[k]; !ok {
			return errInvalidBody("Missing required property: "+k, path, "")
		}
	}
	return nil
}

// propPath is the path of key inside the object at path.
func propPath(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

// optionalString returns m[key] when it is a string, "" when it is absent.
func optionalString(path string, m map[string]any, key string) (string, *apiError) {
	v, ok := m[key]
	if !ok {
		return "", nil
	}
	s, isStr := v.(string)
	if !isStr {
		return "", errInvalidBody("Expected type string but found type "+jsonTypeName(v), propPath(path, key), "")
	}
	return s, nil
}

// arrayProp returns body[key], a top-level property, as an array of
// minItems..maxItems items (maxItems 0 = no limit).
func arrayProp(body map[string]any, key string, minItems, maxItems int) ([]any, *apiError) {
	arr, ok := body[key].([]any)
	if !ok {
		return nil, errInvalidBody("Expected type array but found type "+jsonTypeName(body[key]), key, "")
	}
	if len(arr) < minItems {
		return nil, errInvalidBody(fmt.Sprintf("Array is too short (%d), minimum %d", len(arr), minItems), key, "")
	}
	if maxItems > 0 && len(arr) > maxItems {
		return nil, errInvalidBody(fmt.Sprintf("Array is too long (%d), maximum %d", len(arr), maxItems), key, "")
	}
	return arr, nil
}

// mappingItems validates a mapping array whose items are objects with the
// two string sides (e.g. scim and auth0); extraKeys says whether items may
// carry other keys.
func mappingItems(path string, arr []any, sides [2]string, extraKeys bool) ([]map[string]any, *apiError) {
	out := make([]map[string]any, len(arr))
	for i, item := range arr {
		p := fmt.Sprintf("%s[%d]", path, i)
		m, err := asObject(p, item)
		if err != nil {
			return nil, err
		}
		if !extraKeys {
			if err := checkObject(p, m, nil, sides[:], nil); err != nil {
				return nil, err
			}
		}
		for _, side := range sides {
			if _, has := m[side]; !has {
				return nil, errInvalidBody("Missing required property: "+side, p, "")
			}
			if _, err := optionalString(p, m, side); err != nil {
				return nil, err
			}
		}
		out[i] = cloneObject(m)
	}
	return out, nil
}

// renderMapping writes mapping items with the given keys first, in that
// order, then any others sorted.
func renderMapping(items []map[string]any, first [2]string) []any {
	out := make([]any, len(items))
	for i, m := range items {
		o := orderedObject{{first[0], m[first[0]]}, {first[1], m[first[1]]}}
		for _, k := range slices.Sorted(maps.Keys(m)) {
			if k != first[0] && k != first[1] {
				o = append(o, field{k, m[k]})
			}
		}
		out[i] = o
	}
	return out
}
