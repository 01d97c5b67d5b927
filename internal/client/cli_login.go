package client

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"time"

	"github.com/golang-jwt/jwt/v5"
	"github.com/zalando/go-keyring"
)

// Where the Auth0 CLI (`auth0 login`) keeps a tenant's Management API token:
// in the operating system's keyring, split into numbered chunks under the
// service names "Auth0 CLI Access Token 0", "… 1", …, with the tenant's
// domain as the user; on machines without a keyring, in
// ~/.config/auth0/config.json under tenants.<domain>.access_token. The
// official provider reads both, in that order, and so does this one.
const (
	cliAccessTokenService = "Auth0 CLI Access Token" //nolint:gosec // G101: a keyring service name
	// cliAccessTokenMaxChunks is the CLI's own bound on the number of chunks.
	cliAccessTokenMaxChunks = 50
)

// CLIStore is where the Auth0 CLI's stored token is read from. The zero
// value reads the user's keyring and ~/.config/auth0/config.json.
type CLIStore struct {
	// HomeDir holds .config/auth0/config.json; "" is the user's home.
	HomeDir string
	// Keyring reads one secret; nil is the operating system's keyring.
	Keyring func(service, user string) (string, error)
}

// token returns the CLI's unexpired token for tenant (host[:port]).
func (s CLIStore) token(tenant string, now time.Time) (string, error) {
	token, keyringErr := s.fromKeyring(tenant)
	configPath, pathErr := s.configPath()
	if token == "" && pathErr == nil {
		var err error
		if token, err = tokenFromCLIConfig(configPath, tenant); err != nil {
			return "", cliLoginError("Cannot read the Auth0 CLI's configuration", fmt.Sprintf("cli_login is true but %s", err))
		}
	}
	if token == "" {
		where := "the keyring"
		if keyringErr != nil {
			where = fmt.Sprintf("the keyring (which could not be read: %v)", keyringErr)
		}
		if pathErr == nil {
			where += " or in " + configPath
		}
		return "", cliLoginError("No Auth0 CLI token",
			fmt.Sprintf("cli_login is true but the Auth0 CLI has no token for %s in %s. Run `auth0 login --domain %s`, or set api_token or client credentials instead of cli_login.", tenant, where, tenant))
	}
	return token, checkCLITokenExpiry(token, tenant, now)
}

func (s CLIStore) fromKeyring(tenant string) (string, error) {
	get := s.Keyring
	if get == nil {
		get = keyring.Get
	}
	var token string
	for i := range cliAccessTokenMaxChunks {
		chunk, err := get(fmt.Sprintf("%s %d", cliAccessTokenService, i), tenant)
		if errors.Is(err, keyring.ErrNotFound) {
			break
		}
		if err != nil {
			return "", err
		}
		token += chunk
	}
	return token, nil
}

func (s CLIStore) configPath() (string, error) {
	home := s.HomeDir
	if home == "" {
		var err error
		if home, err = os.UserHomeDir(); err != nil {
			return "", err
		}
	}
	return filepath.Join(home, ".config", "auth0", "config.json"), nil
}

// tokenFromCLIConfig reads tenants.<tenant>.access_token; "" when the file
// or the tenant is not there.
func tokenFromCLIConfig(path, tenant string) (string, error) {
	data, err := os.ReadFile(path) //nolint:gosec // G304: the CLI's own configuration file
	if errors.Is(err, fs.ErrNotExist) {
		return "", nil
	}
	if err != nil {
		return "", err
	}
	var cfg struct {
		Tenants map[string]struct {
			AccessToken string `json:"access_token"`
		} `json:"tenants"`
	}
	if err := json.Unmarshal(data, &cfg); err != nil {
		return "", fmt.Errorf("%s is not valid JSON: %w", path, err)
	}
	return cfg.Tenants[tenant].AccessToken, nil
}

// checkCLITokenExpiry refuses an expired token up front: every request would
// otherwise fail with a 401 that does not say why.
func checkCLITokenExpiry(token, tenant string, now time.Time) error {
	claims := jwt.MapClaims{}
	if _, _, err := jwt.NewParser().ParseUnverified(token, claims); err != nil {
		return cliLoginError("Unreadable Auth0 CLI token", fmt.Sprintf("cli_login is true but the Auth0 CLI's token for %s is not a JWT (%v). Run `auth0 login --domain %s` again.", tenant, err, tenant))
	}
	exp, err := claims.GetExpirationTime()
	if err != nil || exp == nil {
		return cliLoginError("Unreadable Auth0 CLI token", fmt.Sprintf("cli_login is true but the Auth0 CLI's token for %s has no expiry. Run `auth0 login --domain %s` again.", tenant, tenant))
	}
	if !now.Before(exp.Time) {
		return cliLoginError("Expired Auth0 CLI token", fmt.Sprintf("cli_login is true but the Auth0 CLI's token for %s expired at %s. Run `auth0 login --domain %s` again.", tenant, exp.UTC().Format(time.RFC3339), tenant))
	}
	return nil
}

func cliLoginError(summary, detail string) error {
	return &SettingError{Setting: SettingCLILogin, Summary: summary, Detail: detail}
}
