/*
** casualty.c: the casualties stage, after events and before tone
** (DESIGN.md). A cue from the lexicon's 'casualty' dictionary (kill/v,
** injure/v, dead, death toll, ...) with its kind and syntax; the counted
** group is found on the tokens around it: the subject of a passive or
** intransitive ("7 of his guards were injured", "47 people died"), the
** object of an active verb ("killing at least 12"), the number after a
** toll ("the death toll rose to 47"). Restatements are dropped (a
** definite "the insurgent leader" after a count of the same kind, a
** headline that the body repeats, a sentence that repeats a count).
*/
#include "casualty.h"
#include "lexicon/lexicon.h"
#include "number.h"
#include "parse/parse.h"

#include <strings.h>

/* Syntax of a cue: where its count is. */
enum {
  SY_TV,   /* transitive verb: object if active, subject if passive */
  SY_IV,   /* intransitive: subject ("47 people died") */
  SY_ADJ,  /* predicate adjective: subject ("two remain missing") */
  SY_NOUN, /* count noun: "47 deaths", "the arrest of a leader" */
  SY_TOLL  /* "the death toll rose to 47" */
};

typedef struct cue {
  uint32_t t0, t1;
  uint8_t kind; /* dlcas_kind */
  uint8_t syn;  /* SY_* */
  bool part;    /* an inflected form that may be a participle ("killed") */
} cue;

/* A casualty before the restatement filter. */
typedef struct cand {
  dlcasualty c;
  bool definite; /* "the leader", "he", "the two men": may restate */
  bool headline; /* cue in title case ("Seventeen Killed") */
  bool vague;    /* "several", "numerous": a later one restates */
  bool fresh;    /* "two additional insurgents": never a restatement */
} cand;

typedef struct st {
  dl_doc *d;
  uint32_t s0, s1; /* the sentence's tokens */
  uint32_t sent;
  DLVEC(cand) out;
  bool need_num;   /* subject(): only a group with a number */
} st;

/* ------------------------------------------------------------ words */

static bool tis(const st *S, uint32_t t, const char *w) {
  return t >= S->s0 && t < S->s1 && dltok_is(S->d, t, w);
}

static bool any_of(const st *S, uint32_t t, const char *const *w) {
  if (t < S->s0 || t >= S->s1)
    return false;
  for (; *w; w++)
    if (dltok_is(S->d, t, *w))
      return true;
  return false;
}

static const char *const BE[] = {
    "was",    "were",     "is",      "are",     "be",      "been",
    "being",  "am",       "get",     "got",     "gets",    "getting",
    "gotten", "remain",   "remained", "remains", "wasn",   "weren",
    "isn",    "aren",     "reportedly", NULL};
static const char *const HAVE[] = {"has",  "have", "had", "having",
                                   "hasn", "haven", "hadn", NULL};
static const char *const NEG[] = {"not", "n't", "'t", "never", NULL};
/* Words inside a verb group: modals, adverbs, raising verbs. */
static const char *const VG[] = {
    "will",       "would",      "could",    "may",      "might",
    "should",     "must",       "can",      "also",     "allegedly",
    "later",      "all",        "both",     "each",     "subsequently",
    "then",       "apparently", "fatally",  "critically", "seriously",
    "badly",      "slightly",   "lightly",  "severely", "mortally",
    "eventually", "immediately", "still",   "only",     "already",
    "just",       "initially",  "previously", "reported", "believed",
    "thought",    "feared",     "said",     "confirmed", "found",
    "known",      "to",         "presumed", "mistakenly", "wrongly",
    "briefly",    "temporarily", "reportedly", "unlawfully", "illegally",
    NULL};
/* Words that end a noun phrase. */
static const char *const STOP[] = {
    "in",        "on",       "at",      "during",   "near",     "while",
    "when",      "after",    "before",  "including", "as",      "with",
    "from",      "by",       "for",     "to",       "since",    "into",
    "inside",    "outside",  "across",  "around",   "over",     "under",
    "through",   "within",   "without", "along",    "among",    "against",
    "and",       "or",       "but",     "who",      "which",    "that",
    "whose",     "where",    "yesterday", "today",  "tonight",  "overnight",
    "last",      "earlier",  "later",   "monday",   "tuesday",  "wednesday",
    "thursday",  "friday",   "saturday", "sunday",  "said",     "says",
    "say",       "told",     "reported", "informed", "stated",  "added",
    "announced", "left",     "leaving", "leave",    "leaves",   "if",
    "because",   "than",     "whereas", "amid",     "despite",  "via",
    "following", "according", "while",  "where",    "toward",   "towards",
    "upon",      "about",    "per",     "whom",     "are",      "is",
    "was",       "were",     "been",    "be",       "being",    "has",
    "have",      "had",      "will",    "would",    "could",    "may",
    "might",     "also",     "reportedly", "after", "there",    "here",
    NULL};
