#!/usr/bin/env bash
# build-cli.sh NAME VERSION: builds a Terraform or OpenTofu CLI from its
# source on the Go module proxy (no release binary can be downloaded) and
# prints the path of the binary on stdout. Progress goes to stderr.
#
#   scripts/build-cli.sh terraform 1.5.7    # go install, the module builds as is
#   scripts/build-cli.sh terraform 1.13.3   # module source with two edits, see below
#   scripts/build-cli.sh opentofu 1.12.6    # module source, go build ./cmd/tofu
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
# and internal/legacy). Drop those replace and require lines, and remove the
# backends that live in the missing modules from the backend registry, so the
# main module builds on its own. The local, remote, cloud, http and inmem
# backends stay; tests only use local state.
drop_local_submodules() {
	local gomod=$tmp/src/go.mod init=$tmp/src/internal/backend/init/init.go
	local mods mod alias rel
	mods=$(sed -n 's#^[[:space:]]*\(replace[[:space:]]\{1,\}\)\{0,1\}\([^[:space:]]\{1,\}\)[[:space:]]\{1,\}=>[[:space:]]\{1,\}\./.*#\2#p' "$gomod")
	[ -n "$mods" ] || fail "$gomod: no local replace directives; the recipe for $version needs a look"
	for mod in $mods; do
		(cd "$tmp/src" && go mod edit -dropreplace="$mod" -droprequire="$mod")
		rel=${mod#"$module"/}
		case $rel in
		internal/backend/remote-state/*)
			alias=$(sed -n "s#^[[:space:]]*\([A-Za-z0-9_]*\)[[:space:]]*\"$mod\"\$#\1#p" "$init")
			[ -n "$alias" ] || fail "$init does not import $mod"
			sed -i "\#\"$mod\"\$#d; /[[:space:]]$alias\.New(/d" "$init"
			! grep -q "\<$alias\." "$init" || fail "$init still uses $alias after the edit"
			;;
		esac
		log "$name $version: dropped $rel"
	done
	gofmt -l "$init" >/dev/null || fail "$init does not parse after the edit"
}

case $name-$version in
terraform-1.5.*)
	# The last MPL release is one module: go install builds it as published.
	log "$name $version: go install $module@v$version"
	GOBIN=$tmp/out go install -trimpath -ldflags "$ldflags" "$module@v$version"
	;;
terraform-1.1[3-9].*)
	log "$name $version: building from the module source, without its local submodules"
	source_copy
	drop_local_submodules
	(cd "$tmp/src" && go build -mod=mod -trimpath -ldflags "$ldflags" -o "$tmp/out/$binary" "$pkg")
	;;
opentofu-1.1[0-9].*)
	# go install refuses the module (its go.mod has a replace directive), so
	# build from a copy of the source.
	log "$name $version: building from the module source"
	source_copy
	(cd "$tmp/src" && go build -trimpath -ldflags "$ldflags" -o "$tmp/out/$binary" "$pkg")
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
