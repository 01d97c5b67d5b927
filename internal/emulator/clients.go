package emulator

import (
	"fmt"
	"maps"
	"net/http"
	"slices"
	"sort"
)

// handleGetEnabledClients implements GET /api/v2/connections/{id}/clients:
// checkpoint only, {"clients":[{"client_id"}],"next"?}.
func (e *Emulator) handleGetEnabledClients(q *request) {
	from, take, err := checkpointQuery(q.r.URL.Query(), 1000)
	if q.fail(err) {
		return
	}
	e.readConnection(q, func(c *connection) (any, *apiError) {
		return checkpointList("clients", c.EnabledClients, from, take, func(id string) any {
			return orderedObject{{"client_id", id}}
		}), nil
	})
}

// clientStatus is one item of PATCH /connections/{id}/clients.
type clientStatus struct {
	id      string
	enabled bool
}

// parseClientStatuses validates the PATCH /clients body: a JSON array of
// 1..50 {client_id: string, status: boolean}, as documented.
func parseClientStatuses(v any) ([]clientStatus, *apiError) {
	arr, ok := v.([]any)
	if !ok {
		return nil, errInvalidBody("Expected type array but found type "+jsonTypeName(v), "", "")
	}
	if len(arr) < 1 {
		return nil, errInvalidBody("Array is too short (0), minimum 1", "", "")
	}
	if len(arr) > 50 {
		return nil, errInvalidBody(fmt.Sprintf("Array is too long (%d), maximum 50", len(arr)), "", "")
	}
	out := make([]clientStatus, len(arr))
	for i, item := range arr {
		path := fmt.Sprintf("[%d]", i)
		m, isObj := item.(map[string]any)
		if !isObj {
			return nil, errInvalidBody("Expected type object but found type "+jsonTypeName(item), path, "")
		}
		if reason := additionalReason(m, nil, []string{"client_id", "status"}); reason != "" {
			return nil, errInvalidBody(reason, path, "")
		}
		for _, req := range []string{"client_id", "status"} {
			if _, has := m[req]; !has {
				return nil, errInvalidBody("Missing required property: "+req, path, "")
			}
		}
		id, isStr := m["client_id"].(string)
		if !isStr {
			return nil, errInvalidBody("Expected type string but found type "+jsonTypeName(m["client_id"]), path+".client_id", "")
		}
		status, isBool := m["status"].(bool)
		if !isBool {
			return nil, errInvalidBody("Expected type boolean but found type "+jsonTypeName(m["status"]), path+".status", "")
		}
		out[i] = clientStatus{id: id, enabled: status}
	}
	return out, nil
}

// handlePatchEnabledClients implements PATCH /api/v2/connections/{id}/clients:
// status:true enables, status:false disables, 204 (recorded). The whole
// request applies or none of it.
func (e *Emulator) handlePatchEnabledClients(q *request) {
	v, _, apiErr := readBody(q.r)
	var changes []clientStatus
	if apiErr == nil {
		changes, apiErr = parseClientStatuses(v)
	}
	if q.fail(apiErr) {
		return
	}
	e.writeConnection(q, func(c *connection) (int, any, *apiError) {
		enabled := map[string]bool{}
		for _, id := range c.EnabledClients {
			enabled[id] = true
		}
		for _, ch := range changes {
			if _, ok := e.st.Clients[ch.id]; ch.enabled && !ok {
				return 0, nil, errClientNotFound()
			}
			enabled[ch.id] = ch.enabled
		}
		var ids []string
		for id, on := range enabled {
			if on {
				ids = append(ids, id)
			}
		}
		c.EnabledClients = sortedUnique(ids)
		return http.StatusNoContent, nil, nil
	})
}

// The minimal /api/v2/clients: enough to create real client ids for the
// enabled-clients endpoints. Applications have many more properties in
// Auth0; this keeps whatever is sent and adds the credentials.

func (cl *apiClient) render() orderedObject {
	out := orderedObject{{"client_id", cl.ClientID}, {"name", cl.Name}, {"client_secret", cl.ClientSecret}}
	for _, k := range slices.Sorted(maps.Keys(cl.Props)) {
		out = append(out, field{k, cl.Props[k]})
	}
	return out
}

