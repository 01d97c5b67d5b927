package emulator

import (
	"encoding/json"
	"fmt"
	"net/http"
	"time"
)

// SCIM tokens: /api/v2/connections/{id}/scim-configuration/tokens.
//
// A token authenticates the IdP's SCIM client. Its secret is in the create
// response only: Auth0 never lists it again, so the emulator does not even
// keep it. A configuration holds at most two tokens, listed in creation
// order, and deleting the configuration revokes them.

// scimToken is one issued token, without its secret.
type scimToken struct {
	ID         string   `json:"token_id"`
	Scopes     []string `json:"scopes"`
	CreatedAt  string   `json:"created_at"`
	ValidUntil string   `json:"valid_until,omitempty"` // only for tokens with a lifetime
}

// maxSCIMTokens is how many tokens a configuration may hold at once.
const maxSCIMTokens = 2

// scimTokenScopes are the scopes a SCIM token can carry.
var scimTokenScopes = []string{"get:users", "post:users", "put:users", "patch:users", "delete:users"}

// minTokenLifetime is the exclusive lower bound of token_lifetime, seconds.
const minTokenLifetime = 900

// newSCIMTokenID is "tok_" + 16 base62 characters, the shape of Auth0's
// token ids.
func newSCIMTokenID() string { return "tok_" + randomBase62(16) }

// tokenRequest is a parsed token create body.
type scimTokenRequest struct {
	scopes   []string
	lifetime int64 // seconds; 0 = the token does not expire
}

func parseSCIMTokenRequest(r *http.Request) (scimTokenRequest, *apiError) {
	var out scimTokenRequest
	body, order, err := readOptionalObject(r)
	if err == nil {
		err = checkObject("", body, order, []string{"scopes", "token_lifetime"}, nil)
	}
	if err != nil {
		return out, err
	}
	// Scopes may be left out (the official Terraform resource does not
	// require them): the token then carries none.
	out.scopes = []string{}
	if _, sent := body["scopes"]; sent {
		arr, err := arrayProp(body, "scopes", 1, 0)
		if err != nil {
			return out, err
		}
		for i, v := range arr {
			s, ok := v.(string)
			if !ok || !contains(scimTokenScopes, s) {
				return out, errInvalidBody("No enum match for: "+fmt.Sprint(v), fmt.Sprintf("scopes[%d]", i), "")
			}
			out.scopes = append(out.scopes, s)
		}
	}
	switch v := body["token_lifetime"].(type) {
	case nil:
	case json.Number:
		n, convErr := v.Int64()
		if convErr != nil {
			return out, typeError("token_lifetime", "integer", v)
		}
		if n <= minTokenLifetime {
			return out, errInvalidBody(fmt.Sprintf("Value %d is equal or less than exclusive minimum %d", n, minTokenLifetime), "token_lifetime", "")
		}
		out.lifetime = n
	default:
		return out, typeError("token_lifetime", "integer", v)
	}
	return out, nil
}

// handleCreateSCIMToken implements POST …/scim-configuration/tokens: 201
// {token_id, token, scopes, created_at[, valid_until]}, the only answer
// that carries the secret.
func (e *Emulator) handleCreateSCIMToken(q *request) {
	req, err := parseSCIMTokenRequest(q.r)
	if q.fail(err) {
		return
	}
	e.writeConnection(q, subresourceWrite(scimConfigOf, func(_ *connection, s *scimConfig) (int, any, *apiError) {
		if len(s.Tokens) >= maxSCIMTokens {
			return 0, nil, &apiError{Status: http.StatusConflict, Message: fmt.Sprintf("Maximum of %d tokens already issued for this connection", maxSCIMTokens)}
		}
		now := e.clock().UTC()
		tok := &scimToken{ID: newSCIMTokenID(), Scopes: req.scopes, CreatedAt: now.Format(isoMillis)}
		if req.lifetime > 0 {
			tok.ValidUntil = now.Add(time.Duration(req.lifetime) * time.Second).Format(isoMillis)
		}
		s.Tokens = append(s.Tokens, tok)
		body := orderedObject{
			{"token_id", tok.ID},
			{"token", newSCIMTokenSecret()},
			{"scopes", stringsToJSON(tok.Scopes)},
			{"created_at", tok.CreatedAt},
		}
		if tok.ValidUntil != "" {
			body = append(body, field{"valid_until", tok.ValidUntil})
		}
		return http.StatusCreated, body, nil
	}))
}

// newSCIMTokenSecret is an opaque bearer secret (Auth0's format is not
// known; every recording redacts it).
func newSCIMTokenSecret() string { return randomBase62(48) }

// handleListSCIMTokens implements GET …/scim-configuration/tokens: a bare
// array of {token_id, created_at, scopes[, valid_until]}, never the secret.
func (e *Emulator) handleListSCIMTokens(q *request) {
	e.readConnection(q, subresourceRead(scimConfigOf, func(_ *connection, s *scimConfig) (any, *apiError) {
		out := make([]any, len(s.Tokens))
		for i, tok := range s.Tokens {
			item := orderedObject{{"token_id", tok.ID}, {"created_at", tok.CreatedAt}, {"scopes", stringsToJSON(tok.Scopes)}}
			if tok.ValidUntil != "" {
				item = append(item, field{"valid_until", tok.ValidUntil})
			}
			out[i] = item
		}
		return out, nil
	}))
}

// handleDeleteSCIMToken implements DELETE …/scim-configuration/tokens/{token}:
// 204, or the bare 404 for a token the configuration does not hold.
func (e *Emulator) handleDeleteSCIMToken(q *request) {
	id := q.route.params[1]
	e.writeConnection(q, subresourceWrite(scimConfigOf, func(_ *connection, s *scimConfig) (int, any, *apiError) {
		for i, tok := range s.Tokens {
			if tok.ID == id {
				s.Tokens = append(s.Tokens[:i:i], s.Tokens[i+1:]...)
				return http.StatusNoContent, nil, nil
			}
		}
		return 0, nil, errSCIMNotFound()
	}))
}
