/*
** test_incidents.c: incidents in the store through the public API: reports
** of one drone attack by different outlets (wording, "Sunday" vs the date,
** 6 vs 7 guards injured), a near-duplicate copy and a late republication
** (joined as a twin), unrelated events kept apart; the same incidents
** whatever the arrival order, after a rebuild and after merging shards;
** re-ingest of a changed article; a v1 store migrated in place.
*/
#include "testutil.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

static char tmpdir[64];

static int setup(void **state) {
  snprintf(tmpdir, sizeof tmpdir, "/tmp/dl_inc_XXXXXX");
  if (!mkdtemp(tmpdir))
    return -1;
  return tu_setup(state);
}

static int teardown(void **state) {
  char cmd[160];
  snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
  if (system(cmd) != 0)
    return -1;
  return tu_teardown(state);
}

static const char *path(const char *name) {
  static char p[4][160];
  static int k;
  k = (k + 1) % 4;
  snprintf(p[k], sizeof p[k], "%s/%s", tmpdir, name);
  return p[k];
}

static dl_store *fresh(const char *name) {
  char p[200];
  const char *db = path(name);
  unlink(db);
  snprintf(p, sizeof p, "%s-wal", db);
  unlink(p);
  snprintf(p, sizeof p, "%s-shm", db);
  unlink(p);
  dl_store *st = NULL;
  assert_int_equal(dl_store_open(db, DL_STORE_READWRITE, &st), DL_OK);
  return st;
}

typedef struct art {
  const char *id, *date, *url, *text;
} art;

/* Reports of one attack, and unrelated events of the same day. */
static const art corpus[] = {
    {"r1", "2021-11-08", "https://www.reuters.com/world/r1",
     "BAGHDAD (Reuters) - Iraqi Prime Minister Mustafa al-Kadhimi survived a "
     "drone attack on his residence in Baghdad on Sunday, officials said. "
     "Seven of his guards were injured in the attack, two security officials "
     "told Reuters. The Prime Minister was not injured. No group claimed "
     "responsibility."},
    {"p1", "2021-11-07", "https://apnews.com/p1",
     "BAGHDAD (AP) - Armed drones attacked the home of Iraq's prime minister "
     "in Baghdad on November 7, 2021, in an assassination attempt. Six "
     "guards were injured, police said. Al-Kadhimi said he was fine and "
     "called for calm."},
    {"r1-copy", "2021-11-08", "https://news.example.com/iraq-pm",
     "BAGHDAD (Reuters) - Iraqi Prime Minister Mustafa al-Kadhimi survived a "
     "drone attack on his residence in Baghdad on Sunday, officials said. "
     "Seven of his guards were injured in the attack, two security officials "
     "told Reuters. The Prime Minister was not injured. No group has claimed "
     "responsibility so far."},
    /* republished a week later: "Sunday" is another day, only the text
    ** ties it to the attack */
    {"late", "2021-11-15", "https://mirror.example.org/a",
     "BAGHDAD (Reuters) - Iraqi Prime Minister Mustafa al-Kadhimi survived a "
     "drone attack on his residence in Baghdad on Sunday, officials said. "
     "Seven of his guards were injured in the attack, two security officials "
     "told Reuters. The Prime Minister was not injured. No group claimed "
     "responsibility."},
    {"f1", "2021-11-07", "https://lemonde.fr/f1",
     "PARIS (AFP) - Thousands of protesters marched in Paris on Sunday "
     "against the new health pass. Police arrested 12 people."},
    {"k1", "2021-11-07", "https://bbc.co.uk/k1",
     "KABUL (BBC) - Gunmen attacked a checkpoint in Kabul on Sunday, killing "
     "four soldiers, the defence ministry said."},
    {"b1", "2021-11-07", NULL,
     "BASRA (AFP) - Gunmen attacked a police station in Basra on Sunday, "
     "killing two policemen."},
    {"q1", "2021-11-07", NULL,
     "BAGHDAD (AFP) - Hundreds of supporters of armed factions protested in "
     "Baghdad on Sunday against the election results."},
};
#define NCORPUS ((int)DL_COUNTOF(corpus))

