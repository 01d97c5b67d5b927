package options

import (
	"encoding/json"
	"errors"
	"math/rand/v2"
	"slices"
	"testing"
)

// Fuzz targets. Run them with, for example:
//
//	go test ./internal/options -run '^$' -fuzz FuzzMergeProject -fuzztime 60s
//	go test ./internal/options -run '^$' -fuzz FuzzParse -fuzztime 60s
//
// Without -fuzz, `go test` runs the seeds below and testdata/fuzz/*.

// fuzzKeys is a small key alphabet, so that generated live, prior and
// desired trees collide on keys often, and hit the rules' special paths
// (atomic upstream entries, encrypted configuration, derived scope/cert,
// consumed metadataXml, secrets).
var fuzzKeys = []string{
	"a", "b", "c", "mfa", "active", "upstream_params", "configuration",
	"scope", "cert", "metadataXml", "client_secret", "value",
}

var fuzzNumbers = []string{"0", "1", "1.0", "-0", "2e0", "12345678901234567890"}

// byteSource hands out bytes of the fuzz input, then zeros.
type byteSource struct {
	b []byte
	i int
}

func (s *byteSource) next() int {
	if s.i >= len(s.b) {
		return 0
	}
	c := s.b[s.i]
	s.i++
	return int(c)
}

// treeFrom returns the input parsed as an options object when it is one,
// else an object generated from its bytes: most fuzz mutations of JSON are
// not JSON, and a generated tree exercises the merge far better than a parse
// error would.
func treeFrom(s string) Object {
	if s == "" {
		return nil
	}
	if o, err := Parse(s); err == nil {
		return o
	}
	src := &byteSource{b: []byte(s)}
	return genObject(src, 0)
}

func genObject(src *byteSource, depth int) Object {
	o := Object{}
	n := src.next() % 5
	for i := 0; i < n; i++ {
		o[fuzzKeys[src.next()%len(fuzzKeys)]] = genValue(src, depth+1)
	}
	return o
}

func genValue(src *byteSource, depth int) any {
	switch c := src.next() % 8; {
	case c == 0:
		return nil
	case c == 1:
		return src.next()%2 == 0
	case c == 2:
		return json.Number(fuzzNumbers[src.next()%len(fuzzNumbers)])
	case c == 3:
		return []string{"x", "y", "", "login_hint"}[src.next()%4]
	case c == 4:
		arr := []any{}
		for i := src.next() % 3; i > 0; i-- {
			arr = append(arr, genValue(src, maxDepth)) // scalars only
		}
		return arr
	case c == 5 && depth < 4:
		return Object{[]string{"value", "alias"}[src.next()%2]: "login_hint"}
	case depth < 4:
		return genObject(src, depth)
	default:
		return "leaf"
	}
}

func FuzzMergeProject(f *testing.F) {
	seeds := []struct{ live, prior, desired string }{
		{`{"passwordPolicy":"good","brute_force_protection":true,"dashboard_only":"x"}`, `{"passwordPolicy":"good"}`, `{"passwordPolicy":"excellent"}`},
		{`{"mfa":{"active":true,"return_enroll_settings":true}}`, `{"mfa":{"active":true}}`, `{}`},
		{`{"upstream_params":{"screen_name":{"value":"me"},"lang":{"value":"en"}}}`, `{"upstream_params":{"screen_name":{"value":"me"}}}`, `{"upstream_params":{"screen_name":{"alias":"login_hint"}}}`},
		{`{"configuration":{"A":"CkIK-1","B":"CkIK-2"}}`, `{"configuration":{"A":"a"}}`, `{"configuration":{"A":"new","C":null}}`},
		{`{"a":{"b":{"c":1}},"z":0}`, `{"a":{"b":{"c":1}}}`, `{"a":{"b":{}}}`},
		{`{"a":5}`, `{"a":{"b":1}}`, `{"a":{"c":null}}`},
		{`{"scope":["email"],"cert":"x"}`, `{"scope":["email"]}`, `{"scope":null,"metadataXml":"<x/>"}`},
		{"\x03\x01\x06\x02\x05\x00\x07", "\x02\x05\x06\x01\x01", "\x04\x00\x00\x06\x03\x02\x01"},
	}
	for i, s := range seeds {
		f.Add(s.live, s.prior, s.desired, uint8(i))
	}
	strategies := Strategies()
	f.Fuzz(func(t *testing.T, liveIn, priorIn, desiredIn string, strategy uint8) {
		live, prior, desired := treeFrom(liveIn), treeFrom(priorIn), treeFrom(desiredIn)
		// Exercise the strategies with special rules more than the rest.
		special := []string{"auth0", "samlp", "google-oauth2", "okta", "github"}
		name := special[int(strategy)%len(special)]
		if strategy >= 128 {
			name = strategies[int(strategy)%len(strategies)]
		}
		r := RulesFor(name)
		checkMergeInvariants(t, live, prior, desired, r)
		checkAdoptionInvariants(t, live, LeafPaths(prior, r), desired, r)
	})
}

