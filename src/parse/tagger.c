/*
** tagger.c: the part-of-speech tagger of the clauses stage: a greedy
** averaged perceptron (Collins 2002; Honnibal's "200 lines" design) over
** Penn Treebank tags. Weights come from data/tagger.tsv (written by
** tools/train-tagger.c), compiled at build time (tools/modelc.c) into one flat
** blob, build/data/tagger.bin, that the engine maps read-only: an
** open-address table keyed by 64-bit feature hashes, so loading does no
** per-entry work and tagging allocates nothing.
*/
#include "parse.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#define DLPOS_NAME_(id, name) name,
static const char *const pos_names[DLPOS_N] = {DLPOS_LIST(DLPOS_NAME_)};
#undef DLPOS_NAME_

const char *dlpos_name(unsigned tag) {
  return tag < DLPOS_N ? pos_names[tag] : "?";
}

unsigned dlpos_from_name(const char *s, size_t n) {
  for (unsigned k = 1; k < DLPOS_N; k++)
    if (strlen(pos_names[k]) == n && memcmp(pos_names[k], s, n) == 0)
      return k;
  return DLPOS_NONE;
}

/* ------------------------------------------------------------------ the blob */

/* build/data/tagger.bin, written by dltag_compile (tools/modelc.c) from
** data/tagger.tsv and mapped read-only at start (STYLE.md §3): a header, a
** 1-bit-per-key filter, an open-address table of 64-bit feature keys, the
** tag-context rows and the weight pool. */
#define DLTAG_MAGIC "DLTAG1\0" /* 8 bytes with the NUL */
#define DLTAG_VERSION 2u
enum { SEC_BLOOM, SEC_SLOTS, SEC_CTX, SEC_ROWS, SEC_PAIRS, SEC_N };
typedef struct hdr {
  char magic[8];        /* DLTAG_MAGIC */
  uint32_t version;     /* DLTAG_VERSION */
  uint32_t ntags;       /* DLPOS_N it was built for */
  uint64_t size;        /* whole blob in bytes */
  uint64_t checksum;    /* checksum() of bytes [sizeof hdr, size) */
  uint32_t nslots;      /* hash slots, a power of two */
  uint32_t nbloom;      /* filter bits, a power of two */
  uint32_t nrows;       /* dense rows (features with more than NPAIR) */
  uint32_t npairs;      /* sparse weights */
  uint64_t off[SEC_N];  /* section offsets, 8-aligned */
  uint64_t len[SEC_N];  /* ... and lengths in bytes */
} hdr;

/* A dense row of weights or scores, padded to whole vectors. Scores are
** summed in int16: dltag_compile checks that the largest weights of all
** templates (one feature each per token) sum below 32768, so no sum
** overflows and the tags are those of int32 scoring. */
enum { ROW = (DLPOS_N + 31) & ~31 };
enum { NCTX = DLPOS_N + 1 };       /* previous tags: DLPOS_N is "<s>" */
enum { NPAIR = 16 };               /* up to this many: sparse pairs */
enum { DENSE = 255 };

/* One key of the table: 16 bytes. */
typedef struct slot {
  uint64_t key;         /* feature key; 0 = empty */
  int16_t w[2];         /* n <= 2: the weights; else the offset (u32) */
  uint8_t tag[2];       /* n <= 2: their tags */
  uint8_t n;            /* weights; DENSE: a row of 'rows' */
  uint8_t dict;         /* tag-dictionary entry: the tag (0 = none) */
} slot;

typedef struct pair {
  int16_t w;
  uint8_t tag, pad;
} pair;

struct dltagger {
  const hdr *h;
  void *map;            /* the mapping, or NULL */
  void *own;            /* or an allocated blob (dltag_load_tsv) */
  size_t n;             /* its size */
  uint32_t mask, bmask; /* slots - 1, filter bits - 1 */
  const uint64_t *bloom;
  const slot *slots;
  const int16_t *ctx;   /* [p1][p2][ROW]: bias + 't' + 'u' + 'v' */
  const int16_t *rows;  /* [nrows][ROW] */
  const pair *pairs;
  uint64_t htag[NCTX];  /* dltag_piece of each tag name ("<s>" last) */
  uint64_t hshape[27];  /* ... of each shape code (see shape_ix) */
  uint64_t hbos, heos;  /* ... of "<s>" and "</s>" */
  uint64_t gen;         /* unique per model ever loaded (the word memo) */
};

/* A model generation no other model ever had. */
static uint64_t next_gen(void) {
  static uint64_t g;
  return __atomic_add_fetch(&g, 1, __ATOMIC_RELAXED);
}

static uint64_t checksum(const void *p, size_t n) {
  const unsigned char *b = p;
  uint64_t a = 1, c = 2, e = 3, f = 4, w[4];
  size_t i = 0;
  for (; i + 32 <= n; i += 32) { /* four lanes: the multiplies overlap */
    memcpy(w, b + i, 32);
    a = (a ^ w[0]) * 0x9E3779B97F4A7C15ull;
    c = (c ^ w[1]) * 0xC2B2AE3D27D4EB4Full;
    e = (e ^ w[2]) * 0x165667B19E3779F9ull;
    f = (f ^ w[3]) * 0x27D4EB2F165667C5ull;
  }
  for (; i < n; i++)
    a = (a ^ b[i]) * 0x9E3779B97F4A7C15ull;
  uint64_t h = a ^ (c << 1 | c >> 63) ^ (e << 2 | e >> 62) ^ (f << 3 | f >> 61);
  return h ^ (h >> 31) ^ n;
}

/* ---------------------------------------------------------------- features */

uint64_t dltag_piece(const char *s, size_t n) {
  uint64_t h = 0xcbf29ce484222325ull;
  for (size_t i = 0; i < n; i++) {
    h ^= (unsigned char)s[i];
    h *= 0x100000001b3ull;
  }
  return h;
}

