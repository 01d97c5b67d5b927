// Command auth0-migrate converts a Terraform configuration that manages
// Auth0 connections with the official provider (auth0/auth0) to
// openauth0/auth0.
//
//	auth0-migrate [--check] [--replace] [-o OUTDIR] DIR
//
// It rewrites every .tf file under DIR, child modules included, in place:
// each auth0_connection's options {} block becomes options =
// jsonencode({...}) with Auth0's own key names for its strategy, secrets
// move to secret_options and upstream_params to its typed attribute;
// comments, variables, locals, for_each and references are kept.
//
// By default both providers stay side by side: auth0/auth0 keeps everything
// that is not a connection (clients, actions, tenant settings), this
// provider is declared as "openauth0" in each module's required_providers,
// every connection resource and data source gets provider = openauth0, and
// each provider "auth0" block is copied as provider "openauth0" with the
// same settings. --replace instead points the "auth0" local name at
// openauth0/auth0, and refuses when anything else uses auth0/auth0.
//
// --check only reports; -o OUTDIR writes a converted copy of DIR there.
// Changed files are rewritten all together or not at all, and a .tf file
// that is a symbolic link refuses the run.
//
// Whatever cannot be converted faithfully is reported with file:line and
// what to do, and that resource is left exactly as it was (still on
// auth0/auth0). Exit status: 0 when everything converted, 1 when something
// was reported as an error (or --replace refused), 2 for a usage or I/O
// error.
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/openauth0/terraform-provider-auth0/internal/atomicfile"

	"github.com/openauth0/terraform-provider-auth0/internal/migrate"
)

