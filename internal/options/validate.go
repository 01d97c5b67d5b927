package options

import (
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"
)

// Severity of a Problem.
type Severity int

const (
	// Error makes the plan fail: the API would reject the value, or it would
	// expose a secret.
	Error Severity = iota
	// Warning is shown but does not stop the plan.
	Warning
)

func (s Severity) String() string {
	if s == Warning {
		return "warning"
	}
	return "error"
}

// Problem is one finding of Validate or ValidateSecrets. Path is relative to
// the validated object; Detail does not repeat it.
type Problem struct {
	Path     Path
	Severity Severity
	Summary  string
	Detail   string
}

func (p Problem) String() string {
	return fmt.Sprintf("%s: %s: %s: %s", p.Severity, p.Path, p.Summary, p.Detail)
}

// Validate checks the public options object of a strategy: the JSON type,
// enum values and numeric ranges of every known key (at any depth);
// upstream_params' shape and aliases; a secret key is an Error naming
// secret_options; a server-derived key is a Warning with the hint. Unknown
// keys pass, because Auth0 adds options over time; only inside objects whose
// schema is closed does an unknown key get a Warning. "required" is never
// checked: the configuration manages some keys, the merge keeps the rest.
func Validate(strategy string, opts Object) []Problem {
	r := RulesFor(strategy)
	v := &validator{rules: r, placement: publicPlacement}
	v.members(nil, opts, r.rootSpec())
	return v.problems
}

// ValidateSecrets checks the secret_options object: every key must be a
// secret key for the strategy (else an Error saying it belongs in options),
// and known secrets are type-checked like Validate does.
func ValidateSecrets(strategy string, secrets Object) []Problem {
	r := RulesFor(strategy)
	v := &validator{rules: r, placement: secretPlacement}
	v.secretMembers(nil, secrets, r.rootSpec())
	return v.problems
}

// rootSpec is the options object itself: open, with the strategy's known
// top-level keys (none for the generic rules).
func (r Rules) rootSpec() *spec {
	return &spec{kinds: kObject, fields: r.profile().fields}
}

type placement int

const (
	publicPlacement placement = iota // validating options: secrets do not belong here
	secretPlacement                  // validating secret_options
	anyPlacement                     // inside a subtree already classified
)

type validator struct {
	rules     Rules
	placement placement
	problems  []Problem
}

func (v *validator) add(path Path, sev Severity, summary, format string, args ...any) {
	v.problems = append(v.problems, Problem{
		Path:     path,
		Severity: sev,
		Summary:  summary,
		Detail:   fmt.Sprintf(format, args...),
	})
}

// members checks each member of an object against s (nil: nothing known).
func (v *validator) members(path Path, o Object, s *spec) {
	for _, k := range slices.Sorted(maps.Keys(o)) {
		child := path.child(k)
		val := o[k]
		if v.placement == publicPlacement && v.misplaced(child) {
			continue
		}
		if ms := memberSpec(s, k); ms != nil {
			v.value(child, val, ms)
		} else if s != nil && s.closed {
			v.add(child, Warning, "Unknown option key",
				"%q is not a documented key of %s; the Auth0 API rejects unknown keys in this object",
				k, describeParent(path))
		}
	}
}

// misplaced reports (and records) a secret in options, or a server-derived
// key. It returns true when the subtree must not be checked further.
func (v *validator) misplaced(p Path) bool {
	if v.rules.IsSecret(p) {
		v.add(p, Error, "Secret option in options",
			"%s is a secret: move it to secret_options (or secret_options_wo) so it is kept out of plans, state diffs and logs",
			p)
		return true
	}
	if derived, hint := v.rules.ServerDerived(p); derived {
		v.add(p, Warning, "Server-derived option",
			"%s is computed by Auth0 and a configured value is ignored or overwritten: %s", p, hint)
		return true
	}
	return false
}

// secretMembers walks secret_options down to the secret keys.
func (v *validator) secretMembers(path Path, o Object, s *spec) {
	for _, k := range slices.Sorted(maps.Keys(o)) {
		child := path.child(k)
		val := o[k]
		ms := memberSpec(s, k)
		switch {
		case v.rules.IsSecret(child):
			if derived, hint := v.rules.ServerDerived(child); derived {
				v.add(child, Warning, "Server-derived option",
					"%s is set by Auth0 and a configured value may be overwritten: %s", child, hint)
			}
			if ms != nil {
				inner := &validator{rules: v.rules, placement: anyPlacement}
				inner.value(child, val, ms)
				v.problems = append(v.problems, inner.problems...)
			}
		case isNonEmptyObject(val) && !v.rules.isAtomic(child):
			sub, _ := val.(Object)
			v.secretMembers(child, sub, ms)
		default:
			v.add(child, Error, "Option belongs in options",
				"%s is not a secret option of strategy %q: it belongs in options", child, v.rules.Strategy())
		}
	}
}

func memberSpec(s *spec, key string) *spec {
	if s == nil {
		return nil
	}
	if ms, ok := s.fields[key]; ok {
		return ms
	}
	return s.values
}

