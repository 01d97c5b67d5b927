package client

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
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
	return collect(checkpointPages("listing enabled clients of "+connectionID, query, func(q url.Values) ([]string, string, error) {
		page, err := fetch[clientsPage](ctx, c, request{method: http.MethodGet, path: subresourcePath(connectionID, "/clients"), query: q, retryUncertain: true})
		if err != nil {
			return nil, "", err
		}
		ids := make([]string, len(page.Clients))
		for i, item := range page.Clients {
			ids[i] = item.ClientID
		}
		return ids, page.Next, nil
	}))
}

// SetEnabledClients enables and disables applications on a connection with
// PATCH /connections/{id}/clients, in order, in batches of at most 50 (the
// API's limit). Each change is idempotent, so a failed call may be repeated.
//
// When a batch fails, the error is an *EnabledClientsError saying which
// changes were applied. When the batch was refused because an application
// does not exist, SetEnabledClients finds out which: the API's 404 ("The
// client does not exist") does not say, so the batch's enables are sent
// again, a refused part split in halves until it is a single change (about
// a dozen requests per unknown id in a batch of 50, and only on failure).
// The enables that go through stay applied: they are what the caller asked
// for. The batch's disables are not sent.
func (c *Client) SetEnabledClients(ctx context.Context, connectionID string, changes []ClientStatus) error {
	if connectionID == "" {
		return errors.New("changing enabled clients needs a connection id")
	}
	ctx = c.withLogging(ctx)
	for start := 0; start < len(changes); start += maxClientsPatch {
		batch := changes[start:min(start+maxClientsPatch, len(changes))]
		err := c.patchEnabledClients(ctx, connectionID, batch)
		if err == nil {
			continue
		}
		failure := &EnabledClientsError{ConnectionID: connectionID, Applied: slices.Clone(changes[:start]), Err: err, total: len(changes)}
		if enables := enablesOf(batch); IsUnknownClient(err) && len(enables) > 0 {
			unknown, applied, probeErr := c.findUnknownClients(ctx, connectionID, enables, len(enables) == len(batch))
			failure.Applied = append(failure.Applied, applied...)
			if probeErr != nil {
				logDebug(ctx, "Could not tell which client does not exist", map[string]any{"error": probeErr.Error()})
			} else {
				failure.UnknownClients = unknown
			}
		}
		return failure
	}
	return nil
}

func (c *Client) patchEnabledClients(ctx context.Context, connectionID string, changes []ClientStatus) error {
	r := request{method: http.MethodPatch, path: subresourcePath(connectionID, "/clients"), body: changes, retryUncertain: true}
	return c.do(ctx, r, nil)
}

// findUnknownClients names the clients among changes that do not exist,
// and returns the changes that went through. refused says changes were
// just refused as a whole, so they are split without sending them again.
func (c *Client) findUnknownClients(ctx context.Context, connectionID string, changes []ClientStatus, refused bool) (unknown []string, applied []ClientStatus, err error) {
	if !refused {
		err = c.patchEnabledClients(ctx, connectionID, changes)
		switch {
		case err == nil:
			return nil, changes, nil
		case !IsUnknownClient(err):
			return nil, nil, err
		}
	}
	if len(changes) == 1 {
		return []string{changes[0].ClientID}, nil, nil
	}
	half := len(changes) / 2
	for _, part := range [][]ClientStatus{changes[:half], changes[half:]} {
		u, a, err := c.findUnknownClients(ctx, connectionID, part, false)
		unknown, applied = append(unknown, u...), append(applied, a...)
		if err != nil {
			return unknown, applied, err
		}
	}
	return unknown, applied, nil
}

func enablesOf(changes []ClientStatus) []ClientStatus {
	var enables []ClientStatus
	for _, ch := range changes {
		if ch.Status {
			enables = append(enables, ch)
		}
	}
	return enables
}

// EnabledClientsError is a SetEnabledClients that stopped part way.
type EnabledClientsError struct {
	ConnectionID string
	// Applied are the changes the server accepted, before the failure or
	// while looking for the unknown clients.
	Applied []ClientStatus
	// UnknownClients are the ids of enabled applications the tenant does
	// not have, when that was the failure and they could be told apart.
	UnknownClients []string
	// Err is the API's error.
	Err   error
	total int
}

func (e *EnabledClientsError) Error() string {
	msg := e.Err.Error()
	if len(e.UnknownClients) > 0 {
		msg += fmt.Sprintf(" (client ids: %s)", strings.Join(e.UnknownClients, ", "))
	}
	if len(e.Applied) > 0 {
		msg = fmt.Sprintf("changing enabled clients of %s: %d of %d changes were applied: %s", e.ConnectionID, len(e.Applied), e.total, msg)
	}
	return msg
}

func (e *EnabledClientsError) Unwrap() error { return e.Err }
