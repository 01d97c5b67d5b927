package provider

import (
	"testing"

	"github.com/openauth0/terraform-provider-auth0/internal/tfcli"
)

// Tests that run the terraform binary with more than one provider (this
// one, built as a binary, beside the auth0/auth0 provider's own binary) use
// package tfcli; this file only joins its tenant to the helpers of this
// package's acceptance tests.

// TestMain removes the provider binaries the terraform tests built.
func TestMain(m *testing.M) { tfcli.Main(m) }

// cliWorld is a tfcli world with the test's view of its tenant as an
// accEnv, so the server checks of the other acceptance tests apply to it.
type cliWorld struct {
	*tfcli.World
	env *accEnv
}

// binaries builds this provider and, when withOfficial, unpacks the
// auth0/auth0 one; both once per test binary.
func binaries(t *testing.T, withOfficial bool) tfcli.Providers {
	t.Helper()
	return tfcli.Build(t, withOfficial)
}

// newCLIWorld starts a fresh tenant that terraform reaches with the
// providers.
func newCLIWorld(t *testing.T, providers tfcli.Providers) *cliWorld {
	t.Helper()
	w := tfcli.NewWorld(t, providers)
	return &cliWorld{World: w, env: &accEnv{t: t, client: w.Client, server: w.Server}}
}
