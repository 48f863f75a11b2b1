/*
** modelc.c: the model compiler, a build-time generator (STYLE.md §1): turns
** a committed, reviewable weights file into the flat blob the engine maps
** at start: data/tagger.tsv -> tagger.bin (src/parse/tagger.c), data/ner.tsv
** -> ner.bin (src/extract/ner.c).
**   modelc tagger|ner OUT.bin IN.tsv
*/
#include "extract/ner.h"
#include "parse/parse.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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
  dl_status (*compile)(dl_engine *, const char *, void **, size_t *) = NULL;
  if (argc == 4 && !strcmp(argv[1], "tagger"))
    compile = dltag_compile;
  else if (argc == 4 && !strcmp(argv[1], "ner"))
    compile = dlner_compile;
  if (!compile) {
    fprintf(stderr, "usage: modelc tagger|ner OUT.bin IN.tsv\n");
    return 2;
  }
  static dl_engine eng;
  eng.alloc = xalloc;
  void *blob;
  size_t n;
  if (compile(&eng, argv[3], &blob, &n) != DL_OK) {
    fprintf(stderr, "modelc: %s\n", eng.errmsg);
    return 1;
  }
  FILE *f = fopen(argv[2], "wb");
  if (!f || fwrite(blob, 1, n, f) != n || fclose(f) != 0) {
    fprintf(stderr, "modelc: cannot write %s\n", argv[2]);
    return 1;
  }
  fprintf(stderr, "modelc: %s: %zu bytes\n", argv[2], n);
  dleng_free(&eng, blob, n);
  return 0;
}
