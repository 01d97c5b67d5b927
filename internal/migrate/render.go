package migrate

import "strings"

// object is an HCL object constructor being built: keys in the order they
// were first set, each holding either an expression's source or a nested
// object, with the comments that stood above and beside the attribute it
// came from.
type object struct {
	entries []*entry
	index   map[string]*entry
	// merged are expressions merged over the object (merge(obj, e…)), for
	// values only known at plan time, such as scope flags from a variable.
	merged []string
}

type entry struct {
	key      string
	lead     []string
	trailing []string
	value    string
	obj      *object
}

func newObject() *object { return &object{index: map[string]*entry{}} }

func (o *object) empty() bool { return len(o.entries) == 0 && len(o.merged) == 0 }

// child returns the nested object at key, creating it.
func (o *object) child(key string) *object {
	if e, ok := o.index[key]; ok && e.obj != nil {
		return e.obj
	}
	e := o.entry(key)
	e.value, e.obj = "", newObject()
	return e.obj
}

func (o *object) entry(key string) *entry {
	if e, ok := o.index[key]; ok {
		return e
	}
	e := &entry{key: key}
	o.entries = append(o.entries, e)
	o.index[key] = e
	return e
}

// set puts the expression src at path (nested objects are created as
// needed) and returns the entry, to which comments can be attached.
func (o *object) set(path []string, src string) *entry {
	for _, k := range path[:len(path)-1] {
		o = o.child(k)
	}
	e := o.entry(path[len(path)-1])
	e.value, e.obj = src, nil
	return e
}

// source renders the object as HCL source. hclwrite.Format lays it out
// afterwards (indentation, aligned equals signs).
func (o *object) source() string {
	var b strings.Builder
	o.write(&b)
	body := b.String()
	if len(o.merged) == 0 {
		return body
	}
	return "merge(" + body + ", " + strings.Join(o.merged, ", ") + ")"
}

func (o *object) write(b *strings.Builder) {
	if len(o.entries) == 0 {
		b.WriteString("{}")
		return
	}
	b.WriteString("{\n")
	for _, e := range o.entries {
		writeComments(b, e.lead)
		b.WriteString(objectKey(e.key))
		b.WriteString(" = ")
		if e.obj != nil {
			e.obj.write(b)
		} else {
			b.WriteString(e.value)
		}
		for _, c := range e.trailing {
			b.WriteString(" ")
			b.WriteString(c)
		}
		b.WriteString("\n")
	}
	b.WriteString("}")
}

func writeComments(b *strings.Builder, comments []string) {
	for _, c := range comments {
		b.WriteString(c)
		b.WriteString("\n")
	}
}
