/* test_quote.c: the quotes stage (quote.c), one case per construction,
** through the public API with the data built by 'make' (build/data). */
#include "testutil.h"

#include <stdlib.h>

/* The quote whose text starts with 'pre', or NULL. */
static const dlquote *find(const dl_doc *d, const char *pre) {
  size_t n = strlen(pre);
  for (uint32_t i = 0; i < d->quotes.n; i++) {
    const dlquote *q = &d->quotes.v[i];
    if (q->e - q->s >= n && memcmp(d->text + q->s, pre, n) == 0)
      return q;
  }
  return NULL;
}

static bool span_is(const dl_doc *d, uint32_t s, uint32_t e, const char *w) {
  return e - s == strlen(w) && memcmp(d->text + s, w, e - s) == 0;
}

/* seed: 'the Prime Minister tweeted, "I am fine ..."' */
static void cue_before_curly(void **st) {
  (void)st;
  dl_doc *d = tu_code("Shortly after the attack, the Prime Minister tweeted, "
                      "\xe2\x80\x9cI am fine and among my people. Thank "
                      "God\xe2\x80\x9d.",
                      NULL);
  const dlquote *q = find(d, "I am fine");
  assert_non_null(q);
  assert_int_equal(q->kind, 0);
  assert_true(span_is(d, q->s, q->e, "I am fine and among my people. Thank God"));
  assert_true(q->has_speaker);
  assert_true(span_is(d, q->sp_s, q->sp_e, "the Prime Minister"));
  assert_true(span_is(d, q->cue_s, q->cue_e, "tweeted"));
}

/* seed: '"...", he stated later during his address' */
static void cue_after_pronoun(void **st) {
  (void)st;
  dl_doc *d = tu_code("\xe2\x80\x9c" "Cowardly attacks don\xe2\x80\x99t build "
                      "homelands\xe2\x80\x9d, he stated later during his "
                      "address.",
                      NULL);
  const dlquote *q = find(d, "Cowardly");
  assert_non_null(q);
  assert_true(span_is(d, q->s, q->e, "Cowardly attacks don\xe2\x80\x99t build homelands"));
  assert_true(span_is(d, q->sp_s, q->sp_e, "he"));
  assert_true(span_is(d, q->cue_s, q->cue_e, "stated"));
}

/* golden quotes.txt: '"This budget," he said, "is a gift ..."' */
static void interrupted(void **st) {
  (void)st;
  dl_doc *d = tu_code("Opposition leader Tomas Berg disagreed. \"This "
                      "budget,\" he said, \"is a gift to the banks and a "
                      "bill for everyone else.\"",
                      NULL);
  assert_int_equal(d->quotes.n, 1);
  const dlquote *q = find(d, "This budget");
  assert_non_null(q);
  assert_true(q->e > q->s && strstr(d->text + q->s, "everyone else") != NULL);
  assert_true(span_is(d, q->sp_s, q->sp_e, "he"));
}

/* "he stated later during his address: "..."" and « » marks */
static void colon_and_guillemets(void **st) {
  (void)st;
  dl_doc *d = tu_code("The minister spoke on Monday. She stated later during "
                      "her address: \xc2\xab" "We will rebuild every school "
                      "in the province.\xc2\xbb",
                      NULL);
  const dlquote *q = find(d, "We will rebuild");
  assert_non_null(q);
  assert_true(span_is(d, q->sp_s, q->sp_e, "She"));
  assert_true(span_is(d, q->cue_s, q->cue_e, "stated"));
}

/* seed: 'X indirectly said that ..., adding that, "..."' */
static void indirect_then_direct(void **st) {
  (void)st;
  dl_doc *d = tu_code("In a tweet, the Secretary of the council, Ali Shamkhani "
                      "indirectly said that the United States was behind the "
                      "attack, adding that, \"It is a new sedition that must "
                      "be traced back to foreign think tanks\".",
                      NULL);
  const dlquote *r = find(d, "the United States was behind");
  assert_non_null(r);
  assert_int_equal(r->kind, 1);
  assert_true(span_is(d, r->s, r->e, "the United States was behind the attack"));
  const dlquote *q = find(d, "It is a new sedition");
  assert_non_null(q);
  assert_int_equal(q->kind, 0);
  assert_true(q->has_speaker);
  assert_true(strstr(d->text + q->sp_s, "Ali Shamkhani") != NULL &&
              q->sp_e - q->sp_s >= 13);
  assert_true(span_is(d, q->cue_s, q->cue_e, "adding"));
}

