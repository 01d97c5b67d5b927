package localserver

import (
	"context"
	"io"
	"net/http"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

var hello = http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { _, _ = io.WriteString(w, "hello") })

// serve runs s until the test ends, then checks it stopped cleanly.
func serve(t *testing.T, s *Server) {
	t.Helper()
	ctx, cancel := context.WithCancel(t.Context())
	done := make(chan error, 1)
	go func() { done <- s.Serve(ctx) }()
	t.Cleanup(func() {
		cancel()
		select {
		case err := <-done:
			if err != nil {
				t.Errorf("Serve after the context ended: %v", err)
			}
		case <-time.After(10 * time.Second):
			t.Error("Serve did not return after the context ended")
		}
	})
}

func get(t *testing.T, c *http.Client, url string) string {
	t.Helper()
	resp, err := c.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return string(body)
}

func TestTLSWithTheWrittenCertificate(t *testing.T) {
	certFile := filepath.Join(t.TempDir(), "cert.pem")
	s, err := Listen(t.Context(), "127.0.0.1:0", "test-server", certFile, hello)
	if err != nil {
		t.Fatal(err)
	}
	serve(t, s)
	if s.Scheme() != "https" {
		t.Errorf("scheme %s, want https", s.Scheme())
	}
	c, err := TrustingClient(certFile)
	if err != nil {
		t.Fatal(err)
	}
	_, port, _ := strings.Cut(s.Addr(), ":")
	for _, host := range []string{"127.0.0.1", "localhost"} {
		if got := get(t, c, "https://"+host+":"+port+"/"); got != "hello" {
			t.Errorf("%s: %q", host, got)
		}
	}
}

func TestCertificateNamesItsIssuer(t *testing.T) {
	cert, pemBytes, err := SelfSignedCertificate("test-server", "10.1.2.3", "dev.example", "0.0.0.0")
	if err != nil {
		t.Fatal(err)
	}
	leaf := cert.Leaf
	if leaf.Subject.CommonName != "test-server" || leaf.Subject.Organization[0] != "test-server (not Auth0)" {
		t.Errorf("subject %v", leaf.Subject)
	}
	if err := leaf.VerifyHostname("dev.example"); err != nil {
		t.Error(err)
	}
	if err := leaf.VerifyHostname("10.1.2.3"); err != nil {
		t.Error(err)
	}
	if len(leaf.IPAddresses) != 3 { // 127.0.0.1, ::1 and 10.1.2.3; not the unspecified address
		t.Errorf("IP addresses %v", leaf.IPAddresses)
	}
	if !strings.HasPrefix(string(pemBytes), "-----BEGIN CERTIFICATE-----") {
		t.Errorf("PEM %q", pemBytes)
	}
}

func TestPlainHTTP(t *testing.T) {
	s, err := Listen(t.Context(), "127.0.0.1:0", "test-server", "", hello)
	if err != nil {
		t.Fatal(err)
	}
	serve(t, s)
	if s.Scheme() != "http" {
		t.Errorf("scheme %s, want http", s.Scheme())
	}
	if got := get(t, http.DefaultClient, "http://"+s.Addr()+"/"); got != "hello" {
		t.Errorf("got %q", got)
	}
}

func TestListenErrors(t *testing.T) {
	if _, err := Listen(t.Context(), "127.0.0.1:-1", "x", "", hello); err == nil {
		t.Error("no error for a bad address")
	}
	if _, err := Listen(t.Context(), "127.0.0.1:0", "x", filepath.Join(t.TempDir(), "absent", "cert.pem"), hello); err == nil ||
		!strings.Contains(err.Error(), "writing the certificate") {
		t.Errorf("a certificate file that cannot be written: %v", err)
	}
	if _, err := TrustingClient(filepath.Join(t.TempDir(), "none.pem")); err == nil {
		t.Error("no error for a missing certificate file")
	}
}
