package options

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Object is a decoded JSON object. Numbers are json.Number (never float64),
// nested objects are Object, arrays are []any.
type Object = map[string]any

// Limits against hostile or broken input.
const (
	// maxBytes is Auth0's payload limit for the whole request; an options
	// object can never be larger and still be accepted.
	maxBytes = 1 << 20

	// maxDepth bounds nesting (objects and arrays; the options object itself
	// is depth 1). Auth0's deepest documented option is 6 levels
	// (attributes.username.validation.allowed_types.email inside options);
	// free-form maps such as oidc_metadata or attribute_map.attributes add a
	// few more. 32 leaves ample room for those while bounding the recursion
	// of every walker in this package (merge, projection, encoding,
	// validation) far below anything that could exhaust a goroutine stack.
	maxDepth = 32
)

// parseError says where (key path and byte offset) and why input was
// rejected.
type parseError struct {
	Path   Path  // key path of the offending value; empty at the top level
	Offset int64 // byte offset in the input where the problem was found
	Msg    string
}

func (e *parseError) Error() string {
	where := "at the top level"
	if len(e.Path) > 0 {
		where = "at " + e.Path.String()
	}
	return fmt.Sprintf("invalid options JSON %s (byte %d): %s", where, e.Offset, e.Msg)
}

// Parse decodes s strictly: it must be exactly one JSON object, at most
// 1 MiB long (maxBytes) and 32 levels deep (maxDepth), with no duplicate key at any depth (Go's
// decoder silently keeps the last of two equal keys; Auth0 would too, so a
// duplicate almost always hides a mistake) and nothing after it.
func Parse(s string) (Object, error) {
	if len(s) > maxBytes {
		return nil, &parseError{Msg: fmt.Sprintf("%d bytes is larger than the %d-byte limit", len(s), maxBytes)}
	}
	p := &parser{dec: json.NewDecoder(strings.NewReader(s))}
	p.dec.UseNumber()
	tok, err := p.token(nil)
	if err != nil {
		return nil, err
	}
	if d, ok := tok.(json.Delim); !ok || d != '{' {
		return nil, &parseError{Offset: p.dec.InputOffset(), Msg: "options must be a JSON object, not " + describeToken(tok)}
	}
	obj, err := p.object(nil, 1)
	if err != nil {
		return nil, err
	}
	if _, err := p.dec.Token(); err != io.EOF {
		return nil, &parseError{Offset: p.dec.InputOffset(), Msg: "unexpected data after the JSON object"}
	}
	return obj, nil
}

// parser walks the token stream, building values and tracking the key path
// so that every error can say where it happened.
type parser struct {
	dec *json.Decoder
}

func (p *parser) token(path Path) (json.Token, error) {
	tok, err := p.dec.Token()
	if err == nil {
		return tok, nil
	}
	if errors.Is(err, io.EOF) {
		return nil, &parseError{Path: path, Offset: p.dec.InputOffset(), Msg: "unexpected end of input"}
	}
	msg := err.Error()
	var syn *json.SyntaxError
	if errors.As(err, &syn) {
		msg = syn.Error()
	}
	return nil, &parseError{Path: path, Offset: p.dec.InputOffset(), Msg: msg}
}

// object reads the members of an object whose '{' was already consumed.
func (p *parser) object(path Path, depth int) (Object, error) {
	if depth > maxDepth {
		return nil, &parseError{Path: path, Offset: p.dec.InputOffset(), Msg: fmt.Sprintf("nested deeper than %d levels", maxDepth)}
	}
	obj := Object{}
	for {
		tok, err := p.token(path)
		if err != nil {
			return nil, err
		}
		if d, ok := tok.(json.Delim); ok && d == '}' {
			return obj, nil
		}
		key, ok := tok.(string)
		if !ok { // the decoder only yields strings here; kept as a guard
			return nil, &parseError{Path: path, Offset: p.dec.InputOffset(), Msg: "object key must be a string"}
		}
		if _, dup := obj[key]; dup {
			return nil, &parseError{Path: path, Offset: p.dec.InputOffset(), Msg: fmt.Sprintf("duplicate key %q", key)}
		}
		v, err := p.value(path.child(key), depth)
		if err != nil {
			return nil, err
		}
		obj[key] = v
	}
}

// array reads the elements of an array whose '[' was already consumed.
func (p *parser) array(path Path, depth int) ([]any, error) {
	if depth > maxDepth {
		return nil, &parseError{Path: path, Offset: p.dec.InputOffset(), Msg: fmt.Sprintf("nested deeper than %d levels", maxDepth)}
	}
	arr := []any{}
	for i := 0; ; i++ {
		if !p.dec.More() {
			if _, err := p.token(path); err != nil { // consume ']'
				return nil, err
			}
			return arr, nil
		}
		v, err := p.value(path.child(indexSegment(i)), depth)
		if err != nil {
			return nil, err
		}
		arr = append(arr, v)
	}
}

// value reads one value at the given path; depth is that of its container.
func (p *parser) value(path Path, depth int) (any, error) {
	tok, err := p.token(path)
	if err != nil {
		return nil, err
	}
	switch t := tok.(type) {
	case json.Delim:
		switch t {
		case '{':
			return p.object(path, depth+1)
		case '[':
			return p.array(path, depth+1)
		}
		return nil, &parseError{Path: path, Offset: p.dec.InputOffset(), Msg: "unexpected " + string(t)}
	default:
		return t, nil
	}
}

