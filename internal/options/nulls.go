package options

import "sort"

// RestoredNulls returns, sorted, the paths that managed sets to null (delete
// the key) where server holds a value other than null. Auth0 puts some keys
// back when they are absent (strategy defaults such as a database's
// passwordPolicy, keys derived from others such as an OIDC attribute_map),
// so deleting one cannot stick: every refresh shows the value again and
// every plan tries to delete it again.
func RestoredNulls(managed, server Object) []Path {
	var out []Path
	collectRestoredNulls(managed, server, nil, &out)
	sort.Slice(out, func(i, j int) bool { return lessPath(out[i], out[j]) })
	return out
}

func collectRestoredNulls(managed, server Object, base Path, out *[]Path) {
	for k, mv := range managed {
		sv, onServer := server[k]
		if !onServer || sv == nil {
			continue
		}
		p := base.child(k)
		switch m := mv.(type) {
		case nil:
			*out = append(*out, p)
		case Object:
			if so, ok := sv.(Object); ok {
				collectRestoredNulls(m, so, p, out)
			}
		}
	}
}
