package client

import (
	"errors"
	"fmt"
	"slices"
	"testing"
)

func TestDirectoryProvisioningLifecycle(t *testing.T) {
	t.Parallel()
	env := newFamilyEnv(t)
	ctx := t.Context()
	id := env.googleWorkspace("dir-gw")

	if _, err := env.client.GetDirectoryProvisioning(ctx, id); !IsNoDirectoryProvisioning(err) || IsUnknownConnection(err) {
		t.Fatalf("before create: %v, want IsNoDirectoryProvisioning", err)
	}
	created, err := env.client.CreateDirectoryProvisioning(ctx, id, DirectorySettings{SynchronizeGroups: "selected"})
	if err != nil {
		t.Fatal(err)
	}
	if len(created.Mapping) != 51 || created.SynchronizeAutomatically || created.SynchronizeGroups != "selected" ||
		created.Strategy != "google-apps" || created.CreatedAt != created.UpdatedAt || created.LastSynchronizationAt != "" {
		t.Errorf("created: %+v", created)
	}
	if _, err := env.client.CreateDirectoryProvisioning(ctx, id, DirectorySettings{}); !IsAlreadyExists(err) {
		t.Errorf("second create: %v, want IsAlreadyExists", err)
	}
	defaults, err := env.client.GetDirectoryDefaultMapping(ctx, id)
	if err != nil || len(defaults) != 51 || defaults[0] != created.Mapping[0] {
		t.Errorf("default mapping: %d items, %v", len(defaults), err)
	}

	on := true
	mapping := []DirectoryMapping{{IDP: "primaryEmail", Auth0: "email"}}
	updated, err := env.client.UpdateDirectoryProvisioning(ctx, id, DirectorySettings{SynchronizeAutomatically: &on, Mapping: mapping})
	if err != nil {
		t.Fatal(err)
	}
	if !updated.SynchronizeAutomatically || !slices.Equal(updated.Mapping, mapping) || updated.SynchronizeGroups != "selected" {
		t.Errorf("an update changes what it sends and keeps the rest: %+v", updated)
	}

	if err := env.client.DeleteDirectoryProvisioning(ctx, id); err != nil {
		t.Fatal(err)
	}
	if _, err := env.client.GetDirectoryProvisioning(ctx, id); !IsNoDirectoryProvisioning(err) {
		t.Errorf("after delete: %v", err)
	}
}

func TestDirectoryProvisioningRefusals(t *testing.T) {
	t.Parallel()
	env := newFamilyEnv(t)
	okta := env.connection("dir-okta", "okta", oktaOptions())
	if _, err := env.client.CreateDirectoryProvisioning(t.Context(), okta, DirectorySettings{}); !IsUnsupportedByStrategy(err) {
		t.Errorf("directory provisioning on okta: %v, want IsUnsupportedByStrategy", err)
	}
}

func TestCreateDirectoryProvisioningUnknownOutcome(t *testing.T) {
	t.Parallel()
	eachUnknownOutcome(t, "/directory-provisioning", func(t *testing.T, env *familyEnv) string {
		id := env.googleWorkspace("dir-lost")
		on := true
		d, err := env.client.CreateDirectoryProvisioning(t.Context(), id, DirectorySettings{SynchronizeAutomatically: &on})
		if err != nil {
			t.Fatal(err)
		}
		if !d.SynchronizeAutomatically {
			t.Errorf("result %+v", d)
		}
		return id
	})
}

func groupsNamed(prefix string, n int) []SynchronizedGroup {
	out := make([]SynchronizedGroup, n)
	for i := range out {
		out[i] = SynchronizedGroup{ID: fmt.Sprintf("%s%04d", prefix, i)}
	}
	return out
}

