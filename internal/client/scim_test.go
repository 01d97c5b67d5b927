package client

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-log/tflogtest"
)

func oktaOptions() map[string]any {
	return map[string]any{"client_id": "cid", "domain": "example.okta.com"}
}

func TestSCIMConfigurationLifecycle(t *testing.T) {
	t.Parallel()
	env := newFamilyEnv(t)
	ctx := t.Context()
	id := env.connection("scim-okta", "okta", oktaOptions())

	if _, err := env.client.GetSCIMConfiguration(ctx, id); !IsNoSCIMConfiguration(err) || IsUnknownConnection(err) {
		t.Fatalf("before create: %v, want the bare 404 of no configuration", err)
	}
	created, err := env.client.CreateSCIMConfiguration(ctx, id, nil)
	if err != nil {
		t.Fatal(err)
	}
	if created.UserIDAttribute != "externalId" || len(created.Mapping) != 32 || created.Strategy != "okta" ||
		created.ConnectionName != "scim-okta" || created.TenantName == "" || created.UpdatedOn != created.CreatedAt {
		t.Errorf("created with defaults: %+v", created)
	}
	defaults, err := env.client.GetSCIMDefaultMapping(ctx, id)
	if err != nil || len(defaults) != 32 || defaults[0] != created.Mapping[0] {
		t.Errorf("default mapping %v (%v), want the 32 okta defaults the create stored", defaults, err)
	}
	if _, err := env.client.CreateSCIMConfiguration(ctx, id, nil); !IsAlreadyExists(err) {
		t.Errorf("second create: %v, want IsAlreadyExists", err)
	}

	settings := SCIMSettings{UserIDAttribute: "userName", Mapping: []SCIMMapping{{SCIM: "userName", Auth0: "username"}, {SCIM: "emails[primary eq true].value", Auth0: "email"}}}
	updated, err := env.client.UpdateSCIMConfiguration(ctx, id, settings)
	if err != nil {
		t.Fatal(err)
	}
	if !settings.sameAs(updated) || updated.CreatedAt != created.CreatedAt {
		t.Errorf("updated: %+v", updated)
	}
	read, err := env.client.GetSCIMConfiguration(ctx, id)
	if err != nil || !settings.sameAs(read) {
		t.Errorf("read back %+v, %v", read, err)
	}

	if err := env.client.DeleteSCIMConfiguration(ctx, id); err != nil {
		t.Fatal(err)
	}
	if err := env.client.DeleteSCIMConfiguration(ctx, id); err != nil {
		t.Errorf("a second delete: %v, want success", err)
	}
	if _, err := env.client.GetSCIMConfiguration(ctx, id); !IsNoSCIMConfiguration(err) {
		t.Errorf("after delete: %v", err)
	}
}

func TestSCIMConfigurationRefusals(t *testing.T) {
	t.Parallel()
	env := newFamilyEnv(t)
	ctx := t.Context()
	db := env.connection("scim-db", "auth0", map[string]any{})
	_, err := env.client.CreateSCIMConfiguration(ctx, db, nil)
	if !IsUnsupportedByStrategy(err) || IsNoSCIMConfiguration(err) || IsUnknownConnection(err) {
		t.Errorf("SCIM on a database connection: %v, want IsUnsupportedByStrategy only", err)
	}
	_, err = env.client.GetSCIMConfiguration(ctx, "con_doesnotexist0000")
	if !IsUnknownConnection(err) || IsNoSCIMConfiguration(err) {
		t.Errorf("SCIM of a missing connection: %v, want IsUnknownConnection only", err)
	}
}

// A create whose answer was lost is read back instead of sent again; when
// it was refused before it happened, it is sent again.
func TestCreateSCIMConfigurationUnknownOutcome(t *testing.T) {
	t.Parallel()
	settings := &SCIMSettings{UserIDAttribute: "userName", Mapping: []SCIMMapping{{SCIM: "userName", Auth0: "username"}}}
	eachUnknownOutcome(t, "/scim-configuration", func(t *testing.T, env *familyEnv) string {
		id := env.connection("scim-unknown", "okta", oktaOptions())
		cfg, err := env.client.CreateSCIMConfiguration(t.Context(), id, settings)
		if err != nil {
			t.Fatal(err)
		}
		if !settings.sameAs(cfg) {
			t.Errorf("result %+v", cfg)
		}
		return id
	})
}

