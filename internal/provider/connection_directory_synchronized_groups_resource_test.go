package provider

import (
	"fmt"
	"reflect"
	"slices"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"

	"github.com/openauth0/terraform-provider-auth0/internal/client"
	"github.com/openauth0/terraform-provider-auth0/internal/emulator/emulatortest"
)

const groupsAddr = "auth0_connection_directory_synchronized_groups.test"

// groupsEnv is an accEnv with a Google Workspace connection whose directory
// provisioning selects groups, made outside Terraform, and a recorder of
// the requests to its synchronized-groups endpoint.
type groupsEnv struct {
	*accEnv
	connectionID string
	recorder     *emulatortest.Recorder
}

const groupsRoute = "/api/v2/connections/{id}/directory-provisioning/synchronized-groups"

func newGroupsEnv(t *testing.T) *groupsEnv {
	t.Helper()
	env, rec := newRecordingAccEnv(t)
	id := env.newConnection("groups-gw", "google-apps", workspaceOptions())
	if _, err := env.client.CreateDirectoryProvisioning(t.Context(), id, client.DirectorySettings{SynchronizeGroups: "selected"}); err != nil {
		t.Fatal(err)
	}
	return &groupsEnv{accEnv: env, connectionID: id, recorder: rec}
}

func (e *groupsEnv) groupsConfig(ids ...string) string {
	return providerHCL(e.server.URL, e.server.Token, "") + partHCL("auth0_connection_directory_synchronized_groups", e.connectionID, "  group_ids = "+hclList(ids))
}

func (e *groupsEnv) selectedOnServer() []string {
	e.t.Helper()
	groups, err := e.client.ListSynchronizedGroups(e.t.Context(), e.connectionID)
	if err != nil {
		e.t.Fatal(err)
	}
	return groupIDsOf(groups)
}

func (e *groupsEnv) expectSelected(ids ...string) funcCheck {
	return func() error {
		if got, want := e.selectedOnServer(), slices.Sorted(slices.Values(ids)); !slices.Equal(got, want) {
			return fmt.Errorf("selected on the server: %v, want %v", got, want)
		}
		return nil
	}
}

func (e *groupsEnv) expectWrites(want ...string) funcCheck {
	return func() error {
		if got := groupWrites(e.recorder); !reflect.DeepEqual(got, want) {
			return fmt.Errorf("writes %q, want %q", got, want)
		}
		return nil
	}
}

func TestAccSynchronizedGroups_lifecycle(t *testing.T) {
	t.Parallel()
	env := newGroupsEnv(t)
	testLifecycle(t, func() error {
		// Destroy clears the selection with one PUT.
		if err := env.expectWrites("PUT ")(); err != nil {
			return err
		}
		return env.expectSelected()()
	}, []resource.TestStep{
		{
			Config: env.groupsConfig("group2def", "group1abc", "group3ghi"),
			ConfigStateChecks: []statecheck.StateCheck{
				expectAttr(groupsAddr, "id", knownvalue.StringExact(env.connectionID)),
				expectAttr(groupsAddr, "group_ids", stringSetOf("group1abc", "group2def", "group3ghi")),
				env.expectSelected("group1abc", "group2def", "group3ghi"),
				env.expectWrites("PUT group1abc,group2def,group3ghi"),
			},
		},
		{
			Config:           env.groupsConfig("group2def", "group1abc", "group3ghi"),
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
		},
		{
			// Only the difference, removals first.
			PreConfig: env.recorder.Reset,
			Config:    env.groupsConfig("group1abc", "group4jkl", "group5mno"),
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
				plancheck.ExpectResourceAction(groupsAddr, plancheck.ResourceActionUpdate),
			}},
			ConfigStateChecks: []statecheck.StateCheck{
				env.expectSelected("group1abc", "group4jkl", "group5mno"),
				env.expectWrites("DELETE group2def,group3ghi", "POST group4jkl,group5mno"),
			},
		},
		{
			ResourceName:      groupsAddr,
			ImportState:       true,
			ImportStateId:     env.connectionID,
			ImportStateVerify: true,
		},
		{
			// A group selected in the dashboard is drift; apply removes it.
			PreConfig: func() {
				if err := env.client.ChangeSynchronizedGroups(t.Context(), env.connectionID, nil,
					[]client.SynchronizedGroup{{ID: "group9xyz"}}); err != nil {
					t.Fatal(err)
				}
				env.recorder.Reset()
			},
			Config: env.groupsConfig("group1abc", "group4jkl", "group5mno"),
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
				plancheck.ExpectResourceAction(groupsAddr, plancheck.ResourceActionUpdate),
			}},
			ConfigStateChecks: []statecheck.StateCheck{
				env.expectSelected("group1abc", "group4jkl", "group5mno"),
				env.expectWrites("DELETE group9xyz"),
			},
		},
		withPreConfig(resource.TestStep{
			Config:           env.groupsConfig("group1abc", "group4jkl", "group5mno"),
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
		}, env.recorder.Reset),
	})
}

func groupIDsNumbered(prefix string, n int) []string {
	ids := make([]string, n)
	for i := range ids {
		ids[i] = fmt.Sprintf("%s%04d", prefix, i)
	}
	return ids
}

