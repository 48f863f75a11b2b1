/*
** event.c: the events stage (DESIGN.md), after entities, actors, quotes and
** clauses, before casualties. Finds triggers of the event lexicon in each
** sentence, keeps one event per action, takes source and target from the
** clause roles (or a nearest-phrase fallback), modality from data/lex/
** modal.tsv cues, the date from the sentence's (else the narrative's) time
** and the place from the sentence's places (else the dateline's).
*/
#include "event.h"
#include "actor.h"
#include "lexicon/lexicon.h"
#include "parse/parse.h"

#include <stdio.h>
#include <stddef.h>
#include <stdlib.h>

enum { MAXTRIG = 48, MAXCUE = 48, MAXITEM = 64, MAXACT = 8, NONE = -1 };

/* Trigger flags (events.tsv 'flags' column). */
enum {
  F_ATT = 1,    /* 'a': the phrase says the act was attempted */
  F_HARM = 2,   /* 'h': harm verb, folds into a violent event */
  F_QUOTE = 4,  /* 'q': evaluative word, an event only inside a quote */
  F_BLAME = 8,  /* 'b': "was behind the attack" */
  F_COMP = 16,  /* 'x': needs a preposition or 'responsibility' after */
  F_THEME = 32, /* theme cue only */
  F_OBJ = 64,   /* 'o': needs an actor as its target */
  F_CLAIM = 128 /* a blame of the speaker's own side, recoded as a claim */
};

/* Cue kinds (modal.tsv). */
enum { C_NEG, C_ATT, C_PATIENT, C_HEDGE, C_FUT, C_THREAT, C_AGENT };

typedef struct trig {
  uint32_t t0, t1;
  const dllex_sense *sn;
  const dllex_sense *armed; /* the phrase's 'A' sense, read for armed sources */
  char cameo[8];
  uint8_t quad;
  char pos;             /* 'v', 'n' or 'p' */
  unsigned flags;
  float gold;
  const char *plover;
  const char *theme;
  int32_t quote;        /* quote index holding it, or -1 */
  bool drop;            /* merged into another trigger */
  bool anaphor;         /* a definite mention of an earlier event */
  int32_t ante;         /* its antecedent event for anaphors */
  dlactref src, tgt;
  dlactref xs[2][MAXACT]; /* compound sources [0] and targets [1] */
  uint8_t nx[2];
  uint8_t mod;
  bool passive;
} trig;

typedef struct cue {
  uint32_t t0, t1;
  uint8_t kind;
  int32_t quote;
} cue;

/* An actor-like phrase: entity mention, role noun, pronoun. */
typedef struct item {
  uint32_t t0, t1;
  int32_t ent;          /* entity, or -1 */
  bool pron;
  bool place;           /* GPE/LOC after a locative preposition */
} item;

typedef struct S {
  dl_doc *d;
  const dl_engine *e;
  int32_t *qtok;        /* per token: its quote or -1 */
  uint32_t ntr, ncu, nit;
  char narr[24];        /* the narrative's last date */
  char lead[24];        /* the first date the article set */
  int32_t main_ent;     /* entity of the article's main country */
  char main_cc[4];
  uint32_t themes;      /* bit set over theme_names */
  uint32_t ti;          /* first time not before the current sentence */
  /* the sentence's work lists, each entry written whole when it is added
  ** (not zeroed per document: tens of kB) */
  trig tr[MAXTRIG];
  cue cu[MAXCUE];
  item it[MAXITEM];
} S;

static const char *const plovers[] = {
    "AGREE",   "CONSULT", "SUPPORT",  "COOPERATE", "AID",     "CONCEDE",
    "RETREAT", "ACCUSE",  "REQUEST",  "REJECT",    "THREATEN", "PROTEST",
    "MOBILIZE", "SANCTION", "COERCE", "ASSAULT",   "INVESTIGATE"};

static const char *const theme_names[] = {
    "ATTACK",  "ASSASSINATION", "PROTEST", "ARREST", "ELECTION",
    "TERROR",  "INVESTIGATION", "DIPLOMACY", "AID",  "KIDNAPPING",
    "UNREST",  "CEASEFIRE",     "SANCTIONS", "MILITARY", "THREAT",
    "ACCUSATION", "DISASTER"};

static int theme_index(const char *s, size_t n) {
  for (size_t i = 0; i < DL_COUNTOF(theme_names); i++)
    if (strlen(theme_names[i]) == n && !memcmp(theme_names[i], s, n))
      return (int)i;
  return -1;
}

/* ------------------------------------------------------------ tokens */

static bool fold_in(const dl_doc *d, uint32_t i, const char *const *ws) {
  size_t n;
  const char *f = dltok_fold(d, i, &n);
  for (; *ws; ws++)
    if (dl_span_is(f, n, *ws))
      return true;
  return false;
}

static const char *const W_DET[] = {"the", "a", "an", "this", "that", "these",
                                    "those", "its", "his", "her", "their",
                                    "our", "my", "your", "any", "some",
                                    "another", "no", "every", "each", NULL};
static const char *const W_DEF[] = {"the", "this", "that", "these", "those",
                                    "its", "his", "her", "their", "such",
                                    NULL};
static const char *const W_BE[] = {"be", "is", "are", "was", "were", "been",
                                   "being", "'s", "am", "get", "got",
                                   "gets", "gotten", NULL};
static const char *const W_BOUND[] = {";", ":", "that", "which", "who",
                                      "whom", "when", "while", "because",
                                      "after", "before", "since", "if",
                                      "whereas", "although", "though",
                                      "but", "where", "as", "until",
                                      "saying", "adding", NULL};
static const char *const W_TPREP[] = {"on", "against", "at", "toward",
                                      "towards", "targeting", "targeted",
                                      "into", "of", "with", "to", "upon",
                                      "about", "between", NULL};
static const char *const W_LOC[] = {"in", "near", "outside", "inside",
                                    "across", "from", "around", "throughout",
                                    "within", "into", "across", "off",
                                    "north", "south", "east", "west", NULL};
static const char *const W_PRON3[] = {"he", "she", "him", "her", NULL};
static const char *const W_PRON[] = {"he", "she", "him", "her", "they",
                                     "them", "we", "us", "i", "it", NULL};
static const char *const W_BACKREF[] = {"to", "in", "after", "following",
                                        "during", "amid", "since", "over",
                                        "of", "about", "for", "behind",
                                        NULL};

static bool is_quote_tok(const dl_doc *d, uint32_t i) {
  return (d->toks.v[i].flags & DLT_QUOTE) != 0;
}

static bool in_time(const dl_doc *d, uint32_t i) {
  /* times are few; a binary search keeps this O(log n) */
  uint32_t lo = 0, hi = d->times.n;
  while (lo < hi) {
    uint32_t m = (lo + hi) / 2;
    if (d->times.v[m].t1 <= i)
      lo = m + 1;
    else
      hi = m;
  }
  return lo < d->times.n && d->times.v[lo].t0 <= i && i < d->times.v[lo].t1;
}

static unsigned tag(const dl_doc *d, uint32_t i) {
  return d->pos ? d->pos[i] : DLPOS_NONE;
}

/* ------------------------------------------------------------ lexicon */

static const char *field(const S *s, const dllex_sense *sn, unsigned k,
                         size_t *n) {
  const char *f = dllex_field(s->e, sn, k, n);
  if (!f)
    *n = 0;
  return f;
}

/* Does a noun or a verb reading fit token i? 'n' or 'v'. */
static char reading(const dl_doc *d, uint32_t i, uint32_t t0s) {
  unsigned t = tag(d, i);
  /* a gerund that opens the sentence or follows a determiner or an
  ** adjective is a noun: "Fighting in the city killed two", "the
  ** fighting", "heavy shelling"; "..., killing two" stays a verb */
  if (t == DLPOS_VBG) {
    if (i == t0s)
      return 'n';
    unsigned p = tag(d, i - 1);
    if (p == DLPOS_DT || p == DLPOS_PRPS || p == DLPOS_POS || dlpos_adj(p) ||
        p == DLPOS_OQUOTE || fold_in(d, i - 1, W_DET))
      return 'n';
  }
  if (t != DLPOS_NONE) {
    if (dlpos_verb(t) || t == DLPOS_MD)
      return 'v';
    if (dlpos_noun(t) || dlpos_adj(t))
      return 'n';
  }
  if (i > t0s && (fold_in(d, i - 1, W_DET) || fold_in(d, i - 1, W_DEF) ||
                  (d->toks.v[i - 1].flags & DLT_CAP && d->tokent &&
                   d->tokent[i - 1] >= 0)))
    return 'n';
  if (i > t0s + 1 && dltok_is(d, i - 1, "'s"))
    return 'n';
  return 'v';
}

/* Is it an armed sense ('A' among the flags, events.src.tsv)? */
static bool armed_sense(const S *s, const dllex_sense *sn) {
  size_t n;
  const char *f = field(s, sn, 5, &n);
  for (size_t k = 0; f && k < n; k++)
    if (f[k] == 'A' && (k == 0 || f[k - 1] == ',') &&
        (k + 1 == n || f[k + 1] == ','))
      return true;
  return false;
}

/* The armed sense among 'n' senses with the part of speech of 'sn'. */
static const dllex_sense *armed_of(const S *s, const dllex_sense *sv,
                                   uint32_t n, const dllex_sense *sn) {
  size_t a, b;
  const char *pa = field(s, sn, 4, &a);
  for (uint32_t k = 0; k < n; k++) {
    if (sv[k].dict != DLX_EVENT || !armed_sense(s, &sv[k]))
      continue;
    const char *pb = field(s, &sv[k], 4, &b);
    if (a == b && (!a || pa[0] == pb[0]))
      return &sv[k];
  }
  return NULL;
}

/* Pick the sense of a matched phrase for its context; NULL when none fits. */
static const dllex_sense *pick_event(const S *s, const dllex_match *m,
                                     uint32_t t0s) {
  const dllex_sense *v = NULL, *n = NULL, *p = NULL;
  for (uint32_t k = 0; k < m->n; k++) {
    const dllex_sense *sn = &m->senses[k];
    if (sn->dict != DLX_EVENT || armed_sense(s, sn))
      continue;
    size_t l;
    const char *f = field(s, sn, 4, &l);
    char c = l ? f[0] : 'p';
    if (c == 'v' && !v)
      v = sn;
    else if (c == 'n' && !n)
      n = sn;
    else if (!p)
      p = sn;
  }
  if (p && m->t1 - m->t0 > 1)
    return p;
  char r = reading(s->d, m->t0, t0s);
  if (m->t1 - m->t0 > 1) /* multi-word verb phrases ("open fire") */
    return v ? v : n ? n : p;
  if (r == 'v')
    return v ? v : p ? p : n;
  if (n)
    return n;
  if (p)
    return p;
  /* only a verb sense: a noun reading rejects it ("the signs of") */
  return s->d->pos || (m->t0 > t0s && fold_in(s->d, m->t0 - 1, W_DET)) ? NULL
                                                                       : v;
}

