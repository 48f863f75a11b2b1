/*
** lexicon.c: the lexicon stage's matcher (lexicon.h): maps the compiled
** blob build/data/lexicon.bin read-only at engine start, finds the longest
** phrase at a token by hashing the tokens' folded forms incrementally, and
** serves the gazetteer's records. User lexicons form a second, in-memory
** blob of the same layout, consulted first.
*/
#include "lexint.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

struct dllex {
  void *map; size_t mapn;  /* the built-in blob */
  dllexv base;
  dllexb *ub;              /* user entries so far, or NULL */
  void *ublob; size_t ublobn;
  dllexv user;             /* over 'ublob'; user.h NULL when none */
  uint64_t gen;            /* unique per lexicon and user table (memo) */
  /* country index + 1 by ISO code (A-Z only), 0 = none; the first wins */
  uint8_t by_iso2[26 * 26];
  uint8_t by_iso3[26 * 26 * 26];
};

/* The index of a code of 'n' (2 or 3) letters A-Z in by_iso2/by_iso3, or
** -1 when it holds another character. */
static int iso_ix(const char *c, size_t n) {
  int ix = 0;
  for (size_t i = 0; i < n; i++) {
    if (c[i] < 'A' || c[i] > 'Z')
      return -1;
    ix = ix * 26 + (c[i] - 'A');
  }
  return ix;
}

/* A generation no other lexicon state ever had: memo entries of a freed
** engine, or of an older user table, can never match. */
static uint64_t next_gen(void) {
  static uint64_t g;
  return __atomic_add_fetch(&g, 1, __ATOMIC_RELAXED);
}

const char *dllexv_open(dllexv *v, const void *p, size_t n, bool sum) {
  memset(v, 0, sizeof *v);
  const dllex_hdr *h = p;
  if (n < sizeof *h || memcmp(h->magic, DLLEX_MAGIC, 8) != 0)
    return "not a lexicon blob (bad magic)";
  if (h->version != DLLEX_VERSION)
    return "lexicon blob of another version (rebuild with 'make')";
  if (h->size != n || n % 8)
    return "lexicon blob truncated or of the wrong size";
  static const size_t elt[DLS_N] = {sizeof(dllex_slot), sizeof(dllex_sense),
                                    sizeof(dlgaz_place),
                                    sizeof(dlgaz_country), 1,
                                    sizeof(uint64_t)};
  uint64_t cnt[DLS_N] = {h->nslots, h->nsenses, h->nplaces, h->ncountries,
                         h->len[DLS_STR], h->nfilter};
  for (int s = 0; s < DLS_N; s++)
    if (h->off[s] % 8 || h->off[s] < sizeof *h || h->off[s] > n ||
        h->len[s] > n - h->off[s] || h->len[s] != cnt[s] * elt[s])
      return "lexicon blob with a bad section table";
  if (!h->nslots || (h->nslots & (h->nslots - 1)) || !h->len[DLS_STR] ||
      !h->nfilter)
    return "lexicon blob with a bad hash table";
  const char *b = p;
  if (b[h->off[DLS_STR]] != '\0' ||
      b[h->off[DLS_STR] + h->len[DLS_STR] - 1] != '\0')
    return "lexicon blob with unterminated strings";
  if (sum && dllex_checksum(b + sizeof *h, n - sizeof *h) != h->checksum)
    return "lexicon blob checksum mismatch (corrupt: rebuild with 'make')";
  v->h = h;
  v->slot = (const dllex_slot *)(b + h->off[DLS_SLOTS]);
  v->mask = h->nslots - 1;
  v->sense = (const dllex_sense *)(b + h->off[DLS_SENSES]);
  v->nsense = h->nsenses;
  v->place = (const dlgaz_place *)(b + h->off[DLS_PLACES]);
  v->nplace = h->nplaces;
  v->country = (const dlgaz_country *)(b + h->off[DLS_COUNTRIES]);
  v->ncountry = h->ncountries;
  v->str = b + h->off[DLS_STR];
  v->nstr = h->len[DLS_STR];
  v->filter = (const uint64_t *)(const void *)(b + h->off[DLS_FILTER]);
  v->nfilter = h->nfilter;
  return NULL;
}

