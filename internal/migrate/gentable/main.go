// Command gentable writes officialmap.json, the translation table of
// auth0-migrate, from the description of the official provider's options
// block (options-map.json in the team's shared folder, beside the
// repository). Run it with `go generate ./internal/migrate/`.
//
// The description says, per strategy, which attribute of the official
// `options {}` block the official provider sends under which JSON key, and
// with which transform (written as prose). This program keeps only what the
// converter needs: one row per attribute path with its JSON key path, its
// official type and a transform kind from a small closed set. A transform it
// does not recognise stops it, so a newer description cannot slip an
// unhandled rule into the table.
package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"slices"
	"sort"
	"strings"
)

func main() {
	in := flag.String("in", "../../../shared/official-provider/options-map.json", "the options map of the official provider")
	out := flag.String("out", "officialmap.json", "the table to write")
	flag.Parse()
	if err := run(*in, *out); err != nil {
		fmt.Fprintln(os.Stderr, "gentable:", err)
		os.Exit(1)
	}
}

// source is the part of options-map.json this program reads.
type source struct {
	Meta struct {
		Source string `json:"source"`
	} `json:"meta"`
	Options []struct {
		Official   string `json:"official"`
		Type       string `json:"type"`
		Sensitive  bool   `json:"sensitive"`
		ByStrategy []struct {
			Strategies  []string `json:"strategies"`
			JSON        string   `json:"json"`
			Transform   string   `json:"transform"`
			KnownScopes []string `json:"known_scopes"`
		} `json:"by_strategy"`
	} `json:"options"`
	Strategies []struct {
		Strategy       string `json:"strategy"`
		Enterprise     bool   `json:"enterprise"`
		AttributesSent []struct {
			Official string `json:"official"`
			JSON     string `json:"json"`
		} `json:"attributes_sent"`
	} `json:"strategies"`
}

// Table is the generated file (the converter's table.go reads the same shape).
type Table struct {
	Source     string            `json:"source"`
	Attributes map[string]string `json:"official_attributes"`
	Families   []Family          `json:"families"`
}

// Family is a group of strategies that translate their options identically.
type Family struct {
	Strategies []string `json:"strategies"`
	Enterprise bool     `json:"enterprise,omitempty"`
	Rows       []Row    `json:"rows"`
}

// Row translates one attribute path of the official options block.
type Row struct {
	Attr      string          `json:"attr"`
	Key       string          `json:"key,omitempty"`
	Type      string          `json:"type"`
	Sensitive bool            `json:"sensitive,omitempty"`
	Kind      string          `json:"kind,omitempty"`
	Omit      json.RawMessage `json:"omit,omitempty"`
	Scopes    []string        `json:"scopes,omitempty"`
}

func run(in, out string) error {
	raw, err := os.ReadFile(in)
	if err != nil {
		return err
	}
	var src source
	if err := json.Unmarshal(raw, &src); err != nil {
		return fmt.Errorf("%s: %w", in, err)
	}
	t, err := build(&src)
	if err != nil {
		return err
	}
	return os.WriteFile(out, encode(t), 0o600)
}

func build(src *source) (*Table, error) {
	t := &Table{Source: src.Meta.Source, Attributes: map[string]string{}}
	type leaf struct {
		typ, transform string
		sensitive      bool
		scopes         []string
	}
	leaves := map[string]map[string]leaf{} // official path -> strategy -> leaf
	for _, o := range src.Options {
		typ, err := typeName(o.Type)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", o.Official, err)
		}
		t.Attributes[o.Official] = typ
		leaves[o.Official] = map[string]leaf{}
		for _, b := range o.ByStrategy {
			for _, s := range b.Strategies {
				leaves[o.Official][s] = leaf{typ: typ, transform: b.Transform, sensitive: o.Sensitive, scopes: b.KnownScopes}
			}
		}
	}
	byRows := map[string]*Family{}
	var order []string
	for _, s := range src.Strategies {
		var rows []Row
		headers := false
		for _, a := range s.AttributesSent {
			l, ok := leaves[a.Official][s.Strategy]
			if !ok {
				return nil, fmt.Errorf("%s: %s is sent but has no by_strategy entry", s.Strategy, a.Official)
			}
			row, err := classify(a.Official, a.JSON, l.typ, l.transform, l.scopes)
			if err != nil {
				return nil, fmt.Errorf("%s: %s: %w", s.Strategy, a.Official, err)
			}
			row.Sensitive = l.sensitive
			if row.Kind == kindHeaderMap {
				if headers {
					continue // header and value make one row
				}
				headers = true
			}
			rows = append(rows, row)
		}
		sort.Slice(rows, func(i, j int) bool { return rows[i].Attr < rows[j].Attr })
		sig, _ := json.Marshal(struct {
			E bool
			R []Row
		}{s.Enterprise, rows})
		f, ok := byRows[string(sig)]
		if !ok {
			f = &Family{Enterprise: s.Enterprise, Rows: rows}
			byRows[string(sig)] = f
			order = append(order, string(sig))
		}
		f.Strategies = append(f.Strategies, s.Strategy)
	}
	for _, sig := range order {
		t.Families = append(t.Families, *byRows[sig])
	}
	return t, nil
}