uint64_t dltag_key(char tmpl, uint64_t ha, uint64_t hb, bool two) {
  uint64_t k = (ha + (uint64_t)(unsigned char)tmpl * 0x9e3779b97f4a7c15ull) *
               0xbf58476d1ce4e5b9ull;
  if (two)
    k = (k ^ (k >> 31) ^ hb) * 0xc2b2ae3d27d4eb4full;
  k ^= k >> 32; /* the slot index takes the low bits */
  return k ? k : 1; /* 0 marks an empty slot */
}

const char *dltag_word(const dl_doc *d, uint32_t i, uint16_t *n) {
  const dltok *t = &d->toks.v[i];
  const char *w = d->fold + t->fo;
  if (t->flags & DLT_NUM) {
    bool year = t->fl == 4;
    for (unsigned k = 0; k < t->fl && year; k++)
      year = w[k] >= '0' && w[k] <= '9';
    bool digits = true; /* "3rd", "1990s" keep their letters */
    for (unsigned k = 0; k < t->fl && digits; k++)
      digits = (w[k] >= '0' && w[k] <= '9') || w[k] == ',' || w[k] == '.' ||
               w[k] == ':' || w[k] == '/' || w[k] == '-';
    if (year || digits) {
      *n = year ? 5 : 7;
      return year ? "!YEAR" : "!DIGITS";
    }
  }
  *n = t->fl > 40 ? 40 : t->fl; /* URLs and the like: a prefix is enough */
  return w;
}

/* The shape of a token: case, number, hyphen, quote, first word of the
** sentence; a short code from a fixed table, by its index. */
static const char *const shapes[27] = {
    "p",  "q<", "q>",                                          /* punct */
    "^x", "^X", "^XX", "^XX", "^d", "^dX", "^dXX", "^dXX",     /* first */
    "x",  "X",  "XX",  "XX",  "d",  "dX",  "dXX",  "dXX",
    "-x", "-X", "-XX", "-XX", "-d", "-dX", "-dXX", "-dXX"};

static unsigned shape_ix(uint16_t f, bool first) {
  if (f & DLT_PUNCT)
    return (f & DLT_OPENQ) ? 1 : (f & DLT_QUOTE) ? 2 : 0;
  unsigned k = 0;
  if (f & DLT_CAP)
    k |= 1;
  if (f & DLT_UPPER)
    k |= 2;
  if (f & DLT_NUM)
    k |= 4;
  if (f & DLT_HYPHEN)
    k |= 8;
  return first ? 3 + (k & 7) : 11 + k; /* sentence-initial capitals say
                                          little */
}

static const char *shape(const dl_doc *d, uint32_t i, uint32_t t0,
                         uint16_t *n) {
  const char *c = shapes[shape_ix(d->toks.v[i].flags, i == t0)];
  *n = (uint16_t)strlen(c);
  return c;
}

static const char *tagname(unsigned t) {
  return t < DLPOS_N ? pos_names[t] : "<s>";
}

void dltag_cache_reset(dltagcache *c) { memset(c->i, 0xff, sizeof c->i); }

/* The piece texts of token j, and their hashes from the cache. */
typedef struct pieces {
  const char *w, *s3, *s2, *sh;
  uint16_t nw, ns3, ns2, nsh;
  const uint64_t *h;    /* word, suffix 3, suffix 2, shape */
} pieces;

static pieces tok(const dl_doc *d, dltagcache *c, uint32_t t0, uint32_t j) {
  unsigned k = j & 7;
  if (c->i[k] != j) {
    const char *f = d->fold + d->toks.v[j].fo;
    uint16_t fl = d->toks.v[j].fl > 40 ? 40 : d->toks.v[j].fl;
    c->i[k] = j;
    c->s[k][0] = dltag_word(d, j, &c->n[k][0]);
    c->n[k][1] = fl < 3 ? fl : 3;
    c->s[k][1] = f + fl - c->n[k][1];
    c->n[k][2] = fl < 2 ? fl : 2;
    c->s[k][2] = f + fl - c->n[k][2];
    c->s[k][3] = shape(d, j, t0, &c->n[k][3]);
    for (int q = 0; q < 4; q++)
      c->h[k][q] = dltag_piece(c->s[k][q], c->n[k][q]);
  }
  pieces p = {c->s[k][0], c->s[k][1], c->s[k][2], c->s[k][3],
              c->n[k][0], c->n[k][1], c->n[k][2], c->n[k][3], c->h[k]};
  return p;
}

static dlfeat mk(char tmpl, const char *a, uint16_t na, uint64_t ha,
                 const char *b, uint16_t nb, uint64_t hb) {
  dlfeat f = {tmpl, a, b, na, nb, ha, hb};
  return f;
}

