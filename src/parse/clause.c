/*
** clause.c: the clauses stage (DESIGN.md), after times and before events.
** Tags each sentence (tagger.c) into doc->pos, then cuts it into clauses by
** rules over the tags: noun phrases, verb groups with voice, tense,
** negation and modality, subject, objects, prepositional phrases, passive
** agents, relative and reported clauses, into doc->clauses.
*/
#include "parse.h"

#include <pthread.h>

#define NONE UINT32_MAX


static const char *const L_BE[] = {"be", "is", "are", "was", "were", "been",
                                 "being", "am", "'s", "'re", "'m", NULL};
static const char *const L_GET[] = {"get", "gets", "got", "gotten", "getting",
                                  NULL};
static const char *const L_AUX[] = {"have", "has", "had", "having", "'ve", "'d",
                                  "do", "does", "did", NULL};
static const char *const L_NEG[] = {"not", "n't", "never", NULL};
static const char *const L_FUT[] = {"will", "shall", "'ll", "wo", NULL};
static const char *const L_PASTMD[] = {"would", "could", "might", NULL};
/* speech verbs that open a reported clause ("Officials said that ...") */
static const char *const L_SAY[] = {
    "say", "says", "said", "saying", "tell", "told", "announce", "announced",
    "state", "stated", "claim", "claimed", "report", "reported", "add",
    "added", "deny", "denied", "confirm", "confirmed", "warn", "warned",
    "insist", "insisted", "note", "noted", "allege", "alleged", "explain",
    "explained", "acknowledge", "acknowledged", "declare", "declared",
    "tweet", "tweeted", "write", "wrote", "believe", "believed", "think",
    "thought", "suggest", "suggested", "show", "showed", "indicate",
    "indicated", NULL};
/* subordinators that open a clause of their own */
static const char *const L_SUB[] = {
    "that", "because", "after", "before", "while", "although", "though",
    "if", "since", "until", "unless", "whereas", "as", "when", "where",
    "whether", NULL};

/* subordinators that are never prepositions ("said that the attack") */
static const char *const L_COMP[] = {"that", "whether", "if", "because",
                                   "although", "though", "while", "unless",
                                   "whereas", NULL};

/* Word classes: one bit per list above and per word the rules name; each
** token's bits are found once per document (classify). */
enum {
  BE = 1u << 0,
  GET = 1u << 1,
  AUX = 1u << 2,
  NEG = 1u << 3,
  FUT = 1u << 4,
  PASTMD = 1u << 5,
  SAY = 1u << 6,
  SUB = 1u << 7,
  COMP = 1u << 8,
  W_AND = 1u << 9,
  W_AT = 1u << 10,
  W_BY = 1u << 11,
  W_GOING = 1u << 12,
  W_LEAST = 1u << 13,
  W_LONGER = 1u << 14,
  W_MOST = 1u << 15,
  W_NO = 1u << 16,
  W_OF = 1u << 17,
  W_OR = 1u << 18,
  W_THAT = 1u << 19,
  W_WHICH = 1u << 20,
  W_WHO = 1u << 21,
  W_WHOM = 1u << 22,
};

static const char *const SINGLE[] = {"and", "at", "by", "going", "least", "longer", "most", "no", "of", "or", "that", "which", "who", "whom", NULL};

typedef struct wcslot {
  const char *w;        /* the word; NULL = empty */
  uint32_t n, bits;
} wcslot;
enum { WCSLOTS = 512 };
static wcslot wctab[WCSLOTS];
static pthread_once_t wconce = PTHREAD_ONCE_INIT;

static void wcput(const char *w, uint32_t bit) {
  size_t n = strlen(w);
  uint32_t i = (uint32_t)dltag_piece(w, n) & (WCSLOTS - 1);
  while (wctab[i].w && strcmp(wctab[i].w, w) != 0)
    i = (i + 1) & (WCSLOTS - 1);
  wctab[i].w = w;
  wctab[i].n = (uint32_t)n;
  wctab[i].bits |= bit;
}

static void wcinit(void) {
  const char *const *ls[] = {L_BE,  L_GET, L_AUX, L_NEG, L_FUT,
                             L_PASTMD, L_SAY, L_SUB, L_COMP};
  for (unsigned k = 0; k < DL_COUNTOF(ls); k++)
    for (const char *const *w = ls[k]; *w; w++)
      wcput(*w, 1u << k);
  for (unsigned k = 0; SINGLE[k]; k++)
    wcput(SINGLE[k], 1u << (DL_COUNTOF(ls) + k));
}

