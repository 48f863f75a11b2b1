/* test_time.c: the times stage (time.c) through the public API: one row per
** construction (text, publication date, expected span, type, value, anchor),
** with year ends, leap days, ISO weeks and documents without a date. */
#include "testutil.h"

#include <stdio.h>

typedef struct row {
  const char *text, *date; /* article; date may be NULL */
  const char *span;        /* expected text of the time expression */
  int type;                /* DLTX_* */
  const char *value;       /* "" = null */
  int anchor;
} row;

#define D DLTX_DATE
#define T DLTX_TIME
#define U DLTX_DURATION
#define S DLTX_SET
#define PUB DLTX_PUBLICATION
#define ABS DLTX_ABSOLUTE
#define NONE DLTX_NONE

static const row rows[] = {
    /* explicit dates */
    {"The talks ended on 7 November 2021 in Geneva.", "2021-11-09",
     "7 November 2021", D, "2021-11-07", ABS},
    {"Rebels attacked the town on Nov. 3, 2019, officials said.", "2021-11-07",
     "Nov. 3, 2019", D, "2019-11-03", ABS},
    {"The law took effect on 2020-02-29 after a vote.", "2021-11-07",
     "2020-02-29", D, "2020-02-29", ABS},
    {"Voting began 11/07/2021 in the north.", "2021-11-07", "11/07/2021", D,
     "2021-11-07", ABS},
    {"Prices fell sharply in November 2021.", "2022-01-03", "November 2021", D,
     "2021-11", ABS},
    {"The plant opened in 1987 near the river.", "2021-11-07", "1987", D,
     "1987", ABS},
    {"Unrest grew in the 1990s across the region.", "2021-11-07", "the 1990s",
     D, "199", ABS},
    {"The dam was built in the mid-1990s by a state firm.", "2021-11-07",
     "the mid-1990s", D, "199", ABS},
    {"The vote was held Nov 7th, 2021, in the capital.", "2021-11-09",
     "Nov 7th, 2021", D, "2021-11-07", ABS},
    /* month and day without a year: the publication year */
    {"Parliament met on March 12 to debate the budget.", "2021-11-07",
     "March 12", D, "2021-03-12", PUB},
    {"The strike started Feb. 29 and lasted a week.", "2020-03-05", "Feb. 29",
     D, "2020-02-29", PUB},
    {"Talks resumed on Dec. 30 after a pause.", "2021-01-04", "Dec. 30", D,
     "2020-12-30", PUB},
    {"The ceasefire broke down in May last year.", "2021-11-07",
     "May last year", D, "2020-05", PUB},
    /* weekdays */
    {"Police said the blast happened Sunday near the port.", "2021-11-07",
     "Sunday", D, "2021-11-07", PUB},
    {"Police said the blast happened Friday near the port.", "2021-11-07",
     "Friday", D, "2021-11-05", PUB},
    {"The minister will visit the camp on Monday.", "2021-11-07", "Monday", D,
     "2021-11-08", PUB},
    /* "would" in reported speech is the future of the report */
    {"The cabinet would meet on Tuesday, officials said.", "2021-11-07",
     "Tuesday", D, "2021-11-09", PUB},
    {"He arrived in the city last Sunday.", "2021-11-07", "last Sunday", D,
     "2021-10-31", PUB},
    {"Shots were heard Sunday morning in the old town.", "2021-11-07",
     "Sunday morning", T, "2021-11-07TMO", PUB},
    {"Witnesses said the convoy left Thursday night.", "2022-01-01",
     "Thursday night", T, "2021-12-30TNI", PUB},
    /* deictic days */
    {"The governor resigned yesterday.", "2021-01-01", "yesterday", D,
     "2020-12-31", PUB},
    {"The court rules tomorrow on the appeal.", "2020-02-28", "tomorrow", D,
     "2020-02-29", PUB},
    {"Crowds will gather tonight in the square.", "2021-11-07", "tonight", T,
     "2021-11-07TNI", PUB},
    {"The rally is planned for today.", "2021-11-07", "today", D, "2021-11-07",
     PUB},
    /* calendar periods against the publication date */
    {"Exports fell last month, the ministry said.", "2021-01-15",
     "last month", D, "2020-12", PUB},
    {"The envoy returns next week for more talks.", "2021-12-28", "next week",
     D, "2022-W01", PUB},
    {"Fighting eased this week in the east.", "2021-01-01", "this week", D,
     "2020-W53", PUB},
    {"Inflation doubled last year, the bank said.", "2021-11-07", "last year",
     D, "2020", PUB},
    {"Sales rose earlier this month in most shops.", "2021-11-07",
     "earlier this month", D, "2021-11", PUB},
    {"Profit rose in the third quarter on higher prices.", "2021-11-07",
     "the third quarter", D, "2021-Q3", PUB},
    {"The lake dried up last summer.", "2021-11-07", "last summer", D,
     "2021-SU", PUB},
    {"Floods hit the valley last winter.", "2021-11-07", "last winter", D,
     "2020-WI", PUB},
    {"The mine closed two days ago, workers said.", "2021-11-07",
     "two days ago", D, "2021-11-05", PUB},
    {"The mine closed two years ago, workers said.", "2021-11-07",
     "two years ago", D, "2019", PUB},
    {"The bridge fell a year ago.", "2020-02-29", "a year ago", D, "2019",
     PUB},
    /* clock times */
    {"The curfew starts at 6 a.m. in the capital.", "2021-11-07", "6 a.m.", T,
     "2021-11-07T06:00", PUB},
    {"The plane landed at 10:35 p.m. on the runway.", "2021-11-07",
     "10:35 p.m.", T, "2021-11-07T22:35", PUB},
    /* durations */
    {"Prices have doubled over the past three years.", "2021-11-07",
     "the past three years", U, "P3Y", ABS},
    {"The siege lasted for nearly a month before it ended.", "2021-11-07",
     "nearly a month", U, "P1M", ABS},
    {"The talks went on for three days without a deal.", "2021-11-07",
     "three days", U, "P3D", ABS},
    {"The search went on for two hours in the rain.", "2021-11-07",
     "two hours", U, "PT2H", ABS},
    {"A 24-hour curfew was imposed on the city.", "2021-11-07", "24-hour", U,
     "PT24H", ABS},
    {"The dispute has gone on for several years now.", "2021-11-07",
     "several years", U, "PXY", ABS},
    {"The war lasted a decade and ruined the economy.", "2021-11-07",
     "a decade", U, "P10Y", ABS},
    /* sets */
    {"Protesters march every Friday in the square.", "2021-11-07",
     "every Friday", S, "XXXX-WXX-5", ABS},
    {"The report is published annually by the agency.", "2021-11-07",
     "annually", S, "P1Y", ABS},
    {"The council meets weekly to review the plan.", "2021-11-07", "weekly", S,
     "P1W", ABS},
    /* references */
    {"The town is now under army control.", "2021-11-07", "now", D,
     "PRESENT_REF", ABS},
    {"The group recently changed its leaders.", "2021-11-07", "recently", D,
     "PAST_REF", ABS},
    {"No one can say what the future holds for them.", "2021-11-07",
     "the future", D, "FUTURE_REF", ABS},
    /* tense: the expression's own cue, a planned move, the reported past */
    {"Police gave them until 9 a.m. Tuesday to leave.", "2000-04-03",
     "9 a.m. Tuesday", T, "2000-04-04T09:00", PUB},
    {"The envoy planned to leave the city on Thursday.", "1998-09-30",
     "Thursday", D, "1998-10-01", PUB},
    {"Police have questioned him since the Oct. 23 slaying.", "1999-05-06",
     "Oct. 23", D, "1998-10-23", PUB},
    {"Talks resume on Dec. 28, the ministry said.", "2021-11-07", "Dec. 28",
     D, "2021-12-28", PUB},
    /* hyphenated words, classified by their parts */
    {"Its third-quarter profit rose sharply.", "2021-11-07",
     "third-quarter", D, "2021-Q3", PUB},
    {"Snow is expected in late-November across the north.", "2021-11-07",
     "late-November", D, "2021-11", PUB},
    {"He signed a two-year contract.", "2021-11-07", "two-year", U, "P2Y",
     ABS},
    /* no publication date: relative values are null, others stay */
    {"Police said the blast happened Friday near the port.", NULL, "Friday",
     D, "", NONE},
    {"Exports fell last month, the ministry said.", NULL, "last month", D, "",
     NONE},
    {"The talks ended on 7 November 2021 in Geneva.", NULL, "7 November 2021",
     D, "2021-11-07", ABS},
    {"The talks went on for three days without a deal.", NULL, "three days",
     U, "P3D", ABS},
};