int dltag_features(const dl_doc *d, dltagcache *c, uint32_t t0, uint32_t t1,
                   uint32_t i, unsigned p1, unsigned p2, dlfeat *o) {
  int n = 0;
  pieces x = tok(d, c, t0, i);
  const char *t1n = tagname(p1), *t2n = tagname(p2);
  uint16_t l1 = (uint16_t)strlen(t1n), l2 = (uint16_t)strlen(t2n);
  uint64_t h1 = dltag_piece(t1n, l1), h2 = dltag_piece(t2n, l2);
  o[n++] = mk('b', "", 0, dltag_piece("", 0), NULL, 0, 0);
  o[n++] = mk('w', x.w, x.nw, x.h[0], NULL, 0, 0);
  o[n++] = mk('s', x.s3, x.ns3, x.h[1], NULL, 0, 0);
  o[n++] = mk('x', x.s2, x.ns2, x.h[2], NULL, 0, 0);
  o[n++] = mk('h', x.sh, x.nsh, x.h[3], NULL, 0, 0);
  o[n++] = mk('t', t1n, l1, h1, NULL, 0, 0);
  o[n++] = mk('u', t2n, l2, h2, NULL, 0, 0);
  o[n++] = mk('v', t1n, l1, h1, t2n, l2, h2);
  o[n++] = mk('y', t1n, l1, h1, x.w, x.nw, x.h[0]);
  o[n++] = mk('c', x.sh, x.nsh, x.h[3], x.w, x.nw, x.h[0]);
  if (i > t0) {
    pieces y = tok(d, c, t0, i - 1);
    o[n++] = mk('m', y.w, y.nw, y.h[0], NULL, 0, 0);
    o[n++] = mk('n', y.s3, y.ns3, y.h[1], NULL, 0, 0);
    o[n++] = mk('e', y.w, y.nw, y.h[0], x.w, x.nw, x.h[0]);
  } else {
    o[n++] = mk('m', "<s>", 3, dltag_piece("<s>", 3), NULL, 0, 0);
  }
  if (i > t0 + 1) {
    pieces y = tok(d, c, t0, i - 2);
    o[n++] = mk('o', y.w, y.nw, y.h[0], NULL, 0, 0);
  }
  if (i + 1 < t1) {
    pieces y = tok(d, c, t0, i + 1);
    o[n++] = mk('q', y.w, y.nw, y.h[0], NULL, 0, 0);
    o[n++] = mk('r', y.s3, y.ns3, y.h[1], NULL, 0, 0);
    o[n++] = mk('k', y.sh, y.nsh, y.h[3], NULL, 0, 0);
  } else {
    o[n++] = mk('q', "</s>", 4, dltag_piece("</s>", 4), NULL, 0, 0);
  }
  if (i + 2 < t1) {
    pieces y = tok(d, c, t0, i + 2);
    o[n++] = mk('z', y.w, y.nw, y.h[0], NULL, 0, 0);
  }
  return n;
}

/* Web addresses and e-mail: the tokenizer cuts "http://x.org/a" into many
** tokens; the treebank tags the whole as one ADD word. A run of tokens with
** no space between them holding "://", "www." or "@" and a later '.' is an
** address (EWT dev, e.g. "http://www.enron.com"). Trailing punctuation
** stays out. Runs of '*', '=', '_', '~' ("*****", "=====") are NFP. */
static void web(const dl_doc *d, uint32_t t0, uint32_t t1, uint8_t *out) {
  for (uint32_t i = t0; i < t1;) {
    uint32_t j = i + 1;
    while (j < t1 && !(d->toks.v[j].flags & DLT_SPACE_BEFORE))
      j++;
    if (j - i >= 3) {
      const char *s = d->text + d->toks.v[i].s;
      size_t n = d->toks.v[j - 1].e - d->toks.v[i].s;
      const char *at = memchr(s, '@', n);
      bool addr = (n > 4 && !memcmp(s, "www.", 4)) ||
                  (at && memchr(at, '.', n - (size_t)(at - s)));
      for (size_t k = 0; k + 3 <= n && !addr; k++)
        addr = s[k] == ':' && s[k + 1] == '/' && s[k + 2] == '/';
      if (addr) {
        uint32_t e = j;
        while (e > i + 1 && (d->toks.v[e - 1].flags & DLT_PUNCT) &&
               strchr(".,;:!?)\"'", d->text[d->toks.v[e - 1].s]))
          e--;
        for (uint32_t k = i; k < e; k++)
          out[k - t0] = DLPOS_ADD;
      }
    }
    if (j - i >= 2 && (d->toks.v[i].flags & DLT_PUNCT) &&
        strchr("*=_~", d->text[d->toks.v[i].s])) {
      char c = d->text[d->toks.v[i].s];
      uint32_t k = i;
      while (k < j && d->text[d->toks.v[k].s] == c &&
             (d->toks.v[k].flags & DLT_PUNCT))
        k++;
      if (k - i >= 2)
        for (uint32_t q = i; q < k; q++)
          out[q - t0] = DLPOS_NFP;
    }
    i = j;
  }
}


/* ------------------------------------------------------------------ tagging */

static inline uint64_t key1(char tmpl, uint64_t ha) {
  return dltag_key(tmpl, ha, 0, false);
}
static inline uint64_t key2(char tmpl, uint64_t ha, uint64_t hb) {
  return dltag_key(tmpl, ha, hb, true);
}

static inline bool maybe(const struct dltagger *m, uint64_t key) {
  uint32_t b = (uint32_t)(key >> 40) & m->bmask;
  return m->bloom[b >> 6] >> (b & 63) & 1;
}

static inline void prefetch(const void *p) {
#if defined(__GNUC__)
  __builtin_prefetch(p);
#else
  (void)p;
#endif
}

static const slot *find(const struct dltagger *m, uint64_t key) {
  uint32_t i = (uint32_t)key & m->mask; /* keys are mixed already */
  for (;;) {
    const slot *s = &m->slots[i];
    if (s->key == key)
      return s;
    if (!s->key)
      return NULL;
    i = (i + 1) & m->mask;
  }
}

/* 16 scores in one vector (GCC and Clang lower it to what the target has) */
typedef int16_t vrow __attribute__((vector_size(32)));
enum { NV = ROW / 16 };

/* Add the weights of slot 's' to the scores. */
static inline void add(const struct dltagger *m, const slot *s, int16_t *sc) {
  if (s->n <= 2) {
    if (s->n > 0)
      sc[s->tag[0]] = (int16_t)(sc[s->tag[0]] + s->w[0]);
    if (s->n > 1)
      sc[s->tag[1]] = (int16_t)(sc[s->tag[1]] + s->w[1]);
    return;
  }
  uint32_t off;
  memcpy(&off, s->w, sizeof off);
  if (s->n == DENSE) { /* vectorised */
    const int16_t *r = m->rows + (size_t)off * ROW;
    for (unsigned j = 0; j < NV; j++) {
      vrow a, b;
      memcpy(&a, sc + j * (ROW / NV), sizeof a);
      memcpy(&b, r + j * (ROW / NV), sizeof b);
      a += b;
      memcpy(sc + j * (ROW / NV), &a, sizeof a);
    }
  } else {
    const pair *q = m->pairs + off;
    for (unsigned j = 0; j < s->n; j++)
      sc[q[j].tag] = (int16_t)(sc[q[j].tag] + q[j].w);
  }
}

