package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
)

// serverCheck asserts on what the emulator holds for a resource in the
// state: the source of truth the plan and state are only views of.
type serverCheck struct {
	env     *accEnv
	address string
	check   func(id string, options map[string]any) error
}

func (e *accEnv) expectServer(address string, check func(id string, options map[string]any) error) statecheck.StateCheck {
	return serverCheck{env: e, address: address, check: check}
}

func (c serverCheck) CheckState(_ context.Context, req statecheck.CheckStateRequest, resp *statecheck.CheckStateResponse) {
	if req.State == nil || req.State.Values == nil || req.State.Values.RootModule == nil {
		resp.Error = fmt.Errorf("no state")
		return
	}
	for _, r := range req.State.Values.RootModule.Resources {
		if r.Address != c.address {
			continue
		}
		id, _ := r.AttributeValues["id"].(string)
		resp.Error = c.check(id, c.env.liveOptions(id))
		return
	}
	resp.Error = fmt.Errorf("%s not in state", c.address)
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

func optionEquals(opts map[string]any, key string, want any) error {
	got, ok := opts[key]
	if !ok {
		return fmt.Errorf("server options lack %q: %v", key, opts)
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		return fmt.Errorf("server option %q = %v, want %v", key, got, want)
	}
	return nil
}
