/* test_event.c: the events stage (event.c) through the public API, one test
** per construction, each naming the lexicon entry (data/lex/events.src.tsv,
** data/lex/modal.tsv) it relies on. Over the data built by 'make'. */
#include "testutil.h"

/* The first event whose trigger text starts with 'w', or NULL. */
static const dlevent *ev(const dl_doc *d, const char *w) {
  for (uint32_t i = 0; i < d->events.n; i++) {
    const dlevent *v = &d->events.v[i];
    if (v->e - v->s >= strlen(w) && !memcmp(d->text + v->s, w, strlen(w)))
      return v;
  }
  return NULL;
}

static bool code_is(const dlactref *r, const char *country) {
  return r->set && !strncmp(r->code, country, strlen(country));
}

static bool root_is(const dlevent *v, const char *root) {
  return v && v->cameo[0] == root[0] && v->cameo[1] == root[1];
}

static bool has_theme(const dl_doc *d, const char *t) {
  for (uint32_t i = 0; i < d->themes.n; i++)
    if (!strcmp(d->themes.v[i], t))
      return true;
  return false;
}

/* Active voice: subject -> source, object -> target ('condemn/v' 111). */
static void active(void **st) {
  (void)st;
  dl_doc *d = tu_code("Iran condemned Israel on Monday.", "2021-11-10");
  const dlevent *v = ev(d, "condemned");
  assert_non_null(v);
  assert_true(root_is(v, "11"));
  assert_true(code_is(&v->source, "IRN"));
  assert_true(code_is(&v->target, "ISR"));
  assert_string_equal(v->date, "2021-11-08");
  assert_int_equal(v->modality, DLM_ASSERTED);
  assert_non_null(strstr(v->rule, "condemn"));
}

/* Passive with a by-agent: the agent is the source, the subject the
** target ('arrest/v' 173). */
static void passive_agent(void **st) {
  (void)st;
  dl_doc *d = tu_code("Two Iranian journalists were arrested by Turkish police "
                      "in Istanbul.", "2021-11-10");
  const dlevent *v = ev(d, "arrested");
  assert_non_null(v);
  assert_string_equal(v->cameo, "173");
  assert_true(code_is(&v->source, "TUR"));
  assert_true(code_is(&v->target, "IRN"));
  assert_true(v->place.set && v->place.cc[0] == 'T' && v->place.cc[1] == 'R');
  assert_true(has_theme(d, "ARREST"));
}

/* Nominal: "the attack on X's residence" with no earlier attack is an
** event with X as target ('attack/n' 180). */
static void nominal_on(void **st) {
  (void)st;
  dl_doc *d = tu_code("Police investigated the attack on Mustafa Al-Kadhimi's residence "
                      "in Baghdad.", "2021-11-10");
  const dlevent *v = ev(d, "attack");
  assert_non_null(v);
  assert_true(root_is(v, "18"));
  assert_true(v->target.set);
  assert_non_null(ev(d, "investigated"));
}

/* A nominal subject: "a drone strike killed ..." is one event, the kill
** folds into it ('drone strike/n' 195, 'kill/v' h). */
static void nominal_subject(void **st) {
  (void)st;
  dl_doc *d = tu_code("A drone strike killed three militants near Mosul on "
                      "Sunday.", "2021-11-10");
  assert_int_equal(d->events.n, 1);
  assert_string_equal(d->events.v[0].cameo, "195");
  assert_string_equal(d->events.v[0].date, "2021-11-07");
}

/* Negated: "no claims ... were made" ('claim/n' x, modal 'no'). */
static void negated(void **st) {
  (void)st;
  dl_doc *d = tu_code("A bomb attack hit a market in Kabul. No claims of "
                      "responsibility were made.", "2021-11-10");
  const dlevent *c = ev(d, "claim");
  assert_non_null(c);
  assert_int_equal(c->modality, DLM_NEGATED);
  const dlevent *a = ev(d, "bomb attack");
  assert_non_null(a);
  assert_true(a->source.set && a->source.text &&
              !strcmp(a->source.text, "unknown"));
}

/* Attempted: "tried to" before the verb ('storm/v', modal 'try to/v'). */
static void attempted(void **st) {
  (void)st;
  dl_doc *d = tu_code("Protesters tried to storm the parliament in Baghdad.",
                      "2021-11-10");
  const dlevent *v = ev(d, "storm");
  assert_non_null(v);
  assert_int_equal(v->modality, DLM_ATTEMPTED);
  assert_true(root_is(v, "14"));
}

