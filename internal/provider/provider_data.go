package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/openauth0/terraform-provider-auth0/internal/client"
)

// providerData is what Configure hands to every resource and data source.
// Terraform configures the provider once per graph walk (a plan, an apply),
// so the cache lives exactly as long as one run's walk.
type providerData struct {
	client *client.Client
	cache  *connectionCache // nil when batch_reads is false
	owners clientOwners     // who manages each connection's enabled clients
}

func newProviderData(c *client.Client, batchReads bool) *providerData {
	d := &providerData{client: c}
	if batchReads {
		d.cache = newConnectionCache(c, defaultCacheTuning)
	}
	return d
}

// readConnection returns a connection for a refresh, from the run's
// listing when reads are batched. Writes never use it: they read the live
// connection themselves right before merging.
func (d *providerData) readConnection(ctx context.Context, id string) (*client.Connection, error) {
	if d.cache == nil {
		return d.client.GetConnection(ctx, id)
	}
	return d.cache.read(ctx, id)
}

// wrote records that a connection was created, changed or deleted, so later
// reads in the same run do not see what it was before.
func (d *providerData) wrote(id string) {
	if d.cache != nil {
		d.cache.wrote(id)
	}
}

// providerDataFrom unpacks what the provider's Configure handed to a
// resource or data source. It is nil before the provider is configured
// (Terraform validates configurations first).
func providerDataFrom(data any, diags *diag.Diagnostics) *providerData {
	if data == nil {
		return nil
	}
	pd, ok := data.(*providerData)
	if !ok {
		diags.Append(unexpectedProviderDataDiagnostic(data))
		return nil
	}
	return pd
}
