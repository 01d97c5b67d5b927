package provider

import (
	"context"
	"encoding/json"

	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/openauth0/terraform-provider-auth0/internal/options"
)

// privateWriteOnlyKeys is the private-state key under which the key paths of
// the last secret_options_wo sent are kept. The values never enter state; the
// paths are needed so a key dropped from secret_options_wo can be deleted.
const privateWriteOnlyKeys = "secret_options_wo_keys"

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
		return diag.Diagnostics{writeOnlyKeysNotRecordedDiagnostic(err)}
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
		diags.Append(writeOnlyKeysUnreadableDiagnostic())
		return nil, diags
	}
	return paths, diags
}

// privateUnmanagedBeside is the private-state key of the key paths (never
// the values) the server held, when last read or written, inside the option
// objects the state manages without managing them (see
// options.UnmanagedBeside), so that a plan removing such an object can say
// that it stays on the server.
const privateUnmanagedBeside = "unmanaged_beside"

// setUnmanagedBeside records them for the options a connection was answered
// with and the tree the state manages.
func setUnmanagedBeside(ctx context.Context, private privateWriter, strategy string, answered json.RawMessage, managed options.Object) diag.Diagnostics {
	var beside []options.Path
	if server, err := options.Parse(string(answered)); answered != nil && err == nil {
		beside = options.UnmanagedBeside(server, managed, options.RulesFor(strategy))
	}
	if len(beside) == 0 {
		return private.SetKey(ctx, privateUnmanagedBeside, nil)
	}
	raw, err := json.Marshal(beside)
	if err != nil {
		return nil // only a plan's warning depends on the record
	}
	return private.SetKey(ctx, privateUnmanagedBeside, raw)
}

// unmanagedBeside returns the recorded paths; nil when none are recorded or
// the record cannot be read (a plan then warns about nothing).
func unmanagedBeside(ctx context.Context, private privateReader) []options.Path {
	raw, diags := private.GetKey(ctx, privateUnmanagedBeside)
	var paths []options.Path
	if diags.HasError() || len(raw) == 0 || json.Unmarshal(raw, &paths) != nil {
		return nil
	}
	return paths
}
