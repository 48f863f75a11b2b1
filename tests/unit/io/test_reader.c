/*
** test_reader.c: unit tests of the input readers (src/io/reader.c), the first
** stage of the pipeline. Every fixture is written into a fresh mkdtemp()
** directory by the test itself; nothing is read from the repository.
*/
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>
#include <zstd.h>

#include "dateline.h"

static char tmp[256]; /* the fixture directory of this run */

static const char *path_of(const char *name) {
  static char buf[8][512];
  static int k;
  char *p = buf[k++ & 7];
  snprintf(p, 512, "%s/%s", tmp, name);
  return p;
}

/* Copy the string 's' to 'd' (no NUL); returns its length. */
static size_t cat(char *d, const char *s) {
  size_t n = strlen(s);
  memcpy(d, s, n);
  return n;
}

static const char *put(const char *name, const char *data, size_t n) {
  const char *p = path_of(name);
  FILE *f = fopen(p, "wb");
  assert_non_null(f);
  assert_int_equal(fwrite(data, 1, n, f), n);
  assert_int_equal(fclose(f), 0);
  return p;
}
#define PUTS(name, s) put((name), (s), sizeof(s) - 1)

static const char *put_gz(const char *name, const char *data, size_t n) {
  const char *p = path_of(name);
  gzFile g = gzopen(p, "wb");
  assert_non_null(g);
  assert_int_equal(gzwrite(g, data, (unsigned)n), (int)n);
  assert_int_equal(gzclose(g), Z_OK);
  return p;
}

static const char *put_zst(const char *name, const char *data, size_t n) {
  size_t cap = ZSTD_compressBound(n);
  char *z = malloc(cap);
  assert_non_null(z);
  size_t zn = ZSTD_compress(z, cap, data, n, 3);
  assert_false(ZSTD_isError(zn));
  const char *p = put(name, z, zn);
  free(z);
  return p;
}

static dl_reader *open_rd(const char *path, const char *date, size_t max) {
  dl_reader_opts o = {date, max};
  dl_reader *rd = NULL;
  assert_int_equal(dl_reader_open(path, &o, &rd), DL_OK);
  assert_non_null(rd);
  return rd;
}

static void span_eq(const char *p, size_t n, const char *want) {
  if (!want) {
    assert_null(p);
    assert_int_equal(n, 0);
    return;
  }
  assert_non_null(p);
  assert_int_equal(n, strlen(want));
  assert_memory_equal(p, want, n);
}

/* One good article with these fields (NULL = absent). */
static void next_ok(dl_reader *rd, const char *id, const char *date,
                    const char *title, const char *url, const char *text,
                    uint64_t line) {
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
  assert_int_equal(w.line, line);
}

/* One bad record or file: status, id and exact message. */
static void next_bad(dl_reader *rd, dl_status want, const char *id,
                     const char *msg, uint64_t line) {
  dl_article a;
  dl_where w;
  dl_status st = dl_reader_next(rd, &a, &w);
  assert_int_equal(st, want);
  assert_string_equal(dl_reader_errmsg(rd), msg);
  span_eq(a.id, a.id_len, id);
  assert_null(a.text);
  assert_int_equal(w.line, line);
}

static void next_eof(dl_reader *rd) {
  dl_article a;
  dl_where w;
  assert_int_equal(dl_reader_next(rd, &a, &w), DL_E_EOF);
  assert_int_equal(dl_reader_next(rd, &a, &w), DL_E_EOF); /* stays there */
}

/* ------------------------------------------------------------------ tests */