/* seed: 'Two Iraqi officials (anonymous) have informed that ...' */
static void indirect_anonymous(void **st) {
  (void)st;
  dl_doc *d = tu_code("Two Iraqi officials (anonymous) have informed that "
                      "seven security guards were injured in the attack.",
                      NULL);
  const dlquote *q = find(d, "seven security guards");
  assert_non_null(q);
  assert_int_equal(q->kind, 1);
  assert_true(span_is(d, q->s, q->e,
                      "seven security guards were injured in the attack"));
  assert_true(span_is(d, q->sp_s, q->sp_e, "Two Iraqi officials (anonymous)"));
  assert_true(span_is(d, q->cue_s, q->cue_e, "informed"));
}

/* golden quotes.txt: 'According to a senior official, ...' and 'told Y that' */
static void according_and_told(void **st) {
  (void)st;
  dl_doc *d = tu_code("According to a senior official, the cabinet will vote "
                      "on the plan next week. Ostrowski told lawmakers that "
                      "the deficit would fall.",
                      NULL);
  const dlquote *q = find(d, "the cabinet will vote");
  assert_non_null(q);
  assert_int_equal(q->kind, 1);
  assert_true(span_is(d, q->sp_s, q->sp_e, "a senior official"));
  q = find(d, "the deficit would fall");
  assert_non_null(q);
  assert_true(span_is(d, q->sp_s, q->sp_e, "Ostrowski"));
  assert_true(span_is(d, q->cue_s, q->cue_e, "told"));
}

/* "..., officials said." with no quotation marks */
static void clause_before_cue(void **st) {
  (void)st;
  dl_doc *d = tu_code("The bridge will reopen to traffic next month, city "
                      "officials said.",
                      NULL);
  const dlquote *q = find(d, "The bridge will reopen");
  assert_non_null(q);
  assert_int_equal(q->kind, 1);
  assert_true(span_is(d, q->sp_s, q->sp_e, "city officials"));
}

/* wire story: "CITY, Country (Agency) - ..., police said": the reported
** clause starts after the dateline and its dash */
static void clause_after_dateline(void **st) {
  (void)st;
  dl_doc *d = tu_code("HERAT, Afghanistan (Delta News) - Gunmen stormed a bus "
                      "station, killing nine passengers, officials said.",
                      NULL);
  const dlquote *q = find(d, "HERAT");
  assert_null(q);
  q = find(d, "Gunmen stormed");
  assert_non_null(q);
  assert_true(span_is(d, q->s, q->e,
                      "Gunmen stormed a bus station, killing nine "
                      "passengers"));
  assert_true(span_is(d, q->sp_s, q->sp_e, "officials"));
}

/* seed: scare quotes and apostrophes make no quote and break no pairing */
static void scare_quotes_apostrophes(void **st) {
  (void)st;
  dl_doc *d = tu_code("The culprit violated the orders of \xe2\x80\x98not to "
                      "do open fire\xe2\x80\x99 near Al-Kadhimi\xe2\x80\x99s "
                      "house. \"We don't know who fired,\" the minister's "
                      "aide said.",
                      NULL);
  assert_null(find(d, "not to do"));
  const dlquote *q = find(d, "We don't know who fired");
  assert_non_null(q);
  assert_true(span_is(d, q->s, q->e, "We don't know who fired,"));
}