func TestSCIMTokens(t *testing.T) {
	t.Parallel()
	env := newFamilyEnv(t, func(c *Config) { c.Debug = true })
	id := env.connection("scim-tokens", "waad", map[string]any{"client_id": "cid", "tenant_domain": "example.onmicrosoft.com", "waad_protocol": "openid-connect"})
	var logs bytes.Buffer
	ctx := tflogtest.RootLogger(t.Context(), &logs)
	if _, err := env.client.CreateSCIMToken(ctx, id, SCIMTokenRequest{Scopes: []string{"get:users"}}); !IsNoSCIMConfiguration(err) {
		t.Errorf("a token before the configuration: %v, want the bare 404", err)
	}
	if _, err := env.client.CreateSCIMConfiguration(ctx, id, nil); err != nil {
		t.Fatal(err)
	}
	first, err := env.client.CreateSCIMToken(ctx, id, SCIMTokenRequest{Scopes: []string{"post:users", "get:users"}})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(first.TokenID, "tok_") || len(first.Token) < 20 || strings.Join(first.Scopes, ",") != "post:users,get:users" || first.ValidUntil != "" {
		t.Errorf("token %+v", first)
	}
	second, err := env.client.CreateSCIMToken(ctx, id, SCIMTokenRequest{Scopes: []string{"get:users"}, TokenLifetime: 3600})
	if err != nil || second.ValidUntil == "" {
		t.Fatalf("an expiring token: %+v, %v", second, err)
	}
	if _, err := env.client.CreateSCIMToken(ctx, id, SCIMTokenRequest{}); !IsSCIMTokenLimit(err) {
		t.Errorf("a third token: %v, want the 409 of the token limit", err)
	}
	listed, err := env.client.ListSCIMTokens(ctx, id)
	if err != nil || len(listed) != 2 || listed[0].TokenID != first.TokenID || listed[0].Token != "" || listed[0].CreatedAt != first.CreatedAt {
		t.Errorf("listed %+v, %v", listed, err)
	}
	if err := env.client.DeleteSCIMToken(ctx, id, first.TokenID); err != nil {
		t.Fatal(err)
	}
	if err := env.client.DeleteSCIMToken(ctx, id, first.TokenID); !IsNotFound(err) {
		t.Errorf("deleting it again: %v, want 404", err)
	}
	for _, secret := range []string{first.Token, second.Token} {
		if strings.Contains(logs.String(), secret) {
			t.Errorf("a token secret is in the debug log")
		}
	}
	if !strings.Contains(logs.String(), first.TokenID) {
		t.Errorf("the debug log lacks the token id, so it logged no body at all")
	}
}

// oktaWithSCIM creates an okta connection with a SCIM configuration and
// returns its id.
func (e *familyEnv) oktaWithSCIM(name string) string {
	e.t.Helper()
	id := e.connection(name, "okta", oktaOptions())
	if _, err := e.client.CreateSCIMConfiguration(e.t.Context(), id, nil); err != nil {
		e.t.Fatal(err)
	}
	return id
}

// A token create whose answer is lost is not repeated: the error lists the
// connection's tokens so the orphan can be deleted.
func TestCreateSCIMTokenUnknownOutcome(t *testing.T) {
	t.Parallel()
	env := newFamilyEnv(t)
	ctx := t.Context()
	id := env.oktaWithSCIM("scim-token-lost")
	env.proxy.add(&tamperRule{method: "POST", path: pathRE("/scim-configuration/tokens"), times: 1, drop: true})
	_, err := env.client.CreateSCIMToken(ctx, id, SCIMTokenRequest{Scopes: []string{"get:users"}})
	var unknown *scimTokenUnknownError
	if !errors.As(err, &unknown) || len(unknown.Tokens) != 1 {
		t.Fatalf("error %v, want a scimTokenUnknownError listing the one token", err)
	}
	if msg := err.Error(); !strings.Contains(msg, unknown.Tokens[0].TokenID) || !strings.Contains(msg, "delete it") {
		t.Errorf("the message does not say which token to delete: %s", msg)
	}
	if n := env.proxy.count("POST", "/api/v2/connections/"+id+"/scim-configuration/tokens"); n != 1 {
		t.Errorf("%d token creates sent, want 1", n)
	}
}

