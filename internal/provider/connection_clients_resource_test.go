package provider

import (
	"encoding/json"
	"fmt"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"

	"github.com/openauth0/terraform-provider-auth0/internal/client"
	"github.com/openauth0/terraform-provider-auth0/internal/emulator/emulatortest"
)

const clientsAddr = "auth0_connection_clients.test"

// --- unit tests -------------------------------------------------------------

func TestClientChanges(t *testing.T) {
	enable := func(id string) client.ClientStatus { return client.ClientStatus{ClientID: id, Status: true} }
	disable := func(id string) client.ClientStatus { return client.ClientStatus{ClientID: id, Status: false} }
	tests := []struct {
		name             string
		current, desired []string
		want             []client.ClientStatus
	}{
		{"nothing to do", []string{"a", "b"}, []string{"b", "a"}, []client.ClientStatus{}},
		{"create from nothing", nil, []string{"c", "a"}, []client.ClientStatus{enable("a"), enable("c")}},
		{"enables before disables", []string{"a", "b"}, []string{"b", "c"}, []client.ClientStatus{enable("c"), disable("a")}},
		{"disable all", []string{"b", "a"}, nil, []client.ClientStatus{disable("a"), disable("b")}},
		{"duplicates count once", []string{"a", "a"}, []string{"b", "b"}, []client.ClientStatus{enable("b"), disable("a")}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := clientChanges(tt.current, tt.desired); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("clientChanges(%v, %v) = %v, want %v", tt.current, tt.desired, got, tt.want)
			}
		})
	}
}

func TestApplyClientChanges(t *testing.T) {
	got := applyClientChanges([]string{"b", "a"}, []client.ClientStatus{
		{ClientID: "c", Status: true}, {ClientID: "a", Status: false}, {ClientID: "z", Status: false},
	})
	if want := []string{"b", "c"}; !reflect.DeepEqual(got, want) {
		t.Errorf("applyClientChanges = %v, want %v", got, want)
	}
}

func TestAlreadyEnabledDiagnosticListsClientsAndImportCommand(t *testing.T) {
	d := alreadyEnabledDiagnostic("con_abc", []string{"client-1", "client-2"})
	for _, want := range []string{"- client-1\n  - client-2", "terraform import auth0_connection_clients.NAME con_abc", "2 enabled client(s)"} {
		if !strings.Contains(d.Detail(), want) {
			t.Errorf("detail lacks %q:\n%s", want, d.Detail())
		}
	}
	many := make([]string, maxListedClients+7)
	for i := range many {
		many[i] = fmt.Sprintf("c%03d", i)
	}
	detail := alreadyEnabledDiagnostic("con_abc", many).Detail()
	if !strings.Contains(detail, "… and 7 more") || strings.Contains(detail, many[maxListedClients]) {
		t.Errorf("a long list is not cut after %d ids:\n%s", maxListedClients, detail)
	}
}

// --- acceptance tests -------------------------------------------------------

// clientsEnv is an accEnv with a connection made outside Terraform and a
// recorder of the PATCH /clients bodies the provider sends.
type clientsEnv struct {
	*accEnv
	connectionID string
	recorder     *emulatortest.Recorder
}

func newClientsEnv(t *testing.T) *clientsEnv {
	t.Helper()
	env, rec := newRecordingAccEnv(t)
	return &clientsEnv{accEnv: env, connectionID: env.newConnection("tf-acc-clients", "auth0", nil), recorder: rec}
}

// newClients creates n applications and returns their client ids, sorted.
func (e *clientsEnv) newClients(n int) []string {
	ids := make([]string, n)
	for i := range ids {
		ids[i] = e.server.CreateClient(fmt.Sprintf("app-%03d", i))
	}
	slices.Sort(ids)
	return ids
}

// clientsConfig manages the enabled clients of the env's connection through
// the recording proxy.
func (e *clientsEnv) clientsConfig(ids ...string) string {
	return providerHCL(e.server.URL, e.server.Token, "") + partHCL("auth0_connection_clients", e.connectionID, "  enabled_clients = "+hclList(ids))
}

