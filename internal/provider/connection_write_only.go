package provider

import (
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
)

// writeOnlyCLIs says which CLIs have write-only attributes.
const writeOnlyCLIs = "Terraform 1.11 or OpenTofu 1.11 or later"

// checkWriteOnlyVersion rejects a secret_options_wo_version set without
// secret_options_wo: it says when to send those secrets again, and alone
// there is nothing to send. On a CLI without write-only attributes the
// error says so instead of asking for secret_options_wo, which such a CLI
// refuses (the framework reports a secret_options_wo set there itself:
// "Write-only attributes are only supported in Terraform 1.11 and later").
func checkWriteOnlyVersion(cfg connectionModel, caps resource.ValidateConfigClientCapabilities, diags *diag.Diagnostics) {
	if cfg.SecretOptionsWOVersion.IsNull() || !cfg.SecretOptionsWO.IsNull() {
		return
	}
	if !caps.WriteOnlyAttributesAllowed {
		diags.AddAttributeError(path.Root("secret_options_wo_version"), "Write-only secrets need a newer CLI",
			"secret_options_wo_version goes with secret_options_wo, a write-only attribute, and write-only attributes need "+
				writeOnlyCLIs+": this CLI has none. Remove secret_options_wo_version and set the secrets in secret_options "+
				"(sensitive, kept in the state), or upgrade the CLI.")
		return
	}
	diags.AddAttributeError(path.Root("secret_options_wo_version"), "secret_options_wo_version without secret_options_wo",
		"secret_options_wo_version says when to send secret_options_wo again, and secret_options_wo is not set: "+
			"set it too, or remove secret_options_wo_version.")
}
