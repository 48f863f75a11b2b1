/*
** entity.c: the entity stage, after times and before places (DESIGN.md).
** Pass 1 cuts each sentence into runs of capitalised tokens (with name
** particles and "of"/"for" inside organisation names), splits the runs at
** titles and lexicon entries and types each segment; titles are tied to the
** names they introduce. Pass 2 groups the candidates into entities by
** hashed folded keys (full names, surnames, titles): no all-pairs loops.
*/
#include "extract/entity.h"
#include "extract/ner.h"
#include "lexicon/lexicon.h"
#include "parse/parse.h"

#if defined(__has_include)
#if __has_include("extract/place.h")
#include "extract/place.h"
#define DL_HAVE_PLACE 1
#endif
#endif

/* ------------------------------------------------------------- tokens */

static bool isword(const dl_doc *d, uint32_t i) {
  return (d->toks.v[i].flags & DLT_WORD) != 0;
}

static bool is_poss(const dl_doc *d, uint32_t i) {
  return dltok_is(d, i, "'s") || dltok_is(d, i, "'");
}

/* A capitalised word that can be part of a name. */
static bool iscap(const dl_doc *d, uint32_t i) {
  uint16_t f = d->toks.v[i].flags;
  return (f & DLT_WORD) && (f & DLT_CAP) && !is_poss(d, i);
}

static bool tok_in(const dl_doc *d, uint32_t i, const char *const *list) {
  for (; *list; list++)
    if (dltok_is(d, i, *list))
      return true;
  return false;
}

/* Lower-case name particles: "bin", "van", "de" ("Osama bin Laden"). */
static const char *const particles[] = {
    "al", "el", "bin", "ibn", "bint", "ben", "van", "von", "de", "da",
    "del", "della", "di", "du", "la", "le", "der", "den", "dos", "das",
    "abu", "ter", "y", "st.", NULL};

/* Modifiers kept in a title: "former intelligence chief". */
static const char *const title_mods[] = {
    "former", "acting", "deputy", "interim", "then", "outgoing",
    "incoming", "ex", "late", NULL};

static const char *const dets[] = {"the", "a", "an", NULL};

/* Folded bytes of tokens [t0, t1) (folds are stored back to back). */
static const char *fkey(const dl_doc *d, uint32_t t0, uint32_t t1,
                        uint32_t *n) {
  const dltok *a = &d->toks.v[t0], *b = &d->toks.v[t1 - 1];
  *n = b->fo + b->fl - a->fo;
  return d->fold + a->fo;
}

/* ------------------------------------------------------------ lexicon */

static bool lex(const dl_doc *d, uint32_t i, uint32_t mask, dllex_match *m) {
  if (!d->eng->lex || i >= d->toks.n)
    return false;
  return dllex_longest(d, i, mask, m);
}

/* Did the tagger call token 'i' a proper noun? (true without a tagger) */
static bool nnp(const dl_doc *d, uint32_t i) {
  if (!d->pos)
    return true;
  return d->pos[i] == DLPOS_NNP || d->pos[i] == DLPOS_NNPS;
}

/* Largest population of the gazetteer places named [t0, t1). */
static uint32_t max_pop(const dl_doc *d, const dllex_match *m) {
  uint32_t best = 0;
  for (uint32_t k = 0; k < m->n && k < 256; k++)
    if (m->senses[k].dict == DLX_PLACE && m->senses[k].num >= 0) {
      const dlgaz_place *p = dlgaz_place_at(d->eng, (uint32_t)m->senses[k].num);
      if (p && p->population > best)
        best = p->population;
    }
  return best;
}

static const char *const place_preps[] = {
    "in", "at", "near", "from", "to", "into", "outside", "inside", "across",
    "around", "toward", "towards", "via", "through", "throughout", "visit",
    "visiting", "visited", "of", NULL};

bool dlentity_is_toponym(const dl_doc *d, uint32_t t0, uint32_t t1) {
#ifdef DL_HAVE_PLACE
  return dlplace_is_toponym(d, t0, t1);
#else
  dllex_match m;
  return lex(d, t0,
             DLX_BIT(DLX_PLACE) | DLX_BIT(DLX_COUNTRY) | DLX_BIT(DLX_ADMIN1) |
                 DLX_BIT(DLX_FEATURE),
             &m) &&
         m.t1 == t1;
#endif
}

/* --------------------------------------------------------------- hash */

enum { K_NAME = 1, K_SUR, K_TITLE, K_CAP, K_COUNTRY };

typedef struct hent {
  const char *k;
  uint32_t n, h;
  uint8_t kind;
  int32_t v;
} hent;

typedef struct htab {
  hent *e;
  uint32_t mask;
} htab;

static uint32_t hkey(uint8_t kind, const char *s, uint32_t n) {
  uint32_t h = 2166136261u ^ kind;
  for (uint32_t i = 0; i < n; i++)
    h = (h ^ (unsigned char)s[i]) * 16777619u;
  return h;
}

static hent *hslot(htab *t, uint8_t kind, const char *s, uint32_t n) {
  uint32_t h = hkey(kind, s, n);
  for (uint32_t i = h & t->mask;; i = (i + 1) & t->mask) {
    hent *e = &t->e[i];
    if (!e->k) {
      e->h = h;
      return e;
    }
    if (e->h == h && e->kind == kind && e->n == n && memcmp(e->k, s, n) == 0)
      return e;
  }
}

static int32_t hget(htab *t, uint8_t kind, const char *s, uint32_t n) {
  if (!n)
    return -1;
  hent *e = hslot(t, kind, s, n);
  return e->k ? e->v : -1;
}

/* Insert or (when 'over') overwrite. The table is sized so it never fills. */
static void hput(htab *t, uint8_t kind, const char *s, uint32_t n, int32_t v,
                 bool over) {
  if (!n)
    return;
  hent *e = hslot(t, kind, s, n);
  if (e->k && !over)
    return;
  e->k = s;
  e->n = n;
  e->kind = kind;
  e->v = v;
}

/* --------------------------------------------------------- candidates */

enum { CK_NAME, CK_TITLE, CK_DATELINE };

typedef struct cand {
  uint32_t t0, t1;
  uint8_t type;   /* dlent_type */
  uint8_t kind;   /* CK_* */
  bool weak;      /* a lone unsupported word: typed by coreference */
  bool guess;     /* typed by shape alone (acronym ORG, title-case PERSON) */
  bool titled;    /* ti0..ti1 is its title */
  uint32_t ti0, ti1;
  int32_t country; /* country index when the name is a country, -1 */
  int32_t ent;
} cand;

