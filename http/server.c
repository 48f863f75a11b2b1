/*
** server.c: 'dateline serve' on libmicrohttpd: a thread pool, request
** bodies with a size cap, routing to the /v1 handlers of api.c, JSON
** errors, CORS, the bearer token for writes and the dashboard's static
** files (a fixed list, loaded into memory at start: no path ever reaches
** the file system from a request).
*/
#include "http_int.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>

/* The files the dashboard needs; nothing else is ever served. */
static const struct {
  const char *name, *type;
} known[] = {
    {"index.html", "text/html; charset=utf-8"},
    {"app.js", "text/javascript; charset=utf-8"},
    {"style.css", "text/css; charset=utf-8"},
    {"d3-array.min.js", "text/javascript; charset=utf-8"},
    {"d3-geo.min.js", "text/javascript; charset=utf-8"},
    {"topojson-client.min.js", "text/javascript; charset=utf-8"},
    {"countries-110m.json", "application/json"},
};
#define NKNOWN (sizeof known / sizeof known[0])
#define MAX_FILE (8u << 20) /* a static file larger than this is skipped */

struct dlh_file {
  const char *name, *type; /* from 'known' */
  char *data;              /* the whole file, or NULL when missing */
  size_t len;
};

/* One connection's request, from its headers to its completion. */
typedef struct conn {
  char *body;          /* POST body so far */
  size_t len, cap;
  int toobig;          /* body over --max-body: discarded, 413 at the end */
  int store;           /* POST /v1/code?store=1 */
  unsigned status;     /* what was answered, for the access log */
  char method[8];
  char *url;           /* copy for the access log (--log), else NULL */
  struct timespec t0;
} conn;

/* ------------------------------------------------------------ replies */

void dlhs_error(dlh_reply *r, unsigned status, const char *msg) {
  r->status = status;
  r->body.len = 0;
  dlh_puts(&r->body, "{\"error\":");
  dlh_str(&r->body, msg);
  dlh_puts(&r->body, "}");
}

