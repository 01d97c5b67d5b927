package tfcli

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"testing"

	"github.com/openauth0/terraform-provider-auth0/internal/client"
	"github.com/openauth0/terraform-provider-auth0/internal/emulator"
	"github.com/openauth0/terraform-provider-auth0/internal/emulator/emulatortest"
)

// World is a tenant (the emulator over TLS, as the auth0/auth0 provider
// needs it) that records every write it receives, and the environment of
// the terraform processes that work on it.
type World struct {
	Server *emulatortest.Server
	// Client is the test's own view of the tenant, not rate limited.
	Client *client.Client

	environ  []string
	recorder *emulatortest.Recorder
}

// Request is a write the tenant received.
type Request struct {
	Method, Path string
	Body         []byte
}

// NewWorld starts a fresh tenant and writes a CLI configuration that
// points terraform at the providers (see cliConfiguration). Terraform and both
// providers find the tenant through the environment (AUTH0_DOMAIN,
// AUTH0_API_TOKEN and SSL_CERT_FILE for its certificate); variables named
// domain and api_token get the same values (TF_VAR_…), for configurations
// that pass them to a provider block.
func NewWorld(tb testing.TB, p Providers) *World {
	tb.Helper()
	srv, rec := emulatortest.StartTLSRecording(tb, emulator.Config{ClientID: "cli-client", ClientSecret: "cli-secret"})
	c, err := client.New(client.Config{Domain: srv.URL, APIToken: srv.Token, RateLimit: -1, HTTPClient: srv.HTTPClient})
	if err != nil {
		tb.Fatal(err)
	}

	dir := tb.TempDir()
	certFile := filepath.Join(dir, "emulator.pem")
	cliConfig := filepath.Join(dir, "terraform.rc")
	writeFile(tb, certFile, srv.CertPEM)
	writeFile(tb, cliConfig, cliConfiguration(tb, p, filepath.Join(dir, "mirror")))

	return &World{Server: srv, Client: c, recorder: rec, environ: append(cleanEnviron(),
		"TF_CLI_CONFIG_FILE="+cliConfig,
		"TF_IN_AUTOMATION=1",
		"CHECKPOINT_DISABLE=1",
		"SSL_CERT_FILE="+certFile,
		"AUTH0_DOMAIN="+srv.Host,
		"AUTH0_API_TOKEN="+srv.Token,
		"AUTH0_RATE_LIMIT=-1",
		"TF_VAR_domain="+srv.Host,
		"TF_VAR_api_token="+srv.Token,
	)}
}

// Versions the providers have in the CLI configuration's mirror.
const (
	ourVersion      = "0.0.1"
	officialVersion = "1.53.0"
)

// cliConfiguration points terraform at the providers twice: dev_overrides,
// so plan and apply need no terraform init, and a filesystem mirror, so
// that terraform init works too (it ignores dev_overrides and would
// otherwise ask the registry) and writes a lock file as for a user.
func cliConfiguration(tb testing.TB, p Providers, mirror string) []byte {
	tb.Helper()
	var overrides strings.Builder
	for _, provider := range []struct{ source, dir, version string }{
		{"openauth0/auth0", p.Ours, ourVersion},
		{"auth0/auth0", p.Official, officialVersion},
	} {
		if provider.dir == "" {
			continue
		}
		fmt.Fprintf(&overrides, "    %q = %q\n", provider.source, provider.dir)
		// Both registries: OpenTofu reads "auth0/auth0" as registry.opentofu.org's.
		for _, host := range []string{"registry.terraform.io", "registry.opentofu.org"} {
			platform := filepath.Join(mirror, host, provider.source, provider.version, runtime.GOOS+"_"+runtime.GOARCH)
			if err := os.MkdirAll(platform, 0o750); err != nil {
				tb.Fatal(err)
			}
			const binary = "terraform-provider-auth0"
			if err := os.Symlink(filepath.Join(provider.dir, binary), filepath.Join(platform, binary)); err != nil {
				tb.Fatal(err)
			}
		}
	}
	return fmt.Appendf(nil, "provider_installation {\n  dev_overrides {\n%s  }\n  filesystem_mirror {\n    path = %q\n  }\n}\n",
		overrides.String(), mirror)
}

// cleanEnviron is the test's environment without what would point
// terraform or a provider elsewhere.
func cleanEnviron() []string {
	var out []string
	for _, kv := range os.Environ() {
		name, _, _ := strings.Cut(kv, "=")
		if strings.HasPrefix(name, "AUTH0_") || strings.HasPrefix(name, "TF_") || name == "SSL_CERT_FILE" || name == "SSL_CERT_DIR" {
			continue
		}
		out = append(out, kv)
	}
	return out
}

// Writes returns the writes the tenant received after the first skip: its
// requests other than GET under /api/v2/.
func (w *World) Writes(skip int) []Request {
	var out []Request
	for _, x := range w.recorder.Exchanges() {
		if x.Method != http.MethodGet && x.Method != http.MethodHead && strings.HasPrefix(x.Path, "/api/v2/") {
			out = append(out, Request{Method: x.Method, Path: x.Path, Body: x.Body})
		}
	}
	return out[min(skip, len(out)):]
}