typedef struct ctx {
  dl_doc *d;
  DLVEC(cand) c;
  htab h;
  /* the last title of the sentence not yet tied to a name */
  bool tpend;
  uint32_t tt0, tt1; /* its tokens (modifiers included) */
  uint32_t tcore;    /* first token of the title proper (after modifiers) */
  int32_t tcand;     /* candidate of a title-only mention, or -1 */
  bool affil;        /* the segment after "TITLE of" is its affiliation */
  uint32_t affil_at; /* ... starting at this token */
  bool strict;       /* headline or shouting: names need lexicon support */
  uint8_t *tc;       /* per token: tinfo() bits */
  int32_t *tend;     /* per token: title_at() + 0 unknown / -1 none */
} ctx;

/* Per-token facts from one look-up of the token's folded form, cached:
** TC_DONE, TC_COMMON, TC_GIVEN, TC_TITLE (a one-word title), TC_WORD (an
** ordinary word: common or with a tone), TC_CUE* (org-cue kind). */
enum {
  TC_DONE = 1, TC_COMMON = 2, TC_GIVEN = 4, TC_TITLE = 8, TC_WORD = 16,
  TC_CUEORG = 32, TC_CUELOC = 64, TC_CUEGPE = 128
};

static uint8_t tinfo(const ctx *x, uint32_t i) {
  uint8_t b = x->tc[i];
  if (b & TC_DONE)
    return b;
  const dl_doc *d = x->d;
  b = TC_DONE;
  size_t n;
  const char *f = dltok_fold(d, i, &n);
  if (d->eng->lex && n) {
    const dllex_sense *sv;
    uint32_t k = dllex_lookup(d->eng, f, n, &sv);
    for (uint32_t j = 0; j < k && j < 64; j++) {
      switch (sv[j].dict) {
      case DLX_COMMON: b |= TC_COMMON | TC_WORD; break;
      case DLX_GIVEN: b |= TC_GIVEN; break;
      case DLX_TITLE: b |= TC_TITLE; break;
      case DLX_ORGCUE:
        if (!(b & (TC_CUEORG | TC_CUELOC | TC_CUEGPE))) {
          size_t rl;
          const char *r = dllex_field(d->eng, &sv[j], 0, &rl);
          if (r && rl == 3 && memcmp(r, "LOC", 3) == 0)
            b |= TC_CUELOC;
          else if (r && rl == 3 && memcmp(r, "GPE", 3) == 0)
            b |= TC_CUEGPE;
          else
            b |= TC_CUEORG;
        }
        break;
      default: break;
      }
    }
  }
  int32_t v;
  if (d->eng->tone.slot && n && dlwordtab_get(&d->eng->tone, f, n, &v))
    b |= TC_WORD;
  ((ctx *)x)->tc[i] = b; /* a cache: logically const */
  return b;
}

static bool tok_dict(const ctx *x, uint32_t i, unsigned dict) {
  uint8_t b = tinfo(x, i);
  return dict == DLX_COMMON ? (b & TC_COMMON) != 0
       : dict == DLX_GIVEN  ? (b & TC_GIVEN) != 0
       : dict == DLX_TITLE  ? (b & TC_TITLE) != 0 : false;
}

/* Is token 'i' an ordinary English word (common, or a word with a tone:
** "Free", "Smart")? Names rarely are. */
static bool wordlike(const ctx *x, uint32_t i) {
  return (tinfo(x, i) & TC_WORD) != 0;
}

/* Org-cue kind of token 'i': DLE_ORG, DLE_LOC, DLE_GPE or -1. Location
** cues carry role "LOC" or "GPE" in orgcues.tsv. */
static int cue_kind(const ctx *x, uint32_t i) {
  uint8_t b = tinfo(x, i);
  return (b & TC_CUEORG) ? DLE_ORG : (b & TC_CUELOC) ? DLE_LOC
       : (b & TC_CUEGPE) ? DLE_GPE : -1;
}

/* End of the longest title starting at 'i' (cached), or 0. */
static uint32_t title_at(const ctx *x, uint32_t i) {
  int32_t t = x->tend[i];
  if (t == 0) {
    dllex_match m;
    t = lex(x->d, i, DLX_BIT(DLX_TITLE), &m) ? (int32_t)m.t1 : -1;
    ((ctx *)x)->tend[i] = t;
  }
  return t > 0 ? (uint32_t)t : 0;
}

static cand *add(ctx *x, uint32_t t0, uint32_t t1, uint8_t type) {
  cand *c = dlvec_push(&x->d->arena, &x->c);
  if (!c)
    return NULL;
  c->t0 = t0;
  c->t1 = t1;
  c->type = type;
  c->kind = CK_NAME;
  c->country = -1;
  c->ent = -1;
  return c;
}

/* Tie the pending title to candidate 'c' (a person). */
static void tie_title(ctx *x, cand *c) {
  if (!x->tpend)
    return;
  c->titled = true;
  c->ti0 = x->tt0;
  c->ti1 = x->tt1;
  c->type = DLE_PERSON;
  c->weak = false;
  c->guess = false; /* the title says PERSON */
  if (x->tcand >= 0) /* it was queued as a title-only mention: not one */
    x->c.v[x->tcand].kind = 255;
  x->tpend = false;
  x->affil = false;
}

/* Does the pending title introduce a name starting at 's'? "President
** Barham Salih", "Prime Minister of Iraq Mustafa Al-Kadhimi" (affiliation
** split off before), "A spokesperson for the State Department, Ned Price". */
static bool title_reaches(ctx *x, uint32_t s) {
  const dl_doc *d = x->d;
  if (!x->tpend || s < x->tt1)
    return false;
  if (s == x->tt1)
    return true;
  if (s > 0 && dltok_is(d, s - 1, ",") && s - x->tt1 <= 14) {
    for (uint32_t k = x->tt1; k + 1 < s; k++) /* one comma, no quotes */
      if (dltok_is(d, k, ",") || (d->toks.v[k].flags & DLT_QUOTE))
        return false;
    return dltok_is(d, x->tt1, "of") || dltok_is(d, x->tt1, "for") ||
           dltok_is(d, x->tt1, "at") || s == x->tt1 + 1;
  }
  return false;
}

/* Does token i end in a plural "s" ("Rockets", not "Glass")? */
static bool is_plural(const dl_doc *d, uint32_t i) {
  const dltok *t = &d->toks.v[i];
  return t->e - t->s >= 3 && d->text[t->e - 1] == 's' &&
         d->text[t->e - 2] != 's';
}

