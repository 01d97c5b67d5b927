#!/usr/bin/env bash
# make test-release: prove that a release installs and works the way the
# Terraform registry (and HCP Terraform) delivers it.
#
#  1. A throwaway GPG key is generated, and goreleaser builds and signs the
#     linux_amd64 release from .goreleaser.yml itself (its `signs` section
#     signs the SHA256SUMS): only the target list is narrowed (between the
#     `targets:begin` and `targets:end` markers) and the snapshot version
#     pinned to the next release named in CHANGELOG.md. The archive, binary,
#     checksum, signature and manifest names are checked.
#  2. The zip goes, untouched, into a filesystem_mirror; a CLI configuration
#     installs openauth0/* only from there, and a configuration with a version
#     constraint (~> X.Y) runs a real `terraform init` (no dev_overrides).
#  3. The release is served over HTTPS on localhost with the provider
#     registry protocol (scripts/registry-server: service discovery, the
#     versions and download endpoints, the checksums, their signature and the
#     public key; its self-signed certificate trusted through SSL_CERT_FILE),
#     and `terraform init` installs source = "localhost:PORT/openauth0/auth0"
#     with the same constraint, checking checksum and signature.
#  4. After each install, `apply`, a second `plan` (must be empty) and
#     `destroy` of the examples run against a fresh bin/auth0-emulator; the
#     emulator's API and request counters confirm what was created and removed.
#  5. A tampered archive, then a signature made with another key, are served
#     in turn: each `terraform init` must fail, on the checksum and on the
#     signature respectively, and install nothing.
#
# Needs: terraform, go, gpg, unzip, curl, sha256sum, and the tools of `make
# tools` (GORELEASER), bin/auth0-emulator (`make emulator`; EMULATOR overrides),
# bin/registry-server (REGISTRY_SERVER overrides). Everything is written under
# a temporary directory that is removed on exit.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
GORELEASER=${GORELEASER:-$root/bin/tools/goreleaser}
EMULATOR=${EMULATOR:-$root/bin/auth0-emulator}
REGISTRY_SERVER=${REGISTRY_SERVER:-$root/bin/registry-server}
namespace=openauth0
source_addr=$namespace/auth0
project=terraform-provider-auth0
token=release-test-token

# The connections the applied examples must create; `terraform state list`
# and the emulator are both checked against this list.
example_files=(resource.tf database.tf social.tf passwordless.tf waad.tf)
want_connections=(
	Username-Password-Authentication customers-db google wordpress twitter sms email azure-ad
)

t_start=$(date +%s)
work=$(mktemp -d "${TMPDIR:-/tmp}/test-release.XXXXXX")
emulator_pid=""
registry_pid=""
stop_process() {
	if [ -n "$1" ]; then
		kill "$1" 2>/dev/null || true
		wait "$1" 2>/dev/null || true
	fi
}
cleanup() {
	stop_process "$emulator_pid"
	stop_process "$registry_pid"
	# gpg starts an agent per GNUPGHOME; stop the ones this test created.
	for home in "$work/gnupg" "$work/gnupg-other"; do
		[ ! -d "$home" ] || GNUPGHOME=$home gpgconf --kill all 2>/dev/null || true
	done
	rm -rf "$work"
}
trap cleanup EXIT

step() { printf '\n== %s\n' "$*"; }
fail() {
	echo "test-release: FAIL: $*" >&2
	exit 1
}
elapsed() { echo "$(($(date +%s) - $1))s"; }

for cmd in terraform go gpg gpgconf unzip curl sha256sum; do
	command -v "$cmd" >/dev/null || fail "'$cmd' is not on PATH"
done
[ -x "$GORELEASER" ] || fail "$GORELEASER not found: run 'make tools'"
[ -x "$EMULATOR" ] || fail "$EMULATOR not found: run 'make emulator'"
[ -x "$REGISTRY_SERVER" ] || fail "$REGISTRY_SERVER not found: go build -o $REGISTRY_SERVER ./scripts/registry-server"

