/*
** number.c: cardinal numbers over tokens (number.h), a helper of the
** extraction stages. Digits with separators ("1,200", "1.5 million"),
** number words ("twenty-three", "one hundred and five"), vague quantities
** ("dozens" = 24, approximate) and bounds ("at least 6", "more than 10").
** Everything saturates at DLNUM_MAX; each token's bytes are read once.
*/
#include "number.h"

/* Saturating arithmetic on non-negative values. */
static int64_t sat_add(int64_t a, int64_t b) {
  return a > DLNUM_MAX - b ? DLNUM_MAX : a + b;
}
static int64_t sat_mul(int64_t a, int64_t b) {
  if (a == 0 || b == 0)
    return 0;
  return a > DLNUM_MAX / b ? DLNUM_MAX : a * b;
}

static bool eq(const char *s, size_t n, const char *w) {
  size_t m = strlen(w);
  return n == m && memcmp(s, w, n) == 0;
}

/* Words 0..19 and the tens. */
static const char *const small[] = {
    "zero",    "one",     "two",       "three",    "four",
    "five",    "six",     "seven",     "eight",    "nine",
    "ten",     "eleven",  "twelve",    "thirteen", "fourteen",
    "fifteen", "sixteen", "seventeen", "eighteen", "nineteen"};
static const char *const tens[] = {"twenty", "thirty", "forty",  "fifty",
                                   "sixty",  "seventy", "eighty", "ninety"};

/* 0..19 -> value, tens -> 20..90, else -1. */
static int word_value(const char *s, size_t n) {
  for (int i = 0; i < 20; i++)
    if (eq(s, n, small[i]))
      return i;
  for (int i = 0; i < 8; i++)
    if (eq(s, n, tens[i]))
      return 20 + 10 * i;
  return -1;
}

/* "hundred" 100, "thousand" 1e3, "million" 1e6, "billion" 1e9, else 0. */
static int64_t scale_value(const char *s, size_t n) {
  if (eq(s, n, "hundred"))
    return 100;
  if (eq(s, n, "thousand"))
    return 1000;
  if (eq(s, n, "million"))
    return 1000000;
  if (eq(s, n, "billion"))
    return 1000000000;
  return 0;
}

/* A share word: "half", "third(s)", "quarter(s)", "fifth(s)" ... */
static bool share_word(const char *s, size_t n) {
  static const char *const w[] = {
      "half",    "halves",  "third",   "thirds", "quarter", "quarters",
      "fourth",  "fourths", "fifth",   "fifths", "sixth",   "sixths",
      "seventh", "eighth",  "tenth",   "tenths", "percent"};
  for (size_t i = 0; i < DL_COUNTOF(w); i++)
    if (eq(s, n, w[i]))
      return true;
  return false;
}

typedef struct cursor {
  const dl_doc *d;
  uint32_t limit;
} cursor;

static const char *fold(const cursor *c, uint32_t t, size_t *n) {
  return dltok_fold(c->d, t, n);
}
static bool is(const cursor *c, uint32_t t, const char *w) {
  return t < c->limit && dltok_is(c->d, t, w);
}

/* A token of digits: "7", "1,200", "1.5", "6-8". Returns false for dates,
** times, codes and words with digits ("12th", "2011-09-S-067"). */
static bool digits(const char *s, size_t n, int64_t *v, int64_t *frac,
                   int *fdig, int64_t *hi, bool *range) {
  size_t i = 0;
  int64_t a = 0, f = 0;
  int fd = 0;
  *range = false;
  *hi = 0;
  if (!n || s[0] < '0' || s[0] > '9')
    return false;
  for (; i < n && ((s[i] >= '0' && s[i] <= '9') || s[i] == ','); i++)
    if (s[i] != ',')
      a = sat_add(sat_mul(a, 10), s[i] - '0');
  if (i < n && s[i] == '.') {
    for (i++; i < n && s[i] >= '0' && s[i] <= '9'; i++)
      if (fd < 9) { /* more decimals than this do not change a count */
        f = f * 10 + (s[i] - '0');
        fd++;
      }
  }
  if (i < n && s[i] == '-') { /* "6-8": a range */
    int64_t b = 0;
    size_t j = ++i;
    for (; i < n && s[i] >= '0' && s[i] <= '9'; i++)
      b = sat_add(sat_mul(b, 10), s[i] - '0');
    if (i == j)
      return false;
    *range = true;
    *hi = b;
  }
  if (i != n)
    return false;
  *v = a;
  *frac = f;
  *fdig = fd;
  return true;
}

