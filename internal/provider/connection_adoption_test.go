package provider

import (
	"encoding/json"
	"fmt"
	"maps"
	"reflect"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/openauth0/terraform-provider-auth0/internal/client"
)

const (
	defaultDatabase = "Username-Password-Authentication"
	adoptedAddr     = "auth0_connection.db"
	patchRoute      = "PATCH /api/v2/connections/{id}"
)

// createDefaultDatabase makes the connection every tenant starts with, as
// the tenant holds it, outside Terraform. It returns its id and options.
func (e *accEnv) createDefaultDatabase() (string, map[string]any) {
	e.t.Helper()
	conn, err := e.client.CreateConnection(e.t.Context(), &client.Connection{
		Name: defaultDatabase, Strategy: "auth0",
		Options: json.RawMessage(`{
			"authentication_methods": {"password": {"enabled": true, "api_behavior": "required", "signup_behavior": "allow"},
				"passkey": {"enabled": false}, "email_otp": {"enabled": false}, "phone_otp": {"enabled": false}},
			"brute_force_protection": true,
			"mfa": {"active": true, "return_enroll_settings": true},
			"passkey_options": {"challenge_ui": "both", "local_enrollment_enabled": true, "progressive_enrollment_enabled": true},
			"passwordPolicy": "good",
			"strategy_version": 2}`),
	})
	if err != nil {
		e.t.Fatalf("creating %s: %v", defaultDatabase, err)
	}
	opts := e.liveOptions(conn.ID)
	for _, k := range []string{"authentication_methods", "brute_force_protection", "mfa", "passkey_options", "passwordPolicy", "strategy_version"} {
		if _, ok := opts[k]; !ok {
			e.t.Fatalf("the tenant's %s lacks %s: %v", defaultDatabase, k, opts)
		}
	}
	return conn.ID, opts
}

// serverOptionsAre checks that the server holds exactly want for adoptedAddr.
func (e *accEnv) serverOptionsAre(want map[string]any) statecheck.StateCheck {
	return e.expectServer(adoptedAddr, func(got map[string]any) error {
		if !reflect.DeepEqual(got, want) {
			g, _ := json.Marshal(got)
			w, _ := json.Marshal(want)
			return fmt.Errorf("server options:\n got  %s\n want %s", g, w)
		}
		return nil
	})
}

// with returns a copy of m with key set to v, or deleted when v is nil.
func with(m map[string]any, key string, v any) map[string]any {
	out := maps.Clone(m)
	if v == nil {
		delete(out, key)
	} else {
		out[key] = v
	}
	return out
}

func adoptedDatabaseConfig(env *accEnv, importBlock, options string) string {
	return env.config(importBlock + fmt.Sprintf(`
resource "auth0_connection" "db" {
  name     = %q
  strategy = "auth0"
  options  = jsonencode(%s)
}
`, defaultDatabase, options))
}

