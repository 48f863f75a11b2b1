/*
** arena.c: the per-document bump allocator (STYLE.md §3). Every layer of an
** article lives here; dl_doc_reset() rewinds it in one step. A hard cap turns
** runaway input into a clean DL_E_TOOBIG instead of unbounded memory.
*/
#include "dl_int.h"

#include <stdarg.h>
#include <stdio.h>

struct dlchunk {
  dlchunk *next;
  size_t size;    /* usable bytes after the header */
  size_t used;
  max_align_t data[];
};

#define CHUNK_MIN ((size_t)64 * 1024)

/* Initialise an empty arena drawing chunks from 'f'. */
void dlarena_init(dlarena *a, dl_alloc_fn f, void *ud, size_t cap) {
  memset(a, 0, sizeof *a);
  a->alloc = f;
  a->ud = ud;
  a->cap = cap;
}

static void chunk_free(dlarena *a, dlchunk *c) {
  a->alloc(a->ud, c, sizeof *c + c->size, 0);
}

/* Give every chunk back. */
void dlarena_fini(dlarena *a) {
  dlchunk *c = a->head;
  while (c) {
    dlchunk *n = c->next;
    chunk_free(a, c);
    c = n;
  }
  a->head = NULL;
  a->used = a->total = 0;
}

/* Rewind: keep the largest-lived (oldest) chunk so that steady state does no
** allocation at all; return the others. */
void dlarena_reset(dlarena *a) {
  dlchunk *c = a->head, *keep = NULL;
  while (c) {
    dlchunk *n = c->next;
    if (n == NULL)
      keep = c;               /* the first chunk ever made */
    else
      chunk_free(a, c);
    c = n;
  }
  a->head = keep;
  a->total = 0;
  if (keep) {
#ifdef DL_DEBUG
    memset(keep->data, 0xA5, keep->used); /* poison what was handed out */
#endif
    keep->used = 0;
    keep->next = NULL;
    a->total = keep->size;
  }
  a->used = 0;
  a->oom = a->toobig = false;
}

static size_t align8(size_t n) { return (n + 7u) & ~(size_t)7u; }

/* 'n' bytes aligned to 8 (not zeroed), or NULL with 'oom' set. */
void *dlarena_alloc(dlarena *a, size_t n) {
  if (a->oom)
    return NULL;
  n = align8(n ? n : 1);
  dlchunk *c = a->head;
  if (!c || c->size - c->used < n) {
    size_t want = n > CHUNK_MIN ? n : CHUNK_MIN;
    if (c && c->size * 2 > want && c->size * 2 <= (size_t)16 << 20)
      want = c->size * 2;     /* geometric growth keeps chunk counts small */
    if (a->cap && a->total + want > a->cap) {
      if (a->total + n > a->cap) {
        a->oom = a->toobig = true;
        return NULL;
      }
      want = n;
    }
    dlchunk *nc = a->alloc(a->ud, NULL, 0, sizeof *nc + want);
    if (!nc) {
      a->oom = true;
      return NULL;
    }
    nc->size = want;
    nc->used = 0;
    nc->next = c;
    a->head = c = nc;
    a->total += want;
  }
  void *p = (char *)c->data + c->used;
  c->used += n;
  a->used += n;
  return p;
}

/* Grow block 'p' of 'old' bytes to 'n' bytes; in place if it is the last
** block of the current chunk. On failure returns NULL and 'p' stays valid. */
void *dlarena_grow(dlarena *a, void *p, size_t old, size_t n) {
  if (a->oom)
    return NULL;
  dlchunk *c = a->head;
  size_t o8 = align8(old ? old : 1), n8 = align8(n ? n : 1);
  if (p && c && (char *)p + o8 == (char *)c->data + c->used &&
      c->size - c->used + o8 >= n8) {
    c->used += n8 - o8;
    a->used += n8 - o8;
    return p;
  }
  void *q = dlarena_alloc(a, n);
  if (q && p && old)
    memcpy(q, p, old < n ? old : n);
  return q;
}

/* NUL-terminated copy of [s, s+n). */
char *dlarena_strndup(dlarena *a, const char *s, size_t n) {
  char *p = dlarena_alloc(a, n + 1);
  if (p) {
    if (n)
      memcpy(p, s, n);
    p[n] = '\0';
  }
  return p;
}

/* Push one zeroed element of 'size' bytes onto an arena vector. */
void *dlvec_push_(dlarena *a, void **v, uint32_t *n, uint32_t *cap,
                  size_t size) {
  if (*n == *cap) {
    uint32_t nc = *cap ? *cap * 2 : 16;
    if (nc < *cap)
      return NULL;
    void *q = dlarena_grow(a, *v, (size_t)*cap * size, (size_t)nc * size);
    if (!q)
      return NULL;
    *v = q;
    *cap = nc;
  }
  char *slot = (char *)*v + (size_t)(*n)++ * size;
  memset(slot, 0, size);
  return slot;
}

/* Append bytes to a buffer; on failure the buffer stops growing and the
** arena's oom flag tells. */
void dlbuf_put(dlbuf *b, const char *s, size_t n) {
  if (b->cap - b->n < n) {
    size_t nc = b->cap ? b->cap : 4096;
    while (nc - b->n < n)
      nc *= 2;
    char *q = dlarena_grow(b->a, b->p, b->cap, nc);
    if (!q)
      return;
    b->p = q;
    b->cap = nc;
  }
  memcpy(b->p + b->n, s, n);
  b->n += n;
}

void dlbuf_putc(dlbuf *b, char c) {
  if (b->n < b->cap)
    b->p[b->n++] = c;
  else
    dlbuf_put(b, &c, 1);
}

void dlbuf_puts(dlbuf *b, const char *s) { dlbuf_put(b, s, strlen(s)); }
