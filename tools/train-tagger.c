/*
** train-tagger.c: trains the part-of-speech tagger of src/parse/tagger.c (a
** greedy averaged perceptron over Penn tags) on CoNLL-U treebanks and writes
** data/tagger.tsv. Each sentence's '# text' goes through the engine's own
** tokenizer, and its tokens get the tags of the treebank words they overlap,
** so training sees what the engine sees at run time. Then it loads the file
** the way the engine does and reports accuracy on the dev files and speed.
**
**   train-tagger [-i ITER] [-p PRUNE] -o OUT -t TRAIN.conllu... -d DEV.conllu...
*/
#include "dl_int.h"
#include "parse/parse.h"
#include "text/text.h"

#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

static void *xalloc(void *ud, void *p, size_t o, size_t n) {
  (void)ud; (void)o;
  if (!n) {
    free(p);
    return NULL;
  }
  void *q = realloc(p, n);
  if (!q) {
    fprintf(stderr, "train-tagger: out of memory\n");
    exit(1);
  }
  return q;
}

static void die(const char *m) {
  fprintf(stderr, "train-tagger: %s\n", m);
  exit(1);
}

/* ----------------------------------------------------------------- corpus */

typedef struct sent { uint32_t t0, t1; } sent;

typedef struct corpus {
  dl_doc *d;       /* all sentences' text, tokenised at once */
  uint8_t *gold;   /* per token; DLPOS_NONE = not aligned */
  sent *s;
  size_t ns;
  size_t words, aligned_words;
} corpus;

typedef struct udw { char *form; unsigned tag; int mwt; } udw;

static char *slurp(const char *path, size_t *n) {
  FILE *f = fopen(path, "rb");
  if (!f) {
    perror(path);
    exit(1);
  }
  fseek(f, 0, SEEK_END);
  long sz = ftell(f);
  fseek(f, 0, SEEK_SET);
  char *b = malloc((size_t)sz + 1);
  if (!b || fread(b, 1, (size_t)sz, f) != (size_t)sz)
    die("read error");
  b[sz] = 0;
  fclose(f);
  *n = (size_t)sz;
  return b;
}

/* One sentence of a CoNLL-U file: its text and units (words, or the
** surface of a multiword token with the tags of its words). */
typedef struct unit { char form[256]; unsigned tags[4]; int ntag; } unit;

typedef struct rawsent {
  char *text;
  unit *u;
  int nu;
} rawsent;

static void load_conllu(const char *path, rawsent **rs, size_t *nrs,
                        size_t *cap) {
  size_t n;
  char *b = slurp(path, &n);
  rawsent cur = {NULL, NULL, 0};
  int ucap = 0, mwt_end = 0;
  char *line = b;
  while (line && *line) {
    char *nl = strchr(line, '\n');
    if (nl)
      *nl = 0;
    size_t ln = strlen(line);
    if (ln && line[ln - 1] == '\r')
      line[--ln] = 0;
    if (!strncmp(line, "# text = ", 9)) {
      cur.text = strdup(line + 9);
    } else if (ln == 0) {
      if (cur.text && cur.nu) {
        if (*nrs == *cap) {
          *cap = *cap ? *cap * 2 : 1024;
          *rs = realloc(*rs, *cap * sizeof **rs);
        }
        (*rs)[(*nrs)++] = cur;
      } else {
        free(cur.text);
        free(cur.u);
      }
      memset(&cur, 0, sizeof cur);
      ucap = 0;
      mwt_end = 0;
    } else if (line[0] != '#') {
      char *col[10];
      int k = 0;
      char *p = line;
      col[k++] = p;
      while (k < 10 && (p = strchr(p, '\t'))) {
        *p++ = 0;
        col[k++] = p;
      }
      if (k >= 5 && !strchr(col[0], '.')) {
        int id = (int)strtol(col[0], NULL, 10);
        char *dash = strchr(col[0], '-');
        if (cur.nu == ucap) {
          ucap = ucap ? ucap * 2 : 64;
          cur.u = realloc(cur.u, (size_t)ucap * sizeof *cur.u);
        }
        if (dash) {
          unit *u = &cur.u[cur.nu++];
          snprintf(u->form, sizeof u->form, "%s", col[1]);
          u->ntag = 0;
          mwt_end = (int)strtol(dash + 1, NULL, 10);
        } else if (id <= mwt_end) {
          unit *u = &cur.u[cur.nu - 1];
          if (u->ntag < 4)
            u->tags[u->ntag++] = dlpos_from_name(col[4], strlen(col[4]));
        } else {
          unit *u = &cur.u[cur.nu++];
          snprintf(u->form, sizeof u->form, "%s", col[1]);
          u->tags[0] = dlpos_from_name(col[4], strlen(col[4]));
          u->ntag = 1;
        }
      }
    }
    line = nl ? nl + 1 : NULL;
  }
  if (cur.text && cur.nu)
    (*rs)[(*nrs)++] = cur;
  free(b);
}