// The default database connection adopted by an import block with a
// configuration of two of its keys: the import plans no change, keeps every
// key, a changed key is the only one the apply changes, and a key set to
// null is deleted.
func TestAccAdoption_importBlockDefaultDatabase(t *testing.T) {
	t.Parallel()
	env := newAccEnv(t)
	id, before := env.createDefaultDatabase()
	importBlock := fmt.Sprintf("import {\n  to = %s\n  id = %q\n}\n", adoptedAddr, id)
	emptyAfterApply := resource.ConfigPlanChecks{PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}}

	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		Steps: []resource.TestStep{
			{
				Config: adoptedDatabaseConfig(env, importBlock, `{ passwordPolicy = "good", brute_force_protection = true }`),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply:             []plancheck.PlanCheck{plancheck.ExpectResourceAction(adoptedAddr, plancheck.ResourceActionNoop)},
					PostApplyPostRefresh: emptyAfterApply.PostApplyPostRefresh,
				},
				ConfigStateChecks: []statecheck.StateCheck{
					env.serverOptionsAre(before),
					env.expectCalls(patchRoute, 0),
					// The state holds every key the server has.
					expectAttr(adoptedAddr, "options", jsonHasKeys("authentication_methods", "mfa",
						"passkey_options", "strategy_version", "passwordPolicy", "brute_force_protection")),
				},
			},
			{
				// A change of one adopted key applies only that key.
				Config: adoptedDatabaseConfig(env, importBlock, `{ passwordPolicy = "fair", brute_force_protection = true }`),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply:             []plancheck.PlanCheck{plancheck.ExpectResourceAction(adoptedAddr, plancheck.ResourceActionUpdate)},
					PostApplyPostRefresh: emptyAfterApply.PostApplyPostRefresh,
				},
				ConfigStateChecks: []statecheck.StateCheck{
					env.serverOptionsAre(with(before, "passwordPolicy", "fair")),
					env.expectCalls(patchRoute, 1),
				},
			},
			{
				// A key set to null is deleted; nothing else is. (Not
				// brute_force_protection: the server puts that default back
				// on every write of a database connection's options.)
				Config:           adoptedDatabaseConfig(env, importBlock, `{ passwordPolicy = "fair", brute_force_protection = true, mfa = null }`),
				ConfigPlanChecks: emptyAfterApply,
				ConfigStateChecks: []statecheck.StateCheck{
					env.serverOptionsAre(with(with(before, "passwordPolicy", "fair"), "mfa", nil)),
				},
			},
			{
				// Dropping the null manages the key no more: nothing to do.
				Config:   adoptedDatabaseConfig(env, importBlock, `{ passwordPolicy = "fair", brute_force_protection = true }`),
				PlanOnly: true,
			},
		},
	})
}

// The same with `terraform import` and a configuration of one key.
func TestAccAdoption_terraformImportOneKey(t *testing.T) {
	t.Parallel()
	env := newAccEnv(t)
	id, before := env.createDefaultDatabase()
	oneKey := func(value string) string {
		return adoptedDatabaseConfig(env, "", fmt.Sprintf(`{ strategy_version = %s }`, value))
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		Steps: []resource.TestStep{
			{
				Config:             oneKey("2"),
				ResourceName:       adoptedAddr,
				ImportState:        true,
				ImportStateId:      defaultDatabase, // by name
				ImportStatePersist: true,
			},
			{
				Config:   oneKey("2"),
				PlanOnly: true,
			},
			{
				Config: oneKey("3"),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(adoptedAddr, plancheck.ResourceActionUpdate),
						// Terraform's rule: the planned options are the configuration.
						expectPlannedAttr(adoptedAddr, "options", jsonIs(`{"strategy_version":3}`)),
					},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					env.serverOptionsAre(with(before, "strategy_version", float64(3))),
					expectAttr(adoptedAddr, "id", knownvalue.StringExact(id)),
				},
			},
			{
				Config:            oneKey("null"),
				ConfigPlanChecks:  resource.ConfigPlanChecks{PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
				ConfigStateChecks: []statecheck.StateCheck{env.serverOptionsAre(with(before, "strategy_version", nil))},
			},
		},
	})
}

// -generate-config-out writes every live key of the default database and
// the generated configuration plans clean.
func TestAccAdoption_generatedConfigPlansClean(t *testing.T) {
	t.Parallel()
	env := newAccEnv(t)
	id, before := env.createDefaultDatabase()
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		Steps: []resource.TestStep{{
			Config:          env.providerBlock(env.server.Token),
			ResourceName:    adoptedAddr,
			ImportState:     true,
			ImportStateId:   id,
			ImportStateKind: resource.ImportBlockWithID,
			GenerateConfig:  true,
			ImportPlanChecks: resource.ImportPlanChecks{PreApply: []plancheck.PlanCheck{
				plancheck.ExpectResourceAction(adoptedAddr, plancheck.ResourceActionNoop),
				expectPlannedAttr(adoptedAddr, "options", jsonIsMap(before)),
			}},
		}},
	})
}

