/*
** quote.c: the quotes stage. Pairs quotation marks into direct quotes (one
** pass, capped at the paragraph), finds each quote's cue and speaker around
** it, then finds reported speech ("X said that ...", "according to X, ...",
** "..., officials said") at speech cues of the lexicon's speech dictionary.
** Runs after entities (doc->tokent resolves speakers). Every search is
** bounded by a window, so the stage is linear in the tokens.
*/
#include "extract/quote.h"
#include "lexicon/lexicon.h"
#include "parse/parse.h"

/* Cue kinds (speech.tsv): CQ_TOPIC takes a noun phrase as its content
** ("criticized the plan"), CQ_DIRECT cues only a quotation ("continued:"). */
enum { CQ_NONE, CQ_VERB, CQ_OBJ, CQ_BELIEF, CQ_ACC, CQ_TOPIC, CQ_DIRECT,
       CQ_NOUN, CQ_NTOPIC, CQ_RAISE, CQ_POLL }; /* "the claim that ...",
       "criticism of X", "X appears to ..." (the whole clause is the
       content), "X leads in the latest poll" (the poll is the source) */

typedef struct cand {
  uint32_t o0, o;  /* open mark: first and last token ('' is two) */
  uint32_t c, c1;  /* close mark, first and last (or the paragraph end) */
  bool single;     /* single marks */
  bool capped;     /* never closed: ends at the paragraph */
} cand;
typedef DLVEC(cand) candvec;

typedef struct qctx {
  dl_doc *d;
  const dltok *t;
  uint32_t n;
  uint8_t *cue;     /* per token: CQ_* at a cue's first token */
  uint8_t *cuelen;  /* its length in tokens */
  uint8_t *flag;    /* per token: F_* */
  int32_t *lastper; /* per token: latest PERSON-entity token before, or -1 */
  int32_t *vcl;     /* per token: the clause it is the main verb of, or -1 */
  DLVEC(dlquote) dq, iq; /* direct, indirect, in text order */
  uint32_t hdr;     /* first token after the dateline's ':' or dash, or 0 */
  bool hdr_dash;    /* ... a dash: "Poll: Voters ..." may be a label */
} qctx;

enum { F_TIME = 1, F_INQ = 2, F_QCUE = 4 }; /* F_QCUE: a direct quote's cue */

/* ------------------------------------------------------------ words */

static const char *const DET[] = {
    "the", "a", "an", "this", "these", "those", "his", "her", "their", "its",
    "our", "my", "your", "some", "any", "another", "every", "each", "two",
    "three", "four", "several", "many", "other", "one", "both", NULL};
static const char *const PRON[] = {"he", "she", "they", "we", "i", "it",
                                   "you", NULL};
static const char *const AUX[] = {
    "has", "have", "had", "is", "was", "were", "are", "be", "been", "being",
    "will", "would", "could", "should", "can", "may", "might", "must", "did",
    "does", "do", "also", "further", "later", "then", "again", "once",
    "already", "just", "never", "not", "n't", "'t", "still", "earlier",
    "first", "even", "too", "since", "initially", "ever", "now", "often",
    "today", "yesterday", NULL};
static const char *const VERBISH[] = {
    "is", "are", "was", "were", "be", "been", "has", "have", "had", "will",
    "would", "could", "should", "can", "may", "might", "must", "do", "does",
    "did", "took", "made", "gave", "went", "came", "got", "began", "found",
    "left", "held", "met", "led", "sent", "saw", "brought", "kept", "ran",
    "won", "lost", "called", "wants", "want", "wanted", NULL};
static const char *const STOP[] = {
    "that", "which", "who", "whom", "when", "while", "where", "after",
    "before", "because", "if", "as", "but", "or", "so", "than", "though",
    "although", "whether", "until", "unless", "what", "how", "why", "with",
    "by", "during", "there", "here", "about", "against", "into", "over",
    "under", "without", "through", "like", "not", "also", NULL};
static const char *const WH[] = {"whether", "how", "why", "what", "if",
                                 "who", "when", "where", NULL};
static const char *const PREP[] = {"of", "for", "at", "from", "in", "on",
                                   "to", "with", "by", "during", "after",
                                   "before", "since", "amid", NULL};

static bool inl(const qctx *q, uint32_t i, const char *const *l) {
  size_t n;
  const char *f = dltok_fold(q->d, i, &n);
  for (; *l; l++)
    if (dl_span_is(f, n, *l))
      return true;
  return false;
}
static bool is(const qctx *q, uint32_t i, const char *w) {
  return dltok_is(q->d, i, w);
}
static bool word(const qctx *q, uint32_t i) {
  return (q->t[i].flags & (DLT_WORD | DLT_NUM)) != 0;
}
static bool cap(const qctx *q, uint32_t i) {
  return (q->t[i].flags & (DLT_WORD | DLT_CAP)) == (DLT_WORD | DLT_CAP);
}
static bool mark(const qctx *q, uint32_t i) {
  return (q->t[i].flags & DLT_QUOTE) != 0;
}
static bool ends(const qctx *q, uint32_t i, const char *suf) {
  size_t n, m = strlen(suf);
  const char *f = dltok_fold(q->d, i, &n);
  return n > m + 1 && memcmp(f + n - m, suf, m) == 0;
}
static bool adverb(const qctx *q, uint32_t i) { /* "strongly", "later" */
  return (word(q, i) && !cap(q, i) && ends(q, i, "ly")) || inl(q, i, AUX);
}
/* The '.' of a title inside its sentence ("Mr. Podesta", "Rep. Cummings"). */
static const char *const TITLE[] = {
    "mr", "mrs", "ms", "dr", "rep", "reps", "sen", "sens", "gov", "gen",
    "lt", "col", "sgt", "capt", "maj", "adm", "cmdr", "prof", "rev", "st",
    "jr", "sr", "pres", "supt", "insp", "amb", "hon", "fr", "det", "del",
    "atty", "gens", NULL};
static bool abbr_dot(const qctx *q, uint32_t i) {
  return is(q, i, ".") && i > 0 && i + 1 < q->n &&
         q->t[i + 1].sent == q->t[i].sent && cap(q, i - 1) &&
         (inl(q, i - 1, TITLE) || q->t[i - 1].e - q->t[i - 1].s == 1) &&
         q->t[i].s == q->t[i - 1].e && cap(q, i + 1);
}
static bool terminal(const qctx *q, uint32_t i) {
  return (is(q, i, ".") && !abbr_dot(q, i)) || is(q, i, "?") ||
         is(q, i, "!") || is(q, i, ";");
}
static bool dash(const qctx *q, uint32_t i) {
  return is(q, i, "-") || is(q, i, "--");
}
static uint32_t st0(const qctx *q, uint32_t i) {
  return q->d->sents.n ? q->d->sents.v[q->t[i].sent].t0 : 0;
}
static uint32_t st1(const qctx *q, uint32_t i) {
  return q->d->sents.n ? q->d->sents.v[q->t[i].sent].t1 : q->n;
}
static bool participle(const qctx *q, uint32_t v) { return ends(q, v, "ing"); }

/* --------------------------------------------------------------- cues */

static void find_cues(qctx *q) {
  dl_doc *d = q->d;
  if (!d->eng->lex)
    return;
  for (uint32_t i = 0; i < q->n; i++) {
    if (!(q->t[i].flags & DLT_WORD))
      continue;
    dllex_match m;
    if (!dllex_longest(d, i, DLX_BIT(DLX_SPEECH), &m))
      continue;
    static const struct { const char *w; uint8_t k; } KIND[] = {
        {"object", CQ_OBJ}, {"belief", CQ_BELIEF}, {"according", CQ_ACC},
        {"topic", CQ_TOPIC}, {"direct", CQ_DIRECT}, {"noun", CQ_NOUN},
        {"nountopic", CQ_NTOPIC}, {"raising", CQ_RAISE}, {"poll", CQ_POLL}};
    /* "claims", "hope": the noun sense when the tagger says noun */
    bool noun = d->pos && dlpos_noun(d->pos[m.t1 - 1]);
    uint8_t k = CQ_NONE;
    for (uint32_t x = 0; x < m.n; x++) {
      if (m.senses[x].dict != DLX_SPEECH)
        continue;
      size_t fl = 0;
      const char *f = dllex_field(d->eng, &m.senses[x], 0, &fl);
      uint8_t kx = CQ_VERB;
      for (size_t j = 0; f && j < DL_COUNTOF(KIND); j++)
        if (strlen(KIND[j].w) == fl && !memcmp(f, KIND[j].w, fl))
          kx = KIND[j].k;
      if (k == CQ_NONE || (kx == CQ_NOUN) == noun)
        k = kx;
    }
    if (k == CQ_NONE)
      continue;
    q->cue[i] = k;
    q->cuelen[i] = (uint8_t)(m.t1 - m.t0 > 255 ? 255 : m.t1 - m.t0);
    i = m.t1 - 1;
  }
}

