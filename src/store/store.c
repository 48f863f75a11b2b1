/*
** store.c: the SQLite sink at the end of the pipeline (DESIGN.md "store").
** Writes coded documents into an embedded database (one row per article,
** entity, mention, event, casualty, quote and time; FTS5 over title and
** text), idempotently, and answers the event queries of 'dateline query'.
** Every value reaches SQL as a bound parameter; statements are cached.
*/
#include "storeint.h"

#include <assert.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#define DL_APPID 0x444c4e45   /* PRAGMA application_id: "DLNE" */

/* Schema migrations: migrations[i] takes user_version i to i + 1. Append;
** never edit a released one. */
static const char *const migrations[] = {
    /* v1 */
    "CREATE TABLE articles("
    " aid INTEGER PRIMARY KEY,"        /* row id, the children's key */
    " id TEXT NOT NULL UNIQUE,"        /* the record's id */
    " date TEXT, title TEXT, url TEXT,"
    " text TEXT NOT NULL,"
    " text_hash INTEGER NOT NULL,"     /* FNV-1a 64 of 'text' */
    " record TEXT NOT NULL,"           /* the JSON record (SCHEMA.md) */
    " tone REAL,"
    " ingested TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now')));"
    "CREATE INDEX articles_date ON articles(date);"
    "CREATE VIRTUAL TABLE articles_fts USING fts5(title, text,"
    " content='articles', content_rowid='aid');"
    "CREATE TRIGGER articles_ai AFTER INSERT ON articles BEGIN"
    " INSERT INTO articles_fts(rowid, title, text)"
    " VALUES (new.aid, new.title, new.text); END;"
    "CREATE TRIGGER articles_ad AFTER DELETE ON articles BEGIN"
    " INSERT INTO articles_fts(articles_fts, rowid, title, text)"
    " VALUES ('delete', old.aid, old.title, old.text); END;"
    "CREATE TABLE entities("
    " aid INTEGER NOT NULL REFERENCES articles ON DELETE CASCADE,"
    " n INTEGER NOT NULL,"             /* 'e<n>' in the record */
    " type TEXT NOT NULL, name TEXT NOT NULL, title TEXT,"
    " actor_code TEXT, actor_country TEXT, actor_role TEXT,"
    " place_name TEXT, geonameid INTEGER, lat REAL, lon REAL,"
    " country TEXT, admin1 TEXT, place_kind TEXT,"
    " PRIMARY KEY(aid, n));"
    "CREATE INDEX entities_name ON entities(name);"
    "CREATE INDEX entities_actor ON entities(actor_code);"
    "CREATE TABLE mentions("
    " aid INTEGER NOT NULL REFERENCES articles ON DELETE CASCADE,"
    " entity INTEGER NOT NULL, span_s INTEGER NOT NULL,"
    " span_e INTEGER NOT NULL,"
    " PRIMARY KEY(aid, entity, span_s));"
    "CREATE TABLE events("
    " aid INTEGER NOT NULL REFERENCES articles ON DELETE CASCADE,"
    " n INTEGER NOT NULL,"             /* 'v<n>' in the record */
    " sentence INTEGER, trigger TEXT, span_s INTEGER, span_e INTEGER,"
    " cameo TEXT, root TEXT, quad_class INTEGER, goldstein REAL,"
    " plover TEXT,"
    " source_entity INTEGER, source_text TEXT, source_code TEXT,"
    " source_country TEXT,"
    " target_entity INTEGER, target_text TEXT, target_code TEXT,"
    " target_country TEXT,"
    " date TEXT,"                      /* TIMEX3 as in the record */
    " day TEXT,"                       /* full event date, else article's */
    " place_name TEXT, geonameid INTEGER, lat REAL, lon REAL,"
    " country TEXT,"                   /* ISO alpha-2 of the place */
    " modality TEXT NOT NULL,"
    " killed INTEGER, injured INTEGER, arrested INTEGER, rule TEXT,"
    " PRIMARY KEY(aid, n));"
    "CREATE INDEX events_day ON events(day);"
    "CREATE INDEX events_root ON events(root, day);"
    "CREATE INDEX events_cameo ON events(cameo);"
    "CREATE INDEX events_plover ON events(plover);"
    "CREATE INDEX events_source ON events(source_code);"
    "CREATE INDEX events_target ON events(target_code);"
    "CREATE INDEX events_country ON events(country);"
    "CREATE INDEX events_scountry ON events(source_country);"
    "CREATE INDEX events_tcountry ON events(target_country);"
    "CREATE INDEX events_geo ON events(lat, lon);"
    "CREATE TABLE casualties("
    " aid INTEGER NOT NULL REFERENCES articles ON DELETE CASCADE,"
    " n INTEGER NOT NULL, kind TEXT NOT NULL, count INTEGER,"
    " approximate INTEGER NOT NULL, text TEXT, who TEXT,"
    " sentence INTEGER, span_s INTEGER, span_e INTEGER,"
    " negated INTEGER NOT NULL, event INTEGER,"
    " PRIMARY KEY(aid, n));"
    "CREATE TABLE quotes("
    " aid INTEGER NOT NULL REFERENCES articles ON DELETE CASCADE,"
    " n INTEGER NOT NULL, text TEXT, span_s INTEGER, span_e INTEGER,"
    " kind TEXT NOT NULL, speaker_entity INTEGER, speaker_text TEXT,"
    " cue TEXT, sentence INTEGER,"
    " PRIMARY KEY(aid, n));"
    "CREATE TABLE times("
    " aid INTEGER NOT NULL REFERENCES articles ON DELETE CASCADE,"
    " n INTEGER NOT NULL, text TEXT, span_s INTEGER, span_e INTEGER,"
    " type TEXT NOT NULL, value TEXT, anchor TEXT NOT NULL,"
    " PRIMARY KEY(aid, n));"
    "CREATE INDEX times_value ON times(value);",
    /* v2: incidents (README "Incidents"). Events get their incident, the
    ** family their root belongs to and the place's admin1 and kind; each
    ** article a MinHash signature and its outlet, banded into 'lsh'. */
    "ALTER TABLE events ADD COLUMN incident INTEGER;" /* incidents.iid */
    "ALTER TABLE events ADD COLUMN family TEXT;"
    "ALTER TABLE events ADD COLUMN admin1 TEXT;"
    "ALTER TABLE events ADD COLUMN place_kind TEXT;"
    "UPDATE events SET family = " DLST_FAMILY_SQL ";"
    /* covering the incident candidate filter (incident.c 'attach') */
    "CREATE INDEX events_family ON events(family, day, incident, country,"
    " lat, lon, admin1, source_code, target_code);"
    "CREATE INDEX events_incident ON events(incident);"
    "CREATE TABLE article_sigs("
    " aid INTEGER PRIMARY KEY REFERENCES articles ON DELETE CASCADE,"
    " source TEXT,"                    /* outlet: URL host or agency */
    " minhash BLOB);"                  /* NULL: text too short */
    "CREATE TABLE lsh("                /* MinHash bands: key = band, hash */
    " key INTEGER NOT NULL, aid INTEGER NOT NULL,"
    " PRIMARY KEY(key, aid)) WITHOUT ROWID;"
    "CREATE TABLE incidents("
    " iid INTEGER PRIMARY KEY,"
    " family TEXT NOT NULL,"           /* root family, 'violence' */
    " first_day TEXT, last_day TEXT,"
    " place_name TEXT, lat REAL, lon REAL, country TEXT, admin1 TEXT,"
    " mentions INTEGER NOT NULL DEFAULT 0,"  /* events */
    " articles INTEGER NOT NULL DEFAULT 0,"
    " sources INTEGER NOT NULL DEFAULT 0,"   /* distinct outlets */
    " killed_min INTEGER, killed_max INTEGER, killed_mode INTEGER,"
    " injured_min INTEGER, injured_max INTEGER, injured_mode INTEGER,"
    " arrested_min INTEGER, arrested_max INTEGER, arrested_mode INTEGER);"
    "CREATE INDEX incidents_day ON incidents(first_day);"
    "CREATE INDEX incidents_geo ON incidents(lat, lon);"
    "CREATE TABLE incident_reports("
    " aid INTEGER NOT NULL REFERENCES articles ON DELETE CASCADE,"
    " n INTEGER NOT NULL,"             /* the event 'v<n>' */
    " iid INTEGER NOT NULL,"
    " via TEXT NOT NULL,"              /* 'match' or 'twin' */
    " killed INTEGER, injured INTEGER, arrested INTEGER," /* its figures */
    " PRIMARY KEY(aid, n));"
    "CREATE INDEX incident_reports_iid ON incident_reports(iid);",
    /* v3: what keeps clustering cost per event bounded (incident.c):
    ** per incident, its distinct match keys (the candidate scan reads
    ** these, not every event) and running counts (articles with their
    ** figures, outlets, places, figure values) for incremental aggregates */
    "CREATE TABLE incident_keys("
    " family TEXT, day TEXT, country TEXT, lat REAL, lon REAL, admin1 TEXT,"
    " place_kind TEXT, source_code TEXT, target_code TEXT,"
    " incident INTEGER NOT NULL, k TEXT NOT NULL,"
    " PRIMARY KEY(incident, k)) WITHOUT ROWID;"
    "CREATE INDEX incident_keys_cand ON incident_keys(family, day, country,"
    " lat, lon, admin1, source_code, target_code);"
    "CREATE TABLE incident_stats("
    " iid INTEGER NOT NULL, kind INTEGER NOT NULL," /* 0 article, 1 outlet, */
    " k NOT NULL, n INTEGER NOT NULL,"  /* 2 place, 3-5 killed/inj./arr. */
    " f1, f2, f3, f4, f5,"              /* article: figures; place: columns */
    " PRIMARY KEY(iid, kind, k)) WITHOUT ROWID;",
    /* v4: the candidate scan reads incident_keys since v3, so v2's wide
    ** events_family index only cost every event insert and every move of
    ** an event between incidents (ingest 15% faster without it) */
    "DROP INDEX IF EXISTS events_family;"};
