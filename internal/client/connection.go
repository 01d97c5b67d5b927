package client

import (
	"bytes"
	"encoding/json"
	"fmt"
	"sort"
)

// Authentication is a connection's "authentication" purpose object.
type Authentication struct {
	Active bool `json:"active"`
}

// ConnectedAccounts is a connection's "connected_accounts" purpose object.
type ConnectedAccounts struct {
	Active         bool  `json:"active"`
	CrossAppAccess *bool `json:"cross_app_access,omitempty"`
}

// Connection is a Management API connection. Top-level fields the provider
// works with are typed; Options is kept as the raw JSON the server sent, so
// no option key is ever lost to a struct that does not model it.
//
// Decoding then encoding a response is JSON-equal to the response: unknown
// top-level keys are kept in Extra, and for every typed field the original
// JSON value is re-emitted as long as the field still holds what was decoded
// (so explicit nulls, keys nested inside authentication or
// connected_accounts that the structs do not model, and number formats all
// survive). A field the caller changed is encoded from its Go value.
type Connection struct {
	ID          string
	Name        string
	DisplayName *string
	Strategy    string
	// Options is verbatim JSON; nil when the response had no "options" key
	// (the token lacks read:connections_options).
	Options               json.RawMessage
	Realms                []string
	IsDomainConnection    *bool
	ShowAsButton          *bool
	Metadata              map[string]*string
	Authentication        *Authentication
	ConnectedAccounts     *ConnectedAccounts
	EnabledClients        []string
	ProvisioningTicketURL *string
	// Extra holds top-level keys without a typed field (for example
	// cross_app_access_requesting_app), and known keys whose value did not
	// fit the typed field, verbatim.
	Extra map[string]json.RawMessage

	// decoded remembers, per typed key, the raw value received and the
	// encoding of the Go value it decoded to; see MarshalJSON.
	decoded map[string]decodedValue
}

type decodedValue struct {
	raw     json.RawMessage
	encoded []byte
}

// connectionField binds a JSON key to the typed field holding it. The table
// order is the key order of Auth0's own responses.
type connectionField struct {
	key   string
	field func(c *Connection) any // pointer to the field
}

var connectionFields = []connectionField{
	{"id", func(c *Connection) any { return &c.ID }},
	{"options", func(c *Connection) any { return &c.Options }},
	{"strategy", func(c *Connection) any { return &c.Strategy }},
	{"name", func(c *Connection) any { return &c.Name }},
	{"provisioning_ticket_url", func(c *Connection) any { return &c.ProvisioningTicketURL }},
	{"is_domain_connection", func(c *Connection) any { return &c.IsDomainConnection }},
	{"show_as_button", func(c *Connection) any { return &c.ShowAsButton }},
	{"authentication", func(c *Connection) any { return &c.Authentication }},
	{"connected_accounts", func(c *Connection) any { return &c.ConnectedAccounts }},
	{"display_name", func(c *Connection) any { return &c.DisplayName }},
	{"enabled_clients", func(c *Connection) any { return &c.EnabledClients }},
	{"realms", func(c *Connection) any { return &c.Realms }},
	{"metadata", func(c *Connection) any { return &c.Metadata }},
}

// UnmarshalJSON decodes a connection object, keeping what it cannot type.
func (c *Connection) UnmarshalJSON(data []byte) error {
	var raw map[string]json.RawMessage
	if err := json.Unmarshal(data, &raw); err != nil {
		return fmt.Errorf("decoding connection: %w", err)
	}
	if raw == nil {
		return fmt.Errorf("decoding connection: expected a JSON object, got null")
	}
	*c = Connection{decoded: make(map[string]decodedValue, len(connectionFields))}
	for _, f := range connectionFields {
		value, ok := raw[f.key]
		if !ok {
			continue
		}
		delete(raw, f.key)
		if !c.decodeField(f, value) {
			c.setExtra(f.key, value)
		}
	}
	for key, value := range raw {
		c.setExtra(key, value)
	}
	return nil
}

// decodeField stores value in the typed field; false when it does not fit
// (the field is then left at its zero value).
func (c *Connection) decodeField(f connectionField, value json.RawMessage) bool {
	ptr := f.field(c)
	if f.key == "options" {
		// Kept byte for byte, including an explicit null.
		c.Options = append(json.RawMessage(nil), value...)
	} else if err := json.Unmarshal(value, ptr); err != nil {
		resetField(ptr)
		return false
	}
	encoded, err := json.Marshal(ptr)
	if err != nil {
		return false
	}
	c.decoded[f.key] = decodedValue{raw: append(json.RawMessage(nil), value...), encoded: encoded}
	return true
}

func resetField(ptr any) {
	// Every field pointer is to a string, slice, map or pointer: zero it
	// through JSON null, which leaves strings untouched, hence the explicit case.
	if s, ok := ptr.(*string); ok {
		*s = ""
		return
	}
	_ = json.Unmarshal([]byte("null"), ptr)
}

func (c *Connection) setExtra(key string, value json.RawMessage) {
	if c.Extra == nil {
		c.Extra = make(map[string]json.RawMessage)
	}
	c.Extra[key] = append(json.RawMessage(nil), value...)
}

// MarshalJSON encodes the typed fields (omitting empty ones), then Extra in
// key order. A typed field still holding its decoded value is re-emitted as
// the raw JSON it was decoded from.
func (c Connection) MarshalJSON() ([]byte, error) {
	var buf bytes.Buffer
	buf.WriteByte('{')
	written := make(map[string]bool, len(connectionFields))
	for _, f := range connectionFields {
		value, err := c.encodeField(f)
		if err != nil {
			return nil, err
		}
		if value == nil {
			continue
		}
		writeMember(&buf, len(written) == 0, f.key, value)
		written[f.key] = true
	}
	keys := make([]string, 0, len(c.Extra))
	for key := range c.Extra {
		if !written[key] {
			keys = append(keys, key)
		}
	}
	sort.Strings(keys)
	for _, key := range keys {
		value := c.Extra[key]
		if !json.Valid(value) {
			return nil, fmt.Errorf("encoding connection: Extra[%q] is not valid JSON", key)
		}
		writeMember(&buf, len(written) == 0, key, value)
		written[key] = true
	}
	buf.WriteByte('}')
	return buf.Bytes(), nil
}

// encodeField returns the JSON for one typed field, or nil to omit it.
func (c *Connection) encodeField(f connectionField) (json.RawMessage, error) {
	encoded, err := json.Marshal(f.field(c))
	if err != nil {
		return nil, fmt.Errorf("encoding connection field %q: %w", f.key, err)
	}
	if prior, ok := c.decoded[f.key]; ok && bytes.Equal(prior.encoded, encoded) {
		return prior.raw, nil
	}
	if string(encoded) == "null" || string(encoded) == `""` {
		return nil, nil
	}
	return encoded, nil
}

func writeMember(buf *bytes.Buffer, first bool, key string, value []byte) {
	if !first {
		buf.WriteByte(',')
	}
	k, _ := json.Marshal(key)
	buf.Write(k)
	buf.WriteByte(':')
	buf.Write(value)
}