/* Piece hashes of one token, computed once per token. */
typedef struct th {
  uint64_t w, s3, s2, sh; /* word, suffix 3, suffix 2, shape */
} th;

static void hashes(const struct dltagger *m, const dl_doc *d, uint32_t t0,
                   uint32_t j, th *o) {
  const dltok *t = &d->toks.v[j];
  const char *f = d->fold + t->fo;
  size_t fl = t->fl > 40 ? 40 : t->fl, n3 = fl < 3 ? fl : 3,
         n2 = fl < 2 ? fl : 2;
  uint16_t nw;
  const char *w = dltag_word(d, j, &nw);
  o->w = dltag_piece(w, nw);
  o->s3 = dltag_piece(f + fl - n3, n3);
  o->s2 = dltag_piece(f + fl - n2, n2);
  o->sh = m->hshape[shape_ix(t->flags, j == t0)];
}

/* A per-thread memo of the token's own features ('w', 's', 'x', 'h', 'c':
** its word, suffixes and shape) summed into one row, and of its dictionary
** tag, by word type: news repeats its words, and these five look-ups are
** a third of a token's. Scores are sums of int16 that wrap (see ROW), so
** a row summed ahead gives the same scores in any order. Keyed by a 64-bit
** mix of the four piece hashes; valid in the epoch it was filled in, which
** changes when the thread meets another model (dltagger.gen). */
#define WMEMO_BITS 11
typedef struct wmemo {
  uint64_t key;
  uint32_t epoch;       /* 0 = empty */
  uint8_t dict;         /* the dictionary tag, 0 = none (then 'row') */
  int16_t row[ROW] __attribute__((aligned(32)));
} wmemo;
static _Thread_local wmemo wmemo_tab[1u << WMEMO_BITS];
static _Thread_local uint64_t wmemo_gen;
static _Thread_local uint32_t wmemo_epoch;

static inline uint64_t word_key(const th *x) {
  uint64_t k = x->w;
  k = (k ^ (k >> 31) ^ x->s3) * 0x9e3779b97f4a7c15ull;
  k = (k ^ (k >> 29) ^ x->s2) * 0xbf58476d1ce4e5b9ull;
  k = (k ^ (k >> 32) ^ x->sh) * 0x94d049bb133111ebull;
  return k ^ (k >> 31);
}

/* The features of token i that do not depend on the tags before it,
** filtered and prefetched ahead of scoring; or its dictionary tag. */
typedef struct pend {
  int16_t own[ROW] __attribute__((aligned(32))); /* the word memo's row */
  uint64_t k[DLTAG_MAXFEAT];
  const slot *s[DLTAG_MAXFEAT]; /* their sparse slots, found (resolve) */
  const int16_t *row[DLTAG_MAXFEAT]; /* ... and dense rows */
  unsigned n, ns, nr;
  unsigned dict;
} pend;

static void prepare(const struct dltagger *m, const th *r, uint32_t t0,
                    uint32_t t1, uint32_t i, pend *p) {
  const th *x = &r[i & 7];
  p->n = p->ns = p->nr = 0;
  p->dict = 0;
  if (wmemo_gen != m->gen) {
    wmemo_gen = m->gen;
    if (++wmemo_epoch == 0) { /* wrapped: no entry may survive */
      memset(wmemo_tab, 0, sizeof wmemo_tab);
      wmemo_epoch = 1;
    }
  }
  uint64_t wk = word_key(x);
  wmemo *w = &wmemo_tab[(wk ^ (wk >> 40)) & ((1u << WMEMO_BITS) - 1)];
  if (w->epoch != wmemo_epoch || w->key != wk) { /* fill it */
    w->key = wk;
    w->epoch = wmemo_epoch;
    w->dict = 0;
    uint64_t dk = key1('D', x->w);
    const slot *s = maybe(m, dk) ? find(m, dk) : NULL;
    if (s && s->dict) {
      w->dict = s->dict; /* frequent and unambiguous in training */
    } else {
      memset(w->row, 0, sizeof w->row);
      uint64_t ok[5] = {key1('w', x->w), key1('s', x->s3), key1('x', x->s2),
                        key1('h', x->sh), key2('c', x->sh, x->w)};
      for (unsigned j = 0; j < 5; j++)
        if (maybe(m, ok[j]) && (s = find(m, ok[j])) != NULL)
          add(m, s, w->row);
    }
  }
  if (w->dict) {
    p->dict = w->dict;
    return;
  }
  memcpy(p->own, w->row, sizeof p->own);
  uint64_t k[DLTAG_MAXFEAT];
  unsigned n = 0;
  if (i > t0) {
    const th *y = &r[(i - 1) & 7];
    k[n++] = key1('m', y->w);
    k[n++] = key1('n', y->s3);
    k[n++] = key2('e', y->w, x->w);
  } else {
    k[n++] = key1('m', m->hbos);
  }
  if (i > t0 + 1)
    k[n++] = key1('o', r[(i - 2) & 7].w);
  if (i + 1 < t1) {
    const th *y = &r[(i + 1) & 7];
    k[n++] = key1('q', y->w);
    k[n++] = key1('r', y->s3);
    k[n++] = key1('k', y->sh);
  } else {
    k[n++] = key1('q', m->heos);
  }
  if (i + 2 < t1)
    k[n++] = key1('z', r[(i + 2) & 7].w);
  for (unsigned j = 0; j < n; j++)
    if (maybe(m, k[j])) { /* most absent features stop here */
      p->k[p->n++] = k[j];
      prefetch(&m->slots[(uint32_t)k[j] & m->mask]);
    }
}