/* A name segment [s, e) of a run, typed. 'first' = at the start of a
** sentence (or in a headline), where capitalisation is no evidence. */
static void segment(ctx *x, uint32_t s, uint32_t e, bool first) {
  const dl_doc *d = x->d;
  dllex_match m;
  const uint32_t ENTS = DLX_BIT(DLX_ORG) | DLX_BIT(DLX_COUNTRY) |
                        DLX_BIT(DLX_DEMONYM) | DLX_BIT(DLX_PLACE) |
                        DLX_BIT(DLX_ADMIN1) | DLX_BIT(DLX_FEATURE);
  while (s < e) {
    if (!isword(d, s) && !(d->toks.v[s].flags & DLT_NUM)) {
      s++; /* the hyphen of "West - Coast" once "West" is gone */
      continue;
    }
    /* leading common words ("The", "Officials", "Earlier"): not names */
    if (!lex(d, s, ENTS, &m) || m.t1 > e) {
      m.t1 = 0;
      if (tok_dict(x, s, DLX_COMMON)) {
        s++; /* "The End": still title case, 'first' stays */
        continue;
      }
    }
    bool affil = x->affil && s == x->affil_at;
    if (m.t1 && m.t1 <= e) {
      const dllex_sense *org = dllex_sense_in(&m, DLX_ORG);
      const dllex_sense *cty = dllex_sense_in(&m, DLX_COUNTRY);
      const dllex_sense *dem = dllex_sense_in(&m, DLX_DEMONYM);
      const dllex_sense *adm = dllex_sense_in(&m, DLX_ADMIN1);
      const dllex_sense *fea = dllex_sense_in(&m, DLX_FEATURE);
      const dllex_sense *pla = dllex_sense_in(&m, DLX_PLACE);
      bool one = m.t1 == m.t0 + 1;
      /* "Is", "Who", "Apple" alone: lexicon acronyms and names that are
      ** also common words count only in capitals */
      if (one && !(d->toks.v[s].flags & DLT_UPPER) &&
          tok_dict(x, s, DLX_COMMON)) {
        org = cty = dem = adm = fea = pla = NULL;
        if (first || e - s == 1) {
          s++;
          first = false;
          continue;
        }
      }
      /* two-letter country codes only as capitals ("US", not "us", "IT") */
      if (cty && one && d->toks.v[s].e - d->toks.v[s].s <= 3 &&
          !(d->toks.v[s].flags & DLT_UPPER) && !(d->toks.v[s].flags & DLT_ABBR))
        cty = NULL;
      if (cty && one && (d->toks.v[s].flags & DLT_UPPER) &&
          d->toks.v[s].e - d->toks.v[s].s <= 2 && !tok_in(d, s, (const char *const[]){"us", "uk", NULL}))
        cty = NULL;
      bool topo = cty || adm || fea ||
                  (pla && dlentity_is_toponym(d, m.t0, m.t1));
      if (topo && pla && one && !cty && !adm && !fea) {
        /* a one-word town: a big one, or after "in", "near" ... and not
        ** a given name ("Phillip", "Ben") */
        bool prep = s > 0 && tok_in(d, s - 1, place_preps);
        uint32_t pop = max_pop(d, &m);
        if (tok_dict(x, s, DLX_GIVEN) ? !(prep && pop >= 100000)
                                      : !(prep || pop >= 100000))
          topo = false;
        /* "Run away .", "Boy trouble": the tagger reads a word, not a
        ** proper noun, at the start of the sentence */
        if (first && !prep && !nnp(d, s) &&
            !(d->toks.v[s].flags & DLT_UPPER) &&
            (pop < 100000 || dlner_known_word(d, s)))
          topo = false;
      }
      /* "President Bush", "the Bush administration": a person */
      if (topo && one && !cty && !adm && !fea &&
          (title_reaches(x, s) ||
           (m.t1 < d->toks.n && dltok_is(d, m.t1, "administration"))))
        topo = false;
      if (first && one && !cty && !org && !dem && tok_dict(x, s, DLX_GIVEN))
        topo = topo && !(s + 1 < e); /* "Victoria Beckham" */
      bool restcue = false;
      int restloc = -1;
      for (uint32_t k = m.t1; k < e; k++) {
        int ck = cue_kind(x, k);
        if (ck == DLE_ORG)
          restcue = true;
        else if (ck >= 0)
          restloc = ck;
      }
      if (!restcue && restloc >= 0 && !org && !dem) {
        add(x, s, e, (uint8_t)restloc); /* "Tampa Bay", "Gaza Strip" */
        return;
      }
      uint8_t type = 255;
      if (org) {
        size_t rl;
        const char *r = dllex_field(d->eng, org, 1, &rl);
        type = r && rl == 4 && memcmp(r, "NORP", 4) == 0 ? DLE_NORP : DLE_ORG;
      } else if (cty || adm || (pla && topo))
        type = DLE_GPE;
      else if (fea)
        type = DLE_LOC;
      else if (dem)
        type = DLE_NORP;
      if (type != 255 && restcue && type != DLE_NORP) {
        add(x, s, e, DLE_ORG); /* "United States Department of State" */
        return;
      }
      if (type == DLE_NORP && restcue) {
        add(x, s, e, DLE_ORG); /* "Iraqi Army" */
        return;
      }
      if (type != 255) {
        bool whole = m.t1 == e;
        bool split = whole || type == DLE_NORP || affil ||
                     tok_dict(x, m.t1, DLX_GIVEN) ||
                     (first && m.t1 < e); /* "Iraq Mustafa", "Iraqi Ali" */
        if (!split && type == DLE_ORG)
          split = true;
        if (split) {
          cand *c = add(x, s, m.t1, type);
          if (c && cty)
            c->country = cty->num;
          if (affil && m.t1 < e) {
            /* the name after "Prime Minister of Iraq" */
            x->affil = false;
            x->affil_at = 0;
            cand *p = add(x, m.t1, e, DLE_PERSON);
            if (p)
              tie_title(x, p);
            return;
          }
          if (affil)
            x->affil = false;
          s = m.t1;
          first = false;
          continue;
        }
        if (e == m.t1 + 1 && type != DLE_ORG && dlner_known_word(d, m.t1) &&
            !is_plural(d, m.t1)) {
          /* "Iran Cartoon", "Noida Location": a place and a word */
          cand *c = add(x, s, m.t1, type);
          if (c && cty)
            c->country = cty->num;
          return;
        }
        add(x, s, e, DLE_ORG); /* "Houston Rockets" */
        return;
      }
    }
    /* a name the lexicons do not know */
    int kind = -1;
    for (uint32_t k = s; k < e; k++) {
      int ck = cue_kind(x, k);
      if (ck >= 0 && (kind < 0 || ck == DLE_ORG))
        kind = ck;
    }
    bool given = tok_dict(x, s, DLX_GIVEN);
    bool titled = title_reaches(x, s);
    if (kind >= 0 && !(titled && e - s == 1)) {
      if (first && e - s == 1)
        return; /* "Police said" */
      add(x, s, e, (uint8_t)kind);
      return;
    }
    if (e - s == 1) {
      const dltok *t = &d->toks.v[s];
      if (tok_dict(x, s, DLX_COMMON) || tok_dict(x, s, DLX_TITLE))
        return;
      bool acro = (t->flags & DLT_UPPER) && t->e - t->s >= 2 &&
                  t->e - t->s <= 6 && !x->strict && !wordlike(x, s) &&
                  !(s > 0 && (d->toks.v[s - 1].flags & DLT_UPPER)) &&
                  !(s + 1 < d->toks.n && (d->toks.v[s + 1].flags & DLT_UPPER));
      for (uint32_t b = t->s; acro && b < t->e; b++) {
        char ch = d->text[b];
        if (!((ch >= 'A' && ch <= 'Z') || ch == '.' || ch == '&'))
          acro = false;
      }
      bool poss = s + 1 < d->toks.n && is_poss(d, s + 1);
      if (first || x->strict) {
        uint32_t n;
        const char *k = fkey(d, s, e, &n);
        bool seen = hget(&x->h, K_CAP, k, n) >= 0;
        if (!given && !titled && !seen && !poss && !acro) {
          cand *w = add(x, s, e, DLE_PERSON); /* only as a known surname */
          if (w)
            w->weak = true;
          return;
        }
      }
      cand *c = add(x, s, e, acro && !given && !titled ? DLE_ORG : DLE_PERSON);
      if (c)
        c->guess = acro && !given && !titled;
      if (c) {
        c->weak = !given && !titled && !acro;
        if (titled)
          tie_title(x, c);
      }
      return;
    }
    if (x->strict && !given && !titled)
      return;
    if (!given && !titled) {
      /* "Hidden Nook", "Smart Phone", "Stop Making Sense": title-case
      ** phrases; a name is two or three words that are not words */
      if (e - s > 3)
        return;
      for (uint32_t k = s; k < e; k++)
        if (wordlike(x, k) || (d->toks.v[k].flags & DLT_UPPER) ||
            (!nnp(d, k) && !tok_in(d, k, particles)) ||
            dlner_known_word(d, k))
          return; /* "Turbine Contract", "Gas Desk" */
    }
    cand *c = add(x, s, e, DLE_PERSON);
    if (c)
      c->guess = !given && !titled; /* "Hidden Nook", "Adobe Acrobat" */
    if (c && titled)
      tie_title(x, c);
    return;
  }
}

