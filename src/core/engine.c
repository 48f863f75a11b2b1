/*
** engine.c: the read-only engine every document shares: allocator, limits
** and the compiled data loaded once at start (tone lexicon; the gazetteer
** and lexicons from later stages join here). Also dl_strerror.
*/
#include "dl_int.h"
#include "extract/tone.h"
#include "extract/ner.h"
#include "lexicon/lexicon.h"
#include "parse/parse.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static void *std_alloc(void *ud, void *ptr, size_t osize, size_t nsize) {
  (void)ud; (void)osize;
  if (nsize == 0) {
    free(ptr);
    return NULL;
  }
  return realloc(ptr, nsize);
}

const char *dl_strerror(dl_status st) {
  switch (st) {
  case DL_OK: return "ok";
  case DL_E_NOMEM: return "out of memory";
  case DL_E_TOOBIG: return "input too big";
  case DL_E_INVAL: return "invalid argument";
  case DL_E_IO: return "input/output error";
  case DL_E_DATA: return "engine data missing or corrupt";
  case DL_E_INPUT: return "bad input record";
  case DL_E_EOF: return "end of input";
  }
  return "unknown status";
}

void *dleng_malloc(const dl_engine *e, size_t n) {
  return e->alloc(e->alloc_ud, NULL, 0, n);
}

void dleng_free(const dl_engine *e, void *p, size_t n) {
  if (p)
    e->alloc(e->alloc_ud, p, n, 0);
}

void dleng_errf(dl_engine *e, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(e->errmsg, sizeof e->errmsg, fmt, ap);
  va_end(ap);
}

dl_status dleng_map(dl_engine *e, const char *dir, const char *name,
                    bool optional, void **map, size_t *n, char *path,
                    size_t pathsz) {
  snprintf(path, pathsz, "%s/%s", dir, name);
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    if (optional && errno == ENOENT)
      return DL_E_EOF;
    dleng_errf(e, "%s: %s (build the data with 'make')", path,
               strerror(errno));
    return DL_E_DATA;
  }
  struct stat st;
  if (fstat(fd, &st) != 0 || st.st_size <= 0) {
    dleng_errf(e, "%s: cannot size the file (rebuild with 'make')", path);
    close(fd);
    return DL_E_DATA;
  }
  *n = (size_t)st.st_size;
  *map = mmap(NULL, *n, PROT_READ, MAP_PRIVATE | MAP_POPULATE, fd, 0);
  close(fd);
  if (*map == MAP_FAILED) {
    dleng_errf(e, "%s: mmap: %s", path, strerror(errno));
    return DL_E_DATA;
  }
  return DL_OK;
}

uint64_t dl_now_ns(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

/* Load an engine from opts->data_dir (default DL_DATADIR). */
dl_status dl_engine_new(const dl_engine_opts *opts, dl_engine **out) {
  dl_engine_opts o = {0};
  if (opts)
    o = *opts;
  if (!out)
    return DL_E_INVAL;
  *out = NULL;
  dl_alloc_fn f = o.alloc ? o.alloc : std_alloc;
  dl_engine *e = f(o.alloc_ud, NULL, 0, sizeof *e);
  if (!e)
    return DL_E_NOMEM;
  memset(e, 0, sizeof *e);
  e->alloc = f;
  e->alloc_ud = o.alloc_ud;
  e->max_text = o.max_text ? o.max_text : (size_t)16 << 20;
  e->arena_cap = o.arena_cap;
  if (!e->arena_cap) {
    e->arena_cap = e->max_text * 64;
    if (e->arena_cap < ((size_t)256 << 20))
      e->arena_cap = (size_t)256 << 20;
  }
  *out = e;
#ifdef DL_DATADIR
  const char *dir = o.data_dir ? o.data_dir : DL_DATADIR;
#else
  const char *dir = o.data_dir ? o.data_dir : "data";
#endif
  dl_status st = dltone_load(e, dir);
  if (st == DL_OK)
    st = dllex_load(e, dir);
  if (st == DL_OK)
    st = dltag_load(e, dir);
  if (st == DL_OK)
    st = dlner_load(e, dir);
  return st;
}

/* Free an engine and everything it loaded. */
void dl_engine_free(dl_engine *e) {
  if (!e)
    return;
  dltone_unload(e);
  dllex_unload(e);
  dltag_unload(e);
  dlner_unload(e);
  e->alloc(e->alloc_ud, e, sizeof *e, 0);
}

const char *dl_engine_errmsg(const dl_engine *e) { return e ? e->errmsg : ""; }

dl_status dl_engine_add_lexicon(dl_engine *e, const char *path) {
  if (!e || !path)
    return DL_E_INVAL;
  return dllex_add_user(e, path);
}
