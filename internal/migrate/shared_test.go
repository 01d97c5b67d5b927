package migrate

import (
	"os"
	"path/filepath"
	"testing"
)

// officialDir returns ../shared/official-provider beside the repository:
// the official provider's examples, its binary and its options map. It is
// the team's material, never copied into the repository; outside the team
// it is absent and the tests that need it skip, saying so.
//
// (A local helper for now: the repository's shared-folder helper is being
// generalised from internal/recorded, which only finds the recorded
// exchanges.)
func officialDir(tb testing.TB) string {
	tb.Helper()
	dir, err := os.Getwd()
	if err != nil {
		tb.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			break
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			tb.Fatal("no go.mod above the working directory")
		}
		dir = parent
	}
	official := filepath.Join(dir, "..", "shared", "official-provider")
	if _, err := os.Stat(filepath.Join(official, "examples")); err != nil {
		tb.Skipf("the official provider's examples are not at %s (%v): they live beside the repository, in the team's ../shared folder", official, err)
	}
	return official
}
