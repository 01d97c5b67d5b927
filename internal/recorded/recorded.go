// Package recorded loads the team's recorded real Auth0 Management API
// exchanges (../shared/auth0-api/recorded-exchanges.jsonl beside the
// repository: one request and its response per line) for the tests that
// check the emulator, the client and the options rules against real
// traffic. The file is never copied
// into the repository; outside the team it is absent and those tests skip.
package recorded

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"testing"
)

// RelPath is where the exchanges live, relative to the repository root.
const RelPath = "../shared/auth0-api/recorded-exchanges.jsonl"

// Exchange is one recorded request and its response.
type Exchange struct {
	File                string          `json:"file"`
	Interaction         int             `json:"interaction"`
	Method              string          `json:"method"`
	URL                 string          `json:"url"`
	RequestContentType  string          `json:"request_content_type"`
	RequestBody         json.RawMessage `json:"request_body"`
	Status              int             `json:"status"`
	StatusText          string          `json:"status_text"`
	ResponseContentType string          `json:"response_content_type"`
	ResponseBody        json.RawMessage `json:"response_body"`
}

func (e Exchange) String() string {
	return fmt.Sprintf("%s#%d %s %s", e.File, e.Interaction, e.Method, e.URL)
}

// Find returns the file's path: it walks up from the working directory to
// the repository root (the directory holding go.mod). The error wraps
// os.ErrNotExist when the shared folder is absent.
func Find() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			break
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("recorded: no go.mod above the working directory")
		}
		dir = parent
	}
	path := filepath.Join(dir, RelPath)
	if _, err := os.Stat(path); err != nil {
		return path, fmt.Errorf("recorded exchanges at %s: %w", path, err)
	}
	return path, nil
}

// Load reads every exchange. When the shared folder is absent the test is
// skipped with a message saying so; any other problem fails it.
func Load(tb testing.TB) []Exchange {
	tb.Helper()
	path, err := Find()
	if errors.Is(err, os.ErrNotExist) {
		tb.Skipf("%v: they live beside the repository, in the team's ../shared folder", err)
	}
	if err != nil {
		tb.Fatal(err)
	}
	exchanges, err := readFile(path)
	if err != nil {
		tb.Fatal(err)
	}
	return exchanges
}

// Read finds and reads the exchanges without a test: for fuzz seeds, which
// are a bonus when the file is there and no reason to skip when it is not.
func Read() ([]Exchange, error) {
	path, err := Find()
	if err != nil {
		return nil, err
	}
	return readFile(path)
}

// ByFile groups exchanges by recording, each in interaction order.
func ByFile(exchanges []Exchange) map[string][]Exchange {
	byFile := map[string][]Exchange{}
	for _, e := range exchanges {
		byFile[e.File] = append(byFile[e.File], e)
	}
	for _, xs := range byFile {
		sort.SliceStable(xs, func(i, j int) bool { return xs[i].Interaction < xs[j].Interaction })
	}
	return byFile
}

func readFile(path string) ([]Exchange, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var out []Exchange
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 0, 1<<20), 16<<20)
	for sc.Scan() {
		var e Exchange
		if err := json.Unmarshal(sc.Bytes(), &e); err != nil {
			return nil, fmt.Errorf("%s line %d: %w", path, len(out)+1, err)
		}
		out = append(out, e)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("%s holds no exchanges", path)
	}
	return out, nil
}