#define SCHEMA_VERSION ((int)DL_COUNTOF(migrations))

/* Cached statements. */
enum {
  S_SAVEPOINT, S_RELEASE, S_ROLLBACK_TO, S_LOOKUP, S_DELETE, S_ART, S_ENT,
  S_MEN, S_EVT, S_CAS, S_QUO, S_TIM, S_N
};
static_assert((int)S_N <= (int)DLST_CORE, "store.c's statement slots");
static const char *const stmt_sql[S_N] = {
    "SAVEPOINT dl_put",
    "RELEASE dl_put",
    "ROLLBACK TO dl_put",
    "SELECT aid, text_hash FROM articles WHERE id = ?1",
    "DELETE FROM articles WHERE aid = ?1",
    "INSERT INTO articles(id, date, title, url, text, text_hash, record, tone)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    "INSERT INTO entities VALUES"
    " (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)",
    "INSERT OR IGNORE INTO mentions VALUES (?1, ?2, ?3, ?4)",
    "INSERT INTO events VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10,"
    " ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22, ?23, ?24,"
    " ?25, ?26, ?27, ?28, ?29, ?30, ?31, NULL, ?32, ?33, ?34)",
    "INSERT INTO casualties VALUES"
    " (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
    "INSERT INTO quotes VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
    "INSERT INTO times VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
};


void dlst_errf(dl_store *st, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(st->errmsg, sizeof st->errmsg, fmt, ap);
  va_end(ap);
}

/* Record SQLite's last error as "PATH: message"; the status for 'rc'. */
dl_status dlst_sqlerr(dl_store *st, int rc) {
  dlst_errf(st, "%s: %s", st->path, st->db ? sqlite3_errmsg(st->db)
                                      : sqlite3_errstr(rc));
  switch (rc & 0xff) {
  case SQLITE_NOMEM: return DL_E_NOMEM;
  case SQLITE_NOTADB: case SQLITE_CORRUPT: case SQLITE_FORMAT:
    return DL_E_DATA;
  case SQLITE_TOOBIG: return DL_E_TOOBIG;
  default: return DL_E_IO;
  }
}

dl_status dlst_exec(dl_store *st, const char *sql) {
  int rc = sqlite3_exec(st->db, sql, NULL, NULL, NULL);
  return rc == SQLITE_OK ? DL_OK : dlst_sqlerr(st, rc);
}

sqlite3_stmt *dlst_stmt(dl_store *st, int i, const char *sql) {
  assert(i >= 0 && i < DLST_MAX);
  if (!st->stmt[i] &&
      sqlite3_prepare_v3(st->db, sql, -1, SQLITE_PREPARE_PERSISTENT,
                         &st->stmt[i], NULL) != SQLITE_OK)
    return NULL;
  sqlite3_reset(st->stmt[i]);
  sqlite3_clear_bindings(st->stmt[i]);
  return st->stmt[i];
}

static sqlite3_stmt *stmt(dl_store *st, int i) {
  return dlst_stmt(st, i, stmt_sql[i]);
}

/* Step a write statement to its end; DL_OK or the error. */
dl_status dlst_run(dl_store *st, sqlite3_stmt *s) {
  int rc = sqlite3_step(s);
  sqlite3_reset(s);
  return rc == SQLITE_DONE || rc == SQLITE_ROW ? DL_OK : dlst_sqlerr(st, rc);
}

/* Great-circle distance in km: dl_km(lat1, lon1, lat2, lon2). */
double dlst_km(double la1, double lo1, double la2, double lo2) {
  const double r = M_PI / 180.0;
  double dla = (la2 - la1) * r, dlo = (lo2 - lo1) * r;
  double h = sin(dla / 2) * sin(dla / 2) +
             cos(la1 * r) * cos(la2 * r) * sin(dlo / 2) * sin(dlo / 2);
  return 2.0 * 6371.0088 * asin(sqrt(h < 1.0 ? h : 1.0));
}

static void sql_km(sqlite3_context *cx, int argc, sqlite3_value **av) {
  for (int i = 0; i < argc; i++)
    if (sqlite3_value_type(av[i]) == SQLITE_NULL) {
      sqlite3_result_null(cx);
      return;
    }
  sqlite3_result_double(
      cx, dlst_km(sqlite3_value_double(av[0]), sqlite3_value_double(av[1]),
                    sqlite3_value_double(av[2]), sqlite3_value_double(av[3])));
}

