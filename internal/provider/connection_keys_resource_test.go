package provider

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
	tfresource "github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/openauth0/terraform-provider-auth0/internal/client"
)

const keysAddr = "auth0_connection_keys.test"

func (e *accEnv) keysConfig(connectionID, version string) string {
	return e.partConfig("auth0_connection_keys", connectionID, fmt.Sprintf("  triggers = { version = %q }", version))
}

func (e *accEnv) keysOnServer(connectionID string) []client.ConnectionKey {
	e.t.Helper()
	keys, err := e.client.ListConnectionKeys(e.t.Context(), connectionID)
	if err != nil {
		e.t.Fatal(err)
	}
	return keys
}

// rolesOnServer describes the server's keys as "role:kid" items.
func (e *accEnv) rolesOnServer(connectionID string) []string {
	var out []string
	for _, k := range e.keysOnServer(connectionID) {
		role := "current"
		if k.Next {
			role = "next"
		} else if k.Previous {
			role = "previous"
		}
		out = append(out, role+":"+k.KID)
	}
	return out
}

// expectStateKeyIs checks the key the state describes has this role on the
// server, and that the server has count keys.
func (e *accEnv) expectStateKeyIs(connectionID, role string, count int) statecheck.StateCheck {
	return stateAttrCheck{address: keysAddr, attribute: "kid", check: func(kid string) error {
		roles := e.rolesOnServer(connectionID)
		if len(roles) != count {
			return fmt.Errorf("server has keys %v, want %d", roles, count)
		}
		for _, r := range roles {
			if r == role+":"+kid {
				return nil
			}
		}
		return fmt.Errorf("state key %s is not the %s key on the server: %v", kid, role, roles)
	}}
}