/* A usable verb cue at 'v': lower case (or first in its sentence) and not a
** noun after a determiner ("the claims", "a statement noting" is fine). */
static bool verb_cue(const qctx *q, uint32_t v) {
  uint8_t k = q->cue[v];
  if (k == CQ_NONE || k == CQ_ACC || k == CQ_NOUN || k == CQ_NTOPIC ||
      k == CQ_RAISE || k == CQ_POLL)
    return false;
  if (cap(q, v) && !(q->t[v].flags & DLT_SSTART) &&
      !(k != CQ_DIRECT && v > 0 && v + 1 < q->n && cap(q, v - 1) &&
        !(q->t[v - 1].flags & DLT_UPPER) && cap(q, v + 1) &&
        (ends(q, v, "s") || ends(q, v, "ed") || is(q, v, "said") ||
         is(q, v, "told"))))
    return false; /* a title-case headline: "Rubio Says Reform Was ..." */
  bool past = ends(q, v, "ed") || inl(q, v, (const char *const[]){
      "said", "told", "wrote", "written", "thought", "felt", "spoke", NULL});
  if ((is(q, v, "state") || is(q, v, "states")) && v + 1 < q->n &&
      !is(q, v + 1, "that") && !is(q, v + 1, ":") && !is(q, v + 1, ",") &&
      !(v > 0 && (inl(q, v - 1, PRON) || adverb(q, v - 1))))
    return false; /* the verb 'state' takes 'that' or a quote */
  if (!past && !participle(q, v) && q->d->pos &&
      dlpos_verb(q->d->pos[v])) /* "The campaign says" */
    return true;
  if (!past && !participle(q, v) && q->d->pos && dlpos_noun(q->d->pos[v]) &&
      k != CQ_DIRECT && !(q->t[v].flags & DLT_SSTART) &&
      inl(q, v, (const char *const[]){"state", "states", "plan", "plans",
                                      NULL}))
    return false; /* a noun: "whose state relies", "member states" */
  if (!past && !participle(q, v) && v > 0) {
    uint32_t p = v - 1;
    if (inl(q, p, DET) || is(q, p, "no") || is(q, p, "'s"))
      return false;
    if (p > 0 && word(q, p) && !cap(q, p) && !inl(q, p, PRON) &&
        (inl(q, p - 1, DET) || is(q, p - 1, "no")))
      return false;
  }
  return true;
}

/* ------------------------------------------------------------ phrases */

/* A cue word that ends a noun phrase: not a name nor a tagged noun
** ("state officials", "the claims"). */
static bool cueword(const qctx *q, uint32_t i) {
  return q->cue[i] && !cap(q, i) &&
         !(q->d->pos && dlpos_noun(q->d->pos[i]) && q->cue[i] != CQ_NOUN);
}

/* A noun phrase ending before 'end', not before 'lo': the first token. */
static uint32_t seg_back(const qctx *q, uint32_t end, uint32_t lo) {
  uint32_t k = end;
  int n = 0;
  while (k > lo && n < 12) {
    uint32_t j = k - 1;
    if (is(q, j, ")")) {
      uint32_t p = j, lim = j > lo + 8 ? j - 8 : lo;
      while (p > lim && !is(q, p, "("))
        p--;
      if (!is(q, p, "(") || p == j)
        break;
      k = p;
      continue;
    }
    if (is(q, j, ".") && j > lo && cap(q, j - 1) &&
        q->t[j - 1].e - q->t[j - 1].s <= 3) { /* "Leonard E. Burman", "Mr." */
      k = j;
      continue;
    }
    if (!word(q, j) || (q->flag[j] & F_TIME) || inl(q, j, STOP) ||
        inl(q, j, VERBISH) || cueword(q, j) ||
        (inl(q, j, PRON) && k != end))
      break;
    if (!cap(q, j) && ends(q, j, "ly") && k == end)
      break;
    k = j;
    n++;
    if (inl(q, j, PRON))
      break;
  }
  while (k < end && (inl(q, k, PREP) || (!cap(q, k) && adverb(q, k))))
    k++;
  return k;
}

/* Are tokens [s, e) a name (capitalised words)? */
static bool is_name(const qctx *q, uint32_t s, uint32_t e) {
  if (s >= e)
    return false;
  for (uint32_t i = s; i < e; i++)
    if (!cap(q, i) && !is(q, i, "'s") && !is(q, i, "."))
      return false;
  return true;
}
static bool np_start(const qctx *q, uint32_t i) {
  return cap(q, i) || inl(q, i, DET) || (q->t[i].flags & DLT_NUM);
}

/* The subject of the cue 'v' (tokens [*s, *e)), looking back to 'lo'. */
static bool subject_of(const qctx *q, uint32_t v, uint32_t lo, uint32_t *s,
                       uint32_t *e) {
  uint32_t k = v;
  while (k > lo && word(q, k - 1) && adverb(q, k - 1) && !inl(q, k - 1, PRON))
    k--;
  if (k > lo && is(q, k - 1, ",")) { /* "Ned Price, a spokesman, said" */
    uint32_t a = seg_back(q, k - 1, lo);
    if (a < k - 1 && a > lo + 1 && is(q, a - 1, ",") && word(q, a)) {
      uint32_t b = seg_back(q, a - 1, lo);
      if (b < a - 1 && is_name(q, b, a - 1)) {
        *s = b;
        *e = k - 1;
        return true;
      }
    }
    /* a longer apposition or relative ("Schiff, 56, who has served on the
       committee for a decade, said"): a name, then up to three commas */
    int commas = 0;
    for (uint32_t p = k - 1; p > lo && k - p < 40 && commas < 4; p--) {
      uint32_t j = p - 1;
      if (mark(q, j) || terminal(q, j) || is(q, j, ":"))
        break;
      if (!is(q, j, ","))
        continue;
      commas++;
      uint32_t b = seg_back(q, j, lo);
      if (b < j && cap(q, j - 1) && j - b <= 8 &&
          (b == lo || !word(q, b - 1) || inl(q, b - 1, STOP))) {
        *s = b;
        *e = k - 1;
        return true;
      }
    }
    return false;
  }
  if (k > lo + 2 && is(q, k - 1, "who") && is(q, k - 2, ",")) {
    uint32_t b = seg_back(q, k - 2, lo); /* "Barkley, who said ..." */
    if (b < k - 2 && is_name(q, b, k - 2)) {
      *s = b;
      *e = k - 2;
      return true;
    }
  }
  if (k > lo && is(q, k - 1, "to"))
    return false; /* "took to Twitter to say" */
  uint32_t a = seg_back(q, k, lo);
  if (a == k || inl(q, k - 1, PREP) || is(q, k - 1, "and") ||
      is(q, a, "and") || inl(q, k - 1, DET))
    return false;
  /* the subject follows a clause boundary, not a verb or preposition */
  if (a > lo && word(q, a - 1) && !inl(q, a - 1, STOP) &&
      !(q->flag[a - 1] & F_TIME) && !is(q, a - 1, "and"))
    return false;
  *s = a;
  *e = k;
  if (a > lo + 1 && is(q, a - 1, ",") && is_name(q, a, k)) {
    uint32_t b = seg_back(q, a - 1, lo);
    if (b < a - 1 && inl(q, b, DET) && a - 1 - b <= 10 &&
        (b == lo || !word(q, b - 1))) /* "the X of Y, Name" */
      *s = b;
  }
  return true;
}

/* A noun phrase starting at 's' (before 'hi'): its end, or 's'. Allows one
** apposition after a comma ("Ned Price, a spokesman for ..."). */
static uint32_t np_fwd(const qctx *q, uint32_t s, uint32_t hi) {
  uint32_t k = s, lc = 0;
  bool seen_cap = false;
  while (k < hi && k - s < 16) {
    if (is(q, k, "(")) {
      uint32_t p = k + 1;
      while (p < hi && p < k + 8 && !is(q, p, ")"))
        p++;
      if (p >= hi || !is(q, p, ")"))
        break;
      k = p + 1;
      continue;
    }
    if (is(q, k, ",") && k > s && k + 1 < hi && np_start(q, k + 1) &&
        !inl(q, k + 1, PRON) && (cap(q, k + 1) || seen_cap)) {
      uint32_t e = np_fwd(q, k + 1, hi < k + 12 ? hi : k + 12);
      if (e > k + 1 && (e >= hi || is(q, e, ",") || terminal(q, e)))
        return e;
      break;
    }
    if (abbr_dot(q, k) && k > s) {
      k++;
      continue;
    }
    if (!word(q, k) || (q->flag[k] & F_TIME) || mark(q, k))
      break;
    if (inl(q, k, STOP) || inl(q, k, VERBISH) || inl(q, k, AUX) ||
        cueword(q, k))
      break;
    if (k > s && inl(q, k, PRON))
      break;
    if (cap(q, k)) {
      seen_cap = true;
      lc = 0;
    } else if (inl(q, k, DET) || inl(q, k, PREP) || is(q, k, "'s")) {
      if (inl(q, k, PREP) && (k == s || !(inl(q, k, (const char *const[]){
                                  "of", "for", "at", "from", "to", NULL}))))
        break;
      lc = 0;
    } else {
      if (ends(q, k, "ly") || ends(q, k, "ed"))
        break;
      if (k > s && cap(q, k - 1) && !(q->t[k - 1].flags & DLT_SSTART))
        break; /* a name is a head: "Ned Price condemns" */
      if (++lc > 3)
        break;
    }
    k++;
    if (inl(q, k - 1, PRON))
      break;
  }
  while (k > s && (inl(q, k - 1, PREP) || inl(q, k - 1, DET)))
    k--;
  return k;
}

