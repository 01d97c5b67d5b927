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

// WriteReport prints the findings, then the summary: what was read, what
// was converted, how the providers were wired, what is left, and what to
// run next. dryRun words it as what would change (--check, or a refused
// --replace).
func (r *Result) WriteReport(w io.Writer, dryRun bool) {
	for _, f := range r.Findings {
		fmt.Fprintln(w, f.String())
	}
	if len(r.Findings) > 0 {
		fmt.Fprintln(w)
	}
	s := r.Summary
	errs, notes := r.count()
	read := fmt.Sprintf("%d %s in %d %s", s.Files, plural(s.Files, "file"), s.Modules, plural(s.Modules, "module"))
	if r.Refused {
		fmt.Fprintf(w, "%s; nothing written: --replace refused (%d %s above); fix %s, or run without --replace\n",
			read, errs, plural(errs, "error"), pick(errs, "it", "them"))
		return
	}
	if dryRun {
		fmt.Fprintf(w, "%s, %d to rewrite\n", read, s.ChangedFiles)
	} else {
		fmt.Fprintf(w, "%s, %d rewritten\n", read, s.ChangedFiles)
	}
	r.writeConverted(w)
	switch {
	case errs > 0:
		fmt.Fprintf(w, "%d %s, %d %s\n", errs, plural(errs, "error"), notes, plural(notes, "note"))
	case notes > 0:
		fmt.Fprintf(w, "everything converted (%d %s)\n", notes, plural(notes, "note"))
	default:
		fmt.Fprintln(w, "everything converted")
	}
	fmt.Fprintln(w, "next: "+r.next(dryRun, errs))
}

// writeConverted prints what moved to this provider and how it is wired.
func (r *Result) writeConverted(w io.Writer) {
	s := r.Summary
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
	} else if s.Already == 0 {
		fmt.Fprintln(w, "no connection resource or data source to convert")
	}
	if s.Already > 0 {
		fmt.Fprintf(w, "already on openauth0/auth0: %d\n", s.Already)
	}
	switch {
	case s.Total() == 0:
	case s.Replace:
		fmt.Fprintf(w, "required_providers: %q now means openauth0/auth0 (%d %s)\n",
			s.LocalName, s.RequiredProviders, plural(s.RequiredProviders, "module"))
	default:
		blocks := "no provider \"auth0\" block to copy (both providers read the AUTH0_* environment variables)"
		if s.ProviderBlocks > 0 {
			blocks = fmt.Sprintf("%d provider \"auth0\" %s copied as provider %q", s.ProviderBlocks, plural(s.ProviderBlocks, "block"), s.LocalName)
		}
		fmt.Fprintf(w, "%s; %s\n", s.declared(), blocks)
	}
	if s.Unconverted > 0 {
		fmt.Fprintf(w, "left as they were, still on auth0/auth0 (see the errors): %d\n", s.Unconverted)
	}
}

// declared says where this run declared openauth0/auth0. A run that
// converts what an earlier one left finds it declared already.
func (s Summary) declared() string {
	if s.RequiredProviders == 0 {
		return fmt.Sprintf("openauth0/auth0 already declared as %q", s.LocalName)
	}
	return fmt.Sprintf("openauth0/auth0 declared as %q in %d %s", s.LocalName, s.RequiredProviders, plural(s.RequiredProviders, "module"))
}

// next says what to run after this run.
func (r *Result) next(dryRun bool, errs int) string {
	s := r.Summary
	switch {
	case errs > 0:
		return "fix what the errors name (it is left as written) and run auth0-migrate again; what is converted stays as it is"
	case s.Total() == 0 && s.Already > 0:
		// An earlier run converted them, maybe one whose errors (in
		// references) sent the user back here before terraform init.
		return "nothing to convert; unless terraform plan has said No changes since the conversion: " + switchNext
	case s.Total() == 0:
		return "nothing"
	case dryRun:
		return "run auth0-migrate without --check to rewrite the files, then terraform init and terraform plan"
	case s.Replace:
		return "terraform state replace-provider registry.terraform.io/auth0/auth0 registry.terraform.io/openauth0/auth0, " +
			"then terraform init and terraform plan: it should say No changes"
	}
	return switchNext
}

// switchNext is what completes a conversion.
const switchNext = "terraform init, then terraform plan: it should say No changes"

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

func pick(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

func plural(n int, word string) string {
	if n == 1 {
		return word
	}
	return word + "s"
}