/* an unclosed quote stops at its paragraph */
static void unbalanced(void **st) {
  (void)st;
  dl_doc *d = tu_code("The mayor said: \"We will not give up on this city and "
                      "its people\n\nThe council meets on Friday. Nobody "
                      "knows what it will decide about the budget.",
                      NULL);
  const dlquote *q = find(d, "We will not give up");
  assert_non_null(q);
  assert_true(q->e <= (uint32_t)(strstr(d->text, "\n\n") - d->text));
}

/* topic cue: the object is the content ("criticized the plan ...") */
static void topic_object(void **st) {
  (void)st;
  dl_doc *d = tu_code("The farm lobby met on Tuesday. Senator Ada Holm "
                      "criticized the new water rules for small farms, "
                      "warning of higher prices.",
                      NULL);
  const dlquote *q = find(d, "the new water rules");
  assert_non_null(q);
  assert_int_equal(q->kind, 1);
  assert_true(span_is(d, q->s, q->e, "the new water rules for small farms"));
  assert_true(span_is(d, q->cue_s, q->cue_e, "criticized"));
}

/* wire story: "condemned the attack" is an event (root 11), not speech;
** talk as the object stays a quote, as PolNeAR annotates it */
static void reaction_to_event(void **st) {
  (void)st;
  dl_doc *d = tu_code("The regional bloc condemned the bombing and said it "
                      "would send observers. The senator mocked the "
                      "complaint.", NULL);
  assert_null(find(d, "the bombing"));
  assert_non_null(find(d, "it would send observers"));
  assert_non_null(find(d, "the complaint"));
}

/* 'urged X to ...' keeps the object; 'The campaign says' is a verb */
static void object_infinitive_and_noun_subject(void **st) {
  (void)st;
  dl_doc *d = tu_code("The mayor urged residents to stay indoors tonight. "
                      "The campaign says the average gift was small.",
                      NULL);
  const dlquote *q = find(d, "residents to stay");
  assert_non_null(q);
  q = find(d, "the average gift");
  assert_non_null(q);
  assert_true(span_is(d, q->sp_s, q->sp_e, "The campaign"));
}

/* 'said Mr. Lund', and a long apposition before the cue */
static void titles_and_appositions(void **st) {
  (void)st;
  dl_doc *d = tu_code("\"We have no money left,\" said Mr. Lund. Kari "
                      "Dahl, 61, who has run the shelter for a decade, said "
                      "the winter would be hard.",
                      NULL);
  const dlquote *q = find(d, "We have no money");
  assert_non_null(q);
  assert_true(span_is(d, q->sp_s, q->sp_e, "Mr. Lund"));
  q = find(d, "the winter would");
  assert_non_null(q);
  assert_true(q->sp_s == (uint32_t)(strstr(d->text, "Kari") - d->text));
}

/* '"A," she said. "B."' in one paragraph is one quote */
static void continued_quote(void **st) {
  (void)st;
  dl_doc *d = tu_code("\"The roads are closed,\" the sheriff said. \"Nobody "
                      "should drive until the storm has passed.\"",
                      NULL);
  assert_int_equal(d->quotes.n, 1);
  const dlquote *q = find(d, "The roads");
  assert_non_null(q);
  assert_non_null(strstr(d->text + q->s, "passed"));
  assert_true(q->e >= (uint32_t)(strstr(d->text, "passed") - d->text));
}

/* speaker labels: a headline 'Name: ...' and a transcript turn */
static void labels(void **st) {
  (void)st;
  dl_doc *d = tu_code("Ola Berg: The Harbour Plan Will Fail\n\nHOST: So what "
                      "do you make of the vote today?\n\n",
                      NULL);
  const dlquote *q = find(d, "The Harbour Plan");
  assert_non_null(q);
  assert_true(span_is(d, q->sp_s, q->sp_e, "Ola Berg"));
  q = find(d, "So what do you");
  assert_non_null(q);
  assert_true(span_is(d, q->sp_s, q->sp_e, "HOST"));
}