/* The subject of the main clause of the sentence of 'v' ("X condemned the
** attack saying ..."): the subject of an earlier cue, else the first noun
** phrase of the sentence (after a leading adverbial and its comma). */
static bool main_subject(const qctx *q, uint32_t v, uint32_t *s, uint32_t *e) {
  uint32_t t0 = st0(q, v);
  for (uint32_t k = v; k > t0 && v - k < 40; k--)
    if (verb_cue(q, k - 1) && !participle(q, k - 1) &&
        subject_of(q, k - 1, t0, s, e))
      return true;
  uint32_t a = t0;
  if (a < v && (is(q, a, "and") || is(q, a, "but") || is(q, a, "so")))
    a++;
  const uint8_t *pos = q->d->pos;
  bool lead = pos && a < v && /* "Following ...,", "Chastened, he" */
              (pos[a] == DLPOS_VBG || pos[a] == DLPOS_VBN ||
               dlpos_adv(pos[a]) || pos[a] == DLPOS_JJR);
  if (a < v && (lead || inl(q, a, PREP) || adverb(q, a) || inl(q, a, STOP))) {
    while (a < v && !is(q, a, ","))
      a++;
    a++;
  }
  if (a >= v)
    return false;
  uint32_t b = np_fwd(q, a, v);
  if (b == a)
    return false;
  *s = a;
  *e = b;
  return true;
}

/* Entity of the speaker phrase [s, e): a PERSON in it (a name, or "he"
** resolved to the latest person), else its head's entity unless NORP. */
static int32_t speaker_ent(const qctx *q, uint32_t s, uint32_t e) {
  const dl_doc *d = q->d;
  if (!d->tokent)
    return -1;
  if (e - s == 1 && inl(q, s, PRON)) {
    if (d->tokent[s] >= 0)
      return d->tokent[s];
    if ((is(q, s, "he") || is(q, s, "she")) && q->lastper[s] >= 0)
      return d->tokent[q->lastper[s]];
    return -1;
  }
  int32_t best = -1, head = -1;
  bool core = true; /* before the first preposition of the current part */
  for (uint32_t i = s; i < e; i++) {
    if (is(q, i, ",")) {
      core = true;
      continue;
    }
    if (inl(q, i, PREP) || is(q, i, "("))
      core = false;
    int32_t x = d->tokent[i];
    if (x < 0 || (uint32_t)x >= d->ents.n)
      continue;
    uint8_t ty = d->ents.v[x].type;
    if (core && ty == DLE_PERSON)
      best = x;
    if (core && ty != DLE_NORP && head < 0)
      head = x;
  }
  if (best >= 0)
    return best;
  if (head >= 0)
    return head;
  int32_t x = d->tokent[e - 1]; /* "the Prime Minister" as a mention */
  return x >= 0 && (uint32_t)x < d->ents.n && d->ents.v[x].type != DLE_NORP
             ? x
             : -1;
}

/* ------------------------------------------------------------- output */

typedef struct who {
  bool set;
  uint32_t s, e;        /* speaker tokens */
  uint32_t cs, ce;      /* cue tokens, cs == ce: none */
  int32_t ent;
} who;

static void set_who(const qctx *q, who *w, uint32_t s, uint32_t e,
                    uint32_t cs, uint32_t ce) {
  while (e > s && (is(q, e - 1, ",") || dash(q, e - 1)))
    e--;
  w->set = e > s;
  w->s = s;
  w->e = e;
  w->cs = cs;
  w->ce = ce;
  w->ent = w->set ? speaker_ent(q, s, e) : -1;
}

static dlquote *emit(qctx *q, bool direct, uint32_t bs, uint32_t be,
                     uint32_t tok, const who *w) {
  dlarena *a = &q->d->arena;
  while (be > bs && (q->d->text[be - 1] == ' ' || q->d->text[be - 1] == '\n'))
    be--;
  if (be <= bs)
    return NULL;
  dlquote *x = direct ? dlvec_push(a, &q->dq) : dlvec_push(a, &q->iq);
  if (!x)
    return NULL;
  x->s = bs;
  x->e = be;
  x->kind = direct ? 0 : 1;
  x->sent = q->t[tok].sent;
  x->speaker_ent = -1;
  /* a dash dateline ("BRUSSELS (AP) -") is nobody's name ("Ola Berg:"
  ** may be a label) */
  if (w && w->set && !(q->hdr_dash && w->e <= q->hdr)) {
    x->has_speaker = true;
    x->sp_s = q->t[w->s].s;
    x->sp_e = q->t[w->e - 1].e;
    x->speaker_ent = w->ent;
  }
  if (w && w->ce > w->cs) {
    x->cue_s = q->t[w->cs].s;
    x->cue_e = q->t[w->ce - 1].e;
    if (direct)
      for (uint32_t i = w->cs; i < w->ce; i++)
        q->flag[i] |= F_QCUE;
  }
  return x;
}

/* ------------------------------------------------------ direct quotes */

static bool para_start(const qctx *q, uint32_t i, bool blank) {
  return i > 0 && (q->t[i].flags & (blank ? DLT_PARA : DLT_PARA | DLT_NL));
}

/* Which mark is it: 'd' double or 's' single, opening or closing. */
static void kind_of(const qctx *q, uint32_t i, bool *dbl, int *dir) {
  const unsigned char *p = (const unsigned char *)q->d->text + q->t[i].s;
  size_t n = q->t[i].e - q->t[i].s;
  size_t fn;
  const char *f = dltok_fold(q->d, i, &fn);
  *dbl = fn >= 1 && f[0] == '"';
  *dir = 0; /* straight: decided by context */
  if (n == 3 && p[0] == 0xE2 && p[1] == 0x80) {
    if (p[2] == 0x9C || p[2] == 0x98 || p[2] == 0x9E)
      *dir = 1;
    else if (p[2] == 0x9D || p[2] == 0x99)
      *dir = -1;
  } else if (n == 2 && p[0] == 0xC2) {
    *dir = p[1] == 0xAB ? 1 : p[1] == 0xBB ? -1 : 0;
  }
}

static void pair_marks(qctx *q, candvec *out) {
  bool blank = false;
  for (uint32_t i = 1; i < q->n && !blank; i++)
    blank = (q->t[i].flags & DLT_PARA) != 0;
  int64_t od = -1, os = -1, od0 = -1;
  for (uint32_t i = 0; i < q->n; i++) {
    if (para_start(q, i, blank)) {
      if (od >= 0) {
        cand *c = dlvec_push(&q->d->arena, out);
        if (!c)
          return;
        c->o0 = (uint32_t)od0;
        c->o = (uint32_t)od;
        c->c = c->c1 = i;
        c->capped = true;
      }
      od = os = -1;
    }
    if (!mark(q, i))
      continue;
    bool dbl;
    int dir;
    kind_of(q, i, &dbl, &dir);
    uint32_t i0 = i;
    if (!dbl && i + 1 < q->n && mark(q, i + 1) &&
        q->t[i + 1].s == q->t[i].e) { /* '' and `` as double marks */
      bool d2;
      int r2;
      kind_of(q, i + 1, &d2, &r2);
      if (!d2) {
        dbl = true;
        i++;
      }
    }
    bool sp_before = (q->t[i0].flags & DLT_SPACE_BEFORE) || i0 == 0 ||
                     para_start(q, i0, blank);
    bool sp_after = i + 1 >= q->n || (q->t[i + 1].flags & DLT_SPACE_BEFORE) ||
                    (q->t[i + 1].flags & DLT_PUNCT);
    if (dbl) {
      bool close;
      if (od < 0)
        close = dir < 0 ? true
                : dir > 0 ? false
                          : !(q->t[i0].flags & DLT_OPENQ) &&
                                q->d->text[q->t[i0].s] != '`';
      else if (dir > 0) /* “ typed for ” ("...word“ ") */
        close = !sp_before && sp_after;
      else
        close = true;
      if (!close) {
        od = i; /* the last token of the mark: content follows */
        od0 = i0;
        os = -1;
      } else if (od >= 0) {
        cand *c = dlvec_push(&q->d->arena, out);
        if (!c)
          return;
        c->o0 = (uint32_t)od0;
        c->o = (uint32_t)od;
        c->c = i0;
        c->c1 = i;
        od = os = -1;
      }
      continue;
    }
    /* single marks: opening only before a word, after space or a mark */
    if (os < 0) {
      if ((dir > 0 || (dir == 0 && (q->t[i].flags & DLT_OPENQ))) && !sp_after)
        os = i;
    } else if (dir <= 0 && !sp_before) {
      if (od < 0) {
        cand *c = dlvec_push(&q->d->arena, out);
        if (!c)
          return;
        c->o0 = c->o = (uint32_t)os;
        c->c = c->c1 = i;
        c->single = true;
      }
      os = -1;
    }
  }
  if (od >= 0) {
    cand *c = dlvec_push(&q->d->arena, out);
    if (c) {
      c->o0 = (uint32_t)od0;
      c->o = (uint32_t)od;
      c->c = c->c1 = q->n;
      c->capped = true;
    }
  }
}

