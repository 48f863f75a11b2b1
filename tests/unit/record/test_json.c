/* test_json.c: the record writer's escaping and numbers (json.c), and the
** shape of whole records (record.c). */
#include "testutil.h"
#include "record/record.h"

static dlarena A;

static const char *esc(const char *s, size_t n) {
  static char out[256];
  dlbuf b = {0};
  b.a = &A;
  dljson_str(&b, s, n);
  assert_true(b.n < sizeof out);
  memcpy(out, b.p, b.n);
  out[b.n] = '\0';
  return out;
}

static void escaping(void **s) {
  (void)s;
  dlarena_init(&A, tu_eng->alloc, NULL, 0);
  assert_string_equal(esc("a\"b\\c", 5), "\"a\\\"b\\\\c\"");
  assert_string_equal(esc("l1\nl2\t\r", 7), "\"l1\\nl2\\t\\r\"");
  assert_string_equal(esc("\x01\x1f", 2), "\"\\u0001\\u001f\"");
  assert_string_equal(esc("\0z", 2), "\"\\u0000z\"");
  /* valid UTF-8 passes; invalid bytes become U+FFFD, never raw */
  assert_string_equal(esc("\xC3\xA9", 2), "\"\xC3\xA9\"");
  assert_string_equal(esc("a\xFF" "b", 3), "\"a\\ufffdb\"");
  assert_string_equal(esc("\xE2\x80", 2), "\"\\ufffd\\ufffd\"");
  assert_string_equal(esc("\xE2\x80\xA8", 3), "\"\\u2028\"");
  dlarena_fini(&A);
}

static const char *num(double v, int prec) {
  static char out[64];
  dlbuf b = {0};
  b.a = &A;
  dljson_num(&b, v, prec);
  memcpy(out, b.p, b.n);
  out[b.n] = '\0';
  return out;
}

static void numbers(void **s) {
  (void)s;
  dlarena_init(&A, tu_eng->alloc, NULL, 0);
  assert_string_equal(num(-2.5319, 3), "-2.532");
  assert_string_equal(num(4.8, 3), "4.8");
  assert_string_equal(num(0.0, 3), "0");
  assert_string_equal(num(-0.0001, 3), "0");
  assert_string_equal(num(50, 3), "50");
  assert_string_equal(num(1.0 / 0.0, 3), "null");
  dlarena_fini(&A);
}

/* every SCHEMA top-level field, in order, on a coded document */
static void record_fields(void **s) {
  (void)s;
  dl_doc *d = tu_code("Nothing happened.", "2021-11-07");
  const char *js;
  size_t n;
  assert_int_equal(dl_doc_json(d, 0, &js, &n), DL_OK);
  assert_true(n > 0 && js[n - 1] == '\n');
  const char *fields[] = {"\"schema\":1,", "\"id\":\"t\"", "\"date\":\"2021-11-07\"",
                          "\"title\":null", "\"url\":null", "\"dateline\":null",
                          "\"sentences\":[[0,17]]", "\"entities\":[]",
                          "\"events\":[]", "\"casualties\":[]", "\"quotes\":[]",
                          "\"times\":", "\"tone\":{\"score\":", "\"themes\":[]",
                          "\"warnings\":[]}"};
  const char *at = js;
  for (size_t i = 0; i < DL_COUNTOF(fields); i++) {
    const char *f = strstr(at, fields[i]);
    assert_non_null(f);
    at = f;
  }
}

static void error_record(void **s) {
  (void)s;
  assert_int_equal(dl_doc_set_error(tu_doc, "x\"y", 3, "bad \"line\""), DL_OK);
  const char *js;
  size_t n;
  assert_int_equal(dl_doc_json(tu_doc, 0, &js, &n), DL_OK);
  assert_int_equal(n, strlen("{\"schema\":1,\"id\":\"x\\\"y\",\"error\":\"bad \\\"line\\\"\"}\n"));
  assert_memory_equal(js, "{\"schema\":1,\"id\":\"x\\\"y\",\"error\":\"bad \\\"line\\\"\"}\n", n);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(escaping), cmocka_unit_test(numbers),
      cmocka_unit_test(record_fields), cmocka_unit_test(error_record)};
  return cmocka_run_group_tests(tests, tu_setup, tu_teardown);
}