/* The class bits of every token of 'd' into wc[0 .. toks.n). */
static void classify(const dl_doc *d, uint32_t *wc) {
  pthread_once(&wconce, wcinit);
  for (uint32_t i = 0; i < d->toks.n; i++) {
    size_t n;
    const char *f = dltok_fold(d, i, &n);
    wc[i] = 0;
    if (n > 12 || !n) /* longer than any listed word */
      continue;
    for (uint32_t k = (uint32_t)dltag_piece(f, n) & (WCSLOTS - 1);
         wctab[k].w; k = (k + 1) & (WCSLOTS - 1))
      if (wctab[k].n == n && memcmp(wctab[k].w, f, n) == 0) {
        wc[i] = wctab[k].bits;
        break;
      }
  }
}

static inline bool is(const uint32_t *wc, uint32_t i, uint32_t bits) {
  return (wc[i] & bits) != 0;
}

/* ------------------------------------------------------------ noun phrases */

typedef struct np {
  uint32_t t0, t1, head;
  uint32_t prep;      /* preposition before it, or NONE */
} np;

static bool np_start(unsigned t) {
  return t == DLPOS_DT || t == DLPOS_PDT || t == DLPOS_PRPS ||
         t == DLPOS_WPS || t == DLPOS_CD || dlpos_adj(t) || dlpos_noun(t) ||
         t == DLPOS_PRP || t == DLPOS_DOLLAR || t == DLPOS_EX;
}

/* A base noun phrase at i: (PDT) (DT|PRP$|CD) (JJ|CD|VBN|VBG|NN*|POS|HYPH)*,
** ending on a noun, number or adjective. Returns its end or i. */
static uint32_t base_np(const uint8_t *p, uint32_t i,
                        uint32_t e, uint32_t *head) {
  if (i >= e || !np_start(p[i]))
    return i;
  if (p[i] == DLPOS_PRP || p[i] == DLPOS_EX) { /* "they", "him" alone */
    *head = i;
    return i + 1;
  }
  uint32_t j = i, h = NONE;
  while (j < e) {
    unsigned t = p[j];
    if (dlpos_noun(t) || t == DLPOS_CD || dlpos_adj(t) || t == DLPOS_DOLLAR) {
      if (dlpos_noun(t) || t == DLPOS_CD || h == NONE || !dlpos_noun(p[h]))
        h = j;
      j++;
    } else if ((t == DLPOS_DT || t == DLPOS_PDT || t == DLPOS_PRPS ||
                t == DLPOS_WPS) && (j == i || p[j - 1] == DLPOS_PDT ||
                                    p[j - 1] == DLPOS_POS)) {
      j++;
    } else if (t == DLPOS_POS && j > i && h != NONE) {
      j++, h = NONE; /* "Iran 's national council": the head comes later */
    } else if ((t == DLPOS_VBN || t == DLPOS_VBG || t == DLPOS_HYPH) &&
               j > i && j + 1 < e &&
               (dlpos_noun(p[j + 1]) || dlpos_adj(p[j + 1]))) {
      j++; /* "the wounded soldiers", "al - Qaeda" */
    } else {
      break;
    }
  }
  while (j > i && h == NONE) /* ended on a determiner or "'s" */
    j--, h = j > i && (dlpos_noun(p[j - 1]) || p[j - 1] == DLPOS_CD)
                 ? j - 1 : NONE;
  if (h == NONE)
    return i;
  *head = h;
  return j;
}

/* ------------------------------------------------------------- verb groups */

typedef struct vg {
  uint32_t v0, v1, verb, modal;
  bool neg, passive, future, finite;
  uint8_t tense;
} vg;

static bool adv(const uint32_t *wc, const uint8_t *p, uint32_t i) {
  return dlpos_adv(p[i]) || is(wc, i, NEG);
}

static bool auxlike(const uint32_t *wc, uint32_t i) {
  return is(wc, i, BE) || is(wc, i, GET) || is(wc, i, AUX);
}