/* A title [t0, t1) (lexicon match at 't0', modifiers before it included by
** the caller): tie it back to "NAME, a spokesperson" or keep it pending. */
static void title_found(ctx *x, uint32_t mod0, uint32_t t0, uint32_t t1,
                        uint32_t a) {
  const dl_doc *d = x->d;
  x->tpend = true;
  x->tt0 = mod0;
  x->tt1 = t1;
  x->tcore = t0;
  x->tcand = -1;
  x->affil = false;
  /* "Ned Price, a spokesperson for ..." */
  uint32_t k = mod0;
  if (k > a && tok_in(d, k - 1, dets))
    k--;
  if (k > a + 1 && dltok_is(d, k - 1, ",") && x->c.n) {
    cand *c = &x->c.v[x->c.n - 1];
    if (c->kind == CK_NAME && c->t1 == k - 1 && !c->titled &&
        (c->type == DLE_PERSON) && c->t0 >= a) {
      tie_title(x, c);
      return;
    }
  }
  /* "the Prime Minister": a title-only mention unless a name follows */
  if (mod0 > a && dltok_is(d, mod0 - 1, "the")) {
    cand *c = add(x, mod0, t1, DLE_PERSON);
    if (c) {
      c->kind = CK_TITLE;
      c->ti0 = t0;
      c->ti1 = t1;
      x->tcand = (int32_t)(x->c.n - 1);
    }
  }
  /* "Prime Minister of Iraq Mustafa ...": the next segment is the
  ** affiliation ("of", "for", "at" + optional "the") */
  if (t1 < d->toks.n && (dltok_is(d, t1, "of") || dltok_is(d, t1, "for"))) {
    uint32_t j = t1 + 1;
    if (j < d->toks.n && dltok_is(d, j, "the"))
      j++;
    x->affil = true;
    x->affil_at = j;
  }
}

/* A place name written in lower case ("in punjab", "malaysia"): a country
** or region, or a city of 100,000 after a place preposition, whose words
** are not ordinary words. Returns the next token to look at. */
static uint32_t lower_place(ctx *x, uint32_t i, uint32_t b) {
  const dl_doc *d = x->d;
  dllex_match m;
  if (x->strict || !lex(d, i, DLX_BIT(DLX_COUNTRY) | DLX_BIT(DLX_ADMIN1) |
                             DLX_BIT(DLX_PLACE), &m) || m.t1 > b)
    return i + 1;
  /* every word no ordinary one; in "san francisco", "new york" only the
  ** last must be no word at all */
  for (uint32_t k = i; k < m.t1; k++) {
    bool last = k + 1 == m.t1;
    if (!isword(d, k) || (d->toks.v[k].flags & DLT_CAP) ||
        (last && (wordlike(x, k) || dlner_known_word(d, k))) ||
        tok_in(d, k, dets) ||
        tok_dict(x, k, DLX_GIVEN) ||
        (last && d->toks.v[k].e - d->toks.v[k].s < 4))
      return i + 1; /* "island", "turn": words the name model knows */
  }
  const dllex_sense *cty = dllex_sense_in(&m, DLX_COUNTRY);
  const dllex_sense *adm = dllex_sense_in(&m, DLX_ADMIN1);
  bool prep = i > 0 && tok_in(d, i - 1, place_preps);
  /* a region right after a place: "miramar florida" */
  bool state = adm && m.t1 == i + 1 && x->c.n &&
               x->c.v[x->c.n - 1].t1 == i &&
               x->c.v[x->c.n - 1].type == DLE_GPE;
  if (!cty && !state && !(prep && (adm || max_pop(d, &m) >= 100000)))
    return i + 1; /* "male", "chihuahua", "turn" */
  cand *c = add(x, i, m.t1, DLE_GPE);
  if (c && cty)
    c->country = cty->num;
  return m.t1;
}

/* A capital letter with its period split off: "M" "." (no space). */
static bool initial_dot(const dl_doc *d, uint32_t j) {
  if (j == 0 || !dltok_is(d, j, "."))
    return false;
  const dltok *p = &d->toks.v[j - 1], *t = &d->toks.v[j];
  return t->s == p->e && p->e - p->s == 1 && (p->flags & DLT_UPPER);
}

/* A company form: "Inc", "Inc.", "Corp", "Ltd", "LLC", "Co." */
static bool corp_form(const dl_doc *d, uint32_t i) {
  static const char *const forms[] = {"inc", "inc.", "corp", "corp.", "ltd",
                                      "ltd.", "llc", "plc", "co.", NULL};
  return (d->toks.v[i].flags & DLT_CAP) && tok_in(d, i, forms);
}

