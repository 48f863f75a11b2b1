/*
** train-ner.c: trains the name tagger of src/extract/ner.c (a greedy
** averaged perceptron over BIO labels PER/ORG/LOC) on CoNLL-U treebanks
** with GUM's entity layer (MISC "Entity=(id-type-...-minspan-..." and
** "id)") and writes data/ner.tsv. Named mentions are person, place and
** organization mentions whose minimal span holds a proper noun; their
** label span is the run of proper nouns around that head (through "of",
** "the", "&", "and", "de" between two of them), titles ("President") left
** out, the outermost mention first. Each sentence goes through the
** engine twice, as written and with its words joined by single spaces (as
** the UNER scorer feeds it), so training sees the engine's tokens, tags
** and rule proposals; then the weights are loaded the way the engine does
** and scored on the dev files (entity F1 over the engine's tokens), with
** the rules alone for comparison, and timed.
**
**   train-ner [-i ITER] [-p PRUNE] [-D DATADIR] -o OUT -t TRAIN... -d DEV...
*/
#include "dl_int.h"
#include "extract/entity.h"
#include "extract/ner.h"
#include "lexicon/lexicon.h"

#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static void die(const char *m) {
  fprintf(stderr, "train-ner: %s\n", m);
  exit(1);
}

/* The decimal number at 's' (0 if none). */
static int num(const char *s) {
  long v = strtol(s, NULL, 10);
  return v > 1000000 || v < -1000000 ? 0 : (int)v;
}

static void *xmalloc(size_t n) {
  void *p = calloc(1, n ? n : 1);
  if (!p)
    die("out of memory");
  return p;
}

static void *xrealloc(void *p, size_t n) {
  p = realloc(p, n);
  if (!p)
    die("out of memory");
  return p;
}

static char *slurp(const char *path, size_t *n) {
  FILE *f = fopen(path, "rb");
  if (!f) {
    perror(path);
    exit(1);
  }
  fseek(f, 0, SEEK_END);
  long sz = ftell(f);
  fseek(f, 0, SEEK_SET);
  char *b = xmalloc((size_t)sz + 1);
  if (fread(b, 1, (size_t)sz, f) != (size_t)sz)
    die("read error");
  b[sz] = 0;
  fclose(f);
  *n = (size_t)sz;
  return b;
}

/* ------------------------------------------------------------ treebanks */

typedef struct word {
  char *form;
  char upos[8];
  bool nnp;            /* XPOS NNP or NNPS ("United" is VERB but NNP) */
  bool space;          /* space after (in the text as written) */
  int unit;            /* index of its surface unit (multiword tokens) */
} word;

typedef struct mention {
  int w0, w1;          /* words [w0, w1) of the mention */
  int h0, h1;          /* its proper-noun head words [h0, h1) */
  int type;            /* 1 PER, 2 ORG, 3 LOC */
  bool named;          /* a proper noun in its minimal span */
  int a, b;            /* the label span, a == b: none */
} mention;

typedef struct usent {
  word *w;
  int nw;
  mention *m;
  int nm;
  char **unit;         /* surface forms (a multiword token once) */
  bool *uspace;
  int nu;
} usent;

typedef struct openm {
  int id, w0, type;
  int minspan[16], nmin;
} openm;

static int etype(const char *s, size_t n) {
  if (n == 6 && !memcmp(s, "person", 6))
    return 1;
  if (n == 12 && !memcmp(s, "organization", 12))
    return 2;
  if (n == 5 && !memcmp(s, "place", 5))
    return 3;
  return 0;
}

/* Parse "Entity=..." of word 'wi' into opens and closes. */
static void entities(usent *s, int wi, const char *v, openm *st, int *nst) {
  const char *p = v;
  while (*p && *p != '|') {
    if (*p == '(') {
      const char *q = p + 1;
      while (*q && *q != '(' && *q != ')' && *q != '|')
        q++;
      openm o;
      memset(&o, 0, sizeof o);
      o.w0 = wi;
      /* fields: id-type-infstat-salience-centering-minspan-... */
      const char *f[10];
      size_t fl[10];
      int nf = 0;
      const char *a = p + 1;
      for (const char *c = p + 1; c <= q && nf < 10; c++)
        if (c == q || *c == '-') {
          f[nf] = a;
          fl[nf++] = (size_t)(c - a);
          a = c + 1;
        }
      o.id = nf > 0 ? num(f[0]) : -1;
      o.type = nf > 1 ? etype(f[1], fl[1]) : 0;
      if (nf > 5)
        for (const char *c = f[5]; c < f[5] + fl[5] && o.nmin < 16;) {
          o.minspan[o.nmin++] = num(c);
          while (c < f[5] + fl[5] && *c != ',')
            c++;
          c++;
        }
      if (*q == ')') { /* opens and closes here */
        if (o.type) {
          s->m = xrealloc(s->m, (size_t)(s->nm + 1) * sizeof *s->m);
          mention *m = &s->m[s->nm++];
          memset(m, 0, sizeof *m);
          m->w0 = m->h0 = wi;
          m->w1 = m->h1 = wi + 1;
          m->type = o.type;
          m->named = s->w[wi].nnp;
        }
        p = q + 1;
      } else {
        if (*nst < 64)
          st[(*nst)++] = o;
        p = q;
      }
      continue;
    }
    if (*p >= '0' && *p <= '9') {
      int id = num(p);
      while (*p >= '0' && *p <= '9')
        p++;
      if (*p == ')') {
        p++;
        for (int k = *nst - 1; k >= 0; k--)
          if (st[k].id == id) {
            openm o = st[k];
            memmove(&st[k], &st[k + 1], (size_t)(*nst - k - 1) * sizeof *st);
            (*nst)--;
            if (o.type) {
              s->m = xrealloc(s->m, (size_t)(s->nm + 1) * sizeof *s->m);
              mention *m = &s->m[s->nm++];
              memset(m, 0, sizeof *m);
              m->w0 = o.w0;
              m->w1 = wi + 1;
              m->type = o.type;
              /* the head: the first proper noun of the minimal span for
              ** places and organisations ("Eureka Springs, Arkansas"), the
              ** last for people ("Nobel Peace Prize laureate Shimon Peres") */
              int lo = wi + 1, hi = -1;
              for (int j = 0; j < o.nmin; j++) {
                int w = o.w0 + o.minspan[j] - 1;
                if (w >= o.w0 && w <= wi && s->w[w].nnp &&
                    (o.type == 1 ? (hi < 0 || w > hi) : w < lo))
                  lo = hi = w;
              }
              m->named = hi >= 0;
              m->h0 = lo;
              m->h1 = hi + 1;
            }
            break;
          }
      }
      continue;
    }
    p++;
  }
}

