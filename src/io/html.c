/*
** html.c: HTML pages as articles, for the readers (reader.c, warc.c), first
** stage of the pipeline. gumbo parses the page; one iterative walk collects
** text blocks (jusText-like segments between block tags) and the metadata
** (title, publication date, canonical URL); the main text is the container
** with the most good paragraph text (readability's scoring), boilerplate
** (navigation, headers, footers, forms, scripts) left out.
*/
#include "io/io.h"

#include <gumbo.h>
#include <jansson.h>
#include <stdlib.h>
#include <strings.h>

/* ------------------------------------------------------------- buffers */

/* strcasestr(), which is not C11 nor POSIX: ASCII case-insensitive. */
static const char *ci_find(const char *h, const char *nd) {
  size_t k = strlen(nd);
  for (; *h; h++)
    if (strncasecmp(h, nd, k) == 0)
      return h;
  return NULL;
}

typedef struct sbuf {
  char *p;
  size_t n, cap;
  bool oom;
} sbuf;

static bool sgrow(sbuf *b, size_t add) {
  if (b->oom)
    return false;
  if (b->n + add <= b->cap)
    return true;
  size_t nc = b->cap ? b->cap : 256;
  while (nc < b->n + add)
    nc *= 2;
  char *np = realloc(b->p, nc);
  if (!np) {
    b->oom = true;
    return false;
  }
  b->p = np;
  b->cap = nc;
  return true;
}

static void sput(sbuf *b, const char *s, size_t n) {
  if (n && sgrow(b, n)) {
    memcpy(b->p + b->n, s, n);
    b->n += n;
  }
}

/* Grow the array '*v' of '*cap' items of 'sz' bytes to hold 'need'. */
static bool vgrow(void **v, size_t *cap, size_t need, size_t sz) {
  if (need <= *cap)
    return true;
  size_t nc = *cap ? *cap * 2 : 64;
  while (nc < need)
    nc *= 2;
  void *nv = realloc(*v, nc * sz);
  if (!nv)
    return false;
  *v = nv;
  *cap = nc;
  return true;
}

/* ------------------------------------------------------------ charsets */

/* windows-1252 0x80..0x9F (WHATWG also reads ISO-8859-1 labels this way);
** 0 = undefined, kept as the C1 control. */
static const uint16_t cp1252[32] = {
    0x20AC, 0, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
    0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0, 0x017D, 0,
    0, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
    0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0, 0x017E, 0x0178};

static bool is_latin1(const char *s, size_t n) {
  static const char *const labels[] = {
      "iso-8859-1", "iso8859-1", "iso_8859-1", "latin1", "latin-1",
      "l1", "windows-1252", "cp1252", "x-cp1252", "cp819", "ibm819",
      "iso-ir-100", "csisolatin1", "ascii", "us-ascii"};
  for (size_t i = 0; i < DL_COUNTOF(labels); i++)
    if (strlen(labels[i]) == n && strncasecmp(s, labels[i], n) == 0)
      return true;
  return false;
}

/* The charset named in a <meta> of the first 2 KiB ('charset=' anywhere in a
** tag), as a span; false if none. */
static bool meta_charset(const char *p, size_t n, const char **cs,
                         size_t *csn) {
  if (n > 2048)
    n = 2048;
  for (size_t i = 0; i + 8 < n; i++) {
    if (strncasecmp(p + i, "charset=", 8) != 0)
      continue;
    size_t j = i + 8;
    while (j < n && (p[j] == '"' || p[j] == '\'' || p[j] == ' '))
      j++;
    size_t k = j;
    while (k < n && (p[k] == '-' || p[k] == '_' || p[k] == ':' ||
                     (p[k] >= '0' && p[k] <= '9') ||
                     ((p[k] | 0x20) >= 'a' && (p[k] | 0x20) <= 'z')))
      k++;
    if (k > j) {
      *cs = p + j;
      *csn = k - j;
      return true;
    }
  }
  return false;
}

/* windows-1252 bytes to UTF-8 in 'out'. */
static void from_cp1252(const char *s, size_t n, sbuf *out) {
  if (!sgrow(out, 3 * n + 1))
    return;
  char *o = out->p + out->n;
  for (size_t i = 0; i < n; i++) {
    unsigned c = (unsigned char)s[i];
    if (c < 0x80) {
      *o++ = (char)c;
      continue;
    }
    unsigned cp = c >= 0xA0 ? c : cp1252[c - 0x80] ? cp1252[c - 0x80] : c;
    o += dlutf8_encode((int32_t)cp, o);
  }
  out->n = (size_t)(o - out->p);
}

/* ----------------------------------------------------------- depth cap */

/* gumbo has no depth limit and checks scopes by walking its stack of open
** elements, so N nested tags cost N^2 (a 100,000-deep page took minutes).
** Before parsing, tags nested deeper than MAXDEPTH are blanked out (their
** bytes become spaces; their text stays, in the element at MAXDEPTH): the
** parse is then linear. Real pages nest a few dozen deep. Justified by
** test_html.c 'deep_nesting'. */
#define MAXDEPTH 256

