/*
** test_store.c: the SQLite store through the public API: coded articles
** round-trip (one row per layer item), re-ingest is idempotent, a changed
** text replaces, hostile strings stay data, query filters, and foreign or
** corrupt files give clear errors.
*/
#include "testutil.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

static char tmpdir[64];
static char dbpath[128];

static int setup(void **state) {
  snprintf(tmpdir, sizeof tmpdir, "/tmp/dl_store_XXXXXX");
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

/* One integer from SQL over the database file, through SQLite directly. */
static int64_t sql_int(const char *sql, const char *arg) {
  sqlite3 *db;
  sqlite3_stmt *s;
  assert_int_equal(sqlite3_open_v2(dbpath, &db, SQLITE_OPEN_READONLY, NULL),
                   SQLITE_OK);
  assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &s, NULL), SQLITE_OK);
  if (arg)
    sqlite3_bind_text(s, 1, arg, -1, SQLITE_TRANSIENT);
  int64_t v = -1;
  if (sqlite3_step(s) == SQLITE_ROW)
    v = sqlite3_column_int64(s, 0);
  sqlite3_finalize(s);
  sqlite3_close(db);
  return v;
}

/* Text from SQL (malloc'd copy, or NULL). */
static char *sql_text(const char *sql, const char *arg, size_t *len) {
  sqlite3 *db;
  sqlite3_stmt *s;
  assert_int_equal(sqlite3_open_v2(dbpath, &db, SQLITE_OPEN_READONLY, NULL),
                   SQLITE_OK);
  assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &s, NULL), SQLITE_OK);
  if (arg)
    sqlite3_bind_text(s, 1, arg, -1, SQLITE_TRANSIENT);
  char *out = NULL;
  if (sqlite3_step(s) == SQLITE_ROW &&
      sqlite3_column_type(s, 0) != SQLITE_NULL) {
    size_t n = (size_t)sqlite3_column_bytes(s, 0);
    out = malloc(n + 1);
    memcpy(out, sqlite3_column_blob(s, 0), n);
    out[n] = '\0';
    if (len)
      *len = n;
  }
  sqlite3_finalize(s);
  sqlite3_close(db);
  return out;
}

static dl_doc *code(const char *id, const char *date, const char *title,
                    const char *text) {
  dl_article a;
  memset(&a, 0, sizeof a);
  a.id = id;
  a.id_len = strlen(id);
  a.date = date;
  a.date_len = date ? strlen(date) : 0;
  a.title = title;
  a.title_len = title ? strlen(title) : 0;
  a.text = text;
  a.text_len = strlen(text);
  assert_int_equal(dl_doc_code(tu_doc, &a), DL_OK);
  return tu_doc;
}

static const char *story =
    "BAGHDAD (Reuters) - Iraqi Prime Minister Mustafa al-Kadhimi survived a "
    "drone attack on his residence in Baghdad on Sunday, officials said. "
    "Seven of his guards were injured. \"I am fine and among my people,\" "
    "al-Kadhimi tweeted. Police arrested three men on Monday.";

static void counts_match(const dl_doc *d, const char *id) {
  int64_t aid = sql_int("SELECT aid FROM articles WHERE id = ?1", id);
  assert_true(aid > 0);
  char q[160];
  uint32_t men = 0;
  for (uint32_t i = 0; i < d->ents.n; i++)
    men += d->ents.v[i].mentions.n;
  struct { const char *table; uint32_t n; } t[] = {
      {"entities", d->ents.n}, {"events", d->events.n},
      {"casualties", d->cas.n}, {"quotes", d->quotes.n},
      {"times", d->times.n}, {"mentions", men}};
  for (size_t i = 0; i < DL_COUNTOF(t); i++) {
    snprintf(q, sizeof q,
             "SELECT count(*) FROM %s WHERE aid = "
             "(SELECT aid FROM articles WHERE id = ?1)",
             t[i].table);
    assert_int_equal(sql_int(q, id), t[i].n);
  }
}

