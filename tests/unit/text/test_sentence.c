/*
** test_sentence.c: unit tests of sentence boundaries and the dateline
** (src/text/sentence.c), the second half of the text stage. Each case runs
** the whole pipeline through the public API and checks doc->sents (exact
** byte spans) and doc->dateline.
*/
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "dl_int.h"

static dl_engine *eng;
static dl_doc *doc;

static int setup(void **state) {
  (void)state;
  dl_engine_opts o;
  memset(&o, 0, sizeof o);
  o.data_dir = "build/data";
  if (dl_engine_new(&o, &eng) != DL_OK)
    return -1;
  return dl_doc_new(eng, &doc) == DL_OK ? 0 : -1;
}

static int teardown(void **state) {
  (void)state;
  dl_doc_free(doc);
  dl_engine_free(eng);
  return 0;
}

static void code(const char *text) {
  dl_article a;
  memset(&a, 0, sizeof a);
  a.id = "t";
  a.id_len = 1;
  a.text = text;
  a.text_len = strlen(text);
  assert_int_equal(dl_doc_code(doc, &a), DL_OK);
}

/* One case: the text and its sentences, NULL-terminated (at most 8). */
typedef struct scase {
  const char *text;
  const char *sents[8];
} scase;

static void check(const scase *c) {
  code(c->text);
  size_t want = 0;
  while (c->sents[want])
    want++;
  if (doc->sents.n != want) {
    for (uint32_t i = 0; i < doc->sents.n; i++)
      print_message("  got [%.*s]\n", (int)(doc->sents.v[i].e - doc->sents.v[i].s),
                    doc->text + doc->sents.v[i].s);
    fail_msg("%s: %u sentences, want %zu", c->text, doc->sents.n, want);
  }
  size_t from = 0;
  for (size_t i = 0; i < want; i++) {
    const char *hit = strstr(c->text + from, c->sents[i]);
    assert_non_null(hit);
    size_t s = (size_t)(hit - c->text), e = s + strlen(c->sents[i]);
    if (doc->sents.v[i].s != s || doc->sents.v[i].e != e)
      fail_msg("%s: sentence %zu is [%.*s], want [%s]", c->text, i,
               (int)(doc->sents.v[i].e - doc->sents.v[i].s),
               doc->text + doc->sents.v[i].s, c->sents[i]);
    from = e;
  }
}

static void run(const scase *c, size_t n) {
  for (size_t i = 0; i < n; i++)
    check(&c[i]);
}

static void abbreviations(void **state) {
  (void)state;
  static const scase c[] = {
      {"Mr. Smith met Gen. Milley in Kabul. They talked.",
       {"Mr. Smith met Gen. Milley in Kabul.", "They talked.", NULL}},
      {"The U.S. military left. The Taliban took over.",
       {"The U.S. military left.", "The Taliban took over.", NULL}},
      {"Troops went back to the U.S. The war was over.",
       {"Troops went back to the U.S.", "The war was over.", NULL}},
      {"The U.S. Army said so.", {"The U.S. Army said so.", NULL}},
      {"It began on Jan. 5 and ended in Feb. next year.",
       {"It began on Jan. 5 and ended in Feb. next year.", NULL}},
      {"He wore No. 7 for the club. Fans loved it.",
       {"He wore No. 7 for the club.", "Fans loved it.", NULL}},
      {"Acme Inc. said profits rose. Shares fell.",
       {"Acme Inc. said profits rose.", "Shares fell.", NULL}},
      {"Tools, paint, etc. are sold here.",
       {"Tools, paint, etc. are sold here.", NULL}},
      {"He holds an M.Sc. degree.", {"He holds an M.Sc. degree.", NULL}},
      {"It starts at 6 a.m. and ends late.",
       {"It starts at 6 a.m. and ends late.", NULL}},
  };
  run(c, DL_COUNTOF(c));
}

static void initials_numbers(void **state) {
  (void)state;
  static const scase c[] = {
      {"John F. Kennedy was shot in 1963. The nation mourned.",
       {"John F. Kennedy was shot in 1963.", "The nation mourned.", NULL}},
      {"Prices rose 5.93 percent. Wages did not.",
       {"Prices rose 5.93 percent.", "Wages did not.", NULL}},
      {"The vote was 155,221 to 3. It passed.",
       {"The vote was 155,221 to 3.", "It passed.", NULL}},
      {"They met at 6:30 on 2021-11-07. Nothing came of it.",
       {"They met at 6:30 on 2021-11-07.", "Nothing came of it.", NULL}},
  };
  run(c, DL_COUNTOF(c));
}