/* One integer from a PRAGMA or query; DL_OK and *v, or the error. */
static dl_status int_of(dl_store *st, const char *sql, int64_t *v) {
  sqlite3_stmt *s;
  int rc = sqlite3_prepare_v2(st->db, sql, -1, &s, NULL);
  if (rc != SQLITE_OK)
    return dlst_sqlerr(st, rc);
  rc = sqlite3_step(s);
  *v = rc == SQLITE_ROW ? sqlite3_column_int64(s, 0) : 0;
  sqlite3_finalize(s);
  return rc == SQLITE_ROW || rc == SQLITE_DONE ? DL_OK : dlst_sqlerr(st, rc);
}

/* Bring the schema from 'from' to SCHEMA_VERSION, one transaction each. */
static dl_status migrate(dl_store *st, int from) {
  if (from >= 1 && from < 3) /* v1: no incidents; v2: no incident_stats */
    st->rebuild = true;
  for (int v = from; v < SCHEMA_VERSION; v++) {
    char tail[96];
    snprintf(tail, sizeof tail,
             "PRAGMA user_version = %d; PRAGMA application_id = %d;", v + 1,
             DL_APPID);
    dl_status s = dlst_exec(st, "BEGIN IMMEDIATE");
    if (s == DL_OK)
      s = dlst_exec(st, migrations[v]);
    if (s == DL_OK)
      s = dlst_exec(st, tail);
    if (s == DL_OK)
      s = dlst_exec(st, "COMMIT");
    if (s != DL_OK) {
      char keep[sizeof st->errmsg];
      memcpy(keep, st->errmsg, sizeof keep);
      sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
      memcpy(st->errmsg, keep, sizeof keep);
      return s;
    }
  }
  return DL_OK;
}

/* Is this file ours, and at which version? Creates or migrates it when
** writable. */
static dl_status check_schema(dl_store *st) {
  int64_t appid, ver, objects;
  dl_status s = int_of(st, "PRAGMA application_id", &appid);
  if (s == DL_OK)
    s = int_of(st, "PRAGMA user_version", &ver);
  if (s == DL_OK)
    s = int_of(st, "SELECT count(*) FROM sqlite_master", &objects);
  if (s != DL_OK)
    return s;
  if (appid != DL_APPID) {
    if (appid == 0 && ver == 0 && objects == 0 && !st->readonly)
      return migrate(st, 0);
    dlst_errf(st, "%s: not a dateline database", st->path);
    return DL_E_DATA;
  }
  if (ver > SCHEMA_VERSION) {
    dlst_errf(st, "%s: schema version %lld is newer than this dateline's (%d)",
         st->path, (long long)ver, SCHEMA_VERSION);
    return DL_E_DATA;
  }
  if (ver < SCHEMA_VERSION) {
    if (st->readonly) {
      dlst_errf(st, "%s: schema version %lld needs migrating to %d: open it "
               "read-write (dateline ingest) once", st->path, (long long)ver,
           SCHEMA_VERSION);
      return DL_E_DATA;
    }
    return migrate(st, (int)ver);
  }
  return DL_OK;
}

dl_status dl_store_open(const char *path, unsigned flags, dl_store **out) {
  if (!out)
    return DL_E_INVAL;
  *out = NULL;
  if (!path)
    return DL_E_INVAL;
  dl_store *st = calloc(1, sizeof *st);
  if (!st)
    return DL_E_NOMEM;
  *out = st;
  size_t n = strlen(path);
  st->path = malloc(n + 1);
  if (!st->path) {
    dlst_errf(st, "out of memory");
    return DL_E_NOMEM;
  }
  memcpy(st->path, path, n + 1);
  st->readonly = !(flags & DL_STORE_READWRITE);
  int oflags = st->readonly ? SQLITE_OPEN_READONLY
                            : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
  int rc = sqlite3_open_v2(path, &st->db, oflags | SQLITE_OPEN_NOMUTEX, NULL);
  if (rc != SQLITE_OK)
    return dlst_sqlerr(st, rc);
  sqlite3_extended_result_codes(st->db, 1);
  sqlite3_busy_timeout(st->db, 10000);
  /* Reading the header first turns a foreign file into a clear error. */
  dl_status s = check_schema(st);
  if (s != DL_OK)
    return s;
  if (!st->readonly) {
    /* 32 MiB of cache: the indexes stay hot. Temporary files in memory:
    ** inside a batch every statement that rewrites pages keeps a statement
    ** journal of them, and on disk that was hundreds of small writes an
    ** article (a third of ingest's time) */
    s = dlst_exec(st, "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;"
                 " PRAGMA cache_size = -32768; PRAGMA temp_store = MEMORY");
    if (s != DL_OK)
      return s;
  }
  s = dlst_exec(st, "PRAGMA foreign_keys = ON");
  if (s != DL_OK)
    return s;
  rc = sqlite3_create_function(st->db, "dl_km", 4,
                               SQLITE_UTF8 | SQLITE_DETERMINISTIC, NULL,
                               sql_km, NULL, NULL);
  if (rc != SQLITE_OK)
    return dlst_sqlerr(st, rc);
  if (st->rebuild) /* just migrated from v1: cluster what is stored */
    s = dl_store_rebuild_incidents(st);
  st->rebuild = false;
  return s;
}

void dl_store_close(dl_store *st) {
  if (!st)
    return;
  for (int i = 0; i < DLST_MAX; i++)
    sqlite3_finalize(st->stmt[i]);
  free(st->dirty.v);
  free(st->reuse.v);
  if (st->db) {
    if (st->in_tx)
      sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
    sqlite3_close_v2(st->db);
  }
  free(st->path);
  free(st);
}

const char *dl_store_errmsg(const dl_store *st) {
  return st ? st->errmsg : "no store";
}

dl_status dl_store_begin(dl_store *st) {
  if (!st || !st->db || st->in_tx)
    return DL_E_INVAL;
  dl_status s = dlst_exec(st, "BEGIN IMMEDIATE");
  st->in_tx = s == DL_OK;
  return s;
}

dl_status dl_store_commit(dl_store *st) {
  if (!st || !st->db || !st->in_tx)
    return DL_E_INVAL;
  dl_status s = dlst_exec(st, "COMMIT");
  if (s == DL_OK || sqlite3_get_autocommit(st->db))
    st->in_tx = false;
  return s;
}

dl_status dl_store_rollback(dl_store *st) {
  if (!st || !st->db || !st->in_tx)
    return DL_E_INVAL;
  st->in_tx = false;
  return dlst_exec(st, "ROLLBACK");
}

/* 64-bit FNV-1a, the article's text hash. */
uint64_t dlst_fnv1a(const char *s, size_t n) {
  uint64_t h = 0xcbf29ce484222325u;
  for (size_t i = 0; i < n; i++) {
    h ^= (unsigned char)s[i];
    h *= 0x100000001b3u;
  }
  return h;
}

static int64_t as_i64(uint64_t h) {
  int64_t v;
  memcpy(&v, &h, sizeof v);
  return v;
}