static void round_trip(void **state) {
  (void)state;
  dl_store *st = fresh();
  dl_doc *d = code("a1", "2021-11-07", "Drone attack", story);
  assert_true(d->ents.n > 0 && d->times.n > 0);
  dl_put res = DL_PUT_UNCHANGED;
  assert_int_equal(dl_store_put(st, d, &res), DL_OK);
  assert_int_equal(res, DL_PUT_NEW);
  counts_match(d, "a1");
  /* the record column is the record */
  const char *js;
  size_t jn;
  assert_int_equal(dl_doc_json(d, 0, &js, &jn), DL_OK);
  size_t n = 0;
  char *rec = sql_text("SELECT record FROM articles WHERE id = ?1", "a1", &n);
  assert_non_null(rec);
  assert_int_equal(n, jn - 1);
  assert_memory_equal(rec, js, n);
  free(rec);
  char *date = sql_text("SELECT date FROM articles WHERE id = ?1", "a1", NULL);
  assert_string_equal(date, "2021-11-07");
  free(date);
  /* the full-text index finds it */
  assert_int_equal(sql_int("SELECT count(*) FROM articles_fts WHERE "
                           "articles_fts MATCH ?1", "drone"), 1);
  assert_int_equal(sql_int("PRAGMA user_version", NULL), 4);
  dl_store_close(st);
  /* and reads back through a read-only handle */
  assert_int_equal(dl_store_open(dbpath, DL_STORE_READONLY, &st), DL_OK);
  int have = 0;
  assert_int_equal(dl_store_has(st, "a1", 2, story, strlen(story), &have),
                   DL_OK);
  assert_int_equal(have, 1);
  assert_int_equal(dl_store_put(st, d, &res), DL_E_INVAL);
  dl_store_close(st);
}

static void idempotent(void **state) {
  (void)state;
  dl_store *st = fresh();
  dl_doc *d = code("a1", "2021-11-07", NULL, story);
  dl_put res;
  assert_int_equal(dl_store_begin(st), DL_OK);
  assert_int_equal(dl_store_put(st, d, &res), DL_OK);
  assert_int_equal(dl_store_commit(st), DL_OK);
  int64_t ents = sql_int("SELECT count(*) FROM entities", NULL);
  int64_t times = sql_int("SELECT count(*) FROM times", NULL);
  for (int k = 0; k < 3; k++) {
    d = code("a1", "2021-11-07", NULL, story);
    assert_int_equal(dl_store_put(st, d, &res), DL_OK);
    assert_int_equal(res, DL_PUT_UNCHANGED);
  }
  assert_int_equal(sql_int("SELECT count(*) FROM articles", NULL), 1);
  assert_int_equal(sql_int("SELECT count(*) FROM entities", NULL), ents);
  assert_int_equal(sql_int("SELECT count(*) FROM times", NULL), times);
  int have = 1;
  assert_int_equal(dl_store_has(st, "a1", 2, "other", 5, &have), DL_OK);
  assert_int_equal(have, 0);
  assert_int_equal(dl_store_has(st, "zz", 2, story, strlen(story), &have),
                   DL_OK);
  assert_int_equal(have, 0);
  /* a rolled-back batch leaves nothing */
  assert_int_equal(dl_store_begin(st), DL_OK);
  d = code("a2", NULL, NULL, "Police arrested two men in Basra on Monday.");
  assert_int_equal(dl_store_put(st, d, &res), DL_OK);
  assert_int_equal(res, DL_PUT_NEW);
  assert_int_equal(dl_store_rollback(st), DL_OK);
  assert_int_equal(sql_int("SELECT count(*) FROM articles", NULL), 1);
  /* an error record is not stored */
  assert_int_equal(dl_doc_set_error(tu_doc, "bad", 3, "broken"), DL_OK);
  assert_int_equal(dl_store_put(st, tu_doc, &res), DL_E_INPUT);
  assert_int_equal(sql_int("SELECT count(*) FROM articles", NULL), 1);
  dl_store_close(st);
}