// Large selections go at most 100 groups a request.
func TestAccSynchronizedGroups_batches(t *testing.T) {
	t.Parallel()
	env := newGroupsEnv(t)
	all := groupIDsNumbered("a", 250)
	next := append(slices.Clone(all[120:]), groupIDsNumbered("b", 101)...)
	calls := func(want map[string]int64) funcCheck {
		return func() error {
			for method, n := range want {
				if got := env.calls(method + " " + groupsRoute); got != n {
					return fmt.Errorf("%s: %d calls, want %d (all: %v)", method, got, n, env.server.Stats())
				}
			}
			return nil
		}
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		Steps: []resource.TestStep{
			{
				PreConfig: env.server.ResetStats,
				Config:    env.groupsConfig(all...),
				ConfigStateChecks: []statecheck.StateCheck{
					// A PUT of 100 replaces the selection, two adds bring the rest.
					calls(map[string]int64{"PUT": 1, "POST": 2, "DELETE": 0}),
					expectAttr(groupsAddr, "group_ids", knownvalue.SetSizeExact(250)),
					env.expectSelected(all...),
				},
			},
			{
				PreConfig: env.server.ResetStats,
				Config:    env.groupsConfig(next...),
				ConfigStateChecks: []statecheck.StateCheck{
					// 120 out (100 + 20), then 101 in (100 + 1).
					calls(map[string]int64{"PUT": 0, "POST": 2, "DELETE": 2}),
					env.expectSelected(next...),
				},
			},
		},
	})
}

func TestAccSynchronizedGroups_rejectedAtPlan(t *testing.T) {
	t.Parallel()
	for name, id := range map[string]string{
		"a dash":             "group-1",
		"too long":           "g123456789012345678901234567890123",
		"empty":              "",
		"an email for an id": "eng@example.com",
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			env := newAccEnv(t)
			env.expectRejectedAtPlan(env.partConfig("auth0_connection_directory_synchronized_groups", "con_0123456789abcdef",
				fmt.Sprintf(`  group_ids = ["group1abc", %q]`, id)), `(?s)group_ids.*must be a Google Workspace group id: 1 to 32 letters and digits`)
		})
	}
}

func TestAccSynchronizedGroups_withoutDirectoryProvisioning(t *testing.T) {
	t.Parallel()
	env := newAccEnv(t)
	id := env.newConnection("groups-none", "google-apps", workspaceOptions())
	env.expectApplyRefused(env.partConfig("auth0_connection_directory_synchronized_groups", id, `  group_ids = ["group1abc"]`),
		`(?s)Connection has no directory provisioning.*Create it with auth0_connection_directory`)
}

func TestAccSynchronizedGroupsDataSource(t *testing.T) {
	t.Parallel()
	env := newGroupsEnv(t)
	const addr = "data.auth0_connection_directory_synchronized_groups.test"
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		Steps: []resource.TestStep{{
			Config: env.groupsConfig("group1abc", "group2def") + `
data "auth0_connection_directory_synchronized_groups" "test" {
  connection_id = auth0_connection_directory_synchronized_groups.test.connection_id
}
`,
			ConfigStateChecks: []statecheck.StateCheck{
				expectAttr(addr, "id", knownvalue.StringExact(env.connectionID)),
				expectAttr(addr, "group_ids", stringSetOf("group1abc", "group2def")),
			},
		}},
	})
}

// Creating the resource replaces whatever the connection had selected;
// an empty set then selects none.
func TestAccSynchronizedGroups_createReplacesSelectionAndEmptySelectsNone(t *testing.T) {
	t.Parallel()
	env := newGroupsEnv(t)
	if err := env.client.ChangeSynchronizedGroups(t.Context(), env.connectionID, nil,
		[]client.SynchronizedGroup{{ID: "dashboard1"}, {ID: "dashboard2"}}); err != nil {
		t.Fatal(err)
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		Steps: []resource.TestStep{
			{
				Config:            env.groupsConfig("group1abc"),
				ConfigStateChecks: []statecheck.StateCheck{env.expectSelected("group1abc")},
			},
			{
				Config: env.groupsConfig(),
				ConfigStateChecks: []statecheck.StateCheck{
					expectAttr(groupsAddr, "group_ids", knownvalue.SetSizeExact(0)),
					env.expectSelected(),
				},
			},
		},
	})
}

// The data source follows every page of a selection larger than one.
func TestAccSynchronizedGroupsDataSource_allPages(t *testing.T) {
	t.Parallel()
	env := newGroupsEnv(t)
	all := groupIDsNumbered("g", 230)
	for start := 0; start < len(all); start += 100 {
		batch := make([]client.SynchronizedGroup, 0, 100)
		for _, id := range all[start:min(start+100, len(all))] {
			batch = append(batch, client.SynchronizedGroup{ID: id})
		}
		if err := env.client.ChangeSynchronizedGroups(t.Context(), env.connectionID, nil, batch); err != nil {
			t.Fatal(err)
		}
	}
	const addr = "data.auth0_connection_directory_synchronized_groups.test"
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		Steps: []resource.TestStep{{
			PreConfig: env.server.ResetStats,
			Config: env.config(fmt.Sprintf("data \"auth0_connection_directory_synchronized_groups\" \"test\" {\n  connection_id = %q\n}\n",
				env.connectionID)),
			ConfigStateChecks: []statecheck.StateCheck{
				expectAttr(addr, "group_ids", knownvalue.SetSizeExact(len(all))),
				env.expectPagesPerRead("GET "+groupsRoute, 3),
			},
		}},
	})
}
