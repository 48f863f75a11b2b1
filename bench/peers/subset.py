#!/usr/bin/env python3
"""subset.py MB FILE...: the first MB megabytes of article text of the
JSON Lines FILEs, taken a line from each file in turn (so every corpus is
in it), as JSON Lines {"id", "date", "title", "text"} on standard output.
'make bench-peers' feeds the same subset to dateline and to its peers."""
import json, sys

limit = float(sys.argv[1]) * 1e6
files = [open(f, encoding="utf-8") for f in sys.argv[2:]]
size = 0
while files and size < limit:
    for f in list(files):
        line = f.readline()
        if not line:
            files.remove(f)
            continue
        try:
            a = json.loads(line)
        except ValueError:
            continue
        text = a.get("text")
        if not isinstance(text, str) or not text.strip():
            continue
        out = {k: a[k] for k in ("id", "date", "title") if isinstance(a.get(k), str)}
        out["text"] = text
        print(json.dumps(out, ensure_ascii=False))
        size += len(text.encode("utf-8"))
        if size >= limit:
            break