/* A verb group starting at i (MD or VB*): aux/modal/negation/adverbs and a
** main verb. Returns false if none starts there. */
static bool verb_group(const uint32_t *wc, const uint8_t *p, uint32_t i,
                       uint32_t e, vg *g) {
  if (!(p[i] == DLPOS_MD || dlpos_verb(p[i])))
    return false;
  memset(g, 0, sizeof *g);
  g->v0 = i;
  g->modal = NONE;
  uint32_t j = i, first = i;
  for (;;) {
    if (p[j] == DLPOS_MD) {
      g->modal = j;
      if (is(wc, j, FUT))
        g->future = true;
    }
    g->verb = j;
    bool more = p[j] == DLPOS_MD || auxlike(wc, j);
    /* "going to" + verb: future */
    if (is(wc, j, W_GOING) && j + 2 < e && p[j + 1] == DLPOS_TO &&
        dlpos_verb(p[j + 2]) && j > i && is(wc, j - 1, BE)) {
      g->future = true;
      j += 2;
      continue;
    }
    if (!more)
      break;
    uint32_t k = j + 1;
    while (k < e && adv(wc, p, k)) {
      if (is(wc, k, NEG) ||
          (is(wc, k, W_NO) && k + 1 < e && is(wc, k + 1, W_LONGER)))
        g->neg = true;
      k++;
    }
    if (k < e && is(wc, k, W_NO) && k + 1 < e &&
        is(wc, k + 1, W_LONGER))
      g->neg = true, k += 2;
    if (k < e && (dlpos_verb(p[k]) || p[k] == DLPOS_MD)) {
      j = k;
      continue;
    }
    break;
  }
  g->v1 = g->verb + 1;
  /* trailing negation: "was not" */
  for (uint32_t k = g->v1; k < e && adv(wc, p, k) && k < g->v1 + 2; k++)
    if (is(wc, k, NEG))
      g->neg = true, g->v1 = k + 1;
  /* passive: a participle after a form of be/get */
  unsigned vt = p[g->verb];
  if ((vt == DLPOS_VBN || vt == DLPOS_VBD) && g->verb > g->v0) {
    uint32_t k = g->verb - 1;
    while (k > g->v0 && adv(wc, p, k))
      k--;
    if (is(wc, k, BE) || is(wc, k, GET))
      g->passive = true;
  }
  unsigned ft = p[first];
  g->finite = ft == DLPOS_MD || ft == DLPOS_VBD || ft == DLPOS_VBZ ||
              ft == DLPOS_VBP;
  if (g->future)
    g->tense = DLTN_FUTURE;
  else if (ft == DLPOS_MD)
    g->tense = is(wc, first, PASTMD) ? DLTN_PAST : DLTN_PRESENT;
  else if (ft == DLPOS_VBD || ft == DLPOS_VBN)
    g->tense = DLTN_PAST;
  else
    g->tense = DLTN_PRESENT;
  return true;
}

/* --------------------------------------------------------------- sentences */

enum { MAXNP = 256, MAXVG = 64 };

typedef struct sentctx {
  dl_doc *d;
  const uint8_t *p;
  const uint32_t *wc; /* per token of the document: word class bits */
  uint32_t s0, s1;
  np nps[MAXNP];
  uint32_t nnp;
  vg vgs[MAXVG];
  uint32_t nvg;
  int32_t *npat;      /* per token of the sentence: NP starting there, -1 */
  int32_t *vgat;      /* ... verb group starting there, -1 */
  uint32_t *owner;    /* per token: index of the NP covering it, or NONE */
  uint8_t *inrel;     /* per token: inside a relative clause */
} sentctx;

static dlnp mknp(const np *n) {
  dlnp r = {n->t0, n->t1, n->head};
  return r;
}

static bool isvg_start(const sentctx *c, uint32_t i, uint32_t *k) {
  int32_t j = c->vgat[i - c->s0]; /* one look-up, not a scan per token */
  if (j < 0)
    return false;
  if (k)
    *k = (uint32_t)j;
  return true;
}

/* The NP covering token i (relative to the document), or NULL. */
static const np *np_at(const sentctx *c, uint32_t i) {
  uint32_t o = c->owner[i - c->s0];
  return o == NONE ? NULL : &c->nps[o];
}

