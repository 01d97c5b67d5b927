package migrate

import (
	"fmt"
	"maps"
	"reflect"
	"slices"

	"github.com/openauth0/terraform-provider-auth0/internal/options"
)

// comparison counts how the converted configuration's JSON agrees with a
// reference (what the official provider sent, what the server holds).
type comparison struct {
	matched    int
	mismatches []string
}

func (c *comparison) String() string {
	return fmt.Sprintf("%d keys matched, %d mismatched", c.matched, len(c.mismatches))
}

// how a path is compared against the server.
type pathRule int

const (
	compareValue pathRule = iota
	comparePresence
	skipPath
)

// subset checks that every leaf of want is in have with an equal value.
// Objects are compared key by key; arrays and scalars whole.
func (c *comparison) subset(path options.Path, want, have any, rule func(options.Path) pathRule) {
	switch rule(path) {
	case skipPath:
		return
	case comparePresence:
		if have == nil {
			c.mismatches = append(c.mismatches, fmt.Sprintf("%s: missing", path))
		} else {
			c.matched++
		}
		return
	}
	wm, wantObj := want.(map[string]any)
	hm, haveObj := have.(map[string]any)
	if wantObj && haveObj {
		for _, k := range slices.Sorted(maps.Keys(wm)) {
			c.subset(append(append(options.Path(nil), path...), k), wm[k], hm[k], rule)
		}
		return
	}
	if reflect.DeepEqual(want, have) {
		c.matched++
		return
	}
	c.mismatches = append(c.mismatches, fmt.Sprintf("%s: converted %s, reference %s", path, show(want), show(have)))
}

// extras lists the leaves of have that want lacks, other than null and
// empty objects (the official provider sends some keys as null when unset,
// and email's settings object always).
func extras(path options.Path, want, have any) []string {
	hm, haveObj := have.(map[string]any)
	if !haveObj {
		return nil
	}
	wm, _ := want.(map[string]any)
	var out []string
	for _, k := range slices.Sorted(maps.Keys(hm)) {
		p := append(append(options.Path(nil), path...), k)
		w, present := wm[k]
		switch v := hm[k].(type) {
		case nil:
		case map[string]any:
			if len(v) > 0 || present {
				out = append(out, extras(p, w, v)...)
			}
		default:
			if !present {
				out = append(out, fmt.Sprintf("%s: sent %s, not in the conversion", p, show(v)))
			}
		}
	}
	return out
}

func show(v any) string {
	s := fmt.Sprintf("%v", v)
	if len(s) > 80 {
		s = s[:77] + "..."
	}
	return s
}

func compareAll(options.Path) pathRule { return compareValue }

// serverRule compares against the server's copy: encrypted values
// (configuration) only by presence, keys the server consumes
// (metadataXml) not at all.
func serverRule(strategy string) func(options.Path) pathRule {
	r := options.RulesFor(strategy)
	return func(p options.Path) pathRule {
		switch {
		case r.IsServerConsumed(p):
			return skipPath
		case r.IsServerEncrypted(p):
			return comparePresence
		}
		return compareValue
	}
}
