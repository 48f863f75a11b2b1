/*
** test_article.c: dl_store_article() through the public API: two coded
** articles come back field for field (the record as dl_doc_json wrote it),
** a missing id is DL_E_INPUT, and hostile ids stay data.
*/
#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

static char tmpdir[64];
static char dbpath[128];

static int setup(void **state) {
  snprintf(tmpdir, sizeof tmpdir, "/tmp/dl_article_XXXXXX");
  if (!mkdtemp(tmpdir))
    return -1;
  snprintf(dbpath, sizeof dbpath, "%s/t.db", tmpdir);
  return tu_setup(state);
}

static int teardown(void **state) {
  char cmd[160];
  snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
  if (system(cmd) != 0)
    return -1;
  return tu_teardown(state);
}

/* A fresh store for each test. */
static dl_store *fresh(void) {
  char p[160];
  unlink(dbpath);
  snprintf(p, sizeof p, "%s-wal", dbpath);
  unlink(p);
  snprintf(p, sizeof p, "%s-shm", dbpath);
  unlink(p);
  dl_store *st = NULL;
  assert_int_equal(dl_store_open(dbpath, DL_STORE_READWRITE, &st), DL_OK);
  return st;
}

/* What a callback saw: owned copies of the fields, and how often. */
typedef struct got {
  int calls;
  char *f[6];  /* id, date, title, url, text, record; NULL when NULL */
  size_t n[6];
} got;

static char *dup_span(const char *p, size_t n) {
  if (!p)
    return NULL;
  assert_int_equal(strlen(p), n); /* NUL-terminated at its length */
  char *c = malloc(n + 1);
  assert_non_null(c);
  memcpy(c, p, n + 1);
  return c;
}

static void on_article(void *ud, const dl_stored_article *a) {
  got *g = ud;
  g->calls++;
  const char *p[6] = {a->id, a->date, a->title, a->url, a->text, a->record};
  size_t n[6] = {a->id_len,   a->date_len, a->title_len,
                 a->url_len,  a->text_len, a->record_len};
  for (int i = 0; i < 6; i++) {
    free(g->f[i]);
    g->f[i] = dup_span(p[i], n[i]);
    g->n[i] = n[i];
  }
}

static void got_free(got *g) {
  for (int i = 0; i < 6; i++)
    free(g->f[i]);
  memset(g, 0, sizeof *g);
}

/* Code and put one article; its record line (without '\n') in 'rec'. */
static void put(dl_store *st, const char *id, const char *date,
                const char *title, const char *url, const char *text,
                char **rec) {
  dl_article a;
  memset(&a, 0, sizeof a);
  a.id = id;
  a.id_len = strlen(id);
  a.date = date;
  a.date_len = date ? strlen(date) : 0;
  a.title = title;
  a.title_len = title ? strlen(title) : 0;
  a.url = url;
  a.url_len = url ? strlen(url) : 0;
  a.text = text;
  a.text_len = strlen(text);
  assert_int_equal(dl_doc_code(tu_doc, &a), DL_OK);
  const char *js;
  size_t jn;
  assert_int_equal(dl_doc_json(tu_doc, 0, &js, &jn), DL_OK);
  assert_true(jn > 0 && js[jn - 1] == '\n');
  *rec = malloc(jn);
  assert_non_null(*rec);
  memcpy(*rec, js, jn - 1);
  (*rec)[jn - 1] = '\0';
  dl_put res;
  assert_int_equal(dl_store_put(st, tu_doc, &res), DL_OK);
  assert_int_equal(res, DL_PUT_NEW);
}

static const char *text1 =
    "BAGHDAD (Reuters) - Iraqi Prime Minister Mustafa al-Kadhimi survived a "
    "drone attack on his residence in Baghdad on Sunday, officials said. "
    "Police arrested three men.";
static const char *text2 =
    "Protesters clashed with police in Basra on Monday. Two people were "
    "killed, a hospital official said.";

