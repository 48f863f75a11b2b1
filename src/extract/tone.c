/*
** tone.c: lexicon-based tone, the last extraction stage before the record
** (DESIGN.md). Like GDELT's tone: the percent of word tokens that carry a
** positive or a negative valence in the lexicon (VADER's, converted at
** set-up by tools/conv-tone.c), and their difference. A negator among the
** three words before flips the polarity ("not good" counts as negative).
*/
#include "tone.h"
#include "core/wordtab.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

/* Read DIR/tone.tsv into e->tone. */
dl_status dltone_load(dl_engine *e, const char *dir) {
  char path[4096];
  snprintf(path, sizeof path, "%s/tone.tsv", dir);
  FILE *f = fopen(path, "rb");
  if (!f) {
    dleng_errf(e, "%s: %s (build the data with 'make')", path, strerror(errno));
    return DL_E_DATA;
  }
  dl_status st = DL_OK;
  char *buf = NULL;
  long sz = -1;
  if (fseek(f, 0, SEEK_END) == 0)
    sz = ftell(f);
  if (sz < 0 || fseek(f, 0, SEEK_SET) != 0) {
    dleng_errf(e, "%s: cannot size the file", path);
    fclose(f);
    return DL_E_DATA;
  }
  buf = dleng_malloc(e, (size_t)sz + 1);
  if (!buf) {
    fclose(f);
    return DL_E_NOMEM;
  }
  if (fread(buf, 1, (size_t)sz, f) != (size_t)sz) {
    dleng_errf(e, "%s: read error", path);
    st = DL_E_DATA;
    goto out;
  }
  buf[sz] = '\n';
  uint32_t lines = 0;
  for (long i = 0; i < sz; i++)
    lines += buf[i] == '\n';
  st = dlwordtab_init(e, &e->tone, lines + 1, (size_t)sz + 1);
  if (st)
    goto out;
  uint32_t lineno = 0;
  for (char *p = buf, *end = buf + sz; p < end;) {
    char *nl = memchr(p, '\n', (size_t)(end - p) + 1);
    lineno++;
    if (*p != '#' && nl > p) {
      char *tab = memchr(p, '\t', (size_t)(nl - p));
      char *ep = NULL;
      double v = tab ? strtod(tab + 1, &ep) : 0;
      if (!tab || tab == p || ep == tab + 1 || v < -10 || v > 10) {
        dleng_errf(e, "%s:%u: expected 'word<TAB>valence'", path, lineno);
        st = DL_E_DATA;
        goto out;
      }
      st = dlwordtab_put(&e->tone, p, (size_t)(tab - p),
                         (int32_t)(v * 100 + (v < 0 ? -0.5 : 0.5)));
      if (st)
        goto out;
    }
    p = nl + 1;
  }
out:
  if (st && st != DL_E_DATA && st != DL_E_NOMEM)
    st = DL_E_DATA;
  dleng_free(e, buf, (size_t)sz + 1);
  fclose(f);
  return st;
}

void dltone_unload(dl_engine *e) { dlwordtab_fini(e, &e->tone); }

static bool is_negator(const dl_doc *d, uint32_t i) {
  static const char *const neg[] = {"not", "no", "never", "n't", "without",
                                    "nor", "neither", "hardly", "cannot"};
  for (size_t k = 0; k < DL_COUNTOF(neg); k++)
    if (dltok_is(d, i, neg[k]))
      return true;
  return false;
}

/* Count positive and negative words; "not good" flips. */
void dltone_score(dl_doc *doc) {
  uint32_t words = 0, pos = 0, neg = 0;
  const dltok *t = doc->toks.v;
  for (uint32_t i = 0; i < doc->toks.n; i++) {
    if (!(t[i].flags & DLT_WORD))
      continue;
    words++;
    size_t n;
    const char *w = dltok_fold(doc, i, &n);
    int32_t v;
    if (!dlwordtab_get(&doc->eng->tone, w, n, &v) || v == 0)
      continue;
    for (uint32_t k = i > 3 ? i - 3 : 0; k < i; k++)
      if (t[k].sent == t[i].sent && is_negator(doc, k)) {
        v = -v;
        break;
      }
    if (v > 0)
      pos++;
    else
      neg++;
  }
  doc->tone.words = words;
  if (words) {
    doc->tone.positive = 100.0 * pos / words;
    doc->tone.negative = 100.0 * neg / words;
    doc->tone.score = doc->tone.positive - doc->tone.negative;
  }
}
