#!/bin/sh
# run.sh [SHARED]: 'make bench-peers' (a benchmark, not a test). Installs
# the pinned peers of bench/peers/package-lock.json into .cache/peers
# (npm ci: npm checks each package's sha512 integrity), takes the first
# PEERS_MB (default 2) megabytes of article text of the bench corpora of
# SHARED/data/bench (a line from each in turn; or of a generated corpus
# when they are absent), and runs those same texts, in this one run,
# through
#   dateline     'dateline code -j 1', the full pipeline
#   wink-nlp     tokenisation alone; sentences + named entities
#   compromise   people, places, organisations
# printing articles/s and MB/s of each (per wall second and per CPU
# second, model loading and start-up excluded) and dateline/peer ratios.
# The machine may be shared: the CPU-second figures are the steadier ones.
set -eu
shared=${1:-../shared}
bin=${DATELINE:-build/dateline}
mb=${PEERS_MB:-2}
peers=.cache/peers
here=bench/peers

# --- the peers, pinned (npm ci refuses a lock that does not match)
if ! cmp -s "$here/package-lock.json" "$peers/package-lock.json" ||
   [ ! -d "$peers/node_modules/wink-nlp" ]; then
  command -v npm >/dev/null || { echo "bench-peers: npm not found (make deps)" >&2; exit 1; }
  rm -rf "$peers" && mkdir -p "$peers"
  cp "$here/package.json" "$here/package-lock.json" "$peers/"
  (cd "$peers" && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error) >&2
fi

# --- the texts
mkdir -p build/bench
corpora=""
for f in bbc reuters21578 agnews_test; do
  [ -f "$shared/data/bench/$f.jsonl" ] && corpora="$corpora $shared/data/bench/$f.jsonl"
done
if [ -z "$corpora" ]; then
  gen=build/bench/generated.jsonl
  [ -f "$gen" ] || python3 bench/gen-corpus.py 25 > "$gen"
  corpora=$gen
  echo "bench-peers: $shared/data/bench not found; using a generated corpus"
fi
sub=build/bench/peers-subset.jsonl
# shellcheck disable=SC2086  # the list of corpora is split on purpose
python3 "$here/subset.py" "$mb" $corpora > "$sub"
echo "bench-peers: the same $(wc -l < "$sub") articles ($mb MB of text) through each;" \
     "node $(node --version), $(nproc) cores"

res=build/bench/peers.txt
: > "$res"
# dateline: start-up CPU (an empty run) is taken off its CPU time.
p0=$("$bin" code --profile < /dev/null 2>&1 >/dev/null | sed -n 's/.* \([0-9.]*\) s cpu$/\1/p' | head -1)
"$bin" code -j 1 --profile "$sub" 2>&1 >/dev/null |
  awk -v p0="${p0:-0}" '/^profile: .* articles, .* MB of text/ {
      n = $2; mb = $4
      for (i = 1; i <= NF; i++) { if ($i == "wall,") w = $(i-2); if ($i == "cpu") c = $(i-2) }
      printf "dateline articles %d bytes %d load 0 wall %s cpu %.3f\n", n, mb * 1e6, w, c - p0 }' >> "$res"
for p in wink-tokens wink-ents compromise; do
  NODE_PATH=$peers/node_modules node "$here/peers.js" "$p" "$sub" >> "$res"
done

awk '
  { name[NR] = $1; n[NR] = $3; b[NR] = $5; w[NR] = $9; c[NR] = $11 }
  END {
    if (NR > 1) b[1] = b[2]   # the same texts; the profile rounds its MB
    label["dateline"] = "dateline code -j 1 (full pipeline)"
    label["wink-tokens"] = "wink-nlp 2.4.0: tokens only"
    label["wink-ents"] = "wink-nlp 2.4.0: sentences + entities"
    label["compromise"] = "compromise 14.17.0: people/places/orgs"
    printf "%-40s %10s %8s %9s   %s\n", "", "articles/s", "MB/s", "MB/cpu-s", "dateline/peer (wall, cpu)"
    for (i = 1; i <= NR; i++) {
      aw = n[i] / w[i]; mw = b[i] / 1e6 / w[i]; mc = b[i] / 1e6 / c[i]
      r = (i == 1) ? "" : sprintf("%.2fx, %.2fx", w[i] / w[1], c[i] / c[1])
      printf "%-40s %10.0f %8.2f %9.2f   %s\n", label[name[i]], aw, mw, mc, r
    }
  }' "$res"
