package options

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"
)

func mustParse(t testing.TB, s string) Object {
	t.Helper()
	o, err := Parse(s)
	if err != nil {
		t.Fatalf("Parse(%s): %v", s, err)
	}
	return o
}

func TestParseAccepts(t *testing.T) {
	tests := []struct {
		name, in string
		want     Object
	}{
		{"empty object", `{}`, Object{}},
		{"whitespace around", " \n\t{ } \n", Object{}},
		{"numbers stay as written", `{"a":1.50,"b":1e3,"c":-0,"d":12345678901234567890123}`,
			Object{"a": json.Number("1.50"), "b": json.Number("1e3"), "c": json.Number("-0"), "d": json.Number("12345678901234567890123")}},
		{"nested", `{"mfa":{"active":true},"precedence":["email","username"],"x":null}`,
			Object{"mfa": Object{"active": true}, "precedence": []any{"email", "username"}, "x": nil}},
		{"same key in different objects", `{"a":{"k":1},"b":{"k":2}}`,
			Object{"a": Object{"k": json.Number("1")}, "b": Object{"k": json.Number("2")}}},
		{"empty array and object", `{"a":[],"b":{}}`, Object{"a": []any{}, "b": Object{}}},
		{"depth exactly maxDepth", strings.Repeat(`{"a":`, maxDepth) + `1` + strings.Repeat(`}`, maxDepth), nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := Parse(tc.in)
			if err != nil {
				t.Fatalf("Parse: %v", err)
			}
			if tc.want != nil && !Equal(got, tc.want) {
				t.Fatalf("got %s, want %s", Encode(got), Encode(tc.want))
			}
		})
	}
}

func TestParseRejects(t *testing.T) {
	deep := strings.Repeat(`{"a":`, maxDepth+1) + `1` + strings.Repeat(`}`, maxDepth+1)
	deepArray := `{"a":` + strings.Repeat(`[`, maxDepth) + strings.Repeat(`]`, maxDepth) + `}`
	big := `{"a":"` + strings.Repeat("x", maxBytes) + `"}`
	tests := []struct {
		name, in string
		path     string // expected parseError.Path.String()
		msg      string // substring of the message
	}{
		{"empty input", ``, "", "unexpected end of input"},
		{"array", `[1,2]`, "", "must be a JSON object, not an array"},
		{"string", `"x"`, "", "must be a JSON object, not a string"},
		{"number", `42`, "", "not a number"},
		{"null", `null`, "", "not null"},
		{"duplicate top-level key", `{"a":1,"a":2}`, "", `duplicate key "a"`},
		{"duplicate nested key", `{"mfa":{"active":true,"active":false}}`, "mfa", `duplicate key "active"`},
		{"duplicate inside array element", `{"x":[{"k":1},{"k":1,"k":2}]}`, "x[1]", `duplicate key "k"`},
		{"trailing data", `{"a":1} x`, "", "unexpected data after the JSON object"},
		{"two objects", `{}{}`, "", "unexpected data after the JSON object"},
		{"too deep objects", deep, strings.TrimSuffix(strings.Repeat("a.", maxDepth), "."), "nested deeper than 32"},
		{"too deep arrays", deepArray, "a" + strings.Repeat("[0]", maxDepth-1), "nested deeper than 32"},
		{"too large", big, "", "larger than the 1048576-byte limit"},
		{"syntax error names the path", `{"mfa":{"active":tru}}`, "mfa.active", "invalid character"},
		{"unterminated", `{"a":{"b":1}`, "", "unexpected end of input"},
		{"bad number", `{"n":01}`, "", "invalid character '1' after object key:value pair"},
		{"bad value in array", `{"x":[1,tru]}`, "x[1]", "invalid character"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Parse(tc.in)
			var pe *parseError
			if !errors.As(err, &pe) {
				t.Fatalf("want a *parseError, got %v", err)
			}
			if pe.Path.String() != tc.path {
				t.Errorf("path = %q, want %q (error: %v)", pe.Path.String(), tc.path, err)
			}
			if !strings.Contains(err.Error(), tc.msg) {
				t.Errorf("error %q does not contain %q", err, tc.msg)
			}
		})
	}
}

func TestParseErrorMessageSaysWhere(t *testing.T) {
	_, err := Parse(`{"mfa":{"active":true,"active":false}}`)
	want := `invalid options JSON at mfa (byte 30): duplicate key "active"`
	if err == nil || err.Error() != want {
		t.Fatalf("got %v, want %s", err, want)
	}
}

// canonical parses s and encodes it again.
func canonical(s string) (string, error) {
	o, err := Parse(s)
	if err != nil {
		return "", err
	}
	return Encode(o), nil
}