// enabledOnServer returns the sorted client ids enabled on a connection.
func (e *accEnv) enabledOnServer(connectionID string) []string {
	e.t.Helper()
	ids, err := e.client.ListEnabledClients(e.t.Context(), connectionID)
	if err != nil {
		e.t.Fatalf("listing enabled clients of %s: %v", connectionID, err)
	}
	slices.Sort(ids)
	return ids
}

func (e *clientsEnv) expectEnabledOnServer(ids ...string) statecheck.StateCheck {
	return funcCheck(func() error {
		want := slices.Sorted(slices.Values(ids))
		if got := e.enabledOnServer(e.connectionID); !slices.Equal(got, want) {
			return fmt.Errorf("enabled on the server: %v, want %v", got, want)
		}
		return nil
	})
}

// expectPatches checks the PATCH /clients bodies sent since the last reset.
func (e *clientsEnv) expectPatches(want ...[]client.ClientStatus) statecheck.StateCheck {
	return funcCheck(func() error {
		if got := e.patches(); !reflect.DeepEqual(got, want) {
			return fmt.Errorf("PATCH /clients bodies:\n got %v\nwant %v", got, want)
		}
		return nil
	})
}

// importStep imports the connection's enabled clients and verifies the
// imported state is the one the steps before left.
func (e *clientsEnv) importStep() resource.TestStep {
	return resource.TestStep{
		ResourceName:                         clientsAddr,
		ImportState:                          true,
		ImportStateId:                        e.connectionID,
		ImportStateVerify:                    true,
		ImportStateVerifyIdentifierAttribute: "connection_id",
	}
}

func enabledSetExact(ids ...string) statecheck.StateCheck {
	checks := make([]knownvalue.Check, len(ids))
	for i, id := range ids {
		checks[i] = knownvalue.StringExact(id)
	}
	return expectAttr(clientsAddr, "enabled_clients", knownvalue.SetExact(checks))
}

func enabled(ids ...string) []client.ClientStatus {
	out := make([]client.ClientStatus, len(ids))
	for i, id := range ids {
		out[i] = client.ClientStatus{ClientID: id, Status: true}
	}
	return out
}

func disabled(ids ...string) []client.ClientStatus {
	out := make([]client.ClientStatus, len(ids))
	for i, id := range ids {
		out[i] = client.ClientStatus{ClientID: id, Status: false}
	}
	return out
}

func TestAccConnectionClients_createUpdateImportDestroy(t *testing.T) {
	t.Parallel()
	env := newClientsEnv(t)
	ids := env.newClients(3)
	a, b, c := ids[0], ids[1], ids[2]
	testLifecycle(t, func() error {
		// Destroy disables the clients; the connection is not this resource's.
		if got := env.enabledOnServer(env.connectionID); len(got) != 0 {
			return fmt.Errorf("clients still enabled after destroy: %v", got)
		}
		if want := [][]client.ClientStatus{disabled(b, c)}; !reflect.DeepEqual(env.patches(), want) {
			return fmt.Errorf("destroy sent %v, want %v", env.patches(), want)
		}
		_, err := env.client.GetConnection(t.Context(), env.connectionID)
		return err
	}, []resource.TestStep{
		{
			Config: env.clientsConfig(a, b),
			ConfigStateChecks: []statecheck.StateCheck{
				expectAttr(clientsAddr, "connection_id", knownvalue.StringExact(env.connectionID)),
				// The auth0/auth0 provider's computed attributes.
				expectAttr(clientsAddr, "id", knownvalue.StringExact(env.connectionID)),
				expectAttr(clientsAddr, "name", knownvalue.StringExact("tf-acc-clients")),
				expectAttr(clientsAddr, "strategy", knownvalue.StringExact("auth0")),
				enabledSetExact(a, b),
				env.expectEnabledOnServer(a, b),
				env.expectPatches(enabled(a, b)),
			},
		},
		{
			PreConfig: env.recorder.Reset,
			Config:    env.clientsConfig(b, c),
			ConfigPlanChecks: resource.ConfigPlanChecks{
				PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(clientsAddr, plancheck.ResourceActionUpdate)},
			},
			ConfigStateChecks: []statecheck.StateCheck{
				enabledSetExact(b, c),
				env.expectEnabledOnServer(b, c),
				// Only the difference: c on, a off; b is not sent again.
				env.expectPatches(append(enabled(c), disabled(a)...)),
			},
		},
		{
			// name and strategy are read once: a refresh costs the one
			// call that reads the enabled clients.
			PreConfig: env.server.ResetStats,
			Config:    env.clientsConfig(b, c),
			ConfigPlanChecks: resource.ConfigPlanChecks{
				PreApply: []plancheck.PlanCheck{
					plancheck.ExpectEmptyPlan(),
					env.expectOnlyCalls(map[string]int64{routeGetClients: 1}),
				},
			},
		},
		// Reset the recorder: CheckDestroy checks what the destroy sends.
		withPreConfig(env.importStep(), env.recorder.Reset),
	})
}

