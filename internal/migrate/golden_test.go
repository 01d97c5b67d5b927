package migrate

import (
	"bytes"
	"errors"
	"flag"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files from the converter's output")

// familySwitchFamily is the connection family (every resource and data
// source besides auth0_connection) as the provider's switch test writes it
// for auth0/auth0, applies it, converts it and takes it over. Converting it
// here too gives that configuration a golden file, so the test of the
// converter and the test of the switch share one input.
const familySwitchFamily = "../provider/testdata/family-switch/family.tf"

// goldenInputs are the files TestGoldenFiles converts: testdata/*.tf and
// familySwitchFamily.
func goldenInputs() ([]string, error) {
	inputs, err := filepath.Glob("testdata/*.tf")
	if err == nil && len(inputs) == 0 {
		err = errors.New("no testdata/*.tf")
	}
	return append(inputs, familySwitchFamily), err
}

// TestGoldenFiles converts each input NAME.tf on its own and compares the
// result with testdata/NAME.golden and the report with
// testdata/NAME.report. Files named replace*.tf are converted with Replace.
func TestGoldenFiles(t *testing.T) {
	inputs, err := goldenInputs()
	if err != nil {
		t.Fatal(err)
	}
	for _, in := range inputs {
		name := strings.TrimSuffix(filepath.Base(in), ".tf")
		t.Run(name, func(t *testing.T) {
			opts := Options{Replace: strings.HasPrefix(name, "replace")}
			src := readFile(t, in)
			res := Convert([]File{{Path: filepath.Base(in), Src: src}}, opts)
			for _, f := range res.Findings {
				if f.Action == "" || f.File == "" || f.Line == 0 {
					t.Errorf("a finding without what to do or where: %s", f)
				}
			}
			golden(t, filepath.Join("testdata", name+".golden"), res.Files[0].Out)
			golden(t, filepath.Join("testdata", name+".report"), report(res))
			assertIdempotent(t, []File{{Path: filepath.Base(in), Src: res.Files[0].Out}}, opts)
		})
	}
}

// TestGoldenTrees converts whole directory trees: testdata/tree (a root
// module with two child modules, variables, locals, for_each, aliased
// provider blocks and a module providers map) and testdata/e2e (the
// configuration the end-to-end test applies), each file of in/ compared
// with the same path in out/ plus .golden (expected output, not
// configuration: Terraform and the tools that read .tf files leave it
// alone), and the report with report.txt.
func TestGoldenTrees(t *testing.T) {
	for _, name := range []string{"tree", "e2e"} {
		t.Run(name, func(t *testing.T) {
			dir := filepath.Join("testdata", name)
			res := Convert(readTree(t, filepath.Join(dir, "in")), Options{})
			var out []File
			for _, f := range res.Files {
				golden(t, filepath.Join(dir, "out", filepath.FromSlash(f.Path))+".golden", f.Out)
				out = append(out, File{Path: f.Path, Src: f.Out})
			}
			golden(t, filepath.Join(dir, "report.txt"), report(res))
			assertIdempotent(t, out, Options{})
		})
	}
}

// assertIdempotent converts an already converted configuration again: it
// must change nothing and report no error, so running the tool twice (or
// after fixing what it reported) is safe.
func assertIdempotent(t *testing.T, files []File, opts Options) {
	t.Helper()
	again := Convert(files, opts)
	for i, f := range again.Files {
		if f.Changed && !bytes.Equal(f.Out, files[i].Src) {
			t.Errorf("a second run changes %s:\n%s", f.Path, f.Out)
		}
	}
}

func report(res *Result) []byte {
	var b bytes.Buffer
	res.WriteReport(&b, false)
	return b.Bytes()
}

func golden(t *testing.T, path string, got []byte) {
	t.Helper()
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -run %s -update to create it)", err, t.Name())
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs (go test -update rewrites it):\n--- got\n%s\n--- want\n%s", path, got, want)
	}
}

func readFile(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func readTree(t *testing.T, root string) []File {
	t.Helper()
	var files []File
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".tf") {
			return err
		}
		rel, err := filepath.Rel(root, p)
		if err != nil {
			return err
		}
		files = append(files, File{Path: filepath.ToSlash(rel), Src: readFile(t, p)})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}
