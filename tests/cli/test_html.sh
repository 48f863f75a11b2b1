#!/bin/sh
# test_html.sh DATELINE: HTML pages and WARC crawls through 'dateline code':
# one record per page, per HTML 200 response of a crawl (plain and one gzip
# member per record), bad records as error records naming the byte offset.
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

cat > page.html <<'HTML'
<!DOCTYPE html><html><head><title>Storm floods towns | Daily Planet</title>
<meta property="article:published_time" content="2024-03-05T10:00:00Z">
<link rel="canonical" href="https://example.com/storm"></head><body>
<nav><a href="/">Home</a></nav><article><h1>Storm floods towns</h1>
<p>A storm flooded three towns on Monday, officials said, and two people were killed.</p>
<p>Rescue teams were sent from the capital on Tuesday to help the families.</p>
</article><footer>Copyright</footer></body></html>
HTML
"$bin" code page.html > out 2> err; rc=$?
check "page: exit 0, one record" '[ $rc -eq 0 ] && [ "$(wc -l < out)" -eq 1 ]'
check "page: id, date, title, url" 'grep -qF "{\"schema\":1,\"id\":\"https://example.com/storm\",\"date\":\"2024-03-05\",\"title\":\"Storm floods towns\",\"url\":\"https://example.com/storm\"" out'
check "page: the killing is coded" 'grep -q "\"killed\":2" out'

python3 - <<'PY'
import gzip
def rec(typ, rid, uri, block, clen=None):
    h = ("WARC/1.0\r\nWARC-Type: %s\r\nWARC-Record-ID: <urn:uuid:%s>\r\n"
         "WARC-Date: 2024-03-06T08:00:00Z\r\nWARC-Target-URI: %s\r\n"
         "Content-Length: %d\r\n\r\n" % (typ, rid, uri,
                                        len(block) if clen is None else clen))
    return h.encode() + block + b"\r\n\r\n"
page = open("page.html", "rb").read()
ok = b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n"
recs = [rec("warcinfo", "0", "", b"software: test\r\n"),
        rec("request", "1", "https://e.com/1", b"GET /1 HTTP/1.1\r\n\r\n"),
        rec("response", "2", "https://e.com/1", ok + page),
        rec("response", "3", "https://e.com/i.png",
            b"HTTP/1.1 200 OK\r\nContent-Type: image/png\r\n\r\nPNG"),
        b"WARC/1.0\r\nWARC-Type: response\r\nContent-Length: x\r\n\r\nbad\r\n\r\n",
        rec("response", "5", "https://e.com/2", ok + b"<p>Second page.</p>"),
        rec("response", "6", "https://e.com/3",
            b"HTTP/1.1 404 Not Found\r\nContent-Type: text/html\r\n\r\n<p>no</p>")]
open("crawl.warc", "wb").write(b"".join(recs))
with open("crawl.warc.gz", "wb") as f:
    for r in recs:
        f.write(gzip.compress(r, mtime=0))
PY
for f in crawl.warc crawl.warc.gz; do
  "$bin" code $f > out 2> err; rc=$?
  check "$f: exit 1 (a bad record), three records" '[ $rc -eq 1 ] && [ "$(wc -l < out)" -eq 3 ]'
  check "$f: pages in order with their ids" 'sed -n 1p out | grep -q "^{\"schema\":1,\"id\":\"urn:uuid:2\",\"date\":\"2024-03-05\"" && sed -n 3p out | grep -q "^{\"schema\":1,\"id\":\"urn:uuid:5\",\"date\":\"2024-03-06\",\"title\":null,\"url\":\"https://e.com/2\""'
  check "$f: the bad record names its offset" 'sed -n 2p out | grep -q "\"error\":\"$f: record at byte [0-9]*: bad Content-Length\"" && grep -q "^dateline: warning: $f: record at byte" err'
done
off=$(python3 -c 'import gzip,sys
d=open("crawl.warc.gz","rb").read(); print(d.index(gzip.compress(b"WARC/1.0\r\nWARC-Type: response\r\nContent-Length: x\r\n\r\nbad\r\n\r\n", mtime=0)))')
check "crawl.warc.gz: offset of the gzip member" 'grep -q "crawl.warc.gz: record at byte $off: bad Content-Length" err'

mkdir dir && cp page.html crawl.warc.gz dir/
"$bin" code dir > out 2> err
check "directory of a page and a crawl: four records" '[ "$(wc -l < out)" -eq 4 ]'

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