static void changed_text_replaces(void **state) {
  (void)state;
  dl_store *st = fresh();
  dl_put res;
  dl_doc *d = code("a1", "2021-11-07", NULL, story);
  assert_int_equal(dl_store_put(st, d, &res), DL_OK);
  d = code("a2", NULL, NULL, "Police arrested two men in Basra on Monday.");
  assert_int_equal(dl_store_put(st, d, &res), DL_OK);
  d = code("a1", "2021-11-08", NULL,
           "Protesters clashed with police in Basra on Monday. Two people "
           "were killed, a hospital official said.");
  assert_int_equal(dl_store_put(st, d, &res), DL_OK);
  assert_int_equal(res, DL_PUT_REPLACED);
  assert_int_equal(sql_int("SELECT count(*) FROM articles", NULL), 2);
  counts_match(d, "a1");
  /* nothing of the old text is left: rows, index */
  assert_int_equal(sql_int("SELECT count(*) FROM articles_fts WHERE "
                           "articles_fts MATCH ?1", "drone"), 0);
  assert_int_equal(sql_int("SELECT count(*) FROM articles_fts WHERE "
                           "articles_fts MATCH ?1", "protesters"), 1);
  assert_int_equal(sql_int("SELECT count(*) FROM entities WHERE aid NOT IN "
                           "(SELECT aid FROM articles)", NULL), 0);
  assert_int_equal(sql_int("SELECT count(*) FROM mentions WHERE aid NOT IN "
                           "(SELECT aid FROM articles)", NULL), 0);
  assert_int_equal(sql_int("SELECT count(*) FROM times WHERE aid NOT IN "
                           "(SELECT aid FROM articles)", NULL), 0);
  char *date = sql_text("SELECT date FROM articles WHERE id = ?1", "a1", NULL);
  assert_string_equal(date, "2021-11-08");
  free(date);
  dl_store_close(st);
}

static int count_rows(void *ud, const dl_event_row *r) {
  (void)r;
  (*(int *)ud)++;
  return 0;
}

static int nq(dl_store *st, const dl_query *q) {
  int n = 0;
  assert_int_equal(dl_store_query(st, q, count_rows, &n), DL_OK);
  return n;
}

static void hostile_strings(void **state) {
  (void)state;
  dl_store *st = fresh();
  static const char *const ids[] = {
      "x'); DROP TABLE articles;--", "\"quoted\" id", "Zürich—東京 🎉",
      "back\\slash%_*", "\t\n"};
  const char *title = "O'Brien said \"no\"; DELETE FROM events; -- 💥";
  const char *text = "L'Hôpital: \"It's 'fine'\"; DROP TABLE events; -- "
                     "Ångström 東京 🎉 ﬁ \\ %_ end.";
  dl_put res;
  for (size_t i = 0; i < DL_COUNTOF(ids); i++) {
    dl_doc *d = code(ids[i], "2020-01-02", title, text);
    assert_int_equal(dl_store_put(st, d, &res), DL_OK);
    assert_int_equal(res, DL_PUT_NEW);
  }
  assert_int_equal(sql_int("SELECT count(*) FROM articles", NULL),
                   DL_COUNTOF(ids));
  for (size_t i = 0; i < DL_COUNTOF(ids); i++) {
    size_t n;
    char *t = sql_text("SELECT text FROM articles WHERE id = ?1", ids[i], &n);
    assert_non_null(t);
    assert_int_equal(n, strlen(text));
    assert_memory_equal(t, text, n);
    free(t);
    t = sql_text("SELECT title FROM articles WHERE id = ?1", ids[i], NULL);
    assert_string_equal(t, title);
    free(t);
    int have = 0;
    assert_int_equal(dl_store_has(st, ids[i], strlen(ids[i]), text,
                                  strlen(text), &have), DL_OK);
    assert_int_equal(have, 1);
  }
  /* filters are data too */
  dl_query q;
  memset(&q, 0, sizeof q);
  q.actor = "'; DROP TABLE events; --";
  q.country = "x' OR '1'='1";
  q.modality = "\" OR 1=1 --";
  assert_int_equal(nq(st, &q), 0);
  memset(&q, 0, sizeof q);
  q.text = "\"unbalanced";  /* an FTS5 syntax error is the caller's */
  int n = 0;
  assert_int_equal(dl_store_query(st, &q, count_rows, &n), DL_E_INVAL);
  assert_true(strlen(dl_store_errmsg(st)) > 0);
  q.text = "\"DROP TABLE\"";
  assert_int_equal(dl_store_query(st, &q, count_rows, &n), DL_OK);
  assert_int_equal(sql_int("SELECT count(*) FROM sqlite_master WHERE name IN "
                           "('articles','events')", NULL), 2);
  dl_store_close(st);
}

