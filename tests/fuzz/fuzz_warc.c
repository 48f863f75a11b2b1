/*
** fuzz_warc.c: libFuzzer target for the WARC reader (src/io/warc.c, with
** html.c for the pages). The first byte picks the file: the rest as a
** plain .warc; as a .warc.gz of one gzip member per record (the rest cut
** before each "WARC/1." and each piece compressed on its own, as Common
** Crawl ships them); as one gzip member; or as raw bytes named .warc.gz.
** The file is read to the end: records come out or fail cleanly (the
** stream resyncs), with texts and fields valid UTF-8 without NUL bytes.
*/
#include "fuzz_read.h"

#include <zlib.h>

static const char *const names[] = {"in.warc", "in.warc.gz", "one.warc.gz",
                                    "raw.warc.gz"};

int LLVMFuzzerInitialize(int *argc, char ***argv) {
  (void)argc; (void)argv;
  fr_init(names, DL_COUNTOF(names));
  return 0;
}

/* Append p[0..n) to 'f' as one gzip member. */
static void gz_member(FILE *f, const uint8_t *p, size_t n) {
  z_stream z;
  memset(&z, 0, sizeof z);
  FZ_CHECK(deflateInit2(&z, 6, Z_DEFLATED, 15 + 16, 8,
                        Z_DEFAULT_STRATEGY) == Z_OK);
  uLong cap = deflateBound(&z, (uLong)n);
  unsigned char *out = malloc(cap);
  FZ_CHECK(out);
  z.next_in = (Bytef *)(uintptr_t)p;
  z.avail_in = (uInt)n;
  z.next_out = out;
  z.avail_out = (uInt)cap;
  FZ_CHECK(deflate(&z, Z_FINISH) == Z_STREAM_END);
  size_t zn = cap - z.avail_out;
  deflateEnd(&z);
  FZ_CHECK(fwrite(out, 1, zn, f) == zn);
  free(out);
}

static const uint8_t *find_rec(const uint8_t *p, const uint8_t *e) {
  static const char m[] = "WARC/1.";
  for (; p + 7 <= e; p++)
    if (*p == 'W' && memcmp(p, m, 7) == 0)
      return p;
  return e;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size < 1)
    return 0;
  int mode = data[0] % (int)DL_COUNTOF(names);
  const uint8_t *p = data + 1, *e = data + size;
  char path[128];
  snprintf(path, sizeof path, "%s/%s", fr_dir, names[mode]);
  if (mode == 0 || mode == 3) {
    fr_write(path, p, (size_t)(e - p));
  } else {
    FILE *f = fopen(path, "wb");
    FZ_CHECK(f);
    if (mode == 2) {
      gz_member(f, p, (size_t)(e - p));
    } else {
      while (p < e) { /* one member per record */
        const uint8_t *q = find_rec(p + 1, e);
        gz_member(f, p, (size_t)(q - p));
        p = q;
      }
    }
    FZ_CHECK(fclose(f) == 0);
  }
  dl_reader_opts o;
  memset(&o, 0, sizeof o);
  fr_read_all(path, &o, size + 2);
  return 0;
}