/* The number proper (no bound words) at 't'; fills value, t1, flags. */
static bool core(const cursor *c, uint32_t t, dlnum *o);

/* Words: "twenty-three", "one hundred and five", "a dozen", "two
** thousand". */
static bool words(const cursor *c, uint32_t t, dlnum *o) {
  int64_t total = 0, cur = 0;
  bool any = false, last_unit = false, last_ten = false, last_scale = false;
  uint32_t i = t, end = t;
  if (i < c->limit && (is(c, i, "a") || is(c, i, "an"))) {
    size_t n;
    const char *s = i + 1 < c->limit ? fold(c, i + 1, &n) : NULL;
    if (!s || !(scale_value(s, n) || eq(s, n, "dozen")))
      return false;
    cur = 1; /* "a hundred" */
    i++;
  }
  for (; i < c->limit; i++) {
    size_t n;
    const char *s = fold(c, i, &n);
    int64_t sc;
    if (eq(s, n, "and") && last_scale && i + 1 < c->limit) {
      size_t m;
      const char *nx = fold(c, i + 1, &m);
      if (word_value(nx, m) > 0 || memchr(nx, '-', m))
        continue; /* "one hundred and five" */
      break;
    }
    int w = word_value(s, n);
    if (w < 0 && memchr(s, '-', n) && (c->d->toks.v[i].flags & DLT_WORD)) {
      /* "twenty-three"; "two-thirds" is a share */
      const char *h = memchr(s, '-', n);
      size_t a = (size_t)(h - s), b = n - a - 1;
      int w1 = word_value(s, a);
      if (w1 >= 0 && share_word(h + 1, b)) {
        if (any)
          break;
        o->fraction = true;
        o->value = 0;
        o->t1 = i + 1;
        return true;
      }
      int w2 = word_value(h + 1, b);
      if (w1 >= 20 && w1 % 10 == 0 && w2 > 0 && w2 < 10 && !last_unit &&
          !last_ten) {
        cur = sat_add(cur, w1 + w2);
        any = true;
        last_unit = true;
        last_ten = last_scale = false;
        end = i + 1;
        continue;
      }
      break;
    }
    if (w >= 0) {
      if (last_unit || (last_ten && (w >= 10 || w == 0)))
        break; /* "three four" is two numbers */
      cur = sat_add(cur, w);
      any = true;
      last_ten = w >= 20;
      last_unit = !last_ten;
      last_scale = false;
      end = i + 1;
    } else if ((sc = scale_value(s, n)) != 0 && (any || cur)) {
      if (sc == 100) {
        cur = sat_mul(cur ? cur : 1, 100);
      } else {
        total = sat_add(total, sat_mul(cur ? cur : 1, sc));
        cur = 0;
      }
      any = true;
      last_scale = true;
      last_unit = last_ten = false;
      end = i + 1;
    } else if (eq(s, n, "dozen") && (any || cur)) {
      cur = sat_mul(cur ? cur : 1, 12);
      any = true;
      last_scale = true;
      last_unit = last_ten = false;
      end = i + 1;
    } else if (share_word(s, n) && any && !last_scale) {
      o->fraction = true; /* "two thirds" */
      o->value = 0;
      o->t1 = i + 1;
      return true;
    } else {
      break;
    }
  }
  if (!any)
    return false;
  o->value = sat_add(total, cur);
  o->t1 = end;
  return true;
}

