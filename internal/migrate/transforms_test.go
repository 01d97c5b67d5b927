package migrate

import (
	"encoding/json"
	"slices"
	"testing"
)

func TestCopyValue(t *testing.T) {
	tests := []struct {
		name, src, typ, want string
	}{
		{"string kept", `"excellent"`, "string", `"excellent"`},
		{"heredoc kept as written", "<<EOF\nfunction x() {}\nEOF", "string", "<<EOF\nfunction x() {}\nEOF"},
		{"number as string becomes a number", `"250"`, "int", `250`},
		{"bool as string becomes a bool", `"true"`, "bool", `true`},
		{"number for a string attribute becomes a string", `2`, "string", `"2"`},
		{"literal set sorted and deduplicated", `["b", "a", "b"]`, "set", `["a", "b"]`},
		{"sorted set kept as written", `["a", "b"]`, "set", `["a", "b"]`},
		{"empty set", `[]`, "set", `[]`},
		{"list keeps its order", `["b", "a"]`, "list", `["b", "a"]`},
		{"map of strings kept", `{ a = "x" }`, "map", `{ a = "x" }`},
		{"map value coerced", `{ a = 1 }`, "map", `{
  a = "1"
}`},
		{"variable copied", `var.policy`, "string", `var.policy`},
		{"set variable sorted at plan time", `var.aliases`, "set", `sort(distinct(var.aliases))`},
		{"for expression copied", `[for d in var.domains : lower(d)]`, "list", `[for d in var.domains : lower(d)]`},
		{"template with interpolation copied", `"${var.a}-b"`, "string", `"${var.a}-b"`},
		{"escaped template kept", `"$${context.tokenset.name}"`, "string", `"$${context.tokenset.name}"`},
		{"null kept", `null`, "string", `null`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := copyValue(tt.src, tt.typ)
			if !ok || got != tt.want {
				t.Errorf("copyValue(%s, %s) = %q, %v; want %q", tt.src, tt.typ, got, ok, tt.want)
			}
		})
	}
	if _, ok := copyValue(`"not a number"`, "int"); ok {
		t.Error(`"not a number" converted to a number`)
	}
}

func TestOmitted(t *testing.T) {
	tests := []struct {
		src, omit string
		want      bool
	}{
		{`0`, `0`, true},
		{`5`, `0`, false},
		{`"0"`, `0`, false},
		{`var.size`, `0`, false},
		{`"on_each_login"`, `"on_each_login"`, true},
		{`"on_first_login"`, `"on_each_login"`, false},
		{`[]`, `[]`, true},
		{`["RS256"]`, `[]`, false},
		{`var.algs`, `[]`, false},
		{`null`, `0`, false},
	}
	for _, tt := range tests {
		if got := omitted(tt.src, json.RawMessage(tt.omit)); got != tt.want {
			t.Errorf("omitted(%s, %s) = %v, want %v", tt.src, tt.omit, got, tt.want)
		}
	}
}

func TestJSONObject(t *testing.T) {
	tests := []struct {
		name, src, want string
		empty, ok       bool
	}{
		{"jsonencode of an object literal", `jsonencode({ a = { alias = "login_hint" } })`, `{ a = { alias = "login_hint" } }`, false, true},
		{"jsonencode of a variable", `jsonencode(var.claims)`, `var.claims`, false, true},
		{"jsonencode of an empty object", `jsonencode({})`, `{}`, true, true},
		{"jsonencode of a list is refused", `jsonencode([1])`, ``, false, false},
		{"JSON literal", `"{\"a\":{\"value\":\"b\"}}"`, "{\n  a = {\n    value = \"b\"\n  }\n}", false, true},
		{"empty JSON literal", `"{}"`, `{}`, true, true},
		{"JSON array literal is refused", `"[1]"`, ``, false, false},
		{"invalid JSON is refused", `"{"`, ``, false, false},
		{"string expression decoded at plan time", `var.json`, `jsondecode(var.json)`, false, true},
		{"file decoded at plan time", `file("m.json")`, `jsondecode(file("m.json"))`, false, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, empty, ok := jsonObject(tt.src)
			if ok != tt.ok || (ok && (got != tt.want || empty != tt.empty)) {
				t.Errorf("jsonObject(%s) = %q, %v, %v; want %q, %v, %v", tt.src, got, empty, ok, tt.want, tt.empty, tt.ok)
			}
		})
	}
}

