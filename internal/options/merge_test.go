package options

import (
	"slices"
	"strings"
	"testing"
)

// obj parses a JSON object literal for tables; "" is a nil Object.
func jo(t testing.TB, s string) Object {
	t.Helper()
	if s == "" {
		return nil
	}
	return mustParse(t, s)
}

func assertJSON(t *testing.T, what string, got Object, want string) {
	t.Helper()
	if !Equal(got, mustParse(t, want)) {
		t.Errorf("%s:\n got  %s\n want %s", what, Encode(got), Encode(mustParse(t, want)))
	}
}

func TestMerge(t *testing.T) {
	tests := []struct {
		name, strategy, live, prior, desired, want string
	}{
		{
			name:     "a key added in the dashboard survives an apply that changes a managed key",
			strategy: "auth0",
			live:     `{"passwordPolicy":"good","brute_force_protection":true,"dashboard_only":"keep me"}`,
			prior:    `{"passwordPolicy":"good"}`,
			desired:  `{"passwordPolicy":"excellent"}`,
			want:     `{"passwordPolicy":"excellent","brute_force_protection":true,"dashboard_only":"keep me"}`,
		},
		{
			name:     "a key removed from the configuration is deleted",
			strategy: "auth0",
			live:     `{"passwordPolicy":"good","disable_signup":true,"mfa":{"active":true}}`,
			prior:    `{"passwordPolicy":"good","disable_signup":true}`,
			desired:  `{"passwordPolicy":"good"}`,
			want:     `{"passwordPolicy":"good","mfa":{"active":true}}`,
		},
		{
			name:     "null in the configuration deletes the key even when it was never managed",
			strategy: "auth0",
			live:     `{"passwordPolicy":"good","import_mode":false}`,
			prior:    ``,
			desired:  `{"import_mode":null}`,
			want:     `{"passwordPolicy":"good"}`,
		},
		{
			name:     "null of a key the server lacks is a no-op",
			strategy: "auth0",
			live:     `{"a":1}`,
			prior:    ``,
			desired:  `{"b":null,"c":{"d":null}}`,
			want:     `{"a":1,"c":{}}`,
		},
		{
			name:     "upstream_params entry switching value to alias is replaced whole",
			strategy: "twitter",
			live:     `{"upstream_params":{"screen_name":{"value":"me"},"lang":{"value":"en"}},"profile":true}`,
			prior:    `{"upstream_params":{"screen_name":{"value":"me"}}}`,
			desired:  `{"upstream_params":{"screen_name":{"alias":"login_hint"}}}`,
			want:     `{"upstream_params":{"screen_name":{"alias":"login_hint"},"lang":{"value":"en"}},"profile":true}`,
		},
		{
			name:     "a removed upstream_params entry goes, other entries stay",
			strategy: "github",
			live:     `{"upstream_params":{"a":{"value":"1"},"b":{"alias":"prompt"}}}`,
			prior:    `{"upstream_params":{"a":{"value":"1"},"b":{"alias":"prompt"}}}`,
			desired:  `{"upstream_params":{"b":{"alias":"prompt"}}}`,
			want:     `{"upstream_params":{"b":{"alias":"prompt"}}}`,
		},
		{
			name:     "encrypted configuration: unmanaged ciphertext kept, managed value sent in plaintext",
			strategy: "auth0",
			live:     `{"configuration":{"API_KEY":"CkIKIIzm-old","DASHBOARD":"CkIKIQq-other"}}`,
			prior:    `{"configuration":{"API_KEY":"old"}}`,
			desired:  `{"configuration":{"API_KEY":"new"}}`,
			want:     `{"configuration":{"API_KEY":"new","DASHBOARD":"CkIKIQq-other"}}`,
		},
		{
			name:     "encrypted configuration key removed from the configuration is deleted",
			strategy: "auth0",
			live:     `{"configuration":{"API_KEY":"CkIK-a","OTHER":"CkIK-b"}}`,
			prior:    `{"configuration":{"API_KEY":"a","OTHER":"b"}}`,
			desired:  `{"configuration":{"OTHER":"b"}}`,
			want:     `{"configuration":{"OTHER":"b"}}`,
		},
		{
			name:     "pruning: a parent emptied by the deletion goes too",
			strategy: "auth0",
			live:     `{"mfa":{"active":true},"passwordPolicy":"good"}`,
			prior:    `{"mfa":{"active":true}}`,
			desired:  `{}`,
			want:     `{"passwordPolicy":"good"}`,
		},
		{
			name:     "pruning is recursive",
			strategy: "auth0",
			live:     `{"a":{"b":{"c":1}},"z":0}`,
			prior:    `{"a":{"b":{"c":1}}}`,
			desired:  `{}`,
			want:     `{"z":0}`,
		},
		{
			name:     "pruning stops at a parent with unmanaged keys",
			strategy: "auth0",
			live:     `{"mfa":{"active":true,"return_enroll_settings":true}}`,
			prior:    `{"mfa":{"active":true}}`,
			desired:  `{}`,
			want:     `{"mfa":{"return_enroll_settings":true}}`,
		},
		{
			name:     "pruning stops at a parent the configuration still has",
			strategy: "auth0",
			live:     `{"mfa":{"active":true}}`,
			prior:    `{"mfa":{"active":true}}`,
			desired:  `{"mfa":{}}`,
			want:     `{"mfa":{}}`,
		},
		{
			name:     "an object that was already empty on the server is not pruned",
			strategy: "auth0",
			live:     `{"customScripts":{},"x":1}`,
			prior:    `{"x":1}`,
			desired:  `{}`,
			want:     `{"customScripts":{}}`,
		},
		{
			name:     "a removed empty object is a leaf and is deleted with what the server put in it",
			strategy: "auth0",
			live:     `{"mfa":{"active":true}}`,
			prior:    `{"mfa":{}}`,
			desired:  `{}`,
			want:     `{}`,
		},
		{
			name:     "objects merge recursively, arrays replace",
			strategy: "auth0",
			live:     `{"mfa":{"active":true,"return_enroll_settings":true},"precedence":["email","username","phone_number"]}`,
			prior:    `{}`,
			desired:  `{"mfa":{"active":false},"precedence":["username","email","phone_number"]}`,
			want:     `{"mfa":{"active":false,"return_enroll_settings":true},"precedence":["username","email","phone_number"]}`,
		},
		{
			name:     "an array shrinks as a whole",
			strategy: "auth0",
			live:     `{"non_persistent_attrs":["a","b","c"]}`,
			prior:    `{"non_persistent_attrs":["a","b","c"]}`,
			desired:  `{"non_persistent_attrs":["a"]}`,
			want:     `{"non_persistent_attrs":["a"]}`,
		},
		{
			name:     "a scalar becomes an object and back",
			strategy: "auth0",
			live:     `{"a":5,"b":{"x":1,"y":2}}`,
			prior:    `{"a":5,"b":{"x":1}}`,
			desired:  `{"a":{"k":true},"b":7}`,
			want:     `{"a":{"k":true},"b":7}`,
		},
		{
			name:     "secrets from secret_options merge like any key",
			strategy: "samlp",
			live:     `{"signing_key":{"key":"OLD","cert":"C"},"signInEndpoint":"https://idp"}`,
			prior:    `{"signing_key":{"key":"OLD","cert":"C"}}`,
			desired:  `{"signing_key":{"key":"NEW","cert":"C"}}`,
			want:     `{"signing_key":{"key":"NEW","cert":"C"},"signInEndpoint":"https://idp"}`,
		},
		{
			name:     "omitting options altogether manages nothing and deletes nothing",
			strategy: "auth0",
			live:     `{"passwordPolicy":"good","mfa":{"active":true}}`,
			prior:    ``,
			desired:  ``,
			want:     `{"passwordPolicy":"good","mfa":{"active":true}}`,
		},
		{
			name:     "create: merging into nothing drops configured nulls",
			strategy: "auth0",
			live:     `{}`,
			prior:    ``,
			desired:  `{"passwordPolicy":"fair","import_mode":null,"mfa":{"active":true,"x":null}}`,
			want:     `{"passwordPolicy":"fair","mfa":{"active":true}}`,
		},
		{
			name:     "deleting under a key that is not an object on the server is a no-op",
			strategy: "auth0",
			live:     `{"mfa":"weird"}`,
			prior:    `{"mfa":{"active":true}}`,
			desired:  `{}`,
			want:     `{"mfa":"weird"}`,
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			live, prior, desired := jo(t, tc.live), jo(t, tc.prior), jo(t, tc.desired)
			before := Encode(live) + Encode(prior) + Encode(desired)
			r := RulesFor(tc.strategy)
			got := Merge(live, prior, desired, r)
			assertJSON(t, "merged", got, tc.want)
			if after := Encode(live) + Encode(prior) + Encode(desired); after != before {
				t.Error("Merge modified its inputs")
			}
			// Merging again with the new configuration as prior changes nothing.
			assertJSON(t, "merged twice", Merge(got, desired, desired, r), tc.want)
		})
	}
}