static void plain_text(void **state) {
  (void)state;
  const char *p = PUTS("story.txt", "BAGHDAD (Reuters) - A bomb.\n\nMore.\n");
  dl_reader *rd = open_rd(p, "2021-11-07", 0);
  dl_article a;
  dl_where w;
  assert_int_equal(dl_reader_next(rd, &a, &w), DL_OK);
  span_eq(a.id, a.id_len, "story.txt");
  span_eq(a.date, a.date_len, "2021-11-07");
  span_eq(a.title, a.title_len, NULL);
  span_eq(a.text, a.text_len, "BAGHDAD (Reuters) - A bomb.\n\nMore.\n");
  assert_string_equal(w.file, p);
  assert_int_equal(w.line, 0);
  assert_int_equal(dl_reader_nwarnings(rd), 0);
  next_eof(rd);
  dl_reader_close(rd);

  rd = open_rd(PUTS("empty.txt", ""), NULL, 0); /* no --date, empty file */
  next_ok(rd, "empty.txt", NULL, NULL, NULL, "", 0);
  next_eof(rd);
  dl_reader_close(rd);
}

static void plain_nul_and_limit(void **state) {
  (void)state;
  dl_reader *rd = open_rd(PUTS("nul.txt", "a\0b\0c"), NULL, 0);
  next_ok(rd, "nul.txt", NULL, NULL, NULL, "a b c", 0);
  assert_int_equal(dl_reader_nwarnings(rd), 1);
  assert_string_equal(dl_reader_warning(rd, 0),
                      "NUL: 2 bytes replaced by spaces (first at byte 1 of "
                      "the file)");
  assert_null(dl_reader_warning(rd, 1));
  next_eof(rd);
  assert_int_equal(dl_reader_nwarnings(rd), 0); /* cleared by the call */
  dl_reader_close(rd);

  const char *big = PUTS("big.txt", "0123456789abcdefghij");
  rd = open_rd(big, NULL, 10);
  char msg[600];
  snprintf(msg, sizeof msg, "%s: article of 20 bytes exceeds the limit of 10",
           big);
  next_bad(rd, DL_E_INPUT, "big.txt", msg, 0);
  next_eof(rd);
  dl_reader_close(rd);
}

static void jsonl_fields(void **state) {
  (void)state;
  const char *p = PUTS(
      "a.jsonl",
      "{\"id\":\"r1\",\"date\":\"2020-03-04\",\"title\":\"T\",\"url\":"
      "\"http://x/1\",\"text\":\"Body \\\"one\\\"\\n\\u00e9\\ud83d\\ude00\"}\n"
      "{\"text\":\"no id\",\"extra\":[1,{\"a\":null}],\"n\":-1.5e3}\r\n"
      "{\"id\":42,\"text\":\"num\",\"title\":null}\n"
      "{\"id\":-7,\"text\":\"neg\",\"date\":\"bad\"}\n"
      "{\"id\":1.5,\"text\":\"real\"}\n"
      "{\"text\":\"first\",\"text\":\"last wins\"}");   /* no final '\n' */
  dl_reader *rd = open_rd(p, "1999-12-31", 0);
  next_ok(rd, "r1", "2020-03-04", "T", "http://x/1",
          "Body \"one\"\n\xc3\xa9\xf0\x9f\x98\x80", 1);
  next_ok(rd, "2", "1999-12-31", NULL, NULL, "no id", 2);
  next_ok(rd, "42", "1999-12-31", NULL, NULL, "num", 3);
  next_ok(rd, "-7", "bad", NULL, NULL, "neg", 4);
  next_ok(rd, "1.5", "1999-12-31", NULL, NULL, "real", 5);
  next_ok(rd, "6", "1999-12-31", NULL, NULL, "last wins", 6);
  next_eof(rd);
  dl_reader_close(rd);
}