static bool fill_trig(S *s, trig *t, const dllex_sense *sn) {
  size_t n;
  const char *f = field(s, sn, 0, &n);
  memset(t->cameo, 0, sizeof t->cameo);
  t->flags = 0;
  t->theme = NULL;
  if (!f || !n)
    return false;
  const char *fl;
  size_t fln;
  fl = field(s, sn, 5, &fln);
  for (size_t k = 0; fl && k < fln;) {
    size_t e = k;
    while (e < fln && fl[e] != ',')
      e++;
    if (e - k == 1) {
      switch (fl[k]) {
      case 'a': t->flags |= F_ATT; break;
      case 'h': t->flags |= F_HARM; break;
      case 'q': t->flags |= F_QUOTE; break;
      case 'b': t->flags |= F_BLAME; break;
      case 'x': t->flags |= F_COMP; break;
      case 'o': t->flags |= F_OBJ; break;
      default: break;
      }
    } else if (e - k > 2 && fl[k] == 'T' && fl[k + 1] == '=') {
      int ti = theme_index(fl + k + 2, e - k - 2);
      if (ti >= 0)
        t->theme = theme_names[ti];
    }
    k = e + 1;
  }
  if (f[0] == '-') {
    t->flags |= F_THEME;
    return true;
  }
  if (n >= sizeof t->cameo)
    n = sizeof t->cameo - 1;
  memcpy(t->cameo, f, n);
  f = field(s, sn, 1, &n);
  t->plover = NULL;
  for (size_t k = 0; f && k < DL_COUNTOF(plovers); k++)
    if (strlen(plovers[k]) == n && !memcmp(plovers[k], f, n))
      t->plover = plovers[k];
  f = field(s, sn, 2, &n);
  t->quad = (uint8_t)(n ? f[0] - '0' : 0);
  f = field(s, sn, 3, &n);
  char buf[16];
  if (n >= sizeof buf)
    n = sizeof buf - 1;
  memcpy(buf, f ? f : "0", n ? n : 1);
  buf[n ? n : 1] = '\0';
  t->gold = (float)strtod(buf, NULL);
  f = field(s, sn, 4, &n);
  t->pos = n ? f[0] : 'p';
  return true;
}

static int cue_kind(const S *s, const dllex_sense *sn) {
  size_t n;
  const char *f = field(s, sn, 0, &n);
  static const char *const k[] = {"negated", "attempted", "patient", "hedged",
                                  "future",  "threat",    "agent"};
  for (int i = 0; f && i < (int)DL_COUNTOF(k); i++)
    if (strlen(k[i]) == n && !memcmp(k[i], f, n))
      return i;
  return -1;
}

/* ------------------------------------------------------------ items */

/* Collect the actor-like phrases of the sentence [t0, t1). */
static void items(S *s, uint32_t t0, uint32_t t1) {
  dl_doc *d = s->d;
  s->nit = 0;
  for (uint32_t i = t0; i < t1 && s->nit < MAXITEM;) {
    item x = {i, i + 1, -1, false, false};
    int32_t en = d->tokent ? d->tokent[i] : -1;
    dllex_match m;
    if (in_time(d, i)) {
      i++;
      continue;
    }
    if (en >= 0) {
      uint32_t j = i + 1;
      while (j < t1 && d->tokent[j] == en)
        j++;
      x.t1 = j;
      x.ent = en;
      uint8_t ty = d->ents.v[en].type;
      if ((ty == DLE_GPE || ty == DLE_LOC) && i > t0) {
        uint32_t p = i - 1;
        if (p > t0 && dltok_is(d, p, "the"))
          p--;
        if (fold_in(d, p, W_LOC))
          x.place = true;
      }
    } else if (en == -2) {
      i++;
      continue;
    } else if (dllex_longest(d, i, DLX_BIT(DLX_ROLE) | DLX_BIT(DLX_TITLE),
                             &m)) {
      x.t1 = m.t1;
    } else if (fold_in(d, i, W_PRON)) {
      x.pron = true;
    } else {
      i++;
      continue;
    }
    /* one noun phrase: "Iraqi security forces", "Al-Kadhimi's guards",
       "the Secretary of Iran's national security council" */
    if (s->nit) {
      item *pv = &s->it[s->nit - 1];
      int32_t pe = d->tokent ? d->tokent[x.t0 - 1] : -1;
      bool adj = pv->t1 == x.t0 && !pv->pron && pe >= 0 &&
                 d->ents.v[pe].type == DLE_NORP && x.ent < 0;
      bool poss = pv->t1 + 1 == x.t0 && dltok_is(d, pv->t1, "'s") && !x.pron;
      bool ofx = !pv->pron && !x.pron && !pv->place &&
                 (pv->t1 + 1 == x.t0 || pv->t1 + 2 == x.t0) &&
                 (dltok_is(d, pv->t1, "of") || dltok_is(d, pv->t1, "for")) &&
                 pv->ent < 0;
      /* a title before its holder's name: "President Alexander
         Lukashenko" is the person */
      bool titled = pv->t1 == x.t0 && pv->ent < 0 && !pv->pron &&
                    x.ent >= 0 && d->ents.v[x.ent].type == DLE_PERSON;
      if (titled) {
        pv->t1 = x.t1;
        pv->ent = x.ent;
        i = x.t1;
        continue;
      }
      if (adj || poss || ofx) {
        pv->t1 = x.t1;
        if (adj || poss)
          pv->ent = x.ent >= 0 ? x.ent : (poss ? -1 : -1);
        i = x.t1;
        continue;
      }
    }
    s->it[s->nit++] = x;
    i = x.t1;
  }
}

/* The noun phrase of an item with its determiner ("the security forces"). */
static uint32_t item_start(const S *s, const item *x, uint32_t t0s) {
  uint32_t a = x->t0;
  if (a > t0s && x->ent < 0 && fold_in(s->d, a - 1, W_DET))
    a--;
  return a;
}

/* Last PERSON mention before token 'i'. */
static int32_t last_person(const dl_doc *d, uint32_t i) {
  if (!d->tokent)
    return -1;
  for (uint32_t k = i; k-- > 0 && i - k < 400;)
    if (d->tokent[k] >= 0 && d->ents.v[d->tokent[k]].type == DLE_PERSON)
      return d->tokent[k];
  return -1;
}

static void ref_entity(S *s, dlactref *r, int32_t en, uint32_t a, uint32_t b) {
  memset(r, 0, sizeof *r);
  r->set = true;
  r->ent = en;
  r->s = s->d->toks.v[a].s;
  r->e = s->d->toks.v[b - 1].e;
  dlactor ac;
  if (en >= 0 && dlactor_of_entity(s->d, en, &ac) && ac.code[0])
    memcpy(r->code, ac.code, sizeof r->code);
  else if (dlactor_group(s->d, a, b, &ac) && ac.code[0])
    memcpy(r->code, ac.code, sizeof r->code);
}

/* An actor_ref for an item; pronouns resolve to the last person (he/she)
** or the quote's speaker (we/I). */
/* The named item that the phrase ending at [t0, t1) stands in apposition
** to, or -1: in "Russia, Belarus's main ally, criticised ..." and "Iran, a
** key ally of Syria, condemned ..." the actor is the name before the
** commas. */
static int appositive(const S *s, uint32_t t0, uint32_t t1, uint32_t t0s) {
  const dl_doc *d = s->d;
  if (t1 >= d->toks.n || !dltok_is(d, t1, ","))
    return -1;
  uint32_t c = t0; /* the first word of the comma-bounded phrase */
  while (c > t0s && t0 - c < 8 && !(d->toks.v[c - 1].flags & DLT_PUNCT))
    c--;
  if (c < t0s + 2 || !dltok_is(d, c - 1, ","))
    return -1;
  for (uint32_t j = 0; j < s->nit; j++)
    if (s->it[j].t1 + 1 == c && s->it[j].ent >= 0 && !s->it[j].place &&
        !s->it[j].pron)
      return (int)j;
  return -1;
}

static void ref_item(S *s, dlactref *r, const item *x, uint32_t t0s,
                     int32_t quote) {
  dl_doc *d = s->d;
  int ap = appositive(s, x->t0, x->t1, t0s);
  if (ap >= 0 && &s->it[ap] != x)
    x = &s->it[ap];
  if (x->pron) {
    if (fold_in(d, x->t0, W_PRON3)) {
      int32_t p = last_person(d, x->t0);
      if (p >= 0) {
        ref_entity(s, r, p, x->t0, x->t1);
        return;
      }
    } else if (dltok_is(d, x->t0, "it") || dltok_is(d, x->t0, "they")) {
      /* "Ethiopia indicated it would act": the last organisation or
         country named before it in the sentence */
      for (const item *y = x; y-- > s->it;) {
        if (y->ent < 0 || y->place ||
            d->toks.v[y->t0].sent != d->toks.v[x->t0].sent)
          continue;
        uint8_t ty = d->ents.v[y->ent].type;
        if (ty == DLE_ORG || ty == DLE_GPE || ty == DLE_NORP) {
          ref_entity(s, r, y->ent, x->t0, x->t1);
          return;
        }
      }
    } else if (quote >= 0 && (dltok_is(d, x->t0, "we") ||
                              dltok_is(d, x->t0, "i"))) {
      const dlquote *q = &d->quotes.v[quote];
      if (q->has_speaker) {
        memset(r, 0, sizeof *r);
        r->set = true;
        r->ent = q->speaker_ent;
        r->s = q->sp_s;
        r->e = q->sp_e;
        dlactor ac;
        if (q->speaker_ent >= 0 &&
            dlactor_of_entity(d, q->speaker_ent, &ac) && ac.code[0])
          memcpy(r->code, ac.code, sizeof r->code);
        return;
      }
    }
  }
  ref_entity(s, r, x->ent, item_start(s, x, t0s), x->t1);
}

