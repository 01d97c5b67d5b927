// Command auth0-emulator serves a local stand-in for the Auth0 Management
// API v2 connection endpoints and their sub-resources (signing keys, SCIM,
// directory provisioning, status; see internal/emulator). It is not Auth0.
//
//	auth0-emulator --listen 127.0.0.1:0 [--tls-cert-out FILE] [--token T]
//	    [--client-id ID --client-secret S] [--client-assertion-key ID=PUBLIC_KEY.pem]… [--scopes "…"]
//	    [--rate-limit RPS --burst N] [--strip-rate-limit-headers] [--fault-rate F] [--latency D]
//	    [--drop-rate F] [--rate-limit-fault-rate F] [--refuse "METHOD /route=STATUS"]…
//	    [--data FILE] [--domain D] [--delete-pending D] [--seed N]
//	auth0-emulator --list-scopes
//
// The first line on stdout is "auth0-emulator listening on http(s)://HOST:PORT",
// followed by `export VAR=value` lines that point the provider (or any Auth0
// client) at it: AUTH0_DOMAIN, SSL_CERT_FILE (TLS only), AUTH0_API_TOKEN and/or
// AUTH0_CLIENT_ID / AUTH0_CLIENT_SECRET (or AUTH0_CLIENT_ID alone for one
// --client-assertion-key client: the private key and its algorithm are the
// user's to set). SIGINT/SIGTERM stop it cleanly,
// persisting the data file first.
//
// Besides the Auth0 endpoints it serves GET /emulator/stats (request
// counters by route; DELETE resets them). That path is an emulator
// extension, not part of Auth0: it needs no token and is not rate limited.
//
// --list-scopes prints every scope the emulator knows, one a line: the
// default of --scopes, and the list to pick from for a token that must lack
// some (every sub-resource operation has a scope of its own).
package main

import (
	"context"
	"crypto"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/openauth0/terraform-provider-auth0/internal/emulator"
	"github.com/openauth0/terraform-provider-auth0/internal/localserver"
)

func main() {
	localserver.Main("auth0-emulator", func(ctx context.Context) error { return run(ctx, os.Args[1:], os.Stdout) })
}

// options are the parsed command-line flags.
type options struct {
	listen       string
	tlsCertOut   string
	token        string
	clientID     string
	clientSecret string
	scopes       string
	rateLimit    float64
	burst        int
	stripHeaders bool
	faultRate    float64
	dropRate     float64
	limitRate    float64
	latency      time.Duration
	refuse       map[string]int // --refuse: route -> status
	dataFile     string
	domain       string
	deletePend   time.Duration
	seed         int64
	listScopes   bool
	// assertionKeys: clients authenticating with private-key JWT.
	assertionKeys map[string]crypto.PublicKey
}

