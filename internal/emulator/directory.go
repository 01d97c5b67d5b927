package emulator

import (
	"net/http"
)

// Directory provisioning (Google Workspace directory sync):
// /api/v2/connections/{id}/directory-provisioning.
//
// Only google-apps connections accept it, and only when their options turn
// on what the sync reads: the Users API to create a configuration, and the
// Groups API and the groups extended attribute whenever groups are
// synchronized. Auth0 accepts configurations on connections whose Google
// admin consent was never given (a test tenant's fake Workspace works), so
// the emulator asks for no consent. A configuration never changes the
// connection; its last_synchronization_* keys appear only once a sync has
// run, which never happens here.

// directoryProvisioning is a connection's directory-provisioning
// configuration, with its selection of synchronized groups.
type directoryProvisioning struct {
	Mapping                  []map[string]any          `json:"mapping"`
	SynchronizeAutomatically bool                      `json:"synchronize_automatically"`
	SynchronizeGroups        string                    `json:"synchronize_groups"`
	CreatedAt                string                    `json:"created_at"`
	UpdatedAt                string                    `json:"updated_at"`
	Groups                   map[string]map[string]any `json:"groups,omitempty"` // selected groups by id, as sent
}

// directorySides are a directory mapping item's keys, in the order the
// configuration writes them.
var directorySides = [2]string{"idp", "auth0"}

// groupSyncModes are the values of synchronize_groups.
var groupSyncModes = []string{"all", "off", "selected"}

func errDirectoryNotFound() *apiError {
	return &apiError{Status: http.StatusNotFound, Message: "Directory provisioning configuration not found"}
}

// checkDirectoryStrategy: directory provisioning is Google Workspace's.
func checkDirectoryStrategy(c *connection) *apiError {
	if c.Strategy != "google-apps" {
		return &apiError{Status: http.StatusBadRequest, Message: "The connection strategy does not support inbound directory provisioning"}
	}
	return nil
}

// directoryOf returns the connection's configuration or the error for a
// connection that cannot have one or has none.
func directoryOf(c *connection) (*directoryProvisioning, *apiError) {
	if err := checkDirectoryStrategy(c); err != nil {
		return nil, err
	}
	if c.Directory == nil {
		return nil, errDirectoryNotFound()
	}
	return c.Directory, nil
}

// The Google Workspace options a sync needs, with Auth0's message for each
// one that is off.
const (
	msgUsersAPIOff  = "The Google Workspace Users API is not enabled on the connection. Select the Enable Users API option and go through the setup again."
	msgGroupsOff    = "The Groups extended attribute is not enabled on the connection. Select the Groups extended attribute option and go through the setup again."
	msgGroupsAPIOff = "The Google Workspace Groups API is not enabled on the connection. Select the Enable Groups API option and go through the setup again."
)

// checkGroupsEnabled: synchronizing groups needs the groups attribute and
// the Groups API.
func checkGroupsEnabled(c *connection) *apiError {
	if c.options()["ext_groups"] != true {
		return &apiError{Status: http.StatusBadRequest, Message: msgGroupsOff}
	}
	return checkGroupsAPI(c)
}

// checkGroupsAPI: the group selection is read from the Groups API.
func checkGroupsAPI(c *connection) *apiError {
	if c.options()["api_enable_groups"] != true {
		return &apiError{Status: http.StatusBadRequest, Message: msgGroupsAPIOff}
	}
	return nil
}

func renderDirectory(c *connection) orderedObject {
	d := c.Directory
	return orderedObject{
		{"connection_id", c.ID}, {"connection_name", c.Name}, {"strategy", c.Strategy},
		{"mapping", renderMapping(d.Mapping, directorySides)},
		{"synchronize_automatically", d.SynchronizeAutomatically},
		{"created_at", d.CreatedAt},
		{"updated_at", d.UpdatedAt},
		{"synchronize_groups", d.SynchronizeGroups},
	}
}

// directoryBody is a parsed create or update body; nil fields were not
// sent.
type directoryBody struct {
	mapping                  []map[string]any
	synchronizeAutomatically *bool
	synchronizeGroups        *string
}

func parseDirectoryBody(r *http.Request) (directoryBody, *apiError) {
	var out directoryBody
	body, order, err := readOptionalObject(r)
	if err == nil {
		err = checkObject("", body, order, []string{"mapping", "synchronize_automatically", "synchronize_groups"}, nil)
	}
	if err != nil {
		return out, err
	}
	if _, sent := body["mapping"]; sent {
		arr, err := arrayProp(body, "mapping", 1, 0)
		if err != nil {
			return out, err
		}
		if out.mapping, err = mappingItems("mapping", arr, directorySides, false); err != nil {
			return out, err
		}
	}
	if v, sent := body["synchronize_automatically"]; sent {
		b, ok := v.(bool)
		if !ok {
			return out, typeError("synchronize_automatically", "boolean", v)
		}
		out.synchronizeAutomatically = &b
	}
	if _, sent := body["synchronize_groups"]; sent {
		mode, err := optionalString("", body, "synchronize_groups")
		if err != nil {
			return out, err
		}
		if !contains(groupSyncModes, mode) {
			return out, errInvalidBody("No enum match for: "+mode, "synchronize_groups", "")
		}
		out.synchronizeGroups = &mode
	}
	return out, nil
}