static void errorf(dlh_reply *r, unsigned status, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static void errorf(dlh_reply *r, unsigned status, const char *fmt, ...) {
  char msg[512];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(msg, sizeof msg, fmt, ap);
  va_end(ap);
  dlhs_error(r, status, msg);
}

static void common_headers(dlh_server *s, struct MHD_Response *rs) {
  MHD_add_response_header(rs, "X-Content-Type-Options", "nosniff");
  if (s->o.cors) {
    MHD_add_response_header(rs, "Access-Control-Allow-Origin", s->o.cors);
    MHD_add_response_header(rs, "Vary", "Origin");
  }
}

/* Queue 'r' (its body is handed over to MHD). */
static enum MHD_Result send_reply(dlh_server *s, struct MHD_Connection *c,
                                  conn *k, dlh_reply *r) {
  if (r->body.oom) {
    free(r->body.p);
    memset(&r->body, 0, sizeof r->body);
    r->hname = NULL;
    dlhs_error(r, 500, "out of memory");
    if (r->body.oom)
      return MHD_NO;
  }
  struct MHD_Response *rs = MHD_create_response_from_buffer(
      r->body.len, r->body.p ? r->body.p : (char *)"", 
      r->body.p ? MHD_RESPMEM_MUST_FREE : MHD_RESPMEM_PERSISTENT);
  if (!rs) {
    free(r->body.p);
    return MHD_NO;
  }
  MHD_add_response_header(rs, "Content-Type", "application/json");
  MHD_add_response_header(rs, "Cache-Control", "no-store");
  if (r->hname)
    MHD_add_response_header(rs, r->hname, r->hval);
  common_headers(s, rs);
  k->status = r->status;
  enum MHD_Result ret = MHD_queue_response(c, r->status, rs);
  MHD_destroy_response(rs);
  return ret;
}

static enum MHD_Result send_file(dlh_server *s, struct MHD_Connection *c,
                                 conn *k, const struct dlh_file *f) {
  struct MHD_Response *rs = MHD_create_response_from_buffer(
      f->len, f->data, MHD_RESPMEM_PERSISTENT);
  if (!rs)
    return MHD_NO;
  MHD_add_response_header(rs, "Content-Type", f->type);
  MHD_add_response_header(rs, "Cache-Control", "no-cache");
  MHD_add_response_header(rs, "Content-Security-Policy",
                          "default-src 'self'; img-src 'self' data:; "
                          "style-src 'self'; frame-ancestors 'none'");
  common_headers(s, rs);
  k->status = 200;
  enum MHD_Result ret = MHD_queue_response(c, 200, rs);
  MHD_destroy_response(rs);
  return ret;
}

/* ------------------------------------------------------------ workers */

static _Thread_local dlh_worker *tl_worker;

dlh_worker *dlhs_worker(dlh_server *s) {
  if (tl_worker)
    return tl_worker;
  dlh_worker *w = calloc(1, sizeof *w);
  if (!w)
    return NULL;
  pthread_mutex_lock(&s->lock);
  w->next = s->workers;
  s->workers = w;
  pthread_mutex_unlock(&s->lock);
  tl_worker = w;
  return w;
}

dl_store *dlhs_reader(dlh_server *s, dlh_worker *w, dlh_reply *r) {
  if (w->rd)
    return w->rd;
  dl_store *st = NULL;
  if (dl_store_open(s->o.db, DL_STORE_READONLY, &st) != DL_OK) {
    errorf(r, 503, "store unavailable: %s",
           st ? dl_store_errmsg(st) : "out of memory");
    dl_store_close(st);
    return NULL;
  }
  w->rd = st;
  return st;
}

/* ------------------------------------------------------------ routing */

static int ct_equal(const char *a, const char *b) { /* constant time */
  size_t na = strlen(a), nb = strlen(b);
  unsigned char d = (unsigned char)(na != nb);
  for (size_t i = 0; i < nb; i++)
    d |= (unsigned char)(a[i < na ? i : 0] ^ b[i]);
  return d == 0;
}

/* Does the request carry 'Authorization: Bearer <token>'? */
static int authorized(dlh_server *s, struct MHD_Connection *c) {
  if (!s->o.token)
    return 1;
  const char *h =
      MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Authorization");
  if (!h || strncmp(h, "Bearer ", 7) != 0)
    return 0;
  return ct_equal(h + 7, s->o.token);
}

static const struct dlh_file *find_file(dlh_server *s, const char *name) {
  for (size_t i = 0; i < s->nfiles; i++)
    if (!strcmp(s->files[i].name, name))
      return s->files[i].data ? &s->files[i] : NULL;
  return NULL;
}

static int is(const char *m, const char *want) { return !strcmp(m, want); }

static enum MHD_Result method_not_allowed(dlh_server *s,
                                          struct MHD_Connection *c, conn *k,
                                          dlh_reply *r, const char *allow) {
  errorf(r, 405, "method %s not allowed here (allowed: %s)", k->method,
         allow);
  r->hname = "Allow";
  snprintf(r->hval, sizeof r->hval, "%s", allow);
  return send_reply(s, c, k, r);
}

/* CORS preflight, when --cors is given. */
static enum MHD_Result preflight(dlh_server *s, struct MHD_Connection *c,
                                 conn *k) {
  struct MHD_Response *rs =
      MHD_create_response_from_buffer(0, (char *)"", MHD_RESPMEM_PERSISTENT);
  if (!rs)
    return MHD_NO;
  common_headers(s, rs);
  MHD_add_response_header(rs, "Access-Control-Allow-Methods",
                          "GET, POST, OPTIONS");
  MHD_add_response_header(rs, "Access-Control-Allow-Headers",
                          "Authorization, Content-Type");
  MHD_add_response_header(rs, "Access-Control-Max-Age", "600");
  k->status = 204;
  enum MHD_Result ret = MHD_queue_response(c, 204, rs);
  MHD_destroy_response(rs);
  return ret;
}

/* Every request but a POST body in flight ends here. */
static enum MHD_Result route(dlh_server *s, struct MHD_Connection *c,
                             conn *k, const char *url) {
  dlh_reply r;
  memset(&r, 0, sizeof r);
  r.status = 200;
  const char *m = k->method;
  int get = is(m, "GET") || is(m, "HEAD");
  if (is(m, "OPTIONS") && s->o.cors)
    return preflight(s, c, k);

  if (!strcmp(url, "/v1/code")) {
    if (!is(m, "POST"))
      return method_not_allowed(s, c, k, &r, "POST");
    if (k->toobig)
      errorf(&r, 413, "request body over %zu bytes (--max-body)",
             s->o.max_body);
    else
      dlha_code(s, c, k->body ? k->body : "", k->len, k->store, &r);
    return send_reply(s, c, k, &r);
  }
  int api = !strncmp(url, "/v1/", 4);
  if (api || !strcmp(url, "/healthz")) {
    const char *allow = "GET, HEAD";
    int found = 1;
    if (!strcmp(url, "/healthz")) {
      if (get)
        dlh_puts(&r.body, "{\"status\":\"ok\"}");
    } else if (!strcmp(url, "/v1/events")) {
      if (get)
        dlha_events(s, c, url, &r);
    } else if (!strcmp(url, "/v1/incidents")) {
      if (get)
        dlha_incidents(s, c, url, &r);
    } else if (!strcmp(url, "/v1/stats")) {
      if (get)
        dlha_stats(s, c, &r);
    } else if (!strncmp(url, "/v1/articles/", 13) && url[13]) {
      if (get)
        dlha_article(s, url + 13, &r);
    } else {
      found = 0;
    }
    if (!found) {
      errorf(&r, 404, "no such endpoint: %s", url);
      return send_reply(s, c, k, &r);
    }
    if (!get)
      return method_not_allowed(s, c, k, &r, allow);
    return send_reply(s, c, k, &r);
  }

  /* Static files: "..", a backslash or a '%' left after MHD's decoding
  ** (double encoding) is refused before any look-up. */
  if (strstr(url, "..") || strchr(url, '\\') || strchr(url, '%') ||
      url[0] != '/') {
    dlhs_error(&r, 403, "forbidden path");
    return send_reply(s, c, k, &r);
  }
  const char *name = !strcmp(url, "/") ? "index.html" : url + 1;
  const struct dlh_file *f = find_file(s, name);
  if (!f) {
    errorf(&r, 404, "not found: %s", url);
    return send_reply(s, c, k, &r);
  }
  if (!get)
    return method_not_allowed(s, c, k, &r, "GET, HEAD");
  return send_file(s, c, k, f);
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *c,
                                  const char *url, const char *method,
                                  const char *version, const char *data,
                                  size_t *data_size, void **con_cls) {
  dlh_server *s = cls;
  conn *k = *con_cls;
  if (!k) { /* headers are in: decide what to do with a body */
    k = calloc(1, sizeof *k);
    if (!k)
      return MHD_NO;
    *con_cls = k;
    clock_gettime(CLOCK_MONOTONIC, &k->t0);
    snprintf(k->method, sizeof k->method, "%s", method);
    if (s->o.log)
      k->url = strdup(url);
    if (!is(method, "POST") || strcmp(url, "/v1/code") != 0)
      return route(s, c, k, url); /* no body expected: answer now */
    const char *st =
        MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "store");
    k->store = st && strcmp(st, "0") != 0;
    dlh_reply r;
    memset(&r, 0, sizeof r);
    if (k->store && !authorized(s, c)) {
      dlhs_error(&r, 401, "storing needs 'Authorization: Bearer TOKEN'");
      r.hname = "WWW-Authenticate";
      snprintf(r.hval, sizeof r.hval, "Bearer realm=\"dateline\"");
      return send_reply(s, c, k, &r);
    }
    const char *cl =
        MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Content-Length");
    if (cl && strtoull(cl, NULL, 10) > s->o.max_body) {
      errorf(&r, 413, "request body over %zu bytes (--max-body)",
             s->o.max_body);
      return send_reply(s, c, k, &r);
    }
    return MHD_YES;
  }
  if (*data_size) { /* more of the body */
    size_t n = *data_size;
    *data_size = 0;
    if (k->toobig || k->status)
      return MHD_YES;
    if (n > s->o.max_body - k->len) {
      k->toobig = 1;
      free(k->body);
      k->body = NULL;
      k->len = k->cap = 0;
      return MHD_YES;
    }
    if (k->len + n > k->cap) {
      size_t cap = k->cap ? k->cap : 4096;
      while (cap < k->len + n)
        cap *= 2;
      char *p = realloc(k->body, cap);
      if (!p)
        return MHD_NO;
      k->body = p;
      k->cap = cap;
    }
    memcpy(k->body + k->len, data, n);
    k->len += n;
    return MHD_YES;
  }
  if (k->status)
    return MHD_YES; /* answered already (an early 401/413) */
  return route(s, c, k, url);
}