func parseFlags(args []string, stderr io.Writer) (options, error) {
	var o options
	fs := flag.NewFlagSet("auth0-emulator", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&o.listen, "listen", "127.0.0.1:8787", "address to listen on (port 0 picks a free one)")
	fs.StringVar(&o.tlsCertOut, "tls-cert-out", "", "serve HTTPS with a fresh self-signed certificate for 127.0.0.1/localhost, written (PEM) to this file")
	fs.StringVar(&o.token, "token", "", "a static bearer token accepted with the scopes of --scopes")
	fs.StringVar(&o.clientID, "client-id", "", "client id accepted by POST /oauth/token (client_credentials)")
	fs.StringVar(&o.clientSecret, "client-secret", "", "client secret for --client-id")
	fs.Func("client-assertion-key", "CLIENT_ID=FILE: accept private-key JWT client assertions from CLIENT_ID signed with the key whose PEM public key (or certificate) is in FILE; repeatable", o.addAssertionKey)
	fs.StringVar(&o.scopes, "scopes", "", "space- or comma-separated scopes of --token and of client-credentials tokens (default: every scope)")
	fs.Float64Var(&o.rateLimit, "rate-limit", 0, "token-bucket rate in requests per second on /api/v2 and /oauth (0 = a bucket of a million, far beyond any run)")
	fs.IntVar(&o.burst, "burst", 0, "token-bucket size (default: the rate rounded up)")
	fs.BoolVar(&o.stripHeaders, "strip-rate-limit-headers", false, "answer without the x-ratelimit-* headers, as behind a proxy that strips them (the limit still applies)")
	fs.Float64Var(&o.faultRate, "fault-rate", 0, "fraction of /api/v2 requests answered with an injected 5xx")
	fs.Float64Var(&o.dropRate, "drop-rate", 0, "fraction of successful POST/PATCH writes committed and then dropped without a response")
	fs.Float64Var(&o.limitRate, "rate-limit-fault-rate", 0, "fraction of /api/v2 requests answered with an injected 429 (Auth0's body, x-ratelimit-remaining 0, reset about a second ahead)")
	fs.Func("refuse", `"METHOD /route=STATUS", such as "GET /api/v2/connections=403": answer that route with STATUS and Auth0's error body, doing nothing (routes are named as /emulator/stats counts them); repeatable`, o.addRefusal)
	fs.DurationVar(&o.latency, "latency", 0, "latency added to every /api/v2 and /oauth request (e.g. 50ms)")
	fs.StringVar(&o.dataFile, "data", "", "persist the tenant to this JSON file (loaded at start, written atomically on every write)")
	fs.StringVar(&o.domain, "domain", "", "tenant domain shown in provisioning_ticket_url and app_domain; its first label is the SCIM tenant_name (default emulator.local)")
	fs.DurationVar(&o.deletePend, "delete-pending", 0, "how long a deleted connection stays being deleted, as on Auth0: a repeat DELETE answers 202 with the same deleted_at and creating its name answers 409 (0 = deletions complete at once)")
	fs.Int64Var(&o.seed, "seed", 0, "seed of the fault injection (0 = random)")
	fs.BoolVar(&o.listScopes, "list-scopes", false, "print every scope the emulator knows, one a line, and exit")
	if err := fs.Parse(args); err != nil {
		return o, err
	}
	if fs.NArg() > 0 {
		return o, fmt.Errorf("unexpected arguments: %s", strings.Join(fs.Args(), " "))
	}
	if (o.clientID == "") != (o.clientSecret == "") {
		return o, errors.New("--client-id and --client-secret go together")
	}
	return o, o.checkRanges()
}

// checkRanges refuses values the emulator would otherwise quietly read as
// something else: a negative rate as no limit, a rate above 1 as always.
func (o *options) checkRanges() error {
	for _, f := range []struct {
		name  string
		value float64
	}{{"--fault-rate", o.faultRate}, {"--drop-rate", o.dropRate}, {"--rate-limit-fault-rate", o.limitRate}} {
		if f.value < 0 || f.value > 1 {
			return fmt.Errorf("%s %v: want a fraction between 0 and 1", f.name, f.value)
		}
	}
	switch {
	case o.rateLimit < 0:
		return fmt.Errorf("--rate-limit %v: want requests per second, 0 for no limit", o.rateLimit)
	case o.burst < 0:
		return fmt.Errorf("--burst %d: want a positive bucket size", o.burst)
	case o.burst > 0 && o.rateLimit == 0:
		return errors.New("--burst needs --rate-limit: without a rate there is no bucket to size")
	case o.latency < 0:
		return fmt.Errorf("--latency %v: want a positive duration", o.latency)
	case o.deletePend < 0:
		return fmt.Errorf("--delete-pending %v: want a positive duration", o.deletePend)
	}
	return nil
}

// addAssertionKey parses one --client-assertion-key.
func (o *options) addAssertionKey(v string) error {
	id, file, ok := strings.Cut(v, "=")
	if !ok || id == "" || file == "" {
		return errors.New("want CLIENT_ID=PUBLIC_KEY.pem")
	}
	data, err := os.ReadFile(file) //nolint:gosec // G304: a file the user names
	if err != nil {
		return err
	}
	key, err := emulator.ParsePublicKeyPEM(data)
	if err != nil {
		return fmt.Errorf("%s: %w", file, err)
	}
	if o.assertionKeys == nil {
		o.assertionKeys = map[string]crypto.PublicKey{}
	}
	o.assertionKeys[id] = key
	return nil
}

// addRefusal parses one --refuse.
func (o *options) addRefusal(v string) error {
	route, code, ok := strings.Cut(v, "=")
	method, pattern, spaced := strings.Cut(route, " ")
	status, err := strconv.Atoi(code)
	if !ok || !spaced || method == "" || !strings.HasPrefix(pattern, "/") || err != nil || status < 400 || status > 599 {
		return errors.New(`want "METHOD /route=STATUS" with a 4xx or 5xx STATUS, such as "GET /api/v2/connections=403"`)
	}
	if o.refuse == nil {
		o.refuse = map[string]int{}
	}
	o.refuse[method+" "+pattern] = status
	return nil
}