# The version under test is the next release: the top "## X.Y.Z (Unreleased)"
# heading of CHANGELOG.md. The constraint "~> X.Y" is what a user would write.
version=$(sed -n 's/^## \([0-9][0-9]*\.[0-9][0-9]*\.[0-9][0-9]*\) (Unreleased)$/\1/p' CHANGELOG.md | head -1)
[ -n "$version" ] || fail "CHANGELOG.md has no '## X.Y.Z (Unreleased)' heading"
constraint="~> ${version%.*}"
echo "release under test: $version, required_providers constraint \"$constraint\""

zip_name=${project}_${version}_linux_amd64.zip
binary_name=${project}_v${version}
sums_name=${project}_${version}_SHA256SUMS
sig_name=${sums_name}.sig
manifest_name=${project}_${version}_manifest.json

# new_key HOME NAME: a passphrase-less RSA signing key in its own GNUPGHOME;
# prints the fingerprint.
new_key() {
	mkdir -m 700 "$1"
	GNUPGHOME=$1 gpg --batch --quiet --passphrase '' \
		--quick-generate-key "$2 <release-test@example.invalid>" rsa3072 sign 1d 2>/dev/null
	GNUPGHOME=$1 gpg --batch --with-colons --list-secret-keys 2>/dev/null | awk -F: '$1 == "fpr" { print $10; exit }'
}

step "Generating a throwaway GPG signing key"
t=$(date +%s)
fingerprint=$(new_key "$work/gnupg" "openauth0 release test")
[ -n "$fingerprint" ] || fail "gpg generated no key"
key_id=${fingerprint: -16}
GNUPGHOME=$work/gnupg gpg --batch --armor --export "$fingerprint" >"$work/release-key.asc"
echo "ok: key $key_id ($(elapsed "$t"))"

step "Building and signing the linux_amd64 release with goreleaser"
t=$(date +%s)
config=$work/goreleaser.yml
dist=$work/dist
if ! grep -q '^    # targets:begin' .goreleaser.yml || ! grep -q '^    # targets:end' .goreleaser.yml; then
	fail ".goreleaser.yml lost its '# targets:begin' / '# targets:end' markers"
fi
grep -Eq '^(dist|snapshot):' .goreleaser.yml && fail ".goreleaser.yml sets dist/snapshot; adapt this script"
awk '
	/^    # targets:begin/ { print "    targets: [linux_amd64_v1]"; skip = 1; next }
	/^    # targets:end/   { skip = 0; next }
	!skip
' .goreleaser.yml >"$config"
cat >>"$config" <<EOF

dist: $dist
snapshot:
  version_template: "$version"
EOF
GNUPGHOME=$work/gnupg GPG_FINGERPRINT=$fingerprint \
	"$GORELEASER" release --config "$config" --snapshot --clean --skip=publish >"$work/goreleaser.log" 2>&1 ||
	{ cat "$work/goreleaser.log"; fail "goreleaser release failed"; }
echo "goreleaser: $(elapsed "$t")"

step "Checking the archive, the binary, the checksums, the signature and the manifest"
[ -f "$dist/$zip_name" ] || { ls "$dist"; fail "no $zip_name in dist/"; }
contents=$(unzip -Z1 "$dist/$zip_name")
[ "$contents" = "$binary_name" ] || fail "$zip_name holds [$contents]; want only $binary_name"
[ -f "$dist/$sums_name" ] || fail "no $sums_name"
for f in "$zip_name" "$manifest_name"; do
	grep -q "  $f\$" "$dist/$sums_name" || fail "$sums_name does not list $f"
done
(cd "$dist" && grep "  $zip_name\$" "$sums_name" | sha256sum --check --quiet) || fail "$sums_name: wrong checksum for $zip_name"
# The manifest is uploaded from the repository under its release name, so its
# line must carry the checksum of terraform-registry-manifest.json.
manifest_sum=$(sha256sum terraform-registry-manifest.json | cut -d' ' -f1)
grep -q "^$manifest_sum  $manifest_name\$" "$dist/$sums_name" || fail "$sums_name: wrong checksum for $manifest_name"
[ -f "$dist/$sig_name" ] || { ls "$dist"; fail "goreleaser wrote no $sig_name"; }
GNUPGHOME=$work/gnupg gpg --batch --status-fd 1 --verify "$dist/$sig_name" "$dist/$sums_name" 2>/dev/null |
	grep -q "^\[GNUPG:\] VALIDSIG $fingerprint " || fail "$sig_name is not a valid signature of $sums_name by $key_id"
