package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"

	"github.com/openauth0/terraform-provider-auth0/internal/options"
)

// plannedAttribute is an option attribute whose plan takes the
// configuration (name is "" when the plan keeps the state's value), with
// its written paths and, for secret_options, the state's tree.
type plannedAttribute struct {
	name    string
	written []options.Path
	state   options.Object
}

// warnPlannedRemovals says what a plan's removals do on the server that
// the plan cannot show: objects that stay because they hold keys no
// configuration wrote, and which secret keys go (Terraform hides
// secret_options and secret_options_wo whole, keys and values alike).
// config is the configuration's whole managed tree, so a key that moves to
// another attribute is not removed.
func warnPlannedRemovals(ctx context.Context, private privateReader, attrs []plannedAttribute, config options.Object,
	sendWriteOnly bool, diags *diag.Diagnostics) {
	beside := unmanagedBeside(ctx, private)
	for _, a := range attrs {
		if a.name == "" {
			continue
		}
		removed := options.Deleted(a.written, config)
		objects, kept := options.KeptObjects(removed, config, beside)
		if len(kept) > 0 {
			diags.Append(keptObjectsDiagnostic(path.Root(a.name), attributeKeyNames(a.name, objects), attributeKeyNames(a.name, kept)))
		}
		if a.name == "secret_options" {
			warnSecretsDeleted(a.name, options.Present(removed, a.state), diags)
		}
	}
	if sendWriteOnly {
		priorWriteOnly, d := writeOnlyKeys(ctx, private)
		diags.Append(d...)
		warnSecretsDeleted("secret_options_wo", options.Deleted(priorWriteOnly, config), diags)
	}
}

func warnSecretsDeleted(attribute string, paths []options.Path, diags *diag.Diagnostics) {
	if len(paths) > 0 {
		diags.Append(secretsDeletedDiagnostic(path.Root(attribute), attributeKeyNames(attribute, paths)))
	}
}