static void jsonl_bad_records(void **state) {
  (void)state;
  const char *p = PUTS("bad.jsonl",
                       "{\"id\":\"x1\",\"text\":\"ok\"}\n"
                       "{\"id\":\"x2\",\"title\":\"no text\"}\n"
                       "{\"id\": \"x3\", \"text\": \"abc\" x}\n"
                       "[1,2]\n"
                       "{\"id\":\"x5\",\"text\":\"t\",\"url\":5}\n"
                       "{\"id\":\"x6\",\"text\":7}\n"
                       "{\"id\":true,\"text\":\"t\"}\n"
                       "{\"text\":\"t\",\"date\":[]}\n"
                       "{\"id\":\"x9\",\"text\":null}\n"
                       "{\"id\":\"x10\",\"text\":\"fine\"}\n");
  dl_reader *rd = open_rd(p, NULL, 0);
  char m[700];
  next_ok(rd, "x1", NULL, NULL, NULL, "ok", 1);
  snprintf(m, sizeof m, "%s:2: no \"text\" field", p);
  next_bad(rd, DL_E_INPUT, "x2", m, 2);
  snprintf(m, sizeof m, "%s:3: invalid JSON at column 28: '}' expected near "
           "'x'", p);
  next_bad(rd, DL_E_INPUT, "3", m, 3);
  snprintf(m, sizeof m, "%s:4: not a JSON object", p);
  next_bad(rd, DL_E_INPUT, "4", m, 4);
  snprintf(m, sizeof m, "%s:5: \"url\" is not a string", p);
  next_bad(rd, DL_E_INPUT, "x5", m, 5);
  snprintf(m, sizeof m, "%s:6: \"text\" is not a string", p);
  next_bad(rd, DL_E_INPUT, "x6", m, 6);
  snprintf(m, sizeof m, "%s:7: \"id\" is not a string or a number", p);
  next_bad(rd, DL_E_INPUT, "7", m, 7);
  snprintf(m, sizeof m, "%s:8: \"date\" is not a string", p);
  next_bad(rd, DL_E_INPUT, "8", m, 8);
  snprintf(m, sizeof m, "%s:9: no \"text\" field", p);
  next_bad(rd, DL_E_INPUT, "x9", m, 9);
  next_ok(rd, "x10", NULL, NULL, NULL, "fine", 10);
  next_eof(rd);
  dl_reader_close(rd);
}

/* Records the fast scanner hands back to jansson must come out the same. */
static void jsonl_edges(void **state) {
  (void)state;
  char deep[200];
  memset(deep, '[', 40);
  memset(deep + 40, ']', 40);
  deep[80] = 0;
  char d[1000];
  snprintf(d, sizeof d,
           "{\"te\\u0078t\":\"esc key\",\"id\":\"k\"}\n"
           "{\"id\":12345678901234567890,\"text\":\"t\"}\n"
           "{\"id\":1e2,\"text\":\"t\"}\n"
           "{\"id\":-0,\"text\":\"t\"}\n"
           "{\"x\":%s,\"text\":\"deep\"}\n"
           "{\"text\":\"\\ud83d\"}\n"
           "{\"text\":\"a\", }\n"
           "{\"text\":\"\\u00e9\\t\\/\"}\n"
           " {\"text\":\"ws\"} \n", deep);
  const char *p = put("edges.jsonl", d, strlen(d));
  dl_reader *rd = open_rd(p, NULL, 0);
  char m[700];
  next_ok(rd, "k", NULL, NULL, NULL, "esc key", 1);
  snprintf(m, sizeof m, "%s:2: invalid JSON at column 26: too big integer "
           "near '12345678901234567890'", p);
  next_bad(rd, DL_E_INPUT, "2", m, 2);
  next_ok(rd, "100", NULL, NULL, NULL, "t", 3);
  next_ok(rd, "0", NULL, NULL, NULL, "t", 4);
  next_ok(rd, "5", NULL, NULL, NULL, "deep", 5);
  snprintf(m, sizeof m, "%s:6: invalid JSON at column 16: invalid Unicode "
           "'\\uD83D' near '\"\\ud83d\"'", p);
  next_bad(rd, DL_E_INPUT, "6", m, 6);
  snprintf(m, sizeof m, "%s:7: invalid JSON at column 14: string or '}' "
           "expected near '}'", p);
  next_bad(rd, DL_E_INPUT, "7", m, 7);
  next_ok(rd, "8", NULL, NULL, NULL, "\xc3\xa9\t/", 8);
  next_ok(rd, "9", NULL, NULL, NULL, "ws", 9);
  next_eof(rd);
  dl_reader_close(rd);
}

