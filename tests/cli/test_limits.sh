#!/bin/sh
# test_limits.sh DATELINE: limits from the outside: an article over
# --max-text becomes an error record naming it and the next article is
# coded; pathological inputs (no spaces, endless quotes and newlines, NUL
# and invalid bytes) give one valid record each. Line limits of the reader
# are tested through the API (tests/unit/robust/test_limits.c).
set -u
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$tmp" || exit 1
pass=0; fail=0
check() { # description, then a shell condition
  d=$1; shift
  if eval "$@"; then pass=$((pass + 1)); else fail=$((fail + 1)); echo "FAIL: $d"; fi
}
valid_jsonl() {
  python3 -c '
import json, sys
for n, line in enumerate(open(sys.argv[1], "rb"), 1):
    line.decode("utf-8")
    assert isinstance(json.loads(line), dict), n
' "$1" 2>/dev/null
}

# --- --max-text: the big article is an error record, the next one is coded
big=$(python3 -c 'print("A car bomb killed 12 people in Baghdad. " * 100)')
printf '{"id":"big","text":"%s"}\n{"id":"small","date":"2023-03-12","text":"A car bomb killed 12 people in Baghdad on Sunday."}\n' "$big" > in.jsonl
"$bin" code --max-text 1000 in.jsonl > out 2> err; rc=$?
check "max-text: exit status 1 (some input bad)" '[ $rc -eq 1 ]'
check "max-text: two records" '[ "$(wc -l < out)" -eq 2 ] && valid_jsonl out'
check "max-text: error record names the article and the limit" \
  'sed -n 1p out | grep -q "\"id\":\"big\".*\"error\":\"text of [0-9]* bytes exceeds the limit of 1000\""'
check "max-text: next article coded" \
  'sed -n 2p out | grep -q "\"id\":\"small\"" && ! sed -n 2p out | grep -q "\"error\""'
check "max-text: stderr says so" 'grep -q "input too big" err'
"$bin" code --max-text 0 in.jsonl > out 2> err; rc=$?
check "max-text 0 is a usage error" '[ $rc -eq 2 ]'

# --- pathological plain-text articles: one valid record each, exit 0
python3 - <<'PY'
import random
random.seed(7)
open("nospace.txt", "w").write("abcdefghij" * 50000)
open("quotes.txt", "w").write('"' * 100000)
open("digits.txt", "w").write("".join(str(i % 10) for i in range(10000)) + " killed.")
open("caps.txt", "w").write(" ".join("Name%s" % chr(97 + i % 26) for i in range(50000)))
open("newlines.txt", "w").write("\n" * 100000)
open("nested.txt", "w").write("(" * 20000 + '"' * 20000 + "Police said." + '"' * 20000 + ")" * 20000)
open("junk.txt", "wb").write(bytes(random.choice([0, 0xff, 0xc0, 0x80, 0xed, 0xa0]) for _ in range(200000)))
PY
for f in nospace quotes digits caps newlines nested junk; do
  "$bin" code --date 2023-03-12 "$f.txt" > out 2> err; rc=$?
  check "$f: exit 0" '[ $rc -eq 0 ]'
  check "$f: one valid record" '[ "$(wc -l < out)" -eq 1 ] && valid_jsonl out'
  check "$f: record smaller than 64 x input" \
    '[ "$(wc -c < out)" -le $((64 * $(wc -c < $f.txt) + 4096)) ]'
done

echo "test_limits: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
