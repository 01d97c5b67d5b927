package migrate

import (
	_ "embed"
	"encoding/json"
	"fmt"
	"strings"
)

// officialmap.json is the translation table: for each strategy, which
// attribute path of the official provider's `options {}` block it sends
// under which JSON key, with the attribute's official type and the kind of
// transform it applies. It is generated from a description of the official
// provider (its expand functions and go-auth0's JSON tags, checked by
// running it) and committed as this project's own data.
//
//go:generate go run ./gentable
//go:embed officialmap.json
var officialMapJSON []byte

// transformKind names the transform a row applies to the configured value. The set
// is closed: the generator refuses a transform it cannot name, and the
// table's loader refuses a kind the converter does not implement.
type transformKind string

const (
	// kindCopy sends the value as written under the row's key path (which may
	// rename or nest it: template → email.body). Literal values are first
	// converted to the official type, as Terraform did: "250" for a number
	// attribute is sent as 250, and a literal set is sorted and deduplicated.
	kindCopy transformKind = ""
	// kindOmitWhen is kindCopy, except that a literal equal to the row's Omit
	// value was never sent (password_history.size = 0, an empty precedence,
	// set_user_root_attributes = "on_each_login" for enterprise strategies).
	kindOmitWhen transformKind = "omit_when"
	// kindJSONObject is a JSON string the official provider parses and sends
	// as an object (fields_map, attribute_map.attributes): jsonencode(X)
	// becomes X, a JSON literal becomes the equivalent HCL object.
	kindJSONObject transformKind = "json_object"
	// kindUpstreamParams is kindJSONObject for upstream_params, which this
	// provider types as its own top-level attribute (map of {value | alias}).
	kindUpstreamParams transformKind = "upstream_params"
	// kindScopeFlags turns the scopes set into one boolean key per scope the
	// strategy knows (Scopes); the official provider silently drops others.
	kindScopeFlags transformKind = "scope_flags"
	// kindScopeString joins the scopes set into one space-separated string,
	// deduplicated and sorted (oidc, okta).
	kindScopeString transformKind = "scope_string"
	// kindScopeList sends the scopes set as a sorted JSON array (the OAuth2
	// family).
	kindScopeList transformKind = "scope_list"
	// kindHeaderMap turns the custom_headers blocks {header, value} into one
	// object keyed by header.
	kindHeaderMap transformKind = "header_map"
)

var knownKinds = map[transformKind]bool{
	kindCopy: true, kindOmitWhen: true, kindJSONObject: true, kindUpstreamParams: true,
	kindScopeFlags: true, kindScopeString: true, kindScopeList: true, kindHeaderMap: true,
}

// tableRow translates one attribute path of the official options block, such as
// "password_history.size" or "scopes".
type tableRow struct {
	Attr string `json:"attr"`
	Key  string `json:"key,omitempty"` // JSON key path, dotted; empty for scope flags
	Type string `json:"type"`          // official type: string bool int set list map json block
	// Sensitive is the official schema's flag: a secret there.
	Sensitive bool            `json:"sensitive,omitempty"`
	Kind      transformKind   `json:"kind,omitempty"`
	Omit      json.RawMessage `json:"omit,omitempty"`
	Scopes    []string        `json:"scopes,omitempty"`
}

// keyPath is the row's JSON key path, split.
func (r *tableRow) keyPath() []string {
	if r.Key == "" {
		return nil
	}
	return strings.Split(r.Key, ".")
}

// family is a group of strategies that translate their options identically.
type family struct {
	Strategies []string    `json:"strategies"`
	Enterprise bool        `json:"enterprise"`
	Rows       []*tableRow `json:"rows"`
}

// strategyRows is the translation of one strategy's options block.
type strategyRows struct {
	Name       string
	Enterprise bool // show_as_button is sent only for enterprise strategies
	rows       map[string]*tableRow
	blocks     map[string]bool // block paths that hold at least one row
}

// row returns the row for an attribute path, or nil when the official
// provider does not send that attribute for this strategy.
func (s *strategyRows) row(attr string) *tableRow { return s.rows[attr] }

// hasRowsUnder reports whether the block at path holds attributes the
// official provider sends for this strategy.
func (s *strategyRows) hasRowsUnder(block string) bool { return s.blocks[block] }

// officialTable is the whole translation table.
type officialTable struct {
	Source     string            `json:"source"`
	Attributes map[string]string `json:"official_attributes"`
	Families   []family          `json:"families"`
	strategies map[string]*strategyRows
}

// strategy returns the translation of a strategy's options block, or nil
// when the official provider has none (it refuses an options block for
// such a strategy).
func (t *officialTable) strategy(name string) *strategyRows { return t.strategies[name] }

// isOfficialAttribute reports whether path is an attribute or block of the
// official options block for some strategy.
func (t *officialTable) isOfficialAttribute(path string) bool {
	_, ok := t.Attributes[path]
	return ok
}

// table is the embedded table, loaded once.
var table = mustLoadTable(officialMapJSON)

func mustLoadTable(data []byte) *officialTable {
	t, err := loadTable(data)
	if err != nil {
		panic("migrate: officialmap.json: " + err.Error())
	}
	return t
}

func loadTable(data []byte) (*officialTable, error) {
	var t officialTable
	if err := json.Unmarshal(data, &t); err != nil {
		return nil, err
	}
	t.strategies = map[string]*strategyRows{}
	for _, f := range t.Families {
		for _, name := range f.Strategies {
			if t.strategies[name] != nil {
				return nil, fmt.Errorf("strategy %s is in two families", name)
			}
			s := &strategyRows{Name: name, Enterprise: f.Enterprise, rows: map[string]*tableRow{}, blocks: map[string]bool{}}
			for _, r := range f.Rows {
				if !knownKinds[r.Kind] {
					return nil, fmt.Errorf("%s: %s: unknown transform kind %q", name, r.Attr, r.Kind)
				}
				if _, ok := t.Attributes[r.Attr]; !ok {
					return nil, fmt.Errorf("%s: %s is not an official attribute", name, r.Attr)
				}
				if r.Key == "" && r.Kind != kindScopeFlags {
					return nil, fmt.Errorf("%s: %s has no key", name, r.Attr)
				}
				s.rows[r.Attr] = r
				parts := strings.Split(r.Attr, ".")
				for i := 1; i < len(parts); i++ {
					s.blocks[strings.Join(parts[:i], ".")] = true
				}
			}
			t.strategies[name] = s
		}
	}
	return &t, nil
}
