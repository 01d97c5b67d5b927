package emulator

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"sort"
	"strconv"
)

// JSON values inside the emulator are the generic shapes encoding/json
// produces with UseNumber: map[string]any, []any, string, json.Number, bool
// and nil. Numbers stay json.Number so that a value round-trips exactly as
// the client sent it (Auth0 stores options as jsonb and echoes them).

// decodeJSON parses one JSON document, keeping numbers as json.Number.
func decodeJSON(data []byte) (any, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, err
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return nil, errors.New("trailing data after JSON document")
	}
	return v, nil
}

// objectKeyOrder returns the top-level keys of a JSON object in the order the
// client wrote them. Validation messages list offending keys in body order,
// the way z-schema (Auth0's validator) does.
func objectKeyOrder(data []byte) []string {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	tok, err := dec.Token()
	if err != nil || tok != json.Delim('{') {
		return nil
	}
	var keys []string
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return keys
		}
		k, _ := tok.(string)
		keys = append(keys, k)
		var skip json.RawMessage
		if err := dec.Decode(&skip); err != nil {
			return keys
		}
	}
	return keys
}

// keyOrder is the order in which a client wrote the keys of a body and of
// its options object. Auth0 derives some values from it (the order of a
// derived social scope follows the order of the flags).
type keyOrder struct {
	top     []string
	options []string
}

func bodyKeyOrder(data []byte) keyOrder {
	return keyOrder{top: objectKeyOrder(data), options: nestedKeyOrder(data, "options")}
}

// nestedKeyOrder returns the key order of the object under a top-level key.
func nestedKeyOrder(data []byte, key string) []string {
	var top map[string]json.RawMessage
	if json.Unmarshal(data, &top) != nil {
		return nil
	}
	raw, ok := top[key]
	if !ok {
		return nil
	}
	return objectKeyOrder(raw)
}

// cloneJSON deep-copies a JSON value so stored state never aliases a
// request or a response.
func cloneJSON(v any) any {
	switch t := v.(type) {
	case map[string]any:
		return cloneObject(t)
	case []any:
		a := make([]any, len(t))
		for i, e := range t {
			a[i] = cloneJSON(e)
		}
		return a
	default:
		return v
	}
}

// cloneObject is cloneJSON for an object; the copy of a nil map is an
// empty one.
func cloneObject(m map[string]any) map[string]any {
	out := make(map[string]any, len(m))
	for k, e := range m {
		out[k] = cloneJSON(e)
	}
	return out
}

// jsonTypeName names a value's JSON type the way z-schema does in
// "Expected type X but found type Y".
func jsonTypeName(v any) string {
	switch t := v.(type) {
	case nil:
		return "null"
	case bool:
		return "boolean"
	case string:
		return "string"
	case json.Number:
		if _, err := strconv.ParseInt(string(t), 10, 64); err == nil {
			return "integer"
		}
		return "number"
	case float64, int:
		return "number"
	case []any:
		return "array"
	case map[string]any:
		return "object"
	}
	return "unknown"
}

// field is one key/value pair of an ordered JSON object.
type field struct {
	Key   string
	Value any
}

// orderedObject is a JSON object written in a fixed key order; it is used
// for connection bodies, whose top-level order Auth0 keeps stable.
type orderedObject []field

// jsonbLess orders object keys as PostgreSQL jsonb stores them: shorter keys
// first, then bytewise. Auth0 returns GET/PATCH options in this order.
func jsonbLess(a, b string) bool {
	if len(a) != len(b) {
		return len(a) < len(b)
	}
	return a < b
}

// encodeJSON writes v; maps are written in jsonb key order, orderedObject in
// its own order. HTML escaping is off, as in Auth0's responses.
func encodeJSON(v any) []byte {
	var buf bytes.Buffer
	writeJSON(&buf, v)
	return buf.Bytes()
}

func writeJSON(buf *bytes.Buffer, v any) {
	switch t := v.(type) {
	case nil:
		buf.WriteString("null")
	case bool:
		buf.WriteString(strconv.FormatBool(t))
	case json.Number:
		buf.WriteString(string(t))
	case string:
		writeJSONString(buf, t)
	case []any:
		buf.WriteByte('[')
		for i, e := range t {
			if i > 0 {
				buf.WriteByte(',')
			}
			writeJSON(buf, e)
		}
		buf.WriteByte(']')
	case map[string]any:
		writeJSON(buf, inJSONBOrder(t))
	case orderedObject:
		buf.WriteByte('{')
		for i, f := range t {
			if i > 0 {
				buf.WriteByte(',')
			}
			writeJSONString(buf, f.Key)
			buf.WriteByte(':')
			writeJSON(buf, f.Value)
		}
		buf.WriteByte('}')
	default:
		// Plain Go values (ints, structs of the stats endpoint, …).
		b, err := json.Marshal(t)
		if err != nil {
			buf.WriteString("null")
			return
		}
		buf.Write(b)
	}
}

// inJSONBOrder is m as an object in jsonb key order.
func inJSONBOrder(m map[string]any) orderedObject {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool { return jsonbLess(keys[i], keys[j]) })
	out := make(orderedObject, len(keys))
	for i, k := range keys {
		out[i] = field{k, m[k]}
	}
	return out
}

func writeJSONString(buf *bytes.Buffer, s string) {
	if isPlainJSONString(s) {
		buf.WriteByte('"')
		buf.WriteString(s)
		buf.WriteByte('"')
		return
	}
	enc := json.NewEncoder(buf)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(s)
	// Encoder.Encode appends a newline; drop it.
	buf.Truncate(buf.Len() - 1)
}

// isPlainJSONString reports whether s can be written between quotes as is
// (printable ASCII without quote or backslash): the common case, kept fast
// for the benchmarks.
func isPlainJSONString(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < 0x20 || c >= 0x7f || c == '"' || c == '\\' {
			return false
		}
	}
	return true
}
