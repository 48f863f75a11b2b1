/*
** ner.c: the name tagger of the entity stage (ner.h): features, the weight
** table and greedy BIO decoding. Feature keys are 64-bit hashes; the
** weights (7 per key, x100) sit in one open-address table, compiled from
** data/ner.tsv at build time (tools/modelc.c) into build/data/ner.bin and
** mapped in place at start, so tagging allocates nothing and touches one
** slot per feature. Tokens with no sign of a name (lower case, no lexicon
** entry, no rule proposal, not a proper noun) outside a name are O without
** scoring.
*/
#include "extract/ner.h"
#include "lexicon/lexicon.h"
#include "parse/parse.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

static const char *const names[DLNER_N] = {"O",     "B-PER", "I-PER", "B-ORG",
                                           "I-ORG", "B-LOC", "I-LOC"};

const char *dlner_label_name(unsigned lab) {
  return lab < DLNER_N ? names[lab] : "?";
}

/* ---------------------------------------------------------------- features */

static uint64_t piece(const char *s, size_t n) {
  uint64_t h = 0xcbf29ce484222325ull;
  for (size_t i = 0; i < n; i++) {
    h ^= (unsigned char)s[i];
    h *= 0x100000001b3ull;
  }
  return h;
}

static uint64_t mix(uint64_t k) {
  k ^= k >> 33;
  k *= 0xff51afd7ed558ccdull;
  k ^= k >> 33;
  k *= 0xc4ceb9fe1a85ec53ull;
  k ^= k >> 33;
  return k ? k : 1; /* 0 marks an empty slot */
}

static uint64_t key(char t, uint64_t a, uint64_t b) {
  return mix(a * 0x9e3779b97f4a7c15ull + b * 0xc2b2ae3d27d4eb4full +
             (uint64_t)(unsigned char)t * 0x165667b19e3779f9ull);
}

/* Lexicon bits of a token. */
enum {
  LX_GIVEN = 1, LX_COMMON = 2, LX_TITLE = 4, LX_CUEORG = 8, LX_CUELOC = 16,
  LX_ORG = 32, LX_COUNTRY = 64, LX_PLACE = 128, LX_BIGPLACE = 256,
  LX_ADMIN1 = 512, LX_FEATURE = 1024, LX_DEMONYM = 2048, LX_START = 4096,
  LX_MULTI = 8192, LX_WORD = 16384
};

static bool known_word(const dl_engine *e, uint64_t hw);

/* The shape of token i: character classes with runs collapsed ("Xx",
** "X.X.", "Xx-Xx", "d"), then a length class. */
static uint64_t shape(const dl_doc *d, uint32_t i) {
  const dltok *t = &d->toks.v[i];
  char buf[24];
  size_t n = 0;
  char last = 0;
  for (uint32_t b = t->s; b < t->e && n < 20; b++) {
    unsigned char c = (unsigned char)d->text[b];
    char k = c >= 'A' && c <= 'Z'   ? 'X'
           : c >= 'a' && c <= 'z'   ? 'x'
           : c >= '0' && c <= '9'   ? 'd'
           : c >= 0xc0              ? ((t->flags & DLT_CAP) && b == t->s ? 'X' : 'u')
           : c >= 0x80              ? 0
                                    : (char)c;
    if (k && k != last)
      buf[n++] = k;
    if (k)
      last = k;
  }
  uint32_t len = t->e - t->s;
  buf[n++] = (char)('0' + (len > 5 ? 5 : len));
  return piece(buf, n);
}

static uint16_t lexbits(const dl_doc *d, uint32_t i, uint64_t hw) {
  uint16_t b = 0;
  size_t n;
  const char *f = dltok_fold(d, i, &n);
  int32_t v;
  if (known_word(d->eng, hw) ||
      (d->eng->tone.slot && n && dlwordtab_get(&d->eng->tone, f, n, &v)))
    b |= LX_WORD;
  if (!d->eng->lex || !n)
    return 0;
  const dllex_sense *sv;
  uint32_t k = dllex_lookup(d->eng, f, n, &sv);
  for (uint32_t j = 0; j < k && j < 64; j++)
    switch (sv[j].dict) {
    case DLX_GIVEN: b |= LX_GIVEN; break;
    case DLX_COMMON: b |= LX_COMMON; break;
    case DLX_TITLE: b |= LX_TITLE; break;
    case DLX_ORGCUE: {
      size_t rl;
      const char *r = dllex_field(d->eng, &sv[j], 0, &rl);
      b |= r && rl == 3 && (!memcmp(r, "LOC", 3) || !memcmp(r, "GPE", 3))
               ? LX_CUELOC : LX_CUEORG;
      break;
    }
    default: break;
    }
  return b;
}