func TestMergeDoesNotAliasInputs(t *testing.T) {
	live := jo(t, `{"a":{"b":[1]}}`)
	desired := jo(t, `{"c":{"d":[2]}}`)
	got := Merge(live, nil, desired, Rules{})
	got["a"].(Object)["b"].([]any)[0] = "x"
	got["c"].(Object)["d"].([]any)[0] = "y"
	if Encode(live) != `{"a":{"b":[1]}}` || Encode(desired) != `{"c":{"d":[2]}}` {
		t.Fatalf("result shares memory with inputs: live %s desired %s", Encode(live), Encode(desired))
	}
}

func TestProject(t *testing.T) {
	tests := []struct {
		name, strategy, server, managed, want string
	}{
		{
			name:     "unmanaged server keys never appear",
			strategy: "auth0",
			server:   `{"passwordPolicy":"good","brute_force_protection":true,"mfa":{"active":true,"return_enroll_settings":true}}`,
			managed:  `{"passwordPolicy":"good","mfa":{"active":true}}`,
			want:     `{"passwordPolicy":"good","mfa":{"active":true}}`,
		},
		{
			name:     "drift on a managed key shows",
			strategy: "auth0",
			server:   `{"passwordPolicy":"low"}`,
			managed:  `{"passwordPolicy":"good"}`,
			want:     `{"passwordPolicy":"low"}`,
		},
		{
			name:     "a managed key deleted on the server is absent",
			strategy: "auth0",
			server:   `{"x":1}`,
			managed:  `{"passwordPolicy":"good","mfa":{"active":true}}`,
			want:     `{}`,
		},
		{
			name:     "a managed null stays null when the server lacks the key",
			strategy: "auth0",
			server:   `{"x":1}`,
			managed:  `{"import_mode":null}`,
			want:     `{"import_mode":null}`,
		},
		{
			name:     "a managed null shows the server's value when the key came back",
			strategy: "auth0",
			server:   `{"import_mode":true}`,
			managed:  `{"import_mode":null}`,
			want:     `{"import_mode":true}`,
		},
		{
			name:     "an empty managed object projects to {} when the server has an object",
			strategy: "auth0",
			server:   `{"mfa":{"active":true}}`,
			managed:  `{"mfa":{},"customScripts":{}}`,
			want:     `{"mfa":{}}`,
		},
		{
			name:     "arrays are leaves taken whole",
			strategy: "auth0",
			server:   `{"precedence":["email","username","phone_number"]}`,
			managed:  `{"precedence":["username","email","phone_number"]}`,
			want:     `{"precedence":["email","username","phone_number"]}`,
		},
		{
			name:     "atomic upstream entry takes the server's whole value",
			strategy: "github",
			server:   `{"upstream_params":{"a":{"value":"1","extra":true},"b":{"alias":"prompt"}}}`,
			managed:  `{"upstream_params":{"a":{"value":"1"}}}`,
			want:     `{"upstream_params":{"a":{"value":"1","extra":true}}}`,
		},
		{
			name:     "a managed object where the server has a scalar shows the scalar",
			strategy: "auth0",
			server:   `{"mfa":true}`,
			managed:  `{"mfa":{"active":true}}`,
			want:     `{"mfa":true}`,
		},
		{
			name:     "encrypted configuration values keep the managed value while the server has the key",
			strategy: "auth0",
			server:   `{"configuration":{"API_KEY":"CkIKIIzm-fresh-ciphertext","OTHER":"CkIK-x"}}`,
			managed:  `{"configuration":{"API_KEY":"plaintext","GONE":"deleted out of band"}}`,
			want:     `{"configuration":{"API_KEY":"plaintext"}}`,
		},
		{
			name:     "a derived key the user configured keeps the configured value",
			strategy: "okta",
			server:   `{"authorization_endpoint":"https://domain.okta.com/oauth2/v1/authorize","domain":"domain.okta.com"}`,
			managed:  `{"authorization_endpoint":"https://example.com","domain":"domain.okta.com"}`,
			want:     `{"authorization_endpoint":"https://example.com","domain":"domain.okta.com"}`,
		},
		{
			name:     "a consumed key keeps the configured value though the server never returns it",
			strategy: "samlp",
			server:   `{"signInEndpoint":"https://from-metadata","cert":"C"}`,
			managed:  `{"metadataXml":"<EntityDescriptor/>"}`,
			want:     `{"metadataXml":"<EntityDescriptor/>"}`,
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			server, managed := jo(t, tc.server), jo(t, tc.managed)
			got := Project(server, managed, RulesFor(tc.strategy))
			assertJSON(t, "projected", got, tc.want)
			got["mutate"] = true
			if _, leaked := server["mutate"]; leaked {
				t.Error("Project aliases the server object")
			}
		})
	}
	if Project(jo(t, `{"a":1}`), nil, Rules{}) != nil {
		t.Error("projecting onto no managed tree should give nil")
	}
}

