/*
** build.c: writes lexicon blobs (lexint.h) from entries: the built-in one
** at build time (tools/lexc.c, gazetteer + data/lex/NAME.tsv) and the user one
** at run time (dl_engine_add_lexicon). Phrases are folded by the text
** stage's own tokenizer on a scratch document, so keys match tokens.
*/
#include "lexint.h"
#include "inflect.h"
#include "text/text.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

typedef struct bkey {
  uint64_t h;
  uint32_t off, len;    /* key in the strings */
  uint32_t head, tail;  /* sense list (1-based indices into 'ts'), 0 = none */
  bool cont;
} bkey;

typedef struct bsense {
  dllex_sense s;
  uint32_t rank;
  uint32_t next;        /* 1-based, 0 = end */
} bsense;

struct dllexb {
  const dllexv *base;
  uint8_t flags;
  bkey *keys; uint32_t nkeys, capkeys;
  uint32_t *tab; uint32_t tmask;      /* key index + 1, 0 = empty */
  bsense *ts; uint32_t nts, capts;
  char *str; size_t nstr, capstr;
  dlgaz_place *pl; uint32_t npl, cappl;
  dlgaz_country *co; uint32_t nco, capco;
  dl_engine eng;                      /* scratch engine for 'doc' */
  dl_doc *doc;
  char *fold; size_t capfold;
  char err[600];
};

static void *std_alloc(void *ud, void *ptr, size_t osize, size_t nsize) {
  (void)ud; (void)osize;
  if (nsize == 0) {
    free(ptr);
    return NULL;
  }
  return realloc(ptr, nsize);
}

/* Grow *p (elements of 'size') to hold n + 1. */
static bool grow(void **p, uint32_t *cap, uint32_t n, size_t size) {
  if (n < *cap)
    return true;
  uint32_t c = *cap ? *cap * 2 : 64;
  void *q = realloc(*p, (size_t)c * size);
  if (!q)
    return false;
  *p = q;
  *cap = c;
  return true;
}

uint64_t dllex_checksum(const void *p, size_t n) {
  const uint64_t *w = p;
  uint64_t a = 1, b = 2, c = 3, d = 4;
  size_t i = 0, m = n / 8;
  for (; i + 4 <= m; i += 4) { /* four lanes: the multiplies overlap */
    a = (a ^ w[i]) * 0x9E3779B97F4A7C15ull;
    b = (b ^ w[i + 1]) * 0xC2B2AE3D27D4EB4Full;
    c = (c ^ w[i + 2]) * 0x165667B19E3779F9ull;
    d = (d ^ w[i + 3]) * 0x27D4EB2F165667C5ull;
  }
  for (; i < m; i++)
    a = (a ^ w[i]) * 0x9E3779B97F4A7C15ull;
  uint64_t h = a ^ (b << 1 | b >> 63) ^ (c << 2 | c >> 62) ^ (d << 3 | d >> 61);
  return h ^ (h >> 31) ^ n;
}

dllexb *dllexb_new(const dllexv *base, uint8_t flags) {
  dllexb *b = calloc(1, sizeof *b);
  if (!b)
    return NULL;
  b->base = base;
  b->flags = flags;
  b->eng.alloc = std_alloc;
  b->eng.max_text = (size_t)1 << 20;
  b->eng.arena_cap = (size_t)64 << 20;
  b->tmask = 1023;
  b->tab = calloc(b->tmask + 1, sizeof *b->tab);
  b->str = malloc(4096);
  b->capstr = 4096;
  if (!b->tab || !b->str || dl_doc_new(&b->eng, &b->doc) != DL_OK) {
    dllexb_free(b);
    return NULL;
  }
  b->str[0] = '\0';
  b->nstr = 1; /* offset 0 is "" */
  return b;
}

