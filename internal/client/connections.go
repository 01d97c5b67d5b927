package client

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"iter"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// Patch is the body of PATCH /connections/{id}: exactly these keys are sent.
// A nil value is sent as JSON null (which removes a nullable field); a
// json.RawMessage value is sent verbatim.
type Patch map[string]any

// ListOptions filters and shapes ListConnections.
type ListOptions struct {
	Name       string   // exact-name filter
	Strategies []string // any of these strategies
	PageSize   int      // take=, 1..100; 0 = 100
}

// ConnectionIDPattern is the shape of a connection id: "con_" and base62.
var ConnectionIDPattern = regexp.MustCompile(`^con_[A-Za-z0-9]+$`)

// MaxListPageSize is the most connections the API lists in one page.
const MaxListPageSize = 100

// CreateConnection creates a connection (POST /connections).
//
// A POST is never retried blindly: after a 5xx, a transport error or a
// timeout the connection may or may not exist. The client then looks the
// name up (GET /connections?name=) and, if a connection with that name and
// the same strategy exists, returns it as the result of the create;
// otherwise it sends the POST again (bounded by MaxRetries). A 409 on such a
// repeated POST is resolved the same way. A 409 on the first attempt is a
// real conflict and is returned as an *APIError (IsConflict), except the
// one that says a connection of that name is still being deleted
// (IsNameBeingDeleted): the POST is then sent again after the same backoff
// until the deletion has had deletionWait to finish.
func (c *Client) CreateConnection(ctx context.Context, conn *Connection) (*Connection, error) {
	if conn == nil || conn.Name == "" || conn.Strategy == "" {
		return nil, errors.New("creating a connection needs a name and a strategy")
	}
	ctx = c.withLogging(ctx)
	mayExist := false // an earlier attempt's outcome is unknown
	resends, deletionWaits := 0, 0
	var deletionSeen time.Time
	for {
		created, err := c.postConnection(ctx, conn)
		if err == nil {
			return created, nil
		}
		if IsNameBeingDeleted(err) && ctx.Err() == nil {
			if deletionWaits == 0 {
				deletionSeen = c.now()
			}
			if err := c.waitForDeletion(ctx, conn.Name, deletionSeen, deletionWaits, err); err != nil {
				return nil, err
			}
			deletionWaits++
			continue
		}
		retry, result, resolveErr := c.resolveUncertainCreate(ctx, conn, mayExist, err)
		if !retry {
			return result, resolveErr
		}
		mayExist = mayExist || outcomeUnknown(err)
		if err := c.waitToResend(ctx, resends, fmt.Sprintf("creating connection %q", conn.Name), err); err != nil {
			return nil, err
		}
		resends++
	}
}

// waitForDeletion waits before a create refused because a connection of
// the same name is still being deleted is sent again, with the usual
// backoff, until deletionWait has passed since the first refusal. Auth0
// deletes in the background and the deletion finishes on its own, so this
// wait is bounded by time rather than by MaxRetries.
func (c *Client) waitForDeletion(ctx context.Context, name string, since time.Time, waits int, err error) error {
	if waited := c.now().Sub(since); waited >= c.deletionWait {
		return fmt.Errorf("creating connection %q: a connection of that name was still being deleted after %s: %w",
			name, waited.Round(time.Second), err)
	}
	logDebug(ctx, "A connection of that name is still being deleted; creating again after a wait", map[string]any{"name": name})
	return sleepUnlessInterrupted(ctx, c.exponentialBackoff(waits))
}

func (c *Client) postConnection(ctx context.Context, conn *Connection) (*Connection, error) {
	created := &Connection{}
	err := c.do(ctx, request{method: http.MethodPost, path: "/connections", body: conn, abandonUnsent: true}, created)
	if err != nil {
		return nil, err
	}
	if err := checkConnection(created); err != nil {
		// The status was 2xx, so the connection probably exists: like an
		// unreadable body, an outcome-unknown error (see outcomeUnknown)
		// that CreateConnection resolves by looking the name up.
		return nil, fmt.Errorf("POST %s/connections: unusable response: %w", apiPrefix, err)
	}
	return created, nil
}

