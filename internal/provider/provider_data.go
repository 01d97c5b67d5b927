package provider

import (
	"github.com/openauth0/terraform-provider-auth0/internal/client"
)

// providerData is what Configure hands to every resource and data source.
type providerData struct {
	client *client.Client
}

func newProviderData(c *client.Client) *providerData {
	return &providerData{client: c}
}