static void jsonl_blank_lines(void **state) {
  (void)state;
  const char *p = PUTS("blank.jsonl", "\n   \n\t\r\n{\"text\":\"a\"}\n\n"
                                      "{\"text\":\"b\"}\n \n");
  dl_reader *rd = open_rd(p, NULL, 0);
  next_ok(rd, "4", NULL, NULL, NULL, "a", 4);
  next_ok(rd, "6", NULL, NULL, NULL, "b", 6);
  next_eof(rd);
  dl_reader_close(rd);

  rd = open_rd(PUTS("empty.jsonl", ""), NULL, 0);
  next_eof(rd);
  dl_reader_close(rd);
}

static void jsonl_nul(void **state) {
  (void)state;
  /* a raw NUL byte is invalid JSON; an escaped one becomes a space */
  static const char data[] = "{\"id\":\"n1\",\"text\":\"a\0b\"}\n"
                             "{\"id\":\"n2\",\"text\":\"a\\u0000b\"}\n";
  const char *p = put("nul.jsonl", data, sizeof data - 1);
  dl_reader *rd = open_rd(p, NULL, 0);
  char m[700];
  snprintf(m, sizeof m, "%s:1: invalid JSON at column 20: control character "
           "0x0 near '\"a'", p);
  next_bad(rd, DL_E_INPUT, "1", m, 1);
  next_ok(rd, "n2", NULL, NULL, NULL, "a b", 2);
  assert_int_equal(dl_reader_nwarnings(rd), 1);
  assert_string_equal(dl_reader_warning(rd, 0),
                      "NUL: 1 byte replaced by spaces (first at byte 1 of "
                      "the text)");
  next_eof(rd);
  dl_reader_close(rd);
}

static void invalid_utf8(void **state) {
  (void)state;
  /* truncated E2 82, overlong C0 AF, surrogate ED A0 80, stray 80 */
  const char *p = PUTS("u.jsonl",
                       "{\"text\":\"\xe2\x82 ok \xc0\xaf \xed\xa0\x80 "
                       "caf\xc3\xa9\"}\n"
                       "{\"text\":\"x\x80\"}\n"
                       "{\"text\":\"clean\"}\n");
  dl_reader *rd = open_rd(p, NULL, 0);
  next_ok(rd, "1", NULL, NULL, NULL, "   ok        caf\xc3\xa9", 1);
  assert_int_equal(dl_reader_nwarnings(rd), 1);
  assert_string_equal(dl_reader_warning(rd, 0),
                      "invalid UTF-8: 7 bytes replaced by spaces (first at "
                      "byte 9 of the line)");
  next_ok(rd, "2", NULL, NULL, NULL, "x ", 2);
  assert_string_equal(dl_reader_warning(rd, 0),
                      "invalid UTF-8: 1 byte replaced by spaces (first at "
                      "byte 10 of the line)");
  next_ok(rd, "3", NULL, NULL, NULL, "clean", 3);
  assert_int_equal(dl_reader_nwarnings(rd), 0);
  dl_reader_close(rd);

  /* plain text, past the 8-byte ASCII fast path; a BOM is dropped */
  rd = open_rd(PUTS("u.txt", "\xef\xbb\xbf" "0123456789abcdef\xff\xfe ok"),
               NULL, 0);
  next_ok(rd, "u.txt", NULL, NULL, NULL, "0123456789abcdef   ok", 0);
  assert_string_equal(dl_reader_warning(rd, 0),
                      "invalid UTF-8: 2 bytes replaced by spaces (first at "
                      "byte 16 of the file)");
  dl_reader_close(rd);
}