static const char *const DET[] = {"the",   "his",  "her",   "their", "its",
                                  "this",  "that", "these", "those", "our",
                                  "your",  "my",   "'s",    "'",     NULL};
static const char *const INDEF[] = {"a", "an", "one", "another", "single",
                                    NULL};
static const char *const PRON1[] = {"he", "she", "him", "her", NULL};
static const char *const REL[] = {"who",   "which", "whose",     "whom",
                                  "that",  "a",     "an",        "the",
                                  "including", "aged", "among",  "mostly",
                                  "both",  "all",   "most",      "many",
                                  NULL};

static bool punct(const st *S, uint32_t t) {
  return (S->d->toks.v[t].flags & DLT_PUNCT) && !any_of(S, t, DET);
}

/* ------------------------------------------------------------- cues */

/* Built-in cues, used when the engine has no lexicon (build/data without
** lexicon.bin): inflected forms of data/lex/casualty.tsv's main entries. */
static const struct fb {
  const char *phrase;
  uint8_t kind, syn;
} fallback[] = {
    {"shot dead", DLC_KILLED, SY_TV},     {"shoot dead", DLC_KILLED, SY_TV},
    {"shooting dead", DLC_KILLED, SY_TV}, {"death toll", DLC_KILLED, SY_TOLL},
    {"killed", DLC_KILLED, SY_TV},        {"kill", DLC_KILLED, SY_TV},
    {"kills", DLC_KILLED, SY_TV},         {"killing", DLC_KILLED, SY_TV},
    {"died", DLC_KILLED, SY_IV},          {"die", DLC_KILLED, SY_IV},
    {"dies", DLC_KILLED, SY_IV},          {"dead", DLC_KILLED, SY_ADJ},
    {"deaths", DLC_KILLED, SY_NOUN},      {"death", DLC_KILLED, SY_NOUN},
    {"bodies", DLC_KILLED, SY_NOUN},      {"body", DLC_KILLED, SY_NOUN},
    {"murdered", DLC_KILLED, SY_TV},      {"assassinated", DLC_KILLED, SY_TV},
    {"injured", DLC_INJURED, SY_TV},      {"injuring", DLC_INJURED, SY_TV},
    {"injure", DLC_INJURED, SY_TV},       {"injures", DLC_INJURED, SY_TV},
    {"wounded", DLC_INJURED, SY_TV},      {"wounding", DLC_INJURED, SY_TV},
    {"wound", DLC_INJURED, SY_TV},        {"hurt", DLC_INJURED, SY_TV},
    {"hurting", DLC_INJURED, SY_TV},      {"harmed", DLC_INJURED, SY_TV},
    {"arrested", DLC_ARRESTED, SY_TV},    {"arresting", DLC_ARRESTED, SY_TV},
    {"arrest", DLC_ARRESTED, SY_TV},      {"detained", DLC_ARRESTED, SY_TV},
    {"detaining", DLC_ARRESTED, SY_TV},   {"captured", DLC_ARRESTED, SY_TV},
    {"capturing", DLC_ARRESTED, SY_TV},   {"capture", DLC_ARRESTED, SY_TV},
    {"apprehended", DLC_ARRESTED, SY_TV}, {"apprehending", DLC_ARRESTED, SY_TV},
    {"taken into custody", DLC_ARRESTED, SY_TV},
    {"missing", DLC_MISSING, SY_ADJ},     {"kidnapped", DLC_KIDNAPPED, SY_TV},
    {"kidnapping", DLC_KIDNAPPED, SY_TV}, {"abducted", DLC_KIDNAPPED, SY_TV},
    {"abducting", DLC_KIDNAPPED, SY_TV},  {"taken hostage", DLC_KIDNAPPED, SY_TV},
    {"displaced", DLC_DISPLACED, SY_TV},  {"displacing", DLC_DISPLACED, SY_TV},
    {"forced to flee", DLC_DISPLACED, SY_IV},
    {"fled", DLC_DISPLACED, SY_IV},       {"homeless", DLC_DISPLACED, SY_ADJ},
};

/* Does the phrase 'p' (words joined by one space) match at 't'? Returns
** its length in tokens, or 0. */
static uint32_t fb_len(const st *S, uint32_t t, const char *p) {
  uint32_t i = t;
  for (;;) {
    const char *sp = strchr(p, ' ');
    size_t n = sp ? (size_t)(sp - p) : strlen(p), fl;
    if (i >= S->s1)
      return 0;
    const char *f = dltok_fold(S->d, i, &fl);
    if (fl != n || memcmp(f, p, n))
      return 0;
    i++;
    if (!sp)
      return i - t;
    p = sp + 1;
  }
}

