/*
** time.c: the times stage. A small matcher over folded tokens finds TimeML
** TIMEX3 expressions (dates, times, durations, sets, PRESENT_REF …) and
** resolves relative ones against the publication date, following TempEval-3
** extents and values (HeidelTime/SUTime practice). Tables below, one pass,
** a bounded look-ahead per token: linear in the text. No allocation but
** doc->times.
*/
#include "extract/time.h"

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

/* ------------------------------------------------------------- tables */

typedef struct kv { const char *w; int v; } kv;

static const kv months[] = {
    {"january", 1}, {"february", 2}, {"march", 3}, {"april", 4},
    {"may", 5}, {"june", 6}, {"july", 7}, {"august", 8},
    {"september", 9}, {"october", 10}, {"november", 11}, {"december", 12},
    {"jan", 1}, {"feb", 2}, {"mar", 3}, {"apr", 4}, {"jun", 6},
    {"jul", 7}, {"aug", 8}, {"sep", 9}, {"sept", 9}, {"oct", 10},
    {"nov", 11}, {"dec", 12}};

static const kv wdays[] = { /* Mon=1 … Sun=7, as TIMEX3 XXXX-WXX-n */
    {"monday", 1}, {"tuesday", 2}, {"wednesday", 3}, {"thursday", 4},
    {"friday", 5}, {"saturday", 6}, {"sunday", 7}};

static const kv wdays_pl[] = { /* "on Mondays" is a set */
    {"mondays", 1}, {"tuesdays", 2}, {"wednesdays", 3}, {"thursdays", 4},
    {"fridays", 5}, {"saturdays", 6}, {"sundays", 7}};

static const kv numbers[] = {
    {"one", 1}, {"two", 2}, {"three", 3}, {"four", 4}, {"five", 5},
    {"six", 6}, {"seven", 7}, {"eight", 8}, {"nine", 9}, {"ten", 10},
    {"eleven", 11}, {"twelve", 12}, {"thirteen", 13}, {"fourteen", 14},
    {"fifteen", 15}, {"sixteen", 16}, {"seventeen", 17}, {"eighteen", 18},
    {"nineteen", 19}, {"twenty", 20}, {"thirty", 30}, {"forty", 40},
    {"fifty", 50}, {"sixty", 60}, {"seventy", 70}, {"eighty", 80},
    {"ninety", 90}, {"hundred", 100}, {"dozen", 12}, {"a", 1}, {"an", 1},
    {"several", -1}, {"few", -1}, {"many", -1}, {"some", -1},
    {"couple", 2}};

static const kv ordinals[] = {
    {"first", 1}, {"second", 2}, {"third", 3}, {"fourth", 4},
    {"fifth", 5}, {"sixth", 6}, {"seventh", 7}, {"eighth", 8},
    {"ninth", 9}, {"tenth", 10}, {"eleventh", 11}, {"twelfth", 12},
    {"last", 4}, {"final", 4}};

/* Units; their TIMEX3 letter and how a period of them is written. */
enum { U_SEC, U_MIN, U_HOUR, U_DAY, U_WEEK, U_WEEKEND, U_MONTH, U_QUARTER,
       U_HALF, U_YEAR, U_DECADE, U_CENT, U_N };

static const kv units[] = {
    {"second", U_SEC}, {"seconds", U_SEC}, {"minute", U_MIN},
    {"minutes", U_MIN}, {"hour", U_HOUR}, {"hours", U_HOUR},
    {"day", U_DAY}, {"days", U_DAY}, {"week", U_WEEK}, {"weeks", U_WEEK},
    {"weekend", U_WEEKEND}, {"weekends", U_WEEKEND},
    {"month", U_MONTH}, {"months", U_MONTH}, {"quarter", U_QUARTER},
    {"quarters", U_QUARTER}, {"year", U_YEAR}, {"years", U_YEAR},
    {"decade", U_DECADE}, {"decades", U_DECADE}, {"century", U_CENT},
    {"centuries", U_CENT}, {"fortnight", -2}};

static const kv seasons[] = {
    {"spring", 0}, {"summer", 1}, {"fall", 2}, {"autumn", 2}, {"winter", 3}};
static const char *const season_code[] = {"SP", "SU", "FA", "WI"};

static const kv dayparts[] = { /* "Sunday morning" -> TMO */
    {"morning", 0}, {"afternoon", 1}, {"evening", 2}, {"night", 3}};
static const char *const daypart_code[] = {"MO", "AF", "EV", "NI"};