/* '” ― Ann Lee' signs a quote; 'According to X, “...”' names X */
static void signed_and_according(void **st) {
  (void)st;
  dl_doc *d = tu_code("Readers wrote in. \xe2\x80\x9cThe bridge must be "
                      "rebuilt now.\xe2\x80\x9d \xe2\x80\x95 Nora Vik\n\n"
                      "According to Lund, \xe2\x80\x9cthe budget has no room "
                      "for it this year.\xe2\x80\x9d",
                      NULL);
  const dlquote *q = find(d, "The bridge");
  assert_non_null(q);
  assert_true(span_is(d, q->sp_s, q->sp_e, "Nora Vik"));
  q = find(d, "the budget has");
  assert_non_null(q);
  assert_true(span_is(d, q->sp_s, q->sp_e, "Lund"));
}

/* nouns of saying and intentions: "the claim that ...", "vowed to ..." */
static void nouns_and_intentions(void **st) {
  (void)st;
  dl_doc *d = tu_code("The report repeats the claim that the dam was "
                      "unsafe. The mayor vowed to reopen the harbour by "
                      "spring. A spokesman declined to comment.",
                      NULL);
  assert_non_null(find(d, "the dam was unsafe"));
  const dlquote *q = find(d, "to reopen the harbour");
  assert_non_null(q);
  assert_true(span_is(d, q->sp_s, q->sp_e, "The mayor"));
  assert_non_null(find(d, "to comment"));
}

/* 100,000 quotation marks: linear, no crash */
/* a second cue joined by 'and' starts its own clause, with the first
** cue's subject */
static void coordinated_cues(void **st) {
  (void)st;
  dl_doc *d = tu_code("The mayor is telling the council that the budget is "
                      "short and says she will raise the fees.",
                      NULL);
  const dlquote *q = find(d, "the budget");
  assert_non_null(q);
  assert_true(span_is(d, q->s, q->e, "the budget is short"));
  q = find(d, "she will");
  assert_non_null(q);
  assert_true(span_is(d, q->s, q->e, "she will raise the fees"));
  assert_true(span_is(d, q->sp_s, q->sp_e, "The mayor"));
}

/* 'state' and 'plans' as nouns cue nothing */
static void noun_state(void **st) {
  (void)st;
  dl_doc *d = tu_code("Farmers in the valley, whose state relies on water "
                      "from the river, complained. Member states approve the "
                      "budget each year. The governor states that the dam is "
                      "safe.",
                      NULL);
  assert_null(find(d, "relies"));
  assert_null(find(d, "approve"));
  assert_non_null(find(d, "the dam is safe"));
}

/* 'seemed'/'appears' without 'to' report an impression of the whole
** clause; 'appeared on' does not */
static void raising_without_to(void **st) {
  (void)st;
  dl_doc *d = tu_code("Her supporters seemed equally unperturbed. The senator "
                      "appeared on television on Sunday.",
                      NULL);
  const dlquote *q = find(d, "Her supporters");
  assert_non_null(q);
  assert_true(span_is(d, q->s, q->e, "Her supporters seemed equally unperturbed"));
  assert_true(span_is(d, q->cue_s, q->cue_e, "seemed"));
  assert_null(find(d, "The senator"));
}

/* a second attribution after 'but' or 'and' ends the first one's content */
static void conjunction_split(void **st) {
  (void)st;
  dl_doc *d = tu_code("The mayor said the bridge was safe, but she said the "
                      "tunnel needs repairs.",
                      NULL);
  const dlquote *q = find(d, "the bridge");
  assert_non_null(q);
  assert_true(span_is(d, q->s, q->e, "the bridge was safe"));
  q = find(d, "the tunnel");
  assert_non_null(q);
  assert_true(span_is(d, q->s, q->e, "the tunnel needs repairs"));
  assert_true(span_is(d, q->sp_s, q->sp_e, "she"));
}

/* "which he said ...": the content keeps the relative word */
static void relative_cue(void **st) {
  (void)st;
  dl_doc *d = tu_code("The mayor blamed new parking rules, which he said had "
                      "hurt the shops downtown.",
                      NULL);
  const dlquote *q = find(d, "which he said");
  assert_non_null(q);
  assert_true(span_is(d, q->s, q->e, "which he said had hurt the shops downtown"));
  assert_true(span_is(d, q->sp_s, q->sp_e, "he"));
}

