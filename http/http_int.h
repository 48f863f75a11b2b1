/*
** http_int.h: what server.c (the daemon, routing, static files) and api.c
** (the /v1 handlers) share inside the http module.
*/
#ifndef DL_HTTP_INT_H
#define DL_HTTP_INT_H
#include "http.h"

#include <microhttpd.h>
#include <pthread.h>

/* One request's reply: status, JSON body, extra header. */
typedef struct dlh_reply {
  unsigned status;      /* HTTP status */
  dlh_buf body;         /* JSON (owned; handed to MHD) */
  const char *hname;    /* one extra header, or NULL */
  char hval[64];
} dlh_reply;

/* Resources of one worker thread, made on its first request. */
typedef struct dlh_worker {
  dl_store *rd;              /* read-only store connection, or NULL */
  dl_doc *doc;               /* document for POST /v1/code */
  struct dlh_worker *next;   /* all workers, freed at stop */
} dlh_worker;

struct dlh_server {
  struct MHD_Daemon *d;
  dlh_opts o;
  const dl_engine *eng;
  pthread_mutex_t lock;      /* the worker list */
  dlh_worker *workers;
  pthread_mutex_t wlock;     /* the one write connection */
  dl_store *wr;              /* read-write store, opened on first write */
  struct dlh_file *files;    /* static files, loaded at start */
  size_t nfiles;
};

/* Set an error reply {"error": msg}. */
void dlhs_error(dlh_reply *r, unsigned status, const char *msg);
/* The calling thread's worker, made on first use (NULL: out of memory). */
dlh_worker *dlhs_worker(dlh_server *s);
/* The worker's read-only store, opened on first use; NULL after setting
** an error reply. */
dl_store *dlhs_reader(dlh_server *s, dlh_worker *w, dlh_reply *r);

/* GET /v1/events and /v1/stats: filters from the query string. */
void dlha_events(dlh_server *s, struct MHD_Connection *c, const char *path,
                 dlh_reply *r);
void dlha_stats(dlh_server *s, struct MHD_Connection *c, dlh_reply *r);
/* POST /v1/code: 'body' is the whole request body. */
void dlha_code(dlh_server *s, struct MHD_Connection *c, const char *body,
               size_t len, int store, dlh_reply *r);
/* GET /v1/articles/{id} and /v1/incidents. */
void dlha_article(dlh_server *s, const char *id, dlh_reply *r);
void dlha_incidents(dlh_server *s, struct MHD_Connection *c, const char *path,
                    dlh_reply *r);

#endif