static bool ends_with(const st *S, uint32_t t, const char *x) {
  size_t n, m = strlen(x);
  const char *f = dltok_fold(S->d, t, &n);
  return n > m && !memcmp(f + n - m, x, m);
}

/* Could the cue's first word be a past participle? */
static bool participle(const st *S, uint32_t t, bool inflected) {
  return (inflected && !ends_with(S, t, "ing") && !ends_with(S, t, "s")) ||
         ends_with(S, t, "ed") || tis(S, t, "hurt") || tis(S, t, "shot");
}

static bool fb_match(const st *S, uint32_t t, cue *c) {
  uint32_t best = 0;
  for (size_t k = 0; k < DL_COUNTOF(fallback); k++) {
    uint32_t n = fb_len(S, t, fallback[k].phrase);
    if (n > best) {
      best = n;
      c->t0 = t;
      c->t1 = t + n;
      c->kind = fallback[k].kind;
      c->syn = fallback[k].syn;
      c->part = participle(S, t, false);
    }
  }
  return best > 0;
}

static bool field_is(const char *f, size_t n, const char *w) {
  return f && n == strlen(w) && !memcmp(f, w, n);
}

/* The cue starting at token 't', if any. */
static bool cue_at(const st *S, uint32_t t, cue *c) {
  const dl_doc *d = S->d;
  if (!(d->toks.v[t].flags & DLT_WORD))
    return false;
  if (!d->eng->lex)
    return fb_match(S, t, c);
  dllex_match m;
  if (!dllex_longest(d, t, DLX_BIT(DLX_CASUALTY), &m))
    return false;
  const dllex_sense *s = dllex_sense_in(&m, DLX_CASUALTY);
  if (!s)
    return false;
  size_t n, m2;
  const char *k = dllex_field(d->eng, s, 0, &n);
  const char *y = dllex_field(d->eng, s, 1, &m2);
  static const char *const kinds[] = {"killed",  "injured",   "arrested",
                                      "missing", "kidnapped", "displaced"};
  int kind = -1;
  for (int i = 0; i < 6; i++)
    if (field_is(k, n, kinds[i]))
      kind = i;
  if (kind < 0)
    return false;
  c->kind = (uint8_t)kind;
  c->syn = field_is(y, m2, "iv")     ? SY_IV
           : field_is(y, m2, "adj")  ? SY_ADJ
           : field_is(y, m2, "noun") ? SY_NOUN
           : field_is(y, m2, "toll") ? SY_TOLL
                                     : SY_TV;
  c->t0 = m.t0;
  c->t1 = m.t1;
  c->part = participle(S, t, (s->flags & DLXF_INFLECTED) != 0);
  return m.t1 > m.t0;
}

static bool is_cue(const st *S, uint32_t t) {
  cue c;
  return t >= S->s0 && t < S->s1 && cue_at(S, t, &c) && c.t0 == t;
}

/* ------------------------------------------------------ noun phrases */

/* A counted group found around a cue. */
typedef struct np {
  uint32_t ns, ne;      /* the number's (or determiner's) tokens */
  uint32_t ws, we;      /* 'who' tokens; ws == we: none */
  int64_t count;
  bool approximate, negated, definite, vague, ok;
  bool num;             /* the count is a number ("two", "several") */
  bool fresh;           /* "additional", "other": a new group */
} np;

static bool plural_head(const st *S, uint32_t t) {
  static const char *const pl[] = {"people", "police", "children", "men",
                                   "women",  "personnel", "staff", "troops",
                                   "militants", "forces", "civilians", NULL};
  if (any_of(S, t, pl))
    return true;
  size_t n;
  const char *f = dltok_fold(S->d, t, &n);
  return n > 3 && f[n - 1] == 's' && f[n - 2] != 's' && f[n - 2] != 'u' &&
         f[n - 2] != 'i' && f[n - 2] != '\'';
}

static bool stop_word(const st *S, uint32_t t) {
  return any_of(S, t, STOP) || any_of(S, t, NEG);
}

/* Interpret the tokens [a, b) as a counted group. */
static np read_np_(const st *S, uint32_t a, uint32_t b);
static np read_np(const st *S, uint32_t a, uint32_t b) {
  static const char *const fresh[] = {"additional", "other", "another",
                                      "more", "further", "separate", NULL};
  np r = read_np_(S, a, b);
  for (uint32_t i = a; i < b && r.ok; i++)
    if (any_of(S, i, fresh))
      r.fresh = true;
  return r;
}