/* Replace the document's events with synthetic ones that the filters can
** tell apart (the event stage's own choices are its tests' business). */
static void add_event(dl_doc *d, const char *cameo, const char *plover,
                      const char *src, const char *tgt, const char *cc,
                      double lat, double lon, const char *date, uint8_t mod) {
  dlevent *v = dlvec_push(&d->arena, &d->events);
  assert_non_null(v);
  v->s = 0;
  v->e = 6;
  snprintf(v->cameo, sizeof v->cameo, "%s", cameo);
  v->quad = 4;
  v->goldstein = -10.0f;
  v->plover = plover;
  v->source.set = true;
  v->source.ent = -1;
  v->source.text = "them";
  snprintf(v->source.code, sizeof v->source.code, "%s", src);
  v->target.set = true;
  v->target.ent = -1;
  v->target.s = 0;
  v->target.e = 6;
  snprintf(v->target.code, sizeof v->target.code, "%s", tgt);
  snprintf(v->date, sizeof v->date, "%s", date);
  if (cc) {
    v->place.set = true;
    v->place.name = "Somewhere";
    v->place.lat = lat;
    v->place.lon = lon;
    snprintf(v->place.cc, sizeof v->place.cc, "%s", cc);
    v->place.kind = DLPK_CITY;
  }
  v->modality = mod;
  v->killed = 2;
  v->injured = v->arrested = -1;
  v->rule = "test";
}

static int count_cb(void *ud, const char *key, uint64_t n) {
  char *buf = ud;
  size_t k = strlen(buf);
  snprintf(buf + k, 512 - k, "%s=%llu;", key ? key : "null",
           (unsigned long long)n);
  return 0;
}