static void chunk(sentctx *c) {
  const uint32_t *wc = c->wc;
  const uint8_t *p = c->p;
  uint32_t n = c->s1 - c->s0;
  for (uint32_t k = 0; k < n; k++)
    c->npat[k] = -1, c->vgat[k] = -1, c->owner[k] = NONE, c->inrel[k] = 0;
  /* verb groups first: they bound noun phrases */
  for (uint32_t i = c->s0; i < c->s1 && c->nvg < MAXVG;) {
    vg g;
    /* a gerund or participle right after a determiner is nominal */
    bool nominal = (p[i] == DLPOS_VBG || p[i] == DLPOS_VBN) && i > c->s0 &&
                   (p[i - 1] == DLPOS_DT || p[i - 1] == DLPOS_PRPS ||
                    dlpos_adj(p[i - 1]));
    if (!nominal && verb_group(wc, p, i, c->s1, &g)) {
      c->vgat[i - c->s0] = (int32_t)c->nvg;
      c->vgs[c->nvg++] = g;
      i = g.v1;
    } else {
      i++;
    }
  }
  uint32_t vgi = 0;
  for (uint32_t i = c->s0; i < c->s1 && c->nnp < MAXNP;) {
    while (vgi < c->nvg && c->vgs[vgi].v1 <= i)
      vgi++;
    if (vgi < c->nvg && c->vgs[vgi].v0 <= i) {
      i = c->vgs[vgi].v1;
      continue;
    }
    uint32_t e = vgi < c->nvg ? c->vgs[vgi].v0 : c->s1, h = NONE;
    /* "at least 12 people", "at most 3": a count, not a PP (wire-story) */
    uint32_t q0 = i;
    if (i + 2 < e && is(wc, i, W_AT) &&
        (is(wc, i + 1, W_LEAST) || is(wc, i + 1, W_MOST)) &&
        p[i + 2] == DLPOS_CD)
      q0 = i + 2;
    uint32_t j = base_np(p, q0, e, &h);
    if (j == q0)
      j = i;
    if (j == i) {
      i++;
      continue;
    }
    np x = {i, j, h, NONE};
    if (i > c->s0 && (p[i - 1] == DLPOS_IN || p[i - 1] == DLPOS_TO) &&
        !is(wc, i - 1, COMP))
      x.prep = i - 1;
    /* "before security forces regained": a subordinator and a subject */
    if (x.prep != NONE && is(wc, x.prep, SUB) && j < c->s1 &&
        isvg_start(c, j, NULL))
      x.prep = NONE;
    /* one "of" phrase joins its noun ("the Secretary of Iran's national
       security council") unless a verb follows it */
    if (j + 1 < e && p[x.head] != DLPOS_PRP && is(wc, j, W_OF)) {
      uint32_t h2;
      uint32_t j2 = base_np(p, j + 1, e, &h2);
      if (j2 > j + 1)
        x.t1 = j = j2;
    }
    /* coordination: "police and soldiers" unless a verb follows */
    if (j + 1 < e && p[j] == DLPOS_CC &&
        (is(wc, j, W_AND) || is(wc, j, W_OR))) {
      uint32_t h2;
      uint32_t j2 = base_np(p, j + 1, e, &h2);
      if (j2 > j + 1 && !(j2 < c->s1 && isvg_start(c, j2, NULL)))
        x.t1 = j = j2;
    }
    c->npat[i - c->s0] = (int32_t)c->nnp;
    for (uint32_t k = x.t0; k < x.t1; k++)
      c->owner[k - c->s0] = c->nnp;
    c->nps[c->nnp++] = x;
    i = j;
  }
}

static bool boundary(const sentctx *c, uint32_t i) {
  unsigned t = c->p[i];
  return t == DLPOS_COLON || t == DLPOS_WDT || t == DLPOS_WP ||
         t == DLPOS_WRB || (t == DLPOS_IN && is(c->wc, i, SUB));
}

/* The subject of verb group k: the nearest noun phrase before it that is
** not a prepositional object, skipping relative clauses (the antecedent of
** "One protester, who had a link with the militants, was killed"). */
static const np *subject(const sentctx *c, uint32_t k, bool in_rel) {
  uint32_t v0 = c->vgs[k].v0, limit = c->s0;
  for (uint32_t q = 0; q < k; q++) /* not past the previous clause's verb */
    if (in_rel || !c->inrel[c->vgs[q].v0 - c->s0])
      limit = c->vgs[q].v1;
  for (uint32_t i = v0; i-- > limit;) {
    if (!in_rel && c->inrel[i - c->s0])
      continue;
    const np *x = np_at(c, i);
    if (x) {
      if (x->prep == NONE)
        return x;
      i = x->prep; /* skip the PP and its preposition */
      continue;
    }
    if (boundary(c, i) || c->p[i] == DLPOS_CC)
      return NULL;
  }
  return NULL;
}

