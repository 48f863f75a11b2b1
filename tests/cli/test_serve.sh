#!/bin/sh
# test_serve.sh DATELINE: 'dateline serve' from the outside. Builds a store
# from a few articles with 'dateline ingest', starts the server on a free
# loopback port and checks every endpoint over curl (results against
# 'dateline query', paging, status codes and JSON error bodies, limits,
# path traversal, the token, CORS), then loads the dashboard in headless
# Chromium and checks its map, timeline, table and evidence view, and
# clicks an event row in it (tests/http/click.mjs, playwright-core).
set -u
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
root=$(cd "$(dirname "$0")/../.." && pwd)
tmp=$(mktemp -d)
pids=
cleanup() {
  for p in $pids; do kill "$p" 2>/dev/null; wait "$p" 2>/dev/null; done
  rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 1' HUP INT TERM
cd "$tmp" || exit 1
pass=0; fail=0; skip=0
ok() { pass=$((pass + 1)); }
no() { fail=$((fail + 1)); echo "FAIL: $*"; }
check() { d=$1; shift; if eval "$@"; then ok; else no "$d"; fi; }
# py 'EXPR': EXPR over the JSON body in 'b' (as j) is true
py() { python3 -c "import json,sys; j=json.load(open('b')); sys.exit(0 if ($1) else 1)" 2>/dev/null; }

for t in curl python3; do
  command -v $t >/dev/null || { echo "test_serve: $t missing (make deps)"; echo "0 passed, 1 failed"; exit 1; }
done

cat > a.jsonl <<'EOT'
{"id":"s1","date":"2021-11-07","title":"Drone attack","text":"BAGHDAD (Reuters) - Iraqi Prime Minister Mustafa al-Kadhimi survived a drone attack on his residence in Baghdad on Sunday, officials said. \"I am fine,\" he said. Police arrested three men."}
{"id":"s2","date":"2021-11-08","text":"Protesters clashed with police in Basra on Monday. Two people were killed, a hospital official said."}
{"id":"s3","date":"2021-11-10","text":"PARIS (AP) - French police arrested 12 people after riots in Paris on Wednesday."}
{"id":"s4","date":"2021-11-12","text":"Rebels attacked an army base near Kabul, killing at least 6 soldiers, the Afghan defence ministry said."}
{"id":"s5","date":"2021-11-12","text":"Gunmen killed four villagers in northern Nigeria on Friday, police said."}
{"id":"s6","date":"2021-11-15","text":"Thousands of workers protested in Nairobi on Monday against new taxes. Police fired tear gas."}
{"id":"odd id 100%/\u00e9'\"x","date":"2021-11-16","title":"Odd","url":"https://example.org/odd?a=1&b=2","text":"Police detained two journalists in Mombasa on Tuesday, a spokesman said."}
EOT
"$bin" ingest -q --db s.db a.jsonl > /dev/null 2>&1
check "ingest the test store" '[ -f s.db ]'
total=$("$bin" query --db s.db | wc -l)
check "the store has events" '[ "$total" -ge 6 ]'

# start a server on a free port (0: the kernel picks; the log names it)
start() { # LOG ARGS...: start a server, set $port
  log=$1; shift
  # a small ASan quarantine, so that the memory check below sees the
  # server's memory and not freed blocks ASan holds back
  ASAN_OPTIONS="${ASAN_OPTIONS:-}${ASAN_OPTIONS:+:}quarantine_size_mb=4" \
    "$bin" serve --db s.db --port 0 --threads 2 "$@" 2> "$log" &
  pids="$pids $!"
  port=
  for _ in $(seq 1 600); do
    port=$(sed -n 's|.*http://127.0.0.1:\([0-9]*\)/.*|\1|p' "$log")
    [ -n "$port" ] && break
    sleep 0.1
  done
}
start srv.log --token s3cret
check "server started" '[ -n "$port" ]' || { cat srv.log; echo "$pass passed, $((fail + 1)) failed"; exit 1; }
H=http://127.0.0.1:$port

req() { # req ARGS... -> $code, body in b, headers in h
  code=$(curl -s -o b -D h -w '%{http_code}' --path-as-is "$@")
}

req "$H/healthz"
check "healthz 200" '[ "$code" = 200 ] && py "j[\"status\"] == \"ok\""'
req -I "$H/healthz"
check "HEAD healthz 200" '[ "$code" = 200 ]'
check "no CORS header by default" '! grep -qi "^Access-Control-Allow-Origin" h'

# events against 'dateline query'
req "$H/v1/events?limit=5000"
check "events 200, all of them" '[ "$code" = 200 ] && py "j[\"count\"] == $total and j[\"next\"] is None"'
check "events are JSON" 'grep -qi "^Content-Type: application/json" h'

# a short load on loopback: no error, memory flat (the benchmark is
# 'make bench-serve'; this is its check)
if command -v wrk > /dev/null 2>&1; then
  spid=${pids# }; spid=${spid%% *}
  rss() { sed -n 's/^VmRSS:[[:space:]]*\([0-9]*\).*/\1/p' "/proc/$spid/status"; }
  wrk -t1 -c8 -d1s "$H/v1/events?limit=20" > /dev/null 2>&1 # warm-up
  r0=$(rss)
  wrk -t1 -c8 -d3s "$H/v1/events?limit=20" > wrk.log 2>&1
  r1=$(rss)
  check "wrk: requests served, no errors" \
    'grep -q "Requests/sec" wrk.log && ! grep -q "Non-2xx\|Socket errors" wrk.log'
  check "wrk: server memory flat ($r0 -> $r1 kB)" '[ "$r1" -le $((r0 + r0 / 10 + 4096)) ]'
else
  echo "test_serve: SKIP wrk check: wrk missing (make deps)"; skip=$((skip + 1))
fi
for f in "root=18:--root 18" "country=IQ:--country IQ" "since=2021-11-10:--since 2021-11-10" \
         "until=2021-11-08:--until 2021-11-08" "text=police:--text police" \
         "near=33.3,44.4,100:--near 33.3,44.4,100" "plover=ASSAULT:--plover ASSAULT" \
         "modality=asserted:--modality asserted" "actor=IRQ:--actor IRQ"; do
  par=${f%%:*}; opt=${f#*:}
  # shellcheck disable=SC2086
  want=$("$bin" query --db s.db $opt | wc -l)
  req "$H/v1/events?$par&limit=5000"
  check "events?$par = query $opt ($want)" '[ "$code" = 200 ] && py "j[\"count\"] == $want"'
done

# paging: follow 'next' to the end
url="/v1/events?limit=2"; seen=0; pages=0; : > ids
while [ -n "$url" ] && [ $pages -lt 100 ]; do
  req "$H$url"
  [ "$code" = 200 ] || break
  python3 -c "import json; j=json.load(open('b')); [print(e['article'], e['id']) for e in j['events']]" >> ids
  url=$(python3 -c "import json; j=json.load(open('b')); print(j['next'] or '')")
  pages=$((pages + 1))
done
check "paging: every event once over $pages pages" '[ "$(sort -u ids | wc -l)" -eq "$total" ] && [ "$(wc -l < ids)" -eq "$total" ]'
req "$H/v1/events?limit=2&offset=2"
check "offset 2 starts at the third event" '[ "$code" = 200 ] && [ "$(python3 -c "import json; e=json.load(open(\"b\"))[\"events\"][0]; print(e[\"article\"], e[\"id\"])")" = "$(sed -n 3p ids)" ]'
req "$H/v1/events?limit=2&cursor=2"
check "cursor = offset" '[ "$code" = 200 ] && py "j[\"offset\"] == 2"'

# stats
req "$H/v1/stats"
check "stats: total" '[ "$code" = 200 ] && py "j[\"events\"] == $total and j[\"first_day\"] == \"2021-11-07\""'
days=$("$bin" query --db s.db --count-by day | wc -l)
req "$H/v1/stats?by=day"
check "stats by day = query --count-by day" '[ "$code" = 200 ] && py "len(j[\"counts\"]) == $days and j[\"events\"] == $total"'
req "$H/v1/stats?by=nope"
check "stats bad grouping 400" '[ "$code" = 400 ] && py "\"by\" in j[\"error\"]"'

# incidents and articles
req "$H/v1/incidents"
check "incidents 200 (or 501 without the API)" '{ [ "$code" = 200 ] && py "isinstance(j[\"incidents\"], list)"; } || { [ "$code" = 501 ] && py "\"error\" in j"; }'
# articles: the stored text and record, exactly as ingested
# art N: the N-th line of a.jsonl (as a); a.jsonl's field F of it is a[F]
art() { sed -n "$1p" a.jsonl > want.json; }
pya() { python3 -c "import json,sys; j=json.load(open('b')); a=json.load(open('want.json')); sys.exit(0 if ($1) else 1)" 2>/dev/null; }
art 1
req "$H/v1/articles/s1"
check "article s1 200 JSON" '[ "$code" = 200 ] && grep -qi "^Content-Type: application/json" h'
check "article s1: exact id, date, title, url, text" 'pya "j[\"id\"] == \"s1\" and j[\"date\"] == a[\"date\"] and j[\"title\"] == a[\"title\"] and j[\"url\"] is None and j[\"text\"] == a[\"text\"] and set(j) == {\"id\",\"date\",\"title\",\"url\",\"text\",\"record\"}"'
"$bin" query --db s.db --format json 2>/dev/null | python3 -c "import json,sys; print(sorted((e['id'], e['span'][0], e['span'][1]) for e in map(json.loads, sys.stdin) if e['article'] == 's1'))" > evs.want
check "article s1: the record, as raw JSON, with the stored events" 'pya "isinstance(j[\"record\"], dict) and j[\"record\"][\"id\"] == \"s1\" and j[\"record\"][\"schema\"] == 1 and str(sorted((e[\"id\"], e[\"span\"][0], e[\"span\"][1]) for e in j[\"record\"][\"events\"])) == open(\"evs.want\").read().strip()"'
art 7
odd=$(python3 -c "import json,urllib.parse; print(urllib.parse.quote(json.load(open('want.json'))['id'], safe=''))")
req "$H/v1/articles/$odd"
check "article with spaces, %, /, quotes and UTF-8 in its id ($odd) 200" '[ "$code" = 200 ] && pya "j[\"id\"] == a[\"id\"] and j[\"text\"] == a[\"text\"] and j[\"url\"] == a[\"url\"] and j[\"record\"][\"id\"] == a[\"id\"]"'
req "$H/v1/articles/odd%20id%20100%2F%C3%A9%27%22x"
check "article id: a literal % must be encoded (%25), not decoded twice" '[ "$code" = 404 ]'
req "$H/v1/articles/nope"
check "missing article 404 JSON" '[ "$code" = 404 ] && grep -qi "^Content-Type: application/json" h && py "\"nope\" in j[\"error\"]"'
req "$H/v1/articles/s1%27%29%3B%20DROP%20TABLE%20articles%3B--"
check "hostile article id 404" '[ "$code" = 404 ] && py "\"DROP TABLE\" in j[\"error\"]"'
req "$H/v1/articles/s1"
check "article s1 still there after the hostile id" '[ "$code" = 200 ] && pya "j[\"id\"] == \"s1\""'
req -X POST -d x "$H/v1/articles/s1"
check "POST article 405" '[ "$code" = 405 ]'

# bad parameters
req "$H/v1/events?bogus=1"
check "unknown parameter 400" '[ "$code" = 400 ] && py "\"bogus\" in j[\"error\"]"'
req "$H/v1/events?since=yesterday"
check "bad date 400" '[ "$code" = 400 ] && py "\"YYYY-MM-DD\" in j[\"error\"]"'
req "$H/v1/events?limit=0"
check "bad limit 400" '[ "$code" = 400 ]'
req "$H/v1/events?near=100,0,5"
check "bad near 400" '[ "$code" = 400 ]'
req "$H/v1/events?root=18&plover=ASSAULT"
check "root and plover 400" '[ "$code" = 400 ]'
req "$H/v1/events?text=%22open"
check "bad FTS query 400" '[ "$code" = 400 ] && py "len(j[\"error\"]) > 0"'

# POST /v1/code
req -X POST -H 'Content-Type: application/json' \
  -d '{"id":"p1","date":"2021-11-20","text":"Soldiers attacked protesters in Khartoum on Saturday."}' "$H/v1/code"
check "code 200: a record" '[ "$code" = 200 ] && py "j[\"schema\"] == 1 and j[\"id\"] == \"p1\" and len(j[\"events\"]) >= 1"'
req -X POST -d '{"text": "unterminated' "$H/v1/code"
check "bad JSON 400 with the reason" '[ "$code" = 400 ] && py "j[\"error\"].startswith(\"invalid JSON\")"'
printf '{"text":"caf\377 bar"}' > bad.json
req -X POST --data-binary @bad.json "$H/v1/code"
check "invalid UTF-8 400 with the reason" '[ "$code" = 400 ] && py "\"0xff\" in j[\"error\"]"'
req -X POST -d '{"id":"x"}' "$H/v1/code"
check "no text 400" '[ "$code" = 400 ] && py "\"text\" in j[\"error\"]"'
req -X POST -d '[1,2]' "$H/v1/code"
check "not an object 400" '[ "$code" = 400 ]'
head -c 1200000 /dev/zero | tr '\0' a > big
req -X POST --data-binary @big "$H/v1/code"
check "body over 1 MiB 413" '[ "$code" = 413 ] && py "\"max-body\" in j[\"error\"]"'
req -X POST -H 'Transfer-Encoding: chunked' --data-binary @big "$H/v1/code"
check "chunked body over 1 MiB 413" '[ "$code" = 413 ]'

# storing needs the token
art='{"id":"p2","date":"2021-11-21","text":"Police arrested five smugglers in Mombasa on Sunday."}'
req -X POST -d "$art" "$H/v1/code?store=1"
check "store without token 401" '[ "$code" = 401 ] && py "\"Bearer\" in j[\"error\"]"'
req -X POST -H 'Authorization: Bearer wrong' -d "$art" "$H/v1/code?store=1"
check "store with a bad token 401" '[ "$code" = 401 ]'
req -X POST -H 'Authorization: Bearer s3cret' -d "$art" "$H/v1/code?store=1"
check "store with the token 201 new" '[ "$code" = 201 ] && grep -qi "^X-Dateline-Stored: new" h'
req -X POST -H 'Authorization: Bearer s3cret' -d "$art" "$H/v1/code?store=1"
check "store again: 200 unchanged" '[ "$code" = 200 ] && grep -qi "^X-Dateline-Stored: unchanged" h'
req "$H/v1/events?text=smugglers"
check "stored article readable at once" '[ "$code" = 200 ] && py "j[\"count\"] >= 1 and j[\"events\"][0][\"article\"] == \"p2\""'
req -X POST -H 'Authorization: Bearer s3cret' -d '{"text":"no id"}' "$H/v1/code?store=1"
check "store without id 400" '[ "$code" = 400 ]'

# routing, methods, static files, traversal, limits
req "$H/v1/nothing"
check "unknown endpoint 404 JSON" '[ "$code" = 404 ] && py "\"error\" in j"'
req "$H/nothing.html"
check "unknown file 404" '[ "$code" = 404 ]'
req -X DELETE "$H/v1/events"
check "DELETE events 405 with Allow" '[ "$code" = 405 ] && grep -qi "^Allow: GET" h && py "\"DELETE\" in j[\"error\"]"'
req "$H/v1/code"
check "GET code 405" '[ "$code" = 405 ] && grep -qi "^Allow: POST" h'
req -X POST -d x "$H/v1/events"
check "POST events 405" '[ "$code" = 405 ]'
req "$H/"
check "dashboard 200 html" '[ "$code" = 200 ] && grep -qi "^Content-Type: text/html" h && grep -q "app.js" b'
for f in app.js style.css d3-geo.min.js d3-array.min.js topojson-client.min.js countries-110m.json; do
  req "$H/$f"
  check "static $f 200" '[ "$code" = 200 ] && [ -s b ]'
done
for u in "/../../etc/passwd" "/%2e%2e/%2e%2e/etc/passwd" "/%2E%2E%2Fetc%2Fpasswd" \
         "/%252e%252e/etc/passwd" "/static/..%5c..%5cetc" "/..;/app.js"; do
  req "$H$u"
  check "traversal $u refused" '{ [ "$code" = 403 ] || [ "$code" = 404 ]; } && ! grep -q "root:" b'
done
req "$H/etc/passwd"
check "absolute file 404" '[ "$code" = 404 ]'
long=$(head -c 80000 /dev/zero | tr '\0' a)
req "$H/v1/events?text=$long"
check "URL over the limit 414" '[ "$code" = 414 ]'
req -H "X-Big: $long" "$H/healthz"
check "headers over the limit 431" '[ "$code" = 431 ]'
req "$H/healthz"
check "still serving after the errors" '[ "$code" = 200 ]'

# CORS when asked for
start cors.log --cors https://example.org
req "http://127.0.0.1:$port/v1/stats"
check "--cors sends the header" 'grep -qi "^Access-Control-Allow-Origin: https://example.org" h'
req -X OPTIONS "http://127.0.0.1:$port/v1/code"
check "--cors preflight 204" '[ "$code" = 204 ] && grep -qi "^Access-Control-Allow-Methods" h'

# ---------------------------------------------------------------- browser
chrome=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$chrome" ]; then
  echo "test_serve: SKIP browser part: chromium is not installed (make deps)"
else
  prof=$(mktemp -d)
  dump() { # URL -> dom
    timeout 90 "$chrome" --no-sandbox --headless --disable-gpu --disable-quic \
      --no-first-run --disable-background-networking --disable-component-update \
      --disable-sync --user-data-dir="$prof" --virtual-time-budget=8000 \
      --window-size=1400,1000 --dump-dom "$1" 2>/dev/null > dom
  }
  dump "$H/?article=s1&event=v1"
  check "browser: page rendered" 'grep -q "data-ready=\"1\"" dom'
  check "browser: country outlines" '[ "$(grep -o "class=\"land\"" dom | wc -l)" -gt 100 ]'
  check "browser: markers on the map" 'grep -q "class=\"marker" dom'
  check "browser: timeline bars" 'grep -q "class=\"bar" dom'
  rows=$(grep -o "<tr data-article=" dom | wc -l)
  check "browser: table rows ($rows)" '[ "$rows" -ge 6 ]'
  check "browser: evidence of s1 v1" 'grep -q "id=\"evidence-list\" data-event=\"v1\"" dom && grep -q "hl-event focus" dom'
  check "browser: selected row" 'grep -q "<tr data-article=\"s1\" data-event=\"v1\" class=\"sel\"" dom'
  check "browser: evidence shows the stored text" 'grep -q "id=\"ameta\">s1 · 2021-11-07" dom && grep -q "hl-event focus\"[^>]*>drone attack</span>" dom'
  dump "$H/?plover=PROTEST"
  check "browser: a filter from the URL" 'grep -q "data-ready=\"1\"" dom && ! grep -q "<tr data-article=\"s4\"" dom'
  rm -rf "$prof"

  # a real click: playwright-core (pinned) drives the same Chromium
  pwver=1.49.1
  pwdir=$root/.cache/playwright
  pwpkg=$pwdir/node_modules/playwright-core/package.json
  have_pw() { [ -f "$pwpkg" ] && grep -q "\"version\": \"$pwver\"" "$pwpkg"; }
  if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
    echo "test_serve: SKIP click test: node or npm missing (make deps)"; skip=$((skip + 1))
  elif ! have_pw && ! { mkdir -p "$pwdir" && timeout 300 npm install --no-save --no-audit \
        --no-fund --prefix "$pwdir" "playwright-core@$pwver" > npm.log 2>&1 && have_pw; }; then
    echo "test_serve: SKIP click test: cannot install playwright-core@$pwver:"
    tail -3 npm.log | sed 's/^/    /'
    skip=$((skip + 1))
  else
    timeout 180 node "$root/tests/http/click.mjs" "$H" "$pwdir" "$chrome" > click.log 2>&1
    cp_=$(sed -n 's/^\([0-9]*\) passed, \([0-9]*\) failed$/\1/p' click.log | tail -1)
    cf_=$(sed -n 's/^\([0-9]*\) passed, \([0-9]*\) failed$/\2/p' click.log | tail -1)
    grep "^FAIL" click.log
    if [ -z "$cp_" ]; then
      no "click test did not finish:"; tail -5 click.log | sed 's/^/    /'
    else
      pass=$((pass + cp_)); fail=$((fail + cf_))
    fi
  fi
fi

if [ "$skip" -gt 0 ]; then
  echo "$pass passed, $fail failed, $skip skipped"
else
  echo "$pass passed, $fail failed"
fi
[ "$fail" -eq 0 ]