func TestAccConnectionClients_outOfBandEnableIsDrift(t *testing.T) {
	t.Parallel()
	env := newClientsEnv(t)
	ids := env.newClients(2)
	managed, outOfBand := ids[0], ids[1]
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		Steps: []resource.TestStep{
			{Config: env.clientsConfig(managed)},
			{
				// Someone enables another application in the dashboard.
				PreConfig: func() {
					if err := env.client.SetEnabledClients(t.Context(), env.connectionID, enabled(outOfBand)); err != nil {
						t.Fatal(err)
					}
				},
				Config:             env.clientsConfig(managed),
				PlanOnly:           true,
				ExpectNonEmptyPlan: true,
			},
			{
				PreConfig: env.recorder.Reset,
				Config:    env.clientsConfig(managed),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(clientsAddr, plancheck.ResourceActionUpdate),
						expectPlannedAttr(clientsAddr, "enabled_clients",
							knownvalue.SetExact([]knownvalue.Check{knownvalue.StringExact(managed)})),
					},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					env.expectEnabledOnServer(managed),
					env.expectPatches(disabled(outOfBand)),
				},
			},
		},
	})
}

func TestAccConnectionClients_manyClientsAcrossPages(t *testing.T) {
	t.Parallel()
	env := newClientsEnv(t)
	ids := env.newClients(121)
	first120, extra := ids[:120], ids[120]
	updated := append(slices.Clone(first120[1:]), extra)
	env.server.ResetStats()
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		Steps: []resource.TestStep{
			{
				Config: env.clientsConfig(first120...),
				ConfigStateChecks: []statecheck.StateCheck{
					// 120 enables in batches of at most 50: 50 + 50 + 20.
					env.expectCalls(routePatchClients, 3),
					funcCheck(func() error {
						for i, batch := range env.patches() {
							if want := []int{50, 50, 20}[i]; len(batch) != want {
								return fmt.Errorf("batch %d has %d items, want %d", i, len(batch), want)
							}
						}
						return nil
					}),
					expectAttr(clientsAddr, "enabled_clients", knownvalue.SetSizeExact(120)),
					env.expectEnabledOnServer(first120...),
				},
			},
			{
				// A refresh reads 120 ids at 100 a page: two requests per read.
				PreConfig: env.server.ResetStats,
				Config:    env.clientsConfig(first120...),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectEmptyPlan(),
						env.expectPagesPerRead(routeGetClients, 2),
					},
				},
			},
			{
				// One out, one in: a single PATCH of two items, not the 120.
				PreConfig: func() { env.server.ResetStats(); env.recorder.Reset() },
				Config:    env.clientsConfig(updated...),
				ConfigStateChecks: []statecheck.StateCheck{
					env.expectCalls(routePatchClients, 1),
					env.expectPatches(append(enabled(extra), disabled(first120[0])...)),
					expectAttr(clientsAddr, "enabled_clients", knownvalue.SetSizeExact(120)),
					env.expectEnabledOnServer(updated...),
				},
			},
			env.importStep(),
		},
	})
}

