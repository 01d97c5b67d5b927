package emulator

import (
	"net/http"
	"time"
)

// Connection signing keys: /api/v2/connections/{id}/keys.
//
// Only oidc and okta connections have keys. One created (or updated) to
// authenticate with token_endpoint_auth_method "private_key_jwt" has two
// from that moment on: the current key, current since the connection got
// keys, and the next one. Others get them from POST /keys. A rotation makes
// the next key current, keeps the old current as previous (dropping an
// older previous) and adds a new next key. Keys are listed current,
// previous, next, each with only its own role flag set.
//
// RSA key generation takes a while, so keys are generated outside the state
// lock, and the initial pair only the first time it is asked for: dated
// from when the connection got keys, it is indistinguishable from a pair
// made at that moment.

// keyRing is a connection's signing keys.
type keyRing struct {
	Since     string        `json:"since"`          // when the connection got keys (the first current_since)
	Algorithm string        `json:"algorithm"`      // of the initial pair
	Keys      []*signingKey `json:"keys,omitempty"` // empty until first asked for
}

// hasSigningKeys: the strategies Auth0 keeps connection keys for.
func hasSigningKeys(strategy string) bool { return strategy == "oidc" || strategy == "okta" }

func (c *connection) options() map[string]any {
	opts, _ := c.Props["options"].(map[string]any)
	return opts
}

func (c *connection) usesPrivateKeyJWT() bool {
	return c.options()["token_endpoint_auth_method"] == "private_key_jwt"
}

// configuredSigningAlg is the connection's token_endpoint_auth_signing_alg,
// RS256 when unset or not one keys can be made for.
func (c *connection) configuredSigningAlg() string {
	if alg, ok := c.options()["token_endpoint_auth_signing_alg"].(string); ok {
		if _, known := signingAlgs[alg]; known {
			return alg
		}
	}
	return "RS256"
}

// giveKeysIfDue gives an oidc/okta connection keys the first time it is
// configured for private_key_jwt (on create or by an update).
func (c *connection) giveKeysIfDue(now time.Time) {
	if c.Keys == nil && hasSigningKeys(c.Strategy) && c.usesPrivateKeyJWT() {
		c.Keys = &keyRing{Since: now.UTC().Format(isoMillis), Algorithm: c.configuredSigningAlg()}
	}
}

func errKeysNotAvailable() *apiError {
	return &apiError{Status: http.StatusBadRequest, Message: "keys are not available for this connection"}
}

// keyPlan is what generating keys for a connection needs, taken under the
// state lock so the generation can run outside it.
type keyPlan struct {
	name      string
	algorithm string
	since     string // the ring's Since, for the initial pair
}

// initialPair makes the current and next keys of a ring created at since.
func (p keyPlan) initialPair() ([]*signingKey, error) {
	since, err := time.Parse(isoMillis, p.since)
	if err != nil {
		return nil, err
	}
	current, err := newSigningKey(p.name, p.algorithm, since)
	if err != nil {
		return nil, err
	}
	next, err := newSigningKey(p.name, p.algorithm, since)
	if err != nil {
		return nil, err
	}
	current.Role, current.CurrentSince = keyCurrent, p.since
	next.Role = keyNext
	return []*signingKey{current, next}, nil
}

// pairIfMissing plans the initial pair for a ring that has no keys yet.
func pairIfMissing(c *connection) *keyPlan {
	if len(c.Keys.Keys) > 0 {
		return nil
	}
	return &keyPlan{name: c.Name, algorithm: c.Keys.Algorithm, since: c.Keys.Since}
}

// generateKeys runs the planned generation; a failure (which only a broken
// random source can cause) is the 500 any server error would be.
func generateKeys(plan *keyPlan) ([]*signingKey, *apiError) {
	if plan == nil {
		return nil, nil
	}
	pair, err := plan.initialPair()
	if err != nil {
		return nil, &apiError{Status: http.StatusInternalServerError, Message: "auth0-emulator: " + err.Error()}
	}
	return pair, nil
}

// installPair gives a ring the generated pair unless a concurrent request
// already did.
func installPair(ring *keyRing, pair []*signingKey) {
	if len(ring.Keys) == 0 && len(pair) > 0 {
		ring.Keys = pair
	}
}

// handleGetKeys implements GET /api/v2/connections/{id}/keys.
func (e *Emulator) handleGetKeys(q *request) {
	var plan *keyPlan
	var body any
	err := e.inspectConnection(q, func(c *connection) *apiError {
		c.giveKeysIfDue(e.clock()) // a connection stored before it had keys
		if c.Keys == nil || !hasSigningKeys(c.Strategy) {
			return errKeysNotAvailable()
		}
		if plan = pairIfMissing(c); plan == nil {
			body = renderKeys(c.Keys.Keys)
		}
		return nil
	})
	if q.fail(err) {
		return
	}
	if plan == nil {
		writeJSONResponse(q.w, http.StatusOK, body)
		return
	}
	pair, err := generateKeys(plan)
	if q.fail(err) {
		return
	}
	e.writeConnection(q, func(c *connection) (int, any, *apiError) {
		if c.Keys == nil {
			return 0, nil, errKeysNotAvailable()
		}
		installPair(c.Keys, pair)
		return http.StatusOK, renderKeys(c.Keys.Keys), nil
	})
}