/* The speaker of quote 'q' as an actor_ref; false without one. */
static bool ref_speaker(S *s, dlactref *r, int32_t q) {
  if (q < 0 || !s->d->quotes.v[q].has_speaker)
    return false;
  const dlquote *qq = &s->d->quotes.v[q];
  memset(r, 0, sizeof *r);
  r->set = true;
  r->ent = qq->speaker_ent;
  r->s = qq->sp_s;
  r->e = qq->sp_e;
  dlactor ac;
  if (qq->speaker_ent >= 0 && dlactor_of_entity(s->d, qq->speaker_ent, &ac) &&
      ac.code[0])
    memcpy(r->code, ac.code, sizeof r->code);
  else {
    /* code the speaker's phrase: its tokens from the byte span */
    uint32_t a = UINT32_MAX, b = 0, lo = 0, hi = s->d->toks.n;
    while (lo < hi) {
      uint32_t m = (lo + hi) / 2;
      if (s->d->toks.v[m].s < qq->sp_s)
        lo = m + 1;
      else
        hi = m;
    }
    for (uint32_t i = lo; i < s->d->toks.n; i++) {
      if (s->d->toks.v[i].s >= qq->sp_e)
        break;
      if (s->d->toks.v[i].s >= qq->sp_s) {
        if (a == UINT32_MAX)
          a = i;
        b = i + 1;
      }
    }
    if (a != UINT32_MAX && dlactor_group(s->d, a, b, &ac) && ac.code[0])
      memcpy(r->code, ac.code, sizeof r->code);
  }
  return true;
}

/* Is there a clause boundary in (a, b)? */
static bool bound_between(const S *s, uint32_t a, uint32_t b) {
  for (uint32_t i = a + 1; i < b; i++)
    if (fold_in(s->d, i, W_BOUND) || is_quote_tok(s->d, i) ||
        (s->qtok[i] != s->qtok[a] && s->qtok[i] != s->qtok[b]))
      return true;
  return false;
}

static bool cue_between(const S *s, uint32_t a, uint32_t b, int kind) {
  for (uint32_t k = 0; k < s->ncu; k++)
    if (s->cu[k].kind == kind && s->cu[k].t0 >= a && s->cu[k].t1 <= b)
      return true;
  return false;
}

/* Nearest item ending before token 'a' in the same clause, or -1. */
static int subject_before(const S *s, uint32_t a, uint32_t t0s) {
  for (uint32_t k = s->nit; k-- > 0;) {
    const item *x = &s->it[k];
    if (x->t1 > a || x->place)
      continue;
    if (x->t1 <= t0s || bound_between(s, x->t1 - 1, a))
      return -1;
    if (a - x->t1 > 14)
      return -1;
    return (int)k;
  }
  return -1;
}

/* The first item after token 'b' that is the object of the trigger or of
** a target preposition, in the same clause; -1 if none. */
static int object_after(const S *s, uint32_t b, uint32_t t1s) {
  const dl_doc *d = s->d;
  for (uint32_t k = 0; k < s->nit; k++) {
    const item *x = &s->it[k];
    if (x->t0 < b)
      continue;
    if (x->place || x->t0 - b > 8 || bound_between(s, b - 1, x->t0))
      return -1;
    /* the tokens between: determiners, adjectives, a target preposition */
    bool ok = true;
    for (uint32_t i = b; i < x->t0; i++) {
      if (fold_in(d, i, W_LOC) && !dltok_is(d, i, "into")) {
        ok = false;
        break;
      }
      if (dltok_is(d, i, "by") || dltok_is(d, i, ",")) {
        ok = false;
        break;
      }
    }
    if (!ok)
      return -1;
    (void)t1s;
    return (int)k;
  }
  return -1;
}

/* The item after an agent cue in (b, b+12), or -1. */
static int agent_after(const S *s, uint32_t b) {
  for (uint32_t c = 0; c < s->ncu; c++) {
    const cue *u = &s->cu[c];
    if (u->kind != C_AGENT || u->t0 < b || u->t0 > b + 12)
      continue;
    for (uint32_t k = 0; k < s->nit; k++)
      if (s->it[k].t0 >= u->t1 && s->it[k].t0 <= u->t1 + 2)
        return (int)k;
  }
  return -1;
}

/* Roles from the clause layer when it covers the trigger's verb. */
static const dlclause *clause_of(const dl_doc *d, uint32_t tok) {
  for (uint32_t k = 0; k < d->clauses.n; k++) {
    const dlclause *c = &d->clauses.v[k];
    if (c->sent > d->toks.v[tok].sent)
      break;
    if (c->v0 < c->v1 && c->v0 <= tok && tok < c->v1)
      return c;
  }
  return NULL;
}

static int item_at_np(const S *s, const dlnp *np) {
  if (np->t0 == np->t1)
    return -1;
  for (uint32_t k = 0; k < s->nit; k++)
    if (s->it[k].t0 < np->t1 && np->t0 < s->it[k].t1)
      return (int)k;
  return -1;
}

static void ref_np(S *s, dlactref *r, const dlnp *np, uint32_t t0s,
                   int32_t q) {
  int a = appositive(s, np->t0, np->t1, t0s);
  if (a >= 0) {
    ref_item(s, r, &s->it[a], t0s, q);
    return;
  }
  int k = item_at_np(s, np);
  if (k >= 0) {
    ref_item(s, r, &s->it[k], t0s, q);
    return;
  }
  dlactor ac;
  if (dlactor_group(s->d, np->t0, np->t1, &ac)) {
    memset(r, 0, sizeof *r);
    r->set = true;
    r->ent = -1;
    r->s = s->d->toks.v[np->t0].s;
    r->e = s->d->toks.v[np->t1 - 1].e;
    memcpy(r->code, ac.code, sizeof r->code);
  }
}


/* ------------------------------------------------------------ actors */

/* A compound or agent-qualified actor phrase coded as CAMEO does: each
** conjunct of "Mordor, Rohan and Bree" is an actor; agents (role and title
** nouns: "police", "foreign minister") qualify the actor they go with
** ("Gondor's police", "police of Gondor", "Gondor police" -> actor + agent;
** a 'pre' agent field puts the agent first: "MSF Arnor" -> NGOARN); agents
** with no actor of their own take the one of an "of/in/from X" complement
** ("the ambassadors of Arnor, Osgiliath and Gondor") or of the first
** conjunct ("Danish media and government"). */

static const char *const W_COORD[] = {"and", "or", "nor", ",", "&", NULL};
static const char *const W_COMPL[] = {"of", "in", "from", NULL};

/* An agent (role or title noun) at token i: its end, code and placement. */
static uint32_t agent_at(const S *s, uint32_t i, uint32_t lim, char *code,
                         bool *pre) {
  dllex_match m;
  if (!(s->d->toks.v[i].flags & DLT_WORD) ||
      !dllex_longest(s->d, i, DLX_BIT(DLX_ROLE) | DLX_BIT(DLX_TITLE), &m) ||
      m.t1 > lim)
    return 0;
  const dllex_sense *sn = dllex_sense_in(&m, DLX_ROLE);
  if (!sn)
    sn = dllex_sense_in(&m, DLX_TITLE);
  size_t n, pn;
  const char *f = sn ? dllex_field(s->e, sn, 0, &n) : NULL;
  code[0] = '\0';
  *pre = false;
  if (!f || n < 3 || n > 9)
    return m.t1;
  for (size_t k = 0; k < n; k++)
    if (!((f[k] >= 'A' && f[k] <= 'Z') || (f[k] >= '0' && f[k] <= '9')))
      return m.t1;
  memcpy(code, f, n);
  code[n] = '\0';
  const char *p = sn->dict == DLX_ROLE ? dllex_field(s->e, sn, 1, &pn) : NULL;
  *pre = p && pn == 3 && !memcmp(p, "pre", 3);
  return m.t1;
}

/* The actor code of the entity at token i ("" when none). */
static int32_t ent_code(const S *s, uint32_t i, char *code) {
  code[0] = '\0';
  int32_t en = s->d->tokent ? s->d->tokent[i] : -1;
  dlactor ac;
  if (en >= 0 && dlactor_of_entity(s->d, en, &ac) && ac.code[0]) {
    memcpy(code, ac.code, sizeof ac.code);
    return en;
  }
  return -1;
}

static bool actorish(const S *s, uint32_t i, uint32_t lim) {
  char c[16];
  bool pre;
  if (ent_code(s, i, c) >= 0)
    return true;
  return agent_at(s, i, lim, c, &pre) > i;
}

static bool modifier(const S *s, uint32_t i) {
  unsigned t = tag(s->d, i);
  return fold_in(s->d, i, W_DET) || t == DLPOS_DT || dlpos_adj(t) ||
         t == DLPOS_PRPS || t == DLPOS_POS || dltok_is(s->d, i, "'s");
}

/* One conjunct [a, b): its actor (first entity code; a later one that
** extends it wins: IRQ, IRQGOV), its agents, their ends. */
typedef struct cjn {
  uint32_t a, b;
  char actor[16];
  int32_t ent;
  char pre[16], suf[16];
  bool agent;
} cjn;

static void add_code(char *dst, const char *c) {
  size_t n = strlen(dst), m = strlen(c);
  if (!m || n + m >= 16)
    return;
  if (n >= m && !memcmp(dst + n - m, c, m))
    return; /* "USAGOV" + "GOV" */
  memcpy(dst + n, c, m + 1);
}

static void conj_scan(const S *s, cjn *c) {
  c->actor[0] = c->pre[0] = c->suf[0] = '\0';
  c->ent = -1;
  c->agent = false;
  for (uint32_t i = c->a; i < c->b;) {
    char code[16];
    bool pre;
    int32_t en = ent_code(s, i, code);
    if (en >= 0) {
      size_t n = strlen(c->actor);
      if (!c->actor[0] || (strlen(code) > n && !strncmp(code, c->actor, n) &&
                           !c->suf[0])) {
        memcpy(c->actor, code, sizeof code);
        c->ent = en;
      }
      while (i < c->b && s->d->tokent[i] == en)
        i++;
      continue;
    }
    uint32_t e = agent_at(s, i, c->b, code, &pre);
    if (e > i) {
      if (code[0]) {
        c->agent = true;
        add_code(pre ? c->pre : c->suf, code);
      }
      i = e;
      continue;
    }
    i++;
  }
}

/* Split [a, b) at coordinators into conjuncts; returns their number. */
static uint32_t split_conj(const S *s, uint32_t a, uint32_t b, cjn *out,
                           uint32_t max) {
  uint32_t n = 0, st = a;
  for (uint32_t i = a; i <= b && n < max; i++)
    if (i == b || fold_in(s->d, i, W_COORD)) {
      if (i > st) {
        memset(&out[n], 0, sizeof out[n]);
        out[n].a = st;
        out[n].b = i;
        conj_scan(s, &out[n]);
        if (out[n].actor[0] || out[n].agent)
          n++;
      }
      st = i + 1;
    }
  return n;
}

