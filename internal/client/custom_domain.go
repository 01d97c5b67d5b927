package client

import (
	"fmt"
	"regexp"
	"strings"
)

// headerCustomDomain tells Auth0 which of the tenant's custom domains to use
// in the links it generates (verification emails, tickets, invitations).
const headerCustomDomain = "Auth0-Custom-Domain"

// customDomainPaths are the Management API endpoints Auth0 honours the
// Auth0-Custom-Domain header on: the ones that send emails or return links
// to the tenant. It is the list go-auth0 sends the header to (and so the
// official provider). None of the connection endpoints is on it: Auth0
// documents no use of the header there, so a provider that manages
// connections never sends it; the table makes that a rule, not an accident.
var customDomainPaths = []*regexp.Regexp{
	regexp.MustCompile(`^/api/v2/jobs/verification-email$`),
	regexp.MustCompile(`^/api/v2/tickets/email-verification$`),
	regexp.MustCompile(`^/api/v2/tickets/password-change$`),
	regexp.MustCompile(`^/api/v2/organizations/[^/]+/invitations$`),
	regexp.MustCompile(`^/api/v2/users$`),
	regexp.MustCompile(`^/api/v2/users/[^/]+$`),
	regexp.MustCompile(`^/api/v2/guardian/enrollments/ticket$`),
	regexp.MustCompile(`^/api/v2/self-service-profiles/[^/]+/sso-ticket$`),
}

// customDomainApplies says whether a request to path (below the host,
// /api/v2 included) carries the Auth0-Custom-Domain header.
func customDomainApplies(path string) bool {
	for _, p := range customDomainPaths {
		if p.MatchString(path) {
			return true
		}
	}
	return false
}

// checkCustomDomainHeader: the header names one of the tenant's custom
// domains, a bare host name such as "login.example.com".
func checkCustomDomainHeader(cfg Config) error {
	h := cfg.CustomDomainHeader
	if h == "" {
		return nil
	}
	var problem string
	switch {
	case strings.Contains(h, "://"):
		problem = "without a scheme"
	case strings.ContainsAny(h, "/?#@"):
		problem = "without a path, query or user information"
	case strings.TrimSpace(h) != h || strings.ContainsFunc(h, func(r rune) bool { return r <= ' ' || r == 0x7f }):
		problem = "without spaces or control characters"
	case strings.Contains(h, ":"):
		problem = "without a port"
	default:
		return nil
	}
	return &SettingError{Setting: SettingCustomDomainHeader, Summary: "Invalid custom domain header",
		Detail: fmt.Sprintf("custom_domain_header must be one of the tenant's custom domains as a bare host name such as \"login.example.com\", %s; got %q.", problem, h)}
}
