/* test_wordtab.c: the engine's read-only word tables (wordtab.c): found
** and absent words, words of the same length, replacement, a full table. */
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

int main(void) {
  const struct CMUnitTest tests[] = {cmocka_unit_test(put_get),
                                     cmocka_unit_test(full)};
  return cmocka_run_group_tests(tests, tu_setup, tu_teardown);
}
