package options

import (
	"strconv"
	"strings"
	"testing"
)

// largeOptions builds a realistic large database connection's options: the
// server defaults, full password policy, six custom database scripts of a
// few KB each, 40 encrypted configuration values, 10 upstream parameters and
// 60 dashboard-only keys. About 40 KB of JSON.
func largeOptions(tb testing.TB) (live, prior, desired Object) {
	tb.Helper()
	script := "function login(email, password, callback) {\n" + strings.Repeat("  // validate the user against the legacy store\n", 80) + "}"
	var b strings.Builder
	b.WriteString(`{"mfa":{"active":true,"return_enroll_settings":true},"passwordPolicy":"good","strategy_version":2,
		"authentication_methods":{"password":{"enabled":true,"api_behavior":"required","signup_behavior":"allow"},"passkey":{"enabled":false},"email_otp":{"enabled":false},"phone_otp":{"enabled":false}},
		"passkey_options":{"challenge_ui":"both","progressive_enrollment_enabled":true,"local_enrollment_enabled":true},
		"brute_force_protection":true,"enabledDatabaseCustomization":true,"import_mode":false,"disable_signup":false,
		"password_history":{"enable":true,"size":5},"password_no_personal_info":{"enable":true},
		"password_dictionary":{"enable":true,"dictionary":["password","admin","letmein"]},
		"password_complexity_options":{"min_length":12},
		"attributes":{"email":{"identifier":{"active":true},"profile_required":true,"signup":{"status":"required","verification":{"active":true}},"unique":true,"verification_method":"link"}},
		"precedence":["email","username","phone_number"],"non_persistent_attrs":["gender","hair_color"],`)
	b.WriteString(`"customScripts":{`)
	for i, name := range []string{"login", "get_user", "create", "verify", "change_password", "delete"} {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(strconv.Quote(name) + ":" + strconv.Quote(script))
	}
	b.WriteString(`},"configuration":{`)
	for i := 0; i < 40; i++ {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(`"KEY_` + strconv.Itoa(i) + `":"CkIKIIzmbRATf4h5C3zZHlr3bU+kQ9mZjjk9v9HZX+wBrWJZEgyNd0tRoKaFO93gw8EaEM0` + strconv.Itoa(i) + `"`)
	}
	b.WriteString(`},"upstream_params":{`)
	for i := 0; i < 10; i++ {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(`"param_` + strconv.Itoa(i) + `":{"alias":"login_hint"}`)
	}
	b.WriteString(`}`)
	for i := 0; i < 60; i++ {
		b.WriteString(`,"dashboard_` + strconv.Itoa(i) + `":{"enabled":true,"level":` + strconv.Itoa(i) + `}`)
	}
	b.WriteString(`}`)
	live = mustParse(tb, b.String())

	// The configuration manages about half of it; the new configuration
	// changes a few values and drops a few keys.
	prior = Object{}
	for _, k := range []string{"passwordPolicy", "mfa", "password_history", "customScripts", "upstream_params", "precedence", "attributes"} {
		prior[k] = cloneValue(live[k])
	}
	prior["configuration"] = Object{"KEY_0": "a", "KEY_1": "b", "KEY_2": "c"}
	desired = Clone(prior)
	desired["passwordPolicy"] = "excellent"
	desired["mfa"].(Object)["active"] = false
	delete(desired, "precedence")
	delete(desired["upstream_params"].(Object), "param_3")
	desired["upstream_params"].(Object)["param_4"] = Object{"value": "static"}
	desired["configuration"] = Object{"KEY_0": "a2", "KEY_1": "b"}
	return live, prior, desired
}

func BenchmarkMerge(b *testing.B) {
	live, prior, desired := largeOptions(b)
	r := RulesFor("auth0")
	b.ReportAllocs()
	for b.Loop() {
		Merge(live, prior, desired, r)
	}
}

func BenchmarkProject(b *testing.B) {
	live, _, desired := largeOptions(b)
	r := RulesFor("auth0")
	server := Merge(live, nil, desired, r)
	b.ReportAllocs()
	for b.Loop() {
		Project(server, desired, r)
	}
}

func BenchmarkParse(b *testing.B) {
	live, _, _ := largeOptions(b)
	s := Encode(live)
	b.SetBytes(int64(len(s)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Parse(s); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkEncode(b *testing.B) {
	live, _, _ := largeOptions(b)
	b.SetBytes(int64(len(Encode(live))))
	b.ReportAllocs()
	for b.Loop() {
		Encode(live)
	}
}

func BenchmarkValidate(b *testing.B) {
	live, _, _ := largeOptions(b)
	public, _ := SplitSecrets("auth0", live)
	b.ReportAllocs()
	for b.Loop() {
		Validate("auth0", public)
	}
}

// The benchmark input is itself valid and merges per the invariants.
func TestLargeOptionsFixture(t *testing.T) {
	live, prior, desired := largeOptions(t)
	public, _ := SplitSecrets("auth0", live)
	if ps := Validate("auth0", public); len(ps) > 0 {
		t.Fatalf("fixture does not validate:\n%s", listProblems(ps))
	}
	checkMergeInvariants(t, live, prior, desired, RulesFor("auth0"))
	merged := Merge(live, prior, desired, RulesFor("auth0"))
	if _, ok := merged["precedence"]; ok {
		t.Error("precedence was dropped from the configuration and must be deleted")
	}
	if _, ok := merged["configuration"].(Object)["KEY_2"]; ok {
		t.Error("configuration.KEY_2 was dropped from the configuration and must be deleted")
	}
	if _, ok := merged["configuration"].(Object)["KEY_39"]; !ok {
		t.Error("unmanaged configuration.KEY_39 must survive")
	}
	if n := len(Encode(live)); n < 30000 {
		t.Errorf("fixture is only %d bytes", n)
	}
}
