/*
** fuzz_pipeline.c: libFuzzer target for the whole pipeline. Arbitrary bytes
** are one article's text (publication date fixed); dl_doc_code() must not
** crash and dl_doc_json() must give one line of valid UTF-8 JSON.
*/
#include "fuzz.h"

int LLVMFuzzerInitialize(int *argc, char ***argv) {
  (void)argc; (void)argv;
  fz_engine();
  return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  dl_article a;
  memset(&a, 0, sizeof a);
  a.id = "fuzz";
  a.id_len = 4;
  a.date = "2023-03-12";
  a.date_len = 10;
  a.text = (const char *)data;
  a.text_len = size;
  dl_status st = dl_doc_code(fz_doc, &a);
  FZ_CHECK(st == DL_OK || st == DL_E_NOMEM || st == DL_E_TOOBIG);
  fz_check_record(fz_doc);
  /* the layers stay inside the text */
  for (uint32_t i = 0; i < fz_doc->toks.n; i++)
    FZ_CHECK(fz_doc->toks.v[i].s <= fz_doc->toks.v[i].e &&
             fz_doc->toks.v[i].e <= fz_doc->len);
  return 0;
}