void dllexb_free(dllexb *b) {
  if (!b)
    return;
  dl_doc_free(b->doc);
  free(b->keys);
  free(b->tab);
  free(b->ts);
  free(b->str);
  free(b->pl);
  free(b->co);
  free(b->fold);
  free(b);
}

const char *dllexb_error(const dllexb *b) { return b->err; }

const char *dllexb_fold(dllexb *b, const char *phrase, size_t len,
                        size_t *n) {
  dl_doc *d = b->doc;
  dl_doc_reset(d);
  d->text = phrase;
  d->len = len;
  *n = 0;
  if (dltext_tokenize(d) != DL_OK || d->toks.n == 0)
    return NULL;
  size_t need = d->fold_len + d->toks.n + 1;
  if (need > b->capfold) {
    char *q = realloc(b->fold, need);
    if (!q)
      return NULL;
    b->fold = q;
    b->capfold = need;
  }
  size_t o = 0;
  for (uint32_t i = 0; i < d->toks.n; i++) {
    size_t fl;
    const char *f = dltok_fold(d, i, &fl);
    if (i)
      b->fold[o++] = ' ';
    memcpy(b->fold + o, f, fl);
    o += fl;
  }
  b->fold[o] = '\0';
  *n = o;
  return b->fold;
}

uint32_t dllexb_str(dllexb *b, const char *s, size_t n) {
  if (b->nstr + n + 1 > b->capstr) {
    size_t c = b->capstr;
    while (b->nstr + n + 1 > c)
      c *= 2;
    char *q = realloc(b->str, c);
    if (!q)
      return 0;
    b->str = q;
    b->capstr = c;
  }
  if (b->nstr + n + 1 > 0xFFFFFFF0u)
    return 0; /* the blob addresses strings with 32 bits */
  uint32_t off = (uint32_t)b->nstr;
  memcpy(b->str + off, s, n);
  b->str[off + n] = '\0';
  b->nstr += n + 1;
  return off;
}

uint32_t dllexb_fields(dllexb *b, const char *const *f, const size_t *fl,
                       unsigned nf) {
  if (!nf)
    return 0;
  uint32_t first = dllexb_str(b, f[0], fl[0]);
  for (unsigned i = 1; i < nf; i++)
    if (!dllexb_str(b, f[i], fl[i]))
      return 0;
  return first;
}

/* The key index of k[0..n), adding it when 'add'; UINT32_MAX if none. */
static uint32_t key_get(dllexb *b, const char *k, size_t n, bool add) {
  uint64_t h = dllex_hash(DLLEX_FNV0, k, n);
  uint32_t i = (uint32_t)h & b->tmask;
  for (;; i = (i + 1) & b->tmask) {
    uint32_t x = b->tab[i];
    if (!x)
      break;
    bkey *ky = &b->keys[x - 1];
    if (ky->h == h && ky->len == n && memcmp(b->str + ky->off, k, n) == 0)
      return x - 1;
  }
  if (!add || n > DLLEX_KLEN)
    return UINT32_MAX;
  if ((b->nkeys + 1) * 10 > (b->tmask + 1) * 7) { /* rehash at 70% */
    uint32_t nm = b->tmask * 2 + 1;
    uint32_t *nt = calloc((size_t)nm + 1, sizeof *nt);
    if (!nt)
      return UINT32_MAX;
    for (uint32_t j = 0; j < b->nkeys; j++) {
      uint32_t s = (uint32_t)b->keys[j].h & nm;
      while (nt[s])
        s = (s + 1) & nm;
      nt[s] = j + 1;
    }
    free(b->tab);
    b->tab = nt;
    b->tmask = nm;
    i = (uint32_t)h & nm;
    while (b->tab[i])
      i = (i + 1) & nm;
  }
  if (!grow((void **)&b->keys, &b->capkeys, b->nkeys, sizeof *b->keys))
    return UINT32_MAX;
  uint32_t off = dllexb_str(b, k, n);
  if (!off && n)
    return UINT32_MAX;
  bkey *ky = &b->keys[b->nkeys];
  memset(ky, 0, sizeof *ky);
  ky->h = h;
  ky->off = off;
  ky->len = (uint32_t)n;
  b->tab[i] = b->nkeys + 1;
  return b->nkeys++;
}