/* Extend a run of capitalised tokens from 'i' within [i, b). */
static uint32_t run_end(const ctx *x, uint32_t i, uint32_t b) {
  const dl_doc *d = x->d;
  uint32_t j = i + 1;
  bool cue = cue_kind(x, i) >= 0, of = false;
  while (j < b) {
    if (iscap(d, j)) {
      if (!cue && cue_kind(x, j) >= 0)
        cue = true;
      j++;
      continue;
    }
    if (j + 1 < b && iscap(d, j + 1) && tok_in(d, j, particles) &&
        !(d->toks.v[j].flags & DLT_CAP)) {
      j += 2;
      continue;
    }
    if (cue && j + 1 < b && (dltok_is(d, j, "of") || dltok_is(d, j, "for"))) {
      uint32_t k = j + 1;
      if (dltok_is(d, k, "the") && k + 1 < b)
        k++;
      if (iscap(d, k)) {
        j = k + 1;
        of = true;
        continue;
      }
    }
    /* a middle initial written "M ." by the tokens: "Jennifer M. Anderson" */
    if (j + 1 < b && initial_dot(d, j) && iscap(d, j + 1)) {
      j++;
      continue;
    }
    /* "Coca - Cola": one capitalised word, a spaced hyphen, a capitalised
    ** word that is no ordinary one */
    if (j == i + 1 && j + 1 < b && dltok_is(d, j, "-") &&
        d->toks.v[j].s > d->toks.v[j - 1].e && iscap(d, j + 1) &&
        !(d->toks.v[j + 1].flags & DLT_UPPER) &&
        !wordlike(x, j + 1) && !dlner_known_word(d, j + 1)) {
      j += 2;
      continue;
    }
    /* "al - Sadr": a particle, a spaced hyphen, a capitalised word */
    if (j + 2 < b && tok_in(d, j, particles) && dltok_is(d, j + 1, "-") &&
        iscap(d, j + 2)) {
      j += 3;
      continue;
    }
    dllex_match m;
    if (j + 1 < b && iscap(d, j + 1) &&
        (dltok_is(d, j, "&") ||
         (cue && of && dltok_is(d, j, "and") &&
          !(d->toks.v[j + 1].flags & DLT_UPPER) && /* "... and NATO" */
          !lex(d, j + 1, DLX_BIT(DLX_ORG) | DLX_BIT(DLX_COUNTRY), &m)))) {
      j += 2;
      continue;
    }
    break;
  }
  /* a company form after the name: "Acme , Inc.", "Acme Corp." */
  uint32_t k = j;
  if (k + 1 < b && dltok_is(d, k, ",") && corp_form(d, k + 1))
    k++;
  if (k < b && corp_form(d, k) && k > i) {
    j = k + 1;
    if (j < b && dltok_is(d, j, ".") && d->toks.v[j].s == d->toks.v[j - 1].e)
      j++; /* "Inc" "." split by the tokens */
  } else if (j < b && j > i && dltok_is(d, j, ".") &&
             d->toks.v[j].s == d->toks.v[j - 1].e && corp_form(d, j - 1) &&
             j + 1 < b)
    j++; /* "Enron Corp." inside a sentence */
  return j;
}

/* A run [i, e) that a toponym of the lexicon continues in lower case
** ("Helmand province", "Idlib province", "Gaza strip") takes the toponym's
** end: otherwise the longest match overruns the run and the name is lost.
** Only places, regions and features, and only lower-case words after the
** run. Returns the run's end. */
static uint32_t topo_tail(const ctx *x, uint32_t i, uint32_t e, uint32_t b) {
  const dl_doc *d = x->d;
  dllex_match m;
  if (!lex(d, i, DLX_BIT(DLX_ADMIN1) | DLX_BIT(DLX_FEATURE) |
                     DLX_BIT(DLX_PLACE), &m) ||
      m.t1 <= e || m.t1 > b || dllex_sense_in(&m, DLX_ORG))
    return e;
  for (uint32_t k = e; k < m.t1; k++)
    if (!isword(d, k) || (d->toks.v[k].flags & DLT_CAP))
      return e;
  return m.t1;
}

/* A US state's postal code after a place and a comma: "Dayton, OH",
** "Frederick, MD 21701". */
static bool state_after_place(const ctx *x, uint32_t i, uint32_t a) {
  static const char *const codes[] = {
      "al", "ak", "az", "ar", "ca", "co", "ct", "de", "fl", "ga", "hi", "id",
      "il", "in", "ia", "ks", "ky", "la", "me", "md", "ma", "mi", "mn", "ms",
      "mo", "mt", "ne", "nv", "nh", "nj", "nm", "ny", "nc", "nd", "oh", "ok",
      "or", "pa", "ri", "sc", "sd", "tn", "tx", "ut", "vt", "va", "wa", "wv",
      "wi", "wy", "dc", NULL};
  const dl_doc *d = x->d;
  const dltok *t = &d->toks.v[i];
  if (i < a + 2 || t->e - t->s != 2 || !(t->flags & DLT_UPPER) ||
      !dltok_is(d, i - 1, ",") || !x->c.n)
    return false;
  const cand *p = &x->c.v[x->c.n - 1];
  return p->t1 == i - 1 && p->type == DLE_GPE && p->kind != 255 &&
         tok_in(d, i, codes);
}

static const char *const storms[] = {"hurricane", "typhoon", "cyclone",
                                      NULL};