static bool is_verbish(const S *s, uint32_t i) {
  unsigned t = tag(s->d, i);
  return dlpos_verb(t) || t == DLPOS_MD || t == DLPOS_TO;
}

/* Widen an actor phrase [*a, *b) over a coordination or an agent's
** complement around it, within the sentence [t0s, t1s). */
static void widen(const S *s, uint32_t *a, uint32_t *b, uint32_t t0s,
                  uint32_t t1s) {
  const dl_doc *d = s->d;
  /* leftwards: "Mordor, Rohan, Fornost and [Bree]", "ambassadors of [X]" */
  uint32_t x = *a;
  bool coord = false;
  for (uint32_t i = *a; i < *b; i++)
    coord |= fold_in(d, i, W_COORD) && !dltok_is(d, i, ",");
  while (x > t0s && *a - x < 24) {
    uint32_t p = x - 1;
    if (is_quote_tok(d, p) || is_verbish(s, p) || in_time(d, p))
      break;
    if (fold_in(d, p, W_COORD)) {
      bool comma = dltok_is(d, p, ",");
      if (comma && !coord)
        break;
      /* a conjunct must come before: skip its modifiers */
      uint32_t q = p;
      while (q > t0s && modifier(s, q - 1) && !fold_in(d, q - 1, W_COORD))
        q--;
      if (q == t0s || !actorish(s, q - 1, p))
        break;
      if (!comma)
        coord = true;
      x = q - 1;
      while (x > t0s && (actorish(s, x - 1, p) || modifier(s, x - 1)) &&
             !fold_in(d, x - 1, W_COORD))
        x--;
      continue;
    }
    if (fold_in(d, p, W_COMPL) && p > t0s) {
      /* "ambassadors of", "activists in", "soldiers from": an agent */
      uint32_t q = p, r;
      char c[16];
      bool pre;
      bool ag = false;
      while (q > t0s && q + 6 > p && !fold_in(d, q - 1, W_COORD) &&
             !is_verbish(s, q - 1)) {
        q--;
        r = agent_at(s, q, p, c, &pre);
        if (r == p && c[0])
          ag = true;
        if (ag)
          break;
      }
      if (!ag)
        break;
      x = q;
      while (x > t0s && modifier(s, x - 1))
        x--;
      continue;
    }
    if (actorish(s, p, *b) || modifier(s, p)) {
      x = p;
      continue;
    }
    break;
  }
  /* agent nouns right after: "Gondor police", "the Calenardhon government"
     (not the subject of a next verb: "Iraq police said") */
  for (;;) {
    char c[16];
    bool pre;
    uint32_t e = *b < t1s ? agent_at(s, *b, t1s, c, &pre) : 0;
    if (e <= *b)
      break;
    *b = e;
  }
  /* trim leading connectors and modifiers */
  while (x < *a && (fold_in(d, x, W_COORD) || fold_in(d, x, W_DET)))
    x++;
  *a = x;
  /* rightwards: "[Gondor] and Arnor", "[the ambassadors] of X, Y and Z" */
  uint32_t y = *b;
  while (y < t1s && y - *b < 24) {
    uint32_t q = y;
    bool compl = fold_in(d, q, W_COMPL);
    if (!compl && !(fold_in(d, q, W_COORD) && !dltok_is(d, q, ",")) &&
        !(dltok_is(d, q, ",") && q + 1 < t1s))
      break;
    if (compl) {
      /* only after an agent without an actor of its own */
      cjn c0[MAXACT];
      uint32_t nc = split_conj(s, *a, y, c0, MAXACT);
      if (!nc || c0[nc - 1].actor[0] || !c0[nc - 1].agent)
        break;
    }
    q++;
    while (q < t1s && modifier(s, q) && !actorish(s, q, t1s))
      q++;
    if (q >= t1s || !actorish(s, q, t1s))
      break;
    uint32_t e = q;
    while (e < t1s && actorish(s, e, t1s)) {
      char c[16];
      bool pre;
      uint32_t r = agent_at(s, e, t1s, c, &pre);
      if (r > e) {
        e = r;
        continue;
      }
      int32_t en = d->tokent[e];
      while (e < t1s && d->tokent[e] == en)
        e++;
      if (e < t1s && dltok_is(d, e, "'s"))
        e++;
    }
    if (dltok_is(d, y, ",")) {
      /* a comma joins only a list that ends in 'and'/'or' */
      uint32_t z = e;
      bool fine = false;
      while (z < t1s && z - e < 12) {
        if (dltok_is(d, z, ",")) {
          z++;
          continue;
        }
        if (dltok_is(d, z, "and") || dltok_is(d, z, "or")) {
          fine = true;
          break;
        }
        if (!actorish(s, z, t1s) && !modifier(s, z))
          break;
        z++;
      }
      if (!fine)
        break;
    }
    y = e;
  }
  *b = y;
}

/* Token at byte offset 'off' (first token starting at or after it). */
static uint32_t tok_of(const dl_doc *d, uint32_t off) {
  uint32_t lo = 0, hi = d->toks.n;
  while (lo < hi) {
    uint32_t m = (lo + hi) / 2;
    if (d->toks.v[m].s < off)
      lo = m + 1;
    else
      hi = m;
  }
  return lo;
}

/* Code the actor phrase of 'r' (tokens [a, b) of the sentence) as one or
** more actors into out[]; returns their number (0: keep 'r' as it is). */
static uint32_t code_actors(S *s, const dlactref *r, uint32_t t0s,
                            uint32_t t1s, dlactref *out) {
  const dl_doc *d = s->d;
  if (!r->set || r->text || r->e <= r->s)
    return 0;
  uint32_t a = tok_of(d, r->s), b = a;
  while (b < d->toks.n && d->toks.v[b].e <= r->e)
    b++;
  if (a < t0s || b > t1s || a >= b || fold_in(d, a, W_PRON))
    return 0;
  widen(s, &a, &b, t0s, t1s);
  /* head and complement: "ambassadors of [Arnor, Osgiliath and Gondor]" */
  uint32_t p = b;
  for (uint32_t i = a; i < b; i++)
    if (fold_in(d, i, W_COMPL)) {
      cjn h[MAXACT];
      uint32_t nh = split_conj(s, a, i, h, MAXACT);
      bool agents_only = nh > 0;
      for (uint32_t k = 0; k < nh; k++)
        if (h[k].actor[0])
          agents_only = false;
      if (agents_only)
        p = i;
      break;
    }
  cjn h[MAXACT], c[MAXACT];
  uint32_t nh = split_conj(s, a, p, h, MAXACT);
  uint32_t nc = p < b ? split_conj(s, p + 1, b, c, MAXACT) : 0;
  if (!nh && !nc)
    return 0;
  uint32_t n = 0;
  const char *inherit = NULL;
  int32_t inh_ent = -1;
  for (uint32_t k = 0; k < nh; k++)
    if (h[k].actor[0]) {
      inherit = h[k].actor;
      inh_ent = h[k].ent;
      break;
    }
  for (uint32_t k = 0; k < (nh ? nh : 1) && n < MAXACT; k++) {
    cjn *x = nh ? &h[k] : NULL;
    uint32_t nown = 1;
    if (x && !x->actor[0] && nc)
      nown = nc;
    for (uint32_t j = 0; j < nown && n < MAXACT; j++) {
      const char *act = NULL;
      int32_t ent = -1;
      uint32_t sa = x ? x->a : c[j].a, sb = x ? x->b : c[j].b;
      if (x && x->actor[0]) {
        act = x->actor;
        ent = x->ent;
      } else if (nc) {
        act = c[j].actor[0] ? c[j].actor : NULL;
        ent = c[j].ent;
        sb = c[j].b;
      } else if (inherit) {
        act = inherit;
        ent = inh_ent;
      }
      char code[16] = "";
      if (x)
        add_code(code, x->pre);
      if (act)
        add_code(code, act);
      else if (x && x->agent && !x->pre[0]) {
        dlactor ac; /* an agent alone: the group's country, if any */
        if (dlactor_group(d, x->a, x->b, &ac) && ac.country[0])
          add_code(code, ac.country);
      }
      if (x)
        add_code(code, x->suf);
      if (!code[0])
        continue;
      bool dup = false;
      for (uint32_t q = 0; q < n; q++)
        dup |= !strcmp(out[q].code, code);
      if (dup)
        continue;
      dlactref *o = &out[n++];
      memset(o, 0, sizeof *o);
      o->set = true;
      o->ent = x && x->agent ? (x->actor[0] ? -1 : -1) : ent;
      if (!(x && x->agent))
        o->ent = ent;
      o->s = d->toks.v[sa].s;
      o->e = d->toks.v[sb - 1].e;
      memcpy(o->code, code, sizeof o->code);
    }
  }
  /* a single plain actor: keep the reference as the roles found it */
  if (n == 1 && !strcmp(out[0].code, r->code))
    return 0;
  return n;
}

/* Sources and targets of 't' as lists (compound actors). */
static void compound_roles(S *s, trig *t, uint32_t t0s, uint32_t t1s) {
  dlactref *r[2] = {&t->src, &t->tgt};
  for (int k = 0; k < 2; k++) {
    t->nx[k] = 0;
    uint32_t n = code_actors(s, r[k], t0s, t1s, t->xs[k]);
    if (n) {
      t->nx[k] = (uint8_t)n;
      *r[k] = t->xs[k][0];
    } else if (r[k]->set) {
      t->xs[k][0] = *r[k];
      t->nx[k] = 1;
    }
  }
}

/* The clause whose subject controls the subjectless infinitive 'c' ("Arnor
** is about to restore", "Iran vowed to retaliate", "X was seen to break"):
** the nearest clause before it in the sentence with a subject; NULL when
** 'c' is no such infinitive. */
static const dlclause *controller(const dl_doc *d, const dlclause *c) {
  if (c->subj.t1 > c->subj.t0 || c->v0 >= c->v1)
    return NULL;
  bool inf = dltok_is(d, c->v0, "to") ||
             (c->v0 > 0 && dltok_is(d, c->v0 - 1, "to"));
  if (!inf)
    return NULL;
  for (const dlclause *p = c; p-- > d->clauses.v;) {
    if (p->sent != c->sent)
      break;
    if (p->v1 > c->v0)
      continue;
    if (p->subj.t1 > p->subj.t0)
      return p->voice == DLV_PASSIVE && p->agent.t1 > p->agent.t0 ? NULL : p;
    /* a chain of infinitives: "vowed to try to restore" */
    bool pinf = p->v0 < p->v1 && (dltok_is(d, p->v0, "to") ||
                                  (p->v0 > 0 && dltok_is(d, p->v0 - 1, "to")));
    if (!pinf)
      return NULL;
  }
  return NULL;
}

