package client

import (
	"context"
	"fmt"
	"net/http"
)

// singleton is a sub-resource a connection has at most one of, which has no
// id of its own: a SCIM configuration, a directory provisioning. Both are
// created (POST), read (GET), changed (PATCH) and removed (DELETE) at one
// path below the connection, and have a default mapping below that. T is
// the sub-resource, M one entry of its mapping.
type singleton[T, M any] struct {
	sub     string           // the path below the connection: "/scim-configuration"
	noun    string           // for messages: "SCIM configuration"
	mapping string           // for messages: "the default SCIM mapping"
	absent  func(error) bool // the GET's error says there is none
}

func (s singleton[T, M]) path(connectionID string) string {
	return subresourcePath(connectionID, s.sub)
}

// read is a GET for a caller: the id is checked and the call logged.
func (s singleton[T, M]) read(ctx context.Context, c *Client, connectionID string) (*T, error) {
	if err := checkConnectionID("reading a "+s.noun, connectionID); err != nil {
		return nil, err
	}
	return s.get(c.withLogging(ctx), c, connectionID)
}

func (s singleton[T, M]) get(ctx context.Context, c *Client, connectionID string) (*T, error) {
	return fetch[T](ctx, c, request{method: http.MethodGet, path: s.path(connectionID), retryUncertain: true})
}

// patch sends body as a PATCH. The same PATCH twice leaves the same
// sub-resource, so it is retried like any update.
func (s singleton[T, M]) patch(ctx context.Context, c *Client, connectionID string, body any) (*T, error) {
	return fetch[T](ctx, c, request{method: http.MethodPatch, path: s.path(connectionID), body: body, retryUncertain: true})
}

func (s singleton[T, M]) delete(ctx context.Context, c *Client, connectionID string) error {
	if err := checkConnectionID("deleting a "+s.noun, connectionID); err != nil {
		return err
	}
	return c.do(c.withLogging(ctx), request{method: http.MethodDelete, path: s.path(connectionID), retryUncertain: true}, nil)
}

// defaultMapping reads the mapping the sub-resource starts with (GET
// …/default-mapping), whatever it holds now: never nil.
func (s singleton[T, M]) defaultMapping(ctx context.Context, c *Client, connectionID string) ([]M, error) {
	if err := checkConnectionID("reading "+s.mapping, connectionID); err != nil {
		return nil, err
	}
	r := request{method: http.MethodGet, path: s.path(connectionID) + "/default-mapping", retryUncertain: true}
	out, err := fetch[struct {
		Mapping []M `json:"mapping"`
	}](c.withLogging(ctx), c, r)
	if err != nil {
		return nil, err
	}
	if out.Mapping == nil {
		return []M{}, nil
	}
	return out.Mapping, nil
}

// create POSTs body (none when nil). The POST is not repeated blindly: when
// its outcome is unknown (a 5xx, a broken connection, a timeout) the
// sub-resource is read; if it is there, the POST went through and what was
// read is the result (adopted); if it is not, the POST is sent again (at
// most MaxRetries times). A repeated POST refused because the sub-resource
// exists (IsAlreadyExists) means an earlier attempt created it after all,
// and it is read too. On the first attempt that refusal is a real conflict
// and is returned. ctx carries the logging subsystem.
func (s singleton[T, M]) create(ctx context.Context, c *Client, connectionID string, body any) (result *T, adopted bool, err error) {
	what := "creating the " + s.noun + " of " + connectionID
	for attempt := 0; ; attempt++ {
		created, err := fetch[T](ctx, c, request{method: http.MethodPost, path: s.path(connectionID), body: body})
		if err == nil {
			return created, false, nil
		}
		if ctx.Err() != nil {
			return nil, false, err
		}
		repeated := attempt > 0 && IsAlreadyExists(err)
		if !repeated && !outcomeUnknown(err) {
			return nil, false, err
		}
		live, readErr := s.get(ctx, c, connectionID)
		switch {
		case readErr == nil:
			logDebug(ctx, "Adopted what an earlier create attempt had made", map[string]any{"what": what})
			return live, true, nil
		case !s.absent(readErr):
			// Only err is wrapped: the read's 404 must not make the create
			// look like a NotFound to callers that test with errors.As.
			return nil, false, fmt.Errorf("%s: the outcome is unknown (%w) and reading it back failed: %v", what, err, readErr) //nolint:errorlint // see above
		case repeated:
			return nil, false, fmt.Errorf("%s: the API says it exists but reading it finds none: %w", what, err)
		}
		if err := c.waitToResend(ctx, attempt, what, err); err != nil {
			return nil, false, err
		}
	}
}