const dllex_slot *dllexv_find(const dllexv *v, uint64_t h, const char *s,
                              size_t n) {
  if (!v->h)
    return NULL;
  uint64_t x = dllex_filter_mix(h), fb = dllex_filter_bits(x);
  if ((v->filter[dllex_filter_word(x, v->nfilter)] & fb) != fb)
    return NULL; /* surely absent */
  uint16_t hi = (uint16_t)(h >> 48);
  for (uint32_t i = (uint32_t)h & v->mask, k = 0; k <= v->mask;
       i = (i + 1) & v->mask, k++) {
    const dllex_slot *sl = &v->slot[i];
    if (!sl->key)
      return NULL;
    if (sl->h == hi && (sl->klen & DLLEX_KLEN) == n &&
        sl->key + n < v->nstr && memcmp(v->str + sl->key, s, n) == 0)
      return sl;
  }
  return NULL;
}

/* Map DIR/lexicon.bin. */
dl_status dllex_load(dl_engine *e, const char *dir) {
  char path[4096];
  void *p;
  size_t n;
  dl_status ms = dleng_map(e, dir, "lexicon.bin", false, &p, &n, path,
                           sizeof path);
  if (ms != DL_OK)
    return ms;
  struct dllex *lx = dleng_malloc(e, sizeof *lx);
  if (!lx) {
    munmap(p, n);
    return DL_E_NOMEM;
  }
  memset(lx, 0, sizeof *lx);
  lx->map = p;
  lx->mapn = n;
  lx->gen = next_gen();
  const char *why = dllexv_open(&lx->base, p, n, true);
  if (why) {
    dleng_errf(e, "%s: %s", path, why);
    munmap(p, n);
    dleng_free(e, lx, sizeof *lx);
    return DL_E_DATA;
  }
  for (uint32_t i = lx->base.ncountry < 255 ? lx->base.ncountry : 0;
       i-- > 0;) { /* the first wins */
    const dlgaz_country *c = &lx->base.country[i];
    int k2 = iso_ix(c->iso2, 2), k3 = iso_ix(c->iso3, 3);
    if (k2 >= 0)
      lx->by_iso2[k2] = (uint8_t)(i + 1);
    if (k3 >= 0)
      lx->by_iso3[k3] = (uint8_t)(i + 1);
  }
  e->lex = lx;
  return DL_OK;
}

void dllex_unload(dl_engine *e) {
  struct dllex *lx = e->lex;
  if (!lx)
    return;
  if (lx->map)
    munmap(lx->map, lx->mapn);
  dllexb_free(lx->ub);
  free(lx->ublob);
  dleng_free(e, lx, sizeof *lx);
  e->lex = NULL;
}

/* Read a user lexicon into the user table and rebuild its blob. */
dl_status dllex_add_user(dl_engine *e, const char *path) {
  struct dllex *lx = e->lex;
  if (!lx) {
    dleng_errf(e, "%s: no lexicon loaded", path);
    return DL_E_DATA;
  }
  if (!lx->ub && !(lx->ub = dllexb_new(&lx->base, DLXF_USER)))
    return DL_E_NOMEM;
  if (!dllexb_add_file(lx->ub, path)) {
    dleng_errf(e, "%s", dllexb_error(lx->ub));
    /* entries before the bad line stay in the builder but not in use */
    return strstr(dllexb_error(lx->ub), "out of memory") ? DL_E_NOMEM
                                                         : DL_E_DATA;
  }
  void *blob;
  size_t n;
  if (!dllexb_write(lx->ub, &blob, &n))
    return DL_E_NOMEM;
  dllexv v;
  const char *why = dllexv_open(&v, blob, n, false);
  if (why) {
    free(blob);
    dleng_errf(e, "%s: %s", path, why);
    return DL_E_DATA;
  }
  free(lx->ublob);
  lx->ublob = blob;
  lx->ublobn = n;
  lx->user = v;
  lx->gen = next_gen();
  return DL_OK;
}

/* ------------------------------------------------------------- matching */