func TestAccConnectionKeys_lifecycle(t *testing.T) {
	t.Parallel()
	env := newAccEnv(t)
	id := env.newConnection("keys-oidc", "oidc", privateKeyJWTOptions())
	initial := env.rolesOnServer(id) // current and next
	rotateOutOfBand := func() {
		if _, err := env.client.RotateConnectionKeys(t.Context(), id); err != nil {
			t.Fatal(err)
		}
	}
	testLifecycle(t, func() error {
		// Destroying rotates nothing and deletes no key.
		if roles := env.rolesOnServer(id); len(roles) != 3 {
			return fmt.Errorf("after destroy the server has keys %v, want the 3 it had", roles)
		}
		return nil
	}, []tfresource.TestStep{
		{
			// Creating rotates: the old next key is current, the new key next.
			Config: env.keysConfig(id, "1"),
			ConfigStateChecks: []statecheck.StateCheck{
				expectAttr(keysAddr, "next", knownvalue.Bool(true)),
				expectAttr(keysAddr, "current", knownvalue.Bool(false)),
				expectAttr(keysAddr, "current_since", knownvalue.StringExact("")),
				expectAttr(keysAddr, "algorithm", knownvalue.StringExact("RS256")),
				expectAttr(keysAddr, "key_use", knownvalue.StringExact("signing")),
				expectAttr(keysAddr, "subject_dn", knownvalue.StringExact("/CN=keys-oidc")),
				expectAttr(keysAddr, "cert", knownvalue.StringRegexp(regexpMust(`^-----BEGIN CERTIFICATE-----`))),
				expectAttr(keysAddr, "pkcs", knownvalue.StringRegexp(regexpMust(`^-----BEGIN PKCS7-----`))),
				expectAttr(keysAddr, "fingerprint", knownvalue.StringRegexp(regexpMust(`^([0-9A-F]{2}:){19}[0-9A-F]{2}$`))),
				expectAttr(keysAddr, "id", knownvalue.StringRegexp(regexpMust(`^`+id+`::[A-Za-z0-9_-]{43}$`))),
				env.expectStateKeyIs(id, "next", 3),
				funcCheck(func() error {
					if roles := env.rolesOnServer(id); roles[0] != strings.Replace(initial[1], "next:", "current:", 1) {
						return fmt.Errorf("one rotation should make %s current: %v", initial[1], roles)
					}
					return nil
				}),
			},
		},
		{
			Config:           env.keysConfig(id, "1"),
			ConfigPlanChecks: tfresource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
		},
		{
			// Changing triggers rotates again; the plan does not know the new key.
			Config: env.keysConfig(id, "2"),
			ConfigPlanChecks: tfresource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
				plancheck.ExpectResourceAction(keysAddr, plancheck.ResourceActionUpdate),
				expectPlannedUnknownAttr(keysAddr, "kid"),
				expectPlannedUnknownAttr(keysAddr, "cert"),
			}},
			ConfigStateChecks: []statecheck.StateCheck{env.expectStateKeyIs(id, "next", 3)},
		},
		{
			ResourceName:            keysAddr,
			ImportState:             true,
			ImportStateId:           id, // the connection's next key
			ImportStateVerify:       true,
			ImportStateVerifyIgnore: []string{"triggers"},
		},
		{
			// A rotation outside Terraform makes the state's key current:
			// the refresh says so and nothing is planned.
			PreConfig: rotateOutOfBand,
			Config:    env.keysConfig(id, "2"),
			ConfigPlanChecks: tfresource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
				plancheck.ExpectEmptyPlan(),
				expectPlannedAttr(keysAddr, "current", knownvalue.Bool(true)),
				expectPlannedAttr(keysAddr, "current_since", knownvalue.StringRegexp(regexpMust(`^\d{4}-`))),
			}},
			ConfigStateChecks: []statecheck.StateCheck{env.expectStateKeyIs(id, "current", 3)},
		},
		{
			// Two more retire it: the resource stays, no rotation is planned.
			PreConfig: func() { rotateOutOfBand(); rotateOutOfBand() },
			Config:    env.keysConfig(id, "2"),
			ConfigPlanChecks: tfresource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
				plancheck.ExpectEmptyPlan(),
				expectPlannedAttr(keysAddr, "current", knownvalue.Bool(false)),
				expectPlannedAttr(keysAddr, "previous", knownvalue.Bool(false)),
				expectPlannedAttr(keysAddr, "next", knownvalue.Bool(false)),
			}},
		},
	})
}

// An imported rotation records its first triggers without rotating.
func TestAccConnectionKeys_importThenApplyRotatesNothing(t *testing.T) {
	t.Parallel()
	env := newAccEnv(t)
	id := env.newConnection("keys-import", "okta", map[string]any{
		"client_id": "cid", "domain": "example.okta.com", "token_endpoint_auth_method": "private_key_jwt",
	})
	before := env.rolesOnServer(id)
	unchanged := funcCheck(func() error {
		if got := env.rolesOnServer(id); !slices.Equal(got, before) {
			return fmt.Errorf("keys changed from %v to %v", before, got)
		}
		return nil
	})
	tfresource.Test(t, tfresource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		Steps: []tfresource.TestStep{
			{
				// A kid the connection does not have is no key to adopt.
				Config:        env.keysConfig(id, "1"),
				ResourceName:  keysAddr,
				ImportState:   true,
				ImportStateId: id + "::no-such-kid",
				ExpectError: wrappedRegexp(`(?s)No such signing key.*has no signing key "no-such-kid".*` +
					regexp.QuoteMeta(strings.TrimPrefix(before[1], "next:")) + ` \(next\)`),
			},
			{
				Config:             env.keysConfig(id, "1"),
				ResourceName:       keysAddr,
				ImportState:        true,
				ImportStateId:      id,
				ImportStatePersist: true,
			},
			{
				Config: env.keysConfig(id, "1"),
				ConfigPlanChecks: tfresource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(keysAddr, plancheck.ResourceActionUpdate),
					expectPlannedAttr(keysAddr, "kid", knownvalue.StringExact(strings.TrimPrefix(before[1], "next:"))),
				}},
				ConfigStateChecks: []statecheck.StateCheck{unchanged, env.expectStateKeyIs(id, "next", 2)},
			},
			{
				// From then on a change of triggers rotates.
				Config:            env.keysConfig(id, "2"),
				ConfigStateChecks: []statecheck.StateCheck{env.expectStateKeyIs(id, "next", 3)},
			},
		},
	})
}