/* The time whose text is 'span', or NULL. */
static const dltime *find(const dl_doc *d, const char *span) {
  size_t n = strlen(span);
  for (uint32_t i = 0; i < d->times.n; i++) {
    const dltime *t = &d->times.v[i];
    if (t->e - t->s == n && memcmp(d->text + t->s, span, n) == 0) return t;
  }
  return NULL;
}

static void table(void **s) {
  (void)s;
  int bad = 0;
  for (size_t k = 0; k < DL_COUNTOF(rows); k++) {
    const row *r = &rows[k];
    dl_doc *d = tu_code(r->text, r->date);
    const dltime *t = find(d, r->span);
    if (!t) {
      fprintf(stderr, "row %zu: no time '%s' in \"%s\"; found:", k, r->span,
              r->text);
      for (uint32_t i = 0; i < d->times.n; i++)
        fprintf(stderr, " '%.*s'=%s", (int)(d->times.v[i].e - d->times.v[i].s),
                d->text + d->times.v[i].s, d->times.v[i].value);
      fprintf(stderr, "\n");
      bad++;
      continue;
    }
    if (t->type != r->type || strcmp(t->value, r->value) != 0 ||
        t->anchor != r->anchor) {
      fprintf(stderr, "row %zu: '%s': type %d value '%s' anchor %d, want "
              "%d '%s' %d\n", k, r->span, t->type, t->value, t->anchor,
              r->type, r->value, r->anchor);
      bad++;
    }
  }
  assert_int_equal(bad, 0);
}

