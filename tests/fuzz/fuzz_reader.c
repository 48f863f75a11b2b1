/*
** fuzz_reader.c: libFuzzer target for the article readers (src/io). The
** first byte picks the file kind: JSON Lines, plain text, JSON Lines that
** the target gzip- or zstd-compresses itself, or raw bytes named .gz/.zst;
** the second byte picks max_line and the default date. The rest is written
** to a file in a private temporary directory (dl_reader_open takes a path)
** and read to the end: every record must come out (or fail cleanly) with
** its text valid UTF-8 without NUL bytes, and the reader must stop.
*/
#include "fuzz.h"

#include <unistd.h>
#include <zlib.h>
#include <zstd.h>

static char dir[64];
static const char *const names[] = {"in.jsonl", "in.txt", "in.jsonl.gz",
                                    "in.jsonl.zst", "raw.jsonl.gz",
                                    "raw.jsonl.zst"};
static const size_t max_lines[] = {0, 16, 100, 4096};
static const char *const dates[] = {NULL, "2023-03-12", "junk", ""};

static void cleanup(void) {
  char p[128];
  for (size_t i = 0; i < DL_COUNTOF(names); i++) {
    snprintf(p, sizeof p, "%s/%s", dir, names[i]);
    unlink(p);
  }
  rmdir(dir);
}

int LLVMFuzzerInitialize(int *argc, char ***argv) {
  (void)argc; (void)argv;
  snprintf(dir, sizeof dir, "/dev/shm/dl-fuzz-XXXXXX");
  if (!mkdtemp(dir)) {
    snprintf(dir, sizeof dir, "/tmp/dl-fuzz-XXXXXX");
    FZ_CHECK(mkdtemp(dir));
  }
  atexit(cleanup);
  return 0;
}

static void write_file(const char *path, int mode, const uint8_t *p,
                       size_t n) {
  if (mode == 2) {
    gzFile g = gzopen(path, "wb");
    FZ_CHECK(g);
    FZ_CHECK(n == 0 || gzwrite(g, p, (unsigned)n) == (int)n);
    FZ_CHECK(gzclose(g) == Z_OK);
    return;
  }
  FILE *f = fopen(path, "wb");
  FZ_CHECK(f);
  if (mode == 3) {
    size_t cap = ZSTD_compressBound(n);
    void *z = malloc(cap ? cap : 1);
    FZ_CHECK(z);
    size_t zn = ZSTD_compress(z, cap, p, n, 1);
    FZ_CHECK(!ZSTD_isError(zn));
    FZ_CHECK(fwrite(z, 1, zn, f) == zn);
    free(z);
  } else {
    FZ_CHECK(n == 0 || fwrite(p, 1, n, f) == n);
  }
  FZ_CHECK(fclose(f) == 0);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size < 2)
    return 0;
  int mode = data[0] % (int)DL_COUNTOF(names);
  char path[128];
  snprintf(path, sizeof path, "%s/%s", dir, names[mode]);
  write_file(path, mode, data + 2, size - 2);

  dl_reader_opts o;
  memset(&o, 0, sizeof o);
  o.max_line = max_lines[data[1] % DL_COUNTOF(max_lines)];
  o.default_date = dates[(data[1] / 4) % DL_COUNTOF(dates)];
  dl_reader *rd = NULL;
  FZ_CHECK(dl_reader_open(path, &o, &rd) == DL_OK && rd);
  unsigned long sum = 0;
  for (size_t k = 0;; k++) {
    FZ_CHECK(k <= size + 2); /* at most one record per input byte */
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
      for (size_t i = 0; i < a.id_len; i++)
        sum += (unsigned char)a.id[i];
    if (st != DL_OK) {
      FZ_CHECK(dl_reader_errmsg(rd) != NULL);
      continue;
    }
    FZ_CHECK(a.text != NULL || a.text_len == 0);
    if (o.max_line)
      FZ_CHECK(a.text_len <= o.max_line);
    FZ_CHECK(memchr(a.text, '\0', a.text_len) == NULL);
    FZ_CHECK(fz_utf8_ok(a.text, a.text_len));
    const char *fl[] = {a.date, a.title, a.url};
    size_t fn[] = {a.date_len, a.title_len, a.url_len};
    for (size_t j = 0; j < 3; j++)
      for (size_t i = 0; fl[j] && i < fn[j]; i++)
        sum += (unsigned char)fl[j][i];
    for (size_t i = 0; i < dl_reader_nwarnings(rd); i++)
      FZ_CHECK(dl_reader_warning(rd, i) != NULL);
  }
  dl_reader_close(rd);
  return (int)(sum & 0); /* 'sum' makes every field byte be read */
}
