// Command registry-server serves a goreleaser dist/ directory over HTTPS
// with the Terraform provider registry protocol, so that `make
// test-release` can install a release with a plain `terraform init` the way
// the public registry and HCP Terraform deliver it: service discovery, the
// versions list, the download metadata with the checksums, their detached
// signature and the public key, then the archive itself.
//
//	registry-server -dir dist -key key.asc -key-id ABCD... -cert-out cert.pem
//
// It prints "registry-server listening on https://localhost:PORT" once it
// accepts connections; the source address is then
// localhost:PORT/NAMESPACE/TYPE. The certificate (self-signed, for
// localhost and 127.0.0.1) is written to -cert-out; point SSL_CERT_FILE at
// it. Every request is logged to stderr.
//
// The directory is read on every request, so a test can swap an archive or
// a signature between two `terraform init` runs. As a real registry does, it
// reports the checksum that the SHA256SUMS file recorded at release time,
// not one computed from the archive it serves.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"os"

	"github.com/openauth0/terraform-provider-auth0/internal/localserver"
)

func main() {
	localserver.Main("registry-server", func(ctx context.Context) error { return run(ctx, os.Args[1:], os.Stdout, os.Stderr) })
}

// run serves until ctx is done.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("registry-server", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var (
		reg      registry
		keyFile  string
		listen   string
		certFile string
	)
	fs.StringVar(&reg.dir, "dir", "dist", "the goreleaser output directory to serve")
	fs.StringVar(&reg.namespace, "namespace", "openauth0", "provider namespace")
	fs.StringVar(&reg.typ, "type", "auth0", "provider type (the archives are terraform-provider-TYPE_*)")
	fs.StringVar(&keyFile, "key", "", "ASCII-armored public GPG key the checksums are signed with")
	fs.StringVar(&reg.keyID, "key-id", "", "the key's id, as the registry reports it")
	fs.StringVar(&reg.manifest, "manifest", "terraform-registry-manifest.json", "the provider's registry manifest (protocol versions)")
	fs.StringVar(&listen, "listen", "127.0.0.1:0", "address to listen on")
	fs.StringVar(&certFile, "cert-out", "", "file to write the server's self-signed certificate to (PEM)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if keyFile == "" || reg.keyID == "" || certFile == "" {
		return errors.New("-key, -key-id and -cert-out are required")
	}
	key, err := os.ReadFile(keyFile)
	if err != nil {
		return err
	}
	reg.armor = string(key)
	reg.log = stderr

	srv, err := localserver.Listen(ctx, listen, "registry-server", certFile, reg.handler())
	if err != nil {
		return err
	}
	_, port, _ := net.SplitHostPort(srv.Addr())
	fmt.Fprintf(stdout, "registry-server listening on https://localhost:%s\n", port)
	return srv.Serve(ctx)
}
