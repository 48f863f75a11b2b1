/*
** test_html.c: unit tests of HTML input (src/io/html.c): main text without
** boilerplate, title, publication date in each of its forms, canonical URL,
** charsets, 10,000-deep nesting; and *.html files through the reader. Every
** page is written by the test itself.
*/
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "io/io.h"

#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>
#include <zlib.h>

static dlhtml_page pg;

static void parse(const char *html) {
  dlhtml_free(&pg);
  assert_int_equal(dlhtml_extract(html, strlen(html), NULL, 0, &pg), DL_OK);
}

static void span_eq(const char *p, size_t n, const char *want) {
  if (!want) {
    assert_int_equal(n, 0);
    return;
  }
  assert_non_null(p);
  if (n != strlen(want) || memcmp(p, want, n) != 0)
    fail_msg("got [%.*s], want [%s]", (int)n, p, want);
}

#define TEXT(w) span_eq(pg.text, pg.text_len, (w))
#define TITLE(w) span_eq(pg.title, pg.title_len, (w))
#define URL(w) span_eq(pg.url, pg.url_len, (w))
#define DATE(w) span_eq(pg.date, pg.date_len, (w))

#define P1 "A powerful storm hit the northern coast on Monday, flooding three towns."
#define P2 "Officials said at least two people were killed and dozens injured."
#define P3 "Rescue teams were sent from the capital on Tuesday to help families."

/* Navigation, header, footer, aside, scripts, styles, forms, figure
** captions and share buttons are left out; entities decoded, whitespace
** collapsed, the <h1> left to the title. */
static void boilerplate(void **state) {
  (void)state;
  parse("<!DOCTYPE html><html><head><meta charset=\"utf-8\">"
        "<title>Storm hits &amp; floods towns | Daily Planet</title>"
        "<script>var s = '<p>no</p>';</script><style>p{color:red}</style>"
        "</head><body><header><nav><a href=/>Home</a> <a href=/w>World</a>"
        "</nav></header><div class=\"share-buttons\">Share on Facebook</div>"
        "<article><h1>Storm hits</h1><p>" P1 "</p>\n"
        "<p>Officials   said at least two people were\n killed &amp; dozens"
        "&nbsp;injured.</p><figure><img src=x.jpg><figcaption>Flooded "
        "streets.</figcaption></figure><script>ad()</script>"
        "<p>" P3 "</p><form><p>Sign up for our newsletter today and get "
        "news.</p></form></article><aside><p>Read more stories that you may "
        "like to read today on our site.</p></aside><footer><p>Copyright 2024"
        " Daily Planet, all rights reserved by the owners.</p></footer>"
        "</body></html>");
  TEXT(P1 "\n\nOfficials said at least two people were killed & dozens "
          "injured.\n\n" P3);
  TITLE("Storm hits & floods towns");
  DATE(NULL);
  URL(NULL);
}

/* Script and style bodies are dropped before parsing (any case, inside
** comments or not), JSON-LD kept; "</p>" in a script is no markup. */
static void scripts(void **state) {
  (void)state;
  parse("<head><SCRIPT type=text/javascript>document.write('</p><p>no "
        "no');</SCRIPT ><style media=x>p:before{content:'<b>'}</style>"
        "<script type=\"application/ld+json\">{\"datePublished\":"
        "\"2024-05-06\"}</script><scripts>kept</scripts></head><body>"
        "<!-- <script> --><p>One <script>x</script>two</p><script>"
        "unclosed");
  TEXT("kept\n\nOne two");
  DATE("2024-05-06");
}

/* Without <article>: the element with the most paragraph text wins over a
** sidebar of links; paragraphs split over sibling <div>s with an ad between
** them come out together ('split_body'); inline tags stay inside a
** paragraph. */
static void paragraph_density(void **state) {
  (void)state;
  parse("<html><body><div id=menu-main><ul><li><a href=1>Politics news "
        "today</a></li><li><a href=2>Business and more news</a></li></ul>"
        "</div><div class=wrap><div class=col><div class=para><p>" P1 "</p>"
        "<p>Officials said at <b>least</b> two <a href=x>people</a> were "
        "killed and dozens injured.</p></div><div class=ad>Advertisement</div>"
        "<div class=para><p>" P3 "</p></div></div><div class=links>"
        "<p><a href=a>One link here</a> <a href=b>another link there</a> "
        "<a href=c>and a third link</a></p></div></div></body></html>");
  TEXT(P1 "\n\n" P2 "\n\n" P3);
}

