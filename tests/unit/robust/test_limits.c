/*
** test_limits.c: pathological inputs through the public API (issue
** "Robustness and security" §2). Each one is coded at two sizes eight times
** apart (a power of two, so that vectors' doubling rounds both alike); the
** work must stay linear (ratio <= 12), measured by operation counts rather
** than time: allocations and allocated bytes through a counting allocator
** (dl_engine_opts.alloc) and the record's size. Also the limits: max_text,
** the arena cap and the reader's max_line, each followed by a normal
** article that must code as usual.
*/
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "dl_int.h"

#ifndef DL_TEST_DATA
#define DL_TEST_DATA "build/data"
#endif

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

typedef struct counter {
  unsigned long allocs; /* calls that allocate or grow */
  size_t bytes;         /* bytes requested by them */
  size_t live, peak;    /* bytes held now and at most */
} counter;

static void *count_alloc(void *ud, void *p, size_t o, size_t n) {
  counter *c = ud;
  if (n == 0) {
    free(p);
    c->live -= o;
    return NULL;
  }
  void *q = realloc(p, n);
  if (q) {
    c->allocs++;
    c->bytes += n;
    c->live += n - (p ? o : 0);
    if (c->live > c->peak)
      c->peak = c->live;
  }
  return q;
}

static counter cnt;
static dl_engine *eng;

static int setup(void **s) {
  (void)s;
  dl_engine_opts o = {0};
  o.data_dir = DL_TEST_DATA;
  o.alloc = count_alloc;
  o.alloc_ud = &cnt;
  return dl_engine_new(&o, &eng) == DL_OK ? 0 : -1;
}

static int teardown(void **s) {
  (void)s;
  dl_engine_free(eng);
  return 0;
}

/* What coding one text cost, on a fresh document. */
typedef struct cost {
  unsigned long allocs;
  size_t bytes, peak, json;
  size_t used;          /* bytes the arena handed out */
} cost;

static cost code_cost(const char *text, size_t n) {
  dl_doc *d;
  assert_int_equal(dl_doc_new(eng, &d), DL_OK);
  counter before = cnt;
  cnt.peak = cnt.live;
  dl_article a = {0};
  a.id = "x";
  a.id_len = 1;
  a.date = "2023-03-12";
  a.date_len = 10;
  a.text = text;
  a.text_len = n;
  assert_int_equal(dl_doc_code(d, &a), DL_OK);
  const char *js;
  size_t jn;
  assert_int_equal(dl_doc_json(d, 0, &js, &jn), DL_OK);
  assert_true(jn > 0 && js[jn - 1] == '\n');
  assert_null(memchr(js, '\n', jn - 1));
  cost c = {cnt.allocs - before.allocs, cnt.bytes - before.bytes,
            cnt.peak - before.live, jn, d->arena.used};
  dl_doc_free(d);
  return c;
}

typedef size_t (*gen_fn)(char *buf, size_t n); /* fill about n bytes */

/* Code gen(N/8) and gen(N): every count grows at most ~linearly. */
static void linear(const char *name, gen_fn gen, size_t big) {
  char *b1 = malloc(big / 8 + 64), *b2 = malloc(big + 64);
  assert_non_null(b1);
  assert_non_null(b2);
  size_t n1 = gen(b1, big / 8), n2 = gen(b2, big);
  cost c1 = code_cost(b1, n1), c2 = code_cost(b2, n2);
  printf("# %-12s %7zu B: %3lu allocs %9zu B used %9zu B peak %7zu B json"
         " | %7zu B: %3lu allocs %9zu B used %9zu B peak %7zu B json\n",
         name, n1, c1.allocs, c1.used, c1.peak, c1.json, n2, c2.allocs,
         c2.used, c2.peak, c2.json);
  /* ratio <= 12 plus a constant for what every document costs (its first
  ** 64 KiB chunk, the record buffer) */
  assert_true(c2.allocs <= 12 * c1.allocs + 16);
  assert_true(c2.used <= 12 * c1.used + (64u << 10));
  assert_true(c2.json <= 12 * c1.json + 4096);
  /* chunks grow by doubling: what the allocator gave may be twice what
  ** the arena handed out */
  assert_true(c2.bytes <= 24 * c1.bytes + (512u << 10));
  assert_true(c2.peak <= 24 * c1.peak + (512u << 10));
  /* and absolutely: the arena and the record stay within a multiple of
  ** the text (the default cap is 256 MiB for 1 MB) */
  assert_true(c2.bytes <= 240 * n2 + (1u << 20));
  assert_true(c2.json <= 64 * n2 + 4096);
  free(b1);
  free(b2);
}