/* Does a blame name the speaker's own side as the culprit? "we are behind
** the attack", "(the group said) its fighters were responsible": then it is
** a claim of responsibility. [i, j) is the culprit's span; its determiner
** may sit just before it. */
static bool self_blame(const S *s, const dlactref *tgt, uint32_t i,
                       uint32_t j) {
  static const char *const we[] = {"we", "i", "us", NULL};
  static const char *const poss[] = {"its", "their", "our", "my", NULL};
  static const char *const ours[] = {
      "fighters", "fighter", "men", "members", "member", "forces", "troops",
      "soldiers", "militants", "mujahideen", "units", "unit", "brigade",
      "brigades", "cell", "cells", "operatives", "commandos", "wing", NULL};
  const dl_doc *d = s->d;
  if (!tgt->set)
    return false;
  if (fold_in(d, i, we))
    return true;
  uint32_t p = fold_in(d, i, poss) ? i : i > 0 && fold_in(d, i - 1, poss) ? i - 1
                                                                       : j;
  for (uint32_t k = p + 1; k < j && k < d->toks.n; k++)
    if (fold_in(d, k, ours))
      return true;
  return false;
}

/* Recode blame trigger 't' as a claim of responsibility (CAMEO 015 from
** the event lexicon's "claim responsibility"): the speaker claims the act,
** nobody is its target. The rule keeps the phrase that fired. */
static void recode_claim(S *s, trig *t) {
  const dllex_sense *sv;
  static const char phrase[] = "claim responsibility";
  uint32_t n = dllex_lookup(s->e, phrase, sizeof phrase - 1, &sv);
  for (uint32_t k = 0; k < n; k++) {
    if (sv[k].dict != DLX_EVENT)
      continue;
    trig save = *t;
    if (!fill_trig(s, t, &sv[k]) || (t->flags & F_THEME)) {
      *t = save;
      return;
    }
    t->flags = (save.flags & ~F_BLAME) | F_CLAIM;
    memset(&t->tgt, 0, sizeof t->tgt);
    t->tgt.ent = -1;
    return;
  }
}

/* Source and target of trigger 't' in the sentence [t0s, t1s). */
static void roles(S *s, trig *t, uint32_t t0s, uint32_t t1s) {
  dl_doc *d = s->d;
  memset(&t->src, 0, sizeof t->src);
  memset(&t->tgt, 0, sizeof t->tgt);
  t->src.ent = t->tgt.ent = -1;
  if (t->flags & F_QUOTE) {
    ref_speaker(s, &t->src, t->quote);
    return;
  }
  if (t->flags & F_BLAME) {
    int k = subject_before(s, t->t0, t0s);
    if (k >= 0)
      ref_item(s, &t->tgt, &s->it[k], t0s, t->quote);
    ref_speaker(s, &t->src, t->quote);
    if (k >= 0 && self_blame(s, &t->tgt, s->it[k].t0, s->it[k].t1)) {
      recode_claim(s, t);
    } else if (t->src.set && t->tgt.set && !t->src.text && !t->tgt.text &&
               t->src.s == t->tgt.s && t->src.e == t->tgt.e) {
      /* the speaker is no culprit of their own blame ("Officials said
      ** their rivals were behind it"): the culprit was not found */
      memset(&t->tgt, 0, sizeof t->tgt);
      t->tgt.ent = -1;
    }
    return;
  }
  bool verbal = t->pos == 'v';
  /* passive: a form of 'be' before the verb ("was attacked") */
  t->passive = false;
  if (verbal) {
    uint32_t i = t->t0;
    while (i > t0s && (dlpos_adv(tag(d, i - 1)) || dltok_is(d, i - 1, "not") ||
                       dltok_is(d, i - 1, "been") ||
                       dltok_is(d, i - 1, "being")))
      if (dltok_is(d, --i, "been") || dltok_is(d, i, "being"))
        break;
    if (i > t0s && fold_in(d, i - 1, W_BE))
      t->passive = true;
    if (i > t0s && (dltok_is(d, i, "been") || dltok_is(d, i, "being")))
      t->passive = true;
    if (tag(d, t->t0) == DLPOS_VBG)
      t->passive = false;
  }
  const dlclause *c = verbal && d->clauses.n ? clause_of(d, t->t0) : NULL;
  const dlclause *ctl = c ? controller(d, c) : NULL;
  if (c) {
    /* a participle tagged passive with an object and no 'be' is active
       ("The security forces used tear gas") */
    bool passive = c->voice == DLV_PASSIVE &&
                   (t->passive || c->agent.t1 > c->agent.t0 || !c->nobj);
    t->passive = passive;
    if (passive) {
      ref_np(s, &t->tgt, &c->subj, t0s, t->quote);
      ref_np(s, &t->src, &c->agent, t0s, t->quote);
    } else {
      ref_np(s, &t->src, &c->subj, t0s, t->quote);
      if (!t->src.set && ctl)
        ref_np(s, &t->src, &ctl->subj, t0s, t->quote);
      if (c->nobj)
        ref_np(s, &t->tgt, &c->obj[0], t0s, t->quote);
      for (unsigned k = 0; !t->tgt.set && k < c->npp; k++)
        if (fold_in(d, c->pp[k].prep, W_TPREP))
          ref_np(s, &t->tgt, &c->pp[k].np, t0s, t->quote);
      /* "condemned an attack by X": the act's author is the target */
      for (unsigned k = 0; !t->tgt.set && c->nobj && k < c->npp; k++)
        if (dltok_is(d, c->pp[k].prep, "by") &&
            c->pp[k].prep == c->obj[0].t1)
          ref_np(s, &t->tgt, &c->pp[k].np, t0s, t->quote);
    }
    if (t->src.set || t->tgt.set)
      return;
  }
  int sb = subject_before(s, t->t0, t0s);
  int ag = agent_after(s, t->t1);
  int ob = object_after(s, t->t1, t1s);
  if (ag >= 0 && ob == ag)
    ob = -1;
  if (verbal && t->passive) {
    if (sb >= 0)
      ref_item(s, &t->tgt, &s->it[sb], t0s, t->quote);
    if (ag >= 0)
      ref_item(s, &t->src, &s->it[ag], t0s, t->quote);
    return;
  }
  if (!verbal) {
    /* a nominal: "Israeli airstrikes", "Iran's attack" modify it */
    if (sb >= 0 && s->it[sb].t1 + 1 >= t->t0 && s->it[sb].t1 <= t->t0 &&
        s->it[sb].ent >= 0 && d->ents.v[s->it[sb].ent].type == DLE_NORP) {
      ref_item(s, &t->src, &s->it[sb], t0s, t->quote);
      sb = -1;
    }
    if (ag >= 0)
      ref_item(s, &t->src, &s->it[ag], t0s, t->quote);
    if (ob >= 0) {
      /* the target needs a preposition before it ("attack on X") */
      bool prep = false;
      for (uint32_t i = t->t1; i < s->it[ob].t0; i++)
        if (fold_in(d, i, W_TPREP))
          prep = true;
      if (prep || s->it[ob].t0 == t->t1)
        ref_item(s, &t->tgt, &s->it[ob], t0s, t->quote);
    }
  } else {
    if (ag >= 0)
      ref_item(s, &t->src, &s->it[ag], t0s, t->quote);
    if (ob >= 0)
      ref_item(s, &t->tgt, &s->it[ob], t0s, t->quote);
  }
  if (sb >= 0 && !verbal) {
    /* "guards were injured during an exchange of fire": no agent */
    for (uint32_t i = s->it[sb].t1; i < t->t0; i++)
      if (fold_in(d, i, W_BE))
        sb = -1;
  }
  if (sb >= 0 && !t->src.set) {
    /* "X survived an attack": the subject is its target */
    if (cue_between(s, s->it[sb].t1, t->t0, C_PATIENT)) {
      if (!t->tgt.set)
        ref_item(s, &t->tgt, &s->it[sb], t0s, t->quote);
    } else
      ref_item(s, &t->src, &s->it[sb], t0s, t->quote);
  }
  /* a statement inside a quote with no subject: its speaker (a protest
  ** is no statement: "demonstrations turned violent, according to X") */
  if (!t->src.set && t->quote >= 0 && (t->quad == 1 || t->quad == 3) &&
      strncmp(t->cameo, "14", 2))
    ref_speaker(s, &t->src, t->quote);
}

/* ------------------------------------------------------------ date, place */

static bool date_value(const dltime *tm, char *out) {
  const char *v = tm->value;
  if (tm->type != DLTX_DATE && tm->type != DLTX_TIME)
    return false;
  size_t n = strnlen(v, sizeof tm->value);
  if (n < 7 || v[4] != '-')
    return false;
  for (int i = 0; i < 4; i++)
    if (v[i] < '0' || v[i] > '9')
      return false;
  if (v[5] < '0' || v[5] > '9' || v[6] < '0' || v[6] > '9')
    return false;
  size_t k = 7;
  if (n >= 10 && v[7] == '-' && v[8] >= '0' && v[8] <= '9')
    k = 10;
  memcpy(out, v, k);
  out[k] = '\0';
  return true;
}

static void pub_date(const dl_doc *d, char *out) {
  if (!d->has_date) {
    out[0] = '\0';
    return;
  }
  snprintf(out, 24, "%04d-%02d-%02d", d->year % 10000, d->month % 100,
           d->day % 100);
}

/* The place of a sentence: a GPE/LOC after a locative preposition, else a
** city or feature named in it (not a country: "Prime Minister of Iraq"
** names an actor), else the dateline's. */
static void sent_place(S *s, uint32_t t0, uint32_t t1, dlplace *out) {
  dl_doc *d = s->d;
  memset(out, 0, sizeof *out);
  const dlplace *best = NULL;
  int bscore = 0;
  for (uint32_t i = t0; d->tokent && i < t1; i++) {
    int32_t en = d->tokent[i];
    if (en < 0 || (i > t0 && d->tokent[i - 1] == en))
      continue;
    const dlentity *e = &d->ents.v[en];
    if ((e->type != DLE_GPE && e->type != DLE_LOC) || !e->place.set)
      continue;
    uint32_t p = i;
    if (p > t0 && dltok_is(d, p - 1, "the"))
      p--;
    int sc = 1;
    if (p > t0 && fold_in(d, p - 1, W_LOC))
      sc = 4;
    else if (p > t0 && dltok_is(d, p - 1, "at"))
      sc = 3;
    else if (e->place.kind == DLPK_COUNTRY)
      sc = 0;
    else if (i + 1 < t1 && dltok_is(d, i + 1, "'s"))
      sc = 0;
    if (sc > 0 && e->place.kind != DLPK_COUNTRY)
      sc++;
    if (sc > bscore) {
      bscore = sc;
      best = &e->place;
    }
  }
  if (!best && d->dateline.present && d->dateline.ent >= 0 &&
      d->ents.v[d->dateline.ent].place.set)
    best = &d->ents.v[d->dateline.ent].place;
  if (best)
    *out = *best;
}

