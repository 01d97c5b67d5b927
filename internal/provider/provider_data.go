package provider

import (
	"context"
	"sync"

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
	// strategies remembers the strategy of each connection this run has
	// read, so a plan can check that a sub-resource suits its connection
	// without an API call of its own.
	strategies sync.Map // connection id -> strategy
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
	var conn *client.Connection
	var err error
	if d.cache == nil {
		conn, err = d.client.GetConnection(ctx, id)
	} else {
		conn, err = d.cache.read(ctx, id)
	}
	if err == nil {
		d.strategies.Store(id, conn.Strategy)
	}
	return conn, err
}

// knownStrategy returns the strategy of a connection this run has read.
func (d *providerData) knownStrategy(id string) (string, bool) {
	if d == nil {
		return "", false
	}
	s, ok := d.strategies.Load(id)
	if !ok {
		return "", false
	}
	strategy, _ := s.(string)
	return strategy, strategy != ""
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
