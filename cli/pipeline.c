/*
** pipeline.c: the driver every coding subcommand shares. Reads articles from
** the inputs, codes them on N worker threads (one read-only engine, one
** document per slot) and hands each coded document to a sink on the calling
** thread, strictly in input order. Locks guard only the hand-over of a slot,
** never the work on an article.
*/
#include "cli.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

enum { S_FREE, S_READY, S_BUSY, S_DONE };

typedef struct slot {
  dl_doc *doc;
  int state;
  cli_item item;
  char *buf;          /* the article's fields and messages, back to back */
  size_t cap;
  dl_article art;
  char *errmsg;       /* reader error (item.bad), in 'buf' */
  size_t nwarn;
  char **warn;        /* reader warnings, in 'buf' */
  size_t warncap;
} slot;

typedef struct pipe {
  const dl_engine *eng;
  slot *ring;
  size_t n;           /* slots */
  uint64_t next_take; /* next sequence number a worker takes */
  uint64_t filled;    /* sequence numbers handed in so far */
  int stop;
  pthread_mutex_t mu;
  pthread_cond_t cv;
} pipe_t;

/* Code the slot's article (or make its error record). */
static void work(slot *s) {
  if (s->item.bad) {
    dl_doc_set_error(s->doc, s->art.id, s->art.id_len, s->errmsg);
    s->item.status = DL_E_INPUT;
    return;
  }
  s->item.status = dl_doc_code(s->doc, &s->art);
  if (s->item.status == DL_OK)
    for (size_t i = 0; i < s->nwarn; i++)
      dl_doc_warn(s->doc, s->warn[i]);
}

static void *worker(void *arg) {
  pipe_t *p = arg;
  pthread_mutex_lock(&p->mu);
  for (;;) {
    while (!p->stop && p->next_take >= p->filled)
      pthread_cond_wait(&p->cv, &p->mu);
    if (p->next_take >= p->filled && p->stop)
      break;
    slot *s = &p->ring[p->next_take % p->n];
    p->next_take++;
    s->state = S_BUSY;
    pthread_mutex_unlock(&p->mu);
    work(s);
    pthread_mutex_lock(&p->mu);
    s->state = S_DONE;
    pthread_cond_broadcast(&p->cv);
  }
  pthread_mutex_unlock(&p->mu);
  return NULL;
}

/* Copy 'n' bytes into the slot buffer at *off; returns the copy. */
static const char *put(slot *s, size_t *off, const char *src, size_t n) {
  if (!src)
    return NULL;
  char *d = s->buf + *off;
  memcpy(d, src, n);
  d[n] = '\0';
  *off += n + 1;
  return d;
}

/* Fill a slot with the reader's current article (or error). */
static int fill(slot *s, dl_reader *rd, const dl_article *a, dl_status st,
                const dl_where *w) {
  const char *msg = st == DL_E_INPUT ? dl_reader_errmsg(rd) : NULL;
  size_t nw = st == DL_OK ? dl_reader_nwarnings(rd) : 0;
  size_t need = a->id_len + a->date_len + a->title_len + a->url_len +
                a->text_len + 8 + (msg ? strlen(msg) + 1 : 0);
  for (size_t i = 0; i < nw; i++)
    need += strlen(dl_reader_warning(rd, i)) + 1;
  if (need > s->cap) {
    size_t cap = need < 65536 ? 65536 : need + need / 4;
    char *b = realloc(s->buf, cap);
    if (!b)
      return -1;
    s->buf = b;
    s->cap = cap;
  }
  if (nw > s->warncap) {
    char **wv = realloc(s->warn, nw * sizeof *wv);
    if (!wv)
      return -1;
    s->warn = wv;
    s->warncap = nw;
  }
  size_t off = 0;
  memset(&s->art, 0, sizeof s->art);
  s->art.id = put(s, &off, a->id, a->id_len);
  s->art.id_len = a->id_len;
  s->art.date = put(s, &off, a->date, a->date_len);
  s->art.date_len = a->date_len;
  s->art.title = put(s, &off, a->title, a->title_len);
  s->art.title_len = a->title_len;
  s->art.url = put(s, &off, a->url, a->url_len);
  s->art.url_len = a->url_len;
  s->art.text = put(s, &off, a->text, a->text_len);
  s->art.text_len = a->text_len;
  s->errmsg = msg ? (char *)put(s, &off, msg, strlen(msg)) : NULL;
  s->nwarn = nw;
  for (size_t i = 0; i < nw; i++) {
    const char *wm = dl_reader_warning(rd, i);
    s->warn[i] = (char *)put(s, &off, wm, strlen(wm));
  }
  memset(&s->item, 0, sizeof s->item);
  s->item.bad = st == DL_E_INPUT;
  s->item.file = w->file;
  s->item.line = w->line;
  s->item.text_len = a->text_len;
  return 0;
}