static void sentence(ctx *x, uint32_t a, uint32_t b) {
  dl_doc *d = x->d;
  uint32_t words = 0, caps = 0, upper = 0;
  for (uint32_t i = a; i < b; i++)
    if (isword(d, i)) {
      words++;
      caps += (d->toks.v[i].flags & DLT_CAP) != 0;
      upper += (d->toks.v[i].flags & DLT_UPPER) != 0;
    }
  x->strict = words >= 4 && (caps * 10 >= words * 7 || upper * 10 >= words * 6);
  x->tpend = false;
  x->affil = false;
  dllex_match m;
  uint32_t i = a;
  while (i < b) {
    if (d->tokent[i] == -2) { /* the dateline */
      i++;
      continue;
    }
    if (!isword(d, i)) {
      i++;
      continue;
    }
    /* a title, any case: "Prime Minister", "spokesperson" */
    if (title_at(x, i) && title_at(x, i) <= b) {
      m.t1 = title_at(x, i);
      bool org = false;
      dllex_match mo;
      if (lex(d, i, DLX_BIT(DLX_ORG), &mo) && mo.t1 >= m.t1)
        org = true; /* "General Motors" in the org lexicon */
      if (!org) {
        uint32_t mod0 = i;
        while (mod0 > a && tok_in(d, mod0 - 1, title_mods))
          mod0--;
        title_found(x, mod0, i, m.t1, a);
        i = m.t1;
        continue;
      }
    }
    if (state_after_place(x, i, a)) {
      add(x, i, i + 1, DLE_GPE); /* "Dayton, OH" */
      i++;
      continue;
    }
    if (!iscap(d, i)) {
      i = lower_place(x, i, b);
      continue;
    }
    uint32_t e = run_end(x, i, b);
    if (tok_in(d, i, storms) || (i > a && tok_in(d, i - 1, storms))) {
      i = e; /* "Hurricane Katrina": a storm, no person */
      continue;
    }
    e = topo_tail(x, i, e, b);
    /* split the run before a title inside it ("Iraqi President Barham") */
    uint32_t cut = e;
    for (uint32_t k = i + 1; k < e; k++)
      if (title_at(x, k) && title_at(x, k) <= e) {
        cut = k;
        break;
      }
    bool first = x->strict;
    {
      uint32_t p = i;
      while (p > a && (d->toks.v[p - 1].flags & (DLT_QUOTE | DLT_PUNCT)) &&
             !dltok_is(d, p - 1, ",") && d->tokent[p - 1] != -2)
        p--; /* '"Thank God' after an opening quote */
      if (p == a || (d->toks.v[i].flags & DLT_SSTART) ||
          d->tokent[p > 0 ? p - 1 : 0] == -2 ||
          (p > a && dltok_is(d, p - 1, ":")))
        first = true;
    }
    segment(x, i, cut, first);
    i = cut;
  }
}

/* Surname keys of a person's name [t0, t1): the last word ("al-kadhimi"),
** without an Arabic article ("kadhimi"), and "al kadhimi" as two words. */
static void surnames(ctx *x, uint32_t t0, uint32_t t1, int32_t v, bool over) {
  const dl_doc *d = x->d;
  if (t1 - t0 < 2)
    return;
  uint32_t n;
  const char *k = fkey(d, t1 - 1, t1, &n);
  hput(&x->h, K_SUR, k, n, v, over);
  for (uint32_t j = 1; j + 1 < n && j <= 3; j++)
    if (k[j] == '-') {
      static const char *const arts[] = {"al", "el", "ad", "as", "ar", "an",
                                         "at", "az", "ash", "ul", "ud", NULL};
      for (const char *const *p = arts; *p; p++)
        if (dl_span_is(k, j, *p))
          hput(&x->h, K_SUR, k + j + 1, n - j - 1, v, over);
      break;
    }
  if (t1 - t0 >= 3 && tok_in(d, t1 - 2, particles)) {
    k = fkey(d, t1 - 2, t1, &n);
    hput(&x->h, K_SUR, k, n, v, over);
  }
}

static int32_t ensure_ent(ctx *x, cand *c) {
  if (c->ent >= 0)
    return c->ent;
  dl_doc *d = x->d;
  dlentity *e = dlvec_push(&d->arena, &d->ents);
  if (!e)
    return -1;
  e->type = c->type;
  c->ent = (int32_t)(d->ents.n - 1);
  return c->ent;
}

static void mention(ctx *x, int32_t ent, const cand *c, bool name) {
  dl_doc *d = x->d;
  dlentity *e = &d->ents.v[ent];
  dlmention *mm = dlvec_push(&d->arena, &e->mentions);
  if (!mm)
    return;
  mm->t0 = c->t0;
  mm->t1 = c->t1;
  mm->s = d->toks.v[c->t0].s;
  mm->e = d->toks.v[c->t1 - 1].e;
  for (uint32_t t = c->t0; t < c->t1; t++)
    d->tokent[t] = ent;
  if (name && mm->e - mm->s > e->name_len) {
    e->name = d->text + mm->s;
    e->name_len = mm->e - mm->s;
  }
  if (c->titled) {
    uint32_t ts = d->toks.v[c->ti0].s, te = d->toks.v[c->ti1 - 1].e;
    bool former = e->title && e->title_len >= 6 &&
                  (e->title[0] == 'f' || e->title[0] == 'F');
    if (!e->title || (former && !tok_in(d, c->ti0, title_mods))) {
      e->title = d->text + ts;
      e->title_len = te - ts;
    }
  }
}

/* Register the title keys of a titled candidate: "prime minister" and its
** head "minister" name the entity for later "the Prime Minister". */
static void title_keys(ctx *x, const cand *c, int32_t ent) {
  const dl_doc *d = x->d;
  uint32_t t0 = c->ti0;
  while (t0 + 1 < c->ti1 && tok_in(d, t0, title_mods))
    t0++;
  uint32_t n;
  const char *k = fkey(d, t0, c->ti1, &n);
  hput(&x->h, K_TITLE, k, n, ent, true);
  k = fkey(d, c->ti1 - 1, c->ti1, &n);
  hput(&x->h, K_TITLE, k, n, ent, true);
}

/* Is the lone capitalised word of 'c' (a weak candidate) a person by its
** context alone? A word that is no ordinary word (nor one the name model
** knows in lower case), not in capitals, and either the subject of a
** speech verb ("Griffin said", "Chahine told reporters"), greeted ("Hey
** Vladi", "Dear Debra"). Alone on its line ("Mery ,") or before "'s" it
** is as often no person ("Reply", "Yum .", "Enron 's"). */
static bool lone_person(const ctx *x, const cand *c) {
  const dl_doc *d = x->d;
  uint32_t i = c->t0, n = d->toks.n;
  const dltok *t = &d->toks.v[i];
  if (c->t1 != i + 1 || (t->flags & DLT_UPPER) || t->e - t->s < 2 ||
      wordlike(x, i) || dlner_known_word(d, i))
    return false;
  static const char *const says[] = {"said", "says", "told", "tells",
                                     "added", "adds", "announced", "wrote",
                                     "asked", "replied", "explained", NULL};
  if (i + 1 < n && !x->strict && nnp(d, i) && tok_in(d, i + 1, says))
    return true;
  if (i + 1 < n && dltok_is(d, i + 1, "administration"))
    return true; /* "the Bush administration" */
  static const char *const hello[] = {"hey", "hi", "hello", "dear", NULL};
  return i > 0 && tok_in(d, i - 1, hello);
}

