/*
** tokenize.c: the first stage after the readers. Validates UTF-8 (invalid
** bytes and NULs are separators, counted and reported), cuts the text into
** word, number and punctuation tokens with byte spans and shape flags, and
** writes each token's folded form (Unicode NFKC + case fold, curly quotes,
** dashes and apostrophes unified) for every later look-up.
*/
#include "text.h"

#include <utf8proc.h>

/* ASCII classes. */
enum { C_SP = 1, C_NL = 2, C_AL = 4, C_DG = 8, C_UP = 16, C_PU = 32 };
static unsigned char cls[128];

static void init_cls(void) {
  for (int c = 0; c < 128; c++) {
    unsigned char k = 0;
    if (c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v' || c == 0)
      k = C_SP;
    else if (c == '\n')
      k = C_NL;
    else if (c >= 'a' && c <= 'z')
      k = C_AL;
    else if (c >= 'A' && c <= 'Z')
      k = C_AL | C_UP;
    else if (c >= '0' && c <= '9')
      k = C_DG;
    else if (c < 32 || c == 127)
      k = C_SP;
    else
      k = C_PU;
    cls[c] = k;
  }
}

/* Class of the code point at text[i]: fills *len (0 = invalid byte). */
typedef struct cpinfo {
  int len;
  int32_t cp;
  unsigned k; /* C_* */
} cpinfo;

static cpinfo classify(const unsigned char *s, size_t n) {
  cpinfo r = {0, 0, 0};
  if (s[0] < 0x80) {
    r.len = 1;
    r.cp = s[0];
    r.k = cls[s[0]];
    return r;
  }
  r.len = dlutf8_decode(s, n, &r.cp);
  if (!r.len)
    return r;
  switch (utf8proc_category(r.cp)) {
  case UTF8PROC_CATEGORY_LU:
  case UTF8PROC_CATEGORY_LT:
    r.k = C_AL | C_UP;
    break;
  case UTF8PROC_CATEGORY_LL:
  case UTF8PROC_CATEGORY_LM:
  case UTF8PROC_CATEGORY_LO:
  case UTF8PROC_CATEGORY_MN:
  case UTF8PROC_CATEGORY_MC:
  case UTF8PROC_CATEGORY_ME:
    r.k = C_AL;
    break;
  case UTF8PROC_CATEGORY_ND:
  case UTF8PROC_CATEGORY_NL:
  case UTF8PROC_CATEGORY_NO:
    r.k = C_DG;
    break;
  case UTF8PROC_CATEGORY_ZS:
  case UTF8PROC_CATEGORY_CC:
  case UTF8PROC_CATEGORY_CF:
    r.k = r.cp == 0x200D ? C_AL : C_SP; /* ZWJ stays inside words */
    break;
  case UTF8PROC_CATEGORY_ZL:
  case UTF8PROC_CATEGORY_ZP:
    r.k = C_NL;
    break;
  default:
    r.k = C_PU;
  }
  return r;
}

/* The unified form of quote, apostrophe and dash code points, or 0. */
static int32_t unify(int32_t cp) {
  switch (cp) {
  case 0x2018: case 0x2019: case 0x201A: case 0x201B: case 0x2032:
  case 0x02BC: case 0x0060: case 0x00B4:
    return '\'';
  case 0x201C: case 0x201D: case 0x201E: case 0x201F: case 0x00AB:
  case 0x00BB: case 0x2033: case 0x301D: case 0x301E:
    return '"';
  case 0x2010: case 0x2011: case 0x2012: case 0x2013: case 0x2014:
  case 0x2015: case 0x2212: case 0xFE58: case 0xFE63: case 0xFF0D:
    return '-';
  }
  return 0;
}

static bool is_apos(int32_t cp) { return cp == '\'' || unify(cp) == '\''; }
static bool is_hyphen(int32_t cp) {
  return cp == '-' || cp == 0x2010 || cp == 0x2011;
}

typedef struct lexer {
  dl_doc *d;
  const unsigned char *s;
  size_t n;
} lexer;

static cpinfo at(const lexer *L, size_t i) {
  if (i >= L->n) {
    cpinfo r = {0, 0, 0};
    return r;
  }
  return classify(L->s + i, L->n - i);
}

static bool alnum(cpinfo c) { return c.len && (c.k & (C_AL | C_DG)); }

/* Append the folded form of text[s,e) to doc->fold. */
static void fold(dl_doc *d, size_t s, size_t e, bool ascii) {
  const unsigned char *p = (const unsigned char *)d->text + s;
  size_t n = e - s;
  if (ascii) {
    if (d->out.cap - d->out.n < n) {
      dlbuf_put(&d->out, (const char *)p, n); /* grows; rewritten below */
      if (d->arena.oom)
        return;
      d->out.n -= n;
    }
    char *o = d->out.p + d->out.n;
    for (size_t i = 0; i < n; i++) {
      unsigned char c = p[i];
      o[i] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c == '`' ? '\'' : c);
    }
    d->out.n += n;
    return;
  }
  int32_t buf[128];
  size_t i = 0;
  while (i < n) {
    /* fold a piece of at most 32 code points at a time, on cp boundaries */
    size_t j = i, ncp = 0;
    while (j < n && ncp < 32) {
      int32_t cp;
      int l = dlutf8_decode(p + j, n - j, &cp);
      j += l ? (size_t)l : 1;
      ncp++;
    }
    utf8proc_ssize_t m = utf8proc_decompose(
        p + i, (utf8proc_ssize_t)(j - i), buf, (utf8proc_ssize_t)DL_COUNTOF(buf),
        UTF8PROC_DECOMPOSE | UTF8PROC_COMPAT | UTF8PROC_CASEFOLD |
            UTF8PROC_STABLE | UTF8PROC_IGNORE);
    if (m < 0 || m > (utf8proc_ssize_t)DL_COUNTOF(buf)) {
      dlbuf_put(&d->out, (const char *)p + i, j - i); /* keep as is */
    } else {
      for (utf8proc_ssize_t k = 0; k < m; k++) {
        int32_t u = unify(buf[k]);
        if (u)
          buf[k] = u;
      }
      m = utf8proc_normalize_utf32(buf, m,
                                   UTF8PROC_COMPOSE | UTF8PROC_STABLE);
      for (utf8proc_ssize_t k = 0; k < m; k++) {
        char o[4];
        dlbuf_put(&d->out, o, (size_t)dlutf8_encode(buf[k], o));
      }
    }
    i = j;
  }
}