/* Build one document of all the sentences, tokenise it with the engine and
** give each token the tag of the treebank unit it starts in. */
static corpus build(char **files, int nf) {
  rawsent *rs = NULL;
  size_t nrs = 0, cap = 0;
  for (int i = 0; i < nf; i++)
    load_conllu(files[i], &rs, &nrs, &cap);
  size_t tl = 0;
  for (size_t i = 0; i < nrs; i++)
    tl += strlen(rs[i].text) + 2;
  char *text = malloc(tl + 1);
  size_t *soff = malloc(nrs * sizeof *soff);
  /* per byte: the unit tag and index within a multiword unit */
  uint8_t *btag = calloc(tl + 1, 1);
  uint8_t *bstart = calloc(tl + 1, 1); /* 1 + position in multiword unit */
  size_t words = 0, aligned = 0, o = 0;
  for (size_t i = 0; i < nrs; i++) {
    size_t n = strlen(rs[i].text);
    soff[i] = o;
    memcpy(text + o, rs[i].text, n);
    size_t pos = o, end = o + n;
    for (int k = 0; k < rs[i].nu; k++) {
      unit *u = &rs[i].u[k];
      size_t fl = strlen(u->form);
      words += (size_t)u->ntag;
      while (pos < end && (text[pos] == ' ' || text[pos] == '\t'))
        pos++;
      size_t at = pos;
      if (end - pos < fl || memcmp(text + pos, u->form, fl)) {
        /* look a little ahead (normalised quotes, dropped spaces) */
        at = SIZE_MAX;
        for (size_t j = pos; j + fl <= end && j < pos + 8; j++)
          if (!memcmp(text + j, u->form, fl)) {
            at = j;
            break;
          }
        if (at == SIZE_MAX)
          continue; /* unit left unaligned; tokens there get no gold */
      }
      aligned += (size_t)u->ntag;
      for (size_t j = at; j < at + fl; j++) {
        btag[j] = (uint8_t)(u->ntag ? u->tags[0] : 0);
        bstart[j] = 0;
      }
      /* multiword units: remember all tags by position (filled below) */
      if (u->ntag > 1) {
        for (size_t j = at; j < at + fl; j++)
          bstart[j] = (uint8_t)(k + 1 > 255 ? 255 : 1);
      }
      pos = at + fl;
    }
    o += n;
    text[o++] = '\n';
    text[o++] = '\n';
  }
  text[o] = 0;
  corpus c;
  memset(&c, 0, sizeof c);
  static dl_engine eng; /* tokenising needs only the allocator */
  eng.alloc = xalloc;
  eng.max_text = (size_t)1 << 30;
  eng.arena_cap = (size_t)4 << 30;
  if (dl_doc_new(&eng, &c.d))
    die("dl_doc_new");
  dl_doc *d = c.d;
  d->text = text;
  d->len = o;
  if (dltext_tokenize(d))
    die("tokenise");
  c.gold = calloc(d->toks.n + 1, 1);
  c.s = malloc(nrs * sizeof *c.s);
  uint32_t t = 0;
  for (size_t i = 0; i < nrs; i++) {
    size_t s0 = soff[i], s1 = soff[i] + strlen(rs[i].text);
    while (t < d->toks.n && d->toks.v[t].s < s0)
      t++;
    uint32_t t0 = t;
    while (t < d->toks.n && d->toks.v[t].s < s1)
      t++;
    c.s[c.ns].t0 = t0;
    c.s[c.ns].t1 = t;
    c.ns++;
    /* multiword units: the j-th token inside gets the j-th word's tag */
    size_t pos = s0;
    for (int k = 0; k < rs[i].nu; k++) {
      (void)pos;
    }
    for (uint32_t j = t0; j < t; j++) {
      uint32_t b = d->toks.v[j].s;
      c.gold[j] = btag[b];
    }
    /* second pass for multiword units */
    for (int k = 0, ti = (int)t0; k < rs[i].nu; k++) {
      unit *u = &rs[i].u[k];
      if (u->ntag < 2)
        continue;
      /* find tokens starting inside the unit's surface */
      const char *hit = NULL;
      for (uint32_t j = (uint32_t)ti; j < t; j++) {
        size_t fl = strlen(u->form);
        if (d->toks.v[j].s + fl <= o &&
            !memcmp(text + d->toks.v[j].s, u->form, fl) &&
            bstart[d->toks.v[j].s]) {
          uint32_t e = d->toks.v[j].s + (uint32_t)fl, q = j;
          int w = 0;
          for (; q < t && d->toks.v[q].s < e; q++, w++)
            c.gold[q] = (uint8_t)u->tags[w < u->ntag ? w : u->ntag - 1];
          ti = (int)q;
          hit = u->form;
          break;
        }
      }
      (void)hit;
    }
    free(rs[i].text);
    free(rs[i].u);
  }
  free(rs);
  free(soff);
  free(btag);
  free(bstart);
  c.words = words;
  c.aligned_words = aligned;
  return c;
}

