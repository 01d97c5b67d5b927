package provider

import (
	"fmt"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"

	"github.com/openauth0/terraform-provider-auth0/internal/client"
)

// TestAccConnection_metadataKeysArriveNormalized pins why the provider has
// no validator for metadata keys that collide after Unicode NFC
// normalization: Terraform normalizes every string to NFC (cty) before a
// provider sees it, and merges such keys itself, the last value winning
// (zipmap, merge and map literals alike; jsondecode refuses them, see the
// invalid-configuration table). The provider receives one key, in NFC,
// and the tenant stores exactly that. If Terraform ever stops normalizing,
// this test fails and the validator becomes necessary.
func TestAccConnection_metadataKeysArriveNormalized(t *testing.T) {
	t.Parallel()
	env := newAccEnv(t)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		Steps: []resource.TestStep{{
			Config: env.config(connectionHCL("nfc-metadata", "auth0", `metadata = zipmap(["cafe\u0301", "caf\u00e9"], ["decomposed", "precomposed"])`)),
			ConfigStateChecks: []statecheck.StateCheck{
				expectAttr(connAddr, "metadata",
					knownvalue.MapExact(map[string]knownvalue.Check{"caf\u00e9": knownvalue.StringExact("precomposed")})),
				env.expectServerConnection(connAddr, func(conn *client.Connection) error {
					if len(conn.Metadata) != 1 || conn.Metadata["caf\u00e9"] == nil || *conn.Metadata["caf\u00e9"] != "precomposed" {
						return fmt.Errorf("server metadata = %v, want only the NFC key", conn.Metadata)
					}
					return nil
				}),
			},
		}},
	})
}