/* What walk() needs of one key: the senses that win (the user's shadow the
** built-in ones), their dictionaries, whether longer phrases continue it
** and whether either table holds it at all. */
typedef struct lres {
  uint32_t sense;    /* first sense in the winning table */
  uint16_t nsense;   /* 0: no senses (a prefix, or absent) */
  uint16_t dicts;    /* DLX_BIT of the senses' dictionaries */
  uint8_t user;      /* the senses are the user table's */
  uint8_t cont;      /* a longer phrase continues the key */
  uint8_t found;     /* either table holds the key */
} lres;

static lres find_both(const struct dllex *lx, uint64_t h, const char *s,
                      size_t n) {
  const dllex_slot *us = lx->user.h ? dllexv_find(&lx->user, h, s, n) : NULL;
  const dllex_slot *bs = dllexv_find(&lx->base, h, s, n);
  lres r = {0, 0, 0, 0, 0, 0};
  if (us && us->nsense) {
    r.sense = us->sense;
    r.nsense = us->nsense;
    r.dicts = us->dicts;
    r.user = 1;
  } else if (bs && bs->nsense) {
    r.sense = bs->sense;
    r.nsense = bs->nsense;
    r.dicts = bs->dicts;
  }
  r.cont = (us && (us->klen & DLLEX_CONT)) || (bs && (bs->klen & DLLEX_CONT));
  r.found = us || bs;
  return r;
}

/* A per-thread memo of look-ups: news repeats its words and phrases, and a
** look-up in the large table is a cache miss or two each time. Keyed by
** the 64-bit hash and the length; the key is checked against the slot's
** own bytes only on a fill. Entries hold what walk() needs, so that a hit
** touches neither the table nor the senses. An entry is valid in the epoch
** it was filled in; the epoch changes when the thread meets another
** lexicon state (dllex.gen), so entries of a freed engine or of an older
** user table never match. */
#define MEMO_BITS 13
typedef struct memo_ent {
  uint64_t h;
  uint32_t epoch;    /* 0 = empty */
  uint16_t n;
  lres r;
} memo_ent;
static _Thread_local memo_ent memo[1u << MEMO_BITS];
static _Thread_local uint64_t memo_gen;   /* the lexicon of this epoch */
static _Thread_local const void *memo_user; /* ... and its user table */
static _Thread_local uint32_t memo_epoch;

static lres find_memo(const struct dllex *lx, uint64_t h, const char *s,
                      size_t n) {
  if (n > 0xFFFF)
    return find_both(lx, h, s, n);
  if (memo_gen != lx->gen || memo_user != lx->user.h) {
    memo_gen = lx->gen;
    memo_user = lx->user.h;
    if (++memo_epoch == 0) { /* wrapped: no entry may survive */
      memset(memo, 0, sizeof memo);
      memo_epoch = 1;
    }
  }
  memo_ent *m = &memo[(h ^ (h >> 29)) & ((1u << MEMO_BITS) - 1)];
  if (m->epoch == memo_epoch && m->h == h && m->n == n)
    return m->r;
  lres r = find_both(lx, h, s, n);
  m->h = h;
  m->epoch = memo_epoch;
  m->n = (uint16_t)n;
  m->r = r;
  return r;
}

typedef void (*hit_fn)(void *, uint32_t, const dllex_sense *, uint32_t,
                       uint32_t);

/* Every phrase starting at token 'i': calls 'hit' (end token, senses,
** their number, their dictionaries) for each, shortest first. User senses
** (with the built-in ones merged in) shadow built-in. */
static void walk(const dl_doc *d, uint32_t i, hit_fn hit, void *ud) {
  const struct dllex *lx = d->eng->lex;
  char buf[1024];
  size_t n = 0;
  uint64_t h = DLLEX_FNV0;
  uint32_t sent = d->toks.v[i].sent;
  for (uint32_t j = i; j < d->toks.n && d->toks.v[j].sent == sent; j++) {
    size_t fl;
    const char *f = dltok_fold(d, j, &fl);
    if (n + fl + 1 > sizeof buf)
      break;
    if (j > i) {
      buf[n++] = ' ';
      h = dllex_hash(h, " ", 1);
    }
    memcpy(buf + n, f, fl);
    n += fl;
    h = dllex_hash(h, f, fl);
    lres r = find_memo(lx, h, buf, n);
    if (r.nsense)
      hit(ud, j + 1, (r.user ? lx->user.sense : lx->base.sense) + r.sense,
          r.nsense, r.dicts);
    if (!r.cont)
      break;
  }
}

