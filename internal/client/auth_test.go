package client

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
)

func TestClientCredentialsRefetchOn401AndNeverLeakSecret(t *testing.T) {
	const secret = "super-secret-value-0123456789"
	var tokenCalls, apiCalls atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/oauth/token":
			n := tokenCalls.Add(1)
			_ = r.ParseForm()
			if r.Form.Get("client_secret") != secret || r.Form.Get("audience") != "http://"+r.Host+"/api/v2/" {
				writeJSON(w, 401, `{"error":"access_denied","error_description":"Unauthorized `+r.Form.Get("client_secret")+`"}`)
				return
			}
			writeJSON(w, 200, fmt.Sprintf(`{"access_token":"tok%d","token_type":"Bearer","expires_in":86400}`, n))
		default:
			apiCalls.Add(1)
			if r.Header.Get("Authorization") != "Bearer tok2" {
				writeJSON(w, 401, `{"statusCode":401,"error":"Unauthorized","message":"Invalid token"}`)
				return
			}
			writeJSON(w, 200, `{"id":"con_0123456789abcdef","name":"ok","strategy":"auth0"}`)
		}
	}))
	defer srv.Close()
	c := newTestClient(t, srv.URL, func(c *Config) { c.APIToken, c.ClientID, c.ClientSecret = "", "cid", secret })
	if _, err := c.GetConnection(t.Context(), "con_0123456789abcdef"); err != nil {
		t.Fatal(err)
	}
	if tokenCalls.Load() != 2 || apiCalls.Load() != 2 {
		t.Errorf("token calls = %d, api calls = %d; want one re-fetch after the 401", tokenCalls.Load(), apiCalls.Load())
	}

	bad := newTestClient(t, srv.URL, func(c *Config) { c.APIToken, c.ClientID, c.ClientSecret = "", "cid", "wrong-"+secret })
	_, err := bad.GetConnection(t.Context(), "con_0123456789abcdef")
	if err == nil || !strings.Contains(err.Error(), "access_denied") {
		t.Fatalf("err = %v", err)
	}
	if strings.Contains(err.Error(), secret) {
		t.Errorf("the client secret leaked into the error: %v", err)
	}
	if tokenCalls.Load() != 3 || apiCalls.Load() != 2 {
		t.Errorf("token calls = %d, api calls = %d; a rejected credential must be asked for once and no API call made", tokenCalls.Load(), apiCalls.Load())
	}
}
