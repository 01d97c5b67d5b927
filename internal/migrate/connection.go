package migrate

import (
	"fmt"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"
)

// blockConversion collects the edits and findings of one resource or data
// block. They are committed together, or, when anything could not be
// converted, the block is left exactly as it was and only the errors are
// reported.
type blockConversion struct {
	c        *converter
	m        *module
	pf       *parsedFile
	it       item
	addr     string
	edits    []edit
	findings []Finding
	failed   bool
}

func (b *blockConversion) fail(line int, msg, action string) {
	b.failed = true
	b.findings = append(b.findings, Finding{File: b.pf.path, Line: line, Severity: Error, Subject: b.addr, Message: msg, Action: action})
}

func (b *blockConversion) note(line int, msg, action string) {
	b.findings = append(b.findings, Finding{File: b.pf.path, Line: line, Severity: Note, Subject: b.addr, Message: msg, Action: action})
}

func (b *blockConversion) replace(from, to int, text string) {
	b.edits = append(b.edits, edit{from: from, to: to, text: text})
}

// commit applies the edits unless the conversion failed, and counts it.
func (b *blockConversion) commit(kind string) bool {
	for _, f := range b.findings {
		if !b.failed || f.Severity == Error {
			b.c.add(f)
		}
	}
	if b.failed {
		b.c.res.Summary.Unconverted++
		return false
	}
	b.pf.s.edits = append(b.pf.s.edits, b.edits...)
	b.m.converted = true
	b.c.res.Summary.Converted[kind]++
	return true
}

// handOver gives the block to this provider: it adds the provider
// meta-argument, or rewrites auth0.ALIAS to openauth0.ALIAS. It returns
// false when the block is not on auth0/auth0 (already converted, or another
// provider's), which leaves it alone.
func (b *blockConversion) handOver(items []item, resourceType string) bool {
	for _, it := range items {
		if it.name != "provider" || it.isBlock() {
			continue
		}
		names, ok := traversalNames(b.pf.s.exprText(it.attr))
		if !ok {
			b.fail(b.pf.s.line(it.from), "the provider meta-argument is not a provider reference",
				"write provider = auth0 or auth0.ALIAS: Terraform accepts nothing else there")
			return true
		}
		if b.m.isOurs(names[0]) && !b.c.opts.Replace {
			b.c.res.Summary.Already++
			return false
		}
		if !b.m.isOfficial(names[0]) {
			return false
		}
		if !b.c.opts.Replace {
			from, to, _ := b.pf.s.exprRange(it.attr)
			b.replace(from, to, strings.Join(append([]string{b.m.ourName}, names[1:]...), "."))
		}
		return true
	}
	if name := defaultLocalName(resourceType); !b.m.isOfficial(name) {
		if b.m.isOurs(name) {
			b.c.res.Summary.Already++ // an earlier --replace
		}
		return false
	}
	if b.c.opts.Replace {
		return true
	}
	at, nl := b.pf.s.bodyStart(b.it)
	// After count or for_each when the block starts with them.
	for _, it := range items {
		if it.isBlock() || (it.name != "count" && it.name != "for_each") {
			break
		}
		at, nl = it.to, false
	}
	b.replace(at, at, newlineIf(nl)+"provider = "+b.m.ourName+"\n")
	return true
}

// singleNested are the official top-level blocks (list of at most one) that
// this provider has as single nested attributes.
var singleNested = map[string]bool{
	"authentication":                  true,
	"connected_accounts":              true,
	"cross_app_access_requesting_app": true,
	"cross_app_access_resource_app":   true,
}

// topLevelKept are the arguments of auth0_connection kept as written.
var topLevelKept = map[string]bool{
	"name": true, "strategy": true, "display_name": true, "is_domain_connection": true, "show_as_button": true,
	"realms": true, "metadata": true,
	// meta-arguments
	"count": true, "for_each": true, "depends_on": true, "provider": true,
	"lifecycle": true, "provisioner": true, "connection": true,
}