static void put(dl_store *st, const art *a, dl_put want) {
  dl_article x;
  memset(&x, 0, sizeof x);
  x.id = a->id;
  x.id_len = strlen(a->id);
  x.date = a->date;
  x.date_len = strlen(a->date);
  x.url = a->url;
  x.url_len = a->url ? strlen(a->url) : 0;
  x.text = a->text;
  x.text_len = strlen(a->text);
  assert_int_equal(dl_doc_code(tu_doc, &x), DL_OK);
  dl_put res;
  assert_int_equal(dl_store_put(st, tu_doc, &res), DL_OK);
  assert_int_equal(res, want);
}

/* The partition: one line per incident, its sorted "article/vN" members,
** lines sorted (malloc'd). */
static char *partition(const char *db) {
  sqlite3 *h;
  sqlite3_stmt *s;
  assert_int_equal(sqlite3_open_v2(db, &h, SQLITE_OPEN_READONLY, NULL),
                   SQLITE_OK);
  assert_int_equal(
      sqlite3_prepare_v2(h,
                         "SELECT g FROM (SELECT group_concat(m, ' ') AS g FROM"
                         " (SELECT e.incident AS i, a.id || '/v' || e.n AS m"
                         " FROM events e JOIN articles a ON a.aid = e.aid"
                         " WHERE e.incident IS NOT NULL ORDER BY i, m)"
                         " GROUP BY i) ORDER BY g",
                         -1, &s, NULL),
      SQLITE_OK);
  size_t cap = 4096, n = 0;
  char *out = malloc(cap);
  out[0] = '\0';
  while (sqlite3_step(s) == SQLITE_ROW) {
    const char *g = (const char *)sqlite3_column_text(s, 0);
    size_t k = strlen(g);
    while (n + k + 2 > cap)
      out = realloc(out, cap *= 2);
    memcpy(out + n, g, k);
    n += k;
    out[n++] = '\n';
    out[n] = '\0';
  }
  sqlite3_finalize(s);
  sqlite3_close(h);
  return out;
}

typedef struct found {
  int n;
  dl_incident_row r;    /* the incident holding 'want' */
  const char *want;     /* an article id */
  char articles[256];   /* its articles, ';'-joined */
  char vias[256];       /* article:via of its reports */
} found;

static int on_inc(void *ud, const dl_incident_row *r) {
  found *f = ud;
  f->n++;
  bool has = false;
  for (size_t i = 0; i < r->nreports; i++)
    has |= !strcmp(r->reports[i].article, f->want);
  if (!has)
    return 0;
  f->r = *r;
  f->articles[0] = f->vias[0] = '\0';
  for (size_t i = 0; i < r->nreports; i++) {
    size_t k = strlen(f->vias);
    snprintf(f->vias + k, sizeof f->vias - k, "%s:%s;", r->reports[i].article,
             r->reports[i].via);
    char needle[64];
    snprintf(needle, sizeof needle, "%s;", r->reports[i].article);
    if (!strstr(f->articles, needle)) {
      k = strlen(f->articles);
      snprintf(f->articles + k, sizeof f->articles - k, "%s", needle);
    }
  }
  f->r.reports = NULL; /* borrowed: gone after the callback */
  f->r.family = f->r.first_day = f->r.last_day = NULL;
  f->r.place = f->r.country = f->r.admin1 = NULL;
  return 0;
}

static found incident_of(dl_store *st, const char *article) {
  found f;
  memset(&f, 0, sizeof f);
  f.want = article;
  dl_query q;
  memset(&q, 0, sizeof q);
  assert_int_equal(dl_store_incidents(st, &q, on_inc, &f), DL_OK);
  return f;
}

