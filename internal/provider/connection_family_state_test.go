package provider

import (
	"encoding/json"
	"math/big"
	"reflect"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// officialFamilyStates are states the auth0/auth0 provider (v1.53) wrote
// for these resources, at its schema version 0 (mappings shortened,
// certificates elided). Our schemas are at version 0 too, with the same
// attribute names and types, so such a state is ours as it stands.
var officialFamilyStates = map[string]string{
	"auth0_connection_scim_configuration": `{"connection_id":"con_9mdFpdmfdBFcUPZK","connection_name":"okta-scim","id":"con_9mdFpdmfdBFcUPZK",
		"mapping":[{"auth0":"app_metadata.city","scim":"addresses[type eq \"work\"].locality"},{"auth0":"email","scim":"emails[primary eq true].value"}],
		"strategy":"okta","tenant_name":"emulator","user_id_attribute":"externalId"}`,
	"auth0_connection_scim_token": `{"connection_id":"con_9mdFpdmfdBFcUPZK","created_at":"2026-12-01T09:02:52.927Z","id":"tok_QXHDCQzZxxi62jzI",
		"scopes":["get:users","post:users"],"token":"Rc9uUO16DBZufwUGJhlyUpC97z1apJlX98oiEPexzucujKAo","token_id":"tok_QXHDCQzZxxi62jzI"}`,
	"auth0_connection_keys": `{"algorithm":"RS256","cert":"-----BEGIN CERTIFICATE-----\r\nMIIC…\r\n-----END CERTIFICATE-----\r\n",
		"connection_id":"con_4aLSzY4NTihkina7","current":false,"current_since":"","fingerprint":"6D:B4:FC:4F:4C:C6:B7:CC:38:FF:F7:7F:9B:62:7A:B5:7D:96:88:FD",
		"id":"con_4aLSzY4NTihkina7::kvKQQ9nSce1CMXKRMn1z4fsje7LRVGHmenaht1p9ABQ","key_use":"signing","kid":"kvKQQ9nSce1CMXKRMn1z4fsje7LRVGHmenaht1p9ABQ",
		"next":true,"pkcs":"-----BEGIN PKCS7-----\r\nMIID…\r\n-----END PKCS7-----\r\n","previous":false,"subject_dn":"/CN=oidc-keys",
		"thumbprint":"6DB4FC4F4CC6B7CC38FFF77F9B627AB57D9688FD","triggers":{"version":"1"}}`,
	"auth0_connection_directory": `{"connection_id":"con_prALTSoZNVagO7Dk","connection_name":"google-workspace","created_at":"2026-12-01 09:02:52.883 +0000 UTC",
		"id":"con_prALTSoZNVagO7Dk","last_synchronization_at":null,"last_synchronization_error":null,"last_synchronization_status":null,
		"mapping":[{"auth0":"addresses","idp":"addresses"},{"auth0":"agreedToTerms","idp":"agreedToTerms"}],"strategy":"google-apps",
		"synchronize_automatically":false,"synchronize_groups":"selected","updated_at":"2026-12-01 09:02:52.883 +0000 UTC"}`,
	"auth0_connection_directory_synchronized_groups": `{"connection_id":"con_prALTSoZNVagO7Dk","group_ids":["group1abc","group2def"],"id":"con_prALTSoZNVagO7Dk"}`,
}

// ourOnlyAttributes are attributes the official schema lacks; an official
// state decodes with them null.
var ourOnlyAttributes = map[string][]string{
	"auth0_connection_scim_token": {"token_lifetime", "valid_until"},
}

// TestOfficialStatesDecode hands each official state to the provider as
// Terraform does after a switch (UpgradeResourceState at version 0) and
// checks every attribute comes back with its value.
func TestOfficialStatesDecode(t *testing.T) {
	_, schemas := testProviderServer(t)
	for typeName, raw := range officialFamilyStates {
		t.Run(typeName, func(t *testing.T) {
			if v := schemas.ResourceSchemas[typeName].Version; v != 0 {
				t.Fatalf("schema version %d: the official states are at 0; an upgrader is needed", v)
			}
			got := map[string]any{}
			for name, v := range upgradeState(t, typeName, 0, json.RawMessage(raw)) {
				plain, err := plainValue(v)
				if err != nil {
					t.Fatal(err)
				}
				got[name] = plain
			}
			var want map[string]any
			if err := json.Unmarshal([]byte(raw), &want); err != nil {
				t.Fatal(err)
			}
			for _, name := range ourOnlyAttributes[typeName] {
				if got[name] != nil {
					t.Errorf("%s = %v, want null", name, got[name])
				}
				delete(got, name)
			}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("upgraded state differs:\n got %v\nwant %v", got, want)
			}
		})
	}
}

// plainValue turns a protocol value into plain Go values, as encoding/json
// would decode the same state.
func plainValue(v tftypes.Value) (any, error) {
	if v.IsNull() {
		return nil, nil
	}
	typ := v.Type()
	switch {
	case typ.Is(tftypes.String):
		var s string
		return s, v.As(&s)
	case typ.Is(tftypes.Bool):
		var b bool
		return b, v.As(&b)
	case typ.Is(tftypes.Number):
		f := new(big.Float)
		if err := v.As(&f); err != nil {
			return nil, err
		}
		n, _ := f.Float64()
		return n, nil
	case typ.Is(tftypes.Object{}) || typ.Is(tftypes.Map{}):
		var m map[string]tftypes.Value
		if err := v.As(&m); err != nil {
			return nil, err
		}
		out := make(map[string]any, len(m))
		for k, e := range m {
			pv, err := plainValue(e)
			if err != nil {
				return nil, err
			}
			out[k] = pv
		}
		return out, nil
	default: // lists and sets
		var l []tftypes.Value
		if err := v.As(&l); err != nil {
			return nil, err
		}
		out := make([]any, len(l))
		for i, e := range l {
			pv, err := plainValue(e)
			if err != nil {
				return nil, err
			}
			out[i] = pv
		}
		return out, nil
	}
}