static void corefer(ctx *x) {
  dl_doc *d = x->d;
  /* people named in full, so that a surname before them finds them */
  for (uint32_t i = 0; i < x->c.n; i++) {
    cand *c = &x->c.v[i];
    if (c->kind == CK_NAME && c->type == DLE_PERSON && !c->weak)
      surnames(x, c->t0, c->t1, (int32_t)i, false);
  }
  int32_t *cty = NULL;
  uint32_t ncty = d->eng->lex ? dlgaz_ncountries(d->eng) : 0;
  for (uint32_t i = 0; i < x->c.n; i++) {
    cand *c = &x->c.v[i];
    if (c->kind == 255)
      continue;
    uint32_t n;
    const char *k;
    if (c->kind == CK_TITLE) {
      k = fkey(d, c->ti0, c->ti1, &n);
      int32_t ent = hget(&x->h, K_TITLE, k, n);
      if (ent < 0) {
        k = fkey(d, c->ti1 - 1, c->ti1, &n);
        ent = hget(&x->h, K_TITLE, k, n);
      }
      if (ent >= 0 && d->ents.v[ent].type == DLE_PERSON) {
        cand t = *c;
        t.t0 = c->ti0; /* the title's words, not "the" or "former" */
        t.titled = false;
        mention(x, ent, &t, false);
      }
      continue;
    }
    int32_t ent = -1;
    if (c->country >= 0 && (uint32_t)c->country < ncty) {
      if (!cty) {
        cty = dlarena_alloc(&d->arena, ncty * sizeof *cty);
        if (!cty)
          return;
        for (uint32_t j = 0; j < ncty; j++)
          cty[j] = -1;
      }
      ent = cty[c->country];
    }
    k = fkey(d, c->t0, c->t1, &n);
    if (ent < 0) {
      int32_t o = hget(&x->h, K_NAME, k, n);
      if (o >= 0)
        ent = o;
    }
    if (ent < 0 && c->type == DLE_PERSON && c->t1 - c->t0 <= 2) {
      int32_t o = hget(&x->h, K_SUR, k, n);
      if (o >= 0 && (uint32_t)o != i) {
        cand *h = &x->c.v[o];
        ent = ensure_ent(x, h);
        if (ent >= 0 && h->ent == ent)
          hput(&x->h, K_NAME, fkey(d, h->t0, h->t1, &n), n, ent, false);
        k = fkey(d, c->t0, c->t1, &n);
      }
    }
    if (ent < 0 && c->weak) {
      /* an unsupported lone word: a surname of a person named later? */
      int32_t o = hget(&x->h, K_SUR, k, n);
      if (o >= 0)
        ent = ensure_ent(x, &x->c.v[o]);
    }
    if (ent < 0 && c->weak && lone_person(x, c))
      c->weak = false;
    if (ent < 0 && c->weak)
      continue; /* a lone capitalised word nobody names in full: its type
                   is a guess (EWT: as many ORG as PERSON), so none */ /* a lone capitalised word nobody else names */
    if (ent < 0) {
      ent = ensure_ent(x, c);
      if (ent < 0)
        return;
    }
    c->ent = ent;
    dlentity *e = &d->ents.v[ent];
    if (c->type == DLE_PERSON && !c->weak && e->type != DLE_PERSON &&
        e->mentions.n == 0)
      e->type = DLE_PERSON;
    hput(&x->h, K_NAME, k, n, ent, false);
    if (cty && c->country >= 0 && (uint32_t)c->country < ncty)
      cty[c->country] = ent;
    if (e->type == DLE_PERSON && !c->weak)
      surnames(x, c->t0, c->t1, (int32_t)i, true);
    if (c->titled)
      title_keys(x, c, ent);
    mention(x, ent, c, true);
  }
}

/* Is the dateline [s, e) rather the label of a line, "Email :",
** "Groups :", "Food -" (web text, not a wire story)? One ordinary word
** (one the name model or the lexicon knows as a word), not in capitals,
** before a colon or a dash; before a colon also any word that is no
** country, region or city of 100,000 ("Baghdad:" stays a dateline). */
static bool label_line(const ctx *x, uint32_t s, uint32_t e) {
  const dl_doc *d = x->d;
  uint32_t t0 = 0, t1;
  while (t0 < d->toks.n && d->toks.v[t0].e <= s)
    t0++;
  t1 = t0;
  while (t1 < d->toks.n && d->toks.v[t1].s < e)
    t1++;
  if (t0 >= t1 || t1 >= d->toks.n)
    return false;
  bool upper = true, known = false;
  for (uint32_t i = t0; i < t1; i++) {
    upper = upper && (d->toks.v[i].flags & (DLT_UPPER | DLT_PUNCT | DLT_NUM));
    known = known || dlner_known_word(d, i) || wordlike(x, i);
  }
  if (upper || t1 != t0 + 1)
    return false;
  if (dltok_is(d, t1, ":") && !known) { /* "Slope :" but "Baghdad:" */
    dllex_match m;
    known = !(lex(d, t0, DLX_BIT(DLX_COUNTRY) | DLX_BIT(DLX_ADMIN1), &m) &&
              m.t1 == t1) &&
            !(lex(d, t0, DLX_BIT(DLX_PLACE), &m) && m.t1 == t1 &&
              max_pop(d, &m) >= 100000);
  }
  return known && (dltok_is(d, t1, ":") || dltok_is(d, t1, "-") ||
                   dltok_is(d, t1, "--"));
}