static size_t g_nospace(char *b, size_t n) {
  for (size_t i = 0; i < n; i++)
    b[i] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJ0123456789"[i * 7 % 46];
  return n;
}
static size_t g_quotes(char *b, size_t n) { /* ~100,000 marks at 1 MB */
  static const char *q[] = {"\"", "\xe2\x80\x9c", "\xe2\x80\x9d", "'",
                            "\xc2\xab", "\"word"};
  size_t k = 0;
  for (size_t i = 0; k + 16 < n; i++) {
    const char *s = q[i % 6];
    size_t l = strlen(s);
    memcpy(b + k, s, l);
    k += l;
    for (size_t j = 0; j < 5 + (i % 5); j++)
      b[k++] = j == 0 ? ' ' : 'a';
  }
  return k;
}
static size_t g_digits(char *b, size_t n) { /* 10,000-digit numbers */
  size_t k = 0;
  while (k + 10002 < n) {
    for (int j = 0; j < 10000; j++)
      b[k++] = (char)('1' + j % 9);
    b[k++] = ' ';
    memcpy(b + k, "killed ", 7);
    k += 7;
  }
  if (k == 0) {
    memset(b, '7', n);
    k = n;
  }
  return k;
}
static size_t g_caps(char *b, size_t n) { /* 200,000 words at ~1.4 MB */
  size_t k = 0;
  for (unsigned i = 0; k + 12 < n; i++) {
    unsigned v = i * 2654435761u;
    b[k++] = (char)('A' + v % 26);
    for (int j = 0; j < 4 + (int)(v >> 8) % 4; j++)
      b[k++] = (char)('a' + (v >> (j * 3)) % 26);
    b[k++] = ' ';
  }
  return k;
}
static size_t g_junk(char *b, size_t n) { /* NUL and invalid UTF-8 */
  static const unsigned char j[] = {0x00, 0xff, 0xc0, 0x80, 0xfe, 0xed,
                                    0xa0, 0x80, 0xf4, 0x90, 0x00, 0xc3};
  for (size_t i = 0; i < n; i++)
    b[i] = (char)j[(i * 5 + i / 7) % sizeof j];
  return n;
}
static size_t g_newlines(char *b, size_t n) { /* 100,000 at 100 KB */
  memset(b, '\n', n);
  return n;
}
static size_t g_nested(char *b, size_t n) { /* ((("'[ ... ]'"))) */
  static const char *open[] = {"(", "\"", "\xe2\x80\x9c", "[", "'", "{"};
  static const char *close[] = {")", "\"", "\xe2\x80\x9d", "]", "'", "}"};
  size_t k = 0, depth = 0;
  while (k + 8 < n / 2) {
    const char *s = open[depth % 6];
    memcpy(b + k, s, strlen(s));
    k += strlen(s);
    depth++;
  }
  memcpy(b + k, "Police said. ", 13);
  k += 13;
  while (depth-- > 0 && k + 4 < n) {
    const char *s = close[depth % 6];
    memcpy(b + k, s, strlen(s));
    k += strlen(s);
  }
  return k;
}
static size_t g_sentence(char *b, size_t n) { /* one endless sentence */
  static const char w[] = "Iraqi police said that ";
  size_t k = 0;
  while (k + sizeof w < n) {
    memcpy(b + k, w, sizeof w - 1);
    k += sizeof w - 1;
  }
  return k;
}
static size_t g_news(char *b, size_t n) { /* ordinary news, repeated */
  static const char w[] =
      "BAGHDAD, March 12 (Reuters) - A car bomb killed 12 people and "
      "wounded 30 in Baghdad on Sunday, police said. \"We heard a blast,\" "
      "said Ali Hassan, 34. Prime Minister Mohammed al-Sudani condemned "
      "the attack.\n\n";
  size_t k = 0;
  while (k + sizeof w < n) {
    memcpy(b + k, w, sizeof w - 1);
    k += sizeof w - 1;
  }
  return k;
}