/* ---------------------------------------------------------------- training */

typedef struct row {
  uint64_t key;
  uint32_t str;              /* offset of "T\ttext" in the string pool */
  int32_t w[DLPOS_N];        /* current weights */
  int64_t u[DLPOS_N];        /* sum of c * update (Daume's averaging) */
} row;

static row *rows;
static size_t nrows, caprows;
static uint32_t *tab;        /* open addressing: row index + 1 */
static uint32_t tmask;
static char *pool;
static size_t npool, cappool;

static void pool_put(const char *s, size_t n) {
  while (npool + n + 1 > cappool) {
    cappool = cappool ? cappool * 2 : 1 << 20;
    pool = realloc(pool, cappool);
  }
  memcpy(pool + npool, s, n);
  npool += n;
}

static void grow_tab(void) {
  uint32_t cap = tmask ? (tmask + 1) * 2 : 1 << 20;
  free(tab);
  tab = calloc(cap, sizeof *tab);
  tmask = cap - 1;
  for (size_t r = 0; r < nrows; r++) {
    uint32_t i = (uint32_t)(rows[r].key ^ (rows[r].key >> 32)) & tmask;
    while (tab[i])
      i = (i + 1) & tmask;
    tab[i] = (uint32_t)r + 1;
  }
}

static row *get_row(uint64_t key, const dlfeat *f, bool create) {
  uint32_t i = (uint32_t)(key ^ (key >> 32)) & tmask;
  while (tab[i]) {
    if (rows[tab[i] - 1].key == key)
      return &rows[tab[i] - 1];
    i = (i + 1) & tmask;
  }
  if (!create)
    return NULL;
  if (nrows * 2 >= tmask) {
    grow_tab();
    return get_row(key, f, create);
  }
  if (nrows == caprows) {
    caprows = caprows ? caprows * 2 : 1 << 16;
    rows = realloc(rows, caprows * sizeof *rows);
  }
  row *r = &rows[nrows];
  memset(r, 0, sizeof *r);
  r->key = key;
  r->str = (uint32_t)npool;
  pool_put(&f->tmpl, 1);
  pool_put("\t", 1);
  pool_put(f->a, f->na);
  pool_put("\t", 1);
  if (f->nb)
    pool_put(f->b, f->nb);
  pool_put("", 1);
  pool[npool++] = 0;
  tab[i] = (uint32_t)++nrows;
  return r;
}

