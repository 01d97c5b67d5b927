package tfcli

import "testing"

func TestLineChanges(t *testing.T) {
	before := "a\nb\nb\nc"
	after := "a\nb\nc\nd"
	if got, want := lineChanges(before, after), "- b\n+ d"; got != want {
		t.Errorf("lineChanges = %q, want %q", got, want)
	}
	if got := lineChanges(before, before); got != "" {
		t.Errorf("lineChanges of equal texts = %q", got)
	}
}
