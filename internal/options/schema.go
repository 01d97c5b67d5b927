package options

import (
	"encoding/json"
	"strings"
	"unicode/utf16"
)

// kind is a set of JSON types a known key accepts.
type kind uint8

const (
	kNull kind = 1 << iota
	kBool
	kString
	kInteger // a number with an integral value (5, 5.0, 5e0)
	kNumber  // any number, integral or not
	kArray
	kObject
)

// spec is the JSON-schema subset the tables need: types, string enums and
// lengths, integer ranges, array item specs and counts, object members.
// Validation of partial trees (the managed keys only) never checks
// "required": the merge fills the rest from the server.
type spec struct {
	kinds kind

	enum           []string // allowed string values
	minLen, maxLen int      // string length in UTF-16 code units, as JavaScript counts; maxLen 0 = none

	hasMin, hasMax bool
	min, max       float64

	items              *spec
	minItems, maxItems int // maxItems 0 = none

	fields map[string]*spec // known members
	values *spec            // spec of members not in fields (additionalProperties)
	closed bool             // additionalProperties false: an unknown member is a warning

	upstream bool // the upstream_params map: entries checked by checkUpstreamParams
}

// fields is shorthand for the member tables.
type fields = map[string]*spec

func str() *spec     { return &spec{kinds: kString} }
func boolean() *spec { return &spec{kinds: kBool} }
func anyObj() *spec  { return &spec{kinds: kObject} }

// strN is a string that may be null (the API stores and echoes null, e.g.
// tokenURL:null, messaging_service_sid:null).
func strN() *spec { return str().nullable() }

func enum(values ...string) *spec { return &spec{kinds: kString, enum: values} }

func intRange(lo, hi int64) *spec {
	return &spec{kinds: kInteger, hasMin: true, min: float64(lo), hasMax: true, max: float64(hi)}
}

func intMin(lo int64) *spec {
	return &spec{kinds: kInteger, hasMin: true, min: float64(lo)}
}

func arr(items *spec) *spec { return &spec{kinds: kArray, items: items} }

// strs is an array of strings.
func strs() *spec { return arr(str()) }

// obj is an object with known members; other members pass unchecked.
func obj(members fields) *spec { return &spec{kinds: kObject, fields: members} }

// closedObj is an object whose schema is additionalProperties:false.
func closedObj(members fields) *spec { return &spec{kinds: kObject, fields: members, closed: true} }

// mapOf is an object whose every member has the same spec.
func mapOf(values *spec) *spec { return &spec{kinds: kObject, values: values} }

func (s *spec) nullable() *spec { s.kinds |= kNull; return s }

func (s *spec) length(lo, hi int) *spec { s.minLen, s.maxLen = lo, hi; return s }

func (s *spec) count(lo, hi int) *spec { s.minItems, s.maxItems = lo, hi; return s }

// or widens the accepted types with another spec's (e.g. a string or an
// array of strings), keeping both specs' details.
func (s *spec) or(other *spec) *spec {
	s.kinds |= other.kinds
	if other.items != nil {
		s.items, s.minItems, s.maxItems = other.items, other.minItems, other.maxItems
	}
	return s
}

// kindOf classifies a decoded value; ok is false for Go types JSON cannot
// hold.
func kindOf(v any) (k kind, num decimal, ok bool) {
	switch v.(type) {
	case nil:
		return kNull, decimal{}, true
	case bool:
		return kBool, decimal{}, true
	case string:
		return kString, decimal{}, true
	case Object:
		return kObject, decimal{}, true
	case []any:
		return kArray, decimal{}, true
	}
	text, isNum := numberText(v)
	if !isNum {
		return 0, decimal{}, false
	}
	d, valid := parseDecimal(text)
	if !valid {
		return 0, decimal{}, false
	}
	if d.isInteger() {
		return kInteger, d, true
	}
	return kNumber, d, true
}

// accepts reports whether a value of kind k is allowed; an integer is also a
// number.
func (s *spec) accepts(k kind) bool {
	if s.kinds&k != 0 {
		return true
	}
	return k == kInteger && s.kinds&kNumber != 0
}

func kindNames(k kind) string {
	var names []string
	for _, n := range []struct {
		k    kind
		name string
	}{
		{kString, "string"}, {kBool, "boolean"}, {kInteger, "integer"}, {kNumber, "number"},
		{kArray, "array"}, {kObject, "object"}, {kNull, "null"},
	} {
		if k&n.k != 0 {
			names = append(names, n.name)
		}
	}
	return strings.Join(names, " or ")
}

func describeKind(k kind) string {
	switch k {
	case kInteger, kNumber:
		return "a number"
	case kString:
		return "a string"
	case kBool:
		return "a boolean"
	case kArray:
		return "an array"
	case kObject:
		return "an object"
	case kNull:
		return "null"
	}
	return "an unsupported value"
}

// jsLength counts UTF-16 code units, as the JavaScript server does for
// minLength/maxLength.
func jsLength(s string) int {
	n := 0
	for _, r := range s {
		n += utf16.RuneLen(r)
	}
	return n
}

// jsonText renders a scalar for messages.
func jsonText(v any) string {
	if n, ok := v.(json.Number); ok {
		return string(n)
	}
	var b strings.Builder
	encodeValue(&b, v)
	return b.String()
}