/* Look 'id' up: *aid (0 = absent) and *hash. */
static dl_status lookup(dl_store *st, const char *id, size_t n, int64_t *aid,
                        int64_t *hash) {
  sqlite3_stmt *s = stmt(st, S_LOOKUP);
  if (!s)
    return dlst_sqlerr(st, sqlite3_errcode(st->db));
  sqlite3_bind_text(s, 1, id, (int)n, SQLITE_STATIC);
  int rc = sqlite3_step(s);
  *aid = 0;
  *hash = 0;
  if (rc == SQLITE_ROW) {
    *aid = sqlite3_column_int64(s, 0);
    *hash = sqlite3_column_int64(s, 1);
  }
  sqlite3_reset(s);
  return rc == SQLITE_ROW || rc == SQLITE_DONE ? DL_OK : dlst_sqlerr(st, rc);
}

dl_status dl_store_has(dl_store *st, const char *id, size_t id_len,
                       const char *text, size_t text_len, int *out) {
  if (!st || !st->db || !id || !out || (!text && text_len) ||
      id_len > INT32_MAX)
    return DL_E_INVAL;
  int64_t aid, hash;
  dl_status s = lookup(st, id, id_len, &aid, &hash);
  *out = s == DL_OK && aid && hash == as_i64(dlst_fnv1a(text, text_len));
  return s;
}

/* Bind helpers: a span of the text, a C string or NULL, a fixed field. */
static void b_span(sqlite3_stmt *s, int i, const dl_doc *d, uint32_t a,
                   uint32_t e) {
  if (e >= a && e <= d->len)
    sqlite3_bind_text(s, i, d->text + a, (int)(e - a), SQLITE_STATIC);
}
static void b_str(sqlite3_stmt *s, int i, const char *p) {
  if (p)
    sqlite3_bind_text(s, i, p, -1, SQLITE_STATIC);
}
static void b_fix(sqlite3_stmt *s, int i, const char *p, size_t cap) {
  size_t n = strnlen(p, cap);
  if (n)
    sqlite3_bind_text(s, i, p, (int)n, SQLITE_STATIC);
}
static void b_ref(sqlite3_stmt *s, int i, int32_t ent) {
  if (ent >= 0)
    sqlite3_bind_int64(s, i, (int64_t)ent + 1);
}
static void b_count(sqlite3_stmt *s, int i, int64_t v) {
  if (v >= 0)
    sqlite3_bind_int64(s, i, v);
}

static const char *const et_names[] = {"PERSON", "ORG", "GPE", "LOC", "NORP"};
static const char *const pk_names[] = {"city", "admin1", "country", "feature"};
static const char *const mod_names[] = {"asserted", "negated", "attempted",
                                        "hedged", "future"};
static const char *const cas_names[] = {"killed", "injured", "arrested",
                                        "missing", "kidnapped", "displaced"};
static const char *const tx_types[] = {"DATE", "TIME", "DURATION", "SET"};
static const char *const tx_anchors[] = {"publication", "absolute", "none"};

/* Bind a place into columns i .. i+3 (name, geonameid, lat, lon); the
** country is bound by the caller. */
static void b_place(sqlite3_stmt *s, int i, const dlplace *p) {
  if (!p->set)
    return;
  b_str(s, i, p->name);
  if (p->geonameid > 0)
    sqlite3_bind_int64(s, i + 1, p->geonameid);
  sqlite3_bind_double(s, i + 2, p->lat);
  sqlite3_bind_double(s, i + 3, p->lon);
}

/* An actor reference into columns i .. i+3 (entity, text, code, country). */
static void b_actref(sqlite3_stmt *s, int i, const dl_doc *d,
                     const dlactref *r) {
  if (!r->set)
    return;
  b_ref(s, i, r->ent);
  if (r->text)
    b_str(s, i + 1, r->text);
  else
    b_span(s, i + 1, d, r->s, r->e);
  b_fix(s, i + 2, r->code, sizeof r->code);
  const char *cc = NULL;
  size_t ccn = 0;
  if (r->ent >= 0 && (uint32_t)r->ent < d->ents.n &&
      d->ents.v[r->ent].has_actor && d->ents.v[r->ent].actor.country[0]) {
    cc = d->ents.v[r->ent].actor.country;
    ccn = strnlen(cc, 4);
  } else if (strnlen(r->code, sizeof r->code) >= 3) {
    cc = r->code; /* a CAMEO code opens with its country */
    ccn = 3;
  }
  if (cc)
    sqlite3_bind_text(s, i + 3, cc, (int)ccn, SQLITE_STATIC);
}

static bool full_date(const char *v) {
  return strnlen(v, 11) == 10 && v[4] == '-' && v[7] == '-' &&
         v[0] >= '0' && v[0] <= '9' && v[9] >= '0' && v[9] <= '9';
}