func describeToken(tok json.Token) string {
	switch t := tok.(type) {
	case json.Delim:
		if t == '[' {
			return "an array"
		}
		return string(t)
	case string:
		return "a string"
	case json.Number:
		return "a number"
	case bool:
		return "a boolean"
	case nil:
		return "null"
	}
	return fmt.Sprintf("%T", tok)
}

// Encode writes o as canonical compact JSON: keys sorted bytewise at every
// depth, numbers exactly as written, no HTML escaping (so "<" and "&" in
// templates stay readable). A nil Object encodes as {}.
func Encode(o Object) string {
	var b strings.Builder
	encodeObject(&b, o)
	return b.String()
}

func encodeValue(b *strings.Builder, v any) {
	switch t := v.(type) {
	case nil:
		b.WriteString("null")
	case bool:
		b.WriteString(strconv.FormatBool(t))
	case string:
		encodeString(b, t)
	case json.Number:
		if isJSONNumber(string(t)) {
			b.WriteString(string(t))
		} else {
			// Not produced by Parse; writing it bare would emit invalid
			// JSON, so keep the text as a string instead.
			encodeString(b, string(t))
		}
	case Object:
		encodeObject(b, t)
	case []any:
		encodeList(b, '[', ']', len(t), func(i int) { encodeValue(b, t[i]) })
	default:
		encodeForeign(b, v)
	}
}

func encodeObject(b *strings.Builder, o Object) {
	keys := slices.Sorted(maps.Keys(o))
	encodeList(b, '{', '}', len(keys), func(i int) {
		encodeString(b, keys[i])
		b.WriteByte(':')
		encodeValue(b, o[keys[i]])
	})
}

// encodeList writes n comma-separated elements between opening and closing.
func encodeList(b *strings.Builder, opening, closing byte, n int, element func(i int)) {
	b.WriteByte(opening)
	for i := range n {
		if i > 0 {
			b.WriteByte(',')
		}
		element(i)
	}
	b.WriteByte(closing)
}

// encodeForeign handles Go values that did not come from Parse (float64,
// int, []string, …) through encoding/json, then re-reads them so the output
// is canonical too.
func encodeForeign(b *strings.Builder, v any) {
	raw, err := json.Marshal(v)
	if err != nil {
		encodeString(b, fmt.Sprint(v))
		return
	}
	dec := json.NewDecoder(strings.NewReader(string(raw)))
	dec.UseNumber()
	var generic any
	if err := dec.Decode(&generic); err != nil {
		b.Write(raw)
		return
	}
	encodeValue(b, generic)
}

const hexDigits = "0123456789abcdef"

// encodeString writes s as a JSON string. Unlike encoding/json it does not
// escape <, > and &; it does escape control characters, U+2028 and U+2029,
// and replaces invalid UTF-8 with U+FFFD (as the decoder does on input).
func encodeString(b *strings.Builder, s string) {
	b.WriteByte('"')
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			switch {
			case c == '"' || c == '\\':
				b.WriteByte('\\')
				b.WriteByte(c)
			case c == '\n':
				b.WriteString(`\n`)
			case c == '\r':
				b.WriteString(`\r`)
			case c == '\t':
				b.WriteString(`\t`)
			case c < 0x20:
				b.WriteString(`\u00`)
				b.WriteByte(hexDigits[c>>4])
				b.WriteByte(hexDigits[c&0xF])
			default:
				b.WriteByte(c)
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			b.WriteString(`\ufffd`)
		case r == '\u2028' || r == '\u2029':
			b.WriteString(`\u202`)
			b.WriteByte(hexDigits[r&0xF])
		default:
			b.WriteString(s[i : i+size])
		}
		i += size
	}
	b.WriteByte('"')
}

// Clone returns a deep copy of o: no map or slice is shared with the input.
// A nil Object clones to nil.
func Clone(o Object) Object {
	if o == nil {
		return nil
	}
	return cloneObject(o)
}

func cloneObject(o Object) Object {
	c := make(Object, len(o))
	for k, v := range o {
		c[k] = cloneValue(v)
	}
	return c
}

func cloneValue(v any) any {
	switch t := v.(type) {
	case Object:
		return cloneObject(t)
	case []any:
		c := make([]any, len(t))
		for i, e := range t {
			c[i] = cloneValue(e)
		}
		return c
	default:
		return v
	}
}

// Equal reports semantic JSON equality: objects by key set and values, arrays
// element by element, numbers by numeric value (1.0 equals 1, 1e2 equals 100)
// however they were written.
func Equal(a, b any) bool {
	switch x := a.(type) {
	case nil:
		return b == nil
	case bool:
		y, ok := b.(bool)
		return ok && x == y
	case string:
		y, ok := b.(string)
		return ok && x == y
	case Object:
		y, ok := b.(Object)
		if !ok || len(x) != len(y) {
			return false
		}
		for k, xv := range x {
			yv, ok := y[k]
			if !ok || !Equal(xv, yv) {
				return false
			}
		}
		return true
	case []any:
		y, ok := b.([]any)
		if !ok || len(x) != len(y) {
			return false
		}
		for i := range x {
			if !Equal(x[i], y[i]) {
				return false
			}
		}
		return true
	}
	xs, xok := numberText(a)
	ys, yok := numberText(b)
	if xok && yok {
		return numbersEqual(xs, ys)
	}
	return false
}
