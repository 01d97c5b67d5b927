package client

import (
	"fmt"
	"strings"
	"time"
)

// The ways to authenticate, and the rules between them. They follow the
// official provider's schema, so a provider block it accepts is accepted
// here: api_token conflicts with every other credential, client_secret with
// the client-assertion settings, and the client-assertion settings need each
// other and client_id. cli_login is stricter than there: the official
// provider silently prefers the CLI's token over any credential also set,
// which would make the identity a plan runs with depend on a precedence rule
// nobody sees.

// methodSettings names the credential settings that are set.
func (cfg Config) methodSettings() []string {
	set, _ := cfg.credentialsSet(SettingClientID, SettingClientSecret, SettingClientAssertionPrivateKey, SettingClientAssertionSigningAlg)
	return set
}

// assertionSettings names the client-assertion settings that are set.
func (cfg Config) assertionSettings() []string {
	set, _ := cfg.credentialsSet(SettingClientAssertionPrivateKey, SettingClientAssertionSigningAlg)
	return set
}

// credentialsSet splits the named credential settings into those cfg sets
// and those it does not, keeping their order.
func (cfg Config) credentialsSet(names ...string) (set, unset []string) {
	values := map[string]string{
		SettingClientID:                  cfg.ClientID,
		SettingClientSecret:              cfg.ClientSecret,
		SettingClientAssertionPrivateKey: cfg.ClientAssertionPrivateKey,
		SettingClientAssertionSigningAlg: cfg.ClientAssertionSigningAlg,
	}
	for _, name := range names {
		if values[name] != "" {
			set = append(set, name)
		} else {
			unset = append(unset, name)
		}
	}
	return set, unset
}

// conflict is the error of setting, which is set, together with others
// (nil when others is empty); detail has a %s for their names.
func conflict(setting string, others []string, detail string) error {
	if len(others) == 0 {
		return nil
	}
	return &SettingError{Setting: setting, With: others, Summary: "Conflicting Auth0 credentials",
		Detail: fmt.Sprintf(detail, strings.Join(others, ", "))}
}

func checkCredentialConflict(cfg Config) error {
	if cfg.APIToken == "" {
		return nil
	}
	return conflict(SettingAPIToken, cfg.methodSettings(), "api_token and client credentials (%s) are both set. Keep one of them.")
}

func checkSecretAssertionConflict(cfg Config) error {
	if cfg.ClientSecret == "" {
		return nil
	}
	return conflict(SettingClientSecret, cfg.assertionSettings(),
		"client_secret and private-key JWT authentication (%s) are both set: an application authenticates with one of them. Keep one.")
}

func checkCLILoginConflict(cfg Config) error {
	if !cfg.CLILogin {
		return nil
	}
	others := cfg.methodSettings()
	if cfg.APIToken != "" {
		others = append([]string{SettingAPIToken}, others...)
	}
	return conflict(SettingCLILogin, others,
		"cli_login uses the Auth0 CLI's token, but other credentials (%s) are set too. Keep one way of authenticating.")
}

//nolint:gosec // G101: names of settings, not a credential
const credentialChoices = "Set api_token, or client_id and client_secret, or client_id with client_assertion_private_key and client_assertion_signing_alg, or cli_login = true."

// requireCredentials: one way of authenticating is complete. With
// DynamicCredentials a missing credential is not an error here; resolve
// keeps the reason for the requests that would need it.
func requireCredentials(cfg Config) error {
	if cfg.DynamicCredentials {
		return nil
	}
	return credentialsProblem(cfg)
}

func credentialsProblem(cfg Config) error {
	switch {
	case cfg.APIToken != "" || cfg.CLILogin:
		return nil
	case len(cfg.assertionSettings()) > 0:
		return incompleteAssertion(cfg)
	case cfg.ClientID != "" && cfg.ClientSecret != "":
		return nil
	case cfg.ClientID != "":
		return &SettingError{Setting: SettingClientSecret, With: []string{SettingClientID}, Summary: "Incomplete client credentials",
			Detail: "client_id is set but client_secret is not: the client-credentials grant needs both (or use client_assertion_private_key and client_assertion_signing_alg, or set api_token instead)."}
	case cfg.ClientSecret != "":
		return &SettingError{Setting: SettingClientID, With: []string{SettingClientSecret}, Summary: "Incomplete client credentials",
			Detail: "client_secret is set but client_id is not: the client-credentials grant needs both (or set api_token instead)."}
	default:
		return &SettingError{Setting: SettingAPIToken, With: []string{SettingClientID, SettingClientSecret}, Summary: "Missing Auth0 credentials",
			Detail: credentialChoices}
	}
}