static uint16_t matchbits(const dl_engine *e, const dllex_match *m) {
  uint16_t b = 0;
  for (uint32_t k = 0; k < m->n && k < 256; k++)
    switch (m->senses[k].dict) {
    case DLX_ORG: b |= LX_ORG; break;
    case DLX_COUNTRY: b |= LX_COUNTRY; break;
    case DLX_ADMIN1: b |= LX_ADMIN1; break;
    case DLX_FEATURE: b |= LX_FEATURE; break;
    case DLX_DEMONYM: b |= LX_DEMONYM; break;
    case DLX_PLACE: {
      b |= LX_PLACE;
      const dlgaz_place *p =
          m->senses[k].num >= 0 ? dlgaz_place_at(e, (uint32_t)m->senses[k].num)
                                : NULL;
      if (p && p->population >= 100000)
        b |= LX_BIGPLACE;
      break;
    }
    default: break;
    }
  return b;
}

void dlner_prepare(const dl_doc *d, uint32_t t0, uint32_t t1,
                   const uint8_t *rule, dlnertok *tk) {
  for (uint32_t i = t0; i < t1; i++) {
    dlnertok *x = &tk[i - t0];
    const dltok *t = &d->toks.v[i];
    uint16_t wn;
    const char *w = dltag_word(d, i, &wn);
    x->hw = piece(w, wn);
    size_t fl = t->fl > 40 ? 40 : t->fl;
    const char *f = d->fold + t->fo;
    x->hs3 = piece(f + fl - (fl < 3 ? fl : 3), fl < 3 ? fl : 3);
    x->hs2 = piece(f + fl - (fl < 2 ? fl : 2), fl < 2 ? fl : 2);
    x->hp3 = piece(f, fl < 3 ? fl : 3);
    x->hsh = shape(d, i);
    x->lex = 0;
    x->rule = rule ? rule[i] : 0;
    x->pos = d->pos ? d->pos[i] : 0;
  }
  /* lexicon phrases: bits on every token they cover */
  for (uint32_t i = t0; i < t1; i++) {
    if (!(d->toks.v[i].flags & (DLT_WORD | DLT_NUM)))
      continue;
    tk[i - t0].lex |= lexbits(d, i, tk[i - t0].hw);
    dllex_match m;
    const uint32_t mask = DLX_BIT(DLX_ORG) | DLX_BIT(DLX_COUNTRY) |
                          DLX_BIT(DLX_DEMONYM) | DLX_BIT(DLX_PLACE) |
                          DLX_BIT(DLX_ADMIN1) | DLX_BIT(DLX_FEATURE);
    if (d->eng->lex && dllex_longest(d, i, mask, &m) && m.t1 <= t1) {
      uint16_t b = matchbits(d->eng, &m);
      tk[i - t0].lex |= b | LX_START | (m.t1 > i + 1 ? LX_MULTI : 0);
      for (uint32_t k = i + 1; k < m.t1; k++)
        tk[k - t0].lex |= b | LX_MULTI;
    }
  }
  for (uint32_t i = t0; i < t1; i++) {
    dlnertok *x = &tk[i - t0];
    uint16_t fl = d->toks.v[i].flags;
    x->gate = (fl & (DLT_CAP | DLT_UPPER)) || x->rule ||
              (x->lex & (LX_ORG | LX_COUNTRY | LX_PLACE | LX_ADMIN1 |
                         LX_FEATURE | LX_DEMONYM | LX_GIVEN)) ||
              x->pos == DLPOS_NNP || x->pos == DLPOS_NNPS;
  }
}