bool dllexb_sense(dllexb *b, const char *k, size_t n, dllex_sense s,
                  uint32_t rank) {
  if (!n || n > DLLEX_KLEN)
    return true; /* nothing to match */
  /* 'k' may point into b->str, which key_get may move: copy it */
  char tmp[DLLEX_KLEN + 1];
  memcpy(tmp, k, n);
  for (size_t j = 0; j < n; j++) /* prefixes end before a space */
    if (tmp[j] == ' ') {
      uint32_t p = key_get(b, tmp, j, true);
      if (p == UINT32_MAX)
        return false;
      b->keys[p].cont = true;
    }
  uint32_t x = key_get(b, tmp, n, true);
  if (x == UINT32_MAX ||
      !grow((void **)&b->ts, &b->capts, b->nts, sizeof *b->ts))
    return false;
  s.flags |= b->flags;
  bsense *t = &b->ts[b->nts++];
  t->s = s;
  t->rank = rank;
  t->next = 0;
  bkey *ky = &b->keys[x];
  if (ky->tail)
    b->ts[ky->tail - 1].next = b->nts;
  else
    ky->head = b->nts;
  ky->tail = b->nts;
  return true;
}

static uint32_t base_nplaces(const dllexb *b) {
  return b->base ? b->base->nplace : 0;
}

int32_t dllexb_place(dllexb *b, dlgaz_place **out) {
  if (!grow((void **)&b->pl, &b->cappl, b->npl, sizeof *b->pl))
    return -1;
  dlgaz_place *p = &b->pl[b->npl];
  memset(p, 0, sizeof *p);
  p->container = -1;
  *out = p;
  return (int32_t)(base_nplaces(b) + b->npl++);
}

dlgaz_place *dllexb_place_at(dllexb *b, int32_t i) {
  uint32_t bn = base_nplaces(b);
  if (i < 0 || (uint32_t)i < bn || (uint32_t)i - bn >= b->npl)
    return NULL;
  return &b->pl[(uint32_t)i - bn];
}

uint32_t dllexb_nplaces(const dllexb *b) { return base_nplaces(b) + b->npl; }

int32_t dllexb_country(dllexb *b, dlgaz_country **out) {
  if (!grow((void **)&b->co, &b->capco, b->nco, sizeof *b->co))
    return -1;
  dlgaz_country *c = &b->co[b->nco];
  memset(c, 0, sizeof *c);
  c->capital = c->place = -1;
  *out = c;
  return (int32_t)b->nco++;
}

dlgaz_country *dllexb_country_at(dllexb *b, int32_t i) {
  return i >= 0 && (uint32_t)i < b->nco ? &b->co[i] : NULL;
}

static int32_t code_in(const dlgaz_country *co, uint32_t nco, const char *c,
                       size_t n) {
  if (n != 2 && n != 3)
    return -1;
  char u[3];
  for (size_t i = 0; i < n; i++)
    u[i] = (char)(c[i] >= 'a' && c[i] <= 'z' ? c[i] - 32 : c[i]);
  for (uint32_t i = 0; i < nco; i++)
    if (memcmp(n == 2 ? co[i].iso2 : co[i].iso3, u, n) == 0)
      return (int32_t)i;
  return -1;
}

int32_t dllexb_country_by_code(const dllexb *b, const char *c, size_t n) {
  if (b->nco || !b->base)
    return code_in(b->co, b->nco, c, n);
  return code_in(b->base->country, b->base->ncountry, c, n);
}

