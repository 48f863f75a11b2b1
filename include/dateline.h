/*
** dateline.h: the one public header of libdateline, an engine that reads news
** articles and writes what happened in them as JSON event records (SCHEMA.md).
**
** Ownership: every pointer a dl_doc_* or dl_reader_* function hands back is
** borrowed; it stays valid until the next dl_doc_reset()/dl_doc_free() of that
** document (or the next dl_reader_next()/dl_reader_close() of that reader),
** unless a function says otherwise. Text is passed as (pointer, length) spans
** and need not be NUL-terminated.
**
** Threads: a dl_engine is read-only once dl_engine_new() returns and may be
** shared by any number of threads; a dl_doc or dl_reader belongs to one thread.
*/
#ifndef DATELINE_H
#define DATELINE_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(DL_BUILDING) && defined(__GNUC__)
#define DL_API __attribute__((visibility("default")))
#else
#define DL_API
#endif

#define DL_VERSION "0.1.0"
#define DL_SCHEMA 1 /* version of the record, SCHEMA.md */

/* Status codes. DL_OK is 0; dl_strerror() names each one. */
typedef enum dl_status {
  DL_OK = 0,
  DL_E_NOMEM,   /* an allocation failed */
  DL_E_TOOBIG,  /* input beyond a configured limit */
  DL_E_INVAL,   /* bad argument (caller misuse) */
  DL_E_IO,      /* reading or writing a file failed */
  DL_E_DATA,    /* engine data missing or corrupt */
  DL_E_INPUT,   /* one bad input record; the reader goes on */
  DL_E_EOF      /* a reader has no more records */
} dl_status;

/* Allocator hook, as Lua's lua_Alloc: ptr==NULL allocates 'nsize' bytes;
** nsize==0 frees 'ptr' (of size 'osize') and returns NULL; otherwise it
** reallocates. Returning NULL for nsize>0 means failure. */
typedef void *(*dl_alloc_fn)(void *ud, void *ptr, size_t osize, size_t nsize);

typedef struct dl_engine dl_engine; /* lexicons and data; read-only, shared */
typedef struct dl_doc dl_doc;       /* one article and its layers; one arena */
typedef struct dl_reader dl_reader; /* a stream of input articles */

/* Name of a status code: a static string, never NULL. */
DL_API const char *dl_strerror(dl_status st);

/* ------------------------------------------------------------------ engine */

typedef struct dl_engine_opts {
  const char *data_dir;   /* compiled data (tone.tsv …); NULL = built-in default */
  dl_alloc_fn alloc;      /* NULL = malloc/realloc/free */
  void *alloc_ud;         /* passed to 'alloc' */
  size_t max_text;        /* largest article text in bytes; 0 = 16 MiB */
  size_t arena_cap;       /* hard cap of one document's arena; 0 = 64 x max_text, at least 256 MiB */
} dl_engine_opts;

/* Load an engine. On success *out owns it (free with dl_engine_free). On
** failure *out is still set when an engine could be allocated, so that
** dl_engine_errmsg() can say why; free it all the same. */
DL_API dl_status dl_engine_new(const dl_engine_opts *opts, dl_engine **out);
DL_API void dl_engine_free(dl_engine *eng);
/* The last error message of the engine ("" if none). */
DL_API const char *dl_engine_errmsg(const dl_engine *eng);
/* Add a user lexicon file at run time (before the engine is shared). */
DL_API dl_status dl_engine_add_lexicon(dl_engine *eng, const char *path);

/* --------------------------------------------------------------- documents */

/* One input article; every field is a span, 'text' required, others may be
** NULL. 'date' is "YYYY-MM-DD" (anything else is ignored with a warning). */
typedef struct dl_article {
  const char *id;    size_t id_len;
  const char *date;  size_t date_len;
  const char *title; size_t title_len;
  const char *url;   size_t url_len;
  const char *text;  size_t text_len;
} dl_article;

