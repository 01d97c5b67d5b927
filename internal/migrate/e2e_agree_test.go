package migrate

import (
	"net/http"
	"testing"

	"github.com/openauth0/terraform-provider-auth0/internal/options"
	"github.com/openauth0/terraform-provider-auth0/internal/tfcli"
)

// agreeWithOfficial checks a converted file against what auth0/auth0 did
// when it applied the original: connection by connection, the converted
// options, secret_options, upstream_params and top-level arguments are a
// subset of the request the official provider made to create it, with
// equal values (so the key names and value encodings are the ones it
// used); nothing it sent is missing from the conversion (so this provider
// manages every key it managed); and the tenant holds the same values.
func agreeWithOfficial(t *testing.T, world *tfcli.World, converted []byte) {
	t.Helper()
	creates := officialCreates(t, world)
	sent, held := &comparison{}, &comparison{}
	var missing []string
	for addr, c := range evalConnections(t, converted) {
		name, _ := c.Top["name"].(string)
		body := creates[name]
		if body == nil {
			t.Errorf("%s: the official provider sent no POST for %q", addr, name)
			continue
		}
		mine, theirs := c.combined(), asObject(body["options"])
		// Option paths are relative to the options object, as the rules
		// of internal/options take them; top-level arguments are compared
		// with the request's top level.
		sent.subset(nil, mine, theirs, compareAll)
		missing = append(missing, extras(nil, mine, theirs)...)
		for k, v := range c.Top {
			sent.subset(options.Path{"(top level)", k}, v, body[k], compareAll)
		}
		held.subset(nil, mine, serverOptions(t, world, name), serverRule(c.Strategy))
	}
	for _, m := range append(sent.mismatches, missing...) {
		t.Errorf("official request: %s", m)
	}
	for _, m := range held.mismatches {
		t.Errorf("server's options: %s", m)
	}
	t.Logf("against the official requests: %s, %d sent and not converted; against the server: %s", sent, len(missing), held)
}

// officialCreates returns the bodies of the connection creations the tenant
// received, by connection name.
func officialCreates(t *testing.T, world *tfcli.World) map[string]map[string]any {
	t.Helper()
	out := map[string]map[string]any{}
	for _, r := range world.Writes(0) {
		if r.Method != http.MethodPost || r.Path != "/api/v2/connections" {
			continue
		}
		var body map[string]any
		if err := decodeJSON(r.Body, &body); err != nil {
			t.Fatalf("POST /api/v2/connections: %v: %s", err, r.Body)
		}
		name, _ := body["name"].(string)
		out[name] = body
	}
	return out
}

// serverOptions reads the options of the named connection from the tenant.
func serverOptions(t *testing.T, world *tfcli.World, name string) map[string]any {
	t.Helper()
	conn, err := world.Client.FindConnectionByName(t.Context(), name)
	if err != nil {
		t.Fatalf("reading %s: %v", name, err)
	}
	var opts map[string]any
	if err := decodeJSON(conn.Options, &opts); err != nil {
		t.Fatalf("options of %s: %v", name, err)
	}
	return opts
}

func asObject(v any) map[string]any {
	m, _ := v.(map[string]any)
	return m
}

// jsonAttr decodes a JSON string attribute of a plan; nil when unset.
func jsonAttr(t *testing.T, v any) map[string]any {
	t.Helper()
	s, ok := v.(string)
	if !ok || s == "" {
		return nil
	}
	var m map[string]any
	if err := decodeJSON([]byte(s), &m); err != nil {
		t.Fatalf("planned value is not a JSON object: %v: %s", err, s)
	}
	return m
}