/* Each form of publication date, normalised; the best one wins. */
static void dates(void **state) {
  (void)state;
  parse("<html><head><meta property=\"article:published_time\" "
        "content=\"2024-03-05T23:30:00-05:00\"></head><body><time "
        "datetime=\"2020-01-01\">then</time><p>x</p></body></html>");
  DATE("2024-03-05");
  parse("<head><meta property=og:published_time content=2024-03-06>");
  DATE("2024-03-06");
  parse("<head><script type=\"application/ld+json\">{\"@context\":"
        "\"https://schema.org\",\"@graph\":[{\"@type\":\"WebPage\"},"
        "{\"@type\":\"NewsArticle\",\"datePublished\":\"2024-03-07T08:00Z\"}]}"
        "</script><meta name=date content=2011-01-01></head><body>x");
  DATE("2024-03-07");
  parse("<head><script type=application/ld+json>{broken</script>"
        "<meta name=\"date\" content=\"2024/03/08\"></head>");
  DATE("2024-03-08");
  parse("<head><meta name=pubdate content=20240309></head>");
  DATE("2024-03-09");
  parse("<head><meta name=\"DC.date.issued\" content=\"March 10, 2024\">");
  DATE("2024-03-10");
  parse("<body><article><header><time datetime=\"2024-03-11T10:00\">"
        "Monday</time></header><p>x</p></article>");
  DATE("2024-03-11");
  parse("<body><time datetime=2024-02-30>bad</time>"
        "<span itemprop=datePublished><time datetime=\"Tue, 12 Mar 2024 "
        "10:00:00 GMT\">x</time></span>");
  DATE("2024-03-12");
  parse("<body><p>No date at all in this page, 2024-03-13 is text.</p>");
  DATE(NULL);
}

static void date_forms(void **state) {
  (void)state;
  static const char *const ok[][2] = {
      {"2024-03-05", "2024-03-05"}, {" 2024-03-05T10:00:00Z", "2024-03-05"},
      {"2024/3/5", NULL}, {"2024.03.05", "2024-03-05"},
      {"20240229", "2024-02-29"}, {"20230229", NULL}, {"2024-13-01", NULL},
      {"5 March 2024", "2024-03-05"}, {"Mar 5, 2024 10:00", "2024-03-05"},
      {"Tuesday, 05-Mar-2024 10:00:00 GMT", "2024-03-05"}, {"", NULL},
      {"March 2024", NULL}, {"2024-03-051", NULL}};
  for (size_t i = 0; i < DL_COUNTOF(ok); i++) {
    char out[11];
    bool r = dlhtml_date(ok[i][0], strlen(ok[i][0]), out);
    if (r != (ok[i][1] != NULL) || (r && strcmp(out, ok[i][1]) != 0))
      fail_msg("%s: got %s", ok[i][0], r ? out : "none");
  }
}

/* og:title before <title>; a " | Site" or " - Site" suffix goes, unless
** what is left is one word; canonical before og:url. */
static void title_forms(void **state) {
  (void)state;
  parse("<head><title>Page - Site</title><meta property=og:title "
        "content=\"Biden - Xi talks end | BBC News\"><meta property=og:url "
        "content=\"https://e.com/og\"><link rel=canonical "
        "href=\"https://e.com/canon\"></head>");
  TITLE("Biden - Xi talks end");
  URL("https://e.com/canon");
  parse("<head><title>\n  Home - Example\n</title>"
        "<meta property=og:url content=\"https://e.com/og\">");
  TITLE("Home - Example");
  URL("https://e.com/og");
  parse("<title>Floods \xE2\x80\x94 what we know so far \xE2\x80\x94 The "
        "Daily Planet</title>");
  TITLE("Floods \xE2\x80\x94 what we know so far");
}

/* ISO-8859-1 / windows-1252 declared pages are decoded; others pass. */
static void charsets(void **state) {
  (void)state;
  const char *l1 = "<meta charset=iso-8859-1><p>Caf\xE9 \x93quoted\x94 "
                   "\x80 5</p>";
  dlhtml_free(&pg);
  assert_int_equal(dlhtml_extract(l1, strlen(l1), NULL, 0, &pg), DL_OK);
  TEXT("Caf\xC3\xA9 \xE2\x80\x9Cquoted\xE2\x80\x9D \xE2\x82\xAC 5");
  const char *u = "<p>Caf\xC3\xA9</p>";
  dlhtml_free(&pg);
  assert_int_equal(dlhtml_extract(u, strlen(u), "windows-1252", 12, &pg),
                   DL_OK); /* the HTTP header's charset is used */
  TEXT("Caf\xC3\x83\xC2\xA9");
  dlhtml_free(&pg);
  assert_int_equal(dlhtml_extract(u, strlen(u), "utf-8", 5, &pg), DL_OK);
  TEXT("Caf\xC3\xA9");
  parse("");
  TEXT("");
}

static char *repeat(const char *head, const char *open, const char *mid,
                    const char *close, size_t n) {
  size_t a = strlen(head), o = strlen(open), m = strlen(mid),
         c = strlen(close);
  char *s = malloc(a + n * (o + c) + m + 1), *p = s;
  assert_non_null(s);
  memcpy(p, head, a);
  p += a;
  for (size_t i = 0; i < n; i++, p += o)
    memcpy(p, open, o);
  memcpy(p, mid, m);
  p += m;
  for (size_t i = 0; i < n; i++, p += c)
    memcpy(p, close, c);
  *p = 0;
  return s;
}