unzip -q -d "$work/unpacked" "$dist/$zip_name"
buildinfo=$(go version -m "$work/unpacked/$binary_name")
for want in "CGO_ENABLED=0" "-trimpath=true" "GOOS=linux" "GOARCH=amd64"; do
	grep -qF -- "build	$want" <<<"$buildinfo" || fail "the binary was not built with $want"
done
# -trimpath keeps -ldflags out of the build info, so look for the version the
# ldflags embed (main.version) in the binary itself.
grep -qaF "$version" "$work/unpacked/$binary_name" || fail "the binary does not embed its version $version"
echo "ok: $zip_name holds $binary_name (static, -trimpath, version $version); $sums_name covers it and the manifest; $sig_name is signed by $key_id"

export CHECKPOINT_DISABLE=1 TF_IN_AUTOMATION=1
unset TF_PLUGIN_CACHE_DIR TF_DATA_DIR TF_CLI_ARGS TF_CLI_ARGS_init TF_CLI_ARGS_apply TF_CLI_ARGS_plan TF_CLI_ARGS_destroy

# new_config DIR SOURCE: a root module with the examples and a
# required_providers entry for SOURCE with the constraint.
new_config() {
	mkdir -p "$1"
	cat >"$1/versions.tf" <<EOF
terraform {
  required_providers {
    auth0 = {
      source  = "$2"
      version = "$constraint"
    }
  }
}

provider "auth0" {}
EOF
	for f in "${example_files[@]}"; do
		cp "$root/examples/resources/auth0_connection/$f" "$1/$f"
	done
}

# check_installed HOST SOURCE: init installed the release under test (as
# SOURCE: terraform leaves out its default host), pinned it in
# .terraform.lock.hcl, and put the binary where terraform runs it.
check_installed() {
	local addr=$1/$source_addr
	grep -q "Installing $2 v$version" "$work/init.log" || { cat "$work/init.log"; fail "init did not install $2 v$version"; }
	grep -q "\"$addr\"" .terraform.lock.hcl || fail ".terraform.lock.hcl does not pin $addr"
	grep -q "version *= \"$version\"" .terraform.lock.hcl || fail ".terraform.lock.hcl does not pin version $version"
	[ -x ".terraform/providers/$addr/$version/linux_amd64/$binary_name" ] ||
		fail "terraform did not install .terraform/providers/$addr/$version/linux_amd64/$binary_name"
}

# listening_url FILE PROGRAM: the URL of PROGRAM's "PROGRAM listening on URL"
# line in FILE, once it is there (a minute at most: the bound only catches a
# program that never starts, and a loaded machine can take seconds).
listening_url() {
	for _ in $(seq 600); do
		grep -q "^$2 listening on " "$1" 2>/dev/null && break
		sleep 0.1
	done
	sed -n "s/^$2 listening on //p" "$1" | head -1
}

start_emulator() {
	stop_process "$emulator_pid"
	"$EMULATOR" --listen 127.0.0.1:0 --token "$token" >"$work/emulator.log" 2>&1 &
	emulator_pid=$!
	url=$(listening_url "$work/emulator.log" auth0-emulator)
	[ -n "$url" ] || { cat "$work/emulator.log"; fail "the emulator did not start"; }
	export AUTH0_DOMAIN=$url AUTH0_API_TOKEN=$token
	unset AUTH0_CLIENT_ID AUTH0_CLIENT_SECRET AUTH0_AUDIENCE
}

# tf runs terraform with the examples' sensitive variables set.
tf() {
	terraform "$@" -input=false -no-color \
		-var google_client_secret=release-test-google -var twilio_token=release-test-twilio \
		-var azure_client_secret=release-test-azure
}
api_names() {
	curl -fsS -H "Authorization: Bearer $token" "$url/api/v2/connections?fields=name&include_fields=true&per_page=100" |
		grep -o '"name":"[^"]*"' | sed 's/"name":"\(.*\)"/\1/' | sort
}
emulator_count() {
	curl -fsS "$url/emulator/stats" | grep -o "\"$1\":[0-9]*" | cut -d: -f2 || echo 0
}
want_sorted=$(printf '%s\n' "${want_connections[@]}" | sort)