// CreateClient adds an application and returns its client_id (a helper for
// tests of other packages; the same as POST /api/v2/clients).
func (e *Emulator) CreateClient(name string) string {
	cl := &apiClient{ClientID: newClientID(), Name: name, ClientSecret: newClientSecret()}
	e.mu.Lock()
	defer e.mu.Unlock()
	e.st.Clients[cl.ClientID] = cl
	_ = e.persistLocked()
	return cl.ClientID
}

func (e *Emulator) handleCreateClient(q *request) {
	body, _, apiErr := readObjectBody(q.r)
	if apiErr == nil {
		apiErr = validateClientBody(body)
	}
	if apiErr != nil {
		writeAPIError(q.w, apiErr)
		return
	}
	name, _ := body["name"].(string) // validated: a string
	cl := &apiClient{ClientID: newClientID(), Name: name, ClientSecret: newClientSecret(), Props: map[string]any{}}
	for k, v := range body {
		if k != "name" && k != "client_id" && k != "client_secret" {
			cl.Props[k] = cloneJSON(v)
		}
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	e.st.Clients[cl.ClientID] = cl
	if !e.commitLocked(q) {
		return
	}
	e.respondWrite(q, http.StatusCreated, cl.render())
}

func validateClientBody(body map[string]any) *apiError {
	name, ok := body["name"]
	if !ok {
		return errInvalidBody("Missing required property: name", "", "")
	}
	s, isStr := name.(string)
	if !isStr {
		return errInvalidBody("Expected type string but found type "+jsonTypeName(name), "name", "The name of the client")
	}
	if s == "" {
		return errInvalidBody("String is too short (0 chars), minimum 1", "name", "The name of the client")
	}
	return nil
}

func (e *Emulator) handleListClients(q *request) {
	e.mu.Lock()
	list := make([]*apiClient, 0, len(e.st.Clients))
	for _, cl := range e.st.Clients {
		list = append(list, cl)
	}
	sort.Slice(list, func(i, j int) bool { return list[i].ClientID < list[j].ClientID })
	items := make([]any, len(list))
	for i, cl := range list {
		items[i] = cl.render()
	}
	e.mu.Unlock()
	writeJSONResponse(q.w, http.StatusOK, items)
}

func (e *Emulator) handleGetClient(q *request) {
	e.mu.Lock()
	cl, ok := e.st.Clients[q.route.params[0]]
	var body orderedObject
	if ok {
		body = cl.render()
	}
	e.mu.Unlock()
	if !ok {
		writeAPIError(q.w, errClientNotFound())
		return
	}
	writeJSONResponse(q.w, http.StatusOK, body)
}

// handleDeleteClient removes an application and disables it on every
// connection. Inferred: like connections, deleting an unknown client is
// 204.
func (e *Emulator) handleDeleteClient(q *request) {
	id := q.route.params[0]
	e.mu.Lock()
	defer e.mu.Unlock()
	if _, ok := e.st.Clients[id]; !ok {
		e.respondWrite(q, http.StatusNoContent, nil)
		return
	}
	delete(e.st.Clients, id)
	for _, c := range e.st.Connections {
		c.EnabledClients = removeString(c.EnabledClients, id)
	}
	if !e.commitLocked(q) {
		return
	}
	e.respondWrite(q, http.StatusNoContent, nil)
}

func removeString(list []string, s string) []string {
	out := list[:0:0]
	for _, v := range list {
		if v != s {
			out = append(out, v)
		}
	}
	return out
}

// handleClientConnections implements GET /api/v2/clients/{id}/connections:
// a checkpoint list of the connections enabled for a client.
func (e *Emulator) handleClientConnections(q *request) {
	lq, err := parseListQuery(q, clientConnectionFields, 100)
	if q.fail(err) {
		return
	}
	lq.checkpoint = true
	lq.view.noEnabledClients = true
	lq.client = q.route.params[0]
	e.mu.Lock()
	_, known := e.st.Clients[lq.client]
	body := e.listLocked(lq)
	e.mu.Unlock()
	if !known {
		// This endpoint's documented wording, not "The client does not
		// exist" of the enabled-clients endpoints; the errorCode is inferred.
		q.fail(newError(http.StatusNotFound, codeInexistentClient, "Client does not exist."))
		return
	}
	writeJSONResponse(q.w, http.StatusOK, body)
}