static uint32_t words_in(const qctx *q, uint32_t s, uint32_t e) {
  uint32_t n = 0;
  for (uint32_t i = s; i < e; i++)
    n += word(q, i);
  return n;
}

/* A name at 's' with a long apposition or relative clause up to the comma
** before the cue 'v' ("Ann Lee, who runs the fund for the city's schools,
** said"): its end (the comma), when [s, v) has no mark nor sentence end. */
static bool long_subject(const qctx *q, uint32_t s, uint32_t v, uint32_t *e) {
  uint32_t k = v;
  while (k > s && word(q, k - 1) && adverb(q, k - 1) && !cap(q, k - 1))
    k--;
  if (k <= s + 2 || !is(q, k - 1, ",") || k - s > 48)
    return false;
  uint32_t c = s;
  while (c < k && !is(q, c, ",") && !is(q, c, "("))
    c++;
  if (c == s || c - s > 5 || !is_name(q, s, c))
    return false;
  for (uint32_t i = s; i < k; i++)
    if ((mark(q, i) && !(i > s && q->t[i].s == q->t[i - 1].e &&
                         ends(q, i - 1, "s"))) || /* "veterans' families" */
        terminal(q, i) || is(q, i, ":"))
      return false;
  *e = k - 1;
  return true;
}

/* The speaker of the cue 'v' (any construction). */
static bool who_of_cue(const qctx *q, uint32_t v, uint32_t lo, who *w) {
  uint32_t s, e;
  if (participle(q, v) ? main_subject(q, v, &s, &e)
                       : subject_of(q, v, lo, &s, &e)) {
    set_who(q, w, s, e, v, v + q->cuelen[v]);
    return w->set;
  }
  if (!participle(q, v) && lo == st0(q, v) && long_subject(q, lo, v, &e)) {
    set_who(q, w, lo, e, v, v + q->cuelen[v]);
    return w->set;
  }
  return false;
}

/* Cue right before the open mark: 'X said: “', 'adding that, “'. */
static bool cue_before(const qctx *q, uint32_t o, who *w) {
  uint32_t t0 = st0(q, o), k = o;
  int skipped = 0;
  bool colon = false;
  while (k > t0 && skipped < 3 &&
         (is(q, k - 1, ",") || is(q, k - 1, ":") || is(q, k - 1, "that") ||
          dash(q, k - 1))) {
    colon |= is(q, k - 1, ":");
    k--;
    skipped++;
  }
  if (k > t0 && verb_cue(q, k - 1))
    return who_of_cue(q, k - 1, t0, w);
  if (k > t0 + 1 && q->cue[t0] && cap(q, t0) && k - t0 <= 6 &&
      (q->cue[t0] == CQ_VERB || q->cue[t0] == CQ_DIRECT) &&
      is_name(q, t0 + q->cuelen[t0], k)) { /* "Said Comey, “...”" */
    set_who(q, w, t0 + q->cuelen[t0], k, t0, t0 + q->cuelen[t0]);
    return w->set;
  }
  for (uint32_t a = k; a > t0 && k - a < 12 && k < o; a--) {
    if (q->cue[a - 1] != CQ_ACC) /* "According to Smith, “...”" */
      continue;
    uint32_t xs = a - 1 + q->cuelen[a - 1];
    if (xs < k && np_fwd(q, xs, k) == k) {
      set_who(q, w, xs, k, a - 1, xs);
      return w->set;
    }
    break;
  }
  if (colon && k > t0) { /* "Smith: “...”" */
    uint32_t s = seg_back(q, k, t0);
    if (s == t0 && is_name(q, s, k)) {
      set_who(q, w, s, k, 0, 0);
      return w->set;
    }
  }
  return false;
}

/* A dash of any width ("-", "--", "—", "―"). */
static bool anydash(const qctx *q, uint32_t i) {
  const unsigned char *p = (const unsigned char *)q->d->text + q->t[i].s;
  return dash(q, i) || (q->t[i].e - q->t[i].s == 3 && p[0] == 0xE2 &&
                        p[1] == 0x80 && p[2] >= 0x93 && p[2] <= 0x95);
}

/* Cue after the close mark: '”, he said', '” said Smith', '” ― Ann Lee'. */
static bool cue_after(const qctx *q, uint32_t c, who *w) {
  uint32_t j = c + 1;
  if (j + 1 < q->n && anydash(q, j) && !(q->t[j].flags & DLT_PARA) &&
      cap(q, j + 1)) { /* a signed quote */
    uint32_t e = j + 1;
    while (e < q->n && e < j + 6 && !(q->t[e].flags & (DLT_NL | DLT_PARA)) &&
           (cap(q, e) || abbr_dot(q, e) ||
                                     (is(q, e, ".") && e > j + 1 &&
                                      q->t[e - 1].e - q->t[e - 1].s == 1)))
      e++;
    if (e >= q->n || mark(q, e) || terminal(q, e) || is(q, e, ",") ||
        (q->t[e].flags & (DLT_NL | DLT_PARA))) {
      set_who(q, w, j + 1, e, 0, 0);
      return w->set;
    }
  }
  if (j >= q->n || q->t[j].sent != q->t[c].sent ||
      (q->t[j].flags & (DLT_PARA | DLT_NL)))
    return false;
  while (j < q->n && (is(q, j, ",") || dash(q, j)) && j < c + 3)
    j++;
  uint32_t hi = st1(q, c);
  if (j >= hi)
    return false;
  uint32_t lim = j + (cap(q, j) ? 48 : 16); /* "Ann Lee, a long apposition, said" */
  for (uint32_t v = j; v < hi && v < lim; v++) {
    if (is(q, v, "(")) { /* "Rep. Gwen Moore (D-Wis.) said" */
      uint32_t p = v + 1;
      while (p < hi && p < v + 8 && !is(q, p, ")"))
        p++;
      if (p < hi && is(q, p, ")")) {
        v = p;
        continue;
      }
    }
    if (mark(q, v) || terminal(q, v) || is(q, v, ":"))
      return false;
    if (!verb_cue(q, v))
      continue;
    uint32_t s, e;
    if (v == j || (v > j && adverb(q, v - 1) && seg_back(q, v, j) == v)) {
      s = v + q->cuelen[v]; /* "said Smith" */
      e = np_fwd(q, s, hi);
      if (e == s)
        return false;
      set_who(q, w, s, e, v, v + q->cuelen[v]);
      return w->set;
    }
    if (!subject_of(q, v, j, &s, &e)) {
      if (!long_subject(q, j, v, &e))
        return false;
      s = j;
    }
    set_who(q, w, s, e, v, v + q->cuelen[v]);
    return w->set;
  }
  return false;
}

/* A cue earlier in the sentence ("he stated later during his address:"),
** or in the previous sentence when it ends with a colon. */
static bool cue_in_sentence(const qctx *q, uint32_t o, bool *colon, who *w) {
  uint32_t t0 = st0(q, o);
  *colon = o > 0 && is(q, o - 1, ":");
  if (o == t0 && o > 0 && is(q, o - 1, ":"))
    t0 = st0(q, o - 1);
  for (uint32_t k = o; k > t0 && o - k < 40; k--) {
    if (is(q, k - 1, ":"))
      *colon = true;
    if (mark(q, k - 1) && k - 1 != o)
      return false;
    if (verb_cue(q, k - 1))
      return who_of_cue(q, k - 1, t0, w);
  }
  return false;
}

/* A speaker label at 'i' ("PENCE:", "Pat Caddell:", "Poll:"): one upper
** case word or up to four capitalised ones, then ':' and text before 'hi'.
** Returns the token after the ':' or 0. */
static uint32_t label_end(const qctx *q, uint32_t i, uint32_t hi) {
  uint32_t k = i;
  while (k < hi && k < i + 4 && (cap(q, k) || abbr_dot(q, k)))
    k++;
  if (k == i || k + 2 >= hi || !is(q, k, ":") || q->t[k].sent != q->t[i].sent)
    return 0;
  if (k - i == 1 && !(q->t[i].flags & DLT_UPPER) && !(q->t[i].flags & DLT_SSTART))
    return 0;
  if (!word(q, k + 1) || (q->flag[i] & F_TIME) || q->cue[i])
    return 0;
  return k + 1;
}

/* Does a paragraph (or, without blank lines, a line) start in [a, b)? */
static bool crosses_para(const qctx *q, uint32_t a, uint32_t b) {
  for (uint32_t i = a; i < b && i < q->n; i++)
    if (q->t[i].flags & (DLT_PARA | DLT_NL))
      return true;
  return false;
}

