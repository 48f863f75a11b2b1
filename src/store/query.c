/*
** query.c: helpers for building a dl_query that the CLI (query,
** incidents) and the HTTP API share, so that each filter is parsed one way.
*/
#include "dl_int.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

int dl_query_near(dl_query *q, const char *s) {
  char *end;
  double v[3];
  if (!q || !s)
    return 0;
  for (int k = 0; k < 3; k++) {
    errno = 0;
    v[k] = strtod(s, &end);
    if (end == s || errno || *end != (k < 2 ? ',' : '\0'))
      return 0;
    s = end + 1;
  }
  if (!isfinite(v[0]) || !isfinite(v[1]) || !isfinite(v[2]) ||
      fabs(v[0]) > 90 || fabs(v[1]) > 180 || v[2] < 0)
    return 0;
  q->lat = v[0];
  q->lon = v[1];
  q->km = v[2];
  q->near = 1;
  return 1;
}

static int is_day(const char *s) {
  if (strlen(s) != 10 || s[4] != '-' || s[7] != '-')
    return 0;
  for (int i = 0; i < 10; i++)
    if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
      return 0;
  return 1;
}

int dl_query_set(dl_query *q, const char *key, const char *v,
                 const char **form) {
  static const char *const texts[] = {"actor", "country", "root", "cameo",
                                      "plover", "text", "modality"};
  const char *dummy;
  if (!form)
    form = &dummy;
  *form = NULL;
  if (!q || !key || !v)
    return -1;
  const char **slot[] = {&q->actor, &q->country, &q->root, &q->cameo,
                         &q->plover, &q->text, &q->modality};
  for (size_t k = 0; k < sizeof texts / sizeof texts[0]; k++)
    if (!strcmp(key, texts[k])) {
      *slot[k] = v;
      return 1;
    }
  if (!strcmp(key, "since") || !strcmp(key, "until")) {
    *form = "YYYY-MM-DD";
    if (!is_day(v))
      return 0;
    if (key[0] == 's')
      q->since = v;
    else
      q->until = v;
    return 1;
  }
  if (!strcmp(key, "near")) {
    *form = "LAT,LON,KM";
    return dl_query_near(q, v);
  }
  if (!strcmp(key, "incident")) {
    *form = "a positive incident id";
    char *end;
    if (*v < '0' || *v > '9')
      return 0;
    errno = 0;
    long long n = strtoll(v, &end, 10);
    if (errno || *end || n <= 0)
      return 0;
    q->incident = n;
    return 1;
  }
  return -1;
}
