package migrate

import (
	"fmt"
	"strings"

	"github.com/hashicorp/hcl/v2/hclsyntax"
)

// rewriteReferences fixes references into what changed shape in the
// converted resources and data sources of a module, and reports those it
// cannot fix:
//
//   - authentication[0].active (a block there) is authentication.active here;
//   - options[0].… has no equivalent: options is a JSON string here.
//
// converted maps each converted address to its strategy ("" if unknown).
func (c *converter) rewriteReferences(pf *parsedFile, converted map[string]string) {
	s := pf.s
	for i := 0; i < len(s.toks); i++ {
		if s.toks[i].Type != hclsyntax.TokenIdent || (i > 0 && s.toks[i-1].Type == hclsyntax.TokenDot) {
			continue
		}
		addr, next := referenceAt(s, i)
		strategy, ok := converted[addr]
		if !ok {
			continue
		}
		r := reference{c: c, pf: pf, addr: addr, strategy: strategy, start: i}
		r.check(next)
		i = next
	}
}

type reference struct {
	c        *converter
	pf       *parsedFile
	addr     string
	strategy string
	start    int
	// object is the reference up to the attribute it reads, index
	// included (auth0_connection.db[0]): what the suggested replacement
	// starts with.
	object string
}

// referenceAt reads TYPE.NAME or data.TYPE.NAME at i, skips index brackets
// after it (count, for_each), and returns the address and the position
// after it.
func referenceAt(s *stream, i int) (string, int) {
	ident := func(k int) (string, bool) {
		if k < len(s.toks) && s.toks[k].Type == hclsyntax.TokenIdent {
			return string(s.toks[k].Bytes), true
		}
		return "", false
	}
	first, _ := ident(i)
	n := 2
	if first == "data" {
		n = 3
	}
	names := []string{first}
	j := i + 1
	for len(names) < n {
		if j >= len(s.toks) || s.toks[j].Type != hclsyntax.TokenDot {
			return "", i
		}
		name, ok := ident(j + 1)
		if !ok {
			return "", i
		}
		names = append(names, name)
		j += 2
	}
	for j < len(s.toks) && s.toks[j].Type == hclsyntax.TokenOBrack {
		j = skipBrackets(s, j)
	}
	return strings.Join(names, "."), j
}

func skipBrackets(s *stream, j int) int {
	depth := 0
	for ; j < len(s.toks); j++ {
		switch s.toks[j].Type {
		case hclsyntax.TokenOBrack:
			depth++
		case hclsyntax.TokenCBrack:
			depth--
			if depth == 0 {
				return j + 1
			}
		}
	}
	return j
}

// check looks at the attribute the reference reads (at j: ".attr").
func (r *reference) check(j int) {
	s := r.pf.s
	if j+1 >= len(s.toks) || s.toks[j].Type != hclsyntax.TokenDot || s.toks[j+1].Type != hclsyntax.TokenIdent {
		return
	}
	attr := string(s.toks[j+1].Bytes)
	after := j + 2
	r.object = r.text(j)
	isData := strings.HasPrefix(r.addr, "data.")
	switch {
	case singleNested[attr]:
		r.firstElement(attr, after)
	case attr == "options" && r.decodedWhole(after):
		// Already written as the report suggests (a list of blocks could
		// not be decoded): nothing to fix.
	case attr == "options":
		r.report(r.text(r.optionsEnd(after)), "reads the options block; options is one JSON string in openauth0/auth0", r.optionsHint(after))
	case isData && attr == "enabled_clients":
		r.report(r.text(after), "openauth0/auth0's data source does not read enabled clients",
			"manage the clients with auth0_connection_clients and refer to its enabled_clients")
	}
}

// text is the reference's source up to token end, for the report.
func (r *reference) text(end int) string {
	var b strings.Builder
	for _, t := range r.pf.s.toks[r.start:min(end, len(r.pf.s.toks))] {
		b.Write(t.Bytes)
	}
	return b.String()
}

// decodedWhole reports whether the reference, ending before token end, is
// the whole argument of jsondecode.
func (r *reference) decodedWhole(end int) bool {
	s := r.pf.s
	return r.start >= 2 && end < len(s.toks) && s.toks[end].Type == hclsyntax.TokenCParen &&
		s.toks[r.start-1].Type == hclsyntax.TokenOParen && string(s.toks[r.start-2].Bytes) == "jsondecode"
}

// optionsEnd is where an options reference ends: after options[0].ATTR
// when it reads one attribute, else after options.
func (r *reference) optionsEnd(k int) int {
	s := r.pf.s
	if k+4 < len(s.toks) && s.toks[k].Type == hclsyntax.TokenOBrack && s.toks[k+2].Type == hclsyntax.TokenCBrack &&
		s.toks[k+3].Type == hclsyntax.TokenDot && s.toks[k+4].Type == hclsyntax.TokenIdent {
		return k + 5
	}
	return k
}

// firstElement rewrites BLOCK[0] (or BLOCK.0) to BLOCK: a list of one block
// there, a single object here.
func (r *reference) firstElement(attr string, k int) {
	s := r.pf.s
	switch {
	case k+2 < len(s.toks) && s.toks[k].Type == hclsyntax.TokenOBrack && string(s.toks[k+1].Bytes) == "0" &&
		s.toks[k+2].Type == hclsyntax.TokenCBrack:
		r.edit(k, k+3, "")
	case k+1 < len(s.toks) && s.toks[k].Type == hclsyntax.TokenDot && string(s.toks[k+1].Bytes) == "0":
		r.edit(k, k+2, "")
	default:
		r.report(r.text(k), "is one object in openauth0/auth0, not a list of blocks",
			fmt.Sprintf("refer to %s.%s.ATTRIBUTE", r.object, attr))
	}
}

// optionsHint suggests the JSON key an options[0].ATTR reference reads.
func (r *reference) optionsHint(k int) string {
	s := r.pf.s
	generic := fmt.Sprintf("use jsondecode(%s.options).KEY with Auth0's key name (secrets: secret_options)", r.object)
	if k+4 >= len(s.toks) || s.toks[k].Type != hclsyntax.TokenOBrack || s.toks[k+3].Type != hclsyntax.TokenDot {
		return generic
	}
	st := table.strategy(r.strategy)
	if st == nil {
		return generic
	}
	row := st.row(string(s.toks[k+4].Bytes))
	if row == nil || row.Kind != kindCopy {
		return generic
	}
	attr := "options"
	if isSecretKey(r.strategy, row.keyPath()) {
		attr = "secret_options"
	}
	key := ""
	for _, p := range row.keyPath() {
		key += "." + p
	}
	return fmt.Sprintf("use jsondecode(%s.%s)%s (it holds the keys this configuration writes)", r.object, attr, key)
}

// report adds an error about the reference, whose source is subject. The
// reference is left as written.
func (r *reference) report(subject, msg, action string) {
	r.c.add(Finding{File: r.pf.path, Line: r.pf.s.lines[r.start], Severity: Error, Subject: subject, Message: msg, Action: action})
}

// edit applies a rewrite, unless it falls inside text the conversion
// already replaced (a reference inside a converted options block).
func (r *reference) edit(from, to int, text string) {
	for _, e := range r.pf.s.edits {
		if from < e.to && e.from < to {
			r.report(r.text(to), "a reference inside converted text could not be rewritten", "rewrite it by hand")
			return
		}
	}
	r.pf.s.replace(from, to, text)
}