const (
	kindHeaderMap = "header_map"
)

// classify turns the prose transform of one sent attribute into a row.
func classify(attr, key, typ, transform string, scopes []string) (Row, error) {
	row := Row{Attr: attr, Key: key, Type: typ}
	switch {
	case attr == "upstream_params":
		row.Kind = "upstream_params"
	case strings.HasPrefix(transform, "JSON string parsed into a JSON object"):
		row.Kind = "json_object"
	case strings.Contains(transform, "becomes boolean flags"):
		if len(scopes) == 0 {
			return row, errors.New("boolean scope flags without known_scopes")
		}
		row.Kind, row.Key, row.Scopes = "scope_flags", "", slices.Clone(scopes)
	case strings.Contains(transform, "space-separated string"):
		row.Kind = "scope_string"
	case strings.Contains(transform, "JSON ARRAY of strings, sorted"):
		row.Kind = "scope_list"
	case strings.HasPrefix(transform, "becomes the KEY of the customHeaders"),
		strings.HasPrefix(transform, "becomes the VALUE under customHeaders"):
		row.Attr, row.Key, row.Type, row.Kind = "custom_headers", "customHeaders", "block", kindHeaderMap
	case transform == "omitted when 0 or unset":
		row.Kind, row.Omit = "omit_when", json.RawMessage(`0`)
	case strings.HasPrefix(transform, `omitted when equal to "on_each_login"`):
		row.Kind, row.Omit = "omit_when", json.RawMessage(`"on_each_login"`)
	case transform == "sent only when the list is non-empty":
		row.Kind, row.Omit = "omit_when", json.RawMessage(`[]`)
	case copies(transform):
		// the value as written, under its key
	default:
		return row, fmt.Errorf("unrecognised transform %q: teach gentable (and the converter) what it means", transform)
	}
	return row, nil
}

// copies lists the transforms that send the configured value unchanged
// (renamed or nested keys are in the row's key path already).
func copies(transform string) bool {
	for _, prefix := range []string{
		"none", "renamed only", "renamed (", "renamed and nested", "nested: placed under",
		"sent only on create",
	} {
		if transform == "" || strings.HasPrefix(transform, prefix) {
			return true
		}
	}
	return false
}

func typeName(official string) (string, error) {
	switch official {
	case "string", "bool", "int", "block", "json-string":
		return strings.TrimSuffix(official, "-string"), nil
	case "set(string)":
		return "set", nil
	case "list(string)":
		return "list", nil
	case "map(string)":
		return "map", nil
	}
	return "", fmt.Errorf("unknown official type %q", official)
}

// encode writes the table with one row per line: readable diffs when the
// table is regenerated.
func encode(t *Table) []byte {
	var b bytes.Buffer
	line := func(v any) string {
		j, err := json.Marshal(v)
		if err != nil {
			panic(err)
		}
		return string(j)
	}
	fmt.Fprintf(&b, "{\n  \"source\": %s,\n  \"official_attributes\": {\n", line(t.Source))
	attrs := make([]string, 0, len(t.Attributes))
	for a := range t.Attributes {
		attrs = append(attrs, a)
	}
	sort.Strings(attrs)
	for i, a := range attrs {
		fmt.Fprintf(&b, "    %s: %s%s\n", line(a), line(t.Attributes[a]), comma(i, len(attrs)))
	}
	b.WriteString("  },\n  \"families\": [\n")
	for i, f := range t.Families {
		fmt.Fprintf(&b, "    {\n      \"strategies\": %s,\n", line(f.Strategies))
		if f.Enterprise {
			b.WriteString("      \"enterprise\": true,\n")
		}
		b.WriteString("      \"rows\": [\n")
		for j, r := range f.Rows {
			fmt.Fprintf(&b, "        %s%s\n", line(r), comma(j, len(f.Rows)))
		}
		fmt.Fprintf(&b, "      ]\n    }%s\n", comma(i, len(t.Families)))
	}
	b.WriteString("  ]\n}\n")
	return b.Bytes()
}

func comma(i, n int) string {
	if i < n-1 {
		return ","
	}
	return ""
}
