package migrate

import (
	"encoding/json"
	"slices"
	"strings"

	"github.com/zclconf/go-cty/cty"
	ctyjson "github.com/zclconf/go-cty/cty/json"
)

// The transforms, one function per kind of the table. Each takes the
// source of the configured expression and returns the source of what goes
// into the new configuration. A literal is transformed the way the official
// provider transformed it; any other expression is wrapped in the Terraform
// functions that do the same at plan time, so nothing is evaluated here.

// copyValue is kindCopy: the value under its key, as Terraform converted it
// to the official type. A set that is not a literal is sorted and
// deduplicated by Terraform functions, since a Terraform set of strings is
// sent in that order and the API keeps the array as sent.
func copyValue(src, typ string) (string, bool) {
	if _, isLit := literal(src); !isLit && typ == "set" {
		return "sort(distinct(" + src + "))", true
	}
	return coerceLiteral(src, typ)
}

// omitted is kindOmitWhen's test: the literal equals the value the official
// provider never sent (0, "on_each_login", an empty list).
func omitted(src string, omit json.RawMessage) bool {
	v, ok := literal(src)
	if !ok || v.IsNull() {
		return false
	}
	var want any
	if err := json.Unmarshal(omit, &want); err != nil {
		return false
	}
	switch w := want.(type) {
	case []any:
		return len(w) == 0 && (v.Type().IsTupleType() || v.Type().IsListType() || v.Type().IsSetType()) && v.LengthInt() == 0
	case float64:
		return v.Type() == cty.Number && v.Equals(cty.NumberFloatVal(w)).True()
	case string:
		return v.Type() == cty.String && v.AsString() == w
	}
	return false
}

// jsonObject is kindJSONObject: the object a JSON string holds.
// jsonencode(X) becomes X; a JSON literal becomes the same object in HCL;
// anything else becomes jsondecode(expression). empty reports a literal
// empty object, which the official provider did not send. ok is false when
// the literal is not a JSON object (the official provider refused those).
func jsonObject(src string) (out string, empty, ok bool) {
	if arg, isCall := jsonencodeArg(src); isCall {
		if v, isLit := literal(arg); isLit {
			if !v.Type().IsObjectType() && !v.Type().IsMapType() {
				return "", false, false
			}
			return arg, v.LengthInt() == 0, true
		}
		return arg, false, true
	}
	if s, isLit := literalString(src); isLit {
		ty, err := ctyjson.ImpliedType([]byte(s))
		if err != nil || !ty.IsObjectType() {
			return "", false, false
		}
		v, err := ctyjson.Unmarshal([]byte(s), ty)
		if err != nil {
			return "", false, false
		}
		if v.LengthInt() == 0 {
			return "{}", true, true
		}
		return valueSource(v), false, true
	}
	return "jsondecode(" + src + ")", false, true
}

// typedUpstream reports whether a literal upstream_params object fits this
// provider's typed attribute: every entry is {value = "…"} or
// {alias = "…"}. A value that is not a literal is assumed to.
func typedUpstream(objSrc string) bool {
	v, ok := literal(objSrc)
	if !ok {
		return true
	}
	if !v.Type().IsObjectType() && !v.Type().IsMapType() {
		return false
	}
	for it := v.ElementIterator(); it.Next(); {
		if _, e := it.Element(); !typedUpstreamEntry(e) {
			return false
		}
	}
	return true
}

func typedUpstreamEntry(e cty.Value) bool {
	if !e.Type().IsObjectType() || e.LengthInt() != 1 {
		return false
	}
	for _, k := range []string{"value", "alias"} {
		if e.Type().HasAttribute(k) {
			a := e.GetAttr(k)
			return !a.IsNull() && a.Type() == cty.String
		}
	}
	return false
}

// scopeFlags is kindScopeFlags: one true flag per scope the strategy knows.
// unknown lists the literal scopes it does not know, which the official
// provider dropped. For an expression, merged is a for expression that
// builds the same flags at plan time.
func scopeFlags(src string, known []string) (flags, unknown []string, merged string) {
	if names, ok := literalStrings(src); ok {
		for _, n := range sortedUnique(names) {
			if slices.Contains(known, n) {
				flags = append(flags, n)
			} else {
				unknown = append(unknown, n)
			}
		}
		return flags, unknown, ""
	}
	return nil, nil, "{ for s in " + src + " : s => true if contains(" + stringsSource(known) + ", s) }"
}

// scopeString is kindScopeString: the scopes joined by spaces, sorted and
// deduplicated. An empty literal was not sent.
func scopeString(src string) string {
	if names, ok := literalStrings(src); ok {
		if len(names) == 0 {
			return ""
		}
		return quote(strings.Join(sortedUnique(names), " "))
	}
	return `join(" ", sort(distinct(` + src + `)))`
}

// scopeList is kindScopeList: the scopes as a sorted array. An empty
// literal was not sent.
func scopeList(src string) string {
	if names, ok := literalStrings(src); ok {
		if len(names) == 0 {
			return ""
		}
		return stringsSource(sortedUnique(names))
	}
	return "sort(distinct(" + src + "))"
}

// header is one custom_headers block.
type header struct{ name, value string }

// headerMap is kindHeaderMap: the blocks as one object keyed by header.
func headerMap(headers []header) string {
	var b strings.Builder
	b.WriteString("{\n")
	for _, h := range headers {
		if s, ok := literalString(h.name); ok {
			b.WriteString(objectKey(s))
		} else {
			b.WriteString("(" + h.name + ")")
		}
		v, _ := coerceLiteral(h.value, "string")
		b.WriteString(" = " + v + "\n")
	}
	b.WriteString("}")
	return b.String()
}