static void direct_quotes(qctx *q) {
  candvec cs = {0};
  pair_marks(q, &cs);
  const char *tx = q->d->text;
  who prev = {0};
  uint32_t prev_sent = 0, prev_c = 0;
  bool have_prev = false, prev_after = false;
  for (uint32_t k = 0; k < cs.n; k++) {
    const cand *c = &cs.v[k];
    uint32_t o0 = c->o0, o = c->o, e = c->c;
    if (e <= o + 1)
      continue;
    uint32_t nw = words_in(q, o + 1, e);
    if (nw == 0)
      continue;
    if (!c->single)
      for (uint32_t i = o0; i < e && i < q->n; i++)
        q->flag[i] |= F_INQ;
    /* a title: 'on “Fox News Sunday,”', 'of "Face the Nation"' */
    if (o0 > st0(q, o0) && nw <= 6 &&
        (inl(q, o0 - 1, PREP) || is(q, o0 - 1, "'s"))) {
      bool title = true;
      for (uint32_t i = o + 1; i < e && i < q->n && title; i++)
        title = !word(q, i) || cap(q, i) || inl(q, i, PREP) ||
                is(q, i, "the") || is(q, i, "and") || is(q, i, "a");
      if (title)
        continue;
    }
    /* inside a clause ('was "unhinged"', 'found there had been "..."'): a
       mixed quote, part of reported speech or none */
    bool mid = o0 > st0(q, o0) && (word(q, o0 - 1) || mark(q, o0 - 1));
    who w = {0};
    bool after = false, ok = false;
    if (!c->capped && cue_after(q, c->c1, &w) && !(c->single && nw < 3))
      ok = after = true;
    else if (cue_before(q, o0, &w) && !(c->single && nw < 3))
      ok = true;
    if (!ok && mid)
      continue;
    if (!ok && !c->single) {
      bool colon;
      who x = {0};
      if (cue_in_sentence(q, o0, &colon, &x) && (colon || nw >= 4)) {
        w = x;
        ok = true;
      }
    }
    uint32_t sent = q->t[o].sent;
    if (!ok && !c->single && o0 > st0(q, o0) + 2 && is(q, o0 - 1, ":")) {
      uint32_t s0, e0; /* "Mr. Christie gloated: “...”" */
      if (main_subject(q, o0 - 1, &s0, &e0) && !inl(q, s0, WH)) {
        set_who(q, &w, s0, e0, 0, 0);
        ok = w.set;
      }
    }
    bool cont = false;
    if (!ok && !c->single && have_prev && sent <= prev_sent + 2 && prev.set) {
      w = prev; /* a quote continued in the next sentence or paragraph */
      ok = cont = true;
    }
    if (!ok && (c->single || nw < 6))
      continue;
    uint32_t bs = q->t[o].e;
    uint32_t be = c->capped ? q->t[e - 1].e : q->t[e].s;
    uint32_t nc = label_end(q, o + 1, e);
    if (nc) { /* a transcript turn: '"PENCE: Well, look, ..."' */
      set_who(q, &w, o + 1, nc - 1, 0, 0);
      bs = q->t[nc].s;
      ok = true;
    }
    while (bs < be && (tx[bs] == ' ' || tx[bs] == '\n'))
      bs++;
    /* interrupted: "This budget," he said, "is a gift ..." -> one quote */
    if (have_prev && prev_after && q->dq.n && o0 > prev_c &&
        o0 - prev_c <= 12 && is(q, o0 - 1, ",") &&
        q->t[o0].sent == q->t[prev_c].sent &&
        (!w.set || (w.s == prev.s && w.e == prev.e))) {
      dlquote *x = &q->dq.v[q->dq.n - 1];
      x->e = be;
      while (x->e > x->s && (tx[x->e - 1] == ' ' || tx[x->e - 1] == '\n'))
        x->e--;
      prev_c = c->c1 < q->n ? c->c1 : q->n - 1;
      prev_after = false;
      prev_sent = q->t[prev_c].sent;
      continue;
    }
    /* continued in the same paragraph after its cue: '"A," he said. "B."'
       is one quote with a gap (PolNeAR joins the fragments) */
    if (cont && q->dq.n && o0 > prev_c && o0 - prev_c <= 30 &&
        !crosses_para(q, prev_c + 1, o0 + 1)) {
      dlquote *x = &q->dq.v[q->dq.n - 1];
      x->e = be;
      while (x->e > x->s && (tx[x->e - 1] == ' ' || tx[x->e - 1] == '\n'))
        x->e--;
      prev_c = c->c1 < q->n ? c->c1 : q->n - 1;
      prev_sent = q->t[prev_c].sent;
      continue;
    }
    if (!emit(q, true, bs, be, o + 1, &w))
      continue;
    if (w.set) {
      prev = w;
      have_prev = true;
    }
    prev_after = after;
    prev_c = c->c1 < q->n ? c->c1 : q->n - 1;
    prev_sent = q->t[prev_c].sent;
  }
}

/* ----------------------------------------------------- reported speech */

/* End of the reported clause starting at 's': the sentence end, or a
** ", adding ..." / "; ..." boundary; trailing marks trimmed. */
/* A new attribution at 'j' after a conjunction: a short subject (a
** pronoun, a name, "the party") and a verb cue ("but he said", "and
** Democrats accused", "while officials noted that"). */
static bool conj_cue(const qctx *q, uint32_t j, uint32_t hi) {
  uint32_t k = j;
  if (k < hi && inl(q, k, PRON) && !is(q, k, "it") && !is(q, k, "you")) {
    k++;
  } else {
    if (k < hi && (is(q, k, "the") || is(q, k, "his") || is(q, k, "her") ||
                   is(q, k, "their") || is(q, k, "its")))
      k++;
    uint32_t a = k;
    while (k < hi && k < a + 4 && (cap(q, k) || abbr_dot(q, k) ||
                                   (k > a && is(q, k, "'s"))))
      k++;
    if (k == a && k < hi && k > j && word(q, k) && !q->cue[k] &&
        !inl(q, k, STOP) && !inl(q, k, AUX) && !inl(q, k, VERBISH))
      k++; /* "the officials" */
    if (k == j || (k == a && k == j + 1))
      return false;
  }
  while (k < hi && k < j + 8 && word(q, k) && adverb(q, k) && !q->cue[k])
    k++;
  return k < hi && q->cue[k] && verb_cue(q, k) && !participle(q, k) &&
         !cap(q, k);
}

static uint32_t clause_end(const qctx *q, uint32_t s) {
  uint32_t hi = st1(q, s), k = s;
  for (; k < hi; k++) {
    if (is(q, k, ";"))
      break;
    if (k > s + 2 && !(q->flag[k] & F_INQ) &&
        (is(q, k, "but") || is(q, k, "and") || is(q, k, "while") ||
         is(q, k, "although") || is(q, k, "though")) &&
        conj_cue(q, k + 1, hi))
      break; /* "..., but he said ...", "and Democrats accused ..." */
    if (is(q, k, ",") && k + 1 < hi && q->cue[k + 1] &&
        (participle(q, k + 1) || verb_cue(q, k + 1)))
      break; /* "..., adding", "Barkley, who said he votes, said ..." */
    if (is(q, k, "and") && k > s + 1 && k + 2 < hi && q->cue[k + 1] &&
        (q->cue[k + 1] != CQ_TOPIC || is(q, k - 1, ",")) &&
        verb_cue(q, k + 1) && !participle(q, k + 1) && !cap(q, k + 1))
      break; /* "... is depleted and says he will ...", ", and criticized" */
    if (is(q, k, ",") && k + 2 < hi && q->cue[k + 2] && inl(q, k + 1, PRON) &&
        !participle(q, k + 2))
      break; /* "..., he said" */
    if (is(q, k, ",") && k + 2 < hi && cap(q, k + 1)) {
      uint32_t j = k + 1;
      while (j < hi && j < k + 5 && (cap(q, j) || abbr_dot(q, j)))
        j++;
      if (j < hi && q->cue[j] && verb_cue(q, j) && !participle(q, j))
        break; /* "..., Clinton said" */
    }
  }
  while (k > s && (terminal(q, k - 1) || is(q, k - 1, ",") ||
                   (mark(q, k - 1) && !(q->t[k - 1].flags & DLT_OPENQ) &&
                    !(q->flag[k - 1] & F_INQ))))
    k--;
  while (k > s && mark(q, k - 1) && k - 1 > s && terminal(q, k - 2))
    k -= 2; /* '... stay."' */
  return k;
}

static bool clause_start(const qctx *q, uint32_t i) {
  return np_start(q, i) || inl(q, i, PRON) || is(q, i, "there");
}
/* After a cue with a known subject, a clause may open with any word that
** is not a preposition, auxiliary or cue ("said allies were rattled",
** "said legalizing it would help", "asked whether ..."). */
static bool loose_start(const qctx *q, uint32_t i) {
  bool ncue = q->cue[i] && q->d->pos && dlpos_noun(q->d->pos[i]) &&
              i + 1 < q->n && !is(q, i + 1, "that") && !is(q, i + 1, "to");
  if (!word(q, i) || (q->cue[i] && !ncue) || inl(q, i, AUX) ||
      inl(q, i, VERBISH) ||
      inl(q, i, PREP) || (q->flag[i] & F_TIME))
    return false;
  return !inl(q, i, STOP) || inl(q, i, WH);
}

