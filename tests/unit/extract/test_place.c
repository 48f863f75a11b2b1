/* test_place.c: the places stage (place.c): the toponym test the entity
** stage asks, and the geocoder's choices, one test per choice, each naming
** the case that motivates it. Over the gazetteer built by 'make'. */
#include <math.h>

#include "testutil.h"
#include "extract/place.h"

/* The first token whose text is 'w' (from token 'from'), or UINT32_MAX. */
static uint32_t tok(const dl_doc *d, const char *w, uint32_t from) {
  for (uint32_t i = from; i < d->toks.n; i++)
    if (!strcmp(tu_tok(d, i), w))
      return i;
  return UINT32_MAX;
}

static bool topo(const char *text, const char *w, uint32_t len) {
  dl_doc *d = tu_code(text, "2021-11-07");
  uint32_t t = tok(d, w, 0);
  assert_true(t != UINT32_MAX);
  return dlplace_is_toponym(d, t, t + len);
}

/* The place of the GPE/LOC (or NORP) entity with a mention reading 'w'. */
static const dlplace *place_of(const dl_doc *d, const char *w) {
  for (uint32_t i = 0; i < d->ents.n; i++) {
    const dlentity *e = &d->ents.v[i];
    for (uint32_t k = 0; k < e->mentions.n; k++) {
      const dlmention *m = &e->mentions.v[k];
      if (m->e - m->s == strlen(w) && !memcmp(d->text + m->s, w, strlen(w)))
        return e->place.set ? &e->place : NULL;
    }
  }
  return NULL;
}

static double km(const dlplace *p, double lat, double lon) {
  double r = M_PI / 180, a = p->lat * r, b = lat * r;
  double h = sin((a - b) / 2) * sin((a - b) / 2) +
             cos(a) * cos(b) * sin((p->lon - lon) * r / 2) *
                 sin((p->lon - lon) * r / 2);
  return 2 * 6371 * asin(sqrt(h));
}

static bool in(const dlplace *p, const char *cc) {
  return p && p->cc[0] == cc[0] && p->cc[1] == cc[1];
}

/* Seed: "Ned Price, strongly condemns": Price (Utah) is a person after a
** given name and before a speech verb; "in Price, Utah" is the town. */
static void toponym_guards_names(void **s) {
  (void)s;
  assert_false(topo("The spokesman Price said it was over.", "Price", 1));
  assert_true(topo("A fire broke out in Price, Utah, on Sunday.", "Price", 1));
}

/* "Most people", "Mobile phones", "Along the road": common words at the
** start of a sentence are no places (Most, Czechia; Mobile, Alabama). */
static void toponym_guards_common_words(void **s) {
  (void)s;
  assert_false(topo("Most people stayed at home.", "Most", 1));
  assert_false(topo("Best of all, nobody was hurt.", "Best", 1));
  assert_true(topo("Officials in Baghdad said so.", "Baghdad", 1));
  assert_true(topo("Talks in Iraq went on.", "Iraq", 1));
}

/* Seed: Baghdad by population and as the capital (PPLC), in Iraq. */
static void population_and_capital(void **s) {
  (void)s;
  dl_doc *d = tu_code("Officials in Baghdad said the talks went on.", NULL);
  const dlplace *p = place_of(d, "Baghdad");
  assert_true(in(p, "IQ") && p->kind == DLPK_CITY);
  assert_true(km(p, 33.34, 44.40) < 25);
}

/* Seed: "Iraq", "Iran", "the United States" resolve as countries. */
static void countries_as_countries(void **s) {
  (void)s;
  dl_doc *d = tu_code("Iraq and Iran met the United States in Geneva.", NULL);
  const dlplace *p = place_of(d, "Iraq");
  assert_true(in(p, "IQ") && p->kind == DLPK_COUNTRY);
  p = place_of(d, "Iran");
  assert_true(in(p, "IR") && p->kind == DLPK_COUNTRY);
}

