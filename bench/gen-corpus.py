#!/usr/bin/env python3
"""gen-corpus.py MB: a synthetic news-like JSON Lines corpus of about MB
megabytes for 'make bench' when ../shared is absent. Sentences are drawn
from a small grammar of this project's own words, with dates, numbers,
quotes and datelines, so every stage has work to do."""
import json, random, sys

random.seed(7)
PLACES = ["Baghdad", "Kabul", "Mogadishu", "Niamey", "Lagos", "Kyiv", "Caracas"]
WHO = ["the interior minister", "police", "a government spokesman", "rebels",
       "the army", "protesters", "the opposition leader", "officials"]
DID = ["said", "denied", "announced", "reported", "warned", "confirmed"]
WHAT = ["an attack on a checkpoint", "new talks", "a curfew", "the arrest of {n} suspects",
        "clashes that killed {n} people", "an investigation", "a ceasefire"]
WHEN = ["on Monday", "on Tuesday", "last week", "on 3 March 2021", "yesterday",
        "earlier this month", "in May last year", "two days ago", "at 6 a.m."]

def sentence():
    s = "{} {} {} {}.".format(random.choice(WHO).capitalize(), random.choice(DID),
                              random.choice(WHAT), random.choice(WHEN))
    s = s.replace("{n}", str(random.randint(2, 90)))
    if random.random() < 0.2:
        s = '"We will not accept this," {} said.'.format(random.choice(WHO))
    return s

target = int(float(sys.argv[1] if len(sys.argv) > 1 else 25) * 1e6)
size, n = 0, 0
while size < target:
    n += 1
    paras = []
    for _ in range(random.randint(3, 8)):
        paras.append(" ".join(sentence() for _ in range(random.randint(2, 5))))
    text = "{} (Wire) - ".format(random.choice(PLACES).upper()) + "\n\n".join(paras)
    line = json.dumps({"id": "gen-%d" % n, "date": "2021-11-07", "text": text})
    size += len(line) + 1
    print(line)
