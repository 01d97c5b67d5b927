#!/usr/bin/env bash
# make test-matrix: the acceptance suite once per CLI our users run, and a
# table of the results.
#
#   terraform 1.5.7    the last MPL release, still pinned by many teams
#   terraform on PATH  (1.11.x here; the CLI `make test` uses)
#   terraform 1.13.3   current Terraform, what HCP Terraform workspaces run
#   opentofu 1.12.6    through TF_ACC_PROVIDER_HOST=registry.opentofu.org
#
# The CLIs other than the one on PATH are built from their source on the Go
# module proxy by scripts/build-cli.sh into a cache outside the clone, once
# per version. The suite is every package with acceptance tests that run
# the CLI: terraform-plugin-testing's (resource.Test, resource.ParallelTest)
# and those that drive it themselves through internal/tfcli (tfcli.NewWorld:
# the switch from auth0/auth0, auth0-migrate end to end), run with TF_ACC=1
# and TF_ACC_TERRAFORM_PATH. Tests that need a newer CLI skip
# themselves with tfversion; the table lists every skip with its reason.
# Exits 1 when any CLI has a failure.
#
# MATRIX_CLIS overrides the list: NAME-VERSION entries for build-cli.sh and
# "path" for the terraform on PATH. MATRIX_EXCLUDE drops entries from it:
# CI sets MATRIX_EXCLUDE=path, since `make test` has just run the suite with
# the terraform on PATH. MATRIX_RUN narrows the suite to the tests matching
# a go test -run pattern. The suite runs with -parallel 8, as in `make
# test`. The go test -json output of each run is kept in bin/matrix/
# (MATRIX_OUT).

set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
out=${MATRIX_OUT:-$root/bin/matrix}
read -r -a listed <<<"${MATRIX_CLIS:-terraform-1.5.7 path terraform-1.13.3 opentofu-1.12.6}"
read -r -a excluded <<<"${MATRIX_EXCLUDE:-}"
clis=()
for cli in "${listed[@]}"; do
	[[ " ${excluded[*]} " == *" $cli "* ]] || clis+=("$cli")
done

fail() {
	echo "test-matrix: FAIL: $*" >&2
	exit 1
}
[ "${#clis[@]}" -gt 0 ] || fail "no CLI left after MATRIX_EXCLUDE=${MATRIX_EXCLUDE:-}"
[ "${#excluded[@]}" -eq 0 ] || echo "test-matrix: leaving out ${excluded[*]} (MATRIX_EXCLUDE)"

# Every CLI warns on stdout when TF_CLI_CONFIG_FILE names a missing file,
# and terraform-plugin-testing then cannot parse the CLI's version.
if [ -z "${TF_CLI_CONFIG_FILE:-}" ] || [ ! -f "$TF_CLI_CONFIG_FILE" ]; then
	export TF_CLI_CONFIG_FILE=$root/.ci/terraform.rc
fi
export CHECKPOINT_DISABLE=1
unset TF_ACC_TERRAFORM_VERSION TF_ACC_PROVIDER_HOST TF_CLI_ARGS

mapfile -t packages < <(grep -rlE --include='*_test.go' 'resource\.(Parallel)?Test\(|tfcli\.NewWorld\(' . |
	xargs -n1 dirname | sort -u | sed 's#^\./##; s#^#./#')
[ "${#packages[@]}" -gt 0 ] || fail "no package has acceptance tests"
echo "acceptance packages: ${packages[*]}"

mkdir -p "$out"
go build -o "$out/matrix-report" ./scripts/matrix-report

echo "== CLIs"
build_start=$SECONDS
built=0
declare -A binary label
for cli in "${clis[@]}"; do
	if [ "$cli" = path ]; then
		binary[$cli]=$(command -v terraform) || fail "no terraform on PATH"
	else
		log=$out/build-$cli.log
		if ! binary[$cli]=$(./scripts/build-cli.sh "${cli%-*}" "${cli##*-}" 2>"$log"); then
			cat "$log" >&2
			fail "building $cli"
		fi
		grep -q 'nothing to build' "$log" || built=$((built + 1))
		grep '^build-cli: ' "$log"
	fi
	version=$("${binary[$cli]}" version -json | sed -n 's/^ *"terraform_version": *"\([^"]*\)".*/\1/p')
	[ -n "$version" ] || fail "${binary[$cli]} version -json reports no version"
	case $(basename "${binary[$cli]}") in
	tofu) label[$cli]="opentofu $version" ;;
	*) label[$cli]="terraform $version" ;;
	esac
	[ "$cli" != path ] || label[$cli]+=" (PATH)"
done
if [ "$built" -eq 0 ]; then
	echo "CLIs: every one was cached, nothing built"
else
	echo "CLIs: built $built in $((SECONDS - build_start))s"
fi

reports=()
rc=0
for cli in "${clis[@]}"; do
	json=$out/$cli.json
	echo "== ${label[$cli]}: TF_ACC=1 go test ${packages[*]} with TF_ACC_TERRAFORM_PATH=${binary[$cli]}"
	start=$SECONDS
	env=(TF_ACC=1 "TF_ACC_TERRAFORM_PATH=${binary[$cli]}")
	[[ ${label[$cli]} != opentofu* ]] || env+=(TF_ACC_PROVIDER_HOST=registry.opentofu.org)
	run_rc=0
	env "${env[@]}" go test -json -count=1 -parallel 8 -timeout 60m ${MATRIX_RUN:+-run "$MATRIX_RUN"} "${packages[@]}" >"$json" 2>"$out/$cli.stderr" || run_rc=$?
	reports+=("${label[$cli]}=$json")
	row=$("$out/matrix-report" "${label[$cli]}=$json" 2>&1 | sed -n 2p) || true
	echo "${row:-no result}  (wall $((SECONDS - start))s, go test exit $run_rc)"
	if [ "$run_rc" -ne 0 ]; then
		rc=1
		[ ! -s "$out/$cli.stderr" ] || cat "$out/$cli.stderr" >&2
	fi
done

echo "== results (tests counted once each, by their last pass/fail/skip; subtests apart)"
"$out/matrix-report" "${reports[@]}" || rc=1
[ "$rc" -eq 0 ] || fail "a CLI has failures (go test -json output in $out)"
echo "test-matrix: PASS"
