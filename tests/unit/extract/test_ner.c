/* test_ner.c: the name tagger of the entity stage (ner.c) over the committed
** model (data/ner.tsv, compiled by tools/modelc.c into build/data/ner.bin):
** the engine maps the blob make built; the blob's checks; the trainer's
** in-memory path gives the same model. */
#include "testutil.h"
#include "extract/ner.h"

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

static void labels(void **s) {
  (void)s;
  assert_string_equal(dlner_label_name(DLNER_O), "O");
  assert_string_equal(dlner_label_name(DLNER_BPER), "B-PER");
  assert_string_equal(dlner_label_name(DLNER_ILOC), "I-LOC");
  assert_string_equal(dlner_label_name(DLNER_N), "?");
  assert_true(dlner_allowed(DLNER_BPER, DLNER_IPER));
  assert_true(dlner_allowed(DLNER_IPER, DLNER_IPER));
  assert_false(dlner_allowed(DLNER_O, DLNER_IPER));
  assert_false(dlner_allowed(DLNER_BORG, DLNER_IPER));
}

/* the engine loaded the model make built */
static void model_loaded(void **s) {
  (void)s;
  assert_non_null(tu_eng->ner);
}

/* the blob make built is what dlner_compile makes of data/ner.tsv */
static void blob_matches_source(void **s) {
  (void)s;
  void *b;
  size_t n;
  assert_int_equal(dlner_compile(tu_eng, "data/ner.tsv", &b, &n), DL_OK);
  FILE *f = fopen(DL_TEST_DATA "/ner.bin", "rb");
  assert_non_null(f);
  char *m = malloc(n + 1);
  assert_non_null(m);
  assert_int_equal(fread(m, 1, n + 1, f), n);
  fclose(f);
  assert_memory_equal(m, b, n);
  free(m);
  dleng_free(tu_eng, b, n);
}

static dl_engine *scratch(void) {
  static dl_engine e;
  memset(&e, 0, sizeof e);
  e.alloc = tu_eng->alloc;
  e.alloc_ud = tu_eng->alloc_ud;
  return &e;
}

/* Write 'n' bytes of 'b' as DIR/ner.bin and load it; the message in 'why'. */
static dl_status load_copy(const char *dir, const void *b, size_t n,
                           char *why, size_t nwhy) {
  char path[256];
  snprintf(path, sizeof path, "%s/ner.bin", dir);
  FILE *f = fopen(path, "wb");
  assert_non_null(f);
  assert_int_equal(fwrite(b, 1, n, f), n);
  fclose(f);
  dl_engine *e = scratch();
  dl_status st = dlner_load(e, dir);
  assert_true((st == DL_OK) == (e->ner != NULL));
  snprintf(why, nwhy, "%s", e->errmsg);
  dlner_unload(e);
  unlink(path);
  return st;
}

/* a blob cut short, with a flipped byte or of another version is refused
** with a message saying which; a missing one is no error (rules alone) */
static void corrupt_blob_refused(void **s) {
  (void)s;
  void *b;
  size_t n;
  char why[512];
  assert_int_equal(dlner_compile(tu_eng, "data/ner.tsv", &b, &n), DL_OK);
  char dir[] = "/tmp/test_ner-XXXXXX";
  assert_non_null(mkdtemp(dir));
  unsigned char *c = b;
  assert_int_equal(load_copy(dir, b, n, why, sizeof why), DL_OK);
  assert_int_equal(load_copy(dir, b, n - 8, why, sizeof why), DL_E_DATA);
  assert_non_null(strstr(why, "truncated"));
  c[n / 2] ^= 1;
  assert_int_equal(load_copy(dir, b, n, why, sizeof why), DL_E_DATA);
  assert_non_null(strstr(why, "checksum"));
  c[n / 2] ^= 1;
  c[8] ^= 1; /* the version */
  assert_int_equal(load_copy(dir, b, n, why, sizeof why), DL_E_DATA);
  assert_non_null(strstr(why, "another version"));
  c[8] ^= 1;
  c[0] ^= 1; /* the magic */
  assert_int_equal(load_copy(dir, b, n, why, sizeof why), DL_E_DATA);
  assert_non_null(strstr(why, "bad magic"));
  c[0] ^= 1;
  assert_int_equal(load_copy(dir, b, 16, why, sizeof why), DL_E_DATA);
  assert_int_equal(load_copy(dir, b, n, why, sizeof why), DL_OK);
  dl_engine *e = scratch();
  assert_int_equal(dlner_load(e, dir), DL_OK); /* no ner.bin there */
  assert_null(e->ner);
  rmdir(dir);
  dleng_free(tu_eng, b, n);
}