// resolveUncertainCreate decides what follows a failed POST: return
// (result or error), or retry the POST. mayExist says an earlier attempt
// may have created the connection, so a 409 may be that attempt's doing.
func (c *Client) resolveUncertainCreate(ctx context.Context, conn *Connection, mayExist bool, postErr error) (retry bool, result *Connection, err error) {
	if ctx.Err() != nil {
		return false, nil, postErr
	}
	conflict := IsConflict(postErr)
	if (conflict && !mayExist) || (!conflict && !outcomeUnknown(postErr)) {
		return false, nil, postErr
	}
	existing, lookErr := c.findConnectionByName(ctx, conn.Name)
	switch {
	case lookErr == nil && existing.Strategy == conn.Strategy:
		logDebug(ctx, "Adopted the connection an earlier create attempt had made", map[string]any{"name": conn.Name, "id": existing.ID})
		return false, existing, nil
	case lookErr == nil:
		return false, nil, fmt.Errorf("creating connection %q: a connection with that name already exists with strategy %q (id %s), not %q: %w",
			conn.Name, existing.Strategy, existing.ID, conn.Strategy, postErr)
	case IsNotFound(lookErr) && !conflict:
		return true, nil, nil // the POST did not happen: sending it again is safe
	case IsNotFound(lookErr):
		return false, nil, postErr // 409 for another reason (realms, a second domain connection)
	default:
		// Only postErr is wrapped: a 404 from the lookup must not make the
		// create look like a NotFound to callers that test with errors.As.
		return false, nil, fmt.Errorf("creating connection %q: the outcome is unknown (%w) and looking the name up failed: %v", conn.Name, postErr, lookErr) //nolint:errorlint // see above
	}
}

// outcomeUnknown: the server may or may not have processed the request: a
// 5xx, or no usable response (network error, per-attempt timeout, a 2xx body
// that could not be read). The caller has already ruled out its own context
// ending; a failure to get a token, a limiter wait that would outlast the
// deadline, or an interruption before sending (WithInterrupt) means nothing
// was sent.
func outcomeUnknown(err error) bool {
	var apiErr *APIError
	if errors.As(err, &apiErr) {
		return apiErr.StatusCode >= 500
	}
	var authErr *authError
	return !errors.As(err, &authErr) && !errors.Is(err, errWouldExceedDeadline) && !errors.Is(err, errInterruptedBeforeSending)
}

// GetConnection reads one connection.
func (c *Client) GetConnection(ctx context.Context, id string) (*Connection, error) {
	if id == "" {
		return nil, errors.New("reading a connection needs its id")
	}
	ctx = c.withLogging(ctx)
	conn := &Connection{}
	if err := c.do(ctx, request{method: http.MethodGet, path: "/connections/" + escapeID(id), retryUncertain: true}, conn); err != nil {
		return nil, err
	}
	if err := checkConnection(conn); err != nil {
		return nil, fmt.Errorf("GET %s/connections/%s: unusable response: %w", apiPrefix, escapeID(id), err)
	}
	return conn, nil
}

// ListConnections iterates over the connections matching opts, following
// checkpoint pages (take/from/next). An error ends the iteration.
func (c *Client) ListConnections(ctx context.Context, opts ListOptions) iter.Seq2[*Connection, error] {
	query, err := opts.query()
	if err != nil {
		return func(yield func(*Connection, error) bool) { yield(nil, err) }
	}
	ctx = c.withLogging(ctx)
	return checkpointPages("listing connections", query, func(q url.Values) ([]*Connection, string, error) {
		page, err := c.listPage(ctx, q)
		if err != nil {
			return nil, "", err
		}
		return page.Connections, page.Next, nil
	})
}

func (o ListOptions) query() (url.Values, error) {
	take := o.PageSize
	switch {
	case take == 0:
		take = MaxListPageSize
	case take < 0 || take > MaxListPageSize:
		return nil, fmt.Errorf("listing connections: page size must be between 1 and %d, got %d", MaxListPageSize, take)
	}
	q := url.Values{"take": {strconv.Itoa(take)}}
	if o.Name != "" {
		q.Set("name", o.Name)
	}
	for _, s := range o.Strategies {
		q.Add("strategy", s)
	}
	return q, nil
}

type connectionPage struct {
	Connections []*Connection `json:"connections"`
	Next        string        `json:"next,omitempty"`
}

// listPage fetches one page. Besides the checkpoint shape it accepts the
// other two shapes of the endpoint (a bare array, and the include_totals
// object), so a server that ignores take still yields its results.
func (c *Client) listPage(ctx context.Context, query url.Values) (*connectionPage, error) {
	var raw json.RawMessage
	r := request{method: http.MethodGet, path: "/connections", query: query, retryUncertain: true}
	if err := c.do(ctx, r, &raw); err != nil {
		return nil, err
	}
	page, err := decodeConnectionPage(raw)
	if err != nil {
		return nil, fmt.Errorf("GET %s/connections: decoding list page: %w", apiPrefix, err)
	}
	return page, nil
}