static void scan_hit(void *ud, uint32_t t1, const dllex_sense *s, uint32_t n,
                     uint32_t dicts) {
  dl_doc *d = ud;
  dllexhit *x = dlvec_push(&d->arena, &d->lexhits);
  if (x) {
    x->t1 = t1;
    x->n = (uint16_t)n;
    x->dicts = (uint16_t)dicts;
    x->senses = s;
  }
}

/* The lexicon stage: one walk per token; hits stored longest first. */
void dllex_scan(dl_doc *d) {
  if (!d->eng->lex)
    return;
  uint32_t *off = dlarena_alloc(&d->arena, sizeof *off * (d->toks.n + 1));
  if (!off)
    return;
  for (uint32_t i = 0; i < d->toks.n; i++) {
    off[i] = d->lexhits.n;
    if (d->toks.v[i].flags & DLT_PUNCT) {
      /* punctuation starts no phrase unless the lexicon says so: one look */
      size_t fl;
      const char *f = dltok_fold(d, i, &fl);
      uint64_t h = dllex_hash(DLLEX_FNV0, f, fl);
      if (!find_memo(d->eng->lex, h, f, fl).found)
        continue;
    }
    uint32_t first = d->lexhits.n;
    walk(d, i, scan_hit, d);
    for (uint32_t a = first, b = d->lexhits.n; a + 1 < b; a++, b--) {
      dllexhit t = d->lexhits.v[a]; /* longest first */
      d->lexhits.v[a] = d->lexhits.v[b - 1];
      d->lexhits.v[b - 1] = t;
    }
  }
  off[d->toks.n] = d->lexhits.n;
  if (!d->arena.oom)
    d->lexoff = off;
}

static bool senses_in(const dllex_sense *s, uint32_t n, uint32_t mask) {
  for (uint32_t j = 0; j < n; j++)
    if (mask & DLX_BIT(s[j].dict))
      return true;
  return false;
}

typedef struct best {
  uint32_t mask, t1, n;
  const dllex_sense *s;
} best;

static void best_hit(void *ud, uint32_t t1, const dllex_sense *s, uint32_t n,
                     uint32_t dicts) {
  best *b = ud;
  (void)dicts;
  if (senses_in(s, n, b->mask)) {
    b->t1 = t1;
    b->s = s;
    b->n = n;
  }
}

bool dllex_longest(const dl_doc *d, uint32_t i, uint32_t mask,
                   dllex_match *m) {
  if (!d->eng || !d->eng->lex || i >= d->toks.n)
    return false;
  if (d->lexoff) { /* the stage's cache */
    for (uint32_t k = d->lexoff[i]; k < d->lexoff[i + 1]; k++) {
      const dllexhit *x = &d->lexhits.v[k];
      if (x->dicts & mask) {
        m->t0 = i;
        m->t1 = x->t1;
        m->senses = x->senses;
        m->n = x->n;
        return true;
      }
    }
    return false;
  }
  best b = {mask, 0, 0, NULL};
  walk(d, i, best_hit, &b);
  if (!b.s)
    return false;
  m->t0 = i;
  m->t1 = b.t1;
  m->senses = b.s;
  m->n = b.n;
  return true;
}

uint32_t dllex_lookup(const dl_engine *e, const char *phrase, size_t n,
                      const dllex_sense **out) {
  *out = NULL;
  const struct dllex *lx = e ? e->lex : NULL;
  if (!lx)
    return 0;
  lres r = find_memo(lx, dllex_hash(DLLEX_FNV0, phrase, n), phrase, n);
  if (r.nsense)
    *out = (r.user ? lx->user.sense : lx->base.sense) + r.sense;
  return r.nsense;
}

