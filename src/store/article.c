/*
** article.c: reading one stored article back out of the store (DESIGN.md
** "store"): its id, date, title, url, text and JSON record, for 'dateline
** serve' (GET /v1/articles/{id}). The statement is prepared per call, so
** the handle's statement cache (store.c, incident.c) is left alone.
*/
#include "storeint.h"

#include <string.h>

/* A column as a NUL-terminated string and its length; NULL when null. */
static const char *col(sqlite3_stmt *s, int i, size_t *n) {
  const char *p = (const char *)sqlite3_column_text(s, i);
  *n = p ? (size_t)sqlite3_column_bytes(s, i) : 0; /* after _text: UTF-8 */
  return p;
}

/* Look up article 'id' and hand it to 'fn' (dateline.h). */
dl_status dl_store_article(dl_store *st, const char *id, size_t id_len,
                           dl_stored_article_fn fn, void *ud) {
  if (!st || !st->db || !fn || (!id && id_len) || id_len > INT32_MAX)
    return DL_E_INVAL;
  static const char sql[] = "SELECT id, date, title, url, text, record"
                            " FROM articles WHERE id = ?1";
  sqlite3_stmt *s = NULL;
  int rc = sqlite3_prepare_v2(st->db, sql, (int)sizeof sql, &s, NULL);
  if (rc != SQLITE_OK)
    return dlst_sqlerr(st, rc);
  rc = sqlite3_bind_text(s, 1, id ? id : "", (int)id_len, SQLITE_STATIC);
  if (rc == SQLITE_OK)
    rc = sqlite3_step(s);
  dl_status ret = DL_OK;
  if (rc == SQLITE_ROW) {
    dl_stored_article a;
    memset(&a, 0, sizeof a);
    a.id = col(s, 0, &a.id_len);
    a.date = col(s, 1, &a.date_len);
    a.title = col(s, 2, &a.title_len);
    a.url = col(s, 3, &a.url_len);
    a.text = col(s, 4, &a.text_len);
    a.record = col(s, 5, &a.record_len);
    if (!a.id || !a.text || !a.record) /* NOT NULL columns: no memory */
      ret = dlst_sqlerr(st, sqlite3_errcode(st->db));
    else
      fn(ud, &a);
  } else if (rc == SQLITE_DONE) {
    int n = id_len > 200 ? 200 : (int)id_len; /* keep the message short */
    dlst_errf(st, "%s: no article '%.*s'", st->path, n, id ? id : "");
    ret = DL_E_INPUT;
  } else {
    ret = dlst_sqlerr(st, rc);
  }
  sqlite3_finalize(s);
  return ret;
}
