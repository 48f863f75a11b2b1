#!/bin/sh
# test_incidents.sh DATELINE: 'dateline incidents' and 'dateline merge' from
# the outside: reports of one attack by several outlets form one incident
# with reconciled tolls, every format and filter, the incident of each
# event in 'dateline query', and a merge of two shard stores (ingested from
# two halves of a corpus) equal to a single ingest of the whole corpus.
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

cat > a.jsonl <<'JSON'
{"id":"r1","date":"2021-11-08","url":"https://www.reuters.com/world/r1","text":"BAGHDAD (Reuters) - Iraqi Prime Minister Mustafa al-Kadhimi survived a drone attack on his residence in Baghdad on Sunday, officials said. Seven of his guards were injured in the attack, two security officials told Reuters. The Prime Minister was not injured. No group claimed responsibility."}
{"id":"p1","date":"2021-11-07","url":"https://apnews.com/p1","text":"BAGHDAD (AP) - Armed drones attacked the home of Iraq's prime minister in Baghdad on November 7, 2021, in an assassination attempt. Six guards were injured, police said. Al-Kadhimi said he was fine and called for calm."}
{"id":"r1-copy","date":"2021-11-08","url":"https://news.example.com/iraq-pm","text":"BAGHDAD (Reuters) - Iraqi Prime Minister Mustafa al-Kadhimi survived a drone attack on his residence in Baghdad on Sunday, officials said. Seven of his guards were injured in the attack, two security officials told Reuters. The Prime Minister was not injured. No group has claimed responsibility so far."}
{"id":"f1","date":"2021-11-07","url":"https://lemonde.fr/f1","text":"PARIS (AFP) - Thousands of protesters marched in Paris on Sunday against the new health pass. Police arrested 12 people."}
{"id":"k1","date":"2021-11-07","url":"https://bbc.co.uk/k1","text":"KABUL (BBC) - Gunmen attacked a checkpoint in Kabul on Sunday, killing four soldiers, the defence ministry said."}
JSON
"$bin" ingest -q --db s.db a.jsonl 2> err; rc=$?
check "ingest: exit 0" '[ $rc -eq 0 ]'
"$bin" incidents --db s.db > inc.json 2> err; rc=$?
check "incidents: exit 0" '[ $rc -eq 0 ]'
cat > attack.py <<'PY'
import json, sys
incs = [json.loads(l) for l in open("inc.json", encoding="utf-8")]
by = {}
for i in incs:
    for e in i["events"]:
        by.setdefault(e["article"], set()).add(i["incident"])
(a,) = by["r1"]
i = next(x for x in incs if x["incident"] == a)
arts = sorted(set(e["article"] for e in i["events"]))
assert arts == ["p1", "r1", "r1-copy"], arts
assert i["family"] == "violence" and i["first_day"] == "2021-11-07", i
assert i["articles"] == 3 and i["sources"] == 3 and i["mentions"] >= 3, i
assert i["injured"] == {"min": 6, "max": 7, "reported": 7}, i["injured"]
assert i["place"]["name"] == "Baghdad" and i["place"]["country"] == "IQ"
assert by["k1"].isdisjoint(by["r1"]) and by["f1"].isdisjoint(by["r1"])
outlets = set(e["outlet"] for e in i["events"])
assert outlets == {"reuters.com", "apnews.com", "news.example.com"}, outlets
print(a)
PY
inc=$(python3 attack.py 2> err); rc=$?
check "incidents: one attack, three articles, injured 6-7 (7): $(tail -1 err)" '[ $rc -eq 0 ]'
"$bin" query --db s.db > q.json
check "query: events carry their incident" \
  'python3 -c "
