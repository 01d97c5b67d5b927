package migrate

import (
	"fmt"
	"path"
	"strings"

	"github.com/hashicorp/hcl/v2/hclsyntax"
)

// readProviders learns a module's provider local names from its
// required_providers blocks.
func (c *converter) readProviders(m *module) {
	for _, rp := range m.requiredProviders() {
		for _, e := range rp.entries {
			// A version-only entry (auth0 = "~> 1.0") names no source: the
			// name then means what it means undeclared.
			if e.source != "" {
				m.localSources[e.name] = e.source
			}
		}
	}
	m.officialName = "auth0"
	for name, src := range m.localSources {
		if src == officialSource && name != "auth0" && m.localSources["auth0"] != officialSource {
			m.officialName = name
		}
	}
	m.ourName = ourLocalName
	if c.opts.Replace {
		m.ourName = m.officialName
	}
	for name, src := range m.localSources {
		if src == ourSource && !c.opts.Replace {
			m.ourName = name
		}
	}
}

// requiredProvidersBlock is one required_providers block and its entries.
type requiredProvidersBlock struct {
	file      *parsedFile
	terraform item // the enclosing terraform block
	block     item
	entries   []providerRequirement
}

type providerRequirement struct {
	name, source string
	it           item
	object       *hclsyntax.ObjectConsExpr // nil for the legacy version-only string
	src          string
}

func (m *module) requiredProviders() []requiredProvidersBlock {
	var out []requiredProvidersBlock
	for _, pf := range m.files {
		for _, tf := range pf.top {
			if tf.name != "terraform" || !tf.isBlock() {
				continue
			}
			for _, rp := range pf.s.items(tf.block.Body()) {
				if rp.name != "required_providers" || !rp.isBlock() {
					continue
				}
				b := requiredProvidersBlock{file: pf, terraform: tf, block: rp}
				for _, e := range pf.s.items(rp.block.Body()) {
					if e.isBlock() {
						continue
					}
					req := providerRequirement{name: e.name, it: e, src: pf.s.exprText(e.attr)}
					if ex, ok := parseExpr(req.src); ok {
						if obj, ok := ex.(*hclsyntax.ObjectConsExpr); ok {
							req.object = obj
							if s, ok := literalString(objectItem(req.src, obj, "source")); ok {
								req.source = normalizeSource(s)
							}
						}
					}
					b.entries = append(b.entries, req)
				}
				out = append(out, b)
			}
		}
	}
	return out
}

// meansOfficial reports whether the entry declares auth0/auth0 in m: with
// that source, or version-only under the official local name.
func (e providerRequirement) meansOfficial(m *module) bool {
	return e.source == officialSource || (e.source == "" && e.name == m.officialName)
}

// version is the entry's version constraint source, or "".
func (e providerRequirement) version() string {
	if e.object == nil {
		return e.src // the legacy form is the constraint itself
	}
	return objectItem(e.src, e.object, "version")
}

// objectItem returns the source of the value under key in an object
// constructor parsed from src, or "".
func objectItem(src string, obj *hclsyntax.ObjectConsExpr, key string) string {
	if obj == nil {
		return ""
	}
	for _, it := range obj.Items {
		if k := strings.TrimSpace(rangeText(src, it.KeyExpr.Range())); k == key || k == quote(key) {
			return rangeText(src, it.ValueExpr.Range())
		}
	}
	return ""
}

// checkReplace refuses --replace when something other than the connection
// resources uses auth0/auth0, or when this provider is already there.
func (c *converter) checkReplace() bool {
	ok := true
	for _, dir := range c.order {
		m := c.modules[dir]
		for _, b := range m.requiredProviders() {
			for _, e := range b.entries {
				// "auth0" already meaning this provider is an earlier --replace.
				if e.source == ourSource && e.name != m.officialName {
					c.add(Finding{File: b.file.path, Line: b.file.s.line(e.it.from), Severity: Error, Subject: "required_providers." + e.name,
						Message: fmt.Sprintf("%q already points at %s (converted side by side)", e.name, ourSource),
						Action:  "--replace converts a configuration that uses only auth0/auth0; keep the side-by-side layout or undo it first"})
					ok = false
				}
			}
		}
		for _, pf := range m.files {
			for _, it := range pf.top {
				if !it.isBlock() || (it.name != "resource" && it.name != "data") {
					continue
				}
				labels := it.block.Labels()
				if len(labels) != 2 {
					continue
				}
				if it.name == "resource" && connectionResources[labels[0]] || it.name == "data" && connectionDataSources[labels[0]] {
					continue
				}
				if name := providerLocalName(pf, it, labels[0]); m.isOfficial(name) {
					c.add(Finding{File: pf.path, Line: pf.s.line(it.from), Severity: Error, Subject: address(it.name, labels),
						Message: "uses auth0/auth0, which --replace would take away from it",
						Action:  "run without --replace: both providers then stay side by side and this resource keeps auth0/auth0"})
					ok = false
				}
			}
		}
	}
	return ok
}