/* Insert every layer of 'd' under article row 'aid'. */
static dl_status put_layers(dl_store *st, const dl_doc *d, int64_t aid,
                            const char *artdate) {
  dl_status r = DL_OK;
  sqlite3_stmt *s, *m;
  for (uint32_t i = 0; i < d->ents.n && r == DL_OK; i++) {
    const dlentity *e = &d->ents.v[i];
    if (!(s = stmt(st, S_ENT)))
      return dlst_sqlerr(st, sqlite3_errcode(st->db));
    sqlite3_bind_int64(s, 1, aid);
    sqlite3_bind_int64(s, 2, (int64_t)i + 1);
    sqlite3_bind_text(s, 3, et_names[e->type < 5 ? e->type : 0], -1,
                      SQLITE_STATIC);
    sqlite3_bind_text(s, 4, e->name ? e->name : "",
                      e->name ? (int)e->name_len : 0, SQLITE_STATIC);
    if (e->title)
      sqlite3_bind_text(s, 5, e->title, (int)e->title_len, SQLITE_STATIC);
    if (e->has_actor) {
      b_fix(s, 6, e->actor.code, sizeof e->actor.code);
      b_fix(s, 7, e->actor.country, sizeof e->actor.country);
      b_fix(s, 8, e->actor.role, sizeof e->actor.role);
    }
    b_place(s, 9, &e->place);
    if (e->place.set) {
      b_fix(s, 13, e->place.cc, sizeof e->place.cc);
      b_str(s, 14, e->place.admin1);
      b_str(s, 15, pk_names[e->place.kind < 4 ? e->place.kind : 3]);
    }
    r = dlst_run(st, s);
    for (uint32_t k = 0; k < e->mentions.n && r == DL_OK; k++) {
      if (!(m = stmt(st, S_MEN)))
        return dlst_sqlerr(st, sqlite3_errcode(st->db));
      sqlite3_bind_int64(m, 1, aid);
      sqlite3_bind_int64(m, 2, (int64_t)i + 1);
      sqlite3_bind_int64(m, 3, e->mentions.v[k].s);
      sqlite3_bind_int64(m, 4, e->mentions.v[k].e);
      r = dlst_run(st, m);
    }
  }
  for (uint32_t i = 0; i < d->events.n && r == DL_OK; i++) {
    const dlevent *v = &d->events.v[i];
    if (!(s = stmt(st, S_EVT)))
      return dlst_sqlerr(st, sqlite3_errcode(st->db));
    sqlite3_bind_int64(s, 1, aid);
    sqlite3_bind_int64(s, 2, (int64_t)i + 1);
    sqlite3_bind_int64(s, 3, v->sent);
    b_span(s, 4, d, v->s, v->e);
    sqlite3_bind_int64(s, 5, v->s);
    sqlite3_bind_int64(s, 6, v->e);
    b_fix(s, 7, v->cameo, sizeof v->cameo);
    if (strnlen(v->cameo, sizeof v->cameo) >= 2)
      sqlite3_bind_text(s, 8, v->cameo, 2, SQLITE_STATIC);
    if (v->quad)
      sqlite3_bind_int(s, 9, v->quad);
    sqlite3_bind_double(s, 10, (double)v->goldstein);
    b_str(s, 11, v->plover);
    b_actref(s, 12, d, &v->source);
    b_actref(s, 16, d, &v->target);
    b_fix(s, 20, v->date, sizeof v->date);
    if (full_date(v->date))
      sqlite3_bind_text(s, 21, v->date, 10, SQLITE_STATIC);
    else if (artdate)
      sqlite3_bind_text(s, 21, artdate, 10, SQLITE_STATIC);
    b_place(s, 22, &v->place);
    if (v->place.set)
      b_fix(s, 26, v->place.cc, sizeof v->place.cc);
    b_str(s, 27, mod_names[v->modality < 5 ? v->modality : 0]);
    b_count(s, 28, v->killed);
    b_count(s, 29, v->injured);
    b_count(s, 30, v->arrested);
    b_str(s, 31, v->rule);
    if (strnlen(v->cameo, sizeof v->cameo) >= 2)
      b_str(s, 32, dlst_family(v->cameo, 2));
    if (v->place.set) {
      b_str(s, 33, v->place.admin1);
      b_str(s, 34, pk_names[v->place.kind < 4 ? v->place.kind : 3]);
    }
    r = dlst_run(st, s);
  }
  for (uint32_t i = 0; i < d->cas.n && r == DL_OK; i++) {
    const dlcasualty *c = &d->cas.v[i];
    if (!(s = stmt(st, S_CAS)))
      return dlst_sqlerr(st, sqlite3_errcode(st->db));
    sqlite3_bind_int64(s, 1, aid);
    sqlite3_bind_int64(s, 2, (int64_t)i + 1);
    b_str(s, 3, cas_names[c->kind < 6 ? c->kind : 0]);
    b_count(s, 4, c->count);
    sqlite3_bind_int(s, 5, c->approximate);
    b_span(s, 6, d, c->s, c->e);
    if (c->who)
      b_str(s, 7, c->who);
    else if (c->who_e > c->who_s)
      b_span(s, 7, d, c->who_s, c->who_e);
    sqlite3_bind_int64(s, 8, c->sent);
    sqlite3_bind_int64(s, 9, c->s);
    sqlite3_bind_int64(s, 10, c->e);
    sqlite3_bind_int(s, 11, c->negated);
    b_ref(s, 12, c->event);
    r = dlst_run(st, s);
  }
  for (uint32_t i = 0; i < d->quotes.n && r == DL_OK; i++) {
    const dlquote *q = &d->quotes.v[i];
    if (!(s = stmt(st, S_QUO)))
      return dlst_sqlerr(st, sqlite3_errcode(st->db));
    sqlite3_bind_int64(s, 1, aid);
    sqlite3_bind_int64(s, 2, (int64_t)i + 1);
    b_span(s, 3, d, q->s, q->e);
    sqlite3_bind_int64(s, 4, q->s);
    sqlite3_bind_int64(s, 5, q->e);
    b_str(s, 6, q->kind ? "indirect" : "direct");
    if (q->has_speaker) {
      b_ref(s, 7, q->speaker_ent);
      b_span(s, 8, d, q->sp_s, q->sp_e);
    }
    if (q->cue_e > q->cue_s)
      b_span(s, 9, d, q->cue_s, q->cue_e);
    sqlite3_bind_int64(s, 10, q->sent);
    r = dlst_run(st, s);
  }
  for (uint32_t i = 0; i < d->times.n && r == DL_OK; i++) {
    const dltime *t = &d->times.v[i];
    if (!(s = stmt(st, S_TIM)))
      return dlst_sqlerr(st, sqlite3_errcode(st->db));
    sqlite3_bind_int64(s, 1, aid);
    sqlite3_bind_int64(s, 2, (int64_t)i + 1);
    b_span(s, 3, d, t->s, t->e);
    sqlite3_bind_int64(s, 4, t->s);
    sqlite3_bind_int64(s, 5, t->e);
    b_str(s, 6, tx_types[t->type < 4 ? t->type : 0]);
    b_fix(s, 7, t->value, sizeof t->value);
    b_str(s, 8, tx_anchors[t->anchor < 3 ? t->anchor : 2]);
    r = dlst_run(st, s);
  }
  return r;
}

/* The body of dl_store_put, inside the savepoint. */
static dl_status put(dl_store *st, dl_doc *d, dl_put *res) {
  int64_t aid, old;
  int64_t hash = as_i64(dlst_fnv1a(d->text ? d->text : "", d->len));
  dl_status r = lookup(st, d->id, d->id_len, &aid, &old);
  if (r != DL_OK)
    return r;
  if (aid && old == hash) {
    *res = DL_PUT_UNCHANGED;
    return DL_OK;
  }
  *res = aid ? DL_PUT_REPLACED : DL_PUT_NEW;
  sqlite3_stmt *s;
  dlst_ids affected = {0};
  if (aid) { /* children go with it (ON DELETE CASCADE) */
    if ((r = dlst_unlink_article(st, aid, &affected)) != DL_OK) {
      free(affected.v);
      return r;
    }
    if (!(s = stmt(st, S_DELETE))) {
      free(affected.v);
      return dlst_sqlerr(st, sqlite3_errcode(st->db));
    }
    sqlite3_bind_int64(s, 1, aid);
    if ((r = dlst_run(st, s)) == DL_OK) /* its old incidents, without it */
      r = dlst_recluster(st, &affected);
    free(affected.v);
    if (r != DL_OK)
      return r;
  }
  const char *js;
  size_t jn;
  r = dl_doc_json(d, 0, &js, &jn);
  if (r != DL_OK) {
    dlst_errf(st, "%.*s: the record: %s", (int)(d->id_len < 200 ? d->id_len : 200),
         d->id, dl_strerror(r));
    return r;
  }
  if (jn && js[jn - 1] == '\n')
    jn--;
  char date[32];
  if (d->has_date)
    snprintf(date, sizeof date, "%04u-%02u-%02u", (unsigned)d->year % 10000u,
             (unsigned)d->month % 100u, (unsigned)d->day % 100u);
  if (!(s = stmt(st, S_ART)))
    return dlst_sqlerr(st, sqlite3_errcode(st->db));
  sqlite3_bind_text(s, 1, d->id, (int)d->id_len, SQLITE_STATIC);
  if (d->has_date)
    sqlite3_bind_text(s, 2, date, 10, SQLITE_STATIC);
  if (d->title)
    sqlite3_bind_text(s, 3, d->title, (int)d->title_len, SQLITE_STATIC);
  if (d->url)
    sqlite3_bind_text(s, 4, d->url, (int)d->url_len, SQLITE_STATIC);
  sqlite3_bind_text(s, 5, d->text ? d->text : "", (int)d->len, SQLITE_STATIC);
  sqlite3_bind_int64(s, 6, hash);
  sqlite3_bind_text(s, 7, js, (int)jn, SQLITE_STATIC);
  sqlite3_bind_double(s, 8, d->tone.score);
  if ((r = dlst_run(st, s)) != DL_OK)
    return r;
  int64_t naid = sqlite3_last_insert_rowid(st->db);
  r = put_layers(st, d, naid, d->has_date ? date : NULL);
  if (r == DL_OK)
    r = dlst_cluster_article(st, naid, d->text ? d->text : "", d->len,
                             d->url, d->url ? d->url_len : 0);
  return r;
}