static bool tag_in(const char *nm, const char *const *list, size_t n) {
  for (size_t i = 0; i < n; i++)
    if (strcmp(nm, list[i]) == 0)
      return true;
  return false;
}

/* Tags that never nest: void elements and those whose end tag is optional
** (a new one closes the last). */
static bool flat_tag(const char *nm) {
  static const char *const v[] = {
      "area", "base", "br", "col", "embed", "hr", "img", "input", "link",
      "meta", "param", "source", "track", "wbr", "p", "li", "dt", "dd", "tr",
      "td", "th", "option", "optgroup", "thead", "tbody", "tfoot", "rt", "rp",
      "colgroup", "caption", "keygen", "basefont", "bgsound", "frame"};
  return tag_in(nm, v, DL_COUNTOF(v));
}

static bool raw_tag(const char *nm) {
  static const char *const v[] = {"script", "style", "textarea", "title",
                                  "xmp", "iframe", "noembed", "noframes",
                                  "noscript"};
  return tag_in(nm, v, DL_COUNTOF(v));
}

/* Scan the tags of 's'; with 'mut', blank those deeper than MAXDEPTH.
** Returns whether any is that deep. */
static bool cap_depth(const char *s, size_t n, char *mut) {
  size_t depth = 0, i = 0;
  bool deep = false;
  while (i < n) {
    const char *q = memchr(s + i, '<', n - i);
    if (!q)
      break;
    i = (size_t)(q - s);
    if (n - i >= 4 && memcmp(s + i, "<!--", 4) == 0) {
      size_t j = i + 4;
      while (j + 3 <= n && memcmp(s + j, "-->", 3) != 0)
        j++;
      i = j + 3;
      continue;
    }
    bool end = i + 1 < n && s[i + 1] == '/';
    size_t k = i + 1 + end, j = k;
    char nm[16];
    size_t nl = 0;
    while (j < n && (((s[j] | 0x20) >= 'a' && (s[j] | 0x20) <= 'z') ||
                     (j > k && s[j] >= '0' && s[j] <= '9'))) {
      if (nl < sizeof nm - 1)
        nm[nl++] = (char)(s[j] | 0x20);
      j++;
    }
    nm[nl] = 0;
    if (j == k) { /* "<!doctype", "<?xml", "< " */
      i++;
      continue;
    }
    char quote = 0; /* find the '>' outside quoted attribute values */
    for (; j < n; j++) {
      if (quote) {
        if (s[j] == quote)
          quote = 0;
      } else if (s[j] == '"' || s[j] == '\'') {
        if (s[j - 1] == '=' || s[j - 1] == ' ')
          quote = s[j];
      } else if (s[j] == '>') {
        break;
      }
    }
    size_t te = j < n ? j + 1 : n; /* one past the tag */
    bool selfclose = j < n && s[j - 1] == '/';
    if (!flat_tag(nm) && !(selfclose && !end)) {
      if (!end)
        depth++;
      if (depth > MAXDEPTH) {
        deep = true;
        if (mut)
          memset(mut + i, ' ', te - i);
      }
      if (end && depth)
        depth--;
    }
    i = te;
    if (!end && raw_tag(nm)) { /* its text is no markup: to "</name" */
      size_t m = strlen(nm);
      while (i + 2 + m <= n && !(s[i] == '<' && s[i + 1] == '/' &&
                                 strncasecmp(s + i + 2, nm, m) == 0))
        i++;
      if (i + 2 + m > n)
        i = n;
    }
  }
  return deep;
}

/* Copy 's' into 'out' without the bodies of <script> (JSON-LD aside) and
** <style>: they hold no text, and gumbo, which takes 85% of the reading
** time, tokenizes them byte by byte. Returns false (nothing copied) if
** there is nothing to drop. */
static bool strip_code(const char *s, size_t n, sbuf *out) {
  size_t i = 0, last = 0;
  while (i < n) {
    const char *q = memchr(s + i, '<', n - i);
    if (!q)
      break;
    i = (size_t)(q - s);
    if (n - i >= 4 && memcmp(s + i, "<!--", 4) == 0) {
      size_t j = i + 4;
      while (j + 3 <= n && memcmp(s + j, "-->", 3) != 0)
        j++;
      i = j + 3;
      continue;
    }
    size_t m = n - i >= 7 && strncasecmp(s + i + 1, "script", 6) == 0 ? 6
               : n - i >= 6 && strncasecmp(s + i + 1, "style", 5) == 0 ? 5
                                                                   : 0;
    char c = m && i + 1 + m < n ? s[i + 1 + m] : 'x';
    if (!(c == '>' || c == ' ' || c == '\t' || c == '\n' || c == '\r' ||
          c == '/')) {
      i++;
      continue;
    }
    const char *gt = memchr(s + i, '>', n - i);
    if (!gt)
      break;
    size_t te = (size_t)(gt - s) + 1, j = te;
    bool keep = false;
    for (size_t k = i; m == 6 && k + 7 <= te; k++)
      if (strncasecmp(s + k, "ld+json", 7) == 0)
        keep = true;
    while (j + 2 + m <= n && !(s[j] == '<' && s[j + 1] == '/' &&
                               strncasecmp(s + j + 2, s + i + 1, m) == 0))
      j++;
    if (j + 2 + m > n)
      j = n;
    if (!keep && j > te) {
      sput(out, s + last, te - last);
      last = j;
    }
    i = j;
  }
  if (last == 0)
    return false;
  sput(out, s + last, n - last);
  return true;
}

