package emulator

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func jsonReader(v any) io.Reader {
	b, _ := json.Marshal(v)
	return bytes.NewReader(b)
}

func jsonNumber(n int) json.Number { return json.Number(itoa(n)) }

func TestPersistenceSurvivesRestart(t *testing.T) {
	file := filepath.Join(t.TempDir(), "tenant.json")
	s := newTestServer(t, Config{DataFile: file})
	app := s.emu.CreateClient("app")
	r := s.do("POST", "/api/v2/connections", `{"name":"durable","strategy":"auth0","options":{"configuration":{"k":"v"},"size":1.50}}`)
	mustStatus(t, r, http.StatusCreated)
	id := r.object(t)["id"].(string)
	mustStatus(t, s.do("PATCH", "/api/v2/connections/"+id+"/clients", []any{map[string]any{"client_id": app, "status": true}}), http.StatusNoContent)
	token := s.token

	// A second emulator on the same file is the restarted process: no
	// Save/Close was needed, every acknowledged write is already on disk.
	s2 := newTestServer(t, Config{DataFile: file})
	r = s2.call("GET", "/api/v2/connections/"+id, nil, token) // old tokens stay valid
	mustStatus(t, r, http.StatusOK)
	got := r.object(t)
	if got["name"] != "durable" || mustJSON(got["enabled_clients"]) != `["`+app+`"]` {
		t.Errorf("reloaded connection %s", r.raw)
	}
	if !strings.Contains(string(r.raw), `"size":1.50`) {
		t.Errorf("numbers not kept exactly: %s", r.raw)
	}
	if plain, ok := s2.emu.cipher.decrypt(path(got, "options", "configuration", "k").(string)); !ok || plain != "v" {
		t.Errorf("configuration cannot be decrypted after restart")
	}
	entries, _ := os.ReadDir(filepath.Dir(file))
	if len(entries) != 1 {
		t.Errorf("temp files left behind: %v", entries)
	}
}

func TestCorruptDataFileIsAnError(t *testing.T) {
	dir := t.TempDir()
	for name, content := range map[string]string{
		"truncated.json": `{"version":1,"connections":{`,
		"foreign.json":   `{"hello":"world"}`,
	} {
		file := filepath.Join(dir, name)
		if err := os.WriteFile(file, []byte(content), 0o600); err != nil {
			t.Fatal(err)
		}
		if _, err := New(Config{DataFile: file}); err == nil {
			t.Errorf("%s: New succeeded on a bad data file", name)
		}
		if b, _ := os.ReadFile(file); string(b) != content {
			t.Errorf("%s: the bad file was rewritten", name)
		}
	}
}

func TestFailedPersistRollsBack(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "sub", "tenant.json") // directory missing: every persist fails
	s := newTestServer(t, Config{DataFile: file})
	r := s.do("POST", "/api/v2/connections", map[string]any{"name": "lost", "strategy": "auth0"})
	mustStatus(t, r, http.StatusInternalServerError)
	if got := mustJSON(s.do("GET", "/api/v2/connections", nil).body); got != "[]" {
		t.Errorf("unpersisted write is visible: %s", got)
	}
	if err := s.emu.Save(); err == nil {
		t.Error("Save succeeded into a missing directory")
	}
	// A token minted before the failure stays valid.
	mustStatus(t, s.do("GET", "/api/v2/connections", nil), http.StatusOK)
}

func TestCloseSaves(t *testing.T) {
	file := filepath.Join(t.TempDir(), "tenant.json")
	emu, err := New(Config{DataFile: file})
	if err != nil {
		t.Fatal(err)
	}
	if err := emu.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(file); err != nil {
		t.Errorf("Close did not write the data file: %v", err)
	}
	emu2, err := New(Config{DataFile: file})
	if err != nil {
		t.Fatalf("reloading an empty tenant: %v", err)
	}
	if !bytes.Equal(emu2.signingKey, emu.signingKey) {
		t.Error("signing key not persisted")
	}
}
