/* test_tone.c: lexicon tone with negation (tone.c), over the VADER
** lexicon built by 'make' (build/data/tone.tsv). */
#include "testutil.h"

static void positive_negative(void **s) {
  (void)s;
  dl_doc *d = tu_code("A good and happy day.", NULL);
  assert_int_equal(d->tone.words, 5);
  assert_true(d->tone.positive > 39.9 && d->tone.positive < 40.1); /* 2 of 5 */
  assert_true(d->tone.negative == 0);
  d = tu_code("The attack killed many.", NULL);
  assert_true(d->tone.negative > 0);
  assert_true(d->tone.score < 0);
  assert_true(d->tone.score == d->tone.positive - d->tone.negative);
}

/* "not good" counts as negative (negator within three words) */
static void negation(void **s) {
  (void)s;
  dl_doc *d = tu_code("This is not good.", NULL);
  assert_true(d->tone.negative > 0 && d->tone.positive == 0);
  /* a negator in the previous sentence does not flip */
  d = tu_code("It is not. Good.", NULL);
  assert_true(d->tone.positive > 0 && d->tone.negative == 0);
}

static void no_words(void **s) {
  (void)s;
  dl_doc *d = tu_code("... 123 !!!", NULL);
  assert_int_equal(d->tone.words, 0);
  assert_true(d->tone.score == 0);
}

int main(void) {
  const struct CMUnitTest tests[] = {cmocka_unit_test(positive_negative),
                                     cmocka_unit_test(negation),
                                     cmocka_unit_test(no_words)};
  return cmocka_run_group_tests(tests, tu_setup, tu_teardown);
}
