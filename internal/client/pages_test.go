package client

import (
	"errors"
	"net/url"
	"strings"
	"testing"
)

// A server whose cursors come back round, at once or after other pages,
// ends the listing with an error instead of paging for ever.
func TestCheckpointPagesStopsOnACursorSeenBefore(t *testing.T) {
	t.Parallel()
	for name, cursors := range map[string][]string{
		"the same cursor again": {"a", "a"},
		"a loop of two pages":   {"a", "b", "a"},
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			calls := 0
			fetch := func(url.Values) ([]int, string, error) {
				if calls > len(cursors)+2 {
					return nil, "", errors.New("still paging")
				}
				next := cursors[calls%len(cursors)]
				calls++
				return []int{calls}, next, nil
			}
			_, err := collect(checkpointPages("listing things", url.Values{}, fetch))
			if err == nil || !strings.Contains(err.Error(), `listing things: the server returned the page cursor "a" twice`) {
				t.Errorf("got %v after %d pages, want the repeated cursor named", err, calls)
			}
		})
	}
}