/* Best place of one sense for a container: countries, then admin1, then
** by population. */
static void consider(const dllexv *bv, const dllexb *b, const dllex_sense *s,
                     int32_t *best, uint64_t *score) {
  int32_t p = -1;
  if (s->dict == DLX_COUNTRY) {
    const dlgaz_country *c = b->nco ? (uint32_t)s->num < b->nco
                                          ? &b->co[s->num] : NULL
                             : bv && (uint32_t)s->num < bv->ncountry
                                 ? &bv->country[s->num] : NULL;
    p = c ? c->place : -1;
  } else if (s->dict == DLX_PLACE || s->dict == DLX_ADMIN1 ||
             s->dict == DLX_FEATURE) {
    p = s->num;
  }
  if (p < 0)
    return;
  const dlgaz_place *pl = NULL;
  uint32_t bn = bv ? bv->nplace : 0;
  if (bv && (uint32_t)p < bn)
    pl = &bv->place[p];
  else if ((uint32_t)p - bn < b->npl)
    pl = &b->pl[(uint32_t)p - bn];
  if (!pl)
    return;
  uint64_t sc = pl->population + 1;
  if (pl->kind == DLPK_COUNTRY)
    sc |= 1ull << 34;
  else if (pl->kind == DLPK_ADMIN1)
    sc |= 1ull << 33;
  if (sc > *score) {
    *score = sc;
    *best = p;
  }
}

int32_t dllexb_place_named(const dllexb *b, const char *k, size_t n) {
  int32_t best = -1;
  uint64_t score = 0;
  uint32_t x = key_get((dllexb *)b, k, n, false);
  if (x != UINT32_MAX)
    for (uint32_t j = b->keys[x].head; j; j = b->ts[j - 1].next)
      consider(b->base, b, &b->ts[j - 1].s, &best, &score);
  if (b->base) { /* both: the built-in admin1 beats a user's city */
    const dllex_slot *sl =
        dllexv_find(b->base, dllex_hash(DLLEX_FNV0, k, n), k, n);
    for (uint32_t j = 0; sl && j < sl->nsense; j++)
      consider(b->base, b, &b->base->sense[sl->sense + j], &best, &score);
  }
  return best;
}

/* ------------------------------------------------------- lexicon files */

static const char *const dict_names[DLX_N] = {
    "place", "admin1", "country", "demonym", "feature", "title", "role",
    "org",   "orgcue", "given",   "common",  "event",   "casualty",
    "speech", "modal", "user"};

static bool fail(dllexb *b, const char *path, unsigned line, const char *msg,
                 const char *arg, size_t n) {
  if (arg)
    snprintf(b->err, sizeof b->err, "%s:%u: %s '%.*s'", path, line, msg,
             (int)(n > 80 ? 80 : n), arg);
  else
    snprintf(b->err, sizeof b->err, "%s:%u: %s", path, line, msg);
  return false;
}

static bool num_field(const char *s, size_t n, double lo, double hi,
                      double *v) {
  char tmp[64];
  if (!n || n >= sizeof tmp)
    return false;
  memcpy(tmp, s, n);
  tmp[n] = '\0';
  char *e;
  *v = strtod(tmp, &e);
  return *e == '\0' && *v >= lo && *v <= hi;
}

