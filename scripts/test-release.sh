#!/usr/bin/env bash
# make test-release: prove that a release archive installs and works the way
# the Terraform registry (and HCP Terraform) installs it.
#
#  1. goreleaser builds the linux_amd64 archive from .goreleaser.yml itself:
#     only the target list is narrowed (between the `targets:begin` and
#     `targets:end` markers) and the snapshot version pinned to the next
#     release named in CHANGELOG.md. The archive, binary, checksum and manifest
#     names are checked.
#  2. The zip goes, untouched, into a filesystem_mirror; a CLI configuration
#     installs openauth0/* only from there, and a configuration with a version
#     constraint (~> X.Y) runs a real `terraform init` (no dev_overrides).
#  3. `apply`, a second `plan` (must be empty) and `destroy` of the examples
#     run against a fresh bin/auth0-emulator; the emulator's API and request
#     counters confirm what was created and removed.
#
# Needs: terraform, go, unzip, curl, sha256sum, and the tools of `make tools`
# (GORELEASER), bin/auth0-emulator (`make emulator`; EMULATOR overrides).
# Everything is written under a temporary directory that is removed on exit.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
GORELEASER=${GORELEASER:-$root/bin/tools/goreleaser}
EMULATOR=${EMULATOR:-$root/bin/auth0-emulator}
source_addr=openauth0/auth0
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
cleanup() {
	if [ -n "$emulator_pid" ]; then
		kill "$emulator_pid" 2>/dev/null || true
		wait "$emulator_pid" 2>/dev/null || true
	fi
	rm -rf "$work"
}
trap cleanup EXIT

step() { printf '\n== %s\n' "$*"; }
fail() {
	echo "test-release: FAIL: $*" >&2
	exit 1
}
elapsed() { echo "$(($(date +%s) - $1))s"; }

for cmd in terraform go unzip curl sha256sum; do
	command -v "$cmd" >/dev/null || fail "'$cmd' is not on PATH"
done
[ -x "$GORELEASER" ] || fail "$GORELEASER not found: run 'make tools'"
[ -x "$EMULATOR" ] || fail "$EMULATOR not found: run 'make emulator'"

# The version under test is the next release: the top "## X.Y.Z (Unreleased)"
# heading of CHANGELOG.md. The constraint "~> X.Y" is what a user would write.
version=$(sed -n 's/^## \([0-9][0-9]*\.[0-9][0-9]*\.[0-9][0-9]*\) (Unreleased)$/\1/p' CHANGELOG.md | head -1)
[ -n "$version" ] || fail "CHANGELOG.md has no '## X.Y.Z (Unreleased)' heading"
constraint="~> ${version%.*}"
echo "release under test: $version, required_providers constraint \"$constraint\""

step "Building the linux_amd64 release archive with goreleaser"
t=$(date +%s)
config=$work/goreleaser.yml
dist=$work/dist
grep -q '^    # targets:begin' .goreleaser.yml && grep -q '^    # targets:end' .goreleaser.yml ||
	fail ".goreleaser.yml lost its '# targets:begin' / '# targets:end' markers"
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
"$GORELEASER" release --config "$config" --snapshot --clean --skip=sign,publish >"$work/goreleaser.log" 2>&1 ||
	{ cat "$work/goreleaser.log"; fail "goreleaser release failed"; }
echo "goreleaser: $(elapsed "$t")"

step "Checking the archive, the binary, the checksums and the manifest"
zip_name=${project}_${version}_linux_amd64.zip
binary_name=${project}_v${version}
sums_name=${project}_${version}_SHA256SUMS
manifest_name=${project}_${version}_manifest.json
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
unzip -q -d "$work/unpacked" "$dist/$zip_name"
buildinfo=$(go version -m "$work/unpacked/$binary_name")
for want in "CGO_ENABLED=0" "-trimpath=true" "GOOS=linux" "GOARCH=amd64"; do
	grep -qF -- "build	$want" <<<"$buildinfo" || fail "the binary was not built with $want"
done
# -trimpath keeps -ldflags out of the build info, so look for the version the
# ldflags embed (main.version) in the binary itself.
grep -qaF "$version" "$work/unpacked/$binary_name" || fail "the binary does not embed its version $version"
echo "ok: $zip_name holds $binary_name (static, -trimpath, version $version); $sums_name covers it and the manifest"