#define MB ((size_t)1 << 20)
static void no_spaces(void **s) { (void)s; linear("no-spaces", g_nospace, MB); }
static void quotes(void **s) { (void)s; linear("quotes", g_quotes, MB); }
static void digits(void **s) { (void)s; linear("digits", g_digits, MB); }
static void caps(void **s) { (void)s; linear("capitalised", g_caps, 1400000); } /* 200,000 words */
static void junk(void **s) { (void)s; linear("nul-invalid", g_junk, MB); }
static void newlines(void **s) { (void)s; linear("newlines", g_newlines, MB); }
static void nested(void **s) { (void)s; linear("nested", g_nested, MB); }
static void sentence(void **s) { (void)s; linear("one-sentence", g_sentence, MB); }
static void news(void **s) { (void)s; linear("news", g_news, MB); }

/* 100,000 newlines exactly, and 100,000 quotation marks exactly. */
static void exact_counts(void **s) {
  (void)s;
  char *b = malloc(100000);
  assert_non_null(b);
  memset(b, '\n', 100000);
  cost c = code_cost(b, 100000);
  assert_true(c.json < 4096);
  memset(b, '"', 100000);
  c = code_cost(b, 100000);
  assert_true(c.json < 64 * 100000);
  free(b);
}

static dl_status code_on(dl_doc *d, const char *id, const char *text,
                         size_t n) {
  dl_article a = {0};
  a.id = id;
  a.id_len = strlen(id);
  a.text = text;
  a.text_len = n;
  return dl_doc_code(d, &a);
}

static const char ok_text[] = "A car bomb killed 12 people in Baghdad on "
                              "Sunday, police said.";

/* Over max_text: an error record naming the id, then the same document
** codes the next article. */
static void max_text(void **s) {
  (void)s;
  dl_engine_opts o = {0};
  o.data_dir = DL_TEST_DATA;
  o.max_text = 1000;
  dl_engine *e;
  assert_int_equal(dl_engine_new(&o, &e), DL_OK);
  dl_doc *d;
  assert_int_equal(dl_doc_new(e, &d), DL_OK);
  char *big = malloc(5000);
  assert_non_null(big);
  g_news(big, 5000);
  assert_int_equal(code_on(d, "big", big, 4000), DL_E_TOOBIG);
  const char *js;
  size_t n;
  assert_int_equal(dl_doc_json(d, 0, &js, &n), DL_OK);
  assert_non_null(strstr(js, "\"id\":\"big\""));
  assert_non_null(strstr(js, "\"error\":\"text of 4000 bytes exceeds"));
  assert_int_equal(code_on(d, "ok", ok_text, strlen(ok_text)), DL_OK);
  assert_int_equal(dl_doc_json(d, 0, &js, &n), DL_OK);
  assert_null(strstr(js, "\"error\""));
  assert_non_null(strstr(js, "\"id\":\"ok\""));
  assert_non_null(strstr(js, "\"events\""));
  assert_int_equal(code_on(d, "edge", big, 1000), DL_OK); /* exactly max */
  free(big);
  dl_doc_free(d);
  dl_engine_free(e);
}