// A worked example end to end: update, state, next plan.
func TestMergeWorkedExample(t *testing.T) {
	r := RulesFor("auth0")
	// Created with passwordPolicy and mfa.active; the server added defaults;
	// someone added a key in the dashboard.
	live := jo(t, `{"passwordPolicy":"good","mfa":{"active":true,"return_enroll_settings":true},
		"brute_force_protection":true,"strategy_version":2,"dashboard_key":"x"}`)
	prior := jo(t, `{"passwordPolicy":"good","mfa":{"active":true}}`)
	// The user changes passwordPolicy and stops managing mfa.
	desired := jo(t, `{"passwordPolicy":"excellent"}`)

	merged := Merge(live, prior, desired, r)
	assertJSON(t, "PATCH body options", merged,
		`{"passwordPolicy":"excellent","mfa":{"return_enroll_settings":true},"brute_force_protection":true,"strategy_version":2,"dashboard_key":"x"}`)

	// The server re-applies defaults after the PATCH; state is the projection.
	after := Clone(merged)
	after["passkey_options"] = Object{"challenge_ui": "both"}
	state := Project(after, desired, r)
	assertJSON(t, "state", state, `{"passwordPolicy":"excellent"}`)

	// Unmanaged drift gives an empty plan; managed drift shows.
	after["dashboard_key"] = "changed"
	assertJSON(t, "unmanaged drift", Project(after, desired, r), `{"passwordPolicy":"excellent"}`)
	after["passwordPolicy"] = "low"
	assertJSON(t, "managed drift", Project(after, desired, r), `{"passwordPolicy":"low"}`)
}