static void formed(void **state) {
  (void)state;
  dl_store *st = fresh("a.db");
  for (int i = 0; i < NCORPUS; i++)
    put(st, &corpus[i], DL_PUT_NEW);
  found f = incident_of(st, "r1");
  assert_int_equal(f.n, 6); /* attack, Paris protest and arrests, Kabul,
                               Basra, Baghdad protest */
  assert_string_equal(f.articles, "p1;r1;r1-copy;late;");
  assert_int_equal(f.r.articles, 4);
  assert_int_equal(f.r.sources, 4);
  assert_true(f.r.mentions >= 4);
  /* reports disagree: 6 (AP) vs 7 (Reuters and its copies) */
  assert_int_equal(f.r.injured[0], 6);
  assert_int_equal(f.r.injured[1], 7);
  assert_int_equal(f.r.injured[2], 7);
  assert_int_equal(f.r.killed[0], -1);
  assert_true(f.r.has_geo);
  assert_true(strstr(f.vias, "late:twin;") != NULL);
  assert_true(strstr(f.vias, "p1:match;") != NULL);
  /* unrelated events stay apart */
  found k = incident_of(st, "k1");
  assert_string_equal(k.articles, "k1;");
  assert_int_equal(k.r.killed[2], 4);
  found b = incident_of(st, "b1"); /* Basra: 450 km from Baghdad */
  assert_string_equal(b.articles, "b1;");
  found q = incident_of(st, "q1"); /* another family the same day */
  assert_string_equal(q.articles, "q1;");
  assert_int_not_equal(q.r.id, f.r.id);
  /* filters */
  dl_query qq;
  memset(&qq, 0, sizeof qq);
  qq.root = "18";
  found g;
  memset(&g, 0, sizeof g);
  g.want = "r1";
  assert_int_equal(dl_store_incidents(st, &qq, on_inc, &g), DL_OK);
  assert_int_equal(g.n, 3);
  qq.root = "protest";
  qq.country = "IQ";
  memset(&g, 0, sizeof g);
  g.want = "q1";
  assert_int_equal(dl_store_incidents(st, &qq, on_inc, &g), DL_OK);
  assert_int_equal(g.n, 1);
  memset(&qq, 0, sizeof qq);
  qq.near = 1;
  qq.lat = 33.3;
  qq.lon = 44.4;
  qq.km = 50;
  memset(&g, 0, sizeof g);
  g.want = "r1";
  assert_int_equal(dl_store_incidents(st, &qq, on_inc, &g), DL_OK);
  assert_int_equal(g.n, 2);
  /* each event carries its incident */
  memset(&qq, 0, sizeof qq);
  qq.incident = f.r.id;
  memset(&g, 0, sizeof g);
  g.want = "r1";
  assert_int_equal(dl_store_incidents(st, &qq, on_inc, &g), DL_OK);
  assert_int_equal(g.n, 1);
  dl_store_close(st);
}

