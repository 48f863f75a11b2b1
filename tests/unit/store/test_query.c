/* test_query.c: dl_query_near and dl_query_set, the one parser of the
** filters that query, incidents and the HTTP API share (src/store/query.c). */
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

/* Every filter key, its text form, and the bad values of each kind. */
static void set_keys(void **s) {
  (void)s;
  dl_query q;
  memset(&q, 0, sizeof q);
  const char *form = "x";
  assert_int_equal(dl_query_set(&q, "actor", "IRQGOV", &form), 1);
  assert_null(form);
  assert_int_equal(dl_query_set(&q, "country", "IQ", NULL), 1);
  assert_int_equal(dl_query_set(&q, "root", "18", NULL), 1);
  assert_int_equal(dl_query_set(&q, "cameo", "185", NULL), 1);
  assert_int_equal(dl_query_set(&q, "plover", "ASSAULT", NULL), 1);
  assert_int_equal(dl_query_set(&q, "text", "drone", NULL), 1);
  assert_int_equal(dl_query_set(&q, "modality", "negated", NULL), 1);
  assert_int_equal(dl_query_set(&q, "since", "2021-11-01", NULL), 1);
  assert_int_equal(dl_query_set(&q, "until", "2021-11-30", NULL), 1);
  assert_int_equal(dl_query_set(&q, "near", "33.3,44.4,25", NULL), 1);
  assert_int_equal(dl_query_set(&q, "incident", "42", NULL), 1);
  assert_string_equal(q.actor, "IRQGOV");
  assert_string_equal(q.country, "IQ");
  assert_string_equal(q.root, "18");
  assert_string_equal(q.cameo, "185");
  assert_string_equal(q.plover, "ASSAULT");
  assert_string_equal(q.text, "drone");
  assert_string_equal(q.modality, "negated");
  assert_string_equal(q.since, "2021-11-01");
  assert_string_equal(q.until, "2021-11-30");
  assert_int_equal(q.near, 1);
  assert_true(q.km == 25);
  assert_int_equal(q.incident, 42);
}

static void set_bad(void **s) {
  (void)s;
  dl_query q;
  memset(&q, 0, sizeof q);
  const char *form = NULL;
  assert_int_equal(dl_query_set(&q, "since", "2021-11-1", &form), 0);
  assert_string_equal(form, "YYYY-MM-DD");
  assert_null(q.since);
  assert_int_equal(dl_query_set(&q, "until", "yesterday", &form), 0);
  assert_int_equal(dl_query_set(&q, "near", "33,44", &form), 0);
  assert_string_equal(form, "LAT,LON,KM");
  static const char *const ids[] = {"0", "-3", "+3", "3x", "", " 3",
                                    "99999999999999999999"};
  for (size_t i = 0; i < sizeof ids / sizeof ids[0]; i++)
    assert_int_equal(dl_query_set(&q, "incident", ids[i], &form), 0);
  assert_int_equal(q.incident, 0);
  /* not filters: the caller's own options */
  assert_int_equal(dl_query_set(&q, "limit", "10", &form), -1);
  assert_int_equal(dl_query_set(&q, "db", "x.db", &form), -1);
  assert_int_equal(dl_query_set(NULL, "actor", "X", &form), -1);
  assert_int_equal(dl_query_set(&q, "actor", NULL, &form), -1);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(near_ok), cmocka_unit_test(near_bad),
      cmocka_unit_test(set_keys), cmocka_unit_test(set_bad)};
  return cmocka_run_group_tests(tests, NULL, NULL);
}