static void two_articles(void **state) {
  (void)state;
  dl_store *st = fresh();
  char *r1, *r2;
  put(st, "a1", "2021-11-07", "Drone attack", "https://example.org/a1", text1,
      &r1);
  put(st, "a2", "2021-11-08", NULL, NULL, text2, &r2);
  assert_non_null(strstr(r1, "\"events\""));

  got g = {0};
  assert_int_equal(dl_store_article(st, "a1", 2, on_article, &g), DL_OK);
  assert_int_equal(g.calls, 1);
  assert_string_equal(g.f[0], "a1");
  assert_string_equal(g.f[1], "2021-11-07");
  assert_string_equal(g.f[2], "Drone attack");
  assert_string_equal(g.f[3], "https://example.org/a1");
  assert_string_equal(g.f[4], text1);
  assert_int_equal(g.n[4], strlen(text1));
  assert_string_equal(g.f[5], r1);
  assert_int_equal(g.n[5], strlen(r1));
  got_free(&g);

  /* an id given as a span: no NUL needed after it */
  assert_int_equal(dl_store_article(st, "a2xyz", 2, on_article, &g), DL_OK);
  assert_int_equal(g.calls, 1);
  assert_string_equal(g.f[0], "a2");
  assert_string_equal(g.f[1], "2021-11-08");
  assert_null(g.f[2]); /* no title, no url: NULL, length 0 */
  assert_int_equal(g.n[2], 0);
  assert_null(g.f[3]);
  assert_string_equal(g.f[4], text2);
  assert_string_equal(g.f[5], r2);
  got_free(&g);

  /* a read-only handle reads the same */
  dl_store *ro = NULL;
  assert_int_equal(dl_store_open(dbpath, DL_STORE_READONLY, &ro), DL_OK);
  assert_int_equal(dl_store_article(ro, "a1", 2, on_article, &g), DL_OK);
  assert_string_equal(g.f[4], text1);
  got_free(&g);
  dl_store_close(ro);
  free(r1);
  free(r2);
  dl_store_close(st);
}

static void missing(void **state) {
  (void)state;
  dl_store *st = fresh();
  char *r;
  put(st, "a1", "2021-11-07", NULL, NULL, text1, &r);
  free(r);
  got g = {0};
  assert_int_equal(dl_store_article(st, "a3", 2, on_article, &g), DL_E_INPUT);
  assert_int_equal(g.calls, 0);
  assert_non_null(strstr(dl_store_errmsg(st), "no article 'a3'"));
  /* a prefix or a different case is not the id */
  assert_int_equal(dl_store_article(st, "a", 1, on_article, &g), DL_E_INPUT);
  assert_int_equal(dl_store_article(st, "A1", 2, on_article, &g), DL_E_INPUT);
  assert_int_equal(dl_store_article(st, "", 0, on_article, &g), DL_E_INPUT);
  assert_int_equal(g.calls, 0);
  /* misuse */
  assert_int_equal(dl_store_article(NULL, "a1", 2, on_article, &g),
                   DL_E_INVAL);
  assert_int_equal(dl_store_article(st, "a1", 2, NULL, &g), DL_E_INVAL);
  assert_int_equal(dl_store_article(st, NULL, 2, on_article, &g), DL_E_INVAL);
  /* the store still answers */
  assert_int_equal(dl_store_article(st, "a1", 2, on_article, &g), DL_OK);
  assert_int_equal(g.calls, 1);
  got_free(&g);
  dl_store_close(st);
}

static void hostile_ids(void **state) {
  (void)state;
  dl_store *st = fresh();
  static const char *const ids[] = {
      "x'); DROP TABLE articles;--", "\"quoted\" 'single'",
      "a%20b c/d?e#f", "' OR '1'='1"};
  char *rec[4];
  for (int i = 0; i < 4; i++)
    put(st, ids[i], "2021-11-07", ids[i], NULL, i % 2 ? text2 : text1,
        &rec[i]);
  got g = {0};
  for (int i = 0; i < 4; i++) {
    assert_int_equal(dl_store_article(st, ids[i], strlen(ids[i]), on_article,
                                      &g),
                     DL_OK);
    assert_string_equal(g.f[0], ids[i]);
    assert_string_equal(g.f[2], ids[i]);
    assert_string_equal(g.f[4], i % 2 ? text2 : text1);
    assert_string_equal(g.f[5], rec[i]);
    free(rec[i]);
  }
  assert_int_equal(g.calls, 4);
  got_free(&g);
  /* injection attempts as look-ups: no match, nothing dropped */
  static const char *const bad[] = {"'); DROP TABLE articles;--",
                                    "' OR 1=1 --", "x' OR id LIKE '%"};
  for (int i = 0; i < 3; i++)
    assert_int_equal(
        dl_store_article(st, bad[i], strlen(bad[i]), on_article, &g),
        DL_E_INPUT);
  assert_int_equal(g.calls, 0);
  assert_int_equal(dl_store_article(st, ids[0], strlen(ids[0]), on_article,
                                    &g),
                   DL_OK);
  assert_int_equal(g.calls, 1);
  got_free(&g);
  dl_store_close(st);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(two_articles),
      cmocka_unit_test(missing),
      cmocka_unit_test(hostile_ids),
  };
  return cmocka_run_group_tests(tests, setup, teardown);
}