static void query_filters(void **state) {
  (void)state;
  dl_store *st = fresh();
  dl_put res;
  dl_doc *d = code("q1", "2021-11-07", NULL,
                   "Bombs hit a market. The drone attack failed.");
  d->events.n = 0;
  add_event(d, "185", "ASSAULT", "IRQREB", "IRQGOV", "IQ", 33.34, 44.40,
            "2021-11-07", DLM_ASSERTED);           /* Baghdad */
  add_event(d, "173", "COERCE", "IRQCOP", "IRQCVL", "IQ", 30.51, 47.78,
            "2021-11", DLM_ATTEMPTED);             /* Basra; article's day */
  assert_int_equal(dl_store_put(st, d, &res), DL_OK);
  d = code("q2", "2022-01-03", NULL, "Talks were held in Paris.");
  d->events.n = 0;
  add_event(d, "036", NULL, "FRAGOV", "IRNGOV", "FR", 48.85, 2.35,
            "2021-12-31", DLM_FUTURE);             /* Paris */
  add_event(d, "190", "ASSAULT", "IRN", "", NULL, 0, 0, "", DLM_HEDGED);
  assert_int_equal(dl_store_put(st, d, &res), DL_OK);

  dl_query q;
  memset(&q, 0, sizeof q);
  assert_int_equal(nq(st, &q), 4);
  q.limit = 3;
  assert_int_equal(nq(st, &q), 3);
  memset(&q, 0, sizeof q);
  q.actor = "IRQ";
  assert_int_equal(nq(st, &q), 2);
  q.actor = "irngov";
  assert_int_equal(nq(st, &q), 1);
  q.actor = "IRN";
  assert_int_equal(nq(st, &q), 2);
  memset(&q, 0, sizeof q);
  q.country = "IQ";
  assert_int_equal(nq(st, &q), 2);
  q.country = "IRN";
  assert_int_equal(nq(st, &q), 2);
  memset(&q, 0, sizeof q);
  q.root = "18";
  assert_int_equal(nq(st, &q), 1);
  q.root = NULL;
  q.cameo = "036";
  assert_int_equal(nq(st, &q), 1);
  q.cameo = NULL;
  q.plover = "assault";
  assert_int_equal(nq(st, &q), 2);
  memset(&q, 0, sizeof q);
  q.since = "2021-11-07";
  q.until = "2021-11-07";
  assert_int_equal(nq(st, &q), 2); /* "2021-11" falls back to the article */
  q.since = "2021-12-01";
  q.until = NULL;
  assert_int_equal(nq(st, &q), 2);
  memset(&q, 0, sizeof q);
  q.modality = "future";
  assert_int_equal(nq(st, &q), 1);
  memset(&q, 0, sizeof q);
  q.text = "market";
  assert_int_equal(nq(st, &q), 2);
  q.text = "paris OR market";
  assert_int_equal(nq(st, &q), 4);
  memset(&q, 0, sizeof q);
  q.near = 1; /* 50 km around Baghdad: not Basra (450 km) */
  q.lat = 33.3;
  q.lon = 44.4;
  q.km = 50;
  assert_int_equal(nq(st, &q), 1);
  q.km = 600;
  assert_int_equal(nq(st, &q), 2);
  q.lat = 48.86;
  q.lon = 2.34;
  q.km = 5;
  assert_int_equal(nq(st, &q), 1);

  char buf[512] = "";
  memset(&q, 0, sizeof q);
  assert_int_equal(dl_store_count(st, &q, DL_BY_DAY, count_cb, buf), DL_OK);
  assert_string_equal(buf, "2021-11-07=2;2021-12-31=1;2022-01-03=1;");
  buf[0] = '\0';
  assert_int_equal(dl_store_count(st, &q, DL_BY_WEEK, count_cb, buf), DL_OK);
  assert_string_equal(buf, "2021-W44=2;2021-W52=1;2022-W01=1;");
  buf[0] = '\0';
  assert_int_equal(dl_store_count(st, &q, DL_BY_MONTH, count_cb, buf), DL_OK);
  assert_string_equal(buf, "2021-11=2;2021-12=1;2022-01=1;");
  buf[0] = '\0';
  assert_int_equal(dl_store_count(st, &q, DL_BY_COUNTRY, count_cb, buf),
                   DL_OK);
  assert_string_equal(buf, "null=1;FR=1;IQ=2;");
  buf[0] = '\0';
  q.plover = "ASSAULT";
  assert_int_equal(dl_store_count(st, &q, DL_BY_ROOT, count_cb, buf), DL_OK);
  assert_string_equal(buf, "18=1;19=1;");
  dl_store_close(st);
}

static void write_file(const char *path, const void *p, size_t n, long at) {
  FILE *f = fopen(path, at >= 0 ? "r+b" : "wb");
  assert_non_null(f);
  if (at >= 0)
    fseek(f, at, SEEK_SET);
  assert_int_equal(fwrite(p, 1, n, f), n);
  fclose(f);
}