/* Add 'key' and its inflected forms ('mark' 'v' or 'n'). */
static bool add_forms(dllexb *b, const char *key, size_t n, char mark,
                      dllex_sense s, uint32_t rank) {
  char k[DLLEX_KLEN + 1];
  memcpy(k, key, n); /* 'key' is the fold scratch; copy before adding */
  if (!dllexb_sense(b, k, n, s, rank))
    return false;
  dllex_sense si = s;
  si.flags |= DLXF_INFLECTED;
  char buf[DLLEX_KLEN + DLINF_MAX + 2];
  if (mark == 'v') {
    const char *sp = memchr(k, ' ', n);
    size_t w = sp ? (size_t)(sp - k) : n;
    char forms[DLINF_NVERB][DLINF_MAX];
    dlinf_verb(k, w, forms);
    for (int f = 0; f < DLINF_NVERB; f++) {
      size_t fl = strlen(forms[f]);
      if (fl + n - w > DLLEX_KLEN)
        continue;
      memcpy(buf, forms[f], fl);
      memcpy(buf + fl, k + w, n - w);
      if (!dllexb_sense(b, buf, fl + n - w, si, rank))
        return false;
    }
  } else if (mark == 'n') {
    size_t w = n;
    while (w > 0 && k[w - 1] != ' ')
      w--;
    char pl[DLINF_MAX];
    dlinf_plural(k + w, n - w, pl);
    size_t pn = strlen(pl);
    if (w + pn <= DLLEX_KLEN) {
      memcpy(buf, k, w);
      memcpy(buf + w, pl, pn);
      if (!dllexb_sense(b, buf, w + pn, si, rank))
        return false;
    }
  }
  return true;
}

#define MAXF 32

/* One entry line (already split into fields). */
static bool add_entry(dllexb *b, const char *path, unsigned line, int dict,
                      const char **f, size_t *fl, unsigned nf) {
  const char *ph = f[0];
  size_t pn = fl[0];
  while (pn && (ph[pn - 1] == ' '))
    pn--;
  while (pn && *ph == ' ')
    ph++, pn--;
  char mark = 0;
  if (pn > 2 && ph[pn - 2] == '/' && (ph[pn - 1] == 'v' || ph[pn - 1] == 'n')) {
    mark = ph[pn - 1];
    pn -= 2;
  }
  if (dict < 0)
    return fail(b, path, line, "entry before any '#dict NAME' line", NULL, 0);
  size_t kn;
  const char *key = dllexb_fold(b, ph, pn, &kn);
  if (!key || !kn)
    return fail(b, path, line, "empty phrase", NULL, 0);
  if (kn > DLLEX_KLEN)
    return fail(b, path, line, "phrase too long", NULL, 0);
  char k[DLLEX_KLEN + 1];
  memcpy(k, key, kn);
  dllex_sense s = {(uint8_t)dict, 0, (uint16_t)(nf - 1), -1, 0};
  s.fields = dllexb_fields(b, f + 1, fl + 1, nf - 1);
  if (nf > 1 && !s.fields)
    return fail(b, path, line, "out of memory", NULL, 0);
  uint32_t rank = 0;
  if (dict == DLX_FEATURE || dict == DLX_PLACE || dict == DLX_ADMIN1) {
    double lat, lon;
    if (nf < 4)
      return fail(b, path, line,
                  "expected 'phrase<TAB>lat<TAB>lon<TAB>ISO2-or-empty[<TAB>container]'",
                  NULL, 0);
    if (!num_field(f[1], fl[1], -90, 90, &lat))
      return fail(b, path, line, "bad latitude", f[1], fl[1]);
    if (!num_field(f[2], fl[2], -180, 180, &lon))
      return fail(b, path, line, "bad longitude", f[2], fl[2]);
    if (fl[3] && (fl[3] != 2 || dllexb_country_by_code(b, f[3], 2) < 0))
      return fail(b, path, line, "unknown country code", f[3], fl[3]);
    int32_t cont = -1;
    if (nf > 4 && fl[4]) {
      size_t cn;
      const char *ck = dllexb_fold(b, f[4], fl[4], &cn);
      cont = ck ? dllexb_place_named(b, ck, cn) : -1;
      if (cont < 0)
        return fail(b, path, line, "unknown container", f[4], fl[4]);
    }
    uint32_t admin1 = 0;
    if (cont >= 0) { /* inherit the admin1 of the container */
      const dlgaz_place *c = dllexb_place_at(b, cont);
      if (!c && b->base && (uint32_t)cont < b->base->nplace)
        c = &b->base->place[cont];
      if (c && c->kind == DLPK_ADMIN1 && c->name)
        admin1 = c->name;
      else if (c)
        admin1 = c->admin1;
      if (admin1 && b->base && cont < (int32_t)b->base->nplace) {
        const char *a = b->base->str + admin1; /* copy into our strings */
        admin1 = dllexb_str(b, a, strlen(a));
      }
    }
    uint32_t name = dllexb_str(b, ph, pn);
    dlgaz_place *p;
    int32_t idx = dllexb_place(b, &p);
    if (idx < 0 || !name)
      return fail(b, path, line, "out of memory", NULL, 0);
    p->lat = (float)lat;
    p->lon = (float)lon;
    if (fl[3]) { /* empty: several countries */
      p->cc[0] = (char)(f[3][0] & ~0x20);
      p->cc[1] = (char)(f[3][1] & ~0x20);
    }
    p->kind = dict == DLX_FEATURE  ? DLPK_FEATURE
              : dict == DLX_PLACE ? DLPK_CITY
                                  : DLPK_ADMIN1;
    p->fclass = dict == DLX_FEATURE ? 'L' : dict == DLX_PLACE ? 'P' : 'A';
    if (dict == DLX_ADMIN1)
      memcpy(p->fcode, "ADM1", 4);
    p->name = name;
    p->admin1 = admin1;
    p->container = cont;
    s.num = idx;
  } else if (dict == DLX_COUNTRY || dict == DLX_DEMONYM) {
    if (nf < 2)
      return fail(b, path, line, "expected 'phrase<TAB>ISO code'", NULL, 0);
    s.num = dllexb_country_by_code(b, f[1], fl[1]);
    if (s.num < 0)
      return fail(b, path, line, "unknown country code", f[1], fl[1]);
  } else {
    uint32_t off = dllexb_str(b, ph, pn); /* the rule that fires */
    if (!off)
      return fail(b, path, line, "out of memory", NULL, 0);
    s.num = (int32_t)off;
  }
  if (!add_forms(b, k, kn, mark, s, rank))
    return fail(b, path, line, "out of memory", NULL, 0);
  return true;
}