static dltok *emit(lexer *L, size_t s, size_t e, uint16_t flags, bool ascii,
                   unsigned *pending) {
  dl_doc *d = L->d;
  dltok *t = dlvec_push(&d->arena, &d->toks);
  if (!t)
    return NULL;
  t->s = (uint32_t)s;
  t->e = (uint32_t)e;
  t->flags = (uint16_t)(flags | *pending);
  *pending = 0;
  size_t before = d->out.n;
  fold(d, s, e, ascii);
  size_t fl = d->out.n - before;
  t->fo = (uint32_t)before;
  t->fl = (uint16_t)(fl > 0xFFFF ? 0xFFFF : fl);
  return t;
}

/* Scan a word or number starting at 'i'; returns its end. Sets *ascii and
** shape flags. Joins across inner hyphens ("Al-Kadhimi", "2021-11-07"),
** digit separators ("155,221", "5.93", "6:30", "11/07/2021") and inner
** apostrophes ("O'Brien"), but leaves possessive "'s" and "n't" apart. */
static size_t scan_word(lexer *L, size_t i, bool *ascii, uint16_t *flags) {
  size_t st = i;
  bool any_lower = false, any_upper = false, first = true, hy = false;
  cpinfo c = at(L, i);
  *flags = (c.k & C_DG) ? DLT_NUM : DLT_WORD;
  *ascii = true;
  for (;;) {
    /* ASCII fast path: most news text is ASCII letters */
    while (c.len == 1 && (c.k & (C_AL | C_DG))) {
      if (c.k & C_AL) {
        if (c.k & C_UP) {
          any_upper = true;
          if (first)
            *flags |= DLT_CAP;
        } else {
          any_lower = true;
        }
      }
      first = false;
      i++;
      if (i >= L->n || L->s[i] >= 0x80) {
        c = at(L, i);
        break;
      }
      c.cp = L->s[i];
      c.k = cls[L->s[i]];
    }
    while (alnum(c)) {
      if (c.len > 1)
        *ascii = false;
      if (c.k & C_AL) {
        if (c.k & C_UP) {
          any_upper = true;
          if (first)
            *flags |= DLT_CAP;
        } else {
          any_lower = true;
        }
      }
      first = false;
      i += (size_t)c.len;
      c = at(L, i);
    }
    if (!c.len || !(c.k & C_PU))
      break;
    cpinfo nx = at(L, i + (size_t)c.len);
    if (!alnum(nx))
      break;
    cpinfo pv = classify(L->s + i - 1, 1); /* last byte before: ASCII test */
    bool pdig = i > st && L->s[i - 1] < 0x80 && (pv.k & C_DG);
    bool ndig = (nx.k & C_DG) != 0;
    if (is_hyphen(c.cp)) {
      hy = true;
    } else if (c.cp == ':' || c.cp == ',' || c.cp == '/' || c.cp == '.') {
      if (!(pdig && ndig))
        break;
      if (c.cp == ',' && (L->n - i < 4 || !(at(L, i + 1).k & C_DG) ||
                          !(at(L, i + 2).k & C_DG) || !(at(L, i + 3).k & C_DG)))
        break; /* "1,2" is a list, "155,221" a number */
    } else if (is_apos(c.cp)) {
      /* "'s" and "'t" at a word end are split off (possessive, n't) */
      size_t j = i + (size_t)c.len;
      if ((L->s[j] == 's' || L->s[j] == 'S') && !alnum(at(L, j + 1)))
        break;
      if ((L->s[j] == 't' || L->s[j] == 'T') && !alnum(at(L, j + 1))) {
        if (i - st >= 2 && (L->s[i - 1] == 'n' || L->s[i - 1] == 'N'))
          i--; /* "don't" = "do" + "n't" */
        break;
      }
      if (nx.k & C_DG)
        break;
    } else {
      break;
    }
    if (c.len > 1)
      *ascii = false;
    i += (size_t)c.len;
    c = nx;
  }
  if (hy)
    *flags |= DLT_HYPHEN;
  if (any_upper && !any_lower && (*flags & DLT_WORD))
    *flags |= DLT_UPPER;
  return i;
}

