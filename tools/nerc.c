/*
** nerc.c: the name-tagger compiler, a build-time generator (STYLE.md §1):
** data/ner.tsv (the committed, reviewable weights) -> build/data/
** ner.bin, the flat blob the engine maps at start (src/extract/ner.c).
**   nerc OUT.bin IN.tsv
*/
#include "extract/ner.h"

#include <stdio.h>
#include <stdlib.h>

static void *xalloc(void *ud, void *ptr, size_t osize, size_t nsize) {
  (void)ud;
  (void)osize;
  if (nsize == 0) {
    free(ptr);
    return NULL;
  }
  return realloc(ptr, nsize);
}

int main(int argc, char **argv) {
  if (argc != 3) {
    fprintf(stderr, "usage: nerc OUT.bin IN.tsv\n");
    return 2;
  }
  static dl_engine eng;
  eng.alloc = xalloc;
  void *blob;
  size_t n;
  if (dlner_compile(&eng, argv[2], &blob, &n) != DL_OK) {
    fprintf(stderr, "nerc: %s\n", eng.errmsg);
    return 1;
  }
  FILE *f = fopen(argv[1], "wb");
  if (!f || fwrite(blob, 1, n, f) != n || fclose(f) != 0) {
    fprintf(stderr, "nerc: cannot write %s\n", argv[1]);
    return 1;
  }
  fprintf(stderr, "nerc: %s: %zu bytes\n", argv[1], n);
  dleng_free(&eng, blob, n);
  return 0;
}
