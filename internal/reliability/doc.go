// Package reliability holds the slow suites of issue 7 that drive the real
// terraform binary with a build of this provider (dev_overrides) against the
// emulator: the fault matrix, interrupted applies, emulator crash safety,
// secrets in logs and plans, and concurrency under a rate limit.
//
// The tests carry the build tag "reliability", so `go test ./...` does not
// compile them; `make test-reliability` runs them (go test -tags reliability).
// They never skip: without terraform on PATH they fail.
package reliability
