/*
** http.h: the HTTP API and dashboard server behind 'dateline serve'
** (DESIGN.md "http"). Built on libmicrohttpd and, like cli/, only on the
** public header dateline.h.
*/
#ifndef DL_HTTP_H
#define DL_HTTP_H
#include "dateline.h"
#include <stddef.h>

/* What 'dateline serve' was told. Strings are borrowed for the server's
** life. */
typedef struct dlh_opts {
  const char *db;          /* the store (read-only readers, one writer) */
  const char *bind;        /* IPv4 or IPv6 address, default 127.0.0.1 */
  unsigned port;           /* TCP port; 0 = any free one */
  unsigned threads;        /* worker threads of the pool, >= 1 */
  const char *token;       /* bearer token for writes; NULL = none needed */
  const char *cors;        /* Access-Control-Allow-Origin; NULL = no CORS */
  const char *static_dir;  /* dashboard files; NULL = none served */
  size_t max_body;         /* largest request body in bytes */
  unsigned timeout;        /* seconds of silence before a client is dropped */
  size_t conn_memory;      /* per-connection memory: caps URL and headers */
  unsigned max_conns;      /* simultaneous connections */
  int log;                 /* one access-log line per request on stderr */
} dlh_opts;

typedef struct dlh_server dlh_server;

/* Start serving with 'eng' (shared, read-only; must outlive the server).
** Returns NULL after printing why on stderr. The port actually bound is
** in *port_out when it is not NULL. */
dlh_server *dlh_start(const dlh_opts *o, const dl_engine *eng,
                      unsigned *port_out);
/* Stop accepting, finish the requests in flight, free everything. */
void dlh_stop(dlh_server *s);

/* ---------------------------------------------------------- JSON output */

/* A growable byte buffer; 'oom' is sticky, checked once at the end. */
typedef struct dlh_buf {
  char *p;      /* malloc'd bytes, not NUL-terminated */
  size_t len;   /* bytes used */
  size_t cap;   /* bytes allocated */
  int oom;      /* an allocation failed: contents incomplete */
} dlh_buf;

void dlh_put(dlh_buf *b, const char *s, size_t n);
void dlh_puts(dlh_buf *b, const char *s);
/* Formatted text (snprintf rules), at most 255 bytes per call. */
void dlh_printf(dlh_buf *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* 's' as a JSON string, or null when 's' is NULL. */
void dlh_str(dlh_buf *b, const char *s);
void dlh_strn(dlh_buf *b, const char *s, size_t n);
/* A number with at most 'prec' decimals, trailing zeros trimmed; null when
** not finite. */
void dlh_num(dlh_buf *b, double v, int prec);
/* An integer, or null when negative. */
void dlh_int(dlh_buf *b, long long v);

#endif