/* End of a topic cue's object: the sentence end, a ';', or a comma
** outside quotation marks ("questioning the integrity of X, encouraging"). */
static uint32_t topic_end(const qctx *q, uint32_t s) {
  uint32_t hi = st1(q, s), k = s;
  for (; k < hi && k < s + 40; k++)
    if (is(q, k, ";") || (is(q, k, ",") && !(q->flag[k] & F_INQ)) ||
        (k > s && q->cue[k] && verb_cue(q, k) &&
         (is(q, k - 1, "and") || is(q, k - 1, ","))))
      break;
  if (k == s + 40)
    return s;
  while (k > s && (terminal(q, k - 1) || is(q, k - 1, ",") ||
                   is(q, k - 1, "and") || is(q, k - 1, "but") ||
                   (mark(q, k - 1) && !(q->flag[k - 1] & F_INQ))))
    k--;
  return k;
}

/* Past a time phrase after a cue ("said Thursday his ..."), unless it is
** the subject of the clause ("said the winter would be hard"). */
static uint32_t skip_time(const qctx *q, uint32_t s, uint32_t hi) {
  uint32_t e = s;
  while (e < hi && (q->flag[e] & F_TIME))
    e++;
  if (e == s || (e < hi && (inl(q, e, AUX) || inl(q, e, VERBISH) ||
                            (q->d->pos && dlpos_verb(q->d->pos[e])))))
    return s;
  return e;
}

/* The subject the clause parser found for the verb 'v' (doc->clauses),
** when the word rules found none ("Smith, a senator from X, Y, said"). */
static bool parsed_subject(const qctx *q, uint32_t v, uint32_t *s,
                           uint32_t *e) {
  if (!q->vcl || q->vcl[v] < 0)
    return false;
  const dlclause *c = &q->d->clauses.v[q->vcl[v]];
  if (c->subj.t1 <= c->subj.t0 || c->subj.t1 > v || c->voice != DLV_ACTIVE)
    return false;
  uint32_t a = c->subj.t0, b = c->subj.t1;
  if (b - a == 1 && (inl(q, a, DET) || is(q, a, "who") || is(q, a, "which")))
    return false;
  *s = a;
  *e = b;
  return true;
}

/* Is the topic object [s, e) a short bare noun phrase naming an event
** ("condemned the attack", "welcomed the ceasefire"): no quotation, no
** 'as' or 'for' complement ("condemned the launch as provocative" stays
** speech, as PolNeAR annotates it), its last word the noun of a material
** act (quad class 2 or 4 in events.tsv)? */
static bool event_object(const qctx *q, uint32_t s, uint32_t e) {
  if (e <= s || e - s > 4 || !q->d->eng->lex)
    return false;
  for (uint32_t k = s; k < e; k++)
    if (mark(q, k) || !word(q, k) || cap(q, k) || inl(q, k, PREP))
      return false;
  if (e < st1(q, s) && (is(q, e, "as") || is(q, e, "for")))
    return false;
  if (!inl(q, s, DET))
    return false;
  dllex_match m;
  if (!dllex_longest(q->d, e - 1, DLX_BIT(DLX_EVENT), &m) || m.t1 != e)
    return false;
  for (uint32_t k = 0; k < m.n; k++) {
    size_t n;
    if (m.senses[k].dict != DLX_EVENT)
      continue;
    const char *f = dllex_field(q->d->eng, &m.senses[k], 4, &n);
    size_t qn;
    const char *qd = dllex_field(q->d->eng, &m.senses[k], 2, &qn);
    if (f && n == 1 && f[0] == 'n' && qd && qn == 1 &&
        (qd[0] == '2' || qd[0] == '4'))
      return true; /* a material act; "mocked the complaint" is talk */
  }
  return false;
}

static void emit_clause(qctx *q, uint32_t s, uint32_t e, const who *w) {
  if (e <= s || words_in(q, s, e) < 2)
    return;
  emit(q, false, q->t[s].s, q->t[e - 1].e, s, w);
}

