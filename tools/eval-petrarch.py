#!/usr/bin/env python3
"""eval-petrarch.py: score `dateline code` on the PETRARCH2 unit-test records
(../shared/data/cameo_petrarch2_validation) the way PETRARCH2's authors run
them: with the validation dictionaries. At run time (in a temporary
directory, never as project data) the dictionaries become dateline user
lexicons:

  actors  PETR.Validate.actors.txt: each name and '+' synonym -> an 'org'
          entry carrying its literal code ("Arnor<TAB>ARN<TAB>-"); date
          restrictions ([CODE <date], [CODE date-date], [CODE >date]) are
          resolved per sentence date (sentences are grouped by the codes
          that apply and coded with one lexicon per group); "A/B/C" codes
          (THE_SHIRE [FRO/BIL/SAM]) stand for several actors
  agents  PETR.Validate.agents.txt: "~GOV" agents -> 'role' entries
          ("police/n<TAB>COP"), "NGO~" prefix agents -> 'role' entries with
          a 'pre' field; !PERSON! / !MINST! substitutions and {plurals}
  verbs   PETR.Validate.verbs.txt: each verb (and '+' synonym, {forms})
          -> an 'event' entry with its block's CAMEO code; patterns that
          are the verb followed by plain words ("- * DOWN [..]",
          "- * FOR &ECONSANCT [..]", synsets expanded) -> the phrase, also
          with an article between ("adopt a resolution"); "A:B" codes keep
          A; patterns with words before the verb or actor markers are
          skipped

Each sentence is one article (JSON Lines). Scored per sentence against its
<EventCoding>s: exact (source, target, event code) triples, source/target
compared as CAMEO actor codes (actor + agents; a null actor is '---'), and
root agreement (the sets of two-digit roots). "noevents" and error records
expect no events.

usage: python3 tools/eval-petrarch.py [--bin build/dateline | --cmd "CMD"]
                                      [--dir DATADIR] [--keep DIR] [-v]

-v lists the sentences whose triples differ. Last line: the headline."""
import collections, json, os, re, shlex, subprocess, sys, tempfile
import xml.etree.ElementTree as ET

here = os.path.dirname(os.path.abspath(__file__))
args = sys.argv[1:]
cmd = [os.path.join(here, "..", "build", "dateline"), "code"]
ddir = os.path.join(here, "..", "..", "shared", "data", "cameo_petrarch2_validation")
cameo_dir = os.path.join(here, "..", "..", "shared", "data", "cameo")
verbose = False
keep = None
while args:
    a = args.pop(0)
    if a == "--bin": cmd = [args.pop(0), "code"]
    elif a == "--cmd": cmd = shlex.split(args.pop(0))
    elif a == "--dir": ddir = args.pop(0)
    elif a == "--xml": xmlp_arg = args.pop(0)
    elif a == "--keep": keep = args.pop(0)
    elif a == "-v": verbose = True
    else: sys.exit(__doc__)
dicts = os.path.join(ddir, "dictionaries")
xmlp = globals().get("xmlp_arg") or os.path.join(ddir, "PETR.UnitTest.records.xml")
if not os.path.isdir(dicts):
    print(f"eval-petrarch: {dicts} not found: skipping")
    sys.exit(0)

def strip_comment(line):
    line = re.sub(r"<!--.*?-->", "", line)
    i = line.find("#")
    return line[:i] if i >= 0 else line

def phrase(name):
    """A dictionary name -> a lexicon phrase ("ARNOR_" -> "arnor")."""
    p = name.replace("_", " ").strip().lower()
    return " ".join(p.split())

# ------------------------------------------------------------------ actors
def ymd(s):
    s = s.strip()
    if len(s) == 6:  # YYMMDD, TABARI style
        s = ("19" if int(s[:2]) > 30 else "20") + s
    return int(s)

def parse_block(txt):
    """'HOB < 950601' -> (code, lo, hi) with inclusive date bounds."""
    txt = txt.strip()
    m = re.match(r"^([^\s<>\d]*)\s*(.*)$", txt)
    code, rest = m.group(1).upper(), m.group(2).replace(" ", "")
    lo, hi = 0, 99999999
    if not rest:
        return code, None
    if rest.startswith("<"):
        hi = ymd(rest[1:]) - 1
    elif rest.startswith(">"):
        lo = ymd(rest[1:]) + 1
    elif "-" in rest:
        a, b = rest.split("-", 1)
        lo, hi = ymd(a), ymd(b)
    else:
        return code, None
    return code, (lo, hi)

