#!/bin/sh
# eval.sh SHARED: run the scorers of SHARED/tools/eval on the dev sets
# ('make eval'). Skips with a message when SHARED is absent.
set -u
shared=${1:-../shared}
ev=$shared/tools/eval
if [ ! -d "$ev" ] || [ ! -d "$shared/data" ]; then
  echo "eval: $shared not found: skipping (the scorers and data sets live there)"
  exit 0
fi
cmd="build/dateline code"
rc=0
run() { echo "== $*"; python3 "$@" --cmd "$cmd" | tail -1 || rc=1; }
run "$ev/sentences" "$shared/data/ud_gum_news"
run "$ev/sentences" "$shared/data/ud_ewt"
run "$ev/time" "$shared/data/tempeval3"
run "$ev/geo" "$shared/data/geovirus"
run "$ev/geo" "$shared/data/tr_news"
run "$ev/ner" "$shared/data/uner_ewt"
run "$ev/quotes" "$shared/data/polnear" --split dev
run "$ev/counts" "$shared/data/isaf_press_releases"
run tools/eval-petrarch.py --dir "$shared/data/cameo_petrarch2_validation"
if [ -x "$shared/tools/check-seed" ]; then
  echo "== check-seed"
  build/dateline code --date 2021-11-07 "$shared/examples/seed-article.txt" |
    python3 "$shared/tools/check-seed" | tail -1
fi
exit $rc
