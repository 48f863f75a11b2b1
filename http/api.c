/*
** api.c: the /v1 handlers of 'dateline serve': events and counts from the
** store (the filters of 'dateline query' as URL parameters, paginated),
** coding an article sent as JSON (and storing it), articles, incidents.
** Each handler fills a dlh_reply; server.c sends it.
*/
#include "http_int.h"

#include <errno.h>
#include <jansson.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#define DEF_LIMIT 100
#define MAX_LIMIT 5000

/* ------------------------------------------------------------ parameters */

/* The parameters of an events/stats request, validated. */
typedef struct params {
  dl_query q;
  uint64_t limit, offset;
  const char *by;       /* stats grouping, or NULL */
  const char *bad;      /* first problem found, NULL when fine */
  char msg[256];
  const char *const *allowed;
} params;

static const char *const ev_keys[] = {
    "actor", "country", "root", "cameo", "plover", "since", "until", "near",
    "text", "modality", "limit", "offset", "cursor", "incident", NULL};
static const char *const in_keys[] = {
    "actor", "country", "root", "since", "until", "near", "text", "incident",
    "limit", "offset", "cursor", NULL};
static const char *const st_keys[] = {
    "actor", "country", "root", "cameo", "plover", "since", "until", "near",
    "text", "modality", "by", NULL};

static int parse_u64(const char *v, uint64_t *out) {
  char *end;
  if (!*v || *v == '-' || *v == '+' || *v == ' ')
    return 0;
  errno = 0;
  unsigned long long n = strtoull(v, &end, 10);
  if (errno || *end)
    return 0;
  *out = n;
  return 1;
}

static void bad(params *p, const char *fmt, const char *a) {
  if (p->bad)
    return;
  snprintf(p->msg, sizeof p->msg, fmt, a);
  p->bad = p->msg;
}

static enum MHD_Result on_param(void *cls, enum MHD_ValueKind kind,
                                const char *key, const char *v) {
  params *p = cls;
  int known = 0;
  for (const char *const *k = p->allowed; *k; k++)
    known |= !strcmp(*k, key);
  if (!known) {
    bad(p, "unknown parameter '%s'", key);
    return MHD_YES;
  }
  if (!v)
    v = "";
  dl_query *q = &p->q;
  if (!*v) /* an empty value does not filter */
    return MHD_YES;
  const char *form;
  int set = dl_query_set(q, key, v, &form);
  if (set == 0 && !p->bad) {
    snprintf(p->msg, sizeof p->msg, "'%s' wants %s, not '%s'", key, form, v);
    p->bad = p->msg;
  }
  if (set >= 0)
    return MHD_YES;
  if (!strcmp(key, "limit")) {
    if (!parse_u64(v, &p->limit) || p->limit == 0 || p->limit > MAX_LIMIT)
      bad(p, "'limit' wants 1 to 5000, not '%s'", v);
  } else if (!strcmp(key, "offset") || !strcmp(key, "cursor")) {
    if (!parse_u64(v, &p->offset) || p->offset > (1ull << 40))
      bad(p, "bad offset or cursor '%s'", v);
  } else if (!strcmp(key, "by")) {
    p->by = v;
  }
  return MHD_YES;
}

/* Read and check the query string; sets a 400 reply and returns 0 when it
** is wrong. */
static int get_params(struct MHD_Connection *c, params *p,
                      const char *const *allowed, dlh_reply *r) {
  memset(p, 0, sizeof *p);
  p->allowed = allowed;
  p->limit = DEF_LIMIT;
  MHD_get_connection_values(c, MHD_GET_ARGUMENT_KIND, on_param, p);
  int kinds = !!p->q.root + !!p->q.cameo + !!p->q.plover;
  if (kinds > 1)
    bad(p, "use one of 'root', 'cameo', 'plover'%s", "");
  if (p->bad) {
    dlhs_error(r, 400, p->bad);
    return 0;
  }
  return 1;
}

/* A store failure: bad FTS syntax and such are the client's (400). */
static void store_error(dl_store *st, dl_status s, dlh_reply *r) {
  dlhs_error(r, s == DL_E_INVAL ? 400 : 500, dl_store_errmsg(st));
}

