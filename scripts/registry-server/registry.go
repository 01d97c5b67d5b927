package main

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"time"
)

// registry answers the provider registry protocol for one provider, from
// the files of a goreleaser dist/ directory.
type registry struct {
	dir       string
	namespace string
	typ       string
	keyID     string
	armor     string
	manifest  string
	log       io.Writer
}

// The registry protocol's JSON documents, as Terraform and OpenTofu read them.
type (
	versionsDoc struct {
		Versions []versionDoc `json:"versions"`
	}
	versionDoc struct {
		Version   string        `json:"version"`
		Protocols []string      `json:"protocols"`
		Platforms []platformDoc `json:"platforms"`
	}
	platformDoc struct {
		OS   string `json:"os"`
		Arch string `json:"arch"`
	}
	downloadDoc struct {
		Protocols           []string       `json:"protocols"`
		OS                  string         `json:"os"`
		Arch                string         `json:"arch"`
		Filename            string         `json:"filename"`
		DownloadURL         string         `json:"download_url"`
		SHASumsURL          string         `json:"shasums_url"`
		SHASumsSignatureURL string         `json:"shasums_signature_url"`
		SHASum              string         `json:"shasum"`
		SigningKeys         signingKeysDoc `json:"signing_keys"`
	}
	signingKeysDoc struct {
		GPGPublicKeys []gpgKeyDoc `json:"gpg_public_keys"`
	}
	gpgKeyDoc struct {
		KeyID      string `json:"key_id"`
		ASCIIArmor string `json:"ascii_armor"`
	}
)

// filesPath is where the archives, checksums and signatures are served.
const filesPath = "/files/"

func (r *registry) handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /.well-known/terraform.json", func(w http.ResponseWriter, _ *http.Request) {
		writeJSON(w, map[string]string{"providers.v1": "/v1/providers/"})
	})
	mux.HandleFunc("GET /v1/providers/{namespace}/{type}/versions", r.versions)
	mux.HandleFunc("GET /v1/providers/{namespace}/{type}/{version}/download/{os}/{arch}", r.download)
	mux.HandleFunc("GET "+filesPath+"{name}", r.file)
	return r.logged(mux)
}

// project is the name every release file starts with.
func (r *registry) project() string { return "terraform-provider-" + r.typ }

func (r *registry) known(req *http.Request) bool {
	return req.PathValue("namespace") == r.namespace && req.PathValue("type") == r.typ
}

func (r *registry) versions(w http.ResponseWriter, req *http.Request) {
	if !r.known(req) {
		notFound(w, "no provider %s/%s here", req.PathValue("namespace"), req.PathValue("type"))
		return
	}
	archives, protocols, err := r.release()
	if err != nil {
		serverError(w, err)
		return
	}
	byVersion := map[string][]platformDoc{}
	for _, a := range archives {
		byVersion[a.version] = append(byVersion[a.version], platformDoc{OS: a.os, Arch: a.arch})
	}
	doc := versionsDoc{Versions: []versionDoc{}}
	for v, platforms := range byVersion {
		doc.Versions = append(doc.Versions, versionDoc{Version: v, Protocols: protocols, Platforms: platforms})
	}
	sort.Slice(doc.Versions, func(i, j int) bool { return doc.Versions[i].Version < doc.Versions[j].Version })
	writeJSON(w, doc)
}

func (r *registry) download(w http.ResponseWriter, req *http.Request) {
	if !r.known(req) {
		notFound(w, "no provider %s/%s here", req.PathValue("namespace"), req.PathValue("type"))
		return
	}
	version, goos, arch := req.PathValue("version"), req.PathValue("os"), req.PathValue("arch")
	archives, protocols, err := r.release()
	if err != nil {
		serverError(w, err)
		return
	}
	var filename string
	for _, a := range archives {
		if a.version == version && a.os == goos && a.arch == arch {
			filename = a.name
		}
	}
	if filename == "" {
		notFound(w, "no %s_%s archive for version %s", goos, arch, version)
		return
	}
	sums := fmt.Sprintf("%s_%s_SHA256SUMS", r.project(), version)
	sig := sums + ".sig"
	if _, err := os.Stat(filepath.Join(r.dir, sig)); err != nil {
		serverError(w, fmt.Errorf("release %s is not signed: %w", version, err))
		return
	}
	shasum, err := recordedChecksum(filepath.Join(r.dir, sums), filename)
	if err != nil {
		serverError(w, err)
		return
	}
	base := "https://" + req.Host + filesPath
	writeJSON(w, downloadDoc{
		Protocols:           protocols,
		OS:                  goos,
		Arch:                arch,
		Filename:            filename,
		DownloadURL:         base + filename,
		SHASumsURL:          base + sums,
		SHASumsSignatureURL: base + sig,
		SHASum:              shasum,
		SigningKeys:         signingKeysDoc{GPGPublicKeys: []gpgKeyDoc{{KeyID: r.keyID, ASCIIArmor: r.armor}}},
	})
}