static bool is_title(const dl_engine *e, const char *form) {
  char buf[64];
  size_t n = strlen(form);
  if (n >= sizeof buf)
    return false;
  for (size_t i = 0; i < n; i++)
    buf[i] = (char)(form[i] >= 'A' && form[i] <= 'Z' ? form[i] + 32 : form[i]);
  buf[n] = 0;
  const dllex_sense *sv;
  uint32_t k = dllex_lookup(e, buf, n, &sv);
  for (uint32_t j = 0; j < k; j++)
    if (sv[j].dict == DLX_TITLE)
      return true;
  static const char *const hon[] = {"mr", "mr.", "mrs", "mrs.", "ms", "ms.",
      "dr", "dr.", "sir", "lady", "lord", "president", "king", "queen", "pope",
      "prince", "princess", "senator", "sen.", "governor", "gov.", "minister",
      "general", "gen.", "captain", "capt.", "judge", "professor", "prof.",
      "rep.", "col.", "lt.", "sgt.", "rev.", "saint", "chairman", "ceo",
      "mayor", "chief", "commissioner", "secretary", "director", "emperor",
      "sheikh", "ayatollah", "bishop", "cardinal", "justice", "coach",
      "officer", "detective", "inspector", "sergeant", "lieutenant", "colonel",
      "major", "admiral", "chancellor", "premier", "senior", "junior", NULL};
  for (const char *const *h = hon; *h; h++)
    if (!strcmp(buf, *h))
      return true;
  return false;
}

static bool propn(const usent *s, int w) {
  return w >= 0 && w < s->nw && s->w[w].nnp;
}

static bool connector(const char *f) {
  static const char *const c[] = {"of", "the", "&", "de", "del", "la",
                                  "for", NULL};
  for (const char *const *p = c; *p; p++)
    if (!strcmp(f, *p))
      return true;
  return false;
}

/* The label span of each named mention: the proper nouns around its head,
** titles off the front; the longest mention claims its words first. */
static void gold(const dl_engine *e, usent *s, uint8_t *claimed) {
  memset(claimed, 0, (size_t)s->nw);
  bool *done = xmalloc((size_t)s->nm + 1);
  for (;;) {
    int best = -1, bl = -1;
    for (int k = 0; k < s->nm; k++)
      if (s->m[k].named && !done[k] && s->m[k].w1 - s->m[k].w0 > bl)
        bl = s->m[k].w1 - s->m[k].w0, best = k;
    if (best < 0)
      break;
    mention *m = &s->m[best];
    done[best] = true;
    int a = m->h0, b = m->h1;
    while (a > m->w0 && propn(s, a - 1))
      a--;
    while (b < m->w1) {
      if (propn(s, b)) {
        b++;
        continue;
      }
      if (m->type == 1)
        break; /* "Alvin Yeung of Civic Party" */
      if (b + 1 < m->w1 && connector(s->w[b].form) && propn(s, b + 1)) {
        b += 2;
        continue;
      }
      if (b + 2 < m->w1 && connector(s->w[b].form) &&
          !strcmp(s->w[b + 1].form, "the") && propn(s, b + 2)) {
        b += 3;
        continue;
      }
      break;
    }
    while (a < b && is_title(e, s->w[a].form))
      a++;
    bool free_ = a < b;
    for (int w = a; w < b; w++)
      if (claimed[w])
        free_ = false;
    if (!free_)
      continue;
    for (int w = a; w < b; w++)
      claimed[w] = 1;
    m->a = a;
    m->b = b;
  }
  free(done);
}

/* ---------------------------------------------------------------- corpus */

static FILE *iob;      /* -g FILE: the dev gold as IOB2 (for tools/eval/ner) */
static size_t iob_n;


typedef struct tsent {
  dlnertok *tk;
  uint8_t *gold;
  uint32_t n;
} tsent;

typedef struct corpus {
  tsent *s;
  size_t ns, cap;
  size_t bytes, toks, gated_out;  /* gold names on tokens never scored */
  double ner_s;                    /* CPU seconds in dlner_tag (-b) */
  size_t bench_bytes;              /* text it went over */
  bool bench;
} corpus;