bool dllexb_add_file(dllexb *b, const char *path) {
  FILE *fp = fopen(path, "rb");
  if (!fp) {
    snprintf(b->err, sizeof b->err, "%s: %s", path, strerror(errno));
    return false;
  }
  char *line = NULL;
  size_t cap = 0;
  ssize_t len;
  unsigned lineno = 0;
  int dict = -1;
  bool ok = true;
  while (ok && (len = getline(&line, &cap, fp)) >= 0) {
    lineno++;
    size_t n = (size_t)len;
    while (n && (line[n - 1] == '\n' || line[n - 1] == '\r'))
      n--;
    line[n] = '\0';
    if (n == 0)
      continue;
    if (line[0] == '#') {
      if (n > 6 && memcmp(line, "#dict ", 6) == 0) {
        const char *nm = line + 6;
        size_t nl = n - 6;
        while (nl && (nm[nl - 1] == ' ' || nm[nl - 1] == '\t'))
          nl--;
        dict = -1;
        for (int d = 0; d < DLX_N; d++)
          if (strlen(dict_names[d]) == nl && memcmp(dict_names[d], nm, nl) == 0)
            dict = d;
        if (dict < 0)
          ok = fail(b, path, lineno, "unknown dictionary", nm, nl);
      }
      continue;
    }
    const char *f[MAXF];
    size_t fl[MAXF];
    unsigned nf = 0;
    for (size_t s = 0;;) {
      char *tab = memchr(line + s, '\t', n - s);
      size_t e = tab ? (size_t)(tab - line) : n;
      if (nf == MAXF) {
        ok = fail(b, path, lineno, "too many fields", NULL, 0);
        break;
      }
      f[nf] = line + s;
      fl[nf++] = e - s;
      if (!tab)
        break;
      s = e + 1;
    }
    if (ok)
      ok = add_entry(b, path, lineno, dict, f, fl, nf);
  }
  if (ok && ferror(fp)) {
    snprintf(b->err, sizeof b->err, "%s: read error", path);
    ok = false;
  }
  free(line);
  fclose(fp);
  return ok;
}

