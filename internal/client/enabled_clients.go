package client

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
)

// ClientStatus enables (Status true) or disables (false) one application
// on a connection.
type ClientStatus struct {
	ClientID string `json:"client_id"`
	Status   bool   `json:"status"`
}

// maxClientsPatch is the API's limit of items in one PATCH /clients body.
const maxClientsPatch = 50

type clientsPage struct {
	Clients []struct {
		ClientID string `json:"client_id"`
	} `json:"clients"`
	Next string `json:"next,omitempty"`
}

// ListEnabledClients returns the ids of the applications enabled on a
// connection, following every checkpoint page of GET
// /connections/{id}/clients.
func (c *Client) ListEnabledClients(ctx context.Context, connectionID string) ([]string, error) {
	if connectionID == "" {
		return nil, errors.New("listing enabled clients needs a connection id")
	}
	ctx = c.withLogging(ctx)
	query := url.Values{"take": {strconv.Itoa(c.clientsPageSize)}}
	ids := []string{}
	for {
		var page clientsPage
		r := request{method: http.MethodGet, path: "/connections/" + escapeID(connectionID) + "/clients", query: query, retryUncertain: true}
		if _, err := c.do(ctx, r, &page); err != nil {
			return nil, err
		}
		for _, item := range page.Clients {
			ids = append(ids, item.ClientID)
		}
		if page.Next == "" || len(page.Clients) == 0 {
			return ids, nil
		}
		if page.Next == query.Get("from") {
			return nil, fmt.Errorf("listing enabled clients of %s: the server returned the same page cursor %q twice", connectionID, page.Next)
		}
		query.Set("from", page.Next)
	}
}

// SetEnabledClients enables and disables applications on a connection with
// PATCH /connections/{id}/clients, in batches of at most 50 (the API's
// limit). Each change is idempotent, so a failed batch may be retried.
func (c *Client) SetEnabledClients(ctx context.Context, connectionID string, changes []ClientStatus) error {
	if connectionID == "" {
		return errors.New("changing enabled clients needs a connection id")
	}
	ctx = c.withLogging(ctx)
	for start := 0; start < len(changes); start += maxClientsPatch {
		batch := changes[start:min(start+maxClientsPatch, len(changes))]
		r := request{method: http.MethodPatch, path: "/connections/" + escapeID(connectionID) + "/clients", body: batch, retryUncertain: true}
		if _, err := c.do(ctx, r, nil); err != nil {
			if start > 0 {
				return fmt.Errorf("changing enabled clients of %s: %d of %d changes were applied before: %w", connectionID, start, len(changes), err)
			}
			return err
		}
	}
	return nil
}
