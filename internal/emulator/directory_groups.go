package emulator

import (
	"encoding/json"
	"fmt"
	"net/http"
	"regexp"
	"sort"
	"strings"
	"unicode/utf8"
)

// Synchronized groups: the Google Workspace groups a directory
// provisioning synchronizes, at
// /api/v2/connections/{id}/directory-provisioning/synchronized-groups.
//
// PUT replaces the whole selection (an empty list clears it), POST adds
// groups (a group already selected is replaced by what is sent, never
// duplicated) and DELETE, with a JSON body, removes the listed ids and
// ignores ids that are not selected; each answers 204 with no body and
// leaves the configuration itself, updated_at included, untouched. POST and
// DELETE take at most 100 groups a call. GET lists the selection sorted by
// id, in checkpoint pages whose next cursor is left out on the last page;
// each group carries exactly the keys it was sent with.

// maxGroupsPerChange is the most groups an add or a remove accepts.
const maxGroupsPerChange = 100

var groupIDRE = regexp.MustCompile(`^[A-Za-z0-9]+$`)

// emailRE is a plain address check standing in for the schema's email
// format (which rejects "" as well).
var emailRE = regexp.MustCompile(`^[^\s@]+@[^\s@]+\.[^\s@]+$`)

const groupEmailDescription = "Google Workspace Directory group email"

// groupProps are a group's keys, in the order they are written.
var groupProps = []string{"id", "name", "email", "direct_members_count"}

func errGroupsConfigNotFound() *apiError {
	return &apiError{Status: http.StatusNotFound, Message: "Connection directory provisioning configuration not found"}
}

// groupSelectionOf returns the configuration whose selection a request
// reads or changes.
func groupSelectionOf(c *connection) (*directoryProvisioning, *apiError) {
	if err := checkDirectoryStrategy(c); err != nil {
		return nil, err
	}
	if c.Directory == nil {
		return nil, errGroupsConfigNotFound()
	}
	return c.Directory, checkGroupsAPI(c)
}

// readGroups reads and validates a {"groups":[…]} body of at most max
// groups (0 = no limit).
func readGroups(r *http.Request, maxGroups int) ([]map[string]any, *apiError) {
	body, order, err := readObjectBody(r)
	if err == nil {
		err = checkObject("", body, order.top, []string{"groups"}, []string{"groups"})
	}
	var arr []any
	if err == nil {
		arr, err = arrayProp(body, "groups", 0, maxGroups)
	}
	if err != nil {
		return nil, err
	}
	groups := make([]map[string]any, len(arr))
	for i, item := range arr {
		if groups[i], err = validateGroup(fmt.Sprintf("groups[%d]", i), item); err != nil {
			return nil, err
		}
	}
	return groups, nil
}

func validateGroup(path string, v any) (map[string]any, *apiError) {
	g, err := asObject(path, v)
	if err != nil {
		return nil, err
	}
	if err := checkObject(path, g, nil, groupProps, []string{"id"}); err != nil {
		return nil, err
	}
	id, err := optionalString(path, g, "id")
	if err != nil {
		return nil, err
	}
	if n := utf8.RuneCountInString(id); n > 32 {
		return nil, errInvalidBody(fmt.Sprintf("String is too long (%d chars), maximum 32", n), path+".id", "")
	}
	if !groupIDRE.MatchString(id) {
		return nil, errInvalidBody("String does not match pattern "+groupIDRE.String()+": "+id, path+".id", "")
	}
	if _, err := optionalString(path, g, "name"); err != nil {
		return nil, err
	}
	if _, sent := g["email"]; sent {
		email, err := optionalString(path, g, "email")
		if err != nil {
			return nil, err
		}
		if !emailRE.MatchString(email) {
			return nil, errInvalidBody("Object didn't pass validation for format email: "+email, path+".email", groupEmailDescription)
		}
	}
	if v, sent := g["direct_members_count"]; sent {
		if err := checkMembersCount(path+".direct_members_count", v); err != nil {
			return nil, err
		}
	}
	return cloneObject(g), nil
}

// checkMembersCount: an integer within 0..2^31-1.
func checkMembersCount(path string, v any) *apiError {
	num, ok := v.(json.Number)
	n, convErr := num.Int64()
	if !ok || convErr != nil {
		return errInvalidBody("Expected type integer but found type "+jsonTypeName(v), path, "")
	}
	if n < 0 {
		return errInvalidBody(fmt.Sprintf("Value %d is less than minimum 0", n), path, "")
	}
	if n > 1<<31-1 {
		return errInvalidBody(fmt.Sprintf("Value %d is greater than maximum %d", n, 1<<31-1), path, "")
	}
	return nil
}

