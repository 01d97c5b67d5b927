package provider

import (
	"context"
	"encoding/json"
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/openauth0/terraform-provider-auth0/internal/client"
	"github.com/openauth0/terraform-provider-auth0/internal/emulator/emulatortest"
)

// Connections the sub-resource tests hang their resources on, made through
// the client (outside Terraform, as an existing tenant has them), and
// checks on what the emulator answered.

// partConfig is the configuration of one resource of a connection,
// resourceType.test, with these arguments (HCL) after its connection_id.
func (e *accEnv) partConfig(resourceType, connectionID, args string) string {
	return e.config(partHCL(resourceType, connectionID, args))
}

// partHCL is partConfig without the provider block.
func partHCL(resourceType, connectionID, args string) string {
	return fmt.Sprintf("\nresource %q \"test\" {\n  connection_id = %q\n%s\n}\n", resourceType, connectionID, args)
}

// testLifecycle applies steps, destroys what they made, and then checks
// the server with destroyed: what the destroy must have removed, or kept.
func testLifecycle(t *testing.T, destroyed funcCheck, steps []resource.TestStep) {
	t.Helper()
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		CheckDestroy:             func(*terraform.State) error { return destroyed() },
		Steps:                    steps,
	})
}

// newConnection creates a connection through the client and returns its id.
// With nil options it sends none, as a connection made with only a name and
// a strategy.
func (e *accEnv) newConnection(name, strategy string, options map[string]any) string {
	e.t.Helper()
	var raw json.RawMessage
	if options != nil {
		var err error
		if raw, err = json.Marshal(options); err != nil {
			e.t.Fatal(err)
		}
	}
	conn, err := e.client.CreateConnection(e.t.Context(), &client.Connection{Name: name, Strategy: strategy, Options: raw})
	if err != nil {
		e.t.Fatalf("creating connection %s: %v", name, err)
	}
	return conn.ID
}

func oktaOptions() map[string]any {
	return map[string]any{"client_id": "cid", "client_secret": "secret", "domain": "example.okta.com"}
}

// privateKeyJWTOptions are oidc options that authenticate with
// private_key_jwt, so the connection has signing keys.
func privateKeyJWTOptions() map[string]any {
	return map[string]any{
		"client_id": "cid", "issuer": "https://idp.example.com", "type": "back_channel",
		"token_endpoint_auth_method": "private_key_jwt", "token_endpoint_auth_signing_alg": "RS256",
	}
}

// workspaceOptions are google-apps options ready for directory
// provisioning with groups.
func workspaceOptions() map[string]any {
	return map[string]any{
		"client_id": "", "client_secret": "s", "domain": "example.com", "tenant_domain": "example.com",
		"ext_groups": true, "api_enable_users": true, "api_enable_groups": true,
	}
}

// expectNoCallsTo checks the emulator answered no request whose route
// contains fragment (such as "/scim-configuration") since its counters were
// last reset.
func (e *accEnv) expectNoCallsTo(fragment string) funcCheck {
	return func() error {
		for route, n := range e.server.Stats() {
			if strings.Contains(route, fragment) && n > 0 {
				return fmt.Errorf("%s: %d calls, want none (all: %v)", route, n, e.server.Stats())
			}
		}
		return nil
	}
}

// rejectedArgs are arguments of a connection's resource that the plan must
// reject with an error matching pattern (see wrappedRegexp).
type rejectedArgs struct{ args, pattern string }

// expectArgsRejectedAtPlan plans resourceType.test with each case's
// arguments after a well-formed connection_id, each in a parallel subtest
// against its own emulator: each must fail at plan time with no API call
// (see expectRejectedAtPlan).
func expectArgsRejectedAtPlan(t *testing.T, resourceType string, cases map[string]rejectedArgs) {
	t.Helper()
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			env := newAccEnv(t)
			env.expectRejectedAtPlan(env.partConfig(resourceType, "con_0123456789abcdef", c.args), c.pattern)
		})
	}
}