/* Vague quantities. */
static bool vague(const cursor *c, uint32_t t, dlnum *o) {
  size_t n;
  const char *s = fold(c, t, &n);
  int64_t v = 0;
  uint32_t used = 1;
  if (eq(s, n, "dozens"))
    v = 24;
  else if (eq(s, n, "scores"))
    v = 40;
  else if (eq(s, n, "hundreds") || eq(s, n, "tens")) {
    v = eq(s, n, "tens") ? 10 : 200;
    if (is(c, t + 1, "of") && t + 2 < c->limit) { /* "tens of thousands" */
      size_t m;
      const char *x = fold(c, t + 2, &m);
      int64_t sc = eq(x, m, "thousands")  ? 1000
                   : eq(x, m, "millions") ? 1000000
                                          : 0;
      if (sc) { /* "tens of thousands" 20,000; "hundreds of ..." 200,000 */
        v = sat_mul(v == 10 ? 20 : 200, sc);
        used = 3;
      }
    }
    if (v == 10) /* bare "tens" is not a quantity */
      return false;
  } else if (eq(s, n, "thousands"))
    v = 2000;
  else if (eq(s, n, "millions"))
    v = 2000000;
  else if (eq(s, n, "several") || eq(s, n, "multiple"))
    v = 3;
  else if (eq(s, n, "numerous"))
    v = 4; /* more than several (ISAF releases code it 4) */
  else if (eq(s, n, "some"))
    v = 2;
  else if ((eq(s, n, "a") || eq(s, n, "an")) && t + 1 < c->limit) {
    size_t m;
    const char *x = fold(c, t + 1, &m);
    if (eq(x, m, "couple"))
      v = 2;
    else if (eq(x, m, "handful") || eq(x, m, "few"))
      v = 3; /* "a few" as "several" (ISAF releases code it 3) */
    else if (eq(x, m, "number") && is(c, t + 2, "of"))
      v = 3; /* "a number of" as "several" */
    else if ((eq(x, m, "large") || eq(x, m, "significant") ||
              eq(x, m, "great")) &&
             is(c, t + 2, "number") && is(c, t + 3, "of")) {
      v = 4; /* as "numerous" */
      used = 3;
    } else
      return false;
    if (used < 3)
      used = 2;
  } else if (eq(s, n, "both")) {
    o->value = 2;
    o->vague = true; /* a word, but an exact count */
    o->t1 = t + 1;
    return true;
  } else
    return false;
  o->value = v;
  o->approximate = o->vague = true;
  o->t1 = t + used;
  return true;
}

static bool core(const cursor *c, uint32_t t, dlnum *o) {
  if (t >= c->limit)
    return false;
  const dltok *k = &c->d->toks.v[t];
  size_t n;
  const char *s = fold(c, t, &n);
  if (k->flags & DLT_NUM) {
    int64_t v, f, hi;
    int fd;
    bool range;
    if (!digits(s, n, &v, &f, &fd, &hi, &range))
      return false;
    o->value = v;
    o->t1 = t + 1;
    if (range) {
      o->approximate = true;
      if (hi < v)
        o->value = hi;
    }
    if (t + 1 < c->limit) {
      size_t m;
      const char *x = fold(c, t + 1, &m);
      int64_t sc = scale_value(x, m);
      if (sc) { /* "1.5 million" */
        int64_t p = 1;
        for (int i = 0; i < fd; i++)
          p *= 10;
        o->value = sat_add(sat_mul(v, sc), sat_mul(f, sc) / p);
        o->t1 = t + 2;
      } else if (fd) {
        o->approximate = true; /* "2.5 people": keep the whole part */
      }
    }
    return true;
  }
  if (!(k->flags & DLT_WORD))
    return false;
  if (words(c, t, o))
    return true;
  if (share_word(s, n) || ((eq(s, n, "a") || eq(s, n, "one")) && t + 1 < c->limit &&
                           share_word(fold(c, t + 1, &n), n) &&
                           !eq(fold(c, t + 1, &n), n, "percent"))) {
    o->fraction = true; /* "half", "a third" */
    o->value = 0;
    o->t1 = t + (share_word(fold(c, t, &n), n) ? 1 : 2);
    return true;
  }
  return vague(c, t, o);
}