static void order_independent(void **state) {
  (void)state;
  dl_store *st = fresh("fwd.db");
  for (int i = 0; i < NCORPUS; i++)
    put(st, &corpus[i], DL_PUT_NEW);
  dl_store_close(st);
  st = fresh("rev.db");
  for (int i = NCORPUS - 1; i >= 0; i--)
    put(st, &corpus[i], DL_PUT_NEW);
  dl_store_close(st);
  st = fresh("odd.db"); /* odd ones first, in one batch */
  assert_int_equal(dl_store_begin(st), DL_OK);
  for (int i = 1; i < NCORPUS; i += 2)
    put(st, &corpus[i], DL_PUT_NEW);
  for (int i = 0; i < NCORPUS; i += 2)
    put(st, &corpus[i], DL_PUT_NEW);
  assert_int_equal(dl_store_commit(st), DL_OK);
  char *fwd = partition(path("fwd.db"));
  char *rev = partition(path("rev.db"));
  char *odd = partition(path("odd.db"));
  assert_true(strstr(fwd, "p1/v1") && strstr(fwd, "late/v1"));
  assert_string_equal(fwd, rev);
  assert_string_equal(fwd, odd);
  /* a rebuild gives the same */
  assert_int_equal(dl_store_rebuild_incidents(st), DL_OK);
  char *reb = partition(path("odd.db"));
  assert_string_equal(fwd, reb);
  dl_store_close(st);
  /* shards: the even and the odd articles, merged */
  st = fresh("s1.db");
  for (int i = 0; i < NCORPUS; i += 2)
    put(st, &corpus[i], DL_PUT_NEW);
  dl_store_close(st);
  st = fresh("s2.db");
  for (int i = 1; i < NCORPUS; i += 2)
    put(st, &corpus[i], DL_PUT_NEW);
  put(st, &corpus[0], DL_PUT_NEW); /* in both shards */
  dl_store_close(st);
  st = fresh("m.db");
  dl_merge_stats ms;
  assert_int_equal(dl_store_merge(st, path("s1.db"), &ms), DL_OK);
  assert_int_equal(ms.added, (NCORPUS + 1) / 2);
  assert_int_equal(dl_store_merge(st, path("s2.db"), &ms), DL_OK);
  assert_int_equal(ms.added, NCORPUS / 2);
  assert_int_equal(ms.unchanged, 1);
  assert_int_equal(dl_store_merge(st, path("s2.db"), &ms), DL_OK);
  assert_int_equal(ms.added, 0);
  assert_int_equal(dl_store_merge(st, path("nope.db"), &ms), DL_E_IO);
  assert_int_equal(access(path("nope.db"), F_OK), -1);
  assert_int_equal(dl_store_rebuild_incidents(st), DL_OK);
  char *mer = partition(path("m.db"));
  assert_string_equal(fwd, mer);
  found f = incident_of(st, "r1");
  assert_int_equal(f.r.injured[0], 6);
  assert_int_equal(f.r.injured[2], 7);
  assert_int_equal(f.r.sources, 4);
  dl_store_close(st);
  free(fwd);
  free(rev);
  free(odd);
  free(reb);
  free(mer);
}

static void reingest_changed(void **state) {
  (void)state;
  dl_store *st = fresh("c.db");
  for (int i = 0; i < NCORPUS; i++)
    put(st, &corpus[i], DL_PUT_NEW);
  put(st, &corpus[1], DL_PUT_UNCHANGED);
  /* the AP story corrected: now about the Basra attack */
  art p1 = {"p1", "2021-11-07", "https://apnews.com/p1",
            "BASRA (AP) - Gunmen attacked a police station in Basra on "
            "Sunday, killing three policemen, officials said."};
  put(st, &p1, DL_PUT_REPLACED);
  found f = incident_of(st, "r1");
  assert_string_equal(f.articles, "r1;r1-copy;late;");
  assert_int_equal(f.r.injured[0], 7); /* the 6 went with the old text */
  assert_int_equal(f.r.injured[1], 7);
  found b = incident_of(st, "b1");
  assert_string_equal(b.articles, "b1;p1;");
  assert_int_equal(b.r.killed[0], 2);
  assert_int_equal(b.r.killed[1], 3);
  /* the same as a store that only ever saw the new text */
  dl_store *o = fresh("c2.db");
  for (int i = 0; i < NCORPUS; i++)
    put(o, i == 1 ? &p1 : &corpus[i], DL_PUT_NEW);
  dl_store_close(o);
  char *a = partition(path("c.db"));
  char *c = partition(path("c2.db"));
  assert_string_equal(a, c);
  free(a);
  free(c);
  /* the bridge goes: 'late' joined only through r1's copies */
  art r1 = {"r1", "2021-11-08", NULL,
            "Markets in Tokyo closed higher on Monday after a quiet session."};
  put(st, &r1, DL_PUT_REPLACED);
  art cp = corpus[2];
  cp.text = "Shares of carmakers rose in Frankfurt on Monday.";
  put(st, &cp, DL_PUT_REPLACED);
  found l = incident_of(st, "late");
  assert_string_equal(l.articles, "late;");
  int64_t empty = -1;
  sqlite3 *h;
  sqlite3_stmt *s;
  assert_int_equal(sqlite3_open(path("c.db"), &h), SQLITE_OK);
  assert_int_equal(sqlite3_prepare_v2(h, "SELECT count(*) FROM incidents i"
                                         " WHERE NOT EXISTS (SELECT 1 FROM"
                                         " events e WHERE e.incident = i.iid)",
                                      -1, &s, NULL), SQLITE_OK);
  if (sqlite3_step(s) == SQLITE_ROW)
    empty = sqlite3_column_int64(s, 0);
  sqlite3_finalize(s);
  sqlite3_close(h);
  assert_int_equal(empty, 0); /* empty incidents are dropped */
  dl_store_close(st);
}