static np read_np_(const st *S, uint32_t a, uint32_t b) {
  np r;
  memset(&r, 0, sizeof r);
  if (a >= b)
    return r;
  const dl_doc *d = S->d;
  /* negative determiners: "no one", "nobody", "none of the guards" */
  for (uint32_t i = a; i < b; i++) {
    if (tis(S, i, "no") || tis(S, i, "none") || tis(S, i, "nobody") ||
        tis(S, i, "noone") || tis(S, i, "neither")) {
      r.ok = r.negated = true;
      r.ns = i;
      r.ne = i + 1;
      if (tis(S, i, "no") && tis(S, i + 1, "one"))
        r.ne = i + 2;
      uint32_t w = r.ne;
      if (tis(S, w, "of"))
        w++;
      r.ws = w < b ? w : b;
      r.we = b;
      return r;
    }
  }
  for (uint32_t i = a; i < b; i++) {
    dlnum n;
    if (!dlnum_parse(d, i, b, &n) || n.fraction)
      continue;
    /* "some"/"both" alone are weak: only as the group's first word */
    if (n.vague && i != a && !(n.value != 2))
      continue;
    r.ok = true;
    r.ns = i;
    r.ne = n.t1;
    r.count = n.value;
    r.approximate = n.approximate;
    r.vague = n.vague;
    r.num = true;
    r.definite = i > a && any_of(S, i - 1, DET);
    uint32_t w = n.t1;
    if (tis(S, w, "of")) { /* "7 of the guards", "dozens of members" */
      w++;
      /* "two of them", "two of the insurgents": part of a group named
         before; "one of his associates" is not */
      r.definite = r.definite || (!n.vague && (tis(S, w, "the") ||
                                               tis(S, w, "them") ||
                                               tis(S, w, "those") ||
                                               tis(S, w, "these")));
      if (tis(S, w, "the"))
        w++;
    }
    r.ws = w < b ? w : b;
    r.we = b;
    return r;
  }
  /* "a policeman", "one protester": the last indefinite determiner */
  for (uint32_t i = b; i-- > a;) {
    if (any_of(S, i, INDEF) && i + 1 < b) {
      r.ok = true;
      r.ns = i;
      r.ne = i + 1;
      r.count = 1;
      r.ws = i + 1;
      r.we = b;
      return r;
    }
  }
  /* definite singular: "the Prime Minister", "he", a name */
  if (b - a == 1 && any_of(S, a, PRON1)) {
    r.ok = r.definite = true;
    r.ns = r.ws = a;
    r.ne = r.we = b;
    r.count = 1;
    return r;
  }
  uint32_t det = b;
  for (uint32_t i = b; i-- > a;)
    if (any_of(S, i, DET) && !tis(S, i, "'s") && !tis(S, i, "'")) {
      det = i;
      break;
    }
  bool name = true;
  for (uint32_t i = a; i < b; i++)
    if (!(d->toks.v[i].flags & (DLT_CAP | DLT_PUNCT)) &&
        !tis(S, i, "al") && !tis(S, i, "bin"))
      name = false;
  if (det < b - 1 || name) {
    uint32_t s0 = det < b ? det : a;
    if (plural_head(S, b - 1) && !(name && det == b))
      r.definite = true, r.count = -1; /* "the guards": no count */
    else
      r.count = 1;
    r.ok = true;
    r.definite = true;
    r.ns = r.ws = s0;
    r.ne = r.we = b;
    return r;
  }
  return r;
}

/* The group ending before token 'p' (inclusive), walking back to a stop.
** Returns its first token; 'b' is p + 1. */
static uint32_t np_back(const st *S, uint32_t p) {
  uint32_t i = p + 1, n = 0;
  while (i > S->s0 && n < 14) {
    uint32_t t = i - 1;
    if (punct(S, t) || stop_word(S, t))
      break;
    if (is_cue(S, t) && t != p)
      break;
    if (any_of(S, t, BE) || any_of(S, t, HAVE))
      break;
    i = t;
    n++;
  }
  /* a bound before the number: "at least 12 people", "more than 100" */
  for (uint32_t k = 4; k >= 1; k--) {
    if (i < S->s0 + k)
      continue;
    dlnum x;
    if (dlnum_parse(S->d, i - k, p + 1, &x) && x.t1 > i && !x.fraction) {
      i -= k;
      break;
    }
  }
  return i;
}