// WriteCount is the number of writes the tenant received so far.
func (w *World) WriteCount() int {
	return len(w.Writes(0))
}

// Snapshot is what the tenant holds, for comparing before and after: every
// connection exactly as GET /connections returns it, with the clients
// GET /connections/{id}/clients says are enabled on it and what the
// snapshot's readers read of it, and the number of writes received so far.
type Snapshot struct {
	Connections string // indented JSON, sorted by name
	Writes      int
	readers     []Reader
}

// Reader reads something a connection has besides its fields and enabled
// clients (its SCIM configuration, its keys…). An error is part of what it
// reads: the connection may not have that.
type Reader func(ctx context.Context, connectionID string) (any, error)

// Snapshot reads the tenant, and with readers more of each connection.
func (w *World) Snapshot(tb testing.TB, readers ...Reader) Snapshot {
	tb.Helper()
	ctx := tb.Context()
	type entry struct {
		Connection     map[string]any `json:"connection"`
		EnabledClients []string       `json:"enabled_clients_via_clients_endpoint"`
		More           []any          `json:"more,omitempty"`
	}
	var all []entry
	for _, conn := range w.listConnections(tb) {
		id, _ := conn["id"].(string)
		enabled, err := w.Client.ListEnabledClients(ctx, id)
		if err != nil {
			tb.Fatal(err)
		}
		sort.Strings(enabled)
		e := entry{Connection: conn, EnabledClients: enabled}
		for _, read := range readers {
			v, err := read(ctx, id)
			if err != nil {
				v = err.Error()
			}
			e.More = append(e.More, v)
		}
		all = append(all, e)
	}
	sort.Slice(all, func(i, j int) bool {
		return fmt.Sprint(all[i].Connection["name"]) < fmt.Sprint(all[j].Connection["name"])
	})
	b, err := json.MarshalIndent(all, "", " ")
	if err != nil {
		tb.Fatal(err)
	}
	return Snapshot{Connections: string(b), Writes: w.WriteCount(), readers: readers}
}

// listConnections pages through GET /api/v2/connections and returns the
// connections as decoded JSON, every top-level field included.
func (w *World) listConnections(tb testing.TB) []map[string]any {
	tb.Helper()
	var out []map[string]any
	query := url.Values{"take": {"100"}}
	for {
		req, err := http.NewRequestWithContext(tb.Context(), http.MethodGet, w.Server.URL+"/api/v2/connections?"+query.Encode(), nil)
		if err != nil {
			tb.Fatal(err)
		}
		req.Header.Set("Authorization", "Bearer "+w.Server.Token)
		resp, err := w.Server.HTTPClient.Do(req)
		if err != nil {
			tb.Fatal(err)
		}
		var page struct {
			Connections []map[string]any `json:"connections"`
			Next        string           `json:"next"`
		}
		err = json.NewDecoder(resp.Body).Decode(&page)
		resp.Body.Close()
		if err != nil || resp.StatusCode != http.StatusOK {
			tb.Fatalf("GET /api/v2/connections: %d, %v", resp.StatusCode, err)
		}
		out = append(out, page.Connections...)
		if page.Next == "" || len(page.Connections) == 0 {
			return out
		}
		query.Set("from", page.Next)
	}
}

// UnchangedSince fails the test when the tenant received a write or holds
// anything else than before (read with the same readers).
func (w *World) UnchangedSince(tb testing.TB, before Snapshot, what string) {
	tb.Helper()
	after := w.Snapshot(tb, before.readers...)
	if after.Writes != before.Writes {
		var lines []string
		for _, r := range w.Writes(before.Writes) {
			lines = append(lines, fmt.Sprintf("%s %s %s", r.Method, r.Path, r.Body))
		}
		tb.Errorf("%s: the tenant received %d writes, want none:\n  %s", what, after.Writes-before.Writes, strings.Join(lines, "\n  "))
	}
	if after.Connections != before.Connections {
		tb.Errorf("%s: the tenant's connections changed (- before, + after):\n%s", what, lineChanges(before.Connections, after.Connections))
	}
}

// lineChanges lists the lines only one of two texts has.
func lineChanges(before, after string) string {
	count := map[string]int{}
	for _, l := range strings.Split(before, "\n") {
		count[l]++
	}
	for _, l := range strings.Split(after, "\n") {
		count[l]--
	}
	var out []string
	for _, l := range strings.Split(before, "\n") {
		if count[l] > 0 {
			out = append(out, "- "+l)
			count[l]--
		}
	}
	for _, l := range strings.Split(after, "\n") {
		if count[l] < 0 {
			out = append(out, "+ "+l)
			count[l]++
		}
	}
	return strings.Join(out, "\n")
}

func writeFile(tb testing.TB, path string, data []byte) {
	tb.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o750); err != nil {
		tb.Fatal(err)
	}
	if err := os.WriteFile(path, data, 0o600); err != nil {
		tb.Fatal(err)
	}
}
