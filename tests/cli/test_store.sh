#!/bin/sh
# test_store.sh DATELINE: 'dateline ingest' and 'dateline query' from the
# outside: every filter and format against the records 'dateline code'
# writes for the same articles, idempotent re-ingest, replaced articles,
# clear errors for foreign files, and 'kill -9' at random points of a 2000
# article ingest ending in the same store as an uninterrupted one.
set -u
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$tmp" || exit 1
pass=0; fail=0
ok() { pass=$((pass + 1)); }
no() { fail=$((fail + 1)); echo "FAIL: $*"; }
check() { # description, then a shell condition
  d=$1; shift
  if eval "$@"; then ok; else no "$d"; fi
}

cat > a.jsonl <<'EOF'
{"id":"a1","date":"2021-11-07","title":"Drone attack","text":"BAGHDAD (Reuters) - Iraqi Prime Minister Mustafa al-Kadhimi survived a drone attack on his residence in Baghdad on Sunday, officials said. Seven of his guards were injured. Police arrested three men."}
{"id":"a2","date":"2021-11-08","text":"Protesters clashed with police in Basra on Monday. Two people were killed, a hospital official said."}
{"id":"a3 'quoted' \"id\"","date":"2021-12-20","title":"Zürich — 東京","text":"PARIS (AP) - French police arrested 12 people after riots in Paris on Saturday. The government will meet union leaders next week."}
{"id":"a4","date":"2022-01-03","text":"Rebels attacked an army base near Kabul, killing at least 6 soldiers, the Afghan defence ministry said. Taliban fighters also kidnapped two aid workers."}
EOF
printf 'Gunmen killed four villagers in northern Nigeria on Tuesday, police said.\n' > plain.txt

"$bin" ingest --db s.db a.jsonl plain.txt --date 2022-02-01 > out 2> err; rc=$?
check "ingest: exit 0" '[ $rc -eq 0 ]'
check "ingest: summary 5 new" 'grep -q "5 articles.*5 new, 0 replaced, 0 unchanged, 0 bad" err'
"$bin" code --date 2022-02-01 a.jsonl plain.txt > rec.jsonl 2>/dev/null

# expected counts from the records, one line per filter
python3 - rec.jsonl > expect <<'EOF'
import json, math, sys
evs = []
for line in open(sys.argv[1], encoding="utf-8"):
    r = json.loads(line)
    for v in r["events"]:
        d = v["date"] if v["date"] and len(v["date"]) == 10 else r["date"]
        evs.append((r, v, d))
def code(ref): return (ref or {}).get("code") or ""
def km(a, b, c, d):
    r = math.pi / 180
    h = math.sin((c - a) * r / 2) ** 2 + math.cos(a * r) * math.cos(c * r) * math.sin((d - b) * r / 2) ** 2
    return 2 * 6371.0088 * math.asin(math.sqrt(min(h, 1)))
def n(f): return sum(1 for r, v, d in evs if f(r, v, d))
first = evs[0][1] if evs else {}
actor = (code(first.get("source")) or code(first.get("target")) or "IRQ")[:3]
root = first.get("root") or "18"
plover = first.get("plover") or "ASSAULT"
mod = first.get("modality") or "asserted"
print("total", len(evs))
print("actor", actor, n(lambda r, v, d: code(v["source"]).startswith(actor) or code(v["target"]).startswith(actor)))
print("country", "IQ", n(lambda r, v, d: (v["place"] or {}).get("country") == "IQ"))
print("root", root, n(lambda r, v, d: v["root"] == root))
print("plover", plover, n(lambda r, v, d: v["plover"] == plover))
print("modality", mod, n(lambda r, v, d: v["modality"] == mod))
print("since", "2021-11-08", n(lambda r, v, d: d is not None and d >= "2021-11-08"))
print("until", "2021-12-31", n(lambda r, v, d: d is not None and d <= "2021-12-31"))
print("near", "33.3,44.4,100", n(lambda r, v, d: v["place"] and km(33.3, 44.4, v["place"]["lat"], v["place"]["lon"]) <= 100))
print("text", "Kabul", n(lambda r, v, d: r["id"] == "a4"))
days = {}
for r, v, d in evs:
    days[d] = days.get(d, 0) + 1
print("days", ";".join("%s=%d" % (k, days[k]) for k in sorted(days, key=lambda k: (k is not None, k))))
EOF
val() { awk -v k="$1" '$1 == k { print $2 }' expect; }
cnt() { awk -v k="$1" '$1 == k { print $3 }' expect; }
total=$(val total)
check "records have events to query" '[ "$total" -gt 0 ]'