/* Look up the filtered keys of 'p' (their slots prefetched a token ago)
** and prefetch the weights the slots point to. */
static void resolve(const struct dltagger *m, pend *p) {
  unsigned n = 0, nr = 0;
  for (unsigned k = 0; k < p->n; k++) {
    const slot *s = find(m, p->k[k]);
    if (!s || !s->n)
      continue;
    if (s->n == DENSE) {
      uint32_t off;
      memcpy(&off, s->w, sizeof off);
      const int16_t *r = m->rows + (size_t)off * ROW;
      prefetch(r);
      prefetch(r + ROW - 1);
      p->row[nr++] = r;
      continue;
    }
    p->s[n++] = s;
    if (s->n > 2) {
      uint32_t off;
      memcpy(&off, s->w, sizeof off);
      prefetch(m->pairs + off);
    }
  }
  p->ns = n;
  p->nr = nr;
}


/* The first tag of highest score: the maximum over the row (vectorised),
** then its first place. */
static inline unsigned argmax(int16_t *sc) {
  sc[DLPOS_NONE] = INT16_MIN;
  for (unsigned j = DLPOS_N; j < ROW; j++)
    sc[j] = INT16_MIN;
  int16_t mx = INT16_MIN;
  for (unsigned j = 0; j < ROW; j++)
    mx = sc[j] > mx ? sc[j] : mx;
  unsigned j = 1;
  while (sc[j] != mx)
    j++;
  return j;
}

/* Tags one sentence. The features are those of dltag_features (which the
** trainer uses); the tag-context ones ('b', 't', 'u', 'v') are summed in
** the blob's 'ctx' rows. The others go through a pipeline so that their
** cache misses overlap: while token i is scored, the slots of token i+1
** are read and those of token i+2 prefetched. */
#if defined(__GNUC__) && defined(__x86_64__) && !defined(__clang__) &&       \
    !defined(__SANITIZE_ADDRESS__)
/* the score rows in 256-bit vectors where the CPU has them (ifunc) */
__attribute__((target_clones("avx2", "default")))
#endif
void dltag_tag(const struct dltagger *m, const dl_doc *d, uint32_t t0,
               uint32_t t1, uint8_t *out) {
  if (t0 >= t1)
    return;
  th r[8];              /* tokens i .. i+4 by index & 7 */
  pend pd[4];           /* tokens i .. i+2 by index & 3 */
  uint32_t done = t0;   /* tokens hashed: [.., done) */
  for (; done < t1 && done < t0 + 4; done++)
    hashes(m, d, t0, done, &r[done & 7]);
  prepare(m, r, t0, t1, t0, &pd[t0 & 3]);
  resolve(m, &pd[t0 & 3]);
  if (t0 + 1 < t1)
    prepare(m, r, t0, t1, t0 + 1, &pd[(t0 + 1) & 3]);
  unsigned p1 = DLPOS_N, p2 = DLPOS_N; /* "<s>" */
  const slot *ys = NULL; /* the 'y' feature's slot of token i */
  uint64_t yk = key2('y', m->htag[p1], r[t0 & 7].w);
  if (maybe(m, yk))
    ys = find(m, yk);
  for (uint32_t i = t0; i < t1; i++) {
    const pend *p = &pd[i & 3];
    unsigned best = p->dict;
    if (!best) {
      /* dense rows in vector registers first, then the sparse weights:
         scalar stores under a vector load would stall its forwarding */
      vrow acc[NV], v;
      const int16_t *c = m->ctx + ((size_t)p1 * NCTX + p2) * ROW;
      memcpy(acc, c, sizeof acc);
      for (unsigned j = 0; j < NV; j++) {
        memcpy(&v, p->own + j * (ROW / NV), sizeof v);
        acc[j] += v;
      }
      for (unsigned k = 0; k < p->nr; k++)
        for (unsigned j = 0; j < NV; j++) {
          memcpy(&v, p->row[k] + j * (ROW / NV), sizeof v);
          acc[j] += v;
        }
      if (ys && ys->n == DENSE) {
        uint32_t off;
        memcpy(&off, ys->w, sizeof off);
        for (unsigned j = 0; j < NV; j++) {
          memcpy(&v, m->rows + (size_t)off * ROW + j * (ROW / NV), sizeof v);
          acc[j] += v;
        }
        ys = NULL;
      }
      int16_t sc[ROW];
      memcpy(sc, acc, sizeof sc);
      if (ys)
        add(m, ys, sc);
      for (unsigned k = 0; k < p->ns; k++)
        add(m, p->s[k], sc);
      best = argmax(sc);
    }
    out[i - t0] = (uint8_t)best;
    p2 = p1;
    p1 = best;
    ys = NULL;
    if (i + 1 < t1) { /* token i+1's 'y' feature, now that its tag is known */
      const int16_t *nc = m->ctx + ((size_t)p1 * NCTX + p2) * ROW;
      prefetch(nc);
      prefetch(nc + ROW - 1);
      yk = key2('y', m->htag[p1], r[(i + 1) & 7].w);
      if (maybe(m, yk) && !pd[(i + 1) & 3].dict) {
        prefetch(&m->slots[(uint32_t)yk & m->mask]);
        ys = m->slots; /* found below */
      }
    }
    if (done < t1) { /* token i+4: its hashes and dictionary slot */
      hashes(m, d, t0, done, &r[done & 7]);
      prefetch(&m->slots[(uint32_t)key1('D', r[done & 7].w) & m->mask]);
      done++;
    }
    if (i + 2 < t1)
      prepare(m, r, t0, t1, i + 2, &pd[(i + 2) & 3]);
    if (i + 1 < t1)
      resolve(m, &pd[(i + 1) & 3]);
    if (ys)
      ys = find(m, yk);
  }
  web(d, t0, t1, out);
}

