/* test_tagger.c: the part-of-speech tagger of the clauses stage (tagger.c)
** over the committed model (data/tagger.tsv, compiled by tools/modelc.c into
** build/data/tagger.bin): Penn tags that voice, tense and clauses depend
** on; the blob's checks. */
#include "testutil.h"
#include "parse/parse.h"

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

/* The tag of the first token whose text is 'w'. */
static const char *tag_of(const dl_doc *d, const char *w) {
  for (uint32_t i = 0; i < d->toks.n; i++)
    if (!strcmp(tu_tok(d, i), w))
      return dlpos_name(d->pos[i]);
  return "(absent)";
}

static void every_token_tagged(void **s) {
  (void)s;
  dl_doc *d = tu_code("Police arrested 11 protesters in the capital. "
                      "The convoy was attacked by gunmen.", NULL);
  assert_non_null(d->pos);
  for (uint32_t i = 0; i < d->toks.n; i++)
    assert_true(d->pos[i] > DLPOS_NONE && d->pos[i] < DLPOS_N);
}

static void active(void **s) {
  (void)s;
  dl_doc *d = tu_code("Police arrested 11 protesters in the capital.", NULL);
  assert_string_equal(tag_of(d, "arrested"), "VBD");
  assert_string_equal(tag_of(d, "11"), "CD");
  assert_string_equal(tag_of(d, "protesters"), "NNS");
  assert_string_equal(tag_of(d, "in"), "IN");
  assert_string_equal(tag_of(d, "the"), "DT");
  assert_string_equal(tag_of(d, "."), ".");
}

static void passive_participles(void **s) {
  (void)s;
  dl_doc *d = tu_code("The convoy was attacked by gunmen.", NULL);
  assert_string_equal(tag_of(d, "was"), "VBD");
  assert_string_equal(tag_of(d, "attacked"), "VBN");
  d = tu_code("Seven guards were injured in the attack.", NULL);
  assert_string_equal(tag_of(d, "injured"), "VBN");
  assert_string_equal(tag_of(d, "attack"), "NN");
}

static void modal_negation_relative(void **s) {
  (void)s;
  dl_doc *d = tu_code("The government will hold talks.", NULL);
  assert_string_equal(tag_of(d, "will"), "MD");
  assert_string_equal(tag_of(d, "hold"), "VB");
  d = tu_code("The minister was not injured.", NULL);
  assert_string_equal(tag_of(d, "not"), "RB");
  d = tu_code("One protester, who had a link with the militants, was killed.",
              NULL);
  assert_string_equal(tag_of(d, "who"), "WP");
  d = tu_code("The minister didn't resign.", NULL);
  assert_string_equal(tag_of(d, "n't"), "RB");
}

/* the tokenizer cuts addresses into pieces; the treebank's one ADD word */
static void web_address(void **s) {
  (void)s;
  dl_doc *d = tu_code("See http://www.example.com/a for more.", NULL);
  assert_string_equal(tag_of(d, "http"), "ADD");
  assert_string_equal(tag_of(d, "example"), "ADD");
  assert_string_equal(tag_of(d, "for"), "IN");
}

static void names(void **s) {
  (void)s;
  for (unsigned t = 1; t < DLPOS_N; t++) {
    const char *n = dlpos_name(t);
    assert_int_equal(dlpos_from_name(n, strlen(n)), t);
  }
  assert_int_equal(dlpos_from_name("XYZ", 3), DLPOS_NONE);
  assert_string_equal(dlpos_name(DLPOS_N), "?");
}

/* the blob make built is what dltag_compile makes of data/tagger.tsv */
static void blob_matches_source(void **s) {
  (void)s;
  void *b;
  size_t n;
  assert_int_equal(dltag_compile(tu_eng, "data/tagger.tsv", &b, &n), DL_OK);
  FILE *f = fopen(DL_TEST_DATA "/tagger.bin", "rb");
  assert_non_null(f);
  char *m = malloc(n + 1);
  assert_non_null(m);
  assert_int_equal(fread(m, 1, n + 1, f), n);
  fclose(f);
  assert_memory_equal(m, b, n);
  free(m);
  dleng_free(tu_eng, b, n);
}