/* 10,000 and 200,000 nested elements: no crash, no quadratic time. */
static void deep_nesting(void **state) {
  (void)state;
  static const char *const opens[] = {"<div>", "<b>", "<span><i>", "<table>"};
  static const char *const closes[] = {"</div>", "</b>", "</i></span>",
                                       "</table>"};
  for (size_t k = 0; k < DL_COUNTOF(opens); k++) {
    for (size_t n = 10000; n <= 200000; n *= 20) {
      char *s = repeat("<html><body>", opens[k], "<p>" P1 "</p>", closes[k], n);
      clock_t t0 = clock();
      parse(s);
      double secs = (double)(clock() - t0) / CLOCKS_PER_SEC;
      if (secs > 20)
        fail_msg("%s x %zu: %.1f s", opens[k], n, secs);
      if (k < 2)
        TEXT(P1);
      else
        assert_non_null(strstr(pg.text, P1));
      free(s);
    }
  }
  /* unclosed tags and a huge flat page */
  char *s = repeat("", "<p>" P2 " <a href=x>link</a>", "", "", 20000);
  parse(s);
  assert_int_equal(pg.text_len, 20000 * (strlen(P2) + 5 + 2) - 2);
  free(s);
}

/* ------------------------------------------------------- through the reader */

static char tmp[256];

static const char *put(const char *name, const char *data, bool gz) {
  static char p[512];
  snprintf(p, sizeof p, "%s/%s", tmp, name);
  if (gz) {
    gzFile g = gzopen(p, "wb");
    assert_non_null(g);
    gzwrite(g, data, (unsigned)strlen(data));
    gzclose(g);
  } else {
    FILE *f = fopen(p, "wb");
    assert_non_null(f);
    fputs(data, f);
    fclose(f);
  }
  return p;
}

static void next(dl_reader *rd, const char *id, const char *date,
                 const char *title, const char *url, const char *text) {
  dl_article a;
  dl_where w;
  dl_status st = dl_reader_next(rd, &a, &w);
  if (st != DL_OK)
    fail_msg("status %d: %s", (int)st, dl_reader_errmsg(rd));
  span_eq(a.id, a.id_len, id);
  span_eq(a.date, a.date_len, date);
  span_eq(a.title, a.title_len, title);
  span_eq(a.url, a.url_len, url);
  span_eq(a.text, a.text_len, text);
}

/* *.html, *.htm and *.html.gz are pages: id = canonical URL else the file
** name, date = the page's else --date; invalid UTF-8 is scrubbed. */
static void reader(void **state) {
  (void)state;
  snprintf(tmp, sizeof tmp, "/tmp/test_html.XXXXXX");
  assert_non_null(mkdtemp(tmp));
  put("a.html", "<html><head><title>A title</title><link rel=canonical "
      "href=\"https://e.com/a\"><meta name=date content=2024-01-02></head>"
      "<body><p>" P1 "</p></body></html>", false);
  put("b.htm", "<p>Bad \xFF byte.</p>", false);
  put("c.html.gz", "<title>Zipped</title><p>" P3 "</p>", true);
  put("d.txt", "<p>plain text stays as it is</p>", false);
  dl_reader_opts o = {"2000-01-01", 0};
  dl_reader *rd;
  assert_int_equal(dl_reader_open(tmp, &o, &rd), DL_OK);
  next(rd, "https://e.com/a", "2024-01-02", "A title", "https://e.com/a", P1);
  next(rd, "b.htm", "2000-01-01", NULL, NULL, "Bad \xEF\xBF\xBD byte.");
  next(rd, "c.html.gz", "2000-01-01", "Zipped", NULL, P3);
  next(rd, "d.txt", "2000-01-01", NULL, NULL,
       "<p>plain text stays as it is</p>");
  dl_article a;
  dl_where w;
  assert_int_equal(dl_reader_next(rd, &a, &w), DL_E_EOF);
  dl_reader_close(rd);
  char cmd[600];
  snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmp);
  assert_int_equal(system(cmd), 0);
}

static int teardown(void **state) {
  (void)state;
  dlhtml_free(&pg);
  return 0;
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(boilerplate),  cmocka_unit_test(scripts),
      cmocka_unit_test(paragraph_density),
      cmocka_unit_test(dates),        cmocka_unit_test(date_forms),
      cmocka_unit_test(title_forms),  cmocka_unit_test(charsets),
      cmocka_unit_test(deep_nesting), cmocka_unit_test(reader),
  };
  int failed = cmocka_run_group_tests(tests, NULL, teardown);
  printf("%d passed, %d failed\n", (int)DL_COUNTOF(tests) - failed, failed);
  return failed != 0;
}