// checkMergeInvariants is the heart of the fuzz test; the table tests call
// it too.
func checkMergeInvariants(t *testing.T, live, prior, desired Object, r Rules) {
	t.Helper()
	before := Encode(live) + Encode(prior) + Encode(desired)
	merged := Merge(live, prior, desired, r)
	if Encode(live)+Encode(prior)+Encode(desired) != before {
		t.Fatal("Merge modified its inputs")
	}
	if merged == nil {
		t.Fatal("Merge returned nil")
	}

	// 1. Unmanaged keys of live survive untouched.
	managedLeaves := append(LeafPaths(prior, r), LeafPaths(desired, r)...)
	managedPaths := append(allPaths(prior), allPaths(desired)...)
	for _, p := range LeafPaths(live, r) {
		if isManaged(p, managedLeaves, managedPaths) {
			continue
		}
		want, _ := valueAt(live, p)
		got, ok := valueAt(merged, p)
		if !ok || !Equal(got, want) {
			t.Fatalf("unmanaged %s lost: live %s, merged %s", p, Encode(live), Encode(merged))
		}
	}

	// 2. Leaf paths removed from the configuration are gone.
	for _, p := range LeafPaths(prior, r) {
		if !hasPath(desired, p) && hasPath(merged, p) {
			t.Fatalf("%s was removed from the configuration but survived: prior %s desired %s merged %s",
				p, Encode(prior), Encode(desired), Encode(merged))
		}
	}

	// 3. Configured values win: the server's view of the managed tree after
	// the merge is the configuration (nulls read as "deleted", encrypted,
	// derived and consumed keys as the configured value).
	if desired != nil {
		if got := Project(merged, desired, r); !Equal(got, desired) {
			t.Fatalf("projection of the merge is not the configuration:\n desired   %s\n projected %s\n merged    %s",
				Encode(desired), Encode(got), Encode(merged))
		}
	}

	// 4. Merging again (the configuration is now the prior) changes nothing.
	if again := Merge(merged, desired, desired, r); !Equal(again, merged) {
		t.Fatalf("merge is not idempotent:\n first  %s\n second %s", Encode(merged), Encode(again))
	}
}

// checkAdoptionInvariants checks the merge of an adopted connection: live
// is the server, written the paths configurations wrote (Merge's prior),
// desired the configuration, and the state holds every key of live a
// refresh can show (an import adopts them all).
func checkAdoptionInvariants(t *testing.T, live Object, written []Path, desired Object, r Rules) {
	t.Helper()
	merged := Merge(live, Written(written), desired, r)
	state := Omit(importable(live, nil, r), encryptedLeaves(live, r))

	// 1. No key outside the written tree is ever deleted: a live key the
	// configuration does not write survives unless it is under a written
	// path.
	for _, p := range LeafPaths(live, r) {
		if underAny(p, written) || writes(desired, p, r) {
			continue
		}
		want, _ := valueAt(live, p)
		if got, ok := valueAt(merged, p); !ok || !Equal(got, want) {
			t.Fatalf("%s was written by no configuration, yet the merge changed it:\n live    %s\n written %v\n desired %s\n merged  %s",
				p, Encode(live), written, Encode(desired), Encode(merged))
		}
	}

	// 2. A settled plan keeps the state: the merge it skips would have
	// changed nothing the server shows as written.
	if desired != nil && Settled(state, desired, written, r) {
		if got, want := comparableParts(merged, r), comparableParts(live, r); !Equal(got, want) {
			t.Fatalf("settled, yet the merge changes the server:\n live    %s\n desired %s\n written %v\n merged  %s",
				Encode(live), Encode(desired), written, Encode(merged))
		}
	}

	// 3. Released keys stay on the server as they were, and leave the
	// state the configuration projects to.
	projected := Project(merged, desired, r)
	for _, p := range Released(state, desired, written, r) {
		want, _ := valueAt(live, p)
		if got, ok := valueAt(merged, p); !ok || !Equal(got, want) {
			t.Fatalf("released %s did not stay on the server: live %s merged %s", p, Encode(live), Encode(merged))
		}
		if hasPath(projected, p) {
			t.Fatalf("released %s is still in the projected state %s", p, Encode(projected))
		}
	}
}

