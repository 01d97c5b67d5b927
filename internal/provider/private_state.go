package provider

import (
	"context"
	"encoding/json"

	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/openauth0/terraform-provider-auth0/internal/options"
)

// privateReader and privateWriter are the parts of the framework's private
// state this provider uses (its concrete type is internal to the framework).
type privateReader interface {
	GetKey(ctx context.Context, key string) ([]byte, diag.Diagnostics)
}

type privateWriter interface {
	SetKey(ctx context.Context, key string, value []byte) diag.Diagnostics
}

// setWriteOnlyKeys records the key paths (never the values) of the
// write-only secrets just sent.
func setWriteOnlyKeys(ctx context.Context, private privateWriter, writeOnly options.Object) diag.Diagnostics {
	paths := options.LeafPaths(writeOnly, options.Rules{})
	if len(paths) == 0 {
		return private.SetKey(ctx, privateWriteOnlyKeys, nil)
	}
	raw, err := json.Marshal(paths)
	if err != nil {
		var diags diag.Diagnostics
		diags.AddError("Recording write-only keys failed", err.Error())
		return diags
	}
	return private.SetKey(ctx, privateWriteOnlyKeys, raw)
}

// writeOnlyKeys returns the key paths of the write-only secrets sent last.
func writeOnlyKeys(ctx context.Context, private privateReader) ([]options.Path, diag.Diagnostics) {
	raw, diags := private.GetKey(ctx, privateWriteOnlyKeys)
	if diags.HasError() || len(raw) == 0 {
		return nil, diags
	}
	var paths []options.Path
	if err := json.Unmarshal(raw, &paths); err != nil {
		diags.AddWarning("Unreadable private state",
			"The key paths of the write-only secrets sent last could not be read; keys removed from secret_options_wo will not be deleted this time.")
		return nil, diags
	}
	return paths, diags
}