// convertBlock converts a connection resource or data source (it.name
// says which) and records its address in converted, with the strategy of
// an auth0_connection resource.
func (c *converter) convertBlock(m *module, pf *parsedFile, it item, labels []string, converted map[string]string) {
	typ := labels[0]
	b := &blockConversion{c: c, m: m, pf: pf, it: it, addr: address(it.name, labels)}
	items := pf.s.items(it.block.Body())
	if !b.handOver(items, typ) {
		return
	}
	kind, strategy := typ, ""
	switch {
	case it.name == "data":
		kind = "data." + typ
		if typ == "auth0_connection" {
			b.connectionDataSource(items)
		}
	case typ == "auth0_connection":
		strategy = b.connection(items)
	}
	if b.commit(kind) {
		converted[b.addr] = strategy
	}
}

// connection converts an auth0_connection's body and returns its strategy
// ("" when it cannot be known).
func (b *blockConversion) connection(items []item) string {
	strategy, strategyKnown := b.strategy(items)
	seen := map[string]bool{}
	for _, it := range items {
		line := b.pf.s.line(it.from)
		switch {
		case it.isBlock() && it.name == "options":
			if seen["options"] {
				b.fail(line, "more than one options block", "keep one: auth0/auth0 accepts at most one")
				continue
			}
			seen["options"] = true
			b.options(it, strategy, strategyKnown)
		case it.isBlock() && singleNested[it.name]:
			if seen[it.name] {
				b.fail(line, "more than one "+it.name+" block", "keep one: auth0/auth0 accepts at most one")
				continue
			}
			seen[it.name] = true
			b.singleNestedBlock(it)
		case it.isBlock() && it.name == "lifecycle":
			b.lifecycle(it)
		case it.isBlock() && it.name == "dynamic":
			label := strings.Join(it.block.Labels(), "")
			b.fail(line, fmt.Sprintf("dynamic %q block", label),
				"write the block out (or, for options, write options = jsonencode({...}) by hand); a dynamic block cannot be converted without evaluating it")
		case it.name == "show_as_button" && !it.isBlock() && strategyKnown && !b.isEnterprise(strategy):
			b.replace(it.from, it.to, "")
			b.note(line, fmt.Sprintf("show_as_button removed: auth0/auth0 never sends it for %s connections", strategy),
				"nothing to do: the tenant never received it")
		case it.name == "enabled_clients" && !it.isBlock():
			b.fail(line, "enabled_clients is not an argument of auth0_connection in openauth0/auth0",
				"move it to an auth0_connection_clients resource (connection_id = the connection's id, enabled_clients = this list)")
		case topLevelKept[it.name]:
		default:
			b.fail(line, fmt.Sprintf("%s has no equivalent in openauth0/auth0", it.name),
				"remove it, or keep this connection on auth0/auth0")
		}
	}
	if !strategyKnown {
		return ""
	}
	return strategy
}

func (b *blockConversion) isEnterprise(strategy string) bool {
	s := table.strategy(strategy)
	return s != nil && s.Enterprise
}

// strategy resolves the strategy argument: a literal, or a local value that
// is one.
func (b *blockConversion) strategy(items []item) (string, bool) {
	for _, it := range items {
		if it.name != "strategy" || it.isBlock() {
			continue
		}
		src := b.pf.s.exprText(it.attr)
		if s, ok := literalString(src); ok {
			return s, true
		}
		if names, ok := traversalNames(src); ok && len(names) == 2 && names[0] == "local" {
			if s, ok := b.m.localString(names[1]); ok {
				return s, true
			}
		}
		return src, false
	}
	return "", false
}

// localString returns the value of a local that is a literal string.
func (m *module) localString(name string) (string, bool) {
	for _, pf := range m.files {
		for _, it := range pf.top {
			if !it.isBlock() || it.name != "locals" {
				continue
			}
			if a := it.block.Body().GetAttribute(name); a != nil {
				return literalString(pf.s.exprText(a))
			}
		}
	}
	return "", false
}

// singleNestedBlock turns authentication { active = true } into
// authentication = { active = true }.
func (b *blockConversion) singleNestedBlock(it item) {
	for _, inner := range b.pf.s.items(it.block.Body()) {
		if inner.isBlock() {
			b.fail(b.pf.s.line(inner.from), fmt.Sprintf("unexpected %s block inside %s", inner.name, it.name),
				"remove it: auth0/auth0 refuses it too")
			return
		}
	}
	var text strings.Builder
	writeComments(&text, b.pf.s.blockLeadComments(it))
	text.WriteString(it.name + " = {" + b.pf.s.bodyText(it) + "}\n")
	b.replace(it.from, it.to, text.String())
}

