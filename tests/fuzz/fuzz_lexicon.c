/*
** fuzz_lexicon.c: libFuzzer target for user lexicons (--lexicon FILE). The
** bytes are written to a file and given to dl_engine_add_lexicon(); then
** the first bytes are coded as an article text, so that the new entries
** are matched. The user table is emptied after each input so that every
** run starts from the built-in lexicon alone (reproducible crashes).
*/
#include "fuzz.h"
#include "lexicon/lexint.h"

#include <unistd.h>

/* Mirror of lexicon.c's private 'struct dllex' (keep in sync): the fuzzer
** drops the user table between inputs, as dllex_unload() does. */
struct fz_dllex {
  void *map; size_t mapn;
  dllexv base;
  dllexb *ub;
  void *ublob; size_t ublobn;
  dllexv user;
};

static char path[80];

static void cleanup(void) { unlink(path); }

int LLVMFuzzerInitialize(int *argc, char ***argv) {
  (void)argc; (void)argv;
  fz_engine();
  snprintf(path, sizeof path, "/dev/shm/dl-fuzz-lex-%ld.tsv", (long)getpid());
  FILE *f = fopen(path, "wb");
  if (!f)
    snprintf(path, sizeof path, "/tmp/dl-fuzz-lex-%ld.tsv", (long)getpid());
  else
    fclose(f);
  atexit(cleanup);
  return 0;
}

static void drop_user(void) {
  struct fz_dllex *lx = (struct fz_dllex *)fz_eng->lex;
  dllexb_free(lx->ub);
  free(lx->ublob);
  lx->ub = NULL;
  lx->ublob = NULL;
  lx->ublobn = 0;
  memset(&lx->user, 0, sizeof lx->user);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  FILE *f = fopen(path, "wb");
  FZ_CHECK(f);
  FZ_CHECK(size == 0 || fwrite(data, 1, size, f) == size);
  FZ_CHECK(fclose(f) == 0);
  dl_status st = dl_engine_add_lexicon(fz_eng, path);
  FZ_CHECK(st == DL_OK || st == DL_E_DATA || st == DL_E_NOMEM);
  /* the phrases themselves as text: user entries get matched */
  dl_article a;
  memset(&a, 0, sizeof a);
  a.text = (const char *)data;
  a.text_len = size < 2048 ? size : 2048;
  a.date = "2023-03-12";
  a.date_len = 10;
  st = dl_doc_code(fz_doc, &a);
  FZ_CHECK(st == DL_OK || st == DL_E_NOMEM || st == DL_E_TOOBIG);
  fz_check_record(fz_doc);
  dl_doc_reset(fz_doc);
  drop_user();
  return 0;
}
