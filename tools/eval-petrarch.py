#!/usr/bin/env python3
"""eval-petrarch.py: CAMEO root-code agreement on the PETRARCH2 validation
sentences (../shared/data/cameo_petrarch2_validation). Feeds each sentence's
text to `dateline code` as JSON Lines and compares the event roots per
sentence with the expected <EventCoding> roots.

usage: python3 tools/eval-petrarch.py [--bin build/dateline] [--xml FILE] [-v]

Prints: recall (expected codings whose root the sentence's events have),
precision (events whose root is expected in their sentence), sentence
agreement (sentences whose root sets are equal; "noevents" = no events),
and last 'root agreement: P%' (the F1 of recall and precision)."""
import json, os, re, subprocess, sys
import xml.etree.ElementTree as ET

here = os.path.dirname(os.path.abspath(__file__))
args = sys.argv[1:]
binp = os.path.join(here, "..", "build", "dateline")
xmlp = os.path.join(here, "..", "..", "shared", "data", "cameo_petrarch2_validation",
                    "PETR.UnitTest.records.xml")
verbose = False
while args:
    a = args.pop(0)
    if a == "--bin": binp = args.pop(0)
    elif a == "--xml": xmlp = args.pop(0)
    elif a == "-v": verbose = True
    else: sys.exit(__doc__)

root = ET.parse(xmlp).getroot()
sents = []
for s in root.iter("Sentence"):
    text = " ".join((s.findtext("Text") or "").split())
    if not text:
        continue
    d = s.get("date") or ""
    date = f"{d[:4]}-{d[4:6]}-{d[6:8]}" if re.fullmatch(r"\d{8}", d) else None
    exp = []
    for c in s.findall("EventCoding"):
        code = c.get("eventcode")
        if code:
            exp.append(code[:2])
    sents.append({"id": s.get("id"), "date": date, "text": text, "exp": exp})

inp = "".join(json.dumps({"id": s["id"], "date": s["date"], "text": s["text"]}) + "\n"
              for s in sents)
out = subprocess.run([binp, "code", "-"], input=inp, capture_output=True, text=True)
if out.returncode not in (0, 1):
    sys.exit(f"dateline failed ({out.returncode}): {out.stderr[:500]}")
recs = {}
for line in out.stdout.splitlines():
    if line.strip():
        r = json.loads(line)
        recs[r.get("id")] = r

n_exp = n_hit = n_pred = n_good = n_same = 0
for s in sents:
    r = recs.get(s["id"]) or {}
    pred = [str(e.get("root")) for e in r.get("events") or [] if e.get("root")]
    exp = s["exp"]
    n_exp += len(exp)
    n_hit += sum(1 for x in exp if x in pred)
    n_pred += len(pred)
    n_good += sum(1 for x in pred if x in exp)
    same = set(pred) == set(exp)
    n_same += same
    if verbose and not same:
        print(f"{s['id']}: expected {sorted(set(exp))} got {sorted(set(pred))}: {s['text'][:110]}")
rec = n_hit / n_exp if n_exp else 0.0
prec = n_good / n_pred if n_pred else 0.0
f1 = 2 * rec * prec / (rec + prec) if rec + prec else 0.0
print(f"sentences: {len(sents)}, expected codings: {n_exp}, events: {n_pred}")
print(f"recall: {n_hit}/{n_exp} = {100*rec:.1f}%")
print(f"precision: {n_good}/{n_pred} = {100*prec:.1f}%")
print(f"sentence agreement (same root sets): {n_same}/{len(sents)} = {100*n_same/max(1,len(sents)):.1f}%")
print(f"root agreement: {100*f1:.1f}%")