func TestLeafPaths(t *testing.T) {
	o := jo(t, `{"b":{"y":1,"x":{}},"a":[1,{"k":1}],"upstream_params":{"p":{"value":"v"}},"n":null}`)
	var got []string
	for _, p := range LeafPaths(o, RulesFor("github")) {
		got = append(got, p.String())
	}
	want := "a b.x b.y n upstream_params.p"
	if strings.Join(got, " ") != want {
		t.Fatalf("got %v, want %s", got, want)
	}
	if LeafPaths(nil, Rules{}) != nil {
		t.Error("no leaves expected for nil")
	}
	if n := len(LeafPaths(jo(t, `{"upstream_params":{"p":{"value":"v"}}}`), Rules{})); n != 1 {
		t.Errorf("zero Rules: %d leaves, want the atomic entry as one", n)
	}
}

func TestUnion(t *testing.T) {
	tests := []struct {
		name, a, b, want, err string
	}{
		{"disjoint", `{"a":1}`, `{"b":2}`, `{"a":1,"b":2}`, ""},
		{"objects merge", `{"signing_key":{"cert":"C"}}`, `{"signing_key":{"key":"K"}}`, `{"signing_key":{"cert":"C","key":"K"}}`, ""},
		{"nil sides", ``, `{"a":1}`, `{"a":1}`, ""},
		{"both nil", ``, ``, `{}`, ""},
		{"leaf conflict", `{"client_secret":"a"}`, `{"client_secret":"a"}`, "", "client_secret is set in both"},
		{"nested conflict", `{"mfa":{"active":true}}`, `{"mfa":{"active":false}}`, "", "mfa.active is set in both"},
		{"object vs scalar", `{"mfa":{"active":true}}`, `{"mfa":null}`, "", "mfa is set in both"},
		{"upstream entries are atomic", `{"upstream_params":{"p":{"value":"v"}}}`, `{"upstream_params":{"p":{"alias":"prompt"}}}`, "", "upstream_params.p is set in both"},
		{"distinct upstream entries join", `{"upstream_params":{"p":{"value":"v"}}}`, `{"upstream_params":{"q":{"alias":"prompt"}}}`,
			`{"upstream_params":{"p":{"value":"v"},"q":{"alias":"prompt"}}}`, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			a, b := jo(t, tc.a), jo(t, tc.b)
			got, err := Union(a, b)
			if tc.err != "" {
				if err == nil || err.Error() != tc.err {
					t.Fatalf("error %v, want %q", err, tc.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			assertJSON(t, "union", got, tc.want)
			got["new"] = 1
			if a != nil && a["new"] != nil {
				t.Error("Union aliases its input")
			}
		})
	}
}

func TestSplitSecrets(t *testing.T) {
	tests := []struct {
		name, strategy, in, public, secret string
	}{
		{"social", "github", `{"client_id":"id","client_secret":"s","email":true}`, `{"client_id":"id","email":true}`, `{"client_secret":"s"}`},
		{"pairs split member by member", "samlp", `{"signing_key":{"cert":"C","key":"K"},"decryptionKey":{"key":"D"}}`,
			`{"signing_key":{"cert":"C"}}`, `{"signing_key":{"key":"K"},"decryptionKey":{"key":"D"}}`},
		{"configuration moves whole", "auth0", `{"configuration":{"A":"1"},"customScripts":{"login":"x"}}`,
			`{"customScripts":{"login":"x"}}`, `{"configuration":{"A":"1"}}`},
		{"sms", "sms", `{"twilio_token":"t","gateway_authentication":{"method":"bearer","secret":"g"},"from":"+1"}`,
			`{"gateway_authentication":{"method":"bearer"},"from":"+1"}`, `{"twilio_token":"t","gateway_authentication":{"secret":"g"}}`},
		{"empty objects stay public", "auth0", `{"mfa":{}}`, `{"mfa":{}}`, `{}`},
		{"nothing", "auth0", ``, `{}`, `{}`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			pub, sec := SplitSecrets(tc.strategy, jo(t, tc.in))
			assertJSON(t, "public", pub, tc.public)
			assertJSON(t, "secret", sec, tc.secret)
			joined, err := Union(pub, sec)
			if err != nil {
				t.Fatal(err)
			}
			if tc.in != "" {
				assertJSON(t, "public ∪ secret", joined, tc.in)
			}
		})
	}
}

func TestWrittenTree(t *testing.T) {
	tests := []struct {
		name  string
		paths []Path
		want  string
	}{
		{"a leaf per path", []Path{p("client_secret"), p("signing_key.key")}, `{"client_secret":true,"signing_key":{"key":true}}`},
		{"a path covers the paths under it", []Path{p("signing_key"), p("signing_key.key")}, `{"signing_key":true}`},
		{"a path above a written one adds nothing", []Path{p("signing_key.key"), p("signing_key")}, `{"signing_key":{"key":true}}`},
		{"no paths", nil, `{}`},
		{"empty path adds nothing", []Path{{}}, `{}`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			assertJSON(t, "written", Written(tc.paths), tc.want)
		})
	}
}