func TestAccConnectionClients_unknownClient(t *testing.T) {
	t.Parallel()
	env := newClientsEnv(t)
	known := env.newClients(3)
	const bogus = "NoSuchClient0000000000000000000x"
	unknownError := regexp.MustCompile(`(?s)Client does not exist.*no\s+application\s+with\s+client\s+id\s+"` + bogus + `"\.`)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		Steps: []resource.TestStep{
			{
				// On create: the error names the unknown id, and only it.
				Config:      env.clientsConfig(append(slices.Clone(known), bogus)...),
				ExpectError: unknownError,
			},
			{
				// The known clients the failed create enabled do not block
				// the next create: they are in the configuration.
				Config: env.clientsConfig(known...),
				ConfigStateChecks: []statecheck.StateCheck{
					env.expectEnabledOnServer(known...),
				},
			},
			{
				// On update: the same error, and nothing is disabled.
				Config:      env.clientsConfig(bogus, known[0]),
				ExpectError: unknownError,
			},
			{
				Config:             env.clientsConfig(known...),
				PlanOnly:           true,
				ExpectNonEmptyPlan: false,
			},
		},
	})
}

func TestAccConnectionClients_createRefusesToDisableEnabledClients(t *testing.T) {
	t.Parallel()
	env := newClientsEnv(t)
	ids := env.newClients(3)
	x, y, z := ids[0], ids[1], ids[2]
	if err := env.client.SetEnabledClients(t.Context(), env.connectionID, enabled(x, y)); err != nil {
		t.Fatal(err)
	}
	refusal := regexp.MustCompile(`(?s)Clients already enabled on the connection.*already\s+has\s+2\s+enabled\s+client\(s\).*` +
		regexp.QuoteMeta(x) + `.*` + regexp.QuoteMeta(y) + `.*Nothing\s+was\s+changed.*terraform\s+import\s+auth0_connection_clients\.NAME\s+` +
		regexp.QuoteMeta(env.connectionID))
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		Steps: []resource.TestStep{
			{
				Config:      env.clientsConfig(z),
				ExpectError: refusal,
			},
			{
				// Nothing was sent; listing every already-enabled client
				// adopts them, and only the missing one is enabled.
				PreConfig: func() {
					if got := env.enabledOnServer(env.connectionID); !slices.Equal(got, []string{x, y}) {
						t.Fatalf("after the refused create the server has %v, want %v", got, []string{x, y})
					}
					if len(env.patches()) != 0 {
						t.Fatalf("the refused create sent %v", env.patches())
					}
				},
				Config: env.clientsConfig(x, y, z),
				ConfigStateChecks: []statecheck.StateCheck{
					enabledSetExact(x, y, z),
					env.expectPatches(enabled(z)),
				},
			},
		},
	})
}

func TestAccConnectionClients_importAdoptsEnabledClients(t *testing.T) {
	t.Parallel()
	env := newClientsEnv(t)
	ids := env.newClients(3)
	if err := env.client.SetEnabledClients(t.Context(), env.connectionID, enabled(ids[0], ids[1])); err != nil {
		t.Fatal(err)
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		Steps: []resource.TestStep{
			{
				// The route the refusal message gives: import, then plan the difference.
				Config:          env.clientsConfig(ids[1], ids[2]),
				ResourceName:    clientsAddr,
				ImportState:     true,
				ImportStateKind: resource.ImportBlockWithID,
				ImportStateId:   env.connectionID,
				ImportPlanChecks: resource.ImportPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(clientsAddr, plancheck.ResourceActionUpdate),
					},
				},
				ExpectNonEmptyPlan: true,
			},
		},
	})
}

