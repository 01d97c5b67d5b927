package migrate

import (
	"maps"
	"net/http"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/openauth0/terraform-provider-auth0/internal/options"
	"github.com/openauth0/terraform-provider-auth0/internal/tfcli"
)

// managedChange is an edit of a converted configuration after the switch:
// one option of one connection changes, and that is all the apply may
// change on the tenant.
type managedChange struct {
	connection string // its name on the tenant
	strategy   string
	from, to   string // a regular expression matching once in the file, and its replacement
	key        string // the option it changes, dotted
	value      any    // its new value, as JSON decodes it
}

// managedChanges are the official examples that get one, by file: one per
// strategy family.
var managedChanges = map[string]managedChange{
	"database.tf": {connection: "Example-Connection", strategy: "auth0",
		from: `passwordPolicy\s*=\s*"excellent"`, to: `passwordPolicy = "fair"`, key: "passwordPolicy", value: "fair"},
	"google_oauth2.tf": {connection: "Google-OAuth2-Connection", strategy: "google-oauth2",
		from: `allowed_audiences\s*=\s*\["api.example.com", "example.com"\]`, to: `allowed_audiences = ["example.com"]`,
		key: "allowed_audiences", value: []any{"example.com"}},
	"oidc.tf": {connection: "oidc-connection", strategy: "oidc",
		from: `icon_url\s*=\s*"https://example.com/assets/logo.png"`, to: `icon_url = "https://example.com/assets/new.png"`,
		key: "icon_url", value: "https://example.com/assets/new.png"},
	"saml.tf": {connection: "SAML-Connection", strategy: "samlp",
		from: `icon_url\s*=\s*"https://saml.provider/assets/logo.png"`, to: `icon_url = "https://saml.provider/assets/new.png"`,
		key: "icon_url", value: "https://saml.provider/assets/new.png"},
	"sms.tf": {connection: "SMS-Connection", strategy: "sms",
		from: `template\s*=\s*"Your one-time password is @@password@@"`, to: `template = "Your code is @@password@@"`,
		key: "template", value: "Your code is @@password@@"},
}

// apply makes the change in file and applies it: exactly one write, a
// PATCH of the connection's options alone, whose options differ from the
// tenant's only in the changed key; afterwards the tenant holds every
// option it held, with the new value; and the next plan is clean.
func (c managedChange) apply(t *testing.T, world *tfcli.World, d *tfcli.Dir, file string) {
	t.Helper()
	re := regexp.MustCompile(c.from)
	src := string(d.Read(file))
	if n := len(re.FindAllStringIndex(src, -1)); n != 1 {
		t.Fatalf("managed change: %s matches %d times in %s, want once:\n%s", c.from, n, file, src)
	}
	d.Write(file, re.ReplaceAllLiteralString(src, c.to))

	live := serverOptions(t, world, c.connection)
	mark := world.WriteCount()
	d.Must("apply", "-auto-approve", "-input=false")
	writes := world.Writes(mark)
	if len(writes) != 1 || writes[0].Method != http.MethodPatch || !strings.HasPrefix(writes[0].Path, "/api/v2/connections/con_") {
		t.Fatalf("managed change of %s: the tenant received %v, want one PATCH of the connection", c.key, describeWrites(writes))
	}
	var patch map[string]any
	if err := decodeJSON(writes[0].Body, &patch); err != nil {
		t.Fatal(err)
	}
	if len(patch) != 1 || patch["options"] == nil {
		t.Errorf("managed change of %s: the PATCH sent %s, want options alone", c.key, writes[0].Body)
	}
	rules := options.RulesFor(c.strategy)
	// What the tenant keeps as it likes: keys it consumes (sent again
	// because the configuration writes them) and encrypted values.
	theTenants := func(p options.Path) bool { return rules.IsServerConsumed(p) || rules.IsServerEncrypted(p) }
	want := []string{c.key}
	if got := differingLeaves(nil, live, asObject(patch["options"]), theTenants); !slices.Equal(got, want) {
		t.Errorf("managed change of %s: the PATCH's options differ from the tenant's in %v, want only %v", c.key, got, want)
	}
	// And, after the write, the keys it derives from others (a social
	// connection's scope from its flags) on every write.
	recomputed := func(p options.Path) bool {
		derived, _ := rules.ServerDerived(p)
		return derived || theTenants(p)
	}
	changed := withKey(live, c.key, c.value)
	if got := differingLeaves(nil, changed, serverOptions(t, world, c.connection), recomputed); len(got) > 0 {
		t.Errorf("managed change of %s: afterwards the tenant's options differ in %v from what it held with the new value", c.key, got)
	}
	d.PlanIsClean("after the managed change of " + c.key)
}

// differingLeaves lists the dotted paths whose values differ between two
// option trees, other than those skip names.
func differingLeaves(path options.Path, a, b any, skip func(options.Path) bool) []string {
	if len(path) > 0 && skip(path) {
		return nil
	}
	am, aObj := a.(map[string]any)
	bm, bObj := b.(map[string]any)
	if !aObj || !bObj {
		if reflect.DeepEqual(a, b) {
			return nil
		}
		return []string{strings.Join(path, ".")}
	}
	var out []string
	keys := slices.Sorted(maps.Keys(am))
	for _, k := range slices.Sorted(maps.Keys(bm)) {
		if _, ok := am[k]; !ok {
			keys = append(keys, k)
		}
	}
	slices.Sort(keys)
	for _, k := range keys {
		out = append(out, differingLeaves(append(slices.Clone(path), k), am[k], bm[k], skip)...)
	}
	return out
}

// withKey is a copy of opts with the dotted key set to value.
func withKey(opts map[string]any, key string, value any) map[string]any {
	out := map[string]any{}
	for k, v := range opts {
		out[k] = v
	}
	first, rest, nested := strings.Cut(key, ".")
	if !nested {
		out[first] = value
		return out
	}
	inner, _ := out[first].(map[string]any)
	out[first] = withKey(inner, rest, value)
	return out
}

func describeWrites(writes []tfcli.Request) []string {
	var out []string
	for _, w := range writes {
		out = append(out, w.Method+" "+w.Path+" "+string(w.Body))
	}
	return out
}