/* --------------------------------------------------------------- dates */

static bool leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

static bool mkdate(int y, int m, int d, char out[11]) {
  static const int mdays[12] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (y < 1800 || y > 2200 || m < 1 || m > 12 || d < 1 || d > mdays[m - 1] ||
      (m == 2 && d == 29 && !leap(y)))
    return false;
  out[0] = (char)('0' + y / 1000);
  out[1] = (char)('0' + y / 100 % 10);
  out[2] = (char)('0' + y / 10 % 10);
  out[3] = (char)('0' + y % 10);
  out[4] = out[7] = '-';
  out[5] = (char)('0' + m / 10);
  out[6] = (char)('0' + m % 10);
  out[8] = (char)('0' + d / 10);
  out[9] = (char)('0' + d % 10);
  out[10] = 0;
  return true;
}

static bool digits(const char *s, size_t n, size_t i, size_t k, int *v) {
  if (i + k > n)
    return false;
  int x = 0;
  for (size_t j = i; j < i + k; j++) {
    if (s[j] < '0' || s[j] > '9')
      return false;
    x = x * 10 + (s[j] - '0');
  }
  *v = x;
  return true;
}

static int month_of(const char *s, size_t n) {
  static const char *const m[12] = {"jan", "feb", "mar", "apr", "may", "jun",
                                    "jul", "aug", "sep", "oct", "nov", "dec"};
  if (n < 3)
    return 0;
  for (int i = 0; i < 12; i++)
    if (strncasecmp(s, m[i], 3) == 0)
      return i + 1;
  return 0;
}