// githubAdoption is a GitHub connection the tenant has, with a secret and
// upstream parameters, and the configuration that imports it.
type githubAdoption struct {
	env *accEnv
	id  string
}

func newGitHubAdoption(t *testing.T) githubAdoption {
	env := newAccEnv(t)
	conn, err := env.client.CreateConnection(t.Context(), &client.Connection{
		Name: "tf-acc-adopt-github", Strategy: "github",
		Options: json.RawMessage(`{"client_id":"gh","client_secret":"dashboard-secret","follow":true,
			"upstream_params":{"login":{"alias":"login_hint"},"allow_signup":{"value":"false"}}}`),
	})
	if err != nil {
		t.Fatal(err)
	}
	return githubAdoption{env: env, id: conn.ID}
}

func (a githubAdoption) config(body string) string {
	return a.configWithOptions(`{ client_id = "gh" }`, body)
}

// configWithOptions is config with options written as the HCL object opts.
func (a githubAdoption) configWithOptions(opts, body string) string {
	return a.env.config(fmt.Sprintf(`
import {
  to = auth0_connection.gh
  id = %q
}

resource "auth0_connection" "gh" {
  name     = "tf-acc-adopt-github"
  strategy = "github"
  options  = jsonencode(%s)
%s
}
`, a.id, opts, body))
}

func (a githubAdoption) secretIs(want string) statecheck.StateCheck {
	return a.env.expectServer("auth0_connection.gh", func(opts map[string]any) error {
		return optionEquals(opts, "client_secret", want)
	})
}

func (a githubAdoption) upstreamIs(want string) statecheck.StateCheck {
	return a.env.expectServer("auth0_connection.gh", func(opts map[string]any) error {
		got, _ := json.Marshal(opts["upstream_params"])
		var g, w any
		_ = json.Unmarshal(got, &g)
		_ = json.Unmarshal([]byte(want), &w)
		if !reflect.DeepEqual(g, w) {
			return fmt.Errorf("upstream_params = %s, want %s", got, want)
		}
		return nil
	})
}

// Secrets and upstream parameters are adopted too: a configuration that
// leaves them out keeps them, and a changed upstream entry leaves the
// others alone.
func TestAccAdoption_secretsAndUpstreamParams(t *testing.T) {
	t.Parallel()
	a := newGitHubAdoption(t)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		Steps: []resource.TestStep{
			{
				Config: a.config(""),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction("auth0_connection.gh", plancheck.ResourceActionNoop),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					a.secretIs("dashboard-secret"),
					a.upstreamIs(`{"login":{"alias":"login_hint"},"allow_signup":{"value":"false"}}`),
					statecheck.ExpectKnownValue("auth0_connection.gh", tfjsonpath.New("upstream_params").AtMapKey("login").AtMapKey("alias"),
						knownvalue.StringExact("login_hint")),
				},
			},
			{
				// One entry written with a new value: the other is released,
				// not deleted.
				Config: a.config(`  upstream_params = { login = { alias = "prompt" } }`),
				ConfigStateChecks: []statecheck.StateCheck{
					a.upstreamIs(`{"login":{"alias":"prompt"},"allow_signup":{"value":"false"}}`),
					a.secretIs("dashboard-secret"),
				},
			},
		},
	})
}

// A configuration that writes an adopted secret as write-only takes that
// key over; the rest stays adopted.
func TestAccAdoption_writeOnlySecretTakesOver(t *testing.T) {
	t.Parallel()
	a := newGitHubAdoption(t)
	testWriteOnly(t, []resource.TestStep{
		{
			Config:            a.config(`  upstream_params = { login = { alias = "prompt" } }`),
			ConfigStateChecks: []statecheck.StateCheck{a.secretIs("dashboard-secret")},
		},
		{
			Config: a.config(`  upstream_params = { login = { alias = "prompt" } }
  secret_options_wo         = jsonencode({ client_secret = "rotated" })
  secret_options_wo_version = 1`),
			ConfigStateChecks: []statecheck.StateCheck{
				a.secretIs("rotated"),
				a.upstreamIs(`{"login":{"alias":"prompt"},"allow_signup":{"value":"false"}}`),
				expectAttr("auth0_connection.gh", "secret_options", knownvalue.Null()),
			},
		},
	})
}