/* The group starting at 'q' going forward; returns its end. */
static uint32_t np_fwd(const st *S, uint32_t q) {
  uint32_t i = q, n = 0;
  dlnum x;
  if (dlnum_parse(S->d, q, S->s1, &x))
    i = x.t1; /* the number's own words ("more than", "up to") */
  while (i < S->s1 && n < 10) {
    if (i > q && (punct(S, i) || stop_word(S, i) || is_cue(S, i)))
      break;
    i++;
    n++;
  }
  return i;
}

/* ------------------------------------------------------------- emit */

static void emit(st *S, const cue *c, const np *g, bool negated) {
  dl_doc *d = S->d;
  if (!g->ok || (g->count < 0 && !negated && !g->negated) ||
      (S->need_num && !g->num))
    return;
  cand *o = dlvec_push(&d->arena, &S->out);
  if (!o)
    return;
  o->c.kind = c->kind;
  o->c.negated = negated || g->negated;
  o->c.count = o->c.negated ? 0 : g->count;
  o->c.approximate = !o->c.negated && g->approximate;
  o->c.s = d->toks.v[g->ns].s;
  o->c.e = d->toks.v[g->ne - 1].e;
  if (g->we > g->ws) {
    o->c.who_s = d->toks.v[g->ws].s;
    o->c.who_e = d->toks.v[g->we - 1].e;
  } else if (S->out.n > 1 && o[-1].c.sent == S->sent &&
             o[-1].c.who_e > o[-1].c.who_s) {
    o->c.who_s = o[-1].c.who_s; /* ellipsis: "three attackers were shot
                                   dead and two were arrested" */
    o->c.who_e = o[-1].c.who_e;
  }
  o->c.sent = S->sent;
  o->c.event = -1;
  o->definite = g->definite && !o->c.negated;
  o->vague = g->vague;
  o->fresh = g->fresh;
  uint16_t f = d->toks.v[c->t0].flags;
  o->headline = (f & DLT_CAP) && !(f & DLT_SSTART);
}

/* Subject side: the group before the verb group ending at 'p'; then
** groups coordinated with it ("two soldiers and a civilian"): each
** conjunct is a casualty of its own, so that 'who' stays precise. */
static void subject(st *S, const cue *c, uint32_t p, bool neg) {
  if (p < S->s0 || p >= S->s1)
    return;
  /* skip a relative clause or apposition: "One protester, who ..., was" */
  if (tis(S, p, ",")) {
    uint32_t lim = p > S->s0 + 30 ? p - 30 : S->s0;
    uint32_t q = p;
    bool found = false;
    while (q-- > lim) {
      if (tis(S, q, ",")) {
        found = any_of(S, q + 1, REL);
        break;
      }
    }
    if (!found || q == S->s0)
      return;
    p = q - 1;
  }
  uint32_t a = np_back(S, p);
  np g = read_np(S, a, p + 1);
  uint32_t first = S->out.n;
  emit(S, c, &g, neg);
  /* conjuncts to the left: "X, Y and Z were killed" */
  bool seen_and = false;
  while (g.ok && !g.negated && a > S->s0 + 1 &&
         (tis(S, a - 1, "and") || (seen_and && tis(S, a - 1, ",")))) {
    seen_and = true;
    uint32_t e = a - 2;
    size_t n;
    const char *f = dltok_fold(S->d, e, &n);
    if (is_cue(S, e) || (n > 2 && !memcmp(f + n - 2, "ed", 2)) ||
        punct(S, e))
      break;
    a = np_back(S, e);
    g = read_np(S, a, e + 1);
    if (g.ok && g.definite && !neg) {
      /* "The leader and several associates were detained": a list with
         a known referent sums up what was reported; it restates too */
      for (uint32_t k = first; k < S->out.n; k++)
        S->out.v[k].definite = !S->out.v[k].fresh || S->out.v[k].vague;
      break;
    }
    if (!g.ok || g.count < 0)
      break;
    emit(S, c, &g, neg);
  }
}

