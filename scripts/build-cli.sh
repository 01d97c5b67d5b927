#!/usr/bin/env bash
# build-cli.sh NAME VERSION: builds a Terraform or OpenTofu CLI from its
# source on the Go module proxy (no release binary can be downloaded) and
# prints the path of the binary on stdout. Progress goes to stderr.
#
#   scripts/build-cli.sh terraform 1.5.7    # module source, go build .
#   scripts/build-cli.sh terraform 1.13.3   # module source without its local submodules, go build .
#   scripts/build-cli.sh opentofu 1.12.6    # module source, go build ./cmd/tofu
#
# Every recipe builds a copy of the module's source with the remote-state
# backends other than http and inmem left out (and, for OpenTofu, the state
# encryption key providers of cloud KMS services): they compile the AWS,
# Azure, Google Cloud, Kubernetes, Alibaba and Tencent SDKs, most of a cold
# build, and the acceptance tests only use local state. The local, remote,
# cloud, http and inmem backends stay, so a configuration naming another
# backend fails at init with "Unsupported backend type".
#
# Binaries are cached outside the clone, keyed by name and version:
#   ${CLI_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/terraform-provider-auth0/clis}/NAME-VERSION/{terraform,tofu}
# A cached binary is used as is. A build runs under a lock (flock) and is
# written to a temporary directory beside its final place, then renamed, so
# two concurrent runs neither build twice nor leave a half-written binary.
set -euo pipefail

usage() {
	echo "usage: $0 terraform|opentofu VERSION" >&2
	exit 2
}
[ "$#" -eq 2 ] || usage
name=$1 version=$2
[[ $version =~ ^[0-9]+\.[0-9]+\.[0-9]+$ ]] || usage

cache=${CLI_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/terraform-provider-auth0/clis}
dir=$cache/$name-$version
case $name in
terraform)
	module=github.com/hashicorp/terraform
	binary=terraform
	pkg=.
	;;
opentofu)
	module=github.com/opentofu/opentofu
	binary=tofu
	pkg=./cmd/tofu
	;;
*) usage ;;
esac
# Release builds clear the "-dev" suffix the version package adds by default;
# terraform-plugin-testing reads the version the CLI reports.
ldflags="-s -w -X $module/version.dev=no"

log() { echo "build-cli: $*" >&2; }
fail() {
	log "FAIL: $*"
	exit 1
}

# check_version BINARY: the binary runs and reports the version asked for.
check_version() {
	local got
	got=$("$1" version -json 2>/dev/null | sed -n 's/^ *"terraform_version": *"\([^"]*\)".*/\1/p')
	[ "$got" = "$version" ] || fail "$1 reports version '$got', want $version"
}

if [ -x "$dir/$binary" ]; then
	log "$name $version: cached in $dir, nothing to build"
	echo "$dir/$binary"
	exit 0
fi

mkdir -p "$cache"
exec 9>"$cache/.$name-$version.lock"
if ! flock -n 9; then
	log "$name $version: another run is building it; waiting for its lock"
	flock 9
fi
if [ -x "$dir/$binary" ]; then
	log "$name $version: built by another run in $dir"
	echo "$dir/$binary"
	exit 0
fi

tmp=$(mktemp -d "$cache/.$name-$version.tmp.XXXXXX")
trap 'chmod -R u+w "$tmp" 2>/dev/null; rm -rf "$tmp"' EXIT
mkdir "$tmp/out"
start=$SECONDS
export CGO_ENABLED=0 GOTOOLCHAIN=local

# source_copy: a writable copy of the module's source from the module cache
# (go mod download fetches it from the proxy when missing).
source_copy() {
	local src
	src=$(cd "$tmp" && go mod download -json "$module@v$version" | sed -n 's/^\t"Dir": "\(.*\)",$/\1/p')
	[ -d "$src" ] || fail "go mod download $module@v$version gave no source directory"
	cp -R "$src" "$tmp/src"
	chmod -R u+w "$tmp/src"
	# The installed Go must be at least the one go.mod asks for: GOTOOLCHAIN
	# is local, so Go will not fetch a newer toolchain.
	local want have
	want=$(sed -n 's/^go \([0-9.]*\)$/\1/p' "$tmp/src/go.mod")
	have=$(go env GOVERSION | sed 's/^go//')
	if [ -n "$want" ] && [ "$(printf '%s\n%s\n' "$want" "$have" | sort -V | head -1)" != "$want" ]; then
		fail "$module@v$version needs Go $want (go.mod); this is Go $have"
	fi
}

