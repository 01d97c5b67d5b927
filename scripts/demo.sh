#!/usr/bin/env bash
# make demo: run terraform with this provider against the local emulator,
# showing that nothing is lost on the server. Needs bin/ built by make.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
work=$(mktemp -d)
emulator_pid=""

cleanup() {
	if [ -n "$emulator_pid" ]; then
		kill "$emulator_pid" 2>/dev/null || true
		wait "$emulator_pid" 2>/dev/null || true
	fi
	rm -rf "$work"
}
trap cleanup EXIT

step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }

step "Starting the Auth0 emulator"
"$root/bin/auth0-emulator" --listen 127.0.0.1:0 --token demo-token >"$work/emulator.log" 2>&1 &
emulator_pid=$!
for _ in $(seq 50); do
	grep -q '^auth0-emulator listening on ' "$work/emulator.log" 2>/dev/null && break
	sleep 0.1
done
url=$(sed -n 's/^auth0-emulator listening on //p' "$work/emulator.log" | head -1)
[ -n "$url" ] || { cat "$work/emulator.log"; echo "the emulator did not start" >&2; exit 1; }
echo "emulator at $url"

export AUTH0_DOMAIN="$url" AUTH0_API_TOKEN=demo-token
cat >"$work/terraformrc" <<RC
provider_installation {
  dev_overrides {
    "openauth0/auth0" = "$root/bin"
  }
  direct {}
}
RC
export TF_CLI_CONFIG_FILE="$work/terraformrc"
cp "$root/examples/demo/main.tf" "$work/"
cd "$work"
# tf runs terraform and hides the development-overrides warning box that
# every command prints with dev_overrides.
tf() {
	echo "\$ terraform $*"
	local rc=0
	terraform "$@" -no-color >"$work/tf.out" 2>&1 || rc=$?
	awk '/^Warning: Provider development overrides are in effect/ {skip=1}
		!skip {print}
		skip && /^releases\.$/ {skip=0}' "$work/tf.out"
	return $rc
}

step "Creating three connections (database, Google with a secret, Twitter with upstream params)"
tf apply -auto-approve -input=false

step "A second plan is empty"
tf plan -input=false -detailed-exitcode

id=$(terraform output -raw customers_id 2>/dev/null)
step "A dashboard user adds an option key Terraform does not manage"
(cd "$root" && go run ./scripts/demo-dashboard -id "$id" -set dashboard_note -value "added in the dashboard")

step "Plan after the out-of-band change: still empty (unmanaged keys never show)"
tf plan -input=false -detailed-exitcode

step "Changing a managed option: the plan shows only passwordPolicy"
tf apply -auto-approve -input=false -var password_policy=excellent

step "The dashboard's key survived the apply"
(cd "$root" && go run ./scripts/demo-dashboard -id "$id") | tee "$work/after.txt"
grep -q dashboard_note "$work/after.txt" || { echo "dashboard_note was lost" >&2; exit 1; }

step "Destroying"
tf destroy -auto-approve -input=false -var password_policy=excellent

step "Demo finished: nothing managed elsewhere was lost"