static usent *load_conllu(const char *path, size_t *nout) {
  size_t n;
  char *buf = slurp(path, &n);
  usent *v = NULL;
  size_t nv = 0;
  usent cur;
  memset(&cur, 0, sizeof cur);
  openm st[64];
  int nst = 0;
  int mwt_end = -1;
  char *save = buf;
  for (char *line = buf; line && *line;) {
    char *nl = strchr(line, '\n');
    if (nl)
      *nl = 0;
    size_t ll = strlen(line);
    if (ll && line[ll - 1] == '\r')
      line[--ll] = 0;
    if (!ll) {
      if (cur.nw) {
        v = xrealloc(v, (nv + 1) * sizeof *v);
        v[nv++] = cur;
      }
      memset(&cur, 0, sizeof cur);
      nst = 0;
      mwt_end = -1;
    } else if (line[0] != '#') {
      char *col[10];
      int nc = 0;
      for (char *p = line; nc < 10;) {
        col[nc++] = p;
        char *t = strchr(p, '\t');
        if (!t)
          break;
        *t = 0;
        p = t + 1;
      }
      if (nc == 10 && !strchr(col[0], '.')) {
        bool space = !strstr(col[9], "SpaceAfter=No");
        char *dash = strchr(col[0], '-');
        if (dash) {
          mwt_end = num(dash + 1);
          cur.unit = xrealloc(cur.unit, (size_t)(cur.nu + 1) * sizeof(char *));
          cur.uspace = xrealloc(cur.uspace, (size_t)(cur.nu + 1));
          cur.unit[cur.nu] = col[1];
          cur.uspace[cur.nu++] = space;
        } else {
          int id = num(col[0]);
          cur.w = xrealloc(cur.w, (size_t)(cur.nw + 1) * sizeof *cur.w);
          word *w = &cur.w[cur.nw++];
          w->form = col[1];
          snprintf(w->upos, sizeof w->upos, "%s", col[3]);
          w->nnp = !strcmp(col[4], "NNP") || !strcmp(col[4], "NNPS") ||
                   !strcmp(col[3], "PROPN");
          if (mwt_end >= id) {
            w->unit = cur.nu - 1;
          } else {
            cur.unit = xrealloc(cur.unit, (size_t)(cur.nu + 1) * sizeof(char *));
            cur.uspace = xrealloc(cur.uspace, (size_t)(cur.nu + 1));
            cur.unit[cur.nu] = col[1];
            cur.uspace[cur.nu++] = space;
            w->unit = cur.nu - 1;
          }
          char *e = strstr(col[9], "Entity=");
          if (e)
            entities(&cur, cur.nw - 1, e + 7, st, &nst);
        }
      }
    }
    line = nl ? nl + 1 : NULL;
  }
  if (cur.nw) {
    v = xrealloc(v, (nv + 1) * sizeof *v);
    v[nv++] = cur;
  }
  (void)save; /* 'buf' holds the strings: kept for the run */
  *nout = nv;
  return v;
}

/* ---------------------------------------------------------- MEANTIME XML */

/* MEANTIME (NewsReader, CC BY 4.0) CAT XML: <token t_id sentence>form
** </token>, <ENTITY_MENTION m_id syntactic_type> with <token_anchor t_id>,
** <ENTITY ent_type m_id> instances, and REFERS_TO source mentions ->
** target instance. Named mentions (syntactic type NAM, PRE.NAM or unset)
** of PER, ORG and LOC instances become mentions whose head is the last
** run of capitalised words not already held by a shorter mention; no
** part-of-speech tags, so "proper noun" is a capitalised word that is no
** determiner. */
static bool used_meantime;

static const char *attr(const char *p, const char *end, const char *name,
                        size_t *len) {
  size_t nl = strlen(name);
  for (const char *q = p; q + nl + 2 < end; q++)
    if (!memcmp(q, name, nl) && q[nl] == '=' && q[nl + 1] == '"' &&
        (q == p || q[-1] == ' ')) {
      const char *v = q + nl + 2, *e = memchr(v, '"', (size_t)(end - v));
      if (!e)
        return NULL;
      *len = (size_t)(e - v);
      return v;
    }
  return NULL;
}

static char *xml_text(const char *s, size_t n) {
  char *o = xmalloc(n + 1);
  size_t k = 0;
  for (size_t i = 0; i < n;) {
    static const char *const ent[][2] = {{"&amp;", "&"}, {"&lt;", "<"},
        {"&gt;", ">"}, {"&quot;", "\""}, {"&apos;", "'"}};
    bool done = false;
    for (int j = 0; j < 5 && !done; j++) {
      size_t el = strlen(ent[j][0]);
      if (i + el <= n && !memcmp(s + i, ent[j][0], el)) {
        o[k++] = ent[j][1][0];
        i += el;
        done = true;
      }
    }
    if (!done)
      o[k++] = s[i++];
  }
  o[k] = 0;
  return o;
}

static bool mt_capital(const char *f) {
  static const char *const det[] = {"the", "a", "an", "its", "his", "her",
      "their", "this", "that", "these", "those", "our", "my", NULL};
  if (!(f[0] >= 'A' && f[0] <= 'Z'))
    return false;
  char b[16];
  size_t n = strlen(f);
  if (n >= sizeof b)
    return true;
  for (size_t i = 0; i <= n; i++)
    b[i] = (char)(f[i] >= 'A' && f[i] <= 'Z' ? f[i] + 32 : f[i]);
  for (const char *const *d = det; *d; d++)
    if (!strcmp(b, *d))
      return false;
  return true;
}

typedef struct mtm { int id, type, t0, t1; bool named; } mtm;

