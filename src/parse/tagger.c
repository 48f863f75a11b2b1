/*
** tagger.c: the part-of-speech tagger of the clauses stage: a greedy
** averaged perceptron (Collins 2002; Honnibal's "200 lines" design) over
** Penn Treebank tags. Weights come from data/tagger.tsv (written by
** tools/train-tagger.c); they are loaded once into a read-only open-address
** table keyed by 64-bit feature hashes, so tagging allocates nothing.
*/
#include "parse.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

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

/* One weight: a tag and its score, x100. */
typedef struct wt {
  int16_t w;
  uint8_t tag;
} wt;

enum { NIN = 5 }; /* weights kept in the slot itself: 32 bytes */
typedef struct slot {
  uint64_t key;         /* feature key; 0 = empty */
  uint32_t off;         /* n > NIN: its row in 'rows' */
  uint8_t n;            /* number of weights (255: a dense row) */
  uint8_t dict;         /* tag-dictionary entry: the tag (DLPOS_NONE = not) */
  uint8_t tag[NIN];
  int16_t w[NIN];
  uint16_t nbig;        /* n > NIN: how many in 'wts' */
} slot;

enum { ROW = (DLPOS_N + 7) & ~7 }; /* a dense row of weights, padded */
struct dltagger {
  uint32_t mask;        /* slots - 1 */
  slot *slots;
  wt *wts;              /* weights as read, before they go to slots/rows */
  size_t nw;
  uint64_t *bloom;      /* one bit per key (high bits): most absent features
                           cost an L2 hit instead of a miss in 'slots' */
  uint32_t bmask;       /* bits - 1 */
  int16_t *rows;        /* features with more than NIN weights: dense rows */
  size_t nrows;
  size_t bytes_slots, bytes_wts, bytes_rows, bytes_bloom; /* for freeing */
};

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

