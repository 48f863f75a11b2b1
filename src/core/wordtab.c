/*
** wordtab.c: a read-only open-addressing table from folded words to an int,
** built once when the engine loads a small lexicon (tone) and then shared
** by every thread without locks.
*/
#include "dl_int.h"
#include "wordtab.h"

static uint32_t hash(const char *s, size_t n) {
  uint32_t h = 2166136261u; /* FNV-1a */
  for (size_t i = 0; i < n; i++)
    h = (h ^ (unsigned char)s[i]) * 16777619u;
  return h;
}

/* Look 's' up; 1 and *val when found. */
int dlwordtab_get(const dlwordtab *t, const char *s, size_t n, int32_t *val) {
  if (!t->slot)
    return 0;
  uint32_t h = hash(s, n);
  for (uint32_t i = h & t->mask;; i = (i + 1) & t->mask) {
    const struct dlwslot *sl = &t->slot[i];
    if (sl->len == 0)
      return 0;
    /* the slot's hash first: the key's bytes are elsewhere (a miss) */
    if (sl->h == h && sl->len == n && memcmp(t->pool + sl->off, s, n) == 0) {
      *val = sl->val;
      return 1;
    }
  }
}

/* Make a table with room for 'n' entries and 'poolsz' bytes of keys. */
dl_status dlwordtab_init(const dl_engine *e, dlwordtab *t, uint32_t n,
                         size_t poolsz) {
  uint32_t slots = 16;
  while (slots < n * 2)
    slots *= 2;
  memset(t, 0, sizeof *t);
  t->mask = slots - 1; /* before a failure: fini frees by these sizes */
  t->poolcap = poolsz;
  t->slot = dleng_malloc(e, sizeof *t->slot * slots);
  t->pool = dleng_malloc(e, poolsz ? poolsz : 1);
  if (!t->slot || !t->pool) {
    dlwordtab_fini(e, t);
    return DL_E_NOMEM;
  }
  memset(t->slot, 0, sizeof *t->slot * slots);
  return DL_OK;
}

/* Add or replace 's'. Fails when the pool or the slots are full. */
dl_status dlwordtab_put(dlwordtab *t, const char *s, size_t n, int32_t val) {
  if (n == 0 || n > UINT32_MAX)
    return DL_E_INVAL;
  uint32_t h = hash(s, n);
  for (uint32_t i = h & t->mask;; i = (i + 1) & t->mask) {
    struct dlwslot *sl = &t->slot[i];
    if (sl->len == 0) {
      if (t->poolused + n > t->poolcap || (t->n + 1) * 2 > t->mask + 1)
        return DL_E_NOMEM;
      memcpy(t->pool + t->poolused, s, n);
      sl->off = (uint32_t)t->poolused;
      sl->len = (uint32_t)n;
      sl->val = val;
      sl->h = h;
      t->poolused += n;
      t->n++;
      return DL_OK;
    }
    if (sl->len == n && memcmp(t->pool + sl->off, s, n) == 0) {
      sl->val = val;
      return DL_OK;
    }
  }
}

void dlwordtab_fini(const dl_engine *e, dlwordtab *t) {
  dleng_free(e, t->slot, sizeof *t->slot * (t->mask + 1));
  dleng_free(e, t->pool, t->poolcap ? t->poolcap : 1);
  memset(t, 0, sizeof *t);
}
