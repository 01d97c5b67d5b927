package client

import (
	"github.com/openauth0/terraform-provider-auth0/internal/recorded"

	"bytes"
	"encoding/json"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"
)

// Fuzz targets for everything the client decodes from the network. They run
// their seeds (in code and in testdata/fuzz) with every `go test`; make
// test-reliability fuzzes each for a bounded time.

// hostileSeeds are bodies a broken server or a proxy can send.
var hostileSeeds = []string{
	``,
	`null`,
	`{}`,
	`[]`,
	`{"id":"con_AAAAAAAAAAAAAAAA","name":"x","strategy":"auth0","options":{"a":1}}`,
	`{"id":"con_AAAAAAAAAAAAAAAA","name":null,"options":null,"metadata":{"k":null},"realms":[null]}`,
	`{"id":123,"name":["x"],"strategy":true,"options":"text","authentication":{"active":"yes"}}`,
	`{"id":"con_A","id":"con_B","options":{"k":1,"k":2}}`,
	`{"id":"con_AAAAAAAAAAAAAAAA","options":{"n":1e400,"m":-0.0,"big":123456789012345678901234567890}}`,
	`{"id":"con_AAAAAAAAAAAAAAAA","name":"\ud800\udc00\ud800","display_name":"\u0000\u001b[31m"}`,
	"{\"id\":\"con_AAAAAAAAAAAAAAAA\",\"name\":\"\xff\xfe\"}",
	`{"id":"con_AAAAAAAAAAAAAAAA","connected_accounts":{"active":true,"cross_app_access":null,"extra":{"deep":[1,2]}}}`,
	`{"connections":[{"id":"con_AAAAAAAAAAAAAAAA","name":"a"}],"next":"cursor"}`,
	`{"connections":null,"next":7}`,
	`{"connections":[null]}`,
	`[{"id":"con_AAAAAAAAAAAAAAAA"},{"name":"no id"}]`,
	`{"total":1,"start":0,"limit":50,"connections":[{"id":"con_AAAAAAAAAAAAAAAA"}]}`,
	`{"statusCode":409,"error":"Conflict","message":"A connection with the same name already exists","errorCode":"connection_conflict"}`,
	`{"statusCode":"400","message":123,"errorCode":[]}`,
	"<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n</html>",
	`{"id":"con_AAAAAAAAAAAAAAAA","options":{"client_secret":"s","configuration":{"K":"-----BEGIN RSA PRIVATE KEY-----\nMII\n-----END RSA PRIVATE KEY-----"}}}`,
	`{"id":"con_AAAAAAAAAAAAAAAA"` + strings.Repeat(`,"x":{"y":[`, 50),
	strings.Repeat("[", 20000),
}

// addRecordedBodies adds the response bodies of the recorded real Auth0
// exchanges as seeds when the team's shared folder is present (they are
// not copied into the repository).
func addRecordedBodies(f *testing.F) {
	exchanges, err := recorded.Read()
	if err != nil {
		return
	}
	for n, e := range exchanges {
		if n == 200 {
			break
		}
		if len(e.ResponseBody) > 0 {
			f.Add([]byte(e.ResponseBody))
		}
	}
}

func addSeeds(f *testing.F) {
	for _, s := range hostileSeeds {
		f.Add([]byte(s))
	}
	addRecordedBodies(f)
}

// decodeExact decodes JSON keeping numbers exact, for semantic comparisons.
func decodeExact(data []byte) (any, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var v any
	err := dec.Decode(&v)
	return v, err
}

// FuzzConnectionJSON: decoding never panics; a decoded connection holds
// the input's options byte for byte (the guarantee the provider relies on to
// never lose an option key it does not model), and encodes to JSON that
// decodes back to the same connection.
func FuzzConnectionJSON(f *testing.F) {
	addSeeds(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		var conn Connection
		if err := json.Unmarshal(data, &conn); err != nil {
			return
		}
		var keys map[string]json.RawMessage
		if err := json.Unmarshal(data, &keys); err == nil {
			if opts, ok := keys["options"]; ok && !bytes.Equal(opts, conn.Options) {
				t.Fatalf("options of %q decoded as %q, not verbatim", data, conn.Options)
			}
		}
		out, err := json.Marshal(conn)
		if err != nil {
			t.Fatalf("decoded %q but cannot encode it: %v", data, err)
		}
		var back Connection
		if err := json.Unmarshal(out, &back); err != nil {
			t.Fatalf("encoding %q of %q does not decode: %v", out, data, err)
		}
		again, err := json.Marshal(back)
		if err != nil || !bytes.Equal(out, again) {
			t.Fatalf("encoding is not stable:\n once: %q\ntwice: %q (%v)", out, again, err)
		}
		if conn.Options != nil {
			in, errIn := decodeExact(conn.Options)
			kept, errOut := decodeExact(back.Options)
			if errIn != nil || errOut != nil || !reflect.DeepEqual(in, kept) {
				t.Fatalf("options changed in the round trip:\n in: %q\nout: %q", conn.Options, back.Options)
			}
		}
	})
}