static void on_completed(void *cls, struct MHD_Connection *c, void **con_cls,
                         enum MHD_RequestTerminationCode toe) {
  dlh_server *s = cls;
  conn *k = *con_cls;
  if (!k)
    return;
  if (s->o.log) {
    struct timespec t1;
    clock_gettime(CLOCK_MONOTONIC, &t1);
    double ms = (double)(t1.tv_sec - k->t0.tv_sec) * 1e3 +
                (double)(t1.tv_nsec - k->t0.tv_nsec) / 1e6;
    fprintf(stderr, "%s %s %u %.1f ms%s\n", k->method,
            k->url ? k->url : "?", k->status, ms,
            toe == MHD_REQUEST_TERMINATED_COMPLETED_OK ? "" : " (aborted)");
  }
  free(k->url);
  free(k->body);
  free(k);
  *con_cls = NULL;
}

static void on_log(void *cls, const char *fmt, va_list ap) {
  fputs("dateline serve: ", stderr);
  vfprintf(stderr, fmt, ap);
}

/* ------------------------------------------------------------ start/stop */

static void load_files(dlh_server *s) {
  s->files = calloc(NKNOWN, sizeof *s->files);
  if (!s->files)
    return;
  s->nfiles = NKNOWN;
  for (size_t i = 0; i < NKNOWN; i++) {
    struct dlh_file *f = &s->files[i];
    f->name = known[i].name;
    f->type = known[i].type;
    if (!s->o.static_dir)
      continue;
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", s->o.static_dir, f->name);
    FILE *fp = fopen(path, "rb");
    if (!fp) {
      fprintf(stderr, "dateline serve: warning: %s missing\n", path);
      continue;
    }
    dlh_buf b = {0};
    char chunk[65536];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, fp)) > 0 && b.len <= MAX_FILE)
      dlh_put(&b, chunk, n);
    int bad = ferror(fp) || b.oom || b.len > MAX_FILE;
    fclose(fp);
    if (bad) {
      fprintf(stderr, "dateline serve: warning: cannot load %s\n", path);
      free(b.p);
      continue;
    }
    f->data = b.p ? b.p : calloc(1, 1);
    f->len = b.len;
  }
}

