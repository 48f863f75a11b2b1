/* test_query.c: dl_query_near, the one parser of "LAT,LON,KM" that query,
** incidents and the HTTP API share (src/store/query.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "dateline.h"

static void near_ok(void **s) {
  (void)s;
  dl_query q;
  memset(&q, 0, sizeof q);
  assert_int_equal(dl_query_near(&q, "33.34,44.40,50"), 1);
  assert_int_equal(q.near, 1);
  assert_true(q.lat > 33.33 && q.lat < 33.35);
  assert_true(q.lon > 44.39 && q.lon < 44.41);
  assert_true(q.km == 50);
  memset(&q, 0, sizeof q);
  assert_int_equal(dl_query_near(&q, "-90,180,0"), 1);
}

static void near_bad(void **s) {
  (void)s;
  static const char *const bad[] = {
      "", "33", "33,44", "33,44,", "33,44,5x", "91,0,1", "0,181,1",
      "0,0,-1", "nan,0,1", "0,inf,1", "1,,2", "1,2,3,4", " ,1,2"};
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
    dl_query q;
    memset(&q, 0, sizeof q);
    assert_int_equal(dl_query_near(&q, bad[i]), 0);
    assert_int_equal(q.near, 0);
  }
  assert_int_equal(dl_query_near(NULL, "1,2,3"), 0);
}

int main(void) {
  const struct CMUnitTest tests[] = {cmocka_unit_test(near_ok),
                                     cmocka_unit_test(near_bad)};
  return cmocka_run_group_tests(tests, NULL, NULL);
}
