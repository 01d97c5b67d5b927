package provider

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"
)

// What a plan says when a configuration stops writing an option that Auth0
// puts back on every update: the plan shows the key removed, as Terraform
// requires, and a warning says the apply cannot delete it.

// warningLog keeps the warnings the provider's plans returned, so a plan
// check can read what the user saw under the plan.
type warningLog struct {
	mu       sync.Mutex
	warnings []*tfprotov6.Diagnostic
}

// providers serves the provider in-process, logging its plan warnings.
func (l *warningLog) providers() map[string]func() (tfprotov6.ProviderServer, error) {
	return map[string]func() (tfprotov6.ProviderServer, error){
		"auth0": func() (tfprotov6.ProviderServer, error) {
			server, err := providerserver.NewProtocol6WithError(New("test")())()
			return planWarningRecorder{ProviderServer: server, log: l}, err
		},
	}
}

// take returns the warnings logged since the last take.
func (l *warningLog) take() []*tfprotov6.Diagnostic {
	l.mu.Lock()
	defer l.mu.Unlock()
	taken := l.warnings
	l.warnings = nil
	return taken
}

type planWarningRecorder struct {
	tfprotov6.ProviderServer
	log *warningLog
}

func (r planWarningRecorder) PlanResourceChange(ctx context.Context, req *tfprotov6.PlanResourceChangeRequest) (*tfprotov6.PlanResourceChangeResponse, error) {
	resp, err := r.ProviderServer.PlanResourceChange(ctx, req)
	if resp != nil {
		r.log.mu.Lock()
		for _, d := range resp.Diagnostics {
			if d.Severity == tfprotov6.DiagnosticSeverityWarning {
				r.log.warnings = append(r.log.warnings, d)
			}
		}
		r.log.mu.Unlock()
	}
	return resp, err
}

// expectWarning checks that the plan came with a warning of that summary
// whose detail says every one of details; with no summary, that it came
// with no warning at all. No warning may say any of never.
type expectWarning struct {
	log     *warningLog
	summary string
	details []string
	never   []string
}

func (c expectWarning) CheckPlan(_ context.Context, _ plancheck.CheckPlanRequest, resp *plancheck.CheckPlanResponse) {
	warnings := c.log.take()
	var seen []string
	for _, w := range warnings {
		detail := strings.Join(strings.Fields(w.Detail), " ")
		for _, n := range c.never {
			if strings.Contains(w.Summary+detail, n) {
				resp.Error = fmt.Errorf("a warning says %q: %s: %s", n, w.Summary, detail)
				return
			}
		}
		seen = append(seen, w.Summary+": "+detail)
		if c.summary != "" && w.Summary == c.summary && containsAll(detail, c.details) {
			return
		}
	}
	if c.summary == "" && len(warnings) == 0 {
		return
	}
	resp.Error = fmt.Errorf("want a warning %q saying %q, the plan warned %q", c.summary, c.details, seen)
}

func containsAll(s string, parts []string) bool {
	for _, p := range parts {
		if !strings.Contains(s, p) {
			return false
		}
	}
	return true
}

// Removing an option Auth0 re-applies on every update plans the key
// removed, with a warning that names it and says it stays on the server;
// the apply leaves Auth0's value there, and the next plan is empty.
func TestAccConnectionPlanWarnings_removedRestoredOptionIsNamed(t *testing.T) {
	t.Parallel()
	cases := []struct {
		strategy, before, after, key string
		removed                      string // the path the plan shows removed
		serverValue                  any
	}{
		{
			// A database connection's brute-force protection, turned off,
			// comes back on: the warning matters most here.
			strategy: "auth0", key: "brute_force_protection", removed: "brute_force_protection", serverValue: true,
			before: `{ passwordPolicy = "good", brute_force_protection = false }`,
			after:  `{ passwordPolicy = "good" }`,
		},
		{
			strategy: "google-oauth2", key: "email", removed: "email", serverValue: true,
			before: `{ client_id = "g", email = true, profile = true }`,
			after:  `{ client_id = "g", profile = true }`,
		},
		{
			strategy: "oidc", key: "connection_settings", removed: "connection_settings.pkce",
			serverValue: map[string]any{"pkce": "disabled"},
			before:      `{ type = "back_channel", client_id = "c", issuer = "https://idp.example/", connection_settings = { pkce = "auto" } }`,
			after:       `{ type = "back_channel", client_id = "c", issuer = "https://idp.example/" }`,
		},
	}
	for _, tc := range cases {
		t.Run(tc.strategy, func(t *testing.T) {
			env, log := newAccEnv(t), &warningLog{}
			cfg := optionsConfig(env, "tf-acc-restored-"+strings.ReplaceAll(tc.strategy, "-", ""), tc.strategy)
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: log.providers(),
				Steps: []resource.TestStep{
					{Config: cfg(tc.before)},
					{
						PreConfig: func() { log.take() },
						Config:    cfg(tc.after),
						ConfigPlanChecks: resource.ConfigPlanChecks{
							PreApply: []plancheck.PlanCheck{
								plancheck.ExpectResourceAction(connAddr, plancheck.ResourceActionUpdate),
								expectWarning{log: log, summary: "Removed options stay on the server", details: []string{
									"The plan shows options." + tc.removed + " removed",
									"the apply cannot delete it. It stays on the server",
								}},
							},
							PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
						},
						ConfigStateChecks: []statecheck.StateCheck{
							statecheck.ExpectKnownValue(connAddr, tfjsonpath.New("options"), knownvalue.StringFunc(func(s string) error {
								if strings.Contains(s, tc.key) {
									return fmt.Errorf("the state still manages %s: %s", tc.key, s)
								}
								return nil
							})),
							env.expectServerOption(connAddr, tc.key, tc.serverValue),
						},
					},
				},
			})
		})
	}
}