/* Make a document bound to 'eng' (which must outlive it). */
DL_API dl_status dl_doc_new(const dl_engine *eng, dl_doc **out);
DL_API void dl_doc_free(dl_doc *doc);
/* Rewind the document's arena: every borrowed pointer becomes invalid. */
DL_API void dl_doc_reset(dl_doc *doc);

/* Copy 'art' into the document and run the whole pipeline on it. Returns
** DL_OK, DL_E_TOOBIG (text over the limit: the record is an error record) or
** DL_E_NOMEM (the document's record is an error record; the document stays
** usable after dl_doc_reset). Resets the document first. */
DL_API dl_status dl_doc_code(dl_doc *doc, const dl_article *art);

/* Mark the document as a bad input record: its record will be
** {"schema":1,"id":…,"error":msg}. Resets the document first. */
DL_API dl_status dl_doc_set_error(dl_doc *doc, const char *id, size_t id_len,
                                  const char *msg);

/* Add a warning to the record (copied). */
DL_API void dl_doc_warn(dl_doc *doc, const char *msg);

/* Record output flags. */
enum {
  DL_JSON_FIELD_LINES = 1 /* a newline before each top-level field (golden files) */
};

/* The document's record as one JSON line ending in '\n'. The bytes are
** borrowed from the document. */
DL_API dl_status dl_doc_json(dl_doc *doc, unsigned flags, const char **out,
                             size_t *len);

/* Per-stage nanoseconds of the last dl_doc_code() calls, summed since the
** document was made; names[i] is a static string. Returns the stage count. */
DL_API size_t dl_doc_profile(const dl_doc *doc, const char *const **names,
                             const uint64_t **nanos);

/* ----------------------------------------------------------------- readers */

typedef struct dl_reader_opts {
  const char *default_date; /* --date, for plain-text articles; may be NULL */
  size_t max_line;          /* longest JSON line in bytes; 0 = 64 MiB */
} dl_reader_opts;

/* Open a reader over 'path': a plain-text file (one article, id = file
** name), *.jsonl / *.jsonl.gz / *.jsonl.zst (one article a line), a
** directory (its files in sorted order), or "-" for standard input (JSON
** Lines when its first non-blank byte is '{', else one article). A trailing
** .gz or .zst is decompressed. 'max_line' also caps a plain-text article.
** Fails only with DL_E_INVAL or DL_E_NOMEM: a path that cannot be read
** comes out of dl_reader_next() as DL_E_IO. */
DL_API dl_status dl_reader_open(const char *path, const dl_reader_opts *opts,
                                dl_reader **out);
DL_API void dl_reader_close(dl_reader *rd);

/* Where the last record came from (borrowed). */
typedef struct dl_where {
  const char *file; /* file name as given */
  uint64_t line;    /* 1-based line of a JSON Lines record, 0 for a whole file */
} dl_where;

/* Next article. DL_OK: *art holds it. DL_E_INPUT: a bad record; 'errmsg'
** (dl_reader_errmsg) says what is wrong, art->id may name it, and the next
** call goes on after it. DL_E_IO: a file could not be read (message in
** errmsg); the next call goes on with the next file. DL_E_EOF: the end.
** On DL_E_INPUT/DL_E_IO only art->id is set (the record's id, else its line
** number, else the file name) and 'where' says where.
** Fields point into the reader's buffers until the next call. */
DL_API dl_status dl_reader_next(dl_reader *rd, dl_article *art, dl_where *where);
DL_API const char *dl_reader_errmsg(const dl_reader *rd);
/* Warnings of the last record that belong in it (e.g. invalid UTF-8 bytes
** replaced): count and i-th message. */
DL_API size_t dl_reader_nwarnings(const dl_reader *rd);
DL_API const char *dl_reader_warning(const dl_reader *rd, size_t i);

/* ------------------------------------------------------------------- store */