static void long_lines(void **state) {
  (void)state;
  /* limit 100: a 250-byte line in the buffer, a 3 MB one past it */
  size_t n = 3u << 20;
  char *d = malloc(n + 400);
  assert_non_null(d);
  size_t k = 0;
  k += cat(d + k, "{\"text\":\"");
  memset(d + k, 'a', 230);
  k += 230;
  k += cat(d + k, "\"}\n{\"text\":\"ok1\"}\n{\"text\":\"");
  memset(d + k, 'b', n);
  k += n;
  k += cat(d + k, "\"}\n{\"text\":\"ok2\"}\n");
  const char *p = put("long.jsonl", d, k);
  dl_reader *rd = open_rd(p, NULL, 100);
  char m[700];
  snprintf(m, sizeof m, "%s:1: line of 241 bytes exceeds the limit of 100", p);
  next_bad(rd, DL_E_INPUT, "1", m, 1);
  next_ok(rd, "2", NULL, NULL, NULL, "ok1", 2);
  snprintf(m, sizeof m, "%s:3: line of %zu bytes exceeds the limit of 100", p,
           n + 11);
  next_bad(rd, DL_E_INPUT, "3", m, 3);
  next_ok(rd, "4", NULL, NULL, NULL, "ok2", 4);
  next_eof(rd);
  dl_reader_close(rd);

  /* over the limit on the last line, without a final newline */
  rd = open_rd(PUTS("long2.jsonl", "{\"text\":\"ok\"}\n{\"text\":\"xxxx\"}"),
               NULL, 15);
  next_ok(rd, "1", NULL, NULL, NULL, "ok", 1);
  next_ok(rd, "2", NULL, NULL, NULL, "xxxx", 2); /* 15 is not over 15 */
  next_eof(rd);
  dl_reader_close(rd);
  rd = open_rd(path_of("long2.jsonl"), NULL, 14);
  next_ok(rd, "1", NULL, NULL, NULL, "ok", 1);
  snprintf(m, sizeof m, "%s:2: line of 15 bytes exceeds the limit of 14",
           path_of("long2.jsonl"));
  next_bad(rd, DL_E_INPUT, "2", m, 2);
  next_eof(rd);
  dl_reader_close(rd);

  /* a 5 MB article on one line parses under the default limit */
  n = 5u << 20;
  k = cat(d, "{\"id\":\"big\",\"text\":\"");
  d = realloc(d, n + 100);
  assert_non_null(d);
  for (size_t i = 0; i < n; i++)
    d[k + i] = (char)('a' + (char)(i % 26));
  k += n;
  k += cat(d + k, "\"}\n{\"id\":\"after\",\"text\":\"z\"}\n");
  rd = open_rd(put("big.jsonl", d, k), NULL, 0);
  dl_article a;
  dl_where w;
  assert_int_equal(dl_reader_next(rd, &a, &w), DL_OK);
  span_eq(a.id, a.id_len, "big");
  assert_int_equal(a.text_len, n);
  assert_memory_equal(a.text, d + 20, n);
  next_ok(rd, "after", NULL, NULL, NULL, "z", 2);
  next_eof(rd);
  dl_reader_close(rd);
  free(d);
}

static const char two[] = "{\"id\":\"c1\",\"text\":\"one\"}\n"
                          "{\"id\":\"c2\",\"text\":\"two\"}\n";