/* a malformed source is refused with its line */
static void bad_source_refused(void **s) {
  (void)s;
  char path[] = "/tmp/test_ner-XXXXXX";
  int fd = mkstemp(path);
  assert_true(fd >= 0);
  FILE *f = fdopen(fd, "w");
  assert_non_null(f);
  fputs("# comment\nw\tword\n1f\t1 2 3 4 5 6 7\nzz\t1 2\n", f);
  fclose(f);
  void *b;
  size_t n;
  assert_int_equal(dlner_compile(tu_eng, path, &b, &n), DL_E_DATA);
  assert_non_null(strstr(tu_eng->errmsg, ":4: expected"));
  f = fopen(path, "w");
  fputs("1f\t1 2 3 4 5 6 99999\n", f);
  fclose(f);
  assert_int_equal(dlner_compile(tu_eng, path, &b, &n), DL_E_DATA);
  assert_non_null(strstr(tu_eng->errmsg, ":1: bad weight"));
  unlink(path);
  tu_eng->errmsg[0] = 0;
}

/* the trainer's in-memory model tags as the mapped one does */
static void tsv_path_same_tags(void **s) {
  (void)s;
  static const char text[] =
      "Angela Merkel met officials of the European Commission in Brussels "
      "on Monday, a spokesman for Siemens said.";
  dl_doc *d = tu_code(text, NULL);
  assert_true(d->sents.n > 0);
  uint32_t t0 = d->sents.v[0].t0, t1 = d->sents.v[0].t1, k = t1 - t0;
  dlnertok *tk = malloc(k * sizeof *tk);
  uint8_t *a = malloc(k), *b = malloc(k);
  assert_true(tk && a && b);
  dlner_prepare(d, t0, t1, NULL, tk);
  dlner_decode(tu_eng, tk, k, a);
  dl_engine *e = scratch();
  assert_int_equal(dlner_load_tsv(e, "data/ner.tsv"), DL_OK);
  /* the same word list: the lexicon bits (known words) read it */
  dlner_decode(e, tk, k, b);
  assert_memory_equal(a, b, k);
  unsigned names = 0;
  for (uint32_t i = 0; i < k; i++)
    names += a[i] != DLNER_O;
  assert_true(names > 0);
  dlner_unload(e);
  free(tk);
  free(a);
  free(b);
}

/* the model's word list: words its training text writes in lower case,
** whatever their case here; names are not in it */
static void known_words(void **s) {
  (void)s;
  dl_doc *d = tu_code("Turn the page, Whitfield.", NULL);
  assert_true(d->toks.n >= 4);
  assert_true(dlner_known_word(d, 0));  /* Turn */
  assert_true(dlner_known_word(d, 2));  /* page */
  assert_false(dlner_known_word(d, 4)); /* Whitfield */
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(labels), cmocka_unit_test(model_loaded),
      cmocka_unit_test(blob_matches_source),
      cmocka_unit_test(corrupt_blob_refused),
      cmocka_unit_test(bad_source_refused),
      cmocka_unit_test(tsv_path_same_tags),
      cmocka_unit_test(known_words)};
  return cmocka_run_group_tests(tests, tu_setup, tu_teardown);
}
