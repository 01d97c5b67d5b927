package client

import (
	"encoding/json"
	"testing"
)

func roles(keys []ConnectionKey) []string {
	out := make([]string, len(keys))
	for i, k := range keys {
		switch {
		case k.Current:
			out[i] = "current"
		case k.Previous:
			out[i] = "previous"
		case k.Next:
			out[i] = "next"
		}
	}
	return out
}

func mustListKeys(t *testing.T, c *Client, id string) []ConnectionKey {
	t.Helper()
	keys, err := c.ListConnectionKeys(t.Context(), id)
	if err != nil {
		t.Fatal(err)
	}
	return keys
}

// checkOneRotation checks that exactly one rotation took the ring from
// before to after and made fresh the new next key.
func checkOneRotation(t *testing.T, before, after []ConnectionKey, fresh *ConnectionKey) {
	t.Helper()
	if got := roles(after); len(got) != 3 || got[0] != "current" || got[1] != "previous" || got[2] != "next" {
		t.Fatalf("after one rotation the roles are %v", got)
	}
	if after[0].KID != before[1].KID || after[1].KID != before[0].KID {
		t.Errorf("not exactly one rotation: before %v, after %v", kids(before), kids(after))
	}
	if *fresh != after[2] {
		t.Errorf("returned key %+v, the listed next key is %+v", *fresh, after[2])
	}
}

func kids(keys []ConnectionKey) []string {
	out := make([]string, len(keys))
	for i, k := range keys {
		out[i] = k.KID
	}
	return out
}

func TestRotateConnectionKeys(t *testing.T) {
	t.Parallel()
	env := newFamilyEnv(t)
	id := env.oidcPrivateKeyJWT("rotate-full")
	before := mustListKeys(t, env.client, id)
	if got := roles(before); len(got) != 2 || got[0] != "current" || got[1] != "next" {
		t.Fatalf("a private_key_jwt connection starts with current and next, got %v", got)
	}
	fresh, err := env.client.RotateConnectionKeys(t.Context(), id)
	if err != nil {
		t.Fatal(err)
	}
	if !fresh.complete() || fresh.SubjectDN != "/CN=rotate-full" || fresh.KeyUse != "signing" {
		t.Errorf("rotated key is not complete: %+v", fresh)
	}
	checkOneRotation(t, before, mustListKeys(t, env.client, id), fresh)
	// One list to know the ring before, one rotation; the answer was full.
	if n := env.proxy.count("GET", "/api/v2/connections/"+id+"/keys"); n != 3 {
		t.Errorf("%d key listings, want 3 (the test's two and the rotation's one)", n)
	}
}

// The 2025 API answered a rotation with only the new key's kid and cert;
// the rest is read from the list.
func TestRotateConnectionKeysBareAnswer(t *testing.T) {
	t.Parallel()
	env := newFamilyEnv(t)
	id := env.oidcPrivateKeyJWT("rotate-bare")
	env.proxy.add(&tamperRule{method: "POST", path: pathRE("/keys/rotate"), times: 1, rewrite: func(body []byte) []byte {
		var k map[string]any
		_ = json.Unmarshal(body, &k)
		out, _ := json.Marshal(map[string]any{"kid": k["kid"], "cert": k["cert"]})
		return out
	}})
	before := mustListKeys(t, env.client, id)
	fresh, err := env.client.RotateConnectionKeys(t.Context(), id)
	if err != nil {
		t.Fatal(err)
	}
	if !fresh.complete() || !fresh.Next {
		t.Errorf("the bare answer was not completed from the list: %+v", fresh)
	}
	checkOneRotation(t, before, mustListKeys(t, env.client, id), fresh)
}

// A rotation answered 2xx happened, even when the answer names no key: the
// list's new next key is its result, and it is not sent again.
func TestRotateConnectionKeysAnswerWithoutKey(t *testing.T) {
	t.Parallel()
	env := newFamilyEnv(t)
	id := env.oidcPrivateKeyJWT("rotate-no-kid")
	env.proxy.add(&tamperRule{method: "POST", path: pathRE("/keys/rotate"), times: 1, rewrite: func([]byte) []byte { return []byte(`{}`) }})
	before := mustListKeys(t, env.client, id)
	fresh, err := env.client.RotateConnectionKeys(t.Context(), id)
	if err != nil {
		t.Fatal(err)
	}
	checkOneRotation(t, before, mustListKeys(t, env.client, id), fresh)
	if n := env.proxy.count("POST", "/api/v2/connections/"+id+"/keys/rotate"); n != 1 {
		t.Errorf("%d rotations sent, want 1", n)
	}
}

// A rotation whose answer is lost is not sent again when the list shows it
// happened; one refused before it happened (503) is.
func TestRotateConnectionKeysUnknownOutcome(t *testing.T) {
	t.Parallel()
	eachUnknownOutcome(t, "/keys/rotate", func(t *testing.T, env *familyEnv) string {
		id := env.oidcPrivateKeyJWT("rotate-unknown")
		before := mustListKeys(t, env.client, id)
		fresh, err := env.client.RotateConnectionKeys(t.Context(), id)
		if err != nil {
			t.Fatal(err)
		}
		checkOneRotation(t, before, mustListKeys(t, env.client, id), fresh)
		return id
	})
}

func TestRotateConnectionKeysRefusals(t *testing.T) {
	t.Parallel()
	env := newFamilyEnv(t)
	ctx := t.Context()
	db := env.connection("keys-db", "auth0", map[string]any{})
	if _, err := env.client.RotateConnectionKeys(ctx, db); !IsUnsupportedByStrategy(err) {
		t.Errorf("rotation on a database connection: %v, want IsUnsupportedByStrategy", err)
	}
	secret := env.connection("keys-secret", "oidc", map[string]any{"client_id": "cid", "issuer": "https://idp.example.com", "type": "front_channel"})
	if _, err := env.client.RotateConnectionKeys(ctx, secret); !IsPrivateKeyJWTRequired(err) {
		t.Errorf("rotation without private_key_jwt: %v, want IsPrivateKeyJWTRequired", err)
	}
	if _, err := env.client.RotateConnectionKeys(ctx, "con_doesnotexist0000"); !IsUnknownConnection(err) {
		t.Errorf("rotation on a missing connection: %v, want IsUnknownConnection", err)
	}
}