/* ------------------------------------------------------------ events */

typedef struct ev_out {
  dlh_buf *b;
  uint64_t skip;    /* rows before the page */
  uint64_t want;    /* rows of the page */
  uint64_t n;       /* rows written */
  int more;         /* a row after the page exists */
} ev_out;

static void actor(dlh_buf *b, const char *text, const char *code) {
  if (!text && !code) {
    dlh_puts(b, "null");
    return;
  }
  dlh_puts(b, "{\"text\":");
  dlh_str(b, text);
  dlh_puts(b, ",\"code\":");
  dlh_str(b, code);
  dlh_puts(b, "}");
}

/* One event row as JSON, the fields of 'dateline query --format json'. */
static void event_json(dlh_buf *b, const dl_event_row *r) {
  dlh_puts(b, "{\"article\":");
  dlh_str(b, r->article);
  dlh_puts(b, ",\"id\":");
  dlh_str(b, r->id);
  dlh_puts(b, ",\"day\":");
  dlh_str(b, r->day);
  dlh_puts(b, ",\"date\":");
  dlh_str(b, r->date);
  dlh_puts(b, ",\"trigger\":");
  dlh_str(b, r->trigger);
  dlh_printf(b, ",\"span\":[%u,%u],\"cameo\":", r->span_s, r->span_e);
  dlh_str(b, r->cameo);
  dlh_puts(b, ",\"root\":");
  dlh_str(b, r->root);
  dlh_puts(b, ",\"quad_class\":");
  dlh_int(b, r->quad_class ? r->quad_class : -1);
  dlh_puts(b, ",\"goldstein\":");
  dlh_num(b, r->goldstein, 1);
  dlh_puts(b, ",\"plover\":");
  dlh_str(b, r->plover);
  dlh_puts(b, ",\"source\":");
  actor(b, r->source_text, r->source_code);
  dlh_puts(b, ",\"target\":");
  actor(b, r->target_text, r->target_code);
  dlh_puts(b, ",\"place\":");
  if (r->place || r->has_geo) {
    dlh_puts(b, "{\"name\":");
    dlh_str(b, r->place);
    dlh_puts(b, ",\"country\":");
    dlh_str(b, r->country);
    dlh_puts(b, ",\"lat\":");
    if (r->has_geo)
      dlh_num(b, r->lat, 4);
    else
      dlh_puts(b, "null");
    dlh_puts(b, ",\"lon\":");
    if (r->has_geo)
      dlh_num(b, r->lon, 4);
    else
      dlh_puts(b, "null");
    dlh_puts(b, "}");
  } else {
    dlh_puts(b, "null");
  }
  dlh_puts(b, ",\"modality\":");
  dlh_str(b, r->modality);
  dlh_puts(b, ",\"killed\":");
  dlh_int(b, r->killed);
  dlh_puts(b, ",\"injured\":");
  dlh_int(b, r->injured);
  dlh_puts(b, ",\"arrested\":");
  dlh_int(b, r->arrested);
  dlh_puts(b, ",\"rule\":");
  dlh_str(b, r->rule);
  dlh_puts(b, ",\"incident\":");
  if (r->incident > 0)
    dlh_printf(b, "%lld", (long long)r->incident);
  else
    dlh_puts(b, "null");
  dlh_puts(b, "}");
}

static int on_event(void *ud, const dl_event_row *r) {
  ev_out *o = ud;
  if (o->skip) { /* offset paging: rows before the page are read, unsent */
    o->skip--;
    return 0;
  }
  if (o->n == o->want) {
    o->more = 1;
    return 1;
  }
  if (o->n)
    dlh_puts(o->b, ",");
  event_json(o->b, r);
  o->n++;
  return o->b->oom;
}

