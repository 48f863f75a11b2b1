/*
** tagc.c: the tagger compiler, a build-time generator (STYLE.md §1):
** data/tagger.tsv (the committed, reviewable weights) -> build/data/
** tagger.bin, the flat blob the engine maps at start (src/parse/tagger.c).
**   tagc OUT.bin IN.tsv
*/
#include "parse/parse.h"

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
    fprintf(stderr, "usage: tagc OUT.bin IN.tsv\n");
    return 2;
  }
  static dl_engine eng;
  eng.alloc = xalloc;
  void *blob;
  size_t n;
  if (dltag_compile(&eng, argv[2], &blob, &n) != DL_OK) {
    fprintf(stderr, "tagc: %s\n", eng.errmsg);
    return 1;
  }
  FILE *f = fopen(argv[1], "wb");
  if (!f || fwrite(blob, 1, n, f) != n || fclose(f) != 0) {
    fprintf(stderr, "tagc: cannot write %s\n", argv[1]);
    return 1;
  }
  fprintf(stderr, "tagc: %s: %zu bytes\n", argv[1], n);
  dleng_free(&eng, blob, n);
  return 0;
}
