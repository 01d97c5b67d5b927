package migrate

import (
	"fmt"
	"strings"

	"github.com/hashicorp/hcl/v2/hclwrite"

	"github.com/openauth0/terraform-provider-auth0/internal/options"
)

// optionsConversion walks one official options block and builds the three
// attributes that replace it: options (public keys), secret_options (the
// keys this provider treats as secrets) and upstream_params.
type optionsConversion struct {
	b        *blockConversion
	strategy *strategyRows
	rules    options.Rules
	public   *object
	secret   *object
	upstream string
	// upstreamLead are the comments of the upstream_params attribute.
	upstreamLead []string
	// pending are comments waiting for the next entry (those above a nested
	// block, or standing on their own).
	pending []string
	seen    map[string]bool
}

func newOptionsConversion(b *blockConversion, s *strategyRows) *optionsConversion {
	return &optionsConversion{
		b: b, strategy: s, rules: options.RulesFor(s.Name),
		public: newObject(), secret: newObject(), seen: map[string]bool{},
	}
}

func (oc *optionsConversion) stream() *stream { return oc.b.pf.s }

// body converts the items of a block's body; prefix is the block's path
// ("" for options itself, "password_history." for a nested block).
func (oc *optionsConversion) body(body *hclwrite.Body, prefix string, parent item) {
	s := oc.stream()
	open, closing, _ := s.braces(parent)
	pos := open + 1
	headersDone := false
	for _, it := range s.items(body) {
		oc.pending = append(oc.pending, s.comments(pos, it.from)...)
		pos = it.to
		path := prefix + it.name
		line := s.line(it.from)
		if !it.isBlock() {
			oc.attribute(it, path, line)
			continue
		}
		switch row := oc.strategy.row(path); {
		case it.name == "dynamic":
			oc.b.fail(line, fmt.Sprintf("dynamic %q block inside options", strings.Join(it.block.Labels(), "")),
				"write the blocks out, or write this connection's options = jsonencode({...}) by hand")
		case row != nil && row.Kind == kindHeaderMap:
			if !headersDone {
				headersDone = true
				oc.headers(body, prefix, row)
			}
		case oc.strategy.hasRowsUnder(path):
			if oc.seen[path] {
				oc.b.fail(line, "more than one "+path+" block",
					"keep one: auth0/auth0 used only the last, so write the settings you want in a single block")
				continue
			}
			oc.seen[path] = true
			oc.pending = append(oc.pending, s.blockLeadComments(it)...)
			oc.body(it.block.Body(), path+".", it)
		default:
			oc.unsent(path, line)
		}
	}
	oc.pending = append(oc.pending, s.comments(pos, closing)...)
}

// unsent handles an attribute or block the official provider does not send
// for this strategy.
func (oc *optionsConversion) unsent(path string, line int) {
	if table.isOfficialAttribute(path) {
		oc.b.note(line, fmt.Sprintf("options.%s left out: auth0/auth0 does not send it for %s connections", path, oc.strategy.Name),
			"nothing to do: the tenant never received it")
		return
	}
	oc.b.fail(line, fmt.Sprintf("options.%s is not an attribute of auth0/auth0's options block", path),
		"remove it, or convert this connection's options by hand")
}

func (oc *optionsConversion) attribute(it item, path string, line int) {
	row := oc.strategy.row(path)
	if row == nil {
		oc.unsent(path, line)
		return
	}
	s := oc.stream()
	src := s.exprText(it.attr)
	if v, ok := literal(src); ok && v.IsNull() {
		return // null is unset: the official provider sent nothing
	}
	lead, trailing := s.attrComments(it)
	var e *entry
	switch row.Kind {
	case kindCopy, kindOmitWhen:
		if row.Kind == kindOmitWhen && omitted(src, row.Omit) {
			return
		}
		v, ok := copyValue(src, row.Type)
		if !ok {
			oc.b.fail(line, fmt.Sprintf("options.%s: %s is not a %s", path, oc.quotable(src, row), row.Type), "auth0/auth0 refuses it too: write a "+row.Type)
			return
		}
		e = oc.put(row.keyPath(), v)
	case kindJSONObject:
		obj, empty, ok := jsonObject(src)
		if !ok {
			oc.b.fail(line, fmt.Sprintf("options.%s is not a JSON object", path), "auth0/auth0 refuses it too: write an object")
			return
		}
		if empty {
			return
		}
		e = oc.put(row.keyPath(), obj)
	case kindUpstreamParams:
		if e = oc.upstreamParams(src, line); e == nil {
			oc.upstreamLead = append(append(oc.upstreamLead, lead...), trailing...)
			return
		}
	case kindScopeFlags:
		e = oc.scopeFlags(src, row, line)
	case kindScopeString, kindScopeList:
		v := scopeString(src)
		if row.Kind == kindScopeList {
			v = scopeList(src)
		}
		if v == "" {
			return
		}
		e = oc.put(row.keyPath(), v)
	}
	if e == nil {
		// Not an entry of its own (scope flags built at plan time, the typed
		// upstream_params): the comments go with the next entry.
		oc.pending = append(append(oc.pending, lead...), trailing...)
		return
	}
	e.lead = append(e.lead, lead...)
	e.trailing = append(e.trailing, trailing...)
}

