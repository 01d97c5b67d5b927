package migrate

import (
	"bytes"
	"encoding/json"
	"testing"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/function"
	"github.com/zclconf/go-cty/cty/function/stdlib"
	ctyjson "github.com/zclconf/go-cty/cty/json"
)

// evaluated is a converted auth0_connection, evaluated the way Terraform
// would evaluate a configuration that needs no variables: what this
// provider would be given.
type evaluated struct {
	Strategy string
	Options  map[string]any // the options JSON
	Secrets  map[string]any // the secret_options JSON
	Upstream map[string]any // upstream_params, as options.upstream_params
	Top      map[string]any // the other arguments, as JSON values
}

// combined is options, secret_options and upstream_params merged into one
// options object, as this provider sends them.
func (e *evaluated) combined() map[string]any {
	out := map[string]any{}
	for k, v := range e.Options {
		out[k] = v
	}
	mergeInto(out, e.Secrets)
	if e.Upstream != nil {
		out["upstream_params"] = e.Upstream
	}
	return out
}

func mergeInto(dst, src map[string]any) {
	for k, v := range src {
		d, dok := dst[k].(map[string]any)
		s, sok := v.(map[string]any)
		if dok && sok {
			mergeInto(d, s)
			continue
		}
		dst[k] = v
	}
}

var evalFunctions = map[string]function.Function{
	"jsonencode": stdlib.JSONEncodeFunc,
	"jsondecode": stdlib.JSONDecodeFunc,
	"merge":      stdlib.MergeFunc,
	"sort":       stdlib.SortFunc,
	"distinct":   stdlib.DistinctFunc,
	"join":       stdlib.JoinFunc,
	"contains":   stdlib.ContainsFunc,
	"concat":     stdlib.ConcatFunc,
}

// evalConnections evaluates every auth0_connection of a converted file,
// keyed by resource name.
func evalConnections(t *testing.T, src []byte) map[string]*evaluated {
	t.Helper()
	f, diags := hclsyntax.ParseConfig(src, "converted.tf", hcl.InitialPos)
	if diags.HasErrors() {
		t.Fatalf("converted file does not parse: %v\n%s", diags, src)
	}
	ctx := &hcl.EvalContext{Functions: evalFunctions}
	out := map[string]*evaluated{}
	for _, b := range f.Body.(*hclsyntax.Body).Blocks {
		if b.Type != "resource" || len(b.Labels) != 2 || b.Labels[0] != "auth0_connection" {
			continue
		}
		e := &evaluated{Top: map[string]any{}}
		for name, a := range b.Body.Attributes {
			if name == "provider" || name == "depends_on" {
				continue
			}
			v, diags := a.Expr.Value(ctx)
			if diags.HasErrors() {
				t.Fatalf("%s.%s: %v", b.Labels[1], name, diags)
			}
			switch name {
			case "options":
				e.Options = decodeJSONString(t, v)
			case "secret_options":
				e.Secrets = decodeJSONString(t, v)
			case "upstream_params":
				e.Upstream, _ = ctyToJSON(t, v).(map[string]any)
			case "strategy":
				e.Strategy = v.AsString()
				e.Top[name] = e.Strategy
			default:
				e.Top[name] = ctyToJSON(t, v)
			}
		}
		out[b.Labels[1]] = e
	}
	return out
}

func decodeJSONString(t *testing.T, v cty.Value) map[string]any {
	t.Helper()
	var m map[string]any
	if err := decodeJSON([]byte(v.AsString()), &m); err != nil {
		t.Fatalf("not a JSON object: %v: %s", err, v.AsString())
	}
	return m
}

func ctyToJSON(t *testing.T, v cty.Value) any {
	t.Helper()
	b, err := ctyjson.Marshal(v, v.Type())
	if err != nil {
		t.Fatal(err)
	}
	var out any
	if err := decodeJSON(b, &out); err != nil {
		t.Fatal(err)
	}
	return out
}

// decodeJSON decodes with json.Number, so numbers compare exactly.
func decodeJSON(b []byte, v any) error {
	d := json.NewDecoder(bytes.NewReader(b))
	d.UseNumber()
	return d.Decode(v)
}