#ifndef DICT_MIN
#define DICT_MIN 20
#endif
#ifndef DICT_PERMILLE
#define DICT_PERMILLE 970
#endif
/* The tag dictionary: words seen >= DICT_MIN times with one tag in >=
** DICT_PERMILLE of them. */
typedef struct dword { uint64_t key; uint32_t n[DLPOS_N]; uint32_t tot; char w[48]; } dword;
static dword *dict;
static uint32_t dmask;

static dword *dict_get(const char *w, uint16_t n, bool create) {
  uint64_t k = dltag_key('D', dltag_piece(w, n), 0, false);
  uint32_t i = (uint32_t)k & dmask;
  while (dict[i].key && dict[i].key != k)
    i = (i + 1) & dmask;
  if (!dict[i].key) {
    if (!create || n >= sizeof dict[i].w)
      return NULL;
    dict[i].key = k;
    memcpy(dict[i].w, w, n);
  }
  return &dict[i];
}

static unsigned dict_tag(const dword *e) {
  if (!e || e->tot < DICT_MIN)
    return 0;
  for (unsigned t = 1; t < DLPOS_N; t++)
    if (e->n[t] * 1000 >= e->tot * DICT_PERMILLE)
      return t;
  return 0;
}

static uint64_t rng = 88172645463325252ull;
static uint64_t xrand(void) {
  rng ^= rng << 13;
  rng ^= rng >> 7;
  rng ^= rng << 17;
  return rng;
}

static void train(corpus *c, int iters) {
  dl_doc *d = c->d;
  dmask = (1u << 18) - 1;
  dict = calloc(dmask + 1, sizeof *dict);
  for (uint32_t i = 0; i < d->toks.n; i++)
    if (c->gold[i]) {
      uint16_t n;
      const char *w = dltag_word(d, i, &n);
      dword *e = dict_get(w, n, true);
      if (e)
        e->n[c->gold[i]]++, e->tot++;
    }
  grow_tab();
  size_t *order = malloc(c->ns * sizeof *order);
  for (size_t i = 0; i < c->ns; i++)
    order[i] = i;
  int64_t cnt = 1;
  dlfeat fs[DLTAG_MAXFEAT];
  uint64_t keys[DLTAG_MAXFEAT];
  for (int it = 0; it < iters; it++) {
    for (size_t i = c->ns - 1; i > 0; i--) {
      size_t j = (size_t)(xrand() % (i + 1)), tmp = order[i];
      order[i] = order[j];
      order[j] = tmp;
    }
    size_t right = 0, total = 0;
    for (size_t si = 0; si < c->ns; si++) {
      sent s = c->s[order[si]];
      unsigned p1 = DLPOS_N, p2 = DLPOS_N;
      dltagcache tc;
      dltag_cache_reset(&tc);
      for (uint32_t i = s.t0; i < s.t1; i++) {
        uint16_t n;
        const char *w = dltag_word(d, i, &n);
        unsigned guess = dict_tag(dict_get(w, n, false));
        unsigned gold = c->gold[i];
        if (!guess) {
          int nf = dltag_features(d, &tc, s.t0, s.t1, i, p1, p2, fs);
          int64_t sc[DLPOS_N] = {0};
          for (int k = 0; k < nf; k++) {
            keys[k] = dltag_hash(&fs[k]);
            row *r = get_row(keys[k], &fs[k], false);
            if (r)
              for (unsigned t = 1; t < DLPOS_N; t++)
                sc[t] += r->w[t];
          }
          int64_t bs = INT64_MIN;
          for (unsigned t = 1; t < DLPOS_N; t++)
            if (sc[t] > bs)
              bs = sc[t], guess = t;
          if (gold && guess != gold)
            for (int k = 0; k < nf; k++) {
              row *r = get_row(keys[k], &fs[k], true);
              r->w[gold]++;
              r->u[gold] += cnt;
              r->w[guess]--;
              r->u[guess] -= cnt;
            }
          cnt++;
        }
        if (gold) {
          total++;
          right += guess == gold;
        }
        p2 = p1;
        p1 = guess;
      }
    }
    fprintf(stderr, "iteration %d: %.2f%% on train, %zu features\n", it + 1,
            100.0 * (double)right / (double)(total ? total : 1), nrows);
  }
  /* averaged weights, x100 as integers */
  for (size_t r = 0; r < nrows; r++)
    for (unsigned t = 1; t < DLPOS_N; t++) {
      double a = (double)rows[r].w[t] - (double)rows[r].u[t] / (double)cnt;
      double v = a * 100.0;
      v = v < -32767 ? -32767 : v > 32767 ? 32767 : v;
      rows[r].w[t] = (int32_t)(v < 0 ? v - 0.5 : v + 0.5);
    }
  free(order);
}