static usent *load_meantime(const char *path, size_t *nout) {
  size_t n;
  char *buf = slurp(path, &n);
  used_meantime = true;
  /* tokens */
  char **form = NULL;
  int *sent = NULL, ntok = 0, cap = 0;
  for (char *p = strstr(buf, "<token "); p; p = strstr(p + 1, "<token ")) {
    char *gt = strchr(p, '>');
    if (!gt)
      break;
    char *lt = strstr(gt, "</token>");
    if (!lt)
      break;
    size_t l;
    const char *id = attr(p, gt, "t_id", &l), *sn = attr(p, gt, "sentence", &l);
    if (!id || !sn)
      continue;
    int t = num(id);
    if (t <= 0 || t > 200000)
      continue;
    while (t >= cap) {
      int nc = cap ? 2 * cap : 1024;
      form = xrealloc(form, (size_t)nc * sizeof *form);
      sent = xrealloc(sent, (size_t)nc * sizeof *sent);
      for (int i = cap; i < nc; i++)
        form[i] = NULL, sent[i] = -1;
      cap = nc;
    }
    form[t] = xml_text(gt + 1, (size_t)(lt - gt - 1));
    sent[t] = num(sn);
    ntok = t + 1 > ntok ? t + 1 : ntok;
  }
  /* mentions and instances */
  mtm *m = NULL;
  int nm = 0;
  int ity[4096];
  memset(ity, 0, sizeof ity);
  for (char *p = strstr(buf, "<ENTITY_MENTION "); p;
       p = strstr(p + 1, "<ENTITY_MENTION ")) {
    char *gt = strchr(p, '>');
    char *ce = strstr(p, "</ENTITY_MENTION>");
    if (!gt || !ce)
      break;
    size_t l;
    const char *id = attr(p, gt, "m_id", &l);
    const char *st = attr(p, gt, "syntactic_type", &l);
    mtm x = {id ? num(id) : -1, 0, 1 << 30, -1, false};
    x.named = st && (l == 0 || (l == 3 && !memcmp(st, "NAM", 3)) ||
                     (l == 7 && !memcmp(st, "PRE.NAM", 7)));
    for (char *a = strstr(gt, "t_id=\""); a && a < ce;
         a = strstr(a + 1, "t_id=\"")) {
      int t = num(a + 6);
      x.t0 = t < x.t0 ? t : x.t0;
      x.t1 = t + 1 > x.t1 ? t + 1 : x.t1;
    }
    if (x.t1 > x.t0 && x.t1 <= ntok) {
      m = xrealloc(m, (size_t)(nm + 1) * sizeof *m);
      m[nm++] = x;
    }
  }
  for (char *p = strstr(buf, "<ENTITY "); p; p = strstr(p + 1, "<ENTITY ")) {
    char *gt = strchr(p, '>');
    if (!gt)
      break;
    size_t l, l2;
    const char *ty = attr(p, gt, "ent_type", &l), *id = attr(p, gt, "m_id", &l2);
    if (!ty || !id || num(id) < 0 || num(id) >= 4096)
      continue;
    ity[num(id)] = l == 3 && !memcmp(ty, "PER", 3) ? 1
                 : l == 3 && !memcmp(ty, "ORG", 3) ? 2
                 : l == 3 && !memcmp(ty, "LOC", 3) ? 3 : 0;
  }
  for (char *p = strstr(buf, "<REFERS_TO"); p; p = strstr(p + 1, "<REFERS_TO")) {
    char *ce = strstr(p, "</REFERS_TO>");
    if (!ce)
      break;
    char *tg = strstr(p, "<target m_id=\"");
    if (!tg || tg > ce)
      continue;
    int t = num(tg + 14);
    if (t < 0 || t >= 4096 || !ity[t])
      continue;
    for (char *s = strstr(p, "<source m_id=\""); s && s < ce;
         s = strstr(s + 1, "<source m_id=\"")) {
      int id = num(s + 14);
      for (int k = 0; k < nm; k++)
        if (m[k].id == id)
          m[k].type = ity[t];
    }
  }
  /* sentences */
  usent *v = NULL;
  size_t nv = 0;
  uint8_t *held = xmalloc((size_t)ntok + 1);
  for (int t = 0; t < ntok;) {
    if (!form[t]) {
      t++;
      continue;
    }
    int t1 = t;
    while (t1 < ntok && form[t1] && sent[t1] == sent[t])
      t1++;
    usent s;
    memset(&s, 0, sizeof s);
    s.nw = s.nu = t1 - t;
    s.w = xmalloc((size_t)s.nw * sizeof *s.w);
    s.unit = xmalloc((size_t)s.nw * sizeof(char *));
    s.uspace = xmalloc((size_t)s.nw);
    for (int i = 0; i < s.nw; i++) {
      const char *f = form[t + i], *nx = i + 1 < s.nw ? form[t + i + 1] : "";
      s.w[i].form = form[t + i];
      s.w[i].nnp = mt_capital(f);
      s.w[i].unit = i;
      s.unit[i] = form[t + i];
      bool glue = (nx[0] && strchr(",.;:!?)'%", nx[0]) && strcmp(nx, "'")) ||
                  !strcmp(nx, "n't") || !strcmp(f, "(") || !strcmp(f, "$");
      s.uspace[i] = !glue;
      held[t + i] = 0;
    }
    /* named typed mentions inside, shortest first, heads as runs */
    for (;;) {
      int best = -1;
      for (int k = 0; k < nm; k++)
        if (m[k].named && m[k].type && m[k].t0 >= t && m[k].t1 <= t1 &&
            (best < 0 || m[k].t1 - m[k].t0 < m[best].t1 - m[best].t0))
          best = k;
      if (best < 0)
        break;
      mtm *x = &m[best];
      x->named = false; /* done */
      int h1 = -1, h0 = -1;
      for (int i = x->t1 - 1; i >= x->t0; i--) {
        bool c = !held[i] && s.w[i - t].nnp;
        if (c && h1 < 0)
          h1 = i + 1;
        if (!c && h1 >= 0) {
          h0 = i + 1;
          break;
        }
      }
      if (h1 >= 0 && h0 < 0)
        h0 = x->t0;
      if (h1 < 0)
        continue;
      for (int i = h0; i < h1; i++)
        held[i] = 1;
      s.m = xrealloc(s.m, (size_t)(s.nm + 1) * sizeof *s.m);
      mention *o = &s.m[s.nm++];
      memset(o, 0, sizeof *o);
      o->w0 = x->t0 - t;
      o->w1 = x->t1 - t;
      o->h0 = h0 - t;
      o->h1 = h1 - t;
      o->type = x->type;
      o->named = true;
    }
    v = xrealloc(v, (nv + 1) * sizeof *v);
    v[nv++] = s;
    t = t1;
  }
  free(held);
  free(sent);
  free(m);
  free(form); /* the strings stay: the sentences hold them */
  *nout = nv;
  return v;
}

static usent *load_any(const char *path, size_t *nout) {
  size_t l = strlen(path);
  if (l > 4 && !strcmp(path + l - 4, ".xml"))
    return load_meantime(path, nout);
  return load_conllu(path, nout);
}

