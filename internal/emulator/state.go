package emulator

import (
	"bytes"
	"crypto/rand"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"sort"
	"strings"
	"time"

	"github.com/openauth0/terraform-provider-auth0/internal/atomicfile"
)

// connection is one stored connection. Props holds every top-level property
// other than id, name, strategy and enabled_clients (options, display_name,
// realms, metadata, …) as generic JSON, so PATCH can merge at the top level
// without a field list to keep in sync.
type connection struct {
	ID             string         `json:"id"`
	Name           string         `json:"name"`
	Strategy       string         `json:"strategy"`
	Props          map[string]any `json:"props"`
	EnabledClients []string       `json:"enabled_clients"` // sorted ASCII, as Auth0 returns them

	// The sub-resources live on the connection, so deleting it deletes
	// them all.
	SCIM      *scimConfig            `json:"scim,omitempty"`
	Directory *directoryProvisioning `json:"directory_provisioning,omitempty"`
	Keys      *keyRing               `json:"keys,omitempty"`
}

// apiClient is a minimal Auth0 application, enough for enabled-clients
// tests.
type apiClient struct {
	ClientID     string         `json:"client_id"`
	Name         string         `json:"name"`
	ClientSecret string         `json:"client_secret"`
	Props        map[string]any `json:"props,omitempty"`
}

// tombstone remembers a deleted connection while its deletion is "pending"
// (Config.DeletePending), so a repeat DELETE returns the same deleted_at.
type tombstone struct {
	Name      string    `json:"name"`
	DeletedAt string    `json:"deleted_at"`
	Until     time.Time `json:"until"`
}

// state is everything the emulator stores; it is also the data file format.
type state struct {
	Version     int                    `json:"version"`
	SigningKey  []byte                 `json:"signing_key"`
	Connections map[string]*connection `json:"connections"`
	Clients     map[string]*apiClient  `json:"clients"`
	Deleted     map[string]*tombstone  `json:"deleted"`

	byName map[string]*connection // derived index, rebuilt on load
}

const stateVersion = 1

func newState() *state {
	key := make([]byte, 32)
	_, _ = rand.Read(key)
	return &state{
		Version:     stateVersion,
		SigningKey:  key,
		Connections: map[string]*connection{},
		Clients:     map[string]*apiClient{},
		Deleted:     map[string]*tombstone{},
		byName:      map[string]*connection{},
	}
}

// loadState reads the data file; a missing file is a fresh tenant, a file
// that does not parse is an error so that nothing is ever silently lost.
func loadState(path string) (*state, error) {
	if path == "" {
		return newState(), nil
	}
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return newState(), nil
	}
	if err != nil {
		return nil, fmt.Errorf("emulator: reading data file: %w", err)
	}
	st := &state{}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber() // keep option numbers exactly as stored
	if err := dec.Decode(st); err != nil {
		return nil, fmt.Errorf("emulator: data file %s is corrupt (%w); refusing to start with an empty tenant: fix or remove it", path, err)
	}
	if st.Version != stateVersion || len(st.SigningKey) == 0 || st.Connections == nil {
		return nil, fmt.Errorf("emulator: data file %s is not an auth0-emulator data file (version %d)", path, st.Version)
	}
	if st.Clients == nil {
		st.Clients = map[string]*apiClient{}
	}
	if st.Deleted == nil {
		st.Deleted = map[string]*tombstone{}
	}
	st.byName = map[string]*connection{}
	for id, c := range st.Connections {
		if c == nil || c.ID != id {
			return nil, fmt.Errorf("emulator: data file %s is corrupt: bad connection entry %q", path, id)
		}
		if c.Props == nil {
			c.Props = map[string]any{}
		}
		st.byName[c.Name] = c
	}
	return st, nil
}

// persistLocked writes the state atomically (temp file, fsync, rename,
// fsync of the directory). Callers hold e.mu. It is called before a write
// is acknowledged, so a kill -9 loses no acknowledged write.
func (e *Emulator) persistLocked() error {
	path := e.cfg.DataFile
	if path == "" {
		return nil
	}
	data, err := json.Marshal(e.st)
	if err != nil {
		return fmt.Errorf("emulator: encoding state: %w", err)
	}
	if err := atomicfile.Write(path, data, 0o600); err != nil {
		return fmt.Errorf("emulator: persisting: %w", err)
	}
	return nil
}

// sortedConnections returns the live connections in Auth0's list order:
// by name, case-insensitively (as recorded lists are), ties by exact name.
func (st *state) sortedConnections() []*connection {
	out := make([]*connection, 0, len(st.Connections))
	for _, c := range st.Connections {
		out = append(out, c)
	}
	sort.Slice(out, func(i, j int) bool { return connectionLess(out[i], out[j]) })
	return out
}

func connectionLess(a, b *connection) bool {
	la, lb := strings.ToLower(a.Name), strings.ToLower(b.Name)
	if la != lb {
		return la < lb
	}
	return a.Name < b.Name
}

func (st *state) addConnection(c *connection) {
	st.Connections[c.ID] = c
	st.byName[c.Name] = c
}

func (st *state) removeConnection(c *connection) {
	delete(st.Connections, c.ID)
	delete(st.byName, c.Name)
}

// expireTombstones forgets deletions whose pending window is over.
func (st *state) expireTombstones(now time.Time) {
	for id, t := range st.Deleted {
		if !now.Before(t.Until) {
			delete(st.Deleted, id)
		}
	}
}
