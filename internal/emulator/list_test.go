package emulator

import (
	"maps"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"
)

func names(t *testing.T, items any) string {
	t.Helper()
	arr, ok := items.([]any)
	if !ok {
		t.Fatalf("not a list: %s", mustJSON(items))
	}
	var out []string
	for _, it := range arr {
		n, _ := path(it, "name").(string)
		out = append(out, n)
	}
	return strings.Join(out, ",")
}

func seedNames(s *testServer, strategy string, ns ...string) {
	for _, n := range ns {
		s.createConnection(map[string]any{"name": n, "strategy": strategy})
	}
}

func TestListShapesAndCaseInsensitiveOrder(t *testing.T) {
	s := newTestServer(t, Config{})
	seedNames(s, "auth0", "conn1test", "Conn1", "adaed", "Conn3000", "conn2", "1moreTime")

	r := s.do("GET", "/api/v2/connections", nil)
	mustStatus(t, r, http.StatusOK)
	if got := names(t, r.body); got != "1moreTime,adaed,Conn1,conn1test,conn2,Conn3000" {
		t.Errorf("bare array order = %s", got)
	}

	r = s.do("GET", "/api/v2/connections?include_totals=true&per_page=2&page=1", nil)
	m := r.object(t)
	if mustJSON(m["total"]) != "6" || mustJSON(m["start"]) != "2" || mustJSON(m["limit"]) != "2" {
		t.Errorf("totals = %s", r.raw)
	}
	if got := names(t, m["connections"]); got != "Conn1,conn1test" {
		t.Errorf("page 1 = %s", got)
	}
	if !strings.HasPrefix(string(r.raw), `{"total":6,"start":2,"limit":2,"connections":[`) {
		t.Errorf("key order %s", r.raw)
	}
	r = s.do("GET", "/api/v2/connections?per_page=4&page=1", nil)
	if got := names(t, r.body); got != "conn2,Conn3000" {
		t.Errorf("offset page without totals = %s", got)
	}
}

func TestCheckpointPaging(t *testing.T) {
	s := newTestServer(t, Config{})
	seedNames(s, "auth0", "e", "D", "c", "B", "a")
	var seen []string
	from := ""
	for page := 0; page < 5; page++ {
		q := url.Values{"take": {"2"}, "include_totals": {"true"}, "per_page": {"50"}}
		if from != "" {
			q.Set("from", from)
		}
		r := s.do("GET", "/api/v2/connections?"+q.Encode(), nil)
		mustStatus(t, r, http.StatusOK)
		m := r.object(t)
		if _, has := m["total"]; has {
			t.Errorf("include_totals honoured in checkpoint mode: %s", r.raw)
		}
		seen = append(seen, names(t, m["connections"]))
		next, has := m["next"].(string)
		if !has {
			break
		}
		if next == "" {
			t.Fatal("next is empty instead of omitted")
		}
		from = next
	}
	if got := strings.Join(seen, "|"); got != "a,B|c,D|e" {
		t.Errorf("pages = %s", got)
	}
	// take alone, everything on one page: no next.
	r := s.do("GET", "/api/v2/connections?take=100", nil)
	if got := string(r.raw); strings.Contains(got, `"next"`) || !strings.HasPrefix(got, `{"connections":[`) {
		t.Errorf("single page = %s", got)
	}
	wantError(t, s.do("GET", "/api/v2/connections?from=garbage", nil), http.StatusBadRequest, "invalid_query_string", "")
}