/* A patient subject: "X survived an assassination attempt" ('assassination
** attempt/n' a, modal 'survive/v' patient). */
static void survived(void **st) {
  (void)st;
  dl_doc *d = tu_code("Prime Minister of Iraq Mustafa Al-Kadhimi survived an "
                      "assassination attempt on Sunday.", "2021-11-07");
  const dlevent *v = ev(d, "assassination attempt");
  assert_non_null(v);
  assert_string_equal(v->cameo, "185");
  assert_int_equal(v->modality, DLM_ATTEMPTED);
  assert_true(code_is(&v->target, "IRQ"));
  assert_false(v->source.set && v->source.code[0]);
  assert_true(has_theme(d, "ASSASSINATION"));
}

/* Hedged: "reportedly" ('shell/v' 194, modal 'reportedly'). */
static void hedged(void **st) {
  (void)st;
  dl_doc *d = tu_code("Syrian troops reportedly shelled the town of Idlib.",
                      "2021-11-10");
  const dlevent *v = ev(d, "shelled");
  assert_non_null(v);
  assert_string_equal(v->cameo, "194");
  assert_int_equal(v->modality, DLM_HEDGED);
  assert_true(code_is(&v->source, "SYR"));
}

/* Reported blame: "X said that Y was behind the attack" ('behind the
** attack' b): speaker -> source, Y -> target. */
static void reported_blame(void **st) {
  (void)st;
  dl_doc *d = tu_code("Iran's foreign minister said that the United States was "
                      "behind the attack.", "2021-11-10");
  const dlevent *v = ev(d, "behind the attack");
  assert_non_null(v);
  assert_true(root_is(v, "11"));
  assert_true(code_is(&v->target, "USA"));
  assert_true(code_is(&v->source, "IRN"));
}

/* Future: "will" before the verb ('sign/v' 057, modal 'will'). */
static void future(void **st) {
  (void)st;
  dl_doc *d = tu_code("Egypt will sign a trade agreement with Jordan next week.",
                      "2021-11-10");
  const dlevent *v = ev(d, "sign");
  assert_non_null(v);
  assert_int_equal(v->modality, DLM_FUTURE);
  assert_true(root_is(v, "05"));
  assert_true(code_is(&v->source, "EGY"));
}

/* Threat: "threatened to impose sanctions" is a threat, future ('impose
** sanctions/v' 163, modal 'threaten to/v' threat). */
static void threat(void **st) {
  (void)st;
  dl_doc *d = tu_code("France threatened to impose sanctions on Mali.",
                      "2021-11-10");
  const dlevent *v = ev(d, "impose sanctions");
  assert_non_null(v);
  assert_true(root_is(v, "13"));
  assert_int_equal(v->modality, DLM_FUTURE);
}

/* Speech in a direct quote by its speaker: 'cowardly' q. */
static void quote_speaker(void **st) {
  (void)st;
  dl_doc *d = tu_code("\"This cowardly attack will not go unpunished,\" Prime "
                      "Minister Imran Khan said.", "2021-11-10");
  const dlevent *v = ev(d, "cowardly");
  assert_non_null(v);
  assert_true(root_is(v, "11"));
  assert_true(v->source.set && v->source.ent >= 0);
}

/* One event per action: coordinated weapons ('tear gas' 175, 'live
** ammunition' 193), protest dated by the narrative's Friday. */
static void one_action(void **st) {
  (void)st;
  dl_doc *d = tu_code("On Friday the protest turned violent. Police used tear "
                      "gas and live ammunition.", "2021-11-07");
  const dlevent *p = ev(d, "protest");
  assert_non_null(p);
  assert_string_equal(p->date, "2021-11-05");
  const dlevent *g = ev(d, "used tear gas");
  assert_non_null(g);
  assert_null(ev(d, "live ammunition"));
  assert_string_equal(g->date, "2021-11-05");
  assert_true(has_theme(d, "PROTEST"));
}

/* Casualties in a later sentence join the attack they refer to. */
static void anaphoric_casualties(void **st) {
  (void)st;
  dl_doc *d = tu_code("Gunmen attacked a checkpoint in Kirkuk on Sunday. Five "
                      "soldiers were killed in the attack.", "2021-11-10");
  const dlevent *v = ev(d, "attacked");
  assert_non_null(v);
  assert_int_equal(d->events.n, 1);
  assert_int_equal(v->killed, 5);
}

