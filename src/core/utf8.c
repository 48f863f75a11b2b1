/*
** utf8.c: strict UTF-8 decoding and encoding for the text stage and the
** record writer. Overlong forms, surrogates and values past U+10FFFF are
** invalid, as RFC 3629 says.
*/
#include "dl_int.h"

/* Decode one code point; 0 for an invalid or truncated sequence. */
int dlutf8_decode(const unsigned char *s, size_t n, int32_t *cp) {
  if (n == 0)
    return 0;
  unsigned c = s[0];
  if (c < 0x80) {
    *cp = (int32_t)c;
    return 1;
  }
  int len;
  int32_t v, min;
  if (c >= 0xC2 && c <= 0xDF) {
    len = 2; v = (int32_t)(c & 0x1F); min = 0x80;
  } else if (c >= 0xE0 && c <= 0xEF) {
    len = 3; v = (int32_t)(c & 0x0F); min = 0x800;
  } else if (c >= 0xF0 && c <= 0xF4) {
    len = 4; v = (int32_t)(c & 0x07); min = 0x10000;
  } else {
    return 0;
  }
  if (n < (size_t)len)
    return 0;
  for (int i = 1; i < len; i++) {
    if ((s[i] & 0xC0) != 0x80)
      return 0;
    v = (v << 6) | (int32_t)(s[i] & 0x3F);
  }
  if (v < min || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF))
    return 0;
  *cp = v;
  return len;
}

/* Encode 'cp' (assumed valid) into out[0..4). */
int dlutf8_encode(int32_t cp, char *out) {
  unsigned u = (unsigned)cp;
  if (u < 0x80) {
    out[0] = (char)u;
    return 1;
  }
  if (u < 0x800) {
    out[0] = (char)(0xC0 | (u >> 6));
    out[1] = (char)(0x80 | (u & 0x3F));
    return 2;
  }
  if (u < 0x10000) {
    out[0] = (char)(0xE0 | (u >> 12));
    out[1] = (char)(0x80 | ((u >> 6) & 0x3F));
    out[2] = (char)(0x80 | (u & 0x3F));
    return 3;
  }
  out[0] = (char)(0xF0 | (u >> 18));
  out[1] = (char)(0x80 | ((u >> 12) & 0x3F));
  out[2] = (char)(0x80 | ((u >> 6) & 0x3F));
  out[3] = (char)(0x80 | (u & 0x3F));
  return 4;
}