/* Is participle group k a reduced relative ("11 people arrested in the
** raid")? Only when its noun phrase belongs to an earlier clause, with no
** subordinator between ("before security forces regained", wire-story:
** there the participle is a mis-tagged past tense). */
static bool reduced(const sentctx *c, uint32_t k) {
  const np *x = np_at(c, c->vgs[k].v0 - 1);
  if (!k || !x)
    return false;
  for (uint32_t i = c->vgs[k - 1].v1; i < x->t0; i++)
    if (boundary(c, i) || c->p[i] == DLPOS_CC || c->p[i] == DLPOS_COMMA)
      return false;
  return true;
}

static void clauses(sentctx *c, uint32_t sent) {
  dl_doc *d = c->d;
  const uint8_t *p = c->p;
  const uint32_t *wc = c->wc;
  uint32_t base = d->clauses.n;
  /* relative pronouns after a noun phrase open relative clauses */
  int32_t relof[MAXVG];    /* per verb group: antecedent NP or -1 */
  bool relsubj[MAXVG];
  for (uint32_t k = 0; k < c->nvg; k++)
    relof[k] = -1, relsubj[k] = false;
  for (uint32_t i = c->s0 + 1; i < c->s1; i++) {
    if (!(p[i] == DLPOS_WDT || p[i] == DLPOS_WP) ||
        !(is(wc, i, W_WHO) || is(wc, i, W_WHICH) ||
          is(wc, i, W_THAT) || is(wc, i, W_WHOM)))
      continue;
    uint32_t a = i - 1;
    bool comma = p[a] == DLPOS_COMMA;
    if (comma && a > c->s0)
      a--;
    const np *ant = np_at(c, a);
    if (!ant || ant->t1 != a + 1)
      continue;
    if (ant->prep != NONE && is(wc, i, W_THAT)) {
      /* "said in a statement that ...": a speech verb's complement */
      uint32_t q = c->nvg;
      while (q > 0 && c->vgs[q - 1].v0 > i)
        q--;
      if (q > 0 && is(wc, c->vgs[q - 1].verb, SAY))
        continue;
    }
    uint32_t k = 0;
    while (k < c->nvg && c->vgs[k].v0 <= i)
      k++;
    if (k == c->nvg)
      continue;
    relof[k] = (int32_t)(ant - c->nps);
    uint32_t m = i + 1;
    while (m < c->vgs[k].v0 && adv(wc, p, m))
      m++;
    relsubj[k] = m == c->vgs[k].v0;
    /* the relative clause runs to the closing comma, or to the next verb
       group's subject */
    uint32_t e = c->vgs[k].v1;
    while (e < c->s1 && p[e] != DLPOS_COMMA && !isvg_start(c, e, NULL) &&
           !(p[e] == DLPOS_PERIOD))
      e++;
    if (!comma && e < c->s1 && isvg_start(c, e, NULL)) {
      const np *x = e > c->s0 ? np_at(c, e - 1) : NULL; /* no: objects */
      (void)x;
    }
    for (uint32_t q = i; q < e; q++)
      c->inrel[q - c->s0] = 1;
    if (comma && e < c->s1 && p[e] == DLPOS_COMMA)
      c->inrel[e - c->s0] = 1;
  }
  for (uint32_t k = 0; k < c->nvg; k++) {
    const vg *g = &c->vgs[k];
    dlclause *cl = dlvec_push(&d->arena, &d->clauses);
    if (!cl)
      return;
    cl->sent = sent;
    cl->v0 = g->v0;
    cl->v1 = g->v1;
    cl->verb = g->verb;
    cl->modal = g->modal;
    cl->voice = g->passive ? DLV_PASSIVE : DLV_ACTIVE;
    cl->tense = g->tense;
    cl->negated = g->neg;
    cl->parent = -1;
    cl->kind = DLCL_MAIN;
    cl->t0 = k ? c->vgs[k - 1].v1 : c->s0;
    cl->t1 = k + 1 < c->nvg ? c->vgs[k + 1].v0 : c->s1;
    const np *s = NULL;
    if (relof[k] >= 0) {
      cl->kind = DLCL_RELATIVE;
      const np *ant = &c->nps[relof[k]];
      /* the clause whose subject or object the antecedent is */
      for (uint32_t q = 0; q < c->nvg; q++)
        if (q != k && !c->inrel[c->vgs[q].v0 - c->s0]) {
          cl->parent = (int32_t)(base + q);
          if (c->vgs[q].v0 > ant->t0)
            break;
        }
      if (relsubj[k]) {
        s = ant;
        cl->rel_subject = true;
      } else {
        s = subject(c, k, true);
      }
    } else if (!g->finite && p[g->v0] == DLPOS_VBN && g->v0 > c->s0 &&
               np_at(c, g->v0 - 1) && reduced(c, k)) {
      /* "11 people arrested in the raid": a reduced relative, passive */
      s = np_at(c, g->v0 - 1);
      cl->kind = DLCL_RELATIVE;
      cl->rel_subject = true;
      cl->voice = DLV_PASSIVE;
      for (uint32_t q = 0; q < k; q++)
        if (!c->inrel[c->vgs[q].v0 - c->s0])
          cl->parent = (int32_t)(base + q);
    } else if (!g->finite && p[g->v0] == DLPOS_VBN && g->v0 > c->s0 &&
               np_at(c, g->v0 - 1)) {
      s = subject(c, k, c->inrel[g->v0 - c->s0] != 0); /* a past tense */
      cl->tense = DLTN_PAST;
    } else if (!g->finite && k > 0 && g->v0 > c->s0 &&
               p[g->v0 - 1] == DLPOS_TO) {
      /* "tried to attack": the subject of the verb before; "want him to
         surrender": its object */
      const dlclause *pc = &d->clauses.v[base + k - 1];
      uint32_t to = g->v0 - 1;
      cl->kind = DLCL_XCOMP;
      cl->parent = (int32_t)(base + k - 1);
      cl->tense = pc->tense;
      if (to == c->vgs[k - 1].v1)
        cl->subj = pc->subj;
      else if (pc->nobj && pc->obj[pc->nobj - 1].t1 == to)
        cl->subj = pc->obj[pc->nobj - 1];
      else /* "went to Baghdad to meet the minister" */
        cl->subj = pc->subj;
    } else if (!g->finite && k > 0) {
      s = NULL; /* "..., killing two guards": the subject carries over */
    } else {
      s = subject(c, k, c->inrel[g->v0 - c->s0] != 0);
    }
    /* reported: a finite verb after a speech verb ("said (that) the attack
       failed") */
    uint32_t pk = k; /* the previous verb group outside relatives */
    while (pk > 0 && c->inrel[c->vgs[pk - 1].v0 - c->s0] &&
           !c->inrel[g->v0 - c->s0])
      pk--;
    if (pk > 0 && cl->kind == DLCL_MAIN && g->finite &&
        is(wc, c->vgs[pk - 1].verb, SAY)) {
      bool ok = s != NULL;
      for (uint32_t q = c->vgs[pk - 1].v1; q < g->v0 && ok; q++)
        ok = np_at(c, q) || c->inrel[q - c->s0] || p[q] == DLPOS_COMMA ||
             p[q] == DLPOS_IN || p[q] == DLPOS_TO || adv(wc, p, q) ||
             is(wc, q, W_THAT);
      if (ok) {
        cl->kind = DLCL_REPORTED;
        cl->parent = (int32_t)(base + pk - 1);
        /* the speech clause's objects end where the reported one starts */
        dlclause *pc = &d->clauses.v[base + pk - 1];
        while (pc->nobj && pc->obj[pc->nobj - 1].t0 >= s->t0)
          pc->nobj--;
        while (pc->npp && pc->pp[pc->npp - 1].prep >= s->t0)
          pc->npp--;
      }
    }
    /* "..., officials said." after a clause: that clause is reported */
    if (k > 0 && is(wc, g->verb, SAY) && cl->kind == DLCL_MAIN && s &&
        s->t0 > c->vgs[k - 1].v1 && s->t0 > c->s0 &&
        p[s->t0 - 1] == DLPOS_COMMA) {
      for (uint32_t q = base; q < base + k; q++) { /* all before it */
        dlclause *pc = &d->clauses.v[q];
        if (pc->kind == DLCL_MAIN || pc->kind == DLCL_COORD) {
          pc->kind = DLCL_REPORTED;
          pc->parent = (int32_t)(base + k);
        }
      }
    }
    if (s && pk > 0 && cl->kind == DLCL_MAIN && g->finite) {
      /* "said three attackers were shot and two were arrested" */
      const dlclause *pc = &d->clauses.v[base + pk - 1];
      uint32_t q = c->vgs[pk - 1].v1;
      while (q < s->t0 && (np_at(c, q) || adv(wc, p, q) || p[q] == DLPOS_IN))
        q++;
      if (pc->kind == DLCL_REPORTED && q + 1 == s->t0 && p[q] == DLPOS_CC &&
          !is(wc, g->verb, SAY)) {
        cl->kind = DLCL_REPORTED;
        cl->parent = pc->parent;
      }
    }
    if (!s && k > 0 && cl->kind == DLCL_MAIN) {
      /* "Police arrested 11 and injured 5": the subject carries over */
      dlclause *pc = &d->clauses.v[base + k - 1];
      uint32_t q = c->vgs[k - 1].v1;
      bool coord = false;
      for (; q < g->v0; q++)
        if (p[q] == DLPOS_CC || p[q] == DLPOS_COMMA)
          coord = true;
      if (coord && pc->subj.t1 > pc->subj.t0) {
        cl->subj = pc->subj;
        cl->kind = DLCL_COORD;
        cl->parent = (int32_t)(base + k - 1);
      }
    }
    if (s)
      cl->subj = mknp(s);
    /* objects and prepositional phrases up to the next clause */
    for (uint32_t i = g->v1; i < c->s1; i++) {
      if (isvg_start(c, i, NULL) || (boundary(c, i) && !c->inrel[i - c->s0]))
        break;
      if (c->inrel[i - c->s0] && !c->inrel[g->v0 - c->s0])
        continue; /* a relative clause inside the objects */
      if (c->npat[i - c->s0] < 0)
        continue;
      const np *x = &c->nps[c->npat[i - c->s0]];
      /* a noun phrase before the next finite verb is its subject */
      uint32_t nk;
      if (x->t1 < c->s1 && isvg_start(c, x->t1, &nk) && c->vgs[nk].finite)
        break;
      if (x->prep == NONE) {
        if (cl->nobj < DL_COUNTOF(cl->obj) && !cl->npp)
          cl->obj[cl->nobj++] = mknp(x);
      } else if (cl->npp < DL_COUNTOF(cl->pp)) {
        dlpp *pp = &cl->pp[cl->npp++];
        pp->prep = x->prep;
        pp->np = mknp(x);
        if (g->passive && is(wc, x->prep, W_BY) &&
            cl->agent.t1 == cl->agent.t0)
          cl->agent = pp->np;
      }
      i = x->t1 - 1;
    }
  }
}