// file serves one release file; the name may not leave the directory.
func (r *registry) file(w http.ResponseWriter, req *http.Request) {
	name := req.PathValue("name")
	if name != filepath.Base(name) || !strings.HasPrefix(name, r.project()+"_") {
		notFound(w, "no file %q", name)
		return
	}
	http.ServeFile(w, req, filepath.Join(r.dir, name))
}

// release reads the directory's archives and the manifest's protocols.
func (r *registry) release() ([]archive, []string, error) {
	archives, err := r.archives()
	if err != nil {
		return nil, nil, err
	}
	protocols, err := r.protocols()
	return archives, protocols, err
}

// archive is one release zip: terraform-provider-TYPE_VERSION_OS_ARCH.zip.
type archive struct{ name, version, os, arch string }

func (r *registry) archives() ([]archive, error) {
	entries, err := os.ReadDir(r.dir)
	if err != nil {
		return nil, err
	}
	re := regexp.MustCompile(`^` + regexp.QuoteMeta(r.project()) + `_([0-9][^_]*)_([a-z0-9]+)_([a-z0-9]+)\.zip$`)
	var out []archive
	for _, e := range entries {
		if m := re.FindStringSubmatch(e.Name()); m != nil {
			out = append(out, archive{name: m[0], version: m[1], os: m[2], arch: m[3]})
		}
	}
	return out, nil
}

// protocols are the plugin protocol versions the provider's registry
// manifest declares.
func (r *registry) protocols() ([]string, error) {
	data, err := os.ReadFile(r.manifest)
	if err != nil {
		return nil, err
	}
	var m struct {
		Metadata struct {
			ProtocolVersions []string `json:"protocol_versions"`
		} `json:"metadata"`
	}
	if err := json.Unmarshal(data, &m); err != nil {
		return nil, fmt.Errorf("%s: %w", r.manifest, err)
	}
	if len(m.Metadata.ProtocolVersions) == 0 {
		return nil, fmt.Errorf("%s: no metadata.protocol_versions", r.manifest)
	}
	return m.Metadata.ProtocolVersions, nil
}

// recordedChecksum is the SHA-256 the checksums file lists for filename.
func recordedChecksum(sumsFile, filename string) (string, error) {
	f, err := os.Open(sumsFile)
	if err != nil {
		return "", err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		sum, name, ok := strings.Cut(sc.Text(), "  ")
		if ok && name == filename {
			return sum, nil
		}
	}
	if err := sc.Err(); err != nil {
		return "", err
	}
	return "", errors.New(filepath.Base(sumsFile) + " does not list " + filename)
}

func writeJSON(w http.ResponseWriter, v any) {
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(v)
}

func notFound(w http.ResponseWriter, format string, args ...any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(http.StatusNotFound)
	_ = json.NewEncoder(w).Encode(map[string][]string{"errors": {fmt.Sprintf(format, args...)}})
}

func serverError(w http.ResponseWriter, err error) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(http.StatusInternalServerError)
	_ = json.NewEncoder(w).Encode(map[string][]string{"errors": {err.Error()}})
}

// statusRecorder remembers the status a handler wrote, for the log.
type statusRecorder struct {
	http.ResponseWriter
	status int
}

func (s *statusRecorder) WriteHeader(code int) {
	s.status = code
	s.ResponseWriter.WriteHeader(code)
}

func (r *registry) logged(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		start := time.Now()
		rec := &statusRecorder{ResponseWriter: w, status: http.StatusOK}
		next.ServeHTTP(rec, req)
		if r.log != nil {
			fmt.Fprintf(r.log, "%s %s %d %s\n", req.Method, req.URL.Path, rec.status, time.Since(start).Round(time.Millisecond))
		}
	})
}