static int64_t count_of(const char *db, const char *sql) {
  sqlite3 *h;
  sqlite3_stmt *s;
  int64_t v = -1;
  assert_int_equal(sqlite3_open(db, &h), SQLITE_OK);
  assert_int_equal(sqlite3_prepare_v2(h, sql, -1, &s, NULL), SQLITE_OK);
  if (sqlite3_step(s) == SQLITE_ROW)
    v = sqlite3_column_int64(s, 0);
  sqlite3_finalize(s);
  sqlite3_close(h);
  return v;
}

static void migrate_v1(void **state) {
  (void)state;
  dl_store *st = fresh("v1.db");
  for (int i = 0; i < NCORPUS; i++)
    put(st, &corpus[i], DL_PUT_NEW);
  dl_store_close(st);
  char *want = partition(path("v1.db"));
  /* back to the v1 schema: what v2 added goes */
  sqlite3 *h;
  assert_int_equal(sqlite3_open(path("v1.db"), &h), SQLITE_OK);
  assert_int_equal(
      sqlite3_exec(h,
                   "DROP INDEX events_incident;"
                   "DROP TABLE article_sigs; DROP TABLE lsh;"
                   "DROP TABLE incidents; DROP TABLE incident_reports;"
                   "DROP TABLE incident_keys; DROP TABLE incident_stats;"
                   "ALTER TABLE events DROP COLUMN incident;"
                   "ALTER TABLE events DROP COLUMN family;"
                   "ALTER TABLE events DROP COLUMN admin1;"
                   "ALTER TABLE events DROP COLUMN place_kind;"
                   "PRAGMA user_version = 1;",
                   NULL, NULL, NULL),
      SQLITE_OK);
  sqlite3_close(h);
  assert_int_equal(count_of(path("v1.db"), "PRAGMA user_version"), 1);
  /* read-only: refused with a hint */
  assert_int_equal(dl_store_open(path("v1.db"), DL_STORE_READONLY, &st),
                   DL_E_DATA);
  assert_non_null(strstr(dl_store_errmsg(st), "migrating"));
  dl_store_close(st);
  /* read-write: migrated in place, incidents built */
  assert_int_equal(dl_store_open(path("v1.db"), DL_STORE_READWRITE, &st),
                   DL_OK);
  dl_store_close(st);
  assert_int_equal(count_of(path("v1.db"), "PRAGMA user_version"), 4);
  assert_int_equal(count_of(path("v1.db"), "SELECT count(*) FROM articles"),
                   NCORPUS);
  assert_int_equal(
      count_of(path("v1.db"), "SELECT count(*) FROM article_sigs"), NCORPUS);
  char *got = partition(path("v1.db"));
  /* v1 rows lack admin1 and place kind: same here, all places are cities */
  assert_string_equal(want, got);
  free(want);
  free(got);
  /* and a v1 shard merges into a v2 store */
  st = fresh("m1.db");
  assert_int_equal(dl_store_merge(st, path("v1.db"), NULL), DL_OK);
  assert_int_equal(dl_store_rebuild_incidents(st), DL_OK);
  dl_store_close(st);
  assert_int_equal(count_of(path("m1.db"), "SELECT count(*) FROM incidents"),
                   count_of(path("v1.db"), "SELECT count(*) FROM incidents"));
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(formed),
      cmocka_unit_test(order_independent),
      cmocka_unit_test(reingest_changed),
      cmocka_unit_test(migrate_v1),
  };
  return cmocka_run_group_tests(tests, setup, teardown);
}
