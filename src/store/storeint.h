/*
** storeint.h: what the store's files share: the handle, the statement cache
** and error helpers (store.c), incidents and near-duplicates (incident.c),
** shard merging (merge.c). Like SQLite's sqliteInt.h, for src/store only.
*/
#ifndef DL_STOREINT_H
#define DL_STOREINT_H
#include "dl_int.h"

#include <sqlite3.h>

/* Statement cache slots: store.c owns [0, DLST_CORE), incident.c the rest. */
enum { DLST_CORE = 16, DLST_MAX = 64 };

/* An incident id set (small, unordered, no duplicates). */
typedef struct dlst_ids {
  int64_t *v;
  size_t n, cap;
} dlst_ids;

struct dl_store {
  sqlite3 *db;
  char *path;                 /* as given, for messages */
  bool readonly;
  bool in_tx;                 /* between dl_store_begin and commit */
  sqlite3_stmt *stmt[DLST_MAX]; /* prepared on first use */
  dlst_ids dirty;             /* incidents whose aggregates are stale */
  dlst_ids reuse;             /* ids a re-clustering frees, reused first */
  bool oom;                   /* sticky: an id set could not grow */
  bool rebuild;               /* migrated from v1: build incidents */
  char errmsg[512];
};

/* Set the message ("printf" format). */
DL_INTERNAL void dlst_errf(dl_store *st, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;
/* Record SQLite's last error as "PATH: message"; the status for 'rc'. */
DL_INTERNAL dl_status dlst_sqlerr(dl_store *st, int rc);
/* Run SQL text (no parameters); DL_OK or the error. */
DL_INTERNAL dl_status dlst_exec(dl_store *st, const char *sql);
/* The cached statement of 'slot', prepared from 'sql' on first use, reset
** with its bindings cleared; NULL on error (see sqlite3_errcode). */
DL_INTERNAL sqlite3_stmt *dlst_stmt(dl_store *st, int slot, const char *sql);
/* Step a write statement to its end and reset it; DL_OK or the error. */
DL_INTERNAL dl_status dlst_run(dl_store *st, sqlite3_stmt *s);
/* 64-bit FNV-1a, the article's text hash. */
DL_INTERNAL uint64_t dlst_fnv1a(const char *s, size_t n);
/* Great-circle distance in km. */
DL_INTERNAL double dlst_km(double la1, double lo1, double la2, double lo2);

/* The incident family of a CAMEO root ("18" -> "violence"), NULL when
** events of that root are not clustered (statements, appeals). */
DL_INTERNAL const char *dlst_family(const char *root, size_t n);
/* SQL CASE expression over column 'root' giving the same families. */
#define DLST_FAMILY_SQL                                                     \
  "CASE WHEN root IN ('18','19','20') THEN 'violence'"                      \
  " WHEN root = '17' THEN 'coerce' WHEN root = '16' THEN 'reduce'"          \
  " WHEN root = '15' THEN 'posture' WHEN root = '14' THEN 'protest'"        \
  " WHEN root = '13' THEN 'threaten'"                                       \
  " WHEN root IN ('11','12') THEN 'disapprove'"                             \
  " WHEN root = '10' THEN 'demand' WHEN root = '09' THEN 'investigate'"     \
  " WHEN root IN ('06','07','08') THEN 'aid'"                               \
  " WHEN root IN ('03','04','05') THEN 'cooperate' END"

/* After an article row 'aid' and its events are stored: its signature
** (MinHash of the text, outlet), LSH bands, and incidents for its events.
** 'text'/'url' are the article's. */
DL_INTERNAL dl_status dlst_cluster_article(dl_store *st, int64_t aid,
                                           const char *text, size_t len,
                                           const char *url, size_t url_len);
/* Before article 'aid' is deleted: drop its LSH rows and remember the
** incidents it took part in (*out, owned by the caller: free(out->v)). */
DL_INTERNAL dl_status dlst_unlink_article(dl_store *st, int64_t aid,
                                          dlst_ids *out);
/* After the deletion: re-cluster the other members of 'ids'. */
DL_INTERNAL dl_status dlst_recluster(dl_store *st, const dlst_ids *ids);
/* Recompute the aggregates of the dirty incidents; drop empty ones. */
DL_INTERNAL dl_status dlst_flush_dirty(dl_store *st);
/* Add 'id' to the set (no-op if present); false when out of memory. */
DL_INTERNAL bool dlst_ids_add(dlst_ids *s, int64_t id);
#endif