static void reported(qctx *q) {
  uint32_t until = 0;
  for (uint32_t v = 0; v < q->n; v++) {
    if (v < until || !q->cue[v] || (q->flag[v] & (F_INQ | F_QCUE)))
      continue;
    uint32_t t0 = st0(q, v), hi = st1(q, v);
    if (v < q->hdr)
      continue; /* a cue inside "CITY (Agency) -" */
    if (t0 < q->hdr)
      t0 = q->hdr; /* "MOGADISHU (Wire) - Gunmen stormed ..., police said" */
    who w = {0};
    if (q->cue[v] == CQ_ACC) { /* according to X, ... / ..., according to X */
      uint32_t xs = v + q->cuelen[v], xe = np_fwd(q, xs, hi);
      if (xe == xs && (v > t0 + 1 || xs >= hi || !word(q, xs)))
        continue;
      if (!(xe < hi && is(q, xe, ",")) && v <= t0 + 1) {
        for (uint32_t k = xe; k < hi && k < xs + 30; k++) { /* a long source */
          if (terminal(q, k) || mark(q, k))
            break;
          if (is(q, k, ",") && k + 1 < hi &&
              (clause_start(q, k + 1) || loose_start(q, k + 1))) {
            xe = k;
            break;
          }
        }
      }
      if (xe == xs)
        continue;
      set_who(q, &w, xs, xe, v, xs);
      if (xe < hi && is(q, xe, ",") && xe + 1 < hi && !mark(q, xe + 1)) {
        uint32_t e = clause_end(q, xe + 1);
        emit_clause(q, xe + 1, e, &w);
        until = e;
      } else if (v > t0 && !mark(q, t0)) {
        uint32_t e = v;
        while (e > t0 && (is(q, e - 1, ",") || dash(q, e - 1)))
          e--;
        emit_clause(q, t0, e, &w);
        until = xe;
      }
      continue;
    }
    if (q->cue[v] == CQ_RAISE) { /* "Trump is expected to speak" */
      uint32_t a, b, s = v + q->cuelen[v];
      if (cap(q, v) || s >= hi || !word(q, s) || cap(q, s) ||
          inl(q, s, PREP) || (inl(q, s, STOP) && !is(q, s, "like")) ||
          (q->flag[s] & F_TIME))
        continue; /* "appeared on television" is no opinion */
      if (!subject_of(q, v, t0, &a, &b))
        continue;
      if (a != t0) { /* "However, the plan appears weak" */
        uint32_t p = a;
        if (p > t0 && (is(q, p - 1, "but") || is(q, p - 1, "and") ||
                       is(q, p - 1, "while") || is(q, p - 1, "though") ||
                       is(q, p - 1, "although") || is(q, p - 1, "because")))
          p--;
        if (p > t0 && is(q, p - 1, ","))
          p--;
        bool lead = p == t0 || (p > t0 && p == a - 1);
        for (uint32_t k = t0; k < p && lead; k++)
          lead = !q->cue[k] && !mark(q, k) && !inl(q, k, AUX) &&
                 !(q->d->pos && dlpos_verb(q->d->pos[k]));
        if (!lead || p == a)
          continue;
      }
      uint32_t e = clause_end(q, s);
      if (e > s) {
        w.cs = v, w.ce = s;
        emit(q, false, q->t[a].s, q->t[e - 1].e, a, &w);
        until = e;
      }
      continue;
    }
    if (q->cue[v] == CQ_POLL) { /* "X leads in the latest poll" */
      uint32_t p = v;
      while (p > t0 && v - p < 10 && !inl(q, p - 1, PREP) &&
             (cap(q, p - 1) || inl(q, p - 1, DET) || is(q, p - 1, "'s") ||
              is(q, p - 1, "/") || is(q, p - 1, "-") || is(q, p - 1, "of") ||
              (q->flag[p - 1] & F_TIME) || (q->t[p - 1].flags & DLT_NUM) ||
              (word(q, p - 1) && !inl(q, p - 1, STOP) &&
               !inl(q, p - 1, VERBISH) && !inl(q, p - 1, AUX) &&
               !inl(q, p - 1, PREP) && !inl(q, p - 1, PRON) &&
               !q->cue[p - 1] &&
               !(q->d->pos && dlpos_verb(q->d->pos[p - 1])))))
        p--;
      if (p == v || p == t0 || !is(q, p - 1, "in") || cap(q, v))
        continue;
      uint32_t in = p - 1, e = v + q->cuelen[v];
      while (e < hi && (q->flag[e] & F_TIME)) /* "poll last month" */
        e++;
      if (e + 1 < hi && ends(q, e, "ed") && (q->flag[e + 1] & F_TIME)) {
        e++; /* "a poll released Monday" */
        while (e < hi && (q->flag[e] & F_TIME))
          e++;
      }
      uint32_t a = t0;
      if (a < in && (is(q, a, "but") || is(q, a, "and")))
        a++;
      set_who(q, &w, in + 1, e, in, in + 1);
      if (in == a && e < hi && is(q, e, ",")) { /* "In a poll, X leads" */
        uint32_t ce = clause_end(q, e + 1);
        emit_clause(q, e + 1, ce, &w);
        until = ce;
        continue;
      }
      if (in < a + 3 || (e < hi && !terminal(q, e) && !is(q, e, ",")))
        continue;
      for (uint32_t k = a; k < in && k < a + 8; k++)
        if (is(q, k, ",") && (inl(q, a, PREP) || (q->flag[a] & F_TIME))) {
          a = k + 1; /* "In the fall of 2007, X led ... in a poll" */
          break;
        }
      bool quoted = false;
      for (uint32_t k = a; k < in; k++)
        quoted |= (q->flag[k] & F_INQ) != 0 || q->cue[k] != CQ_NONE;
      if (quoted || in < a + 3)
        continue;
      uint32_t ce = in;
      while (ce > a && (is(q, ce - 1, ",") || dash(q, ce - 1)))
        ce--;
      if (words_in(q, a, ce) < 3)
        continue;
      emit_clause(q, a, ce, &w);
      until = e;
      continue;
    }
    if (q->cue[v] == CQ_NTOPIC) { /* "criticism of the plan" */
      uint32_t s = v + q->cuelen[v];
      if (s >= hi || !(word(q, s) || mark(q, s)) || inl(q, s, AUX))
        continue;
      uint32_t e = topic_end(q, s);
      if (e > s && (words_in(q, s, e) >= 2 || cap(q, s))) {
        w.cs = v, w.ce = s;
        emit(q, false, q->t[s].s, q->t[e - 1].e, s, &w);
        until = e;
      }
      continue;
    }
    if (q->cue[v] == CQ_NOUN) { /* "Trump's claim that ..." */
      uint32_t s = v + q->cuelen[v];
      bool inf = s + 1 < hi && is(q, s, "to") && word(q, s + 1) &&
                 !cap(q, s + 1) && !inl(q, s + 1, DET) &&
                 !inl(q, s + 1, PRON); /* "her decision to meet ..." */
      if (s + 1 >= hi ||
          (!inf && (!is(q, s, "that") || !clause_start(q, s + 1) ||
                    inl(q, s + 1, AUX) || inl(q, s + 1, VERBISH))))
        continue;
      if (inf)
        s--; /* the content keeps its 'to' */
      uint32_t pv = v > t0 && !cap(q, v - 1) && !inl(q, v - 1, DET) ? v - 1 : v;
      if (pv > t0 && (is(q, pv - 1, "his") || is(q, pv - 1, "her") ||
                      is(q, pv - 1, "their") || is(q, pv - 1, "its")))
        set_who(q, &w, pv - 1, pv, v, v + q->cuelen[v]); /* "her decision" */
      else if (v > t0 + 1 && is(q, v - 1, "'s")) {
        uint32_t b = seg_back(q, v - 1, t0);
        if (b < v - 1)
          set_who(q, &w, b, v - 1, v, v + q->cuelen[v]);
      }
      w.cs = v, w.ce = v + q->cuelen[v];
      uint32_t e = clause_end(q, s + 1);
      if (inf && e >= s + 3)
        emit(q, false, q->t[s + 1].s, q->t[e - 1].e, s + 1, &w);
      else
        emit_clause(q, s + 1, e, &w);
      until = e;
      continue;
    }
    if (!verb_cue(q, v) || q->cue[v] == CQ_DIRECT)
      continue;
    uint8_t kind = q->cue[v];
    uint32_t t = v + q->cuelen[v], s = t;
    bool that = false;
    for (uint32_t k = t; k < hi && k < t + 12 && kind != CQ_TOPIC; k++) {
      if (is(q, k, "that")) {
        that = k + 1 < hi && !terminal(q, k + 1) && !is(q, k + 1, ",");
        if (k + 1 < hi && !terminal(q, k + 1))
          s = k + 1; /* "said that, if elected, ..." */
        break;
      }
      if (k > t && inl(q, k, VERBISH))
        break; /* "said the dam could change that" */
      if (!word(q, k) && !is(q, k, ",") && !is(q, k, "'s"))
        break;
      if (q->cue[k] && !(q->cue[k] == CQ_NOUN && inl(q, k - 1, DET)) &&
          !(k > t && q->d->pos && dlpos_noun(q->d->pos[k]) &&
            !dlpos_verb(q->d->pos[k])))
        break; /* "said in a statement that ..." goes on */
      if (k >= t + 8 && !(inl(q, t, PREP) && !is(q, t, "to")))
        break; /* past eight words only after "said in/on/at ..." */
    }
    bool to = false; /* "urged supporters to vote" keeps the object */
    if (!that) {
      s = skip_time(q, s, hi);
      if (kind == CQ_OBJ && s < hi && word(q, s) && !inl(q, s, PRON) &&
          !inl(q, s, WH)) {
        uint32_t e = np_fwd(q, s, hi); /* "told reporters" */
        for (uint32_t k = s + 1; k < hi && k < s + 7 && !to; k++) {
          if (!word(q, k) || inl(q, k, STOP) || q->cue[k])
            break;
          to = is(q, k, "to") && k + 1 < hi && !cap(q, k + 1) &&
               !inl(q, k + 1, DET); /* "urged residents to stay" */
        }
        if (!to)
          s = e > s ? e : s + 1;
      } else if (kind == CQ_OBJ && s + 1 < hi && inl(q, s, PRON) &&
                 is(q, s + 1, "to")) {
        to = true;
      } else if (kind == CQ_OBJ && s < hi && inl(q, s, PRON) &&
                 !is(q, s, "it")) {
        s++; /* "told him the plan" */
      }
      s = skip_time(q, s, hi);
    }
    while (s < hi && (is(q, s, ",") || is(q, s, ":")))
      s++;
    if (!that && s + 1 < hi && inl(q, s, PREP) && (q->flag[s + 1] & F_TIME)) {
      s++; /* "said on Friday he met ..." */
      s = skip_time(q, s, hi);
    }
    if (!that && s == t && s + 2 < hi && kind != CQ_TOPIC &&
        (is(q, s, "in") || is(q, s, "on") || is(q, s, "at") ||
         is(q, s, "during")) && inl(q, s + 1, DET)) {
      for (uint32_t k = s + 3; k < hi && k < s + 12; k++) {
        if (!word(q, k) && !is(q, k, "'s") && !is(q, k, ","))
          break; /* "said in a statement Monday they ..." */
        if (inl(q, k, STOP) || inl(q, k, AUX) || inl(q, k, VERBISH))
          break;
        if ((inl(q, k, PRON) || inl(q, k, DET)) && !is(q, k, "it") &&
            !inl(q, k - 1, PREP) && !inl(q, k - 1, DET) &&
            !is(q, k - 1, "'s")) {
          s = k;
          break;
        }
      }
    }
    /* "..., said Ann Lee, a professor of law.": the speaker follows */
    bool post = !that && v > t0 + 2 && is(q, v - 1, ",") && s == t &&
                s < hi && cap(q, s) && !participle(q, v) && kind != CQ_TOPIC;
    uint32_t post_e = 0;
    if (post) {
      uint32_t e = np_fwd(q, s, hi), k = e;
      if (e < hi && !terminal(q, e) && !is(q, e, ","))
        k = hi; /* "..., said Clinton reached out": a clause, no speaker */
      while (k < hi && k < e + 24 && !terminal(q, k) && !mark(q, k) &&
             !(q->cue[k] && verb_cue(q, k)) && !is(q, k, "that"))
        k++;
      post = e > s && k < hi && terminal(q, k);
      if (e >= hi || (e < hi && terminal(q, e)))
        post = e > s, k = e;
      post_e = k;
    }
    bool has_subj = !post && (participle(q, v)
                                  ? main_subject(q, v, &w.s, &w.e)
                                  : subject_of(q, v, t0, &w.s, &w.e));
    if (!has_subj && v > t0 + 1 && (is(q, v - 1, "and") || is(q, v - 1, "then")))
      has_subj = main_subject(q, v, &w.s, &w.e); /* "X called ... and said" */
    if (!has_subj && !post)
      has_subj = parsed_subject(q, v, &w.s, &w.e);
    if (!has_subj && !post && !participle(q, v) && v > t0 + 1 &&
        v - t0 <= 12 && np_start(q, t0) && !inl(q, t0, PREP)) {
      bool np = true; /* "Experts on trade and labor said ..." */
      for (uint32_t k = t0; k < v && np; k++)
        np = (word(q, k) || is(q, k, "'s") || abbr_dot(q, k)) &&
             !inl(q, k, AUX) && !inl(q, k, VERBISH) && !inl(q, k, STOP) &&
             !inl(q, k, PRON) && !(q->cue[k] && !cap(q, k)) &&
             !(q->flag[k] & F_TIME) &&
             !(k > t0 && q->d->pos && dlpos_verb(q->d->pos[k]));
      if (np) {
        w.s = t0;
        w.e = v;
        has_subj = true;
      }
    }
    if (has_subj)
      set_who(q, &w, w.s, w.e, v, v + q->cuelen[v]);
    else
      w.cs = v, w.ce = v + q->cuelen[v];
    if (kind == CQ_TOPIC) { /* "criticized the plan", "called for ..." */
      if (!has_subj || s >= hi || !(word(q, s) || mark(q, s)) ||
          inl(q, s, AUX) || is(q, s, "to") || (inl(q, s, PREP) && !that))
        continue;
      uint32_t e = topic_end(q, s);
      if (event_object(q, s, e))
        continue; /* "condemned the attack": an event (root 11), no speech */
      if (e > s && (words_in(q, s, e) >= 2 || cap(q, s))) {
        emit(q, false, q->t[s].s, q->t[e - 1].e, s, &w);
        until = e;
      }
      continue;
    }
    /* a relative clause around the cue: "the rule, which he said would
       hurt farmers" (the content keeps its relative word) */
    if (has_subj && !that && s == t && s < hi && w.s > t0 &&
        (kind == CQ_VERB || kind == CQ_BELIEF) && !participle(q, v) &&
        (is(q, w.s - 1, "which") || is(q, w.s - 1, "that") ||
         is(q, w.s - 1, "what")) &&
        (inl(q, s, AUX) || inl(q, s, VERBISH) ||
         (q->d->pos && dlpos_verb(q->d->pos[s]) && !cap(q, s)))) {
      uint32_t e = clause_end(q, s);
      if (e > s && !mark(q, s)) {
        emit(q, false, q->t[w.s - 1].s, q->t[e - 1].e, w.s - 1, &w);
        until = e;
      }
      continue;
    }
    /* an intention: "declined to say whether", "vowed to fight" */
    bool inf = !that && !to && s + 1 < hi && s == t && is(q, s, "to") &&
               word(q, s + 1) && !cap(q, s + 1) && !inl(q, s + 1, DET) &&
               !inl(q, s + 1, PRON) && has_subj;
    bool wh = !that && s < hi && inl(q, s, WH) && !is(q, s, "who") &&
              kind != CQ_BELIEF; /* "Asked whether he would ..." */
    if (!post && s < hi && (that || to || inf || wh ||
                   (clause_start(q, s) && kind != CQ_BELIEF) ||
                   (has_subj && loose_start(q, s)) ||
                   (kind == CQ_BELIEF && (inl(q, s, PRON) ||
                                          (has_subj && clause_start(q, s)))))) {
      if (mark(q, s) && (q->t[s].flags & DLT_OPENQ) && !that)
        continue; /* a direct quote ('that "..."' is reported speech) */
      if (!has_subj && !that && !wh &&
          !(clause_start(q, s) && q->d->pos && dlpos_verb(q->d->pos[v])))
        continue; /* "... and said the party is bound to lose" */
      if (is(q, s, "to"))
        to = to || inf;
      if ((is(q, s, "to") && !to) || (!that && !to && inl(q, s, PREP)))
        continue;
      uint32_t e = clause_end(q, s);
      if (participle(q, v) && !that && v > t0 && v - t0 <= 6 &&
          inl(q, t0, PREP))
        for (uint32_t k = s + 1; k < e; k++)
          if (is(q, k, ",") && !(q->flag[k] & F_INQ)) {
            e = k; /* "In a statement announcing the pick, ..." */
            break;
          }
      if (inf && e == s + 2) /* "declined to comment" */
        emit(q, false, q->t[s].s, q->t[e - 1].e, s, &w);
      else
        emit_clause(q, s, e, &w);
      until = e;
      continue;
    }
    /* "..., officials said." / "..., said Smith." */
    if (participle(q, v) || kind == CQ_BELIEF || mark(q, t0))
      continue;
    if (has_subj && w.s == t0 && t < hi && is(q, t, ",")) {
      uint32_t c = w.e; /* "The museum, Obama said, would ..." */
      while (c > w.s && !is(q, c - 1, ","))
        c--;
      if (c > w.s + 2 && c < w.e)
        set_who(q, &w, c, w.e, w.cs, w.ce);
    }
    uint32_t cut;
    if (has_subj && w.s > t0 + 2 && is(q, w.s - 1, ","))
      cut = w.s - 1;
    else if (v > t0 + 2 && is(q, v - 1, ","))
      cut = v - 1;
    else
      continue;
    uint32_t k = t;
    if (post) {
      set_who(q, &w, t, post_e, v, t);
      k = post_e;
    } else if (!has_subj && cut == v - 1) {
      k = np_fwd(q, t, hi);
      if (k == t)
        continue;
      set_who(q, &w, t, k, v, t);
    }
    bool paren = false; /* "The museum, Mr. Obama said, would ..." */
    while (k < hi && (q->flag[k] & F_TIME))
      k++;
    if (k + 1 < hi && is(q, k, ",") && word(q, k + 1) && !cap(q, k + 1) &&
        !participle(q, k + 1) && !q->cue[k + 1])
      paren = true;
    while (!paren && k < hi && !terminal(q, k) && k < t + 8 && !q->cue[k])
      k++;
    if (!paren && k < hi && !terminal(q, k))
      continue;
    bool quoted = false;
    for (uint32_t i = t0; i < cut; i++)
      quoted |= (q->flag[i] & F_INQ) != 0;
    if (quoted)
      continue;
    if (paren) {
      uint32_t e = clause_end(q, k + 1);
      if (e > k + 1 && words_in(q, t0, cut) + words_in(q, k + 1, e) >= 3) {
        emit(q, false, q->t[t0].s, q->t[e - 1].e, t0, &w);
        until = e;
      }
      continue;
    }
    emit_clause(q, t0, cut, &w);
  }
}

