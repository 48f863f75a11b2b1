/* test_entity.c: the entity and actor stages (entity.c, actor.c) through the
** public API over the compiled lexicons (build/data); one case per rule. */
#include "testutil.h"
#include "extract/actor.h"
#include "extract/entity.h"
#include "extract/ner.h"

/* The entity whose name is 'name', or NULL. */
static const dlentity *ent(const dl_doc *d, const char *name) {
  size_t n = strlen(name);
  for (uint32_t i = 0; i < d->ents.n; i++)
    if (d->ents.v[i].name_len == n && memcmp(d->ents.v[i].name, name, n) == 0)
      return &d->ents.v[i];
  return NULL;
}

static bool code_is(const dlentity *e, const char *code) {
  return e && e->has_actor && strcmp(e->actor.code, code) == 0;
}

/* rule: title + "of" + country splits off the country; the name gets the
** title and the country's code */
static void title_of_country(void **s) {
  (void)s;
  dl_doc *d = tu_code("Prime Minister of Iraq Mustafa Al-Kadhimi spoke.", NULL);
  const dlentity *e = ent(d, "Mustafa Al-Kadhimi");
  assert_non_null(e);
  assert_int_equal(e->type, DLE_PERSON);
  assert_int_equal(e->title_len, strlen("Prime Minister"));
  assert_true(code_is(e, "IRQGOV"));
  assert_non_null(ent(d, "Iraq"));
  assert_int_equal(ent(d, "Iraq")->type, DLE_GPE);
}

/* rule: surnames and "the Prime Minister" corefer with the full name */
static void coreference(void **s) {
  (void)s;
  dl_doc *d = tu_code("Prime Minister Mustafa Al-Kadhimi survived. The "
                      "officials said the Prime Minister was not injured. "
                      "Seven of Al-Kadhimi's guards were hurt. Kadhimi "
                      "tweeted.",
                      NULL);
  const dlentity *e = ent(d, "Mustafa Al-Kadhimi");
  assert_non_null(e);
  assert_int_equal(e->mentions.n, 4);
  uint32_t np = 0;
  for (uint32_t i = 0; i < d->ents.n; i++)
    np += d->ents.v[i].type == DLE_PERSON;
  assert_int_equal(np, 1);
}

/* rule: "NAME, a spokesperson for ORG" and "TITLE for ORG, NAME": the org's
** country and role go to the person */
static void apposition(void **s) {
  (void)s;
  dl_doc *d = tu_code("A spokesperson for the United States Department of "
                      "State, Ned Price, condemned the attack.",
                      NULL);
  assert_true(code_is(ent(d, "United States Department of State"), "USAGOV"));
  assert_true(code_is(ent(d, "Ned Price"), "USAGOV"));
  d = tu_code("Ned Price, a spokesperson for the State Department, spoke.",
              NULL);
  assert_true(code_is(ent(d, "Ned Price"), "USAGOV"));
}

/* rule: possessive country before a lower-case body */
static void possessive(void **s) {
  (void)s;
  dl_doc *d = tu_code("The secretary of Iran's national security council, "
                      "Ali Shamkhani, said so.",
                      NULL);
  assert_true(code_is(ent(d, "Ali Shamkhani"), "IRNGOV"));
}

/* rule: demonym + title + name */
static void demonym_title(void **s) {
  (void)s;
  dl_doc *d = tu_code("He met Iraqi President Barham Salih on Monday.", NULL);
  assert_true(code_is(ent(d, "Barham Salih"), "IRQGOV"));
  assert_int_equal(ent(d, "Iraqi")->type, DLE_NORP);
}

/* rule: "the U.S.", "the United States" and "US" are one entity */
static void country_variants(void **s) {
  (void)s;
  dl_doc *d = tu_code("The U.S. said the United States and US allies agree.",
                      NULL);
  const dlentity *e = ent(d, "United States");
  assert_non_null(e);
  assert_int_equal(e->mentions.n, 3);
  assert_true(code_is(e, "USA"));
}

/* rule: sentence-initial common words are not names; unknown capitalised
** words at a sentence start need support */
static void sentence_start(void **s) {
  (void)s;
  dl_doc *d = tu_code("Shortly after the attack, officials left. Earlier "
                      "on Friday it rained.",
                      NULL);
  assert_int_equal(d->ents.n, 0);
}