/* "Kerman, Iran": containment picks the city in the country named after
** the comma; "Springfield, Illinois" the one in that state. */
static void containment(void **s) {
  (void)s;
  dl_doc *d = tu_code("A quake struck near Kerman, Iran, on Friday.", NULL);
  assert_true(in(place_of(d, "Kerman"), "IR"));
  d = tu_code("Police in Springfield, Illinois, made arrests.", NULL);
  const dlplace *p = place_of(d, "Springfield");
  assert_true(in(p, "US") && p->admin1 && !strcmp(p->admin1, "Illinois"));
}

/* GeoVirus-style "Georgia": the US state in an article about Atlanta and
** the United States, the country in one about Tbilisi and Russia. */
static void article_countries(void **s) {
  (void)s;
  dl_doc *d = tu_code("Health officials in Atlanta said cases rose across "
                      "the United States. In Georgia, schools closed.", NULL);
  assert_true(in(place_of(d, "Georgia"), "US"));
  d = tu_code("Russia sent troops as Georgia protested. Crowds gathered in "
              "Tbilisi.", NULL);
  const dlplace *p = place_of(d, "Georgia");
  assert_true(in(p, "GE") && p->kind == DLPK_COUNTRY);
}

/* Seed dateline "Baghdad:" and wire datelines "BAGHDAD (Reuters) -": the
** dateline's place is an entity, resolved in Iraq. */
static void dateline(void **s) {
  (void)s;
  dl_doc *d = tu_code("BAGHDAD (Reuters) - Talks went on in the capital.",
                      NULL);
  assert_true(d->dateline.present && d->dateline.ent >= 0);
  const dlplace *p = &d->ents.v[d->dateline.ent].place;
  assert_true(in(p, "IQ") && km(p, 33.34, 44.40) < 25);
}

/* Wire story "MOGADISHU, Somalia (Harbor Wire) -": the agency in brackets
** is never a place (not Harbor, Oregon), and the dateline's entity takes
** its name from the ordinary-case mention later on. */
static void dateline_agency_and_name(void **s) {
  (void)s;
  dl_doc *d = tu_code("BASRA, Iraq (Harbor Wire) - Rockets hit a port in "
                      "Basra on Sunday.", NULL);
  assert_true(d->dateline.present && d->dateline.ent >= 0);
  const dlentity *e = &d->ents.v[d->dateline.ent];
  assert_true(in(&e->place, "IQ"));
  assert_int_equal(e->name_len, 5);
  assert_memory_equal(e->name, "Basra", 5);
  for (uint32_t i = 0; i < d->ents.n; i++)
    for (uint32_t k = 0; k < d->ents.v[i].mentions.n; k++)
      if (d->ents.v[i].mentions.v[k].s >= d->dateline.as &&
          d->ents.v[i].mentions.v[k].e <= d->dateline.ae)
        assert_false(d->ents.v[i].place.set);
}

/* Seed: "outside the Green Zone" (features.tsv) lies inside Baghdad. */
static void hand_written_feature(void **s) {
  (void)s;
  dl_doc *d = tu_code("Protesters camped outside the Green Zone in Iraq.",
                      NULL);
  const dlplace *p = place_of(d, "Green Zone");
  assert_true(in(p, "IQ") && p->kind == DLPK_FEATURE);
  assert_true(km(p, 33.34, 44.40) < 25);
}

/* TR-News "Russian culture": a nationality stands for its country. */
static void demonym_country(void **s) {
  (void)s;
  dl_doc *d = tu_code("Two Iraqi officials spoke on Sunday.", NULL);
  assert_true(in(place_of(d, "Iraqi"), "IQ"));
}

/* TR-News "Edmonton" in a Kentucky article: a town of the region the
** article's other places lie in (the dateline's Columbia, Kentucky) beats
** a far larger namesake (Edmonton, Alberta). */
static void article_admin1_region(void **s) {
  (void)s;
  dl_doc *d = tu_code(
      "COLUMBIA, Kentucky - Police said a man from Edmonton was arrested.",
      NULL);
  const dlplace *p = place_of(d, "Edmonton");
  assert_true(in(p, "US") && km(p, 36.98, -85.61) < 50);
}