// changeGroups answers a write to the selection with 204.
func (e *Emulator) changeGroups(q *request, maxGroups int, change func(d *directoryProvisioning, groups []map[string]any)) {
	groups, err := readGroups(q.r, maxGroups)
	if q.fail(err) {
		return
	}
	e.writeConnection(q, subresourceWrite(groupSelectionOf, func(_ *connection, d *directoryProvisioning) (int, any, *apiError) {
		change(d, groups)
		return http.StatusNoContent, nil, nil
	}))
}

// handleReplaceGroups implements PUT …/synchronized-groups.
func (e *Emulator) handleReplaceGroups(q *request) {
	e.changeGroups(q, 0, func(d *directoryProvisioning, groups []map[string]any) {
		d.Groups = nil
		addGroups(d, groups)
	})
}

// handleAddGroups implements POST …/synchronized-groups.
func (e *Emulator) handleAddGroups(q *request) {
	e.changeGroups(q, maxGroupsPerChange, addGroups)
}

// handleRemoveGroups implements DELETE …/synchronized-groups.
func (e *Emulator) handleRemoveGroups(q *request) {
	e.changeGroups(q, maxGroupsPerChange, func(d *directoryProvisioning, groups []map[string]any) {
		for _, g := range groups {
			delete(d.Groups, groupID(g))
		}
	})
}

// addGroups stores each group as sent, replacing a selected one.
func addGroups(d *directoryProvisioning, groups []map[string]any) {
	if d.Groups == nil {
		d.Groups = map[string]map[string]any{}
	}
	for _, g := range groups {
		d.Groups[groupID(g)] = g
	}
}

// groupID is the id of a group that changeGroups validated.
func groupID(g map[string]any) string {
	id, _ := g["id"].(string)
	return id
}

// groupFilter is a parsed q: a prefix (or, without the trailing *, an
// exact) match on name or email, case-insensitive.
type groupFilter struct {
	field, term string
	prefix      bool
}

// groupQueryRE is the only query shape Auth0 allows: name: or email:, a
// term without operators, spaces or groupings, and at most a trailing *.
var groupQueryRE = regexp.MustCompile(`^(name|email):([^\s*:()"\\]+)(\*?)$`)

func parseGroupFilter(q string) (*groupFilter, *apiError) {
	if q == "" {
		return nil, nil
	}
	m := groupQueryRE.FindStringSubmatch(q)
	if m == nil {
		return nil, errInvalidQuery("Only a prefix search on name or email with a single trailing wildcard is allowed: "+q, "q")
	}
	return &groupFilter{field: m[1], term: strings.ToLower(m[2]), prefix: m[3] == "*"}, nil
}

func (f *groupFilter) matches(g map[string]any) bool {
	if f == nil {
		return true
	}
	v, _ := g[f.field].(string)
	v = strings.ToLower(v)
	if f.prefix {
		return strings.HasPrefix(v, f.term)
	}
	return v == f.term
}

// handleListGroups implements GET …/synchronized-groups:
// {"groups":[…],"next"?}, sorted by id.
func (e *Emulator) handleListGroups(q *request) {
	query := q.r.URL.Query()
	from, take, err := checkpointQuery(query, 100)
	var filter *groupFilter
	if err == nil {
		filter, err = parseGroupFilter(query.Get("q"))
	}
	if q.fail(err) {
		return
	}
	e.readConnection(q, subresourceRead(groupSelectionOf, func(_ *connection, d *directoryProvisioning) (any, *apiError) {
		var ids []string
		for id, g := range d.Groups {
			if filter.matches(g) {
				ids = append(ids, id)
			}
		}
		sort.Strings(ids)
		return checkpointList("groups", ids, from, take, func(id string) any { return renderGroup(d.Groups[id]) }), nil
	}))
}

// renderGroup writes the keys a group was sent with, in schema order.
func renderGroup(g map[string]any) orderedObject {
	out := orderedObject{}
	for _, k := range groupProps {
		if v, ok := g[k]; ok {
			out = append(out, field{k, v})
		}
	}
	return out
}