static const kv sets[] = { /* adverbs of frequency -> SET: "daily" P1D */
    {"daily", U_DAY}, {"weekly", U_WEEK}, {"monthly", U_MONTH},
    {"annually", U_YEAR}, {"yearly", U_YEAR}, {"hourly", U_HOUR},
    {"nightly", U_DAY}}; /* not "quarterly": mostly "quarterly dividend" */

static const kv refs[] = { /* PRESENT_REF 0, PAST_REF 1, FUTURE_REF 2 */
    {"now", 0}, {"currently", 0}, {"current", 0}, {"nowadays", 0},
    {"recently", 1}, {"recent", 1}, {"lately", 1}}; /* not "soon": too often "soon after" */
static const char *const ref_code[] = {"PRESENT_REF", "PAST_REF",
                                       "FUTURE_REF"};

static int look_s(const kv *t, size_t n, const char *s, size_t len) {
  for (size_t k = 0; k < n; k++)
    if (strlen(t[k].w) == len && memcmp(t[k].w, s, len) == 0) return (int)k;
  return -1;
}
/* Is [s, s+n) the NUL-terminated 'w'? */
static bool eqs(const char *s, size_t n, const char *w) {
  return strlen(w) == n && memcmp(s, w, n) == 0;
}

/* ------------------------------------------------------------- matcher */

typedef struct tx {
  dl_doc *d;
  uint32_t n;          /* tokens */
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
static bool is(const tx *c, uint32_t i, const char *w) {
  return i < c->n && dltok_is(c->d, i, w);
}
static unsigned flags(const tx *c, uint32_t i) {
  return i < c->n ? c->d->toks.v[i].flags : 0;
}
/* Index in 'tab' of token 'i', or -1. */
static int look(const tx *c, uint32_t i, const kv *t, size_t n) {
  size_t len;
  const char *s = tok(c, i, &len);
  return len ? look_s(t, n, s, len) : -1;
}
#define LOOK(c, i, tab) look((c), (i), (tab), DL_COUNTOF(tab))
static bool isany(const tx *c, uint32_t i, const char *const *w) {
  for (; *w; w++)
    if (is(c, i, *w)) return true;
  return false;
}
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
  int k = look_s(numbers, DL_COUNTOF(numbers), s, n);
  if (k >= 0) {
    if (!allow_a && (numbers[k].w[0] == 'a' || numbers[k].v == -1 ||
                     !strcmp(numbers[k].w, "couple")))
      return NONUM;
    return numbers[k].v;
  }
  const char *h = memchr(s, '-', n); /* "twenty-five" */
  if (h) {
    int a = look_s(numbers, DL_COUNTOF(numbers), s, (size_t)(h - s));
    int b = look_s(numbers, DL_COUNTOF(numbers), h + 1,
                   n - (size_t)(h - s) - 1);
    if (a >= 0 && b >= 0 && numbers[a].v >= 20 && numbers[a].v < 100 &&
        numbers[b].v > 0 && numbers[b].v < 10)
      return numbers[a].v + numbers[b].v;
  }
  return NONUM;
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
    if (!d || !(eqs(s, (size_t)(d - s), "early") ||
                eqs(s, (size_t)(d - s), "late") ||
                eqs(s, (size_t)(d - s), "mid")))
      return 0;
    k = look_s(months, DL_COUNTOF(months), d + 1, n - (size_t)(d - s) - 1);
    if (k < 0 || strlen(months[k].w) < 5) return 0;
    *end = i + 1;
    return months[k].v;
  }
  size_t n;
  tok(c, i, &n);
  *end = i + 1;
  if (n <= 4 && strcmp(months[k].w, "may") && strcmp(months[k].w, "june") &&
      strcmp(months[k].w, "july")) { /* abbreviation: "Nov." */
    if (is(c, i + 1, ".") && glued(c, i + 1)) *end = i + 2;
    else if (!mday(c, i + 1)) return 0; /* "dec" alone is no month */
  }
  if (!(flags(c, i) & DLT_CAP)) return 0; /* "may", "march" as words */
  return months[k].v;
}