static size_t write_body(FILE *f, int prune) {
  size_t kept = 0;
  for (uint32_t i = 0; i <= dmask; i++) {
    unsigned t = dict_tag(&dict[i]);
    if (t)
      fprintf(f, "D\t%s\t\t%s\n", dict[i].w, dlpos_name(t));
  }
  for (size_t r = 0; r < nrows; r++) {
    int any = 0;
    for (unsigned t = 1; t < DLPOS_N; t++)
      if (abs(rows[r].w[t]) >= prune) {
        fprintf(f, "%s%s%s:%d", any ? " " : pool + rows[r].str,
                any ? "" : "\t", dlpos_name(t), rows[r].w[t]);
        any = 1;
      }
    if (any) {
      fputc('\n', f);
      kept++;
    }
  }
  return kept;
}

static int verbose;

/* Accuracy of the loaded model on a corpus: tokens with gold tags. */
static double evaluate(const struct dltagger *m, corpus *c, double *mbps) {
  dl_doc *d = c->d;
  uint8_t *out = malloc(d->toks.n + 1);
  size_t right = 0, total = 0;
  for (size_t i = 0; i < c->ns; i++)
    dltag_tag(m, d, c->s[i].t0, c->s[i].t1, out + c->s[i].t0);
  for (uint32_t i = 0; i < d->toks.n; i++)
    if (c->gold[i]) {
      total++, right += out[i] == c->gold[i];
      if (verbose && out[i] != c->gold[i])
        printf("%.*s\t%s\t%s\n", (int)(d->toks.v[i].e - d->toks.v[i].s),
               d->text + d->toks.v[i].s, dlpos_name(c->gold[i]),
               dlpos_name(out[i]));
    }
  /* speed: the best of 30 passes (CPU time), as the machine is shared */
  double sec = 1e9;
  for (int r = 0; r < 30; r++) {
    struct timespec a, b;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &a);
    for (size_t i = 0; i < c->ns; i++)
      dltag_tag(m, d, c->s[i].t0, c->s[i].t1, out + c->s[i].t0);
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &b);
    double t = (double)(b.tv_sec - a.tv_sec) +
               1e-9 * (double)(b.tv_nsec - a.tv_nsec);
    if (t < sec)
      sec = t;
  }
  *mbps = (double)d->len / sec / 1e6;
  free(out);
  return 100.0 * (double)right / (double)(total ? total : 1);
}

