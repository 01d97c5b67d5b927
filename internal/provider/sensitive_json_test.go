package provider

import (
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework-jsontypes/jsontypes"
	"github.com/hashicorp/terraform-plugin-framework/attr/xattr"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

const testSecret = "s3cr3t-value-never-printed"

func TestSensitiveJSONNeverPrintsItsValue(t *testing.T) {
	ctx := t.Context()
	v := newSensitiveJSON(jsontypes.NewNormalizedValue(`{"client_secret":"` + testSecret + `"}`))
	if got := v.String(); strings.Contains(got, testSecret) || got != "(sensitive value)" {
		t.Errorf("String() = %q", got)
	}
	if got := newSensitiveJSONNull().String(); got != "<null>" {
		t.Errorf("null String() = %q", got)
	}

	var resp xattr.ValidateAttributeResponse
	newSensitiveJSON(jsontypes.NewNormalizedValue(`{"client_secret":"`+testSecret)).
		ValidateAttribute(ctx, xattr.ValidateAttributeRequest{Path: path.Root("secret_options")}, &resp)
	if !resp.Diagnostics.HasError() {
		t.Fatal("invalid JSON was accepted")
	}
	for _, d := range resp.Diagnostics {
		if strings.Contains(d.Summary()+d.Detail(), testSecret) {
			t.Errorf("the validation error shows the value: %s", d.Detail())
		}
	}
}

func TestSensitiveJSONKeepsSemanticEquality(t *testing.T) {
	ctx := t.Context()
	a := newSensitiveJSON(jsontypes.NewNormalizedValue(`{"a":1,"b":{"c":"x"}}`))
	b := newSensitiveJSON(jsontypes.NewNormalizedValue("{ \"b\": {\"c\": \"x\"}, \"a\": 1 }"))
	c := newSensitiveJSON(jsontypes.NewNormalizedValue(`{"a":2}`))
	if eq, diags := a.StringSemanticEquals(ctx, b); diags.HasError() || !eq {
		t.Errorf("reordered JSON not equal: %v %v", eq, diags)
	}
	if eq, _ := a.StringSemanticEquals(ctx, c); eq {
		t.Error("different JSON equal")
	}
	if a.Equal(b) || !a.Equal(a) || a.Equal(a.Normalized) {
		t.Error("Equal must be exact and typed")
	}

	// A round trip through Terraform's representation keeps the type.
	tv, err := a.ToTerraformValue(ctx)
	if err != nil {
		t.Fatal(err)
	}
	back, err := sensitiveJSONType{}.ValueFromTerraform(ctx, tv)
	if err != nil || !back.Equal(a) {
		t.Errorf("round trip = %v, %v", back, err)
	}
	if _, err := (sensitiveJSONType{}).ValueFromTerraform(ctx, tftypes.NewValue(tftypes.Number, 1)); err == nil {
		t.Error("a number was accepted as a string")
	}
}

func TestSecretOptionsAttributeUsesTheSensitiveType(t *testing.T) {
	var resp resource.SchemaResponse
	newConnectionResource().Schema(t.Context(), resource.SchemaRequest{}, &resp)
	a := resp.Schema.Attributes["secret_options"]
	if _, ok := a.GetType().(sensitiveJSONType); !ok || !a.IsSensitive() {
		t.Errorf("secret_options is %T, sensitive %v; want sensitiveJSONType, sensitive", a.GetType(), a.IsSensitive())
	}
}
