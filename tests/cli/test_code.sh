#!/bin/sh
# test_code.sh DATELINE: the 'dateline code' contract from the outside:
# one output line per input article in input order, error records and
# warnings naming file and line for bad input, exit codes, and inputs that
# must never crash (invalid UTF-8, NUL bytes, empty input, a 5 MB line).
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
# valid JSON Lines and valid UTF-8, one object per line
valid_jsonl() {
  python3 -c '
import json, sys
for n, line in enumerate(open(sys.argv[1], "rb"), 1):
    line.decode("utf-8")
    assert isinstance(json.loads(line), dict), n
' "$1" 2>/dev/null
}

# --- bad lines among good ones
printf '%s\n' '{"id":"a","date":"2021-11-07","text":"On Sunday, it rained."}' \
  '{bad json' '[1,2]' '{"id":"d","title":"no text"}' '' \
  '{"text":"No id here."}' > mixed.jsonl
"$bin" code mixed.jsonl > out 2> err; rc=$?
check "mixed: exit status 1" '[ $rc -eq 1 ]'
check "mixed: one line per article (5)" '[ "$(wc -l < out)" -eq 5 ]'
check "mixed: output is JSON Lines" 'valid_jsonl out'
check "mixed: first record coded" 'sed -n 1p out | grep -q "\"id\":\"a\",\"date\":\"2021-11-07\""'
check "mixed: bad JSON error record with line" \
  'sed -n 2p out | grep -q "^{\"schema\":1,\"id\":\"2\",\"error\":\"mixed.jsonl:2: invalid JSON at column"'
check "mixed: not an object" 'sed -n 3p out | grep -qF "{\"schema\":1,\"id\":\"3\",\"error\":\"mixed.jsonl:3: not a JSON object\"}"'
want_d='"id":"d","error":"mixed.jsonl:4: no \"text\" field"'
check "mixed: no text keeps its id" 'sed -n 4p out | grep -qF "$want_d"'
check "mixed: blank line skipped; id = line number" 'sed -n 5p out | grep -q "\"id\":\"6\",\"date\":null"'
check "mixed: stderr names file and line" 'grep -q "^dateline: warning: mixed.jsonl:2: invalid JSON" err && grep -q "mixed.jsonl:3: not a JSON object" err'

# --- invalid UTF-8 inside a text: separators, reported, never in the output
printf '{"id":"u","text":"Caf\351 opened \377\376 today. Fine."}\n{"id":"v","text":"Next."}\n' > utf.jsonl
"$bin" code utf.jsonl > out 2> err; rc=$?
check "utf8: exit 0" '[ $rc -eq 0 ]'
check "utf8: two records, valid UTF-8 JSON" '[ "$(wc -l < out)" -eq 2 ] && valid_jsonl out'
check "utf8: warning in the record" 'grep -qF "invalid UTF-8: 3 bytes replaced by spaces" out'
printf 'Plain \300\257 text with an overlong slash.' > bad.txt
"$bin" code bad.txt > out 2> err
check "utf8: overlong form in a plain file reported" 'grep -q "invalid UTF-8" out && valid_jsonl out'

# --- NUL bytes
printf 'abc\000def. More text.' > nul.txt
"$bin" code nul.txt > out 2> err; rc=$?
check "nul: plain file coded with a warning" '[ $rc -eq 0 ] && grep -q "NUL: 1 byte replaced by spaces" out'
printf '{"id":"n","text":"a\000b"}\n{"id":"m","text":"ok"}\n' > nul.jsonl
"$bin" code nul.jsonl > out 2> err; rc=$?
check "nul: raw NUL in a JSON line is a bad record, next one coded" \
  '[ $rc -eq 1 ] && sed -n 1p out | grep -q "\"error\":\"nul.jsonl:1:" && sed -n 2p out | grep -q "\"id\":\"m\",\"date\""'

# --- empty input
: > empty.jsonl
"$bin" code empty.jsonl > out 2> err; rc=$?
check "empty: no record, exit 0" '[ $rc -eq 0 ] && [ ! -s out ]'
"$bin" code < /dev/null > out 2> err; rc=$?
check "empty stdin: no record, exit 0" '[ $rc -eq 0 ] && [ ! -s out ]'
printf '' > empty.txt
"$bin" code empty.txt > out 2> err; rc=$?
check "empty plain file: one empty record" '[ $rc -eq 0 ] && [ "$(wc -l < out)" -eq 1 ] && grep -q "\"sentences\":\[\]" out'

