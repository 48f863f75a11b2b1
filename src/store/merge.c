/*
** merge.c: joining shard stores ('dateline merge', DESIGN.md "Scale").
** Each shard is attached and its articles copied with new row ids, with
** every row of theirs; incidents are rebuilt afterwards over the whole
** store (dl_store_rebuild_incidents), so that they match a single ingest.
*/
#include "storeint.h"

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#define DL_APPID 0x444c4e45 /* as store.c */

/* One integer of SQL; DL_OK and *v. */
static dl_status one_int(dl_store *st, const char *sql, int64_t bind,
                         int64_t *v) {
  sqlite3_stmt *s;
  int rc = sqlite3_prepare_v2(st->db, sql, -1, &s, NULL);
  if (rc != SQLITE_OK)
    return dlst_sqlerr(st, rc);
  if (sqlite3_bind_parameter_count(s))
    sqlite3_bind_int64(s, 1, bind);
  rc = sqlite3_step(s);
  *v = rc == SQLITE_ROW ? sqlite3_column_int64(s, 0) : 0;
  sqlite3_finalize(s);
  return rc == SQLITE_ROW || rc == SQLITE_DONE ? DL_OK : dlst_sqlerr(st, rc);
}

/* Does 'schema'.'table' have column 'col'? */
static dl_status has_col(dl_store *st, const char *schema, const char *table,
                         const char *col, bool *out) {
  char sql[160];
  snprintf(sql, sizeof sql, "SELECT name FROM pragma_table_info('%s', '%s')",
           table, schema);
  sqlite3_stmt *s;
  int rc = sqlite3_prepare_v2(st->db, sql, -1, &s, NULL);
  if (rc != SQLITE_OK)
    return dlst_sqlerr(st, rc);
  *out = false;
  while ((rc = sqlite3_step(s)) == SQLITE_ROW)
    if (!strcmp((const char *)sqlite3_column_text(s, 0), col))
      *out = true;
  sqlite3_finalize(s);
  return rc == SQLITE_DONE ? DL_OK : dlst_sqlerr(st, rc);
}

/* Copy the rows of 'table' for the mapped articles: the columns of the
** main table that the shard has too (a v1 shard lacks the v2 ones; their
** 'family' is computed from 'root'); 'skip' is left to its default. */
static dl_status copy_rows(dl_store *st, const char *table,
                           const char *skip) {
  char cols[2048] = "", sel[4096] = "";
  size_t nc = 0, ns = 0;
  char sql[160];
  snprintf(sql, sizeof sql, "SELECT name FROM pragma_table_info('%s', "
                            "'main') ORDER BY cid", table);
  sqlite3_stmt *s;
  int rc = sqlite3_prepare_v2(st->db, sql, -1, &s, NULL);
  if (rc != SQLITE_OK)
    return dlst_sqlerr(st, rc);
  dl_status r = DL_OK;
  while (r == DL_OK && (rc = sqlite3_step(s)) == SQLITE_ROW) {
    const char *c = (const char *)sqlite3_column_text(s, 0);
    if (!strcmp(c, "aid") || (skip && !strcmp(c, skip)))
      continue;
    bool there;
    r = has_col(st, "dl_shard", table, c, &there);
    const char *expr = NULL;
    if (there)
      expr = c;
    else if (!strcmp(table, "events") && !strcmp(c, "family"))
      expr = DLST_FAMILY_SQL;
    if (r != DL_OK || !expr)
      continue;
    int a = snprintf(cols + nc, sizeof cols - nc, ", \"%s\"", c);
    int b = snprintf(sel + ns, sizeof sel - ns, ", %s", expr);
    if (a < 0 || b < 0 || (size_t)a >= sizeof cols - nc ||
        (size_t)b >= sizeof sel - ns) {
      dlst_errf(st, "%s: too many columns", table);
      r = DL_E_INVAL;
      break;
    }
    nc += (size_t)a;
    ns += (size_t)b;
  }
  sqlite3_finalize(s);
  if (r != DL_OK)
    return r;
  if (rc != SQLITE_DONE)
    return dlst_sqlerr(st, rc);
  char ins[8192];
  int k = snprintf(ins, sizeof ins,
                   "INSERT INTO main.\"%s\"(aid%s) SELECT m.new%s FROM "
                   "dl_shard.\"%s\" JOIN temp.dl_map m ON m.old = aid",
                   table, cols, sel, table);
  if (k < 0 || (size_t)k >= sizeof ins) {
    dlst_errf(st, "%s: too many columns", table);
    return DL_E_INVAL;
  }
  return dlst_exec(st, ins);
}

