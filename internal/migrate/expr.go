package migrate

import (
	"regexp"
	"slices"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/hashicorp/hcl/v2/hclwrite"
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/convert"
	ctyjson "github.com/zclconf/go-cty/cty/json"
)

// Expressions are carried as source text: the converter copies what the
// user wrote (var.x, local.y, for expressions, heredocs) into the new
// attribute and never evaluates it. Only literals are looked at, to apply
// what the official provider did with a literal value (drop an unknown
// scope, sort a set, skip a value it never sent).

// parseExpr parses an expression's source.
func parseExpr(src string) (hclsyntax.Expression, bool) {
	// A heredoc's closing marker needs the newline after it.
	e, diags := hclsyntax.ParseExpression([]byte(src+"\n"), "", hcl.InitialPos)
	return e, !diags.HasErrors()
}

// literal evaluates an expression that needs no variables and no functions.
func literal(src string) (cty.Value, bool) {
	e, ok := parseExpr(src)
	if !ok || len(e.Variables()) > 0 {
		return cty.NilVal, false
	}
	v, diags := e.Value(nil)
	if diags.HasErrors() || !v.IsWhollyKnown() {
		return cty.NilVal, false
	}
	return v, true
}

// literalString returns the value of a literal string expression.
func literalString(src string) (string, bool) {
	v, ok := literal(src)
	if !ok || v.IsNull() || !v.Type().Equals(cty.String) {
		return "", false
	}
	return v.AsString(), true
}

// jsonencodeArg returns the source of X when src is jsonencode(X).
func jsonencodeArg(src string) (string, bool) {
	e, ok := parseExpr(src)
	if !ok {
		return "", false
	}
	call, ok := e.(*hclsyntax.FunctionCallExpr)
	if !ok || call.Name != "jsonencode" || len(call.Args) != 1 || call.ExpandFinal {
		return "", false
	}
	r := call.Args[0].Range()
	return rangeText(src, r), true
}

// officialType is the cty type Terraform converted a value of an official
// attribute to before the provider saw it.
func officialType(typ string) (cty.Type, bool) {
	switch typ {
	case "string":
		return cty.String, true
	case "bool":
		return cty.Bool, true
	case "int":
		return cty.Number, true
	case "set":
		return cty.Set(cty.String), true
	case "list":
		return cty.List(cty.String), true
	case "map":
		return cty.Map(cty.String), true
	}
	return cty.NilType, false
}

// coerceLiteral converts a literal value to the official type the way
// Terraform did. It returns new source only when the JSON the value encodes
// to changes ("250" for a number, an unsorted set); otherwise the original
// source, with its formatting and heredocs, is kept.
func coerceLiteral(src, typ string) (string, bool) {
	want, ok := officialType(typ)
	if !ok {
		return src, true
	}
	v, isLit := literal(src)
	if !isLit {
		return src, true
	}
	if v.IsNull() {
		return src, true
	}
	conv, err := convert.Convert(v, want)
	if err != nil {
		return src, false
	}
	before, err1 := ctyjson.Marshal(v, v.Type())
	after, err2 := ctyjson.Marshal(conv, conv.Type())
	if err1 != nil || err2 != nil || string(before) == string(after) {
		return src, true
	}
	if conv.Type().IsSetType() {
		// A set's JSON is its elements in cty's order (sorted strings);
		// render it as the list it is sent as.
		conv = cty.ListVal(conv.AsValueSlice())
		if conv.LengthInt() == 0 {
			return "[]", true
		}
	}
	return valueSource(conv), true
}

// valueSource renders a value as HCL source.
func valueSource(v cty.Value) string {
	return strings.TrimSpace(string(hclwrite.TokensForValue(v).Bytes()))
}

// literalStrings returns the elements of a literal list or set of strings.
func literalStrings(src string) ([]string, bool) {
	v, ok := literal(src)
	if !ok || v.IsNull() {
		return nil, false
	}
	conv, err := convert.Convert(v, cty.List(cty.String))
	if err != nil {
		return nil, false
	}
	var out []string
	for _, e := range conv.AsValueSlice() {
		if e.IsNull() {
			return nil, false
		}
		out = append(out, e.AsString())
	}
	return out, true
}

// sortedUnique sorts and deduplicates strings, as a Terraform set of
// strings orders them.
func sortedUnique(in []string) []string {
	out := slices.Clone(in)
	slices.Sort(out)
	return slices.Compact(out)
}

// stringsSource renders a list of strings as an HCL tuple.
func stringsSource(ss []string) string {
	if len(ss) == 0 {
		return "[]"
	}
	vals := make([]cty.Value, len(ss))
	for i, s := range ss {
		vals[i] = cty.StringVal(s)
	}
	return valueSource(cty.ListVal(vals))
}

// quote renders a string as an HCL quoted string.
func quote(s string) string { return valueSource(cty.StringVal(s)) }

var bareKey = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`)

// objectKey renders a JSON key as an HCL object key: bare when it is a
// plain identifier (and not a keyword HCL would read as a value), quoted
// otherwise.
func objectKey(k string) string {
	switch k {
	case "true", "false", "null", "for", "in", "if":
		return quote(k)
	}
	if bareKey.MatchString(k) {
		return k
	}
	return quote(k)
}

// traversalRoot returns the root name and the attribute names of a
// traversal expression such as local.strategy.
func traversalNames(src string) ([]string, bool) {
	e, ok := parseExpr(src)
	if !ok {
		return nil, false
	}
	st, ok := e.(*hclsyntax.ScopeTraversalExpr)
	if !ok {
		return nil, false
	}
	names := []string{st.Traversal.RootName()}
	for _, step := range st.Traversal[1:] {
		a, ok := step.(hcl.TraverseAttr)
		if !ok {
			return nil, false
		}
		names = append(names, a.Name)
	}
	return names, true
}

// rangeText is the source a parsed node covers (ranges are byte offsets
// into the source it was parsed from).
func rangeText(src string, r hcl.Range) string {
	if r.Start.Byte < 0 || r.End.Byte > len(src) || r.Start.Byte > r.End.Byte {
		return ""
	}
	return src[r.Start.Byte:r.End.Byte]
}