/* Tokenise doc->text into doc->toks and doc->fold. */
dl_status dltext_tokenize(dl_doc *d) {
  static bool ready;
  if (!ready) { /* idempotent: racing threads write the same bytes */
    init_cls();
    ready = true;
  }
  lexer L = {d, (const unsigned char *)d->text, d->len};
  d->out.a = &d->arena;
  d->out.n = 0;
  size_t i = 0;
  unsigned pending = DLT_PARA | DLT_NL; /* flags for the next token */
  int newlines = 0;
  uint32_t bad = 0;
  size_t first_bad = 0;
  while (i < L.n) {
    unsigned char b = L.s[i];
    if (b < 0x80 && (cls[b] & (C_SP | C_NL))) {
      if (b == '\n' && ++newlines >= 1) {
        pending |= DLT_NL;
        if (newlines >= 2)
          pending |= DLT_PARA;
      }
      if (b == 0) {
        if (!bad++)
          first_bad = i;
      }
      pending |= DLT_SPACE_BEFORE;
      i++;
      continue;
    }
    cpinfo c = at(&L, i);
    if (!c.len) { /* invalid UTF-8: a separator */
      if (!bad++)
        first_bad = i;
      pending |= DLT_SPACE_BEFORE;
      i++;
      continue;
    }
    if (c.k & (C_SP | C_NL)) {
      if (c.k & C_NL) {
        pending |= DLT_NL;
        newlines++;
      }
      pending |= DLT_SPACE_BEFORE;
      i += (size_t)c.len;
      continue;
    }
    newlines = 0;
    size_t s = i;
    if ((b == 'n' || b == 'N') && i > 0 && d->toks.n &&
        d->toks.v[d->toks.n - 1].e == i) {
      /* "n't" after "do", "ca", "wo": one token, as UD and PTB have it */
      cpinfo ap = at(&L, i + 1);
      size_t j = i + 1 + (size_t)ap.len;
      if (ap.len && is_apos(ap.cp) && j < L.n + 1 &&
          (j < L.n && (L.s[j] == 't' || L.s[j] == 'T')) && !alnum(at(&L, j + 1))) {
        if (!emit(&L, s, j + 1, DLT_WORD, ap.len == 1, &pending))
          break;
        i = j + 1;
        continue;
      }
    }
    if (alnum(c)) {
      /* single letters with dots: "U.S.", "a.m.", "U.N." */
      if ((c.k & C_AL) && c.len == 1 && i + 3 < L.n && L.s[i + 1] == '.' &&
          L.s[i + 2] < 0x80 && (cls[L.s[i + 2]] & C_AL) && L.s[i + 3] == '.' &&
          !(i > 0 && L.s[i - 1] < 0x80 && (cls[L.s[i - 1]] & (C_AL | C_DG)))) {
        size_t j = i;
        while (j + 1 < L.n && L.s[j] < 0x80 && (cls[L.s[j]] & C_AL) &&
               L.s[j + 1] == '.' &&
               !(j + 2 < L.n && L.s[j + 2] < 0x80 &&
                 (cls[L.s[j + 2]] & C_AL) &&
                 !(j + 3 < L.n && L.s[j + 3] == '.')))
          j += 2;
        if (j >= i + 4) {
          uint16_t f = DLT_WORD | DLT_ABBR;
          if (cls[L.s[i]] & C_UP)
            f |= DLT_CAP | DLT_UPPER;
          if (!emit(&L, s, j, f, true, &pending))
            break;
          i = j;
          continue;
        }
      }
      bool ascii;
      uint16_t f;
      i = scan_word(&L, i, &ascii, &f);
      if (!emit(&L, s, i, f, ascii, &pending))
        break;
      continue;
    }
    /* punctuation */
    uint16_t f = DLT_PUNCT;
    size_t e = i + (size_t)c.len;
    if (c.cp == '.' && e + 1 < L.n && L.s[e] == '.' && L.s[e + 1] == '.') {
      e += 2; /* "..." */
      while (e < L.n && L.s[e] == '.')
        e++;
    } else if (c.cp == '-' && e < L.n && L.s[e] == '-') {
      while (e < L.n && L.s[e] == '-')
        e++; /* "--" */
    } else if (is_apos(c.cp)) {
      /* possessive "'s" / the "'t" of "n't" are word tokens */
      if (e < L.n && (L.s[e] == 's' || L.s[e] == 'S') && !alnum(at(&L, e + 1)) &&
          s > 0 && d->toks.n && d->toks.v[d->toks.n - 1].e == s) {
        if (!emit(&L, s, e + 1, DLT_WORD, c.len == 1, &pending))
          break;
        i = e + 1;
        continue;
      }
    }
    int32_t u = c.cp < 0x80 ? c.cp : unify(c.cp);
    if (u == '"' || u == '\'' || c.cp == '`') {
      f |= DLT_QUOTE;
      if (c.cp == 0x201C || c.cp == 0x2018 || c.cp == 0x00AB ||
          c.cp == 0x201E || c.cp == '`') {
        f |= DLT_OPENQ;
      } else if (c.cp == '"' || c.cp == '\'') {
        /* straight marks open after space or an opening bracket and
           before a non-space */
        bool before = s == 0 || (pending & DLT_SPACE_BEFORE) ||
                      L.s[s - 1] == '(' || L.s[s - 1] == '[';
        bool after = e < L.n && !(L.s[e] < 0x80 && (cls[L.s[e]] & (C_SP | C_NL)));
        if (before && after)
          f |= DLT_OPENQ;
      }
    }
    if (!emit(&L, s, e, f, c.len == 1 && c.cp != '`', &pending))
      break;
    i = e;
  }
  d->fold = d->out.p;
  d->fold_len = d->out.n;
  d->out.p = NULL; /* the record writer starts its own buffer */
  d->out.n = d->out.cap = 0;
  d->bad_utf8 = bad;
  if (bad)
    dldoc_warnf(d,
                "invalid UTF-8 or NUL: %u byte%s treated as separators "
                "(first at byte %zu)",
                bad, bad == 1 ? "" : "s", first_bad);
  return d->arena.oom ? DL_E_NOMEM : DL_OK;
}
