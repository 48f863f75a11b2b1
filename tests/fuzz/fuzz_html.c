/*
** fuzz_html.c: libFuzzer target for the HTML reader (src/io/html.c through
** reader.c). The input is written to a page named .html in a private
** temporary directory and read with dl_reader_next to the end: the page's
** article (or a clean DL_E_INPUT) with text, title, date and URL valid
** UTF-8 without NUL bytes.
*/
#include "fuzz_read.h"

static const char *const names[] = {"page.html"};

int LLVMFuzzerInitialize(int *argc, char ***argv) {
  (void)argc; (void)argv;
  fr_init(names, DL_COUNTOF(names));
  return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  char path[128];
  snprintf(path, sizeof path, "%s/%s", fr_dir, names[0]);
  fr_write(path, data, size);
  dl_reader_opts o;
  memset(&o, 0, sizeof o);
  fr_read_all(path, &o, 2);
  return 0;
}
