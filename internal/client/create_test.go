package client

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// fakeTenant is a minimal connections store for create-recovery tests.
type fakeTenant struct {
	mu    sync.Mutex
	conns map[string]string // name -> strategy
	// postOutcome decides each POST: "ok", "deleting", "500", "commit+500",
	// "commit-samlp+500" or "drop" (commit, then close the connection).
	postOutcome func(n int) string
	posts       int
	lookups     int // GET /connections?name=
}

func (f *fakeTenant) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	defer f.mu.Unlock()
	switch {
	case r.Method == "POST":
		f.posts++
		var body struct{ Name, Strategy string }
		_ = json.NewDecoder(r.Body).Decode(&body)
		outcome := f.postOutcome(f.posts)
		if _, exists := f.conns[body.Name]; exists {
			outcome = "409"
		}
		switch outcome {
		case "409":
			writeJSON(w, 409, `{"statusCode":409,"error":"Conflict","message":"A connection with the same name already exists","errorCode":"connection_conflict"}`)
		case "deleting":
			writeJSON(w, 409, `{"statusCode":409,"error":"Conflict","message":"A connection with the same name is being deleted, try again later","errorCode":"connection_conflict"}`)
		case "500":
			writeJSON(w, 500, `{"statusCode":500,"error":"Internal Server Error","message":"boom"}`)
		case "commit+500":
			f.conns[body.Name] = body.Strategy
			writeJSON(w, 503, `<html>upstream</html>`)
		case "commit-samlp+500": // someone else created the name meanwhile
			f.conns[body.Name] = "samlp"
			writeJSON(w, 500, `{}`)
		case "drop":
			f.conns[body.Name] = body.Strategy
			hj, _ := w.(http.Hijacker)
			conn, _, _ := hj.Hijack()
			_ = conn.Close()
		default:
			f.conns[body.Name] = body.Strategy
			writeJSON(w, 201, fmt.Sprintf(`{"id":"con_created0000000","name":%q,"strategy":%q}`, body.Name, body.Strategy))
		}
	case r.Method == "GET" && r.URL.Path == "/api/v2/connections":
		name := r.URL.Query().Get("name")
		f.lookups++
		items := "[]"
		if s, ok := f.conns[name]; ok {
			items = fmt.Sprintf(`[{"id":"con_found00000000000","name":%q,"strategy":%q}]`, name, s)
		}
		writeJSON(w, 200, `{"connections":`+items+`}`)
	default:
		writeJSON(w, 404, `{"statusCode":404,"error":"Not Found","message":"nope"}`)
	}
}

func TestCreateIsNeverBlindlyRetried(t *testing.T) {
	tests := []struct {
		name        string
		outcomes    []string
		existing    map[string]string
		strategy    string
		wantID      string
		wantErr     string
		wantPosts   int
		wantLookups int
	}{
		{"ok", []string{"ok"}, nil, "auth0", "con_created0000000", "", 1, 0},
		{"committed then 5xx: adopted", []string{"commit+500"}, nil, "auth0", "con_found00000000000", "", 1, 1},
		{"committed then dropped: adopted", []string{"drop"}, nil, "auth0", "con_found00000000000", "", 1, 1},
		{"5xx without commit: posted again", []string{"500", "ok"}, nil, "auth0", "con_created0000000", "", 2, 1},
		{"first-attempt 409 is a conflict", []string{"ok"}, map[string]string{"a": "auth0"}, "auth0", "", "409 Conflict (connection_conflict)", 1, 0},
		{"other strategy exists", []string{"commit-samlp+500"}, nil, "auth0", "", "already exists with strategy \"samlp\"", 1, 1},
		{"5xx until retries run out", []string{"500", "500", "500", "500", "500"}, nil, "auth0", "", "gave up after 4 attempts", 4, 4},
		{"name being deleted: posted again, not looked up", []string{"deleting", "deleting", "ok"}, nil, "auth0", "con_created0000000", "", 3, 0},
		{"being deleted beyond MaxRetries: still waited for", []string{"deleting", "deleting", "deleting", "deleting", "deleting", "ok"}, nil, "auth0", "con_created0000000", "", 6, 0},
		{"being deleted, then taken: a conflict, not adopted", []string{"deleting", "409"}, nil, "auth0", "", "409 Conflict (connection_conflict)", 2, 0},
		{"5xx then name being deleted: the 5xx's resends are kept", []string{"500", "deleting", "500", "ok"}, nil, "auth0", "con_created0000000", "", 4, 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tenant := &fakeTenant{conns: map[string]string{}, postOutcome: func(n int) string { return tt.outcomes[min(n, len(tt.outcomes))-1] }}
			for k, v := range tt.existing {
				tenant.conns[k] = v
			}
			srv := httptest.NewServer(tenant)
			defer srv.Close()
			c := newTestClient(t, srv.URL)
			conn, err := c.CreateConnection(t.Context(), &Connection{Name: "a", Strategy: tt.strategy})
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("err = %v, want %q", err, tt.wantErr)
				}
			} else if err != nil || conn.ID != tt.wantID {
				t.Fatalf("CreateConnection = %+v, %v; want id %s", conn, err, tt.wantID)
			}
			if tenant.posts != tt.wantPosts || tenant.lookups != tt.wantLookups {
				t.Errorf("posts = %d (want %d), lookups = %d (want %d)", tenant.posts, tt.wantPosts, tenant.lookups, tt.wantLookups)
			}
		})
	}
}

func TestDeleteTreatsGoneAsSuccess(t *testing.T) {
	for _, status := range []int{202, 204, 404} {
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
			switch status {
			case 202:
				writeJSON(w, 202, `{"deleted_at":"2024-10-14T11:52:57.635Z"}`)
			case 204:
				w.WriteHeader(204)
			default:
				writeJSON(w, 404, `{"statusCode":404,"error":"Not Found","message":"The connection does not exist","errorCode":"inexistent_connection"}`)
			}
		}))
		c := newTestClient(t, srv.URL)
		if err := c.DeleteConnection(t.Context(), "con_0123456789abcdef"); err != nil {
			t.Errorf("status %d: %v", status, err)
		}
		srv.Close()
	}
}

func TestCreateGivesUpWaitingForADeletionAfterDeletionWait(t *testing.T) {
	// The client's clock moves only when the tenant refuses a POST, by 10 ms
	// each time: the create gives up on the fourth refusal, 30 ms after the
	// first, however fast or slow the machine.
	var elapsed atomic.Int64
	start := time.Now()
	tenant := &fakeTenant{conns: map[string]string{}, postOutcome: func(int) string {
		elapsed.Add(int64(10 * time.Millisecond))
		return "deleting"
	}}
	srv := httptest.NewServer(tenant)
	defer srv.Close()
	c := newTestClient(t, srv.URL)
	c.now = func() time.Time { return start.Add(time.Duration(elapsed.Load())) }
	c.deletionWait = 30 * time.Millisecond
	_, err := c.CreateConnection(t.Context(), &Connection{Name: "a", Strategy: "auth0"})
	if !IsNameBeingDeleted(err) || !strings.Contains(err.Error(), `creating connection "a": a connection of that name was still being deleted after`) {
		t.Fatalf("err = %v, want the 409 wrapped with how long the create waited", err)
	}
	if tenant.posts != 4 || tenant.lookups != 0 {
		t.Errorf("posts = %d, lookups = %d; want 4 posts (30 ms of waiting) and no look-up", tenant.posts, tenant.lookups)
	}
}
