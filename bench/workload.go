package main

import (
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"fmt"
	"math/big"
	"sort"
	"strings"
	"time"
)

// strategyTemplate is one kind of connection in the benchmark's mix. In
// options and secrets, KEY stands for the instance key; var.rev is the
// option the "update options" step changes on every connection.
type strategyTemplate struct {
	resource string // resource block name
	strategy string
	options  string // HCL object body for jsonencode
	secrets  string // secret_options body, "" for none
}

// strategyMix is the round-robin mix of the generated connections: a
// database, social connections with client secrets, passwordless SMS with a
// Twilio token and email, and enterprise OIDC and SAML (with a signing
// certificate, the largest options).
var strategyMix = []strategyTemplate{
	{
		resource: "database", strategy: "auth0",
		options: `passwordPolicy = "good"
    brute_force_protection = true
    password_complexity_options = { min_length = 10 + var.rev }
    mfa = { active = true }`,
	},
	{
		resource: "google", strategy: "google-oauth2",
		options: `client_id = "bench-KEY-r${var.rev}.apps.googleusercontent.com"
    email = true
    profile = true`,
		secrets: `client_secret = "google-secret-KEY"`,
	},
	{
		resource: "github", strategy: "github",
		options: `client_id = "gh-KEY-r${var.rev}"
    email = true
    read_user = true`,
		secrets: `client_secret = "github-secret-KEY"`,
	},
	{
		resource: "sms", strategy: "sms",
		options: `from = "+15550100"
    syntax = "md_with_macros"
    template = "Your code is @@password@@ (r${var.rev})"
    twilio_sid = "AC0123456789abcdef0123456789abcdef"
    totp = { time_step = 300, length = 6 }`,
		secrets: `twilio_token = "twilio-token-KEY"`,
	},
	{
		resource: "email", strategy: "email",
		options: `from = "{{ application.name }} <noreply@example.com>"
    subject = "Your sign-in code (r${var.rev})"
    syntax = "liquid"
    body = "<html><body>Your code is {{ code }}</body></html>"`,
	},
	{
		resource: "oidc", strategy: "oidc",
		options: `type = "back_channel"
    client_id = "oidc-KEY-r${var.rev}"
    issuer = "https://idp-KEY.example/"
    authorization_endpoint = "https://idp-KEY.example/authorize"
    token_endpoint = "https://idp-KEY.example/token"
    jwks_uri = "https://idp-KEY.example/.well-known/jwks.json"
    scope = "openid profile email"`,
		secrets: `client_secret = "oidc-secret-KEY"`,
	},
	{
		resource: "saml", strategy: "samlp",
		options: `signInEndpoint = "https://idp-KEY.example/saml/sso/r${var.rev}"
    signingCert = local.saml_cert
    signatureAlgorithm = "rsa-sha256"
    digestAlgorithm = "sha256"`,
	},
}

// workloadConfig is the configuration of n connections named bench-0000…,
// strategies interleaved so every list page holds a mix. providerBlock is
// the provider's settings (rate_limit, batch_reads).
func workloadConfig(n int, providerSettings map[string]string, samlCert string) string {
	var b strings.Builder
	b.WriteString(`terraform {
  required_providers {
    auth0 = { source = "openauth0/auth0" }
  }
}

provider "auth0" {
`)
	keys := make([]string, 0, len(providerSettings))
	for k := range providerSettings {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		fmt.Fprintf(&b, "  %s = %s\n", k, providerSettings[k])
	}
	fmt.Fprintf(&b, `}

variable "rev" {
  type    = number
  default = 0
}

variable "dn" {
  type    = number
  default = 0
}

locals {
  saml_cert = <<-PEM
%sPEM
}
`, indent(samlCert, "    "))
	for s, tmpl := range strategyMix {
		keys := instanceKeys(n, s, len(strategyMix))
		if len(keys) == 0 {
			continue
		}
		fmt.Fprintf(&b, `
resource "auth0_connection" %q {
  for_each     = toset([%s])
  name         = "bench-${each.key}"
  strategy     = %q
  display_name = "Bench ${each.key} d${var.dn}"
  options = jsonencode({
    %s
  })
`, tmpl.resource, quoteAll(keys), tmpl.strategy, strings.ReplaceAll(tmpl.options, "KEY", "${each.key}"))
		if tmpl.secrets != "" {
			fmt.Fprintf(&b, "  secret_options = jsonencode({\n    %s\n  })\n", strings.ReplaceAll(tmpl.secrets, "KEY", "${each.key}"))
		}
		b.WriteString("}\n")
	}
	return b.String()
}

// instanceKeys are the keys of strategy s: every i < n with i mod m = s.
func instanceKeys(n, s, m int) []string {
	var keys []string
	for i := s; i < n; i += m {
		keys = append(keys, fmt.Sprintf("%04d", i))
	}
	return keys
}

func quoteAll(keys []string) string {
	q := make([]string, len(keys))
	for i, k := range keys {
		q[i] = fmt.Sprintf("%q", k)
	}
	return strings.Join(q, ", ")
}

func indent(text, prefix string) string {
	var b strings.Builder
	for _, line := range strings.SplitAfter(text, "\n") {
		if line != "" {
			b.WriteString(prefix + line)
		}
	}
	return b.String()
}

// selfSignedCert is a PEM certificate for the SAML connections, made fresh
// so the benchmark carries no key material.
func selfSignedCert() (string, error) {
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		return "", err
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1),
		Subject:      pkix.Name{CommonName: "bench-idp.example"},
		NotBefore:    time.Now().Add(-time.Hour),
		NotAfter:     time.Now().Add(365 * 24 * time.Hour),
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		return "", err
	}
	return string(pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der})), nil
}
