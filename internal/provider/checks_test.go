package provider

import (
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"reflect"
	"slices"

	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"

	"github.com/openauth0/terraform-provider-auth0/internal/client"
)

// Checks on what the emulator holds and answered: the source of truth the
// plan and the state are only views of.

// Routes as the emulator counts them.
const (
	routeList         = "GET /api/v2/connections"
	routeGet          = "GET /api/v2/connections/{id}"
	routePost         = "POST /api/v2/connections"
	routePatch        = "PATCH /api/v2/connections/{id}"
	routeGetClients   = "GET /api/v2/connections/{id}/clients"
	routePatchClients = "PATCH /api/v2/connections/{id}/clients"
)

// serverCheck runs check on the connection the server holds for the id a
// resource address has in the state.
type serverCheck struct {
	env     *accEnv
	address string
	check   func(conn *client.Connection, options map[string]any) error
}

// expectServer checks the options the server holds for a resource.
func (e *accEnv) expectServer(address string, check func(options map[string]any) error) statecheck.StateCheck {
	return serverCheck{env: e, address: address, check: func(_ *client.Connection, options map[string]any) error {
		return check(options)
	}}
}

// expectServerOption checks one option the server holds for a resource (see
// optionEquals).
func (e *accEnv) expectServerOption(address, key string, want any) statecheck.StateCheck {
	return e.expectServer(address, func(options map[string]any) error { return optionEquals(options, key, want) })
}

// expectServerKeys checks the server holds these top-level options for
// connAddr.
func (e *accEnv) expectServerKeys(keys ...string) statecheck.StateCheck {
	return e.expectServer(connAddr, func(options map[string]any) error { return hasKeys(options, keys...) })
}

// expectServerLacks checks the server holds none of these top-level options
// for connAddr.
func (e *accEnv) expectServerLacks(keys ...string) statecheck.StateCheck {
	return e.expectServer(connAddr, func(options map[string]any) error { return lacksKeys(options, keys...) })
}

// expectServerHolds checks the server holds every option of want, with its
// value, for a resource (see optionsHold).
func (e *accEnv) expectServerHolds(address string, want map[string]any) statecheck.StateCheck {
	return e.expectServer(address, func(options map[string]any) error { return optionsHold(options, want) })
}

// expectServerConnection checks the whole connection the server holds for a
// resource.
func (e *accEnv) expectServerConnection(address string, check func(conn *client.Connection) error) statecheck.StateCheck {
	return serverCheck{env: e, address: address, check: func(conn *client.Connection, _ map[string]any) error {
		return check(conn)
	}}
}

func (c serverCheck) CheckState(ctx context.Context, req statecheck.CheckStateRequest, resp *statecheck.CheckStateResponse) {
	attrs, err := stateAttributes(req, c.address)
	if err != nil {
		resp.Error = err
		return
	}
	id, _ := attrs["id"].(string)
	conn, err := c.env.client.GetConnection(ctx, id)
	if err != nil {
		resp.Error = fmt.Errorf("reading %s (%s) from the server: %w", c.address, id, err)
		return
	}
	var options map[string]any
	if err := json.Unmarshal(conn.Options, &options); err != nil {
		resp.Error = fmt.Errorf("options of %s on the server: %w", id, err)
		return
	}
	resp.Error = c.check(conn, options)
}

// stateAttributes are the attribute values of the resource at address in
// the state a check gets.
func stateAttributes(req statecheck.CheckStateRequest, address string) (map[string]any, error) {
	if req.State == nil || req.State.Values == nil || req.State.Values.RootModule == nil {
		return nil, fmt.Errorf("no state")
	}
	for _, r := range req.State.Values.RootModule.Resources {
		if r.Address == address {
			return r.AttributeValues, nil
		}
	}
	return nil, fmt.Errorf("%s not in state", address)
}

// expectServerNames checks the names of every connection on the server.
func (e *accEnv) expectServerNames(names ...string) funcCheck {
	return func() error {
		have, err := e.serverNames()
		if err != nil {
			return err
		}
		if want := slices.Sorted(slices.Values(names)); !slices.Equal(have, want) {
			return fmt.Errorf("connections on the server: %v, want %v", have, want)
		}
		return nil
	}
}

// expectServerConnectionCount checks how many connections the server holds.
func (e *accEnv) expectServerConnectionCount(want int) funcCheck {
	return func() error {
		have, err := e.serverNames()
		if err != nil {
			return err
		}
		if len(have) != want {
			return fmt.Errorf("%d connections on the server, want %d", len(have), want)
		}
		return nil
	}
}

// serverNames lists the names of the connections on the server, sorted.
func (e *accEnv) serverNames() ([]string, error) {
	var names []string
	for conn, err := range e.client.ListConnections(e.t.Context(), client.ListOptions{}) {
		if err != nil {
			return nil, err
		}
		names = append(names, conn.Name)
	}
	slices.Sort(names)
	return names, nil
}

// callCheck asserts on the emulator's request counters, for API budgets.
type callCheck struct {
	env   *accEnv
	route string
	want  int64
}

func (e *accEnv) expectCalls(route string, want int64) callCheck {
	return callCheck{env: e, route: route, want: want}
}

func (c callCheck) err() error {
	if got := c.env.calls(c.route); got != c.want {
		return fmt.Errorf("%s: %d calls, want %d (all: %v)", c.route, got, c.want, c.env.server.Stats())
	}
	return nil
}

func (c callCheck) CheckState(_ context.Context, _ statecheck.CheckStateRequest, resp *statecheck.CheckStateResponse) {
	resp.Error = c.err()
}

func (c callCheck) CheckPlan(_ context.Context, _ plancheck.CheckPlanRequest, resp *plancheck.CheckPlanResponse) {
	resp.Error = c.err()
}

