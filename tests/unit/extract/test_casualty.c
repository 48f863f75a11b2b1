/* test_casualty.c: the casualties stage (casualty.c) and the number
** parser (number.c), one case per construction, coded through the public
** API with the data of 'make' (build/data). */
#include "testutil.h"
#include "extract/casualty.h"
#include "extract/number.h"

#include <stdio.h>
#include <stdlib.h>

static const char *const kinds[] = {"killed",  "injured",   "arrested",
                                    "missing", "kidnapped", "displaced"};

static int kind_of(const char *k) {
  for (int i = 0; i < 6; i++)
    if (!strcmp(kinds[i], k))
      return i;
  fail_msg("bad kind %s", k);
  return -1;
}

/* The who text of 'c' ("" for null). */
static const char *who(const dl_doc *d, const dlcasualty *c) {
  static char buf[256];
  size_t n = c->who ? strlen(c->who) : c->who_e - c->who_s;
  if (n >= sizeof buf)
    n = sizeof buf - 1;
  memcpy(buf, c->who ? c->who : d->text + c->who_s, n);
  buf[n] = '\0';
  return buf;
}

/* The casualty of 'kind' and 'count' whose who is 'w' (NULL: any, "":
** null); fails the test when there is none. */
static const dlcasualty *find(const dl_doc *d, const char *kind, int64_t count,
                              const char *w) {
  int k = kind_of(kind);
  for (uint32_t i = 0; i < d->cas.n; i++) {
    const dlcasualty *c = &d->cas.v[i];
    if (c->kind == k && c->count == count && (!w || !strcmp(who(d, c), w)))
      return c;
  }
  for (uint32_t i = 0; i < d->cas.n; i++)
    print_message("  have %s %lld '%s'\n", kinds[d->cas.v[i].kind],
                  (long long)d->cas.v[i].count, who(d, &d->cas.v[i]));
  fail_msg("no casualty %s %lld '%s'", kind, (long long)count, w ? w : "*");
  return NULL;
}

static int64_t total(const dl_doc *d, const char *kind) {
  int k = kind_of(kind);
  int64_t s = 0;
  for (uint32_t i = 0; i < d->cas.n; i++)
    if (d->cas.v[i].kind == k && !d->cas.v[i].negated)
      s += d->cas.v[i].count;
  return s;
}

static void span_is(const dl_doc *d, const dlcasualty *c, const char *text) {
  size_t n = strlen(text);
  assert_int_equal(c->e - c->s, n);
  assert_memory_equal(d->text + c->s, text, n);
}

/* ------------------------------------------------------- constructions */

static void partitive_passive(void **s) {
  (void)s;
  dl_doc *d = tu_code("Officials said that 7 of Al-Kadhimi's security guards "
                      "were injured in the attack.", NULL);
  const dlcasualty *c = find(d, "injured", 7, "Al-Kadhimi's security guards");
  span_is(d, c, "7");
  assert_false(c->approximate);
  assert_false(c->negated);
  assert_int_equal(c->sent, 0);
  assert_true(c->event >= -1 && c->event < (int32_t)d->events.n);
}

static void gerund_at_least(void **s) {
  (void)s;
  dl_doc *d = tu_code("A car bomb exploded in the market, killing at least 12.",
                      NULL);
  const dlcasualty *c = find(d, "killed", 12, "");
  assert_true(c->approximate);
  span_is(d, c, "at least 12");
}

static void relative_clause_skipped(void **s) {
  (void)s;
  dl_doc *d = tu_code("One protester, who had a link with the militants, was "
                      "killed.", NULL);
  find(d, "killed", 1, "protester");
}

static void dozens_of(void **s) {
  (void)s;
  dl_doc *d = tu_code("While, dozens of security forces members were injured "
                      "during an exchange of fire.", NULL);
  const dlcasualty *c = find(d, "injured", 24, "security forces members");
  assert_true(c->approximate);
  span_is(d, c, "dozens");
}

static void negated_definite(void **s) {
  (void)s;
  dl_doc *d = tu_code("The officials have said that the Prime Minister was not "
                      "injured.", NULL);
  const dlcasualty *c = find(d, "injured", 0, "the Prime Minister");
  assert_true(c->negated);
}

static void no_one_hurt(void **s) {
  (void)s;
  dl_doc *d = tu_code("The building collapsed but no one was hurt.", NULL);
  const dlcasualty *c = find(d, "injured", 0, NULL);
  assert_true(c->negated);
  assert_int_equal(total(d, "injured"), 0);
}

static void death_toll(void **s) {
  (void)s;
  dl_doc *d = tu_code("The death toll rose to 47 on Monday.", NULL);
  find(d, "killed", 47, "");
  d = tu_code("The agency said the death toll could rise.", NULL);
  assert_int_equal(d->cas.n, 0);
}

