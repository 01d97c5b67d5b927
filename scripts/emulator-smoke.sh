#!/usr/bin/env bash
# Smoke test of the auth0-emulator program as users run it: build it, start
# it over TLS with a static token, drive the connection endpoints with curl
# (trusting the written certificate), check persistence across a restart,
# and stop it. Exits non-zero on the first unexpected answer.
set -euo pipefail
cd "$(dirname "$0")/.."

work=$(mktemp -d)
pid=""
cleanup() {
	if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
		kill "$pid" && wait "$pid" 2>/dev/null || true
	fi
	rm -rf "$work"
}
trap cleanup EXIT

go build -o "$work/auth0-emulator" ./cmd/auth0-emulator

start() {
	"$work/auth0-emulator" --listen 127.0.0.1:0 --tls-cert-out "$work/cert.pem" --token smoke --data "$work/tenant.json" >"$work/out" 2>"$work/err" &
	pid=$!
	for _ in $(seq 100); do
		grep -q '^export AUTH0_API_TOKEN=' "$work/out" 2>/dev/null && break
		sleep 0.05
	done
	head -1 "$work/out"
	eval "$(tail -n +2 "$work/out")"
}

stop() {
	kill -TERM "$pid"
	wait "$pid"
	pid=""
}

# expect STATUS METHOD PATH [BODY]
expect() {
	local want=$1 method=$2 path=$3 body=${4:-}
	local args=(-s -o "$work/body" -w '%{http_code}' --cacert "$SSL_CERT_FILE" -X "$method" -H "Authorization: Bearer $AUTH0_API_TOKEN")
	[ -n "$body" ] && args+=(-H 'Content-Type: application/json' --data "$body")
	local got
	got=$(curl "${args[@]}" "https://$AUTH0_DOMAIN$path")
	if [ "$got" != "$want" ]; then
		echo "FAIL: $method $path -> $got (want $want): $(cat "$work/body")" >&2
		exit 1
	fi
	echo "ok   $method $path -> $got"
}

start
expect 201 POST /api/v2/connections '{"name":"smoke-db","strategy":"auth0"}'
id=$(sed -n 's/^{"id":"\(con_[A-Za-z0-9]*\)".*/\1/p' "$work/body")
expect 200 GET "/api/v2/connections/$id"
expect 409 POST /api/v2/connections '{"name":"smoke-db","strategy":"auth0"}'
expect 200 PATCH "/api/v2/connections/$id" '{"display_name":"Smoke"}'
expect 200 GET '/api/v2/connections?take=50'
stop

start
expect 200 GET "/api/v2/connections/$id"
grep -q '"display_name":"Smoke"' "$work/body" || { echo "FAIL: the PATCH did not survive the restart" >&2; exit 1; }
expect 202 DELETE "/api/v2/connections/$id"
expect 404 GET "/api/v2/connections/$id"
expect 204 DELETE "/api/v2/connections/$id"

# kill -9 while writes are in flight: every acknowledged create must survive.
: >"$work/acked"
for i in $(seq 200); do
	got=$(curl -s --cacert "$SSL_CERT_FILE" -H "Authorization: Bearer $AUTH0_API_TOKEN" -H 'Content-Type: application/json' \
		--data "{\"name\":\"k9-$i\",\"strategy\":\"email\"}" "https://$AUTH0_DOMAIN/api/v2/connections" |
		sed -n 's/^{"id":"\(con_[A-Za-z0-9]*\)".*/\1/p') || true
	[ -n "$got" ] && echo "$got" >>"$work/acked"
done &
writer=$!
sleep 0.5
kill -9 "$pid"
wait "$pid" 2>/dev/null || true
pid=""
wait "$writer" || true
acked=$(wc -l <"$work/acked")
start
for cid in $(cat "$work/acked"); do
	expect 200 GET "/api/v2/connections/$cid" >/dev/null
done
echo "ok   all $acked creates acknowledged before kill -9 survived"
stop
echo "emulator smoke test passed"