// decodeConnectionPage decodes any of the list endpoint's three shapes and
// checks every entry is a usable connection.
func decodeConnectionPage(raw []byte) (*connectionPage, error) {
	page := &connectionPage{}
	if trimmed := strings.TrimSpace(string(raw)); strings.HasPrefix(trimmed, "[") {
		if err := json.Unmarshal(raw, &page.Connections); err != nil {
			return nil, err
		}
	} else {
		// Both object shapes have a "connections" array; an object without
		// one (null, {}, a proxy's JSON) is not an empty page.
		var object struct {
			Connections *[]*Connection `json:"connections"`
			Next        string         `json:"next"`
		}
		if err := json.Unmarshal(raw, &object); err != nil {
			return nil, err
		}
		if object.Connections == nil {
			return nil, errors.New(`the body has no "connections" array`)
		}
		page.Connections, page.Next = *object.Connections, object.Next
	}
	for i, conn := range page.Connections {
		if err := checkConnection(conn); err != nil {
			return nil, fmt.Errorf("entry %d: %w", i, err)
		}
	}
	return page, nil
}

// checkConnection rejects a decoded connection the provider could not use:
// null, or without an id (a proxy's or a broken server's 2xx body that
// happens to be a JSON object). Without this, a create would record an
// empty id in the state and every later read would fail obscurely.
func checkConnection(conn *Connection) error {
	switch {
	case conn == nil:
		return errors.New("the connection is null")
	case conn.ID == "":
		return errors.New("the connection has no string id")
	}
	return nil
}

// FindConnectionByName returns the connection with exactly this name, with
// one call (the list endpoint's name filter). When there is none it returns
// an *APIError with status 404 (IsNotFound), synthesised by the client.
func (c *Client) FindConnectionByName(ctx context.Context, name string) (*Connection, error) {
	if name == "" {
		return nil, errors.New("finding a connection needs a name")
	}
	return c.findConnectionByName(c.withLogging(ctx), name)
}

func (c *Client) findConnectionByName(ctx context.Context, name string) (*Connection, error) {
	query, _ := ListOptions{Name: name}.query()
	page, err := c.listPage(ctx, query)
	if err != nil {
		return nil, err
	}
	for _, conn := range page.Connections {
		if conn.Name == name {
			return conn, nil
		}
	}
	return nil, &APIError{
		StatusCode: http.StatusNotFound,
		Err:        http.StatusText(http.StatusNotFound),
		Message:    fmt.Sprintf("No connection named %q exists", name),
		ErrorCode:  "inexistent_connection",
		Method:     http.MethodGet,
		Path:       apiPrefix + "/connections",
	}
}

// UpdateConnection sends PATCH /connections/{id} with exactly the keys of
// patch and returns the updated connection. Remember that "options", when
// present, replaces the stored options as a whole.
func (c *Client) UpdateConnection(ctx context.Context, id string, patch Patch) (*Connection, error) {
	if id == "" {
		return nil, errors.New("updating a connection needs its id")
	}
	if len(patch) == 0 {
		return nil, errors.New("updating a connection needs at least one field (the API rejects an empty PATCH)")
	}
	ctx = c.withLogging(ctx)
	conn := &Connection{}
	// PATCH is retried after 5xx/transport errors: sending the same values
	// again leads to the same state.
	r := request{method: http.MethodPatch, path: "/connections/" + escapeID(id), body: patch, retryUncertain: true}
	if err := c.do(ctx, r, conn); err != nil {
		return nil, err
	}
	if err := checkConnection(conn); err != nil {
		return nil, fmt.Errorf("PATCH %s/connections/%s: unusable response: %w", apiPrefix, escapeID(id), err)
	}
	return conn, nil
}

// DeleteConnection deletes a connection. 202 (deletion pending) and 204
// (already gone) are success, and so is 404.
func (c *Client) DeleteConnection(ctx context.Context, id string) error {
	if id == "" {
		return errors.New("deleting a connection needs its id")
	}
	ctx = c.withLogging(ctx)
	err := c.do(ctx, request{method: http.MethodDelete, path: "/connections/" + escapeID(id), retryUncertain: true}, nil)
	if IsNotFound(err) {
		return nil
	}
	return err
}