/* Object side: the group after an active verb, and its conjuncts
** ("detained a leader and two associates"). */
static bool object(st *S, const cue *c, uint32_t q) {
  while (q < S->s1 && (tis(S, q, "also") || tis(S, q, "reportedly") ||
                       tis(S, q, "up") || tis(S, q, "off")))
    q++;
  if (q >= S->s1 || punct(S, q))
    return false;
  bool any = false;
  for (int k = 0; k < 8 && q < S->s1; k++) {
    dlnum x;
    if (stop_word(S, q) && !tis(S, q, "no") &&
        !(dlnum_parse(S->d, q, S->s1, &x) && !x.fraction))
      break; /* "at least 12" starts with a stop word */
    if (is_cue(S, q))
      break;
    uint32_t e = np_fwd(S, q);
    np g = read_np(S, q, e);
    if (!g.ok || g.ns != q) {
      /* only a group that starts here: "killed him", "the leader" */
      if (!(g.ok && g.definite && g.ns == q))
        break;
    }
    if (g.count < 0 && !g.negated)
      break;
    emit(S, c, &g, false);
    any = true;
    /* "and", ", and", ",", "along with", "together with", "as well as" */
    if (tis(S, e, ",") && tis(S, e + 1, "and"))
      q = e + 2;
    else if (tis(S, e, "and") || tis(S, e, ","))
      q = e + 1;
    else if ((tis(S, e, "along") || tis(S, e, "together")) &&
             tis(S, e + 1, "with"))
      q = e + 2;
    else if (tis(S, e, "as") && tis(S, e + 1, "well") && tis(S, e + 2, "as"))
      q = e + 3;
    else
      break;
  }
  return any;
}

/* What the tokens before the cue say: negation, passive, perfect. */
typedef struct vgroup {
  uint32_t p;   /* last token before the verb group */
  bool neg, passive, valid;
} vgroup;

static vgroup verb_group(const st *S, uint32_t t0) {
  vgroup v = {0, false, false, false};
  uint32_t i = t0;
  for (int k = 0; k < 8 && i > S->s0; k++) {
    uint32_t t = i - 1;
    if (any_of(S, t, NEG))
      v.neg = true;
    else if (any_of(S, t, BE))
      v.passive = true;
    else if (any_of(S, t, HAVE) || any_of(S, t, VG))
      ;
    else if (tis(S, t, "and") && t > S->s0 + 1 && any_of(S, t - 2, BE)) {
      size_t n; /* "were shot and killed" */
      const char *f = dltok_fold(S->d, t - 1, &n);
      if ((n > 2 && !memcmp(f + n - 2, "ed", 2)) || is_cue(S, t - 1) ||
          tis(S, t - 1, "shot") || tis(S, t - 1, "beaten"))
        i = t - 1;
      else
        break;
      continue;
    } else
      break;
    i = t;
  }
  v.valid = i > S->s0;
  v.p = i - 1;
  return v;
}

static bool ends_ing(const st *S, uint32_t t) {
  size_t n;
  const char *f = dltok_fold(S->d, t, &n);
  return n > 4 && !memcmp(f + n - 3, "ing", 3);
}

static void one_cue(st *S, const cue *c) {
  uint32_t t0 = c->t0;
  bool det_before = t0 > S->s0 && any_of(S, t0 - 1, DET);
  /* "that" before a finite verb is a relative pronoun, not a determiner:
  ** "an attack that wounded 20 people" */
  if (det_before && tis(S, t0 - 1, "that") && S->d->pos &&
      (S->d->pos[t0] == DLPOS_VBD || S->d->pos[t0] == DLPOS_VBZ ||
       S->d->pos[t0] == DLPOS_VBP || S->d->pos[t0] == DLPOS_MD))
    det_before = false;
  /* "the arrest of a leader", "the killing of 12", "the deaths of two" */
  if (tis(S, c->t1, "of") &&
      (det_before || c->syn == SY_NOUN || (c->syn == SY_TV && !c->part))) {
    uint32_t q = c->t1 + 1;
    uint32_t e = np_fwd(S, q);
    np g = read_np(S, q, e);
    if (g.ok && g.ns == q) {
      emit(S, c, &g, false);
    } else if (e > q && !plural_head(S, e - 1) &&
               (S->d->toks.v[q].flags & DLT_CAP)) {
      /* "the death of Haqqani leader Shabeer": one person */
      memset(&g, 0, sizeof g);
      g.ok = true;
      g.ns = g.ws = q;
      g.ne = g.we = e;
      g.count = 1;
      emit(S, c, &g, false);
    }
    return;
  }
  if (c->syn == SY_TOLL) {
    for (uint32_t i = c->t1; i < S->s1 && i < c->t1 + 8; i++) {
      dlnum n;
      if (punct(S, i) && !tis(S, i, ","))
        break;
      if (dlnum_parse(S->d, i, S->s1, &n) && !n.fraction) {
        np g;
        memset(&g, 0, sizeof g);
        g.ok = true;
        g.ns = i;
        g.ne = n.t1;
        g.count = n.value;
        g.approximate = n.approximate;
        emit(S, c, &g, false);
        return;
      }
    }
    return;
  }
  if (c->syn == SY_NOUN) { /* "47 deaths", "12 civilian deaths" */
    for (uint32_t k = 1; k <= 4 && t0 >= S->s0 + k; k++) {
      dlnum n;
      uint32_t i = t0 - k;
      size_t fl; /* "47 deaths", not "the Aug. 29 arrest" */
      const char *f = dltok_fold(S->d, t0, &fl);
      if (dlnum_parse(S->d, i, t0, &n) && !n.fraction &&
          (n.t1 == t0 || n.t1 + 1 == t0) &&
          (n.value == 1 || f[fl - 1] == 's')) {
        np g;
        memset(&g, 0, sizeof g);
        g.ok = true;
        g.ns = i;
        g.ne = n.t1;
        g.count = n.value;
        g.approximate = n.approximate;
        emit(S, c, &g, false);
        return;
      }
    }
    if (t0 > S->s0 && tis(S, t0 - 1, "no")) { /* "no deaths" */
      np g;
      memset(&g, 0, sizeof g);
      g.ok = g.negated = true;
      g.ns = t0 - 1;
      g.ne = t0;
      emit(S, c, &g, false);
    }
    return;
  }
  /* a purpose, not a report: "an operation to detain a leader" */
  if (t0 > S->s0 && tis(S, t0 - 1, "to") && c->syn != SY_ADJ)
    return;
  /* a participle used as a modifier: "the detained leader", "dead bodies" */
  if (det_before && !(c->syn == SY_TV && t0 > S->s0 + 1 &&
                      tis(S, t0 - 1, "'s")))
    return;
  if (c->syn == SY_ADJ && c->t1 < S->s1 && !punct(S, c->t1) &&
      !stop_word(S, c->t1))
    return;
  vgroup v = verb_group(S, t0);
  if (c->syn == SY_TV && !v.passive) {
    if (object(S, c, c->t1))
      return;
    if (ends_ing(S, t0))
      return; /* "killing" without a count */
  }
  if (!v.valid)
    return;
  /* an active verb without an object: a reduced passive ("7 killed in
     blast", "two suicide bombers killed in action") if the group before
     it has a number */
  S->need_num = c->syn == SY_TV && !v.passive;
  if (S->need_num && !c->part)
    return; /* "the Aug. 29 arrest": a noun, no participle */
  subject(S, c, v.p, v.neg);
  S->need_num = false;
}