import json
ev = [json.loads(l) for l in open(\"q.json\")]
ids = set(e[\"incident\"] for e in ev if e[\"article\"] in (\"r1\", \"p1\", \"r1-copy\") and e[\"root\"] in (\"18\", \"19\"))
assert ids == {$inc}, ids
"'
"$bin" query --db s.db --incident "$inc" > q.out
check "query --incident: its events only" \
  '[ -s q.out ] && ! grep -v "\"incident\":$inc}" q.out | grep -q .'
"$bin" incidents --db s.db --format csv > inc.csv; rc=$?
check "csv: header and one row per incident" \
  'python3 -c "
import csv
rows = list(csv.reader(open(\"inc.csv\", newline=\"\")))
assert rows[0][:4] == [\"incident\", \"family\", \"first_day\", \"last_day\"], rows[0]
assert len(rows) == 1 + $(wc -l < inc.json) and all(len(r) == len(rows[0]) for r in rows)
"'
"$bin" incidents --db s.db --format table > inc.tab; rc=$?
check "table: header, rule, tolls as min-max (reported)" \
  '[ $rc -eq 0 ] && head -1 inc.tab | grep -q "^incident  *family" && sed -n 2p inc.tab | grep -q "^---" && grep -q "6-7 (7)" inc.tab'
n() { "$bin" incidents --db s.db "$@" | wc -l; }
check "--root 18: violence incidents (2)" '[ "$(n --root 18)" -eq 2 ]'
check "--root protest" '[ "$(n --root protest)" -eq 1 ]'
check "--country FR" '[ "$(n --country FR)" -eq 2 ]'
check "--country IRQ (actor country)" '[ "$(n --country IRQ)" -ge 1 ]'
check "--text kabul" '[ "$(n --text kabul)" -eq 1 ]'
check "--near Baghdad 50 km" '[ "$(n --near 33.3,44.4,50)" -eq 1 ]'
check "--since/--until" '[ "$(n --since 2021-11-08)" -eq 0 ] && [ "$(n --until 2021-11-07)" -ge 4 ]'
check "--incident, --limit" '[ "$(n --incident "$inc")" -eq 1 ] && [ "$(n --limit 1)" -eq 1 ]'
"$bin" incidents --db s.db --format xml > /dev/null 2>&1; rc=$?
check "bad --format: usage" '[ $rc -eq 2 ]'
"$bin" incidents --db missing.db > /dev/null 2>&1; rc=$?
check "missing db: exit 5" '[ $rc -eq 5 ] && [ ! -e missing.db ]'

# re-ingest of a changed article re-clusters it
sed 's/Six guards were injured/Eight guards were injured/' a.jsonl > b.jsonl
"$bin" ingest -q --db s.db b.jsonl 2> err
"$bin" incidents --db s.db --incident "$inc" > one.json
check "changed article: tolls recomputed (7-8)" \
  'grep -q "\"injured\":{\"min\":7,\"max\":8" one.json'

# --- merge: two shards from two halves equal one ingest
python3 - > corpus.jsonl <<'PY'
import json, random
random.seed(11)
cities = ["Baghdad", "Kabul", "Paris", "Lagos", "Basra", "Nairobi", "Lima", "Mosul"]
agencies = ["Reuters", "AP", "AFP", "BBC"]
wd = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
import datetime
arts = []
for k in range(60):
    day = datetime.date(2023, 3, 1) + datetime.timedelta(days=random.randint(0, 20))
    city = random.choice(cities)
    kind = random.choice(["attack", "protest", "arrest"])
    n = random.randint(2, 9)
    for r in range(random.randint(1, 4)):
        pub = day + datetime.timedelta(days=random.randint(0, 1))
        when = wd[day.weekday()] if pub != day else random.choice(["on " + wd[day.weekday()], "today"])
        if not when.startswith(("on", "today")): when = "on " + when
        m = n + random.choice([0, 0, 1, -1])
        ag = random.choice(agencies)
        if kind == "attack":
            t = "%s (%s) - Gunmen attacked a police station in %s %s, killing %d policemen, officials said." % (city.upper(), ag, city, when, m)
        elif kind == "protest":
            t = "%s (%s) - Thousands of protesters marched in %s %s against rising prices." % (city.upper(), ag, city, when)
        else:
            t = "%s (%s) - Police arrested %d people in %s %s after clashes." % (city.upper(), ag, m, city, when)
        arts.append({"id": "c%02d-%d" % (k, r), "date": pub.isoformat(), "text": t})
arts.append(dict(arts[0], id="dup-of-c00"))   # a near-duplicate copy
arts.sort(key=lambda a: (a["date"], a["id"]))
for a in arts:
    print(json.dumps(a))
PY
awk 'NR % 2 == 1' corpus.jsonl > half1.jsonl
awk 'NR % 2 == 0' corpus.jsonl > half2.jsonl
"$bin" ingest -q --db one.db corpus.jsonl 2> err; rc1=$?
"$bin" ingest -q --db sh1.db half1.jsonl 2> err; rc2=$?
"$bin" ingest -q --db sh2.db half2.jsonl 2> err; rc3=$?
"$bin" merge out.db sh1.db sh2.db 2> merge.err; rc=$?
check "merge: exit 0" '[ $rc1 -eq 0 ] && [ $rc2 -eq 0 ] && [ $rc3 -eq 0 ] && [ $rc -eq 0 ]'
check "merge: summary" 'grep -q "2 shards.*$(wc -l < corpus.jsonl) new, 0 replaced, 0 unchanged" merge.err'
for f in json csv; do
  "$bin" query --db one.db --format $f > one.$f
  "$bin" query --db out.db --format $f > out.$f
  check "merge: same events ($f, with incident ids)" '[ -s one.$f ] && cmp -s one.$f out.$f'
done
"$bin" incidents --db one.db > one.inc
"$bin" incidents --db out.db > out.inc
check "merge: same incidents" '[ "$(wc -l < one.inc)" -ge 10 ] && cmp -s one.inc out.inc'
check "merge: some incidents have several articles" \
  'python3 -c "
import json
assert sum(1 for l in open(\"one.inc\") if json.loads(l)[\"articles\"] > 1) >= 5"'
# the partition does not depend on the order of a single ingest
sort -r corpus.jsonl > shuffled.jsonl
"$bin" ingest -q --db rev.db shuffled.jsonl 2> err
"$bin" query --db rev.db > rev.json
cat > part.py <<'PY'
import json, sys
def part(f):
    g = {}
    for l in open(f):
        e = json.loads(l)
        if e["incident"] is not None:
            g.setdefault(e["incident"], []).append(e["article"] + "/" + e["id"])
    return sorted(sorted(v) for v in g.values())
assert part(sys.argv[1]) == part(sys.argv[2])
PY
check "reverse-order ingest: same incidents (ids aside)" 'python3 part.py one.json rev.json'
# merging again changes nothing; a changed article replaces
"$bin" merge -q out.db sh1.db 2> err; rc=$?
"$bin" query --db out.db > again.json
check "merge again: unchanged" '[ $rc -eq 0 ] && grep -q "0 new, 0 replaced, $(wc -l < half1.jsonl) unchanged" err && cmp -s one.json again.json'
head -1 half1.jsonl | sed 's/Gunmen attacked/Rebels attacked/; s/marched/rallied/; s/Police arrested/Soldiers arrested/' > chg.jsonl
"$bin" ingest -q --db sh3.db chg.jsonl 2> err
"$bin" merge -q out.db sh3.db 2> err; rc=$?
check "merge: changed article replaced" '[ $rc -eq 0 ] && grep -q "0 new, 1 replaced, 0 unchanged" err'
"$bin" merge out.db out.db > /dev/null 2>&1; rc=$?
check "merge into a shard itself: usage" '[ $rc -eq 2 ]'
"$bin" merge out.db nope.db > /dev/null 2>&1; rc=$?
check "merge of a missing shard: exit 5" '[ $rc -eq 5 ] && [ ! -e nope.db ]'
echo "just notes" > notes.txt
"$bin" merge out.db notes.txt > /dev/null 2> err; rc=$?
check "merge of a foreign file: exit 5, named" '[ $rc -eq 5 ] && grep -q "notes.txt: not a dateline database" err'

echo "incidents: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
