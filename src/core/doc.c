/*
** doc.c: the document and the pipeline (DESIGN.md). dl_doc_code() copies an
** article into the document's arena and runs each stage in order; each stage
** adds its layer and the arena's sticky 'oom' flag is checked between them.
*/
#include "dl_int.h"
#include "extract/place.h"
#include "extract/quote.h"
#include "extract/actor.h"
#include "extract/entity.h"
#include "extract/time.h"
#include "lexicon/lexicon.h"
#include "extract/casualty.h"
#include "extract/event.h"
#include "extract/tone.h"
#include "parse/parse.h"
#include "record/record.h"
#include "text/text.h"

#include <stdarg.h>
#include <stdio.h>

const char *const dlprof_names[DLP_N] = {"text", "sentences", "lexicon",
                                         "times",
                                         "entities", "clauses", "places",
                                         "actors", "quotes", "events", "casualties", "tone", "record"};

dl_status dl_doc_new(const dl_engine *eng, dl_doc **out) {
  if (!eng || !out)
    return DL_E_INVAL;
  dl_doc *d = dleng_malloc(eng, sizeof *d);
  *out = d;
  if (!d)
    return DL_E_NOMEM;
  memset(d, 0, sizeof *d);
  d->eng = eng;
  dlarena_init(&d->arena, eng->alloc, eng->alloc_ud, eng->arena_cap);
  return DL_OK;
}

void dl_doc_free(dl_doc *d) {
  if (!d)
    return;
  dlarena_fini(&d->arena);
  dleng_free(d->eng, d, sizeof *d);
}

/* Rewind everything but the profile counters. */
void dl_doc_reset(dl_doc *d) {
  if (!d)
    return;
  uint64_t prof[DLP_N];
  memcpy(prof, d->prof, sizeof prof);
  const dl_engine *eng = d->eng;
  dlarena a = d->arena;
  dlarena_reset(&a);
  memset(d, 0, sizeof *d);
  d->eng = eng;
  d->arena = a;
  memcpy(d->prof, prof, sizeof prof);
}

void dldoc_warnf(dl_doc *d, const char *fmt, ...) {
  char tmp[512];
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(tmp, sizeof tmp, fmt, ap);
  va_end(ap);
  if (n < 0)
    return;
  dlwarn *w = dlvec_push(&d->arena, &d->warns);
  if (w)
    w->msg = dlarena_strndup(&d->arena, tmp,
                             (size_t)n < sizeof tmp ? (size_t)n : sizeof tmp - 1);
}

void dl_doc_warn(dl_doc *d, const char *msg) {
  if (d && msg)
    dldoc_warnf(d, "%s", msg);
}

static bool leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

/* Parse "YYYY-MM-DD" strictly. */
static bool parse_date(const char *s, size_t n, int *y, int *m, int *dd) {
  if (n != 10 || s[4] != '-' || s[7] != '-')
    return false;
  int v[3] = {0, 0, 0}, w[3] = {4, 2, 2}, o[3] = {0, 5, 8};
  for (int k = 0; k < 3; k++)
    for (int j = 0; j < w[k]; j++) {
      char c = s[o[k] + j];
      if (c < '0' || c > '9')
        return false;
      v[k] = v[k] * 10 + (c - '0');
    }
  static const int mdays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (v[1] < 1 || v[1] > 12 || v[2] < 1)
    return false;
  int lim = mdays[v[1] - 1] + (v[1] == 2 && leap(v[0]));
  if (v[2] > lim || v[0] < 1)
    return false;
  *y = v[0];
  *m = v[1];
  *dd = v[2];
  return true;
}

static dl_status copy_field(dl_doc *d, const char *s, size_t n,
                            const char **dst, size_t *dlen) {
  *dst = NULL;
  *dlen = 0;
  if (!s)
    return DL_OK;
  *dst = dlarena_strndup(&d->arena, s, n);
  *dlen = n;
  return *dst ? DL_OK : DL_E_NOMEM;
}

#define STAGE(k, call)                                                    \
  do {                                                                    \
    uint64_t t0_ = dl_now_ns();                                           \
    call;                                                                 \
    d->prof[k] += dl_now_ns() - t0_;                                      \
    if (d->arena.oom)                                                     \
      goto oom;                                                           \
  } while (0)