// handleProvisionKeys implements POST /api/v2/connections/{id}/keys: the
// initial pair for a connection that has none yet (typically before it is
// switched to private_key_jwt), answered as the list of both keys.
func (e *Emulator) handleProvisionKeys(q *request) {
	alg, err := readSigningAlg(q.r)
	if q.fail(err) {
		return
	}
	var plan keyPlan
	err = e.inspectConnection(q, func(c *connection) *apiError {
		if err := checkProvisionable(c); err != nil {
			return err
		}
		if alg == "" {
			alg = c.configuredSigningAlg()
		}
		plan = keyPlan{name: c.Name, algorithm: alg, since: e.clock().UTC().Format(isoMillis)}
		return nil
	})
	if q.fail(err) {
		return
	}
	pair, err := generateKeys(&plan)
	if q.fail(err) {
		return
	}
	e.writeConnection(q, func(c *connection) (int, any, *apiError) {
		if err := checkProvisionable(c); err != nil {
			return 0, nil, err
		}
		c.Keys = &keyRing{Since: plan.since, Algorithm: plan.algorithm, Keys: pair}
		return http.StatusCreated, renderKeys(pair), nil
	})
}

func checkProvisionable(c *connection) *apiError {
	if !hasSigningKeys(c.Strategy) {
		return errKeysNotAvailable()
	}
	if c.Keys != nil {
		return &apiError{Status: http.StatusConflict, Message: "Keys have already been created for this connection."}
	}
	return nil
}

// handleRotateKeys implements POST /api/v2/connections/{id}/keys/rotate and
// answers the new next key.
func (e *Emulator) handleRotateKeys(q *request) {
	alg, err := readSigningAlg(q.r)
	if q.fail(err) {
		return
	}
	var plan *keyPlan
	var name string
	err = e.inspectConnection(q, func(c *connection) *apiError {
		if err := checkRotatable(c); err != nil {
			return err
		}
		c.giveKeysIfDue(e.clock()) // a connection stored before it had keys
		if alg == "" {
			alg = c.Keys.Algorithm
		}
		name, plan = c.Name, pairIfMissing(c)
		return nil
	})
	if q.fail(err) {
		return
	}
	pair, err := generateKeys(plan)
	if q.fail(err) {
		return
	}
	fresh, genErr := newSigningKey(name, alg, e.clock())
	if genErr != nil {
		q.fail(&apiError{Status: http.StatusInternalServerError, Message: "auth0-emulator: " + genErr.Error()})
		return
	}
	e.writeConnection(q, func(c *connection) (int, any, *apiError) {
		if err := checkRotatable(c); err != nil {
			return 0, nil, err
		}
		c.giveKeysIfDue(e.clock())
		installPair(c.Keys, pair)
		c.Keys.rotate(fresh)
		return http.StatusCreated, renderKey(fresh), nil
	})
}

func checkRotatable(c *connection) *apiError {
	if !hasSigningKeys(c.Strategy) {
		return &apiError{Status: http.StatusBadRequest, Message: "Key rotation is not supported on this connection"}
	}
	if !c.usesPrivateKeyJWT() {
		return &apiError{Status: http.StatusBadRequest, Message: "Connection is not configured to use JWT Client Authentication"}
	}
	return nil
}

// rotate promotes next to current, keeps the old current as the only
// previous key and adds fresh as next. The promoted key keeps the old
// current key's current_since: that is what Auth0 answered in the one
// recorded rotation, odd as it is.
func (r *keyRing) rotate(fresh *signingKey) {
	var current, next *signingKey
	for _, k := range r.Keys {
		switch k.Role {
		case keyCurrent:
			current = k
		case keyNext:
			next = k
		}
	}
	var keys []*signingKey
	if next != nil {
		next.Role = keyCurrent
		if current != nil {
			next.CurrentSince = current.CurrentSince
		}
		keys = append(keys, next)
	}
	if current != nil {
		current.Role, current.CurrentSince = keyPrevious, ""
		keys = append(keys, current)
	}
	fresh.Role = keyNext
	r.Keys = append(keys, fresh)
}

// readSigningAlg reads the optional {"signing_alg": …} body of POST /keys
// and /keys/rotate; no body, null and {} mean the connection's algorithm
// ("" here).
func readSigningAlg(r *http.Request) (string, *apiError) {
	v, order, err := readBody(r)
	if err != nil {
		return "", err
	}
	body, err := objectOrNull("", v)
	if err != nil {
		return "", err
	}
	if err := checkAdditional(body, order.top, []string{"signing_alg"}); err != nil {
		return "", err
	}
	raw, ok := body["signing_alg"]
	if !ok {
		return "", nil
	}
	alg, isStr := raw.(string)
	if !isStr {
		return "", typeError("signing_alg", "string", raw)
	}
	if _, known := signingAlgs[alg]; !known {
		return "", errInvalidBody("No enum match for: "+alg, "signing_alg", "")
	}
	return alg, nil
}

// renderKeys lists keys in Auth0's order: current, previous, next.
func renderKeys(keys []*signingKey) []any {
	out := make([]any, 0, len(keys))
	for _, role := range []string{keyCurrent, keyPrevious, keyNext} {
		for _, k := range keys {
			if k.Role == role {
				out = append(out, renderKey(k))
			}
		}
	}
	return out
}

// renderKey writes a key in Auth0's key order with only its role flag.
func renderKey(k *signingKey) orderedObject {
	out := orderedObject{
		{"kid", k.Kid}, {"algorithm", k.Algorithm}, {"key_use", "signing"}, {"subject_dn", k.SubjectDN},
		{"cert", k.Cert}, {"fingerprint", k.Fingerprint}, {"thumbprint", k.Thumbprint}, {"pkcs", k.PKCS},
		{k.Role, true},
	}
	if k.Role == keyCurrent {
		out = append(out, field{"current_since", k.CurrentSince})
	}
	return out
}