// providerLocalName is the local name of the provider a resource block
// uses: its provider meta-argument's, or its type's default.
func providerLocalName(pf *parsedFile, it item, resourceType string) string {
	if a := it.block.Body().GetAttribute("provider"); a != nil {
		if names, ok := traversalNames(pf.s.exprText(a)); ok {
			return names[0]
		}
	}
	return defaultLocalName(resourceType)
}

func address(kind string, labels []string) string {
	if kind == "data" {
		return "data." + labels[0] + "." + labels[1]
	}
	return labels[0] + "." + labels[1]
}

// moduleCall is a module block.
type moduleCall struct {
	file      *parsedFile
	it        item
	name      string
	child     *module // nil unless the source is a directory among the files
	providers *item
}

func (c *converter) readModuleCall(m *module, pf *parsedFile, it item) moduleCall {
	call := moduleCall{file: pf, it: it, name: it.block.Labels()[0]}
	for _, a := range pf.s.items(it.block.Body()) {
		switch {
		case a.name == "providers" && !a.isBlock():
			call.providers = &a
		case a.name == "source" && !a.isBlock():
			src, ok := literalString(pf.s.exprText(a.attr))
			if !ok {
				continue
			}
			if strings.HasPrefix(src, "./") || strings.HasPrefix(src, "../") {
				call.child = c.modules[path.Clean(path.Join(m.dir, src))]
				if call.child == nil {
					c.add(Finding{File: pf.path, Line: pf.s.line(a.from), Severity: Note, Subject: "module." + call.name,
						Message: fmt.Sprintf("source %q holds no .tf file among those converted", src),
						Action:  "run auth0-migrate on the directory that holds it too"})
				}
			} else {
				c.add(Finding{File: pf.path, Line: pf.s.line(a.from), Severity: Note, Subject: "module." + call.name,
					Message: fmt.Sprintf("source %q is not a local directory and was not visited", src),
					Action:  "if that module manages connections, convert it where its source lives"})
			}
		}
	}
	return call
}

// usesOurs reports whether this provider manages something in m or in one
// of its local child modules.
func (m *module) uses() bool {
	if m.usesOurs != nil {
		return *m.usesOurs
	}
	v := m.converted
	m.usesOurs = &v // breaks cycles
	for _, call := range m.calls {
		if call.child != nil && call.child.uses() {
			v = true
		}
	}
	m.usesOurs = &v
	return v
}

// wireProviders adds this provider to a module: the required_providers
// entry, a copy of each provider "auth0" block, and the providers map of
// module calls whose child now uses it. With Replace it re-points the
// auth0 entry instead.
func (c *converter) wireProviders(m *module) {
	if c.opts.Replace {
		c.replaceRequirement(m)
		return
	}
	anyUse := false
	for _, dir := range c.order {
		anyUse = anyUse || c.modules[dir].uses()
	}
	if !anyUse {
		return
	}
	needs := m.uses()
	for _, pf := range m.files {
		for _, it := range pf.top {
			if it.isBlock() && it.name == "provider" && len(it.block.Labels()) == 1 && it.block.Labels()[0] == m.officialName {
				c.copyProviderBlock(m, pf, it)
				needs = true // a provider block of ours configures it now
			}
		}
	}
	for _, call := range m.calls {
		if call.child != nil && call.child.uses() && call.providers != nil {
			if c.extendProvidersMap(m, call) {
				needs = true
			}
		}
	}
	if needs && !m.isOurs(m.ourName) {
		c.addRequirement(m, m.ourName, ourSource)
	}
}

// copyProviderBlock writes provider "openauth0" with the same body after a
// provider "auth0" block, unless one with the same alias exists.
func (c *converter) copyProviderBlock(m *module, pf *parsedFile, it item) {
	alias := blockAlias(pf, it)
	for _, other := range m.files {
		for _, o := range other.top {
			if o.isBlock() && o.name == "provider" && len(o.block.Labels()) == 1 && o.block.Labels()[0] == m.ourName &&
				blockAlias(other, o) == alias {
				return
			}
		}
	}
	pf.s.insert(it.to, "\nprovider "+quote(m.ourName)+" {"+pf.s.bodyText(it)+"}\n")
	c.res.Summary.ProviderBlocks++
}

func blockAlias(pf *parsedFile, it item) string {
	if a := it.block.Body().GetAttribute("alias"); a != nil {
		if s, ok := literalString(pf.s.exprText(a)); ok {
			return s
		}
	}
	return ""
}