/* Run the pipeline over 'art'. */
dl_status dl_doc_code(dl_doc *d, const dl_article *art) {
  if (!d || !art || (!art->text && art->text_len))
    return DL_E_INVAL;
  dl_doc_reset(d);
  if (copy_field(d, art->id, art->id_len, &d->id, &d->id_len) ||
      copy_field(d, art->title, art->title_len, &d->title, &d->title_len) ||
      copy_field(d, art->url, art->url_len, &d->url, &d->url_len))
    goto oom;
  if (art->text_len > d->eng->max_text) {
    char msg[128];
    snprintf(msg, sizeof msg, "text of %zu bytes exceeds the limit of %zu",
             art->text_len, d->eng->max_text);
    return dl_doc_set_error(d, d->id, d->id_len, msg) ? DL_E_NOMEM
                                                      : DL_E_TOOBIG;
  }
  if (art->date && art->date_len) {
    if (parse_date(art->date, art->date_len, &d->year, &d->month, &d->day))
      d->has_date = true;
    else
      dldoc_warnf(d, "date '%.*s' is not YYYY-MM-DD: ignored",
                  (int)(art->date_len > 40 ? 40 : art->date_len), art->date);
  }
  {
    const char *tx = art->text ? art->text : "";
    char *p = dlarena_strndup(&d->arena, tx, art->text_len);
    if (!p)
      goto oom;
    d->text = p;
    d->len = art->text_len;
  }
  STAGE(DLP_TEXT, dltext_tokenize(d));
  d->dateline.ent = -1;
  STAGE(DLP_SENT, (dltext_sentences(d), dltext_dateline(d)));
  STAGE(DLP_LEX, dllex_scan(d));
  STAGE(DLP_TIME, dltime_extract(d));
  STAGE(DLP_PARSE, dlparse_run(d));
  STAGE(DLP_ENT, dlentity_extract(d)); /* reads doc->pos */
  STAGE(DLP_PLACE, dlplace_resolve(d)); /* after entities */
  STAGE(DLP_ACTOR, dlactor_code(d));
  STAGE(DLP_QUOTE, dlquote_extract(d));
  STAGE(DLP_EVENT, dlevent_extract(d)); /* after clauses, actors, quotes */
  STAGE(DLP_CAS, dlcasualty_extract(d)); /* links casualties to events */
  STAGE(DLP_EVENT, dlevent_link_casualties(d)); /* anaphoric links */
  STAGE(DLP_TONE, dltone_score(d));
  return DL_OK;
oom: {
  bool toobig = d->arena.toobig;
  char idbuf[256];
  size_t idn = d->id_len < sizeof idbuf ? d->id_len : sizeof idbuf;
  if (d->id)
    memcpy(idbuf, d->id, idn);
  dl_doc_set_error(d, d->id ? idbuf : NULL, idn,
                   toobig ? "article needs more memory than the arena cap"
                          : "out of memory");
  return toobig ? DL_E_TOOBIG : DL_E_NOMEM;
}
}

/* Turn the document into an error record for 'id'. */
dl_status dl_doc_set_error(dl_doc *d, const char *id, size_t id_len,
                           const char *msg) {
  if (!d)
    return DL_E_INVAL;
  char idbuf[256];
  size_t n = 0;
  if (id) {
    n = id_len < sizeof idbuf ? id_len : sizeof idbuf;
    memmove(idbuf, id, n); /* 'id' may live in this arena */
  }
  dl_doc_reset(d);
  if (id && copy_field(d, idbuf, n, &d->id, &d->id_len))
    return DL_E_NOMEM;
  d->error = dlarena_strndup(&d->arena, msg ? msg : "error",
                             msg ? strlen(msg) : 5);
  return d->error ? DL_OK : DL_E_NOMEM;
}

dl_status dl_doc_json(dl_doc *d, unsigned flags, const char **out,
                      size_t *len) {
  if (!d || !out || !len)
    return DL_E_INVAL;
  uint64_t t0 = dl_now_ns();
  dl_status st = dlrecord_write(d, flags);
  d->prof[DLP_RECORD] += dl_now_ns() - t0;
  if (st)
    return st;
  *out = d->out.p;
  *len = d->out.n;
  return DL_OK;
}

size_t dl_doc_profile(const dl_doc *d, const char *const **names,
                      const uint64_t **nanos) {
  if (names)
    *names = dlprof_names;
  if (nanos)
    *nanos = d ? d->prof : NULL;
  return DLP_N;
}