static void intransitive(void **s) {
  (void)s;
  dl_doc *d = tu_code("At the hospital, 47 people died of their wounds.", NULL);
  find(d, "killed", 47, "people");
}

/* Coordinated subjects give one casualty per conjunct, so that each 'who'
** stays exact; the sum is the same as one casualty of 3. */
static void coordinated_subject(void **s) {
  (void)s;
  dl_doc *d = tu_code("Two soldiers and a civilian were killed.", NULL);
  find(d, "killed", 2, "soldiers");
  find(d, "killed", 1, "civilian");
  assert_int_equal(total(d, "killed"), 3);
}

static void ellipsis(void **s) {
  (void)s;
  dl_doc *d = tu_code("Three attackers were shot dead and two were arrested.",
                      NULL);
  find(d, "killed", 3, "attackers");
  find(d, "arrested", 2, "attackers");
}

static void active_object(void **s) {
  (void)s;
  dl_doc *d = tu_code("Police arrested 11 people after the riot.", NULL);
  find(d, "arrested", 11, "people");
  d = tu_code("Gunmen kidnapped 20 students from a school.", NULL);
  find(d, "kidnapped", 20, "students");
}

static void coordinated_object(void **s) {
  (void)s;
  dl_doc *d = tu_code("The force detained a Taliban leader and two associates "
                      "yesterday.", NULL);
  find(d, "arrested", 1, "Taliban leader");
  find(d, "arrested", 2, "associates");
}

static void more_than_displaced(void **s) {
  (void)s;
  dl_doc *d = tu_code("Flooding has killed at least 47 people and displaced "
                      "more than 10,000 since Wednesday.", NULL);
  find(d, "killed", 47, "people");
  const dlcasualty *c = find(d, "displaced", 10001, NULL);
  assert_true(c->approximate);
}

static void remain_missing(void **s) {
  (void)s;
  dl_doc *d = tu_code("Two rescue workers remain missing.", NULL);
  find(d, "missing", 2, "rescue workers");
}

static void purpose_is_no_report(void **s) {
  (void)s;
  dl_doc *d = tu_code("They began an operation to detain a Taliban leader.",
                      NULL);
  assert_int_equal(d->cas.n, 0);
}

static void modifier_is_no_report(void **s) {
  (void)s;
  dl_doc *d = tu_code("The detained leader planned attacks.", NULL);
  assert_int_equal(d->cas.n, 0);
}

static void restatement_dropped(void **s) {
  (void)s;
  /* a definite re-mention and a repeated count restate the first report */
  dl_doc *d = tu_code("Soldiers killed an insurgent leader on Sunday. They "
                      "returned fire, killing the insurgent leader.", NULL);
  assert_int_equal(total(d, "killed"), 1);
  d = tu_code("The patrol killed two insurgents. The airstrike killed two "
              "armed insurgents.", NULL);
  assert_int_equal(total(d, "killed"), 2);
}

static void headline_restated(void **s) {
  (void)s;
  dl_doc *d = tu_code("Seventeen Killed in Kunar\n\nForces killed seventeen "
                      "insurgents last night.", NULL);
  assert_int_equal(total(d, "killed"), 17);
}

static void noun_of(void **s) {
  (void)s;
  dl_doc *d = tu_code("Forces confirmed the arrest of a Taliban leader.", NULL);
  find(d, "arrested", 1, "Taliban leader");
  d = tu_code("They confirmed the Aug. 29 arrest of a Taliban leader.", NULL);
  assert_int_equal(total(d, "arrested"), 1);
}

static void event_link(void **s) {
  (void)s;
  /* dlcasualty_link on a hand-made events layer: the attack wins over a
     statement in the same sentence, and carries the sums */
  dl_doc *d = tu_code("Officials said 7 guards were injured in the attack.",
                      NULL);
  assert_int_equal(d->cas.n, 1);
  dlevent *say = dlvec_push(&d->arena, &d->events);
  dlevent *att = dlvec_push(&d->arena, &d->events);
  assert_non_null(say);
  assert_non_null(att);
  say = &d->events.v[0];
  att = &d->events.v[1];
  memcpy(say->cameo, "010", 4);
  say->s = 10;
  memcpy(att->cameo, "190", 4);
  att->s = 44;
  say->killed = say->injured = say->arrested = -1;
  att->killed = att->injured = att->arrested = -1;
  dlcasualty_link(d);
  assert_int_equal(d->cas.v[0].event, 1);
  assert_int_equal(att->injured, 7);
  assert_int_equal(att->killed, -1);
  assert_int_equal(say->injured, -1);
  dlcasualty_link(d); /* idempotent */
  assert_int_equal(att->injured, 7);
}

/* -------------------------------------------------------------- numbers */

/* Parse the first token of 'text' as a number. */
static bool num(const char *text, dlnum *n) {
  dl_doc *d = tu_code(text, NULL);
  return dlnum_parse(d, 0, d->toks.n, n);
}