// Removing an object Auth0 added a default to (a database's mfa, where it
// adds return_enroll_settings beside the configured active) plans the
// object removed; the apply deletes only the configured key, so a warning
// says the object stays and names the key that keeps it. Writing the
// object as null deletes it whole.
func TestAccConnectionPlanWarnings_removedObjectWithDefaultsIsNamed(t *testing.T) {
	env, log := newAccEnv(t), &warningLog{}
	cfg := optionsConfig(env, "tf-acc-removed-object", "auth0")
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: log.providers(),
		Steps: []resource.TestStep{
			{
				Config:            cfg(`{ passwordPolicy = "good", mfa = { active = true } }`),
				ConfigStateChecks: []statecheck.StateCheck{env.expectServerOption(connAddr, "mfa", map[string]any{"active": true, "return_enroll_settings": true})},
			},
			{
				PreConfig: func() { log.take() },
				Config:    cfg(`{ passwordPolicy = "good" }`),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						expectPlannedAttr(connAddr, "options", jsonEquals(`{"passwordPolicy":"good"}`)),
						expectWarning{log: log, summary: "Removed objects stay on the server", details: []string{
							"The plan shows options.mfa removed, but on the server it also holds options.mfa.return_enroll_settings",
							"To delete it whole, write it as null in options.",
						}},
					},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					env.expectServerOption(connAddr, "mfa", map[string]any{"return_enroll_settings": true}),
				},
			},
			{
				Config:            cfg(`{ passwordPolicy = "good", mfa = null }`),
				ConfigStateChecks: []statecheck.StateCheck{env.expectServerLacks("mfa")},
			},
		},
	})
}

// Removing options and objects the server really deletes warns about
// nothing.
func TestAccConnectionPlanWarnings_removedOptionWarnsNothing(t *testing.T) {
	env, log := newAccEnv(t), &warningLog{}
	cfg := optionsConfig(env, "tf-acc-removed-quiet", "auth0")
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: log.providers(),
		Steps: []resource.TestStep{
			{Config: cfg(`{ passwordPolicy = "good", disable_signup = true, validation = { username = { min = 3, max = 9 } } }`)},
			{
				PreConfig: func() { log.take() },
				Config:    cfg(`{ passwordPolicy = "good" }`),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						expectPlannedAttr(connAddr, "options", jsonEquals(`{"passwordPolicy":"good"}`)),
						expectWarning{log: log},
					},
				},
				ConfigStateChecks: []statecheck.StateCheck{env.expectServerLacks("disable_signup", "validation")},
			},
		},
	})
}

// Removing a secret key plans secret_options (or only the version of
// secret_options_wo) changed, and nothing more: Terraform hides the
// attribute whole. A warning names the keys the apply deletes, never their
// values.
func TestAccConnectionPlanWarnings_deletedSecretsAreNamed(t *testing.T) {
	env, log := newAccEnv(t), &warningLog{}
	cfg := func(secrets string) string {
		return env.config(connectionHCL("tf-acc-deleted-secret", "github", `options = jsonencode({ client_id = "gh" })`,
			"secret_options = jsonencode("+secrets+")"))
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: log.providers(),
		Steps: []resource.TestStep{
			{Config: cfg(`{ client_secret = "s3cret-one" }`)},
			{
				PreConfig: func() { log.take() },
				Config:    cfg(`{}`),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(connAddr, plancheck.ResourceActionUpdate),
						expectWarning{log: log, summary: "Secret options deleted", never: []string{"s3cret-one"},
							details: []string{"The apply deletes secret_options.client_secret from the server"}},
					},
				},
				ConfigStateChecks: []statecheck.StateCheck{env.expectServerLacks("client_secret")},
			},
		},
	})
}

func TestAccConnectionPlanWarnings_deletedWriteOnlySecretsAreNamed(t *testing.T) {
	env, log := newAccEnv(t), &warningLog{}
	cfg := func(secrets string, version int) string {
		return env.config(connectionHCL("tf-acc-deleted-wo", "github", `options = jsonencode({ client_id = "gh" })`,
			"secret_options_wo = jsonencode("+secrets+")", fmt.Sprintf("secret_options_wo_version = %d", version)))
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: log.providers(),
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{skipBelowCLI(writeOnlyCLI, "secret_options_wo (a write-only attribute)")},
		Steps: []resource.TestStep{
			{Config: cfg(`{ client_secret = "wo-s3cret" }`, 1)},
			{
				PreConfig: func() { log.take() },
				Config:    cfg(`{}`, 2),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						expectWarning{log: log, summary: "Secret options deleted", never: []string{"wo-s3cret"},
							details: []string{"The apply deletes secret_options_wo.client_secret from the server"}},
					},
				},
				ConfigStateChecks: []statecheck.StateCheck{env.expectServerLacks("client_secret")},
			},
		},
	})
}
