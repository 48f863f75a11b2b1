#!/bin/sh
# test_dask.sh DATELINE: contrib/dask/dateline_dask.py on a local Dask
# cluster (a scheduler and two workers on 127.0.0.1, free ports, stopped on
# exit): a generated corpus (~300 articles; one JSON Lines file cut into
# line ranges, one .jsonl.gz file whole, lines without ids in a later
# range) ingested as shards and merged holds the same articles, events and
# incidents as one 'dateline ingest' of the same inputs; --code gives the
# records of one 'dateline code'. Skipped (not passed) without Debian's
# python3-distributed, or when the cluster (Dask's own programs) does not
# come up within a minute; every step has a time limit, and the cluster is
# killed on exit whatever happens. KEEP=1 keeps the work directory.
set -u
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
root=$(cd "$(dirname "$0")/../.." && pwd)
py=/usr/bin/python3
pass=0; fail=0
ok() { pass=$((pass + 1)); }
no() { fail=$((fail + 1)); echo "FAIL: $*"; }
check() { # description, then a shell condition
  d=$1; shift
  if eval "$@"; then ok; else no "$d"; fi
}
if ! "$py" -c 'import distributed' 2>/dev/null; then
  echo "dask: SKIP: python3-distributed is not installed (apt-get install python3-distributed)"
  echo "dask: 0 passed, 0 failed, 1 skipped"
  exit 0
fi
if command -v dask >/dev/null 2>&1; then
  sched="dask scheduler"; work="dask worker"
else
  sched="dask-scheduler"; work="dask-worker"
fi