/* The article's main country: the country with most entity mentions. */
static void main_country(S *s) {
  dl_doc *d = s->d;
  s->main_ent = -1;
  s->main_cc[0] = '\0';
  struct { char cc[4]; uint32_t n; int32_t ent; } tab[48];
  uint32_t nt = 0, bestn = 0;
  for (uint32_t i = 0; i < d->ents.n; i++) { /* mentions per country */
    const dlentity *e = &d->ents.v[i];
    if (!e->has_actor || !e->actor.country[0])
      continue;
    uint32_t k = 0;
    while (k < nt && strcmp(tab[k].cc, e->actor.country))
      k++;
    if (k == nt) {
      if (nt == DL_COUNTOF(tab))
        continue;
      memcpy(tab[k].cc, e->actor.country, 4);
      tab[k].n = 0;
      tab[k].ent = -1;
      nt++;
    }
    tab[k].n += e->mentions.n;
    if (tab[k].ent < 0 && e->type == DLE_GPE && e->place.kind == DLPK_COUNTRY)
      tab[k].ent = (int32_t)i;
  }
  for (uint32_t k = 0; k < nt; k++)
    if (tab[k].ent >= 0 && tab[k].n > bestn) {
      bestn = tab[k].n;
      s->main_ent = tab[k].ent;
      memcpy(s->main_cc, tab[k].cc, 4);
    }
}

/* ------------------------------------------------------------ events */

static bool violent(const char *c) {
  return (c[0] == '1' && (c[1] == '8' || c[1] == '9')) ||
         (c[0] == '2' && c[1] == '0');
}

static bool same_family(const char *a, const char *b) {
  if (violent(a) && violent(b))
    return true;
  return a[0] == b[0] && a[1] == b[1];
}

/* The latest event before sentence 'sent' of the family of 'cameo'. */
static int32_t antecedent(const dl_doc *d, const char *cameo) {
  for (uint32_t k = d->events.n; k-- > 0 && d->events.n - k <= 64;)
    if (same_family(d->events.v[k].cameo, cameo))
      return (int32_t)k;
  return -1;
}

/* Is the nominal trigger 't' a mention of an earlier event ("the attack",
** "this failed attempt", "led to clashes")? */
static bool is_anaphor(S *s, trig *t, uint32_t t0s) {
  dl_doc *d = s->d;
  if (t->pos == 'v' || (t->flags & (F_THEME | F_QUOTE | F_BLAME | F_CLAIM)))
    return false;
  int32_t a = antecedent(d, t->cameo);
  if (a < 0)
    return false;
  uint32_t i = t->t0;
  /* skip adjectives between the determiner and the noun */
  while (i > t0s && i + 3 > t->t0 &&
         (dlpos_adj(tag(d, i - 1)) || (d->pos == NULL &&
                                       !fold_in(d, i - 1, W_DET) &&
                                       !fold_in(d, i - 1, W_BACKREF) &&
                                       i == t->t0 && 0)))
    i--;
  if (i > t0s && fold_in(d, i - 1, W_DEF)) {
    t->ante = a;
    return true;
  }
  if (i > t0s && fold_in(d, i - 1, W_BACKREF)) {
    t->ante = a;
    return true;
  }
  return false;
}

static const char *rule_of(S *s, const trig *t, const char *pat) {
  size_t n;
  const char *en = dllex_entry(s->e, t->sn, &n);
  if (!en)
    en = "", n = 0;
  size_t pl = pat ? strlen(pat) : 0;
  char *r = dlarena_alloc(&s->d->arena, n + pl + 16);
  if (!r)
    return NULL;
  memcpy(r, "events:", 7);
  memcpy(r + 7, en, n);
  if (pl) {
    r[7 + n] = ' ';
    memcpy(r + 8 + n, pat, pl);
    r[8 + n + pl] = '\0';
  } else
    r[7 + n] = '\0';
  return r;
}

/* Is the source armed (role REB MIL UAF COP SPY; group nouns get theirs
** from roles.tsv: "gunmen", "militants", "soldiers")? */
static bool armed_ref(const dlactref *r) {
  static const char *const R[] = {"REB", "MIL", "UAF", "COP", "SPY"};
  size_t n = r->set ? strnlen(r->code, sizeof r->code) : 0;
  if (n < 3)
    return false;
  for (size_t i = 0; i < DL_COUNTOF(R); i++)
    if (!memcmp(r->code + n - 3, R[i], 3))
      return true;
  return false;
}

/* A protest or riot (root 14) by an armed source is an attack: the
** phrase's armed sense ("Gunmen stormed a hotel": 180, not 145). */
static void recode_armed(S *s, trig *t) {
  if (!t->armed || t->cameo[0] != '1' || t->cameo[1] != '4')
    return;
  bool armed = armed_ref(&t->src);
  for (uint32_t i = 0; i < t->nx[0] && !armed; i++)
    armed = armed_ref(&t->xs[0][i]);
  if (!armed)
    return;
  trig save = *t;
  if (!fill_trig(s, t, t->armed) || (t->flags & F_THEME)) {
    *t = save;
    return;
  }
  t->sn = t->armed;
}

static void recode_threat(trig *t) {
  const char *c = t->cameo;
  const char *nc = "130";
  if (c[0] == '1' && c[1] == '6')
    nc = "1312";
  else if (c[0] == '1' && c[1] == '7')
    nc = "137";
  else if (violent(c) || (c[0] == '1' && c[1] == '5'))
    nc = "138";
  memset(t->cameo, 0, sizeof t->cameo);
  memcpy(t->cameo, nc, strlen(nc));
  t->quad = 3;
  t->gold = nc[2] == '8' ? -7.0f : nc[3] == '2' ? -5.8f : -4.4f;
  t->plover = "THREATEN";
}

static void theme_add(S *s, const char *th) {
  int i = th ? theme_index(th, strlen(th)) : -1;
  if (i >= 0)
    s->themes |= 1u << i;
}

static void theme_of_event(S *s, const trig *t) {
  const char *c = t->cameo;
  if (t->theme)
    theme_add(s, t->theme);
  if (!strcmp(c, "185") || !strcmp(c, "186"))
    theme_add(s, "ASSASSINATION");
  if (violent(c))
    theme_add(s, "ATTACK");
  if (c[0] == '1' && c[1] == '4')
    theme_add(s, "PROTEST");
  if (!strcmp(c, "173"))
    theme_add(s, "ARREST");
  if (c[0] == '0' && c[1] == '9')
    theme_add(s, "INVESTIGATION");
  if (c[0] == '0' && (c[1] == '3' || c[1] == '4' || c[1] == '5'))
    theme_add(s, "DIPLOMACY");
  if (c[0] == '0' && c[1] == '7')
    theme_add(s, "AID");
  if (!strncmp(c, "0871", 4))
    theme_add(s, "CEASEFIRE");
  if (!strcmp(c, "163"))
    theme_add(s, "SANCTIONS");
  if (c[0] == '1' && c[1] == '3')
    theme_add(s, "THREAT");
}

/* Modality of trigger 't' from the cues of its sentence. */
static void modality(S *s, trig *t) {
  dl_doc *d = s->d;
  uint8_t m = DLM_ASSERTED;
  bool threat = false;
  if (t->flags & F_ATT)
    m = DLM_ATTEMPTED;
  for (uint32_t k = 0; k < s->ncu; k++) {
    const cue *u = &s->cu[k];
    bool sameq = u->quote == t->quote ||
                 (u->quote >= 0 && d->quotes.v[u->quote].kind == 1) ||
                 (t->quote >= 0 && d->quotes.v[t->quote].kind == 1);
    if (!sameq)
      continue;
    uint32_t dist = u->t1 <= t->t0 ? t->t0 - u->t1 : UINT32_MAX;
    switch (u->kind) {
    case C_NEG:
      if (dist <= 3 && m != DLM_ATTEMPTED)
        m = DLM_NEGATED;
      break;
    case C_ATT:
    case C_PATIENT:
      if (dist <= 6)
        m = DLM_ATTEMPTED;
      break;
    case C_HEDGE:
      if (m == DLM_ASSERTED &&
          (dist != UINT32_MAX || !dltok_is(d, u->t0, "suspected")))
        m = DLM_HEDGED;
      break;
    case C_THREAT:
      if (dist <= 5) {
        m = DLM_FUTURE;
        threat = true;
      }
      break;
    case C_FUT:
      if (dist <= 5 && m == DLM_ASSERTED)
        m = DLM_FUTURE;
      break;
    default:
      break;
    }
  }
  if (threat && !(t->cameo[0] == '1' && t->cameo[1] == '3'))
    recode_threat(t);
  t->mod = m;
}