func TestListFilters(t *testing.T) {
	s := newTestServer(t, Config{})
	seedNames(s, "auth0", "db-a", "db-b")
	seedNames(s, "samlp", "saml-a")
	seedNames(s, "email", "mail-a")

	r := s.do("GET", "/api/v2/connections?name=db-b", nil)
	if got := names(t, r.body); got != "db-b" {
		t.Errorf("name filter = %s", got)
	}
	r = s.do("GET", "/api/v2/connections?name=DB-B", nil)
	if got := mustJSON(r.body); got != "[]" {
		t.Errorf("name filter is exact: %s", got)
	}
	r = s.do("GET", "/api/v2/connections?strategy=samlp&strategy=email", nil)
	if got := names(t, r.body); got != "mail-a,saml-a" {
		t.Errorf("repeated strategy filter = %s", got)
	}
	wantError(t, s.do("GET", "/api/v2/connections?strategy=nope", nil), http.StatusBadRequest, "invalid_query_string", "Query validation error: 'No enum match for: nope' on property strategy.")
	wantError(t, s.do("GET", "/api/v2/connections?per_page=101", nil), http.StatusBadRequest, "invalid_query_string", "Query validation error: 'Value 101 is greater than maximum 100' on property per_page.")
	wantError(t, s.do("GET", "/api/v2/connections?take=0", nil), http.StatusBadRequest, "invalid_query_string", "Query validation error: 'Value 0 is less than minimum 1' on property take.")
}

func TestFieldProjection(t *testing.T) {
	s := newTestServer(t, Config{})
	id := s.createConnection(map[string]any{"name": "proj", "strategy": "auth0", "display_name": "Proj"})["id"].(string)

	r := s.do("GET", "/api/v2/connections/"+id+"?fields=strategy%2Cname&include_fields=true", nil)
	mustStatus(t, r, http.StatusOK)
	if got := strings.Join(slices.Sorted(maps.Keys(r.object(t))), ","); got != "authentication,connected_accounts,id,is_domain_connection,name,strategy" {
		t.Errorf("include fields: keys %s", got)
	}
	r = s.do("GET", "/api/v2/connections/"+id+"?fields=options,enabled_clients,display_name&include_fields=false", nil)
	if got := strings.Join(slices.Sorted(maps.Keys(r.object(t))), ","); got != "authentication,connected_accounts,id,is_domain_connection,name,realms,strategy" {
		t.Errorf("exclude fields: keys %s", got)
	}
	r = s.do("GET", "/api/v2/connections?fields=id", nil)
	if got := string(r.raw); got != `[{"id":"`+id+`","is_domain_connection":false,"authentication":{"active":true},"connected_accounts":{"active":false}}]` {
		t.Errorf("list projection = %s", got)
	}
	r = s.do("GET", "/api/v2/connections/"+id+"?fields=realms", nil)
	wantError(t, r, http.StatusBadRequest, "invalid_query_string", "")
	if m := r.object(t)["message"].(string); !strings.HasPrefix(m, "Query validation error: 'String does not match pattern ^((name)|") || !strings.HasSuffix(m, ": realms' on property fields ("+fieldsDescription+").") {
		t.Errorf("fields message = %s", m)
	}
}

func TestDeletedConnectionLeavesLists(t *testing.T) {
	s := newTestServer(t, Config{})
	seedNames(s, "auth0", "keep", "drop")
	id := path(s.do("GET", "/api/v2/connections?name=drop", nil).body.([]any)[0], "id").(string)
	mustStatus(t, s.do("DELETE", "/api/v2/connections/"+id, nil), http.StatusAccepted)
	if got := names(t, s.do("GET", "/api/v2/connections", nil).body); got != "keep" {
		t.Errorf("list after delete = %s", got)
	}
	// The name is free again once the deletion is done.
	s.createConnection(map[string]any{"name": "drop", "strategy": "auth0"})
}

// Offset paging reaches the first 1000 connections and no further; past
// them a client has to page with checkpoints (documented).
func TestOffsetPagingStopsAt1000(t *testing.T) {
	s := newTestServer(t, Config{})
	seedNames(s, "auth0", "only")
	r := s.do("GET", "/api/v2/connections?page=9&per_page=100&include_totals=true", nil)
	if got := string(r.raw); got != `{"total":1,"start":900,"limit":100,"connections":[]}` {
		t.Errorf("last reachable page = %d %s", r.status, got)
	}
	wantError(t, s.do("GET", "/api/v2/connections?page=10&per_page=100", nil), http.StatusBadRequest, "invalid_query_string",
		"Query validation error: 'Checkpoint pagination must be used if you need to retrieve more than 1000 connections' on property page.")
	// Checkpoint mode has no such limit and ignores page.
	mustStatus(t, s.do("GET", "/api/v2/connections?take=10&page=10&per_page=100", nil), http.StatusOK)
}
