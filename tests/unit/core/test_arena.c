/* test_arena.c: the document arena (arena.c): alignment, growth in place,
** vectors, the hard cap and reset; and the engine's limits (doc.c). */
#include "testutil.h"

#include <stdlib.h>

static void *sys_alloc(void *ud, void *p, size_t o, size_t n) {
  (void)ud; (void)o;
  if (!n) { free(p); return NULL; }
  return realloc(p, n);
}

static void alloc_and_grow(void **s) {
  (void)s;
  dlarena a;
  dlarena_init(&a, sys_alloc, NULL, 0);
  char *p = dlarena_alloc(&a, 3);
  assert_non_null(p);
  assert_int_equal((uintptr_t)p % 8, 0);
  memcpy(p, "abc", 3);
  char *q = dlarena_grow(&a, p, 3, 100);
  assert_ptr_equal(p, q); /* last block grows in place */
  assert_memory_equal(q, "abc", 3);
  char *r = dlarena_alloc(&a, 200000); /* a new, larger chunk */
  assert_non_null(r);
  memset(r, 1, 200000);
  char *t = dlarena_strndup(&a, "hello", 3);
  assert_string_equal(t, "hel");
  dlarena_reset(&a);
  assert_false(a.oom);
  assert_int_equal(a.used, 0);
  dlarena_fini(&a);
}

static void vectors(void **s) {
  (void)s;
  dlarena a;
  dlarena_init(&a, sys_alloc, NULL, 0);
  DLVEC(uint64_t) v = {0};
  for (uint64_t i = 0; i < 10000; i++) {
    uint64_t *x = dlvec_push(&a, &v);
    assert_non_null(x);
    assert_int_equal(*x, 0); /* zeroed */
    *x = i * 3;
  }
  for (uint64_t i = 0; i < 10000; i++)
    assert_int_equal(v.v[i], i * 3);
  dlarena_fini(&a);
}

/* the cap turns into a sticky oom + toobig, cleared by reset */
static void hard_cap(void **s) {
  (void)s;
  dlarena a;
  dlarena_init(&a, sys_alloc, NULL, 100000);
  assert_non_null(dlarena_alloc(&a, 50000));
  assert_null(dlarena_alloc(&a, 80000));
  assert_true(a.oom && a.toobig);
  assert_null(dlarena_alloc(&a, 8)); /* sticky */
  dlarena_reset(&a);
  assert_false(a.oom);
  assert_non_null(dlarena_alloc(&a, 8));
  dlarena_fini(&a);
}

/* an article over the arena cap is an error record, and the next is fine */
static void doc_over_cap(void **s) {
  (void)s;
  dl_engine_opts o = {0};
  o.data_dir = DL_TEST_DATA;
  o.arena_cap = 300000;
  dl_engine *e = NULL;
  dl_doc *d = NULL;
  assert_int_equal(dl_engine_new(&o, &e), DL_OK);
  assert_int_equal(dl_doc_new(e, &d), DL_OK);
  size_t n = 200000;
  char *big = malloc(n + 1);
  for (size_t i = 0; i < n; i++)
    big[i] = (i % 2) ? ' ' : 'a'; /* 100k tokens */
  dl_article a = {0};
  a.text = big;
  a.text_len = n;
  assert_int_equal(dl_doc_code(d, &a), DL_E_TOOBIG);
  const char *js;
  size_t jn;
  assert_int_equal(dl_doc_json(d, 0, &js, &jn), DL_OK);
  assert_non_null(strstr(js, "\"error\":\"article needs more memory"));
  a.text = "Small one.";
  a.text_len = 10;
  assert_int_equal(dl_doc_code(d, &a), DL_OK);
  assert_int_equal(d->sents.n, 1);
  free(big);
  dl_doc_free(d);
  dl_engine_free(e);
}

static void engine_errors(void **s) {
  (void)s;
  dl_engine_opts o = {0};
  o.data_dir = "/nonexistent";
  dl_engine *e = NULL;
  assert_int_equal(dl_engine_new(&o, &e), DL_E_DATA);
  assert_non_null(e);
  assert_non_null(strstr(dl_engine_errmsg(e), "/nonexistent/tone.tsv"));
  dl_engine_free(e);
  assert_string_equal(dl_strerror(DL_E_TOOBIG), "input too big");
  assert_int_equal(dl_doc_new(NULL, NULL), DL_E_INVAL);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(alloc_and_grow), cmocka_unit_test(vectors),
      cmocka_unit_test(hard_cap), cmocka_unit_test(doc_over_cap),
      cmocka_unit_test(engine_errors)};
  return cmocka_run_group_tests(tests, tu_setup, tu_teardown);
}