/* Write 'n' bytes of 'b' as DIR/tagger.bin and load it. */
static dl_status load_copy(const char *dir, const void *b, size_t n) {
  char path[256];
  snprintf(path, sizeof path, "%s/tagger.bin", dir);
  FILE *f = fopen(path, "wb");
  assert_non_null(f);
  assert_int_equal(fwrite(b, 1, n, f), n);
  fclose(f);
  static dl_engine e;
  e.alloc = tu_eng->alloc;
  e.alloc_ud = tu_eng->alloc_ud;
  dl_status st = dltag_load(&e, dir);
  dltag_unload(&e);
  unlink(path);
  return st;
}

/* a blob cut short, with a flipped byte or of another version is refused */
static void corrupt_blob_refused(void **s) {
  (void)s;
  void *b;
  size_t n;
  assert_int_equal(dltag_compile(tu_eng, "data/tagger.tsv", &b, &n), DL_OK);
  char dir[] = "/tmp/test_tagger-XXXXXX";
  assert_non_null(mkdtemp(dir));
  unsigned char *c = b;
  assert_int_equal(load_copy(dir, b, n), DL_OK);
  assert_int_equal(load_copy(dir, b, n - 8), DL_E_DATA);
  c[n / 2] ^= 1;
  assert_int_equal(load_copy(dir, b, n), DL_E_DATA);
  c[n / 2] ^= 1;
  c[8] ^= 1; /* the version */
  assert_int_equal(load_copy(dir, b, n), DL_E_DATA);
  c[8] ^= 1;
  assert_int_equal(load_copy(dir, b, 16), DL_E_DATA);
  rmdir(dir);
  dleng_free(tu_eng, b, n);
}

/* The tags do not depend on what the per-thread word memo saw before: the
** same sentences tagged in reverse order, and by a second model (a fresh
** memo epoch), get the tags the clauses stage gave them. Words come back
** capitalised at a sentence start and inside one (other shapes). */
static void word_memo_any_order(void **s) {
  (void)s;
  dl_doc *d = tu_code("Reports said the bridge was closed. Engineers "
                      "inspected the bridge on Monday and closed reports "
                      "of damage. Closed roads will open when engineers "
                      "say so. The roads were closed.", NULL);
  assert_non_null(d->pos);
  assert_true(d->sents.n >= 4);
  uint8_t *want = malloc(d->toks.n), *got = malloc(d->toks.n);
  assert_non_null(want);
  assert_non_null(got);
  memcpy(want, d->pos, d->toks.n);
  memset(got, 0, d->toks.n);
  for (uint32_t k = d->sents.n; k-- > 0;)
    dltag_tag(tu_eng->tagger, d, d->sents.v[k].t0, d->sents.v[k].t1,
              got + d->sents.v[k].t0);
  assert_memory_equal(got, want, d->toks.n);
  static dl_engine e;
  e.alloc = tu_eng->alloc;
  e.alloc_ud = tu_eng->alloc_ud;
  assert_int_equal(dltag_load_tsv(&e, "data/tagger.tsv"), DL_OK);
  for (int round = 0; round < 2; round++) { /* cold memo, then warm */
    memset(got, 0, d->toks.n);
    for (uint32_t k = 0; k < d->sents.n; k++)
      dltag_tag(e.tagger, d, d->sents.v[k].t0, d->sents.v[k].t1,
                got + d->sents.v[k].t0);
    assert_memory_equal(got, want, d->toks.n);
  }
  dltag_unload(&e);
  assert_string_equal(tag_of(d, "Reports"), "NNS");
  assert_string_equal(tag_of(d, "closed"), "VBN");
  free(want);
  free(got);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(every_token_tagged), cmocka_unit_test(active),
      cmocka_unit_test(passive_participles),
      cmocka_unit_test(modal_negation_relative),
      cmocka_unit_test(web_address), cmocka_unit_test(names),
      cmocka_unit_test(blob_matches_source),
      cmocka_unit_test(corrupt_blob_refused),
      cmocka_unit_test(word_memo_any_order)};
  return cmocka_run_group_tests(tests, tu_setup, tu_teardown);
}