static void compressed(void **state) {
  (void)state;
  dl_reader *rd = open_rd(put_gz("c.jsonl.gz", two, sizeof two - 1), NULL, 0);
  next_ok(rd, "c1", NULL, NULL, NULL, "one", 1);
  next_ok(rd, "c2", NULL, NULL, NULL, "two", 2);
  next_eof(rd);
  dl_reader_close(rd);

  rd = open_rd(put_zst("c.ndjson.zst", two, sizeof two - 1), NULL, 0);
  next_ok(rd, "c1", NULL, NULL, NULL, "one", 1);
  next_ok(rd, "c2", NULL, NULL, NULL, "two", 2);
  next_eof(rd);
  dl_reader_close(rd);

  rd = open_rd(put_gz("plain.txt.gz", "gz text", 7), "2001-01-01", 0);
  next_ok(rd, "plain.txt.gz", "2001-01-01", NULL, NULL, "gz text", 0);
  next_eof(rd);
  dl_reader_close(rd);

  /* a big zstd stream crosses many decompression calls */
  size_t n = 0, cap = 4u << 20;
  char *d = malloc(cap);
  assert_non_null(d);
  int lines = 0;
  while (n + 100 < cap)
    n += (size_t)snprintf(d + n, 100, "{\"id\":%d,\"text\":\"line %d\"}\n",
                          lines, lines), lines++;
  rd = open_rd(put_zst("many.jsonl.zst", d, n), NULL, 0);
  dl_article a;
  dl_where w;
  for (int i = 0; i < lines; i++) {
    assert_int_equal(dl_reader_next(rd, &a, &w), DL_OK);
    char want[40];
    snprintf(want, sizeof want, "line %d", i);
    span_eq(a.text, a.text_len, want);
  }
  next_eof(rd);
  dl_reader_close(rd);
  free(d);
}

/* Cut a compressed file short, or flip a byte in it. */
static const char *damage(const char *name, long cut, long flip) {
  const char *p = path_of(name);
  struct stat st;
  assert_int_equal(stat(p, &st), 0);
  if (cut)
    assert_int_equal(truncate(p, st.st_size - cut), 0);
  if (flip) {
    int fd = open(p, O_RDWR);
    assert_true(fd >= 0);
    char c = 0x5a;
    assert_int_equal(pwrite(fd, &c, 1, flip), 1);
    close(fd);
  }
  return p;
}

static void compressed_damaged(void **state) {
  (void)state;
  char m[700];
  const char *g = put_gz("t.jsonl.gz", two, sizeof two - 1);
  damage("t.jsonl.gz", 12, 0); /* drop the trailer and some data */
  const char *ok = PUTS("z-after.jsonl", "{\"text\":\"after\"}\n");
  struct stat st;
  assert_int_equal(stat(g, &st), 0);

  /* a directory holding the damaged file and a good one after it */
  assert_int_equal(mkdir(path_of("dmg"), 0755), 0);
  assert_int_equal(rename(g, path_of("dmg/t.jsonl.gz")), 0);
  assert_int_equal(rename(ok, path_of("dmg/z-after.jsonl")), 0);
  dl_reader *rd = open_rd(path_of("dmg"), NULL, 0);
  dl_article a;
  dl_where w;
  dl_status s;
  while ((s = dl_reader_next(rd, &a, &w)) == DL_OK) /* maybe some lines */
    assert_memory_equal(a.text, "on", 2);
  assert_int_equal(s, DL_E_IO);
  snprintf(m, sizeof m, "%s/dmg/t.jsonl.gz: truncated gzip data at byte %lld",
           tmp, (long long)st.st_size);
  assert_string_equal(dl_reader_errmsg(rd), m);
  span_eq(a.id, a.id_len, "t.jsonl.gz");
  next_ok(rd, "1", NULL, NULL, NULL, "after", 1);
  next_eof(rd);
  dl_reader_close(rd);

  /* gzip: a bad CRC in the trailer */
  g = put_gz("crc.jsonl.gz", two, sizeof two - 1);
  assert_int_equal(stat(g, &st), 0);
  damage("crc.jsonl.gz", 0, (long)st.st_size - 8);
  rd = open_rd(g, NULL, 0);
  while ((s = dl_reader_next(rd, &a, &w)) == DL_OK) /* zlib may drop them */
    assert_true(a.text_len == 3);
  assert_int_equal(s, DL_E_IO);
  snprintf(m, sizeof m, "%s: corrupt gzip data at byte %lld: incorrect data "
           "check", g, (long long)st.st_size - 4); /* after the CRC */
  assert_string_equal(dl_reader_errmsg(rd), m);
  next_eof(rd);
  dl_reader_close(rd);

  /* zstd: truncated, then corrupt */
  const char *z = put_zst("t.jsonl.zst", two, sizeof two - 1);
  assert_int_equal(stat(z, &st), 0);
  damage("t.jsonl.zst", 5, 0);
  rd = open_rd(z, NULL, 0);
  s = dl_reader_next(rd, &a, &w);
  assert_int_equal(s, DL_E_IO);
  snprintf(m, sizeof m, "%s: truncated zstd data at byte %lld", z,
           (long long)st.st_size - 5);
  assert_string_equal(dl_reader_errmsg(rd), m);
  next_eof(rd);
  dl_reader_close(rd);

  z = put_zst("t2.jsonl.zst", two, sizeof two - 1);
  damage("t2.jsonl.zst", 0, 1); /* the magic number */
  rd = open_rd(z, NULL, 0);
  assert_int_equal(dl_reader_next(rd, &a, &w), DL_E_IO);
  snprintf(m, sizeof m, "%s: corrupt zstd data at byte ", z);
  assert_memory_equal(dl_reader_errmsg(rd), m, strlen(m));
  assert_non_null(strstr(dl_reader_errmsg(rd), "Unknown frame descriptor"));
  next_eof(rd);
  dl_reader_close(rd);
}

