package options

import "testing"

func TestUpstreamTreeAndEntries(t *testing.T) {
	entries := jo(t, `{"login_hint":{"alias":"login_hint"},"tenant":{"value":"acme"}}`)
	tree := UpstreamTree(entries)
	assertJSON(t, "tree", tree, `{"upstream_params":{"login_hint":{"alias":"login_hint"},"tenant":{"value":"acme"}}}`)
	assertJSON(t, "entries back", UpstreamEntries(tree), Encode(entries))
	if UpstreamTree(nil) != nil {
		t.Error("UpstreamTree(nil) is not nil")
	}
	for _, o := range []string{`{}`, `{"upstream_params":null}`, `{"upstream_params":"x"}`} {
		if got := UpstreamEntries(jo(t, o)); got != nil {
			t.Errorf("UpstreamEntries(%s) = %v, want nil", o, got)
		}
	}
}

func TestSetsUpstream(t *testing.T) {
	for o, want := range map[string]bool{
		`{}`:                        false,
		`{"scope":"openid"}`:        false,
		`{"upstream_params":null}`:  true,
		`{"upstream_params":{}}`:    true,
		`{"upstream_params":"odd"}`: true,
	} {
		if got := SetsUpstream(jo(t, o)); got != want {
			t.Errorf("SetsUpstream(%s) = %v, want %v", o, got, want)
		}
	}
}