// A connection the provider created keeps its meaning: a key removed from
// the configuration is deleted, server defaults stay.
func TestAccAdoption_createdConnectionStillDeletesRemovedKeys(t *testing.T) {
	t.Parallel()
	env := newAccEnv(t)
	cfg := func(opts string) string {
		return env.config(fmt.Sprintf(`
resource "auth0_connection" "db" {
  name     = "tf-acc-created-db"
  strategy = "auth0"
  options  = jsonencode(%s)
}
`, opts))
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		Steps: []resource.TestStep{
			{Config: cfg(`{ passwordPolicy = "fair", disable_signup = true }`)},
			{
				Config: cfg(`{ passwordPolicy = "fair" }`),
				ConfigStateChecks: []statecheck.StateCheck{env.expectServer(adoptedAddr, func(opts map[string]any) error {
					if err := lacksKeys(opts, "disable_signup"); err != nil {
						return err
					}
					return hasKeys(opts, "mfa", "passkey_options", "passwordPolicy")
				})},
			},
		},
	})
}

// jsonIs, jsonIsMap and jsonHasKeys check a JSON string attribute.
func jsonIs(want string) knownvalue.Check {
	var w map[string]any
	if err := json.Unmarshal([]byte(want), &w); err != nil {
		panic(err)
	}
	return jsonIsMap(w)
}

func jsonIsMap(want map[string]any) knownvalue.Check {
	return knownvalue.StringFunc(func(got string) error {
		var g map[string]any
		if err := json.Unmarshal([]byte(got), &g); err != nil {
			return fmt.Errorf("not a JSON object: %w: %s", err, got)
		}
		if !reflect.DeepEqual(g, want) {
			w, _ := json.Marshal(want)
			return fmt.Errorf("JSON differs:\n got  %s\n want %s", got, w)
		}
		return nil
	})
}

func jsonHasKeys(keys ...string) knownvalue.Check {
	return knownvalue.StringFunc(func(got string) error {
		var g map[string]any
		if err := json.Unmarshal([]byte(got), &g); err != nil {
			return fmt.Errorf("not a JSON object: %w: %s", err, got)
		}
		return hasKeys(g, keys...)
	})
}

// Upstream parameters written inside options, as the API spells them, hold
// the values the import put in the upstream_params attribute: the adoption
// plans clean, and a later change keeps them on the server.
func TestAccAdoption_upstreamParamsWrittenInOptions(t *testing.T) {
	t.Parallel()
	a := newGitHubAdoption(t)
	cfg := func(clientID, upstream string) string {
		return a.configWithOptions(fmt.Sprintf(`{ client_id = %q, upstream_params = %s }`, clientID, upstream), "")
	}
	both := `{"login":{"alias":"login_hint"},"allow_signup":{"value":"false"}}`
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		Steps: []resource.TestStep{
			{
				Config: cfg("gh", `{ login = { alias = "login_hint" } }`),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction("auth0_connection.gh", plancheck.ResourceActionNoop),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					a.upstreamIs(both),
					a.env.expectCalls(patchRoute, 0),
				},
			},
			{
				Config: cfg("gh2", `{ login = { alias = "login_hint" } }`),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply:             []plancheck.PlanCheck{plancheck.ExpectResourceAction("auth0_connection.gh", plancheck.ResourceActionUpdate)},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					a.upstreamIs(both),
					a.secretIs("dashboard-secret"),
					a.env.expectCalls(patchRoute, 1),
				},
			},
		},
	})
}
