package migrate

import (
	"bytes"
	"path"
	"sort"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclwrite"
)

// ourLocalName is the provider local name this provider is added under when
// both providers stay side by side: `provider = openauth0` names the
// provider that manages the resource, matching its registry address
// openauth0/auth0, and cannot be mistaken for a resource type.
const ourLocalName = "openauth0"

const (
	officialSource = "auth0/auth0"
	ourSource      = "openauth0/auth0"
)

// Options select how a configuration is converted.
type Options struct {
	// Replace points the local name of auth0/auth0 at this provider instead
	// of adding this provider beside it. Refused when anything other than a
	// connection resource uses auth0/auth0.
	Replace bool
}

// File is one .tf file of the configuration (or a .tf.json file, which is
// reported and left as it is).
type File struct {
	Path string // slash-separated, relative to the converted directory
	Src  []byte
}

// FileResult is a file after conversion.
type FileResult struct {
	Path    string
	Out     []byte
	Changed bool
}

// Result is what Convert produced.
type Result struct {
	Files    []FileResult
	Findings []Finding
	Summary  Summary
	// Refused is set when nothing may be written (with Replace, any error
	// refuses the whole run: a half-replaced configuration would hand
	// unconverted resources to this provider).
	Refused bool
}

// Convert rewrites a configuration: every module (directory) among files.
// It never fails as a whole: what it cannot convert is reported in the
// Findings and left as it was.
func Convert(files []File, opts Options) *Result {
	c := &converter{opts: opts, modules: map[string]*module{}, res: &Result{}}
	c.res.Summary.Converted = map[string]int{}
	c.res.Summary.Replace = opts.Replace
	c.parse(files)
	c.run()
	return c.res
}

type converter struct {
	opts    Options
	modules map[string]*module
	order   []string // module directories, sorted
	res     *Result
}

type module struct {
	dir   string
	files []*parsedFile
	// localSources maps the module's provider local names to their source
	// addresses (from required_providers).
	localSources map[string]string
	officialName string // the local name of auth0/auth0 ("auth0" by default)
	ourName      string // the local name this provider gets
	// converted is set once anything in the module is handed to this
	// provider; usesOurs also counts child modules that are.
	converted bool
	usesOurs  *bool
	calls     []moduleCall
}

type parsedFile struct {
	path string
	s    *stream
	top  []item
}

func (c *converter) add(f Finding) { c.res.Findings = append(c.res.Findings, f) }

func (c *converter) parse(files []File) {
	sorted := append([]File(nil), files...)
	sort.Slice(sorted, func(i, j int) bool { return sorted[i].Path < sorted[j].Path })
	for _, f := range sorted {
		c.res.Summary.Files++
		if strings.HasSuffix(f.Path, ".tf.json") {
			c.jsonFile(f)
			continue
		}
		hf, diags := hclwrite.ParseConfig(f.Src, f.Path, hcl.InitialPos)
		if diags.HasErrors() {
			line := 0
			if d := diags[0]; d.Subject != nil {
				line = d.Subject.Start.Line
			}
			c.add(Finding{File: f.Path, Line: line, Severity: Error, Message: "not valid HCL: " + diags.Error(),
				Action: "fix the syntax (terraform validate shows it) and run again; the file was left as it was"})
			c.res.Files = append(c.res.Files, FileResult{Path: f.Path, Out: f.Src})
			continue
		}
		dir := path.Dir(f.Path)
		m := c.modules[dir]
		if m == nil {
			m = &module{dir: dir, localSources: map[string]string{}}
			c.modules[dir] = m
			c.order = append(c.order, dir)
		}
		s := newStream(hf)
		m.files = append(m.files, &parsedFile{path: f.Path, s: s, top: s.items(hf.Body())})
	}
	sort.Strings(c.order)
	c.res.Summary.Modules = len(c.order)
}

// jsonFile reports a configuration file in JSON syntax, which is left as
// it is: an error when it mentions a connection resource (the switch would
// be incomplete), a note otherwise.
func (c *converter) jsonFile(f File) {
	c.res.Files = append(c.res.Files, FileResult{Path: f.Path, Out: f.Src})
	if bytes.Contains(f.Src, []byte(`"auth0_connection`)) {
		c.add(Finding{File: f.Path, Severity: Error, Message: "a JSON configuration file with connection resources or data sources, which auth0-migrate does not convert",
			Action: "convert them by hand (the guide's tables give each key), or write them in a .tf file and run again"})
		return
	}
	c.add(Finding{File: f.Path, Severity: Note, Message: "a JSON configuration file, not read: it names no connection resource",
		Action: "nothing to do"})
}

