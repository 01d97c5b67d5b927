// Package emulatortest starts an in-process Auth0 emulator for tests of
// other packages: a fresh tenant per test on a loopback httptest server,
// closed by t.Cleanup.
package emulatortest

import (
	"crypto/x509"
	"encoding/pem"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/openauth0/terraform-provider-auth0/internal/emulator"
)

// Server is a running emulator.
type Server struct {
	*emulator.Emulator
	URL          string // e.g. http://127.0.0.1:41234 (httptest server, loopback)
	Token        string // bearer token with every scope
	ClientID     string // client credentials accepted by /oauth/token
	ClientSecret string

	// HTTPClient trusts the server (for StartTLS, its certificate; for Start,
	// a plain client). CertPool holds the TLS certificate and CertPEM is
	// the same certificate in PEM, for programs told where to find it
	// (SSL_CERT_FILE); both are nil for Start.
	HTTPClient *http.Client
	CertPool   *x509.CertPool
	CertPEM    []byte
	// Host is the host:port part of URL (what AUTH0_DOMAIN takes over TLS).
	Host string
}

// Start runs a fresh emulator over HTTP. It fills in Token, ClientID and
// ClientSecret when cfg leaves them empty.
func Start(tb testing.TB, cfg emulator.Config) *Server {
	tb.Helper()
	return start(tb, cfg, false, nil)
}

// StartTLS is Start over HTTPS with httptest's self-signed certificate;
// use s.HTTPClient or s.CertPool to trust it.
func StartTLS(tb testing.TB, cfg emulator.Config) *Server {
	tb.Helper()
	return start(tb, cfg, true, nil)
}

// start runs the emulator; wrap, when not nil, wraps its handler.
func start(tb testing.TB, cfg emulator.Config, useTLS bool, wrap func(http.Handler) http.Handler) *Server {
	tb.Helper()
	if cfg.ClientID == "" && cfg.ClientSecret == "" {
		cfg.ClientID = "emulatortest-client-id"
		cfg.ClientSecret = "emulatortest-client-secret"
	}
	emu, err := emulator.New(cfg)
	if err != nil {
		tb.Fatalf("emulatortest: starting emulator: %v", err)
	}
	var handler http.Handler = emu
	if wrap != nil {
		handler = wrap(emu)
	}
	var ts *httptest.Server
	if useTLS {
		ts = httptest.NewTLSServer(handler)
	} else {
		ts = httptest.NewServer(handler)
	}
	tb.Cleanup(func() {
		ts.Close()
		if err := emu.Close(); err != nil {
			tb.Errorf("emulatortest: closing emulator: %v", err)
		}
	})
	s := &Server{
		Emulator:     emu,
		URL:          ts.URL,
		Token:        emu.MintToken(emulator.AllScopes()...),
		ClientID:     cfg.ClientID,
		ClientSecret: cfg.ClientSecret,
		HTTPClient:   ts.Client(),
		Host:         ts.Listener.Addr().String(),
	}
	if useTLS {
		pool := x509.NewCertPool()
		pool.AddCert(ts.Certificate())
		s.CertPool = pool
		s.CertPEM = pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: ts.Certificate().Raw})
	}
	return s
}
