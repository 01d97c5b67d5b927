// Package localserver runs the local HTTP servers this repository offers in
// place of remote ones (the Auth0 emulator's command, the provider registry
// of the release test): it listens, serves plain HTTP or TLS with a fresh
// self-signed certificate that clients are pointed at (SSL_CERT_FILE), and
// shuts down cleanly when its context ends.
package localserver

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"time"

	"github.com/openauth0/terraform-provider-auth0/internal/atomicfile"
)

// shutdownGrace is how long requests in flight get to finish once the
// context ends.
const shutdownGrace = 5 * time.Second

// Server is an HTTP server and the listener it serves on.
type Server struct {
	srv *http.Server
	ln  net.Listener
	tls bool // the server's TLSConfig is not a sign: Serve may set one up
}

// Listen listens on addr (port 0 picks a free one) for h. With certFile
// set the server speaks TLS: Listen makes a certificate for name (see
// SelfSignedCertificate) that also covers the listener's host, and writes
// it (PEM) to certFile, atomically.
func Listen(ctx context.Context, addr, name, certFile string, h http.Handler) (*Server, error) {
	var lc net.ListenConfig
	ln, err := lc.Listen(ctx, "tcp", addr)
	if err != nil {
		return nil, err
	}
	s := &Server{srv: &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second}, ln: ln}
	if certFile == "" {
		return s, nil
	}
	host, _, _ := net.SplitHostPort(ln.Addr().String())
	cert, pemBytes, err := SelfSignedCertificate(name, host)
	if err == nil {
		if err = atomicfile.Write(certFile, pemBytes, 0o644); err != nil {
			err = fmt.Errorf("writing the certificate to %s: %w", certFile, err)
		}
	}
	if err != nil {
		ln.Close()
		return nil, err
	}
	s.srv.TLSConfig = &tls.Config{Certificates: []tls.Certificate{cert}, MinVersion: tls.VersionTLS12}
	s.tls = true
	return s, nil
}

// Addr is the host:port the server listens on.
func (s *Server) Addr() string { return s.ln.Addr().String() }

// Scheme is "https" for a server with a certificate, "http" otherwise.
func (s *Server) Scheme() string {
	if s.tls {
		return "https"
	}
	return "http"
}

// Serve serves until ctx ends, then shuts the server down, giving the
// requests in flight a few seconds. It returns the error of a server that
// stopped by itself, or of an unclean shutdown.
func (s *Server) Serve(ctx context.Context) error {
	errc := make(chan error, 1)
	go func() {
		if s.tls {
			errc <- s.srv.ServeTLS(s.ln, "", "")
		} else {
			errc <- s.srv.Serve(s.ln)
		}
	}()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	shutdown, cancel := context.WithTimeout(context.WithoutCancel(ctx), shutdownGrace)
	defer cancel()
	return s.srv.Shutdown(shutdown)
}

// TrustingClient is an HTTP client that trusts exactly the certificate in
// certFile, as a client whose SSL_CERT_FILE names that file does.
func TrustingClient(certFile string) (*http.Client, error) {
	pemBytes, err := os.ReadFile(certFile) //nolint:gosec // G304: the file the caller names
	if err != nil {
		return nil, err
	}
	roots := x509.NewCertPool()
	if !roots.AppendCertsFromPEM(pemBytes) {
		return nil, errors.New(certFile + " holds no certificate")
	}
	return &http.Client{Timeout: 30 * time.Second, Transport: &http.Transport{
		TLSClientConfig:   &tls.Config{RootCAs: roots, MinVersion: tls.VersionTLS12},
		ForceAttemptHTTP2: true,
	}}, nil
}