static void quotes_and_ellipses(void **state) {
  (void)state;
  static const scase c[] = {
      {"\"We will win.\" The crowd cheered.",
       {"\"We will win.\"", "The crowd cheered.", NULL}},
      {"He said \u201cwe will stay.\u201d Then he left.",
       {"He said \u201cwe will stay.\u201d", "Then he left.", NULL}},
      {"\"Why?\" she asked. Nobody knew.",
       {"\"Why?\" she asked.", "Nobody knew.", NULL}},
      {"Is it over? no one can say.",
       {"Is it over?", "no one can say.", NULL}},
      {"We waited... and waited. Then it rained.",
       {"We waited... and waited.", "Then it rained.", NULL}},
      {"It was over... The next day was calm.",
       {"It was over...", "The next day was calm.", NULL}},
      {"(He left early.) The rest stayed.",
       {"(He left early.)", "The rest stayed.", NULL}},
  };
  run(c, DL_COUNTOF(c));
}

static void lines_and_paragraphs(void **state) {
  (void)state;
  static const scase c[] = {
      {"Flood kills 12 in Kerala\nHeavy rain fell on Sunday. Roads closed.",
       {"Flood kills 12 in Kerala", "Heavy rain fell on Sunday.",
        "Roads closed.", NULL}},
      {"First paragraph without a stop\n\nSecond one.",
       {"First paragraph without a stop", "Second one.", NULL}},
      {"Talks resumed. the rest was quiet.",
       {"Talks resumed.", "the rest was quiet.", NULL}},
  };
  run(c, DL_COUNTOF(c));
}

static void web_text(void **state) {
  (void)state;
  static const scase c[] = {
      {"See http://www.example.com/a.html for more. Thanks.",
       {"See http://www.example.com/a.html for more.", "Thanks.", NULL}},
      {"Mail me at jo.smith@example.org Next week is fine.",
       {"Mail me at jo.smith@example.org", "Next week is fine.", NULL}},
      {"That was great! :) you should go.",
       {"That was great! :)", "you should go.", NULL}},
      {"Best regards, Ann", {"Best regards,", "Ann", NULL}},
      {"Done. ***** Next item here.",
       {"Done.", "*****", "Next item here.", NULL}},
      {"Ann Lee 08/16/2000 12:05 PM Please call me.",
       {"Ann Lee", "08/16/2000 12:05 PM", "Please call me.", NULL}},
      {"Pretty cool... http://www.example.net/a.html",
       {"Pretty cool...", "http://www.example.net/a.html", NULL}},
      {"Hi, Yes we are open.", {"Hi,", "Yes we are open.", NULL}},
      {"Here are two examples: There is one in Lyon.",
       {"Here are two examples:", "There is one in Lyon.", NULL}},
      {"The report (BBC) The group said no.",
       {"The report (BBC)", "The group said no.", NULL}},
      {"It is because of X. So it goes.",
       {"It is because of X.", "So it goes.", NULL}},
      {"She said no. Then she left.",
       {"She said no.", "Then she left.", NULL}},
  };
  run(c, DL_COUNTOF(c));
}

static void headline_dates(void **state) {
  (void)state;
  static const scase c[] = {
      {"Interview with a poet Sunday, May 28, 2006 The poet spoke.",
       {"Interview with a poet", "Sunday, May 28, 2006", "The poet spoke.",
        NULL}},
      {"It opened on Sunday, May 28, 2006 in Paris.",
       {"It opened on Sunday, May 28, 2006 in Paris.", NULL}},
  };
  run(c, DL_COUNTOF(c));
}

