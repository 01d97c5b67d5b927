package options

import (
	"regexp"
	"strconv"
	"strings"
)

// Path is a key path inside an options object, e.g. {"mfa", "active"}.
// Array positions, which only appear in validation problems, are segments of
// the form "[3]".
type Path []string

// plainSegment matches keys that print unambiguously in dotted form.
var plainSegment = regexp.MustCompile(`^[A-Za-z0-9_$-]+$`)

// String renders the path for people: "mfa.active", "precedence[1]",
// `customHeaders["X.Auth"]`. Keys that would be ambiguous in dotted form are
// quoted, so a key containing a dot can never be mistaken for two keys.
func (p Path) String() string {
	var b strings.Builder
	for i, seg := range p {
		switch {
		case isIndexSegment(seg):
			b.WriteString(seg)
		case plainSegment.MatchString(seg):
			if i > 0 {
				b.WriteByte('.')
			}
			b.WriteString(seg)
		default:
			b.WriteString("[")
			b.WriteString(strconv.Quote(seg))
			b.WriteString("]")
		}
	}
	return b.String()
}

// child returns a new path one segment longer; it never aliases p's backing
// array, so paths handed out (in Problems, LeafPaths) stay stable.
func (p Path) child(seg string) Path {
	c := make(Path, len(p)+1)
	copy(c, p)
	c[len(p)] = seg
	return c
}

func indexSegment(i int) string { return "[" + strconv.Itoa(i) + "]" }

func isIndexSegment(seg string) bool {
	if len(seg) < 3 || seg[0] != '[' || seg[len(seg)-1] != ']' {
		return false
	}
	_, err := strconv.Atoi(seg[1 : len(seg)-1])
	return err == nil
}