/* rule: organisation cue words and the org lexicon; IGO codes */
static void organisations(void **s) {
  (void)s;
  dl_doc *d = tu_code("The Ministry of Foreign Affairs and NATO met the "
                      "United Nations.",
                      NULL);
  assert_int_equal(ent(d, "Ministry of Foreign Affairs")->type, DLE_ORG);
  assert_true(code_is(ent(d, "NATO"), "IGOWSTNAT"));
  assert_true(code_is(ent(d, "United Nations"), "IGOUNO"));
}

/* rule: location cue words make a LOC ("Green Zone", "Tampa Bay") */
static void location_cues(void **s) {
  (void)s;
  dl_doc *d = tu_code("Protesters camped outside the Green Zone and near "
                      "Tampa Bay.",
                      NULL);
  assert_int_equal(ent(d, "Green Zone")->type, DLE_LOC);
  assert_int_equal(ent(d, "Tampa Bay")->type, DLE_LOC);
}

/* rule: group nouns get the article's main country (dlactor_group) */
static void groups(void **s) {
  (void)s;
  dl_doc *d = tu_code("Iraq held elections. In Iraq, the security forces "
                      "fired on protesters.",
                      NULL);
  dlactor a;
  uint32_t t = 0;
  while (t < d->toks.n && !dltok_is(d, t, "security"))
    t++;
  assert_true(t + 1 < d->toks.n);
  assert_true(dlactor_group(d, t, t + 2, &a));
  assert_string_equal(a.code, "IRQCOP");
  d = tu_code("Iranian militias attacked.", NULL);
  assert_true(dlactor_group(d, 0, 2, &a));
  assert_string_equal(a.code, "IRNREB");
}

/* rule: tokent marks every mention's tokens */
static void tokent(void **s) {
  (void)s;
  dl_doc *d = tu_code("Ned Price spoke in Baghdad.", NULL);
  assert_non_null(d->tokent);
  assert_true(d->tokent[0] >= 0 && d->tokent[0] == d->tokent[1]);
  assert_int_equal(d->tokent[2], -1);
  assert_true(d->tokent[4] >= 0 && d->tokent[4] != d->tokent[0]);
}

/* rule: a lone first name from given.tsv is a person ("Thanks, Ginny") */
static void lone_given_name(void **s) {
  (void)s;
  dl_doc *d = tu_code("Thanks for the draft, Marlowe.", NULL);
  const dlentity *e = ent(d, "Marlowe");
  assert_non_null(e);
  assert_int_equal(e->type, DLE_PERSON);
}

/* the rules' proposal as the name tagger reads it: type + 1, B/I, weak */
static void rule_codes(void **s) {
  (void)s;
  dl_doc *d = tu_code("Ned Price spoke in Baghdad.", NULL);
  uint8_t code[16];
  assert_true(d->toks.n <= 16);
  dlentity_rules(d, code);
  assert_int_equal(code[0], DLE_PERSON + 1);
  assert_int_equal(code[1], (DLE_PERSON + 1) | DLNR_INSIDE);
  assert_int_equal(code[2], 0);
  assert_int_equal(code[4], DLE_GPE + 1);
}

/* BIO: I-X only after B-X or I-X */
static void bio_transitions(void **s) {
  (void)s;
  assert_true(dlner_allowed(DLNER_O, DLNER_BPER));
  assert_true(dlner_allowed(DLNER_BPER, DLNER_IPER));
  assert_true(dlner_allowed(DLNER_IPER, DLNER_IPER));
  assert_false(dlner_allowed(DLNER_O, DLNER_IORG));
  assert_false(dlner_allowed(DLNER_BPER, DLNER_IORG));
  assert_true(dlner_allowed(DLNER_ILOC, DLNER_BLOC));
  assert_string_equal(dlner_label_name(DLNER_ILOC), "I-LOC");
}