// scopeList parses --scopes; empty means every scope.
func scopeList(s string) []string {
	fields := strings.FieldsFunc(s, func(r rune) bool { return r == ' ' || r == ',' })
	if len(fields) == 0 {
		return emulator.AllScopes()
	}
	return fields
}

// run starts the emulator and serves until ctx is done.
func run(ctx context.Context, args []string, stdout io.Writer) error {
	o, err := parseFlags(args, os.Stderr)
	if err != nil {
		return err
	}
	if o.listScopes {
		_, err := fmt.Fprintln(stdout, strings.Join(emulator.AllScopes(), "\n"))
		return err
	}
	scopes := scopeList(o.scopes)
	cfg := emulator.Config{
		ClientID:     o.clientID,
		ClientSecret: o.clientSecret,
		ClientScopes: scopes,
		RateLimit:    o.rateLimit,
		Burst:        o.burst,
		Faults: emulator.Faults{ErrorRate: o.faultRate, Latency: o.latency, DropRate: o.dropRate,
			RateLimitRate: o.limitRate, Refuse: o.refuse, Seed: o.seed},
		DataFile:              o.dataFile,
		Domain:                o.domain,
		DeletePending:         o.deletePend,
		StripRateLimitHeaders: o.stripHeaders,

		ClientAssertionKeys: o.assertionKeys,
	}
	if o.token != "" {
		cfg.Tokens = map[string][]string{o.token: scopes}
	}
	emu, err := emulator.New(cfg)
	if err != nil {
		return err
	}
	defer emu.Close()
	if o.dataFile != "" {
		// Write the data file before announcing, so that one the emulator
		// cannot write fails the start rather than every later write.
		if err := emu.Save(); err != nil {
			return fmt.Errorf("--data %s: %w", o.dataFile, err)
		}
	}

	srv, err := localserver.Listen(ctx, o.listen, "auth0-emulator", o.tlsCertOut, emu)
	if err != nil {
		return err
	}

	token := o.token
	if token == "" && o.clientID == "" && len(o.assertionKeys) == 0 {
		// Without credentials nobody could call the API: mint a token.
		token = emu.MintToken(scopes...)
	}
	clientID, clientSecret := o.clientID, o.clientSecret
	if clientID == "" && len(o.assertionKeys) == 1 {
		for id := range o.assertionKeys {
			clientID = id
		}
	}
	announce(stdout, srv.Scheme(), srv.Addr(), o.tlsCertOut, token, clientID, clientSecret)
	if err := srv.Serve(ctx); err != nil {
		return err
	}
	return emu.Close()
}

// announce prints the listening line and the environment for clients.
func announce(w io.Writer, scheme, addr, certFile, token, clientID, clientSecret string) {
	fmt.Fprintf(w, "auth0-emulator listening on %s://%s\n", scheme, addr)
	if scheme == "https" {
		// The provider reaches AUTH0_DOMAIN over HTTPS; the certificate is
		// trusted through SSL_CERT_FILE.
		abs, err := filepath.Abs(certFile)
		if err != nil {
			abs = certFile
		}
		printEnv(w, "AUTH0_DOMAIN", addr)
		printEnv(w, "SSL_CERT_FILE", abs)
	} else {
		// http:// is accepted by the provider for loopback hosts only.
		printEnv(w, "AUTH0_DOMAIN", "http://"+addr)
	}
	if token != "" {
		printEnv(w, "AUTH0_API_TOKEN", token)
	}
	if clientID != "" {
		printEnv(w, "AUTH0_CLIENT_ID", clientID)
	}
	if clientSecret != "" {
		printEnv(w, "AUTH0_CLIENT_SECRET", clientSecret)
	}
}

// printEnv writes `export NAME=value`, single-quoting the value when the
// shell needs it, so the output can be eval'ed.
func printEnv(w io.Writer, name, value string) {
	if strings.ContainsAny(value, " \t\n'\"\\$`!*?[]{}()<>|&;#~") || value == "" {
		value = "'" + strings.ReplaceAll(value, "'", `'\''`) + "'"
	}
	fmt.Fprintf(w, "export %s=%s\n", name, value)
}