/* An embedded SQLite database of coded articles (README "Store"): the
** articles with their text (full-text indexed) and record, and one row per
** entity, mention, event, casualty, quote and time expression. A dl_store
** belongs to one thread. Failing functions return DL_E_IO (SQLite could not
** read or write), DL_E_DATA (not a dateline database, corrupt, or a newer
** schema) or DL_E_INVAL, and dl_store_errmsg() says why. */
typedef struct dl_store dl_store;

/* dl_store_open() flags. */
enum {
  DL_STORE_READONLY = 0,  /* the file must exist */
  DL_STORE_READWRITE = 1  /* created with the schema when missing or empty */
};

/* Open the store at 'path'. On success *out owns it (dl_store_close). On
** failure *out is still set when a handle could be allocated, so that
** dl_store_errmsg() can say why ("FILE: not a dateline database"); close it
** all the same. An older schema is migrated when opened read-write. */
DL_API dl_status dl_store_open(const char *path, unsigned flags,
                               dl_store **out);
/* Close the store, rolling back an open transaction. NULL is a no-op. */
DL_API void dl_store_close(dl_store *st);
/* The last error message of the store ("" if none); borrowed. */
DL_API const char *dl_store_errmsg(const dl_store *st);

/* Batch writes in one transaction: nothing between begin and commit is
** visible, or survives a crash, until commit returns DL_OK. Without them
** each dl_store_put() is its own transaction. rollback discards the batch. */
DL_API dl_status dl_store_begin(dl_store *st);
DL_API dl_status dl_store_commit(dl_store *st);
DL_API dl_status dl_store_rollback(dl_store *st);

/* What dl_store_put() did. */
typedef enum dl_put {
  DL_PUT_NEW = 0,       /* the article id was not stored */
  DL_PUT_REPLACED = 1,  /* stored with another text: old rows replaced */
  DL_PUT_UNCHANGED = 2  /* stored with the same text: nothing written */
} dl_put;

/* Is article 'id' stored with exactly this text? Lets a caller skip coding
** articles that dl_store_put() would leave unchanged. *out: 1 yes, 0 no. */
DL_API dl_status dl_store_has(dl_store *st, const char *id, size_t id_len,
                              const char *text, size_t text_len, int *out);

/* Store a document coded by dl_doc_code(): the article (id, date, title,
** url, text, a 64-bit hash of the text, the JSON record) and all its
** layers. An article id stored with the same text hash is left alone; with
** another hash its rows are replaced (delete + insert, atomically). An
** error record (dl_doc_set_error) is not stored: DL_E_INPUT. 'res' may be
** NULL. */
DL_API dl_status dl_store_put(dl_store *st, dl_doc *doc, dl_put *res);

/* One stored article as dl_store_article() hands it over: the fields put
** by dl_store_put(). Strings are NUL-terminated, with their lengths in
** bytes; NULL (length 0) when the article had none. 'record' is the
** stored JSON record (SCHEMA.md), one line without the final '\n'.
** Everything is borrowed until the callback returns. */
typedef struct dl_stored_article {
  const char *id;     size_t id_len;
  const char *date;   size_t date_len;
  const char *title;  size_t title_len;
  const char *url;    size_t url_len;
  const char *text;   size_t text_len;
  const char *record; size_t record_len;
} dl_stored_article;

/* Called once with the article; copy what must outlive the call. */
typedef void (*dl_stored_article_fn)(void *ud, const dl_stored_article *a);

/* Look up the article whose id is exactly 'id' (bytes, bound as an SQL
** parameter, never spliced) and call 'fn' once with it before returning
** DL_OK. DL_E_INPUT when no article has that id ('fn' is not called;
** dl_store_errmsg() names the id), DL_E_INVAL for a NULL argument, else
** DL_E_IO, DL_E_DATA or DL_E_NOMEM. Keeps no state between calls. */
DL_API dl_status dl_store_article(dl_store *st, const char *id, size_t id_len,
                                  dl_stored_article_fn fn, void *ud);