// FuzzDecodeConnectionPage: a list page decodes or fails cleanly; every
// connection it yields has an id.
func FuzzDecodeConnectionPage(f *testing.F) {
	addSeeds(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		page, err := decodeConnectionPage(data)
		if err != nil {
			if err.Error() == "" {
				t.Fatal("empty error")
			}
			return
		}
		for i, conn := range page.Connections {
			if conn == nil || conn.ID == "" {
				t.Fatalf("entry %d of %q has no id", i, data)
			}
		}
	})
}

// FuzzAPIError: any status and body become an APIError whose message is
// short, valid UTF-8 and starts with the status.
func FuzzAPIError(f *testing.F) {
	for i, s := range hostileSeeds {
		f.Add(400+i%200, []byte(s))
	}
	f.Add(502, bytes.Repeat([]byte{0xff, '<', '\n'}, 5000))
	f.Fuzz(func(t *testing.T, status int, body []byte) {
		status = 100 + (status%900+900)%900 // a three-digit status
		e := newAPIError("GET", "/api/v2/connections", status, body)
		msg := e.Error()
		if e.StatusCode != status || !strings.HasPrefix(msg, strconv.Itoa(status)+" ") {
			t.Fatalf("status %d, error %q", e.StatusCode, msg)
		}
		if !utf8.ValidString(msg) && utf8.Valid(body) {
			t.Fatalf("invalid UTF-8 in %q", msg)
		}
		var envelope struct{ Message, Error, ErrorCode any }
		if json.Unmarshal(body, &envelope) != nil && len(msg) > 2000 {
			t.Fatalf("error for a non-envelope body is %d bytes long", len(msg))
		}
	})
}

// FuzzMaskBody: masking never panics, keeps JSON valid, and leaves no
// value under a secret key.
func FuzzMaskBody(f *testing.F) {
	addSeeds(f)
	f.Add([]byte(`{"options":{"admin_access_token":"t","nested":[{"password":{"a":["b"]}}]}}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		out := maskBody(data)
		v, err := decodeExact(data)
		if err != nil || out == "" {
			return
		}
		masked, err := decodeExact([]byte(out))
		if err != nil {
			if _, isObject := v.(map[string]any); isObject {
				t.Fatalf("masked JSON object is not JSON: %q", out)
			}
			return
		}
		if leaf, ok := unmaskedSecret(masked, false); ok {
			t.Fatalf("value %v under a secret key survived masking: %q", leaf, out)
		}
	})
}

// unmaskedSecret finds a leaf under a secret key that is not the mask.
func unmaskedSecret(v any, underSecret bool) (any, bool) {
	switch t := v.(type) {
	case map[string]any:
		for k, child := range t {
			if leaf, ok := unmaskedSecret(child, underSecret || isSecretKey(k)); ok {
				return leaf, true
			}
		}
	case []any:
		for _, child := range t {
			if leaf, ok := unmaskedSecret(child, underSecret); ok {
				return leaf, true
			}
		}
	case nil:
	default:
		if underSecret && t != masked {
			return t, true
		}
	}
	return nil, false
}

// FuzzMaskJSONPrefix: re-encoding a JSON prefix never panics; a complete
// JSON text comes out as valid JSON, complete, with no value under a
// secret key; and a given secret never survives.
func FuzzMaskJSONPrefix(f *testing.F) {
	addSeeds(f)
	f.Add([]byte(`{"id":"con_1","options":{"client_secret":"s","configuration":{"K":["a",{"b":1}]}},"n":[1,{"token":true}]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		const secret = "fuzz-secret-value"
		if out, _ := maskJSONPrefix(append(data, []byte(`,"`+secret+`"`)...), []string{secret}); strings.Contains(out, secret) {
			t.Fatalf("the secret survived: %q", out)
		}
		out, complete := maskJSONPrefix(data, nil)
		if _, err := decodeExact(data); err != nil || !json.Valid(data) {
			return
		}
		masked, err := decodeExact([]byte(out))
		if !complete || err != nil {
			t.Fatalf("valid JSON %q re-encoded as %q (complete %v): %v", data, out, complete, err)
		}
		if leaf, ok := unmaskedSecret(masked, false); ok {
			t.Fatalf("value %v under a secret key survived masking: %q", leaf, out)
		}
	})
}
