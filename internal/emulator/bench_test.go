package emulator

import (
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// Throughput of the emulator over loopback HTTP (keep-alive connections),
// for the provider's benchmarks to know what the emulator itself costs:
//
//	go test -run '^$' -bench . -benchtime 2s ./internal/emulator/

type benchServer struct {
	url    string
	token  string
	client *http.Client
	id     string
}

func newBenchServer(b *testing.B, cfg Config) *benchServer {
	b.Helper()
	emu, err := New(cfg)
	if err != nil {
		b.Fatal(err)
	}
	ts := httptest.NewServer(emu)
	b.Cleanup(ts.Close)
	bs := &benchServer{
		url: ts.URL, token: emu.MintToken(AllScopes()...),
		client: &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 64}},
	}
	// A realistic connection: an auth0 database with its default options.
	status, body := bs.do(b, "POST", "/api/v2/connections", `{"name":"bench","strategy":"auth0","options":{"brute_force_protection":true,"configuration":{"k":"v"}}}`)
	if status != http.StatusCreated {
		b.Fatalf("create: %d %s", status, body)
	}
	v, _ := decodeJSON([]byte(body))
	bs.id = path(v, "id").(string)
	return bs
}

func (bs *benchServer) do(b *testing.B, method, p, body string) (int, string) {
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	req, _ := http.NewRequest(method, bs.url+p, rd)
	req.Header.Set("Authorization", "Bearer "+bs.token)
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := bs.client.Do(req)
	if err != nil {
		b.Fatal(err)
	}
	raw, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	return resp.StatusCode, string(raw)
}

func BenchmarkGetConnection(b *testing.B) {
	bs := newBenchServer(b, Config{})
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		if status, body := bs.do(b, "GET", "/api/v2/connections/"+bs.id, ""); status != http.StatusOK {
			b.Fatalf("%d %s", status, body)
		}
	}
}

func BenchmarkPatchConnection(b *testing.B) {
	bs := newBenchServer(b, Config{})
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		i++
		body := fmt.Sprintf(`{"display_name":"Bench %d","options":{"brute_force_protection":true,"passwordPolicy":"fair","configuration":{"k":"v"}}}`, i)
		if status, resp := bs.do(b, "PATCH", "/api/v2/connections/"+bs.id, body); status != http.StatusOK {
			b.Fatalf("%d %s", status, resp)
		}
	}
}

func BenchmarkGetConnectionParallel(b *testing.B) {
	bs := newBenchServer(b, Config{})
	b.ReportAllocs()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			if status, body := bs.do(b, "GET", "/api/v2/connections/"+bs.id, ""); status != http.StatusOK {
				b.Fatalf("%d %s", status, body)
			}
		}
	})
}

func BenchmarkPatchConnectionPersisted(b *testing.B) {
	bs := newBenchServer(b, Config{DataFile: b.TempDir() + "/tenant.json"})
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		i++
		body := fmt.Sprintf(`{"display_name":"Bench %d"}`, i)
		if status, resp := bs.do(b, "PATCH", "/api/v2/connections/"+bs.id, body); status != http.StatusOK {
			b.Fatalf("%d %s", status, resp)
		}
	}
}