# exercise: apply, an empty second plan and destroy of the examples in the
# current directory, against a fresh emulator.
exercise() {
	local t rc=0 state
	t=$(date +%s)
	start_emulator
	tf apply -auto-approve >"$work/apply.log" 2>&1 || { cat "$work/apply.log"; fail "terraform apply failed"; }
	state=$(terraform state list | grep '^auth0_connection\.' | sort)
	[ "$(wc -l <<<"$state")" -eq "${#want_connections[@]}" ] || fail "state holds [$state]; want ${#want_connections[@]} connections"
	[ "$(api_names)" = "$want_sorted" ] || fail "the emulator holds [$(api_names | tr '\n' ' ')]; want [$(tr '\n' ' ' <<<"$want_sorted")]"
	[ "$(emulator_count 'POST /api/v2/connections')" -eq "${#want_connections[@]}" ] || fail "expected ${#want_connections[@]} POSTs, the emulator counted $(emulator_count 'POST /api/v2/connections')"
	echo "ok: apply created ${#want_connections[@]} connections, one POST each"

	tf plan -detailed-exitcode >"$work/plan.log" 2>&1 || rc=$?
	[ "$rc" -eq 0 ] || { cat "$work/plan.log"; fail "the plan after apply is not empty (exit $rc)"; }
	echo "ok: a second plan is empty"

	tf destroy -auto-approve >"$work/destroy.log" 2>&1 || { cat "$work/destroy.log"; fail "terraform destroy failed"; }
	[ -z "$(terraform state list)" ] || fail "state not empty after destroy: $(terraform state list | tr '\n' ' ')"
	[ -z "$(api_names)" ] || fail "connections left on the emulator: $(api_names | tr '\n' ' ')"
	[ "$(emulator_count 'DELETE /api/v2/connections/{id}')" -eq "${#want_connections[@]}" ] || fail "expected ${#want_connections[@]} DELETEs"
	echo "ok: destroy deleted every connection ($(elapsed "$t"))"
}

step "Installing from a filesystem mirror with terraform init (version constraint \"$constraint\")"
t=$(date +%s)
# The packed mirror layout holds the release zip exactly as published.
mirror=$work/mirror
mkdir -p "$mirror/registry.terraform.io/$source_addr"
cp "$dist/$zip_name" "$mirror/registry.terraform.io/$source_addr/"
cat >"$work/mirror.tfrc" <<EOF
provider_installation {
  filesystem_mirror {
    path    = "$mirror"
    include = ["registry.terraform.io/$source_addr"]
  }
  direct {
    exclude = ["registry.terraform.io/$source_addr"]
  }
}
EOF
export TF_CLI_CONFIG_FILE=$work/mirror.tfrc
new_config "$work/mirror-config" "$source_addr"
cd "$work/mirror-config"
terraform init -input=false -no-color >"$work/init.log" 2>&1 || { cat "$work/init.log"; fail "terraform init failed"; }
check_installed registry.terraform.io "$source_addr"
echo "ok: terraform init installed $source_addr v$version from the mirror ($(elapsed "$t"))"

step "Applying the examples installed from the mirror against the emulator"
exercise

step "Serving the release with the provider registry protocol over HTTPS"
# The served directory is a copy: the failure cases below alter it.
served=$work/served
mkdir "$served"
cp "$dist/$zip_name" "$dist/$sums_name" "$dist/$sig_name" "$served/"
"$REGISTRY_SERVER" -dir "$served" -namespace "$namespace" -type auth0 \
	-key "$work/release-key.asc" -key-id "$key_id" -manifest "$root/terraform-registry-manifest.json" \
	-cert-out "$work/registry-cert.pem" >"$work/registry.out" 2>"$work/registry.log" &