void dlparse_run(dl_doc *d) {
  const struct dltagger *m = d->eng ? d->eng->tagger : NULL;
  if (!m || !d->toks.n)
    return;
  d->pos = dlarena_alloc(&d->arena, d->toks.n);
  if (!d->pos)
    return;
  for (uint32_t k = 0; k < d->sents.n; k++)
    dltag_tag(m, d, d->sents.v[k].t0, d->sents.v[k].t1,
              d->pos + d->sents.v[k].t0);
  uint32_t maxn = 0;
  for (uint32_t k = 0; k < d->sents.n; k++)
    if (d->sents.v[k].t1 - d->sents.v[k].t0 > maxn)
      maxn = d->sents.v[k].t1 - d->sents.v[k].t0;
  sentctx *c = dlarena_alloc(&d->arena, sizeof *c);
  if (!c)
    return;
  c->npat = dlarena_alloc(&d->arena, (maxn + 1) * sizeof *c->npat);
  c->vgat = dlarena_alloc(&d->arena, (maxn + 1) * sizeof *c->vgat);
  c->owner = dlarena_alloc(&d->arena, (maxn + 1) * sizeof *c->owner);
  c->inrel = dlarena_alloc(&d->arena, maxn + 1);
  if (!c->npat || !c->vgat || !c->owner || !c->inrel)
    return;
  uint32_t *wc = dlarena_alloc(&d->arena, d->toks.n * sizeof *wc);
  if (!wc)
    return;
  classify(d, wc);
  c->d = d;
  c->p = d->pos;
  c->wc = wc;
  for (uint32_t k = 0; k < d->sents.n; k++) {
    c->s0 = d->sents.v[k].t0;
    c->s1 = d->sents.v[k].t1;
    c->nnp = c->nvg = 0;
    chunk(c);
    clauses(c, k);
    if (d->arena.oom)
      return;
  }
}
