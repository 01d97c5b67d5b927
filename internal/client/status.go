package client

import (
	"context"
	"net/http"
	"strings"
)

// ConnectionOnline reports whether the connector behind an AD/LDAP
// connection is connected to Auth0 (GET /connections/{id}/status). The API
// answers an offline connector with a 404 ("not connected to any node"),
// which is false here, not an error; other strategies are always online.
func (c *Client) ConnectionOnline(ctx context.Context, connectionID string) (bool, error) {
	if err := checkConnectionID("reading a connection's status", connectionID); err != nil {
		return false, err
	}
	r := request{method: http.MethodGet, path: subresourcePath(connectionID, "/status"), retryUncertain: true}
	err := c.do(c.withLogging(ctx), r, nil)
	if apiErr, ok := asAPIError(err); ok && apiErr.StatusCode == http.StatusNotFound &&
		strings.Contains(strings.ToLower(apiErr.Message), "not connected") {
		return false, nil
	}
	return err == nil, err
}