/* the medium between cue and clause; 'that' before a quotation */
static void medium_and_that_quote(void **st) {
  (void)st;
  dl_doc *d = tu_code("The Harbor Trust said in a statement on Monday they "
                      "would close the pier. The board says on its website "
                      "that \xe2\x80\x9cthe ferry will run again in May.\xe2\x80\x9d",
                      NULL);
  const dlquote *q = find(d, "they would");
  assert_non_null(q);
  assert_true(span_is(d, q->s, q->e, "they would close the pier"));
  assert_true(span_is(d, q->sp_s, q->sp_e, "The Harbor Trust"));
  q = find(d, "\xe2\x80\x9cthe ferry");
  assert_non_null(q);
  assert_int_equal(q->kind, 1);
  assert_true(span_is(d, q->sp_s, q->sp_e, "The board"));
}

/* "..., said Name, an apposition." names the speaker; "..., said Name
** did X" does not */
static void postposed_speaker(void **st) {
  (void)st;
  dl_doc *d = tu_code("The new levy would hurt small farms more than large "
                      "ones, said Ruth Olsen, a lecturer in rural economics.",
                      NULL);
  const dlquote *q = find(d, "The new levy");
  assert_non_null(q);
  assert_true(span_is(d, q->s, q->e, "The new levy would hurt small farms more than large ones"));
  assert_true(span_is(d, q->sp_s, q->sp_e, "Ruth Olsen, a lecturer in rural economics"));
  assert_null(find(d, "Ruth Olsen"));
}

/* a subject with a prepositional phrase; "could change that" has no
** 'that' clause */
static void noun_phrase_subject(void **st) {
  (void)st;
  dl_doc *d = tu_code("Experts on fishing and river policy said the new dam "
                      "could change that.",
                      NULL);
  const dlquote *q = find(d, "the new dam");
  assert_non_null(q);
  assert_true(span_is(d, q->s, q->e, "the new dam could change that"));
  assert_true(span_is(d, q->sp_s, q->sp_e, "Experts on fishing and river policy"));
}

/* a quoted show title after a preposition is no quote */
static void quoted_title(void **st) {
  (void)st;
  dl_doc *d = tu_code("On Sunday's broadcast of \xe2\x80\x9cMorning Report,"
                      "\xe2\x80\x9d the governor said the levy would fail.",
                      NULL);
  assert_null(find(d, "Morning Report"));
  assert_non_null(find(d, "the levy would fail"));
}

/* 'appears' after a leading adverbial */
static void raising_after_lead(void **st) {
  (void)st;
  dl_doc *d = tu_code("Indeed, many voters appear to be moving to the left.",
                      NULL);
  const dlquote *q = find(d, "many voters");
  assert_non_null(q);
  assert_true(span_is(d, q->s, q->e, "many voters appear to be moving to the left"));
}

/* a long apposition or relative clause between speaker and cue */
static void long_apposition(void **st) {
  (void)st;
  dl_doc *d = tu_code("Omar Diaz, who runs the food bank for veterans' "
                      "families in the county, said, \"We have never seen "
                      "lines like this.\"",
                      NULL);
  const dlquote *q = find(d, "We have never");
  assert_non_null(q);
  assert_true(q->has_speaker);
  assert_true(span_is(d, q->sp_s, q->sp_e, "Omar Diaz, who runs the food bank for veterans' families in the county"));
}

/* a poll or survey named in a prepositional phrase is the source */
static void poll_source(void **st) {
  (void)st;
  dl_doc *d = tu_code("In a Valley Courier poll released Monday, most "
                      "farmers backed the water plan. The mayor has a big "
                      "lead in the latest polls.",
                      NULL);
  const dlquote *q = find(d, "most farmers");
  assert_non_null(q);
  assert_true(span_is(d, q->s, q->e, "most farmers backed the water plan"));
  assert_true(span_is(d, q->sp_s, q->sp_e, "a Valley Courier poll released Monday"));
  q = find(d, "The mayor has");
  assert_non_null(q);
  assert_true(span_is(d, q->s, q->e, "The mayor has a big lead"));
  assert_true(span_is(d, q->sp_s, q->sp_e, "the latest polls"));
}