int dlner_features(const dlnertok *tk, uint32_t n, uint32_t i, unsigned p1,
                   unsigned p2, uint64_t *o) {
  int k = 0;
  const dlnertok *x = &tk[i];
  static const dlnertok edge = {1, 1, 1, 1, 1, 0, 0, 0, false};
  const dlnertok *l1 = i > 0 ? &tk[i - 1] : &edge;
  const dlnertok *l2 = i > 1 ? &tk[i - 2] : &edge;
  const dlnertok *r1 = i + 1 < n ? &tk[i + 1] : &edge;
  const dlnertok *r2 = i + 2 < n ? &tk[i + 2] : &edge;
  uint64_t lp = (uint64_t)p1 + 1, lpp = (uint64_t)p2 * 16 + p1 + 1;
  uint64_t first = i == 0;
  o[k++] = key('b', 0, 0);
  o[k++] = key('w', x->hw, 0);
  o[k++] = key('s', x->hs3, 0);
  o[k++] = key('x', x->hs2, 0);
  o[k++] = key('p', x->hp3, 0);
  o[k++] = key('h', x->hsh, first);
  o[k++] = key('c', x->hsh, x->hw);
  o[k++] = key('P', x->pos, 0);
  o[k++] = key('Q', l1->pos, x->pos);
  o[k++] = key('R', x->pos, r1->pos);
  o[k++] = key('S', l1->pos, 0);
  o[k++] = key('T', r1->pos, 0);
  o[k++] = key('m', l1->hw, 0);
  o[k++] = key('n', r1->hw, 0);
  o[k++] = key('o', l2->hw, 0);
  o[k++] = key('q', r2->hw, 0);
  o[k++] = key('M', l1->hw, x->hw);
  o[k++] = key('N', x->hw, r1->hw);
  o[k++] = key('k', l1->hsh, 0);
  o[k++] = key('l', r1->hsh, 0);
  o[k++] = key('K', l1->hsh * 31 + x->hsh, r1->hsh);
  o[k++] = key('L', x->lex, 0);
  o[k++] = key('A', l1->lex, 0);
  o[k++] = key('B', r1->lex, 0);
  o[k++] = key('g', x->lex, x->hsh);
  o[k++] = key('r', x->rule, 0);
  o[k++] = key('U', l1->rule, x->rule);
  o[k++] = key('V', x->rule, r1->rule);
  o[k++] = key('G', x->rule, x->hsh);
  o[k++] = key('H', x->rule, x->pos);
  o[k++] = key('t', lp, 0);
  o[k++] = key('u', lpp, 0);
  o[k++] = key('y', lp, x->hw);
  o[k++] = key('z', lp, x->hsh);
  o[k++] = key('Z', lp, x->rule);
  o[k++] = key('Y', lp, x->pos);
  o[k++] = key('i', x->hs3, x->hsh);
  o[k++] = key('j', l1->hw, x->hsh);
  return k;
}

/* ------------------------------------------------------------------- model */
/* The table also holds the model's word list ("w" lines of ner.tsv: words
** mostly written in lower case in the training text) under key('W', word)
** with all weights 0; features never use that template.
**
** build/data/ner.bin, written by dlner_compile (tools/modelc.c) from
** data/ner.tsv and mapped read-only at start (STYLE.md §3): a header, then
** the open-address table of slots, used in place. */
#define DLNER_MAGIC "DLNER1\0" /* 8 bytes with the NUL */
#define DLNER_VERSION 1u

typedef struct hdr {
  char magic[8];         /* DLNER_MAGIC */
  uint32_t version;      /* DLNER_VERSION */
  uint32_t nlabels;      /* DLNER_N it was built for */
  uint64_t size;         /* whole blob in bytes */
  uint64_t checksum;     /* checksum() of bytes [sizeof hdr, size) */
  uint32_t nslots;       /* hash slots, a power of two */
  uint32_t nkeys;        /* used slots (< nslots) */
  uint64_t off;          /* offset of the slots: sizeof(hdr) */
} hdr;

typedef struct slot {
  uint64_t key;          /* 0 = empty */
  int16_t w[DLNER_N];    /* weights x100 */
  uint16_t pad;          /* 0 */
} slot;
_Static_assert(sizeof(slot) == 24, "ner slot layout");
_Static_assert(sizeof(hdr) % 8 == 0, "ner header layout");

struct dlner {
  uint32_t mask;
  const slot *slots;
  void *map;             /* the mapping, or NULL */
  void *own;             /* or an allocated blob (dlner_load_tsv) */
  size_t n;              /* its size */
};

static const slot *find(const struct dlner *m, uint64_t k) {
  for (uint32_t i = (uint32_t)k & m->mask;; i = (i + 1) & m->mask) {
    const slot *s = &m->slots[i];
    if (s->key == k)
      return s;
    if (!s->key)
      return NULL;
  }
}

static bool known_word(const dl_engine *e, uint64_t hw) {
  return e->ner && find(e->ner, key('W', hw, 0)) != NULL;
}

bool dlner_known_word(const dl_doc *d, uint32_t i) {
  uint16_t wn;
  const char *w = dltag_word(d, i, &wn);
  return known_word(d->eng, piece(w, wn));
}

