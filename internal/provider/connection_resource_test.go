package provider

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/openauth0/terraform-provider-auth0/internal/client"
)

const connAddr = "auth0_connection.test"

// connectionHCL is the configuration of one connection, auth0_connection.test,
// with these attributes (HCL, one a line) after its name and strategy.
func connectionHCL(name, strategy string, attrs ...string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "\nresource \"auth0_connection\" \"test\" {\n  name     = %q\n  strategy = %q\n", name, strategy)
	for _, a := range attrs {
		if a != "" {
			b.WriteString("  " + a + "\n")
		}
	}
	b.WriteString("}\n")
	return b.String()
}

// generatedAddr is where an import step that generates configuration after
// the first step imports connAddr to.
const generatedAddr = "auth0_connection.generated"

// A connection made outside Terraform, with secrets, upstream params on a
// SAML connection and server defaults, imports into a configuration that
// plans clean.
func TestAccConnection_importGeneratesCleanConfig(t *testing.T) {
	t.Parallel()
	env := newAccEnv(t)
	saml, err := env.client.CreateConnection(context.Background(), &client.Connection{
		Name: "tf-acc-import-saml", Strategy: "samlp",
		Options: json.RawMessage(fmt.Sprintf(`{"signInEndpoint":"https://idp.example.com/sso","signingCert":%q,
			"upstream_params":{"tenant":{"value":"acme"}}}`, testCertificatePEM(t))),
	})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := env.client.CreateConnection(context.Background(), &client.Connection{
		Name: "tf-acc-import-gh", Strategy: "github",
		Options: json.RawMessage(`{"client_id":"gh","client_secret":"import-secret","follow":true,
			"upstream_params":{"login":{"alias":"login_hint"}}}`),
	}); err != nil {
		t.Fatal(err)
	}
	importStep := func(id string, checks ...plancheck.PlanCheck) resource.TestCase {
		return resource.TestCase{
			ProtoV6ProviderFactories: testAccProviders,
			Steps: []resource.TestStep{{
				Config:           env.providerBlock(env.server.Token),
				ResourceName:     "auth0_connection.imported",
				ImportState:      true,
				ImportStateId:    id,
				ImportStateKind:  resource.ImportBlockWithID,
				GenerateConfig:   true,
				ImportPlanChecks: resource.ImportPlanChecks{PreApply: checks},
			}},
		}
	}
	resource.Test(t, importStep(saml.ID,
		plancheck.ExpectKnownValue("auth0_connection.imported", tfjsonpath.New("options"), jsonWhere(func(opts map[string]any) error {
			if err := hasKeys(opts, "upstream_params", "signingCert"); err != nil {
				return err
			}
			return lacksKeys(opts, "cert", "thumbprints") // server-derived: not adopted
		})),
	))
	// By name.
	resource.Test(t, importStep("tf-acc-import-gh",
		plancheck.ExpectKnownValue("auth0_connection.imported", tfjsonpath.New("upstream_params").AtMapKey("login").AtMapKey("alias"),
			knownvalue.StringExact("login_hint")),
		plancheck.ExpectKnownValue("auth0_connection.imported", tfjsonpath.New("secret_options"),
			jsonEquals(`{"client_secret":"import-secret"}`)),
	))
}

func TestAccConnection_nameTakenSaysHowToImport(t *testing.T) {
	t.Parallel()
	env := newAccEnv(t)
	existing, err := env.client.CreateConnection(context.Background(), &client.Connection{Name: "tf-acc-taken", Strategy: "auth0"})
	if err != nil {
		t.Fatal(err)
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		Steps: []resource.TestStep{{
			Config: env.config(connectionHCL("tf-acc-taken", "auth0")),
			// The API's errorCode and message, then the exact import command.
			ExpectError: wrappedRegexp(`connection_conflict.*A connection with the same name already exists(?s).*terraform import auth0_connection.NAME ` + existing.ID),
		}},
	})
}

func TestReplacementWarning(t *testing.T) {
	var diags diag.Diagnostics
	warnIfReplacing(path.Root("name"), types.StringValue("old"), types.StringValue("old"), &diags)
	warnIfReplacing(path.Root("name"), types.StringValue("old"), types.StringUnknown(), &diags)
	if len(diags) != 0 {
		t.Fatalf("no replacement, yet: %v", diags)
	}
	warnIfReplacing(path.Root("strategy"), types.StringValue("auth0"), types.StringValue("email"), &diags)
	if len(diags) != 1 || diags[0].Severity() != diag.SeverityWarning ||
		!strings.Contains(diags[0].Detail(), "is deleted with it") || !strings.Contains(diags[0].Summary(), "deletes its users") {
		t.Fatalf("want one warning about deleted users, got %v", diags)
	}
}