func TestEncodeIsCanonical(t *testing.T) {
	tests := []struct{ in, want string }{
		{`{ "b": 1, "a": {"d": [3, 1], "c": true} }`, `{"a":{"c":true,"d":[3,1]},"b":1}`},
		{`{"n": 1.50, "e": 1E+3}`, `{"e":1E+3,"n":1.50}`},
		{`{"html": "<a href=\"x\">&</a>"}`, `{"html":"<a href=\"x\">&</a>"}`},
		{`{"ctl": "tab\there\nnl\u0001"}`, `{"ctl":"tab\there\nnl\u0001"}`},
		{`{"u": "\u00e9\u2028"}`, `{"u":"é\u2028"}`},
		{`{"z":null,"a":[]}`, `{"a":[],"z":null}`},
	}
	for _, tc := range tests {
		got, err := canonical(tc.in)
		if err != nil {
			t.Fatalf("%s: %v", tc.in, err)
		}
		if got != tc.want {
			t.Errorf("Encode(Parse(%s)) = %s, want %s", tc.in, got, tc.want)
		}
		again, err := canonical(got)
		if err != nil || again != got {
			t.Errorf("encoding is not idempotent on %s: %s, %v", got, again, err)
		}
	}
}

func TestEncodeKeyOrderAndWhitespaceNeverDiffer(t *testing.T) {
	a, _ := canonical(`{"mfa":{"active":true,"return_enroll_settings":false},"passwordPolicy":"good"}`)
	b, _ := canonical("{\n  \"passwordPolicy\" : \"good\",\n  \"mfa\" : { \"return_enroll_settings\":false, \"active\":true }\n}")
	if a != b {
		t.Fatalf("%s != %s", a, b)
	}
}

func TestEncodeForeignGoValues(t *testing.T) {
	o := Object{"f": 1.5, "i": 7, "s": []string{"x"}, "m": map[string]string{"b": "2", "a": "1"}, "bad": json.Number("nope")}
	want := `{"bad":"nope","f":1.5,"i":7,"m":{"a":"1","b":"2"},"s":["x"]}`
	if got := Encode(o); got != want {
		t.Fatalf("got %s, want %s", got, want)
	}
	if got := Encode(nil); got != `{}` {
		t.Fatalf("Encode(nil) = %s", got)
	}
}

func TestEncodeInvalidUTF8(t *testing.T) {
	if got := Encode(Object{"s": "a\xffb"}); got != `{"s":"a\ufffdb"}` {
		t.Fatalf("got %s", got)
	}
}

func TestCloneIsDeep(t *testing.T) {
	orig := mustParse(t, `{"a":{"b":[1,{"c":2}]},"d":"x"}`)
	c := Clone(orig)
	c["a"].(Object)["b"].([]any)[1].(Object)["c"] = json.Number("99")
	c["a"].(Object)["new"] = true
	if Encode(orig) != `{"a":{"b":[1,{"c":2}]},"d":"x"}` {
		t.Fatalf("Clone shares memory: original became %s", Encode(orig))
	}
	if Clone(nil) != nil {
		t.Fatal("Clone(nil) should be nil")
	}
}

func TestEqual(t *testing.T) {
	n := func(s string) json.Number { return json.Number(s) }
	tests := []struct {
		name string
		a, b any
		want bool
	}{
		{"ints", n("1"), n("1"), true},
		{"1.0 is 1", n("1.0"), n("1"), true},
		{"exponent", n("1e2"), n("100"), true},
		{"negative exponent", n("0.001"), n("1E-3"), true},
		{"-0 is 0", n("-0"), n("0.0"), true},
		{"big integers exactly", n("12345678901234567890123"), n("12345678901234567890124"), false},
		{"big integers equal", n("12345678901234567890123"), n("1.2345678901234567890123e22"), true},
		{"huge exponents without allocation", n("1e999999999"), n("10e999999998"), true},
		{"different", n("1"), n("2"), false},
		{"sign", n("-1"), n("1"), false},
		{"number vs float64", n("1.5"), 1.5, true},
		{"number vs int", n("3"), 3, true},
		{"number vs string", n("1"), "1", false},
		{"nil", nil, nil, true},
		{"nil vs false", nil, false, false},
		{"objects", Object{"a": n("1"), "b": []any{true}}, Object{"b": []any{true}, "a": n("1.0")}, true},
		{"object key sets differ", Object{"a": nil}, Object{"b": nil}, false},
		{"object sizes differ", Object{"a": nil}, Object{"a": nil, "b": nil}, false},
		{"array order matters", []any{"a", "b"}, []any{"b", "a"}, false},
		{"array lengths", []any{"a"}, []any{"a", "a"}, false},
		{"object vs array", Object{}, []any{}, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := Equal(tc.a, tc.b); got != tc.want {
				t.Errorf("Equal(%v, %v) = %v", tc.a, tc.b, got)
			}
			if got := Equal(tc.b, tc.a); got != tc.want {
				t.Errorf("Equal is not symmetric on %v, %v", tc.a, tc.b)
			}
		})
	}
}

func TestPathString(t *testing.T) {
	tests := []struct {
		p    Path
		want string
	}{
		{nil, ""},
		{Path{"mfa", "active"}, "mfa.active"},
		{Path{"precedence", "[1]"}, "precedence[1]"},
		{Path{"customHeaders", "X.Auth"}, `customHeaders["X.Auth"]`},
		{Path{"a b"}, `["a b"]`},
		{Path{"upstream_params", "screen_name", "alias"}, "upstream_params.screen_name.alias"},
	}
	for _, tc := range tests {
		if got := tc.p.String(); got != tc.want {
			t.Errorf("%#v.String() = %q, want %q", tc.p, got, tc.want)
		}
	}
}
