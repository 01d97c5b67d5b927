package migrate

import (
	"bytes"
	"sort"
	"strings"

	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/hashicorp/hcl/v2/hclwrite"
)

// stream is a file's tokens as hclwrite parsed them. The converter never
// mutates the hclwrite tree: it records edits on token ranges of the
// original stream and applies them once, so everything it does not touch
// (comments, blank lines, heredocs, odd formatting) comes out byte for byte.
type stream struct {
	toks  hclwrite.Tokens
	index map[*hclwrite.Token]int
	lines []int // 1-based line of each token
	edits []edit
}

// edit replaces tokens [from, to) with text; from == to inserts.
type edit struct {
	from, to int
	text     string
}

func newStream(f *hclwrite.File) *stream {
	s := &stream{toks: f.BuildTokens(nil), index: map[*hclwrite.Token]int{}}
	line := 1
	s.lines = make([]int, len(s.toks))
	for i, t := range s.toks {
		s.index[t] = i
		s.lines[i] = line
		line += bytes.Count(t.Bytes, []byte{'\n'})
	}
	return s
}

// span returns the range of ts in the stream; ok is false for no tokens.
func (s *stream) span(ts hclwrite.Tokens) (from, to int, ok bool) {
	if len(ts) == 0 {
		return 0, 0, false
	}
	from, ok1 := s.index[ts[0]]
	last, ok2 := s.index[ts[len(ts)-1]]
	return from, last + 1, ok1 && ok2
}

// line is the line of the first non-comment, non-newline token at or after i.
func (s *stream) line(i int) int {
	for j := i; j < len(s.toks); j++ {
		if t := s.toks[j].Type; t != hclsyntax.TokenComment && t != hclsyntax.TokenNewline {
			return s.lines[j]
		}
	}
	if i < len(s.lines) {
		return s.lines[i]
	}
	return 0
}

func (s *stream) replace(from, to int, text string) {
	s.edits = append(s.edits, edit{from: from, to: to, text: text})
}

func (s *stream) insert(at int, text string) { s.replace(at, at, text) }

func (s *stream) changed() bool { return len(s.edits) > 0 }

// text is the source of tokens [from, to), without the leading spaces of
// the first token.
func (s *stream) text(from, to int) string {
	return strings.TrimLeft(string(s.toks[from:to].Bytes()), " ")
}

// apply returns the edited source. Overlapping edits are a bug in the
// caller: the later one is dropped rather than corrupting the file.
func (s *stream) apply() []byte {
	edits := append([]edit(nil), s.edits...)
	sort.SliceStable(edits, func(i, j int) bool { return edits[i].from < edits[j].from })
	var b bytes.Buffer
	pos := 0
	for _, e := range edits {
		if e.from < pos {
			continue
		}
		b.Write(s.toks[pos:e.from].Bytes())
		if e.text != "" {
			// Keep the token boundary: a replacement never glues onto the
			// previous token.
			if b.Len() > 0 && !endsWithSpace(b.Bytes()) {
				b.WriteByte(' ')
			}
			b.WriteString(e.text)
		}
		pos = e.to
	}
	b.Write(s.toks[pos:].Bytes())
	return hclwrite.Format(b.Bytes())
}

func endsWithSpace(b []byte) bool {
	c := b[len(b)-1]
	return c == ' ' || c == '\n' || c == '\t'
}

// item is one attribute or block of a body, with its token range (lead
// comments included, trailing newline included).
type item struct {
	attr     *hclwrite.Attribute
	block    *hclwrite.Block
	name     string // attribute name or block type
	from, to int
}

func (it item) isBlock() bool { return it.block != nil }

// items returns a body's attributes and blocks in source order.
func (s *stream) items(b *hclwrite.Body) []item {
	var out []item
	for name, a := range b.Attributes() {
		if from, to, ok := s.span(a.BuildTokens(nil)); ok {
			out = append(out, item{attr: a, name: name, from: from, to: to})
		}
	}
	for _, bl := range b.Blocks() {
		if from, to, ok := s.span(bl.BuildTokens(nil)); ok {
			out = append(out, item{block: bl, name: bl.Type(), from: from, to: to})
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].from < out[j].from })
	return out
}

// exprRange is the token range of an attribute's expression.
func (s *stream) exprRange(a *hclwrite.Attribute) (from, to int, ok bool) {
	return s.span(a.Expr().BuildTokens(nil))
}

// exprText is the source of an attribute's expression.
func (s *stream) exprText(a *hclwrite.Attribute) string {
	from, to, ok := s.exprRange(a)
	if !ok {
		return ""
	}
	return s.text(from, to)
}

// comments returns the comment tokens in [from, to), each as one line of
// source without its newline.
func (s *stream) comments(from, to int) []string {
	var out []string
	for i := from; i < to; i++ {
		if s.toks[i].Type == hclsyntax.TokenComment {
			out = append(out, strings.TrimRight(string(s.toks[i].Bytes), "\n"))
		}
	}
	return out
}

// attrComments returns the comments before an attribute's name and after
// its expression.
func (s *stream) attrComments(it item) (lead, trailing []string) {
	from, to, ok := s.exprRange(it.attr)
	if !ok {
		return s.comments(it.from, it.to), nil
	}
	return s.comments(it.from, from), s.comments(to, it.to)
}

// blockLeadComments returns the comments before a block's type name.
func (s *stream) blockLeadComments(it item) []string {
	for i := it.from; i < it.to; i++ {
		if s.toks[i].Type == hclsyntax.TokenIdent {
			return s.comments(it.from, i)
		}
	}
	return nil
}

// bodyStart returns the index just after a block's opening brace (and its
// newline), where text can be inserted at the top of the body.
func (s *stream) bodyStart(it item) (at int, needsNewline bool) {
	for i := it.from; i < it.to; i++ {
		if s.toks[i].Type == hclsyntax.TokenOBrace {
			if i+1 < it.to && s.toks[i+1].Type == hclsyntax.TokenNewline {
				return i + 2, false
			}
			return i + 1, true
		}
	}
	return it.to, true
}

// braces returns the positions of a block's opening and closing braces.
func (s *stream) braces(it item) (opening, closing int, ok bool) {
	opening, closing = -1, -1
	depth := 0
	for i := it.from; i < it.to; i++ {
		switch s.toks[i].Type {
		case hclsyntax.TokenOBrace:
			if depth == 0 && opening < 0 {
				opening = i
			}
			depth++
		case hclsyntax.TokenCBrace:
			depth--
			if depth == 0 && closing < 0 {
				closing = i
			}
		}
	}
	return opening, closing, opening >= 0 && closing > opening
}

// bodyText is the source between a block's braces.
func (s *stream) bodyText(it item) string {
	opening, closing, ok := s.braces(it)
	if !ok {
		return ""
	}
	return string(s.toks[opening+1 : closing].Bytes())
}