/* Run the inputs through the engine; 'sink' sees every document in order.
** Returns 0, or -1 if the pipeline could not be set up. */
int cli_pipe_run(const dl_engine *eng, const char *const *inputs, int nin,
                 const cli_pipe *cfg, cli_stats *st) {
  int jobs = cfg->jobs;
  const dl_reader_opts *ro = cfg->ro;
  cli_sink sink = cfg->sink;
  void *ud = cfg->ud;
  if (jobs <= 0) {
    long nc = sysconf(_SC_NPROCESSORS_ONLN);
    jobs = nc > 0 ? (int)nc : 1;
  }
  if (jobs > 256)
    jobs = 256;
  pipe_t p;
  memset(&p, 0, sizeof p);
  p.eng = eng;
  p.n = jobs == 1 ? 1 : (size_t)jobs * 4;
  p.ring = calloc(p.n, sizeof *p.ring);
  pthread_t *th = jobs > 1 ? calloc((size_t)jobs, sizeof *th) : NULL;
  int rc = 0, nth = 0;
  if (!p.ring || (jobs > 1 && !th)) {
    rc = -1;
    goto out;
  }
  for (size_t i = 0; i < p.n; i++)
    if (dl_doc_new(eng, &p.ring[i].doc) != DL_OK) {
      rc = -1;
      goto out;
    }
  pthread_mutex_init(&p.mu, NULL);
  pthread_cond_init(&p.cv, NULL);
  for (; nth < jobs && jobs > 1; nth++)
    if (pthread_create(&th[nth], NULL, worker, &p) != 0)
      break;
  if (jobs > 1 && nth == 0) { /* no threads: work inline */
    jobs = 1;
  }
  uint64_t next_out = 0;
  for (int k = 0; k < nin && !(cfg->stop && *cfg->stop); k++) {
    dl_reader *rd = NULL;
    dl_status s0 = dl_reader_open(inputs[k], ro, &rd);
    if (s0 != DL_OK) {
      fprintf(stderr, "dateline: %s: %s\n", inputs[k],
              rd ? dl_reader_errmsg(rd) : dl_strerror(s0));
      dl_reader_close(rd);
      st->bad++;
      continue;
    }
    while (!(cfg->stop && *cfg->stop)) {
      dl_article a;
      dl_where w = {0};
      memset(&a, 0, sizeof a);
      dl_status s1 = dl_reader_next(rd, &a, &w);
      if (s1 == DL_E_EOF)
        break;
      if (s1 == DL_E_IO) {
        fprintf(stderr, "dateline: %s\n", dl_reader_errmsg(rd));
        st->bad++;
        continue;
      }
      if (s1 != DL_OK && s1 != DL_E_INPUT) {
        fprintf(stderr, "dateline: %s: %s\n", inputs[k], dl_strerror(s1));
        st->bad++;
        break;
      }
      if (s1 == DL_E_INPUT)
        fprintf(stderr, "dateline: warning: %s\n", dl_reader_errmsg(rd));
      st->articles++;
      if (s1 == DL_OK && cfg->skip && cfg->skip(ud, &a))
        continue;
      st->bytes += a.text_len;
      uint64_t seq = p.filled;
      slot *s = &p.ring[seq % p.n];
      /* wait for the slot: hand finished documents to the sink, in order */
      pthread_mutex_lock(&p.mu);
      while (s->state != S_FREE) {
        slot *o = &p.ring[next_out % p.n];
        if (o->state == S_DONE) {
          pthread_mutex_unlock(&p.mu);
          sink(ud, o->doc, &o->item);
          pthread_mutex_lock(&p.mu);
          o->state = S_FREE;
          next_out++;
        } else {
          pthread_cond_wait(&p.cv, &p.mu);
        }
      }
      pthread_mutex_unlock(&p.mu);
      if (fill(s, rd, &a, s1, &w) != 0) {
        fprintf(stderr, "dateline: out of memory\n");
        rc = -1;
        dl_reader_close(rd);
        goto drain;
      }
      if (jobs == 1) {
        work(s);
        sink(ud, s->doc, &s->item);
        p.filled++;
        next_out++;
        continue;
      }
      pthread_mutex_lock(&p.mu);
      s->state = S_READY;
      p.filled++;
      pthread_cond_broadcast(&p.cv);
      pthread_mutex_unlock(&p.mu);
    }
    dl_reader_close(rd);
  }
drain:
  pthread_mutex_lock(&p.mu);
  while (next_out < p.filled) {
    slot *o = &p.ring[next_out % p.n];
    if (o->state == S_DONE) {
      pthread_mutex_unlock(&p.mu);
      sink(ud, o->doc, &o->item);
      pthread_mutex_lock(&p.mu);
      o->state = S_FREE;
      next_out++;
    } else {
      pthread_cond_wait(&p.cv, &p.mu);
    }
  }
  p.stop = 1;
  pthread_cond_broadcast(&p.cv);
  pthread_mutex_unlock(&p.mu);
  for (int i = 0; i < nth; i++)
    pthread_join(th[i], NULL);
  pthread_mutex_destroy(&p.mu);
  pthread_cond_destroy(&p.cv);
out:
  if (p.ring) {
    for (size_t i = 0; i < p.n; i++) {
      if (p.ring[i].doc && st->nstages == 0) {
        const char *const *names;
        const uint64_t *ns;
        st->nstages = dl_doc_profile(p.ring[i].doc, &names, &ns);
        st->stage_names = names;
      }
      if (p.ring[i].doc) {
        const uint64_t *ns;
        size_t k = dl_doc_profile(p.ring[i].doc, NULL, &ns);
        for (size_t j = 0; j < k && j < CLI_MAX_STAGES; j++)
          st->stage_ns[j] += ns[j];
      }
      dl_doc_free(p.ring[i].doc);
      free(p.ring[i].buf);
      free(p.ring[i].warn);
    }
  }
  free(p.ring);
  free(th);
  return rc;
}