tmp=$(mktemp -d)
pids=""
# T SECONDS CMD...: CMD with a time limit (killed 5 s after its TERM)
T() { s=$1; shift; timeout -k 5 "$s" "$@"; }
cleanup() {
  # workers first, then the scheduler; what has not exited 10 s after
  # its TERM is killed
  for p in $pids; do kill "$p" 2>/dev/null; done
  k=0
  while [ $k -lt 20 ]; do
    alive=""
    for p in $pids; do kill -0 "$p" 2>/dev/null && alive="$alive $p"; done
    [ -z "$alive" ] && break
    sleep 0.5; k=$((k + 1))
  done
  for p in $pids; do kill -9 "$p" 2>/dev/null; done
  for p in $pids; do wait "$p" 2>/dev/null; done
  [ -n "${KEEP:-}" ] && echo "kept $tmp" || rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 1' INT TERM
cd "$tmp" || exit 1

# --- the cluster: a scheduler and two one-thread workers, free ports
port=$("$py" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
addr=tcp://127.0.0.1:$port
export DASK_DISTRIBUTED__WORKER__DAEMON=False
$sched --host 127.0.0.1 --port "$port" --no-dashboard > sched.log 2>&1 < /dev/null &
spid=$!
for w in 1 2; do
  $work "$addr" --host 127.0.0.1 --nthreads 1 --no-dashboard --no-nanny \
    --local-directory "$tmp/w$w" --name "w$w" > "w$w.log" 2>&1 < /dev/null &
  pids="$pids $!"
done
pids="$pids $spid"
T 90 "$py" - "$addr" <<'PY' > up.log 2>&1
import sys
from distributed import Client
c = Client(sys.argv[1], timeout=30)
c.wait_for_workers(2, timeout=30)
print(len(c.scheduler_info()["workers"]), "workers")
PY
rc=$?
if [ $rc -ne 0 ]; then
  # Dask's own programs did not start here: nothing of dateline is tested
  tail -5 up.log sched.log w1.log w2.log
  echo "dask: SKIP: the Dask cluster did not come up (exit $rc; logs above)"
  echo "dask: 0 passed, 0 failed, 1 skipped"
  exit 0
fi
check "cluster: scheduler and two workers up: $(tail -1 up.log)" '[ $rc -eq 0 ]'

# --- the corpus: ~300 generated articles in two files
# (its articles share one date; spread them over 120 days, as news is)
"$py" "$root/bench/gen-corpus.py" 0.35 | "$py" -c '
import datetime, json, sys
for k, line in enumerate(sys.stdin):
    a = json.loads(line)
    a["date"] = str(datetime.date(2021, 1, 1) + datetime.timedelta(days=k * 37 % 120))
    print(json.dumps(a))' > all.jsonl
n=$(wc -l < all.jsonl)
head -n $((n - 62)) all.jsonl > a.jsonl
# two articles without an id, in a later line range of a.jsonl (their ids
# are their line numbers, n-61 and n-60)
sed -n "$((n - 61)),$((n - 60))p" all.jsonl | sed 's/"id": "[^"]*", //' >> a.jsonl
tail -n 60 all.jsonl | gzip > b.jsonl.gz
T 300 "$bin" ingest -q --db one.db a.jsonl b.jsonl.gz 2> one.err; rc=$?
check "single ingest: exit 0" '[ $rc -eq 0 ]'

# --- ingest on the cluster, a.jsonl cut into ~40 kB ranges, then merge
t0=$(date +%s)
T 300 "$py" "$root/contrib/dask/dateline_dask.py" --scheduler "$addr" --out out \
  --dateline "$bin" --shard-mb 0.04 a.jsonl b.jsonl.gz > drv.out 2> drv.err; rc=$?
t1=$(date +%s)
check "driver: exit 0 ($((t1 - t0)) s): $(tail -3 drv.err)" '[ $rc -eq 0 ] && [ "$(cat drv.out)" = "$tmp/out/dateline.db" ]'
check "driver: several shards" '[ "$(ls out/shards/*.db | wc -l)" -ge 6 ]'
check "driver: shards ran on both workers" \
  '[ "$(sed -n "s/.*done on \([^ ]*\) in.*/\1/p" drv.err | sort -u | wc -l)" -eq 2 ]'

cat > same.py <<'PY'
"""same.py BIN ONE.db OUT.db: same articles (id, text hash), same events
(every field), same incidents (every field); incident ids are compared
through their events, since merge numbers them in date and id order."""
import json, sqlite3, subprocess, sys
bin_, one, out = sys.argv[1:4]
def arts(db):
    c = sqlite3.connect(db)
    return sorted(c.execute("select id, text_hash from articles"))
def lines(*args):
    r = subprocess.run([bin_] + list(args), capture_output=True, check=True)
    return [json.loads(l) for l in r.stdout.decode().splitlines()]
def canon(db):
    ev = lines("query", "--db", db)
    inc = lines("incidents", "--db", db)
    name = {}
    for i in inc:
        name[i["incident"]] = min("%s/%s" % (e["article"], e["event"] if "event" in e else e.get("id"))
                                  for e in i["events"])
    for e in ev:
        if e.get("incident") is not None:
            e["incident"] = name[e["incident"]]
    for i in inc:
        i["incident"] = name[i["incident"]]
        for e in i["events"]:
            if "incident" in e:
                e["incident"] = name[e["incident"]]
        i["events"].sort(key=lambda e: json.dumps(e, sort_keys=True))
    key = lambda x: json.dumps(x, sort_keys=True)
    return sorted(ev, key=key), sorted(inc, key=key)
a1, a2 = arts(one), arts(out)
assert a1 == a2, "articles differ: %d vs %d" % (len(a1), len(a2))
(e1, i1), (e2, i2) = canon(one), canon(out)
assert len(e1) == len(e2), "events: %d vs %d" % (len(e1), len(e2))
assert e1 == e2, "events differ"
assert len(i1) == len(i2), "incidents: %d vs %d" % (len(i1), len(i2))
assert i1 == i2, "incidents differ"
print("%d articles, %d events, %d incidents (%d of several articles)" % (
    len(a1), len(e1), len(i1), sum(1 for i in i1 if i["articles"] > 1)))
PY
res=$(T 300 "$py" same.py "$bin" one.db out/dateline.db 2>&1); rc=$?
check "merged = single ingest: $res" '[ $rc -eq 0 ]'
check "the corpus has events and incidents" \
  'echo "$res" | awk "{ exit !(\$1 >= 250 && \$3 > 0 && \$5 > 0) }"'
check "ids of id-less lines: their line numbers" \
  '"$py" -c "
import sqlite3, sys
c = sqlite3.connect(\"out/dateline.db\")
sys.exit(0 if c.execute(\"select count(*) from articles where id in (?, ?)\", (\"$((n - 61))\", \"$((n - 60))\")).fetchone()[0] == 2 else 1)"'

# --- --code: JSON Lines shards equal to one 'dateline code'
T 300 "$bin" code a.jsonl b.jsonl.gz > one.jsonl 2> /dev/null
T 300 "$py" "$root/contrib/dask/dateline_dask.py" --scheduler "$addr" --out codeout \
  --dateline "$bin" --shard-mb 0.04 --code -q a.jsonl b.jsonl.gz > code.out 2> code.err; rc=$?
check "--code: exit 0, one path a shard" '[ $rc -eq 0 ] && [ "$(wc -l < code.out)" -ge 6 ]'
# shellcheck disable=SC2046  # one argument a shard path
cat $(cat code.out) > dask.jsonl 2>/dev/null
check "--code: the shards in order = one 'dateline code'" '[ -s one.jsonl ] && cmp -s one.jsonl dask.jsonl'
# running again redoes nothing (a failed run is simply run again)
T 300 "$py" "$root/contrib/dask/dateline_dask.py" --scheduler "$addr" --out codeout \
  --dateline "$bin" --shard-mb 0.04 --code a.jsonl b.jsonl.gz > code2.out 2> code2.err; rc=$?
check "run again: the shards are kept" \
  '[ $rc -eq 0 ] && cmp -s code.out code2.out && ! grep "done on" code2.err | grep -vq "already there"'

# a missing binary on the workers is named, not a traceback
T 300 "$py" "$root/contrib/dask/dateline_dask.py" --scheduler "$addr" --out bad \
  --dateline /nonexistent/dateline a.jsonl > /dev/null 2> bad.err; rc=$?
check "missing binary: clear error" '[ $rc -ne 0 ] && grep -q "must be on every worker" bad.err'

echo "dask: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