void dlner_decode(const dl_engine *e, const dlnertok *tk, uint32_t n,
                 uint8_t *out) {
  const struct dlner *m = e->ner;
  memset(out, DLNER_O, n);
  if (!m)
    return;
  unsigned p1 = DLNER_O, p2 = DLNER_O;
  uint64_t keys[DLNER_MAXFEAT];
  for (uint32_t i = 0; i < n; i++) {
    unsigned best = DLNER_O;
    if (tk[i].gate || p1 != DLNER_O) {
      int nf = dlner_features(tk, n, i, p1, p2, keys);
#if defined(__GNUC__)
      for (int k = 0; k < nf; k++) /* overlap the cache misses */
        __builtin_prefetch(&m->slots[(uint32_t)keys[k] & m->mask]);
#endif
      int32_t sc[DLNER_N] = {0};
      for (int k = 0; k < nf; k++) {
        const slot *s = find(m, keys[k]);
        if (s)
          for (unsigned j = 0; j < DLNER_N; j++)
            sc[j] += s->w[j];
      }
      int32_t bs = INT32_MIN;
      for (unsigned j = 0; j < DLNER_N; j++)
        if (sc[j] > bs && dlner_allowed(p1, j))
          bs = sc[j], best = j;
    }
    out[i] = (uint8_t)best;
    p2 = p1;
    p1 = best;
  }
}

void dlner_tag(const dl_doc *d, uint32_t t0, uint32_t t1, const uint8_t *rule,
               dlnertok *tk, uint8_t *out) {
  uint32_t n = t1 - t0;
  if (!d->eng->ner || !n) {
    memset(out, DLNER_O, n);
    return;
  }
  dlner_prepare(d, t0, t1, rule, tk);
  dlner_decode(d->eng, tk, n, out);
}

/* ----------------------------------------------------------------- the blob */

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

/* Check the blob [p, p+n) and point 'm' into it; NULL or why not. */
static const char *open_blob(struct dlner *m, const void *p, size_t n) {
  const hdr *h = p;
  if (n < sizeof *h || memcmp(h->magic, DLNER_MAGIC, 8) != 0)
    return "not a name-tagger blob (bad magic)";
  if (h->version != DLNER_VERSION || h->nlabels != DLNER_N)
    return "name-tagger blob of another version (rebuild with 'make')";
  if (h->size != n)
    return "name-tagger blob truncated or of the wrong size";
  if (!h->nslots || (h->nslots & (h->nslots - 1)) || h->nkeys >= h->nslots ||
      h->off != sizeof *h || (n - sizeof *h) / sizeof(slot) != h->nslots ||
      (n - sizeof *h) % sizeof(slot))
    return "name-tagger blob with a bad hash table";
  if (checksum((const char *)p + sizeof *h, n - sizeof *h) != h->checksum)
    return "name-tagger blob checksum mismatch (corrupt: rebuild with 'make')";
  m->mask = h->nslots - 1;
  m->slots = (const slot *)(const void *)((const char *)p + h->off);
  return NULL;
}

/* Map DIR/ner.bin (tools/modelc.c) read-only into e->ner. */
dl_status dlner_load(dl_engine *e, const char *dir) {
  char path[4096];
  void *p;
  size_t n;
  dl_status ms = dleng_map(e, dir, "ner.bin", true, &p, &n, path,
                           sizeof path);
  if (ms != DL_OK)
    return ms == DL_E_EOF ? DL_OK : ms; /* optional: rules alone */
  struct dlner *m = dleng_malloc(e, sizeof *m);
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
  e->ner = m;
  return DL_OK;
}

/* Compile PATH (ner.tsv) and use it as e->ner (the trainer). */
dl_status dlner_load_tsv(dl_engine *e, const char *path) {
  void *blob;
  size_t n;
  dl_status st = dlner_compile(e, path, &blob, &n);
  if (st != DL_OK)
    return st;
  struct dlner *m = dleng_malloc(e, sizeof *m);
  if (!m) {
    dleng_free(e, blob, n);
    return DL_E_NOMEM;
  }
  memset(m, 0, sizeof *m);
  const char *why = open_blob(m, blob, n);
  if (why) { /* a bug in dlner_compile */
    dleng_errf(e, "%s: %s", path, why);
    dleng_free(e, blob, n);
    dleng_free(e, m, sizeof *m);
    return DL_E_DATA;
  }
  m->own = blob;
  m->n = n;
  e->ner = m;
  return DL_OK;
}

