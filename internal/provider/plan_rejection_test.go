package provider

import (
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
)

// Tests of bad input plan many cases in one configuration: every terraform
// process costs more CPU than the provider spends on all the cases
// together. Each case is still proven on its own: it must be rejected with
// its own error, in a diagnostic terraform attributes to that case's
// resource or provider alone.

// planCase is one case of a configuration that holds many.
type planCase struct {
	what  string         // names the case in failures
	owner *regexp.Regexp // matches a diagnostic of this case: its address, as terraform prints it
	error *regexp.Regexp // the error the case must fail with
}

// expectEachRejected plans the cases together and reports how many were
// rejected each with its own error. plan runs terraform plan on the
// configuration of the cases given by their indexes and returns its error
// output ("" when the plan succeeded).
//
// Terraform plans only a configuration that passed validation, so a case
// rejected while planning gets no diagnostic while another case fails
// validation: the cases without a diagnostic are planned again, by
// themselves, until a plan leaves none of them without one.
func expectEachRejected(t *testing.T, cases []planCase, plan func(indexes []int) string) int {
	t.Helper()
	rejected := 0
	pending := make([]int, len(cases))
	for i := range pending {
		pending[i] = i
	}
	round := 0
	for len(pending) > 0 {
		round++
		output := plan(pending)
		own, unowned := diagnosticsByCase(cases, pending, errorDiagnostics(output))
		for _, d := range unowned {
			t.Errorf("plan %d: an error that names no single case:\n%s", round, d)
		}
		var later []int
		for _, i := range pending {
			switch {
			case len(own[i]) == 0:
				later = append(later, i)
			case anyMatches(cases[i].error, own[i]):
				rejected++
			default:
				t.Errorf("%s: rejected, but with no error matching %q:\n%s", cases[i].what, cases[i].error, strings.Join(own[i], "\n"))
			}
		}
		if len(later) == len(pending) {
			for _, i := range later {
				t.Errorf("%s: terraform plan did not reject it", cases[i].what)
			}
			if output != "" {
				t.Logf("plan %d output:\n%s", round, output)
			}
			break
		}
		pending = later
	}
	t.Logf("%d of %d cases rejected (terraform plan ran %d times)", rejected, len(cases), round)
	return rejected
}

// diagnosticsByCase gives each diagnostic to the one pending case whose
// owner it matches; those that match none or several are unowned.
func diagnosticsByCase(cases []planCase, pending []int, diagnostics []string) (map[int][]string, []string) {
	own := map[int][]string{}
	var unowned []string
	for _, d := range diagnostics {
		var owners []int
		for _, i := range pending {
			if cases[i].owner.MatchString(d) {
				owners = append(owners, i)
			}
		}
		if len(owners) != 1 {
			unowned = append(unowned, d)
			continue
		}
		own[owners[0]] = append(own[owners[0]], d)
	}
	return own, unowned
}

// errorDiagnostics splits terraform's output (with -no-color) into its
// error diagnostics, each from its "Error: " line to the next diagnostic.
// A diagnostic starts with its summary alone between blank lines: a
// provider's detail may hold a line that starts with "Error: " too.
func errorDiagnostics(output string) []string {
	lines := strings.SplitAfter(output, "\n")
	blank := func(i int) bool { return i < 0 || i >= len(lines) || strings.TrimSpace(lines[i]) == "" }
	var out []string
	inError := false
	for i, line := range lines {
		if blank(i-1) && blank(i+1) {
			switch {
			case strings.HasPrefix(line, "Error: "):
				out, inError = append(out, ""), true
			case strings.HasPrefix(line, "Warning: "):
				inError = false
			}
		}
		if inError {
			out[len(out)-1] += line
		}
	}
	return out
}

func anyMatches(re *regexp.Regexp, texts []string) bool {
	for _, s := range texts {
		if re.MatchString(s) {
			return true
		}
	}
	return false
}

// planErrors runs terraform plan on config with the providers and returns
// its error output, "" when the plan succeeded.
func planErrors(t *testing.T, providers map[string]func() (tfprotov6.ProviderServer, error), config string) string {
	t.Helper()
	var output string
	resource.Test(t, resource.TestCase{
		// Every error the plan reports is the test's to judge, case by case.
		ErrorCheck: func(err error) error {
			output = err.Error()
			return nil
		},
		Steps: []resource.TestStep{{
			ProtoV6ProviderFactories: providers,
			Config:                   config,
			PlanOnly:                 true,
			// A plan that rejects nothing fails its cases, not the step.
			ExpectNonEmptyPlan: true,
		}},
	})
	return output
}

// caseName is the name of the resource or provider of case i.
func caseName(i int) string {
	return fmt.Sprintf("case%02d", i)
}

func TestErrorDiagnosticsSplitsTerraformOutput(t *testing.T) {
	output := `Error running non-refresh plan: exit status 1

Error: Invalid Attribute Value Match

  with auth0_connection.case00,
  on terraform_plugin_test.tf line 19, in resource "auth0_connection" "case00":
  19:   name     = "bad_name"

Attribute name must contain only letters

Warning: Deprecated attribute

  with auth0_connection.case01,

Not an error.

Error: Configuration Read Error

  with auth0_connection.case43,

following to the provider developer:

Error: Value cannot be represented as a
64-bit integer.

Error: Error in function call

  on terraform_plugin_test.tf line 288, in resource "auth0_connection" "case44":
`
	got := errorDiagnostics(output)
	if len(got) != 3 || !strings.HasPrefix(got[0], "Error: Invalid Attribute") || strings.Contains(got[0], "Warning") ||
		!strings.Contains(got[1], "64-bit integer") || !strings.HasPrefix(got[2], "Error: Error in function call") {
		t.Fatalf("diagnostics %q", got)
	}
	cases := []planCase{
		{owner: regexp.MustCompile(`\bauth0_connection\.case00\b`)},
		{owner: regexp.MustCompile(`\bauth0_connection\.case4\b`)},
		{owner: regexp.MustCompile(`"case44"|case43`)},
	}
	own, unowned := diagnosticsByCase(cases, []int{0, 1, 2}, got)
	if len(own[0]) != 1 || len(own[1]) != 0 || len(own[2]) != 2 || len(unowned) != 0 {
		t.Errorf("owned %v, unowned %q", own, unowned)
	}
	// A diagnostic that names two cases proves neither.
	cases[0].owner = cases[2].owner
	if own, unowned = diagnosticsByCase(cases, []int{0, 2}, got); len(own) != 0 || len(unowned) != 3 {
		t.Errorf("owned %v, unowned %q", own, unowned)
	}
}
