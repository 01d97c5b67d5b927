package emulator

import (
	"fmt"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/openauth0/terraform-provider-auth0/internal/recorded"
)

// The conformance test replays the recorded real Auth0 exchanges (the
// team's recorded-exchanges.jsonl, read through internal/recorded) against
// the emulator and compares status codes, errorCodes and key sets. It
// reports two match rates: the connection endpoints' and the connection
// sub-resources' (keys, status, SCIM, directory provisioning).
//
// Per recording file, in interaction order, on a fresh emulator whose
// tenant domain is the recording's (so names never clash across files):
//   - recorded connection and SCIM token ids are mapped to the ids the
//     emulator assigns; client ids are mapped to clients created on first
//     sight;
//   - connections the recording uses but did not create (pre-existing in the
//     tenant) are seeded from the recorded body before the exchange.
//
// What is compared: the status; the errorCode when the recording has one;
// the key sets of objects, recursively, and the values of leaves, except
//   - keys derived from the network or a certificate (ignoredOptionKeys),
//   - keys whose presence changed between API versions and that the
//     emulator adds (eraKeys, eraKeysByRoute) when the recording predates
//     them,
//   - sub-objects whose content changed between versions (volatileSubtrees),
//   - values that cannot be equal: generated ids, secrets, timestamps,
//     cursors, ciphertexts, key material (unequalValues),
//   - values the recorders rewrote (recordedRewrites): the tenant name.

// subresourceRE matches the connection sub-resources, whose match rate is
// reported apart from the connection endpoints'.
var subresourceRE = regexp.MustCompile(`/connections/[^/]+/(keys|status|scim-configuration|directory-provisioning)`)

var (
	recordedConnIDRE   = regexp.MustCompile(`con_[A-Za-z0-9]{16}`)
	recordedTokenIDRE  = regexp.MustCompile(`^tok_[A-Za-z0-9]{16}$`)
	recordedClientIDRE = regexp.MustCompile(`^[A-Za-z0-9]{32}$`)
)

// Comparison rules (see the file comment).
var (
	ignoredOptionKeys = map[string]bool{
		"oidc_metadata": true, "cert": true, "expires": true, "subject": true, "thumbprints": true,
		"signingCert": true, "signInEndpoint": true, "signOutEndpoint": true, "bindingMethod": true,
		"authorization_endpoint": true, "token_endpoint": true, "userinfo_endpoint": true,
		"jwks_uri": true, "issuer": true,
	}
	eraKeys = map[string]bool{
		// top level
		"authentication": true, "connected_accounts": true, "enabled_clients": true,
		// options
		"authentication_methods": true, "passkey_options": true,
		// OIDC/Okta defaults added in 2024-2025 (attribute mapping, PKCE,
		// schema version); older recordings predate them.
		"schema_version": true, "attribute_map": true, "connection_settings": true,
		// SAML assertion decryption defaults, added in 2026.
		"assertion_decryption_settings": true,
	}
	// eraKeysByRoute are era keys of one route: the 2025 key rotation
	// answered only {kid, cert}; newer API versions answer the whole key,
	// as the emulator does.
	eraKeysByRoute = map[string]map[string]bool{
		"POST /api/v2/connections/{id}/keys/rotate": {
			"algorithm": true, "key_use": true, "subject_dn": true, "fingerprint": true,
			"thumbprint": true, "pkcs": true, "next": true,
		},
	}
	volatileSubtrees = map[string]bool{
		"options.authentication_methods": true, "options.passkey_options": true,
		"options.oidc_metadata": true, "options.subject": true,
	}
	// unequalValues are leaves whose values legitimately differ: generated
	// ids and secrets, timestamps, cursors, ciphertexts, tenant-specific
	// URLs and key material.
	unequalValues = map[string]bool{
		"id": true, "client_id": true, "token_id": true, "token": true,
		"deleted_at": true, "created_at": true, "updated_on": true, "updated_at": true, "current_since": true,
		"next": true, "provisioning_ticket_url": true, "enabled_clients": true,
		"options.configuration": true, "options.app_domain": true,
		"kid": true, "cert": true, "pkcs": true, "fingerprint": true, "thumbprint": true,
	}
	// recordedRewrites undo what the recorders did to a recorded value
	// before it is compared: they replaced the tenant label in every body
	// with a whole domain (go-auth0-dev.eu.auth0.com), so only the first
	// label is the tenant name the server sent.
	recordedRewrites = map[string]func(any) any{
		"tenant_name": func(v any) any {
			s, _ := v.(string)
			return tenantName(s)
		},
	}
)

