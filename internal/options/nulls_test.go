package options

import (
	"slices"
	"testing"
)

func TestRestoredNulls(t *testing.T) {
	tests := []struct {
		name, managed, server string
		want                  []string
	}{
		{
			name:    "a deleted key the server put back",
			managed: `{"passwordPolicy":null,"brute_force_protection":false}`,
			server:  `{"passwordPolicy":"good","brute_force_protection":false}`,
			want:    []string{"passwordPolicy"},
		},
		{
			name:    "a nested one, beside a deletion that stuck",
			managed: `{"attribute_map":{"mapping_mode":null,"userinfo_scope":null},"gone":null}`,
			server:  `{"attribute_map":{"mapping_mode":"bind_all"}}`,
			want:    []string{"attribute_map.mapping_mode"},
		},
		{
			name:    "a null the server stores as null is deleted as far as anyone can tell",
			managed: `{"ips":null}`,
			server:  `{"ips":null}`,
		},
		{
			name:    "an object configured null the server restored",
			managed: `{"mfa":null}`,
			server:  `{"mfa":{"active":true}}`,
			want:    []string{"mfa"},
		},
		{
			name:    "a server value that is not an object under a configured object",
			managed: `{"a":{"b":null}}`,
			server:  `{"a":"text"}`,
		},
		{
			name:    "values configured, not deleted, are not this function's business",
			managed: `{"passwordPolicy":"fair"}`,
			server:  `{"passwordPolicy":"good"}`,
		},
		{
			name:    "no managed tree",
			managed: ``,
			server:  `{"passwordPolicy":"good"}`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			for _, p := range RestoredNulls(jo(t, tt.managed), jo(t, tt.server)) {
				got = append(got, p.String())
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("RestoredNulls = %q, want %q", got, tt.want)
			}
		})
	}
}
