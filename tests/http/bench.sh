#!/bin/sh
# bench.sh DATELINE: 'make bench-serve'. Builds a store of generated
# articles, starts 'dateline serve' on loopback and runs wrk against
# GET /v1/events for BENCH_SECONDS (10) seconds; prints requests/s, p99
# latency, errors (must be 0) and the server's RSS before and after.
set -u
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
secs=${BENCH_SECONDS:-10}
command -v wrk >/dev/null || { echo "bench-serve: wrk missing (make deps)"; exit 1; }
tmp=$(mktemp -d)
pid=
trap '[ -n "$pid" ] && kill $pid 2>/dev/null; rm -rf "$tmp"' EXIT
cd "$tmp" || exit 1

# 300 short articles over 30 days and a few places
python3 - > a.jsonl <<'PY'
import json
places = ["Baghdad", "Basra", "Kabul", "Paris", "Nairobi", "Lagos", "Khartoum", "Manila"]
acts = ["Police arrested {n} protesters in {p} on Monday.",
        "Rebels attacked an army base near {p}, killing {n} soldiers.",
        "Thousands protested in {p} against new taxes.",
        "Gunmen killed {n} villagers near {p}, officials said."]
for i in range(300):
    p = places[i % len(places)]
    t = " ".join(a.format(n=(i % 9) + 2, p=p) for a in acts[i % 3:] + acts[:i % 3])
    print(json.dumps({"id": "b%d" % i, "date": "2021-11-%02d" % (i % 30 + 1), "text": t}))
PY
"$bin" ingest -q --db b.db a.jsonl >/dev/null 2>&1 || { echo "bench-serve: ingest failed"; exit 1; }
"$bin" serve --db b.db --port 0 2> srv.log &
pid=$!
port=
for _ in $(seq 1 600); do
  port=$(sed -n 's|.*http://127.0.0.1:\([0-9]*\)/.*|\1|p' srv.log)
  [ -n "$port" ] && break
  sleep 0.1
done
[ -n "$port" ] || { cat srv.log; exit 1; }
url="http://127.0.0.1:$port/v1/events?limit=50"
rss() { awk '/^VmRSS/ { print $2 " kB" }' /proc/$pid/status; }
wrk -t2 -c32 -d2s "$url" >/dev/null 2>&1  # warm-up: workers open the store
before=$(rss)
echo "wrk -t2 -c32 -d${secs}s --latency $url"
wrk -t2 -c32 -d"${secs}s" --latency "$url" > wrk.out 2>&1
after=$(rss)
cat wrk.out
rps=$(awk '/^Requests\/sec/ { print $2 }' wrk.out)
p99=$(awk '$1 == "99%" { print $2 }' wrk.out)
errs=$(awk '/Socket errors/ { n = 0; for (i = 1; i <= NF; i++) if ($i ~ /^[0-9]+,?$/) n += $i; print n }' wrk.out)
non2xx=$(awk '/Non-2xx/ { print $NF }' wrk.out)
errs=$(( ${errs:-0} + ${non2xx:-0} ))
echo "bench-serve: $rps requests/s, p99 $p99, errors $errs, RSS $before before, $after after"
[ "$errs" -eq 0 ]