// expectOnlyCalls checks the emulator answered exactly these calls since its
// counters were last reset: the count of each route, and nothing else.
func (e *accEnv) expectOnlyCalls(want map[string]int64) funcCheck {
	return func() error {
		stats := e.server.Stats()
		var sum int64
		for route, n := range want {
			sum += n
			if stats[route] != n {
				return fmt.Errorf("%s: %d calls, want %d (all: %v)", route, stats[route], n, stats)
			}
		}
		if stats["total"] != sum {
			return fmt.Errorf("%d calls, want only the %d of %v (all: %v)", stats["total"], sum, want, stats)
		}
		return nil
	}
}

// callRange is the inclusive range of calls a route may receive.
type callRange struct{ min, max int64 }

// expectCallsWithin checks the emulator answered only these routes since its
// counters were last reset, each a number of times within its range. It is
// for budgets that depend on timing, such as how many of a refresh's first
// reads arrive before the read cache starts listing.
func (e *accEnv) expectCallsWithin(want map[string]callRange) funcCheck {
	return func() error {
		stats := e.server.Stats()
		var sum int64
		for route, r := range want {
			got := stats[route]
			sum += got
			if got < r.min || got > r.max {
				return fmt.Errorf("%s: %d calls, want %d to %d (all: %v)", route, got, r.min, r.max, stats)
			}
		}
		if stats["total"] != sum {
			return fmt.Errorf("%d calls, want only calls to %v (all: %v)", stats["total"], slices.Sorted(maps.Keys(want)), stats)
		}
		return nil
	}
}

// expectPagesPerRead checks that a route was called a positive multiple of
// pages times: each read pages through the whole list, whatever the number
// of reads terraform made.
func (e *accEnv) expectPagesPerRead(route string, pages int64) funcCheck {
	return func() error {
		if got := e.calls(route); got == 0 || got%pages != 0 {
			return fmt.Errorf("%s: %d calls, want a positive multiple of %d pages", route, got, pages)
		}
		return nil
	}
}

// expectOneCallPerRead checks that each data source read made exactly one
// call, for a configuration with idReads data sources that look up by id
// and nameReads that look up by name: the GETs and list calls are in that
// ratio (each read happens equally often) and nothing else is called.
func (e *accEnv) expectOneCallPerRead(idReads, nameReads int64) funcCheck {
	return func() error {
		stats := e.server.Stats()
		byID, byName := stats[routeGet], stats[routeList]
		if byID == 0 || byID*nameReads != byName*idReads || stats["total"] != byID+byName {
			return fmt.Errorf("want one GET per read by id (%d data sources) and one list call per read by name (%d), and nothing else: %v",
				idReads, nameReads, stats)
		}
		return nil
	}
}

// funcCheck adapts a function to a state check and a plan check.
type funcCheck func() error

func (f funcCheck) CheckState(_ context.Context, _ statecheck.CheckStateRequest, resp *statecheck.CheckStateResponse) {
	resp.Error = f()
}

func (f funcCheck) CheckPlan(_ context.Context, _ plancheck.CheckPlanRequest, resp *plancheck.CheckPlanResponse) {
	resp.Error = f()
}

// hasKeys and lacksKeys check top-level option keys on the server.
func hasKeys(opts map[string]any, keys ...string) error {
	for _, k := range keys {
		if _, ok := opts[k]; !ok {
			return fmt.Errorf("server options lack %q: %v", k, opts)
		}
	}
	return nil
}

func lacksKeys(opts map[string]any, keys ...string) error {
	for _, k := range keys {
		if _, ok := opts[k]; ok {
			return fmt.Errorf("server options still hold %q: %v", k, opts)
		}
	}
	return nil
}

// optionEquals checks one option's value as JSON: key order and the Go
// type it was written with (1 or 1.0, a map or a json.RawMessage) aside.
func optionEquals(opts map[string]any, key string, want any) error {
	got, ok := opts[key]
	if !ok {
		return fmt.Errorf("option %q missing: %v", key, opts)
	}
	if !sameJSON(got, want) {
		return fmt.Errorf("option %q = %s, want %s", key, asJSON(got), asJSON(want))
	}
	return nil
}

// optionsHold checks that every key of want is in opts with the same value;
// opts may hold more.
func optionsHold(opts, want map[string]any) error {
	for _, k := range slices.Sorted(maps.Keys(want)) {
		if err := optionEquals(opts, k, want[k]); err != nil {
			return err
		}
	}
	return nil
}

// sameJSON reports whether a and b encode to the same JSON value.
func sameJSON(a, b any) bool {
	x, errA := decodedJSON(a)
	y, errB := decodedJSON(b)
	return errA == nil && errB == nil && reflect.DeepEqual(x, y)
}

func decodedJSON(v any) (any, error) {
	raw, err := json.Marshal(v)
	if err != nil {
		return nil, err
	}
	var out any
	err = json.Unmarshal(raw, &out)
	return out, err
}

func asJSON(v any) string {
	raw, err := json.Marshal(v)
	if err != nil {
		return fmt.Sprint(v)
	}
	return string(raw)
}

// jsonWhere checks a JSON object attribute with a function.
func jsonWhere(check func(map[string]any) error) knownvalue.Check {
	return knownvalue.StringFunc(func(got string) error {
		var obj map[string]any
		if err := json.Unmarshal([]byte(got), &obj); err != nil {
			return fmt.Errorf("not a JSON object: %w: %s", err, got)
		}
		return check(obj)
	})
}

// jsonHolds checks a JSON object attribute holds every key of want with its
// value, and possibly more.
func jsonHolds(want map[string]any) knownvalue.Check {
	return jsonWhere(func(got map[string]any) error { return optionsHold(got, want) })
}