// A token a SCIM client already uses must not be named as one to delete
// when a create fails without creating anything.
func TestCreateSCIMTokenUnknownOutcomeNamesOnlyNewTokens(t *testing.T) {
	t.Parallel()
	env := newFamilyEnv(t)
	ctx := t.Context()
	id := env.oktaWithSCIM("scim-token-in-use")
	inUse, err := env.client.CreateSCIMToken(ctx, id, SCIMTokenRequest{Scopes: []string{"get:users"}})
	if err != nil {
		t.Fatal(err)
	}
	env.proxy.add(&tamperRule{method: "POST", path: pathRE("/scim-configuration/tokens"), times: 1, fail: true})
	_, err = env.client.CreateSCIMToken(ctx, id, SCIMTokenRequest{Scopes: []string{"get:users"}})
	var unknown *scimTokenUnknownError
	if !errors.As(err, &unknown) {
		t.Fatalf("error %v, want a scimTokenUnknownError", err)
	}
	if msg := err.Error(); strings.Contains(msg, inUse.TokenID) || !strings.Contains(msg, "creating it again is safe") {
		t.Errorf("the message must not name the token in use, and must say a new create is safe: %s", msg)
	}

	// The comparison holds the other way: a token the lost answer created
	// is the one named.
	env.proxy.add(&tamperRule{method: "POST", path: pathRE("/scim-configuration/tokens"), times: 1, drop: true})
	_, err = env.client.CreateSCIMToken(ctx, id, SCIMTokenRequest{Scopes: []string{"get:users"}})
	if !errors.As(err, &unknown) || len(unknown.Tokens) != 1 || unknown.Tokens[0].TokenID == inUse.TokenID {
		t.Fatalf("error %v, want the one token the lost answer created", err)
	}
	if msg := err.Error(); strings.Contains(msg, inUse.TokenID) || !strings.Contains(msg, unknown.Tokens[0].TokenID+" (created") {
		t.Errorf("the message names the wrong tokens: %s", msg)
	}
}

func TestIsSCIMTokenLimit(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		err  error
		want bool
	}{
		{&APIError{StatusCode: 409, Err: "Conflict", Message: "Maximum of 2 tokens already issued for this connection"}, true},
		{fmt.Errorf("wrapped: %w", &APIError{StatusCode: 409}), true},
		{&APIError{StatusCode: 404, Message: "Not Found"}, false},
		{&APIError{StatusCode: 400, Message: "Payload validation error"}, false},
		{errors.New("connection reset"), false},
		{nil, false},
	} {
		if got := IsSCIMTokenLimit(tc.err); got != tc.want {
			t.Errorf("IsSCIMTokenLimit(%v) = %v, want %v", tc.err, got, tc.want)
		}
	}
}

func TestSCIMTokenLifetime(t *testing.T) {
	t.Parallel()
	for name, tc := range map[string]struct {
		createdAt, validUntil string
		want                  int64
	}{
		"does not expire":            {"2025-11-06T03:50:37.836Z", "", 0},
		"a year":                     {"2025-11-06T03:50:37.836Z", "2026-11-06T03:50:37.836Z", 31536000},
		"an hour, a millisecond off": {"2025-11-06T03:50:37.836Z", "2025-11-06T04:50:37.837Z", 3600},
		"another zone":               {"2025-11-06T03:50:37Z", "2025-11-06T05:05:37+01:00", 900},
		"unreadable created_at":      {"yesterday", "2026-11-06T03:50:37.836Z", 0},
		"unreadable valid_until":     {"2025-11-06T03:50:37.836Z", "never", 0},
		"valid_until before":         {"2025-11-06T03:50:37.836Z", "2025-11-06T03:50:36.836Z", 0},
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			tok := SCIMToken{CreatedAt: tc.createdAt, ValidUntil: tc.validUntil}
			if got := tok.Lifetime(); got != tc.want {
				t.Errorf("Lifetime() = %d, want %d", got, tc.want)
			}
		})
	}
}