actors = []  # [names], default code, [(code, (lo, hi))]
cur = None
with open(os.path.join(dicts, "PETR.Validate.actors.txt"), encoding="utf-8",
          errors="replace") as f:
    for raw in f:
        line = strip_comment(raw.rstrip("\n"))
        if not line.strip():
            continue
        if line.startswith("<"):
            continue
        if line[0] in " \t":
            for b in re.findall(r"\[([^\]]*)\]", line):
                if cur is not None:
                    code, rng = parse_block(b)
                    if rng: cur[2].append((code, rng))
                    else: cur[1] = code
            continue
        if line.startswith("+"):
            if cur is not None:
                cur[0].append(line[1:].strip())
            continue
        m = re.match(r"^([^\[]+?)\s*(?:\[([^\]]*)\])?\s*$", line)
        if not m:
            continue
        cur = [[m.group(1)], None, []]
        if m.group(2):
            code, rng = parse_block(m.group(2))
            if rng: cur[2].append((code, rng))
            else: cur[1] = code
        actors.append(cur)

def actor_code(a, date):
    for code, (lo, hi) in a[2]:
        if lo <= date <= hi:
            return code
    return a[1]

def good_code(c):
    return c and re.fullmatch(r"[A-Z0-9/]+", c) and c not in ("---", "+++", "###")

# ------------------------------------------------------------------ agents
agents = []  # (phrases, code, prefix)
agent_codes = set()
subst = {}
with open(os.path.join(dicts, "PETR.Validate.agents.txt"), encoding="utf-8",
          errors="replace") as f:
    for raw in f:
        line = strip_comment(raw.rstrip("\n")).strip()
        if not line or line.startswith("<"):
            continue
        m = re.match(r"^(![A-Z]+!)\s*=\s*(.*)$", line)
        if m:
            subst[m.group(1)] = [w.strip() for w in m.group(2).split(",") if w.strip()]
            continue
        m = re.match(r"^(\S+(?:\s+[^\[{]\S*)*)\s*(\{[^}]*\})?\s*\[\s*([^\]]*)\]", line)
        if not m:
            continue
        name, plur, code = m.group(1), m.group(2), m.group(3).strip()
        prefix = not code.startswith("~")
        code = code.strip("~").upper()
        if not code:
            continue
        agent_codes.add(code)
        names = [name]
        for k, vals in subst.items():
            if k in name:
                names = [n.replace(k, v) for n in names for v in vals]
        plurals = []
        if plur:
            plurals = [p for p in plur.strip("{}").split() if p]
        agents.append(([phrase(n) for n in names], [phrase(p) for p in plurals],
                       code, prefix))

# ------------------------------------------------------------------ verbs
def cameo_tables():
    def table(name):
        d = {}
        try:
            with open(os.path.join(cameo_dir, name), encoding="latin-1") as f:
                next(f)
                for line in f:
                    p = line.rstrip("\r\n").split("\t")
                    if len(p) >= 2 and p[0].strip():
                        d[p[0].strip()] = p[1].strip()
        except OSError:
            pass
        return d
    return table("CAMEO.goldsteinscale.txt")

gold = cameo_tables()

def event_fields(code):
    c = code.split(":")[0]
    quad = 0
    if re.match(r"^\d\d", c):
        r = int(c[:2])
        quad = 1 if r <= 5 else 2 if r <= 9 else 3 if r <= 14 else 4
    g = gold.get(c) or gold.get(c[:3]) or gold.get(c[:2]) or "0"
    return c, quad, g

synsets = {}
verb_rows = []  # (phrase, code, pos)
lines = open(os.path.join(dicts, "PETR.Validate.verbs.txt"), encoding="utf-8",
             errors="replace").read().split("\n")
# synsets first (they may be used before they are defined)
cur_syn = None
for raw in lines:
    line = strip_comment(raw).rstrip()
    if line.startswith("&"):
        cur_syn = line.split()[0].rstrip("_")
        synsets[cur_syn] = []
    elif line.startswith("+") and cur_syn:
        synsets[cur_syn].append(line[1:].strip())
    elif line.strip():
        cur_syn = None

def expand(words):
    """Pattern words with synsets -> list of word lists."""
    out = [[]]
    for w in words:
        base = w.rstrip("_")
        if base.startswith("&"):
            alts = []
            stack = [base]
            while stack:
                s = stack.pop()
                for m in synsets.get(s, []):
                    if m.startswith("&"): stack.append(m.rstrip("_"))
                    else: alts.append(m.replace("_", " ").split())
            out = [o + a for o in out for a in alts]
        else:
            out = [o + [base.replace("_", " ")] for o in out]
    return out