/* the agency in a dateline's parentheses is a media organisation, not a
** place ("Harbor" is a town in Oregon; golden wire-story.txt) */
static void dateline_agency(void **s) {
  (void)s;
  dl_doc *d = tu_code("BASRA, Iraq (Harbor Wire) - Two men were arrested "
                      "on Monday, police said.", NULL);
  const dlentity *a = ent(d, "Harbor Wire");
  assert_non_null(a);
  assert_int_equal(a->type, DLE_ORG);
  assert_false(a->place.set);
  assert_true(a->has_actor);
  assert_string_equal(a->actor.role, "MED");
  assert_string_equal(a->actor.country, "");
  assert_true(d->dateline.ent >= 0);
  assert_int_equal(d->ents.v[d->dateline.ent].type, DLE_GPE);
}

/* rule: a lexicon toponym that the run continues in lower case ("Helmand
** province", data/lex/features.tsv) is one place, not lost */
static void lower_case_tail(void **s) {
  (void)s;
  dl_doc *d = tu_code("Shelling hit villages in Helmand province on Monday.",
                      "2022-05-02");
  const dlentity *e = ent(d, "Helmand province");
  assert_non_null(e);
  assert_true(e->place.set);
  assert_string_equal(e->place.cc, "AF");
}

/* rule: a middle initial whose period the tokens split off stays inside
** the name */
static void middle_initial(void **s) {
  (void)s;
  dl_doc *d = tu_code("The board named Rosalind K. Whitfield as its chair on "
                      "Tuesday.", NULL);
  const dlentity *e = ent(d, "Rosalind K. Whitfield");
  assert_non_null(e);
  assert_int_equal(e->type, DLE_PERSON);
}

/* rule: a company form after the name belongs to it (", Inc.", "Corp.") */
static void company_form(void **s) {
  (void)s;
  dl_doc *d = tu_code("Shares of Quillmark, Inc. fell after the report.", NULL);
  const dlentity *e = ent(d, "Quillmark, Inc.");
  assert_non_null(e);
  assert_int_equal(e->type, DLE_ORG);
  assert_null(ent(d, "Inc"));
  d = tu_code("He bought shares of Brantley Corp. last year.", NULL);
  assert_non_null(ent(d, "Brantley Corp."));
  assert_int_equal(ent(d, "Brantley Corp.")->type, DLE_ORG);
}

/* rule: an ordinary word before a colon labels a line (web text, mail
** headers): no dateline and no place; "Baghdad:" stays a dateline */
static void label_line(void **s) {
  (void)s;
  dl_doc *d = tu_code("Email : notes for the team", NULL);
  assert_false(d->dateline.present);
  assert_int_equal(d->ents.n, 0);
  d = tu_code("Baghdad: Two men were arrested on Monday, police said.", NULL);
  assert_true(d->dateline.present);
  assert_true(d->dateline.ent >= 0);
}

/* rule: a lower-case word the name model knows as a word is no place even
** where the gazetteer has it ("turn") */
static void lower_known_word(void **s) {
  (void)s;
  dl_doc *d = tu_code("We hope to turn the page soon.", NULL);
  assert_int_equal(d->ents.n, 0);
}

/* rule: a lone unknown capitalised word is a person as the subject of a
** speech verb or after a greeting, and nothing without such a cue */
static void lone_word_cues(void **s) {
  (void)s;
  dl_doc *d = tu_code("The plan will not work, Okonkwo said.", NULL);
  assert_non_null(ent(d, "Okonkwo"));
  assert_int_equal(ent(d, "Okonkwo")->type, DLE_PERSON);
  d = tu_code("Hey Zbyszko, see you soon.", NULL);
  assert_non_null(ent(d, "Zbyszko"));
  d = tu_code("The plan will not work for Okonkwo.", NULL);
  assert_null(ent(d, "Okonkwo"));
}

/* rule: a storm's name is no person ("Hurricane Mabel") */
static void storms(void **s) {
  (void)s;
  dl_doc *d = tu_code("Flooding after Hurricane Mabel closed the roads.", NULL);
  assert_int_equal(d->ents.n, 0);
}

/* rule: no place from a word the tagger does not call a proper noun at the
** start of a sentence ("Ask"), nor from a label before a colon that is
** no big place ("Slope :") */
static void sentence_start_words(void **s) {
  (void)s;
  dl_doc *d = tu_code("Ask the Night Team about the schedule.", NULL);
  assert_null(ent(d, "Ask"));
  d = tu_code("Slope : 0.25 per year", NULL);
  assert_false(d->dateline.present);
  assert_int_equal(d->ents.n, 0);
}