/* Run sentence 's' (as written or spaced) through the engine and add it. */
static void add_sent(corpus *c, dl_doc *d, const usent *s, const int *wtype,
                     bool spaced) {
  char *text = xmalloc(8192);
  size_t n = 0;
  int *ws = xmalloc((size_t)s->nw * sizeof(int)), *we = xmalloc((size_t)s->nw * sizeof(int));
  if (spaced) {
    for (int w = 0; w < s->nw; w++) {
      size_t fl = strlen(s->w[w].form);
      if (n + fl + 2 >= 8192)
        break;
      ws[w] = (int)n;
      memcpy(text + n, s->w[w].form, fl);
      n += fl;
      we[w] = (int)n;
      text[n++] = ' ';
    }
  } else {
    int *us = xmalloc((size_t)s->nu * sizeof(int)), *ue = xmalloc((size_t)s->nu * sizeof(int));
    for (int u = 0; u < s->nu; u++) {
      size_t fl = strlen(s->unit[u]);
      if (n + fl + 2 >= 8192)
        break;
      us[u] = (int)n;
      memcpy(text + n, s->unit[u], fl);
      n += fl;
      ue[u] = (int)n;
      if (s->uspace[u])
        text[n++] = ' ';
    }
    for (int w = 0; w < s->nw; w++)
      ws[w] = us[s->w[w].unit], we[w] = ue[s->w[w].unit];
    free(us);
    free(ue);
  }
  dl_article art;
  memset(&art, 0, sizeof art);
  art.text = text;
  art.text_len = n;
  if (dl_doc_code(d, &art) != DL_OK) {
    free(text);
    free(ws);
    free(we);
    return;
  }
  uint32_t nt = d->toks.n;
  uint8_t *rule = xmalloc(nt + 1);
  dlentity_rules(d, rule);
  if (c->bench) { /* time the tagger alone, as the entity stage runs it */
    uint8_t *lab = xmalloc(nt + 1);
    dlnertok *tk = xmalloc((nt + 1) * sizeof *tk);
    struct timespec a, b;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &a);
    for (int rep = 0; rep < 20; rep++)
      for (uint32_t si = 0; si < d->sents.n; si++)
        dlner_tag(d, d->sents.v[si].t0, d->sents.v[si].t1, rule, tk,
                  lab + d->sents.v[si].t0);
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &b);
    c->ner_s += (double)(b.tv_sec - a.tv_sec) + 1e-9 * (double)(b.tv_nsec - a.tv_nsec);
    c->bench_bytes += 20 * n;
    free(lab);
    free(tk);
  }
  /* gold per token: the label of the word whose span holds it */
  uint8_t *g = xmalloc(nt + 1);
  for (int w = 0; w < s->nw; w++) {
    if (!wtype[w])
      continue;
    int ty = wtype[w] & 3;
    bool begin = (wtype[w] & 4) != 0;
    bool firsttok = true;
    for (uint32_t t = 0; t < nt; t++)
      if ((int)d->toks.v[t].s >= ws[w] && (int)d->toks.v[t].e <= we[w]) {
        g[t] = (uint8_t)(2 * ty - ((begin && firsttok) ? 1 : 0));
        firsttok = false;
      }
  }
  /* rules alone, for comparison: exact spans and types */
  for (uint32_t si = 0; si < d->sents.n; si++) {
    uint32_t t0 = d->sents.v[si].t0, t1 = d->sents.v[si].t1;
    if (t1 <= t0)
      continue;
    tsent ts;
    ts.n = t1 - t0;
    ts.tk = xmalloc(ts.n * sizeof *ts.tk);
    ts.gold = xmalloc(ts.n);
    memcpy(ts.gold, g + t0, ts.n);
    for (uint32_t i = 1; i < ts.n; i++) /* a sentence cut inside a name */
      if (ts.gold[i] && !(ts.gold[i] & 1) && !ts.gold[i - 1])
        ts.gold[i]--;
    if (ts.gold[0] && !(ts.gold[0] & 1))
      ts.gold[0]--;
    dlner_prepare(d, t0, t1, rule, ts.tk);
    for (uint32_t i = 0; i < ts.n; i++)
      if (ts.gold[i] && !ts.tk[i].gate)
        c->gated_out++;
    if (c->ns == c->cap) {
      c->cap = c->cap ? 2 * c->cap : 1024;
      c->s = xrealloc(c->s, c->cap * sizeof *c->s);
    }
    c->s[c->ns++] = ts;
    c->toks += ts.n;
  }
  c->bytes += n;
  free(rule);
  free(g);
  free(text);
  free(ws);
  free(we);
}

static void build(corpus *c, dl_doc *d, const dl_engine *e, char **files,
                  int nf, bool both, bool bench) {
  memset(c, 0, sizeof *c);
  c->bench = bench;
  size_t names = 0;
  for (int f = 0; f < nf; f++) {
    size_t ns;
    usent *v = load_any(files[f], &ns);
    for (size_t k = 0; k < ns; k++) {
      usent *s = &v[k];
      int *typ = xmalloc((size_t)s->nw * sizeof(int) + sizeof(int));
      uint8_t *cl = xmalloc((size_t)s->nw + 1);
      gold(e, s, cl);
      for (int m = 0; m < s->nm; m++) {
        if (s->m[m].a >= s->m[m].b)
          continue;
        for (int w = s->m[m].a; w < s->m[m].b; w++)
          typ[w] = s->m[m].type | (w == s->m[m].a ? 4 : 0);
        names++;
      }
      free(cl);
      if (iob && !both) { /* dev: words and labels as UNER writes them */
        static const char *const tn[] = {"", "PER", "ORG", "LOC"};
        fprintf(iob, "# sent_id = gum-dev-%zu\n", iob_n++);
        for (int w = 0; w < s->nw; w++)
          fprintf(iob, "%d\t%s\t%s%s\t-\t-\n", w + 1, s->w[w].form,
                  !typ[w] ? "O" : (typ[w] & 4) ? "B-" : "I-", tn[typ[w] & 3]);
        fprintf(iob, "\n");
      }
      add_sent(c, d, s, typ, false);
      if (both)
        add_sent(c, d, s, typ, true);
      free(typ);
    }
  }
  fprintf(stderr, "%zu sentences, %zu tokens, %zu names; %zu name tokens "
          "never scored (lower case, no lexicon)\n", c->ns, c->toks, names,
          c->gated_out);
}

/* ------------------------------------------------------------ word list */

/* Words mostly written in lower case inside sentences of the training
** text (not first words): at run time a capitalised one is likely an
** ordinary word ("Passport", "Coach"). */
typedef struct wc { char *w; uint32_t lower, cap; } wc;
static wc *wtab;
static uint32_t wmask = (1u << 17) - 1, nwords;