/* Normalise a date to "YYYY-MM-DD" (see io.h). */
bool dlhtml_date(const char *s, size_t n, char out[11]) {
  size_t i = 0;
  while (i < n && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r'))
    i++;
  s += i;
  n -= i;
  int y, m, d;
  if (digits(s, n, 0, 4, &y)) { /* ISO 8601 and its cousins */
    if (n >= 10 && (s[4] == '-' || s[4] == '/' || s[4] == '.') &&
        s[7] == s[4] && digits(s, n, 5, 2, &m) && digits(s, n, 8, 2, &d) &&
        (n == 10 || s[10] < '0' || s[10] > '9'))
      return mkdate(y, m, d, out);
    if (digits(s, n, 4, 2, &m) && digits(s, n, 6, 2, &d) &&
        (n == 8 || s[8] < '0' || s[8] > '9'))
      return mkdate(y, m, d, out);
    return false;
  }
  /* words: a day (1-2 digits), a month name, a year (4 digits), any order
  ** that English writes ("March 5, 2024", "Tue, 05 Mar 2024 10:00 GMT") */
  y = m = d = 0;
  for (size_t j = 0; j < n && j < 64;) {
    size_t k = j;
    if (s[j] >= '0' && s[j] <= '9') {
      while (k < n && s[k] >= '0' && s[k] <= '9')
        k++;
      int v = 0;
      if (k - j <= 4)
        digits(s, n, j, k - j, &v);
      if (k - j == 4 && !y)
        y = v;
      else if (k - j <= 2 && !d && (k >= n || s[k] != ':'))
        d = v;
      else if (k < n && s[k] == ':')
        break; /* a time: the date is over */
    } else if ((s[j] | 0x20) >= 'a' && (s[j] | 0x20) <= 'z') {
      while (k < n && (s[k] | 0x20) >= 'a' && (s[k] | 0x20) <= 'z')
        k++;
      int mm = month_of(s + j, k - j);
      if (mm && !m)
        m = mm;
    } else {
      k++;
    }
    j = k;
  }
  return y && m && d && mkdate(y, m, d, out);
}

/* ---------------------------------------------------------------- walk */

/* Kinds of element: inline, block (with the paragraph-like ones apart), and
** skipped subtrees that break a block (nav) or not (script). */
enum { K_INLINE, K_BLOCK, K_P, K_H1, K_H, K_LI, K_SKIPB, K_SKIPI };

static int kind_of(GumboTag t) {
  switch (t) {
  case GUMBO_TAG_NAV: case GUMBO_TAG_HEADER: case GUMBO_TAG_FOOTER:
  case GUMBO_TAG_ASIDE: case GUMBO_TAG_FORM: case GUMBO_TAG_FIGCAPTION:
  case GUMBO_TAG_HEAD: case GUMBO_TAG_MENU:
    return K_SKIPB;
  case GUMBO_TAG_SCRIPT: case GUMBO_TAG_STYLE: case GUMBO_TAG_NOSCRIPT:
  case GUMBO_TAG_IFRAME: case GUMBO_TAG_SVG: case GUMBO_TAG_MATH:
  case GUMBO_TAG_BUTTON: case GUMBO_TAG_SELECT: case GUMBO_TAG_TEXTAREA:
  case GUMBO_TAG_TEMPLATE: case GUMBO_TAG_OBJECT: case GUMBO_TAG_EMBED:
  case GUMBO_TAG_CANVAS: case GUMBO_TAG_VIDEO: case GUMBO_TAG_AUDIO:
  case GUMBO_TAG_TITLE: case GUMBO_TAG_OPTION:
    return K_SKIPI;
  case GUMBO_TAG_P:
    return K_P;
  case GUMBO_TAG_H1:
    return K_H1;
  case GUMBO_TAG_H2: case GUMBO_TAG_H3: case GUMBO_TAG_H4: case GUMBO_TAG_H5:
  case GUMBO_TAG_H6:
    return K_H;
  case GUMBO_TAG_LI: case GUMBO_TAG_DD: case GUMBO_TAG_DT:
    return K_LI;
  case GUMBO_TAG_DIV: case GUMBO_TAG_BLOCKQUOTE: case GUMBO_TAG_PRE:
  case GUMBO_TAG_UL: case GUMBO_TAG_OL: case GUMBO_TAG_DL:
  case GUMBO_TAG_TABLE: case GUMBO_TAG_TR: case GUMBO_TAG_TD:
  case GUMBO_TAG_TH: case GUMBO_TAG_TBODY: case GUMBO_TAG_THEAD:
  case GUMBO_TAG_TFOOT: case GUMBO_TAG_CAPTION: case GUMBO_TAG_SECTION:
  case GUMBO_TAG_ARTICLE: case GUMBO_TAG_MAIN: case GUMBO_TAG_BODY:
  case GUMBO_TAG_HTML: case GUMBO_TAG_BR: case GUMBO_TAG_HR:
  case GUMBO_TAG_ADDRESS: case GUMBO_TAG_FIGURE: case GUMBO_TAG_CENTER:
  case GUMBO_TAG_DETAILS: case GUMBO_TAG_SUMMARY: case GUMBO_TAG_FIELDSET:
  case GUMBO_TAG_LEGEND: case GUMBO_TAG_HGROUP:
    return K_BLOCK;
  default:
    return K_INLINE;
  }
}

typedef struct block {
  uint32_t off, len;     /* span in the walk's text buffer */
  uint32_t words, lwords; /* words, and words inside links */
  uint32_t elem;         /* element whose text it is */
  int kind;              /* K_* of that element */
} block;

typedef struct elem {
  uint32_t parent;       /* index of the parent (0 for the root itself) */
  uint32_t end;          /* one past its last descendant (pre-order) */
  double score;          /* readability: paragraphs of children, grandchildren */
  double good;           /* good text bytes under it */
  uint8_t flags;         /* E_* */
} elem;

enum { E_ARTICLE = 1, E_BODYPROP = 2 };

typedef struct frame {
  const GumboNode *node;
  uint32_t next;         /* next child to visit */
  uint32_t idx;          /* element index */
  uint32_t blk;          /* element index of the nearest block (text owner) */
  int bkind;             /* K_* of that block */
  bool block;            /* the element breaks blocks */
  bool skip;             /* inside a skipped subtree */
} frame;

/* Candidates for a field, best priority kept (lower is better). */
typedef struct cand {
  int pri;
  const char *s;
  size_t n;
} cand;

typedef struct walker {
  sbuf text;             /* block texts, back to back */
  block *b; size_t nb, cb;
  elem *e; size_t ne, ce;
  frame *st; size_t ns, cs;
  int links;             /* open <a> elements */
  /* the segment being collected */
  uint32_t seg_off, seg_words, seg_lwords;
  bool seg_space;        /* whitespace seen since the last byte */
  cand title, date, url;
  char datebuf[11];
  char ldbuf[11];        /* JSON-LD date, normalised */
  bool oom;
} walker;

static void consider(cand *c, int pri, const char *s, size_t n) {
  if (n && (!c->s || pri < c->pri)) {
    c->pri = pri;
    c->s = s;
    c->n = n;
  }
}

static const char *attr(const GumboElement *el, const char *name) {
  const GumboAttribute *a = gumbo_get_attribute(&el->attributes, name);
  return a ? a->value : NULL;
}

/* Append text to the segment, whitespace (and U+00A0) collapsed. */
static void add_text(walker *w, const char *s, size_t n) {
  if (!sgrow(&w->text, n + 1)) {
    w->oom = true;
    return;
  }
  char *o = w->text.p + w->text.n;
  bool started = w->text.n > w->seg_off;
  for (size_t i = 0; i < n; i++) {
    unsigned char c = (unsigned char)s[i];
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' ||
        c == '\v' || (c == 0xC2 && i + 1 < n && (unsigned char)s[i + 1] == 0xA0)) {
      if (c == 0xC2)
        i++;
      w->seg_space = true;
      continue;
    }
    if (w->seg_space || !started) {
      if (w->seg_space && started)
        *o++ = ' ';
      if ((c & 0xC0) != 0x80) { /* a word starts */
        w->seg_words++;
        if (w->links)
          w->seg_lwords++;
      }
      w->seg_space = false;
      started = true;
    }
    *o++ = (char)c;
  }
  w->text.n = (size_t)(o - w->text.p);
}