registry_pid=$!
registry_url=$(listening_url "$work/registry.out" registry-server)
[ -n "$registry_url" ] || { cat "$work/registry.out" "$work/registry.log"; fail "the registry server did not start"; }
registry_host=${registry_url#https://}
export SSL_CERT_FILE=$work/registry-cert.pem
# The CLI configuration has no provider_installation block: terraform
# installs from the registry named in the source address, as it does for
# registry.terraform.io.
: >"$work/direct.tfrc"
export TF_CLI_CONFIG_FILE=$work/direct.tfrc
curl -fsS --cacert "$SSL_CERT_FILE" "$registry_url/.well-known/terraform.json" | grep -q '"providers.v1":"/v1/providers/"' ||
	fail "service discovery at $registry_url/.well-known/terraform.json"
echo "ok: $registry_url, source \"$registry_host/$source_addr\", certificate trusted through SSL_CERT_FILE"

step "Installing from the registry with terraform init (version constraint \"$constraint\")"
t=$(date +%s)
new_config "$work/registry-config" "$registry_host/$source_addr"
cd "$work/registry-config"
terraform init -input=false -no-color >"$work/init.log" 2>&1 || { cat "$work/init.log" "$work/registry.log"; fail "terraform init from the registry failed"; }
check_installed "$registry_host" "$registry_host/$source_addr"
# Terraform names the key that signed the checksums, and records every
# checksum of the signed SHA256SUMS in the lock file (the "zh:" hashes).
grep -q "key ID $key_id" "$work/init.log" || { cat "$work/init.log"; fail "init did not report the signature by key $key_id"; }
grep -q "\"zh:$(grep "  $zip_name\$" "$dist/$sums_name" | cut -d' ' -f1)\"" .terraform.lock.hcl ||
	fail ".terraform.lock.hcl lacks the archive's checksum from $sums_name"
for path in /.well-known/terraform.json "/v1/providers/$source_addr/versions" \
	"/v1/providers/$source_addr/$version/download/linux/amd64" "/files/$zip_name" "/files/$sums_name" "/files/$sig_name"; do
	grep -q "^GET $path 200 " "$work/registry.log" || { cat "$work/registry.log"; fail "terraform did not GET $path"; }
done
echo "ok: terraform init installed $registry_host/$source_addr v$version, checksum and signature verified ($(elapsed "$t"))"

step "Applying the examples installed from the registry against the emulator"
exercise

# init_must_fail NAME PATTERN: a fresh `terraform init` against the registry
# fails, its error matches PATTERN, and nothing is installed.
init_must_fail() {
	local dir=$work/$1-config rc=0
	new_config "$dir" "$registry_host/$source_addr"
	cd "$dir"
	terraform init -input=false -no-color >"$work/$1-init.log" 2>&1 || rc=$?
	[ "$rc" -ne 0 ] || { cat "$work/$1-init.log"; fail "terraform init succeeded with a $1"; }
	grep -Eiq "$2" "$work/$1-init.log" || { cat "$work/$1-init.log"; fail "init failed with a $1, but not with an error matching /$2/"; }
	[ ! -e ".terraform/providers/$registry_host/$source_addr/$version" ] || fail "init installed the provider despite a $1"
	echo "ok: init refused it: $(sed -n '/Error: /,$p' "$work/$1-init.log" | sed 's/│//g; s/╷//g; s/╵//g' | tr -s ' \n' '  ' | cut -c1-400)"
}

step "A tampered archive must make terraform init fail"
cp "$served/$zip_name" "$work/good.zip"
printf 'tampered' >>"$served/$zip_name"
init_must_fail "tampered archive" "checksum"
cp "$work/good.zip" "$served/$zip_name"

step "A signature by another key must make terraform init fail"
other=$(new_key "$work/gnupg-other" "someone else")
GNUPGHOME=$work/gnupg-other gpg --batch --yes --local-user "$other" --output "$served/$sig_name" --detach-sign "$served/$sums_name"
init_must_fail "wrong signature" "signature"

printf '\ntest-release: PASS (%s v%s from %s: filesystem mirror and registry protocol, total %s)\n' \
	"$source_addr" "$version" "$zip_name" "$(elapsed "$t_start")"
