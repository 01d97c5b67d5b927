package options_test

import (
	"fmt"

	"github.com/openauth0/terraform-provider-auth0/internal/options"
)

// An apply that changes one managed key keeps what the dashboard added and
// deletes only what the configuration stopped managing.
func ExampleMerge() {
	live, _ := options.Parse(`{"passwordPolicy":"good","mfa":{"active":true},"dashboard_key":"x"}`)
	prior, _ := options.Parse(`{"passwordPolicy":"good","mfa":{"active":true}}`)
	desired, _ := options.Parse(`{"passwordPolicy":"excellent"}`)
	r := options.RulesFor("auth0")

	merged := options.Merge(live, prior, desired, r)
	fmt.Println(options.Encode(merged))
	fmt.Println(options.Encode(options.Project(merged, desired, r)))
	// Output:
	// {"dashboard_key":"x","passwordPolicy":"excellent"}
	// {"passwordPolicy":"excellent"}
}

func ExampleValidate() {
	opts, _ := options.Parse(`{"passwordPolicy":"medium","client_secret":"s","upstream_params":{"screen_name":{"alias":"username"}}}`)
	for _, p := range options.Validate("auth0", opts) {
		fmt.Println(p.Severity, p.Path, "-", p.Summary)
	}
	// Output:
	// error client_secret - Secret option in options
	// error passwordPolicy - Invalid option value
	// error upstream_params.screen_name.alias - Invalid upstream parameter
}
