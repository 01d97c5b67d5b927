package client

import (
	"strings"
	"testing"
)

// TestMaskBodyCoversTokenKeys: google-apps returns the Workspace admin's
// OAuth tokens in plaintext on every read; any key ending in "token" is a
// secret in a debug log.
func TestMaskBodyCoversTokenKeys(t *testing.T) {
	in := `{"options":{"admin_access_token":"ya29.A","admin_refresh_token":"1//R","twilio_token":"T","token_endpoint":"https://idp/token",` +
		`"api_enable_users":true,"nested":{"someProviderToken":"P"}}}`
	out := maskBody([]byte(in))
	for _, secret := range []string{"ya29.A", "1//R", `"T"`, `"P"`} {
		if strings.Contains(out, secret) {
			t.Errorf("%s not masked: %s", secret, out)
		}
	}
	// Keys that merely mention tokens keep their (public) values.
	for _, public := range []string{"https://idp/token", `"api_enable_users":true`} {
		if !strings.Contains(out, public) {
			t.Errorf("%s was masked: %s", public, out)
		}
	}
}