/* Bound words before a number: how many tokens, and what they do. */
enum { B_NONE, B_APPROX, B_ABOVE, B_LOWER };
static uint32_t bound(const cursor *c, uint32_t t, int *kind) {
  static const struct { const char *w1, *w2; int kind; } b[] = {
      {"at", "least", B_LOWER},      {"at", "most", B_APPROX},
      {"more", "than", B_ABOVE},     {"greater", "than", B_ABOVE},
      {"upwards", "of", B_ABOVE},    {"in", "excess", B_ABOVE},
      {"less", "than", B_APPROX},    {"fewer", "than", B_APPROX},
      {"up", "to", B_APPROX},        {"close", "to", B_APPROX},
      {"as", "many", B_APPROX},      {"an", "estimated", B_APPROX},
      {"over", NULL, B_ABOVE},       {"nearly", NULL, B_APPROX},
      {"almost", NULL, B_APPROX},    {"about", NULL, B_APPROX},
      {"around", NULL, B_APPROX},    {"approximately", NULL, B_APPROX},
      {"roughly", NULL, B_APPROX},   {"some", NULL, B_APPROX},
      {"estimated", NULL, B_APPROX}, {"under", NULL, B_APPROX},
      {"between", NULL, B_LOWER},    {"circa", NULL, B_APPROX}};
  for (size_t i = 0; i < DL_COUNTOF(b); i++) {
    if (!is(c, t, b[i].w1))
      continue;
    if (!b[i].w2) {
      *kind = b[i].kind;
      return 1;
    }
    if (is(c, t + 1, b[i].w2)) {
      *kind = b[i].kind;
      uint32_t used = 2;
      if (!strcmp(b[i].w1, "as") && is(c, t + 2, "as"))
        used = 3; /* "as many as" */
      else if (!strcmp(b[i].w1, "as"))
        continue;
      if (!strcmp(b[i].w1, "in") && is(c, t + 2, "of"))
        used = 3; /* "in excess of" */
      else if (!strcmp(b[i].w1, "in"))
        continue;
      return used;
    }
  }
  return 0;
}

bool dlnum_parse(const dl_doc *d, uint32_t t, uint32_t limit, dlnum *out) {
  if (t >= d->toks.n || t >= limit)
    return false;
  if (d->sents.n && d->toks.v[t].sent < d->sents.n) {
    uint32_t st1 = d->sents.v[d->toks.v[t].sent].t1;
    if (st1 > t && st1 < limit)
      limit = st1;
  }
  if (limit > d->toks.n)
    limit = d->toks.n;
  cursor c = {d, limit};
  dlnum o;
  memset(&o, 0, sizeof o);
  o.t0 = t;
  int bk = B_NONE;
  uint32_t u = t;
  if (is(&c, u, "just") || is(&c, u, "only") || is(&c, u, "well"))
    u++; /* "just over", "well over" */
  uint32_t bl = bound(&c, u, &bk);
  if (bl) {
    dlnum in;
    memset(&in, 0, sizeof in);
    if (core(&c, u + bl, &in) && !in.fraction && !(in.vague && in.value == 2 &&
                                                  bk == B_APPROX && bl == 1 &&
                                                  is(&c, u, "some"))) {
      o.value = in.value;
      o.t1 = in.t1;
      o.vague = in.vague;
      o.approximate = true;
      if (bk == B_ABOVE)
        o.value = sat_add(o.value, 1); /* "more than 10": at least 11 */
      goto tail;
    }
    if (u != t)
      return false;
    /* "some", "over" alone: fall through to the vague words */
  } else if (u != t) {
    return false;
  }
  if (!core(&c, t, &o))
    return false;
  if (o.fraction) {
    o.t0 = t;
    *out = o;
    return true;
  }
tail:
  /* "40%", "40 percent": a share */
  if (o.t1 < limit && (is(&c, o.t1, "%") || is(&c, o.t1, "percent") ||
                       (is(&c, o.t1, "per") && is(&c, o.t1 + 1, "cent")))) {
    o.fraction = true;
    o.value = 0;
    o.t1 += is(&c, o.t1, "per") ? 2u : 1u;
    *out = o;
    return true;
  }
  /* ranges: "6 to 8", "two or three", "between 6 and 8", "6 - 8" */
  if (!o.vague && o.t1 + 1 < limit &&
      (is(&c, o.t1, "to") || is(&c, o.t1, "or") || is(&c, o.t1, "-") ||
       (bl && is(&c, u, "between") && is(&c, o.t1, "and")))) {
    dlnum hi;
    memset(&hi, 0, sizeof hi);
    if (core(&c, o.t1 + 1, &hi) && !hi.fraction && !hi.vague) {
      if (hi.value < o.value)
        o.value = hi.value;
      o.t1 = hi.t1;
      o.approximate = true;
    }
  }
  o.t0 = t;
  *out = o;
  return true;
}