/* Percent-encode 'v' for a query string. */
static void url_enc(dlh_buf *b, const char *v) {
  static const char hex[] = "0123456789ABCDEF";
  for (const unsigned char *p = (const unsigned char *)v; *p; p++) {
    if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
        (*p >= '0' && *p <= '9') || *p == '-' || *p == '_' || *p == '.' ||
        *p == '~' || *p == ',') {
      dlh_put(b, (const char *)p, 1);
    } else {
      char e[3] = {'%', hex[*p >> 4], hex[*p & 15]};
      dlh_put(b, e, 3);
    }
  }
}

typedef struct next_ctx {
  dlh_buf *b;
  int first;
} next_ctx;

static enum MHD_Result copy_param(void *cls, enum MHD_ValueKind kind,
                                  const char *key, const char *v) {
  next_ctx *n = cls;
  if (!strcmp(key, "offset") || !strcmp(key, "cursor") ||
      !strcmp(key, "limit"))
    return MHD_YES;
  dlh_puts(n->b, n->first ? "?" : "&");
  n->first = 0;
  url_enc(n->b, key);
  dlh_puts(n->b, "=");
  url_enc(n->b, v ? v : "");
  return MHD_YES;
}

/* Close a page: its counts and the URL of the next one (or null). */
static void page_end(struct MHD_Connection *c, const char *path,
                     const params *p, const ev_out *o, dlh_buf *b) {
  dlh_printf(b, "],\"count\":%llu,\"offset\":%llu,\"limit\":%llu,\"next\":",
             (unsigned long long)o->n, (unsigned long long)p->offset,
             (unsigned long long)p->limit);
  if (o->more) { /* the same request, one page on */
    dlh_buf u = {0};
    next_ctx n = {&u, 1};
    dlh_puts(&u, path);
    MHD_get_connection_values(c, MHD_GET_ARGUMENT_KIND, copy_param, &n);
    dlh_printf(&u, "%soffset=%llu&limit=%llu", n.first ? "?" : "&",
               (unsigned long long)(p->offset + p->limit),
               (unsigned long long)p->limit);
    if (u.oom)
      b->oom = 1;
    else
      dlh_strn(b, u.p, u.len);
    free(u.p);
  } else {
    dlh_puts(b, "null");
  }
  dlh_puts(b, "}");
}

void dlha_events(dlh_server *s, struct MHD_Connection *c, const char *path,
                 dlh_reply *r) {
  params p;
  if (!get_params(c, &p, ev_keys, r))
    return;
  dlh_worker *w = dlhs_worker(s);
  if (!w) {
    dlhs_error(r, 500, "out of memory");
    return;
  }
  dl_store *st = dlhs_reader(s, w, r);
  if (!st)
    return;
  dlh_buf *b = &r->body;
  dlh_puts(b, "{\"events\":[");
  ev_out o = {b, p.offset, p.limit, 0, 0};
  p.q.limit = p.offset + p.limit + 1; /* one more: is there a next page? */
  dl_status rc = dl_store_query(st, &p.q, on_event, &o);
  if (rc != DL_OK) {
    store_error(st, rc, r);
    return;
  }
  page_end(c, path, &p, &o, b);
}

/* ------------------------------------------------------------ stats */

typedef struct cnt_out {
  dlh_buf *b;
  uint64_t n, total;
  char first[16], last[16]; /* days, for DL_BY_DAY */
} cnt_out;

static int on_count(void *ud, const char *key, uint64_t n) {
  cnt_out *o = ud;
  if (o->n++)
    dlh_puts(o->b, ",");
  dlh_puts(o->b, "{\"key\":");
  dlh_str(o->b, key);
  dlh_printf(o->b, ",\"events\":%llu}", (unsigned long long)n);
  o->total += n;
  if (key) {
    if (!o->first[0])
      snprintf(o->first, sizeof o->first, "%s", key);
    snprintf(o->last, sizeof o->last, "%s", key);
  }
  return o->b->oom;
}

static const char *const by_names[] = {"day",     "week", "month",
                                       "country", "root", "plover"};