func TestAccConnectionKeys_refusals(t *testing.T) {
	t.Parallel()
	t.Run("strategy known at plan", func(t *testing.T) {
		t.Parallel()
		env := newAccEnv(t)
		env.expectRefusedOnDatabase("keys-db", "auth0_connection_keys", "  triggers = {}",
			`(?s)Connection has no signing keys.*strategy "auth0". Only connections of strategy "oidc" or "okta" have signing keys`,
			"/keys")
	})
	t.Run("a name as connection_id", func(t *testing.T) {
		t.Parallel()
		env := newAccEnv(t)
		env.expectRejectedAtPlan(env.keysConfig("oidc-connection", "1"), `must be a connection's id`)
	})
	t.Run("no private_key_jwt", func(t *testing.T) {
		t.Parallel()
		env := newAccEnv(t)
		id := env.newConnection("keys-secret", "oidc", map[string]any{"client_id": "cid", "issuer": "https://idp.example.com", "type": "front_channel"})
		tfresource.Test(t, tfresource.TestCase{
			ProtoV6ProviderFactories: testAccProviders,
			Steps: []tfresource.TestStep{
				{
					Config:      env.keysConfig(id, "1"),
					ExpectError: wrappedRegexp(`(?s)Connection does not use private_key_jwt.*not configured to use JWT Client Authentication.*token_endpoint_auth_method`),
				},
				{
					// The API refuses the read with the words it uses for a
					// strategy without keys, but this connection is oidc:
					// the error must not blame the strategy alone.
					Config: env.config(fmt.Sprintf("data \"auth0_connection_keys\" \"test\" {\n  connection_id = %q\n}\n", id)),
					ExpectError: wrappedRegexp(`(?s)Connection has no signing keys.*keys are not available for this connection.*` +
						`"oidc" or "okta" that authenticate to their identity provider with private_key_jwt \(options.token_endpoint_auth_method\)`),
				},
			},
		})
	})
}

func TestAccConnectionKeysDataSource(t *testing.T) {
	t.Parallel()
	env := newAccEnv(t)
	id := env.newConnection("keys-data", "oidc", privateKeyJWTOptions())
	const addr = "data.auth0_connection_keys.test"
	tfresource.Test(t, tfresource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		Steps: []tfresource.TestStep{{
			Config: env.keysConfig(id, "1") + `
data "auth0_connection_keys" "test" {
  connection_id = auth0_connection_keys.test.connection_id
}
`,
			ConfigStateChecks: []statecheck.StateCheck{
				expectAttr(addr, "id", knownvalue.StringExact(id)),
				expectAttr(addr, "keys", knownvalue.ListSizeExact(3)),
				statecheck.ExpectKnownValue(addr, tfjsonpath.New("keys").AtSliceIndex(0).AtMapKey("current"), knownvalue.Bool(true)),
				statecheck.ExpectKnownValue(addr, tfjsonpath.New("keys").AtSliceIndex(1).AtMapKey("previous"), knownvalue.Bool(true)),
				statecheck.ExpectKnownValue(addr, tfjsonpath.New("keys").AtSliceIndex(2).AtMapKey("next"), knownvalue.Bool(true)),
				statecheck.ExpectKnownValue(addr, tfjsonpath.New("keys").AtSliceIndex(2).AtMapKey("connection_id"), knownvalue.StringExact(id)),
				statecheck.ExpectKnownValue(addr, tfjsonpath.New("keys").AtSliceIndex(2).AtMapKey("triggers"), knownvalue.MapSizeExact(0)),
				stateAttrCheck{address: keysAddr, attribute: "kid", check: func(kid string) error {
					if keys := env.keysOnServer(id); keys[2].KID != kid {
						return fmt.Errorf("the resource's key %s is not the data source's next key %s", kid, keys[2].KID)
					}
					return nil
				}},
			},
		}},
	})
}

