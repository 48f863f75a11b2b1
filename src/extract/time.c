/*
** time.c: the times stage. A small matcher over folded tokens finds TimeML
** TIMEX3 expressions (dates, times, durations, sets, PRESENT_REF …) and
** resolves relative ones against the publication date, following TempEval-3
** extents and values (HeidelTime/SUTime practice). Tables below, one pass,
** a bounded look-ahead per token: linear in the text. Each token is
** classified once by one hash lookup (word id, classes); tokens that start
** nothing are skipped in O(1). Allocates only its per-token ids and
** doc->times in the arena.
*/
#include "extract/time.h"

#include <assert.h>
#include <pthread.h>
#include <stdio.h>

/* ------------------------------------------------------------ calendar */

/* Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant). */
static long days_of(int y, int m, int d) {
  y -= m <= 2;
  long era = (y >= 0 ? y : y - 399) / 400;
  long yoe = y - era * 400;
  long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

static void civil_of(long z, int *y, int *m, int *d) {
  z += 719468;
  long era = (z >= 0 ? z : z - 146096) / 146097;
  long doe = z - era * 146097;
  long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  long mp = (5 * doy + 2) / 153;
  *d = (int)(doy - (153 * mp + 2) / 5 + 1);
  *m = (int)(mp < 10 ? mp + 3 : mp - 9);
  *y = (int)(yoe + era * 400 + (*m <= 2));
}

static int wday_of(long z) { return (int)(((z % 7) + 7 + 3) % 7); } /* Mon=0 */

static int mdays(int y, int m) {
  static const int n[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  return m == 2 && leap ? 29 : n[m - 1];
}

/* ISO 8601 week of day 'z': its year and number. */
static void isoweek(long z, int *wy, int *wn) {
  long thu = z - wday_of(z) + 3;
  int y, m, d;
  civil_of(thu, &y, &m, &d);
  *wy = y;
  *wn = (int)((thu - days_of(y, 1, 1)) / 7 + 1);
}

/* ------------------------------------------------------------- words */

/* Every word the matcher knows, by id: the tables below and the cue words
** of the matchers. Each token is classified once per document by one hash
** lookup of its folded form (words()); the matchers then compare ids. */
#define WORDS(X) \
  X(W_JANUARY, "january") \
  X(W_FEBRUARY, "february") \
  X(W_MARCH, "march") \
  X(W_APRIL, "april") \
  X(W_MAY, "may") \
  X(W_JUNE, "june") \
  X(W_JULY, "july") \
  X(W_AUGUST, "august") \
  X(W_SEPTEMBER, "september") \
  X(W_OCTOBER, "october") \
  X(W_NOVEMBER, "november") \
  X(W_DECEMBER, "december") \
  X(W_JAN, "jan") \
  X(W_FEB, "feb") \
  X(W_MAR, "mar") \
  X(W_APR, "apr") \
  X(W_JUN, "jun") \
  X(W_JUL, "jul") \
  X(W_AUG, "aug") \
  X(W_SEP, "sep") \
  X(W_SEPT, "sept") \
  X(W_OCT, "oct") \
  X(W_NOV, "nov") \
  X(W_DEC, "dec") \
  X(W_MONDAY, "monday") \
  X(W_TUESDAY, "tuesday") \
  X(W_WEDNESDAY, "wednesday") \
  X(W_THURSDAY, "thursday") \
  X(W_FRIDAY, "friday") \
  X(W_SATURDAY, "saturday") \
  X(W_SUNDAY, "sunday") \
  X(W_MONDAYS, "mondays") \
  X(W_TUESDAYS, "tuesdays") \
  X(W_WEDNESDAYS, "wednesdays") \
  X(W_THURSDAYS, "thursdays") \
  X(W_FRIDAYS, "fridays") \
  X(W_SATURDAYS, "saturdays") \
  X(W_SUNDAYS, "sundays") \
  X(W_ONE, "one") \
  X(W_TWO, "two") \
  X(W_THREE, "three") \
  X(W_FOUR, "four") \
  X(W_FIVE, "five") \
  X(W_SIX, "six") \
  X(W_SEVEN, "seven") \
  X(W_EIGHT, "eight") \
  X(W_NINE, "nine") \
  X(W_TEN, "ten") \
  X(W_ELEVEN, "eleven") \
  X(W_TWELVE, "twelve") \
  X(W_THIRTEEN, "thirteen") \
  X(W_FOURTEEN, "fourteen") \
  X(W_FIFTEEN, "fifteen") \
  X(W_SIXTEEN, "sixteen") \
  X(W_SEVENTEEN, "seventeen") \
  X(W_EIGHTEEN, "eighteen") \
  X(W_NINETEEN, "nineteen") \
  X(W_TWENTY, "twenty") \
  X(W_THIRTY, "thirty") \
  X(W_FORTY, "forty") \
  X(W_FIFTY, "fifty") \
  X(W_SIXTY, "sixty") \
  X(W_SEVENTY, "seventy") \
  X(W_EIGHTY, "eighty") \
  X(W_NINETY, "ninety") \
  X(W_HUNDRED, "hundred") \
  X(W_DOZEN, "dozen") \
  X(W_A, "a") \
  X(W_AN, "an") \
  X(W_SEVERAL, "several") \
  X(W_FEW, "few") \
  X(W_MANY, "many") \
  X(W_SOME, "some") \
  X(W_COUPLE, "couple") \
  X(W_FIRST, "first") \
  X(W_SECOND, "second") \
  X(W_THIRD, "third") \
  X(W_FOURTH, "fourth") \
  X(W_FIFTH, "fifth") \
  X(W_SIXTH, "sixth") \
  X(W_SEVENTH, "seventh") \
  X(W_EIGHTH, "eighth") \
  X(W_NINTH, "ninth") \
  X(W_TENTH, "tenth") \
  X(W_ELEVENTH, "eleventh") \
  X(W_TWELFTH, "twelfth") \
  X(W_LAST, "last") \
  X(W_FINAL, "final") \
  X(W_SECONDS, "seconds") \
  X(W_MINUTE, "minute") \
  X(W_MINUTES, "minutes") \
  X(W_HOUR, "hour") \
  X(W_HOURS, "hours") \
  X(W_DAY, "day") \
  X(W_DAYS, "days") \
  X(W_WEEK, "week") \
  X(W_WEEKS, "weeks") \
  X(W_WEEKEND, "weekend") \
  X(W_WEEKENDS, "weekends") \
  X(W_MONTH, "month") \
  X(W_MONTHS, "months") \
  X(W_QUARTER, "quarter") \
  X(W_QUARTERS, "quarters") \
  X(W_YEAR, "year") \
  X(W_YEARS, "years") \
  X(W_DECADE, "decade") \
  X(W_DECADES, "decades") \
  X(W_CENTURY, "century") \
  X(W_CENTURIES, "centuries") \
  X(W_FORTNIGHT, "fortnight") \
  X(W_SPRING, "spring") \
  X(W_SUMMER, "summer") \
  X(W_FALL, "fall") \
  X(W_AUTUMN, "autumn") \
  X(W_WINTER, "winter") \
  X(W_MORNING, "morning") \
  X(W_AFTERNOON, "afternoon") \
  X(W_EVENING, "evening") \
  X(W_NIGHT, "night") \
  X(W_DAILY, "daily") \
  X(W_WEEKLY, "weekly") \
  X(W_MONTHLY, "monthly") \
  X(W_ANNUALLY, "annually") \
  X(W_YEARLY, "yearly") \
  X(W_HOURLY, "hourly") \
  X(W_NIGHTLY, "nightly") \
  X(W_NOW, "now") \
  X(W_CURRENTLY, "currently") \
  X(W_CURRENT, "current") \
  X(W_NOWADAYS, "nowadays") \
  X(W_RECENTLY, "recently") \
  X(W_RECENT, "recent") \
  X(W_LATELY, "lately") \
  X(W_WILL, "will") \
  X(W_QLL, "'ll") \
  X(W_SHALL, "shall") \
  X(W_WO, "wo") \
  X(W_WOULD, "would") \
  X(W_SCHEDULED, "scheduled") \
  X(W_UPCOMING, "upcoming") \
  X(W_PLANS, "plans") \
  X(W_EXPECTED, "expected") \
  X(W_PLANNED, "planned") \
  X(W_PLANNING, "planning") \
  X(W_NEXT, "next") \
  X(W_SAID, "said") \
  X(W_SAYS, "says") \
  X(W_ANNOUNCED, "announced") \
  X(W_TOLD, "told") \
  X(W_REPORTED, "reported") \
  X(W_WAS, "was") \
  X(W_WERE, "were") \
  X(W_HAD, "had") \
  X(W_IS, "is") \
  X(W_ARE, "are") \
  X(W_AM, "am") \
  X(W_QS, "'s") \
  X(W_QRE, "'re") \
  X(W_IN, "in") \
  X(W_SINCE, "since") \
  X(W_UNTIL, "until") \
  X(W_TILL, "till") \
  X(W_BY, "by") \
  X(W_OF, "of") \
  X(W_DURING, "during") \
  X(W_THROUGH, "through") \
  X(W_FROM, "from") \
  X(W_TO, "to") \
  X(W_BEFORE, "before") \
  X(W_AFTER, "after") \
  X(W_ON, "on") \
  X(W_BETWEEN, "between") \
  X(W_AND, "and") \
  X(W_EARLY, "early") \
  X(W_LATE, "late") \
  X(W_MID, "mid") \
  X(W_THIS, "this") \
  X(W_THAT, "that") \
  X(W_END, "end") \
  X(W_EACH, "each") \
  X(W_EVERY, "every") \
  X(W_OR, "or") \
  X(W_DASH, "-") \
  X(W_FISCAL, "fiscal") \
  X(W_AROUND, "around") \
  X(W_ABOUT, "about") \
  X(W_NEARLY, "nearly") \
  X(W_ALMOST, "almost") \
  X(W_ROUGHLY, "roughly") \
  X(W_APPROXIMATELY, "approximately") \
  X(W_OVER, "over") \
  X(W_ONLY, "only") \
  X(W_JUST, "just") \
  X(W_BARELY, "barely") \
  X(W_FULLY, "fully") \
  X(W_ANOTHER, "another") \
  X(W_UP, "up") \
  X(W_LESS, "less") \
  X(W_MORE, "more") \
  X(W_FEWER, "fewer") \
  X(W_AT, "at") \
  X(W_LEAST, "least") \
  X(W_THAN, "than") \
  X(W_MOST, "most") \
  X(W_UNDER, "under") \
  X(W_WELL, "well") \
  X(W_THE, "the") \
  X(W_PAST, "past") \
  X(W_COMING, "coming") \
  X(W_PREVIOUS, "previous") \
  X(W_FOLLOWING, "following") \
  X(W_HAS, "has") \
  X(W_AS, "as") \
  X(W_ITS, "its") \
  X(W_US, "us") \
  X(W_HIS, "his") \
  X(W_ACROSS, "across") \
  X(W_THUS, "thus") \
  X(W_PLUS, "plus") \
  X(W_PROCESS, "process") \
  X(W_YES, "yes") \
  X(W_DOT, ".") \
  X(W_SOON, "soon") \
  X(W_SET, "set") \
  X(W_DUE, "due") \
  X(W_COMMA, ",") \
  X(W_ENDED, "ended") \
  X(W_MET, "met") \
  X(W_APOS, "'") \
  X(W_DOLLAR, "$") \
  X(W_HASH, "#") \
  X(W_NO, "no") \
  X(W_PCT, "%") \
  X(W_PERCENT, "percent") \
  X(W_COLON, ":") \
  X(W_TODAY, "today") \
  X(W_YESTERDAY, "yesterday") \
  X(W_TOMORROW, "tomorrow") \
  X(W_TONIGHT, "tonight") \
  X(W_NOON, "noon") \
  X(W_HIGH, "high") \
  X(W_MIDDAY, "midday") \
  X(W_MIDNIGHT, "midnight") \
  X(W_A_M, "a.m.") \
  X(W_P_M, "p.m.") \
  X(W_PM, "pm") \
  X(W_PERIOD, "period") \
  X(W_HALF12, "1/2") \
  X(W_ADDITIONAL, "additional") \
  X(W_FULL, "full") \
  X(W_STRAIGHT, "straight") \
  X(W_CONSECUTIVE, "consecutive") \
  X(W_FOR, "for") \
  X(W_WITHIN, "within") \
  X(W_AGO, "ago") \
  X(W_EARLIER, "earlier") \
  X(W_LATER, "later") \
  X(W_MILLION, "million") \
  X(W_BILLION, "billion") \
  X(W_CENTS, "cents") \
  X(W_TIMES, "times") \
  X(W_OLD, "old") \
  X(W_LEADING, "leading") \
  X(W_PRECEDING, "preceding") \
  X(W_HENCE, "hence") \
  X(W_THANKSGIVING, "thanksgiving") \
  X(W_CHRISTMAS, "christmas") \
  X(W_ELECTION, "election") \
  X(W_NEW, "new") \
  X(W_EVE, "eve") \
  X(W_PRESENT, "present") \
  X(W_PRIOR, "prior") \
  X(W_SAME, "same") \
  X(W_HALF, "half") \
  X(W_ENDING, "ending") \
  X(W_COMPARABLE, "comparable") \
  X(W_YEAR_AGO, "year-ago") \
  X(W_YEAR_EARLIER, "year-earlier") \
  X(W_LATEST, "latest") \
  X(W_JUST_ENDED, "just-ended") \
  X(W_ACCOUNT, "account") \
  X(W_ACCOUNTS, "accounts") \
  X(W_POSSIBLE, "possible") \
  X(W_THESE, "these") \
  X(W_FUTURE, "future") \
  X(W_NEAR, "near") \
  X(W_DISTANT, "distant") \
  /* end */

enum {
  W_NONE, /* not a known word */
#define X(id, s) id,
  WORDS(X)
#undef X
  W_HYPH, /* "two-year", "third-quarter", "mid-1990s": parts to look at */
  W_N
};

static const char *const wstr[W_N] = {
    "",
#define X(id, s) s,
    WORDS(X)
#undef X
    ""};

/* ------------------------------------------------------------- tables */

typedef struct kv { uint16_t w; int v; } kv;

static const kv months[] = {
    {W_JANUARY, 1}, {W_FEBRUARY, 2}, {W_MARCH, 3}, {W_APRIL, 4},
    {W_MAY, 5}, {W_JUNE, 6}, {W_JULY, 7}, {W_AUGUST, 8},
    {W_SEPTEMBER, 9}, {W_OCTOBER, 10}, {W_NOVEMBER, 11}, {W_DECEMBER, 12},
    {W_JAN, 1}, {W_FEB, 2}, {W_MAR, 3}, {W_APR, 4}, {W_JUN, 6},
    {W_JUL, 7}, {W_AUG, 8}, {W_SEP, 9}, {W_SEPT, 9}, {W_OCT, 10},
    {W_NOV, 11}, {W_DEC, 12}};

static const kv wdays[] = { /* Mon=1 … Sun=7, as TIMEX3 XXXX-WXX-n */
    {W_MONDAY, 1}, {W_TUESDAY, 2}, {W_WEDNESDAY, 3}, {W_THURSDAY, 4},
    {W_FRIDAY, 5}, {W_SATURDAY, 6}, {W_SUNDAY, 7}};

static const kv wdays_pl[] = { /* "on Mondays" is a set */
    {W_MONDAYS, 1}, {W_TUESDAYS, 2}, {W_WEDNESDAYS, 3}, {W_THURSDAYS, 4},
    {W_FRIDAYS, 5}, {W_SATURDAYS, 6}, {W_SUNDAYS, 7}};

static const kv numbers[] = {
    {W_ONE, 1}, {W_TWO, 2}, {W_THREE, 3}, {W_FOUR, 4}, {W_FIVE, 5},
    {W_SIX, 6}, {W_SEVEN, 7}, {W_EIGHT, 8}, {W_NINE, 9}, {W_TEN, 10},
    {W_ELEVEN, 11}, {W_TWELVE, 12}, {W_THIRTEEN, 13}, {W_FOURTEEN, 14},
    {W_FIFTEEN, 15}, {W_SIXTEEN, 16}, {W_SEVENTEEN, 17}, {W_EIGHTEEN, 18},
    {W_NINETEEN, 19}, {W_TWENTY, 20}, {W_THIRTY, 30}, {W_FORTY, 40},
    {W_FIFTY, 50}, {W_SIXTY, 60}, {W_SEVENTY, 70}, {W_EIGHTY, 80},
    {W_NINETY, 90}, {W_HUNDRED, 100}, {W_DOZEN, 12}, {W_A, 1}, {W_AN, 1},
    {W_SEVERAL, -1}, {W_FEW, -1}, {W_MANY, -1}, {W_SOME, -1},
    {W_COUPLE, 2}};

static const kv ordinals[] = {
    {W_FIRST, 1}, {W_SECOND, 2}, {W_THIRD, 3}, {W_FOURTH, 4},
    {W_FIFTH, 5}, {W_SIXTH, 6}, {W_SEVENTH, 7}, {W_EIGHTH, 8},
    {W_NINTH, 9}, {W_TENTH, 10}, {W_ELEVENTH, 11}, {W_TWELFTH, 12},
    {W_LAST, 4}, {W_FINAL, 4}};

/* Units; their TIMEX3 letter and how a period of them is written. */
enum { U_SEC, U_MIN, U_HOUR, U_DAY, U_WEEK, U_WEEKEND, U_MONTH, U_QUARTER,
       U_HALF, U_YEAR, U_DECADE, U_CENT, U_N };

static const kv units[] = {
    {W_SECOND, U_SEC}, {W_SECONDS, U_SEC}, {W_MINUTE, U_MIN},
    {W_MINUTES, U_MIN}, {W_HOUR, U_HOUR}, {W_HOURS, U_HOUR},
    {W_DAY, U_DAY}, {W_DAYS, U_DAY}, {W_WEEK, U_WEEK}, {W_WEEKS, U_WEEK},
    {W_WEEKEND, U_WEEKEND}, {W_WEEKENDS, U_WEEKEND},
    {W_MONTH, U_MONTH}, {W_MONTHS, U_MONTH}, {W_QUARTER, U_QUARTER},
    {W_QUARTERS, U_QUARTER}, {W_YEAR, U_YEAR}, {W_YEARS, U_YEAR},
    {W_DECADE, U_DECADE}, {W_DECADES, U_DECADE}, {W_CENTURY, U_CENT},
    {W_CENTURIES, U_CENT}, {W_FORTNIGHT, -2}};

static const kv seasons[] = {
    {W_SPRING, 0}, {W_SUMMER, 1}, {W_FALL, 2}, {W_AUTUMN, 2}, {W_WINTER, 3}};
static const char *const season_code[] = {"SP", "SU", "FA", "WI"};

static const kv dayparts[] = { /* "Sunday morning" -> TMO */
    {W_MORNING, 0}, {W_AFTERNOON, 1}, {W_EVENING, 2}, {W_NIGHT, 3}};
static const char *const daypart_code[] = {"MO", "AF", "EV", "NI"};

static const kv sets[] = { /* adverbs of frequency -> SET: "daily" P1D */
    {W_DAILY, U_DAY}, {W_WEEKLY, U_WEEK}, {W_MONTHLY, U_MONTH},
    {W_ANNUALLY, U_YEAR}, {W_YEARLY, U_YEAR}, {W_HOURLY, U_HOUR},
    {W_NIGHTLY, U_DAY}}; /* not "quarterly": mostly "quarterly dividend" */

static const kv refs[] = { /* PRESENT_REF 0, PAST_REF 1, FUTURE_REF 2 */
    {W_NOW, 0}, {W_CURRENTLY, 0}, {W_CURRENT, 0}, {W_NOWADAYS, 0},
    {W_RECENTLY, 1}, {W_RECENT, 1}, {W_LATELY, 1}}; /* not "soon": too often "soon after" */
static const char *const ref_code[] = {"PRESENT_REF", "PAST_REF",
                                       "FUTURE_REF"};

/* Cue-word classes (bits of winfo.cls), each from a list of ids. */
enum {
  C_START = 1u << 0,   /* may start a time expression (see start_ids) */
  C_FUT = 1u << 1,     /* future cue of future_at() */
  C_PAST = 1u << 2,    /* ... its past cue */
  C_BE = 1u << 3,      /* "is" before an "-ing" verb */
  C_CUE = 1u << 4,     /* before a bare "May"/"March" that is the month */
  C_YEARCUE = 1u << 5, /* before a bare year under 1900 */
  C_APPROX = 1u << 6,  /* modifiers before an amount */
  C_NOTPL = 1u << 7    /* ends in 's' but is no plural noun */
};
static const uint16_t fut_ids[] = {W_WILL, W_QLL, W_SHALL, W_WO, W_WOULD,
                                   W_SCHEDULED, W_UPCOMING, W_PLANS,
                                   W_EXPECTED, W_NEXT, W_PLANNED, W_PLANNING, 0};
static const uint16_t past_ids[] = {W_SAID, W_SAYS, W_ANNOUNCED, W_TOLD,
                                    W_REPORTED, W_WAS, W_WERE, W_HAD, 0};
static const uint16_t be_ids[] = {W_IS, W_ARE, W_AM, W_QS, W_QRE, 0};
static const uint16_t cue_ids[] = {
    W_IN, W_SINCE, W_UNTIL, W_TILL, W_BY, W_OF, W_DURING, W_THROUGH,
    W_FROM, W_TO, W_BEFORE, W_AFTER, W_ON, W_BETWEEN, W_AND, W_EARLY,
    W_LATE, W_MID, W_LAST, W_NEXT, W_THIS, W_THAT, W_END, W_EACH,
    W_EVERY, W_OR, W_DASH, 0};
static const uint16_t yearcue_ids[] = {W_IN, W_SINCE, W_BY, W_FROM, W_UNTIL,
                                       W_OF, W_YEAR, W_FISCAL, W_BEFORE,
                                       W_AFTER, W_AROUND, W_ABOUT, 0};
static const uint16_t approx_ids[] = {
    W_NEARLY, W_ABOUT, W_ALMOST, W_AROUND, W_ROUGHLY, W_APPROXIMATELY,
    W_SOME, W_OVER, W_ONLY, W_JUST, W_BARELY, W_FULLY, W_A, W_ANOTHER,
    W_UP, W_LESS, W_MORE, W_FEWER, W_AT, W_LEAST, W_THAN, W_TO,
    W_MOST, W_UNDER, W_WELL, W_THE, W_PAST, W_LAST, W_NEXT, W_FIRST,
    W_COMING, W_PREVIOUS, W_FOLLOWING, W_FINAL, W_RECENT, 0};
static const uint16_t notpl_ids[] = {W_WAS, W_IS, W_HAS, W_AS, W_THIS, W_ITS,
                                     W_US, W_HIS, W_LESS, W_ACROSS, W_THUS,
                                     W_PLUS, W_QS, W_PROCESS, W_YES, 0};
/* First words of the matchers (match()), besides the words of the tables
** and digits: any other token starts nothing and is skipped in O(1). */
static const uint16_t start_ids[] = {
    W_EARLY, W_LATE, W_MID, W_THE, W_FISCAL, W_APOS, W_NOON, W_MIDDAY,
    W_MIDNIGHT, W_TODAY, W_YESTERDAY, W_TOMORROW, W_TONIGHT, W_THIS,
    W_LAST, W_PAST, W_PREVIOUS, W_NEXT, W_COMING, W_EVERY, W_EACH,
    W_COMPARABLE, W_SAME, W_EARLIER, W_LATER, W_CURRENT, W_PRESENT,
    W_THESE, W_FUTURE, W_THANKSGIVING, W_CHRISTMAS, W_ELECTION, W_NEW,
    W_YEAR_EARLIER, W_YEAR_AGO, W_HYPH, 0};

/* What a word is: its classes and its index in each table (-1: none). */
typedef struct winfo {
  uint64_t key[2];                  /* its bytes, zero-padded (wkeys()) */
  uint32_t cls;                     /* C_* */
  uint8_t len;                      /* its length */
  int8_t months, wdays, wdays_pl, numbers, ordinals, units, seasons,
      dayparts, sets, refs;         /* index into the table of that name */
} winfo;                            /* 32 bytes: one cache line per hit */

#define WSLOTS 4096                 /* power of two, >> W_N: few probes */
#define WMAXLEN 16                  /* longer tokens are no known word */
static _Alignas(64) winfo winf[W_N];
static uint16_t wslot[WSLOTS];      /* open addressing: id, 0 = empty */
static pthread_once_t wonce = PTHREAD_ONCE_INIT;

/* The bytes of [s, s+n) (n <= WMAXLEN) as two zero-padded words and their
** hash: no memcmp and no strlen per token. */
static inline uint32_t whash(const uint64_t k[2], size_t n) {
  uint64_t h = (k[0] ^ (k[1] * 0x9e3779b97f4a7c15u) ^ n) *
               0xff51afd7ed558ccdu;
  return (uint32_t)(h >> 40);
}
static inline uint32_t wkeys(const char *s, size_t n, uint64_t k[2]) {
  k[0] = k[1] = 0;
  for (size_t i = 0; i < n; i++)
    k[i >> 3] |= (uint64_t)(uint8_t)s[i] << ((i & 7) * 8);
  return whash(k, n);
}

/* The id of the word with keys 'k' (wkeys()) and length 'n', or W_NONE. */
static inline uint16_t wfind(const uint64_t k[2], size_t n) {
  for (uint32_t h = whash(k, n);; h++) {
    uint16_t id = wslot[h & (WSLOTS - 1)];
    if (id == W_NONE) return W_NONE;
    const winfo *f = &winf[id];
    if (f->key[0] == k[0] && f->key[1] == k[1] && f->len == n) return id;
  }
}

/* The id of the word [s, s+n), or W_NONE. */
static inline uint16_t wlook(const char *s, size_t n) {
  if (n == 0 || n > WMAXLEN) return W_NONE;
  uint64_t k[2];
  wkeys(s, n, k);
  return wfind(k, n);
}

/* wlook() where 's' has at least 16 readable bytes: two loads and masks
** instead of a byte loop (little-endian keys, as wkeys()). */
static inline uint16_t wlook16(const char *s, size_t n) {
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
  if (n == 0 || n > WMAXLEN) return W_NONE;
  uint64_t k[2];
  memcpy(k, s, 16);
  if (n <= 8) {
    k[1] = 0;
    if (n < 8) k[0] &= (UINT64_C(1) << (n * 8)) - 1;
  } else if (n < 16)
    k[1] &= (UINT64_C(1) << ((n - 8) * 8)) - 1;
  return wfind(k, n);
#else
  return wlook(s, n);
#endif
}

static void mark(const uint16_t *ids, uint32_t bit) {
  for (; *ids; ids++) winf[*ids].cls |= bit;
}
#define INDEX(tab)                                               \
  for (size_t k = 0; k < DL_COUNTOF(tab); k++) {                 \
    winf[tab[k].w].tab = (int8_t)k;                              \
    winf[tab[k].w].cls |= C_START;                               \
  }

/* Build the hash and the word classes, once per process (pthread_once). */
static void winit(void) {
  for (int id = 0; id < W_N; id++) {
    winfo *f = &winf[id];
    memset(f, 0, sizeof *f);
    f->months = f->wdays = f->wdays_pl = f->numbers = f->ordinals = -1;
    f->units = f->seasons = f->dayparts = f->sets = f->refs = -1;
    size_t n = strlen(wstr[id]);
    assert(n <= WMAXLEN);
    f->len = (uint8_t)n;
    if (id == W_NONE || id == W_HYPH) continue;
    uint32_t h = wkeys(wstr[id], n, f->key);
    while (wslot[h & (WSLOTS - 1)]) h++;
    wslot[h & (WSLOTS - 1)] = (uint16_t)id;
  }
  INDEX(months); INDEX(wdays); INDEX(wdays_pl); INDEX(numbers);
  INDEX(ordinals); INDEX(units); INDEX(seasons); INDEX(dayparts);
  INDEX(sets); INDEX(refs);
  mark(fut_ids, C_FUT); mark(past_ids, C_PAST); mark(be_ids, C_BE);
  mark(cue_ids, C_CUE); mark(yearcue_ids, C_YEARCUE);
  mark(approx_ids, C_APPROX | C_START); mark(notpl_ids, C_NOTPL);
  winf[W_TO].cls &= ~(uint32_t)C_START;   /* "to", "than" end the modifiers */
  winf[W_THAN].cls &= ~(uint32_t)C_START; /* of m_amount where they stand */
  mark(start_ids, C_START);
}
#undef INDEX

/* ------------------------------------------------------------- matcher */

typedef struct tx {
  dl_doc *d;
  uint32_t n;          /* tokens */
  const uint16_t *w;   /* per token: its word id */
  bool has;            /* publication date known */
  int y, m, dd;        /* ... and it */
  long z;              /* ... as a day number */
  int lastq;           /* last quarter named (y*4+q-1), -1 none */
} tx;

typedef struct hit {
  uint32_t t1;         /* end token (exclusive); 0 = no match */
  uint8_t type, anchor;
  char v[24];
} hit;

static const char *tok(const tx *c, uint32_t i, size_t *n) {
  if (i >= c->n) { *n = 0; return ""; }
  return dltok_fold(c->d, i, n);
}
static inline uint16_t wid(const tx *c, uint32_t i) {
  return i < c->n ? c->w[i] : W_NONE;
}
static inline bool is(const tx *c, uint32_t i, uint16_t w) {
  return i < c->n && c->w[i] == w;
}
/* Is token 'i' of class 'bit' (C_*)? */
static inline bool isany(const tx *c, uint32_t i, uint32_t bit) {
  return (winf[wid(c, i)].cls & bit) != 0;
}
static unsigned flags(const tx *c, uint32_t i) {
  return i < c->n ? c->d->toks.v[i].flags : 0;
}
/* Index in table 'tab' of token 'i' or of the string [s, s+n), or -1. */
#define LOOK(c, i, tab) ((int)winf[wid((c), (i))].tab)
#define LOOKS(tab, s, n) ((int)winf[wlook((s), (n))].tab)
/* Is token 'i' adjacent (no space) to token 'i-1'? */
static bool glued(const tx *c, uint32_t i) {
  return i > 0 && i < c->n &&
         c->d->toks.v[i].s == c->d->toks.v[i - 1].e;
}

/* Digits only (commas allowed inside: "1,000"); value or -1. */
static long digits(const char *s, size_t n) {
  long v = 0;
  if (!n || n > 9) return -1;
  for (size_t k = 0; k < n; k++) {
    if (s[k] == ',' && k > 0) continue;
    if (s[k] < '0' || s[k] > '9') return -1;
    v = v * 10 + (s[k] - '0');
  }
  return v;
}

/* A number in a string: digits, a number word or "twenty-five"; 'LONG_MIN'
** when none, -1 for a vague one ("several"). */
#define NONUM (-1000)
static long numstr(const char *s, size_t n, bool allow_a) {
  long v = digits(s, n);
  if (v >= 0) return v;
  int k = LOOKS(numbers, s, n);
  if (k >= 0) {
    if (!allow_a && (numbers[k].w == W_A || numbers[k].w == W_AN ||
                     numbers[k].v == -1 || numbers[k].w == W_COUPLE))
      return NONUM;
    return numbers[k].v;
  }
  const char *h = memchr(s, '-', n); /* "twenty-five" */
  if (h) {
    int a = LOOKS(numbers, s, (size_t)(h - s));
    int b = LOOKS(numbers, h + 1,
                   n - (size_t)(h - s) - 1);
    if (a >= 0 && b >= 0 && numbers[a].v >= 20 && numbers[a].v < 100 &&
        numbers[b].v > 0 && numbers[b].v < 10)
      return numbers[a].v + numbers[b].v;
  }
  return NONUM;
}

/* numstr() of token 'i': digits, a number word from its id, or the parts
** of a hyphenated one; no hash lookup but for those. */
static long tnum(const tx *c, uint32_t i, bool allow_a) {
  if (i >= c->n) return NONUM;
  size_t n;
  const char *s = tok(c, i, &n);
  if (c->d->toks.v[i].flags & DLT_NUM) {
    long v = digits(s, n);
    return v >= 0 ? v : NONUM;
  }
  if (c->w[i] == W_HYPH) return numstr(s, n, allow_a);
  int k = LOOK(c, i, numbers);
  if (k < 0) return NONUM;
  if (!allow_a && (numbers[k].w == W_A || numbers[k].w == W_AN ||
                   numbers[k].v == -1 || numbers[k].w == W_COUPLE))
    return NONUM;
  return numbers[k].v;
}

/* Day of month: "7", "7th", "21st"; 0 if none. */
static int mday(const tx *c, uint32_t i) {
  size_t n;
  const char *s = tok(c, i, &n);
  if (n >= 3 && (!memcmp(s + n - 2, "st", 2) || !memcmp(s + n - 2, "nd", 2) ||
                 !memcmp(s + n - 2, "rd", 2) || !memcmp(s + n - 2, "th", 2)))
    n -= 2;
  long v = digits(s, n);
  return v >= 1 && v <= 31 && n <= 2 ? (int)v : 0;
}

/* A four-digit year 1000..2099 (or "'98" handled by the caller); 0 if none. */
/* The leading digits of 's' ('s' is one of our own values). */
static int lead_int(const char *s) {
  int v = 0;
  while (*s >= '0' && *s <= '9') v = v * 10 + (*s++ - '0');
  return v;
}

static int year_tok(const tx *c, uint32_t i) {
  size_t n;
  const char *s = tok(c, i, &n);
  if (n != 4 || !(flags(c, i) & DLT_NUM)) return 0;
  long v = digits(s, n);
  return v >= 1000 && v <= 2099 ? (int)v : 0;
}

/* Month token at 'i' ("Nov", "Nov." with its dot, "November"): 1..12 and *end
** (exclusive), or 0. 'strict' asks for a capital (bare month names). */
static int month_at(const tx *c, uint32_t i, uint32_t *end) {
  int k = LOOK(c, i, months);
  if (k < 0) {
    size_t n;
    const char *s = tok(c, i, &n);
    const char *d = n ? memchr(s, '-', n) : NULL;   /* "late-November" */
    uint16_t pre = d ? wlook(s, (size_t)(d - s)) : W_NONE;
    if (pre != W_EARLY && pre != W_LATE && pre != W_MID) return 0;
    k = LOOKS(months, d + 1, n - (size_t)(d - s) - 1);
    if (k < 0 || winf[months[k].w].len < 5) return 0;
    *end = i + 1;
    return months[k].v;
  }
  size_t n;
  tok(c, i, &n);
  *end = i + 1;
  if (n <= 4 && months[k].w != W_MAY && months[k].w != W_JUNE &&
      months[k].w != W_JULY) { /* abbreviation: "Nov." */
    if (is(c, i + 1, W_DOT) && glued(c, i + 1)) *end = i + 2;
    else if (!mday(c, i + 1)) return 0; /* "dec" alone is no month */
  }
  if (!(flags(c, i) & DLT_CAP)) return 0; /* "may", "march" as words */
  return months[k].v;
}

/* --------------------------------------------------------- value writers */

/* Append 's' to a 24-byte TIMEX3 value (no strcat: STYLE.md §5). */
static void vcat(char *v, const char *s) {
  size_t n = strlen(v);
  snprintf(v + n, 24 - n, "%s", s);
}
static void fmt_day(char *v, long z) {
  int y, m, d;
  civil_of(z, &y, &m, &d);
  snprintf(v, 24, "%04d-%02d-%02d", y, m, d);
}
static void fmt_week(char *v, long z) {
  int wy, wn;
  isoweek(z, &wy, &wn);
  snprintf(v, 24, "%04d-W%02d", wy, wn);
}
static void fmt_month(char *v, long ym) { /* y*12 + m-1 */
  snprintf(v, 24, "%04ld-%02ld", ym / 12, ym % 12 + 1);
}
static void fmt_quarter(char *v, long yq) { /* y*4 + q-1 */
  snprintf(v, 24, "%04d-Q%d", (int)(yq / 4), (int)(yq % 4 + 1));
}

/* The period of 'unit' that holds the publication date, shifted by 'k'. */
static void period(const tx *c, int unit, long k, char *v) {
  switch (unit) {
  case U_SEC: case U_MIN: case U_HOUR: case U_DAY:
    fmt_day(v, c->z + k);
    break;
  case U_WEEK:
    fmt_week(v, c->z + 7 * k);
    break;
  case U_WEEKEND:
    fmt_week(v, c->z + 7 * k);
    vcat(v, "-WE");
    break;
  case U_MONTH:
    fmt_month(v, (long)c->y * 12 + c->m - 1 + k);
    break;
  case U_QUARTER:
    fmt_quarter(v, (long)c->y * 4 + (c->m - 1) / 3 + k);
    break;
  case U_HALF: {
    long h = (long)c->y * 2 + (c->m - 1) / 6 + k;
    snprintf(v, 24, "%04ld-H%ld", h / 2, h % 2 + 1);
    break;
  }
  case U_YEAR:
    snprintf(v, 24, "%04ld", c->y + k);
    break;
  case U_DECADE:
    snprintf(v, 24, "%03ld", c->y / 10 + k);
    break;
  default:
    snprintf(v, 24, "%02ld", c->y / 100 + k);
    break;
  }
}

/* Duration "P3D", "PT2H", "PXY" (n < 0: unknown), decades as years. */
static void duration(char *v, int unit, long n) {
  static const char *const letter[U_N] = {"S", "M", "H", "D", "W", "D", "M",
                                          "Q", "M", "Y", "Y", "Y"};
  const char *t = unit <= U_HOUR ? "T" : "";
  if (unit == U_WEEKEND && n > 0) n *= 2;           /* "the weekend" P2D */
  if (unit == U_DECADE && n > 0) n *= 10;           /* "two decades" P20Y */
  if (unit == U_CENT && n > 0) n *= 100;            /* "a century" P100Y */
  if (unit == U_HALF && n > 0) n *= 6;
  if (unit == U_QUARTER && n > 0) { n *= 3; unit = U_MONTH; }
  if (n < 0) snprintf(v, 24, "P%sX%s", t, letter[unit]);
  else snprintf(v, 24, "P%s%ld%s", t, n, letter[unit]);
}

/* ---------------------------------------------------------------- tense */

/* Does the clause around token 'i' speak of the future? "will meet on
** Monday", "is scheduled to …"; but "said Friday" is past. Any cue in the
** clause counts: finer readings of tense did worse on TempEval-3. */
static bool future_at(const tx *c, uint32_t i) {
  if (i >= c->n) return false;
  if ((i > 0 && isany(c, i - 1, C_PAST)) || isany(c, i + 1, C_PAST)) return false;
  /* "as soon as Tuesday", "as early as next week", "until Tuesday" */
  if (i > 1 && is(c, i - 1, W_AS) && (is(c, i - 2, W_SOON) ||
                                      is(c, i - 2, W_EARLY)))
    return true;
  if (i > 0 && (is(c, i - 1, W_UNTIL) || is(c, i - 1, W_BY))) return true;
  const dlsent *s = c->d->sents.n && c->d->toks.v[i].sent < c->d->sents.n
                        ? &c->d->sents.v[c->d->toks.v[i].sent]
                        : NULL;
  uint32_t a = s ? s->t0 : (i > 12 ? i - 12 : 0);
  uint32_t b = s ? s->t1 : i + 6;
  if (i > a + 15) a = i - 15;      /* the nearer clause only */
  if (b > i + 8) b = i + 8;
  for (uint32_t k = a; k < b && k < c->n; k++) {
    if (isany(c, k, C_FUT)) return true;
    if ((is(c, k, W_SET) || is(c, k, W_DUE)) && is(c, k + 1, W_TO))
      return true; /* "set to resume Monday" */
    size_t n;
    const char *w = tok(c, k + 1, &n);  /* "is traveling … Thursday" */
    if (isany(c, k, C_BE) && n > 5 && !memcmp(w + n - 3, "ing", 3)) return true;
  }
  return false;
}
static int tense_at(const tx *c, uint32_t i) { return future_at(c, i); }

/* --------------------------------------------------------------- matchers */

/* Day 'z' (of a weekday name 'wd', 1..7) relative to the publication date:
** 'dir' -1 last, +1 next, 0 by tense. */
static long weekday_day(const tx *c, int wd, int dir, uint32_t at) {
  int cur = wday_of(c->z) + 1;
  if (dir == 0) dir = future_at(c, at) ? 2 : -2;
  if (dir == -2) return c->z - ((cur - wd + 7) % 7);     /* on or before */
  if (dir == -1) { int b = (cur - wd + 7) % 7; return c->z - (b ? b : 7); }
  int f = (wd - cur + 7) % 7;                            /* after */
  return c->z + (f ? f : (dir == 2 ? 0 : 7));
}

/* Explicit dates with a month name: "Nov. 7, 2021", "7 November 2021",
** "November 2021", "Nov 7th", "November". */
static bool m_monthdate(const tx *c, uint32_t i, hit *h) {
  uint32_t e;
  int dd = 0, y = 0, mo;
  uint32_t j = i;
  if ((dd = mday(c, j)) && (mo = month_at(c, j + 1, &e))) { /* 7 November */
    j = e;
    if ((y = year_tok(c, j))) j++;
  } else if ((mo = month_at(c, j, &e))) {
    j = e;
    if ((dd = mday(c, j))) {
      j++;
      if (is(c, j, W_COMMA) && year_tok(c, j + 1)) j++; /* "Nov. 7, 2021" */
      if ((y = year_tok(c, j))) j++;
    } else {
      dd = 0;
      uint32_t k = j;
      if (is(c, k, W_COMMA) || is(c, k, W_OF)) k++;     /* "May, 2020" */
      if ((y = year_tok(c, k))) j = k + 1;
    }
  } else
    return false;
  if (dd && dd > mdays(y ? y : 2000, mo)) return false;
  h->t1 = j;
  if (y) {
    h->anchor = DLTX_ABSOLUTE;
    if (dd) snprintf(h->v, 24, "%04d-%02d-%02d", y, mo, dd);
    else snprintf(h->v, 24, "%04d-%02d", y, mo);
    return true;
  }
  /* No year: a bare "May" needs a cue that it is the month ("in May"). */
  if (!dd && (mo == 5 || mo == 3) && !(i > 0 && isany(c, i - 1, C_CUE)))
    return false;
  h->anchor = DLTX_PUBLICATION;
  int yy = c->y;
  int tense = tense_at(c, i);
  if (i > 0 && (is(c, i - 1, W_ENDED) || is(c, i - 1, W_SINCE)))
    tense = -1; /* "the year ended March 31" is past */
  for (uint32_t k = i > 3 ? i - 3 : 0; k < i && tense == 0; k++) {
    size_t wn;
    const char *w = tok(c, k, &wn); /* "met on March 12": a past verb */
    if (is(c, k, W_MET) || is(c, k, W_WAS) || is(c, k, W_WERE) ||
        (wn > 4 && !memcmp(w + wn - 2, "ed", 2) && !(flags(c, k) & DLT_CAP)))
      tense = -1;
  }
  bool fut = tense > 0;
  /* "May last year", "February of this year" */
  uint32_t k0 = is(c, j, W_OF) ? j + 1 : j;
  if ((is(c, k0, W_LAST) || is(c, k0, W_THIS) || is(c, k0, W_NEXT)) &&
      is(c, k0 + 1, W_YEAR)) {
    yy = c->y + (is(c, k0, W_LAST) ? -1 : is(c, k0, W_NEXT) ? 1 : 0);
    h->t1 = k0 + 2;
  } else if (i > 0 && is(c, i - 1, W_LAST))
    yy = c->y - 1;                                   /* "last May": 2020-05 */
  else if (i > 0 && is(c, i - 1, W_NEXT)) yy = mo > c->m ? c->y : c->y + 1;
  else if (i > 0 && is(c, i - 1, W_THIS)) yy = c->y; /* "this September" */
  else if (dd) {
    /* past tense: on or before the date ("the Oct. 23 slaying" read in
    ** May); future: on or after; else the nearest ("Dec. 28" in January) */
    long best = 0;
    for (int k = -1; k <= 1; k++) {
      long z = days_of(c->y + k, mo, dd < mdays(c->y + k, mo) ? dd
                                                    : mdays(c->y + k, mo));
      long dz = z > c->z ? z - c->z : c->z - z;
      if (tense < 0 && z > c->z + 30) continue;
      /* no future cue: news reports the past; "the Oct. 23 slaying" read
      ** in May is last October's */
      if (tense == 0 && z > c->z + 92 && best) continue;
      if (best == 0 || dz < best) { best = dz + 1; yy = c->y + k; }
    }
  } else if (fut)
    yy = mo >= c->m ? c->y : c->y + 1; /* "will … in April" */
  else if (tense < 0 || (mo - c->m + 12) % 12 > 3)
    yy = mo <= c->m ? c->y : c->y - 1; /* most recent such month */
  else
    yy = mo >= c->m ? c->y : c->y + 1; /* "through January" read in
                                          October: the coming one */
  if (dd) snprintf(h->v, 24, "%04d-%02d-%02d", yy, mo, dd);
  else snprintf(h->v, 24, "%04d-%02d", yy, mo);
  return true;
}

/* Numeric dates: "2021-11-07", "11/07/2021" (US order), "2021-11". */
static bool m_numdate(const tx *c, uint32_t i, hit *h) {
  size_t n;
  const char *s = tok(c, i, &n);
  if (!(flags(c, i) & DLT_NUM) || n < 7 || n > 10) return false;
  int a = 0, b = 0, d = 0, p = 0;
  char sep = 0;
  int *f[3] = {&a, &b, &d};
  int len[3] = {0, 0, 0};
  for (size_t k = 0; k < n; k++) {
    if (s[k] >= '0' && s[k] <= '9' && len[p] < 4) { /* 5 digits: no date */
      *f[p] = *f[p] * 10 + (s[k] - '0');
      len[p]++;
    } else if ((s[k] == '-' || s[k] == '/') && p < 2 && (!sep || sep == s[k])) {
      sep = s[k];
      p++;
    } else
      return false;
  }
  int y, mo, dd;
  if (sep == '-' && len[0] == 4 && len[1] == 2 && (p == 1 || len[2] == 2)) {
    y = a; mo = b; dd = p == 2 ? d : 0;
  } else if (sep == '/' && p == 2 && len[0] <= 2 && len[1] <= 2 &&
             (len[2] == 4 || len[2] == 2)) {
    mo = a; dd = b; y = len[2] == 4 ? d : (d < 50 ? 2000 + d : 1900 + d);
  } else
    return false;
  if (mo < 1 || mo > 12 || (p == 2 && (dd < 1 || dd > mdays(y, mo))))
    return false;
  h->t1 = i + 1;
  h->anchor = DLTX_ABSOLUTE;
  if (dd) snprintf(h->v, 24, "%04d-%02d-%02d", y, mo, dd);
  else snprintf(h->v, 24, "%04d-%02d", y, mo);
  return true;
}

/* Years and decades: "1998", "fiscal 1989", "the 1990s", "mid-1990s",
** "the '80s", "the early 1980s". */
static bool m_year(const tx *c, uint32_t i, hit *h) {
  uint32_t j = i;
  bool the = false;
  if (is(c, j, W_THE)) { the = true; j++; }
  if (is(c, j, W_EARLY) || is(c, j, W_LATE) || is(c, j, W_MID)) {
    j++;
    if (is(c, j, W_DASH)) j++;
  }
  if (is(c, j, W_FISCAL)) j++;              /* "fiscal 1989" */
  size_t n;
  const char *s = tok(c, j, &n);
  bool mid = false;
  if (n > 4 && !memcmp(s, "mid-", 4)) {      /* "mid-1990s", "mid-1996" */
    s += 4; n -= 4; mid = true;
  }
  if (is(c, j, W_APOS) && j + 1 < c->n) {      /* "the '80s" */
    s = tok(c, j + 1, &n);
    if (n == 3 && s[2] == 's' && digits(s, 2) >= 0 && s[1] == '0') {
      h->t1 = j + 2;
      snprintf(h->v, 24, "19%c", s[0]);
      h->anchor = DLTX_ABSOLUTE;
      return true;
    }
    return false;
  }
  if (n == 5 && s[4] == 's' && s[3] == '0' && digits(s, 4) >= 1000) {
    h->t1 = j + 1;                          /* "the 1990s" -> "199" */
    snprintf(h->v, 24, "%.3s", s);
    h->anchor = DLTX_ABSOLUTE;
    return true;
  }
  int y = n == 4 && (mid || (flags(c, j) & DLT_NUM)) ? (int)digits(s, n) : 0;
  if (y < 1000 || y > 2099) { /* "nineteen ninety-six" (transcripts) */
    long hi = mid ? numstr(s, n, false) : tnum(c, j, false);
    long lo = tnum(c, j + 1, false);
    if (hi < 10 || hi > 20 || lo < 10 || lo > 99 || (flags(c, j) & DLT_NUM))
      return false;
    h->t1 = j + 2;
    h->anchor = DLTX_ABSOLUTE;
    snprintf(h->v, 24, "%02ld%02ld", hi, lo);
    return true;
  }
  if (the && j == i + 1) return false;       /* "the 1990 law" */
  if (i > 0 && (is(c, i - 1, W_DOLLAR) || is(c, i - 1, W_HASH) || is(c, i - 1, W_NO)))
    return false;
  if (y < 1900 && j == i && !mid && !(i > 0 && isany(c, i - 1, C_YEARCUE)))
    return false; /* "room 1200"; but "in 1848" */
  if (j == i && !(i > 0 && isany(c, i - 1, C_YEARCUE)) && i + 1 < c->n &&
      (flags(c, i + 1) & DLT_CAP) && (flags(c, i + 1) & DLT_WORD) &&
      c->d->toks.v[i + 1].sent == c->d->toks.v[i].sent &&
      ((i > 0 && is(c, i - 1, W_QS)) || (i > 0 && (flags(c, i - 1) & DLT_CAP))))
    return false; /* "Kopp's 1987 Chevrolet", a model, not a date */
  if (is(c, j + 1, W_PCT) || is(c, j + 1, W_PERCENT)) return false;
  if (is(c, j + 1, W_COLON) || is(c, j + 1, W_DASH)) {    /* scores, ranges */
    if (!year_tok(c, j + 2)) return false;
  }
  h->t1 = j + 1;
  h->anchor = DLTX_ABSOLUTE;
  snprintf(h->v, 24, "%04d", y);
  return true;
}

/* Weekdays: "Sunday", "last Friday", "Sunday morning", "Friday, Aug. 7",
** and sets "every Friday", "Mondays". */
static bool m_weekday(const tx *c, uint32_t i, hit *h) {
  uint32_t j = i;
  int dir = 0;
  bool set = false;
  if (is(c, j, W_LAST) || is(c, j, W_PAST) || is(c, j, W_PREVIOUS)) {
    dir = -1; j++;
  } else if (is(c, j, W_NEXT) || is(c, j, W_COMING)) {
    dir = 1; j++;
  } else if (is(c, j, W_THIS)) {
    dir = 0; j++;
  } else if (is(c, j, W_EVERY) || is(c, j, W_EACH)) {
    set = true; j++;
  }
  int k = LOOK(c, j, wdays);
  int kp = k < 0 ? LOOK(c, j, wdays_pl) : -1;
  if (k < 0 && kp < 0) return false;
  if (kp >= 0) set = true;
  int wd = k >= 0 ? wdays[k].v : wdays_pl[kp > 0 ? kp : 0].v;
  j++;
  if (set) {
    h->t1 = j;
    h->type = DLTX_SET;
    h->anchor = DLTX_ABSOLUTE;
    snprintf(h->v, 24, "XXXX-WXX-%d", wd);
    return true;
  }
  /* "Friday, Aug. 7": the explicit date decides */
  hit d = {0};
  uint32_t jd = is(c, j, W_COMMA) ? j + 1 : j;  /* "Friday, Aug. 7" */
  if (LOOK(c, jd, months) >= 0 && m_monthdate(c, jd, &d) && d.v[0] &&
      strlen(d.v) >= 10) {
    *h = d;
    return true;
  }
  if (dir == 0 && is(c, j, W_QS)) dir = -2; /* "Friday's close" */
  long z = weekday_day(c, wd, dir, i);
  fmt_day(h->v, z);
  h->t1 = j;
  h->anchor = DLTX_PUBLICATION;
  int p = LOOK(c, j, dayparts);     /* "Sunday morning" -> 2021-11-07TMO */
  if (p >= 0) {
    vcat(h->v, "T");
    vcat(h->v, daypart_code[dayparts[p].v]);
    h->t1 = j + 1;
    h->type = DLTX_TIME;
  }
  return true;
}

/* today, tonight, yesterday, tomorrow, "this morning", "last night",
** "yesterday afternoon". */
static bool m_deictic(const tx *c, uint32_t i, hit *h) {
  long z;
  uint32_t j = i + 1;
  if (is(c, i, W_TODAY) && is(c, i + 1, W_QS) &&
      !(flags(c, i + 2) & DLT_CAP) && LOOK(c, i + 2, units) < 0)
    return false; /* "today's youth" is the present age, not a date */
  if (is(c, i, W_TODAY)) z = c->z;
  else if (is(c, i, W_YESTERDAY)) z = c->z - 1;
  else if (is(c, i, W_TOMORROW)) z = c->z + 1;
  else if (is(c, i, W_TONIGHT)) {
    fmt_day(h->v, c->z);
    vcat(h->v, "TNI");
    h->t1 = j; h->type = DLTX_TIME; h->anchor = DLTX_PUBLICATION;
    return true;
  } else if ((is(c, i, W_THIS) || is(c, i, W_LAST)) &&
             LOOK(c, i + 1, dayparts) >= 0) {
    int p = dayparts[LOOK(c, i + 1, dayparts)].v;
    if (is(c, i, W_LAST) && p != 3) return false;  /* only "last night" */
    fmt_day(h->v, is(c, i, W_LAST) ? c->z - 1 : c->z);
    vcat(h->v, "T");
    vcat(h->v, daypart_code[p]);
    h->t1 = i + 2; h->type = DLTX_TIME; h->anchor = DLTX_PUBLICATION;
    return true;
  } else
    return false;
  fmt_day(h->v, z);
  h->t1 = j;
  h->anchor = DLTX_PUBLICATION;
  int p = LOOK(c, j, dayparts);   /* "yesterday morning" */
  if (p >= 0) {
    vcat(h->v, "T");
    vcat(h->v, daypart_code[dayparts[p].v]);
    h->t1 = j + 1;
    h->type = DLTX_TIME;
  }
  return true;
}

/* Clock times: "6 a.m.", "10:35 p.m.", "noon", optionally followed by a
** weekday or deictic day ("9 a.m. Tuesday"). */
static bool m_clock(const tx *c, uint32_t i, hit *h) {
  int hh = -1, mm = 0;
  uint32_t j = i;
  if ((flags(c, j) & DLT_CAP) && !(flags(c, j) & DLT_SSTART) &&
      !(j > 0 && is(c, j - 1, W_DOT)))
    if (is(c, j, W_NOON)) return false;       /* "High Noon", a title */
  if (is(c, j, W_NOON) && j > 0 && is(c, j - 1, W_HIGH)) return false;
  if (is(c, j, W_NOON) || is(c, j, W_MIDDAY)) { hh = 12; j++; }
  else if (is(c, j, W_MIDNIGHT)) { hh = 24; j++; }
  else {
    size_t n;
    const char *s = tok(c, j, &n);
    if (!(flags(c, j) & DLT_NUM)) return false;
    const char *col = memchr(s, ':', n);
    long a = digits(s, col ? (size_t)(col - s) : n);
    long b = col ? digits(col + 1, n - (size_t)(col - s) - 1) : 0;
    if (a < 0 || a > 12 || b < 0 || b > 59) return false;
    j++;
    bool pm;
    if (is(c, j, W_A_M) || is(c, j, W_AM)) pm = false;
    else if (is(c, j, W_P_M) || is(c, j, W_PM)) pm = true;
    else if (is(c, j, W_A) && is(c, j + 1, W_DOT)) return false;
    else return false;
    j++;
    hh = (int)(a % 12 + (pm ? 12 : 0));
    mm = (int)b;
  }
  /* time zone: "4 a.m. EDT" */
  size_t n;
  tok(c, j, &n);
  uint32_t tz = j + ((flags(c, j) & DLT_UPPER) && n >= 2 && n <= 4);
  if (is(c, tz, W_COMMA)) tz++;
  if (tz > j && (LOOK(c, tz, wdays) >= 0 || is(c, tz, W_TODAY) ||
                 is(c, tz, W_YESTERDAY) || is(c, tz, W_TOMORROW) ||
                 LOOK(c, tz, months) >= 0))
    j = tz;
  long z = c->z;
  hit d = {0};
  if (LOOK(c, j, months) >= 0 && m_monthdate(c, j, &d) &&
      strlen(d.v) == 10) { /* "5 p.m. EST Nov. 9" */
    z = days_of(lead_int(d.v), lead_int(d.v + 5), lead_int(d.v + 8));
    j = d.t1;
  } else if (LOOK(c, j, wdays) >= 0) {
    z = weekday_day(c, wdays[LOOK(c, j, wdays)].v, 0, i);
    j++;
  } else if (is(c, j, W_YESTERDAY)) { z = c->z - 1; j++; }
  else if (is(c, j, W_TODAY)) j++;
  else if (is(c, j, W_TOMORROW)) { z = c->z + 1; j++; }
  (void)d;
  fmt_day(h->v, z);
  size_t l = strlen(h->v);
  snprintf(h->v + l, 24 - l, "T%02d:%02d", hh, mm);
  h->t1 = j;
  h->type = DLTX_TIME;
  h->anchor = DLTX_PUBLICATION;
  return true;
}

/* A unit word at 'i' (also the tail of "two-year"): its U_* or -1. */
static int unit_s(const char *s, size_t n, bool *plural) {
  int k = LOOKS(units, s, n);
  if (k < 0) return -1;
  *plural = s[n - 1] == 's' || units[k].w == W_CENTURIES;
  return units[k].v;
}
static int unit_at(const tx *c, uint32_t i, bool *plural) {
  int k = LOOK(c, i, units);
  if (k < 0) return -1;
  uint16_t w = units[k].w;
  *plural = wstr[w][winf[w].len - 1] == 's' || w == W_CENTURIES;
  return units[k].v;
}


/* Durations and offsets: "three days", "the past three years", "nearly a
** month", "two-year", "24-hour", "several years", "two days ago", "a year
** earlier", "every two weeks", "the first nine months". */
static bool m_amount(const tx *c, uint32_t i, hit *h) {
  uint32_t j = i;
  bool every = false, the = false, recent = false, ago_ok = true;
  bool half = false;
  int edge = 0; /* "the past/last N" (-1), "the next/coming N" (+1) */
  if (is(c, j, W_EVERY) || is(c, j, W_EACH)) {
    every = true; j++;
  }
  /* modifiers, at most a few: "more than", "at least", "the past" */
  for (int k = 0; k < 4 && !every; k++) {
    if (!isany(c, j, C_APPROX) || is(c, j, W_A) || is(c, j, W_SOME)) break;
    if (is(c, j, W_THE)) the = true;
    if (is(c, j, W_PAST) || is(c, j, W_LAST) || is(c, j, W_PREVIOUS)) edge = -1;
    if (is(c, j, W_NEXT) || is(c, j, W_COMING) || is(c, j, W_FOLLOWING))
      edge = 1;
    if (is(c, j, W_RECENT)) recent = true;
    /* prepositions stay outside: "over the past year", "than a year ago" */
    if (is(c, j, W_TO) && !(j > i && is(c, j - 1, W_UP))) break;
    if ((is(c, j, W_THAN) && !(j > i && (is(c, j - 1, W_MORE) ||
                                         is(c, j - 1, W_LESS) ||
                                         is(c, j - 1, W_FEWER)))) ||
        (is(c, j, W_OVER) && is(c, j + 1, W_THE)) ||
        (is(c, j, W_AT) && !is(c, j + 1, W_LEAST)) ||
        (is(c, j, W_UP) && !is(c, j + 1, W_TO)))
      break;
    j++;
  }
  if (j > i && is(c, j - 1, W_AT)) return false;
  long n = 1;
  bool num = false, plural = false;
  int u;
  size_t len;
  const char *s = tok(c, j, &len);
  const char *dash = len ? memchr(s, '-', len) : NULL;
  /* "two-year", "24-hour", "year-earlier" */
  const char *dash2 =
      dash ? memchr(dash + 1, '-', len - (size_t)(dash - s) - 1) : NULL;
  if (dash && !dash2) {
    size_t l1 = (size_t)(dash - s), l2 = len - l1 - 1;
    bool pl = false;
    int uu = unit_s(dash + 1, l2, &pl);
    long nn = numstr(s, l1, false);
    if (uu >= 0 && nn != NONUM && nn > 0 && !pl) {
      h->t1 = j + 1;
      h->type = DLTX_DURATION;
      h->anchor = DLTX_ABSOLUTE;
      duration(h->v, uu, nn);
      return true;
    }
    uu = unit_s(s, l1, &pl);
    if (uu == U_YEAR && l2 && (wlook(dash + 1, l2) == W_EARLIER ||
                               wlook(dash + 1, l2) == W_AGO)) {
      h->t1 = j + 1;                       /* "year-earlier" */
      h->anchor = DLTX_PUBLICATION;
      if (c->lastq >= 0) fmt_quarter(h->v, c->lastq - 4);
      else period(c, U_YEAR, -1, h->v);
      if (is(c, j + 1, W_QUARTER) || is(c, j + 1, W_PERIOD)) h->t1 = j + 2;
      return true;
    }
    return false;
  }
  if (is(c, j, W_A) && is(c, j + 1, W_FEW)) { n = -1; j += 2; num = true; }
  else if (is(c, j, W_A) && is(c, j + 1, W_COUPLE) && is(c, j + 2, W_OF)) {
    n = 2; j += 3; num = true;
  } else {
    long v = tnum(c, j, true);
    if (v != NONUM && len) {
      n = v; num = true; j++;
      if (is(c, j, W_HALF12) && n >= 0) { half = true; j++; } /* "2 1/2 years" */
      if (is(c, j, W_OF) && (is(c, j - 1, W_COUPLE) || is(c, j - 1, W_DOZEN)))
        j++;
      if (is(c, j, W_MORE) || is(c, j, W_ADDITIONAL) || is(c, j, W_FULL) ||
          is(c, j, W_STRAIGHT) || is(c, j, W_CONSECUTIVE))
        j++;
    }
  }
  u = unit_at(c, j, &plural);
  if (num && n >= 1000 && !plural) return false; /* "the 1988 quarter" */
  if (u == U_DAY && j == i + 1 && is(c, i, W_ONE) &&
      !(i > 0 && (is(c, i - 1, W_FOR) || is(c, i - 1, W_IN) ||
                  is(c, i - 1, W_WITHIN) || is(c, i - 1, W_AFTER))))
    return false; /* "he will one day follow" */
  if (u == -2) { u = U_WEEK; n = n > 0 ? n * 2 : n; }  /* fortnight */
  if (u == U_SEC && n > 100) return false; /* "the 1988 second quarter" */
  if (u < 0) return false;
  if (is(c, i + (every ? 1 : 0), W_A) && u == U_SEC && !plural) return false;
  /* "24 hours a day" is a rate, not a duration */
  bool pl0 = false;
  bool rel = is(c, j + 1, W_AGO) || is(c, j + 1, W_EARLIER) ||
             is(c, j + 1, W_LATER);
  if (is(c, i, W_A) && i > 0 && !rel &&
      (unit_at(c, i - 1, &pl0) >= 0 || (flags(c, i - 1) & DLT_NUM) ||
       is(c, i - 1, W_MILLION) || is(c, i - 1, W_BILLION) ||
       is(c, i - 1, W_CENTS) || is(c, i - 1, W_PCT) || is(c, i - 1, W_TIMES)))
    return false; /* "$2 million a year" */
  size_t pn;
  const char *pw = i > 0 ? tok(c, i - 1, &pn) : "";
  if (is(c, i, W_A) && !rel && i > 0 && pn > 3 && pw[pn - 1] == 's' &&
      (flags(c, i - 1) & DLT_WORD) && !(flags(c, i - 1) & DLT_CAP) &&
      !isany(c, i - 1, C_NOTPL) && u >= U_DAY && u <= U_YEAR)
    return false; /* "700 seats a week", "four flights a week": rates */
  if (is(c, j + 1, W_OLD) || (is(c, j + 1, W_OF) && u == U_QUARTER))
    return false; /* ages "52 years old"; "a quarter of" */
  if ((flags(c, j) & DLT_CAP) && !(flags(c, j) & DLT_UPPER))
    return false; /* titles: "60 Minutes" */
  if (u == U_QUARTER && !num && !every) return false; /* quarters: m_quarter */
  if (u == U_WEEKEND && !num && !every) return false;
  j++;
  if (!num) {
    if (every) n = 1;
    else if (plural && (recent || the || j - i == 1)) {
      /* "over the years" PXY, but "in the days before" is a date */
      if (the && (is(c, j, W_BEFORE) || is(c, j, W_AFTER) ||
                  is(c, j, W_SINCE) || is(c, j, W_LEADING) ||
                  is(c, j, W_FOLLOWING) || is(c, j, W_PRECEDING)))
        return false;
      /* "recent years" PXY; bare "years" only after "for"/"over" */
      if (j - i == 1 && !(i > 0 && (is(c, i - 1, W_FOR) ||
                                    is(c, i - 1, W_OVER) ||
                                    is(c, i - 1, W_WITHIN))))
        return false;
      n = -1;
      if (recent && u == U_YEAR && j - i == 2) { /* "recent years" */
        h->t1 = j;
        h->anchor = DLTX_ABSOLUTE;
        snprintf(h->v, 24, "PAST_REF");
        return true;
      }
    } else if (!plural && the && edge) {
      /* "over the past year": TempEval-3 writes the year before */
      if (edge < 0 && u >= U_WEEK && u <= U_YEAR && u != U_WEEKEND &&
          j == i + 3) {
        h->t1 = j;
        h->anchor = DLTX_PUBLICATION;
        period(c, u, -1, h->v);
        return true;
      }
      n = 1;
      ago_ok = false;
    } else if (!plural && !the && (is(c, j - 2, W_PAST))) {
      n = 1; /* "past decade" P10Y */
    } else
      return false;
  }
  if (plural && n == 1 && num && !is(c, j - 2, W_ONE)) return false;
  if (n == -1 && u == U_DAY && !recent && !the) {
    /* "days" alone: too often "in the days before"; keep only with a cue */
  }
  h->t1 = j;
  h->anchor = DLTX_ABSOLUTE;
  if (every) {
    h->type = DLTX_SET;
    duration(h->v, u, n);
    return true;
  }
  /* "N units ago/earlier/later" -> a date at the unit's precision */
  if (ago_ok && num && !the && u > U_HOUR &&
      (is(c, j, W_AGO) || is(c, j, W_EARLIER) || is(c, j, W_LATER) ||
       is(c, j, W_HENCE) ||
       (is(c, j, W_FROM) && is(c, j + 1, W_NOW)))) {
    bool later = is(c, j, W_LATER) || is(c, j, W_HENCE) || is(c, j, W_FROM);
    h->t1 = is(c, j, W_FROM) ? j + 2 : j + 1;
    h->anchor = DLTX_PUBLICATION;
    if (n < 0) {
      snprintf(h->v, 24, "%s", later ? "FUTURE_REF" : "PAST_REF");
      h->anchor = DLTX_ABSOLUTE;
      return true;
    }
    long k = later ? n : -n;
    if (u == U_YEAR && c->lastq >= 0 && n == 1)
      fmt_quarter(h->v, c->lastq + 4 * k);  /* results: "a year earlier" */
    else if (u == U_DECADE) period(c, U_YEAR, 10 * k, h->v);
    else if (u == U_CENT) period(c, U_YEAR, 100 * k, h->v);
    else if (u == U_WEEKEND) period(c, U_WEEK, k, h->v);
    else if (u <= U_HOUR) period(c, U_DAY, 0, h->v);
    else period(c, u, k, h->v);
    return true;
  }
  h->type = DLTX_DURATION;
  duration(h->v, u, n);
  if (half && (u == U_YEAR || u == U_HOUR || u == U_DAY)) {
    size_t l = strlen(h->v); /* "2 1/2 years" P2Y6M, "5 1/2 hours" PT5H30M */
    snprintf(h->v + l, 24 - l, "%s", u == U_YEAR ? "6M" : u == U_DAY ? "T12H"
                                                                    : "30M");
  }
  return true;
}

/* Holidays: "Thanksgiving Day", "last Thanksgiving", "Christmas", "Election
** Day", "New Year's Day": the most recent one (next one in future tense). */
static bool m_holiday(const tx *c, uint32_t i, hit *h) {
  uint32_t j = i;
  int dir = 0;
  if (is(c, j, W_LAST)) { dir = -1; j++; }
  else if (is(c, j, W_NEXT)) { dir = 1; j++; }
  int kind;
  if (is(c, j, W_THANKSGIVING)) kind = 0;
  else if (is(c, j, W_CHRISTMAS)) kind = 1;
  else if (is(c, j, W_ELECTION) && is(c, j + 1, W_DAY)) kind = 2;
  else if (is(c, j, W_NEW) && is(c, j + 1, W_YEAR) && is(c, j + 2, W_QS) &&
           is(c, j + 3, W_DAY)) kind = 3;
  else return false;
  if (!(flags(c, j) & DLT_CAP)) return false;
  uint32_t e = j + (kind == 2 ? 2 : kind == 3 ? 4 : 1);
  if (kind < 2 && (is(c, e, W_DAY) || is(c, e, W_EVE))) e++;
  if (dir == 0) dir = future_at(c, i) ? 1 : -1;
  long best = 0;
  for (int y = c->y - 1; y <= c->y + 1; y++) {
    long z;
    if (kind == 0) { /* fourth Thursday of November */
      long f = days_of(y, 11, 1);
      z = f + (3 - wday_of(f) + 7) % 7 + 21;
    } else if (kind == 1) z = days_of(y, 12, is(c, e - 1, W_EVE) ? 24 : 25);
    else if (kind == 2) { /* the Tuesday after the first Monday of November */
      long f = days_of(y, 11, 2);
      z = f + (1 - wday_of(f) + 7) % 7;
    } else z = days_of(y, 1, 1);
    if (dir < 0 && z <= c->z) best = z;
    if (dir > 0 && z > c->z && !best) best = z;
  }
  if (!best) return false;
  fmt_day(h->v, best);
  h->t1 = e;
  h->anchor = DLTX_PUBLICATION;
  return true;
}

/* Calendar periods named against the publication date: "this week", "last
** year", "next month", "earlier this month", "the current quarter", "the
** year", "the weekend", "this summer", "last fall". */
static bool m_period(const tx *c, uint32_t i, hit *h) {
  uint32_t j = i;
  int k = 0;
  bool the = false, any = false;
  if (is(c, j, W_EARLIER) || is(c, j, W_LATER) || is(c, j, W_EARLY) ||
      is(c, j, W_LATE)) j++;
  if (is(c, j, W_THE)) { the = true; j++; }
  if (is(c, j, W_THIS) || is(c, j, W_CURRENT) || is(c, j, W_PRESENT)) {
    any = true; j++;
  } else if (!the && (is(c, j, W_LAST) || is(c, j, W_PREVIOUS) ||
                      is(c, j, W_PAST))) {
    k = -1; any = true; j++;
  } else if (the && (is(c, j, W_PREVIOUS) || is(c, j, W_PRIOR) ||
                     is(c, j, W_PRECEDING))) {
    k = -1; any = true; j++;
  } else if (is(c, j, W_NEXT) || is(c, j, W_COMING) ||
             (the && is(c, j, W_FOLLOWING))) {
    k = 1; any = true; j++;
  }
  if (the && !any && is(c, j, W_SAME)) return false;
  if (is(c, j, W_FISCAL)) j++;
  bool pl = false;
  int u = unit_at(c, j, &pl);
  int sea = LOOK(c, j, seasons);
  if ((flags(c, j) & DLT_CAP) && !(flags(c, j) & DLT_UPPER))
    return false; /* a title: ABC's "This Week" */
  if (sea >= 0) {
    /* "summer" -> 2021-SU; "last winter"; "the fall" needs the article */
    if (!any && !the && !(i > 0 && (is(c, i - 1, W_IN) ||
                                    is(c, i - 1, W_THIS) ||
                                    is(c, i - 1, W_DURING))))
      return false;
    if (!any && !the && j != i) return false;
    int s = seasons[sea].v;
    int m = c->m, cur = m == 12 || m <= 2 ? 3 : m <= 5 ? 0 : m <= 8 ? 1 : 2;
    int y = c->y;
    if (k < 0) y = s < cur ? c->y : c->y - 1;
    else if (k > 0) y = s > cur ? c->y : c->y + 1;
    else if (m <= 2 && s == 3) y = c->y - 1;   /* "this winter" in January */
    h->t1 = j + 1;
    uint32_t e = j + 1;
    int yy = 0;
    if (is(c, e, W_OF) && (yy = year_tok(c, e + 1))) e += 2;
    else if ((yy = year_tok(c, e))) e++;
    if (yy) { y = yy; h->anchor = DLTX_ABSOLUTE; h->t1 = e; }
    else h->anchor = DLTX_PUBLICATION;
    snprintf(h->v, 24, "%04d-%s", y, season_code[s]);
    return true;
  }
  if (u < 0 || pl || u <= U_DAY || u == U_QUARTER) return false;
  if (!any && !the) return false;
  if (u == U_DECADE || u == U_CENT) {
    if (!any) return false;
    if (u == U_CENT && !is(c, i, W_THIS)) return false;
  }
  h->t1 = j + 1;
  h->anchor = DLTX_PUBLICATION;
  if (u == U_YEAR && any && is(c, j + 1, W_QS) &&
      (is(c, j + 3, W_QUARTER) || is(c, j + 3, W_HALF)) &&
      LOOK(c, j + 2, ordinals) >= 0) { /* "next year's first quarter" */
    int o = ordinals[LOOK(c, j + 2, ordinals)].v;
    if (is(c, j + 3, W_HALF) ? o > 2 : o > 4) return false;
    h->t1 = j + 4;
    snprintf(h->v, 24, "%04d-%c%d", c->y + k, is(c, j + 3, W_HALF) ? 'H' : 'Q',
             o);
    return true;
  }
  if (!any) {
    /* "the year", "the month", "the week", "the weekend" */
    /* "in the year ended June 30" P1Y; "for the year" is the year */
    if (u != U_WEEKEND && (is(c, j + 1, W_ENDED) || is(c, j + 1, W_ENDING) ||
                           is(c, j + 1, W_THROUGH))) {
      h->type = DLTX_DURATION;
      h->anchor = DLTX_ABSOLUTE;
      duration(h->v, u, 1);
      return true;
    }
    if (u == U_WEEKEND && !future_at(c, i) && wday_of(c->z) < 5) k = -1;
  }
  if (u == U_WEEKEND && any && k == 0 && !future_at(c, i) &&
      wday_of(c->z) < 4)
    k = -1; /* "this weekend" said on a Monday: the one just past */
  period(c, u, k, h->v);
  return true;
}

/* Quarters and halves: "the third quarter", "third-quarter", "the fiscal
** first quarter", "the quarter", "the latest quarter", "the first half". */
static bool m_quarter(tx *c, uint32_t i, hit *h) {
  uint32_t j = i;
  bool the = false;
  int yy = 0, back = 0;
  if (is(c, j, W_THE)) { the = true; j++; }
  if (is(c, j, W_COMPARABLE) || is(c, j, W_SAME)) j++;
  /* "the year-ago third quarter", "the 1988 quarter", "the 1989 period" */
  if (the && (is(c, j, W_YEAR_AGO) || is(c, j, W_YEAR_EARLIER)) &&
      !is(c, j + 1, W_QUARTER) && !is(c, j + 1, W_PERIOD)) {
    back = 4; j++;
  } else if (the && (yy = year_tok(c, j))) {
    if (is(c, j + 1, W_PERIOD) || is(c, j + 1, W_QUARTER)) {
      long lq = c->lastq >= 0 ? c->lastq
                              : (long)c->y * 4 + (c->m - 1) / 3 - 1;
      h->t1 = j + 2;
      h->anchor = DLTX_ABSOLUTE;
      fmt_quarter(h->v, (long)yy * 4 + lq % 4);
      return true;
    }
    j++;
  }
  if (is(c, j, W_FISCAL)) j++;
  size_t n;
  const char *s = tok(c, j, &n);
  int q = 0, half = 0;
  const char *dash = n ? memchr(s, '-', n) : NULL;
  bool glue = false, latest = false;
  uint16_t suf = dash ? wlook(dash + 1, n - (size_t)(dash - s) - 1) : W_NONE;
  if (suf == W_QUARTER || suf == W_HALF) {
    int o = LOOKS(ordinals, s, (size_t)(dash - s));
    if (o < 0) return false;                     /* "third-quarter" */
    q = ordinals[o].v;
    if (dash[1] == 'h') { half = q; q = 0; }
    j++;
    glue = true;
  } else {
    int o = LOOK(c, j, ordinals);
    if (o >= 0 && (is(c, j + 1, W_QUARTER) || is(c, j + 1, W_HALF))) {
      q = ordinals[o].v;
      if (is(c, j + 1, W_HALF)) { half = q; q = 0; }
      j += 2;
    } else if (the && (is(c, j, W_LATEST) || is(c, j, W_RECENT) ||
                       is(c, j, W_PAST) || is(c, j, W_LAST) ||
                       is(c, j, W_JUST_ENDED) || is(c, j, W_SAME)) &&
               (is(c, j + 1, W_QUARTER) || is(c, j + 1, W_PERIOD))) {
      if (!is(c, j, W_SAME)) latest = true;
      j += 2;
    } else if (the && is(c, j, W_QUARTER)) {
      j++;
    } else if (the && (is(c, j, W_YEAR_EARLIER) || is(c, j, W_YEAR_AGO)) &&
               (is(c, j + 1, W_QUARTER) || is(c, j + 1, W_PERIOD))) {
      h->t1 = j + 2;
      h->anchor = DLTX_PUBLICATION;
      long lq = c->lastq >= 0 ? c->lastq
                              : (long)c->y * 4 + (c->m - 1) / 3 - 1;
      fmt_quarter(h->v, lq - 4);
      return true;
    } else
      return false;
  }
  if (half > 2 || q > 4) return false;
  if (!glue && !the && !(i > 0 && (is(c, i - 1, W_FIRST) ||
                                   is(c, i - 1, W_ITS) ||
                                   is(c, i - 1, W_IN)))) {
    /* "a second half" needs a determiner; "in third quarter" is fine */
    if (!(q || half)) return false;
  }
  int y = c->y;
  uint32_t e = j;
  if (yy) {
  } else if (is(c, e, W_OF) && (yy = year_tok(c, e + 1))) e += 2;
  else if (is(c, e, W_COMMA) && (yy = year_tok(c, e + 1))) e += 2;
  h->t1 = e;
  if (yy) { y = yy; h->anchor = DLTX_ABSOLUTE; }
  else h->anchor = DLTX_PUBLICATION;
  if (half) {
    snprintf(h->v, 24, "%04d-H%d", y, half);
    return true;
  }
  long yq;
  if (q) yq = (long)y * 4 + q - 1;
  else if (latest || c->lastq < 0) /* "the latest quarter": the last ended */
    yq = (long)c->y * 4 + (c->m - 1) / 3 - 1;
  else yq = c->lastq;                                /* "the quarter" */
  if (q == 4 && !yy && (c->m - 1) / 3 < 3 && !future_at(c, i))
    yq -= 4;  /* "the fourth quarter" read in spring is last year's */
  yq -= back;
  c->lastq = (int)yq;
  fmt_quarter(h->v, yq);
  return true;
}

/* now, currently, recently, "the past", "the future", "in the near
** future", "these days", sets "daily", "annually". */
static bool m_word(const tx *c, uint32_t i, hit *h) {
  int k = LOOK(c, i, refs);
  h->anchor = DLTX_ABSOLUTE;
  if (k >= 0) {
    /* "current" only as "the current …" handled elsewhere, or alone */
    if (refs[k].w == W_CURRENT &&
        (is(c, i + 1, W_ACCOUNT) || is(c, i + 1, W_ACCOUNTS)))
      return false;
    if (is(c, i, W_SOON) && i > 0 && is(c, i - 1, W_AS) &&
        !is(c, i + 2, W_POSSIBLE))
      return false; /* "as soon as Tuesday": the date is the expression */
    h->t1 = i + 1;
    snprintf(h->v, 24, "%s", ref_code[refs[k].v]);
    return true;
  }
  if ((is(c, i, W_THE) || is(c, i, W_THESE)) &&
      (is(c, i + 1, W_PAST) || is(c, i + 1, W_FUTURE) ||
       is(c, i + 1, W_DAYS))) {
    if (is(c, i + 1, W_DAYS) && !is(c, i, W_THESE)) return false;
    bool near = false;
    h->t1 = i + 2;
    if (is(c, i + 1, W_PAST)) snprintf(h->v, 24, "PAST_REF");
    else if (is(c, i + 1, W_DAYS)) snprintf(h->v, 24, "PRESENT_REF");
    else snprintf(h->v, 24, "FUTURE_REF");
    (void)near;
    return true;
  }
  if (is(c, i, W_THE) && (is(c, i + 1, W_NEAR) || is(c, i + 1, W_DISTANT)) &&
      is(c, i + 2, W_FUTURE)) {
    h->t1 = i + 3;
    snprintf(h->v, 24, "FUTURE_REF");
    return true;
  }
  if (is(c, i, W_FUTURE) && i > 0 && is(c, i - 1, W_IN)) {
    h->t1 = i + 1;
    snprintf(h->v, 24, "FUTURE_REF");
    return true;
  }
  k = LOOK(c, i, sets);
  if (k >= 0) {
    h->t1 = i + 1;
    h->type = DLTX_SET;
    duration(h->v, sets[k].v, 1);
    return true;
  }
  return false;
}

/* Centuries: "the 20th century" -> "19". */
static bool m_century(const tx *c, uint32_t i, hit *h) {
  uint32_t j = i;
  if (is(c, j, W_THE)) j++;
  size_t n;
  const char *s = tok(c, j, &n);
  if (n < 3 || !is(c, j + 1, W_CENTURY)) return false;
  long v = digits(s, n - 2);
  if (v < 1 || v > 21) return false;
  h->t1 = j + 2;
  h->anchor = DLTX_ABSOLUTE;
  snprintf(h->v, 24, "%02ld", v - 1);
  return true;
}

/* "early"/"late"/"mid" before a date keeps its value: "late November". */
static uint32_t skip_edge(const tx *c, uint32_t i) {
  if ((is(c, i, W_EARLY) || is(c, i, W_LATE) || is(c, i, W_MID)) &&
      i + 1 < c->n) {
    if (is(c, i + 1, W_DASH)) return i + 2;
    return i + 1;
  }
  return i;
}

/* The longest expression starting at token 'i'; ties go to the earlier
** matcher. */
static bool match(tx *c, uint32_t i, hit *best) {
  hit h;
  bool any = false;
  memset(best, 0, sizeof *best);
  uint32_t e = skip_edge(c, i);
#define TRY(call)                                                   \
  do {                                                              \
    memset(&h, 0, sizeof h);                                        \
    if ((call) && h.t1 > best->t1) { *best = h; any = true; }       \
  } while (0)
  TRY(m_numdate(c, i, &h));
  TRY(m_monthdate(c, e, &h));
  TRY(m_weekday(c, e, &h));
  TRY(m_clock(c, i, &h));
  TRY(m_year(c, i, &h));
  TRY(m_century(c, i, &h));
  TRY(m_deictic(c, e, &h));
  TRY(m_quarter(c, i, &h));
  TRY(m_period(c, i, &h));
  TRY(m_amount(c, i, &h));
  TRY(m_word(c, i, &h));
  TRY(m_holiday(c, i, &h));
#undef TRY
  return any;
}

/* Classify every token once: its word id into 'w'. A hyphenated word that
** is no known word but has a known or numeric part ("two-year",
** "third-quarter", "mid-1990s", "late-November") is W_HYPH. */
static void words(const dl_doc *doc, uint16_t *w) {
  const dltok *t = doc->toks.v;
  for (uint32_t i = 0, n = doc->toks.n; i < n; i++) {
    const char *s = doc->fold + t[i].fo;
    size_t len = t[i].fl;
    uint16_t id = t[i].fo + 16 <= doc->fold_len ? wlook16(s, len)
                                                : wlook(s, len);
    if (id == W_NONE && (t[i].flags & DLT_HYPHEN)) {
      const char *d = memchr(s, '-', len);
      if (d && (wlook(s, (size_t)(d - s)) != W_NONE ||
                wlook(d + 1, len - (size_t)(d - s) - 1) != W_NONE))
        id = W_HYPH;
    }
    w[i] = id;
  }
}

/* Can an expression start at token 'i'? Digits, or a word of C_START. */
static inline bool can_start(const tx *c, uint32_t i) {
  return (winf[c->w[i]].cls & C_START) ||
         (c->d->toks.v[i].flags & DLT_NUM);
}

void dltime_extract(dl_doc *doc) {
  tx c = {0};
  pthread_once(&wonce, winit);
  c.d = doc;
  c.n = doc->toks.n;
  c.lastq = -1;
  uint16_t *w = dlarena_alloc(&doc->arena, (size_t)c.n * sizeof *w + 1);
  if (!w) return;
  words(doc, w);
  c.w = w;
  c.has = doc->has_date && doc->month >= 1 && doc->month <= 12 &&
          doc->day >= 1 && doc->day <= mdays(doc->year, doc->month);
  if (c.has) {
    c.y = doc->year; c.m = doc->month; c.dd = doc->day;
  } else {
    c.y = 2000; c.m = 1; c.dd = 1;  /* placeholder; such values are dropped */
  }
  c.z = days_of(c.y, c.m, c.dd);
  for (uint32_t i = 0; i < c.n;) {
    hit h;
    if (!can_start(&c, i)) {
#ifdef DL_TIME_CHECK_SKIP
      assert(!match(&c, i, &h));
#endif
      i++;
      continue;
    }
    if (!match(&c, i, &h)) {
      i++;
      continue;
    }
    dltime *t = dlvec_push(&doc->arena, &doc->times);
    if (!t) return;
    t->t0 = i;
    t->t1 = h.t1;
    t->s = doc->toks.v[i].s;
    t->e = doc->toks.v[h.t1 - 1].e;
    t->type = h.type;
    t->anchor = h.anchor;
    if (h.anchor == DLTX_PUBLICATION && !c.has) t->anchor = DLTX_NONE;
    else memcpy(t->value, h.v, sizeof t->value);
    i = h.t1;
  }
}