/* --------------------------------------------------- restatements */

/* The last word of a 'who' span ("insurgents" of "two armed insurgents"). */
static void head_word(const dl_doc *d, const dlcasualty *a, uint32_t *s,
                      uint32_t *n) {
  uint32_t e = a->who_e, b = e;
  while (b > a->who_s && d->text[b - 1] != ' ')
    b--;
  *s = b;
  *n = e - b;
}

/* Could 'a' and 'b' count the same group? Same head word, or one of them
** names none ("killing two" after "killed two insurgents"). */
static bool same_who(const dl_doc *d, const dlcasualty *a,
                     const dlcasualty *b) {
  if (a->who_e == a->who_s || b->who_e == b->who_s)
    return true;
  uint32_t s1, n1, s2, n2;
  head_word(d, a, &s1, &n1);
  head_word(d, b, &s2, &n2);
  return n1 == n2 && strncasecmp(d->text + s1, d->text + s2, n1) == 0;
}

/* Restatements are looked for among this many neighbours: linear time on
** huge inputs, and a news story restates within a few paragraphs. */
#define WINDOW 64

static void filter(dl_doc *d, cand *v, uint32_t n) {
  bool *drop = dlarena_alloc(&d->arena, n ? n : 1);
  if (!drop)
    return;
  memset(drop, 0, n ? n : 1);
  /* a body mention of the same kind makes a headline's count a restatement */
  for (uint32_t i = 0; i < n; i++) {
    if (!v[i].headline)
      continue;
    for (uint32_t j = i + 1; j < n && j <= i + WINDOW; j++)
      if (!v[j].headline && v[j].c.kind == v[i].c.kind) {
        drop[i] = true;
        break;
      }
  }
  /* a vague count ("numerous insurgents were killed") that a later
     sentence gives exactly ("killing two insurgents") */
  for (uint32_t i = 0; i < n; i++) {
    if (!v[i].vague || v[i].c.negated)
      continue;
    for (uint32_t j = i + 1; j < n && j <= i + WINDOW; j++)
      if (v[j].c.kind == v[i].c.kind && v[j].c.sent != v[i].c.sent &&
          !v[j].vague && !v[j].c.negated && !v[j].headline &&
          same_who(d, &v[j].c, &v[i].c)) {
        drop[i] = true;
        break;
      }
  }
  /* "the insurgent leader" after a count of its kind; a repeated count */
  for (uint32_t i = 0; i < n; i++) {
    if (drop[i] || v[i].c.negated)
      continue;
    for (uint32_t j = i > WINDOW ? i - WINDOW : 0; j < i; j++) {
      if (drop[j] || v[j].c.negated || v[j].c.kind != v[i].c.kind)
        continue;
      /* "several additional ..." after "numerous others": vague again */
      if (v[i].vague && v[j].vague && v[j].c.sent != v[i].c.sent) {
        drop[i] = true;
        break;
      }
      if (v[i].fresh && !v[i].definite)
        continue;
      if (v[i].definite ||
          (v[j].c.sent != v[i].c.sent && v[j].c.count == v[i].c.count &&
           same_who(d, &v[j].c, &v[i].c)) ||
          (v[j].c.sent != v[i].c.sent && v[i].vague &&
           same_who(d, &v[j].c, &v[i].c)) ||
          (v[j].c.s == v[i].c.s && v[j].c.e == v[i].c.e)) {
        drop[i] = true;
        break;
      }
    }
  }
  for (uint32_t i = 0; i < n; i++) {
    if (drop[i])
      continue;
    dlcasualty *c = dlvec_push(&d->arena, &d->cas);
    if (!c)
      return;
    *c = v[i].c;
  }
}