/* ", and criticized X" starts a second content; a participle cue in a
** leading phrase ends at its comma */
static void comma_and_topic(void **st) {
  (void)st;
  dl_doc *d = tu_code("Lopez urged farmers to join the water board, and "
                      "criticized the county's lack of planning. In a "
                      "statement announcing the vote, the Grain Union called "
                      "Lopez a champion for its members.",
                      NULL);
  const dlquote *q = find(d, "farmers to join");
  assert_non_null(q);
  assert_true(span_is(d, q->s, q->e, "farmers to join the water board"));
  q = find(d, "the county's lack");
  assert_non_null(q);
  assert_true(span_is(d, q->s, q->e, "the county's lack of planning"));
  q = find(d, "the vote");
  assert_non_null(q);
  assert_true(span_is(d, q->s, q->e, "the vote"));
  q = find(d, "Lopez a champion");
  assert_non_null(q);
  assert_true(span_is(d, q->sp_s, q->sp_e, "the Grain Union"));
}

static void many_marks(void **st) {
  (void)st;
  size_t n = 50000, len = n * 6 + 1;
  char *s = malloc(len);
  assert_non_null(s);
  for (size_t i = 0; i < n; i++)
    memcpy(s + i * 6, "\"ab\" ", 6 - 1), s[i * 6 + 5] = ' ';
  s[len - 1] = '\0';
  dl_doc *d = tu_code(s, NULL);
  assert_true(d->quotes.n <= n);
  free(s);
}

/* The dateline is nobody's name: a participle cue in the lead sentence
** ("..., accusing X of ...") gets no speaker from "LIMA (Wire) -". */
static void dateline_no_speaker(void **st) {
  (void)st;
  dl_doc *d = tu_code("LIMA (Andes Wire) - Ministers on Monday agreed to new "
                      "tariffs, accusing the importers of fraud.", "2022-05-02");
  for (uint32_t i = 0; i < d->quotes.n; i++) {
    const dlquote *q = &d->quotes.v[i];
    if (q->has_speaker)
      assert_true(q->sp_s >= d->dateline.e);
  }
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(cue_before_curly),
      cmocka_unit_test(cue_after_pronoun),
      cmocka_unit_test(interrupted),
      cmocka_unit_test(colon_and_guillemets),
      cmocka_unit_test(indirect_then_direct),
      cmocka_unit_test(indirect_anonymous),
      cmocka_unit_test(according_and_told),
      cmocka_unit_test(clause_before_cue),
      cmocka_unit_test(clause_after_dateline),
      cmocka_unit_test(scare_quotes_apostrophes),
      cmocka_unit_test(unbalanced),
      cmocka_unit_test(topic_object),
      cmocka_unit_test(reaction_to_event),
      cmocka_unit_test(object_infinitive_and_noun_subject),
      cmocka_unit_test(titles_and_appositions),
      cmocka_unit_test(continued_quote),
      cmocka_unit_test(labels),
      cmocka_unit_test(signed_and_according),
      cmocka_unit_test(nouns_and_intentions),
      cmocka_unit_test(coordinated_cues),
      cmocka_unit_test(noun_state),
      cmocka_unit_test(raising_without_to),
      cmocka_unit_test(conjunction_split),
      cmocka_unit_test(relative_cue),
      cmocka_unit_test(medium_and_that_quote),
      cmocka_unit_test(postposed_speaker),
      cmocka_unit_test(noun_phrase_subject),
      cmocka_unit_test(quoted_title),
      cmocka_unit_test(raising_after_lead),
      cmocka_unit_test(long_apposition),
      cmocka_unit_test(poll_source),
      cmocka_unit_test(comma_and_topic),
      cmocka_unit_test(many_marks), cmocka_unit_test(dateline_no_speaker)};
  return cmocka_run_group_tests(tests, tu_setup, tu_teardown);
}