const (
	exitOK       = 0
	exitFindings = 1
	exitUsage    = 2
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

type config struct {
	dir     string
	out     string
	check   bool
	replace bool
}

func parseArgs(args []string, stderr io.Writer) (config, error) {
	var cfg config
	fs := flag.NewFlagSet("auth0-migrate", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.BoolVar(&cfg.check, "check", false, "only report what would change; write nothing")
	fs.BoolVar(&cfg.replace, "replace", false, `point the "auth0" provider local name at openauth0/auth0 instead of adding it beside auth0/auth0`)
	fs.StringVar(&cfg.out, "o", "", "write a converted copy of DIR to this directory (new or empty) instead of rewriting DIR")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: auth0-migrate [--check] [--replace] [-o OUTDIR] DIR")
		fs.PrintDefaults()
	}
	// Flags may come before or after DIR.
	var positional []string
	for {
		if err := fs.Parse(args); err != nil {
			return cfg, err
		}
		if fs.NArg() == 0 {
			break
		}
		positional = append(positional, fs.Arg(0))
		args = fs.Args()[1:]
	}
	if len(positional) != 1 {
		fs.Usage()
		return cfg, errors.New("exactly one directory expected")
	}
	if cfg.check && cfg.out != "" {
		return cfg, errors.New("--check writes nothing: it does not take -o")
	}
	cfg.dir = positional[0]
	return cfg, nil
}

func run(args []string, stdout, stderr io.Writer) int {
	cfg, err := parseArgs(args, stderr)
	if errors.Is(err, flag.ErrHelp) {
		return exitOK
	}
	if err != nil {
		fmt.Fprintln(stderr, "auth0-migrate:", err)
		return exitUsage
	}
	files, err := readConfig(cfg.dir)
	if err != nil {
		fmt.Fprintln(stderr, "auth0-migrate:", err)
		return exitUsage
	}
	res := migrate.Convert(files, migrate.Options{Replace: cfg.replace})
	res.WriteReport(stdout, cfg.check || res.Refused)
	if !cfg.check && !res.Refused {
		if err := write(cfg, res); err != nil {
			fmt.Fprintln(stderr, "auth0-migrate:", err)
			return exitUsage
		}
	}
	if res.HasErrors() {
		return exitFindings
	}
	return exitOK
}

// skipDir reports whether a directory under the root is not part of the
// configuration: .terraform holds downloaded modules and providers, other
// hidden directories are tooling (.git).
func skipDir(name string) bool { return strings.HasPrefix(name, ".") }

// readConfig reads every .tf and .tf.json file under dir. It reads
// through an os.Root, so a symbolic link cannot lead it outside dir.
//
// A configuration file that is a symbolic link is refused rather than
// skipped: Terraform reads it, so converting the others alone could leave
// its connections on auth0/auth0, or give a module a second
// required_providers; and rewriting it would either replace the link with
// a copy or change every configuration that shares its target.
func readConfig(dir string) (files []migrate.File, err error) {
	info, err := os.Stat(dir)
	if err != nil {
		return nil, err
	}
	if !info.IsDir() {
		return nil, fmt.Errorf("%s is not a directory", dir)
	}
	root, err := os.OpenRoot(dir)
	if err != nil {
		return nil, err
	}
	defer root.Close()
	var links []string
	err = fs.WalkDir(root.FS(), ".", func(p string, d fs.DirEntry, err error) error {
		switch {
		case err != nil:
			return err
		case d.IsDir() && p != "." && skipDir(d.Name()):
			return fs.SkipDir
		case d.IsDir() || !isConfigFile(d.Name()):
			return nil
		case d.Type()&fs.ModeSymlink != 0:
			links = append(links, p)
			return nil
		case !d.Type().IsRegular():
			return nil
		}
		src, err := root.ReadFile(p)
		if err != nil {
			return err
		}
		files = append(files, migrate.File{Path: p, Src: src})
		return nil
	})
	if err == nil && len(links) > 0 {
		err = fmt.Errorf("configuration files that are symbolic links, which auth0-migrate neither follows nor rewrites: %s; "+
			"nothing was written. Replace each link with a copy of its file, or convert the directory that holds the file",
			strings.Join(links, ", "))
	}
	return files, err
}

func isConfigFile(name string) bool {
	return strings.HasSuffix(name, ".tf") || strings.HasSuffix(name, ".tf.json")
}

// write rewrites the changed files in place, or copies DIR to -o with the
// converted files.
func write(cfg config, res *migrate.Result) error {
	if cfg.out == "" {
		return rewriteInPlace(cfg.dir, res)
	}
	return copyTree(cfg.dir, cfg.out, res)
}

// rewriteInPlace replaces every changed file under dir, or none. A module
// half rewritten would not work: a resource given provider = openauth0 in
// one file while another file's required_providers was never told of it.
// So every new file is first written beside the one it replaces, and only
// once they all are written are they renamed into place.
func rewriteInPlace(dir string, res *migrate.Result) error {
	var staged []*atomicfile.Staged
	for _, f := range res.Files {
		if !f.Changed {
			continue
		}
		s, err := stageBeside(filepath.Join(dir, filepath.FromSlash(f.Path)), f.Out)
		if err != nil {
			discard(staged)
			return fmt.Errorf("%w; no file was rewritten", err)
		}
		staged = append(staged, s)
	}
	for i, s := range staged {
		if err := s.Commit(); err != nil {
			discard(staged[i+1:])
			return fmt.Errorf("%w; %d of the %d files to rewrite were rewritten before it", err, i, len(staged))
		}
	}
	return nil
}

// copyTree copies every file of src (hidden directories aside) to dst,
// which must be new or empty and outside src, with the converted .tf files.
// Permissions are the source's; symbolic links are copied as links.
func copyTree(src, dst string, res *migrate.Result) error {
	if err := checkOutDir(src, dst); err != nil {
		return err
	}
	converted := map[string][]byte{}
	for _, f := range res.Files {
		converted[f.Path] = f.Out
	}
	from, err := os.OpenRoot(src)
	if err != nil {
		return err
	}
	defer from.Close()
	info, err := from.Stat(".")
	if err != nil {
		return err
	}
	if err := os.MkdirAll(dst, info.Mode().Perm()); err != nil {
		return err
	}
	to, err := os.OpenRoot(dst)
	if err != nil {
		return err
	}
	defer to.Close()
	return fs.WalkDir(from.FS(), ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || p == "." {
			return err
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		if d.IsDir() {
			if skipDir(d.Name()) {
				return fs.SkipDir
			}
			return to.Mkdir(p, info.Mode().Perm())
		}
		if d.Type()&fs.ModeSymlink != 0 {
			// As a link, as in the source: a template or module a link
			// points to is still where the copy expects it.
			target, err := from.Readlink(p)
			if err != nil {
				return err
			}
			return to.Symlink(target, p)
		}
		if !d.Type().IsRegular() {
			return nil
		}
		data, ok := converted[p]
		if !ok {
			if data, err = from.ReadFile(p); err != nil {
				return err
			}
		}
		return to.WriteFile(p, data, info.Mode().Perm())
	})
}

func checkOutDir(src, dst string) error {
	absSrc, err1 := filepath.Abs(src)
	absDst, err2 := filepath.Abs(dst)
	if err := errors.Join(err1, err2); err != nil {
		return err
	}
	if rel, err := filepath.Rel(absSrc, absDst); err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return fmt.Errorf("-o %s is inside %s: choose a directory outside it", dst, src)
	}
	entries, err := os.ReadDir(dst)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	if len(entries) > 0 {
		return fmt.Errorf("-o %s is not empty", dst)
	}
	return nil
}

// stageBeside writes the new content of path beside it, with its
// permissions.
func stageBeside(path string, data []byte) (*atomicfile.Staged, error) {
	info, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	return atomicfile.Stage(path, data, info.Mode().Perm())
}

func discard(staged []*atomicfile.Staged) {
	for _, s := range staged {
		s.Discard()
	}
}