func TestSynchronizedGroupsBatchesAndPages(t *testing.T) {
	t.Parallel()
	env := newFamilyEnv(t)
	ctx := t.Context()
	id := env.googleWorkspace("groups-many")
	if _, err := env.client.CreateDirectoryProvisioning(ctx, id, DirectorySettings{SynchronizeGroups: "selected"}); err != nil {
		t.Fatal(err)
	}
	groupsURL := "/api/v2/connections/" + id + "/directory-provisioning/synchronized-groups"

	// 250 groups: a PUT of 100, then two adds (100 and 50).
	all := groupsNamed("a", 250)
	if err := env.client.ReplaceSynchronizedGroups(ctx, id, all); err != nil {
		t.Fatal(err)
	}
	if put, post := env.proxy.count("PUT", groupsURL), env.proxy.count("POST", groupsURL); put != 1 || post != 2 {
		t.Errorf("replace of 250: %d PUT and %d POST, want 1 and 2", put, post)
	}
	listed, err := env.client.ListSynchronizedGroups(ctx, id)
	if err != nil || !slices.Equal(groupIDs(listed), groupIDs(all)) {
		t.Fatalf("listed %d groups (%v), want the 250 sorted", len(listed), err)
	}
	if n := env.proxy.count("GET", groupsURL); n != 3 {
		t.Errorf("listing 250 took %d pages, want 3 of 100", n)
	}

	// Remove 120, add 101: DELETE 100 + 20, then POST 100 + 1.
	remove := groupIDs(all[:120])
	add := groupsNamed("b", 101)
	if err := env.client.ChangeSynchronizedGroups(ctx, id, remove, add); err != nil {
		t.Fatal(err)
	}
	if del, post := env.proxy.count("DELETE", groupsURL), env.proxy.count("POST", groupsURL)-2; del != 2 || post != 2 {
		t.Errorf("change: %d DELETE and %d POST, want 2 and 2", del, post)
	}
	listed, err = env.client.ListSynchronizedGroups(ctx, id)
	want := append(groupIDs(all[120:]), groupIDs(add)...)
	slices.Sort(want)
	if err != nil || !slices.Equal(groupIDs(listed), want) {
		t.Errorf("after the change: %d groups, %v", len(listed), err)
	}

	if err := env.client.ReplaceSynchronizedGroups(ctx, id, nil); err != nil {
		t.Fatal(err)
	}
	if listed, err := env.client.ListSynchronizedGroups(ctx, id); err != nil || len(listed) != 0 {
		t.Errorf("after replacing with nothing: %v, %v", listed, err)
	}
}

// A change that fails part way says what was applied.
func TestChangeSynchronizedGroupsPartialFailure(t *testing.T) {
	t.Parallel()
	env := newFamilyEnv(t, func(c *Config) { c.MaxRetries = 1 })
	ctx := t.Context()
	id := env.googleWorkspace("groups-partial")
	if _, err := env.client.CreateDirectoryProvisioning(ctx, id, DirectorySettings{SynchronizeGroups: "selected"}); err != nil {
		t.Fatal(err)
	}
	if err := env.client.ReplaceSynchronizedGroups(ctx, id, groupsNamed("a", 3)); err != nil {
		t.Fatal(err)
	}
	// The first add goes through, the second fails.
	failing := &tamperRule{method: "POST", path: pathRE("/directory-provisioning/synchronized-groups"), times: 2, fail: true} // both attempts
	passOnce := &tamperRule{method: "POST", path: pathRE("/directory-provisioning/synchronized-groups"), times: 1}
	env.proxy.add(passOnce)
	env.proxy.add(failing)
	err := env.client.ChangeSynchronizedGroups(ctx, id, []string{"a0000"}, groupsNamed("b", 150))
	var partial *SynchronizedGroupsError
	if !errors.As(err, &partial) {
		t.Fatalf("error %v, want a SynchronizedGroupsError", err)
	}
	if !slices.Equal(partial.Removed, []string{"a0000"}) || len(partial.Added) != 100 {
		t.Errorf("applied: removed %v, added %d", partial.Removed, len(partial.Added))
	}
	listed, _ := env.client.ListSynchronizedGroups(ctx, id)
	if len(listed) != 102 {
		t.Errorf("%d groups on the server, want the 2 left and the 100 added", len(listed))
	}
}

func TestSynchronizedGroupsWithoutProvisioning(t *testing.T) {
	t.Parallel()
	env := newFamilyEnv(t)
	id := env.googleWorkspace("groups-none")
	if _, err := env.client.ListSynchronizedGroups(t.Context(), id); !IsNoDirectoryProvisioning(err) {
		t.Errorf("groups of a connection without provisioning: %v, want IsNoDirectoryProvisioning", err)
	}
}