/* rule: lower-case places of several words ("new york") and a region right
** after a place ("tucson arizona") */
static void lower_case_places(void **s) {
  (void)s;
  dl_doc *d = tu_code("we flew from new york to tucson arizona last week", NULL);
  assert_non_null(ent(d, "new york"));
  assert_non_null(ent(d, "arizona"));
  assert_int_equal(ent(d, "arizona")->type, DLE_GPE);
}

/* rule: a title-case phrase with a word the name model knows in lower case
** is no person ("Grain Desk") */
static void phrase_with_word(void **s) {
  (void)s;
  dl_doc *d = tu_code("Send the draft to the Grain Desk today.", NULL);
  assert_int_equal(d->ents.n, 0);
}

/* rule: a place and one ordinary word after it is the place ("Peru
** Journey"), a plural after it still a team ("Houston Rockets") */
static void place_and_word(void **s) {
  (void)s;
  dl_doc *d = tu_code("Tickets for the Peru Journey sold out.", NULL);
  assert_non_null(ent(d, "Peru"));
  assert_int_equal(ent(d, "Peru")->type, DLE_GPE);
  assert_null(ent(d, "Peru Journey"));
  d = tu_code("The Houston Rockets won again.", NULL);
  assert_non_null(ent(d, "Houston Rockets"));
  assert_int_equal(ent(d, "Houston Rockets")->type, DLE_ORG);
}

/* rule: two capitalised words joined by a spaced hyphen are one name */
static void spaced_hyphen(void **s) {
  (void)s;
  dl_doc *d = tu_code("We met at the Sandoval - Brix Institute.", NULL);
  assert_non_null(ent(d, "Sandoval - Brix Institute"));
  assert_int_equal(ent(d, "Sandoval - Brix Institute")->type, DLE_ORG);
}

/* rule: a US state's postal code after a place and a comma is a place */
static void state_code(void **s) {
  (void)s;
  dl_doc *d = tu_code("We live near Dayton, OH and like it.", NULL);
  assert_non_null(ent(d, "OH"));
  assert_int_equal(ent(d, "OH")->type, DLE_GPE);
}

/* rule: a one-word town name after a title or before "administration" is
** a person */
static void title_before_town(void **s) {
  (void)s;
  dl_doc *d = tu_code("Critics of the Bush administration said so.", NULL);
  assert_non_null(ent(d, "Bush"));
  assert_int_equal(ent(d, "Bush")->type, DLE_PERSON);
  d = tu_code("President Bush on Tuesday named two judges.", NULL);
  assert_non_null(ent(d, "Bush"));
  assert_int_equal(ent(d, "Bush")->type, DLE_PERSON);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(title_of_country), cmocka_unit_test(coreference),
      cmocka_unit_test(apposition),       cmocka_unit_test(possessive),
      cmocka_unit_test(demonym_title),    cmocka_unit_test(country_variants),
      cmocka_unit_test(sentence_start),   cmocka_unit_test(organisations),
      cmocka_unit_test(location_cues),    cmocka_unit_test(groups),
      cmocka_unit_test(tokent),           cmocka_unit_test(lone_given_name),
      cmocka_unit_test(rule_codes),       cmocka_unit_test(bio_transitions),
      cmocka_unit_test(dateline_agency),  cmocka_unit_test(lower_case_tail),
      cmocka_unit_test(middle_initial),   cmocka_unit_test(company_form),
      cmocka_unit_test(label_line),       cmocka_unit_test(lower_known_word),
      cmocka_unit_test(lone_word_cues),   cmocka_unit_test(storms),
      cmocka_unit_test(sentence_start_words),
      cmocka_unit_test(lower_case_places), cmocka_unit_test(phrase_with_word),
      cmocka_unit_test(place_and_word),   cmocka_unit_test(spaced_hyphen),
      cmocka_unit_test(state_code),       cmocka_unit_test(title_before_town)};
  return cmocka_run_group_tests(tests, tu_setup, tu_teardown);
}