/* Compound actors: one event per source conjunct; an agent qualifies the
** actor it goes with ('condemn/v' 111, roles 'police'). */
static void compound(void **st) {
  (void)st;
  dl_doc *d = tu_code("Iran and Iraq condemned Israel on Monday.", "2021-11-10");
  assert_int_equal(d->events.n, 2);
  assert_true(code_is(&d->events.v[0].source, "IRN"));
  assert_true(code_is(&d->events.v[1].source, "IRQ"));
  assert_true(code_is(&d->events.v[0].target, "ISR"));
  assert_true(code_is(&d->events.v[1].target, "ISR"));
  d = tu_code("Iran is about to condemn Israel's police.", "2021-11-10");
  const dlevent *v = ev(d, "condemn");
  assert_non_null(v);
  assert_true(code_is(&v->source, "IRN"));
  assert_true(code_is(&v->target, "ISRCOP"));
}

/* Armed sense ('storm/v' 145 and its 'A' line 180): a protest or riot by
** an armed source is an attack, coded from the lexicon's second line; by
** students it stays a protest. */
static void armed_source(void **st) {
  (void)st;
  dl_doc *d = tu_code("Militants stormed a police station in the north, "
                      "killing four officers.", NULL);
  const dlevent *v = ev(d, "stormed");
  assert_non_null(v);
  assert_string_equal(v->cameo, "180");
  assert_int_equal(v->quad, 4);
  assert_string_equal(v->plover, "ASSAULT");
  assert_true(v->goldstein < -8.0f);
  assert_true(has_theme(d, "ATTACK"));
  d = tu_code("Soldiers rioted in the barracks over unpaid wages.", NULL);
  assert_true(root_is(ev(d, "rioted"), "18"));
  d = tu_code("Hundreds of students stormed the parliament building.", NULL);
  v = ev(d, "stormed");
  assert_non_null(v);
  assert_true(root_is(v, "14"));
  assert_string_equal(v->plover, "PROTEST");
}

/* a flood or an earthquake kills, but no actor acts: the casualties stay,
** no event (lexicon entries kill/v, destroy/v; golden casualties.txt) */
static void natural_cause(void **st) {
  (void)st;
  dl_doc *d = tu_code("Floods killed nine people in the valley. "
                      "A fire destroyed the market. "
                      "Gunmen killed two guards.", NULL);
  assert_int_equal(d->events.n, 1);
  assert_true(root_is(ev(d, "killed"), "18"));
  assert_int_equal(d->events.v[0].sent, 2);
  assert_true(has_theme(d, "DISASTER"));
  uint32_t nine = 0;
  for (uint32_t i = 0; i < d->cas.n; i++)
    if (d->cas.v[i].count == 9) {
      nine++;
      assert_int_equal(d->cas.v[i].event, -1);
    }
  assert_int_equal(nine, 1);
}

/* A blame of the speaker's own side is a claim of responsibility (015),
** with no target ('responsible for the blast' b + its own fighters);
** a blame of another side stays an accusation (112). */
static void self_blame_claim(void **st) {
  (void)st;
  dl_doc *d = tu_code("The rebel group said its fighters were responsible for "
                      "the blast.", "2022-05-02");
  const dlevent *v = ev(d, "responsible for the blast");
  assert_non_null(v);
  assert_string_equal(v->cameo, "015");
  assert_false(v->target.set);
  assert_non_null(strstr(v->rule, "[claim]"));
  d = tu_code("Officials said their rivals were behind the blast.", "2022-05-02");
  v = ev(d, "behind the blast");
  assert_non_null(v);
  assert_string_equal(v->cameo, "112");
  assert_non_null(strstr(v->rule, "[blame]"));
  d = tu_code("We are behind the ambush, the group said.", "2022-05-02");
  v = ev(d, "behind the ambush");
  assert_non_null(v);
  assert_string_equal(v->cameo, "015");
}

/* A gerund that opens the sentence or follows a determiner is a noun
** ('fighting/n' 190), and a harm verb folds into it; "..., killing" stays
** the verb 'kill/v'. */
static void gerund_noun(void **st) {
  (void)st;
  dl_doc *d = tu_code("Fighting in the hills killed three soldiers.", "2022-05-02");
  const dlevent *v = ev(d, "Fighting");
  assert_non_null(v);
  assert_string_equal(v->cameo, "190");
  assert_int_equal(v->killed, 3);
  assert_non_null(strstr(v->rule, "[nominal]"));
  d = tu_code("A bomb exploded at the market, killing two traders.", "2022-05-02");
  v = ev(d, "killing");
  assert_non_null(v);
  assert_non_null(strstr(v->rule, "kill [active]"));
}