/* End the segment: a block of element 'owner' if it holds any text. */
static void flush(walker *w, uint32_t owner, int kind) {
  if (w->text.n > w->seg_off && !w->oom) {
    if (!vgrow((void **)&w->b, &w->cb, w->nb + 1, sizeof *w->b)) {
      w->oom = true;
    } else {
      block *b = &w->b[w->nb++];
      b->off = w->seg_off;
      b->len = (uint32_t)(w->text.n - w->seg_off);
      b->words = w->seg_words;
      b->lwords = w->seg_lwords;
      b->elem = owner;
      b->kind = kind;
    }
  }
  w->seg_off = (uint32_t)w->text.n;
  w->seg_words = w->seg_lwords = 0;
  w->seg_space = false;
}

static bool has_word(const char *v, const char *const *list, size_t n) {
  for (size_t i = 0; i < n; i++)
    if (ci_find(v, list[i]))
      return true;
  return false;
}

/* Boilerplate by class or id (readability's "unlikely candidates"), unless
** it also looks like content. Justified by test_html.c 'boilerplate'. */
static bool unlikely(const GumboElement *el) {
  static const char *const bad[] = {
      "comment", "share", "social", "related", "newsletter", "promo",
      "sidebar", "breadcrumb", "cookie", "advert", "subscribe", "footer",
      "navbar", "menu", "popup", "masthead"};
  static const char *const good[] = {"article", "content", "main", "story",
                                     "body", "text"};
  const char *vs[2] = {attr(el, "class"), attr(el, "id")};
  for (int i = 0; i < 2; i++)
    if (vs[i] && has_word(vs[i], bad, DL_COUNTOF(bad)) &&
        !has_word(vs[i], good, DL_COUNTOF(good)))
      return true;
  const char *ah = attr(el, "aria-hidden");
  return attr(el, "hidden") || (ah && strcmp(ah, "true") == 0);
}

/* The text of a node's first text child (for <title>, <script>). */
static const char *child_text(const GumboElement *el) {
  for (unsigned i = 0; i < el->children.length; i++) {
    const GumboNode *c = el->children.data[i];
    if (c->type == GUMBO_NODE_TEXT || c->type == GUMBO_NODE_CDATA ||
        c->type == GUMBO_NODE_WHITESPACE)
      return c->v.text.text;
  }
  return NULL;
}

/* datePublished anywhere in a JSON-LD value ("@graph", arrays), bounded. */
static const char *ld_date(json_t *v, int depth) {
  if (depth > 8)
    return NULL;
  if (json_is_object(v)) {
    json_t *d = json_object_get(v, "datePublished");
    if (json_is_string(d))
      return json_string_value(d);
    const char *k;
    json_t *x;
    json_object_foreach(v, k, x) {
      const char *r = ld_date(x, depth + 1);
      if (r)
        return r;
    }
  } else if (json_is_array(v)) {
    size_t i;
    json_t *x;
    json_array_foreach(v, i, x) {
      const char *r = ld_date(x, depth + 1);
      if (r)
        return r;
    }
  }
  return NULL;
}

/* Date candidates, best first (issue "Speed and scale" §3's order). */
enum { P_ARTICLE_PUB, P_OG_PUB, P_JSONLD, P_META_DATE, P_ITEMPROP, P_TIME_PUB,
       P_TIME };

static void date_cand(walker *w, int pri, const char *s) {
  char d[11];
  if (!s || (w->date.s && w->date.pri <= pri) ||
      !dlhtml_date(s, strlen(s), d))
    return;
  memcpy(w->datebuf, d, sizeof d);
  consider(&w->date, pri, w->datebuf, 10);
}

