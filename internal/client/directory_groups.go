package client

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
)

// SynchronizedGroup is a Google Workspace group in a directory
// provisioning's selection. ID is the group's Workspace id; the other
// fields are optional metadata, sent only when set.
type SynchronizedGroup struct {
	ID                 string `json:"id"`
	Name               string `json:"name,omitempty"`
	Email              string `json:"email,omitempty"`
	DirectMembersCount *int64 `json:"direct_members_count,omitempty"`
}

// maxGroupsPerChange is the most groups one add or remove request of the
// synchronized-groups endpoints accepts.
const maxGroupsPerChange = 100

// groupsPageSize is the take= of the selection's listing, its maximum.
const groupsPageSize = 100

type groupsBody struct {
	Groups []SynchronizedGroup `json:"groups"`
}

type groupsPage struct {
	Groups []SynchronizedGroup `json:"groups"`
	Next   string              `json:"next,omitempty"`
}

func groupsPath(connectionID string) string {
	return directoryProvisioning.path(connectionID) + "/synchronized-groups"
}

// ListSynchronizedGroups returns a directory provisioning's selection of
// groups, sorted by id as the API lists them, following every checkpoint
// page.
func (c *Client) ListSynchronizedGroups(ctx context.Context, connectionID string) ([]SynchronizedGroup, error) {
	if err := checkConnectionID("listing synchronized groups", connectionID); err != nil {
		return nil, err
	}
	ctx = c.withLogging(ctx)
	q := url.Values{"take": {strconv.Itoa(groupsPageSize)}}
	return collect(checkpointPages("listing the synchronized groups of "+connectionID, q, func(q url.Values) ([]SynchronizedGroup, string, error) {
		page, err := fetch[groupsPage](ctx, c, request{method: http.MethodGet, path: groupsPath(connectionID), query: q, retryUncertain: true})
		if err != nil {
			return nil, "", err
		}
		return page.Groups, page.Next, nil
	}))
}

// ReplaceSynchronizedGroups makes groups the whole selection. One PUT
// replaces the selection with the first 100 groups (maxGroupsPerChange);
// the rest follow as adds of at most 100 each. Every request can be
// repeated with the same result, so failures are retried like those of
// any update; a failure part way is a *SynchronizedGroupsError.
func (c *Client) ReplaceSynchronizedGroups(ctx context.Context, connectionID string, groups []SynchronizedGroup) error {
	if err := checkConnectionID("replacing synchronized groups", connectionID); err != nil {
		return err
	}
	ctx = c.withLogging(ctx)
	first := groups[:min(len(groups), maxGroupsPerChange)]
	if first == nil {
		first = []SynchronizedGroup{}
	}
	if err := c.do(ctx, request{method: http.MethodPut, path: groupsPath(connectionID), body: groupsBody{first}, retryUncertain: true}, nil); err != nil {
		return err
	}
	applied := &SynchronizedGroupsError{ConnectionID: connectionID, Added: groupIDs(first)}
	return c.addGroups(ctx, connectionID, groups[len(first):], applied)
}

// ChangeSynchronizedGroups removes the groups with the ids in remove from
// the selection, then adds (or, for a group already selected, replaces)
// the groups in add, in requests of at most 100 groups (maxGroupsPerChange).
// Removing first means a failure part way never leaves a group selected
// that should no longer be. Adds and removes are idempotent (an add of a
// selected group replaces it, a remove of a group not selected does
// nothing), so each request is retried like an update. A failure part way
// is a *SynchronizedGroupsError saying what was applied.
func (c *Client) ChangeSynchronizedGroups(ctx context.Context, connectionID string, remove []string, add []SynchronizedGroup) error {
	if err := checkConnectionID("changing synchronized groups", connectionID); err != nil {
		return err
	}
	ctx = c.withLogging(ctx)
	applied := &SynchronizedGroupsError{ConnectionID: connectionID}
	for start := 0; start < len(remove); start += maxGroupsPerChange {
		batch := remove[start:min(start+maxGroupsPerChange, len(remove))]
		body := groupsBody{Groups: make([]SynchronizedGroup, len(batch))}
		for i, id := range batch {
			body.Groups[i] = SynchronizedGroup{ID: id}
		}
		if err := c.do(ctx, request{method: http.MethodDelete, path: groupsPath(connectionID), body: body, retryUncertain: true}, nil); err != nil {
			applied.Err = err
			return applied
		}
		applied.Removed = append(applied.Removed, batch...)
	}
	return c.addGroups(ctx, connectionID, add, applied)
}

// addGroups POSTs groups in batches, recording them in applied; it returns
// applied as the error when a batch fails, nil otherwise.
func (c *Client) addGroups(ctx context.Context, connectionID string, groups []SynchronizedGroup, applied *SynchronizedGroupsError) error {
	for start := 0; start < len(groups); start += maxGroupsPerChange {
		batch := groups[start:min(start+maxGroupsPerChange, len(groups))]
		if err := c.do(ctx, request{method: http.MethodPost, path: groupsPath(connectionID), body: groupsBody{batch}, retryUncertain: true}, nil); err != nil {
			applied.Err = err
			return applied
		}
		applied.Added = append(applied.Added, groupIDs(batch)...)
	}
	return nil
}

func groupIDs(groups []SynchronizedGroup) []string {
	ids := make([]string, len(groups))
	for i, g := range groups {
		ids[i] = g.ID
	}
	return ids
}

// SynchronizedGroupsError is a change to the selection that stopped part
// way: the requests before the failed one were applied.
type SynchronizedGroupsError struct {
	ConnectionID string
	Removed      []string // ids removed from the selection
	Added        []string // ids added to (or replaced in) the selection
	Err          error
}

func (e *SynchronizedGroupsError) Error() string {
	return fmt.Sprintf("changing the synchronized groups of %s: %d removed and %d added before a request failed: %v",
		e.ConnectionID, len(e.Removed), len(e.Added), e.Err)
}

func (e *SynchronizedGroupsError) Unwrap() error { return e.Err }
