/*
** fuzz.h: what the libFuzzer targets of tests/fuzz share: one engine made in
** LLVMFuzzerInitialize (data from $DL_FUZZ_DATA, default build/data), output
** checks (UTF-8, one JSON line), and, with -DFUZZ_MAIN, a tiny main that
** replays files or corpus directories through the target without libFuzzer
** ('make test' runs it over tests/fuzz/corpus/NAME/, STYLE.md §6).
*/
#ifndef DL_FUZZ_H
#define DL_FUZZ_H
#include "dl_int.h"

#include <dirent.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static dl_engine *fz_eng;
static dl_doc *fz_doc;

#define FZ_CHECK(c)                                                        \
  do {                                                                     \
    if (!(c)) {                                                            \
      fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #c); \
      abort();                                                             \
    }                                                                      \
  } while (0)

/* Free the shared engine at exit, so that LeakSanitizer sees only leaks. */
static inline void fz_atexit(void) {
  dl_doc_free(fz_doc);
  dl_engine_free(fz_eng);
  fz_doc = NULL;
  fz_eng = NULL;
}

/* Make the shared engine and document, or die. */
static inline void fz_engine(void) {
  dl_engine_opts o;
  memset(&o, 0, sizeof o);
  o.data_dir = getenv("DL_FUZZ_DATA") ? getenv("DL_FUZZ_DATA") : "build/data";
  if (dl_engine_new(&o, &fz_eng) != DL_OK ||
      dl_doc_new(fz_eng, &fz_doc) != DL_OK) {
    fprintf(stderr, "fuzz: no engine from %s: %s\n", o.data_dir,
            dl_engine_errmsg(fz_eng));
    exit(1);
  }
  atexit(fz_atexit);
}

/* Strict UTF-8 (no overlongs, surrogates or code points past U+10FFFF). */
static inline int fz_utf8_ok(const char *s, size_t n) {
  const unsigned char *p = (const unsigned char *)s, *e = p + n;
  while (p < e) {
    unsigned c = *p;
    size_t k;
    unsigned cp, min;
    if (c < 0x80) { p++; continue; }
    if ((c & 0xE0) == 0xC0) { k = 1; cp = c & 0x1F; min = 0x80; }
    else if ((c & 0xF0) == 0xE0) { k = 2; cp = c & 0x0F; min = 0x800; }
    else if ((c & 0xF8) == 0xF0) { k = 3; cp = c & 0x07; min = 0x10000; }
    else return 0;
    if ((size_t)(e - p) <= k)
      return 0;
    for (size_t j = 1; j <= k; j++) {
      if ((p[j] & 0xC0) != 0x80)
        return 0;
      cp = cp << 6 | (p[j] & 0x3Fu);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
      return 0;
    p += k + 1;
  }
  return 1;
}

/* The document's record: one line of valid UTF-8 JSON (an object) ending
** in '\n'. Returns the dl_doc_json status. */
static inline dl_status fz_check_record(dl_doc *d) {
  const char *js = NULL;
  size_t n = 0;
  dl_status st = dl_doc_json(d, 0, &js, &n);
  if (st != DL_OK) {
    FZ_CHECK(st == DL_E_NOMEM || st == DL_E_TOOBIG);
    return st;
  }
  FZ_CHECK(js && n > 1 && js[n - 1] == '\n');
  FZ_CHECK(memchr(js, '\n', n - 1) == NULL);
  FZ_CHECK(memchr(js, '\0', n) == NULL);
  FZ_CHECK(fz_utf8_ok(js, n));
  json_error_t jerr;
  json_t *v = json_loadb(js, n - 1, JSON_REJECT_DUPLICATES | JSON_ALLOW_NUL, &jerr);
  if (!v)
    fprintf(stderr, "fuzz: bad JSON (%s at %d): %.*s\n", jerr.text,
            jerr.position, (int)(n > 400 ? 400 : n), js);
  FZ_CHECK(v && json_is_object(v));
  json_decref(v);
  return DL_OK;
}

#ifdef FUZZ_MAIN
/* Replay mode: each argument is a file or a directory of files (sorted);
** no argument means tests/fuzz/corpus/FUZZ_NAME. Ends on the line
** 'NAME: N passed, 0 failed' (a failure aborts). */
static unsigned long fz_ran;

static void fz_run_file(const char *path) {
  FILE *f = fopen(path, "rb");
  if (!f) {
    perror(path);
    exit(1);
  }
  size_t cap = 4096, n = 0;
  uint8_t *buf = malloc(cap);
  size_t got;
  while (buf && (got = fread(buf + n, 1, cap - n, f)) > 0) {
    n += got;
    if (n == cap) {
      uint8_t *q = realloc(buf, cap *= 2);
      if (!q)
        free(buf);
      buf = q;
    }
  }
  fclose(f);
  if (!buf) {
    fputs("fuzz: out of memory\n", stderr);
    exit(1);
  }
  /* an exact-size copy so that ASan sees reads past the end */
  uint8_t *exact = malloc(n ? n : 1);
  FZ_CHECK(exact);
  memcpy(exact, buf, n);
  free(buf);
  LLVMFuzzerTestOneInput(exact, n);
  free(exact);
  fz_ran++;
}

static int fz_cmp(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

static void fz_run_path(const char *path) {
  struct stat st;
  if (stat(path, &st) != 0) {
    perror(path);
    exit(1);
  }
  if (!S_ISDIR(st.st_mode)) {
    fz_run_file(path);
    return;
  }
  DIR *dir = opendir(path);
  FZ_CHECK(dir);
  char **names = NULL;
  size_t nn = 0;
  struct dirent *de;
  while ((de = readdir(dir)) != NULL) {
    if (de->d_name[0] == '.')
      continue;
    char **q = realloc(names, (nn + 1) * sizeof *names);
    FZ_CHECK(q);
    names = q;
    size_t len = strlen(path) + strlen(de->d_name) + 2;
    names[nn] = malloc(len);
    FZ_CHECK(names[nn]);
    snprintf(names[nn], len, "%s/%s", path, de->d_name);
    nn++;
  }
  closedir(dir);
  qsort(names, nn, sizeof *names, fz_cmp);
  for (size_t i = 0; i < nn; i++) {
    fz_run_file(names[i]);
    free(names[i]);
  }
  free(names);
}

int main(int argc, char **argv) {
  LLVMFuzzerInitialize(&argc, &argv);
  if (argc < 2)
    fz_run_path("tests/fuzz/corpus/" FUZZ_NAME);
  for (int i = 1; i < argc; i++)
    fz_run_path(argv[i]);
  printf("%s: %lu passed, 0 failed\n", FUZZ_NAME, fz_ran);
  return 0;
}
#endif

#endif