"$bin" query --db s.db > q.json 2> err; rc=$?
check "query: exit 0" '[ $rc -eq 0 ]'
check "query json: one line per event ($total)" '[ "$(wc -l < q.json)" -eq "$total" ]'
cat > ids.py <<'EOF'
import json, sys
ids = set()
for l in open("q.json", encoding="utf-8"):
    o = json.loads(l)
    assert o["id"].startswith("v") and o["article"]
    ids.add(o["article"])
want = set(json.loads(l)["id"] for l in open("rec.jsonl", encoding="utf-8")
           if json.loads(l)["events"])
assert ids == want, (ids, want)
EOF
check "query json: JSON Lines naming each article with events" 'python3 ids.py'
for f in actor country root plover modality since until near text; do
  "$bin" query --db s.db --$f "$(val "$f")" > q.out 2> err; rc=$?
  want=$(cnt "$f")
  check "query --$f: $want events" '[ $rc -eq 0 ] && [ "$(wc -l < q.out)" -eq "$want" ]'
done
"$bin" query --db s.db --cameo "$(sed -n 1p q.json | python3 -c 'import json,sys; print(json.loads(sys.stdin.read())["cameo"])')" > q.out 2> err
check "query --cameo: at least one event" '[ "$(wc -l < q.out)" -ge 1 ]'
"$bin" query --db s.db --root 18 --since 2021-01-01 --until 2030-01-01 --limit 1 > q.out; rc=$?
check "query: combined filters and --limit" '[ $rc -eq 0 ] && [ "$(wc -l < q.out)" -le 1 ]'

"$bin" query --db s.db --format csv > q.csv; rc=$?
check "csv: header" 'head -1 q.csv | tr -d "\r" | grep -qx "article,event,day,date,trigger,cameo,root,plover,quad_class,goldstein,source_code,source_text,target_code,target_text,place,country,lat,lon,modality,killed,injured,arrested,rule,span_s,span_e,incident"'
check "csv: one record per event, 26 fields each (RFC 4180)" \
  'python3 -c "