static void numbers(void **s) {
  (void)s;
  static const struct {
    const char *text;
    int64_t value;
    bool approx;
    uint32_t toks;
  } t[] = {
      {"7 people", 7, false, 1},
      {"1,200 people", 1200, false, 1},
      {"seven people", 7, false, 1},
      {"twenty-three people", 23, false, 1},
      {"twenty three people", 23, false, 2},
      {"a dozen people", 12, false, 2},
      {"dozens of people", 24, true, 1},
      {"scores of people", 40, true, 1},
      {"hundreds of people", 200, true, 1},
      {"thousands of people", 2000, true, 1},
      {"tens of thousands of people", 20000, true, 3},
      {"several people", 3, true, 1},
      {"a few people", 3, true, 2},
      {"some people", 2, true, 1},
      {"a handful of people", 3, true, 2},
      {"one hundred and five people", 105, false, 4},
      {"1.5 million people", 1500000, false, 2},
      {"at least 6 people", 6, true, 3},
      {"more than 100 people", 101, true, 3},
      {"over 20 people", 21, true, 2},
      {"up to 30 people", 30, true, 3},
      {"nearly 50 people", 50, true, 2},
      {"about 50 people", 50, true, 2},
      {"some 50 people", 50, true, 2},
      {"6 to 8 people", 6, true, 3},
      {"6-8 people", 6, true, 1},
      {"two or three people", 2, true, 3},
      {"between 6 and 8 people", 6, true, 4},
      {"a hundred people", 100, false, 2},
  };
  for (size_t i = 0; i < DL_COUNTOF(t); i++) {
    dlnum n;
    if (!num(t[i].text, &n))
      fail_msg("'%s' not a number", t[i].text);
    if (n.value != t[i].value || n.approximate != t[i].approx ||
        n.t1 != t[i].toks || n.fraction)
      fail_msg("'%s': %lld approx %d tokens %u", t[i].text,
               (long long)n.value, n.approximate, n.t1);
  }
}

static void not_counts(void **s) {
  (void)s;
  dlnum n;
  assert_true(num("two-thirds of the seats", &n) && n.fraction);
  assert_true(num("half of them", &n) && n.fraction);
  assert_true(num("40% of voters", &n) && n.fraction);
  assert_false(num("2021-11-07 was a Sunday", &n));
  assert_false(num("12th district", &n));
  assert_false(num("over the weekend", &n));
}

static void saturates(void **s) {
  (void)s;
  size_t n = 10000;
  char *big = malloc(n + 16);
  assert_non_null(big);
  memset(big, '9', n);
  memcpy(big + n, " people", 8);
  dlnum x;
  assert_true(num(big, &x));
  assert_true(x.value == DLNUM_MAX);
  /* as a casualty, too */
  memcpy(big + n, " were killed.", 14);
  dl_doc *d = tu_code(big, NULL);
  assert_int_equal(d->cas.n, 1);
  assert_true(d->cas.v[0].count == DLNUM_MAX);
  free(big);
}

/* "that" before a finite verb is a relative pronoun: the relative clause's
** harm counts ("an attack that wounded 20 people"); "that" as a
** determiner before a participle is no report ("that killed man"). */
static void relative_that(void **s) {
  (void)s;
  dl_doc *d = tu_code("Police described an attack on a checkpoint that wounded "
                      "more than 20 people.", "2022-05-02");
  const dlcasualty *c = find(d, "injured", 21, "people");
  assert_true(c->approximate);
  d = tu_code("That wounded man was a farmer.", "2022-05-02");
  assert_int_equal(d->cas.n, 0);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(partitive_passive),
      cmocka_unit_test(gerund_at_least),
      cmocka_unit_test(relative_clause_skipped),
      cmocka_unit_test(dozens_of),
      cmocka_unit_test(negated_definite),
      cmocka_unit_test(no_one_hurt),
      cmocka_unit_test(death_toll),
      cmocka_unit_test(intransitive),
      cmocka_unit_test(coordinated_subject),
      cmocka_unit_test(ellipsis),
      cmocka_unit_test(active_object),
      cmocka_unit_test(coordinated_object),
      cmocka_unit_test(more_than_displaced),
      cmocka_unit_test(remain_missing),
      cmocka_unit_test(purpose_is_no_report),
      cmocka_unit_test(modifier_is_no_report),
      cmocka_unit_test(restatement_dropped),
      cmocka_unit_test(headline_restated),
      cmocka_unit_test(noun_of),
      cmocka_unit_test(event_link),
      cmocka_unit_test(numbers),
      cmocka_unit_test(not_counts),
      cmocka_unit_test(saturates),
      cmocka_unit_test(relative_that),
  };
  return cmocka_run_group_tests(tests, tu_setup, tu_teardown);
}
