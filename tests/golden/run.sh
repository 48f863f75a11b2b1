#!/bin/sh
# Golden records (STYLE.md §6): each tests/golden/<case>.txt holds an
# optional '#date YYYY-MM-DD' line, the article, a '---' line, then the
# expected record, one top-level field a line (dateline code --pretty).
# run.sh [--update] DATELINE: compare (or rewrite) every case.
set -u
update=0
[ "${1:-}" = "--update" ] && { update=1; shift; }
bin=$1
dir=$(dirname "$0")
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0; fail=0
for f in "$dir"/*.txt; do
  name=$(basename "$f")
  date=$(sed -n '1s/^#date //p' "$f")
  # the article: after the optional #date line, up to the '---' line
  awk 'NR==1 && /^#date /{next} /^---$/{exit} {print}' "$f" > "$tmp/a"
  # drop the final newline that ends the article block
  head -c -1 "$tmp/a" > "$tmp/$name"
  awk 'found{print} /^---$/{found=1}' "$f" > "$tmp/expected"
  set -- code --pretty
  [ -n "$date" ] && set -- "$@" --date "$date"
  "$bin" "$@" "$tmp/$name" > "$tmp/got" 2> "$tmp/err"
  if [ $update -eq 1 ]; then
    { [ -n "$date" ] && echo "#date $date"; cat "$tmp/a"; echo "---"; cat "$tmp/got"; } > "$f.new"
    mv "$f.new" "$f"
    echo "updated $name"
    continue
  fi
  if cmp -s "$tmp/expected" "$tmp/got"; then
    pass=$((pass + 1))
  else
    fail=$((fail + 1))
    echo "golden $name differs:"
    diff "$tmp/expected" "$tmp/got" | head -20
    [ -s "$tmp/err" ] && sed 's/^/    stderr: /' "$tmp/err" | head -5
  fi
done
echo "golden: $pass passed, $fail failed"
[ $fail -eq 0 ]