func TestTypedUpstream(t *testing.T) {
	tests := []struct {
		src  string
		want bool
	}{
		{`{ screen_name = { alias = "login_hint" } }`, true},
		{`{ domain = { value = "example.com" }, hint = { alias = "login_hint" } }`, true},
		{`{}`, true},
		{`var.upstream`, true},
		{`{ both = { value = "a", alias = "login_hint" } }`, false},
		{`{ other = { foo = "a" } }`, false},
		{`{ number = { value = 1 } }`, false},
		{`{ flat = "x" }`, false},
	}
	for _, tt := range tests {
		if got := typedUpstream(tt.src); got != tt.want {
			t.Errorf("typedUpstream(%s) = %v, want %v", tt.src, got, tt.want)
		}
	}
}

func TestScopeFlags(t *testing.T) {
	known := []string{"email", "profile", "gmail"}
	flags, unknown, merged := scopeFlags(`["profile", "email", "openid", "email"]`, known)
	if !slices.Equal(flags, []string{"email", "profile"}) || !slices.Equal(unknown, []string{"openid"}) || merged != "" {
		t.Errorf("literal: flags %v unknown %v merged %q", flags, unknown, merged)
	}
	flags, unknown, merged = scopeFlags(`[]`, known)
	if len(flags)+len(unknown) != 0 || merged != "" {
		t.Errorf("empty: flags %v unknown %v merged %q", flags, unknown, merged)
	}
	_, _, merged = scopeFlags(`var.scopes`, known)
	want := `{ for s in var.scopes : s => true if contains(["email", "profile", "gmail"], s) }`
	if merged != want {
		t.Errorf("expression: merged %q, want %q", merged, want)
	}
}

func TestScopeStringAndList(t *testing.T) {
	tests := []struct {
		src, wantString, wantList string
	}{
		{`["openid", "email", "profile", "email"]`, `"email openid profile"`, `["email", "openid", "profile"]`},
		{`["openid"]`, `"openid"`, `["openid"]`},
		{`[]`, ``, ``},
		{`var.scopes`, `join(" ", sort(distinct(var.scopes)))`, `sort(distinct(var.scopes))`},
	}
	for _, tt := range tests {
		if got := scopeString(tt.src); got != tt.wantString {
			t.Errorf("scopeString(%s) = %q, want %q", tt.src, got, tt.wantString)
		}
		if got := scopeList(tt.src); got != tt.wantList {
			t.Errorf("scopeList(%s) = %q, want %q", tt.src, got, tt.wantList)
		}
	}
}

func TestHeaderMap(t *testing.T) {
	got := headerMap([]header{
		{name: `"X-Api-Key"`, value: `var.key`},
		{name: `"plain"`, value: `2`},
		{name: `local.name`, value: `"v"`},
	})
	want := "{\n\"X-Api-Key\" = var.key\nplain = \"2\"\n(local.name) = \"v\"\n}"
	if got != want {
		t.Errorf("headerMap = %q, want %q", got, want)
	}
}

func TestObjectKey(t *testing.T) {
	for k, want := range map[string]string{
		"passwordPolicy": "passwordPolicy",
		"snake_case":     "snake_case",
		"X-Header":       `"X-Header"`,
		"with space":     `"with space"`,
		"true":           `"true"`,
		"null":           `"null"`,
		"1st":            `"1st"`,
		`quo"te`:         `"quo\"te"`,
	} {
		if got := objectKey(k); got != want {
			t.Errorf("objectKey(%q) = %s, want %s", k, got, want)
		}
	}
}

func TestJSONEncodeArg(t *testing.T) {
	for src, want := range map[string]string{
		`jsonencode({ a = 1 })`:     `{ a = 1 }`,
		"jsonencode({\n  a = 1\n})": "{\n  a = 1\n}",
		`jsonencode(var.x)`:         `var.x`,
	} {
		if got, ok := jsonencodeArg(src); !ok || got != want {
			t.Errorf("jsonencodeArg(%s) = %q, %v; want %q", src, got, ok, want)
		}
	}
	for _, src := range []string{`var.x`, `jsondecode(var.x)`, `jsonencode(var.a, var.b)`, `jsonencode(var.x...)`} {
		if _, ok := jsonencodeArg(src); ok {
			t.Errorf("jsonencodeArg(%s) took it for jsonencode(X)", src)
		}
	}
}
