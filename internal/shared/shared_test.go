package shared_test

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/openauth0/terraform-provider-auth0/internal/shared"
)

func TestRootIsBesideTheRepository(t *testing.T) {
	root, err := shared.Root()
	if err != nil {
		t.Fatal(err)
	}
	// This package is internal/shared of the repository.
	wd, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	if want := filepath.Join(filepath.Dir(filepath.Dir(filepath.Dir(wd))), "shared"); root != want {
		t.Errorf("Root() = %s, want %s", root, want)
	}
}

func TestFindAbsentFileWrapsErrNotExist(t *testing.T) {
	path, err := shared.Find("no/such/file-*.txt")
	if !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("err = %v, want one wrapping os.ErrNotExist", err)
	}
	if !strings.HasSuffix(path, filepath.FromSlash("shared/no/such/file-*.txt")) {
		t.Errorf("path = %s, want the place looked at", path)
	}
}

func TestPathSkipsSayingWhatIsMissing(t *testing.T) {
	var skipped bool
	var reason string
	t.Run("absent", func(t *testing.T) {
		t.Cleanup(func() { skipped = t.Skipped() })
		shared.PathOf(&recordingTB{T: t, skip: &reason}, "a test fixture", "no/such/file")
		t.Error("not skipped")
	})
	if !skipped {
		t.Fatal("a missing file does not skip the test")
	}
	for _, want := range []string{"needs ../shared", "reference material beside the repository", "a test fixture (", "no/such/file) not found"} {
		if !strings.Contains(reason, want) {
			t.Errorf("skip message %q lacks %q", reason, want)
		}
	}
}

func TestFindMatchesAGlob(t *testing.T) {
	root, err := shared.Root()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(root); err != nil {
		t.Skipf("needs ../shared to look into: %v", err)
	}
	entries, err := os.ReadDir(root)
	if err != nil || len(entries) == 0 {
		t.Skipf("../shared is empty or unreadable: %v", err)
	}
	first := entries[0].Name()
	got, err := shared.Find(first[:1] + "*")
	if err != nil {
		t.Fatal(err)
	}
	if got != filepath.Join(root, first) {
		t.Errorf("Find(%q) = %s, want the first match %s", first[:1]+"*", got, filepath.Join(root, first))
	}
}

// recordingTB keeps the skip message, then skips.
type recordingTB struct {
	*testing.T
	skip *string
}

func (r *recordingTB) Skipf(format string, args ...any) {
	*r.skip = fmt.Sprintf(format, args...)
	r.T.Skipf(format, args...)
}