// extendProvidersMap adds openauth0 = openauth0 (or the aliased pair) beside
// each auth0 entry of a module call's providers map.
func (c *converter) extendProvidersMap(m *module, call moduleCall) bool {
	pf, a := call.file, call.providers
	src := pf.s.exprText(a.attr)
	ex, ok := parseExpr(src)
	obj, isObj := ex.(*hclsyntax.ObjectConsExpr)
	if !ok || !isObj {
		c.add(Finding{File: pf.path, Line: pf.s.line(a.from), Severity: Error, Subject: "module." + call.name,
			Message: "providers is not a map written out", Action: fmt.Sprintf("add %s = %s (or its alias) to it by hand", call.child.ourName, m.ourName)})
		return false
	}
	have := map[string]bool{}
	var items, added []string
	for _, it := range obj.Items {
		k, v := strings.TrimSpace(rangeText(src, it.KeyExpr.Range())), strings.TrimSpace(rangeText(src, it.ValueExpr.Range()))
		have[k] = true
		items = append(items, k+" = "+v)
	}
	for _, it := range obj.Items {
		kn, ok1 := traversalNames(rangeText(src, it.KeyExpr.Range()))
		vn, ok2 := traversalNames(rangeText(src, it.ValueExpr.Range()))
		if !ok1 || !ok2 || !call.child.isOfficial(kn[0]) || !m.isOfficial(vn[0]) {
			continue
		}
		k := strings.Join(append([]string{call.child.ourName}, kn[1:]...), ".")
		v := strings.Join(append([]string{m.ourName}, vn[1:]...), ".")
		if !have[k] {
			have[k] = true
			added = append(added, k+" = "+v)
		}
	}
	if len(added) == 0 {
		return true
	}
	from, to, _ := pf.s.exprRange(a.attr)
	pf.s.replace(from, to, "{\n"+strings.Join(append(items, added...), "\n")+"\n}")
	return true
}

// addRequirement declares name = { source = source } in the module: beside
// the auth0/auth0 entry when there is one, else in any required_providers
// or terraform block, else in a new terraform block at the top of the
// module's first file.
func (c *converter) addRequirement(m *module, name, source string) {
	c.res.Summary.RequiredProviders++
	blocks := m.requiredProviders()
	for _, b := range blocks {
		for _, e := range b.entries {
			if e.meansOfficial(m) {
				b.file.s.insert(e.it.to, name+" = "+requirementObject(source, e, m.officialName, name)+"\n")
				return
			}
		}
	}
	entry := name + " = " + requirementObject(source, providerRequirement{}, "", name) + "\n"
	if len(blocks) > 0 {
		at, nl := blocks[0].file.s.bodyStart(blocks[0].block)
		blocks[0].file.s.insert(at, newlineIf(nl)+entry)
		return
	}
	for _, pf := range m.files {
		for _, it := range pf.top {
			if it.isBlock() && it.name == "terraform" {
				at, nl := pf.s.bodyStart(it)
				pf.s.insert(at, newlineIf(nl)+"required_providers {\n"+entry+"}\n")
				return
			}
		}
	}
	pf := m.files[0]
	for _, f := range m.files {
		if f.s.changed() {
			pf = f
			break
		}
	}
	// After the file's header comments: the first item's range starts with
	// the comments that belong to it.
	at := 0
	if len(pf.top) > 0 {
		at = pf.top[0].from
	}
	pf.s.insert(at, "terraform {\nrequired_providers {\n"+entry+"}\n}\n\n")
}

func newlineIf(b bool) string {
	if b {
		return "\n"
	}
	return ""
}

// requirementObject is { source = …, configuration_aliases = […] }, the
// aliases of the official entry carried over under the new name.
func requirementObject(source string, official providerRequirement, officialName, name string) string {
	aliases := ""
	if official.object != nil {
		aliases = objectItem(official.src, official.object, "configuration_aliases")
	}
	if official.object != nil && aliases == "" && !strings.Contains(official.src, "\n") {
		// Written on one line like the entry beside it.
		return "{ source = " + quote(source) + " }"
	}
	var b strings.Builder
	b.WriteString("{\nsource = " + quote(source) + "\n")
	if aliases != "" {
		b.WriteString("configuration_aliases = " + renameAliases(aliases, officialName, name) + "\n")
	}
	b.WriteString("}")
	return b.String()
}

// renameAliases rewrites [auth0.eu, auth0.us] to [openauth0.eu, …].
func renameAliases(src, from, to string) string {
	ex, ok := parseExpr(src)
	tuple, isTuple := ex.(*hclsyntax.TupleConsExpr)
	if !ok || !isTuple {
		return src
	}
	var out []string
	for _, e := range tuple.Exprs {
		names, ok := traversalNames(rangeText(src, e.Range()))
		if !ok || names[0] != from {
			continue
		}
		out = append(out, strings.Join(append([]string{to}, names[1:]...), "."))
	}
	return "[" + strings.Join(out, ", ") + "]"
}

// replaceRequirement points the module's auth0/auth0 entry at this provider
// (--replace), or declares it where a converted module has none.
func (c *converter) replaceRequirement(m *module) {
	for _, b := range m.requiredProviders() {
		for _, e := range b.entries {
			if !e.meansOfficial(m) {
				continue
			}
			if v := e.version(); v != "" {
				c.add(Finding{File: b.file.path, Line: b.file.s.line(e.it.from), Severity: Note, Subject: "required_providers." + e.name,
					Message: "version constraint " + strings.TrimSpace(v) + " was for auth0/auth0 and is dropped",
					Action:  "pin a version of openauth0/auth0 if you want one"})
			}
			from, to, _ := b.file.s.exprRange(e.it.attr)
			b.file.s.replace(from, to, requirementObject(ourSource, e, e.name, e.name))
			c.res.Summary.RequiredProviders++
			return
		}
	}
	if m.converted {
		c.addRequirement(m, m.ourName, ourSource)
	}
}