# --- a 5 MB single line
python3 -c '
import json
t = "The committee met again on Monday and agreed on nothing at all. " * 80000
print(json.dumps({"id": "big", "text": t}))
print(json.dumps({"id": "after", "text": "Still here."}))' > big.jsonl
"$bin" code big.jsonl > out 2> err; rc=$?
check "big: exit 0, two records" '[ $rc -eq 0 ] && [ "$(wc -l < out)" -eq 2 ]'
check "big: 80000 sentences" 'python3 -c "import json,sys; r=json.loads(open(\"out\").readline()); sys.exit(len(r[\"sentences\"]) != 80000)"'
check "big: the next article follows" 'sed -n 2p out | grep -q "\"id\":\"after\""'
"$bin" code --max-text 1000 big.jsonl > out 2> err; rc=$?
check "big: over --max-text is an error record, then go on" \
  '[ $rc -eq 1 ] && sed -n 1p out | grep -q "\"id\":\"big\",\"error\":\"text of 5120000 bytes exceeds the limit of 1000\"" && sed -n 2p out | grep -q "\"id\":\"after\""'

# --- stdin sniffing, directories in sorted order, plain-text ids and dates
printf '  {"id":"s1","text":"One."}\n{"id":"s2","text":"Two."}\n' | "$bin" code > out 2> err
check "stdin: JSON Lines sniffed" '[ "$(wc -l < out)" -eq 2 ] && sed -n 2p out | grep -q "\"id\":\"s2\""'
printf 'Just text.' | "$bin" code --date 2020-02-29 > out 2> err
check "stdin: plain text is one article with --date" '[ "$(wc -l < out)" -eq 1 ] && grep -q "\"date\":\"2020-02-29\"" out'
mkdir d && printf 'B.' > d/b.txt && printf 'A.' > d/a.txt && printf '{"text":"C."}\n' > d/c.jsonl
"$bin" code d > out 2> err
check "dir: files in sorted order" '[ "$(sed -n "s/.*\"id\":\"\([^\"]*\)\".*/\1/p" out | tr "\n" " ")" = "a.txt b.txt 1 " ]'
printf '{"id":"x","date":"07/11/2021","text":"Bad date."}\n' > date.jsonl
"$bin" code date.jsonl > out 2> err
check "bad date: warning, date null" 'grep -q "\"date\":null" out && grep -qF "date '"'"'07/11/2021'"'"' is not YYYY-MM-DD: ignored" out'

# --- missing file: a message, the other inputs still coded, status 1
"$bin" code nosuch.txt a.jsonl mixed.jsonl > out 2> err; rc=$?
check "missing file: named on stderr, others coded" '[ $rc -eq 1 ] && grep -q "nosuch.txt" err && [ "$(wc -l < out)" -eq 5 ]'

# --- usage errors: exit 2
"$bin" code --date 2021-13 x > /dev/null 2>&1; rc=$?
check "usage: bad --date exits 2" '[ $rc -eq 2 ]'
"$bin" code --nope > /dev/null 2>&1; rc=$?
check "usage: unknown option exits 2" '[ $rc -eq 2 ]'
"$bin" frobnicate > /dev/null 2>&1; rc=$?
check "usage: unknown command exits 2" '[ $rc -eq 2 ]'

# --- -o FILE
printf 'Hello.' > h.txt
"$bin" code -o rec.jsonl h.txt > out 2> err; rc=$?
check "-o writes the file, nothing on stdout" '[ $rc -eq 0 ] && [ ! -s out ] && grep -q "\"id\":\"h.txt\"" rec.jsonl'

# --- threads: the same lines in the same order, whatever -j
python3 -c '
import json
for i in range(300):
    if i % 37 == 5:
        print("{broken")
    else:
        print(json.dumps({"id": "a%d" % i, "date": "2021-11-07",
                          "text": "On Sunday, %d people met in Baghdad. It rained." % i}))' > many.jsonl
"$bin" code -j 1 many.jsonl > one 2> /dev/null; rc1=$?
"$bin" code -j 3 many.jsonl > three 2> /dev/null; rc3=$?
"$bin" code -j 0 many.jsonl > zero 2> /dev/null
check "threads: -j 3 and -j 0 write what -j 1 writes" 'cmp -s one three && cmp -s one zero && [ "$(wc -l < one)" -eq 300 ]'
check "threads: same exit status" '[ $rc1 -eq 1 ] && [ $rc3 -eq 1 ]'
"$bin" code -j x many.jsonl > /dev/null 2>&1; rc=$?
check "threads: bad -j exits 2" '[ $rc -eq 2 ]'

echo "cli: $pass passed, $fail failed"
[ $fail -eq 0 ]
