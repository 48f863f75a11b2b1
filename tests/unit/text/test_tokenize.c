/* test_tokenize.c: tokens, spans, shapes and folded forms (tokenize.c). */
#include "testutil.h"

/* Tokens of 'text' joined by '|' (their bytes), and their folds. */
static void expect(const char *text, const char *toks, const char *folds) {
  dl_doc *d = tu_code(text, NULL);
  char got[1024] = "", gotf[1024] = "";
  for (uint32_t i = 0; i < d->toks.n; i++) {
    if (i) {
      strncat(got, "|", sizeof got - strlen(got) - 1);
      strncat(gotf, "|", sizeof gotf - strlen(gotf) - 1);
    }
    strncat(got, tu_tok(d, i), sizeof got - strlen(got) - 1);
    strncat(gotf, tu_fold(d, i), sizeof gotf - strlen(gotf) - 1);
  }
  assert_string_equal(got, toks);
  if (folds)
    assert_string_equal(gotf, folds);
}

static void words_and_punct(void **s) {
  (void)s;
  expect("Hello, world!", "Hello|,|world|!", "hello|,|world|!");
}

/* the seed's names: "Al-Kadhimi’s" = name + possessive */
static void hyphen_and_possessive(void **s) {
  (void)s;
  expect("Al-Kadhimi\xE2\x80\x99s guards", "Al-Kadhimi|\xE2\x80\x99s|guards",
         "al-kadhimi|'s|guards");
  expect("don't", "do|n't", "do|n't");
  expect("O'Brien", "O'Brien", "o'brien");
}

static void numbers(void **s) {
  (void)s;
  expect("155,221 bags at 5.93 on 2021-11-07 at 6:30",
         "155,221|bags|at|5.93|on|2021-11-07|at|6:30", NULL);
  expect("1,2 and 11/07/2021", "1|,|2|and|11/07/2021", NULL);
  expect("two-thirds of the 1990s", "two-thirds|of|the|1990s", NULL);
}

static void abbreviations(void **s) {
  (void)s;
  expect("the U.S. and a.m. Nov. 7", "the|U.S.|and|a.m.|Nov|.|7",
         "the|u.s.|and|a.m.|nov|.|7");
}

/* curly quotes, dashes and apostrophes fold to one form each */
static void quotes_dashes(void **s) {
  (void)s;
  expect("\xE2\x80\x9CYes\xE2\x80\x9D \xE2\x80\x94 no",
         "\xE2\x80\x9C|Yes|\xE2\x80\x9D|\xE2\x80\x94|no",
         "\"|yes|\"|-|no");
  dl_doc *d = tu_code("He said \"go\" now", NULL);
  assert_true(d->toks.v[2].flags & DLT_OPENQ);
  assert_false(d->toks.v[4].flags & DLT_OPENQ);
  assert_true(d->toks.v[4].flags & DLT_QUOTE);
}

/* NFKC + case fold on non-ASCII: "ﬁ" ligature, "Ş", full-width digits */
static void unicode_fold(void **s) {
  (void)s;
  expect("\xEF\xAC\x81le \xC5\x9E\xC3\xBCkr\xC3\xBC \xEF\xBC\x91\xEF\xBC\x92",
         "\xEF\xAC\x81le|\xC5\x9E\xC3\xBCkr\xC3\xBC|\xEF\xBC\x91\xEF\xBC\x92",
         "file|\xC5\x9F\xC3\xBCkr\xC3\xBC|12");
}

static void shapes(void **s) {
  (void)s;
  dl_doc *d = tu_code("NATO said\n\nIraqi", NULL);
  assert_true(d->toks.v[0].flags & DLT_UPPER);
  assert_true(d->toks.v[0].flags & DLT_CAP);
  assert_false(d->toks.v[1].flags & DLT_CAP);
  assert_true(d->toks.v[2].flags & DLT_PARA);
  assert_true(d->toks.v[2].flags & DLT_CAP);
}

/* invalid bytes are separators and reported once, with the first offset */
static void invalid_utf8(void **s) {
  (void)s;
  dl_doc *d = tu_code("ab\xFF" "cd \xC0\xAF x", NULL);
  assert_int_equal(d->toks.n, 3);
  assert_string_equal(tu_tok(d, 0), "ab");
  assert_string_equal(tu_tok(d, 1), "cd");
  assert_int_equal(d->bad_utf8, 3);
  assert_int_equal(d->warns.n, 1);
  assert_string_equal(d->warns.v[0].msg,
                      "invalid UTF-8 or NUL: 3 bytes treated as separators "
                      "(first at byte 2)");
}

/* spans always cover the token's bytes, in order, without overlap */
static void spans_property(void **s) {
  (void)s;
  const char *t = "x\xE2\x80\x94y ..., \"(a)\" \xE2\x80\xA6 9-b --- 'q' 3.";
  dl_doc *d = tu_code(t, NULL);
  uint32_t prev = 0;
  for (uint32_t i = 0; i < d->toks.n; i++) {
    assert_true(d->toks.v[i].s >= prev);
    assert_true(d->toks.v[i].e > d->toks.v[i].s);
    assert_true(d->toks.v[i].e <= strlen(t));
    prev = d->toks.v[i].e;
  }
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(words_and_punct), cmocka_unit_test(hyphen_and_possessive),
      cmocka_unit_test(numbers),         cmocka_unit_test(abbreviations),
      cmocka_unit_test(quotes_dashes),   cmocka_unit_test(unicode_fold),
      cmocka_unit_test(shapes),          cmocka_unit_test(invalid_utf8),
      cmocka_unit_test(spans_property),
  };
  return cmocka_run_group_tests(tests, tu_setup, tu_teardown);
}