/* ------------------------------------------------------------------ loading */

/* Check the blob [p, p+n) and point 'm' into it; NULL or why not. */
static const char *open_blob(struct dltagger *m, const void *p, size_t n) {
  const hdr *h = p;
  if (n < sizeof *h || memcmp(h->magic, DLTAG_MAGIC, 8) != 0)
    return "not a tagger blob (bad magic)";
  if (h->version != DLTAG_VERSION || h->ntags != DLPOS_N)
    return "tagger blob of another version (rebuild with 'make')";
  if (h->size != n)
    return "tagger blob truncated or of the wrong size";
  uint64_t want[SEC_N] = {
      h->nbloom / 8, (uint64_t)h->nslots * sizeof(slot),
      (uint64_t)NCTX * NCTX * ROW * sizeof(int16_t),
      (uint64_t)h->nrows * ROW * sizeof(int16_t),
      (uint64_t)h->npairs * sizeof(pair)};
  for (int s = 0; s < SEC_N; s++)
    if (h->off[s] % 8 || h->off[s] < sizeof *h || h->off[s] > n ||
        h->len[s] > n - h->off[s] || h->len[s] != want[s])
      return "tagger blob with a bad section table";
  if (!h->nslots || (h->nslots & (h->nslots - 1)) || h->nbloom < 64 ||
      (h->nbloom & (h->nbloom - 1)))
    return "tagger blob with a bad hash table";
  if (checksum((const char *)p + sizeof *h, n - sizeof *h) != h->checksum)
    return "tagger blob checksum mismatch (corrupt: rebuild with 'make')";
  const char *b = p;
  m->h = h;
  m->mask = h->nslots - 1;
  m->bmask = h->nbloom - 1;
  m->bloom = (const uint64_t *)(const void *)(b + h->off[SEC_BLOOM]);
  m->slots = (const slot *)(const void *)(b + h->off[SEC_SLOTS]);
  m->ctx = (const int16_t *)(const void *)(b + h->off[SEC_CTX]);
  m->rows = (const int16_t *)(const void *)(b + h->off[SEC_ROWS]);
  m->pairs = (const pair *)(const void *)(b + h->off[SEC_PAIRS]);
  for (unsigned t = 0; t < NCTX; t++)
    m->htag[t] = dltag_piece(tagname(t), strlen(tagname(t)));
  for (unsigned k = 0; k < DL_COUNTOF(shapes); k++)
    m->hshape[k] = dltag_piece(shapes[k], strlen(shapes[k]));
  m->hbos = dltag_piece("<s>", 3);
  m->heos = dltag_piece("</s>", 4);
  m->gen = next_gen();
  return NULL;
}

/* Map DIR/tagger.bin (tools/modelc.c) read-only into e->tagger. */
dl_status dltag_load(dl_engine *e, const char *dir) {
  char path[4096];
  void *p;
  size_t n;
  dl_status ms = dleng_map(e, dir, "tagger.bin", false, &p, &n, path,
                           sizeof path);
  if (ms != DL_OK)
    return ms;
  struct dltagger *m = dleng_malloc(e, sizeof *m);
  if (!m) {
    munmap(p, n);
    return DL_E_NOMEM;
  }
  memset(m, 0, sizeof *m);
  const char *why = open_blob(m, p, n);
  if (why) {
    dleng_errf(e, "%s: %s", path, why);
    munmap(p, n);
    dleng_free(e, m, sizeof *m);
    return DL_E_DATA;
  }
  m->map = p;
  m->n = n;
  e->tagger = m;
  return DL_OK;
}

/* Compile PATH (tagger.tsv) and use it as e->tagger (the trainer). */
dl_status dltag_load_tsv(dl_engine *e, const char *path) {
  void *blob;
  size_t n;
  dl_status st = dltag_compile(e, path, &blob, &n);
  if (st != DL_OK)
    return st;
  struct dltagger *m = dleng_malloc(e, sizeof *m);
  if (!m) {
    dleng_free(e, blob, n);
    return DL_E_NOMEM;
  }
  memset(m, 0, sizeof *m);
  const char *why = open_blob(m, blob, n);
  if (why) { /* a bug in dltag_compile */
    dleng_errf(e, "%s: %s", path, why);
    dleng_free(e, blob, n);
    dleng_free(e, m, sizeof *m);
    return DL_E_DATA;
  }
  m->own = blob;
  m->n = n;
  e->tagger = m;
  return DL_OK;
}

void dltag_unload(dl_engine *e) {
  struct dltagger *m = e->tagger;
  if (!m)
    return;
  if (m->map)
    munmap(m->map, m->n);
  dleng_free(e, m->own, m->n);
  dleng_free(e, m, sizeof *m);
  e->tagger = NULL;
}

/* ---------------------------------------------------------------- compiling */

/* One feature or dictionary line as read. */
typedef struct ent {
  uint64_t key;
  uint32_t off, n;      /* its weights in 'wts' */
  uint8_t dict;         /* dictionary tag, 0 = none */
  char tmpl;
} ent;

typedef struct wt {
  int16_t w;
  uint8_t tag;
} wt;

static dl_status load_err(dl_engine *e, const char *path, uint32_t line,
                          const char *what) {
  dleng_errf(e, "%s:%u: %s", path, line, what);
  return DL_E_DATA;
}

static bool ctx_tmpl(char t) {
  return t == 'b' || t == 't' || t == 'u' || t == 'v';
}

/* The entry of 'key' in the index 'ix' (entry + 1; 0 = empty). */
static uint32_t *ix_at(uint32_t *ix, uint32_t mask, const ent *es,
                       uint64_t key) {
  uint32_t i = (uint32_t)key & mask;
  while (ix[i] && es[ix[i] - 1].key != key)
    i = (i + 1) & mask;
  return &ix[i];
}

