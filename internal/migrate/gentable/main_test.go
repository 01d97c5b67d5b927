package main

import (
	"bytes"
	"encoding/json"
	"os"
	"testing"

	"github.com/openauth0/terraform-provider-auth0/internal/shared"
)

// The committed table is what the generator writes from the options map:
// a change to either without the other fails here.
func TestCommittedTableIsGenerated(t *testing.T) {
	in := shared.PathOf(t, "the official provider's options map", "official-provider/options-map.json")
	raw, err := os.ReadFile(in)
	if err != nil {
		t.Fatal(err)
	}
	var src source
	if err := json.Unmarshal(raw, &src); err != nil {
		t.Fatal(err)
	}
	tab, err := build(&src)
	if err != nil {
		t.Fatal(err)
	}
	committed, err := os.ReadFile("../officialmap.json")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(encode(tab), committed) {
		t.Error("officialmap.json is not what gentable writes: run go generate ./internal/migrate/")
	}
}

func TestClassifyRefusesAnUnknownTransform(t *testing.T) {
	if _, err := classify("x", "x", "string", "encrypted with rot13", nil); err == nil {
		t.Error("an unknown transform was classified")
	}
}