func (c *converter) run() {
	for _, dir := range c.order {
		c.readProviders(c.modules[dir])
	}
	c.res.Summary.LocalName = ourLocalName
	if c.opts.Replace {
		if !c.checkReplace() {
			c.res.Refused = true
			c.finish(false)
			return
		}
		c.res.Summary.LocalName = "auth0"
	}
	for _, dir := range c.order {
		c.convertModule(c.modules[dir])
	}
	for _, dir := range c.order {
		c.wireProviders(c.modules[dir])
	}
	if c.opts.Replace && c.res.HasErrors() {
		c.res.Refused = true
	}
	c.finish(!c.res.Refused)
}

// finish collects the files, edited when write is set.
func (c *converter) finish(write bool) {
	for _, dir := range c.order {
		for _, pf := range c.modules[dir].files {
			out := pf.s.toks.Bytes()
			changed := false
			if write && pf.s.changed() {
				out, changed = pf.s.apply(), true
				c.res.Summary.ChangedFiles++
			}
			c.res.Files = append(c.res.Files, FileResult{Path: pf.path, Out: out, Changed: changed})
		}
	}
	sort.Slice(c.res.Files, func(i, j int) bool { return c.res.Files[i].Path < c.res.Files[j].Path })
}

// convertModule converts the connection resources and data sources of one
// module and rewrites the references to what changed shape.
func (c *converter) convertModule(m *module) {
	conv := map[string]string{} // addresses converted here, with their strategy, for references
	for _, pf := range m.files {
		for _, it := range pf.top {
			if !it.isBlock() {
				continue
			}
			labels := it.block.Labels()
			switch {
			case it.name == "resource" && len(labels) == 2 && connectionResources[labels[0]],
				it.name == "data" && len(labels) == 2 && connectionDataSources[labels[0]]:
				c.convertBlock(m, pf, it, labels, conv)
			case it.name == "module" && len(labels) == 1:
				m.calls = append(m.calls, c.readModuleCall(m, pf, it))
			}
		}
	}
	if len(conv) > 0 {
		for _, pf := range m.files {
			c.rewriteReferences(pf, conv)
		}
	}
}

// connectionResources are the resource types that move to this provider,
// under the same names. auth0_connection is converted; the others keep
// their attributes and only gain the provider meta-argument.
var connectionResources = map[string]bool{
	"auth0_connection":                               true,
	"auth0_connection_client":                        true,
	"auth0_connection_clients":                       true,
	"auth0_connection_keys":                          true,
	"auth0_connection_scim_configuration":            true,
	"auth0_connection_scim_token":                    true,
	"auth0_connection_directory":                     true,
	"auth0_connection_directory_synchronized_groups": true,
}

var connectionDataSources = map[string]bool{
	"auth0_connection":                               true,
	"auth0_connection_keys":                          true,
	"auth0_connection_scim_configuration":            true,
	"auth0_connection_directory":                     true,
	"auth0_connection_directory_default_mapping":     true,
	"auth0_connection_directory_synchronized_groups": true,
}

// normalizeSource lower-cases a provider source and drops the default
// registry host.
func normalizeSource(s string) string {
	s = strings.ToLower(strings.TrimSpace(s))
	return strings.TrimPrefix(s, "registry.terraform.io/")
}

// isOfficial reports whether a local name means auth0/auth0 in m: declared
// with that source, or the default name of the auth0_ resource types when
// the module does not declare it (such modules rely on their parent's).
func (m *module) isOfficial(name string) bool {
	if src, ok := m.localSources[name]; ok {
		return src == officialSource
	}
	return name == "auth0"
}

func (m *module) isOurs(name string) bool { return m.localSources[name] == ourSource }

// defaultLocalName is the provider local name a resource type uses without
// a provider meta-argument: the part before the first underscore.
func defaultLocalName(resourceType string) string {
	name, _, _ := strings.Cut(resourceType, "_")
	return name
}
