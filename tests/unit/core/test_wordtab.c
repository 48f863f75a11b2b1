/* test_wordtab.c: the engine's read-only word tables (wordtab.c): found
** and absent words, words of the same length, replacement, a full table;
** and dl_span_is, the word-list compare of the extract stages. */
#include "testutil.h"
#include "core/wordtab.h"

#include <stdio.h>

static void put_get(void **s) {
  (void)s;
  dlwordtab t;
  assert_int_equal(dlwordtab_init(tu_eng, &t, 600, 600 * 12), DL_OK);
  char w[32];
  for (int k = 0; k < 500; k++) { /* many keys of one length collide */
    int n = snprintf(w, sizeof w, "w%04d", k);
    assert_int_equal(dlwordtab_put(&t, w, (size_t)n, k * 3), DL_OK);
  }
  assert_int_equal(dlwordtab_put(&t, "gloom", 5, -200), DL_OK);
  assert_int_equal(dlwordtab_put(&t, "gloom", 5, -150), DL_OK); /* replaced */
  assert_int_equal(t.n, 501);
  int32_t v = 0;
  for (int k = 0; k < 500; k++) {
    int n = snprintf(w, sizeof w, "w%04d", k);
    assert_int_equal(dlwordtab_get(&t, w, (size_t)n, &v), 1);
    assert_int_equal(v, k * 3);
  }
  assert_int_equal(dlwordtab_get(&t, "gloom", 5, &v), 1);
  assert_int_equal(v, -150);
  assert_int_equal(dlwordtab_get(&t, "glo", 3, &v), 0);
  assert_int_equal(dlwordtab_get(&t, "w0500", 5, &v), 0);
  assert_int_equal(dlwordtab_get(&t, "w00000", 6, &v), 0);
  assert_int_equal(dlwordtab_put(&t, "", 0, 1), DL_E_INVAL);
  dlwordtab_fini(tu_eng, &t);
  /* no table: nothing found */
  assert_int_equal(dlwordtab_get(&t, "gloom", 5, &v), 0);
}

static void full(void **s) {
  (void)s;
  dlwordtab t;
  assert_int_equal(dlwordtab_init(tu_eng, &t, 4, 8), DL_OK);
  assert_int_equal(dlwordtab_put(&t, "calm", 4, 1), DL_OK);
  assert_int_equal(dlwordtab_put(&t, "ruin", 4, 2), DL_OK);
  assert_int_equal(dlwordtab_put(&t, "x", 1, 3), DL_E_NOMEM); /* pool */
  int32_t v = 0;
  assert_int_equal(dlwordtab_get(&t, "ruin", 4, &v), 1);
  assert_int_equal(v, 2);
  dlwordtab_fini(tu_eng, &t);
}

/* A span against NUL-terminated words: equal only when both the bytes and
** the length agree; a span with a NUL inside never matches a shorter word. */
static void span_is(void **s) {
  (void)s;
  assert_true(dl_span_is("said", 4, "said"));
  assert_false(dl_span_is("said", 3, "said"));  /* span shorter */
  assert_false(dl_span_is("saids", 5, "said")); /* span longer */
  assert_false(dl_span_is("sand", 4, "said"));
  assert_true(dl_span_is("", 0, ""));
  assert_false(dl_span_is("a", 1, ""));
  assert_false(dl_span_is("", 0, "a"));
  static const char nul[] = {'a', '\0', 'b'};
  assert_false(dl_span_is(nul, 3, "a"));
  assert_false(dl_span_is(nul, 3, "a\0b")); /* a C word ends at its NUL */
}

int main(void) {
  const struct CMUnitTest tests[] = {cmocka_unit_test(put_get),
                                     cmocka_unit_test(full),
                                     cmocka_unit_test(span_is)};
  return cmocka_run_group_tests(tests, tu_setup, tu_teardown);
}
