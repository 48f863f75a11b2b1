/* test_clause.c: clauses of the parse stage (clause.c): subject, verb
** group (voice, tense, negation, modal), objects, prepositional phrases,
** passive agents, relative and reported clauses. */
#include "testutil.h"
#include "parse/parse.h"

/* The text of a noun phrase, or "" when none. */
static const char *np(const dl_doc *d, dlnp n) {
  static char buf[256];
  if (n.t1 <= n.t0)
    return "";
  size_t s = d->toks.v[n.t0].s, e = d->toks.v[n.t1 - 1].e;
  if (e - s >= sizeof buf)
    e = s + sizeof buf - 1;
  memcpy(buf, d->text + s, e - s);
  buf[e - s] = 0;
  return buf;
}

static const dlclause *one(const dl_doc *d, uint32_t k) {
  assert_true(k < d->clauses.n);
  return &d->clauses.v[k];
}

static void active(void **s) {
  (void)s;
  dl_doc *d = tu_code("Police arrested 11 protesters in the capital.", NULL);
  assert_int_equal(d->clauses.n, 1);
  const dlclause *c = one(d, 0);
  assert_int_equal(c->kind, DLCL_MAIN);
  assert_int_equal(c->voice, DLV_ACTIVE);
  assert_int_equal(c->tense, DLTN_PAST);
  assert_false(c->negated);
  assert_string_equal(np(d, c->subj), "Police");
  assert_string_equal(tu_tok(d, c->verb), "arrested");
  assert_int_equal(c->nobj, 1);
  assert_string_equal(np(d, c->obj[0]), "11 protesters");
  assert_int_equal(c->npp, 1);
  assert_string_equal(tu_tok(d, c->pp[0].prep), "in");
  assert_string_equal(np(d, c->pp[0].np), "the capital");
  assert_string_equal(np(d, c->agent), "");
}

static void passive_agent(void **s) {
  (void)s;
  dl_doc *d = tu_code("The convoy was attacked by gunmen.", NULL);
  assert_int_equal(d->clauses.n, 1);
  const dlclause *c = one(d, 0);
  assert_int_equal(c->voice, DLV_PASSIVE);
  assert_int_equal(c->tense, DLTN_PAST);
  assert_string_equal(np(d, c->subj), "The convoy");
  assert_string_equal(tu_tok(d, c->verb), "attacked");
  assert_string_equal(np(d, c->agent), "gunmen");
  assert_int_equal(c->nobj, 0);
}

static void passive_no_agent(void **s) {
  (void)s;
  dl_doc *d = tu_code("Seven guards were injured in the attack.", NULL);
  const dlclause *c = one(d, 0);
  assert_int_equal(c->voice, DLV_PASSIVE);
  assert_string_equal(np(d, c->subj), "Seven guards");
  assert_string_equal(np(d, c->agent), "");
  assert_int_equal(c->npp, 1);
  assert_string_equal(np(d, c->pp[0].np), "the attack");
}

static void negated(void **s) {
  (void)s;
  dl_doc *d = tu_code("The minister was not injured.", NULL);
  const dlclause *c = one(d, 0);
  assert_true(c->negated);
  assert_int_equal(c->voice, DLV_PASSIVE);
  assert_string_equal(np(d, c->subj), "The minister");
  assert_string_equal(tu_tok(d, c->verb), "injured");
  d = tu_code("The minister didn't resign.", NULL);
  c = one(d, 0);
  assert_true(c->negated);
  assert_int_equal(c->voice, DLV_ACTIVE);
}

static void future_modal(void **s) {
  (void)s;
  dl_doc *d = tu_code("The government will hold talks.", NULL);
  const dlclause *c = one(d, 0);
  assert_int_equal(c->tense, DLTN_FUTURE);
  assert_int_not_equal(c->modal, UINT32_MAX);
  assert_string_equal(tu_tok(d, c->modal), "will");
  assert_string_equal(tu_tok(d, c->verb), "hold");
  assert_string_equal(np(d, c->subj), "The government");
  assert_string_equal(np(d, c->obj[0]), "talks");
  d = tu_code("The rebels are going to attack the town.", NULL);
  c = one(d, 0);
  assert_int_equal(c->tense, DLTN_FUTURE);
  assert_string_equal(tu_tok(d, c->verb), "attack");
}

