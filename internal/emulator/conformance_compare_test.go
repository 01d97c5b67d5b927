package emulator

import (
	"fmt"
	"strings"
)

func strategyOf(v any) string {
	if m, ok := v.(map[string]any); ok {
		if s, ok := m["strategy"].(string); ok {
			return "[" + s + "]"
		}
	}
	return ""
}

func routeTemplate(p string) string {
	segs := strings.Split(p, "/")
	for i, s := range segs {
		switch {
		case recordedConnIDRE.MatchString(s) || (i > 0 && segs[i-1] == "clients" && recordedClientIDRE.MatchString(s)):
			segs[i] = "{id}"
		case recordedTokenIDRE.MatchString(s):
			segs[i] = "{token_id}"
		}
	}
	return strings.Join(segs, "/")
}

// comparer compares one recorded response with the emulator's.
type comparer struct {
	era   map[string]bool // era keys of this exchange's route, beside eraKeys
	diffs []string
}

func (c *comparer) add(format string, args ...any) {
	c.diffs = append(c.diffs, fmt.Sprintf(format, args...))
}

// shapes compares key sets recursively (see the file comment).
func (c *comparer) shapes(path string, rec, got any) {
	switch r := rec.(type) {
	case nil:
		if got != nil && path == "" {
			c.add("body present, recorded empty")
		}
	case map[string]any:
		g, ok := got.(map[string]any)
		if !ok {
			c.add("%s: %s, recorded object", nonEmpty(path), jsonTypeName(got))
			return
		}
		inOptions := path == "options" || strings.HasSuffix(path, "].options")
		for k := range r {
			if _, has := g[k]; !has && !(inOptions && ignoredOptionKeys[k]) {
				c.add("missing %s", join(path, k))
			}
		}
		for k := range g {
			if _, has := r[k]; !has && !eraKeys[k] && !c.era[k] && !(inOptions && ignoredOptionKeys[k]) {
				c.add("extra %s", join(path, k))
			}
		}
		for k, rv := range r {
			gv, has := g[k]
			sub := join(path, k)
			if !has || volatileSubtrees[stripIndex(sub)] || (inOptions && ignoredOptionKeys[k]) {
				continue
			}
			c.shapes(sub, rv, gv)
		}
	case []any:
		g, ok := got.([]any)
		if !ok {
			c.add("%s: %s, recorded array", nonEmpty(path), jsonTypeName(got))
			return
		}
		if path != "" && path != "connections" && path != "clients" {
			c.leaf(path, rec, got) // arrays of values (realms, scope, mapping, groups…)
			return
		}
		if len(g) != len(r) {
			c.add("%s: %d items, recorded %d", nonEmpty(path), len(g), len(r))
			return
		}
		for i := range r {
			c.shapes(fmt.Sprintf("%s[]", path), r[i], g[i])
		}
	default:
		c.leaf(path, rec, got)
	}
}

// leaf compares scalar values and arrays of values: the client's echoed
// values and the server-derived ones (scope, realms, defaults, mappings)
// must be the recorded ones, except where they cannot be (unequalValues).
func (c *comparer) leaf(path string, rec, got any) {
	p := stripIndex(path)
	for q := p; q != ""; q = parentPath(q) {
		if unequalValues[q] {
			return
		}
	}
	if rewrite, ok := recordedRewrites[p]; ok {
		rec = rewrite(rec)
	}
	if string(encodeJSON(rec)) != string(encodeJSON(got)) {
		c.add("value of %s: %s, recorded %s", nonEmpty(path), truncate(string(encodeJSON(got)), 80), truncate(string(encodeJSON(rec)), 80))
	}
}

func parentPath(p string) string {
	if i := strings.LastIndex(p, "."); i >= 0 {
		return p[:i]
	}
	return ""
}

func join(path, k string) string {
	if path == "" {
		return k
	}
	return path + "." + k
}

func nonEmpty(path string) string {
	if path == "" {
		return "body"
	}
	return path
}

// stripIndex turns "connections[].options.x" into "options.x" so subtree
// rules apply to list items too.
func stripIndex(p string) string {
	if i := strings.Index(p, "[]."); i >= 0 {
		return p[i+3:]
	}
	return p
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "…"
}
