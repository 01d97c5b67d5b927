package main

import (
	"bufio"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/openauth0/terraform-provider-auth0/internal/localserver"
)

const (
	testZip  = "terraform-provider-auth0_1.2.3_linux_amd64.zip"
	testSums = "terraform-provider-auth0_1.2.3_SHA256SUMS"
)

// testDist writes a dist/ directory like goreleaser's: one archive, its
// checksums and their signature, and returns the registry serving it.
func testDist(t *testing.T) (*registry, string) {
	t.Helper()
	dir := t.TempDir()
	zip := []byte("PK not really a zip")
	sum := sha256.Sum256(zip)
	files := map[string]string{
		testZip: string(zip),
		"terraform-provider-auth0_1.2.3_darwin_arm64.zip": "other",
		testSums:          hex.EncodeToString(sum[:]) + "  " + testZip + "\n",
		testSums + ".sig": "signature bytes",
		"terraform-provider-auth0_1.2.3_manifest.json": "{}",
		"manifest.json": `{"version": 1, "metadata": {"protocol_versions": ["6.0"]}}`,
	}
	for name, text := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	return &registry{
		dir: dir, namespace: "openauth0", typ: "auth0", keyID: "ABCDEF0123456789",
		armor: "-----BEGIN PGP PUBLIC KEY BLOCK-----\n...", manifest: filepath.Join(dir, "manifest.json"),
	}, hex.EncodeToString(sum[:])
}

// serveDist serves testDist's registry over TLS until the test ends, and
// returns the server, the registry and the archive's checksum. The
// registry reads its directory on every request, so a test may change the
// files afterwards.
func serveDist(t *testing.T) (*httptest.Server, *registry, string) {
	t.Helper()
	reg, sum := testDist(t)
	srv := httptest.NewTLSServer(reg.handler())
	t.Cleanup(srv.Close)
	return srv, reg, sum
}

func get(t *testing.T, srv *httptest.Server, path string, into any) int {
	t.Helper()
	resp, err := srv.Client().Get(srv.URL + path)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	if into != nil && resp.StatusCode == http.StatusOK {
		if err := json.Unmarshal(body, into); err != nil {
			t.Fatalf("GET %s: %v: %s", path, err, body)
		}
	}
	return resp.StatusCode
}

// mustGet is get of a document that must be there: a status other than 200
// stops the test.
func mustGet(t *testing.T, srv *httptest.Server, path string, into any) {
	t.Helper()
	if code := get(t, srv, path, into); code != http.StatusOK {
		t.Fatalf("GET %s: status %d", path, code)
	}
}

func TestServiceDiscovery(t *testing.T) {
	srv, _, _ := serveDist(t)
	var doc map[string]string
	mustGet(t, srv, "/.well-known/terraform.json", &doc)
	if doc["providers.v1"] != "/v1/providers/" {
		t.Errorf("discovery = %v", doc)
	}
}

func TestVersions(t *testing.T) {
	srv, _, _ := serveDist(t)
	var doc versionsDoc
	mustGet(t, srv, "/v1/providers/openauth0/auth0/versions", &doc)
	if len(doc.Versions) != 1 || doc.Versions[0].Version != "1.2.3" {
		t.Fatalf("versions = %+v", doc)
	}
	v := doc.Versions[0]
	if strings.Join(v.Protocols, ",") != "6.0" || len(v.Platforms) != 2 {
		t.Errorf("version 1.2.3 = %+v; want protocol 6.0 on two platforms", v)
	}
}

func TestDownload(t *testing.T) {
	srv, reg, sum := serveDist(t)
	var doc downloadDoc
	mustGet(t, srv, "/v1/providers/openauth0/auth0/1.2.3/download/linux/amd64", &doc)
	base := srv.URL + filesPath
	want := downloadDoc{
		Protocols: []string{"6.0"}, OS: "linux", Arch: "amd64", Filename: testZip,
		DownloadURL: base + testZip, SHASumsURL: base + testSums, SHASumsSignatureURL: base + testSums + ".sig",
		SHASum:      sum,
		SigningKeys: signingKeysDoc{GPGPublicKeys: []gpgKeyDoc{{KeyID: reg.keyID, ASCIIArmor: reg.armor}}},
	}
	got, _ := json.Marshal(doc)
	wantJSON, _ := json.Marshal(want)
	if string(got) != string(wantJSON) {
		t.Errorf("download =\n%s\nwant\n%s", got, wantJSON)
	}
	for _, url := range []string{doc.DownloadURL, doc.SHASumsURL, doc.SHASumsSignatureURL} {
		mustGet(t, srv, strings.TrimPrefix(url, srv.URL), nil)
	}
}

