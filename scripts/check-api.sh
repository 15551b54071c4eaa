#!/usr/bin/env bash
# Checks the running service against its OpenAPI document with schemathesis (PyPI): a small generated
# store, a token, `apparier serve` on a free loopback port; every operation fuzzed; no 5xx, and every
# response conforms to docs/openapi.json (status, content type, schema). Exits non-zero on any failure.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib/serve.sh

python3 -m pip install --quiet --disable-pip-version-check "schemathesis==4.32.5" 2>&1 | grep -v "Running pip as the 'root' user" || true
swift build --product apparier
apparier="$(swift build --show-bin-path)/apparier"

work="$(mktemp -d)"
server=""
cleanup() { [ -n "$server" ] && kill "$server" 2>/dev/null; wait 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT

"$apparier" generate --candidates 2000 --offers 200 --seed 3 --out "$work/data" > /dev/null 2>&1
"$apparier" import offers "$work/data/offers.json" --db "$work/api.sqlite" > /dev/null
"$apparier" import candidates "$work/data/candidates.json" --db "$work/api.sqlite" > /dev/null
token="$("$apparier" token create --name schemathesis --db "$work/api.sqlite" 2> /dev/null)"

start_service "$apparier" "$work/api.sqlite" "$work/serve.log"

schemathesis run "http://127.0.0.1:$port/api/v1/openapi.json" \
    --header "Authorization: Bearer $token" \
    --checks not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance \
    --max-examples 25 --request-timeout 30