# drop_local_submodules: the module zip of Terraform 1.13 lacks the nested
# modules its go.mod replaces with local paths (most remote-state backends
# and internal/legacy). Drop those replace and require lines, so the main
# module builds on its own; drop_backends then removes the backends that
# lived in them.
drop_local_submodules() {
	local gomod=$tmp/src/go.mod mods mod
	mods=$(sed -n 's#^[[:space:]]*\(replace[[:space:]]\{1,\}\)\{0,1\}\([^[:space:]]\{1,\}\)[[:space:]]\{1,\}=>[[:space:]]\{1,\}\./.*#\2#p' "$gomod")
	[ -n "$mods" ] || fail "$gomod: no local replace directives; the recipe for $version needs a look"
	for mod in $mods; do
		(cd "$tmp/src" && go mod edit -dropreplace="$mod" -droprequire="$mod")
		log "$name $version: dropped the module ${mod#"$module"/}"
	done
}

# drop_package FILE PACKAGE USES: deletes FILE's import of PACKAGE and the
# lines that use it, a sed command in which NAME stands for the name the
# file gives the package, and checks that no use is left.
drop_package() {
	local file=$1 pkg=$2 uses=$3 ident
	ident=$(sed -n "s#^[[:space:]]*\([A-Za-z0-9_]*\)[[:space:]]*\"$pkg\"\$#\1#p" "$file")
	[ -n "$ident" ] || ident=${pkg##*/}
	sed -i "\#\"$pkg\"\$#d; ${uses//NAME/$ident}" "$file"
	! grep -q "\<$ident\." "$file" || fail "$file still uses $ident after the edit"
	gofmt -e "$file" >/dev/null || fail "$file does not parse after the edit"
}

# drop_backends: removes from the backend registry every remote-state
# backend but http and inmem: its import and its one-line entry
# ("s3": func(...) backend.Backend { return backendS3.New(...) },).
drop_backends() {
	local init=$tmp/src/internal/backend/init/init.go mods mod dropped=()
	mods=$(sed -n "s#^[[:space:]]*[A-Za-z0-9_]*[[:space:]]*\"\($module/internal/backend/remote-state/[a-z0-9]*\)\"\$#\1#p" "$init")
	[ -n "$mods" ] || fail "$init imports no remote-state backend; the recipe for $version needs a look"
	for mod in $mods; do
		case ${mod##*/} in http | inmem) continue ;; esac
		drop_package "$init" "$mod" '/[[:space:]]NAME\.New(/d'
		dropped+=("${mod##*/}")
	done
	log "$name $version: left out the remote-state backends ${dropped[*]}"
}

# drop_kms_key_providers: OpenTofu's state encryption registers key
# providers for AWS KMS, Google Cloud KMS, Azure Key Vault and OpenBao, each
# with its SDK; pbkdf2 and external stay. Each registration is three lines:
# if err := ...RegisterKeyProvider(NAME.New()); err != nil { panic(err) }.
drop_kms_key_providers() {
	local registry=$tmp/src/internal/encryption/default_registry.go provider dropped=()
	for provider in aws_kms gcp_kms azure_vault openbao; do
		grep -q "RegisterKeyProvider($provider\.New())" "$registry" || continue
		drop_package "$registry" "$module/internal/encryption/keyprovider/$provider" '/RegisterKeyProvider(NAME\.New())/,+2d'
		dropped+=("$provider")
	done
	log "$name $version: left out the state encryption key providers ${dropped[*]:-(none found)}"
}

# build: go build of the edited copy.
build() {
	(cd "$tmp/src" && go build "$@" -trimpath -ldflags "$ldflags" -o "$tmp/out/$binary" "$pkg")
}

case $name-$version in
terraform-1.5.*)
	# The last MPL release is one module.
	log "$name $version: building from the module source"
	source_copy
	drop_backends
	build
	;;
terraform-1.1[3-9].*)
	log "$name $version: building from the module source, without its local submodules"
	source_copy
	drop_local_submodules
	drop_backends
	build -mod=mod
	;;
opentofu-1.1[0-9].*)
	# go install refuses the module (its go.mod has a replace directive), so
	# build from a copy of the source.
	log "$name $version: building from the module source"
	source_copy
	drop_backends
	drop_kms_key_providers
	build
	;;
*) fail "no build recipe for $name $version" ;;
esac

check_version "$tmp/out/$binary"
# rename(2) within one filesystem: the cache never holds a partial binary.
# A directory left without its binary (a build removed by hand) goes first.
rm -rf "$dir"
mv "$tmp/out" "$dir"
log "$name $version: built in $((SECONDS - start))s into $dir"
echo "$dir/$binary"
