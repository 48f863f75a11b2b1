/*
** fuzz_read.h: the reader loop that fuzz_html.c and fuzz_warc.c share (a
** private temporary directory, then dl_reader_open over one file and
** dl_reader_next to the end): every record comes out or fails cleanly,
** texts and fields are valid UTF-8 without NUL bytes, the reader stops.
*/
#ifndef DL_FUZZ_READ_H
#define DL_FUZZ_READ_H
#include "fuzz.h"

#include <unistd.h>

static char fr_dir[64];
static const char *const *fr_names;
static size_t fr_nnames;

static void fr_cleanup(void) {
  char p[128];
  for (size_t i = 0; i < fr_nnames; i++) {
    snprintf(p, sizeof p, "%s/%s", fr_dir, fr_names[i]);
    unlink(p);
  }
  rmdir(fr_dir);
}

/* Make the temporary directory; 'names' are the files that may be left in
** it (removed at exit). */
static inline void fr_init(const char *const *names, size_t n) {
  fr_names = names;
  fr_nnames = n;
  snprintf(fr_dir, sizeof fr_dir, "/dev/shm/dl-fuzz-XXXXXX");
  if (!mkdtemp(fr_dir)) {
    snprintf(fr_dir, sizeof fr_dir, "/tmp/dl-fuzz-XXXXXX");
    FZ_CHECK(mkdtemp(fr_dir));
  }
  atexit(fr_cleanup);
}

static inline void fr_check_field(const char *s, size_t n) {
  if (!s) {
    FZ_CHECK(n == 0);
    return;
  }
  FZ_CHECK(memchr(s, '\0', n) == NULL);
  FZ_CHECK(fz_utf8_ok(s, n));
}

/* Read 'path' to the end with 'o'; 'bound' caps the number of records. */
static inline void fr_read_all(const char *path, const dl_reader_opts *o,
                               size_t bound) {
  dl_reader *rd = NULL;
  FZ_CHECK(dl_reader_open(path, o, &rd) == DL_OK && rd);
  for (size_t k = 0;; k++) {
    FZ_CHECK(k <= bound);
    dl_article a;
    dl_where w;
    memset(&a, 0, sizeof a);
    memset(&w, 0, sizeof w);
    dl_status st = dl_reader_next(rd, &a, &w);
    if (st == DL_E_EOF)
      break;
    FZ_CHECK(st == DL_OK || st == DL_E_INPUT || st == DL_E_IO ||
             st == DL_E_NOMEM || st == DL_E_TOOBIG);
    FZ_CHECK(w.file != NULL);
    if (a.id)
      FZ_CHECK(memchr(a.id, '\0', a.id_len) == NULL);
    if (st != DL_OK) {
      FZ_CHECK(dl_reader_errmsg(rd) != NULL);
      continue;
    }
    FZ_CHECK(a.text != NULL || a.text_len == 0);
    fr_check_field(a.text, a.text_len);
    fr_check_field(a.id, a.id_len);
    fr_check_field(a.date, a.date_len);
    fr_check_field(a.title, a.title_len);
    fr_check_field(a.url, a.url_len);
    for (size_t i = 0; i < dl_reader_nwarnings(rd); i++)
      FZ_CHECK(dl_reader_warning(rd, i) != NULL);
  }
  dl_reader_close(rd);
}

static inline void fr_write(const char *path, const uint8_t *p, size_t n) {
  FILE *f = fopen(path, "wb");
  FZ_CHECK(f);
  FZ_CHECK(n == 0 || fwrite(p, 1, n, f) == n);
  FZ_CHECK(fclose(f) == 0);
}

#endif
