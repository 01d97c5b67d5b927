package provider

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/openauth0/terraform-provider-auth0/internal/options"
	"github.com/openauth0/terraform-provider-auth0/internal/shared"
)

// testProviderServer is the provider as Terraform talks to it, and its
// schemas.
func testProviderServer(t *testing.T) (tfprotov6.ProviderServer, *tfprotov6.GetProviderSchemaResponse) {
	t.Helper()
	server, err := testAccProviders["auth0"]()
	if err != nil {
		t.Fatal(err)
	}
	schemas, err := server.GetProviderSchema(t.Context(), &tfprotov6.GetProviderSchemaRequest{})
	if err != nil {
		t.Fatal(err)
	}
	return server, schemas
}

// upgradeState runs the provider's UpgradeResourceState on one instance's
// attributes, as Terraform does, and returns the upgraded attributes.
func upgradeState(t *testing.T, typeName string, version int64, attributes json.RawMessage) map[string]tftypes.Value {
	t.Helper()
	ctx := t.Context()
	server, schemas := testProviderServer(t)
	resp, err := server.UpgradeResourceState(ctx, &tfprotov6.UpgradeResourceStateRequest{
		TypeName: typeName, Version: version, RawState: &tfprotov6.RawState{JSON: attributes},
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range resp.Diagnostics {
		t.Errorf("%s: %s: %s", typeName, d.Summary, d.Detail)
	}
	if resp.UpgradedState == nil {
		t.Fatalf("%s: no upgraded state", typeName)
	}
	v, err := resp.UpgradedState.Unmarshal(schemas.ResourceSchemas[typeName].ValueType())
	if err != nil {
		t.Fatal(err)
	}
	var attrs map[string]tftypes.Value
	if err := v.As(&attrs); err != nil {
		t.Fatal(err)
	}
	return attrs
}

func upgradedStringAttr(t *testing.T, attrs map[string]tftypes.Value, name string) (string, bool) {
	t.Helper()
	if attrs[name].IsNull() {
		return "", false
	}
	var s string
	if err := attrs[name].As(&s); err != nil {
		t.Fatal(err)
	}
	return s, true
}

// Every state the team recorded from the auth0/auth0 provider upgrades: the
// connection keeps its identity and top-level fields, and of its options
// only the values the tenant never shows back, so that its first refresh
// adopts the rest from the tenant. The other connection resources read
// those states as they are.
func TestUpgradeRecordedOfficialStates(t *testing.T) {
	files, err := filepath.Glob(filepath.Join(shared.Path(t, "official-provider/states"), "*.tfstate"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no recorded states: %v", err)
	}
	upgraded := 0
	for _, file := range files {
		raw, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		var state struct {
			Resources []struct {
				Type      string `json:"type"`
				Instances []struct {
					SchemaVersion int64           `json:"schema_version"`
					Attributes    json.RawMessage `json:"attributes"`
				} `json:"instances"`
			} `json:"resources"`
		}
		if err := json.Unmarshal(raw, &state); err != nil {
			t.Fatal(err)
		}
		for _, r := range state.Resources {
			if !strings.HasPrefix(r.Type, "auth0_connection") {
				continue
			}
			for _, inst := range r.Instances {
				attrs := upgradeState(t, r.Type, inst.SchemaVersion, inst.Attributes)
				var old map[string]json.RawMessage
				_ = json.Unmarshal(inst.Attributes, &old)
				for _, name := range []string{"id", "name", "connection_id", "client_id"} {
					if _, both := attrs[name]; !both || old[name] == nil {
						continue // not an attribute of both resources
					}
					var want string
					_ = json.Unmarshal(old[name], &want)
					if got, _ := upgradedStringAttr(t, attrs, name); got != want {
						t.Errorf("%s %s: %s = %q after the upgrade, want %q", filepath.Base(file), r.Type, name, got, want)
					}
				}
				if r.Type == "auth0_connection" {
					checkUpgradedConnection(t, filepath.Base(file), old, attrs)
				}
				upgraded++
			}
		}
	}
	if upgraded < len(files) {
		t.Errorf("upgraded %d connection resources from %d states", upgraded, len(files))
	}
	t.Logf("upgraded %d connection resources from %d recorded states", upgraded, len(files))
}

// checkUpgradedConnection: the options of an upgraded connection hold only
// values the tenant cannot show (so the state awaits adoption), those
// values are the old state's, and nothing else was carried over.
func checkUpgradedConnection(t *testing.T, file string, old map[string]json.RawMessage, attrs map[string]tftypes.Value) {
	t.Helper()
	var strategy string
	_ = json.Unmarshal(old["strategy"], &strategy)
	var oldOptions []map[string]any
	_ = json.Unmarshal(old["options"], &oldOptions)
	carried := options.Object{}
	for _, name := range []string{"options", "secret_options"} {
		s, ok := upgradedStringAttr(t, attrs, name)
		if !ok {
			continue
		}
		o, err := options.Parse(s)
		if err != nil {
			t.Fatalf("%s: %s: %v", file, name, err)
		}
		if !options.OnlyUnreadable(o, options.RulesFor(strategy)) {
			t.Errorf("%s: the upgraded %s holds values the tenant shows: %s", file, name, s)
		}
		carried, _ = options.Union(carried, o)
	}
	if !attrs["upstream_params"].IsNull() {
		t.Errorf("%s: upstream_params carried over from the old state", file)
	}
	for _, block := range []string{"authentication", "connected_accounts", "cross_app_access_requesting_app", "cross_app_access_resource_app"} {
		checkUpgradedBlock(t, file, block, old[block], attrs[block])
	}
	if len(oldOptions) == 0 {
		return
	}
	if conf, _ := oldOptions[0]["configuration"].(map[string]any); len(conf) > 0 {
		if !options.Equal(carried["configuration"], conf) {
			t.Errorf("%s: configuration = %v after the upgrade, want the old state's %v", file, carried["configuration"], conf)
		}
	}
	if xml, _ := oldOptions[0]["metadata_xml"].(string); xml != "" && strategy == "samlp" && carried["metadataXml"] != xml {
		t.Errorf("%s: metadataXml not carried over", file)
	}
}

// checkUpgradedBlock: an official block (a list of at most one object) is
// the same object here, null when the list was empty.
func checkUpgradedBlock(t *testing.T, file, name string, old json.RawMessage, got tftypes.Value) {
	t.Helper()
	var list []map[string]any
	if err := json.Unmarshal(old, &list); err != nil {
		t.Fatalf("%s: %s in the old state: %v", file, name, err)
	}
	if len(list) == 0 {
		if !got.IsNull() {
			t.Errorf("%s: %s = %v after the upgrade, want null (the old state had none)", file, name, got)
		}
		return
	}
	var fields map[string]tftypes.Value
	if err := got.As(&fields); err != nil || got.IsNull() {
		t.Fatalf("%s: %s = %v after the upgrade, want %v", file, name, got, list[0])
	}
	for key, want := range list[0] {
		var value any
		switch want.(type) {
		case bool:
			var b bool
			_ = fields[key].As(&b)
			value = b
		case string:
			var s string
			_ = fields[key].As(&s)
			value = s
		}
		if value != want {
			t.Errorf("%s: %s.%s = %v after the upgrade, want %v", file, name, key, fields[key], want)
		}
	}
}
