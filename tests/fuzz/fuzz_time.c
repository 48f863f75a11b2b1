/*
** fuzz_time.c: libFuzzer target for time and number expressions. Each input
** byte picks a word from a vocabulary of dates, numbers and time words (and
** a separator), so short inputs make texts dense in "3 March 2021", "two
** weeks ago", "1,200"; the first byte picks the publication date. The
** whole pipeline runs; each time expression must lie inside the text and
** have a NUL-terminated printable value.
*/
#include "fuzz.h"

static const char *const words[] = {
    "January", "March", "Feb.", "Sept", "December", "May",
    "Monday", "Sunday", "tuesday", "today", "yesterday", "tomorrow",
    "last", "next", "this", "ago", "week", "weeks",
    "month", "year", "years", "days", "hours", "decade",
    "on", "in", "since", "until", "between", "and",
    "from", "to", "the", "of", "early", "late",
    "0", "1", "3", "12", "29", "31",
    "2021", "1999", "2024", "9999", "1,200", "3.5",
    "-", "/", ":", "'", "\"", "(",
    "million", "dozens", "two", "twenty-one", "first", "11th",
    "p.m.", "GMT", "noon", "00000000000000000000001"};
static const char *const seps[] = {" ", ", ", ".\n", "\n\n"};
static const char *const dates[] = {"2023-03-12", "2024-02-29", "1999-12-31",
                                    NULL};

int LLVMFuzzerInitialize(int *argc, char ***argv) {
  (void)argc; (void)argv;
  fz_engine();
  return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size < 1 || size > 2048)
    return 0;
  char *text = malloc(size * 32);
  FZ_CHECK(text);
  size_t n = 0;
  for (size_t i = 1; i < size; i++) {
    const char *w = words[data[i] % DL_COUNTOF(words)];
    const char *s = seps[(data[i] / DL_COUNTOF(words)) % DL_COUNTOF(seps)];
    size_t wl = strlen(w), sl = strlen(s);
    memcpy(text + n, w, wl);
    n += wl;
    memcpy(text + n, s, sl);
    n += sl;
  }
  dl_article a;
  memset(&a, 0, sizeof a);
  a.id = "t";
  a.id_len = 1;
  a.date = dates[data[0] % DL_COUNTOF(dates)];
  a.date_len = a.date ? 10 : 0;
  a.text = text;
  a.text_len = n;
  dl_status st = dl_doc_code(fz_doc, &a);
  FZ_CHECK(st == DL_OK || st == DL_E_NOMEM || st == DL_E_TOOBIG);
  if (st == DL_OK)
    for (uint32_t i = 0; i < fz_doc->times.n; i++) {
      const dltime *t = &fz_doc->times.v[i];
      FZ_CHECK(t->s <= t->e && t->e <= fz_doc->len);
      FZ_CHECK(t->t0 <= t->t1 && t->t1 <= fz_doc->toks.n);
      FZ_CHECK(memchr(t->value, '\0', sizeof t->value) != NULL);
      for (const char *p = t->value; *p; p++)
        FZ_CHECK(*p > ' ' && *p < 127);
    }
  fz_check_record(fz_doc);
  free(text);
  return 0;
}