static wc *wget(const char *w) {
  uint32_t h = 2166136261u;
  for (const char *p = w; *p; p++)
    h = (h ^ (unsigned char)*p) * 16777619u;
  for (uint32_t i = h & wmask;; i = (i + 1) & wmask) {
    if (!wtab[i].w) {
      if (nwords * 2 > wmask)
        die("word table full");
      nwords++;
      wtab[i].w = strdup(w);
      return &wtab[i];
    }
    if (!strcmp(wtab[i].w, w))
      return &wtab[i];
  }
}

static void count_words(char **files, int nf) {
  wtab = xmalloc(((size_t)wmask + 1) * sizeof *wtab);
  for (int f = 0; f < nf; f++) {
    size_t ns;
    usent *v = load_any(files[f], &ns);
    for (size_t k = 0; k < ns; k++)
      for (int i = 1; i < v[k].nw; i++) {
        const char *w = v[k].w[i].form;
        char buf[64];
        size_t n = strlen(w);
        if (n >= sizeof buf || n < 2)
          continue;
        bool upper0 = w[0] >= 'A' && w[0] <= 'Z', lower = w[0] >= 'a' &&
                                                           w[0] <= 'z';
        bool letters = true;
        for (size_t j = 0; j < n; j++) {
          char c = w[j];
          if (j && c >= 'A' && c <= 'Z')
            upper0 = lower = false; /* "NATO", "iPhone" */
          if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '-' ||
                c == '\''))
            letters = false;
          buf[j] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
        }
        buf[n] = 0;
        if (!letters || (!upper0 && !lower))
          continue;
        wc *e = wget(buf);
        if (lower)
          e->lower++;
        else
          e->cap++;
      }
  }
}

static size_t write_words(FILE *f) {
  size_t n = 0;
  for (uint32_t i = 0; i <= wmask; i++)
    if (wtab[i].w && wtab[i].lower >= 2 && wtab[i].lower >= 4 * wtab[i].cap) {
      fprintf(f, "w\t%s\n", wtab[i].w);
      n++;
    }
  return n;
}

/* ---------------------------------------------------------------- model */

typedef struct row {
  uint64_t key;
  float w[DLNER_N];
  double tot[DLNER_N];
  uint32_t ts[DLNER_N];
} row;

static row *tab;
static uint32_t tmask, nrows;

static row *get_row(uint64_t k, bool create) {
  for (uint32_t i = (uint32_t)k & tmask;; i = (i + 1) & tmask) {
    if (tab[i].key == k)
      return &tab[i];
    if (!tab[i].key) {
      if (!create)
        return NULL;
      if ((nrows + 1) * 2 > tmask) {
        uint32_t om = tmask;
        row *old = tab;
        tmask = tmask * 2 + 1;
        tab = xmalloc(((size_t)tmask + 1) * sizeof *tab);
        for (uint32_t j = 0; j <= om; j++)
          if (old[j].key) {
            uint32_t q = (uint32_t)old[j].key & tmask;
            while (tab[q].key)
              q = (q + 1) & tmask;
            tab[q] = old[j];
          }
        free(old);
        return get_row(k, true);
      }
      tab[i].key = k;
      nrows++;
      return &tab[i];
    }
  }
}

static uint32_t now_t;

static void upd(row *r, unsigned lab, float v) {
  r->tot[lab] += (double)(now_t - r->ts[lab]) * r->w[lab];
  r->ts[lab] = now_t;
  r->w[lab] += v;
}

static uint64_t rng = 88172645463325252ull;
static uint64_t xrand(void) {
  rng ^= rng << 13;
  rng ^= rng >> 7;
  rng ^= rng << 17;
  return rng;
}

static bool train_all; /* -a: score every token in training */
static bool spaced;    /* -s: each sentence also with spaced words */

static void train(corpus *c, int iters) {
  size_t *ord = xmalloc(c->ns * sizeof *ord);
  for (size_t i = 0; i < c->ns; i++)
    ord[i] = i;
  uint64_t keys[DLNER_MAXFEAT];
  for (int it = 0; it < iters; it++) {
    for (size_t i = c->ns; i > 1; i--) {
      size_t j = xrand() % i, t = ord[i - 1];
      ord[i - 1] = ord[j];
      ord[j] = t;
    }
    size_t err = 0, seen = 0;
    for (size_t q = 0; q < c->ns; q++) {
      tsent *s = &c->s[ord[q]];
      unsigned p1 = 0, p2 = 0;
      for (uint32_t i = 0; i < s->n; i++) {
        now_t++;
        unsigned g = s->gold[i];
        if (!dlner_allowed(p1, g))
          g = g - 1; /* I after a wrong guess: learn B */
        unsigned best = 0;
        if (s->tk[i].gate || p1 || train_all) {
          int nf = dlner_features(s->tk, s->n, i, p1, p2, keys);
          float sc[DLNER_N] = {0};
          row *rs[DLNER_MAXFEAT];
          for (int k = 0; k < nf; k++) {
            rs[k] = get_row(keys[k], true);
            for (unsigned j = 0; j < DLNER_N; j++)
              sc[j] += rs[k]->w[j];
          }
          float bs = -1e30f;
          for (unsigned j = 0; j < DLNER_N; j++)
            if (sc[j] > bs && dlner_allowed(p1, j))
              bs = sc[j], best = j;
          if (best != g) {
            for (int k = 0; k < nf; k++) {
              rs[k] = get_row(keys[k], true); /* the table may have moved */
              upd(rs[k], g, 1.0f);
              upd(rs[k], best, -1.0f);
            }
          }
          seen++;
          err += best != g;
        }
        p2 = p1;
        p1 = best;
      }
    }
    fprintf(stderr, "iteration %d: %.2f%% errors on %zu scored tokens, "
            "%u features\n", it + 1, 100.0 * (double)err / (double)seen, seen,
            nrows);
  }
  for (uint32_t i = 0; i <= tmask; i++)
    if (tab[i].key)
      for (unsigned j = 0; j < DLNER_N; j++) {
        upd(&tab[i], j, 0);
        tab[i].w[j] = (float)(tab[i].tot[j] / (double)now_t);
      }
  free(ord);
}