static void directory(void **state) {
  (void)state;
  assert_int_equal(mkdir(path_of("d"), 0755), 0);
  assert_int_equal(mkdir(path_of("d/m"), 0755), 0);
  PUTS("d/b.txt", "plain b");
  PUTS("d/a.jsonl", "{\"id\":\"a1\",\"text\":\"A1\"}\n{\"text\":\"A2\"}\n");
  PUTS("d/m/x.txt", "inner x");
  PUTS("d/Z.txt", "upper Z sorts first");
  PUTS("d/.hidden.txt", "skipped");
  PUTS("d/zz.txt", "last");
  assert_int_equal(symlink("/nonexistent/file", path_of("d/c-dangling")), 0);
  char dir[300];
  snprintf(dir, sizeof dir, "%s/d/", tmp); /* trailing slash kept tidy */
  dl_reader *rd = open_rd(dir, "2022-02-02", 0);
  next_ok(rd, "Z.txt", "2022-02-02", NULL, NULL, "upper Z sorts first", 0);
  next_ok(rd, "a1", "2022-02-02", NULL, NULL, "A1", 1);
  next_ok(rd, "2", "2022-02-02", NULL, NULL, "A2", 2);
  dl_article a;
  dl_where w;
  assert_int_equal(dl_reader_next(rd, &a, &w), DL_OK);
  span_eq(a.id, a.id_len, "b.txt");
  char want[400];
  snprintf(want, sizeof want, "%s/d/b.txt", tmp);
  assert_string_equal(w.file, want);
  char m[700];
  snprintf(m, sizeof m, "%s/d/c-dangling: No such file or directory", tmp);
  next_bad(rd, DL_E_IO, "c-dangling", m, 0);
  next_ok(rd, "x.txt", "2022-02-02", NULL, NULL, "inner x", 0);
  next_ok(rd, "zz.txt", "2022-02-02", NULL, NULL, "last", 0);
  next_eof(rd);
  dl_reader_close(rd);
}

