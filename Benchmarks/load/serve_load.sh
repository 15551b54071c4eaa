#!/usr/bin/env bash
# Load benchmark of `apparier serve` (opt-in): wrk on loopback, shortlists of 1,000 different offers,
# 16 connections, alone and then while 10,000 candidates are imported through the API; also the time
# the service takes to be ready, and to make one new candidate and one erasure visible.
#
#   Benchmarks/load/serve_load.sh STORE [SECONDS]
#
# STORE is a store filled by `apparier import` (for the figures of docs/benchmarks.md: the generator's
# 500,000 candidates and 50,000 offers). It is copied first: the benchmark never changes it.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
store="${1:?usage: serve_load.sh STORE [SECONDS]}"
seconds="${2:-60}"
[ "$seconds" -le 60 ] || { echo "runs are bounded to 60 s"; exit 1; }

command -v wrk > /dev/null || { apt-get update -qq && apt-get install -y -qq wrk > /dev/null; }
(cd "$root" && swift build -c release --product apparier > /dev/null)
apparier="$(cd "$root" && swift build -c release --show-bin-path)/apparier"

work="$(mktemp -d)"
server=""
cleanup() { [ -n "$server" ] && kill "$server" 2>/dev/null; wait 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT
cp "$store" "$work/load.sqlite"
[ -f "$store.index" ] && cp "$store.index" "$work/load.sqlite.index"
db="$work/load.sqlite"

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
echo "BLAS: $(readlink -f /etc/alternatives/libblas.so.3-$(uname -m)-linux-gnu 2>/dev/null || echo unknown)"
token="$("$apparier" token create --name "load-$$" --db "$db" 2> /dev/null)"
python3 - "$db" "$work" <<'PY'
import json, sqlite3, sys
db, work = sys.argv[1], sys.argv[2]
con = sqlite3.connect(db)
ids = [r[0] for r in con.execute("SELECT id FROM offer ORDER BY offerKey LIMIT 1000")]
open(f"{work}/offers.txt", "w").write("\n".join(ids) + "\n")
# 10,000 candidates for the import under load: stored ones under new ids (the same kind of people).
rows = [r[0] for r in con.execute("SELECT id FROM candidate ORDER BY candidateKey LIMIT 10001")]
json.dump(rows, open(f"{work}/source-ids.json", "w"))
PY

start_server() {
    : > "$work/serve.log"
    local t0; t0=$(date +%s%N)
    "$apparier" serve --db "$db" --port 0 2> "$work/serve.log" &
    server=$!
    until grep -q "Listening on" "$work/serve.log"; do
        kill -0 "$server" 2>/dev/null || { cat "$work/serve.log"; exit 1; }
        sleep 0.02
    done
    port="$(sed -n 's|.*Listening on http://127.0.0.1:\([0-9]*\).*|\1|p' "$work/serve.log")"
    echo "ready in $(( ($(date +%s%N) - t0) / 1000000 )) ms: $(grep 'Index of' "$work/serve.log")"
}

# The 10,000 candidates to import: fetched through the API, given new ids.
start_server
python3 - "$work" "$port" "$token" <<'PY'
import json, sys, urllib.request
work, port, token = sys.argv[1], sys.argv[2], sys.argv[3]
ids = json.load(open(f"{work}/source-ids.json"))
out = []
for i, cid in enumerate(ids[:10000]):
    req = urllib.request.Request(f"http://127.0.0.1:{port}/api/v1/candidates/{cid}", headers={"Authorization": f"Bearer {token}"})
    c = json.load(urllib.request.urlopen(req))
    c["id"] = f"LOAD{i:06d}"
    out.append(c)
json.dump(out, open(f"{work}/import.json", "w"))
PY
kill "$server"; wait "$server" 2>/dev/null || true

echo "== start from the snapshot"
start_server
export OFFERS="$work/offers.txt" TOKEN="$token"
echo "== shortlists alone: 16 connections, ${seconds} s"
wrk -t2 -c16 -d"${seconds}s" -s "$here/shortlists.lua" "http://127.0.0.1:$port" | grep RESULT

echo "== shortlists while 10,000 candidates are imported"
( sleep 2; t0=$(date +%s%N)
  code=$(curl -s -o "$work/import-answer.json" -w '%{http_code}' -X POST -H "Authorization: Bearer $token" \
         -H 'Content-Type: application/json' --data-binary @"$work/import.json" "http://127.0.0.1:$port/api/v1/candidates")
  echo "import: HTTP $code in $(( ($(date +%s%N) - t0) / 1000000 )) ms" ) &
importer=$!
wrk -t2 -c16 -d"${seconds}s" -s "$here/shortlists.lua" "http://127.0.0.1:$port" | grep RESULT
wait "$importer"
grep -o '"inserted":[0-9]*' "$work/import-answer.json"

echo "== visibility: one new candidate, one erasure (the answer comes once the index has changed; median of 5)"
sleep 8   # the compaction after the import
python3 - "$work" "$port" "$token" <<'PY'
import json, statistics, sys, time, urllib.request
work, port, token = sys.argv[1], sys.argv[2], sys.argv[3]
source = json.load(open(f"{work}/import.json"))[0]
def call(method, path, body=None):
    req = urllib.request.Request(f"http://127.0.0.1:{port}{path}", data=body, method=method,
                                 headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"})
    return urllib.request.urlopen(req).read()
def count():
    return json.loads(call("GET", "/api/v1/health"))["candidates"]
adds, erasures = [], []
for k in range(5):
    c = dict(source, id=f"VISIBLE-{k}")
    before = count()
    t = time.perf_counter(); call("POST", "/api/v1/candidates", json.dumps([c]).encode())
    assert count() == before + 1
    adds.append((time.perf_counter() - t) * 1000)
    t = time.perf_counter(); call("DELETE", f"/api/v1/candidates/VISIBLE-{k}")
    assert count() == before
    erasures.append((time.perf_counter() - t) * 1000)
    time.sleep(20)   # the compaction after the erasure (it vacuums the store file)
print(f"RESULT add_one_ms={statistics.median(adds):.1f} erase_one_ms={statistics.median(erasures):.1f} "
      f"(each: the write, then the health count read back; all: {[round(a, 1) for a in adds]} / {[round(e, 1) for e in erasures]})")
PY