// applyTo merges the sent fields into d: what is not sent stays, a sent
// mapping replaces the stored one.
func (b directoryBody) applyTo(d *directoryProvisioning) {
	if b.mapping != nil {
		d.Mapping = b.mapping
	}
	if b.synchronizeAutomatically != nil {
		d.SynchronizeAutomatically = *b.synchronizeAutomatically
	}
	if b.synchronizeGroups != nil {
		d.SynchronizeGroups = *b.synchronizeGroups
	}
}

// checkSyncPrerequisites applies the option checks to the configuration a
// write would leave.
func checkSyncPrerequisites(c *connection, d *directoryProvisioning) *apiError {
	if d.SynchronizeGroups != "off" {
		return checkGroupsEnabled(c)
	}
	return nil
}

// handleCreateDirectory implements POST …/directory-provisioning: 201 with
// the configuration, the Google Workspace default mapping and no automatic
// sync unless sent, groups "off" unless sent.
func (e *Emulator) handleCreateDirectory(q *request) {
	body, err := parseDirectoryBody(q.r)
	if q.fail(err) {
		return
	}
	e.writeConnection(q, func(c *connection) (int, any, *apiError) {
		if err := checkDirectoryStrategy(c); err != nil {
			return 0, nil, err
		}
		if c.Directory != nil {
			return 0, nil, &apiError{Status: http.StatusConflict, Message: "Directory provisioning is already enabled on the specified connection"}
		}
		if c.options()["api_enable_users"] != true {
			return 0, nil, &apiError{Status: http.StatusBadRequest, Message: msgUsersAPIOff}
		}
		now := e.clock().UTC().Format(isoMillis)
		d := &directoryProvisioning{
			Mapping:           mappingFromPairs(googleWorkspaceMapping, directorySides),
			SynchronizeGroups: "off",
			CreatedAt:         now,
			UpdatedAt:         now,
		}
		body.applyTo(d)
		if err := checkSyncPrerequisites(c, d); err != nil {
			return 0, nil, err
		}
		c.Directory = d
		return http.StatusCreated, renderDirectory(c), nil
	})
}

// handleGetDirectory implements GET …/directory-provisioning.
func (e *Emulator) handleGetDirectory(q *request) {
	e.readConnection(q, subresourceRead(directoryOf, func(c *connection, _ *directoryProvisioning) (any, *apiError) {
		return renderDirectory(c), nil
	}))
}

// handleUpdateDirectory implements PATCH …/directory-provisioning: the sent
// fields change, the others stay, updated_at moves.
func (e *Emulator) handleUpdateDirectory(q *request) {
	body, err := parseDirectoryBody(q.r)
	if q.fail(err) {
		return
	}
	e.writeConnection(q, subresourceWrite(directoryOf, func(c *connection, d *directoryProvisioning) (int, any, *apiError) {
		next := *d
		body.applyTo(&next)
		if err := checkSyncPrerequisites(c, &next); err != nil {
			return 0, nil, err
		}
		next.UpdatedAt = e.clock().UTC().Format(isoMillis)
		*d = next
		return http.StatusOK, renderDirectory(c), nil
	}))
}

// handleDeleteDirectory implements DELETE …/directory-provisioning: 204,
// also when there is none; the group selection goes with it.
func (e *Emulator) handleDeleteDirectory(q *request) {
	e.writeConnection(q, func(c *connection) (int, any, *apiError) {
		if err := checkDirectoryStrategy(c); err != nil {
			return 0, nil, err
		}
		c.Directory = nil
		return http.StatusNoContent, nil, nil
	})
}

// handleDirectoryDefaultMapping implements GET
// …/directory-provisioning/default-mapping: {"mapping":[{auth0, idp}…]},
// the Google Workspace default whether or not a configuration exists.
func (e *Emulator) handleDirectoryDefaultMapping(q *request) {
	e.readConnection(q, func(c *connection) (any, *apiError) {
		if err := checkDirectoryStrategy(c); err != nil {
			return nil, err
		}
		items := mappingFromPairs(googleWorkspaceMapping, directorySides)
		return orderedObject{{"mapping", renderMapping(items, [2]string{"auth0", "idp"})}}, nil
	})
}
