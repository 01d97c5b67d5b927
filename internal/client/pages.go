package client

import (
	"fmt"
	"iter"
	"maps"
	"net/url"
)

// checkpointPages iterates over the items of a listing with checkpoint
// pagination: each page's next cursor goes back as from= until a page has
// no cursor or no items. Each iteration starts again from query. fetch
// reads the page at the query it is given and returns its items and next
// cursor; what names the listing in the error of a server that answers a
// cursor it gave before (a loop of pages, which would never end). An error
// ends the iteration.
func checkpointPages[T any](what string, query url.Values, fetch func(url.Values) ([]T, string, error)) iter.Seq2[T, error] {
	return func(yield func(T, error) bool) {
		var zero T
		q := maps.Clone(query)
		seen := map[string]bool{}
		for {
			items, next, err := fetch(q)
			if err != nil {
				yield(zero, err)
				return
			}
			for _, item := range items {
				if !yield(item, nil) {
					return
				}
			}
			if next == "" || len(items) == 0 {
				return
			}
			if seen[next] {
				yield(zero, fmt.Errorf("%s: the server returned the page cursor %q twice", what, next))
				return
			}
			seen[next] = true
			q.Set("from", next)
		}
	}
}

// collect returns every item of a listing (never nil), or its error.
func collect[T any](items iter.Seq2[T, error]) ([]T, error) {
	all := []T{}
	for item, err := range items {
		if err != nil {
			return nil, err
		}
		all = append(all, item)
	}
	return all, nil
}