/* Words that only look like times are left alone. */
static void non_times(void **s) {
  (void)s;
  static const char *const texts[] = {
      "You may go now if you march quickly.", /* "may", "march" as verbs */
      "The 52-year-old was paid $2 million a year.",
      "The number 2019 appeared on 45% of the ballots in room 1200.",
  };
  static const char *const spans[] = {"may", "march", "a year", "52-year-old",
                                       "1200"};
  for (size_t k = 0; k < DL_COUNTOF(texts); k++) {
    dl_doc *d = tu_code(texts[k], "2021-11-07");
    for (size_t j = 0; j < DL_COUNTOF(spans); j++)
      if (find(d, spans[j])) fail_msg("'%s' in \"%s\"", spans[j], texts[k]);
  }
  dl_doc *d = tu_code("The strike started Feb. 30 and ended.", "2021-11-07");
  assert_null(find(d, "Feb. 30"));
}

/* Spans come in text order, never overlap, and match their tokens. */
static void order_and_spans(void **s) {
  (void)s;
  dl_doc *d = tu_code("On Friday, three days after the vote of 7 November "
                      "2021, officials said talks would resume next week "
                      "and last for two hours every Monday.",
                      "2021-11-12");
  assert_true(d->times.n >= 5);
  for (uint32_t i = 0; i < d->times.n; i++) {
    const dltime *t = &d->times.v[i];
    assert_true(t->s < t->e && t->e <= d->len);
    assert_true(t->t0 < t->t1 && t->t1 <= d->toks.n);
    assert_int_equal(t->s, d->toks.v[t->t0].s);
    assert_int_equal(t->e, d->toks.v[t->t1 - 1].e);
    if (i) assert_true(d->times.v[i - 1].e <= t->s);
  }
  /* empty and punctuation-only texts give nothing */
  d = tu_code("", "2021-11-07");
  assert_int_equal(d->times.n, 0);
  d = tu_code("... , ; !", "2021-11-07");
  assert_int_equal(d->times.n, 0);
}

int main(void) {
  const struct CMUnitTest tests[] = {cmocka_unit_test(table),
                                     cmocka_unit_test(non_times),
                                     cmocka_unit_test(order_and_spans)};
  return cmocka_run_group_tests(tests, tu_setup, tu_teardown);
}