block_code = None
block_verbs = []
def add_verb(form, code, explicit=False):
    if not good_code(code.split(":")[0]):
        return
    p = phrase(form.replace("+", ""))
    if not p:
        return
    if explicit:
        verb_rows.append((p, code, "v"))
    elif "+" in form and not form.startswith("+"):
        return  # the inflected word is not the first: not expressible
    else:
        verb_rows.append((p + "/v", code, "v"))

cur_syn = None
for raw in lines:
    line = strip_comment(raw).rstrip()
    if not line.strip() or line.startswith("<"):
        continue
    m = re.match(r"^---\s*(\S+)\s*\[([^\]]*)\]", line)
    if m:
        block_code = m.group(2).strip()
        block_verbs = []
        cur_syn = None
        continue
    if line.startswith("&"):
        cur_syn = True
        continue
    if line.startswith("+"):
        if cur_syn:
            continue
        form = line[1:].strip()
        mm = re.match(r"^(\S+)\s*(?:\[([^\]]*)\])?", form)
        code = (mm.group(2) or block_code or "").strip()
        block_verbs.append(mm.group(1).replace("+", ""))
        add_verb(mm.group(1), code)
        continue
    cur_syn = None
    if line.startswith("-"):
        mm = re.match(r"^-\s*(.*?)\s*\[([^\]]*)\]", line)
        if not mm or not block_verbs:
            continue
        pat, code = mm.group(1).strip(), mm.group(2).strip()
        toks = pat.split()
        if not toks or toks[0] != "*" or any(c in pat for c in "%$^|{}") \
                or "+" in pat:
            continue
        toks = [w for t in toks for w in re.split(r"_(?=&)|(?<=[A-Z])_(?=[A-Z&])", t) if w]
        toks = [w for t in toks for w in (t.split("_") if "&" in t else [t])]
        for words in expand(toks[1:]):
            for v in block_verbs:
                vp = phrase(v)
                tail = " ".join(phrase(w) for w in words)
                if not tail:
                    continue
                add_verb(vp + " " + tail, code)
                if words and words[0].lower() not in (
                        "to", "for", "with", "on", "in", "of", "at", "down",
                        "up", "out", "off", "from", "against", "into", "by"):
                    for det in ("a", "an", "the"):
                        add_verb(vp + " " + det + " " + tail, code)
        continue
    if line[0] in " \t":
        continue
    # a verb line: FORM [CODE] {FORMS}
    mm = re.match(r"^(\S+)\s*(?:\[([^\]]*)\])?\s*(?:\{([^}]*)\})?", line.strip())
    if not mm:
        continue
    form = mm.group(1)
    code = (mm.group(2) or block_code or "").strip()
    block_verbs.append(form.replace("+", "").rstrip("_"))
    add_verb(form.rstrip("_"), code)
    for x in (mm.group(3) or "").split():
        add_verb(x.rstrip("_"), code, explicit=True)

# ------------------------------------------------------------------ sentences
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
            exp.append((c.get("sourcecode") or "---", c.get("targetcode") or "---", code))
    sents.append({"id": s.get("id"), "cat": s.get("category") or "?",
                  "date": int(d) if d.isdigit() else 0, "isodate": date,
                  "text": text, "exp": exp})

def lexicon(date):
    out = ["# PETRARCH2 validation dictionaries, converted by tools/eval-petrarch.py",
           "#dict org"]
    for a in actors:
        code = actor_code(a, date)
        if not good_code(code):
            continue
        for n in a[0]:
            p = phrase(n)
            if p:
                out.append(f"{p}\t{code}\t-")
    out.append("#dict role")
    for names, plurals, code, prefix in agents:
        for p in names:
            out.append(f"{p}/n\t{code}" + ("\tpre" if prefix else ""))
        for p in plurals:
            out.append(f"{p}\t{code}" + ("\tpre" if prefix else ""))
    out.append("#dict event")
    seen = set()
    for p, code, pos in verb_rows:
        if p in seen:
            continue
        seen.add(p)
        c, quad, g = event_fields(code)
        out.append(f"{p}\t{c}\t-\t{quad}\t{g}\t{pos}\t-")
    return "\n".join(out) + "\n"

groups = collections.defaultdict(list)
for s in sents:
    key = tuple(actor_code(a, s["date"]) for a in actors if a[2])
    groups[key].append(s)