dlh_server *dlh_start(const dlh_opts *o, const dl_engine *eng,
                      unsigned *port_out) {
  dlh_server *s = calloc(1, sizeof *s);
  if (!s) {
    fputs("dateline serve: out of memory\n", stderr);
    return NULL;
  }
  s->o = *o;
  s->eng = eng;
  pthread_mutex_init(&s->lock, NULL);
  pthread_mutex_init(&s->wlock, NULL);
  load_files(s);

  struct sockaddr_in a4;
  struct sockaddr_in6 a6;
  struct sockaddr *sa;
  unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_AUTO |
                   MHD_USE_ERROR_LOG;
  memset(&a4, 0, sizeof a4);
  memset(&a6, 0, sizeof a6);
  if (inet_pton(AF_INET, o->bind, &a4.sin_addr) == 1) {
    a4.sin_family = AF_INET;
    a4.sin_port = htons((uint16_t)o->port);
    sa = (struct sockaddr *)&a4;
  } else if (inet_pton(AF_INET6, o->bind, &a6.sin6_addr) == 1) {
    a6.sin6_family = AF_INET6;
    a6.sin6_port = htons((uint16_t)o->port);
    sa = (struct sockaddr *)&a6;
    flags |= MHD_USE_IPv6;
  } else {
    fprintf(stderr, "dateline serve: --bind wants an IP address, not '%s'\n",
            o->bind);
    dlh_stop(s);
    return NULL;
  }
  s->d = MHD_start_daemon(
      flags, (uint16_t)o->port, NULL, NULL, on_request, s,
      MHD_OPTION_EXTERNAL_LOGGER, on_log, s, /* first, to catch all */
      MHD_OPTION_SOCK_ADDR, sa,
      MHD_OPTION_THREAD_POOL_SIZE, (unsigned int)o->threads,
      MHD_OPTION_CONNECTION_TIMEOUT, (unsigned int)o->timeout,
      MHD_OPTION_CONNECTION_MEMORY_LIMIT, o->conn_memory,
      MHD_OPTION_CONNECTION_LIMIT, (unsigned int)o->max_conns,
      MHD_OPTION_NOTIFY_COMPLETED, on_completed, s,
      MHD_OPTION_END);
  if (!s->d) {
    fprintf(stderr, "dateline serve: cannot listen on %s port %u\n", o->bind,
            o->port);
    dlh_stop(s);
    return NULL;
  }
  if (port_out) {
    const union MHD_DaemonInfo *di =
        MHD_get_daemon_info(s->d, MHD_DAEMON_INFO_BIND_PORT);
    *port_out = di ? di->port : o->port;
  }
  return s;
}

void dlh_stop(dlh_server *s) {
  if (!s)
    return;
  if (s->d)
    MHD_stop_daemon(s->d); /* joins the pool: no worker runs after this */
  for (dlh_worker *w = s->workers, *nx; w; w = nx) {
    nx = w->next;
    dl_store_close(w->rd);
    dl_doc_free(w->doc);
    free(w);
  }
  dl_store_close(s->wr);
  for (size_t i = 0; i < s->nfiles; i++)
    free(s->files[i].data);
  free(s->files);
  pthread_mutex_destroy(&s->lock);
  pthread_mutex_destroy(&s->wlock);
  free(s);
}
