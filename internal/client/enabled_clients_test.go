package client

import (
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"

	"github.com/openauth0/terraform-provider-auth0/internal/emulator"
	"github.com/openauth0/terraform-provider-auth0/internal/emulator/emulatortest"
)

const routePatchClients = "PATCH /api/v2/connections/{id}/clients"

// clientsTenant is an emulator with one connection and n applications.
type clientsTenant struct {
	srv          *emulatortest.Server
	c            *Client
	connectionID string
	apps         []string
}

func newClientsTenant(t *testing.T, n int) *clientsTenant {
	t.Helper()
	srv := emulatortest.Start(t, emulator.Config{})
	c := emulatorClient(t, srv)
	conn, err := c.CreateConnection(t.Context(), &Connection{Name: "apps", Strategy: "auth0"})
	if err != nil {
		t.Fatal(err)
	}
	ten := &clientsTenant{srv: srv, c: c, connectionID: conn.ID}
	for i := range n {
		ten.apps = append(ten.apps, srv.CreateClient(fmt.Sprintf("app-%03d", i)))
	}
	return ten
}

func (ten *clientsTenant) enabled(t *testing.T) []string {
	t.Helper()
	ids, err := ten.c.ListEnabledClients(t.Context(), ten.connectionID)
	if err != nil {
		t.Fatal(err)
	}
	slices.Sort(ids)
	return ids
}

// TestSetEnabledClientsNamesUnknownClients: a batch refused for an unknown
// application comes back naming exactly the unknown ids, with every other
// enable applied (and reported as applied) and by bisection, not one request
// per client.
func TestSetEnabledClientsNamesUnknownClients(t *testing.T) {
	for _, unknownAt := range [][]int{{0}, {49}, {17}, {3, 30}, {0, 1, 2}} {
		t.Run(fmt.Sprint(unknownAt), func(t *testing.T) {
			ten := newClientsTenant(t, maxClientsPatch)
			batch := make([]ClientStatus, maxClientsPatch)
			var wantUnknown, wantEnabled []string
			for i, app := range ten.apps {
				batch[i] = ClientStatus{ClientID: app, Status: true}
				if slices.Contains(unknownAt, i) {
					batch[i].ClientID = fmt.Sprintf("bogus-%02d", i)
					wantUnknown = append(wantUnknown, batch[i].ClientID)
				} else {
					wantEnabled = append(wantEnabled, app)
				}
			}
			slices.Sort(wantEnabled)
			ten.srv.ResetStats()
			err := ten.c.SetEnabledClients(t.Context(), ten.connectionID, batch)
			var failure *EnabledClientsError
			if !errors.As(err, &failure) || !IsUnknownClient(err) {
				t.Fatalf("err = %v, want an *EnabledClientsError wrapping the unknown-client 404", err)
			}
			if !slices.Equal(failure.UnknownClients, wantUnknown) {
				t.Errorf("unknown = %v, want %v", failure.UnknownClients, wantUnknown)
			}
			applied := []string{}
			for _, ch := range failure.Applied {
				applied = append(applied, ch.ClientID)
			}
			slices.Sort(applied)
			if got := ten.enabled(t); !slices.Equal(got, wantEnabled) || !slices.Equal(applied, wantEnabled) {
				t.Errorf("server has %d enabled, %d reported applied; want the %d known ones", len(got), len(applied), len(wantEnabled))
			}
			if calls, maxCalls := ten.srv.Stats()[routePatchClients], int64(1+2*6*len(wantUnknown)); calls > maxCalls {
				t.Errorf("%d requests to find %d unknown ids, want at most %d", calls, len(wantUnknown), maxCalls)
			}
			for _, id := range wantUnknown {
				if !strings.Contains(err.Error(), id) {
					t.Errorf("error %q does not name %s", err, id)
				}
			}
		})
	}
}

