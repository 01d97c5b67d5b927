package migrate

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"

	"github.com/openauth0/terraform-provider-auth0/internal/shared"
)

// FuzzConvert: whatever the input, Convert does not panic; a file that
// parsed still parses after conversion; and converting the result again
// changes nothing.
func FuzzConvert(f *testing.F) {
	seeds, _ := goldenInputs()
	// The official provider's published examples, when ../shared is
	// there, are more seeds; without them the golden inputs suffice.
	var more []string
	if root, err := shared.Root(); err == nil {
		more, _ = filepath.Glob(filepath.Join(root, "official-provider", "examples", "*.tf"))
	}
	for _, p := range append(seeds, more...) {
		if b, err := os.ReadFile(p); err == nil {
			f.Add(b)
		}
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		if _, diags := hclsyntax.ParseConfig(src, "in.tf", hcl.InitialPos); diags.HasErrors() {
			Convert([]File{{Path: "in.tf", Src: src}}, Options{}) // must not panic
			return
		}
		for _, opts := range []Options{{}, {Replace: true}} {
			res := Convert([]File{{Path: "in.tf", Src: src}}, opts)
			out := res.Files[0].Out
			if _, diags := hclsyntax.ParseConfig(out, "out.tf", hcl.InitialPos); diags.HasErrors() {
				t.Fatalf("converted file does not parse: %v\n--- in\n%s\n--- out\n%s", diags, src, out)
			}
			again := Convert([]File{{Path: "in.tf", Src: out}}, opts)
			if again.Files[0].Changed && !bytes.Equal(again.Files[0].Out, out) {
				t.Fatalf("second run changes the file:\n--- first\n%s\n--- second\n%s", out, again.Files[0].Out)
			}
		}
	})
}