// minConformance is the match rate each family must reach.
const minConformance = 0.95

// tally counts one family's comparable exchanges and their differences.
type tally struct {
	name                string
	comparable, matched int
	diffCount           map[string]int
	examples            []string
}

func (t *tally) rate() float64 {
	if t.comparable == 0 {
		return 0
	}
	return float64(t.matched) / float64(t.comparable)
}

func (t *tally) summary() string {
	return fmt.Sprintf("%s: %d/%d (%.1f%%) of the comparable exchanges match", t.name, t.matched, t.comparable, 100*t.rate())
}

// topDifferences lists the most common differences, most frequent first.
func (t *tally) topDifferences(n int) string {
	type kv struct {
		k string
		n int
	}
	var top []kv
	for k, n := range t.diffCount {
		top = append(top, kv{k, n})
	}
	sort.Slice(top, func(i, j int) bool {
		if top[i].n != top[j].n {
			return top[i].n > top[j].n
		}
		return top[i].k < top[j].k
	})
	var b strings.Builder
	fmt.Fprintf(&b, "%s: most common differences:\n", t.name)
	if len(top) == 0 {
		b.WriteString("  none\n")
	}
	for i, e := range top {
		if i == n {
			break
		}
		fmt.Fprintf(&b, "  %4d  %s\n", e.n, e.k)
	}
	return b.String()
}

func TestConformanceWithRecordedExchanges(t *testing.T) {
	byFile := recorded.ByFile(recorded.Load(t))
	files := make([]string, 0, len(byFile))
	for f := range byFile {
		files = append(files, f)
	}
	sort.Strings(files)

	connections := &tally{name: "connections", diffCount: map[string]int{}}
	subresources := &tally{name: "sub-resources", diffCount: map[string]int{}}
	var total, seeded int
	for _, f := range files {
		xs := byFile[f]
		rp := newReplayer(t, xs)
		for _, x := range xs {
			total++
			family := connections
			if subresourceRE.MatchString(urlPath(x.URL)) {
				family = subresources
			}
			o := rp.replay(x)
			if !o.comparable {
				continue
			}
			family.comparable++
			if o.match {
				family.matched++
				continue
			}
			for _, d := range o.diffs {
				family.diffCount[d]++
			}
			family.examples = append(family.examples, fmt.Sprintf("%s#%d %s %s: %s %s", shortFile(f), x.Interaction, x.Method, routeTemplate(urlPath(x.URL)), strings.Join(o.diffs, "; "), o.detail))
		}
		seeded += rp.seeded
		rp.srv.Close()
	}

	t.Log(connections.summary())
	t.Log(subresources.summary())
	t.Logf("%d exchanges in %d recordings, %d not comparable; %d connections seeded as pre-existing",
		total, len(files), total-connections.comparable-subresources.comparable, seeded)
	for _, family := range []*tally{connections, subresources} {
		t.Log(family.topDifferences(25))
		if testing.Verbose() && len(family.examples) > 0 {
			t.Logf("%s: mismatched exchanges:\n  %s", family.name, strings.Join(family.examples, "\n  "))
		}
	}
	for _, family := range []*tally{connections, subresources} {
		if family.rate() < minConformance {
			t.Errorf("%s conformance %.1f%% is below %.0f%%", family.name, 100*family.rate(), 100*minConformance)
		}
	}
}

func shortFile(f string) string {
	if i := strings.LastIndex(f, "recordings/"); i >= 0 {
		return f[i+len("recordings/"):]
	}
	return f
}
