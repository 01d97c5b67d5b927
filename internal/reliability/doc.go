// Package reliability holds the slow reliability and security suites that
// drive the real terraform binary with a build of this provider
// (dev_overrides) against the emulator:
//
//   - TestFaultMatrix: apply, no-op plan, update, no-op plan and destroy of
//     50 connections under 20 % 5xx, 10 % 429, 500 ms latency, and
//     commit-then-drop of POST and of PATCH; the tenant must match the
//     configuration exactly, keys and a connection made out of band survive.
//   - TestInterruptedApplyLeavesNothingUntracked: SIGINT to terraform's
//     process group while 50 connections are created, then a second apply.
//   - TestInterruptStopsCreatesQueuedBehindTheRateLimit: SIGINT while 50
//     creates queue behind 2 requests/s; none of the queued ones is sent.
//   - TestEmulatorKeepsAcknowledgedWritesThroughKill9: kill -9 of the
//     auth0-emulator program (--data) during writes, restart, read back.
//   - TestSecretsNeverLeak*: TF_LOG=TRACE and debug = true over
//     create/plan/update/plan/destroy, with an API token and with client
//     credentials; every output, log and the plan JSON is searched.
//   - TestSecretsNeverLeakFromErrorsQuotingTheRequest: creates refused with
//     answers that quote the request (Auth0's message quoting the value or
//     the body, JSON that is not Auth0's envelope, a proxy's HTML page);
//     the output and TRACE log of the failed apply are searched.
//   - TestLogRecipes: the TF_LOG settings the provider's documentation
//     gives show what it says they show.
//   - TestParallelism30AgainstARateLimitedTenant: 100 connections with
//     -parallelism=30 against 10 requests/s.
//
// Each prints its measurements on FIGURES lines.
//
// The tests carry the build tag "reliability", so `go test ./...` does not
// compile them; `make test-reliability` runs them (go test -tags reliability).
// They never skip: without terraform on PATH they fail.
//
// Limits the suites document rather than test away, all of them Terraform's
// own behaviour, which no provider can change:
//
//   - A saved plan holds the values of sensitive attributes kept in state
//     (secret_options), and `terraform show -json PLAN` prints them in clear,
//     marking them in sensitive_values, just as the state file holds them.
//     Write-only secrets (secret_options_wo from an ephemeral variable) are
//     never in a plan or in state: use them for secrets that must not be
//     stored.
//   - A credential written literally in the provider block (api_token =
//     "…") appears in the plan JSON at
//     configuration.provider_config.auth0.expressions.api_token.constant_value,
//     because Terraform echoes literal configuration there. Credentials passed
//     as AUTH0_API_TOKEN / AUTH0_CLIENT_SECRET (what these suites do) appear
//     nowhere.
//   - Terraform normalizes every string to Unicode NFC before a provider sees
//     it, and merges map keys that become equal (zipmap, merge, literals; the
//     last value wins) without a warning, so the provider cannot report
//     metadata keys that collide after normalization: it only ever receives
//     one (see internal/provider's TestAccConnection_metadataKeysArriveNormalized).
//   - A secret_options_wo_version beyond the int64 range fails at plan time,
//     naming the attribute, but with the framework's generic "Value
//     Conversion Error" text.
package reliability
