package provider

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework-jsontypes/jsontypes"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/attr/xattr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types/basetypes"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// sensitiveJSONType is jsontypes.NormalizedType for attributes that hold
// secrets (secret_options): the same semantic JSON equality, but its values
// never print themselves.
//
// Why: terraform-plugin-framework logs String() of every value it compares
// semantically ("Calling provider defined type-based SemanticEquals",
// tf_value_type=…) at TRACE, whether or not the attribute is sensitive, and
// jsontypes reports invalid JSON with the whole value in the diagnostic.
// With plain jsontypes.Normalized every secret in secret_options appeared
// in a TF_LOG=TRACE log on every refresh and apply (found by
// internal/reliability's secrets suite).
type sensitiveJSONType struct {
	jsontypes.NormalizedType
}

var (
	_ basetypes.StringTypable                    = sensitiveJSONType{}
	_ basetypes.StringValuableWithSemanticEquals = sensitiveJSON{}
	_ xattr.ValidateableAttribute                = sensitiveJSON{}
)

func (t sensitiveJSONType) String() string { return "provider.sensitiveJSONType" }

func (t sensitiveJSONType) ValueType(context.Context) attr.Value { return sensitiveJSON{} }

func (t sensitiveJSONType) Equal(o attr.Type) bool {
	other, ok := o.(sensitiveJSONType)
	return ok && t.NormalizedType.Equal(other.NormalizedType)
}

func (t sensitiveJSONType) ValueFromString(_ context.Context, in basetypes.StringValue) (basetypes.StringValuable, diag.Diagnostics) {
	return sensitiveJSON{Normalized: jsontypes.Normalized{StringValue: in}}, nil
}

func (t sensitiveJSONType) ValueFromTerraform(ctx context.Context, in tftypes.Value) (attr.Value, error) {
	v, err := t.StringType.ValueFromTerraform(ctx, in)
	if err != nil {
		return nil, err
	}
	s, ok := v.(basetypes.StringValue)
	if !ok {
		return nil, fmt.Errorf("unexpected value type %T", v)
	}
	return sensitiveJSON{Normalized: jsontypes.Normalized{StringValue: s}}, nil
}

// sensitiveJSON is a jsontypes.Normalized value that does not reveal itself
// in String() or in validation errors.
type sensitiveJSON struct {
	jsontypes.Normalized
}

func newSensitiveJSON(v jsontypes.Normalized) sensitiveJSON { return sensitiveJSON{Normalized: v} }

func newSensitiveJSONNull() sensitiveJSON { return newSensitiveJSON(jsontypes.NewNormalizedNull()) }

func (v sensitiveJSON) Type(context.Context) attr.Type { return sensitiveJSONType{} }

func (v sensitiveJSON) Equal(o attr.Value) bool {
	other, ok := o.(sensitiveJSON)
	return ok && v.Normalized.Equal(other.Normalized)
}

// String is what the framework logs: never the value.
func (v sensitiveJSON) String() string {
	switch {
	case v.IsNull():
		return "<null>"
	case v.IsUnknown():
		return "<unknown>"
	default:
		return "(sensitive value)"
	}
}

func (v sensitiveJSON) StringSemanticEquals(ctx context.Context, newValuable basetypes.StringValuable) (bool, diag.Diagnostics) {
	other, ok := newValuable.(sensitiveJSON)
	if !ok {
		var diags diag.Diagnostics
		diags.AddError("Semantic Equality Check Error",
			fmt.Sprintf("Expected a %T to compare with, got %T. This is a bug in the provider.", v, newValuable))
		return false, diags
	}
	return v.Normalized.StringSemanticEquals(ctx, other.Normalized)
}

// ValidateAttribute is jsontypes' check without the "Given Value: …" line.
func (v sensitiveJSON) ValidateAttribute(_ context.Context, req xattr.ValidateAttributeRequest, resp *xattr.ValidateAttributeResponse) {
	if v.IsUnknown() || v.IsNull() {
		return
	}
	if !json.Valid([]byte(v.ValueString())) {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid JSON String Value",
			"The value is not valid JSON (RFC 7159), as written by jsonencode({...}). It is not shown because the attribute is sensitive.")
	}
}