// writes reports whether a merge of desired sets or deletes p: desired has
// p, or a value at an ancestor of p that replaces it (anything but an
// object that merges key by key).
func writes(desired Object, p Path, r Rules) bool {
	for i := 1; i <= len(p); i++ {
		v, ok := valueAt(desired, p[:i])
		if !ok {
			return false
		}
		if _, isObject := v.(Object); !isObject || r.isAtomic(p[:i]) || i == len(p) {
			return true
		}
	}
	return false
}

// encryptedLeaves lists the server-encrypted leaves of o: an import leaves
// them out, the server showing only their ciphertext.
func encryptedLeaves(o Object, r Rules) []Path {
	var out []Path
	for _, p := range LeafPaths(o, r) {
		if r.IsServerEncrypted(p) {
			out = append(out, p)
		}
	}
	return out
}

// comparable is o as a state can compare it with a configuration: without
// nulls, the keys the server derives, encrypts or consumes, and empty
// objects.
func comparableParts(o Object, r Rules) Object {
	var drop []Path
	for _, p := range LeafPaths(o, r) {
		v, _ := valueAt(o, p)
		derived, _ := r.ServerDerived(p)
		empty := false
		if sub, ok := v.(Object); ok && len(sub) == 0 {
			empty = true
		}
		if v == nil || empty || derived || r.IsServerEncrypted(p) || r.IsServerConsumed(p) {
			drop = append(drop, p)
		}
	}
	return Omit(o, drop)
}

// isManaged: p is under a managed leaf, or above any managed path.
func isManaged(p Path, leaves, paths []Path) bool {
	for _, m := range leaves {
		if hasPrefix(p, m) {
			return true
		}
	}
	for _, q := range paths {
		if hasPrefix(q, p) {
			return true
		}
	}
	return false
}

// hasPrefix reports whether q is a prefix of p.
func hasPrefix(p, q Path) bool {
	return len(q) <= len(p) && slices.Equal(p[:len(q)], q)
}

// allPaths lists every path of o, objects included.
func allPaths(o Object) []Path {
	var out []Path
	var walk func(Object, Path)
	walk = func(o Object, base Path) {
		for k, v := range o {
			p := base.child(k)
			out = append(out, p)
			if sub, ok := v.(Object); ok {
				walk(sub, p)
			}
		}
	}
	walk(o, nil)
	return out
}

func FuzzParse(f *testing.F) {
	for _, s := range []string{
		`{}`, `{"a":1}`, `{"a":{"b":[1,2,{"c":null}]},"d":"\u00e9\n"}`, `{"a":1,"a":2}`,
		`{"n":1.50e+3}`, `[]`, `{"a":1} x`, `{"s":"<&>"}`, "{\"\xff\":\"\xfe\"}", `{"deep":[[[[[[]]]]]]}`,
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		o, err := Parse(s)
		if err != nil {
			var pe *parseError
			if !errors.As(err, &pe) {
				t.Fatalf("Parse error is a %T, not a *parseError: %v", err, err)
			}
			return
		}
		enc := Encode(o)
		o2, err := Parse(enc)
		if err != nil {
			t.Fatalf("Encode produced unparsable JSON %q: %v", enc, err)
		}
		if !Equal(o, o2) {
			t.Fatalf("round trip changed the value: %q -> %q", s, enc)
		}
		if enc2 := Encode(o2); enc2 != enc {
			t.Fatalf("encoding is not canonical: %q then %q", enc, enc2)
		}
		if !Equal(Clone(o), o) {
			t.Fatal("Clone is not Equal to the original")
		}
	})
}

// A few deterministic runs of the invariants over generated trees, so that
// plain `go test` covers them beyond the seeds.
func TestMergeInvariantsGenerated(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	special := []string{"auth0", "samlp", "google-oauth2", "okta", "github"}
	nonEmpty := 0
	for i := 0; i < 5000; i++ {
		buf := make([]byte, 96)
		for j := range buf {
			buf[j] = byte(rng.Uint32())
		}
		src := &byteSource{b: buf}
		live, prior, desired := genObject(src, 0), genObject(src, 0), genObject(src, 0)
		if len(live) > 0 && len(prior) > 0 && len(desired) > 0 {
			nonEmpty++
		}
		r := RulesFor(special[i%len(special)])
		checkMergeInvariants(t, live, prior, desired, r)
		checkAdoptionInvariants(t, live, LeafPaths(prior, r), desired, r)
	}
	if nonEmpty < 1000 {
		t.Fatalf("generator too weak: only %d of 5000 cases had three non-empty trees", nonEmpty)
	}
}
