// Package recorded loads the team's recordings of real Auth0 Management API
// traffic (one JSON object a line: request and response, for every call of
// the recorded sessions) for the tests that check the emulator, the client
// and the options rules against what the real API did. The file lives in
// the reference folder beside the repository (see package shared) and is
// never copied into it; outside the team it is absent and those tests skip.
package recorded

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"sort"
	"testing"

	"github.com/openauth0/terraform-provider-auth0/internal/shared"
)

// File is where the exchanges live inside the reference folder.
const File = "auth0-api/recorded-exchanges.jsonl"

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

// Load reads every exchange. When the reference folder is absent the test
// is skipped with a message saying so; any other problem fails it.
func Load(tb testing.TB) []Exchange {
	tb.Helper()
	exchanges, err := readFile(shared.PathOf(tb, "the recorded real Auth0 exchanges", File))
	if err != nil {
		tb.Fatal(err)
	}
	return exchanges
}

// Read finds and reads the exchanges without a test: for fuzz seeds, which
// are a bonus when the file is there and no reason to skip when it is not.
// The error wraps os.ErrNotExist when the file is absent.
func Read() ([]Exchange, error) {
	path, err := shared.Find(File)
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