static void ctx_add(const ent *es, const wt *wts, uint32_t *ix, uint32_t mask,
                    uint64_t key, int32_t *row) {
  uint32_t k = *ix_at(ix, mask, es, key);
  if (!k)
    return;
  for (uint32_t j = 0; j < es[k - 1].n; j++)
    row[wts[es[k - 1].off + j].tag] += wts[es[k - 1].off + j].w;
}

static size_t align64(size_t n) { return (n + 63) & ~(size_t)63; }

/* Compile PATH (tagger.tsv: '#' comment lines, then weight lines
** "T<TAB>a<TAB>b<TAB>TAG:W TAG:W ..." (b may be empty) and dictionary lines
** "D<TAB>word<TAB><TAB>TAG") into a blob in *out (dleng_malloc, *n bytes;
** the caller frees it with dleng_free). DL_E_DATA with a message in
** e->errmsg when PATH is missing or malformed, DL_E_NOMEM. */
dl_status dltag_compile(dl_engine *e, const char *path, void **out,
                        size_t *outn) {
  *out = NULL;
  *outn = 0;
  FILE *f = fopen(path, "rb");
  if (!f) {
    dleng_errf(e, "%s: %s", path, strerror(errno));
    return DL_E_DATA;
  }
  long sz = -1;
  if (fseek(f, 0, SEEK_END) == 0)
    sz = ftell(f);
  if (sz < 0 || fseek(f, 0, SEEK_SET) != 0) {
    fclose(f);
    return load_err(e, path, 0, "cannot size the file");
  }
  size_t nbuf = (size_t)sz + 1, lines = 0, colons = 0, ne = 0, nw = 0;
  char *buf = dleng_malloc(e, nbuf);
  ent *es = NULL;
  wt *wts = NULL;
  uint32_t *ix = NULL, cap = 1024;
  size_t bytes_es = 0, bytes_wts = 0, bytes_ix = 0;
  dl_status st = DL_OK;
  if (!buf) {
    fclose(f);
    return DL_E_NOMEM;
  }
  if (fread(buf, 1, (size_t)sz, f) != (size_t)sz) {
    st = load_err(e, path, 0, "read error");
    goto out;
  }
  buf[sz] = '\n';
  for (long i = 0; i < sz; i++)
    lines += buf[i] == '\n', colons += buf[i] == ':';
  while (cap < lines * 2 + 2)
    cap <<= 1;
  bytes_es = (lines + 1) * sizeof *es;
  bytes_wts = (colons + 1) * sizeof *wts;
  bytes_ix = (size_t)cap * sizeof *ix;
  es = dleng_malloc(e, bytes_es);
  wts = dleng_malloc(e, bytes_wts);
  ix = dleng_malloc(e, bytes_ix);
  if (!es || !wts || !ix) {
    st = DL_E_NOMEM;
    goto out;
  }
  memset(ix, 0, bytes_ix);
  uint32_t lineno = 0;
  for (char *p = buf, *end = buf + sz; p < end;) {
    char *nl = memchr(p, '\n', (size_t)(end - p) + 1);
    lineno++;
    if (*p == '#' || nl == p) {
      p = nl + 1;
      continue;
    }
    char *f1 = memchr(p, '\t', (size_t)(nl - p)), *f2 = NULL, *f3 = NULL;
    if (f1)
      f2 = memchr(f1 + 1, '\t', (size_t)(nl - f1 - 1));
    if (f2)
      f3 = memchr(f2 + 1, '\t', (size_t)(nl - f2 - 1));
    if (f1 != p + 1 || !f3) {
      st = load_err(e, path, lineno, "expected 'T<TAB>a<TAB>b<TAB>weights'");
      goto out;
    }
    uint64_t key = dltag_key(*p, dltag_piece(f1 + 1, (size_t)(f2 - f1 - 1)),
                             dltag_piece(f2 + 1, (size_t)(f3 - f2 - 1)),
                             f3 > f2 + 1);
    uint32_t *slotp = ix_at(ix, cap - 1, es, key);
    if (!*slotp) {
      memset(&es[ne], 0, sizeof es[ne]);
      es[ne].key = key;
      es[ne].tmpl = *p;
      *slotp = (uint32_t)++ne;
    }
    ent *x = &es[*slotp - 1];
    if (*p == 'D') {
      unsigned tag = dlpos_from_name(f3 + 1, (size_t)(nl - f3 - 1));
      if (!tag) {
        st = load_err(e, path, lineno, "unknown tag");
        goto out;
      }
      x->dict = (uint8_t)tag;
      p = nl + 1;
      continue;
    }
    x->off = (uint32_t)nw; /* a repeated key: the last line wins */
    x->tmpl = *p;
    for (char *q = f3 + 1; q < nl;) {
      char *sp = memchr(q, ' ', (size_t)(nl - q));
      if (!sp)
        sp = nl;
      char *c = q + 1; /* a tag name may itself be ':' ("::12") */
      while (c < sp && *c != ':')
        c++;
      unsigned tag = c < sp ? dlpos_from_name(q, (size_t)(c - q)) : 0;
      char *ep = c;
      long w = c < sp ? strtol(c + 1, &ep, 10) : 0;
      if (!tag || ep != sp || w < -32768 || w > 32767 ||
          nw * sizeof(wt) >= bytes_wts) {
        st = load_err(e, path, lineno, "bad TAG:WEIGHT");
        goto out;
      }
      wts[nw].tag = (uint8_t)tag;
      wts[nw].w = (int16_t)w;
      nw++;
      q = sp + 1;
    }
    x->n = (uint32_t)(nw - x->off);
    p = nl + 1;
  }
  /* int16 scores (see ROW): each template adds one feature per token, so
     no score exceeds the sum of the templates' largest weights */
  int32_t big[256] = {0}, bound = 0;
  for (size_t i = 0; i < ne; i++)
    for (uint32_t j = 0; j < es[i].n; j++) {
      int32_t a = abs(wts[es[i].off + j].w);
      unsigned char t = (unsigned char)es[i].tmpl;
      if (a > big[t])
        big[t] = a;
    }
  for (unsigned t = 0; t < 256; t++)
    bound += big[t];
  if (bound > INT16_MAX) {
    st = load_err(e, path, 0, "weights too large for int16 scores (the "
                              "templates' largest weights sum past 32767)");
    goto out;
  }
  /* sizes: the features outside 'ctx' go to the table */
  size_t nkeys = 0, nrows = 0, npairs = 0;
  for (size_t i = 0; i < ne; i++) {
    if (ctx_tmpl(es[i].tmpl) && !es[i].dict)
      continue;
    nkeys++;
    if (ctx_tmpl(es[i].tmpl))
      continue;
    if (es[i].n > NPAIR)
      nrows++;
    else if (es[i].n > 2)
      npairs += es[i].n;
  }
  uint32_t nslots = 1024;
  while (nslots < nkeys * 2)
    nslots <<= 1;
  uint32_t nbloom = nslots * 8;
  size_t len[SEC_N] = {nbloom / 8, (size_t)nslots * sizeof(slot),
                       (size_t)NCTX * NCTX * ROW * sizeof(int16_t),
                       nrows * ROW * sizeof(int16_t), npairs * sizeof(pair)};
  size_t off[SEC_N], n = align64(sizeof(hdr));
  for (int s = 0; s < SEC_N; s++)
    off[s] = n, n = align64(n + len[s]);
  char *b = dleng_malloc(e, n);
  if (!b) {
    st = DL_E_NOMEM;
    goto out;
  }
  memset(b, 0, n);
  hdr *h = (hdr *)(void *)b;
  uint64_t *bloom = (uint64_t *)(void *)(b + off[SEC_BLOOM]);
  slot *slots = (slot *)(void *)(b + off[SEC_SLOTS]);
  int16_t *ctx = (int16_t *)(void *)(b + off[SEC_CTX]);
  int16_t *rows = (int16_t *)(void *)(b + off[SEC_ROWS]);
  pair *pairs = (pair *)(void *)(b + off[SEC_PAIRS]);
  uint32_t r = 0, q = 0;
  for (size_t i = 0; i < ne; i++) {
    const ent *x = &es[i];
    if (ctx_tmpl(x->tmpl) && !x->dict)
      continue;
    uint32_t k = (uint32_t)x->key & (nslots - 1);
    while (slots[k].key)
      k = (k + 1) & (nslots - 1);
    slot *s = &slots[k];
    s->key = x->key;
    s->dict = x->dict;
    uint32_t b40 = (uint32_t)(x->key >> 40) & (nbloom - 1);
    bloom[b40 >> 6] |= (uint64_t)1 << (b40 & 63);
    if (ctx_tmpl(x->tmpl) || !x->n)
      continue;
    const wt *w = wts + x->off;
    if (x->n <= 2) {
      s->n = (uint8_t)x->n;
      for (uint32_t j = 0; j < x->n; j++)
        s->w[j] = w[j].w, s->tag[j] = w[j].tag;
    } else if (x->n <= NPAIR) {
      s->n = (uint8_t)x->n;
      memcpy(s->w, &q, sizeof q);
      for (uint32_t j = 0; j < x->n; j++)
        pairs[q + j].w = w[j].w, pairs[q + j].tag = w[j].tag;
      q += x->n;
    } else {
      s->n = DENSE;
      memcpy(s->w, &r, sizeof r);
      for (uint32_t j = 0; j < x->n; j++)
        rows[(size_t)r * ROW + w[j].tag] += w[j].w;
      r++;
    }
  }
  /* the tag context of every pair of previous tags, summed */
  for (unsigned p1 = 0; p1 < NCTX; p1++)
    for (unsigned p2 = 0; p2 < NCTX; p2++) {
      int32_t row[ROW] = {0};
      uint64_t h1 = dltag_piece(tagname(p1), strlen(tagname(p1)));
      uint64_t h2 = dltag_piece(tagname(p2), strlen(tagname(p2)));
      ctx_add(es, wts, ix, cap - 1, dltag_key('b', dltag_piece("", 0), 0, false),
              row);
      ctx_add(es, wts, ix, cap - 1, dltag_key('t', h1, 0, false), row);
      ctx_add(es, wts, ix, cap - 1, dltag_key('u', h2, 0, false), row);
      ctx_add(es, wts, ix, cap - 1, dltag_key('v', h1, h2, true), row);
      for (unsigned t = 0; t < ROW; t++) {
        if (row[t] < INT16_MIN || row[t] > INT16_MAX) {
          dleng_free(e, b, n);
          st = load_err(e, path, 0, "tag-context weights overflow int16");
          goto out;
        }
        ctx[((size_t)p1 * NCTX + p2) * ROW + t] = (int16_t)row[t];
      }
    }
  memcpy(h->magic, DLTAG_MAGIC, 8);
  h->version = DLTAG_VERSION;
  h->ntags = DLPOS_N;
  h->size = n;
  h->nslots = nslots;
  h->nbloom = nbloom;
  h->nrows = (uint32_t)nrows;
  h->npairs = (uint32_t)npairs;
  for (int s = 0; s < SEC_N; s++)
    h->off[s] = off[s], h->len[s] = len[s];
  h->checksum = checksum(b + sizeof *h, n - sizeof *h);
  *out = b;
  *outn = n;
out:
  dleng_free(e, buf, nbuf);
  dleng_free(e, es, bytes_es);
  dleng_free(e, wts, bytes_wts);
  dleng_free(e, ix, bytes_ix);
  fclose(f);
  return st;
}