// The plan warns before every rotation and when a destroy rotates nothing.
func TestConnectionKeysPlanWarnings(t *testing.T) {
	ctx := t.Context()
	r := &connectionKeysResource{}
	var sch resource.SchemaResponse
	r.Schema(ctx, resource.SchemaRequest{}, &sch)
	model := func(triggers map[string]string) *connectionKeysModel {
		m := &connectionKeysModel{ID: types.StringValue("con_abc::kid1"), ConnectionID: types.StringValue("con_abc")}
		m.connectionKeyFields = newKeyFields(&client.ConnectionKey{KID: "kid1", Next: true})
		m.Triggers = types.MapNull(types.StringType)
		if triggers != nil {
			elems := map[string]attr.Value{}
			for k, v := range triggers {
				elems[k] = types.StringValue(v)
			}
			m.Triggers = types.MapValueMust(types.StringType, elems)
		}
		return m
	}
	plan := func(m *connectionKeysModel) (tfsdk.Plan, diag.Diagnostics) {
		p := tfsdk.Plan{Schema: sch.Schema, Raw: tftypes.NewValue(sch.Schema.Type().TerraformType(ctx), nil)}
		if m == nil {
			return p, nil
		}
		return p, p.Set(ctx, m)
	}
	state := func(m *connectionKeysModel) (tfsdk.State, diag.Diagnostics) {
		s := tfsdk.State{Schema: sch.Schema, Raw: tftypes.NewValue(sch.Schema.Type().TerraformType(ctx), nil)}
		if m == nil {
			return s, nil
		}
		return s, s.Set(ctx, m)
	}
	for _, tc := range []struct {
		name         string
		prior, next  *connectionKeysModel
		wantWarning  string
		wantRecorded bool
	}{
		{"create", nil, model(map[string]string{"v": "1"}), "applying it rotates the signing keys of connection con_abc", false},
		{"triggers change", model(map[string]string{"v": "1"}), model(map[string]string{"v": "2"}), "This plan changes triggers", false},
		{"destroy", model(map[string]string{"v": "1"}), nil, "deletes no key and makes no API call", false},
		{"no change", model(map[string]string{"v": "1"}), model(map[string]string{"v": "1"}), "", false},
		{"first triggers after an import", model(nil), model(map[string]string{"v": "1"}), "", true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p, diags := plan(tc.next)
			s, moreDiags := state(tc.prior)
			diags.Append(moreDiags...)
			if diags.HasError() {
				t.Fatal(diags)
			}
			resp := &resource.ModifyPlanResponse{Plan: p}
			r.ModifyPlan(ctx, resource.ModifyPlanRequest{Plan: p, State: s}, resp)
			var warnings []string
			for _, d := range resp.Diagnostics {
				if d.Severity() == diag.SeverityError {
					t.Fatalf("error: %s: %s", d.Summary(), d.Detail())
				}
				warnings = append(warnings, d.Summary()+": "+d.Detail())
			}
			all := strings.Join(warnings, "\n")
			switch {
			case tc.wantWarning == "" && len(warnings) > 0:
				t.Errorf("unexpected warnings: %s", all)
			case tc.wantWarning != "" && !strings.Contains(strings.Join(strings.Fields(all), " "), tc.wantWarning):
				t.Errorf("warnings %q lack %q", all, tc.wantWarning)
			}
			if tc.wantRecorded {
				var planned connectionKeysModel
				resp.Diagnostics.Append(resp.Plan.Get(ctx, &planned)...)
				if planned.KID.ValueString() != "kid1" || planned.Triggers.IsNull() {
					t.Errorf("after an import the plan should keep the key and record the triggers: %+v", planned)
				}
			}
		})
	}
}