/* The shape of token i: case, number, hyphen, quote, first word of the
** sentence; a short code from a fixed table. */
static const char *shape(const dl_doc *d, uint32_t i, uint32_t t0,
                         uint16_t *n) {
  static const char *const codes[] = {
      "x",  "X",  "XX", "XX", "d",  "dX", "dXX", "dXX",
      "-x", "-X", "-XX", "-XX", "-d", "-dX", "-dXX", "-dXX"};
  static const char *const first[] = {"^x", "^X", "^XX", "^XX", "^d",
                                      "^dX", "^dXX", "^dXX"};
  uint16_t f = d->toks.v[i].flags;
  if (f & DLT_PUNCT) {
    *n = (f & DLT_QUOTE) ? 2 : 1;
    return (f & DLT_OPENQ) ? "q<" : (f & DLT_QUOTE) ? "q>" : "p";
  }
  unsigned k = 0;
  if (f & DLT_CAP)
    k |= 1;
  if (f & DLT_UPPER)
    k |= 2;
  if (f & DLT_NUM)
    k |= 4;
  if (f & DLT_HYPHEN)
    k |= 8;
  const char *c = i == t0 ? first[k & 7] : codes[k]; /* sentence-initial
                                                        capitals say little */
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

/* ------------------------------------------------------------------ tagging */

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

void dltag_tag(const struct dltagger *m, const dl_doc *d, uint32_t t0,
               uint32_t t1, uint8_t *out) {
  unsigned p1 = DLPOS_N, p2 = DLPOS_N; /* "<s>" */
  dlfeat fs[DLTAG_MAXFEAT];
  dltagcache c;
  dltag_cache_reset(&c);
  for (uint32_t i = t0; i < t1; i++) {
    pieces x = tok(d, &c, t0, i);
    const slot *ds = find(m, dltag_key('D', x.h[0], 0, false));
#if defined(__GNUC__)
    if (i + 1 < t1) { /* the next word's dictionary slot */
      pieces y = tok(d, &c, t0, i + 1);
      __builtin_prefetch(
          &m->slots[(uint32_t)dltag_key('D', y.h[0], 0, false) & m->mask]);
    }
#endif
    unsigned best = DLPOS_NONE;
    if (ds && ds->dict) {
      best = ds->dict; /* frequent and unambiguous in training */
    } else {
      int32_t sc[ROW] = {0};
      int nf = dltag_features(d, &c, t0, t1, i, p1, p2, fs);
      uint64_t keys[DLTAG_MAXFEAT];
      int nk = 0;
      for (int k = 0; k < nf; k++) { /* overlap the cache misses */
        uint64_t key = dltag_hash(&fs[k]);
        uint32_t b = (uint32_t)(key >> 40) & m->bmask;
        if (!(m->bloom[b >> 6] >> (b & 63) & 1))
          continue; /* surely absent */
        keys[nk++] = key;
#if defined(__GNUC__)
        __builtin_prefetch(&m->slots[(uint32_t)key & m->mask]);
#endif
      }
      for (int k = 0; k < nk; k++) {
        const slot *s = find(m, keys[k]);
        if (!s)
          continue;
        if (s->n <= NIN) {
          for (unsigned j = 0; j < s->n; j++)
            sc[s->tag[j]] += s->w[j];
        } else { /* tag-context features: all tags, vectorised */
          const int16_t *r = m->rows + (size_t)s->off * ROW;
          for (unsigned j = 0; j < ROW; j++)
            sc[j] += r[j];
        }
      }
      int32_t bs = INT32_MIN;
      for (unsigned j = 1; j < DLPOS_N; j++)
        if (sc[j] > bs)
          bs = sc[j], best = j;
    }
    out[i - t0] = (uint8_t)best;
    p2 = p1;
    p1 = best;
  }
  web(d, t0, t1, out);
}

/* ------------------------------------------------------------------ loading */

static slot *put(struct dltagger *m, uint64_t key) {
  uint32_t i = (uint32_t)key & m->mask;
  while (m->slots[i].key && m->slots[i].key != key)
    i = (i + 1) & m->mask;
  m->slots[i].key = key;
  return &m->slots[i];
}

static dl_status load_err(dl_engine *e, const char *path, uint32_t line,
                          const char *what) {
  dleng_errf(e, "%s:%u: %s", path, line, what);
  return DL_E_DATA;
}

/* Read DIR/tagger.tsv: '#' comment lines, then weight lines
** "T<TAB>a<TAB>b<TAB>TAG:W TAG:W ..." (b may be empty) and dictionary lines
** "D<TAB>word<TAB><TAB>TAG". */
dl_status dltag_load(dl_engine *e, const char *dir) {
  char path[4096];
  snprintf(path, sizeof path, "%s/tagger.tsv", dir);
  FILE *f = fopen(path, "rb");
  if (!f) {
    dleng_errf(e, "%s: %s (build the data with 'make')", path,
               strerror(errno));
    return DL_E_DATA;
  }
  long sz = -1;
  if (fseek(f, 0, SEEK_END) == 0)
    sz = ftell(f);
  if (sz < 0 || fseek(f, 0, SEEK_SET) != 0) {
    fclose(f);
    return load_err(e, path, 0, "cannot size the file");
  }
  char *buf = dleng_malloc(e, (size_t)sz + 1);
  if (!buf) {
    fclose(f);
    return DL_E_NOMEM;
  }
  dl_status st = DL_OK;
  struct dltagger *m = NULL;
  if (fread(buf, 1, (size_t)sz, f) != (size_t)sz) {
    st = load_err(e, path, 0, "read error");
    goto out;
  }
  buf[sz] = '\n';
  size_t lines = 0, colons = 0;
  for (long i = 0; i < sz; i++)
    lines += buf[i] == '\n', colons += buf[i] == ':';
  m = dleng_malloc(e, sizeof *m);
  if (!m) {
    st = DL_E_NOMEM;
    goto out;
  }
  memset(m, 0, sizeof *m);
  e->tagger = m;
  uint32_t cap = 1024;
  while (cap < lines * 2 + 2)
    cap <<= 1;
  m->mask = cap - 1;
  m->bytes_slots = (size_t)cap * sizeof(slot);
  m->bytes_wts = (colons + 1) * sizeof(wt);
  m->slots = dleng_malloc(e, m->bytes_slots);
  m->wts = dleng_malloc(e, m->bytes_wts);
  if (!m->slots || !m->wts) {
    st = DL_E_NOMEM;
    goto out;
  }
  memset(m->slots, 0, m->bytes_slots);
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
    slot *s = put(m, key);
    if (*p == 'D') {
      unsigned tag = dlpos_from_name(f3 + 1, (size_t)(nl - f3 - 1));
      if (!tag) {
        st = load_err(e, path, lineno, "unknown tag");
        goto out;
      }
      s->dict = (uint8_t)tag;
      p = nl + 1;
      continue;
    }
    uint32_t off = (uint32_t)m->nw;
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
          m->nw * sizeof(wt) >= m->bytes_wts) {
        st = load_err(e, path, lineno, "bad TAG:WEIGHT");
        goto out;
      }
      m->wts[m->nw].tag = (uint8_t)tag;
      m->wts[m->nw].w = (int16_t)w;
      m->nw++;
      q = sp + 1;
    }
    size_t n = m->nw - off;
    if (n <= NIN) { /* inline; the room in 'wts' is reused */
      for (size_t k = 0; k < n; k++)
        s->tag[k] = m->wts[off + k].tag, s->w[k] = m->wts[off + k].w;
      s->n = (uint8_t)n;
      m->nw = off;
    } else {
      s->n = 255;
      s->off = off;       /* into 'wts' until the rows are built below */
      s->nbig = (uint16_t)(n > 65535 ? 65535 : n);
      m->nrows++;
    }
    p = nl + 1;
  }
  /* the filter: 8 bits per slot */
  m->bmask = (m->mask + 1) * 8 - 1;
  m->bytes_bloom = (size_t)(m->bmask + 1) / 8;
  m->bloom = dleng_malloc(e, m->bytes_bloom);
  if (!m->bloom) {
    st = DL_E_NOMEM;
    goto out;
  }
  memset(m->bloom, 0, m->bytes_bloom);
  for (uint32_t i = 0; i <= m->mask; i++)
    if (m->slots[i].key) {
      uint32_t b = (uint32_t)(m->slots[i].key >> 40) & m->bmask;
      m->bloom[b >> 6] |= (uint64_t)1 << (b & 63);
    }
  /* dense rows for the features with many weights */
  m->bytes_rows = (m->nrows + 1) * ROW * sizeof(int16_t);
  m->rows = dleng_malloc(e, m->bytes_rows);
  if (!m->rows) {
    st = DL_E_NOMEM;
    goto out;
  }
  memset(m->rows, 0, m->bytes_rows);
  for (uint32_t i = 0, r = 0; i <= m->mask; i++) {
    slot *q = &m->slots[i];
    if (q->key && q->n == 255) {
      int16_t *row = m->rows + (size_t)r * ROW;
      for (uint32_t k = 0; k < q->nbig; k++)
        row[m->wts[q->off + k].tag] = m->wts[q->off + k].w;
      q->off = r++;
    }
  }
out:
  dleng_free(e, buf, (size_t)sz + 1);
  fclose(f);
  return st;
}

void dltag_unload(dl_engine *e) {
  struct dltagger *m = e->tagger;
  if (!m)
    return;
  dleng_free(e, m->slots, m->bytes_slots);
  dleng_free(e, m->wts, m->bytes_wts);
  dleng_free(e, m->rows, m->bytes_rows);
  dleng_free(e, m->bloom, m->bytes_bloom);
  dleng_free(e, m, sizeof *m);
  e->tagger = NULL;
}
