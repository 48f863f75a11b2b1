/* test_inflect.c: the English inflector behind '/v' and '/n' lexicon
** entries (src/lexicon/inflect.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "lexicon/inflect.h"

static void verb(const char *lemma, const char *s3, const char *past,
                 const char *part, const char *ger) {
  char f[DLINF_NVERB][DLINF_MAX];
  dlinf_verb(lemma, strlen(lemma), f);
  assert_string_equal(f[DLINF_3SG], s3);
  assert_string_equal(f[DLINF_PAST], past);
  assert_string_equal(f[DLINF_PART], part);
  assert_string_equal(f[DLINF_GER], ger);
}

static void noun(const char *sg, const char *pl) {
  char out[DLINF_MAX];
  dlinf_plural(sg, strlen(sg), out);
  assert_string_equal(out, pl);
}

static void regular_verbs(void **s) {
  (void)s;
  verb("condemn", "condemns", "condemned", "condemned", "condemning");
  verb("stop", "stops", "stopped", "stopped", "stopping");
  verb("plan", "plans", "planned", "planned", "planning");
  verb("use", "uses", "used", "used", "using");
  verb("die", "dies", "died", "died", "dying");
  verb("deny", "denies", "denied", "denied", "denying");
  verb("seize", "seizes", "seized", "seized", "seizing");
  verb("attack", "attacks", "attacked", "attacked", "attacking");
  verb("rain", "rains", "rained", "rained", "raining");
  verb("visit", "visits", "visited", "visited", "visiting");
  verb("fix", "fixes", "fixed", "fixed", "fixing");
  verb("reach", "reaches", "reached", "reached", "reaching");
  verb("admit", "admits", "admitted", "admitted", "admitting");
  verb("veto", "vetoes", "vetoed", "vetoed", "vetoing");
  verb("agree", "agrees", "agreed", "agreed", "agreeing");
  verb("panic", "panics", "panicked", "panicked", "panicking");
  verb("play", "plays", "played", "played", "playing");
}

static void irregular_verbs(void **s) {
  (void)s;
  verb("take", "takes", "took", "taken", "taking");
  verb("say", "says", "said", "said", "saying");
  verb("tell", "tells", "told", "told", "telling");
  verb("fight", "fights", "fought", "fought", "fighting");
  verb("shoot", "shoots", "shot", "shot", "shooting");
  verb("strike", "strikes", "struck", "struck", "striking");
  verb("flee", "flees", "fled", "fled", "fleeing");
  verb("hold", "holds", "held", "held", "holding");
  verb("meet", "meets", "met", "met", "meeting");
  verb("give", "gives", "gave", "given", "giving");
  verb("lead", "leads", "led", "led", "leading");
  verb("hit", "hits", "hit", "hit", "hitting");
  verb("set", "sets", "set", "set", "setting");
  verb("send", "sends", "sent", "sent", "sending");
  verb("bring", "brings", "brought", "brought", "bringing");
  verb("go", "goes", "went", "gone", "going");
}

static void nouns(void **s) {
  (void)s;
  noun("attack", "attacks");
  noun("man", "men");
  noun("gunman", "gunmen");
  noun("policewoman", "policewomen");
  noun("human", "humans");
  noun("child", "children");
  noun("person", "people");
  noun("militia", "militias");
  noun("crisis", "crises");
  noun("city", "cities");
  noun("day", "days");
  noun("bus", "buses");
  noun("church", "churches");
  noun("hero", "heroes");
  noun("video", "videos");
  noun("life", "lives");
  noun("aircraft", "aircraft");
  noun("police", "police");
}

int main(void) {
  const struct CMUnitTest tests[] = {cmocka_unit_test(regular_verbs),
                                     cmocka_unit_test(irregular_verbs),
                                     cmocka_unit_test(nouns)};
  return cmocka_run_group_tests(tests, NULL, NULL);
}
