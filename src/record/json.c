/*
** json.c: the few JSON emitters the record writer needs: strings with
** correct escaping (never letting invalid UTF-8 through), integers and
** short decimals.
*/
#include "record.h"

#include <math.h>
#include <stdio.h>

static const char hex[] = "0123456789abcdef";

void dljson_str(dlbuf *b, const char *s, size_t n) {
  const unsigned char *p = (const unsigned char *)s;
  dlbuf_putc(b, '"');
  size_t run = 0; /* start of the pending run of plain bytes */
  size_t i = 0;
  while (i < n) {
    unsigned char c = p[i];
    if (c >= 0x20 && c < 0x80 && c != '"' && c != '\\') {
      i++;
      continue;
    }
    if (c >= 0x80) {
      int32_t cp;
      int l = dlutf8_decode(p + i, n - i, &cp);
      if (l && cp != 0x2028 && cp != 0x2029) {
        i += (size_t)l;
        continue;
      }
      dlbuf_put(b, s + run, i - run);
      dlbuf_puts(b, l ? (cp == 0x2028 ? "\\u2028" : "\\u2029") : "\\ufffd");
      i += l ? (size_t)l : 1;
      run = i;
      continue;
    }
    dlbuf_put(b, s + run, i - run);
    switch (c) {
    case '"': dlbuf_puts(b, "\\\""); break;
    case '\\': dlbuf_puts(b, "\\\\"); break;
    case '\n': dlbuf_puts(b, "\\n"); break;
    case '\r': dlbuf_puts(b, "\\r"); break;
    case '\t': dlbuf_puts(b, "\\t"); break;
    default: {
      char e[6] = {'\\', 'u', '0', '0', hex[c >> 4], hex[c & 15]};
      dlbuf_put(b, e, 6);
    }
    }
    i++;
    run = i;
  }
  dlbuf_put(b, s + run, n - run);
  dlbuf_putc(b, '"');
}

void dljson_uint(dlbuf *b, uint64_t v) {
  char tmp[24];
  int k = (int)sizeof tmp;
  do {
    tmp[--k] = (char)('0' + v % 10);
    v /= 10;
  } while (v);
  dlbuf_put(b, tmp + k, sizeof tmp - (size_t)k);
}

void dljson_num(dlbuf *b, double v, int prec) {
  if (!isfinite(v)) {
    dlbuf_puts(b, "null");
    return;
  }
  char tmp[64];
  int n = snprintf(tmp, sizeof tmp, "%.*f", prec, v);
  if (n <= 0 || n >= (int)sizeof tmp) {
    dlbuf_puts(b, "null");
    return;
  }
  if (memchr(tmp, '.', (size_t)n)) {
    while (n > 0 && tmp[n - 1] == '0')
      n--;
    if (n > 0 && tmp[n - 1] == '.')
      n--;
  }
  if (n == 2 && tmp[0] == '-' && tmp[1] == '0')
    tmp[0] = '0', n = 1; /* "-0" */
  dlbuf_put(b, tmp, (size_t)n);
}