/* Harm words fold into any material conflict of their sentence, here
** 'fire tear gas' (175), and a protest inside an "according to" report
** takes no source from the reporter; 'throw stones/v' (145). */
static void harm_and_attribution(void **st) {
  (void)st;
  dl_doc *d = tu_code("Police fired tear gas at protesters as demonstrations "
                      "turned violent, leaving two people dead and 40 "
                      "injured, according to the Red Cross.", "2022-05-02");
  const dlevent *v = ev(d, "demonstrations");
  assert_non_null(v);
  assert_false(v->source.set);
  int64_t killed = -1;
  for (uint32_t i = 0; i < d->events.n; i++) {
    /* no event of the harm word: 'injure/v' would be 182 */
    assert_false(!strncmp(d->events.v[i].cameo, "182", 3));
    if (d->events.v[i].killed >= 0)
      killed = d->events.v[i].killed;
  }
  assert_int_equal(killed, 2);
  d = tu_code("Youths threw stones at a police station on Tuesday.",
              "2022-05-05");
  v = ev(d, "threw stones");
  assert_non_null(v);
  assert_string_equal(v->cameo, "145");
  assert_string_equal(v->date, "2022-05-03");
}

/* Actors: an appositive names the phrase before the commas; a title
** before a name is its holder; only mutual acts (consult, cooperate,
** fight) make each of several sources the other's target; praise gets
** no target from the article's main country (that is for offers of help). */
static void actor_phrases(void **st) {
  (void)st;
  dl_doc *d = tu_code("Iran, a close ally of Syria, condemned the strike.",
                      "2022-05-02");
  const dlevent *v = ev(d, "condemned");
  assert_non_null(v);
  assert_true(code_is(&v->source, "IRN"));
  d = tu_code("Egypt accused President Omar Bashir of Sudan of lying.",
              "2022-05-02");
  v = ev(d, "accused");
  assert_non_null(v);
  assert_true(v->target.set && v->target.ent >= 0);
  assert_int_equal(d->ents.v[v->target.ent].type, DLE_PERSON);
  d = tu_code("Iran, Russia and China condemned the strike.", "2022-05-02");
  assert_int_equal(d->events.n, 3);
  for (uint32_t i = 0; i < d->events.n; i++)
    assert_false(d->events.v[i].target.set);
  d = tu_code("Rebels and government troops clashed near the border.",
              "2022-05-02");
  assert_int_equal(d->events.n, 2);
  assert_true(d->events.v[0].target.set && d->events.v[1].target.set);
  d = tu_code("Iraq held elections on Sunday. Iraqi officials said the vote "
              "in Iraq was calm. Jordan welcomed the result.", "2022-05-02");
  v = ev(d, "welcomed");
  assert_non_null(v);
  assert_false(v->target.set);
}

/* Dates: a flashback paragraph ("Two days earlier, ...") does not date the
** paragraphs after it, which go back to the story's first date. Harm
** participles after a determiner are people, not acts ("the wounded");
** 'suicide car bomber/n' (1831) is the attack. */
static void flashback_and_bomber(void **st) {
  (void)st;
  dl_doc *d = tu_code("A suicide car bomber struck a checkpoint on Saturday, "
                      "killing nine people. Many of the wounded were in "
                      "critical condition.\n\nTwo days earlier, troops killed "
                      "five fighters in a raid.\n\nEgypt condemned the "
                      "bombing.", "2023-03-11");
  const dlevent *v = ev(d, "suicide car bomber");
  assert_non_null(v);
  assert_string_equal(v->cameo, "1831");
  assert_int_equal(v->killed, 9);
  assert_null(ev(d, "wounded"));
  v = ev(d, "killed");
  assert_non_null(v);
  assert_string_equal(v->date, "2023-03-09");
  v = ev(d, "condemned");
  assert_non_null(v);
  assert_string_equal(v->date, "2023-03-11");
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(natural_cause),
      cmocka_unit_test(active),         cmocka_unit_test(passive_agent),
      cmocka_unit_test(nominal_on),     cmocka_unit_test(nominal_subject),
      cmocka_unit_test(negated),        cmocka_unit_test(attempted),
      cmocka_unit_test(survived),       cmocka_unit_test(hedged),
      cmocka_unit_test(reported_blame), cmocka_unit_test(future),
      cmocka_unit_test(threat),         cmocka_unit_test(quote_speaker),
      cmocka_unit_test(one_action),     cmocka_unit_test(anaphoric_casualties),
      cmocka_unit_test(compound),       cmocka_unit_test(armed_source),
      cmocka_unit_test(self_blame_claim), cmocka_unit_test(gerund_noun),
      cmocka_unit_test(harm_and_attribution), cmocka_unit_test(actor_phrases),
      cmocka_unit_test(flashback_and_bomber),
  };
  return cmocka_run_group_tests(tests, tu_setup, tu_teardown);
}