import csv, sys
rows = list(csv.reader(open(\"q.csv\", newline=\"\", encoding=\"utf-8\")))
assert len(rows) == $total + 1, len(rows)
assert all(len(r) == 26 for r in rows)
"'
"$bin" query --db s.db --format table > q.tab; rc=$?
check "table: header, rule, one line per event" \
  '[ $rc -eq 0 ] && head -1 q.tab | grep -q "^article  *event  *day" && sed -n 2p q.tab | grep -q "^---*  ---*  ---" && [ "$(wc -l < q.tab)" -eq $((total + 2)) ]'

"$bin" query --db s.db --count-by day --format csv | tr -d '\r' | tail -n +2 |
  awk -F, '{ printf "%s%s=%s", (NR > 1 ? ";" : ""), ($1 == "" ? "None" : $1), $2 } END { print "" }' > days
check "count-by day matches the records" '[ "$(cat days)" = "$(val days)" ]'
"$bin" query --db s.db --count-by month > q.out
check "count-by month: JSON lines summing to $total" \
  'python3 -c "
import json; assert sum(json.loads(l)[\"events\"] for l in open(\"q.out\")) == $total"'
for k in week country root plover; do
  "$bin" query --db s.db --count-by $k --format table > q.out; rc=$?
  check "count-by $k: table" '[ $rc -eq 0 ] && head -1 q.out | grep -q "^$k  *events"'
done

# --- idempotence and replacement
"$bin" ingest --db s.db a.jsonl plain.txt --date 2022-02-01 > out 2> err; rc=$?
check "re-ingest: 0 new, 5 unchanged" '[ $rc -eq 0 ] && grep -q "0 new, 0 replaced, 5 unchanged" err'
"$bin" query --db s.db > q2.json
check "re-ingest: same events" 'cmp -s q.json q2.json'
sed 's/Seven of his guards/Eight of his guards/' a.jsonl > b.jsonl
"$bin" ingest --db s.db b.jsonl > out 2> err
check "changed text: 1 replaced, 3 unchanged" 'grep -q "0 new, 1 replaced, 3 unchanged" err'
check "changed text: new text searchable, old gone" \
  '[ "$("$bin" query --db s.db --text eight --count-by root --format csv | wc -l)" -gt 1 ] &&
   [ "$("$bin" query --db s.db --text seven | wc -l)" -eq 0 ]'

# --- errors
"$bin" query --db missing.db > out 2> err; rc=$?
check "missing db: exit 5, message" '[ $rc -eq 5 ] && grep -q "missing.db" err && [ ! -e missing.db ]'
echo "just some notes" > notes.txt
"$bin" ingest --db notes.txt a.jsonl > out 2> err; rc=$?
check "text file as db: not a database" '[ $rc -eq 5 ] && grep -q "notes.txt: file is not a database" err'
python3 -c 'import sqlite3; c = sqlite3.connect("other.db"); c.execute("create table t(x)"); c.commit()'
"$bin" query --db other.db > out 2> err; rc=$?
check "foreign sqlite db: not a dateline database" '[ $rc -eq 5 ] && grep -q "other.db: not a dateline database" err'
"$bin" query --db s.db --near 1,2 > out 2> err; rc=$?
check "bad --near: usage" '[ $rc -eq 2 ]'
"$bin" query --db s.db --format xml > out 2> err; rc=$?
check "bad --format: usage" '[ $rc -eq 2 ]'
"$bin" query --db s.db --root 18 --plover ASSAULT > out 2> err; rc=$?
check "two event kinds: usage" '[ $rc -eq 2 ]'
"$bin" query --db s.db --text '"unterminated' > out 2> err; rc=$?
check "bad FTS query: usage error with a message" '[ $rc -eq 2 ] && grep -q "full-text query" err'
"$bin" query --db s.db --actor "'; DROP TABLE events; --" > out 2> err; rc=$?
check "hostile filter: no rows, store intact" '[ $rc -eq 0 ] && [ ! -s out ] && [ "$("$bin" query --db s.db | wc -l)" -eq "$total" ]'

# --- kill -9: batches are atomic, a re-run completes the store
python3 - > corpus.jsonl <<'EOF'
import json, random
random.seed(7)
who = ["Police", "Rebels", "Soldiers", "Protesters", "Gunmen", "Officials"]
did = ["arrested", "attacked", "killed", "met", "criticised", "kidnapped"]
whom = ["three men", "a convoy", "two villagers", "the minister", "journalists"]
where = ["Baghdad", "Kabul", "Paris", "Lagos", "Basra", "Nairobi", "Lima"]
for i in range(2000):
    s = ". ".join("%s %s %s in %s on %s" % (random.choice(who), random.choice(did),
        random.choice(whom), random.choice(where), random.choice(["Monday", "Friday"]))
        for _ in range(random.randint(1, 3)))
    print(json.dumps({"id": "k%04d" % i, "date": "2023-%02d-%02d" % (i % 12 + 1, i % 28 + 1), "text": s + "."}))
EOF
summary() { # DB: article ids, per-article event counts and totals
  python3 -c '
import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
assert c.execute("pragma integrity_check").fetchone()[0] == "ok"
for row in c.execute("select a.id, (select count(*) from events e where e.aid = a.aid), (select count(*) from entities e where e.aid = a.aid), (select count(*) from times e where e.aid = a.aid) from articles a order by a.id"):
    print(*row)
print("fts", c.execute("select count(*) from articles_fts where articles_fts match ?", ("monday OR friday",)).fetchone()[0])
' "$1"
}
t0=$(date +%s)
"$bin" ingest -q --db ref.db corpus.jsonl 2> err; rc=$?
t1=$(date +%s)
check "kill: reference ingest" '[ $rc -eq 0 ] && grep -q "2000 new" err'
summary ref.db > ref.sum
span=$((t1 - t0 + 1))
kills=0; partial=0
for k in 1 2 3; do
  "$bin" ingest -q --batch 50 --db cut.db corpus.jsonl 2>/dev/null &
  pid=$!
  sleep "$(python3 -c "import random; print(round(random.uniform(0.2, max(0.5, $span * 0.3)), 2))")"
  if kill -9 "$pid" 2>/dev/null; then kills=$((kills + 1)); fi
  wait "$pid" 2>/dev/null
  if [ -f cut.db ]; then # every stored article is whole
    summary cut.db | grep -v '^fts' > cut.sum
    grep -Fxf cut.sum ref.sum > cut.same
    cmp -s cut.sum cut.same || partial=$((partial + 1))
  fi
done
check "kill: at least one run was killed mid-way ($kills)" '[ $kills -ge 1 ]'
check "kill: no partial article after a kill" '[ $partial -eq 0 ]'
"$bin" ingest -q --batch 50 --db cut.db corpus.jsonl 2> err; rc=$?
check "kill: re-run completes (exit 0)" '[ $rc -eq 0 ] && grep -q "0 replaced" err && grep -q "2000 articles" err'
summary cut.db > cut.sum
check "kill: final store equals the uninterrupted one" 'cmp -s ref.sum cut.sum'

# threads: the same store whatever -j
"$bin" ingest -q -j 2 --db par.db corpus.jsonl 2> err; rc=$?
summary par.db > par.sum
check "threads: ingest -j 2 stores what -j 1 stores" '[ $rc -eq 0 ] && cmp -s ref.sum par.sum'

echo "store: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