void dlha_stats(dlh_server *s, struct MHD_Connection *c, dlh_reply *r) {
  params p;
  if (!get_params(c, &p, st_keys, r))
    return;
  int by = -1;
  if (p.by) {
    for (int i = 0; i < 6; i++)
      if (!strcmp(p.by, by_names[i]))
        by = i;
    if (by < 0) {
      dlhs_error(r, 400,
                 "'by' is day, week, month, country, root or plover");
      return;
    }
  }
  dlh_worker *w = dlhs_worker(s);
  if (!w) {
    dlhs_error(r, 500, "out of memory");
    return;
  }
  dl_store *st = dlhs_reader(s, w, r);
  if (!st)
    return;
  dlh_buf *b = &r->body;
  dl_status rc;
  if (by >= 0) { /* one grouping */
    cnt_out o = {b, 0, 0, "", ""};
    dlh_printf(b, "{\"by\":\"%s\",\"counts\":[", by_names[by]);
    rc = dl_store_count(st, &p.q, (dl_count_by)by, on_count, &o);
    if (rc != DL_OK) {
      store_error(st, rc, r);
      return;
    }
    dlh_printf(b, "],\"events\":%llu}", (unsigned long long)o.total);
    return;
  }
  /* the overview: totals, the day range and three groupings */
  static const dl_count_by groups[] = {DL_BY_ROOT, DL_BY_PLOVER,
                                       DL_BY_COUNTRY, DL_BY_DAY};
  static const char *const gnames[] = {"by_root", "by_plover", "by_country",
                                       "by_day"};
  cnt_out o = {b, 0, 0, "", ""};
  dlh_puts(b, "{");
  for (int i = 0; i < 4; i++) {
    memset(&o, 0, sizeof o);
    o.b = b;
    dlh_printf(b, "%s\"%s\":[", i ? "," : "", gnames[i]);
    rc = dl_store_count(st, &p.q, groups[i], on_count, &o);
    if (rc != DL_OK) {
      store_error(st, rc, r);
      return;
    }
    dlh_puts(b, "]");
  }
  dlh_printf(b, ",\"events\":%llu,\"days\":%llu,\"first_day\":",
             (unsigned long long)o.total, (unsigned long long)o.n);
  dlh_str(b, o.first[0] ? o.first : NULL);
  dlh_puts(b, ",\"last_day\":");
  dlh_str(b, o.last[0] ? o.last : NULL);
  dlh_puts(b, "}");
}

/* ------------------------------------------------------------ code */

/* A string field of the posted object: NULL when absent or null; sets
** *bad when it is there but not a string. */
static const char *field(json_t *o, const char *k, size_t *len, int *badf) {
  json_t *v = json_object_get(o, k);
  *len = 0;
  if (!v || json_is_null(v))
    return NULL;
  if (!json_is_string(v)) {
    *badf = 1;
    return NULL;
  }
  *len = json_string_length(v);
  return json_string_value(v);
}