static size_t write_model(const char *path, const char *cmd, int prune,
                          const char *devnote) {
  FILE *f = fopen(path, "w");
  if (!f)
    die("cannot write the model");
  size_t kept = 0;
  for (uint32_t i = 0; i <= tmask; i++)
    if (tab[i].key) {
      int mx = 0;
      for (unsigned j = 0; j < DLNER_N; j++) {
        int v = (int)(tab[i].w[j] * 100.0f + (tab[i].w[j] >= 0 ? 0.5f : -0.5f));
        mx = abs(v) > mx ? abs(v) : mx;
      }
      kept += mx >= prune;
    }
  fprintf(f,
          "# ner.tsv: averaged-perceptron weights of the name tagger\n"
          "# (src/extract/ner.c): BIO labels O B-PER I-PER B-ORG I-ORG B-LOC "
          "I-LOC,\n# weights x100 per hashed feature key (hex).\n"
          "# Written by tools/train-ner.c; do not edit. Retrain: make "
          "train-ner\n# Command: %s\n"
          "# Data: UD English-GUM (Zeldes 2017), commit afb41ee9, train "
          "splits of\n#   the Wikinews news/interview documents and of the "
          "academic, bio,\n#   voyage, textbook, speech, vlog and conversation "
          "genres; labels from\n#   GUM's entity layer (named person, place, "
          "organization mentions).\n"
          "# Licence: GUM's openly licensed genres: CC BY (Wikinews CC BY 2.5,\n"
          "#   Wikivoyage CC BY-SA); these weights are a derived work under "
          "the\n#   same terms. Cite GUM (Zeldes 2017, LRE).\n%s"
          "# No evaluation data (UNER) was used in training.\n"
          "# Features kept: %zu (|weight| >= %d); %s\n",
          cmd, used_meantime ?
          "# Data: MEANTIME English (NewsReader; Minard et al. 2016, LREC),\n"
          "#   official release meantime_newsreader_english_oct15, corpora\n"
          "#   airbus, apple, gm (Wikinews); labels from its named PER, ORG\n"
          "#   and LOC entity mentions. Licence CC BY 4.0 (c) 2015 FBK, VU\n"
          "#   University Amsterdam, UPV/EHU; texts Wikinews CC BY 2.5.\n" : "",
          kept, prune, devnote);
  write_words(f);
  for (uint32_t i = 0; i <= tmask; i++) {
    if (!tab[i].key)
      continue;
    int v[DLNER_N], mx = 0;
    for (unsigned j = 0; j < DLNER_N; j++) {
      float w = tab[i].w[j] * 100.0f;
      v[j] = (int)(w + (w >= 0 ? 0.5f : -0.5f));
      v[j] = v[j] > 32767 ? 32767 : v[j] < -32768 ? -32768 : v[j];
      mx = abs(v[j]) > mx ? abs(v[j]) : mx;
    }
    if (mx < prune)
      continue;
    fprintf(f, "%016llx\t%d %d %d %d %d %d %d\n",
            (unsigned long long)tab[i].key, v[0], v[1], v[2], v[3], v[4], v[5],
            v[6]);
  }
  fclose(f);
  return kept;
}

/* ------------------------------------------------------------- evaluation */

typedef struct prf { size_t tp[4], np[4], ng[4]; } prf;

static void spans(const uint8_t *l, uint32_t n, void (*f)(void *, uint32_t,
                  uint32_t, unsigned), void *ud) {
  for (uint32_t i = 0; i < n;) {
    if (!l[i]) {
      i++;
      continue;
    }
    unsigned ty = (l[i] + 1u) / 2;
    uint32_t j = i + 1;
    while (j < n && l[j] == 2 * ty)
      j++;
    f(ud, i, j, ty);
    i = j;
  }
}

typedef struct sp { uint32_t a, b; unsigned t; } sp;
typedef struct spl { sp v[256]; int n; } spl;
static void collect(void *ud, uint32_t a, uint32_t b, unsigned t) {
  spl *s = ud;
  if (s->n < 256)
    s->v[s->n++] = (sp){a, b, t};
}

static void score(prf *r, const uint8_t *gold, const uint8_t *pred, uint32_t n) {
  spl g, p;
  g.n = p.n = 0;
  spans(gold, n, collect, &g);
  spans(pred, n, collect, &p);
  for (int i = 0; i < g.n; i++)
    r->ng[g.v[i].t]++, r->ng[0]++;
  for (int i = 0; i < p.n; i++) {
    r->np[p.v[i].t]++, r->np[0]++;
    for (int j = 0; j < g.n; j++)
      if (g.v[j].a == p.v[i].a && g.v[j].b == p.v[i].b && g.v[j].t == p.v[i].t)
        r->tp[p.v[i].t]++, r->tp[0]++;
  }
}

static double f1(const prf *r, int k) {
  double p = r->np[k] ? (double)r->tp[k] / (double)r->np[k] : 0;
  double q = r->ng[k] ? (double)r->tp[k] / (double)r->ng[k] : 0;
  return p + q > 0 ? 2 * p * q / (p + q) : 0;
}

static void report(const char *what, const prf *r) {
  fprintf(stderr, "%s: F1 %.3f (PER %.3f, ORG %.3f, LOC %.3f), gold %zu, "
          "predicted %zu\n", what, f1(r, 0), f1(r, 1), f1(r, 2), f1(r, 3),
          r->ng[0], r->np[0]);
}

/* Rule proposal as labels: persons (not weak), orgs, places. */
static void rule_labels(const dlnertok *tk, uint32_t n, uint8_t *out) {
  for (uint32_t i = 0; i < n; i++) {
    unsigned r = tk[i].rule, ty = (r & 7) ? (r & 7) - 1 : 99;
    unsigned t = ty == DLE_PERSON ? 1 : ty == DLE_ORG ? 2
               : ty == DLE_GPE || ty == DLE_LOC ? 3 : 0;
    if (r & DLNR_WEAK)
      t = 0;
    out[i] = t ? (uint8_t)(2 * t - !(r & DLNR_INSIDE)) : 0;
  }
  for (uint32_t i = 0; i < n; i++) /* an I without its B */
    if (out[i] && !(out[i] & 1) && (i == 0 || (out[i - 1] + 1) / 2 != out[i] / 2))
      out[i]--;
}