/* Filters of a query over stored events; zero/NULL fields do not filter.
** Strings are NUL-terminated and bound as SQL parameters, never spliced. */
typedef struct dl_query {
  const char *actor;    /* source or target actor code starts with this */
  const char *country;  /* 2 letters: the event's place (ISO alpha-2);
                           3 letters: the source or target actor's country */
  const char *root;     /* CAMEO root, "18" */
  const char *cameo;    /* CAMEO code, "185" (exact) */
  const char *plover;   /* PLOVER type, "ASSAULT" */
  const char *since;    /* YYYY-MM-DD, inclusive, on the event's day */
  const char *until;    /* YYYY-MM-DD, inclusive */
  const char *text;     /* FTS5 query over the article's title and text */
  const char *modality; /* "asserted", "negated", … */
  int near;             /* 1: within 'km' of (lat, lon) */
  double lat, lon, km;
  uint64_t limit;       /* at most this many rows; 0 = no limit */
  int64_t incident;     /* events of this incident (dl_store_incidents) */
} dl_query;

/* Parse "LAT,LON,KM" into q->lat, q->lon, q->km and set q->near: 1 on
** success; 0 (q->near unset) for anything else, including a latitude past
** 90, a longitude past 180 or a negative radius. */
DL_API int dl_query_near(dl_query *q, const char *s);

/* Set the filter 'key' of q from its text 'v' (borrowed, not copied), as
** the CLI's --KEY options and the HTTP API's parameters write it: "actor",
** "country", "root", "cameo", "plover", "text", "modality" take any text;
** "since" and "until" a day YYYY-MM-DD; "near" LAT,LON,KM; "incident" a
** positive id. 1: set. 0: a bad value, and *form (when not NULL) says what
** the value should be ("YYYY-MM-DD"). -1: 'key' is no filter. */
DL_API int dl_query_set(dl_query *q, const char *key, const char *v,
                        const char **form);

/* One stored event as a query returns it. Strings are NUL-terminated and
** NULL when null; numbers that can be null come with a has_ flag or -1.
** Everything is borrowed until the callback returns. 'day' is the event's
** calendar day: its own date when the text gives a full one, else the
** article's date. */
typedef struct dl_event_row {
  const char *article;  /* article id */
  const char *id;       /* event id in the record, "v1" */
  const char *day, *date; /* resolved day; TIMEX3 date as in the record */
  const char *trigger;
  uint32_t span_s, span_e;
  const char *cameo, *root, *plover;
  int quad_class;       /* 0 = null */
  double goldstein;
  const char *source_code, *source_text;
  const char *target_code, *target_text;
  const char *place, *country; /* place name; ISO alpha-2 */
  int has_geo; double lat, lon;
  const char *modality;
  int64_t killed, injured, arrested; /* -1 = null */
  const char *rule;
  int64_t incident;     /* its incident, 0 = none (not clusterable) */
} dl_event_row;

/* Called once per row; return non-zero to stop. */
typedef int (*dl_event_fn)(void *ud, const dl_event_row *row);

/* Events matching 'q', ordered by day then article then event. */
DL_API dl_status dl_store_query(dl_store *st, const dl_query *q,
                                dl_event_fn fn, void *ud);

/* dl_store_count() groupings. */
typedef enum dl_count_by {
  DL_BY_DAY, DL_BY_WEEK, DL_BY_MONTH, DL_BY_COUNTRY, DL_BY_ROOT, DL_BY_PLOVER
} dl_count_by;

/* Called once per group: its key (day "2021-11-07", ISO week "2021-W45",
** month "2021-11", country, root, plover; NULL for events without one) and
** its event count. Return non-zero to stop. */
typedef int (*dl_count_fn)(void *ud, const char *key, uint64_t n);

