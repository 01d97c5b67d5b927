// Package options is the pure JSON logic behind the auth0_connection
// resource: strict parsing and canonical encoding of a connection's
// `options` object, the per-strategy knowledge the provider needs about it
// (which keys are secrets, which the server derives or encrypts, which values
// are replaced whole, the known keys with their JSON types and enums), and
// the three-way merge and projection (Merge, Project).
//
// Why a three-way merge: PATCH /api/v2/connections/{id} replaces `options`
// whole, so a provider that sends only what the configuration says deletes
// every key it does not manage (server defaults, keys set in the dashboard,
// secrets kept out of the configuration). Merge starts from the server's live
// options, deletes only what the configuration stopped managing and overlays
// what it manages now; Project shows the server's view of exactly the managed
// keys, so unmanaged keys never appear as a diff.
//
// The package does no I/O, imports nothing from this repository and knows no
// Terraform types. Values are the ones encoding/json produces with UseNumber:
// Object (map[string]any), []any, string, bool, nil and json.Number; numbers
// are never float64, so no precision is lost on the way through.
//
// Per-strategy knowledge lives in data tables (tables.go, schema_tables.go),
// not in code paths per strategy. Sources for the tables: the Auth0
// Management API OpenAPI schemas (ConnectionPropertiesOptions and the
// per-strategy ConnectionOptions* schemas), the go-auth0 SDK's option structs,
// the official provider's schema, and exchanges recorded with the real
// Management API (kept outside the repository; when they are present,
// recorded_test.go checks that every successful recorded request validates
// without errors).
package options