/* Metadata of one element: <meta>, <link>, <title>, JSON-LD, <time>. */
static void meta(walker *w, const GumboElement *el) {
  switch (el->tag) {
  case GUMBO_TAG_META: {
    const char *c = attr(el, "content");
    const char *k = attr(el, "property");
    const char *nm = attr(el, "name");
    const char *ip = attr(el, "itemprop");
    if (!c)
      return;
    if (!k)
      k = nm;
    if (k) {
      if (strcasecmp(k, "og:title") == 0)
        consider(&w->title, 0, c, strlen(c));
      else if (strcasecmp(k, "og:url") == 0)
        consider(&w->url, 1, c, strlen(c));
      else if (strcasecmp(k, "article:published_time") == 0)
        date_cand(w, P_ARTICLE_PUB, c);
      else if (strcasecmp(k, "og:published_time") == 0)
        date_cand(w, P_OG_PUB, c);
      else if (strcasecmp(k, "date") == 0 || strcasecmp(k, "pubdate") == 0 ||
               strcasecmp(k, "publishdate") == 0 ||
               strcasecmp(k, "publish-date") == 0 ||
               strcasecmp(k, "DC.date.issued") == 0 ||
               strcasecmp(k, "dcterms.issued") == 0 ||
               strcasecmp(k, "DC.date") == 0 ||
               strcasecmp(k, "sailthru.date") == 0 ||
               strcasecmp(k, "parsely-pub-date") == 0)
        date_cand(w, P_META_DATE, c);
    }
    if (ip && strcmp(ip, "datePublished") == 0)
      date_cand(w, P_ITEMPROP, c);
    return;
  }
  case GUMBO_TAG_LINK: {
    const char *rel = attr(el, "rel"), *h = attr(el, "href");
    if (rel && h && strcasecmp(rel, "canonical") == 0)
      consider(&w->url, 0, h, strlen(h));
    return;
  }
  case GUMBO_TAG_TITLE: {
    const char *t = child_text(el);
    if (t)
      consider(&w->title, 1, t, strlen(t));
    return;
  }
  case GUMBO_TAG_SCRIPT: {
    const char *ty = attr(el, "type"), *t;
    if (!ty || strcasecmp(ty, "application/ld+json") != 0 ||
        (w->date.s && w->date.pri <= P_JSONLD) || !(t = child_text(el)))
      return;
    json_t *j = json_loads(t, JSON_DECODE_ANY, NULL);
    const char *d = j ? ld_date(j, 0) : NULL;
    if (d)
      date_cand(w, P_JSONLD, d);
    json_decref(j);
    return;
  }
  case GUMBO_TAG_TIME: {
    const char *dt = attr(el, "datetime"), *ip = attr(el, "itemprop");
    if (dt)
      date_cand(w, (ip && strcmp(ip, "datePublished") == 0) ||
                           attr(el, "pubdate")
                       ? P_TIME_PUB
                       : P_TIME,
                dt);
    return;
  }
  default:
    return;
  }
}

static bool push(walker *w, const GumboNode *n, const frame *up, int kind,
                 bool skip) {
  uint32_t pidx = up ? up->idx : 0, pblk = up ? up->blk : 0;
  int pkind = up ? up->bkind : K_BLOCK; /* 'up' moves when the stack grows */
  if (!vgrow((void **)&w->st, &w->cs, w->ns + 1, sizeof *w->st) ||
      !vgrow((void **)&w->e, &w->ce, w->ne + 1, sizeof *w->e)) {
    w->oom = true;
    return false;
  }
  uint32_t idx = (uint32_t)w->ne++;
  elem *e = &w->e[idx];
  memset(e, 0, sizeof *e);
  e->parent = pidx;
  const GumboElement *el = &n->v.element;
  if (el->tag == GUMBO_TAG_ARTICLE)
    e->flags |= E_ARTICLE;
  const char *ip = attr(el, "itemprop");
  if (ip && strcmp(ip, "articleBody") == 0)
    e->flags |= E_BODYPROP;
  frame *f = &w->st[w->ns++];
  f->node = n;
  f->next = 0;
  f->idx = idx;
  f->skip = skip;
  f->block = kind != K_INLINE && kind != K_SKIPI;
  if (f->block || !up) {
    f->blk = idx;
    f->bkind = f->block ? kind : K_BLOCK;
  } else { /* inline: its text belongs to the enclosing block */
    f->blk = pblk;
    f->bkind = pkind;
  }
  return true;
}

/* Walk the tree from 'root' with an explicit stack (pages nest 10,000 deep:
** test_html.c 'deep_nesting'). Text of skipped subtrees is left out, their
** metadata is not (a <time> in an article's <header>). */
static void walk(walker *w, const GumboNode *root) {
  if (!push(w, root, NULL, K_BLOCK, false))
    return;
  while (w->ns && !w->oom) {
    frame *f = &w->st[w->ns - 1];
    const GumboElement *el = &f->node->v.element;
    if (f->next < el->children.length) {
      const GumboNode *c = el->children.data[f->next++];
      if (c->type == GUMBO_NODE_TEXT || c->type == GUMBO_NODE_CDATA ||
          c->type == GUMBO_NODE_WHITESPACE) {
        if (!f->skip)
          add_text(w, c->v.text.text, strlen(c->v.text.text));
        continue;
      }
      if (c->type != GUMBO_NODE_ELEMENT && c->type != GUMBO_NODE_TEMPLATE)
        continue;
      const GumboElement *ce = &c->v.element;
      meta(w, ce);
      int k = kind_of(ce->tag);
      bool skip = f->skip || k == K_SKIPB || k == K_SKIPI ||
                  (ce->tag != GUMBO_TAG_BODY && ce->tag != GUMBO_TAG_ARTICLE &&
                   ce->tag != GUMBO_TAG_MAIN && unlikely(ce));
      if (k != K_INLINE && k != K_SKIPI && !f->skip)
        flush(w, f->blk, f->bkind);
      if (ce->tag == GUMBO_TAG_A)
        w->links++;
      if (!push(w, c, f, k, skip))
        return;
      continue;
    }
    /* leaving the element */
    if (el->tag == GUMBO_TAG_A && w->links)
      w->links--;
    w->e[f->idx].end = (uint32_t)w->ne;
    if (f->block && !f->skip)
      flush(w, f->blk, f->bkind);
    w->ns--;
  }
}

