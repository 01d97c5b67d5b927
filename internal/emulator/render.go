package emulator

import (
	"sort"
)

// topLevelOrder is the key order of connection bodies on the wire
// (recorded); unknown keys follow, sorted.
var topLevelOrder = []string{
	"id", "options", "strategy", "name", "provisioning_ticket_url", "is_domain_connection",
	"show_as_button", "authentication", "connected_accounts", "display_name", "enabled_clients",
	"realms", "metadata", "cross_app_access_requesting_app", "cross_app_access_resource_app",
}

var topLevelRank = func() map[string]int {
	m := map[string]int{}
	for i, k := range topLevelOrder {
		m[k] = i
	}
	return m
}()

// view says how a connection is rendered for one caller.
type view struct {
	options bool            // the token has read:connections_options
	fields  map[string]bool // nil = all fields
	include bool            // fields are included (true) or excluded (false)
	// noEnabledClients leaves enabled_clients out, as the list of a
	// client's connections does.
	noEnabledClients bool
}

// alwaysProjected are returned even when fields does not list them
// (recorded).
var alwaysProjected = map[string]bool{"id": true, "is_domain_connection": true, "authentication": true, "connected_accounts": true}

func (v view) keeps(key string) bool {
	if key == "options" && !v.options || key == "enabled_clients" && v.noEnabledClients {
		return false
	}
	if v.fields == nil || alwaysProjected[key] {
		return true
	}
	return v.fields[key] == v.include
}

// render builds the JSON body of a connection.
func (c *connection) render(v view) orderedObject {
	all := map[string]any{
		"id":              c.ID,
		"strategy":        c.Strategy,
		"name":            c.Name,
		"enabled_clients": stringsToJSON(c.EnabledClients),
	}
	for k, val := range c.Props {
		all[k] = val
	}
	keys := make([]string, 0, len(all))
	for k := range all {
		if v.keeps(k) {
			keys = append(keys, k)
		}
	}
	sort.Slice(keys, func(i, j int) bool {
		ri, okI := topLevelRank[keys[i]]
		rj, okJ := topLevelRank[keys[j]]
		switch {
		case okI && okJ:
			return ri < rj
		case okI != okJ:
			return okI
		}
		return keys[i] < keys[j]
	})
	out := make(orderedObject, len(keys))
	for i, k := range keys {
		out[i] = field{k, all[k]}
	}
	return out
}

func stringsToJSON(s []string) []any {
	out := make([]any, len(s))
	for i, v := range s {
		out[i] = v
	}
	return out
}

func jsonToStrings(v any) []string {
	arr, _ := v.([]any)
	out := make([]string, 0, len(arr))
	for _, e := range arr {
		if s, ok := e.(string); ok {
			out = append(out, s)
		}
	}
	return out
}

// sortedUnique returns the strings sorted ASCII without duplicates.
func sortedUnique(s []string) []string {
	out := append([]string(nil), s...)
	sort.Strings(out)
	w := 0
	for i, v := range out {
		if i == 0 || v != out[w-1] {
			out[w] = v
			w++
		}
	}
	return out[:w]
}

func (q *request) fullView() view {
	return view{options: q.hasScope(scopeReadConnectionsOptions)}
}

// inClientOptionOrder writes a create response's options in the client's
// key order, server-added keys after them: POST echoes the client's order,
// while GET and PATCH use jsonb order (recorded). Only the top level of
// options is ordered; nested objects stay in jsonb order.
func inClientOptionOrder(body orderedObject, order []string) orderedObject {
	for i, f := range body {
		opts, ok := f.Value.(map[string]any)
		if f.Key != "options" || !ok || len(order) == 0 {
			continue
		}
		ordered := make(orderedObject, 0, len(opts))
		seen := map[string]bool{}
		for _, k := range order {
			if v, has := opts[k]; has && !seen[k] {
				ordered = append(ordered, field{k, v})
				seen[k] = true
			}
		}
		var rest []string
		for k := range opts {
			if !seen[k] {
				rest = append(rest, k)
			}
		}
		sort.Slice(rest, func(a, b int) bool { return jsonbLess(rest[a], rest[b]) })
		for _, k := range rest {
			ordered = append(ordered, field{k, opts[k]})
		}
		body[i].Value = ordered
	}
	return body
}

// withEchoedNulls adds the echoed null options to a write's response body
// (on a copy: stored maps are never changed in place).
func withEchoedNulls(body orderedObject, echoed []string) orderedObject {
	if len(echoed) == 0 {
		return body
	}
	for i, f := range body {
		opts, ok := f.Value.(map[string]any)
		if f.Key != "options" || !ok {
			continue
		}
		cp := make(map[string]any, len(opts)+len(echoed))
		for k, v := range opts {
			cp[k] = v
		}
		for _, k := range echoed {
			cp[k] = nil
		}
		body[i].Value = cp
	}
	return body
}