/* --------------------------------------------------------- value writers */

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
    strcat(v, "-WE");
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
  static const char *const fut[] = {"will", "'ll", "shall", "wo",
                                    "scheduled", "upcoming", "plans",
                                    "expected", "next", NULL};
  static const char *const past[] = {"said", "says", "announced", "told",
                                     "reported", "was", "were", "had", NULL};
  static const char *const be[] = {"is", "are", "am", "'s", "'re", NULL};
  if (i >= c->n) return false;
  if ((i > 0 && isany(c, i - 1, past)) || isany(c, i + 1, past)) return false;
  /* "as soon as Tuesday", "as early as next week", "until Tuesday" */
  if (i > 1 && is(c, i - 1, "as") && (is(c, i - 2, "soon") ||
                                      is(c, i - 2, "early")))
    return true;
  if (i > 0 && (is(c, i - 1, "until") || is(c, i - 1, "by"))) return true;
  const dlsent *s = c->d->sents.n && c->d->toks.v[i].sent < c->d->sents.n
                        ? &c->d->sents.v[c->d->toks.v[i].sent]
                        : NULL;
  uint32_t a = s ? s->t0 : (i > 12 ? i - 12 : 0);
  uint32_t b = s ? s->t1 : i + 6;
  if (i > a + 15) a = i - 15;      /* the nearer clause only */
  if (b > i + 8) b = i + 8;
  for (uint32_t k = a; k < b && k < c->n; k++) {
    if (isany(c, k, fut)) return true;
    if ((is(c, k, "set") || is(c, k, "due")) && is(c, k + 1, "to"))
      return true; /* "set to resume Monday" */
    size_t n;
    const char *w = tok(c, k + 1, &n);  /* "is traveling … Thursday" */
    if (isany(c, k, be) && n > 5 && !memcmp(w + n - 3, "ing", 3)) return true;
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
      if (is(c, j, ",") && year_tok(c, j + 1)) j++; /* "Nov. 7, 2021" */
      if ((y = year_tok(c, j))) j++;
    } else {
      dd = 0;
      uint32_t k = j;
      if (is(c, k, ",") || is(c, k, "of")) k++;     /* "May, 2020" */
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
  static const char *const cue[] = {
      "in", "since", "until", "till", "by", "of", "during", "through",
      "from", "to", "before", "after", "on", "between", "and", "early",
      "late", "mid", "last", "next", "this", "that", "end", "each",
      "every", "or", "until", "-", NULL};
  if (!dd && (mo == 5 || mo == 3) && !(i > 0 && isany(c, i - 1, cue)))
    return false;
  h->anchor = DLTX_PUBLICATION;
  int yy = c->y;
  int tense = tense_at(c, i);
  if (i > 0 && (is(c, i - 1, "ended") || is(c, i - 1, "since")))
    tense = -1; /* "the year ended March 31" is past */
  for (uint32_t k = i > 3 ? i - 3 : 0; k < i && tense == 0; k++) {
    size_t wn;
    const char *w = tok(c, k, &wn); /* "met on March 12": a past verb */
    if (is(c, k, "met") || is(c, k, "was") || is(c, k, "were") ||
        (wn > 4 && !memcmp(w + wn - 2, "ed", 2) && !(flags(c, k) & DLT_CAP)))
      tense = -1;
  }
  bool fut = tense > 0;
  /* "May last year", "February of this year" */
  uint32_t k0 = is(c, j, "of") ? j + 1 : j;
  if ((is(c, k0, "last") || is(c, k0, "this") || is(c, k0, "next")) &&
      is(c, k0 + 1, "year")) {
    yy = c->y + (is(c, k0, "last") ? -1 : is(c, k0, "next") ? 1 : 0);
    h->t1 = k0 + 2;
  } else if (i > 0 && is(c, i - 1, "last"))
    yy = c->y - 1;                                   /* "last May": 2020-05 */
  else if (i > 0 && is(c, i - 1, "next")) yy = mo > c->m ? c->y : c->y + 1;
  else if (i > 0 && is(c, i - 1, "this")) yy = c->y; /* "this September" */
  else if (dd) {
    /* past tense: on or before the date ("the Oct. 23 slaying" read in
    ** May); future: on or after; else the nearest ("Dec. 28" in January) */
    long best = 0;
    for (int k = -1; k <= 1; k++) {
      long z = days_of(c->y + k, mo, dd < mdays(c->y + k, mo) ? dd
                                                    : mdays(c->y + k, mo));
      long dz = z > c->z ? z - c->z : c->z - z;
      if (tense < 0 && z > c->z + 30) continue;
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
    if (s[k] >= '0' && s[k] <= '9') {
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
  if (is(c, j, "the")) { the = true; j++; }
  if (is(c, j, "early") || is(c, j, "late") || is(c, j, "mid")) {
    j++;
    if (is(c, j, "-")) j++;
  }
  if (is(c, j, "fiscal")) j++;              /* "fiscal 1989" */
  size_t n;
  const char *s = tok(c, j, &n);
  bool mid = false;
  if (n > 4 && !memcmp(s, "mid-", 4)) {      /* "mid-1990s", "mid-1996" */
    s += 4; n -= 4; mid = true;
  }
  if (is(c, j, "'") && j + 1 < c->n) {      /* "the '80s" */
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
    long hi = numstr(s, n, false);
    size_t n2;
    const char *s2 = tok(c, j + 1, &n2);
    long lo = n2 ? numstr(s2, n2, false) : NONUM;
    if (hi < 10 || hi > 20 || lo < 10 || lo > 99 || (flags(c, j) & DLT_NUM))
      return false;
    h->t1 = j + 2;
    h->anchor = DLTX_ABSOLUTE;
    snprintf(h->v, 24, "%02ld%02ld", hi, lo);
    return true;
  }
  if (the && j == i + 1) return false;       /* "the 1990 law" */
  if (i > 0 && (is(c, i - 1, "$") || is(c, i - 1, "#") || is(c, i - 1, "no")))
    return false;
  static const char *const yearcue[] = {"in", "since", "by", "from", "until",
                                        "of", "year", "fiscal", "before",
                                        "after", "around", "about", NULL};
  if (y < 1900 && j == i && !mid && !(i > 0 && isany(c, i - 1, yearcue)))
    return false; /* "room 1200"; but "in 1848" */
  if (j == i && !(i > 0 && isany(c, i - 1, yearcue)) && i + 1 < c->n &&
      (flags(c, i + 1) & DLT_CAP) && (flags(c, i + 1) & DLT_WORD) &&
      c->d->toks.v[i + 1].sent == c->d->toks.v[i].sent &&
      ((i > 0 && is(c, i - 1, "'s")) || (i > 0 && (flags(c, i - 1) & DLT_CAP))))
    return false; /* "Kopp's 1987 Chevrolet", a model, not a date */
  if (is(c, j + 1, "%") || is(c, j + 1, "percent")) return false;
  if (is(c, j + 1, ":") || is(c, j + 1, "-")) {    /* scores, ranges */
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
  if (is(c, j, "last") || is(c, j, "past") || is(c, j, "previous")) {
    dir = -1; j++;
  } else if (is(c, j, "next") || is(c, j, "coming")) {
    dir = 1; j++;
  } else if (is(c, j, "this")) {
    dir = 0; j++;
  } else if (is(c, j, "every") || is(c, j, "each")) {
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
  uint32_t jd = is(c, j, ",") ? j + 1 : j;  /* "Friday, Aug. 7" */
  if (LOOK(c, jd, months) >= 0 && m_monthdate(c, jd, &d) && d.v[0] &&
      strlen(d.v) >= 10) {
    *h = d;
    return true;
  }
  if (dir == 0 && is(c, j, "'s")) dir = -2; /* "Friday's close" */
  long z = weekday_day(c, wd, dir, i);
  fmt_day(h->v, z);
  h->t1 = j;
  h->anchor = DLTX_PUBLICATION;
  int p = LOOK(c, j, dayparts);     /* "Sunday morning" -> 2021-11-07TMO */
  if (p >= 0) {
    strcat(h->v, "T");
    strcat(h->v, daypart_code[dayparts[p].v]);
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
  if (is(c, i, "today") && is(c, i + 1, "'s") &&
      !(flags(c, i + 2) & DLT_CAP) && LOOK(c, i + 2, units) < 0)
    return false; /* "today's youth" is the present age, not a date */
  if (is(c, i, "today")) z = c->z;
  else if (is(c, i, "yesterday")) z = c->z - 1;
  else if (is(c, i, "tomorrow")) z = c->z + 1;
  else if (is(c, i, "tonight")) {
    fmt_day(h->v, c->z);
    strcat(h->v, "TNI");
    h->t1 = j; h->type = DLTX_TIME; h->anchor = DLTX_PUBLICATION;
    return true;
  } else if ((is(c, i, "this") || is(c, i, "last")) &&
             LOOK(c, i + 1, dayparts) >= 0) {
    int p = dayparts[LOOK(c, i + 1, dayparts)].v;
    if (is(c, i, "last") && p != 3) return false;  /* only "last night" */
    fmt_day(h->v, is(c, i, "last") ? c->z - 1 : c->z);
    strcat(h->v, "T");
    strcat(h->v, daypart_code[p]);
    h->t1 = i + 2; h->type = DLTX_TIME; h->anchor = DLTX_PUBLICATION;
    return true;
  } else
    return false;
  fmt_day(h->v, z);
  h->t1 = j;
  h->anchor = DLTX_PUBLICATION;
  int p = LOOK(c, j, dayparts);   /* "yesterday morning" */
  if (p >= 0) {
    strcat(h->v, "T");
    strcat(h->v, daypart_code[dayparts[p].v]);
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
      !(j > 0 && is(c, j - 1, ".")))
    if (is(c, j, "noon")) return false;       /* "High Noon", a title */
  if (is(c, j, "noon") && j > 0 && is(c, j - 1, "high")) return false;
  if (is(c, j, "noon") || is(c, j, "midday")) { hh = 12; j++; }
  else if (is(c, j, "midnight")) { hh = 24; j++; }
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
    if (is(c, j, "a.m.") || is(c, j, "am")) pm = false;
    else if (is(c, j, "p.m.") || is(c, j, "pm")) pm = true;
    else if (is(c, j, "a") && is(c, j + 1, ".")) return false;
    else return false;
    j++;
    hh = (int)(a % 12 + (pm ? 12 : 0));
    mm = (int)b;
  }
  /* time zone: "4 a.m. EDT" */
  size_t n;
  tok(c, j, &n);
  uint32_t tz = j + ((flags(c, j) & DLT_UPPER) && n >= 2 && n <= 4);
  if (is(c, tz, ",")) tz++;
  if (tz > j && (LOOK(c, tz, wdays) >= 0 || is(c, tz, "today") ||
                 is(c, tz, "yesterday") || is(c, tz, "tomorrow") ||
                 LOOK(c, tz, months) >= 0))
    j = tz;
  long z = c->z;
  hit d = {0};
  if (LOOK(c, j, months) >= 0 && m_monthdate(c, j, &d) &&
      strlen(d.v) == 10) { /* "5 p.m. EST Nov. 9" */
    z = days_of(lead_int(d.v), lead_int(d.v + 5), lead_int(d.v + 8));
    j = d.t1;
  } else if (LOOK(c, j, wdays) >= 0) {
    z = weekday_day(c, wdays[LOOK(c, j, wdays)].v, 0, j);
    j++;
  } else if (is(c, j, "yesterday")) { z = c->z - 1; j++; }
  else if (is(c, j, "today")) j++;
  else if (is(c, j, "tomorrow")) { z = c->z + 1; j++; }
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
  int k = look_s(units, DL_COUNTOF(units), s, n);
  if (k < 0) return -1;
  *plural = s[n - 1] == 's' || !strcmp(units[k].w, "centuries");
  return units[k].v;
}
static int unit_at(const tx *c, uint32_t i, bool *plural) {
  size_t n;
  const char *s = tok(c, i, &n);
  return n ? unit_s(s, n, plural) : -1;
}

static const char *const approx[] = {
    "nearly", "about", "almost", "around", "roughly", "approximately",
    "some", "over", "only", "just", "barely", "fully", "a", "another",
    "up", "less", "more", "fewer", "at", "least", "than", "to", "than",
    "most", "under", "well", "the", "past", "last", "next", "first",
    "coming", "previous", "following", "final", "recent", NULL};

/* Durations and offsets: "three days", "the past three years", "nearly a
** month", "two-year", "24-hour", "several years", "two days ago", "a year
** earlier", "every two weeks", "the first nine months". */
static bool m_amount(const tx *c, uint32_t i, hit *h) {
  uint32_t j = i;
  bool every = false, the = false, recent = false, ago_ok = true;
  bool half = false;
  int edge = 0; /* "the past/last N" (-1), "the next/coming N" (+1) */
  if (is(c, j, "every") || is(c, j, "each")) {
    every = true; j++;
  }
  /* modifiers, at most a few: "more than", "at least", "the past" */
  for (int k = 0; k < 4 && !every; k++) {
    if (!isany(c, j, approx) || is(c, j, "a") || is(c, j, "some")) break;
    if (is(c, j, "the")) the = true;
    if (is(c, j, "past") || is(c, j, "last") || is(c, j, "previous")) edge = -1;
    if (is(c, j, "next") || is(c, j, "coming") || is(c, j, "following"))
      edge = 1;
    if (is(c, j, "recent")) recent = true;
    /* prepositions stay outside: "over the past year", "than a year ago" */
    if (is(c, j, "to") && !(j > i && is(c, j - 1, "up"))) break;
    if ((is(c, j, "than") && !(j > i && (is(c, j - 1, "more") ||
                                         is(c, j - 1, "less") ||
                                         is(c, j - 1, "fewer")))) ||
        (is(c, j, "over") && is(c, j + 1, "the")) ||
        (is(c, j, "at") && !is(c, j + 1, "least")) ||
        (is(c, j, "up") && !is(c, j + 1, "to")))
      break;
    j++;
  }
  if (j > i && is(c, j - 1, "at")) return false;
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
    bool pl;
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
    if (uu == U_YEAR && l2 && (eqs(dash + 1, l2, "earlier") ||
                               eqs(dash + 1, l2, "ago"))) {
      h->t1 = j + 1;                       /* "year-earlier" */
      h->anchor = DLTX_PUBLICATION;
      if (c->lastq >= 0) fmt_quarter(h->v, c->lastq - 4);
      else period(c, U_YEAR, -1, h->v);
      if (is(c, j + 1, "quarter") || is(c, j + 1, "period")) h->t1 = j + 2;
      return true;
    }
    return false;
  }
  if (is(c, j, "a") && is(c, j + 1, "few")) { n = -1; j += 2; num = true; }
  else if (is(c, j, "a") && is(c, j + 1, "couple") && is(c, j + 2, "of")) {
    n = 2; j += 3; num = true;
  } else {
    long v = numstr(s, len, true);
    if (v != NONUM && len) {
      n = v; num = true; j++;
      if (is(c, j, "1/2") && n >= 0) { half = true; j++; } /* "2 1/2 years" */
      if (is(c, j, "of") && (is(c, j - 1, "couple") || is(c, j - 1, "dozen")))
        j++;
      if (is(c, j, "more") || is(c, j, "additional") || is(c, j, "full") ||
          is(c, j, "straight") || is(c, j, "consecutive"))
        j++;
    }
  }
  u = unit_at(c, j, &plural);
  if (num && n >= 1000 && !plural) return false; /* "the 1988 quarter" */
  if (u == U_DAY && j == i + 1 && is(c, i, "one") &&
      !(i > 0 && (is(c, i - 1, "for") || is(c, i - 1, "in") ||
                  is(c, i - 1, "within") || is(c, i - 1, "after"))))
    return false; /* "he will one day follow" */
  if (u == -2) { u = U_WEEK; n = n > 0 ? n * 2 : n; }  /* fortnight */
  if (u == U_SEC && n > 100) return false; /* "the 1988 second quarter" */
  if (u < 0) return false;
  if (is(c, i + (every ? 1 : 0), "a") && u == U_SEC && !plural) return false;
  /* "24 hours a day" is a rate, not a duration */
  bool pl0;
  bool rel = is(c, j + 1, "ago") || is(c, j + 1, "earlier") ||
             is(c, j + 1, "later");
  if (is(c, i, "a") && i > 0 && !rel &&
      (unit_at(c, i - 1, &pl0) >= 0 || (flags(c, i - 1) & DLT_NUM) ||
       is(c, i - 1, "million") || is(c, i - 1, "billion") ||
       is(c, i - 1, "cents") || is(c, i - 1, "%") || is(c, i - 1, "times")))
    return false; /* "$2 million a year" */
  static const char *const notpl[] = {"was", "is", "has", "as", "this", "its",
                                      "us", "his", "less", "across", "thus",
                                      "plus", "'s", "process", "yes", NULL};
  size_t pn;
  const char *pw = i > 0 ? tok(c, i - 1, &pn) : "";
  if (is(c, i, "a") && !rel && i > 0 && pn > 3 && pw[pn - 1] == 's' &&
      (flags(c, i - 1) & DLT_WORD) && !(flags(c, i - 1) & DLT_CAP) &&
      !isany(c, i - 1, notpl) && u >= U_DAY && u <= U_YEAR)
    return false; /* "700 seats a week", "four flights a week": rates */
  if (is(c, j + 1, "old") || (is(c, j + 1, "of") && u == U_QUARTER))
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
      if (the && (is(c, j, "before") || is(c, j, "after") ||
                  is(c, j, "since") || is(c, j, "leading") ||
                  is(c, j, "following") || is(c, j, "preceding")))
        return false;
      /* "recent years" PXY; bare "years" only after "for"/"over" */
      if (j - i == 1 && !(i > 0 && (is(c, i - 1, "for") ||
                                    is(c, i - 1, "over") ||
                                    is(c, i - 1, "within"))))
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
    } else if (!plural && !the && (is(c, j - 2, "past"))) {
      n = 1; /* "past decade" P10Y */
    } else
      return false;
  }
  if (plural && n == 1 && num && !is(c, j - 2, "one")) return false;
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
      (is(c, j, "ago") || is(c, j, "earlier") || is(c, j, "later") ||
       is(c, j, "hence") ||
       (is(c, j, "from") && is(c, j + 1, "now")))) {
    bool later = is(c, j, "later") || is(c, j, "hence") || is(c, j, "from");
    h->t1 = is(c, j, "from") ? j + 2 : j + 1;
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
  if (is(c, j, "last")) { dir = -1; j++; }
  else if (is(c, j, "next")) { dir = 1; j++; }
  int kind;
  if (is(c, j, "thanksgiving")) kind = 0;
  else if (is(c, j, "christmas")) kind = 1;
  else if (is(c, j, "election") && is(c, j + 1, "day")) kind = 2;
  else if (is(c, j, "new") && is(c, j + 1, "year") && is(c, j + 2, "'s") &&
           is(c, j + 3, "day")) kind = 3;
  else return false;
  if (!(flags(c, j) & DLT_CAP)) return false;
  uint32_t e = j + (kind == 2 ? 2 : kind == 3 ? 4 : 1);
  if (kind < 2 && (is(c, e, "day") || is(c, e, "eve"))) e++;
  if (dir == 0) dir = future_at(c, i) ? 1 : -1;
  long best = 0;
  for (int y = c->y - 1; y <= c->y + 1; y++) {
    long z;
    if (kind == 0) { /* fourth Thursday of November */
      long f = days_of(y, 11, 1);
      z = f + (3 - wday_of(f) + 7) % 7 + 21;
    } else if (kind == 1) z = days_of(y, 12, is(c, e - 1, "eve") ? 24 : 25);
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
  if (is(c, j, "earlier") || is(c, j, "later") || is(c, j, "early") ||
      is(c, j, "late")) j++;
  if (is(c, j, "the")) { the = true; j++; }
  if (is(c, j, "this") || is(c, j, "current") || is(c, j, "present")) {
    any = true; j++;
  } else if (!the && (is(c, j, "last") || is(c, j, "previous") ||
                      is(c, j, "past"))) {
    k = -1; any = true; j++;
  } else if (the && (is(c, j, "previous") || is(c, j, "prior") ||
                     is(c, j, "preceding"))) {
    k = -1; any = true; j++;
  } else if (is(c, j, "next") || is(c, j, "coming") ||
             (the && is(c, j, "following"))) {
    k = 1; any = true; j++;
  }
  if (the && !any && is(c, j, "same")) return false;
  if (is(c, j, "fiscal")) j++;
  bool pl;
  int u = unit_at(c, j, &pl);
  int sea = LOOK(c, j, seasons);
  if ((flags(c, j) & DLT_CAP) && !(flags(c, j) & DLT_UPPER))
    return false; /* a title: ABC's "This Week" */
  if (sea >= 0) {
    /* "summer" -> 2021-SU; "last winter"; "the fall" needs the article */
    if (!any && !the && !(i > 0 && (is(c, i - 1, "in") ||
                                    is(c, i - 1, "this") ||
                                    is(c, i - 1, "during"))))
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
    if (is(c, e, "of") && (yy = year_tok(c, e + 1))) e += 2;
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
    if (u == U_CENT && !is(c, i, "this")) return false;
  }
  h->t1 = j + 1;
  h->anchor = DLTX_PUBLICATION;
  if (u == U_YEAR && any && is(c, j + 1, "'s") &&
      (is(c, j + 3, "quarter") || is(c, j + 3, "half")) &&
      LOOK(c, j + 2, ordinals) >= 0) { /* "next year's first quarter" */
    int o = ordinals[LOOK(c, j + 2, ordinals)].v;
    if (is(c, j + 3, "half") ? o > 2 : o > 4) return false;
    h->t1 = j + 4;
    snprintf(h->v, 24, "%04d-%c%d", c->y + k, is(c, j + 3, "half") ? 'H' : 'Q',
             o);
    return true;
  }
  if (!any) {
    /* "the year", "the month", "the week", "the weekend" */
    /* "in the year ended June 30" P1Y; "for the year" is the year */
    if (u != U_WEEKEND && (is(c, j + 1, "ended") || is(c, j + 1, "ending") ||
                           is(c, j + 1, "through"))) {
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
  if (is(c, j, "the")) { the = true; j++; }
  if (is(c, j, "comparable") || is(c, j, "same")) j++;
  /* "the year-ago third quarter", "the 1988 quarter", "the 1989 period" */
  if (the && (is(c, j, "year-ago") || is(c, j, "year-earlier")) &&
      !is(c, j + 1, "quarter") && !is(c, j + 1, "period")) {
    back = 4; j++;
  } else if (the && (yy = year_tok(c, j))) {
    if (is(c, j + 1, "period") || is(c, j + 1, "quarter")) {
      long lq = c->lastq >= 0 ? c->lastq
                              : (long)c->y * 4 + (c->m - 1) / 3 - 1;
      h->t1 = j + 2;
      h->anchor = DLTX_ABSOLUTE;
      fmt_quarter(h->v, (long)yy * 4 + lq % 4);
      return true;
    }
    j++;
  }
  if (is(c, j, "fiscal")) j++;
  size_t n;
  const char *s = tok(c, j, &n);
  int q = 0, half = 0;
  const char *dash = n ? memchr(s, '-', n) : NULL;
  bool glue = false, latest = false;
  if (dash && (eqs(dash, n - (size_t)(dash - s), "-quarter") ||
               eqs(dash, n - (size_t)(dash - s), "-half"))) {
    int o = look_s(ordinals, DL_COUNTOF(ordinals), s, (size_t)(dash - s));
    if (o < 0) return false;                     /* "third-quarter" */
    q = ordinals[o].v;
    if (dash[1] == 'h') { half = q; q = 0; }
    j++;
    glue = true;
  } else {
    int o = LOOK(c, j, ordinals);
    if (o >= 0 && (is(c, j + 1, "quarter") || is(c, j + 1, "half"))) {
      q = ordinals[o].v;
      if (is(c, j + 1, "half")) { half = q; q = 0; }
      j += 2;
    } else if (the && (is(c, j, "latest") || is(c, j, "recent") ||
                       is(c, j, "past") || is(c, j, "last") ||
                       is(c, j, "just-ended") || is(c, j, "same")) &&
               (is(c, j + 1, "quarter") || is(c, j + 1, "period"))) {
      if (!is(c, j, "same")) latest = true;
      j += 2;
    } else if (the && is(c, j, "quarter")) {
      j++;
    } else if (the && (is(c, j, "year-earlier") || is(c, j, "year-ago")) &&
               (is(c, j + 1, "quarter") || is(c, j + 1, "period"))) {
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
  if (!glue && !the && !(i > 0 && (is(c, i - 1, "first") ||
                                   is(c, i - 1, "its") ||
                                   is(c, i - 1, "in")))) {
    /* "a second half" needs a determiner; "in third quarter" is fine */
    if (!(q || half)) return false;
  }
  int y = c->y;
  uint32_t e = j;
  if (yy) {
  } else if (is(c, e, "of") && (yy = year_tok(c, e + 1))) e += 2;
  else if (is(c, e, ",") && (yy = year_tok(c, e + 1))) e += 2;
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
    if (!strcmp(refs[k].w, "current") &&
        (is(c, i + 1, "account") || is(c, i + 1, "accounts")))
      return false;
    if (is(c, i, "soon") && i > 0 && is(c, i - 1, "as") &&
        !is(c, i + 2, "possible"))
      return false; /* "as soon as Tuesday": the date is the expression */
    h->t1 = i + 1;
    snprintf(h->v, 24, "%s", ref_code[refs[k].v]);
    return true;
  }
  if ((is(c, i, "the") || is(c, i, "these")) &&
      (is(c, i + 1, "past") || is(c, i + 1, "future") ||
       is(c, i + 1, "days"))) {
    if (is(c, i + 1, "days") && !is(c, i, "these")) return false;
    bool near = false;
    h->t1 = i + 2;
    if (is(c, i + 1, "past")) snprintf(h->v, 24, "PAST_REF");
    else if (is(c, i + 1, "days")) snprintf(h->v, 24, "PRESENT_REF");
    else snprintf(h->v, 24, "FUTURE_REF");
    (void)near;
    return true;
  }
  if (is(c, i, "the") && (is(c, i + 1, "near") || is(c, i + 1, "distant")) &&
      is(c, i + 2, "future")) {
    h->t1 = i + 3;
    snprintf(h->v, 24, "FUTURE_REF");
    return true;
  }
  if (is(c, i, "future") && i > 0 && is(c, i - 1, "in")) {
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
  if (is(c, j, "the")) j++;
  size_t n;
  const char *s = tok(c, j, &n);
  if (n < 3 || !is(c, j + 1, "century")) return false;
  long v = digits(s, n - 2);
  if (v < 1 || v > 21) return false;
  h->t1 = j + 2;
  h->anchor = DLTX_ABSOLUTE;
  snprintf(h->v, 24, "%02ld", v - 1);
  return true;
}

/* "early"/"late"/"mid" before a date keeps its value: "late November". */
static uint32_t skip_edge(const tx *c, uint32_t i) {
  if ((is(c, i, "early") || is(c, i, "late") || is(c, i, "mid")) &&
      i + 1 < c->n) {
    if (is(c, i + 1, "-")) return i + 2;
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

void dltime_extract(dl_doc *doc) {
  tx c = {0};
  c.d = doc;
  c.n = doc->toks.n;
  c.lastq = -1;
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
