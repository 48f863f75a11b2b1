/*
** query.c: helpers for building a dl_query that the CLI (query,
** incidents) and the HTTP API share, so that each filter is parsed one way.
*/
#include "dl_int.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>

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