static void relative(void **s) {
  (void)s;
  dl_doc *d = tu_code(
      "One protester, who had a link with the militants, was killed.", NULL);
  assert_int_equal(d->clauses.n, 2);
  const dlclause *r = one(d, 0), *m = one(d, 1);
  assert_int_equal(r->kind, DLCL_RELATIVE);
  assert_true(r->rel_subject);
  assert_int_equal(r->parent, 1);
  assert_string_equal(np(d, r->subj), "One protester");
  assert_string_equal(np(d, r->obj[0]), "a link");
  assert_string_equal(np(d, r->pp[0].np), "the militants");
  assert_int_equal(m->kind, DLCL_MAIN);
  assert_int_equal(m->voice, DLV_PASSIVE);
  assert_string_equal(np(d, m->subj), "One protester");
}

static void reported(void **s) {
  (void)s;
  dl_doc *d = tu_code("Officials said that the attack failed.", NULL);
  assert_int_equal(d->clauses.n, 2);
  const dlclause *a = one(d, 0), *b = one(d, 1);
  assert_int_equal(a->kind, DLCL_MAIN);
  assert_string_equal(np(d, a->subj), "Officials");
  assert_int_equal(a->nobj, 0);
  assert_int_equal(b->kind, DLCL_REPORTED);
  assert_int_equal(b->parent, 0);
  assert_string_equal(np(d, b->subj), "the attack");
  assert_string_equal(tu_tok(d, b->verb), "failed");
  /* a trailing speech clause reports what came before it */
  d = tu_code("The attack failed, officials said.", NULL);
  assert_int_equal(one(d, 0)->kind, DLCL_REPORTED);
  assert_int_equal(one(d, 0)->parent, 1);
  assert_string_equal(np(d, one(d, 1)->subj), "officials");
}

static void coordination(void **s) {
  (void)s;
  dl_doc *d = tu_code(
      "Police arrested 11 protesters and injured five others.", NULL);
  assert_int_equal(d->clauses.n, 2);
  const dlclause *c = one(d, 1);
  assert_int_equal(c->kind, DLCL_COORD);
  assert_string_equal(np(d, c->subj), "Police");
  assert_string_equal(np(d, c->obj[0]), "five others");
  d = tu_code("The Secretary of Iran's national security council resigned.",
              NULL);
  assert_string_equal(np(d, one(d, 0)->subj),
                      "The Secretary of Iran's national security council");
}

/* "to" + verb after a verb group: its subject is the controller */
static void xcomp(void **s) {
  (void)s;
  dl_doc *d = tu_code("The militants tried to attack the base.", NULL);
  assert_int_equal(d->clauses.n, 2);
  const dlclause *c = one(d, 1);
  assert_int_equal(c->kind, DLCL_XCOMP);
  assert_int_equal(c->parent, 0);
  assert_string_equal(tu_tok(d, c->verb), "attack");
  assert_string_equal(np(d, c->subj), "The militants");
  assert_string_equal(np(d, c->obj[0]), "the base");
  d = tu_code("Police want him to surrender.", NULL);
  assert_string_equal(np(d, one(d, 1)->subj), "him");
}

static void no_verbs(void **s) {
  (void)s;
  dl_doc *d = tu_code("Baghdad, Iraq. ... 123 !!!", NULL);
  assert_int_equal(d->clauses.n, 0);
  d = tu_code("", NULL);
  assert_int_equal(d->clauses.n, 0);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(active),       cmocka_unit_test(passive_agent),
      cmocka_unit_test(passive_no_agent), cmocka_unit_test(negated),
      cmocka_unit_test(future_modal), cmocka_unit_test(relative),
      cmocka_unit_test(reported),     cmocka_unit_test(coordination),
      cmocka_unit_test(xcomp),        cmocka_unit_test(no_verbs)};
  return cmocka_run_group_tests(tests, tu_setup, tu_teardown);
}