/* Lines opening with a speaker label: headlines ("Name: text") and
** transcript turns ("WALLACE: text"); the text runs to the line's end. */
static void labels(qctx *q) {
  for (uint32_t i = 0; i < q->n; i++) {
    if ((i > 0 && !(q->t[i].flags & (DLT_NL | DLT_PARA))) ||
        (q->flag[i] & F_INQ) || mark(q, i) || (q->hdr_dash && i < q->hdr))
      continue; /* "KABUL (Wire) - Talks: ..." is a dateline, no speaker */
    uint32_t c = label_end(q, i, q->n);
    if (!c)
      continue;
    uint32_t e = c;
    while (e < q->n && !(q->t[e].flags & (DLT_NL | DLT_PARA)) && e < c + 200)
      e++;
    if (words_in(q, c, e) < 3 || (q->flag[c] & F_INQ))
      continue;
    uint32_t k = e;
    while (k > c && (terminal(q, k - 1) || mark(q, k - 1)))
      k--;
    who w = {0};
    set_who(q, &w, i, c - 1, 0, 0);
    if (k > c)
      emit(q, false, q->t[c].s, q->t[k - 1].e, c, &w);
    i = e - 1;
  }
}

/* ---------------------------------------------------------------- stage */

void dlquote_extract(dl_doc *d) {
  qctx q;
  memset(&q, 0, sizeof q);
  q.d = d;
  q.t = d->toks.v;
  q.n = d->toks.n;
  if (!q.n)
    return;
  dlarena *a = &d->arena;
  q.cue = dlarena_alloc(a, q.n * 3u + 8);
  q.lastper = d->tokent ? dlarena_alloc(a, q.n * sizeof *q.lastper) : NULL;
  if (!q.cue || (d->tokent && !q.lastper))
    return;
  memset(q.cue, 0, q.n * 3u);
  q.cuelen = q.cue + q.n;
  q.flag = q.cuelen + q.n;
  for (uint32_t i = 0, k = 0; i < q.n && k < d->times.n;) {
    const dltime *x = &d->times.v[k];
    if (i >= x->t1) {
      k++;
      continue;
    }
    if (i >= x->t0)
      q.flag[i] |= F_TIME;
    i++;
  }
  if (q.lastper) {
    int32_t cur = -1;
    for (uint32_t i = 0; i < q.n; i++) {
      q.lastper[i] = cur;
      int32_t x = d->tokent[i];
      if (x >= 0 && (uint32_t)x < d->ents.n &&
          d->ents.v[x].type == DLE_PERSON)
        cur = (int32_t)i;
    }
  }
  if (d->clauses.n && (q.vcl = dlarena_alloc(a, q.n * sizeof *q.vcl))) {
    for (uint32_t i = 0; i < q.n; i++)
      q.vcl[i] = -1;
    for (uint32_t k = 0; k < d->clauses.n; k++) {
      const dlclause *c = &d->clauses.v[k];
      if (c->v1 > c->v0 && c->verb < q.n)
        q.vcl[c->verb] = (int32_t)k;
    }
  }
  if (d->dateline.present) { /* reported speech starts after the dateline */
    uint32_t end = d->dateline.ae > d->dateline.e ? d->dateline.ae
                                                  : d->dateline.e;
    for (uint32_t i = 0; i < q.n && i < 64; i++)
      if (q.t[i].s >= end && (is(&q, i, ":") || anydash(&q, i))) {
        q.hdr = i + 1;
        q.hdr_dash = !is(&q, i, ":");
        break;
      }
  }
  find_cues(&q);
  direct_quotes(&q);
  labels(&q);
  reported(&q);
  /* merge in text order; a direct quote inside reported speech is part of
     it ('said the plan was "a disaster"'), reported speech inside a quote
     is the quote's */
  uint32_t i = 0, j = 0;
  while (i < q.dq.n || j < q.iq.n) {
    const dlquote *x = i < q.dq.n ? &q.dq.v[i] : NULL;
    const dlquote *y = j < q.iq.n ? &q.iq.v[j] : NULL;
    if (x && y && x->s >= y->s && x->e <= y->e) {
      i++;
      continue;
    }
    if (x && y && y->s >= x->s && y->e <= x->e) {
      j++;
      continue;
    }
    const dlquote *z = !y || (x && x->s <= y->s) ? x : y;
    dlquote *out = dlvec_push(a, &d->quotes);
    if (!out)
      return;
    *out = *z;
    if (z == x)
      i++;
    else
      j++;
  }
}