/* ------------------------------------------------------------ stage */

void dlcasualty_extract(dl_doc *d) {
  st S;
  memset(&S, 0, sizeof S);
  S.d = d;
  for (uint32_t s = 0; s < d->sents.n; s++) {
    S.s0 = d->sents.v[s].t0;
    S.s1 = d->sents.v[s].t1;
    S.sent = s;
    for (uint32_t t = S.s0; t < S.s1;) {
      cue c;
      if (cue_at(&S, t, &c)) {
        one_cue(&S, &c);
        t = c.t1;
      } else {
        t++;
      }
      if (d->arena.oom)
        return;
    }
  }
  filter(d, S.out.v, S.out.n);
  dlcasualty_link(d);
}

static int root_rank(const dlevent *e) {
  static const char *const pref[] = {"18", "19", "20", "14", "15", "17"};
  for (size_t i = 0; i < DL_COUNTOF(pref); i++)
    if (e->cameo[0] == pref[i][0] && e->cameo[1] == pref[i][1])
      return 0;
  return 1;
}

void dlcasualty_link(dl_doc *d) {
  if (!d->cas.n)
    return;
  uint32_t ns = d->sents.n, ne = d->events.n;
  int32_t *head = NULL, *next = NULL;
  if (ne) {
    head = dlarena_alloc(&d->arena, sizeof *head * (ns ? ns : 1));
    next = dlarena_alloc(&d->arena, sizeof *next * ne);
    if (!head || !next)
      return;
    for (uint32_t s = 0; s < ns; s++)
      head[s] = -1;
    for (uint32_t i = ne; i-- > 0;) { /* per sentence, in order */
      uint32_t s = d->events.v[i].sent;
      next[i] = -1;
      if (s < ns) {
        next[i] = head[s];
        head[s] = (int32_t)i;
      }
    }
  }
  for (uint32_t i = 0; i < d->cas.n; i++) {
    dlcasualty *c = &d->cas.v[i];
    c->event = -1;
    if (!ne || c->sent >= ns)
      continue;
    int best = -1;
    int64_t bscore = INT64_MAX;
    for (int32_t k = head[c->sent]; k >= 0; k = next[k]) {
      const dlevent *e = &d->events.v[k];
      int64_t dist = (int64_t)e->s - (int64_t)c->s;
      if (dist < 0)
        dist = -dist;
      int64_t score = (int64_t)root_rank(e) * 1000000000 + dist;
      if (score < bscore) {
        bscore = score;
        best = k;
      }
    }
    c->event = best;
  }
  /* the sums, from scratch for every linked event */
  for (uint32_t i = 0; i < d->cas.n; i++) {
    const dlcasualty *c = &d->cas.v[i];
    if (c->event < 0)
      continue;
    dlevent *e = &d->events.v[c->event];
    e->killed = e->injured = e->arrested = -1;
  }
  for (uint32_t i = 0; i < d->cas.n; i++) {
    const dlcasualty *c = &d->cas.v[i];
    if (c->event < 0)
      continue;
    dlevent *e = &d->events.v[c->event];
    int64_t *sum = c->kind == DLC_KILLED     ? &e->killed
                   : c->kind == DLC_INJURED  ? &e->injured
                   : c->kind == DLC_ARRESTED ? &e->arrested
                                             : NULL;
    if (!sum)
      continue;
    if (*sum < 0)
      *sum = 0;
    if (!c->negated && c->count > 0)
      *sum = *sum + c->count > DLNUM_MAX ? DLNUM_MAX : *sum + c->count;
  }
}
