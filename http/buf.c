/*
** buf.c: the growable buffer the HTTP handlers write their JSON into
** (http.h), with JSON string escaping. Out of memory is a sticky flag.
*/
#include "http.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int grow(dlh_buf *b, size_t n) {
  if (b->oom)
    return 0;
  if (b->len + n <= b->cap)
    return 1;
  size_t cap = b->cap ? b->cap : 1024;
  while (cap < b->len + n) {
    if (cap > (size_t)-1 / 2) {
      b->oom = 1;
      return 0;
    }
    cap *= 2;
  }
  char *p = realloc(b->p, cap);
  if (!p) {
    b->oom = 1;
    return 0;
  }
  b->p = p;
  b->cap = cap;
  return 1;
}

void dlh_put(dlh_buf *b, const char *s, size_t n) {
  if (n && grow(b, n)) {
    memcpy(b->p + b->len, s, n);
    b->len += n;
  }
}

void dlh_puts(dlh_buf *b, const char *s) { dlh_put(b, s, strlen(s)); }

void dlh_printf(dlh_buf *b, const char *fmt, ...) {
  char tmp[256];
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(tmp, sizeof tmp, fmt, ap);
  va_end(ap);
  if (n > 0)
    dlh_put(b, tmp, (size_t)n < sizeof tmp ? (size_t)n : sizeof tmp - 1);
}

/* Length of the valid UTF-8 sequence at s[0..n), 0 if invalid (RFC 3629:
** no overlong forms, no surrogates, nothing past U+10FFFF). */
static size_t utf8_len(const unsigned char *s, size_t n) {
  unsigned c = s[0];
  size_t len;
  unsigned lo = 0x80, hi = 0xBF;
  if (c >= 0xC2 && c <= 0xDF)
    len = 2;
  else if (c >= 0xE0 && c <= 0xEF) {
    len = 3;
    if (c == 0xE0) lo = 0xA0;
    if (c == 0xED) hi = 0x9F;
  } else if (c >= 0xF0 && c <= 0xF4) {
    len = 4;
    if (c == 0xF0) lo = 0x90;
    if (c == 0xF4) hi = 0x8F;
  } else
    return 0;
  if (n < len || s[1] < lo || s[1] > hi)
    return 0;
  for (size_t k = 2; k < len; k++)
    if ((s[k] & 0xC0) != 0x80)
      return 0;
  return len;
}

void dlh_strn(dlh_buf *b, const char *s, size_t n) {
  static const char hex[] = "0123456789abcdef";
  if (!grow(b, n + 2))
    return;
  b->p[b->len++] = '"';
  size_t run = 0; /* bytes copied as they are, flushed before an escape */
  for (size_t i = 0; i < n; i++) {
    unsigned char c = (unsigned char)s[i];
    const char *esc = NULL;
    char u[7];
    if (c == '"')
      esc = "\\\"";
    else if (c == '\\')
      esc = "\\\\";
    else if (c == '\n')
      esc = "\\n";
    else if (c == '\r')
      esc = "\\r";
    else if (c == '\t')
      esc = "\\t";
    else if (c >= 0x80) {
      size_t l = utf8_len((const unsigned char *)s + i, n - i);
      if (l) { /* valid: copied as it is */
        run += l;
        i += l - 1;
        continue;
      }
      esc = "\\ufffd"; /* invalid bytes never reach a reply */
    } else if (c < 0x20 || c == '<') {
      /* '<' too: a record pasted into HTML cannot close a script tag */
      u[0] = '\\', u[1] = 'u', u[2] = '0', u[3] = '0';
      u[4] = hex[c >> 4], u[5] = hex[c & 15], u[6] = '\0';
      esc = u;
    }
    if (esc) {
      dlh_put(b, s + i - run, run);
      run = 0;
      dlh_puts(b, esc);
    } else {
      run++;
    }
  }
  dlh_put(b, s + n - run, run);
  dlh_put(b, "\"", 1);
}

void dlh_str(dlh_buf *b, const char *s) {
  if (!s)
    dlh_puts(b, "null");
  else
    dlh_strn(b, s, strlen(s));
}

void dlh_num(dlh_buf *b, double v, int prec) {
  if (!isfinite(v)) {
    dlh_puts(b, "null");
    return;
  }
  char t[64];
  int n = snprintf(t, sizeof t, "%.*f", prec, v);
  if (n <= 0 || (size_t)n >= sizeof t) {
    dlh_puts(b, "null");
    return;
  }
  if (strchr(t, '.')) {
    while (n > 0 && t[n - 1] == '0')
      t[--n] = '\0';
    if (n > 0 && t[n - 1] == '.')
      t[--n] = '\0';
  }
  if (!strcmp(t, "-0"))
    memcpy(t, "0", 2), n = 1;
  dlh_put(b, t, (size_t)n);
}

void dlh_int(dlh_buf *b, long long v) {
  if (v < 0)
    dlh_puts(b, "null");
  else
    dlh_printf(b, "%lld", v);
}