static void missing_file(void **state) {
  (void)state;
  const char *p = path_of("no-such.jsonl");
  dl_reader *rd = open_rd(p, NULL, 0);
  char m[700];
  snprintf(m, sizeof m, "%s: No such file or directory", p);
  next_bad(rd, DL_E_IO, "no-such.jsonl", m, 0);
  next_eof(rd);
  dl_reader_close(rd);

  dl_reader_opts o = {NULL, 0};
  assert_int_equal(dl_reader_open(NULL, &o, &rd), DL_E_INVAL);
  assert_int_equal(dl_reader_open(p, &o, NULL), DL_E_INVAL);
  dl_reader_close(NULL);
}

/* Run the reader over "-" with 'data' on fd 0. */
static dl_reader *on_stdin(const char *name, const char *data, int *saved) {
  const char *p = put(name, data, strlen(data));
  int fd = open(p, O_RDONLY);
  assert_true(fd >= 0);
  *saved = dup(0);
  assert_true(*saved >= 0);
  assert_int_equal(dup2(fd, 0), 0);
  close(fd);
  return open_rd("-", "2010-10-10", 0);
}

static void restore_stdin(int saved) {
  assert_int_equal(dup2(saved, 0), 0);
  close(saved);
}

static void stdin_sniff(void **state) {
  (void)state;
  int saved;
  dl_reader *rd = on_stdin("in1", "\n  {\"id\":\"s1\",\"text\":\"J\"}\n{\"text"
                           "\":\"K\"}\n", &saved);
  dl_article a;
  dl_where w;
  assert_int_equal(dl_reader_next(rd, &a, &w), DL_OK);
  span_eq(a.id, a.id_len, "s1");
  span_eq(a.text, a.text_len, "J");
  assert_string_equal(w.file, "-");
  assert_int_equal(w.line, 2);
  next_ok(rd, "3", "2010-10-10", NULL, NULL, "K", 3);
  next_eof(rd);
  dl_reader_close(rd);
  restore_stdin(saved);

  rd = on_stdin("in2", "  Plain {not json}\n", &saved);
  next_ok(rd, "stdin", "2010-10-10", NULL, NULL, "  Plain {not json}\n", 0);
  next_eof(rd);
  dl_reader_close(rd);
  restore_stdin(saved);

  rd = on_stdin("in3", "{\"text\":1}\n", &saved);
  next_bad(rd, DL_E_INPUT, "1", "stdin:1: \"text\" is not a string", 1);
  next_eof(rd);
  dl_reader_close(rd);
  restore_stdin(saved);

  rd = on_stdin("in4", " \n\n", &saved); /* only blanks: no article */
  next_eof(rd);
  dl_reader_close(rd);
  restore_stdin(saved);
}

static int setup(void **state) {
  (void)state;
  const char *t = getenv("TMPDIR");
  snprintf(tmp, sizeof tmp, "%s/dl-reader-XXXXXX", t && *t ? t : "/tmp");
  return mkdtemp(tmp) ? 0 : -1;
}

static int teardown(void **state) {
  (void)state;
  char cmd[400];
  snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmp);
  return system(cmd) == 0 ? 0 : -1;
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(plain_text),
      cmocka_unit_test(plain_nul_and_limit),
      cmocka_unit_test(jsonl_fields),
      cmocka_unit_test(jsonl_bad_records),
      cmocka_unit_test(jsonl_edges),
      cmocka_unit_test(jsonl_blank_lines),
      cmocka_unit_test(jsonl_nul),
      cmocka_unit_test(invalid_utf8),
      cmocka_unit_test(long_lines),
      cmocka_unit_test(compressed),
      cmocka_unit_test(compressed_damaged),
      cmocka_unit_test(directory),
      cmocka_unit_test(missing_file),
      cmocka_unit_test(stdin_sniff),
  };
  int failed = cmocka_run_group_tests(tests, setup, teardown);
  int n = (int)(sizeof tests / sizeof tests[0]);
  printf("%d passed, %d failed\n", failed < 0 ? 0 : n - failed,
         failed < 0 ? n : failed);
  return failed != 0;
}