/* "GLENVILLE, Ky. -": a state's abbreviation (regionabbr.tsv) after a
** town constrains it like the state's name (Columbia, Kentucky, not the
** larger Columbia, South Carolina); with or without its period. */
static void region_abbreviation(void **s) {
  (void)s;
  dl_doc *d = tu_code("COLUMBIA, Ky. - A barn burned down on Sunday night, "
                      "the fire chief said.", NULL);
  assert_true(d->dateline.present && d->dateline.ent >= 0);
  const dlplace *p = &d->ents.v[d->dateline.ent].place;
  assert_true(in(p, "US") && km(p, 37.10, -85.31) < 25);
  d = tu_code("Twins were born in Churchill, Man. on a winter night.", NULL);
  p = place_of(d, "Churchill");
  assert_true(in(p, "CA") && km(p, 58.77, -94.17) < 25);
  d = tu_code("EDMONTON, Ky (Local News) - A barn burned down on Sunday.",
              NULL);
  p = &d->ents.v[d->dateline.ent].place;
  assert_true(in(p, "US") && km(p, 36.98, -85.61) < 25);
}

/* An abbreviation alone is a place only after a comma or a place word:
** not the end of "attended Mass." nor "500 B.C." */
static void region_abbreviation_guard(void **s) {
  (void)s;
  assert_true(topo("She lives in Salem, Ore. with her son.", "Ore", 2));
  assert_false(topo("They attended Mass. Then they ate.", "Mass", 2));
}

/* A town next to the article's other towns beats a larger namesake far
** away: "Edmonton" in a story on Cairns is its suburb in Queensland. */
static void nearby_towns(void **s) {
  (void)s;
  dl_doc *d = tu_code("A man from Edmonton was fined in Cairns on Monday. "
                      "He had driven from Yarrabah the night before.", NULL);
  const dlplace *p = place_of(d, "Edmonton");
  assert_true(in(p, "AU") && km(p, -17.02, 145.74) < 25);
}

/* The dateline is settled again once the article's places are known:
** "EDMONTON -" over a story on Cairns and Yarrabah is their neighbour in
** Queensland, not the far larger Edmonton, Alberta. */
static void dateline_in_context(void **s) {
  (void)s;
  dl_doc *d = tu_code("EDMONTON - The pool opened on Monday. Swimmers from "
                      "Cairns and Yarrabah came, and the mayor of Cairns "
                      "said more pools are needed.", NULL);
  assert_true(d->dateline.present && d->dateline.ent >= 0);
  const dlplace *p = &d->ents.v[d->dateline.ent].place;
  assert_true(in(p, "AU") && km(p, -17.02, 145.74) < 25);
}

/* A county the gazetteer lacks is placed in the article's state, among its
** towns there, not at a namesake town in another state ("Metcalfe County"
** with "EDMONTON, Ky." is around Edmonton, not Metcalfe, Mississippi). */
static void county_in_context(void **s) {
  (void)s;
  dl_doc *d = tu_code("EDMONTON, Ky. - Firefighters from Metcalfe County "
                      "put out a barn fire on Sunday.", NULL);
  const dlplace *p = place_of(d, "Metcalfe County");
  assert_true(in(p, "US") && p->kind == DLPK_FEATURE);
  assert_true(km(p, 36.99, -85.63) < 50);
  assert_string_equal(p->admin1, "Kentucky");
}

/* "DALLAS, Vt.": the gazetteer has Dallases in other states only; the
** town is a place it lacks, in Vermont, not Dallas, Texas. */
static void town_missing_in_named_region(void **s) {
  (void)s;
  dl_doc *d = tu_code("DALLAS, Vt. - A barn burned down on Sunday night, "
                      "the fire chief said.", NULL);
  assert_true(d->dateline.present && d->dateline.ent >= 0);
  const dlplace *p = &d->ents.v[d->dateline.ent].place;
  assert_true(in(p, "US") && p->kind == DLPK_FEATURE);
  assert_string_equal(p->admin1, "Vermont");
  assert_true(km(p, 44.0, -72.7) < 100);
}