func TestAccConnectionClients_connectionDeletedOutOfBand(t *testing.T) {
	t.Parallel()
	env := newAccEnv(t)
	app := env.server.CreateClient("app")
	cfg := env.config(connectionHCL("tf-acc-clients-gone", "auth0") + fmt.Sprintf(`
resource "auth0_connection_clients" "test" {
  connection_id   = auth0_connection.test.id
  enabled_clients = [%q]
}
`, app))
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		Steps: []resource.TestStep{
			{Config: cfg},
			env.recreatedStep(cfg, []string{connAddr, clientsAddr}, funcCheck(func() error {
				id := env.onlyConnectionID()
				if got := env.enabledOnServer(id); !slices.Equal(got, []string{app}) {
					return fmt.Errorf("recreated connection %s has %v enabled, want [%s]", id, got, app)
				}
				return nil
			})),
		},
	})
}

func TestAccConnectionClients_unknownConnection(t *testing.T) {
	t.Parallel()
	env := newAccEnv(t)
	app := env.server.CreateClient("app")
	env.expectApplyRefused(env.partConfig("auth0_connection_clients", "Username-Password-Authentication", fmt.Sprintf("  enabled_clients = [%q]", app)),
		`(?s)Connection does not exist.*not\s+its\s+name`)
}

// An empty set disables every client of the connection.
func TestAccConnectionClients_emptySetDisablesAll(t *testing.T) {
	t.Parallel()
	env := newClientsEnv(t)
	ids := env.newClients(2)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		Steps: []resource.TestStep{
			{Config: env.clientsConfig(ids...)},
			{
				Config:            env.clientsConfig(),
				ConfigStateChecks: []statecheck.StateCheck{enabledSetExact(), env.expectEnabledOnServer()},
			},
		},
	})
}

// --- helpers ----------------------------------------------------------------

// patches returns the bodies of the PATCH /connections/{id}/clients
// requests recorded since the last reset, so tests can check that an update
// sends the difference and nothing else.
func (e *clientsEnv) patches() [][]client.ClientStatus {
	e.t.Helper()
	var out [][]client.ClientStatus
	for _, x := range sentByProvider(e.recorder, "PATCH", clientsPath) {
		var changes []client.ClientStatus
		if err := json.Unmarshal(x.Body, &changes); err != nil {
			e.t.Fatalf("PATCH %s body: %v", x.Path, err)
		}
		out = append(out, changes)
	}
	return out
}

var clientsPath = regexp.MustCompile(`^/api/v2/connections/[^/]+/clients$`)

// expectClientsPlanRefused plans config, expects the error pattern, and
// checks that no client was enabled or disabled.
func (e *accEnv) expectClientsPlanRefused(config, pattern string) {
	e.t.Helper()
	resource.Test(e.t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		Steps:                    []resource.TestStep{{Config: config, ExpectError: wrappedRegexp(pattern)}},
	})
	if n := e.calls("PATCH /api/v2/connections/{id}/clients"); n != 0 {
		e.t.Errorf("the refused plan sent %d PATCH /clients", n)
	}
}

// Two auth0_connection_clients with different lists on one connection
// would each disable the other's clients at every apply: the plan says so
// and changes nothing.
func TestAccConnectionClients_twoOnOneConnection(t *testing.T) {
	t.Parallel()
	env := newAccEnv(t)
	id := env.newConnection("tf-acc-two-lists", "auth0", nil)
	a, b := env.server.CreateClient("a"), env.server.CreateClient("b")
	env.expectClientsPlanRefused(env.config(fmt.Sprintf(`
resource "auth0_connection_clients" "one" {
  connection_id   = %[1]q
  enabled_clients = [%[2]q]
}

resource "auth0_connection_clients" "two" {
  connection_id   = %[1]q
  enabled_clients = [%[2]q, %[3]q]
}
`, id, a, b)), `(?s)Two auth0_connection_clients manage this connection.*`+id+`.*different lists`)
}
