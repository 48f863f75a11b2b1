/*
** testutil.h: what the unit tests share: cmocka, the internal header, and a
** document coded from a text and a publication date through the public API.
*/
#ifndef DL_TESTUTIL_H
#define DL_TESTUTIL_H
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "dl_int.h"

#ifndef DL_TEST_DATA
#define DL_TEST_DATA "build/data"
#endif

static dl_engine *tu_eng;
static dl_doc *tu_doc;

static int tu_setup(void **state) {
  (void)state;
  dl_engine_opts o = {0};
  o.data_dir = DL_TEST_DATA;
  if (dl_engine_new(&o, &tu_eng) != DL_OK)
    return -1;
  return dl_doc_new(tu_eng, &tu_doc) == DL_OK ? 0 : -1;
}

static int tu_teardown(void **state) {
  (void)state;
  dl_doc_free(tu_doc);
  dl_engine_free(tu_eng);
  tu_doc = NULL;
  tu_eng = NULL;
  return 0;
}

/* Code 'text' with publication date 'date' (may be NULL). */
static inline dl_doc *tu_code(const char *text, const char *date) {
  dl_article a;
  memset(&a, 0, sizeof a);
  a.text = text;
  a.text_len = strlen(text);
  a.date = date;
  a.date_len = date ? strlen(date) : 0;
  a.id = "t";
  a.id_len = 1;
  assert_int_equal(dl_doc_code(tu_doc, &a), DL_OK);
  return tu_doc;
}

/* The text of token i, as a NUL-terminated copy in a static buffer. */
static inline const char *tu_tok(const dl_doc *d, uint32_t i) {
  static char buf[256];
  size_t n = d->toks.v[i].e - d->toks.v[i].s;
  if (n >= sizeof buf)
    n = sizeof buf - 1;
  memcpy(buf, d->text + d->toks.v[i].s, n);
  buf[n] = '\0';
  return buf;
}

static inline const char *tu_fold(const dl_doc *d, uint32_t i) {
  static char buf[256];
  size_t n;
  const char *f = dltok_fold(d, i, &n);
  if (n >= sizeof buf)
    n = sizeof buf - 1;
  memcpy(buf, f, n);
  buf[n] = '\0';
  return buf;
}
#endif