// options converts the options block.
func (b *blockConversion) options(it item, strategy string, known bool) {
	line := b.pf.s.line(it.from)
	if !known {
		what := "the strategy is not given"
		if strategy != "" {
			what = fmt.Sprintf("the strategy is %s, which auth0-migrate cannot evaluate", strategy)
		}
		b.fail(line, what+": the options' JSON keys depend on it",
			`write strategy as a literal (or a local that is one), or convert this connection by hand: options = jsonencode({...}) with Auth0's key names`)
		return
	}
	s := table.strategy(strategy)
	if s == nil {
		b.fail(line, fmt.Sprintf("auth0/auth0 has no options for strategy %q (it refuses an options block for it)", strategy),
			"remove the options block, or write options = jsonencode({...}) by hand")
		return
	}
	oc := newOptionsConversion(b, s)
	oc.body(it.block.Body(), "", it)
	if b.failed {
		return
	}
	var text strings.Builder
	writeComments(&text, b.pf.s.blockLeadComments(it))
	writeComments(&text, oc.pending)
	if !oc.public.empty() {
		text.WriteString("options = jsonencode(" + oc.public.source() + ")\n")
	}
	if !oc.secret.empty() {
		text.WriteString("secret_options = jsonencode(" + oc.secret.source() + ")\n")
	}
	if oc.upstream != "" {
		writeComments(&text, oc.upstreamLead)
		text.WriteString("upstream_params = " + oc.upstream + "\n")
	}
	b.replace(it.from, it.to, text.String())
}

// connectionDataSource converts the data source auth0_connection's body:
// its lookup arguments, connection_id and name, are the same here; the
// argument it does not have is removed.
func (b *blockConversion) connectionDataSource(items []item) {
	for _, a := range items {
		if a.name == "skip_enabled_clients" && !a.isBlock() {
			b.replace(a.from, a.to, "")
			b.note(b.pf.s.line(a.from), "skip_enabled_clients removed: this data source never reads enabled clients",
				"nothing to do (read them with the auth0_connection_clients resource if you need them)")
		}
	}
}

// lifecycle rewrites ignore_changes entries that name the official blocks:
// options becomes options, secret_options and upstream_params;
// authentication[0] becomes authentication. An entry inside options (such
// as options[0].configuration) cannot be kept, since options is one JSON
// string here; it is reported with what replaces it.
func (b *blockConversion) lifecycle(it item) {
	for _, a := range b.pf.s.items(it.block.Body()) {
		if a.isBlock() || a.name != "ignore_changes" {
			continue
		}
		src := b.pf.s.exprText(a.attr)
		ex, ok := parseExpr(src)
		tuple, isTuple := ex.(*hclsyntax.TupleConsExpr)
		if !ok || !isTuple {
			return // all, or something this cannot read: left as written
		}
		var out []string
		changed := false
		for _, e := range tuple.Exprs {
			text := strings.TrimSpace(rangeText(src, e.Range()))
			rewritten, ok := b.ignoreEntry(text, b.pf.s.line(a.from))
			if !ok {
				return
			}
			changed = changed || len(rewritten) != 1 || rewritten[0] != text
			out = append(out, rewritten...)
		}
		if changed {
			from, to, _ := b.pf.s.exprRange(a.attr)
			b.replace(from, to, "["+strings.Join(out, ", ")+"]")
		}
	}
}

func (b *blockConversion) ignoreEntry(text string, line int) ([]string, bool) {
	ex, ok := parseExpr(text)
	st, isTraversal := ex.(*hclsyntax.ScopeTraversalExpr)
	if !ok || !isTraversal {
		return []string{text}, true
	}
	root := st.Traversal.RootName()
	switch {
	case root == "options" && len(st.Traversal) == 1:
		return []string{"options", "secret_options", "upstream_params"}, true
	case root == "options":
		b.fail(line, "lifecycle ignore_changes names "+text+", inside options",
			"drop the entry and that key from the options block: openauth0/auth0 leaves alone every option the configuration does not write")
		return nil, false
	case singleNested[root] && len(st.Traversal) >= 2:
		if idx, ok := st.Traversal[1].(hcl.TraverseIndex); ok && idx.Key.Type() == cty.Number && idx.Key.Equals(cty.Zero).True() {
			rest := rangeText(text, st.Traversal[1].SourceRange())
			return []string{strings.Replace(text, rest, "", 1)}, true
		}
	}
	return []string{text}, true
}