// TestSetEnabledClientsReportsWhatWasApplied: a failure in a later batch
// leaves the earlier batches applied and the later ones unsent; the failed
// batch's disables wait.
func TestSetEnabledClientsReportsWhatWasApplied(t *testing.T) {
	ten := newClientsTenant(t, 120)
	ctx := t.Context()
	if err := ten.c.SetEnabledClients(ctx, ten.connectionID, []ClientStatus{{ClientID: ten.apps[119], Status: true}}); err != nil {
		t.Fatal(err)
	}
	var changes []ClientStatus
	for _, app := range ten.apps[:99] {
		changes = append(changes, ClientStatus{ClientID: app, Status: true})
	}
	changes[70].ClientID = "bogus"
	changes = append(changes, ClientStatus{ClientID: ten.apps[119], Status: false}) // in the failing batch
	changes = append(changes, ClientStatus{ClientID: ten.apps[100], Status: true})  // in a batch never sent

	ten.srv.ResetStats()
	err := ten.c.SetEnabledClients(ctx, ten.connectionID, changes)
	var failure *EnabledClientsError
	if !errors.As(err, &failure) || !slices.Equal(failure.UnknownClients, []string{"bogus"}) {
		t.Fatalf("err = %v, want bogus named", err)
	}
	if len(failure.Applied) != 98 || !strings.Contains(err.Error(), "98 of 101 changes were applied") {
		t.Errorf("applied %d changes (%v); want the 98 known enables", len(failure.Applied), err)
	}
	want := slices.Concat(ten.apps[:70], ten.apps[71:99], ten.apps[119:])
	slices.Sort(want)
	if got := ten.enabled(t); !slices.Equal(got, want) {
		t.Errorf("server has %d enabled, want %d: the disable and the third batch must not be sent", len(got), len(want))
	}
}

// TestSetEnabledClientsStopsLookingOnOtherErrors: when looking for the
// unknown client meets another error, the original 404 is returned and
// nothing is claimed applied.
func TestSetEnabledClientsStopsLookingOnOtherErrors(t *testing.T) {
	var calls routeCounter
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if calls.add(r) == 1 {
			writeJSON(w, 404, `{"statusCode":404,"error":"Not Found","message":"The client does not exist","errorCode":"inexistent_client"}`)
			return
		}
		writeJSON(w, 403, `{"statusCode":403,"error":"Forbidden","message":"Insufficient scope","errorCode":"insufficient_scope"}`)
	}))
	defer srv.Close()
	c := newTestClient(t, srv.URL)
	err := c.SetEnabledClients(t.Context(), "con_x", []ClientStatus{{ClientID: "a", Status: true}, {ClientID: "b", Status: true}})
	var failure *EnabledClientsError
	if !errors.As(err, &failure) || !IsUnknownClient(err) || len(failure.UnknownClients) != 0 || len(failure.Applied) != 0 {
		t.Fatalf("err = %v (%+v); want the 404, no unknown ids, nothing applied", err, failure)
	}
	if n := calls.get("PATCH /api/v2/connections/con_x/clients"); n != 2 {
		t.Errorf("%d PATCHes, want the refused one and the probe that failed", n)
	}
}

func TestIsUnknownClient(t *testing.T) {
	tests := []struct {
		err  error
		want bool
	}{
		{&APIError{StatusCode: 404, ErrorCode: "inexistent_client", Message: "The client does not exist"}, true},
		{&APIError{StatusCode: 404, Message: "The client does not exist"}, true},
		{&APIError{StatusCode: 404, ErrorCode: "inexistent_connection", Message: "The connection does not exist"}, false},
		{&APIError{StatusCode: 404, Message: "The connection does not exist"}, false},
		{&APIError{StatusCode: 400, Message: "The client does not exist"}, false},
		{fmt.Errorf("wrapped: %w", &APIError{StatusCode: 404, ErrorCode: "inexistent_client"}), true},
		{&EnabledClientsError{Err: &APIError{StatusCode: 404, ErrorCode: "inexistent_client"}}, true},
		{errors.New("connection reset"), false},
	}
	for _, tt := range tests {
		if got := IsUnknownClient(tt.err); got != tt.want {
			t.Errorf("IsUnknownClient(%v) = %v, want %v", tt.err, got, tt.want)
		}
		if IsUnknownConnection(tt.err) && tt.want {
			t.Errorf("%v is both an unknown client and a missing connection", tt.err)
		}
	}
	// The enabled-clients endpoints answer an unknown connection so, and
	// the provider tells it from an unknown client by IsUnknownConnection.
	for _, err := range []error{
		&EnabledClientsError{Err: &APIError{StatusCode: 404, ErrorCode: "inexistent_connection", Message: "The connection does not exist"}},
		&APIError{StatusCode: 404, Message: "The connection does not exist"},
	} {
		if !IsUnknownConnection(err) {
			t.Errorf("IsUnknownConnection(%v) = false, want true", err)
		}
	}
	if !IsBadRequest(&APIError{StatusCode: 400}) || IsBadRequest(&APIError{StatusCode: 404}) {
		t.Errorf("IsBadRequest")
	}
}