// put places a value at a JSON key path: in secret_options when this
// provider treats the path as a secret, else in options. Pending comments
// go with it.
func (oc *optionsConversion) put(keyPath []string, src string) *entry {
	dest := oc.public
	if isSecretKey(oc.strategy.Name, keyPath) {
		dest = oc.secret
	}
	e := dest.set(keyPath, src)
	e.lead = append(e.lead, oc.pending...)
	oc.pending = nil
	return e
}

// upstreamParams goes to the typed attribute when the strategy takes it and
// every entry fits {value | alias}; otherwise into options as the object.
func (oc *optionsConversion) upstreamParams(src string, line int) *entry {
	obj, empty, ok := jsonObject(src)
	if !ok {
		oc.b.fail(line, "options.upstream_params is not a JSON object", "auth0/auth0 refuses it too: write an object")
		return nil
	}
	if empty {
		return nil
	}
	if oc.rules.TakesUpstreamParams() && typedUpstream(obj) {
		oc.upstream = obj
		return nil
	}
	return oc.put([]string{"upstream_params"}, obj)
}

func (oc *optionsConversion) scopeFlags(src string, row *tableRow, line int) *entry {
	flags, unknown, merged := scopeFlags(src, row.Scopes)
	if len(unknown) > 0 {
		knows := "it knows only " + strings.Join(row.Scopes, ", ")
		if len(row.Scopes) > 8 {
			knows = fmt.Sprintf("not among the %d it knows", len(row.Scopes))
		}
		oc.b.note(line, fmt.Sprintf("scopes %s left out: auth0/auth0 never sent them for %s connections (%s)",
			strings.Join(unknown, ", "), oc.strategy.Name, knows),
			"nothing to do: the tenant never received them; to request other scopes use the strategy's own options (such as freeform_scopes) in options")
	}
	if merged != "" {
		oc.public.merged = append(oc.public.merged, merged)
		return nil
	}
	var first *entry
	for _, f := range flags {
		e := oc.put([]string{f}, "true")
		if first == nil {
			first = e
		}
	}
	return first
}

// headers converts every custom_headers block of a body into one object.
func (oc *optionsConversion) headers(body *hclwrite.Body, prefix string, row *tableRow) {
	s := oc.stream()
	var hs []header
	var lead []string
	for _, it := range s.items(body) {
		if !it.isBlock() || prefix+it.name != row.Attr {
			continue
		}
		lead = append(lead, s.blockLeadComments(it)...)
		var h header
		for _, a := range s.items(it.block.Body()) {
			switch {
			case a.name == "header" && !a.isBlock():
				h.name = s.exprText(a.attr)
			case a.name == "value" && !a.isBlock():
				h.value = s.exprText(a.attr)
			default:
				oc.b.fail(s.line(a.from), "unexpected "+a.name+" in custom_headers", "remove it: a custom_headers block takes header and value")
			}
		}
		if h.name == "" || h.value == "" {
			oc.b.fail(s.line(it.from), "custom_headers needs header and value", "write both, as auth0/auth0 requires")
			continue
		}
		hs = append(hs, h)
	}
	if len(hs) == 0 {
		return
	}
	e := oc.put(row.keyPath(), headerMap(hs))
	e.lead = append(e.lead, lead...)
}

// quotable is src as the report may quote it: a secret's value is not
// shown, since reports end up in CI logs and pull requests.
func (oc *optionsConversion) quotable(src string, row *tableRow) string {
	if row.Sensitive || isSecretKey(oc.strategy.Name, row.keyPath()) {
		return "the value (not shown: it is a secret)"
	}
	return src
}

// isSecretKey reports whether this provider keeps the JSON key path in
// secret_options (the provider's own secret-key rules).
func isSecretKey(strategy string, keyPath []string) bool {
	return options.RulesFor(strategy).IsSecret(options.Path(keyPath))
}
