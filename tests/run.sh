#!/bin/sh
# run.sh BUILD_DIR TEST...: run every unit test binary (cmocka), the golden
# records and the CLI tests; sum them up in one closing line
# 'N passed, N failed'. Exit status 1 if anything failed. Each test has
# TEST_TIMEOUT seconds (default 600); one that overruns is killed and counts
# as failed, so a hung test never stalls the run. The seconds each test took
# are printed beside it.
set -u
bdir=$1; shift
pass=0; fail=0
limit=${TEST_TIMEOUT:-600}
log=$(mktemp)
trap 'rm -f "$log"' EXIT
count() { # name, command...: run and add its 'N passed, N failed' or cmocka counts
  name=$1; shift
  t0=$(date +%s)
  timeout -k 10 "$limit" "$@" >"$log" 2>&1 </dev/null
  rc=$?
  secs=$(( $(date +%s) - t0 ))
  p=$(sed -n 's/^\[  PASSED  \] \([0-9]*\) test.*/\1/p' "$log" | tail -1)
  f=$(sed -n 's/^\[  FAILED  \] \([0-9]*\) test.*/\1/p' "$log" | tail -1)
  if [ -z "$p$f" ]; then
    line=$(grep -E '^[A-Za-z0-9_.-]*:? ?[0-9]+ passed, [0-9]+ failed' "$log" | tail -1)
    p=$(echo "$line" | sed -n 's/.*\b\([0-9][0-9]*\) passed.*/\1/p')
    f=$(echo "$line" | sed -n 's/.* \([0-9][0-9]*\) failed.*/\1/p')
  fi
  p=${p:-0}; f=${f:-0}
  if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then f=1; fi   # crashed or died early
  pass=$((pass + p)); fail=$((fail + f))
  if [ "$rc" -eq 124 ] || [ "$rc" -eq 137 ]; then
    echo "FAIL $name: timed out after $limit s; its output so far:"
    sed 's/^/    /' "$log" | tail -40
  elif [ "$f" -ne 0 ]; then
    echo "FAIL $name ($p passed, $f failed, $secs s):"; sed 's/^/    /' "$log" | tail -40
  else
    echo "ok   $name ($p passed, $secs s)"
  fi
}
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
for t in "$@"; do count "${t#$bdir/tests/}" "$t"; done
count golden sh tests/golden/run.sh "$bdir/dateline"
for t in tests/cli/test_*.sh tests/data/test_*.sh; do
  [ -f "$t" ] && count "$t" sh "$t" "$bdir/dateline"
done
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