// incompleteAssertion: private-key JWT needs the client id, the key and the
// algorithm (the official provider's RequiredWith rules).
func incompleteAssertion(cfg Config) error {
	set, missing := cfg.credentialsSet(SettingClientID, SettingClientAssertionPrivateKey, SettingClientAssertionSigningAlg)
	if len(missing) == 0 {
		return nil
	}
	return &SettingError{Setting: missing[0], With: append(missing[1:], set...), Summary: "Incomplete private-key JWT credentials",
		Detail: fmt.Sprintf("%s %s set but %s %s not: private-key JWT authentication needs client_id, client_assertion_private_key and client_assertion_signing_alg.",
			strings.Join(set, " and "), isOrAre(len(set)), strings.Join(missing, " and "), isOrAre(len(missing)))}
}

func isOrAre(n int) string {
	if n == 1 {
		return "is"
	}
	return "are"
}

func checkSigningAlg(cfg Config) error {
	if cfg.ClientAssertionSigningAlg == "" {
		return nil
	}
	if _, ok := assertionAlgorithms[cfg.ClientAssertionSigningAlg]; ok {
		return nil
	}
	return &SettingError{Setting: SettingClientAssertionSigningAlg, Summary: "Unsupported signing algorithm",
		Detail: fmt.Sprintf("client_assertion_signing_alg must be one of %s, got %q. Use the algorithm of the credential registered for the application in Auth0 (RS256, RS384 or PS256).",
			strings.Join(assertionAlgorithmNames(), ", "), cfg.ClientAssertionSigningAlg)}
}

// checkAssertionKey parses the private key and, when the algorithm is
// known, checks that it can sign with it. No message quotes the key.
func checkAssertionKey(cfg Config) error {
	if cfg.ClientAssertionPrivateKey == "" {
		return nil
	}
	key, err := parsePrivateKey(cfg.ClientAssertionPrivateKey)
	if err != nil {
		return &SettingError{Setting: SettingClientAssertionPrivateKey, Summary: "Invalid private key",
			Detail: "client_assertion_private_key must be a PEM-encoded RSA or EC private key, but " + err.Error() + "."}
	}
	alg, ok := assertionAlgorithms[cfg.ClientAssertionSigningAlg]
	if !ok {
		return nil
	}
	if msg := keyFitsAlgorithm(cfg.ClientAssertionSigningAlg, alg, key); msg != "" {
		return &SettingError{Setting: SettingClientAssertionSigningAlg, With: []string{SettingClientAssertionPrivateKey}, Summary: "Signing algorithm does not fit the private key",
			Detail: fmt.Sprintf("client_assertion_signing_alg %s cannot sign with client_assertion_private_key: %s. Use %s.", cfg.ClientAssertionSigningAlg, msg, algorithmsFor(key))}
	}
	return nil
}

// resolveCredentials sets the credential part of s from a validated cfg:
// the CLI's token, the assertion signer, or the reason there is none yet.
func (s *settings) resolveCredentials(cfg Config) error {
	if cfg.DynamicCredentials {
		if s.credentialsPending = credentialsProblem(cfg); s.credentialsPending != nil {
			return nil //nolint:nilerr // not an error yet: the reason waits for the first request
		}
	}
	switch {
	case cfg.CLILogin:
		token, err := cfg.CLIStore.token(s.baseURL.Host, time.Now())
		if err != nil {
			return err
		}
		s.apiToken = token
	case cfg.ClientAssertionPrivateKey != "" && cfg.APIToken == "":
		signer, err := newAssertionSigner(cfg.ClientID, cfg.ClientAssertionPrivateKey, cfg.ClientAssertionSigningAlg, s.baseURL.String())
		if err != nil {
			return err
		}
		s.assertion = signer
	}
	return nil
}

// pendingCredentialsError is what a request gets from a client built with
// DynamicCredentials and no complete credentials.
func pendingCredentialsError(reason error) error {
	return &authError{msg: "no Auth0 credentials to call the Management API with: dynamic_credentials is true and the provider was configured without complete credentials (" +
		strings.TrimSuffix(reason.Error(), ".") + "). Values that come from other resources are known once those are applied; this operation needed the API before then."}
}
