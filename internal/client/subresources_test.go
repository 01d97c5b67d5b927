package client

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"testing"

	"github.com/openauth0/terraform-provider-auth0/internal/recorded"
)

func TestFeatureStrategies(t *testing.T) {
	for _, tc := range []struct {
		feature  Feature
		yes, not []string
	}{
		{FeatureSCIM, []string{"samlp", "oidc", "okta", "waad"}, []string{"auth0", "google-apps", "adfs", ""}},
		{FeatureSigningKeys, []string{"oidc", "okta"}, []string{"samlp", "waad", "auth0"}},
		{FeatureDirectoryProvisioning, []string{"google-apps"}, []string{"google-oauth2", "okta"}},
	} {
		for _, s := range tc.yes {
			if !tc.feature.SupportedBy(s) {
				t.Errorf("%s should be supported by %q", tc.feature, s)
			}
		}
		for _, s := range tc.not {
			if tc.feature.SupportedBy(s) {
				t.Errorf("%s should not be supported by %q", tc.feature, s)
			}
		}
	}
	s := FeatureSCIM.Strategies()
	s[0] = "changed"
	if FeatureSCIM.SupportedBy("changed") {
		t.Error("Strategies returns the table itself")
	}
}

// The predicates tell apart the answers the sub-resource endpoints give,
// which share status codes.
func TestSubresourcePredicates(t *testing.T) {
	apiErr := func(status int, code, msg string) error {
		return fmt.Errorf("wrapped: %w", &APIError{StatusCode: status, ErrorCode: code, Message: msg})
	}
	type preds struct{ unsupported, pkjwt, unknownConn, exists, noSCIM, noDir bool }
	for _, tc := range []struct {
		err  error
		want preds
	}{
		{apiErr(404, "", "This connection type does not support SCIM."), preds{unsupported: true}},
		{apiErr(400, "", "The connection strategy does not support inbound directory provisioning"), preds{unsupported: true}},
		{apiErr(400, "", "keys are not available for this connection"), preds{unsupported: true}},
		{apiErr(400, "", "Key rotation is not supported on this connection"), preds{unsupported: true}},
		{apiErr(400, "", "Connection is not configured to use JWT Client Authentication"), preds{pkjwt: true}},
		{apiErr(404, "inexistent_connection", "The connection does not exist"), preds{unknownConn: true}},
		{apiErr(404, "", "Connection not found."), preds{unknownConn: true}},
		{apiErr(400, "", "SCIM configuration alreay exists for connection"), preds{exists: true}},
		{apiErr(409, "", "Directory provisioning is already enabled on the specified connection"), preds{exists: true}},
		{apiErr(409, "", "Maximum of 2 tokens already issued for this connection"), preds{exists: true}},
		{apiErr(404, "", "Not Found"), preds{noSCIM: true}},
		{apiErr(404, "", "Directory provisioning configuration not found"), preds{noDir: true}},
		{apiErr(404, "", "Connection directory provisioning configuration not found"), preds{noDir: true}},
		{apiErr(400, "", "Payload validation error: 'Missing required property: mapping'"), preds{}},
		{errors.New("connection reset"), preds{}},
		{nil, preds{}},
	} {
		got := preds{IsUnsupportedByStrategy(tc.err), IsPrivateKeyJWTRequired(tc.err), IsUnknownConnection(tc.err),
			IsAlreadyExists(tc.err), IsNoSCIMConfiguration(tc.err), IsNoDirectoryProvisioning(tc.err)}
		if got != tc.want {
			t.Errorf("%v: got %+v, want %+v", tc.err, got, tc.want)
		}
	}
}

var recordedSubresource = regexp.MustCompile(`/api/v2/connections/con_[A-Za-z0-9]+(/(keys|scim-configuration|directory-provisioning)[^?]*)`)

// TestRecordedSubresourceResponsesDecode decodes every recorded 2xx body of
// the sub-resource endpoints strictly into the client's types: each key the
// real API sent has a field, and encoding the result gives the body back.
func TestRecordedSubresourceResponsesDecode(t *testing.T) {
	counts := map[string]int{}
	for _, e := range recorded.Load(t) {
		m := recordedSubresource.FindStringSubmatch(e.URL)
		if m == nil || e.Status >= 300 || e.Status == 204 || len(bytes.TrimSpace(e.ResponseBody)) == 0 {
			continue
		}
		sub := regexp.MustCompile(`tok_[A-Za-z0-9]+`).ReplaceAllString(m[1], "{token}")
		target := responseTypeFor(e.Method, sub)
		if target == nil {
			t.Errorf("%s: no client type for %s %s", e, e.Method, sub)
			continue
		}
		dec := json.NewDecoder(bytes.NewReader(e.ResponseBody))
		dec.DisallowUnknownFields()
		if err := dec.Decode(target); err != nil {
			t.Errorf("%s: %v\n%s", e, err, e.ResponseBody)
			continue
		}
		out, err := json.Marshal(target)
		if err != nil {
			t.Fatal(err)
		}
		if !sameJSONBody(t, out, e.ResponseBody) {
			t.Errorf("%s: re-encoded as\n%s\nthe server sent\n%s", e, out, e.ResponseBody)
		}
		counts[e.Method+" "+sub]++
	}
	t.Logf("decoded: %v", counts)
	if len(counts) < 9 {
		t.Errorf("only %d kinds of sub-resource answers decoded, the corpus or the matching changed", len(counts))
	}
}

func responseTypeFor(method, sub string) any {
	switch method + " " + sub {
	case "GET /keys":
		return &[]ConnectionKey{}
	case "POST /keys/rotate":
		return &ConnectionKey{}
	case "POST /scim-configuration", "GET /scim-configuration", "PATCH /scim-configuration":
		return &SCIMConfiguration{}
	case "GET /scim-configuration/default-mapping":
		return &struct {
			Mapping []struct {
				Auth0 string `json:"auth0"`
				SCIM  string `json:"scim"`
			} `json:"mapping"`
		}{}
	case "POST /scim-configuration/tokens":
		return &SCIMToken{}
	case "GET /scim-configuration/tokens":
		return &[]SCIMToken{}
	case "POST /directory-provisioning", "GET /directory-provisioning":
		return &DirectoryProvisioning{}
	case "GET /directory-provisioning/synchronized-groups":
		return &groupsPage{}
	}
	return nil
}

// sameJSONBody compares two JSON documents as values.
func sameJSONBody(t *testing.T, a, b []byte) bool {
	t.Helper()
	x, y := decodeAny(t, a), decodeAny(t, b)
	xj, _ := json.Marshal(x)
	yj, _ := json.Marshal(y)
	return bytes.Equal(xj, yj)
}