void dlha_code(dlh_server *s, struct MHD_Connection *c, const char *body,
               size_t len, int store, dlh_reply *r) {
  json_error_t je;
  json_t *o = json_loadb(body, len, JSON_REJECT_DUPLICATES, &je);
  if (!o) {
    char msg[300];
    snprintf(msg, sizeof msg, "invalid JSON at byte %d: %s", je.position,
             je.text);
    dlhs_error(r, 400, msg);
    return;
  }
  if (!json_is_object(o)) {
    json_decref(o);
    dlhs_error(r, 400, "the body must be a JSON object "
                       "{\"id\",\"date\",\"title\",\"url\",\"text\"}");
    return;
  }
  dl_article a;
  memset(&a, 0, sizeof a);
  int badf = 0;
  a.id = field(o, "id", &a.id_len, &badf);
  a.date = field(o, "date", &a.date_len, &badf);
  a.title = field(o, "title", &a.title_len, &badf);
  a.url = field(o, "url", &a.url_len, &badf);
  a.text = field(o, "text", &a.text_len, &badf);
  const char *why = badf      ? "'id', 'date', 'title', 'url' and 'text' "
                                "must be strings"
                    : !a.text ? "'text' is required"
                    : store && !a.id ? "storing needs an 'id'"
                                     : NULL;
  if (why) {
    json_decref(o);
    dlhs_error(r, 400, why);
    return;
  }
  dlh_worker *w = dlhs_worker(s);
  if (w && !w->doc && dl_doc_new(s->eng, &w->doc) != DL_OK)
    w->doc = NULL;
  if (!w || !w->doc) {
    json_decref(o);
    dlhs_error(r, 500, "out of memory");
    return;
  }
  dl_status rc = dl_doc_code(w->doc, &a);
  json_decref(o);
  if (rc == DL_E_TOOBIG) {
    dlhs_error(r, 413, "article text over the engine's limit");
    return;
  }
  if (rc != DL_OK) {
    dlhs_error(r, 500, dl_strerror(rc));
    return;
  }
  if (store) {
    pthread_mutex_lock(&s->wlock);
    dl_status ws = DL_OK;
    if (!s->wr && (ws = dl_store_open(s->o.db, DL_STORE_READWRITE,
                                      &s->wr)) != DL_OK) {
      dlhs_error(r, 500, s->wr ? dl_store_errmsg(s->wr) : "out of memory");
      dl_store_close(s->wr);
      s->wr = NULL;
    }
    dl_put res = DL_PUT_NEW;
    if (ws == DL_OK && (ws = dl_store_put(s->wr, w->doc, &res)) != DL_OK)
      dlhs_error(r, ws == DL_E_INPUT ? 400 : 500, dl_store_errmsg(s->wr));
    pthread_mutex_unlock(&s->wlock);
    if (ws != DL_OK)
      return;
    static const char *const put_names[] = {"new", "replaced", "unchanged"};
    r->status = res == DL_PUT_NEW ? 201 : 200;
    r->hname = "X-Dateline-Stored";
    snprintf(r->hval, sizeof r->hval, "%s", put_names[res]);
  }
  const char *out;
  size_t n;
  if (dl_doc_json(w->doc, 0, &out, &n) != DL_OK) {
    dlhs_error(r, 500, "cannot write the record");
    return;
  }
  while (n && out[n - 1] == '\n')
    n--;
  dlh_put(&r->body, out, n);
}

/* ------------------------------------------------------------ the rest */

static void on_article(void *ud, const dl_stored_article *a) {
  dlh_buf *b = ud;
  dlh_puts(b, "{\"id\":");
  dlh_strn(b, a->id, a->id_len);
  dlh_puts(b, ",\"date\":");
  dlh_str(b, a->date);
  dlh_puts(b, ",\"title\":");
  dlh_str(b, a->title);
  dlh_puts(b, ",\"url\":");
  dlh_str(b, a->url);
  dlh_puts(b, ",\"text\":");
  dlh_strn(b, a->text, a->text_len);
  dlh_puts(b, ",\"record\":"); /* stored by dl_store_put: already JSON */
  dlh_put(b, a->record, a->record_len);
  dlh_puts(b, "}");
}

/* GET /v1/articles/{id}: the stored article with its record (404 when
** absent). 'id' is the rest of the path, which MHD has percent-decoded. */
void dlha_article(dlh_server *s, const char *id, dlh_reply *r) {
  dlh_worker *w = dlhs_worker(s);
  if (!w) {
    dlhs_error(r, 500, "out of memory");
    return;
  }
  dl_store *st = dlhs_reader(s, w, r);
  if (!st)
    return;
  dl_status rc = dl_store_article(st, id, strlen(id), on_article, &r->body);
  if (rc == DL_E_INPUT) {
    size_t n = strlen(id);
    if (n > 200) /* shortened on a UTF-8 character boundary */
      for (n = 200; n && ((unsigned char)id[n] & 0xC0) == 0x80; n--)
        ;
    char msg[300];
    snprintf(msg, sizeof msg, "no article '%.*s'", (int)n, id);
    dlhs_error(r, 404, msg);
  } else if (rc != DL_OK) {
    store_error(st, rc, r);
  } else if (r->body.oom) {
    dlhs_error(r, 500, "out of memory");
  }
}

static void tolls(dlh_buf *b, const char *name, const int64_t *v) {
  dlh_printf(b, ",\"%s\":[", name);
  for (int i = 0; i < 3; i++) {
    if (i)
      dlh_puts(b, ",");
    dlh_int(b, v[i]);
  }
  dlh_puts(b, "]");
}

