// Package atomicfile replaces a file so that a reader, or a process killed
// part way, never sees it half written: the data goes to a temporary file
// in the same directory, which is synced and then renamed over the target.
package atomicfile

import (
	"os"
	"path/filepath"
)

// Write replaces path with data, with permissions perm. The directory is
// synced after the rename, so the new file also survives a crash of the
// machine.
func Write(path string, data []byte, perm os.FileMode) error {
	s, err := Stage(path, data, perm)
	if err != nil {
		return err
	}
	return s.Commit()
}

// Staged is a file's new content, written and synced beside it but not yet
// in its place. Staging every file of a change before committing any lets a
// caller replace several files or none: what fails while writing (a full
// disk, a directory it may not write) fails before anything is replaced.
type Staged struct {
	tmp, path string
}

// Stage writes data, with permissions perm, to a temporary file in the
// directory of path.
func Stage(path string, data []byte, perm os.FileMode) (*Staged, error) {
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".tmp-*")
	if err != nil {
		return nil, err
	}
	if err := writeAndSync(tmp, data, perm); err != nil {
		tmp.Close()
		os.Remove(tmp.Name())
		return nil, err
	}
	if err := tmp.Close(); err != nil {
		os.Remove(tmp.Name())
		return nil, err
	}
	return &Staged{tmp: tmp.Name(), path: path}, nil
}

// Commit renames the staged file over its target.
func (s *Staged) Commit() error {
	if err := os.Rename(s.tmp, s.path); err != nil {
		s.Discard()
		return err
	}
	if d, err := os.Open(filepath.Dir(s.path)); err == nil {
		_ = d.Sync() // best effort: not every file system syncs a directory
		d.Close()
	}
	return nil
}

// Discard removes the staged file, leaving its target as it was.
func (s *Staged) Discard() { os.Remove(s.tmp) }

func writeAndSync(f *os.File, data []byte, perm os.FileMode) error {
	if _, err := f.Write(data); err != nil {
		return err
	}
	if err := f.Chmod(perm); err != nil {
		return err
	}
	return f.Sync()
}
