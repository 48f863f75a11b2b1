/* test_actor.c: the actor stage (actor.c) through the public API over the
** compiled lexicons (build/data); one case per rule. The entity stage's own
** cases are in test_entity.c. */
#include "testutil.h"

/* The entity whose name is 'name', or NULL. */
static const dlentity *ent(const dl_doc *d, const char *name) {
  size_t n = strlen(name);
  for (uint32_t i = 0; i < d->ents.n; i++)
    if (d->ents.v[i].name_len == n && memcmp(d->ents.v[i].name, name, n) == 0)
      return &d->ents.v[i];
  return NULL;
}

/* wire story: a domestic office without a country ("Police spokesman X",
** "President Y") is the article's main country's, as group nouns are;
** an office that names its country keeps it */
static void domestic_office_main_country(void **s) {
  (void)s;
  dl_doc *d = tu_code("KANO, Nigeria (Lagos Wire) - Gunmen attacked a market "
                      "in Kano. Nigeria's army sent troops to Kano. Police "
                      "spokesman Musa Bello said five people died. President "
                      "Ade Okafor said the attackers would be found.",
                      NULL);
  const dlentity *e = ent(d, "Musa Bello");
  assert_non_null(e);
  assert_true(e->has_actor);
  assert_string_equal(e->actor.code, "NGACOP");
  e = ent(d, "Ade Okafor");
  assert_non_null(e);
  assert_true(e->has_actor);
  assert_string_equal(e->actor.code, "NGAGOV");
  d = tu_code("The United States held talks in Washington with the United "
              "States Congress. Iraqi President Ali Rahim said the talks "
              "went well.", NULL);
  e = ent(d, "Ali Rahim");
  assert_non_null(e);
  assert_true(e->has_actor);
  assert_string_equal(e->actor.code, "IRQGOV");
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(domestic_office_main_country)};
  return cmocka_run_group_tests(tests, tu_setup, tu_teardown);
}