/* Count the events matching 'q' by 'by', ordered by key ('limit' caps the
** groups). */
DL_API dl_status dl_store_count(dl_store *st, const dl_query *q,
                                dl_count_by by, dl_count_fn fn, void *ud);

/* Incidents (README "Incidents"): events of different articles that
** describe one real event, clustered as articles are put. Events of the
** same family of CAMEO roots (violence 18-20, protest 14, coerce 17,
** disapprove 11-12, ...; statements and appeals 01-02 are not clustered),
** days at most one apart and countries that agree belong to one incident
** when, for violence, protest, coercion and posture, their places are
** within 50 km (else in the same admin1) and their actors compatible, and
** otherwise when they have the same named source and target; so do
** same-family events of near-duplicate articles (MinHash over word
** 3-shingles). Negated and future events, and events
** without a day, belong to none. The grouping does not depend on the order
** articles arrive in; incident ids do. */

/* One event of an incident, with the figures its article gives. */
typedef struct dl_incident_report {
  const char *article, *event; /* article id, "v1" */
  const char *day, *cameo, *trigger;
  const char *source_code, *target_code, *place;
  const char *via;             /* "match", or "twin": only through a
                                  near-duplicate article */
  const char *outlet;          /* URL host or dateline agency, or NULL */
  int64_t killed, injured, arrested; /* -1 = null */
} dl_incident_report;

/* One incident as dl_store_incidents() returns it; borrowed until the
** callback returns. Tolls: [0] the smallest figure an article gives, [1]
** the largest, [2] the figure most articles give (ties: the larger); -1
** when no article gives one. An article's figure is the largest of its
** events in the incident. */
typedef struct dl_incident_row {
  int64_t id;
  const char *family;          /* "violence", "protest", ... */
  const char *first_day, *last_day;
  const char *place, *country, *admin1; /* the place most events give */
  int has_geo; double lat, lon;
  uint64_t mentions;           /* events */
  uint64_t articles, sources;  /* distinct articles, outlets */
  int64_t killed[3], injured[3], arrested[3];
  size_t nreports;
  const dl_incident_report *reports; /* by day, article, event */
} dl_incident_row;

typedef int (*dl_incident_fn)(void *ud, const dl_incident_row *row);

/* Incidents matching 'q', ordered by first day then id. Filters: 'country'
** (2 letters: the incident's place; 3: a member's actor country), 'actor'
** (a member's source or target code starts with it), 'root' (the family
** of that root, or a family name), 'since'/'until' (the incident's days
** overlap), 'near' (the incident's place), 'text' (a member article
** matches), 'incident' (that id), 'limit'. Other fields are ignored. */
DL_API dl_status dl_store_incidents(dl_store *st, const dl_query *q,
                                    dl_incident_fn fn, void *ud);

/* Recompute every incident and near-duplicate band from the stored events
** (articles by date then id), in one savepoint. dl_store_merge() needs it
** afterwards; opening a v1 store read-write runs it once. */
DL_API dl_status dl_store_rebuild_incidents(dl_store *st);

/* What dl_store_merge() did. */
typedef struct dl_merge_stats {
  uint64_t added;      /* articles new to the store */
  uint64_t replaced;   /* stored with another text: replaced */
  uint64_t unchanged;  /* stored with the same text: skipped */
} dl_merge_stats;

/* Copy the articles of the store at 'shard' (opened read-only, any schema
** version this library reads) and all their rows into 'st', with new row
** ids: an article id stored with the same text hash is skipped, with
** another its rows are replaced. Incidents are left stale: call
** dl_store_rebuild_incidents() after the last shard. 'stats' may be NULL.
** One transaction per call; not inside dl_store_begin() (DL_E_INVAL). A
** missing or unreadable shard is DL_E_IO, a foreign one DL_E_DATA. */
DL_API dl_status dl_store_merge(dl_store *st, const char *shard,
                                dl_merge_stats *stats);

#ifdef __cplusplus
}
#endif
#endif /* DATELINE_H */