/* An arena cap too small for the article: DL_E_TOOBIG and an error record,
** then a small article codes. */
static void arena_cap(void **s) {
  (void)s;
  dl_engine_opts o = {0};
  o.data_dir = DL_TEST_DATA;
  o.arena_cap = 256 << 10;
  dl_engine *e;
  assert_int_equal(dl_engine_new(&o, &e), DL_OK);
  dl_doc *d;
  assert_int_equal(dl_doc_new(e, &d), DL_OK);
  size_t bn = 200000;
  char *big = malloc(bn);
  assert_non_null(big);
  bn = g_news(big, bn);
  assert_int_equal(code_on(d, "huge", big, bn), DL_E_TOOBIG);
  const char *js;
  size_t n;
  assert_int_equal(dl_doc_json(d, 0, &js, &n), DL_OK);
  assert_non_null(strstr(js, "\"id\":\"huge\""));
  assert_non_null(strstr(js, "arena cap"));
  assert_int_equal(code_on(d, "ok", ok_text, strlen(ok_text)), DL_OK);
  assert_int_equal(dl_doc_json(d, 0, &js, &n), DL_OK);
  assert_null(strstr(js, "\"error\""));
  free(big);
  dl_doc_free(d);
  dl_engine_free(e);
}

/* The reader's max_line: a longer JSON line is one bad record (its line
** number as id) and the next line reads normally; a longer plain-text file
** is a bad record too. */
static void max_line(void **s) {
  (void)s;
  char dir[] = "/tmp/dl-limits-XXXXXX";
  assert_non_null(mkdtemp(dir));
  char path[64], ppath[64];
  snprintf(path, sizeof path, "%s/a.jsonl", dir);
  snprintf(ppath, sizeof ppath, "%s/p.txt", dir);
  FILE *f = fopen(path, "wb");
  assert_non_null(f);
  fputs("{\"id\":\"first\",\"text\":\"short\"}\n{\"id\":\"long\",\"text\":\"", f);
  for (int i = 0; i < 5000; i++)
    fputs("abcdefghij", f);
  fputs("\"}\n{\"id\":\"after\",\"text\":\"fine\"}\n", f);
  fclose(f);
  f = fopen(ppath, "wb");
  assert_non_null(f);
  for (int i = 0; i < 500; i++)
    fputs("Plain text. ", f);
  fclose(f);

  dl_reader_opts o = {0};
  o.max_line = 1024;
  dl_reader *rd;
  assert_int_equal(dl_reader_open(path, &o, &rd), DL_OK);
  dl_article a;
  dl_where w;
  assert_int_equal(dl_reader_next(rd, &a, &w), DL_OK);
  assert_int_equal(a.id_len, 5);
  assert_int_equal(dl_reader_next(rd, &a, &w), DL_E_INPUT);
  assert_int_equal(w.line, 2);
  assert_non_null(strstr(dl_reader_errmsg(rd), "1024"));
  assert_int_equal(dl_reader_next(rd, &a, &w), DL_OK);
  assert_int_equal(w.line, 3);
  assert_memory_equal(a.id, "after", 5);
  assert_memory_equal(a.text, "fine", 4);
  assert_int_equal(dl_reader_next(rd, &a, &w), DL_E_EOF);
  dl_reader_close(rd);

  assert_int_equal(dl_reader_open(ppath, &o, &rd), DL_OK);
  dl_status st = dl_reader_next(rd, &a, &w);
  assert_true(st == DL_E_INPUT || st == DL_E_IO);
  assert_int_equal(dl_reader_next(rd, &a, &w), DL_E_EOF);
  dl_reader_close(rd);
  unlink(path);
  unlink(ppath);
  rmdir(dir);
}

int main(void) {
  const struct CMUnitTest t[] = {
      cmocka_unit_test(no_spaces),    cmocka_unit_test(quotes),
      cmocka_unit_test(digits),       cmocka_unit_test(caps),
      cmocka_unit_test(junk),         cmocka_unit_test(newlines),
      cmocka_unit_test(nested),       cmocka_unit_test(sentence),
      cmocka_unit_test(news),         cmocka_unit_test(exact_counts),
      cmocka_unit_test(max_text),     cmocka_unit_test(arena_cap),
      cmocka_unit_test(max_line),
  };
  return cmocka_run_group_tests(t, setup, teardown);
}