step "Installing from a filesystem mirror with terraform init (version constraint \"$constraint\")"
t=$(date +%s)
# The packed mirror layout holds the release zip exactly as published.
mirror=$work/mirror
mkdir -p "$mirror/registry.terraform.io/$source_addr"
cp "$dist/$zip_name" "$mirror/registry.terraform.io/$source_addr/"
cat >"$work/terraform.rc" <<EOF
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
export TF_CLI_CONFIG_FILE=$work/terraform.rc CHECKPOINT_DISABLE=1 TF_IN_AUTOMATION=1
unset TF_PLUGIN_CACHE_DIR TF_DATA_DIR TF_CLI_ARGS TF_CLI_ARGS_init TF_CLI_ARGS_apply TF_CLI_ARGS_plan TF_CLI_ARGS_destroy

cfg=$work/config
mkdir -p "$cfg"
cat >"$cfg/versions.tf" <<EOF
terraform {
  required_providers {
    auth0 = {
      source  = "$source_addr"
      version = "$constraint"
    }
  }
}

provider "auth0" {}
EOF
for f in "${example_files[@]}"; do
	cp "examples/resources/auth0_connection/$f" "$cfg/$f"
done
cd "$cfg"
terraform init -input=false -no-color >"$work/init.log" 2>&1 || { cat "$work/init.log"; fail "terraform init failed"; }
grep -q "Installing $source_addr v$version" "$work/init.log" || { cat "$work/init.log"; fail "init did not install $source_addr v$version"; }
grep -q "\"registry.terraform.io/$source_addr\"" .terraform.lock.hcl || fail ".terraform.lock.hcl does not pin $source_addr"
grep -q "version *= \"$version\"" .terraform.lock.hcl || fail ".terraform.lock.hcl does not pin version $version"
installed=.terraform/providers/registry.terraform.io/$source_addr/$version/linux_amd64/$binary_name
[ -x "$installed" ] || fail "terraform did not install $installed"
echo "ok: terraform init installed $source_addr v$version from the mirror ($(elapsed "$t"))"

step "Applying the examples against the emulator"
t=$(date +%s)
"$EMULATOR" --listen 127.0.0.1:0 --token "$token" >"$work/emulator.log" 2>&1 &
emulator_pid=$!
for _ in $(seq 100); do
	grep -q '^auth0-emulator listening on ' "$work/emulator.log" 2>/dev/null && break
	sleep 0.1
done
url=$(sed -n 's/^auth0-emulator listening on //p' "$work/emulator.log" | head -1)
[ -n "$url" ] || { cat "$work/emulator.log"; fail "the emulator did not start"; }
export AUTH0_DOMAIN=$url AUTH0_API_TOKEN=$token
unset AUTH0_CLIENT_ID AUTH0_CLIENT_SECRET AUTH0_AUDIENCE

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

tf apply -auto-approve >"$work/apply.log" 2>&1 || { cat "$work/apply.log"; fail "terraform apply failed"; }
state=$(terraform state list | grep '^auth0_connection\.' | sort)
[ "$(wc -l <<<"$state")" -eq "${#want_connections[@]}" ] || fail "state holds [$state]; want ${#want_connections[@]} connections"
[ "$(api_names)" = "$want_sorted" ] || fail "the emulator holds [$(api_names | tr '\n' ' ')]; want [$(tr '\n' ' ' <<<"$want_sorted")]"
[ "$(emulator_count 'POST /api/v2/connections')" -eq "${#want_connections[@]}" ] || fail "expected ${#want_connections[@]} POSTs, the emulator counted $(emulator_count 'POST /api/v2/connections')"
echo "ok: ${#want_connections[@]} connections created, one POST each ($(elapsed "$t"))"

step "A second plan is empty"
rc=0
tf plan -detailed-exitcode >"$work/plan.log" 2>&1 || rc=$?
[ "$rc" -eq 0 ] || { cat "$work/plan.log"; fail "the plan after apply is not empty (exit $rc)"; }
echo "ok"

step "Destroying"
t=$(date +%s)
tf destroy -auto-approve >"$work/destroy.log" 2>&1 || { cat "$work/destroy.log"; fail "terraform destroy failed"; }
[ -z "$(terraform state list)" ] || fail "state not empty after destroy: $(terraform state list | tr '\n' ' ')"
[ -z "$(api_names)" ] || fail "connections left on the emulator: $(api_names | tr '\n' ' ')"
[ "$(emulator_count 'DELETE /api/v2/connections/{id}')" -eq "${#want_connections[@]}" ] || fail "expected ${#want_connections[@]} DELETEs"
echo "ok: every connection deleted ($(elapsed "$t"))"

printf '\ntest-release: PASS (%s v%s from %s, total %s)\n' "$source_addr" "$version" "$zip_name" "$(elapsed "$t_start")"