dl_status dl_store_put(dl_store *st, dl_doc *d, dl_put *res) {
  dl_put dummy;
  if (!res)
    res = &dummy;
  if (!st || !st->db || !d)
    return DL_E_INVAL;
  if (st->readonly) {
    dlst_errf(st, "%s: opened read-only", st->path);
    return DL_E_INVAL;
  }
  if (d->error || !d->id) {
    dlst_errf(st, "%s", d->error ? d->error : "an article without an id");
    return DL_E_INPUT;
  }
  if (d->len > INT32_MAX || d->id_len > INT32_MAX || d->title_len > INT32_MAX ||
      d->url_len > INT32_MAX) {
    dlst_errf(st, "article too big for the store");
    return DL_E_TOOBIG;
  }
  sqlite3_stmt *sp = stmt(st, S_SAVEPOINT);
  if (!sp)
    return dlst_sqlerr(st, sqlite3_errcode(st->db));
  dl_status r = dlst_run(st, sp);
  if (r != DL_OK)
    return r;
  st->dirty.n = 0;
  r = put(st, d, res);
  if (r == DL_OK && st->oom) {
    dlst_errf(st, "out of memory");
    r = DL_E_NOMEM;
  }
  st->oom = false;
  if (r != DL_OK) { /* undo this article only; the batch goes on */
    char keep[sizeof st->errmsg];
    memcpy(keep, st->errmsg, sizeof keep);
    sqlite3_stmt *rb = stmt(st, S_ROLLBACK_TO);
    if (rb)
      dlst_run(st, rb);
    sqlite3_stmt *rl = stmt(st, S_RELEASE);
    if (rl)
      dlst_run(st, rl);
    memcpy(st->errmsg, keep, sizeof keep);
    return r;
  }
  sqlite3_stmt *rl = stmt(st, S_RELEASE);
  if (!rl)
    return dlst_sqlerr(st, sqlite3_errcode(st->db));
  return dlst_run(st, rl);
}

/* ------------------------------------------------------------------ query */

/* A WHERE clause under construction: fixed SQL fragments only, every value
** a numbered parameter. */
typedef struct qparam {
  int isnum;
  const char *s;  /* text value (owned by the caller or 'buf') */
  double d;
} qparam;

typedef struct qbuild {
  char sql[4096];
  size_t n;
  qparam p[24];
  int np;
  char up[6][32];  /* upper-cased copies of codes */
  int nup;
  bool overflow;
} qbuild;

static void q_put(qbuild *b, const char *s) {
  size_t k = strlen(s);
  if (b->n + k >= sizeof b->sql) {
    b->overflow = true;
    return;
  }
  memcpy(b->sql + b->n, s, k + 1);
  b->n += k;
}

/* Append 'frag' where each '?' becomes the next numbered parameter. */
static int q_param(qbuild *b, const char *s, double d, int isnum) {
  if (b->np >= (int)DL_COUNTOF(b->p)) {
    b->overflow = true;
    return 0;
  }
  b->p[b->np].s = s;
  b->p[b->np].d = d;
  b->p[b->np].isnum = isnum;
  return ++b->np;
}

static void q_cond(qbuild *b, const char *frag, const char *s1,
                   const double *nums, int nnum) {
  q_put(b, b->n ? " AND " : " WHERE ");
  int num_i = 0;
  int str_idx = 0;
  for (const char *c = frag; *c; c++) {
    if (*c == '?' || *c == '#') { /* '?' the string, '#' the next number */
      int idx;
      if (*c == '?') {
        if (!str_idx)
          str_idx = q_param(b, s1, 0, 0);
        idx = str_idx;
      } else {
        idx = q_param(b, NULL, num_i < nnum ? nums[num_i] : 0, 1);
        num_i++;
      }
      char t[16];
      snprintf(t, sizeof t, "?%d", idx);
      q_put(b, t);
    } else {
      char t[2] = {*c, 0};
      q_put(b, t);
    }
  }
}

static const char *upper(qbuild *b, const char *s) {
  if (b->nup >= (int)DL_COUNTOF(b->up) || strlen(s) >= sizeof b->up[0])
    return s;
  char *u = b->up[b->nup++];
  size_t i = 0;
  for (; s[i]; i++)
    u[i] = (s[i] >= 'a' && s[i] <= 'z') ? (char)(s[i] - 32) : s[i];
  u[i] = '\0';
  return u;
}

/* The WHERE clause of 'q' over "events e". */
static void where(qbuild *b, const dl_query *q) {
  b->n = 0;
  b->sql[0] = '\0';
  if (q->actor && *q->actor)
    q_cond(b, "(substr(e.source_code, 1, length(?)) = ? OR "
              "substr(e.target_code, 1, length(?)) = ?)",
           upper(b, q->actor), NULL, 0);
  if (q->country && *q->country) {
    if (strlen(q->country) == 3)
      q_cond(b, "(e.source_country = ? OR e.target_country = ?)",
             upper(b, q->country), NULL, 0);
    else
      q_cond(b, "e.country = ?", upper(b, q->country), NULL, 0);
  }
  if (q->root && *q->root)
    q_cond(b, "e.root = ?", q->root, NULL, 0);
  if (q->cameo && *q->cameo)
    q_cond(b, "e.cameo = ?", q->cameo, NULL, 0);
  if (q->plover && *q->plover)
    q_cond(b, "e.plover = ?", upper(b, q->plover), NULL, 0);
  if (q->since && *q->since)
    q_cond(b, "e.day >= ?", q->since, NULL, 0);
  if (q->until && *q->until)
    q_cond(b, "e.day <= ?", q->until, NULL, 0);
  if (q->modality && *q->modality)
    q_cond(b, "e.modality = ?", q->modality, NULL, 0);
  if (q->text && *q->text)
    q_cond(b, "e.aid IN (SELECT rowid FROM articles_fts WHERE "
              "articles_fts MATCH ?)",
           q->text, NULL, 0);
  if (q->near) {
    double km = q->km > 0 ? q->km : 0;
    double dlat = km / 111.19 + 1e-6;
    double c = cos(q->lat * M_PI / 180.0);
    double box[4] = {q->lat - dlat, q->lat + dlat, 0, 0};
    q_cond(b, "e.lat BETWEEN # AND #", NULL, box, 2);
    if (c > 0.01) { /* no longitude box near the poles */
      double dlon = dlat / c;
      if (q->lon - dlon >= -180.0 && q->lon + dlon <= 180.0) {
        box[0] = q->lon - dlon; /* else it crosses the antimeridian */
        box[1] = q->lon + dlon;
        q_cond(b, "e.lon BETWEEN # AND #", NULL, box, 2);
      }
    }
    double pt[3] = {q->lat, q->lon, km};
    q_cond(b, "dl_km(e.lat, e.lon, #, #) <= #", NULL, pt, 3);
  }
  if (q->incident > 0) {
    double id = (double)q->incident;
    q_cond(b, "e.incident = #", NULL, &id, 1);
  }
}