static dl_status copy(dl_store *st, dl_merge_stats *ms) {
  int64_t appid, ver, max, n;
  dl_status r = one_int(st, "PRAGMA dl_shard.application_id", 0, &appid);
  if (r == DL_OK)
    r = one_int(st, "PRAGMA dl_shard.user_version", 0, &ver);
  if (r != DL_OK)
    return r;
  int64_t mine;
  if ((r = one_int(st, "PRAGMA main.user_version", 0, &mine)) != DL_OK)
    return r;
  if (appid != DL_APPID || ver < 1 || ver > mine)
    return DL_E_DATA; /* the caller names the shard */
  r = one_int(st, "SELECT coalesce(max(aid), 0) FROM main.articles", 0, &max);
  if (r == DL_OK)
    r = one_int(st, "SELECT count(*) FROM dl_shard.articles s JOIN "
                    "main.articles m ON m.id = s.id AND m.text_hash = "
                    "s.text_hash", 0, &n);
  if (r != DL_OK)
    return r;
  ms->unchanged += (uint64_t)n;
  r = dlst_exec(st, "DELETE FROM main.articles WHERE aid IN (SELECT m.aid"
                    " FROM main.articles m JOIN dl_shard.articles s"
                    " ON s.id = m.id AND s.text_hash <> m.text_hash)");
  int replaced = r == DL_OK ? sqlite3_changes(st->db) : 0;
  ms->replaced += (uint64_t)replaced;
  if (r == DL_OK)
    r = dlst_exec(st, "INSERT INTO main.articles(id, date, title, url,"
                      " text, text_hash, record, tone, ingested)"
                      " SELECT id, date, title, url, text, text_hash,"
                      " record, tone, ingested FROM dl_shard.articles s"
                      " WHERE NOT EXISTS (SELECT 1 FROM main.articles m"
                      " WHERE m.id = s.id) ORDER BY s.aid");
  if (r == DL_OK) /* the replaced ones are inserted again */
    ms->added += (uint64_t)sqlite3_changes(st->db) - (uint64_t)replaced;
  if (r == DL_OK)
    r = dlst_exec(st, "CREATE TEMP TABLE dl_map(old INTEGER PRIMARY KEY,"
                      " new INTEGER NOT NULL)");
  if (r != DL_OK)
    return r;
  sqlite3_stmt *s;
  int rc = sqlite3_prepare_v2(st->db, "INSERT INTO temp.dl_map SELECT s.aid,"
                              " m.aid FROM dl_shard.articles s JOIN"
                              " main.articles m ON m.id = s.id"
                              " WHERE m.aid > ?1", -1, &s, NULL);
  if (rc != SQLITE_OK)
    r = dlst_sqlerr(st, rc);
  else {
    sqlite3_bind_int64(s, 1, max);
    r = dlst_run(st, s);
    sqlite3_finalize(s);
  }
  static const char *const tables[] = {"entities", "mentions", "events",
                                       "casualties", "quotes", "times"};
  for (size_t i = 0; i < DL_COUNTOF(tables) && r == DL_OK; i++)
    r = copy_rows(st, tables[i], !strcmp(tables[i], "events") ? "incident"
                                                              : NULL);
  bool sigs = false;
  if (r == DL_OK)
    r = has_col(st, "dl_shard", "article_sigs", "minhash", &sigs);
  if (r == DL_OK && sigs) /* else the rebuild signs them */
    r = copy_rows(st, "article_sigs", NULL);
  dl_status r2 = dlst_exec(st, "DROP TABLE IF EXISTS temp.dl_map");
  return r != DL_OK ? r : r2;
}

dl_status dl_store_merge(dl_store *st, const char *shard,
                         dl_merge_stats *stats) {
  dl_merge_stats dummy;
  if (!stats)
    stats = &dummy;
  memset(stats, 0, sizeof *stats);
  if (!st || !st->db || !shard)
    return DL_E_INVAL;
  if (st->readonly) {
    dlst_errf(st, "%s: opened read-only", st->path);
    return DL_E_INVAL;
  }
  if (st->in_tx) { /* SQLite attaches outside transactions only */
    dlst_errf(st, "%s: merge inside a batch", st->path);
    return DL_E_INVAL;
  }
  if (access(shard, R_OK) != 0) { /* ATTACH would create it */
    dlst_errf(st, "%s: cannot read the shard", shard);
    return DL_E_IO;
  }
  sqlite3_stmt *s;
  int rc = sqlite3_prepare_v2(st->db, "ATTACH DATABASE ?1 AS dl_shard", -1,
                              &s, NULL);
  if (rc != SQLITE_OK)
    return dlst_sqlerr(st, rc);
  sqlite3_bind_text(s, 1, shard, -1, SQLITE_STATIC);
  dl_status r = dlst_run(st, s);
  sqlite3_finalize(s);
  bool attached = r == DL_OK;
  if (r == DL_OK)
    r = dlst_exec(st, "BEGIN IMMEDIATE");
  if (r == DL_OK) {
    r = copy(st, stats);
    if (r == DL_OK)
      r = dlst_exec(st, "COMMIT");
    if (r != DL_OK && !sqlite3_get_autocommit(st->db))
      sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
  }
  if (r == DL_E_DATA) { /* BEGIN reads every attached file's header too */
    dlst_errf(st, "%.400s: not a dateline database of a version this one "
                  "reads", shard);
  } else if (r != DL_OK) {
    char keep[sizeof st->errmsg];
    memcpy(keep, st->errmsg, sizeof keep);
    snprintf(st->errmsg, sizeof st->errmsg, "%.380s (merging %.100s)", keep,
             shard);
  }
  if (attached)
    sqlite3_exec(st->db, "DETACH DATABASE dl_shard", NULL, NULL, NULL);
  if (r != DL_OK)
    memset(stats, 0, sizeof *stats);
  return r;
}