/* The most specific entry the lexicon has for a verb trigger and the words
** that follow it, modifiers skipped: "abandon full diplomatic ties" ->
** 'abandon diplomatic ties', "contribute a million dollars" -> 'contribute
** dollars', "acted on a resolution" -> 'act on resolution'. Replaces the
** trigger's sense when a longer entry exists. */
static void refine(S *s, trig *t, uint32_t t1s) {
  const dl_doc *d = s->d;
  char buf[160];
  size_t n = 0;
  for (uint32_t i = t->t0; i < t->t1; i++) {
    size_t l;
    const char *f = dltok_fold(d, i, &l);
    if (n + l + 1 >= sizeof buf)
      return;
    if (n)
      buf[n++] = ' ';
    memcpy(buf + n, f, l);
    n += l;
  }
  const dllex_sense *best = NULL, *bsv = NULL;
  uint32_t words = 0, bn = 0;
  for (uint32_t i = t->t1; i < t1s && i < t->t1 + 8 && words < 4; i++) {
    if (d->toks.v[i].flags & DLT_PUNCT)
      break;
    unsigned g = tag(d, i);
    if (is_verbish(s, i) && g != DLPOS_VBN && g != DLPOS_VBG)
      break;
    if (fold_in(d, i, W_DET) || g == DLPOS_DT || g == DLPOS_CD ||
        g == DLPOS_PRPS || (dlpos_adj(g) && i + 1 < t1s &&
                            !(d->toks.v[i + 1].flags & DLT_PUNCT)) ||
        dltok_is(d, i, "million") || dltok_is(d, i, "billion"))
      continue; /* a modifier: skipped, and never the last word */
    size_t l;
    const char *f = dltok_fold(d, i, &l);
    if (n + l + 1 >= sizeof buf)
      break;
    buf[n++] = ' ';
    memcpy(buf + n, f, l);
    n += l;
    words++;
    const dllex_sense *sv;
    uint32_t k = dllex_lookup(s->e, buf, n, &sv);
    for (uint32_t j = 0; j < k; j++)
      if (sv[j].dict == DLX_EVENT && !armed_sense(s, &sv[j])) {
        best = &sv[j];
        bsv = sv;
        bn = k;
        break;
      }
  }
  if (best && best != t->sn) {
    trig save = *t;
    t->sn = best;
    t->armed = armed_of(s, bsv, bn, best);
    if (!fill_trig(s, t, best) || (t->flags & F_THEME))
      *t = save;
  }
}

/* Collect triggers and cues of sentence k. */
static void scan(S *s, uint32_t t0, uint32_t t1) {
  dl_doc *d = s->d;
  s->ntr = s->ncu = 0;
  uint32_t mask = DLX_BIT(DLX_EVENT) | DLX_BIT(DLX_MODAL);
  for (uint32_t i = t0; i < t1;) {
    dllex_match m;
    if (((d->toks.v[i].flags & DLT_PUNCT) && !dltok_is(d, i, "n't")) ||
        !dllex_longest(d, i, mask, &m)) {
      i++;
      continue;
    }
    /* names and times are no triggers ("March", "Strike Force") */
    if (in_time(d, i) || (d->tokent && d->tokent[i] >= 0 &&
                          (d->toks.v[i].flags & DLT_CAP))) {
      i = m.t1;
      continue;
    }
    const dllex_sense *ev = dllex_sense_in(&m, DLX_EVENT);
    const dllex_sense *md = dllex_sense_in(&m, DLX_MODAL);
    if (md && s->ncu < MAXCUE) {
      int k = cue_kind(s, md);
      if (k >= 0 && !(dltok_is(d, i, "may") && (d->toks.v[i].flags & DLT_CAP)))
        s->cu[s->ncu++] = (cue){m.t0, m.t1, (uint8_t)k, s->qtok[i]};
    }
    if (ev && s->ntr < MAXTRIG) {
      const dllex_sense *sn = pick_event(s, &m, t0);
      trig *t = &s->tr[s->ntr];
      memset(t, 0, sizeof *t);
      t->t0 = m.t0;
      t->t1 = m.t1;
      t->sn = sn;
      t->armed = sn ? armed_of(s, m.senses, m.n, sn) : NULL;
      t->quote = s->qtok[i];
      t->ante = -1;
      if (sn && fill_trig(s, t, sn)) {
        bool ok = true;
        if (t->flags & F_COMP) {
          ok = m.t1 < t1 && (fold_in(d, m.t1, W_TPREP) ||
                             dltok_is(d, m.t1, "for") ||
                             dltok_is(d, m.t1, "over") ||
                             dltok_is(d, m.t1, "responsibility"));
        }
        /* a harm participle after a determiner names people or
        ** describes them: "many of the wounded", "a wounded soldier" */
        if (ok && (t->flags & F_HARM) && m.t0 > t0 &&
            fold_in(d, m.t0 - 1, W_DET))
          ok = false;
        if (ok && t->pos == 'v')
          refine(s, t, t1);
        if (ok)
          s->ntr++;
      }
    }
    i = m.t1;
  }
}

static bool direct(const S *s, int32_t q) {
  return q >= 0 && s->d->quotes.v[q].kind == 0;
}

static void emit(S *s, trig *t, uint32_t k, const char *date,
                 const dlplace *pl, const char *pat) {
  dl_doc *d = s->d;
  dlevent *v = dlvec_push(&d->arena, &d->events);
  if (!v)
    return;
  v->sent = k;
  v->s = d->toks.v[t->t0].s;
  v->e = d->toks.v[t->t1 - 1].e;
  memcpy(v->cameo, t->cameo, sizeof v->cameo);
  v->quad = t->quad;
  v->goldstein = t->gold;
  v->plover = t->plover;
  v->source = t->src;
  v->target = t->tgt;
  memcpy(v->date, date, sizeof v->date);
  if (pl)
    v->place = *pl;
  v->modality = t->mod;
  v->killed = v->injured = v->arrested = -1;
  v->rule = rule_of(s, t, pat);
  theme_of_event(s, t);
}

/* Is the harm's cause a natural hazard or an accident? "Flooding in the
** northern provinces has killed at least 47 people" (golden casualties.txt)
** counts the dead but is no act of one actor on another: no CAMEO event. */
static const char *const W_HAZARD[] = {
    "flood", "floods", "flooding", "flash", "earthquake", "quake",
    "earthquakes", "storm", "storms", "typhoon", "hurricane", "cyclone",
    "tornado", "landslide", "landslides", "mudslide", "mudslides",
    "avalanche", "wildfire", "wildfires", "blaze", "heatwave", "heat",
    "drought", "famine", "tsunami", "eruption", "lightning", "rains", "rain",
    "snowstorm", "blizzard", "disease", "outbreak", "epidemic", "pandemic",
    "cholera", "virus", "crash", "accident", "collapse", "derailment",
    "stampede", "fire", NULL};

static bool natural_cause(const S *s, const trig *t) {
  const dl_doc *d = s->d;
  if (t->src.set)
    return false;
  const dlclause *c = clause_of(d, t->t0);
  if (c && c->subj.t0 < c->subj.t1 && c->voice == DLV_ACTIVE) {
    for (uint32_t i = c->subj.t0; i < c->subj.t1; i++)
      if (fold_in(d, i, W_HAZARD))
        return i == c->subj.t0 || i + 1 == c->subj.t1 || i == c->subj.head;
    return false;
  }
  /* no clause: the first word of the sentence, as in "Floods killed 9" */
  uint32_t k = d->sents.v[d->toks.v[t->t0].sent].t0;
  return k < t->t0 && fold_in(d, k, W_HAZARD);
}