/* ------------------------------------------------------------ choosing */

static bool good_block(const block *b) {
  return (b->kind == K_P || b->kind == K_BLOCK || b->kind == K_LI) &&
         b->words >= 8 && b->lwords * 10 <= b->words * 3;
}

/* The element whose subtree holds the main text (see file header): the
** itemprop=articleBody, else the <article>, with the most good text; else
** the best readability score, widened to a parent holding half again as
** much good text. 0 (the root) when no paragraph is good. */
static uint32_t choose(walker *w) {
  for (size_t i = 0; i < w->nb; i++) {
    const block *b = &w->b[i];
    if (!good_block(b))
      continue;
    double c = 1.0 + (b->len / 100 < 3 ? b->len / 100 : 3);
    uint32_t p = b->kind == K_P || b->kind == K_LI ? w->e[b->elem].parent
                                                  : b->elem;
    w->e[b->elem].good += b->len;
    w->e[p].score += c;
    if (p)
      w->e[w->e[p].parent].score += c / 2;
  }
  for (size_t i = w->ne; i-- > 1;) /* children come after their parent */
    w->e[w->e[i].parent].good += w->e[i].good;
  uint32_t best = 0;
  for (int pass = 0; pass < 2; pass++) {
    int flag = pass == 0 ? E_BODYPROP : E_ARTICLE;
    double bg = 0;
    for (size_t i = 0; i < w->ne; i++)
      if ((w->e[i].flags & flag) && w->e[i].good > bg) {
        bg = w->e[i].good;
        best = (uint32_t)i;
      }
    if (bg > 0)
      return best;
  }
  double bs = 0;
  for (size_t i = 0; i < w->ne; i++)
    if (w->e[i].score > bs) {
      bs = w->e[i].score;
      best = (uint32_t)i;
    }
  if (bs == 0)
    return 0;
  for (int up = 0; up < 3 && best; up++) {
    uint32_t p = w->e[best].parent;
    if (w->e[p].good < 1.5 * w->e[best].good)
      break;
    best = p;
  }
  return best;
}

#define MAXRANGE 64

/* The element ranges [lo, hi) whose blocks make the text: the chosen one
** and, as readability does, its siblings with a fifth of its good text
** (paragraphs split over sibling <div>s around an ad: test_html.c
** 'paragraph_density'). Returns the count. */
static size_t ranges(walker *w, uint32_t c, uint32_t lo[], uint32_t hi[]) {
  if (c == 0) {
    lo[0] = 0;
    hi[0] = (uint32_t)w->ne;
    return 1;
  }
  size_t n = 0;
  uint32_t par = w->e[c].parent;
  for (uint32_t i = par + 1; i < w->e[par].end && n < MAXRANGE;
       i = w->e[i].end) { /* the children of 'par', in order */
    if (i == c || (w->e[i].good > 0 && w->e[i].good >= 0.2 * w->e[c].good)) {
      lo[n] = i;
      hi[n++] = w->e[i].end;
    }
  }
  return n;
}

/* Strip a " | Site" suffix: after the last separator, at most 4 words, and
** at least 2 words before it. Justified by test_html.c 'title_forms'. */
static size_t strip_site(const char *s, size_t n) {
  static const char *const seps[] = {" | ", " - ", " \xE2\x80\x93 ",
                                     " \xE2\x80\x94 ", " :: ", " \xC2\xB7 "};
  size_t cut = 0, seplen = 0;
  for (size_t i = 0; i < DL_COUNTOF(seps); i++) {
    size_t m = strlen(seps[i]);
    for (size_t j = n >= m ? n - m + 1 : 0; j-- > 0;)
      if (memcmp(s + j, seps[i], m) == 0) {
        if (j > cut) {
          cut = j;
          seplen = m;
        }
        break;
      }
  }
  if (!cut)
    return n;
  size_t sw = 0, pw = 0;
  for (size_t i = cut + seplen; i < n; i++)
    sw += s[i] != ' ' && (i == cut + seplen || s[i - 1] == ' ');
  for (size_t i = 0; i < cut; i++)
    pw += s[i] != ' ' && (i == 0 || s[i - 1] == ' ');
  return sw <= 4 && pw >= 2 ? cut : n;
}

/* Copy a metadata string into 'out', whitespace collapsed; span in *off/n. */
static void put_collapsed(sbuf *out, const char *s, size_t n, size_t *off,
                          size_t *len) {
  *off = out->n;
  if (!sgrow(out, n + 1))
    return;
  char *o = out->p + out->n;
  bool sp = false, any = false;
  for (size_t i = 0; i < n; i++) {
    unsigned char c = (unsigned char)s[i];
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' ||
        (c == 0xC2 && i + 1 < n && (unsigned char)s[i + 1] == 0xA0)) {
      i += c == 0xC2;
      sp = any;
      continue;
    }
    if (sp)
      *o++ = ' ';
    sp = false;
    any = true;
    *o++ = (char)c;
  }
  out->n = (size_t)(o - out->p);
  *len = out->n - *off;
}