// expectRefusedOnDatabase applies a database connection (strategy auth0)
// named name, then plans resourceType.test on it, with these arguments
// (HCL) after its connection_id. The connection is managed in the same
// configuration, so the plan reads it and knows its strategy: the plan must
// fail with an error matching pattern (see wrappedRegexp) while the
// emulator answers no request whose route contains fragment. The
// connection is read, nothing is sent for the refused resource.
func (e *accEnv) expectRefusedOnDatabase(name, resourceType, args, pattern, fragment string) {
	e.t.Helper()
	connection := fmt.Sprintf("\nresource \"auth0_connection\" \"db\" {\n  name     = %q\n  strategy = \"auth0\"\n}\n", name)
	part := fmt.Sprintf("\nresource %q \"test\" {\n  connection_id = auth0_connection.db.id\n%s\n}\n", resourceType, args)
	resource.Test(e.t, resource.TestCase{ProtoV6ProviderFactories: testAccProviders, Steps: []resource.TestStep{
		{Config: e.config(connection)},
		{
			// Not PlanOnly: that step's first plan skips the refresh, and
			// the refresh is what tells the strategy. The plan fails, so
			// nothing is applied.
			PreConfig:   e.server.ResetStats,
			Config:      e.config(connection + part),
			ExpectError: wrappedRegexp(pattern),
		},
	}})
	if err := e.expectNoCallsTo(fragment)(); err != nil {
		e.t.Error(err)
	}
}

// recreatedAfterDelete is the step that deletes addr's object outside
// Terraform (deleteOutOfBand, before the plan) and expects the plan to
// create it again with config; checks run on the state after the apply.
func recreatedAfterDelete(t *testing.T, addr, config string, deleteOutOfBand func(ctx context.Context) error, checks ...statecheck.StateCheck) resource.TestStep {
	return resource.TestStep{
		PreConfig: func() {
			if err := deleteOutOfBand(t.Context()); err != nil {
				t.Fatal(err)
			}
		},
		Config: config,
		ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
			plancheck.ExpectResourceAction(addr, plancheck.ResourceActionCreate),
		}},
		ConfigStateChecks: checks,
	}
}

// expectApplyRefused applies config, which the API must refuse with an
// error matching pattern (see wrappedRegexp).
func (e *accEnv) expectApplyRefused(config, pattern string) {
	e.t.Helper()
	resource.Test(e.t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		Steps:                    []resource.TestStep{{Config: config, ExpectError: wrappedRegexp(pattern)}},
	})
}

// mappingSetOf is a state check value for a mapping attribute of exactly
// these pairs (auth0 first, then the other side).
func mappingSetOf(side string, pairs ...[2]string) knownvalue.Check {
	items := make([]knownvalue.Check, len(pairs))
	for i, p := range pairs {
		items[i] = knownvalue.ObjectExact(map[string]knownvalue.Check{
			"auth0": knownvalue.StringExact(p[0]), side: knownvalue.StringExact(p[1]),
		})
	}
	return knownvalue.SetExact(items)
}

func stringSetOf(values ...string) knownvalue.Check {
	items := make([]knownvalue.Check, len(values))
	for i, v := range values {
		items[i] = knownvalue.StringExact(v)
	}
	return knownvalue.SetExact(items)
}

// stateAttrCheck runs check on a string attribute of a resource in the
// state: for checks on the server that need an id the state holds.
type stateAttrCheck struct {
	address, attribute string
	check              func(value string) error
}

func (c stateAttrCheck) CheckState(_ context.Context, req statecheck.CheckStateRequest, resp *statecheck.CheckStateResponse) {
	attrs, err := stateAttributes(req, c.address)
	if err != nil {
		resp.Error = err
		return
	}
	value, _ := attrs[c.attribute].(string)
	resp.Error = c.check(value)
}

var (
	regexpMust             = regexp.MustCompile
	synchronizedGroupsPath = regexp.MustCompile(`/synchronized-groups$`)
)

// groupWrites returns the recorded requests to the synchronized-groups
// endpoint other than GET, as "METHOD id,id,…" for their {"groups":[…]}
// bodies.
func groupWrites(rec *emulatortest.Recorder) []string {
	var out []string
	for _, req := range sentByProvider(rec, "", synchronizedGroupsPath) {
		if req.Method == "GET" {
			continue
		}
		var body struct {
			Groups []struct {
				ID string `json:"id"`
			} `json:"groups"`
		}
		_ = json.Unmarshal(req.Body, &body)
		ids := make([]string, len(body.Groups))
		for i, g := range body.Groups {
			ids[i] = g.ID
		}
		out = append(out, req.Method+" "+strings.Join(ids, ","))
	}
	return out
}