/* The same when the dateline is one mention with its region ("HINTON,
** Vt." as a single entity): the container inside the mention counts. */
static void container_inside_mention(void **s) {
  (void)s;
  dl_doc *d = tu_code("HINTON, Vt. - A barn burned down on Sunday night.",
                      NULL);
  assert_true(d->dateline.present && d->dateline.ent >= 0);
  const dlplace *p = &d->ents.v[d->dateline.ent].place;
  assert_true(in(p, "US") && p->kind == DLPK_FEATURE);
  assert_string_equal(p->admin1, "Vermont");
}

/* A county inside a longer name ("the Metcalfe County Coroner") is placed
** like the county alone. */
static void county_inside_name(void **s) {
  (void)s;
  dl_doc *d = tu_code("EDMONTON, Ky. - The Metcalfe County Coroner said a "
                      "man died in a barn fire on Sunday.", NULL);
  const dlplace *p = place_of(d, "Metcalfe County Coroner");
  assert_true(in(p, "US") && km(p, 36.99, -85.63) < 50);
}

/* A mention cut short at its start ("Congo" of "the Democratic Republic
** of the Congo") takes the longest capitalised name ending with it; a
** lower-case word before it does not count ("east London" is London). */
static void name_cut_short(void **s) {
  (void)s;
  dl_doc *d = tu_code("Fighting in the Democratic Republic of the Congo "
                      "killed five.", NULL);
  const dlplace *p = NULL;
  for (uint32_t i = 0; i < d->ents.n && !p; i++)
    if (d->ents.v[i].place.set)
      p = &d->ents.v[i].place;
  assert_true(in(p, "CD"));
  d = tu_code("Shops in east London closed early.", NULL);
  assert_true(in(place_of(d, "London"), "GB"));
}

/* "worked in Russia, U.S. officials said": a country followed by another
** is two countries, not a town of the second (Russia, Ohio). */
static void country_not_contained(void **s) {
  (void)s;
  dl_doc *d = tu_code("He had worked in Russia, U.S. officials said on "
                      "Tuesday.", NULL);
  const dlplace *p = place_of(d, "Russia");
  assert_true(in(p, "RU") && p->kind == DLPK_COUNTRY);
}

/* "New York", "Quebec": a US state or Canadian province that is also the
** name of a city in it means the region (the city is "New York City");
** a dateline still names the city. */
static void region_over_namesake_city(void **s) {
  (void)s;
  dl_doc *d = tu_code("The governor of New York signed the bill.", NULL);
  const dlplace *p = place_of(d, "New York");
  assert_true(p && p->kind == DLPK_ADMIN1 && km(p, 43.0, -75.5) < 100);
  d = tu_code("Farmers in Quebec sold more milk this year.", NULL);
  p = place_of(d, "Quebec");
  assert_true(p && p->kind == DLPK_ADMIN1 && km(p, 52.0, -72.0) < 100);
  d = tu_code("NEW YORK (Wire) - Stocks fell on Monday.", NULL);
  p = &d->ents.v[d->dateline.ent].place;
  assert_true(p->kind == DLPK_CITY && km(p, 40.71, -74.01) < 25);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(toponym_guards_names),
      cmocka_unit_test(toponym_guards_common_words),
      cmocka_unit_test(population_and_capital),
      cmocka_unit_test(countries_as_countries),
      cmocka_unit_test(containment),
      cmocka_unit_test(article_countries),
      cmocka_unit_test(dateline),
      cmocka_unit_test(dateline_agency_and_name),
      cmocka_unit_test(hand_written_feature),
      cmocka_unit_test(demonym_country),
      cmocka_unit_test(article_admin1_region),
      cmocka_unit_test(region_abbreviation),
      cmocka_unit_test(region_abbreviation_guard),
      cmocka_unit_test(nearby_towns),
      cmocka_unit_test(dateline_in_context),
      cmocka_unit_test(county_in_context),
      cmocka_unit_test(town_missing_in_named_region),
      cmocka_unit_test(container_inside_mention),
      cmocka_unit_test(county_inside_name),
      cmocka_unit_test(name_cut_short),
      cmocka_unit_test(country_not_contained),
      cmocka_unit_test(region_over_namesake_city)};
  return cmocka_run_group_tests(tests, tu_setup, tu_teardown);
}