int main(int argc, char **argv) {
  const char *out = NULL;
  char *tr[16], *dv[16];
  int ntr = 0, ndv = 0, iters = 8, prune = 30;
  char mode = 0;
  for (int i = 1; i < argc; i++) {
    if (!strcmp(argv[i], "-o") && i + 1 < argc)
      out = argv[++i];
    else if (!strcmp(argv[i], "-i") && i + 1 < argc)
      iters = (int)strtol(argv[++i], NULL, 10);
    else if (!strcmp(argv[i], "-p") && i + 1 < argc)
      prune = (int)strtol(argv[++i], NULL, 10);
    else if (!strcmp(argv[i], "-v"))
      verbose = 1;
    else if (!strcmp(argv[i], "-t"))
      mode = 't';
    else if (!strcmp(argv[i], "-d"))
      mode = 'd';
    else if (mode == 't' && ntr < 16)
      tr[ntr++] = argv[i];
    else if (mode == 'd' && ndv < 16)
      dv[ndv++] = argv[i];
    else
      die("usage: train-tagger [-i ITER] [-p PRUNE] -o OUT -t TRAIN... -d DEV...");
  }
  if (!out || !ntr)
    die("usage: train-tagger [-i ITER] [-p PRUNE] -o OUT -t TRAIN... -d DEV...");
  corpus c = build(tr, ntr);
  fprintf(stderr, "train: %zu sentences, %u tokens, %zu of %zu words aligned\n",
          c.ns, c.d->toks.n, c.aligned_words, c.words);
  train(&c, iters);
  char body[4096];
  snprintf(body, sizeof body, "%s.body", out);
  FILE *f = fopen(body, "wb");
  if (!f)
    die("cannot write the output");
  size_t kept = write_body(f, prune);
  fclose(f);
  /* compile it the way make does (dltag_compile), measure on each dev file */
  static dl_engine eng;
  eng.alloc = xalloc;
  if (dltag_load_tsv(&eng, body))
    die(eng.errmsg);
  char acc[4096] = "";
  size_t al = 0;
  for (int i = 0; i < ndv; i++) {
    corpus dc = build(&dv[i], 1);
    double mbps;
    double a = evaluate(eng.tagger, &dc, &mbps);
    const char *base = strrchr(dv[i], '/');
    base = base ? base + 1 : dv[i];
    fprintf(stderr, "%s: %.2f%% of %zu tokens (%zu of %zu words aligned), %.1f MB/s\n",
            base, a, (size_t)dc.d->toks.n, dc.aligned_words, dc.words, mbps);
    al += (size_t)snprintf(acc + al, sizeof acc - al,
                           "#   %s: %.2f%% XPOS over engine tokens; %.0f MB/s (CPU)\n",
                           base, a, mbps);
  }
  dltag_unload(&eng);
  f = fopen(out, "wb");
  FILE *bf = fopen(body, "rb");
  if (!f || !bf)
    die("cannot write the output");
  fprintf(f,
          "# tagger.tsv: averaged-perceptron weights of the part-of-speech tagger\n"
          "# (src/parse/tagger.c), Penn Treebank tags (UD XPOS), weights x100.\n"
          "# Written by tools/train-tagger.c; do not edit. Retrain: make train-tagger\n"
          "# Command: train-tagger -i %d -p %d -o %s -t", iters, prune, out);
  for (int i = 0; i < ntr; i++) {
    const char *b = strrchr(tr[i], '/');
    fprintf(f, " %s", b ? b + 1 : tr[i]);
  }
  fprintf(f, " -d");
  for (int i = 0; i < ndv; i++) {
    const char *b = strrchr(dv[i], '/');
    fprintf(f, " %s", b ? b + 1 : dv[i]);
  }
  fprintf(f, "\n# Data: UD English-GUM (Zeldes 2017), commit afb41ee9, train splits of\n"
             "#   the Wikinews news/interview documents and of the academic, bio,\n"
             "#   voyage, textbook, speech, vlog and conversation genres.\n"
             "# Licence: CC BY-SA 4.0, as a derived work of GUM's openly licensed\n"
             "#   genres: Wikinews (news, interviews, bios) CC BY 2.5, textbooks,\n"
             "#   academic, vlogs, conversations CC BY, speeches public domain,\n"
             "#   Wikivoyage CC BY-SA (hence share-alike). GUM's NC genres (wikiHow,\n"
             "#   fiction) are not used. Cite GUM (Zeldes 2017, LRE). UD EWT dev\n"
             "#   (CC BY-SA 4.0) is used for measurement only; EWT train is not in\n"
             "#   ../shared, so EWT dev is a cross-domain (web text) score.\n"
             "# Features kept: %zu (|weight| >= %d); dev accuracy:\n%s",
          kept, prune, acc);
  char buf[1 << 16];
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, bf)) > 0)
    fwrite(buf, 1, n, f);
  fclose(bf);
  fclose(f);
  unlink(body);
  return 0;
}
