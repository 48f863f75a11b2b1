/* wordtab.h: building the engine's read-only word tables (wordtab.c). */
#ifndef DL_WORDTAB_H
#define DL_WORDTAB_H
#include "dl_int.h"
DL_INTERNAL dl_status dlwordtab_init(const dl_engine *e, dlwordtab *t,
                                     uint32_t n, size_t poolsz);
DL_INTERNAL dl_status dlwordtab_put(dlwordtab *t, const char *s, size_t n,
                                    int32_t val);
DL_INTERNAL void dlwordtab_fini(const dl_engine *e, dlwordtab *t);
#endif