/* Set up 'x' for 'd' and run pass 1 (candidates from the rules). False on
** allocation failure. */
static bool pass1(ctx *x, dl_doc *d) {
  uint32_t nt = d->toks.n;
  d->tokent = dlarena_alloc(&d->arena, (nt ? nt : 1) * sizeof *d->tokent);
  if (!d->tokent)
    return false;
  for (uint32_t i = 0; i < nt; i++)
    d->tokent[i] = -1;
  memset(x, 0, sizeof *x);
  x->d = d;
  if (!nt)
    return true;
  uint32_t slots = 64;
  while (slots < 3u * nt + 64u)
    slots <<= 1;
  x->h.e = dlarena_alloc(&d->arena, slots * sizeof *x->h.e);
  if (!x->h.e)
    return false;
  memset(x->h.e, 0, slots * sizeof *x->h.e);
  x->h.mask = slots - 1;
  x->tc = dlarena_alloc(&d->arena, nt);
  x->tend = dlarena_alloc(&d->arena, nt * sizeof *x->tend);
  if (!x->tc || !x->tend)
    return false;
  memset(x->tc, 0, nt);
  memset(x->tend, 0, nt * sizeof *x->tend);
  /* capitalised words seen inside sentences: evidence for a name at the
  ** start of another */
  for (uint32_t i = 0; i < nt; i++) {
    const dltok *t = &d->toks.v[i];
    if ((t->flags & (DLT_CAP | DLT_WORD)) == (DLT_CAP | DLT_WORD) &&
        !(t->flags & (DLT_SSTART | DLT_UPPER)) && i > 0 &&
        isword(d, i - 1)) {
      uint32_t n;
      const char *k = fkey(d, i, i + 1, &n);
      hput(&x->h, K_CAP, k, n, 1, false);
    }
  }
  /* the dateline's place: a GPE, first */
  if (d->dateline.present && label_line(x, d->dateline.s, d->dateline.e))
    d->dateline.present = false; /* "Email :", "Food -": no dateline */
  if (d->dateline.present) {
    uint32_t t0 = UINT32_MAX, t1 = 0;
    for (uint32_t i = 0; i < nt && d->toks.v[i].s < d->dateline.e; i++)
      if (d->toks.v[i].s >= d->dateline.s && d->toks.v[i].e <= d->dateline.e) {
        if (t0 == UINT32_MAX)
          t0 = i;
        t1 = i + 1;
      }
    if (t0 != UINT32_MAX && dlentity_is_toponym(d, t0, t1)) {
      cand *c = add(x, t0, t1, DLE_GPE);
      dllex_match m;
      if (c && lex(d, t0, DLX_BIT(DLX_COUNTRY), &m) && m.t1 == t1) {
        const dllex_sense *s = dllex_sense_in(&m, DLX_COUNTRY);
        if (s)
          c->country = s->num;
      }
      if (c)
        c->kind = CK_DATELINE;
      for (uint32_t i = t0; i < t1; i++)
        d->tokent[i] = -2;
    }
  }
  /* the agency of a dateline, "(Harbor Wire)": an organisation, never a
     place (golden wire-story.txt) */
  if (d->dateline.present && d->dateline.as < d->dateline.ae) {
    uint32_t t0 = UINT32_MAX, t1 = 0;
    for (uint32_t i = 0; i < nt && d->toks.v[i].s < d->dateline.ae; i++)
      if (d->toks.v[i].s >= d->dateline.as && d->toks.v[i].e <= d->dateline.ae &&
          d->tokent[i] != -2) {
        if (t0 == UINT32_MAX)
          t0 = i;
        t1 = i + 1;
      }
    if (t0 != UINT32_MAX) {
      add(x, t0, t1, DLE_ORG);
      for (uint32_t i = t0; i < t1; i++)
        d->tokent[i] = -2;
    }
  }
  for (uint32_t s = 0; s < d->sents.n && !d->arena.oom; s++)
    sentence(x, d->sents.v[s].t0, d->sents.v[s].t1);
  for (uint32_t i = 0; i < nt; i++)
    d->tokent[i] = -1;
  return !d->arena.oom;
}

/* The rule codes (ner.h) of the candidates of pass 1, per token. */
static void rule_codes(const ctx *x, uint8_t *code) {
  memset(code, 0, x->d->toks.n);
  for (uint32_t i = 0; i < x->c.n; i++) {
    const cand *c = &x->c.v[i];
    if (c->kind == 255 || c->kind == CK_TITLE)
      continue;
    for (uint32_t t = c->t0; t < c->t1; t++)
      code[t] = (uint8_t)((c->type + 1) | (t > c->t0 ? DLNR_INSIDE : 0) |
                          (c->weak ? DLNR_WEAK : 0));
  }
}

void dlentity_rules(dl_doc *d, uint8_t *code) {
  ctx x;
  if (!d->toks.n)
    return;
  if (!pass1(&x, d)) {
    memset(code, 0, d->toks.n);
    return;
  }
  rule_codes(&x, code);
}

/* Is [t0, t1) one span the tagger labelled B-X I-X ...? Its B label or 0. */
static unsigned ner_span(const uint8_t *lab, uint32_t nt, uint32_t t0,
                         uint32_t t1) {
  if (!(lab[t0] & 1) || (t1 < nt && lab[t1] == lab[t0] + 1))
    return 0;
  for (uint32_t t = t0 + 1; t < t1; t++)
    if (lab[t] != lab[t0] + 1)
      return 0;
  return lab[t0];
}

/* The name tagger (ner.c) checks the rules' guesses: a name typed by its
** shape alone (an acronym as ORG, title-case words as PERSON: "Hidden
** Nook", "Adobe Acrobat", "VHS") takes the tagger's type when the tagger
** labels it as one PER or ORG name, and is no name when the tagger labels
** none of its words. Only sentences holding a guess are tagged. Measured
** through the engine (tools/eval/ner): GUM dev 0.624 -> 0.644, UNER EWT
** dev 0.615 -> 0.627. Letting the tagger also type the weak lone words,
** add its own names, retype names as places or decide every span scored
** higher on GUM dev but lower on UNER EWT (web text), or moved geovirus. */
static void apply_ner(ctx *x) {
  dl_doc *d = x->d;
  uint32_t nt = d->toks.n, nc = x->c.n;
  bool any = false;
  for (uint32_t i = 0; i < nc && !any; i++)
    any = x->c.v[i].kind == CK_NAME && x->c.v[i].guess;
  if (!any)
    return;
  uint8_t *lab = dlarena_alloc(&d->arena, nt);
  uint8_t *code = dlarena_alloc(&d->arena, nt);
  uint8_t *want = dlarena_alloc(&d->arena, d->sents.n ? d->sents.n : 1);
  uint32_t maxs = 1;
  for (uint32_t s = 0; s < d->sents.n; s++)
    if (d->sents.v[s].t1 - d->sents.v[s].t0 > maxs)
      maxs = d->sents.v[s].t1 - d->sents.v[s].t0;
  dlnertok *tk = dlarena_alloc(&d->arena, maxs * sizeof *tk);
  if (!code || !lab || !tk || !want)
    return;
  memset(want, 0, d->sents.n);
  for (uint32_t i = 0; i < nc; i++)
    if (x->c.v[i].kind == CK_NAME && x->c.v[i].guess)
      want[d->toks.v[x->c.v[i].t0].sent] = 1;
  rule_codes(x, code);
  memset(lab, DLNER_O, nt);
  for (uint32_t s = 0; s < d->sents.n; s++)
    if (want[s])
      dlner_tag(d, d->sents.v[s].t0, d->sents.v[s].t1, code, tk,
                lab + d->sents.v[s].t0);
  for (uint32_t i = 0; i < nc; i++) {
    cand *c = &x->c.v[i];
    if (c->kind != CK_NAME || !c->guess)
      continue;
    unsigned l = ner_span(lab, nt, c->t0, c->t1);
    bool none = true;
    for (uint32_t t = c->t0; t < c->t1; t++)
      none = none && lab[t] == DLNER_O;
    if (l == DLNER_BPER || l == DLNER_BORG)
      c->type = l == DLNER_BPER ? DLE_PERSON : DLE_ORG;
    else if (none)
      c->kind = 255;
  }
}

void dlentity_extract(dl_doc *d) {
  ctx x;
  if (!pass1(&x, d) || !d->toks.n)
    return;
  if (d->eng->ner)
    apply_ner(&x);
  if (d->arena.oom)
    return;
  corefer(&x);
  if (d->dateline.present && x.c.n && x.c.v[0].kind == CK_DATELINE)
    d->dateline.ent = x.c.v[0].ent;
}
