/* test_tagger.c: the part-of-speech tagger of the clauses stage (tagger.c)
** over the committed model (build/data/tagger.tsv): Penn tags that voice,
** tense and clauses depend on. */
#include "testutil.h"
#include "parse/parse.h"

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

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(every_token_tagged), cmocka_unit_test(active),
      cmocka_unit_test(passive_participles),
      cmocka_unit_test(modal_negation_relative),
      cmocka_unit_test(web_address), cmocka_unit_test(names)};
  return cmocka_run_group_tests(tests, tu_setup, tu_teardown);
}