static dl_status q_prepare(dl_store *st, qbuild *b, const char *head,
                           const char *tail, uint64_t limit,
                           sqlite3_stmt **out) {
  char sql[sizeof b->sql + 1024];
  int k = snprintf(sql, sizeof sql, "%s%s%s", head, b->sql, tail);
  if (b->overflow || k < 0 || (size_t)k >= sizeof sql - 32) {
    dlst_errf(st, "query too long");
    return DL_E_INVAL;
  }
  if (limit) {
    int idx = q_param(b, NULL, 0, 1);
    snprintf(sql + k, sizeof sql - (size_t)k, " LIMIT ?%d", idx);
  }
  int rc = sqlite3_prepare_v2(st->db, sql, -1, out, NULL);
  if (rc != SQLITE_OK)
    return dlst_sqlerr(st, rc);
  for (int i = 0; i < b->np; i++) {
    if (limit && i == b->np - 1)
      sqlite3_bind_int64(*out, i + 1, limit > INT64_MAX ? INT64_MAX
                                                        : (int64_t)limit);
    else if (b->p[i].isnum)
      sqlite3_bind_double(*out, i + 1, b->p[i].d);
    else
      sqlite3_bind_text(*out, i + 1, b->p[i].s, -1, SQLITE_STATIC);
  }
  return DL_OK;
}

/* Finish a query statement; an error in the full-text query (plain
** SQLITE_ERROR: syntax, unterminated string, unknown column) is the
** caller's. */
static dl_status q_finish(dl_store *st, sqlite3_stmt *s, int rc,
                          const dl_query *q) {
  dl_status r = DL_OK;
  if (rc != SQLITE_DONE && rc != SQLITE_ROW) {
    r = dlst_sqlerr(st, rc);
    if (q->text && *q->text && (rc & 0xff) == SQLITE_ERROR) {
      dlst_errf(st, "full-text query '%.200s': %s", q->text,
           sqlite3_errmsg(st->db));
      r = DL_E_INVAL;
    }
  }
  sqlite3_finalize(s);
  return r;
}

static const char *col_s(sqlite3_stmt *s, int i) {
  return (const char *)sqlite3_column_text(s, i);
}

dl_status dl_store_query(dl_store *st, const dl_query *q, dl_event_fn fn,
                         void *ud) {
  if (!st || !st->db || !q || !fn)
    return DL_E_INVAL;
  qbuild b;
  memset(&b, 0, sizeof b);
  where(&b, q);
  sqlite3_stmt *s;
  dl_status r = q_prepare(
      st, &b,
      "SELECT a.id, e.n, e.day, e.date, e.trigger, e.span_s, e.span_e,"
      " e.cameo, e.root, e.plover, e.quad_class, e.goldstein,"
      " e.source_code, e.source_text, e.target_code, e.target_text,"
      " e.place_name, e.country, e.lat, e.lon, e.modality,"
      " e.killed, e.injured, e.arrested, e.rule, e.incident"
      " FROM events e JOIN articles a ON a.aid = e.aid",
      " ORDER BY e.day, a.id, e.n", q->limit, &s);
  if (r != DL_OK)
    return r;
  int rc;
  while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
    dl_event_row w;
    char vid[24];
    memset(&w, 0, sizeof w);
    snprintf(vid, sizeof vid, "v%lld", (long long)sqlite3_column_int64(s, 1));
    w.article = col_s(s, 0);
    w.id = vid;
    w.day = col_s(s, 2);
    w.date = col_s(s, 3);
    w.trigger = col_s(s, 4);
    w.span_s = (uint32_t)sqlite3_column_int64(s, 5);
    w.span_e = (uint32_t)sqlite3_column_int64(s, 6);
    w.cameo = col_s(s, 7);
    w.root = col_s(s, 8);
    w.plover = col_s(s, 9);
    w.quad_class = sqlite3_column_int(s, 10);
    w.goldstein = sqlite3_column_double(s, 11);
    w.source_code = col_s(s, 12);
    w.source_text = col_s(s, 13);
    w.target_code = col_s(s, 14);
    w.target_text = col_s(s, 15);
    w.place = col_s(s, 16);
    w.country = col_s(s, 17);
    w.has_geo = sqlite3_column_type(s, 18) != SQLITE_NULL;
    w.lat = sqlite3_column_double(s, 18);
    w.lon = sqlite3_column_double(s, 19);
    w.modality = col_s(s, 20);
    for (int k = 0; k < 3; k++) {
      int64_t v = sqlite3_column_type(s, 21 + k) == SQLITE_NULL
                      ? -1
                      : sqlite3_column_int64(s, 21 + k);
      if (k == 0) w.killed = v;
      else if (k == 1) w.injured = v;
      else w.arrested = v;
    }
    w.rule = col_s(s, 24);
    w.incident = sqlite3_column_int64(s, 25);
    if (fn(ud, &w)) {
      rc = SQLITE_DONE;
      break;
    }
  }
  return q_finish(st, s, rc, q);
}

/* Key expressions of dl_store_count; the ISO week is that of the week's
** Thursday. */
static const char *const by_expr[] = {
    "e.day",
    "CASE WHEN e.day IS NULL THEN NULL ELSE printf('%s-W%02d',"
    " strftime('%Y', date(e.day, '-3 days', 'weekday 4')),"
    " (CAST(strftime('%j', date(e.day, '-3 days', 'weekday 4')) AS INTEGER)"
    " - 1) / 7 + 1) END",
    "substr(e.day, 1, 7)",
    "e.country",
    "e.root",
    "e.plover"};

dl_status dl_store_count(dl_store *st, const dl_query *q, dl_count_by by,
                         dl_count_fn fn, void *ud) {
  if (!st || !st->db || !q || !fn || (unsigned)by >= DL_COUNTOF(by_expr))
    return DL_E_INVAL;
  qbuild b;
  memset(&b, 0, sizeof b);
  where(&b, q);
  char head[512];
  snprintf(head, sizeof head, "SELECT %s AS k, count(*) FROM events e",
           by_expr[by]);
  sqlite3_stmt *s;
  dl_status r =
      q_prepare(st, &b, head, " GROUP BY k ORDER BY k", q->limit, &s);
  if (r != DL_OK)
    return r;
  int rc;
  while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
    if (fn(ud, col_s(s, 0), (uint64_t)sqlite3_column_int64(s, 1))) {
      rc = SQLITE_DONE;
      break;
    }
  }
  return q_finish(st, s, rc, q);
}

/* -------------------------------------------------------------- incidents */