// The checksum comes from SHA256SUMS, as a registry records it at release
// time: an archive changed afterwards is served with the old checksum, and
// Terraform must notice.
func TestDownloadReportsTheRecordedChecksum(t *testing.T) {
	srv, reg, sum := serveDist(t)
	if err := os.WriteFile(filepath.Join(reg.dir, testZip), []byte("tampered"), 0o600); err != nil {
		t.Fatal(err)
	}
	var doc downloadDoc
	mustGet(t, srv, "/v1/providers/openauth0/auth0/1.2.3/download/linux/amd64", &doc)
	if doc.SHASum != sum {
		t.Errorf("shasum = %s; want the recorded %s", doc.SHASum, sum)
	}
}

func TestNotFound(t *testing.T) {
	srv, _, _ := serveDist(t)
	for _, path := range []string{
		"/v1/providers/hashicorp/auth0/versions",
		"/v1/providers/openauth0/other/versions",
		"/v1/providers/openauth0/auth0/9.9.9/download/linux/amd64",
		"/v1/providers/openauth0/auth0/1.2.3/download/windows/amd64",
		"/files/manifest.json",
		"/files/..%2fmanifest.json",
		"/files/terraform-provider-auth0_9.9.9_linux_amd64.zip",
	} {
		if code := get(t, srv, path, nil); code != http.StatusNotFound {
			t.Errorf("GET %s: status %d; want 404", path, code)
		}
	}
}

func TestUnsignedReleaseIsRefused(t *testing.T) {
	srv, reg, _ := serveDist(t)
	if err := os.Remove(filepath.Join(reg.dir, testSums+".sig")); err != nil {
		t.Fatal(err)
	}
	if code := get(t, srv, "/v1/providers/openauth0/auth0/1.2.3/download/linux/amd64", nil); code != http.StatusInternalServerError {
		t.Errorf("status %d; want 500 for a release without a signature", code)
	}
}

// TestRun starts the program as the script does and fetches the discovery
// document over TLS, trusting only the certificate it wrote.
func TestRun(t *testing.T) {
	reg, _ := testDist(t)
	keyFile := filepath.Join(t.TempDir(), "key.asc")
	certFile := filepath.Join(t.TempDir(), "cert.pem")
	if err := os.WriteFile(keyFile, []byte(reg.armor), 0o600); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(t.Context())
	stdout, announce := io.Pipe()
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, []string{"-dir", reg.dir, "-key", keyFile, "-key-id", reg.keyID,
			"-manifest", reg.manifest, "-cert-out", certFile}, announce, io.Discard)
		announce.Close()
	}()
	line, err := bufio.NewReader(stdout).ReadString('\n')
	if err != nil {
		t.Fatalf("no announcement: %v (run: %v)", err, <-done)
	}
	go func() { _, _ = io.Copy(io.Discard, stdout) }()
	url := strings.TrimSpace(strings.TrimPrefix(line, "registry-server listening on "))
	if !strings.HasPrefix(url, "https://localhost:") {
		t.Fatalf("announcement %q", line)
	}
	client, err := localserver.TrustingClient(certFile)
	if err != nil {
		t.Fatal(err)
	}
	resp, err := client.Get(url + "/.well-known/terraform.json")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Errorf("discovery: status %d", resp.StatusCode)
	}
	cancel()
	if err := <-done; err != nil {
		t.Errorf("run after cancel: %v", err)
	}
}

func TestRunNeedsKeyAndCert(t *testing.T) {
	if err := run(t.Context(), []string{"-dir", t.TempDir()}, io.Discard, io.Discard); err == nil {
		t.Fatal("no error without -key, -key-id and -cert-out")
	}
}