static int on_incident(void *ud, const dl_incident_row *r) {
  ev_out *o = ud;
  if (o->skip) {
    o->skip--;
    return 0;
  }
  if (o->n == o->want) {
    o->more = 1;
    return 1;
  }
  dlh_buf *b = o->b;
  if (o->n++)
    dlh_puts(b, ",");
  dlh_printf(b, "{\"id\":%lld,\"family\":", (long long)r->id);
  dlh_str(b, r->family);
  dlh_puts(b, ",\"first_day\":");
  dlh_str(b, r->first_day);
  dlh_puts(b, ",\"last_day\":");
  dlh_str(b, r->last_day);
  dlh_puts(b, ",\"place\":");
  dlh_str(b, r->place);
  dlh_puts(b, ",\"country\":");
  dlh_str(b, r->country);
  dlh_puts(b, ",\"admin1\":");
  dlh_str(b, r->admin1);
  dlh_puts(b, ",\"lat\":");
  if (r->has_geo)
    dlh_num(b, r->lat, 4);
  else
    dlh_puts(b, "null");
  dlh_puts(b, ",\"lon\":");
  if (r->has_geo)
    dlh_num(b, r->lon, 4);
  else
    dlh_puts(b, "null");
  dlh_printf(b, ",\"mentions\":%llu,\"articles\":%llu,\"sources\":%llu",
             (unsigned long long)r->mentions, (unsigned long long)r->articles,
             (unsigned long long)r->sources);
  tolls(b, "killed", r->killed);
  tolls(b, "injured", r->injured);
  tolls(b, "arrested", r->arrested);
  dlh_puts(b, ",\"reports\":[");
  for (size_t i = 0; i < r->nreports; i++) {
    const dl_incident_report *e = &r->reports[i];
    dlh_puts(b, i ? ",{\"article\":" : "{\"article\":");
    dlh_str(b, e->article);
    dlh_puts(b, ",\"event\":");
    dlh_str(b, e->event);
    dlh_puts(b, ",\"day\":");
    dlh_str(b, e->day);
    dlh_puts(b, ",\"cameo\":");
    dlh_str(b, e->cameo);
    dlh_puts(b, ",\"trigger\":");
    dlh_str(b, e->trigger);
    dlh_puts(b, ",\"source_code\":");
    dlh_str(b, e->source_code);
    dlh_puts(b, ",\"target_code\":");
    dlh_str(b, e->target_code);
    dlh_puts(b, ",\"place\":");
    dlh_str(b, e->place);
    dlh_puts(b, ",\"via\":");
    dlh_str(b, e->via);
    dlh_puts(b, ",\"outlet\":");
    dlh_str(b, e->outlet);
    dlh_puts(b, ",\"killed\":");
    dlh_int(b, e->killed);
    dlh_puts(b, ",\"injured\":");
    dlh_int(b, e->injured);
    dlh_puts(b, ",\"arrested\":");
    dlh_int(b, e->arrested);
    dlh_puts(b, "}");
  }
  dlh_puts(b, "]}");
  return b->oom;
}

/* Incidents (dl_store_incidents), paged like events. */
void dlha_incidents(dlh_server *s, struct MHD_Connection *c, const char *path,
                    dlh_reply *r) {
  params p;
  if (!get_params(c, &p, in_keys, r))
    return;
  dlh_worker *w = dlhs_worker(s);
  if (!w) {
    dlhs_error(r, 500, "out of memory");
    return;
  }
  dl_store *st = dlhs_reader(s, w, r);
  if (!st)
    return;
  dlh_buf *b = &r->body;
  dlh_puts(b, "{\"incidents\":[");
  ev_out o = {b, p.offset, p.limit, 0, 0};
  p.q.limit = p.offset + p.limit + 1;
  dl_status rc = dl_store_incidents(st, &p.q, on_incident, &o);
  if (rc != DL_OK) {
    store_error(st, rc, r);
    return;
  }
  page_end(c, path, &p, &o, b);
}