void dlner_unload(dl_engine *e) {
  struct dlner *m = e->ner;
  if (!m)
    return;
  if (m->map)
    munmap(m->map, m->n);
  dleng_free(e, m->own, m->n);
  dleng_free(e, m, sizeof *m);
  e->ner = NULL;
}

/* ---------------------------------------------------------------- compiling */

static dl_status load_err(dl_engine *e, const char *path, uint32_t line,
                          const char *what) {
  dleng_errf(e, "%s:%u: %s", path, line, what);
  return DL_E_DATA;
}

/* The slot of key k in the table being built: its own or the empty one
** where it goes. */
static slot *place(slot *v, uint32_t mask, uint64_t k) {
  uint32_t i = (uint32_t)k & mask;
  while (v[i].key && v[i].key != k)
    i = (i + 1) & mask;
  return &v[i];
}

/* Compile PATH (ner.tsv: '#' comment lines, "w<TAB>word" lines (the word
** list), then "KEY<TAB>W0 W1 ... W6" with KEY a feature hash in hex and W
** the weights x100 of the labels in the order of dlner_label_name) into the
** blob dlner_load maps. A key seen twice keeps its last weights. */
dl_status dlner_compile(dl_engine *e, const char *path, void **out,
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
  size_t nbuf = (size_t)sz + 1;
  char *buf = dleng_malloc(e, nbuf);
  if (!buf) {
    fclose(f);
    return DL_E_NOMEM;
  }
  dl_status st = DL_OK;
  char *b = NULL;
  size_t n = 0;
  if (fread(buf, 1, (size_t)sz, f) != (size_t)sz) {
    st = load_err(e, path, 0, "read error");
    goto out;
  }
  buf[sz] = '\n';
  size_t lines = 0;
  for (char *p = buf, *end = buf + sz; p < end;) {
    char *nl = memchr(p, '\n', (size_t)(end - p) + 1);
    lines += *p != '#' && nl != p;
    p = nl + 1;
  }
  uint32_t cap = 1024;
  while (cap < lines + lines / 2 + 2) {
    if (cap >= (1u << 30)) {
      st = load_err(e, path, 0, "too many lines");
      goto out;
    }
    cap <<= 1;
  }
  n = sizeof(hdr) + (size_t)cap * sizeof(slot);
  b = dleng_malloc(e, n);
  if (!b) {
    st = DL_E_NOMEM;
    goto out;
  }
  memset(b, 0, n);
  hdr *h = (hdr *)(void *)b;
  slot *v = (slot *)(void *)(b + sizeof *h);
  uint32_t mask = cap - 1, nkeys = 0, lineno = 0;
  for (char *p = buf, *end = buf + sz; p < end;) {
    char *nl = memchr(p, '\n', (size_t)(end - p) + 1);
    lineno++;
    if (*p == '#' || nl == p) {
      p = nl + 1;
      continue;
    }
    *nl = 0;
    if (p[0] == 'w' && p[1] == '\t') { /* a known lower-case word */
      uint64_t k = key('W', piece(p + 2, (size_t)(nl - p - 2)), 0);
      slot *s = place(v, mask, k);
      nkeys += !s->key;
      s->key = k;
      p = nl + 1;
      continue;
    }
    char *q;
    errno = 0;
    unsigned long long k = strtoull(p, &q, 16);
    if (q == p || *q != '\t' || !k || errno) {
      st = load_err(e, path, lineno, "expected 'KEY<TAB>weights'");
      goto out;
    }
    slot *s = place(v, mask, k);
    nkeys += !s->key;
    s->key = k;
    for (unsigned j = 0; j < DLNER_N; j++) {
      char *r;
      long w = strtol(q, &r, 10);
      if (r == q || w < -32768 || w > 32767) {
        st = load_err(e, path, lineno, "bad weight");
        goto out;
      }
      s->w[j] = (int16_t)w;
      q = r;
    }
    p = nl + 1;
  }
  memcpy(h->magic, DLNER_MAGIC, 8);
  h->version = DLNER_VERSION;
  h->nlabels = DLNER_N;
  h->size = n;
  h->nslots = cap;
  h->nkeys = nkeys;
  h->off = sizeof *h;
  h->checksum = checksum(b + sizeof *h, n - sizeof *h);
  *out = b;
  *outn = n;
  b = NULL;
out:
  dleng_free(e, b, n);
  dleng_free(e, buf, nbuf);
  fclose(f);
  return st;
}
