package main

import (
	"compress/gzip"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
)

// The raw measurements are saved as JSON, so the report can be rendered
// again (-render) without repeating the run.

func saveReport(path string, r report) error {
	data, err := json.MarshalIndent(r, "", "  ")
	if err != nil {
		return err
	}
	return os.WriteFile(path, append(data, '\n'), 0o644)
}

func loadReport(path string) (report, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return report{}, err
	}
	var r report
	if err := json.Unmarshal(data, &r); err != nil {
		return report{}, fmt.Errorf("%s: %w", path, err)
	}
	for _, m := range r.Results {
		if _, ok := scenarioNamed(m.Scenario); !ok {
			return report{}, fmt.Errorf("%s: unknown scenario %q", path, m.Scenario)
		}
		if _, ok := stepNamed(m.Step); !ok {
			return report{}, fmt.Errorf("%s: unknown step %q", path, m.Step)
		}
	}
	return r, nil
}

// unpackOfficial gunzips the official provider's build into dir and returns
// the binary's path.
func unpackOfficial(gz, dir string) (string, error) {
	in, err := os.Open(gz)
	if err != nil {
		return "", err
	}
	defer in.Close()
	zr, err := gzip.NewReader(in)
	if err != nil {
		return "", fmt.Errorf("%s: %w", gz, err)
	}
	path := filepath.Join(dir, "terraform-provider-auth0")
	out, err := os.OpenFile(path, os.O_CREATE|os.O_WRONLY|os.O_TRUNC, 0o755) // #nosec G302 -- an executable
	if err != nil {
		return "", err
	}
	if _, err := io.Copy(out, zr); err != nil { // #nosec G110 -- the team's own build
		out.Close()
		return "", err
	}
	return path, out.Close()
}