/* Score the dev corpus with the model as the engine holds it. */
static void evaluate(corpus *c, const dl_engine *e, prf *model, prf *rules) {
  memset(model, 0, sizeof *model);
  memset(rules, 0, sizeof *rules);
  uint8_t out[4096], rl[4096];
  for (size_t k = 0; k < c->ns; k++) {
    tsent *s = &c->s[k];
    if (s->n > 4096)
      continue;
    /* decode exactly as dlner_tag, over the prepared tokens */
    dlner_decode(e, s->tk, s->n, out);
    score(model, s->gold, out, s->n);
    rule_labels(s->tk, s->n, rl);
    score(rules, s->gold, rl, s->n);
  }
}

int main(int argc, char **argv) {
  int iters = 10, prune = 20;
  const char *out = NULL, *ddir = "build/data";
  char *trainf[256], *devf[16];
  int nt = 0, nd = 0, mode = 0;
  char cmd[2048];
  size_t cl = 0;
  cl += (size_t)snprintf(cmd + cl, sizeof cmd - cl, "train-ner");
  for (int i = 1; i < argc && cl < sizeof cmd - 200; i++) {
    const char *b = strrchr(argv[i], '/');
    size_t al = strlen(argv[i]);
    if (al > 4 && !strcmp(argv[i] + al - 4, ".xml")) { /* MEANTIME: once */
      if (!strstr(cmd, " meantime_en/*/*.xml"))
        cl += (size_t)snprintf(cmd + cl, sizeof cmd - cl, " meantime_en/*/*.xml");
      continue;
    }
    cl += (size_t)snprintf(cmd + cl, sizeof cmd - cl, " %s", b ? b + 1 : argv[i]);
  }
  for (int i = 1; i < argc; i++) {
    if (!strcmp(argv[i], "-i") && i + 1 < argc)
      iters = num(argv[++i]), mode = 0;
    else if (!strcmp(argv[i], "-p") && i + 1 < argc)
      prune = num(argv[++i]), mode = 0;
    else if (!strcmp(argv[i], "-o") && i + 1 < argc)
      out = argv[++i], mode = 0;
    else if (!strcmp(argv[i], "-D") && i + 1 < argc)
      ddir = argv[++i], mode = 0;
    else if (!strcmp(argv[i], "-g") && i + 1 < argc) {
      iob = fopen(argv[++i], "w");
      if (!iob)
        die("cannot write the IOB2 file");
      mode = 0;
    } else if (!strcmp(argv[i], "-s"))
      spaced = true;
    else if (!strcmp(argv[i], "-a"))
      train_all = true;
    else if (!strcmp(argv[i], "-t"))
      mode = 1;
    else if (!strcmp(argv[i], "-d"))
      mode = 2;
    else if (mode == 1 && nt < 256)
      trainf[nt++] = argv[i];
    else if (mode == 2 && nd < 16)
      devf[nd++] = argv[i];
    else
      die("usage: train-ner [-i ITER] [-p PRUNE] [-D DATADIR] -o OUT -t "
          "TRAIN.conllu... -d DEV.conllu...");
  }
  if (!out || !nt)
    die("need -o OUT and -t TRAIN");
  dl_engine_opts o;
  memset(&o, 0, sizeof o);
  o.data_dir = ddir;
  dl_engine *e;
  if (dl_engine_new(&o, &e) != DL_OK)
    die(dl_engine_errmsg(e));
  dlner_unload(e); /* train without an old model: rules and tags only */
  /* the word list first: the features read it */
  count_words(trainf, nt);
  {
    FILE *wf = fopen(out, "w");
    if (!wf)
      die("cannot write the model");
    fprintf(stderr, "%zu words in the word list\n", write_words(wf));
    fclose(wf);
    if (dlner_load_tsv(e, out) != DL_OK || !e->ner)
      die(dl_engine_errmsg(e));
  }
  dl_doc *d;
  if (dl_doc_new(e, &d) != DL_OK)
    die("dl_doc_new");
  corpus tr, dv;
  build(&tr, d, e, trainf, nt, spaced, false);
  if (nd)
    build(&dv, d, e, devf, nd, false, false);
  tmask = (1u << 20) - 1;
  tab = xmalloc(((size_t)tmask + 1) * sizeof *tab);
  train(&tr, iters);
  char note[256] = "no dev files";
  write_model(out, cmd, prune, note);
  /* reload through the compiler the engine's blob comes from, then score
  ** and time */
  if (nd) {
    dlner_unload(e); /* the word list */
    if (dlner_load_tsv(e, out) != DL_OK || !e->ner)
      die(dl_engine_errmsg(e));
    prf pm, pr;
    if (iob)
      fclose(iob);
    evaluate(&dv, e, &pm, &pr);
    report("dev, rules alone", &pr);
    report("dev, name tagger", &pm);
    snprintf(note, sizeof note,
             "GUM dev F1 %.3f (PER %.3f, ORG %.3f, LOC %.3f), rules alone "
             "%.3f", f1(&pm, 0), f1(&pm, 1), f1(&pm, 2), f1(&pm, 3),
             f1(&pr, 0));
    corpus bc; /* speed: the dev text again, the model loaded */
    FILE *keep = iob;
    iob = NULL;
    build(&bc, d, e, devf, nd, false, true);
    iob = keep;
    fprintf(stderr, "speed: %.1f MB/s per core (tagger and its features, "
            "%zu bytes x 20)\n", (double)bc.bench_bytes / 1e6 / bc.ner_s,
            bc.bench_bytes / 20);
    dlner_unload(e);
    size_t kept = write_model(out, cmd, prune, note);
    fprintf(stderr, "wrote %s: %zu features\n", out, kept);
  }
  dl_doc_free(d);
  dl_engine_free(e);
  return 0;
}