tmp = keep or tempfile.mkdtemp(prefix="petr-")
os.makedirs(tmp, exist_ok=True)
recs = {}
for gi, (key, ss) in enumerate(groups.items()):
    lp = os.path.join(tmp, f"validation{gi}.tsv")
    with open(lp, "w", encoding="utf-8") as f:
        f.write(lexicon(ss[0]["date"]))
    inp = "".join(json.dumps({"id": f"{i}", "date": s["isodate"], "text": s["text"]}) + "\n"
                  for i, s in enumerate(ss))
    out = subprocess.run(cmd + ["--lexicon", lp, "-"], input=inp,
                         capture_output=True, text=True)
    if out.returncode not in (0, 1):
        sys.exit(f"dateline failed ({out.returncode}): {out.stderr[:500]}")
    for line in out.stdout.splitlines():
        if line.strip():
            r = json.loads(line)
            recs[id(ss[int(r["id"])])] = r
if not keep:
    for fn in os.listdir(tmp):
        os.unlink(os.path.join(tmp, fn))
    os.rmdir(tmp)

def norm(code):
    """A predicted actor code as PETRARCH writes it: null -> '---', an agent
    alone ("GOV") -> '---GOV'."""
    if not code:
        return ["---"]
    out = []
    for c in code.split("/"):
        out.append("---" + c if c in agent_codes and len(c) == 3 else c)
    return out

def triples(r):
    t = []
    for e in r.get("events") or []:
        cam = e.get("cameo")
        if not cam:
            continue
        for sc in norm((e.get("source") or {}).get("code")):
            for tc in norm((e.get("target") or {}).get("code")):
                t.append((sc, tc, cam))
    return t

def expand_exp(exp):
    out = []
    for s, t, c in exp:
        for a in s.split("/"):
            for b in t.split("/"):
                out.append((a, b, c))
    return out

cats = collections.OrderedDict()
N = n_exp = n_pred = n_hit = n_good = n_same = n_rsame = 0
r_exp = r_hit = r_pred = r_good = 0
for s in sents:
    r = recs.get(id(s)) or {}
    pred = triples(r)
    exp = expand_exp(s["exp"])
    ps, es = set(pred), set(exp)
    hit = len(es & ps)
    same = ps == es
    proots = {c[:2] for _, _, c in ps}
    eroots = {c[:2] for _, _, c in es}
    rsame = proots == eroots
    N += 1
    n_exp += len(es); n_pred += len(ps); n_hit += hit
    n_same += same; n_rsame += rsame
    r_exp += len(eroots); r_pred += len(proots); r_hit += len(eroots & proots)
    c = cats.setdefault(s["cat"].rstrip("x").rstrip("S") if s["cat"] != "ERROR" else "ERROR",
                        [0, 0, 0, 0, 0])
    c[0] += 1; c[1] += same; c[2] += rsame; c[3] += len(es); c[4] += hit
    if verbose and not same:
        miss = sorted(es - ps); extra = sorted(ps - es)
        print(f"{s['id']} [{s['cat']}]: {s['text'][:140]}")
        print(f"    missed {miss} spurious {extra}")

def pct(a, b):
    return 100.0 * a / b if b else 0.0
def f1(h, e, p):
    r, q = (h / e if e else 0.0), (h / p if p else 0.0)
    return 100 * 2 * r * q / (r + q) if r + q else 0.0
print(f"sentences: {N}, expected triples: {n_exp}, predicted: {n_pred}")
print(f"{'category':10} {'sents':>5} {'exact':>7} {'roots':>7} {'triple recall':>14}")
for k, c in cats.items():
    print(f"{k:10} {c[0]:5d} {pct(c[1], c[0]):6.1f}% {pct(c[2], c[0]):6.1f}% "
          f"{c[4]:5d}/{c[3]:<4d} {pct(c[4], c[3]):5.1f}%")
print(f"triples: recall {n_hit}/{n_exp} = {pct(n_hit, n_exp):.1f}%, "
      f"precision {n_hit}/{n_pred} = {pct(n_hit, n_pred):.1f}%, F1 {f1(n_hit, n_exp, n_pred):.1f}%")
print(f"roots: recall {pct(r_hit, r_exp):.1f}%, precision {pct(r_hit, r_pred):.1f}%, "
      f"F1 {f1(r_hit, r_exp, r_pred):.1f}%")
print(f"petrarch2: exact sentences {n_same}/{N} = {pct(n_same, N):.1f}%, "
      f"root agreement {n_rsame}/{N} = {pct(n_rsame, N):.1f}%, "
      f"triple F1 {f1(n_hit, n_exp, n_pred):.1f}%")