static void foreign_files(void **state) {
  (void)state;
  char path[160];
  dl_store *st = NULL;
  /* a text file */
  snprintf(path, sizeof path, "%s/notes.txt", tmpdir);
  const char *txt = "These are my notes, not a database at all.\n";
  write_file(path, txt, strlen(txt), -1);
  for (unsigned fl = 0; fl < 2; fl++) {
    assert_int_equal(dl_store_open(path, fl, &st), DL_E_DATA);
    assert_non_null(strstr(dl_store_errmsg(st), "notes.txt: "));
    assert_non_null(strstr(dl_store_errmsg(st), "not a database"));
    dl_store_close(st);
  }
  /* another program's SQLite database */
  snprintf(path, sizeof path, "%s/other.db", tmpdir);
  sqlite3 *db;
  assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
  assert_int_equal(sqlite3_exec(db, "CREATE TABLE t(x); INSERT INTO t "
                                    "VALUES (1)", NULL, NULL, NULL),
                   SQLITE_OK);
  sqlite3_close(db);
  assert_int_equal(dl_store_open(path, DL_STORE_READWRITE, &st), DL_E_DATA);
  assert_non_null(strstr(dl_store_errmsg(st), "other.db: not a dateline "
                                              "database"));
  dl_store_close(st);
  /* a newer schema */
  dl_store_close(fresh());
  assert_int_equal(sqlite3_open(dbpath, &db), SQLITE_OK);
  assert_int_equal(sqlite3_exec(db, "PRAGMA user_version = 99", NULL, NULL,
                                NULL), SQLITE_OK);
  sqlite3_close(db);
  assert_int_equal(dl_store_open(dbpath, DL_STORE_READONLY, &st), DL_E_DATA);
  assert_non_null(strstr(dl_store_errmsg(st), "newer"));
  dl_store_close(st);
  /* read-only open of a missing file */
  snprintf(path, sizeof path, "%s/missing.db", tmpdir);
  assert_int_not_equal(dl_store_open(path, DL_STORE_READONLY, &st), DL_OK);
  assert_non_null(strstr(dl_store_errmsg(st), "missing.db: "));
  dl_store_close(st);
  assert_int_equal(access(path, F_OK), -1); /* and it was not created */
  /* an empty file opened read-write becomes a store */
  snprintf(path, sizeof path, "%s/empty.db", tmpdir);
  write_file(path, "", 0, -1);
  assert_int_equal(dl_store_open(path, DL_STORE_READWRITE, &st), DL_OK);
  dl_store_close(st);
  assert_int_equal(dl_store_open(NULL, DL_STORE_READONLY, &st), DL_E_INVAL);
}

static void corrupt_file(void **state) {
  (void)state;
  dl_store *st = fresh();
  dl_put res;
  char text[4096];
  for (int i = 0; i < 40; i++) {
    char id[16];
    snprintf(id, sizeof id, "c%d", i);
    snprintf(text, sizeof text, "Police arrested %d men in Basra on Monday. "
             "Protesters clashed with police in Baghdad. Article %d.", i + 2, i);
    dl_doc *d = code(id, "2021-11-08", NULL, text);
    assert_int_equal(dl_store_put(st, d, &res), DL_OK);
  }
  dl_store_close(st); /* checkpoints the WAL into the file */
  /* garbage over every page but the first */
  FILE *f = fopen(dbpath, "rb");
  assert_non_null(f);
  fseek(f, 0, SEEK_END);
  long size = ftell(f);
  fclose(f);
  assert_true(size > 8192);
  char junk[512];
  for (size_t i = 0; i < sizeof junk; i++)
    junk[i] = (char)(i * 37 + 11);
  for (long at = 4096; at + (long)sizeof junk <= size; at += 1024)
    write_file(dbpath, junk, sizeof junk, at);
  dl_status s = dl_store_open(dbpath, DL_STORE_READONLY, &st);
  if (s == DL_OK) { /* the damage may show only on reading */
    dl_query q;
    memset(&q, 0, sizeof q);
    int n = 0;
    s = dl_store_query(st, &q, count_rows, &n);
  }
  assert_int_not_equal(s, DL_OK);
  assert_non_null(strstr(dl_store_errmsg(st), "t.db: "));
  dl_store_close(st);
  /* a broken header */
  write_file(dbpath, junk, 100, 0);
  assert_int_equal(dl_store_open(dbpath, DL_STORE_READWRITE, &st), DL_E_DATA);
  assert_non_null(strstr(dl_store_errmsg(st), "not a database"));
  dl_store_close(st);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(round_trip),
      cmocka_unit_test(idempotent),
      cmocka_unit_test(changed_text_replaces),
      cmocka_unit_test(hostile_strings),
      cmocka_unit_test(query_filters),
      cmocka_unit_test(foreign_files),
      cmocka_unit_test(corrupt_file),
  };
  return cmocka_run_group_tests(tests, setup, teardown);
}
