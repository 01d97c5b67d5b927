package migrate

import (
	"fmt"
	"io"
	"sort"
	"strings"
)

// Severity of a Finding.
type Severity int

const (
	// Error: something could not be converted faithfully. The resource it
	// belongs to is left exactly as it was (still managed by auth0/auth0),
	// and the run exits non-zero.
	Error Severity = iota
	// Note: converted, but worth knowing (a value auth0/auth0 never sent was
	// left out, a module that lives elsewhere was not visited).
	Note
)

func (s Severity) String() string {
	if s == Note {
		return "note"
	}
	return "error"
}

// Finding is one line of the report.
type Finding struct {
	File     string // path relative to the converted directory
	Line     int
	Severity Severity
	Subject  string // what it is about: a resource address, an attribute
	Message  string // what happened
	Action   string // what to do; empty when nothing is needed
}

func (f Finding) String() string {
	var b strings.Builder
	if f.File != "" {
		b.WriteString(f.File)
		if f.Line > 0 {
			fmt.Fprintf(&b, ":%d", f.Line)
		}
		b.WriteString(": ")
	}
	b.WriteString(f.Severity.String())
	b.WriteString(": ")
	if f.Subject != "" {
		b.WriteString(f.Subject)
		b.WriteString(": ")
	}
	b.WriteString(f.Message)
	if f.Action != "" {
		b.WriteString("\n    → ")
		b.WriteString(f.Action)
	}
	return b.String()
}

// Summary counts what a run did.
type Summary struct {
	Files        int            // .tf files read
	Modules      int            // directories holding them
	ChangedFiles int            // files the conversion rewrites
	Converted    map[string]int // by type; data sources as "data.TYPE"
	Unconverted  int            // connection resources left as they were (see the errors)
	Already      int            // connection resources already on this provider
	// ProviderBlocks is the number of provider "auth0" blocks copied for this
	// provider; RequiredProviders the modules whose required_providers
	// gained (or, with --replace, changed) an entry.
	ProviderBlocks    int
	RequiredProviders int
	LocalName         string // the local name this provider goes by
	Replace           bool
}

// Total is the number of resources and data sources converted.
func (s Summary) Total() int {
	n := 0
	for _, c := range s.Converted {
		n += c
	}
	return n
}

// WriteReport prints the findings, then the summary. dryRun words it as
// what would change.
func (r *Result) WriteReport(w io.Writer, dryRun bool) {
	for _, f := range r.Findings {
		fmt.Fprintln(w, f.String())
	}
	if len(r.Findings) > 0 {
		fmt.Fprintln(w)
	}
	s := r.Summary
	fmt.Fprintf(w, "%d %s in %d %s, %d %s\n", s.Files, plural(s.Files, "file"), s.Modules, plural(s.Modules, "module"),
		s.ChangedFiles, plural(s.ChangedFiles, "file")+" "+verb(dryRun))
	errs, notes := r.count()
	if r.Refused {
		fmt.Fprintf(w, "nothing written: %d %s to fix first\n", errs, plural(errs, "error"))
		return
	}
	if total := s.Total(); total > 0 {
		fmt.Fprintf(w, "converted %d:\n", total)
		types := make([]string, 0, len(s.Converted))
		for t := range s.Converted {
			types = append(types, t)
		}
		sort.Strings(types)
		for _, t := range types {
			fmt.Fprintf(w, "  %-52s %d\n", t, s.Converted[t])
		}
	} else if s.Already > 0 {
		fmt.Fprintln(w, "nothing left to convert")
	} else {
		fmt.Fprintln(w, "no connection resource to convert")
	}
	if s.Already > 0 {
		fmt.Fprintf(w, "already on %s: %d\n", s.LocalName, s.Already)
	}
	switch {
	case s.Total() == 0:
	case s.Replace:
		fmt.Fprintf(w, "required_providers: %q now means openauth0/auth0 (%d %s)\n",
			s.LocalName, s.RequiredProviders, plural(s.RequiredProviders, "module"))
	default:
		fmt.Fprintf(w, "provider %q: %d provider %s copied, declared in %d %s\n",
			s.LocalName, s.ProviderBlocks, plural(s.ProviderBlocks, "block"), s.RequiredProviders, plural(s.RequiredProviders, "module"))
	}
	if s.Unconverted > 0 {
		fmt.Fprintf(w, "left as they were, still on auth0/auth0: %d\n", s.Unconverted)
	}
	switch {
	case errs > 0:
		fmt.Fprintf(w, "%d %s to fix, %d %s\n", errs, plural(errs, "error"), notes, plural(notes, "note"))
	case notes > 0:
		fmt.Fprintf(w, "everything converted (%d %s)\n", notes, plural(notes, "note"))
	default:
		fmt.Fprintln(w, "everything converted")
	}
	if errs == 0 && s.Total() > 0 {
		if s.Replace {
			fmt.Fprintln(w, "next: terraform state replace-provider registry.terraform.io/auth0/auth0 registry.terraform.io/openauth0/auth0, then terraform init and terraform plan")
		} else {
			fmt.Fprintln(w, "next: terraform init, then terraform plan")
		}
	}
}

func (r *Result) count() (errs, notes int) {
	for _, f := range r.Findings {
		if f.Severity == Error {
			errs++
		} else {
			notes++
		}
	}
	return errs, notes
}

// HasErrors reports whether anything could not be converted.
func (r *Result) HasErrors() bool {
	errs, _ := r.count()
	return errs > 0
}

func verb(dryRun bool) string {
	if dryRun {
		return "to change"
	}
	return "changed"
}

func plural(n int, word string) string {
	if n == 1 {
		return word
	}
	return word + "s"
}