static void sentence(S *s, uint32_t k) {
  dl_doc *d = s->d;
  const dlsent *se = &d->sents.v[k];
  scan(s, se->t0, se->t1);
  /* the sentence's date, else the narrative's */
  char date[24] = "";
  while (s->ti < d->times.n && d->times.v[s->ti].t0 < se->t0)
    s->ti++; /* times are in text order */
  for (uint32_t i = s->ti; i < d->times.n && d->times.v[i].t0 < se->t1; i++)
    if (date_value(&d->times.v[i], date))
      break;
  /* a new paragraph leaves a flashback: "Two days earlier, forces
  ** killed 17 ..." does not date the paragraphs after it, which go back
  ** to the story's first date (a later date, "early on Sunday", stays) */
  if (k > 0 && (d->toks.v[se->t0].flags & DLT_PARA) && s->lead[0] &&
      strcmp(s->narr, s->lead) < 0)
    memcpy(s->narr, s->lead, sizeof s->narr);
  if (date[0]) {
    memcpy(s->narr, date, sizeof date);
    if (!s->lead[0])
      memcpy(s->lead, date, sizeof date);
  }
  if (!s->ntr && !s->ncu)
    return;
  if (!date[0] && s->narr[0])
    memcpy(date, s->narr, sizeof date);
  if (!date[0])
    pub_date(d, date);
  dlplace pl;
  bool have_pl = false;

  /* which triggers are events */
  bool has_violent = false, live = false;
  for (uint32_t i = 0; i < s->ntr; i++)
    live |= !(s->tr[i].flags & F_THEME);
  if (live)
    items(s, se->t0, se->t1);
  else
    s->nit = 0;
  for (uint32_t i = 0; i < s->ntr; i++) {
    trig *t = &s->tr[i];
    if (t->flags & F_THEME) {
      theme_add(s, t->theme);
      t->drop = true;
      continue;
    }
    if (t->flags & F_QUOTE) {
      t->drop = !direct(s, t->quote);
      continue;
    }
    /* material acts inside direct quotes are talk, not events */
    if (direct(s, t->quote) && (t->quad == 2 || t->quad == 4)) {
      t->drop = true;
      if (t->theme)
        theme_add(s, t->theme);
      continue;
    }
    /* a verb inside a direct quote needs its subject there ("we
       strongly condemn"; not "Thank God") */
    if (direct(s, t->quote) && t->pos == 'v') {
      int sb = subject_before(s, t->t0, se->t0);
      if (sb < 0 || s->qtok[s->it[sb].t0] != t->quote) {
        t->drop = true;
        continue;
      }
    }
    if (is_anaphor(s, t, se->t0)) {
      t->anaphor = true;
      t->drop = true;
      continue;
    }
    /* any material conflict takes the harm: "police fired tear gas ...,
    ** leaving three dead and 40 injured" */
    if (t->quad == 4 && !(t->flags & F_HARM))
      has_violent = true;
  }
  for (uint32_t i = 0; i < s->ntr; i++) {
    trig *t = &s->tr[i];
    if (t->drop)
      continue;
    if (t->flags & F_HARM) {
      bool anaph = false;
      for (uint32_t j = 0; j < s->ntr; j++)
        if (s->tr[j].anaphor && violent(s->tr[j].cameo))
          anaph = true;
      if (has_violent || anaph) {
        t->drop = true;
        continue;
      }
    }
    /* coordinated acts of one kind ("tear gas and live ammunition") */
    for (uint32_t j = i + 1; j < s->ntr; j++) {
      trig *u = &s->tr[j];
      if (u->drop || u->quad != t->quad || u->t0 > t->t1 + 4 ||
          u->quote != t->quote)
        continue;
      bool conj = false;
      for (uint32_t x = t->t1; x < u->t0; x++)
        if (dltok_is(d, x, "and") || dltok_is(d, x, "or") ||
            dltok_is(d, x, ","))
          conj = true;
      if (conj && u->pos != 'v')
        u->drop = true;
    }
  }
  uint32_t first = d->events.n;
  for (uint32_t i = 0; i < s->ntr; i++) {
    trig *t = &s->tr[i];
    modality(s, t);
    if (t->anaphor && t->ante >= 0) {
      /* "this failed attempt" refers back */
      for (uint32_t c = 0; c < s->ncu; c++)
        if (s->cu[c].kind == C_ATT && s->cu[c].t1 >= t->t0 &&
            s->cu[c].t0 <= t->t1)
          d->events.v[t->ante].modality = DLM_ATTEMPTED;
    }
    if (t->drop)
      continue;
    roles(s, t, se->t0, se->t1);
    compound_roles(s, t, se->t0, se->t1);
    recode_armed(s, t);
    if ((t->flags & F_OBJ) && !t->tgt.set)
      continue; /* "released an album", "shot a film" */
    if (((t->flags & F_HARM) || violent(t->cameo) ||
         !strncmp(t->cameo, "171", 3)) && natural_cause(s, t)) {
      theme_add(s, "DISASTER");
      continue; /* the casualties stay, tied to no event */
    }
    if (t->flags & F_HARM && t->passive && !t->src.set &&
        strcmp(t->cameo, "1823"))
      continue; /* "7 were injured": a casualty, not an act */
    /* a claim denied: the event it is about has an unknown source */
    if (!strncmp(t->cameo, "015", 3) && t->mod == DLM_NEGATED) {
      int32_t a = -1;
      for (uint32_t j = 0; j < s->ntr; j++)
        if (s->tr[j].anaphor)
          a = s->tr[j].ante;
      if (a < 0)
        for (uint32_t e = d->events.n; e-- > 0 && d->events.n - e <= 64;)
          if (violent(d->events.v[e].cameo)) {
            a = (int32_t)e;
            break;
          }
      if (a >= 0 && !d->events.v[a].source.set) {
        dlactref *r = &d->events.v[a].source;
        memset(r, 0, sizeof *r);
        r->set = true;
        r->ent = -1;
        r->text = "unknown";
      }
    }
    /* one event per actor and kind in a sentence ("condemns ... 'which
       we strongly condemn'") */
    bool dup = false;
    for (uint32_t e = first; e < d->events.n; e++) {
      const dlevent *v = &d->events.v[e];
      if (v->cameo[0] == t->cameo[0] && v->cameo[1] == t->cameo[1] &&
          v->source.set == t->src.set &&
          (!t->src.set || (v->source.ent == t->src.ent &&
                           (t->src.ent >= 0 ||
                            !strcmp(v->source.code, t->src.code))))) {
        dup = true;
        if ((t->flags & F_HARM) && !v->target.set && t->tgt.set)
          d->events.v[e].target = t->tgt; /* "stormed a hotel, killing 12
                                             people": the victims */
        break;
      }
    }
    if (dup)
      continue;
    /* "Gondor and Osgiliath renewed ties": each with the other */
    /* only acts two sides do together: consult, cooperate, fight ("Iran,
    ** Russia and China condemned the strike" is no mutual condemnation) */
    bool mutual = (t->cameo[0] == '0' && t->cameo[1] >= '3' &&
                   t->cameo[1] <= '6') ||
                  (t->cameo[0] == '1' && t->cameo[1] == '9');
    bool recip = !t->tgt.set && t->nx[0] > 1 && mutual;
    /* help offered without a recipient goes to the article's country */
    if (!t->tgt.set && !recip && t->quad <= 2 && t->cameo[0] == '0' &&
        (t->cameo[1] == '3' || t->cameo[1] == '7') &&
        s->main_ent >= 0 && strncmp(t->src.code, s->main_cc, 3) &&
        t->src.ent != s->main_ent) {
      const dlentity *me = &d->ents.v[s->main_ent];
      memset(&t->tgt, 0, sizeof t->tgt);
      t->tgt.set = true;
      t->tgt.ent = s->main_ent;
      t->tgt.s = me->mentions.v[0].s;
      t->tgt.e = me->mentions.v[0].e;
      memcpy(t->tgt.code, me->actor.code, sizeof t->tgt.code);
    }
    if (!have_pl) {
      sent_place(s, se->t0, se->t1, &pl);
      have_pl = true;
    }
    const char *pat = (t->flags & F_QUOTE)   ? "[quote]"
                      : (t->flags & F_CLAIM) ? "[claim]"
                      : (t->flags & F_BLAME) ? "[blame]"
                      : t->passive           ? "[passive]"
                      : t->pos == 'v'        ? "[active]"
                                             : "[nominal]";
    /* one event per source and target of a compound actor */
    uint32_t ns = t->nx[0] ? t->nx[0] : 1;
    uint32_t nt = recip ? ns : t->nx[1] ? t->nx[1] : 1;
    dlactref src0 = t->src, tgt0 = t->tgt;
    for (uint32_t a = 0; a < ns; a++)
      for (uint32_t b = 0; b < nt; b++) {
        if (recip && a == b)
          continue;
        t->src = t->nx[0] ? t->xs[0][a] : src0;
        t->tgt = recip ? t->xs[0][b] : t->nx[1] ? t->xs[1][b] : tgt0;
        emit(s, t, k, date, pl.set ? &pl : NULL, pat);
        if (d->arena.oom)
          return;
      }
    t->src = src0;
    t->tgt = tgt0;
  }
}

/* Per token: the quote it lies in (-1). */
static int32_t *quote_map(dl_doc *d) {
  int32_t *q = dlarena_alloc(&d->arena, sizeof *q * (d->toks.n + 1));
  if (!q)
    return NULL;
  for (uint32_t i = 0; i <= d->toks.n; i++)
    q[i] = -1;
  uint32_t lo = 0;
  for (uint32_t k = 0; k < d->quotes.n; k++) {
    const dlquote *qt = &d->quotes.v[k];
    uint32_t a = 0, b = d->toks.n;
    while (a < b) { /* first token at or after the quote's start */
      uint32_t m = (a + b) / 2;
      if (d->toks.v[m].s < qt->s)
        a = m + 1;
      else
        b = m;
    }
    for (uint32_t i = a; i < d->toks.n && d->toks.v[i].e <= qt->e; i++)
      if (q[i] < 0 || qt->kind == 0)
        q[i] = (int32_t)k;
    (void)lo;
  }
  return q;
}

/* DATELINE_DEBUG_CLAUSES=1: the clauses the roles come from, on stderr. */
static void debug_clauses(const dl_doc *d) {
  static int on = -1;
  if (on < 0) {
    const char *v = getenv("DATELINE_DEBUG_CLAUSES");
    on = v && *v == '1';
  }
  if (!on)
    return;
#define NPF(np)                                                             \
  (int)((np).t0 < (np).t1 ? d->toks.v[(np).t1 - 1].e - d->toks.v[(np).t0].s  \
                          : 0),                                             \
      ((np).t0 < (np).t1 ? d->text + d->toks.v[(np).t0].s : "")
  for (uint32_t k = 0; k < d->clauses.n; k++) {
    const dlclause *c = &d->clauses.v[k];
    dlnp vg = {c->v0, c->v1, c->v0};
    fprintf(stderr, "clause %u kind %u voice %u parent %d subj[%.*s] verb[%.*s]",
            k, c->kind, c->voice, c->parent, NPF(c->subj), NPF(vg));
    for (unsigned j = 0; j < c->nobj; j++)
      fprintf(stderr, " obj[%.*s]", NPF(c->obj[j]));
    for (unsigned j = 0; j < c->npp; j++)
      fprintf(stderr, " pp[%.*s %.*s]",
              (int)(d->toks.v[c->pp[j].prep].e - d->toks.v[c->pp[j].prep].s),
              d->text + d->toks.v[c->pp[j].prep].s, NPF(c->pp[j].np));
    fprintf(stderr, " agent[%.*s]\n", NPF(c->agent));
  }
#undef NPF
}

void dlevent_extract(dl_doc *d) {
  if (!d->eng || !d->eng->lex || !d->toks.n)
    return;
  debug_clauses(d);
  S *s = dlarena_alloc(&d->arena, sizeof *s);
  if (!s)
    return;
  memset(s, 0, offsetof(S, tr));
  s->d = d;
  s->e = d->eng;
  s->qtok = quote_map(d);
  if (!s->qtok)
    return;
  main_country(s);
  for (uint32_t k = 0; k < d->sents.n && !d->arena.oom; k++)
    sentence(s, k);
  for (unsigned i = 0; i < DL_COUNTOF(theme_names); i++)
    if (s->themes & (1u << i)) {
      const char **p = dlvec_push(&d->arena, &d->themes);
      if (!p)
        return;
      *p = theme_names[i];
    }
}

/* ------------------------------------------------------------ casualties */

static void resum(dl_doc *d, int32_t ev) {
  dlevent *e = &d->events.v[ev];
  e->killed = e->injured = e->arrested = -1;
  for (uint32_t i = 0; i < d->cas.n; i++) {
    const dlcasualty *c = &d->cas.v[i];
    if (c->event != ev)
      continue;
    int64_t *sum = c->kind == DLC_KILLED     ? &e->killed
                   : c->kind == DLC_INJURED  ? &e->injured
                   : c->kind == DLC_ARRESTED ? &e->arrested
                                             : NULL;
    if (!sum)
      continue;
    if (*sum < 0)
      *sum = 0;
    if (!c->negated && c->count > 0)
      *sum += c->count;
  }
}

void dlevent_link_casualties(dl_doc *d) {
  if (!d->eng || !d->eng->lex || !d->events.n)
    return;
  for (uint32_t i = 0; i < d->cas.n; i++) {
    dlcasualty *c = &d->cas.v[i];
    if (c->event >= 0 || c->sent >= d->sents.n)
      continue;
    const dlsent *se = &d->sents.v[c->sent];
    int32_t ante = -1;
    for (uint32_t t = se->t0; t < se->t1 && ante < 0;) {
      dllex_match m;
      if (!dllex_longest(d, t, DLX_BIT(DLX_EVENT), &m)) {
        t++;
        continue;
      }
      const dllex_sense *sn = dllex_sense_in(&m, DLX_EVENT);
      size_t n;
      const char *f = dllex_field(d->eng, sn, 0, &n);
      if (f && n >= 2 && t > se->t0 &&
          (fold_in(d, t - 1, W_DEF) || fold_in(d, t - 1, W_BACKREF))) {
        char cam[3] = {f[0], f[1], 0};
        if (violent(cam))
          for (uint32_t e = d->events.n; e-- > 0 && d->events.n - e <= 64;)
            if (d->events.v[e].sent < c->sent &&
                violent(d->events.v[e].cameo)) {
              ante = (int32_t)e;
              break;
            }
      }
      t = m.t1;
    }
    if (ante >= 0) {
      c->event = ante;
      resum(d, ante);
    }
  }
}