// value checks one value against its spec.
func (v *validator) value(path Path, val any, s *spec) {
	k, num, ok := kindOf(val)
	if !ok {
		v.add(path, Error, "Invalid option type", "expected %s, got a %T", kindNames(s.kinds), val)
		return
	}
	if k == kNull {
		// A configured null deletes the key (see Merge): it never reaches
		// the API as a value, so any key may be null.
		return
	}
	if !s.accepts(k) {
		v.add(path, Error, "Invalid option type", "expected %s, got %s", kindNames(s.kinds), describeKind(k))
		return
	}
	switch val := val.(type) {
	case bool: // any bool is valid where a bool is accepted
	case string:
		v.stringValue(path, val, s)
	case []any:
		v.arrayValue(path, val, s)
	case Object:
		if s.upstream {
			v.upstreamParams(path, val)
			return
		}
		v.members(path, val, s)
	default: // a number, as kindOf found
		v.numberValue(path, val, num, s)
	}
}

func (v *validator) stringValue(path Path, str string, s *spec) {
	if len(s.enum) > 0 && !contains(s.enum, str) {
		v.add(path, Error, "Invalid option value", "must be one of %s, got %q", quoteAll(s.enum), str)
		return
	}
	n := jsLength(str)
	if n < s.minLen {
		v.add(path, Error, "Invalid option value", "must be at least %d characters long, got %d", s.minLen, n)
	}
	if s.maxLen > 0 && n > s.maxLen {
		v.add(path, Error, "Invalid option value", "must be at most %d characters long, got %d", s.maxLen, n)
	}
}

func (v *validator) numberValue(path Path, val any, num decimal, s *spec) {
	f := num.float()
	switch {
	case s.hasMin && s.hasMax && (f < s.min || f > s.max):
		v.add(path, Error, "Option value out of range", "must be between %s and %s, got %s",
			fmtBound(s.min), fmtBound(s.max), jsonText(val))
	case s.hasMin && f < s.min:
		v.add(path, Error, "Option value out of range", "must be at least %s, got %s", fmtBound(s.min), jsonText(val))
	}
}

func (v *validator) arrayValue(path Path, a []any, s *spec) {
	if len(a) < s.minItems {
		v.add(path, Error, "Invalid option value", "must have at least %d items, got %d", s.minItems, len(a))
	}
	if s.maxItems > 0 && len(a) > s.maxItems {
		v.add(path, Error, "Invalid option value", "must have at most %d items, got %d", s.maxItems, len(a))
	}
	if s.items == nil {
		return
	}
	for i, e := range a {
		v.value(path.child(indexSegment(i)), e, s.items)
	}
}

// upstreamParams checks options.upstream_params: a map of parameter name to
// exactly one of {"value": string} (static) or {"alias": <one of 12>}
// (dynamic), as Auth0's OpenAPI schema and documentation define them.
func (v *validator) upstreamParams(path Path, o Object) {
	prof := v.rules.profile()
	if prof.noUpstreamParams && len(o) > 0 {
		v.add(path, Warning, "Upstream parameters not supported",
			"%s connections use SAML or WS-Federation, which have no request parameters to forward; the API stores upstream_params but the identity provider never receives them",
			prof.strategy)
	}
	if prof.upstreamMax > 0 && len(o) > prof.upstreamMax {
		v.add(path, Error, "Too many upstream parameters", "%s allows at most %d upstream parameters, got %d",
			prof.strategy, prof.upstreamMax, len(o))
	}
	for _, name := range slices.Sorted(maps.Keys(o)) {
		v.upstreamEntry(path.child(name), o[name])
	}
}

func (v *validator) upstreamEntry(path Path, entry any) {
	const shape = `an upstream parameter is {"value": "<static value>"} or {"alias": "<request parameter>"}`
	e, ok := entry.(Object)
	if !ok {
		k, _, _ := kindOf(entry)
		v.add(path, Error, "Invalid upstream parameter", "%s, got %s", shape, describeKind(k))
		return
	}
	value, hasValue := e["value"]
	alias, hasAlias := e["alias"]
	for _, k := range slices.Sorted(maps.Keys(e)) {
		if k != "value" && k != "alias" {
			v.add(path.child(k), Error, "Invalid upstream parameter", "unknown key %q: %s", k, shape)
		}
	}
	switch {
	case hasValue && hasAlias:
		v.add(path, Error, "Invalid upstream parameter", "set exactly one of value and alias, not both")
	case !hasValue && !hasAlias:
		v.add(path, Error, "Invalid upstream parameter", "set exactly one of value and alias: %s", shape)
	case hasValue:
		if _, ok := value.(string); !ok {
			k, _, _ := kindOf(value)
			v.add(path.child("value"), Error, "Invalid upstream parameter", "value must be a string, got %s", describeKind(k))
		}
	default:
		s, ok := alias.(string)
		if !ok || !contains(upstreamAliases, s) {
			v.add(path.child("alias"), Error, "Invalid upstream parameter", "alias must be one of %s, got %s",
				quoteAll(upstreamAliases), jsonText(alias))
		}
	}
}

func describeParent(path Path) string {
	if len(path) == 0 {
		return "options"
	}
	return path.String()
}

func isNonEmptyObject(v any) bool {
	o, ok := v.(Object)
	return ok && len(o) > 0
}

func contains(list []string, s string) bool {
	for _, e := range list {
		if e == s {
			return true
		}
	}
	return false
}

func quoteAll(list []string) string {
	q := make([]string, len(list))
	for i, s := range list {
		q[i] = strconv.Quote(s)
	}
	return strings.Join(q, ", ")
}

func fmtBound(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }
