package provider

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/openauth0/terraform-provider-auth0/internal/client"
)

// providerModel is the provider block.
type providerModel struct {
	Domain         types.String  `tfsdk:"domain"`
	ClientID       types.String  `tfsdk:"client_id"`
	ClientSecret   types.String  `tfsdk:"client_secret"`
	APIToken       types.String  `tfsdk:"api_token"`
	Audience       types.String  `tfsdk:"audience"`
	Debug          types.Bool    `tfsdk:"debug"`
	RateLimit      types.Float64 `tfsdk:"rate_limit"`
	Reserve        types.Float64 `tfsdk:"rate_limit_reserve"`
	MaxRetryWait   types.String  `tfsdk:"max_retry_wait"`
	RequestTimeout types.String  `tfsdk:"request_timeout"`
	BatchReads     types.Bool    `tfsdk:"batch_reads"`

	ClientAssertionPrivateKey types.String `tfsdk:"client_assertion_private_key"`
	ClientAssertionSigningAlg types.String `tfsdk:"client_assertion_signing_alg"`
	CLILogin                  types.Bool   `tfsdk:"cli_login"`
	DynamicCredentials        types.Bool   `tfsdk:"dynamic_credentials"`
	CustomDomainHeader        types.String `tfsdk:"custom_domain_header"`
}

// envVars pairs each attribute of the provider block with the environment
// variable read when the attribute is null. The names are the official
// provider's, so switching is a change of the source address only.
var envVars = map[string]string{ //nolint:gosec // G101: environment variable names, not credentials
	client.SettingDomain:         "AUTH0_DOMAIN",
	client.SettingClientID:       "AUTH0_CLIENT_ID",
	client.SettingClientSecret:   "AUTH0_CLIENT_SECRET",
	client.SettingAPIToken:       "AUTH0_API_TOKEN",
	"audience":                   "AUTH0_AUDIENCE",
	"debug":                      "AUTH0_DEBUG",
	client.SettingRateLimit:      "AUTH0_RATE_LIMIT",
	client.SettingReserve:        "AUTH0_RATE_LIMIT_RESERVE",
	client.SettingMaxRetryWait:   "AUTH0_MAX_RETRY_WAIT",
	client.SettingRequestTimeout: "AUTH0_REQUEST_TIMEOUT",
	"batch_reads":                "AUTH0_BATCH_READS",

	client.SettingClientAssertionPrivateKey: "AUTH0_CLIENT_ASSERTION_PRIVATE_KEY",
	client.SettingClientAssertionSigningAlg: "AUTH0_CLIENT_ASSERTION_SIGNING_ALG",
	client.SettingCLILogin:                  "AUTH0_CLI_LOGIN",
	client.SettingDynamicCredentials:        "AUTH0_DYNAMIC_CREDENTIALS",
	client.SettingCustomDomainHeader:        "AUTH0_CUSTOM_DOMAIN_HEADER",
}

// settings are the provider block merged with the environment, typed.
type settings struct {
	client     client.Config
	batchReads bool
}

// source is where a setting's value came from.
type source int

const (
	unset source = iota
	fromBlock
	fromEnv
	unknownValue
)

// settingsReader reads the provider block, attribute by attribute: an
// attribute that is set wins over its environment variable. A value that
// cannot be read is an error on its attribute.
type settingsReader struct {
	// getenv reads the environment; nil reads the block alone, as
	// ValidateConfig does: there an unset value may still come from the
	// environment, and an unknown one is checked once it is known.
	getenv  func(string) string
	sources map[string]source
	diags   diag.Diagnostics
	// dynamic: dynamic_credentials is true, so an unknown credential is
	// not an error (see client.IsCredentialSetting).
	dynamic bool
}

func newSettingsReader(getenv func(string) string) *settingsReader {
	return &settingsReader{getenv: getenv, sources: map[string]source{}}
}

// read returns the settings. Unknown values are errors when the environment
// is read, because the provider cannot connect without them.
func (r *settingsReader) read(m providerModel) settings {
	r.dynamic = r.boolean(client.SettingDynamicCredentials, m.DynamicCredentials, false)
	return settings{
		client: client.Config{
			DynamicCredentials:        r.dynamic,
			ClientAssertionPrivateKey: r.text(client.SettingClientAssertionPrivateKey, m.ClientAssertionPrivateKey),
			ClientAssertionSigningAlg: r.text(client.SettingClientAssertionSigningAlg, m.ClientAssertionSigningAlg),
			CLILogin:                  r.boolean(client.SettingCLILogin, m.CLILogin, false),
			CustomDomainHeader:        r.text(client.SettingCustomDomainHeader, m.CustomDomainHeader),

			Domain:           r.text(client.SettingDomain, m.Domain),
			APIToken:         r.text(client.SettingAPIToken, m.APIToken),
			ClientID:         r.text(client.SettingClientID, m.ClientID),
			ClientSecret:     r.text(client.SettingClientSecret, m.ClientSecret),
			Audience:         r.text("audience", m.Audience),
			Debug:            r.boolean("debug", m.Debug, false),
			RateLimit:        r.number(client.SettingRateLimit, m.RateLimit),
			RateLimitReserve: r.optionalNumber(client.SettingReserve, m.Reserve),
			MaxRetryWait:     r.duration(client.SettingMaxRetryWait, m.MaxRetryWait),
			RequestTimeout:   r.duration(client.SettingRequestTimeout, m.RequestTimeout),
		},
		batchReads: r.boolean("batch_reads", m.BatchReads, true),
	}
}

// attribute is the part of a types.* value the reader needs.
type attribute interface {
	IsNull() bool
	IsUnknown() bool
}

// lookup says where an attribute's value is and returns the environment
// variable's text when it is there.
func (r *settingsReader) lookup(name string, v attribute) (string, source) {
	src, env := unset, ""
	switch {
	case v.IsUnknown():
		src = unknownValue
		if r.getenv != nil && !(r.dynamic && client.IsCredentialSetting(name)) {
			detail := fmt.Sprintf("The provider cannot connect to Auth0 while %s is unknown. Set it to a value known at plan time, or through %s.", name, envVars[name])
			if client.IsCredentialSetting(name) {
				detail += " When it comes from another resource, set dynamic_credentials = true: the provider then waits for it until it needs the API."
			}
			r.diags.AddAttributeError(path.Root(name), "Unknown provider setting", detail)
		}
	case !v.IsNull():
		src = fromBlock
	case r.getenv != nil:
		if env = r.getenv(envVars[name]); env != "" {
			src = fromEnv
		}
	}
	r.sources[name] = src
	return env, src
}

func (r *settingsReader) text(name string, v types.String) string {
	switch env, src := r.lookup(name, v); src {
	case fromEnv:
		return env
	case fromBlock:
		return v.ValueString()
	}
	return ""
}

func (r *settingsReader) boolean(name string, v types.Bool, def bool) bool {
	switch env, src := r.lookup(name, v); src {
	case fromEnv:
		b, err := parseBool(env)
		if err != nil {
			r.invalid(name, env, "true or false")
			return def
		}
		return b
	case fromBlock:
		return v.ValueBool()
	}
	return def
}

// parseBool also takes "on" and "off", which the official provider reads
// as true and false in its AUTH0_* variables.
func parseBool(s string) (bool, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "on":
		return true, nil
	case "off":
		return false, nil
	}
	return strconv.ParseBool(strings.TrimSpace(s))
}

func (r *settingsReader) number(name string, v types.Float64) float64 {
	if f := r.optionalNumber(name, v); f != nil {
		return *f
	}
	return 0
}

// optionalNumber reads a number; nil when it is not set.
func (r *settingsReader) optionalNumber(name string, v types.Float64) *float64 {
	switch env, src := r.lookup(name, v); src {
	case fromEnv:
		// Out of range parses as ±Inf, which the client's rule rejects
		// with the reason.
		f, err := strconv.ParseFloat(strings.TrimSpace(env), 64)
		if err != nil && !errors.Is(err, strconv.ErrRange) {
			r.invalid(name, env, numberKinds[name])
		}
		return &f
	case fromBlock:
		f := v.ValueFloat64()
		return &f
	}
	return nil
}

// numberKinds say what a numeric setting holds, for errors.
var numberKinds = map[string]string{
	client.SettingRateLimit: "a number of requests per second",
	client.SettingReserve:   "a fraction such as 0.2",
}

// duration reads a Go duration string; nil when it is not set.
func (r *settingsReader) duration(name string, v types.String) *time.Duration {
	env, src := r.lookup(name, v)
	switch src {
	case fromBlock:
		env = v.ValueString()
	case fromEnv:
	default:
		return nil
	}
	d, err := time.ParseDuration(strings.TrimSpace(env))
	if err != nil {
		r.invalid(name, env, `a duration such as "30s" or "2m"`)
		return nil
	}
	return &d
}

// invalid reports a value that does not parse.
func (r *settingsReader) invalid(name, raw, want string) {
	what := name
	if r.sources[name] == fromEnv {
		what = fmt.Sprintf("%s (from %s)", name, envVars[name])
	}
	r.diags.AddAttributeError(path.Root(name), "Invalid provider setting",
		fmt.Sprintf("%s must be %s, got %q.", what, want, raw))
}

// report turns the client's verdict on the settings into diagnostics, each
// on the attribute it is about.
func (r *settingsReader) report(err error) {
	if err == nil {
		return
	}
	settingErrs := client.SettingErrors(err)
	if len(settingErrs) == 0 {
		r.diags.AddError("Invalid provider configuration", err.Error())
		return
	}
	for _, se := range settingErrs {
		r.diags.AddAttributeError(path.Root(se.Setting), se.Summary, se.Detail+r.origins(se))
	}
}

// origins says where the values an error is about came from, when that is
// the environment or nowhere: a user who set nothing in the block needs to
// know which variable to look at.
func (r *settingsReader) origins(se *client.SettingError) string {
	var fromEnvironment, missing []string
	for _, name := range append([]string{se.Setting}, se.With...) {
		switch r.sources[name] {
		case fromEnv:
			fromEnvironment = append(fromEnvironment, fmt.Sprintf("%s (%s)", envVars[name], name))
		case unset:
			missing = append(missing, fmt.Sprintf("%s (%s)", name, envVars[name]))
		}
	}
	var note strings.Builder
	if len(fromEnvironment) > 0 {
		fmt.Fprintf(&note, "\n\nRead from the environment: %s.", strings.Join(fromEnvironment, ", "))
	}
	if len(missing) > 0 {
		fmt.Fprintf(&note, "\n\nSet neither in the provider block nor in the environment: %s.", strings.Join(missing, ", "))
	}
	return note.String()
}

func userAgent(version, terraformVersion string) string {
	ua := "terraform-provider-auth0/" + version
	if terraformVersion != "" {
		ua += " terraform/" + terraformVersion
	}
	return ua
}