/* ----------------------------------------------------------------- API */

/* *.html / *.htm, with an optional .gz or .zst after it. */
bool dlhtml_is_name(const char *path) {
  size_t n = strlen(path);
  if (n >= 3 && strcmp(path + n - 3, ".gz") == 0)
    n -= 3;
  else if (n >= 4 && strcmp(path + n - 4, ".zst") == 0)
    n -= 4;
  return (n >= 5 && strncasecmp(path + n - 5, ".html", 5) == 0) ||
         (n >= 4 && strncasecmp(path + n - 4, ".htm", 4) == 0);
}

/* Free the page's buffer and zero it. */
void dlhtml_free(dlhtml_page *pg) {
  if (!pg)
    return;
  free(pg->buf);
  memset(pg, 0, sizeof *pg);
}

/* Parse a page (see io.h). */
dl_status dlhtml_extract(const char *html, size_t n, const char *charset,
                         size_t charset_len, dlhtml_page *pg) {
  memset(pg, 0, sizeof *pg);
  sbuf conv = {0};
  if (n >= 3 && memcmp(html, "\xEF\xBB\xBF", 3) == 0) {
    html += 3; /* a byte order mark says UTF-8, whatever the headers say */
    n -= 3;
  } else {
    if (!charset || !charset_len)
      meta_charset(html, n, &charset, &charset_len);
    if (charset && is_latin1(charset, charset_len)) {
      from_cp1252(html, n, &conv);
      if (conv.oom)
        return DL_E_NOMEM;
      html = conv.p;
      n = conv.n;
    }
  }
  sbuf lean = {0};
  if (strip_code(html, n, &lean)) {
    if (lean.oom) {
      free(conv.p);
      return DL_E_NOMEM;
    }
    free(conv.p);
    conv = lean;
    html = conv.p;
    n = conv.n;
  } else {
    free(lean.p);
  }
  if (cap_depth(html, n, NULL)) {
    if (!conv.p) {
      sput(&conv, html, n);
      if (conv.oom)
        return DL_E_NOMEM;
    }
    cap_depth(conv.p, conv.n, conv.p);
    html = conv.p;
  }
  GumboOptions opt = kGumboDefaultOptions;
  opt.max_errors = 0; /* errors are not wanted: no time spent on them */
  GumboOutput *out = gumbo_parse_with_options(&opt, n ? html : "", n);
  if (!out) {
    free(conv.p);
    return DL_E_NOMEM;
  }
  walker w;
  memset(&w, 0, sizeof w);
  walk(&w, out->root);
  sbuf res = {0};
  size_t toff = 0, tlen = 0, hoff = 0, hlen = 0, uoff = 0, ulen = 0;
  if (!w.oom) {
    uint32_t lo[MAXRANGE], hi[MAXRANGE];
    size_t nr = ranges(&w, choose(&w), lo, hi), r = 0;
    size_t total = 0;
    for (size_t i = 0; i < w.nb; i++)
      total += w.b[i].len + 2;
    if (sgrow(&res, total + 1)) {
      toff = 0;
      for (size_t i = 0; i < w.nb; i++) {
        const block *b = &w.b[i];
        while (r < nr && b->elem >= hi[r])
          r++; /* blocks come in element order */
        if (r == nr || b->elem < lo[r] || b->kind == K_H1 ||
            b->lwords * 2 > b->words)
          continue; /* outside, the headline, or mostly links */
        if (res.n)
          sput(&res, "\n\n", 2);
        sput(&res, w.text.p + b->off, b->len);
      }
      tlen = res.n;
    }
    if (w.title.s) {
      put_collapsed(&res, w.title.s, w.title.n, &hoff, &hlen);
      hlen = strip_site(res.p + hoff, hlen);
    }
    if (w.url.s)
      put_collapsed(&res, w.url.s, w.url.n, &uoff, &ulen);
  }
  bool oom = w.oom || res.oom;
  if (w.date.s) {
    memcpy(pg->date, w.date.s, 10);
    pg->date[10] = 0;
    pg->date_len = 10;
  }
  free(w.text.p);
  free(w.b);
  free(w.e);
  free(w.st);
  gumbo_destroy_output(&opt, out);
  free(conv.p);
  if (oom) {
    free(res.p);
    memset(pg, 0, sizeof *pg);
    return DL_E_NOMEM;
  }
  if (!sgrow(&res, 1)) {
    free(res.p);
    memset(pg, 0, sizeof *pg);
    return DL_E_NOMEM;
  }
  pg->buf = res.p;
  pg->text = res.p + toff;
  pg->text_len = tlen;
  if (hlen) {
    pg->title = res.p + hoff;
    pg->title_len = hlen;
  }
  if (ulen) {
    pg->url = res.p + uoff;
    pg->url_len = ulen;
  }
  return DL_OK;
}