/* Dateline cases: the text and the expected place, or NULL for none. */
static void datelines(void **state) {
  (void)state;
  static const struct {
    const char *text, *place;
  } c[] = {
      {"Baghdad: A bomb went off.", "Baghdad"},
      {"BAGHDAD (Reuters) - A bomb went off.", "BAGHDAD"},
      {"KABUL, Afghanistan \u2014 The Taliban said.", "KABUL, Afghanistan"},
      /* a region abbreviation keeps its period */
      {"COLUMBIA, Ky. - A fire broke out.", "COLUMBIA, Ky."},
      {"WASHINGTON, Nov 7 (Reuters) - The Senate voted.", "WASHINGTON"},
      {"WASHINGTON, Nov. 7, 2021 (Reuters) - The Senate voted.", "WASHINGTON"},
      {"Update: the road is open again.", NULL},
      {"The road is open again.", NULL},
  };
  for (size_t i = 0; i < DL_COUNTOF(c); i++) {
    code(c[i].text);
    if (!c[i].place) {
      if (doc->dateline.present)
        fail_msg("%s: unexpected dateline", c[i].text);
      continue;
    }
    if (!doc->dateline.present)
      fail_msg("%s: no dateline", c[i].text);
    assert_int_equal(doc->dateline.s, 0);
    assert_int_equal(doc->dateline.e, strlen(c[i].place));
    assert_memory_equal(doc->text, c[i].place, strlen(c[i].place));
  }
  /* the agency's words are recorded, so no stage takes them for a place */
  static const struct {
    const char *text, *agency;
  } a[] = {
      {"MOSUL, Iraq (Tigris Wire) - Rockets hit a base.", "Tigris Wire"},
      {"LIMA (Andes Press Service) - The vote was close.",
       "Andes Press Service"},
      {"Baghdad: A bomb went off.", NULL},
  };
  for (size_t i = 0; i < DL_COUNTOF(a); i++) {
    code(a[i].text);
    if (!doc->dateline.present)
      fail_msg("%s: no dateline", a[i].text);
    if (!a[i].agency) {
      assert_int_equal(doc->dateline.as, doc->dateline.ae);
      continue;
    }
    const char *p = strstr(a[i].text, a[i].agency);
    assert_int_equal(doc->dateline.as, (uint32_t)(p - a[i].text));
    assert_int_equal(doc->dateline.ae,
                     (uint32_t)(p - a[i].text + strlen(a[i].agency)));
  }
  /* after a headline line (no full stop), the dateline opens the next
     line; a first line that ends a sentence is no headline */
  static const struct {
    const char *text, *place;
  } h[] = {
      {"Floods close roads in the north\n\nMOSUL, Iraq (Tigris Wire) - "
       "Rain fell.", "MOSUL, Iraq"},
      {"Rain fell all week.\nMOSUL, Iraq - Roads closed.", NULL},
      {"Minutes of the meeting\nMaria: the budget is late.", NULL},
      {"Minutes of the meeting\nBAGHDAD: The budget is late.", "BAGHDAD"},
  };
  for (size_t i = 0; i < DL_COUNTOF(h); i++) {
    code(h[i].text);
    if (!h[i].place) {
      if (doc->dateline.present)
        fail_msg("%s: unexpected dateline", h[i].text);
      continue;
    }
    const char *p = strstr(h[i].text, h[i].place);
    if (!doc->dateline.present)
      fail_msg("%s: no dateline", h[i].text);
    assert_int_equal(doc->dateline.s, (uint32_t)(p - h[i].text));
    assert_int_equal(doc->dateline.e,
                     (uint32_t)(p - h[i].text + strlen(h[i].place)));
  }
  /* an agency dateline is a sentence of its own, as UD EWT and GUM have it;
     a plain dash after a name is not */
  static const scase s[] = {
      {"BAGHDAD (Reuters) - A bomb went off. Nine died.",
       {"BAGHDAD (Reuters) -", "A bomb went off.", "Nine died.", NULL}},
      {"KABUL, Afghanistan \u2014 Nine died.",
       {"KABUL, Afghanistan \u2014 Nine died.", NULL}},
  };
  run(s, DL_COUNTOF(s));
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(abbreviations),
      cmocka_unit_test(initials_numbers),
      cmocka_unit_test(quotes_and_ellipses),
      cmocka_unit_test(lines_and_paragraphs),
      cmocka_unit_test(web_text),
      cmocka_unit_test(headline_dates),
      cmocka_unit_test(datelines),
  };
  int failed = cmocka_run_group_tests(tests, setup, teardown);
  int n = (int)(sizeof tests / sizeof tests[0]);
  printf("%d passed, %d failed\n", failed < 0 ? 0 : n - failed,
         failed < 0 ? n : failed);
  return failed != 0;
}