/* --------------------------------------------------------------- write */

static int cmp_sense(const void *x, const void *y) {
  const bsense *a = x, *c = y;
  if (a->s.dict != c->s.dict)
    return a->s.dict < c->s.dict ? -1 : 1;
  if (a->rank != c->rank)
    return a->rank > c->rank ? -1 : 1;
  return a->next < c->next ? -1 : a->next > c->next; /* stable: 'next' = order */
}

static size_t pad8(size_t n) { return (n + 7u) & ~(size_t)7u; }

bool dllexb_write(dllexb *b, void **out, size_t *outn) {
  *out = NULL;
  /* senses in key order, each key's sorted and deduplicated */
  uint32_t nsl = 16;
  while (nsl < 0x80000000u && (uint64_t)nsl * 7 < (uint64_t)b->nkeys * 10)
    nsl *= 2;
  uint32_t cap = b->nts + 16, ns = 0;
  if (b->base) /* merged base senses: count them */
    for (uint32_t i = 0; i < b->nkeys; i++) {
      const bkey *k = &b->keys[i];
      const dllex_slot *sl = dllexv_find(
          b->base, k->h, b->str + k->off, k->len);
      if (sl)
        cap += sl->nsense;
    }
  bsense *tmp = malloc(sizeof *tmp * cap);
  uint32_t *kfirst = malloc(sizeof *kfirst * (b->nkeys + 1));
  if (!tmp || !kfirst) {
    free(tmp);
    free(kfirst);
    return false;
  }
  for (uint32_t i = 0; i < b->nkeys; i++) {
    const bkey *k = &b->keys[i];
    uint32_t st = ns, ord = 0;
    uint32_t dicts = 0;
    for (uint32_t j = k->head; j; j = b->ts[j - 1].next) {
      tmp[ns] = b->ts[j - 1];
      tmp[ns++].next = ord++;
      dicts |= DLX_BIT(b->ts[j - 1].s.dict);
    }
    qsort(tmp + st, ns - st, sizeof *tmp, cmp_sense);
    uint32_t w = st; /* dedupe equal senses (an inflected copy included) */
    for (uint32_t j = st; j < ns; j++) {
      bool dup = false;
      for (uint32_t q = st; q < w && !dup; q++)
        dup = tmp[q].s.dict == tmp[j].s.dict && tmp[q].s.num == tmp[j].s.num &&
              tmp[q].s.fields == tmp[j].s.fields &&
              (tmp[q].s.flags | DLXF_INFLECTED) ==
                  (tmp[j].s.flags | DLXF_INFLECTED);
      if (!dup)
        tmp[w++] = tmp[j];
    }
    ns = w;
    if (b->base && ns > st) { /* built-in senses of dictionaries not shadowed */
      const dllex_slot *sl =
          dllexv_find(b->base, k->h, b->str + k->off, k->len);
      for (uint32_t j = 0; sl && j < sl->nsense; j++) {
        const dllex_sense *bs = &b->base->sense[sl->sense + j];
        if (!(dicts & DLX_BIT(bs->dict))) {
          tmp[ns].s = *bs;
          tmp[ns++].rank = 0;
        }
      }
    }
    if (ns - st > 0xFFFF)
      ns = st + 0xFFFF;
    kfirst[i] = st;
  }
  kfirst[b->nkeys] = ns;
  /* the filter: about 12 bits a key (a few percent of absent keys pass) */
  uint64_t nfw = ((uint64_t)b->nkeys * 12 + 63) / 64;
  uint32_t nfilter = nfw < 1 ? 1 : nfw > 0x10000000u ? 0x10000000u
                                                      : (uint32_t)nfw;
  size_t off[DLS_N], len[DLS_N];
  len[DLS_SLOTS] = (size_t)nsl * sizeof(dllex_slot);
  len[DLS_SENSES] = (size_t)ns * sizeof(dllex_sense);
  len[DLS_PLACES] = (size_t)b->npl * sizeof(dlgaz_place);
  len[DLS_COUNTRIES] = (size_t)b->nco * sizeof(dlgaz_country);
  len[DLS_STR] = b->nstr;
  len[DLS_FILTER] = (size_t)nfilter * sizeof(uint64_t);
  size_t pos = sizeof(dllex_hdr);
  for (int s = 0; s < DLS_N; s++) {
    off[s] = pos;
    pos = pad8(pos + len[s]);
  }
  char *blob = calloc(1, pos);
  if (!blob) {
    free(tmp);
    free(kfirst);
    return false;
  }
  dllex_hdr *h = (dllex_hdr *)blob;
  memcpy(h->magic, DLLEX_MAGIC, 8);
  h->version = DLLEX_VERSION;
  h->nslots = nsl;
  h->size = pos;
  h->nkeys = b->nkeys;
  h->nsenses = ns;
  h->nplaces = b->npl;
  h->ncountries = b->nco;
  h->nfilter = nfilter;
  for (int s = 0; s < DLS_N; s++) {
    h->off[s] = off[s];
    h->len[s] = len[s];
  }
  dllex_slot *slot = (dllex_slot *)(blob + off[DLS_SLOTS]);
  dllex_sense *sense = (dllex_sense *)(blob + off[DLS_SENSES]);
  uint64_t *filter = (uint64_t *)(void *)(blob + off[DLS_FILTER]);
  for (uint32_t i = 0; i < ns; i++)
    sense[i] = tmp[i].s;
  for (uint32_t i = 0; i < b->nkeys; i++) {
    const bkey *k = &b->keys[i];
    uint32_t j = (uint32_t)k->h & (nsl - 1);
    while (slot[j].key)
      j = (j + 1) & (nsl - 1);
    slot[j].h = (uint16_t)(k->h >> 48);
    slot[j].key = k->off;
    slot[j].sense = kfirst[i];
    uint32_t cnt = 0, dicts = 0;
    for (uint32_t q = kfirst[i]; q < ns && q < kfirst[i] + 0xFFFF; q++) {
      /* the run ends where the next key's starts */
      if (i + 1 <= b->nkeys && q >= kfirst[i + 1])
        break;
      cnt++;
      dicts |= DLX_BIT(sense[q].dict);
    }
    slot[j].nsense = (uint16_t)cnt;
    slot[j].dicts = (uint16_t)dicts;
    uint64_t x = dllex_filter_mix(k->h);
    filter[dllex_filter_word(x, nfilter)] |= dllex_filter_bits(x);
    slot[j].klen = (uint16_t)(k->len | (k->cont ? DLLEX_CONT : 0));
  }
  if (b->npl)
    memcpy(blob + off[DLS_PLACES], b->pl, len[DLS_PLACES]);
  if (b->base) { /* user places' strings follow the built-in ones */
    dlgaz_place *pl = (dlgaz_place *)(blob + off[DLS_PLACES]);
    for (uint32_t i = 0; i < b->npl; i++) {
      if (pl[i].name)
        pl[i].name += (uint32_t)b->base->nstr;
      if (pl[i].admin1)
        pl[i].admin1 += (uint32_t)b->base->nstr;
    }
  }
  if (b->nco)
    memcpy(blob + off[DLS_COUNTRIES], b->co, len[DLS_COUNTRIES]);
  memcpy(blob + off[DLS_STR], b->str, b->nstr);
  h->checksum = dllex_checksum(blob + sizeof *h, pos - sizeof *h);
  free(tmp);
  free(kfirst);
  *out = blob;
  *outn = pos;
  return true;
}