// Merge deletes a written path when the desired tree lacks it, and keeps it
// when the desired tree has it.
func TestWrittenMergeDeletesDroppedPaths(t *testing.T) {
	live := jo(t, `{"client_secret":"old","twilio_token":"t","from":"+1"}`)
	prior := Written([]Path{p("client_secret"), p("twilio_token")})
	desired := jo(t, `{"twilio_token":"new"}`)
	assertJSON(t, "merged", Merge(live, prior, desired, RulesFor("sms")), `{"twilio_token":"new","from":"+1"}`)
}

func TestAdopt(t *testing.T) {
	tests := []struct {
		name, strategy, live, public, secret, upstream string
		encrypted                                      []string
	}{
		{
			name:     "social: derived scope dropped, secret split",
			strategy: "google-oauth2",
			live:     `{"client_id":"id","client_secret":"s","email":true,"profile":true,"scope":["email","profile"]}`,
			public:   `{"client_id":"id","email":true,"profile":true}`,
			secret:   `{"client_secret":"s"}`,
		},
		{
			name:     "samlp: certificate fields dropped",
			strategy: "samlp",
			live: `{"signingCert":"PEM","cert":"PEM","expires":"2030","subject":{"commonName":"x"},"thumbprints":["ab"],
				"signInEndpoint":"https://idp","signing_key":{"key":"K","cert":"C"}}`,
			public: `{"signingCert":"PEM","signInEndpoint":"https://idp","signing_key":{"cert":"C"}}`,
			secret: `{"signing_key":{"key":"K"}}`,
		},
		{
			name:     "stored nulls are not adopted",
			strategy: "ad",
			live:     `{"ips":null,"brute_force_protection":true}`,
			public:   `{"brute_force_protection":true}`,
			secret:   `{}`,
		},
		{
			name:      "encrypted values are left out and listed",
			strategy:  "auth0",
			live:      `{"configuration":{"B":"CkIK-y","A":"CkIK-x"},"passwordPolicy":"good"}`,
			public:    `{"passwordPolicy":"good"}`,
			secret:    `{}`,
			encrypted: []string{"configuration.A", "configuration.B"},
		},
		{
			name:     "okta: discovered endpoints and metadata dropped",
			strategy: "okta",
			live:     `{"domain":"d.okta.com","issuer":"https://d.okta.com","authorization_endpoint":"a","token_endpoint":"t","userinfo_endpoint":"u","oidc_metadata":{"issuer":"x"},"client_secret":"s"}`,
			public:   `{"domain":"d.okta.com","issuer":"https://d.okta.com"}`,
			secret:   `{"client_secret":"s"}`,
		},
		{
			name:     "well-formed upstream parameters move out of options",
			strategy: "oidc",
			live:     `{"upstream_params":{"tenant":{"value":"acme"},"login":{"alias":"login_hint"}},"type":"back_channel"}`,
			public:   `{"type":"back_channel"}`,
			secret:   `{}`,
			upstream: `{"tenant":{"value":"acme"},"login":{"alias":"login_hint"}}`,
		},
		{
			name:     "upstream parameters of a SAML connection stay in options",
			strategy: "samlp",
			live:     `{"upstream_params":{"tenant":{"value":"acme"}}}`,
			public:   `{"upstream_params":{"tenant":{"value":"acme"}}}`,
			secret:   `{}`,
		},
		{
			name:     "upstream parameters of another shape stay in options",
			strategy: "oidc",
			live:     `{"upstream_params":{"tenant":{"value":"acme","alias":"prompt"}}}`,
			public:   `{"upstream_params":{"tenant":{"value":"acme","alias":"prompt"}}}`,
			secret:   `{}`,
		},
		{
			name:     "an unknown alias keeps upstream parameters in options",
			strategy: "oidc",
			live:     `{"upstream_params":{"screen_name":{"alias":"nickname"}}}`,
			public:   `{"upstream_params":{"screen_name":{"alias":"nickname"}}}`,
			secret:   `{}`,
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			live := jo(t, tc.live)
			a := Adopt(tc.strategy, live)
			assertJSON(t, "public", a.Public, tc.public)
			assertJSON(t, "secret", a.Secret, tc.secret)
			if tc.upstream == "" {
				if a.Upstream != nil {
					t.Errorf("upstream = %s, want none", Encode(a.Upstream))
				}
			} else {
				assertJSON(t, "upstream", a.Upstream, tc.upstream)
			}
			var encrypted []string
			for _, p := range a.Encrypted {
				encrypted = append(encrypted, p.String())
			}
			if !slices.Equal(encrypted, tc.encrypted) {
				t.Errorf("encrypted = %v, want %v", encrypted, tc.encrypted)
			}
			// The adopted state plans clean.
			managed := adoptedTree(t, a)
			assertJSON(t, "projection of the import", Project(live, managed, RulesFor(tc.strategy)), Encode(managed))
		})
	}
}

// adoptedTree is the managed tree of an adoption: every part joined.
func adoptedTree(t testing.TB, a Adoption) Object {
	t.Helper()
	managed, err := Union(a.Public, a.Secret)
	if err == nil && a.Upstream != nil {
		managed, err = Union(managed, Object{"upstream_params": a.Upstream})
	}
	if err != nil {
		t.Fatal(err)
	}
	return managed
}