/* The WHERE clause of 'q' over "incidents i". */
static void where_inc(qbuild *b, const dl_query *q) {
  b->n = 0;
  b->sql[0] = '\0';
  if (q->actor && *q->actor)
    q_cond(b, "EXISTS (SELECT 1 FROM events e WHERE e.incident = i.iid AND"
              " (substr(e.source_code, 1, length(?)) = ? OR "
              "substr(e.target_code, 1, length(?)) = ?))",
           upper(b, q->actor), NULL, 0);
  if (q->country && *q->country) {
    if (strlen(q->country) == 3)
      q_cond(b, "EXISTS (SELECT 1 FROM events e WHERE e.incident = i.iid"
                " AND (e.source_country = ? OR e.target_country = ?))",
             upper(b, q->country), NULL, 0);
    else
      q_cond(b, "i.country = ?", upper(b, q->country), NULL, 0);
  }
  if (q->root && *q->root) {
    const char *f = dlst_family(q->root, strlen(q->root));
    q_cond(b, "i.family = ?", f && strlen(q->root) <= 3 ? f : q->root,
           NULL, 0);
  }
  if (q->since && *q->since)
    q_cond(b, "i.last_day >= ?", q->since, NULL, 0);
  if (q->until && *q->until)
    q_cond(b, "i.first_day <= ?", q->until, NULL, 0);
  if (q->text && *q->text)
    q_cond(b, "EXISTS (SELECT 1 FROM events e WHERE e.incident = i.iid AND"
              " e.aid IN (SELECT rowid FROM articles_fts WHERE "
              "articles_fts MATCH ?))",
           q->text, NULL, 0);
  if (q->near) {
    double km = q->km > 0 ? q->km : 0;
    double dlat = km / 111.19 + 1e-6;
    double box[2] = {q->lat - dlat, q->lat + dlat};
    q_cond(b, "i.lat BETWEEN # AND #", NULL, box, 2);
    double pt[3] = {q->lat, q->lon, km};
    q_cond(b, "dl_km(i.lat, i.lon, #, #) <= #", NULL, pt, 3);
  }
  if (q->incident > 0) {
    double id = (double)q->incident;
    q_cond(b, "i.iid = #", NULL, &id, 1);
  }
}

static char *dup_col(sqlite3_stmt *s, int i) {
  const char *t = col_s(s, i);
  if (!t)
    return NULL;
  size_t n = strlen(t);
  char *c = malloc(n + 1);
  if (c)
    memcpy(c, t, n + 1);
  return c;
}

static void free_reports(dl_incident_report *r, size_t n) {
  for (size_t i = 0; i < n; i++) {
    const char *const p[] = {r[i].article, r[i].event, r[i].day,
                             r[i].cameo, r[i].trigger, r[i].source_code,
                             r[i].target_code, r[i].place, r[i].via,
                             r[i].outlet};
    for (size_t k = 0; k < DL_COUNTOF(p); k++)
      free((void *)(uintptr_t)p[k]);
  }
  free(r);
}

/* The reports of incident 'iid' (*out owned: free_reports). */
static dl_status reports_of(dl_store *st, int64_t iid,
                            dl_incident_report **out, size_t *nout) {
  sqlite3_stmt *s = dlst_stmt(
      st, S_N,
      "SELECT a.id, 'v' || r.n, e.day, e.cameo, e.trigger, e.source_code,"
      " e.target_code, e.place_name, r.via, g.source,"
      " r.killed, r.injured, r.arrested"
      " FROM incident_reports r JOIN events e ON e.aid = r.aid AND e.n = r.n"
      " JOIN articles a ON a.aid = r.aid"
      " LEFT JOIN article_sigs g ON g.aid = r.aid"
      " WHERE r.iid = ?1 ORDER BY e.day, a.id, r.n");
  if (!s)
    return dlst_sqlerr(st, sqlite3_errcode(st->db));
  sqlite3_bind_int64(s, 1, iid);
  dl_incident_report *v = NULL;
  size_t n = 0, cap = 0;
  bool oom = false;
  int rc;
  while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
    if (n == cap) {
      size_t nc = cap ? cap * 2 : 8;
      dl_incident_report *p = realloc(v, nc * sizeof *p);
      if (!p) {
        oom = true;
        break;
      }
      v = p;
      cap = nc;
    }
    dl_incident_report *r = &v[n++];
    const char **f[] = {&r->article, &r->event, &r->day, &r->cameo,
                        &r->trigger, &r->source_code, &r->target_code,
                        &r->place, &r->via, &r->outlet};
    for (int k = 0; k < (int)DL_COUNTOF(f); k++) {
      *f[k] = dup_col(s, k);
      oom |= !*f[k] && sqlite3_column_type(s, k) != SQLITE_NULL;
    }
    int64_t *fig[3] = {&r->killed, &r->injured, &r->arrested};
    for (int k = 0; k < 3; k++)
      *fig[k] = sqlite3_column_type(s, 10 + k) == SQLITE_NULL
                    ? -1 : sqlite3_column_int64(s, 10 + k);
  }
  sqlite3_reset(s);
  if (oom || (rc != SQLITE_DONE && rc != SQLITE_ROW)) {
    free_reports(v, n);
    if (oom) {
      dlst_errf(st, "out of memory");
      return DL_E_NOMEM;
    }
    return dlst_sqlerr(st, rc);
  }
  *out = v;
  *nout = n;
  return DL_OK;
}

static_assert((int)S_N < (int)DLST_CORE, "a slot for the reports statement");

dl_status dl_store_incidents(dl_store *st, const dl_query *q,
                             dl_incident_fn fn, void *ud) {
  if (!st || !st->db || !q || !fn)
    return DL_E_INVAL;
  qbuild b;
  memset(&b, 0, sizeof b);
  where_inc(&b, q);
  sqlite3_stmt *s;
  dl_status r = q_prepare(
      st, &b,
      "SELECT i.iid, i.family, i.first_day, i.last_day, i.place_name,"
      " i.country, i.admin1, i.lat, i.lon, i.mentions, i.articles,"
      " i.sources, i.killed_min, i.killed_max, i.killed_mode,"
      " i.injured_min, i.injured_max, i.injured_mode,"
      " i.arrested_min, i.arrested_max, i.arrested_mode FROM incidents i",
      " ORDER BY i.first_day, i.iid", q->limit, &s);
  if (r != DL_OK)
    return r;
  int rc;
  while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
    dl_incident_row w;
    memset(&w, 0, sizeof w);
    w.id = sqlite3_column_int64(s, 0);
    w.family = col_s(s, 1);
    w.first_day = col_s(s, 2);
    w.last_day = col_s(s, 3);
    w.place = col_s(s, 4);
    w.country = col_s(s, 5);
    w.admin1 = col_s(s, 6);
    w.has_geo = sqlite3_column_type(s, 7) != SQLITE_NULL;
    w.lat = sqlite3_column_double(s, 7);
    w.lon = sqlite3_column_double(s, 8);
    w.mentions = (uint64_t)sqlite3_column_int64(s, 9);
    w.articles = (uint64_t)sqlite3_column_int64(s, 10);
    w.sources = (uint64_t)sqlite3_column_int64(s, 11);
    for (int k = 0; k < 9; k++) {
      int64_t v = sqlite3_column_type(s, 12 + k) == SQLITE_NULL
                      ? -1 : sqlite3_column_int64(s, 12 + k);
      int64_t *t = k < 3 ? w.killed : k < 6 ? w.injured : w.arrested;
      t[k % 3] = v;
    }
    dl_incident_report *rep = NULL;
    size_t nrep = 0;
    if ((r = reports_of(st, w.id, &rep, &nrep)) != DL_OK) {
      sqlite3_finalize(s);
      return r;
    }
    w.reports = rep;
    w.nreports = nrep;
    int stop = fn(ud, &w);
    free_reports(rep, nrep);
    if (stop) {
      rc = SQLITE_DONE;
      break;
    }
  }
  return q_finish(st, s, rc, q);
}
