// Package shared finds, for tests, the team's reference material that sits
// beside the repository in a folder named "shared": recorded exchanges with
// the real Auth0 Management API, pages of Auth0's documentation as captured
// when the project began, a build of the official auth0/auth0 provider and
// its states. None of it is part of the repository. Outside the team the
// folder is absent, and every test that needs it skips and says so.
package shared

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"testing"
)

// Dir is the folder's name; it sits next to the repository's root directory.
const Dir = "shared"

// Root returns the absolute path of the folder, whether it exists or not:
// the directory beside the repository's root (see RepoRoot).
func Root() (string, error) {
	repo, err := RepoRoot()
	if err != nil {
		return "", err
	}
	return filepath.Join(filepath.Dir(repo), Dir), nil
}

// RepoRoot returns the repository's root directory, the one holding go.mod,
// walking up from the working directory (a package directory under go test).
func RepoRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("shared: no go.mod above the working directory")
		}
		dir = parent
	}
}

// Find returns the absolute path of rel, a slash-separated path inside the
// folder. rel may be a glob pattern (filepath.Match syntax), for files whose
// names carry a hash; Find then returns the first match in lexical order.
// When nothing is there the error wraps os.ErrNotExist.
func Find(rel string) (string, error) {
	root, err := Root()
	if err != nil {
		return "", err
	}
	want := filepath.Join(root, filepath.FromSlash(rel))
	matches, err := filepath.Glob(want)
	if err != nil {
		return "", fmt.Errorf("shared: bad pattern %q: %w", rel, err)
	}
	if len(matches) == 0 {
		return want, fmt.Errorf("%s: %w", want, os.ErrNotExist)
	}
	return matches[0], nil
}

// Path returns the absolute path of rel inside the folder (see Find). When
// it is absent the test is skipped with a message saying what is missing and
// why the test needs it; any other problem fails the test.
func Path(tb testing.TB, rel string) string {
	tb.Helper()
	return PathOf(tb, "", rel)
}

// PathOf is Path with a description of the file for the skip message, for
// files whose path alone does not say what they are.
func PathOf(tb testing.TB, what, rel string) string {
	tb.Helper()
	path, err := Find(rel)
	if errors.Is(err, os.ErrNotExist) {
		missing := path
		if what != "" {
			missing = fmt.Sprintf("%s (%s)", what, path)
		}
		tb.Skipf("needs ../%s (the team's reference material beside the repository): %s not found", Dir, missing)
	}
	if err != nil {
		tb.Fatal(err)
	}
	return path
}