const char *dllex_field(const dl_engine *e, const dllex_sense *s, unsigned k,
                        size_t *len) {
  const struct dllex *lx = e ? e->lex : NULL;
  if (len)
    *len = 0;
  if (!lx || k >= s->nfields)
    return NULL;
  const dllexv *v = (s->flags & DLXF_USER) ? &lx->user : &lx->base;
  if (s->fields >= v->nstr)
    return NULL;
  const char *p = v->str + s->fields;
  for (unsigned j = 0; j < k; j++)
    p += strlen(p) + 1;
  if (len)
    *len = strlen(p);
  return p;
}

const char *dllex_entry(const dl_engine *e, const dllex_sense *s,
                        size_t *len) {
  const struct dllex *lx = e ? e->lex : NULL;
  const char *r = NULL;
  if (lx) {
    if (s->dict == DLX_COUNTRY || s->dict == DLX_DEMONYM) {
      const dlgaz_country *c = dlgaz_country_at(e, (uint32_t)s->num);
      r = c ? dlgaz_str(e, c->name) : NULL;
    } else if (s->dict <= DLX_FEATURE) {
      const dlgaz_place *p = dlgaz_place_at(e, (uint32_t)s->num);
      r = p ? dlgaz_str(e, p->name) : NULL;
    } else {
      const dllexv *v = (s->flags & DLXF_USER) ? &lx->user : &lx->base;
      if (s->num > 0 && (uint64_t)s->num < v->nstr)
        r = v->str + s->num;
    }
  }
  if (len)
    *len = r ? strlen(r) : 0;
  return r;
}

const dllex_sense *dllex_sense_in(const dllex_match *m, unsigned dict) {
  for (uint32_t j = 0; j < m->n; j++)
    if (m->senses[j].dict == dict)
      return &m->senses[j];
  return NULL;
}

/* ------------------------------------------------------------ gazetteer */

uint32_t dlgaz_nplaces(const dl_engine *e) {
  const struct dllex *lx = e ? e->lex : NULL;
  return lx ? lx->base.nplace + lx->user.nplace : 0;
}

const dlgaz_place *dlgaz_place_at(const dl_engine *e, uint32_t i) {
  const struct dllex *lx = e ? e->lex : NULL;
  if (!lx)
    return NULL;
  if (i < lx->base.nplace)
    return &lx->base.place[i];
  i -= lx->base.nplace;
  return i < lx->user.nplace ? &lx->user.place[i] : NULL;
}

uint32_t dlgaz_ncountries(const dl_engine *e) {
  const struct dllex *lx = e ? e->lex : NULL;
  return lx ? lx->base.ncountry : 0;
}

const dlgaz_country *dlgaz_country_at(const dl_engine *e, uint32_t i) {
  const struct dllex *lx = e ? e->lex : NULL;
  return lx && i < lx->base.ncountry ? &lx->base.country[i] : NULL;
}

int32_t dlgaz_country_by_code(const dl_engine *e, const char *code,
                              size_t n) {
  const struct dllex *lx = e ? e->lex : NULL;
  if (!lx || (n != 2 && n != 3))
    return -1;
  char u[3];
  for (size_t i = 0; i < n; i++)
    u[i] = (char)(code[i] >= 'a' && code[i] <= 'z' ? code[i] - 32 : code[i]);
  int k = iso_ix(u, n);
  if (k >= 0 && lx->base.ncountry < 255) /* else the search below */
    return (n == 2 ? lx->by_iso2[k] : lx->by_iso3[k]) - 1;
  for (uint32_t i = 0; i < lx->base.ncountry; i++)
    if (memcmp(n == 2 ? lx->base.country[i].iso2 : lx->base.country[i].iso3,
               u, n) == 0)
      return (int32_t)i;
  return -1;
}

const char *dlgaz_str(const dl_engine *e, uint32_t off) {
  const struct dllex *lx = e ? e->lex : NULL;
  if (!lx)
    return "";
  if (off < lx->base.nstr)
    return lx->base.str + off;
  off -= (uint32_t)lx->base.nstr; /* user places' strings (build.c biases) */
  return off < lx->user.nstr ? lx->user.str + off : "";
}
