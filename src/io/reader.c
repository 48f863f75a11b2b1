/*
** reader.c: the input readers, first stage of the pipeline (DESIGN.md). They
** turn files, directories, gzip/zstd archives and standard input into
** (id, date, title, url, text) articles for dl_doc_code(); a bad record is
** reported with its file and line and the reader goes on with the next one.
**
** A reader holds a queue of files (a directory expands to its files, sorted
** by strcmp, recursing into subdirectories; dotfiles are skipped). Each file
** is read by its suffix: *.jsonl / *.ndjson are JSON Lines, anything else is
** one plain-text article; a trailing .gz or .zst means compressed. *.html
** and *.htm are pages (html.c); *.warc and *.warc.gz are crawls read a
** record at a time by warc.c, which does its own gzip. JSON Lines
** are streamed through one buffer (1 MiB, grown up to 'max_line'), never
** slurped; plain-text articles are read whole, up to 'max_line' bytes too.
** Each line is made valid UTF-8 first, then scanned by a fast path for flat
** records; jansson parses whatever the fast path declines, errors included.
** dl_reader_open() fails only on bad arguments or memory: a path that cannot
** be read is reported by dl_reader_next() as DL_E_IO, in queue order.
*/
#include "dl_int.h"
#include "io/io.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <jansson.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>
#include <zstd.h>

#define BUFSZ ((size_t)1 << 20)       /* read buffer; grown for long lines */
#define DEF_MAX ((size_t)64 << 20)    /* default 'max_line' */
#define MAXWARN 4                     /* warnings kept per record */
#define MAXDEPTH 32                   /* directory recursion (symlink loops) */

enum { C_RAW, C_GZ, C_ZST };          /* compression of the current file */
enum { K_NONE, K_JSONL, K_WARC };     /* what the reader is in the middle of */

typedef struct qent {
  char *path; /* file name as given (or built from a directory) */
  int err;    /* errno found while listing it; 0 = fine */
} qent;

struct dl_reader {
  char *date; size_t date_len;        /* copy of opts->default_date */
  size_t max_line;                    /* line and plain-text limit */
  qent *q; size_t qn, qcap, qi;       /* files to read; 'qi' is the next */
  /* the current file */
  const char *file;                   /* where.file */
  const char *name;                   /* in messages: 'file' or "stdin" */
  int kind;                           /* K_* */
  int comp;                           /* C_* */
  int fd;                             /* -1 when closed */
  bool is_stdin;
  gzFile gz;
  dlwarc *warc;                       /* *.warc, *.warc.gz (warc.c) */
  dlhtml_page page;                   /* the last *.html article (html.c) */
  ZSTD_DStream *zs;                   /* made on first .zst, kept */
  ZSTD_inBuffer zin;
  char *zbuf; size_t zcap;            /* compressed input */
  uint64_t zoff;                      /* compressed bytes consumed */
  size_t zlast;                       /* last ZSTD_decompressStream hint */
  bool zeof;
  /* decompressed bytes: data in [beg, end), searched for '\n' up to 'scan' */
  char *buf; size_t cap, beg, end, scan;
  bool eof;
  uint64_t line;                      /* lines consumed in this file */
  /* the current record */
  json_t *root;
  char *sbuf; size_t scap;              /* fast path's decoded strings */
  char idbuf[32];
  char errmsg[1024];
  size_t nwarn;
  char warn[MAXWARN][192];
};

/* ---------------------------------------------------------------- helpers */

static void seterr(dl_reader *rd, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;
static void seterr(dl_reader *rd, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(rd->errmsg, sizeof rd->errmsg, fmt, ap);
  va_end(ap);
}

static void addwarn(dl_reader *rd, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;
static void addwarn(dl_reader *rd, const char *fmt, ...) {
  if (rd->nwarn == MAXWARN)
    return;
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(rd->warn[rd->nwarn++], sizeof rd->warn[0], fmt, ap);
  va_end(ap);
}

static bool endswith(const char *s, size_t n, const char *suf) {
  size_t m = strlen(suf);
  return n >= m && memcmp(s + n - m, suf, m) == 0;
}

static const char *basename_of(const char *p) {
  const char *s = strrchr(p, '/');
  return s && s[1] ? s + 1 : p;
}

/* Replace each byte of an invalid UTF-8 sequence (overlong, surrogate,
** truncated, stray continuation) by a space, in place, so that offsets hold.
** Returns how many were replaced; *first is the offset of the first. ASCII
** goes 8 bytes at a time; only non-ASCII calls the decoder. */
static size_t fix_utf8(char *p, size_t n, size_t *first) {
  unsigned char *s = (unsigned char *)p;
  size_t i = 0, bad = 0;
  while (i < n) {
    while (i + 8 <= n) {
      uint64_t w;
      memcpy(&w, s + i, 8);
      if (w & 0x8080808080808080ull)
        break;
      i += 8;
    }
    while (i < n && s[i] < 0x80)
      i++;
    if (i >= n)
      break;
    int32_t cp;
    int k = dlutf8_decode(s + i, n - i, &cp);
    if (k > 0) {
      i += (size_t)k;
    } else {
      if (bad++ == 0)
        *first = i;
      s[i++] = ' ';
    }
  }
  return bad;
}

/* Replace NUL bytes by spaces; returns how many, *first the first one. */
static size_t fix_nul(char *p, size_t n, size_t *first) {
  size_t bad = 0;
  char *e = p + n, *z = p;
  while ((z = memchr(z, 0, (size_t)(e - z))) != NULL) {
    if (bad++ == 0)
      *first = (size_t)(z - p);
    *z++ = ' ';
  }
  return bad;
}

static void check_text(dl_reader *rd, char *p, size_t n, const char *of) {
  size_t first = 0, k = fix_utf8(p, n, &first);
  if (k)
    addwarn(rd, "invalid UTF-8: %zu byte%s replaced by spaces (first at byte %zu "
         "of the %s)", k, k == 1 ? "" : "s", first, of);
}

/* ------------------------------------------------------------------ queue */

static bool qpush(dl_reader *rd, const char *path, size_t n, int err) {
  if (rd->qn == rd->qcap) {
    size_t nc = rd->qcap ? 2 * rd->qcap : 16;
    qent *q = realloc(rd->q, nc * sizeof *q);
    if (!q)
      return false;
    rd->q = q;
    rd->qcap = nc;
  }
  char *p = malloc(n + 1);
  if (!p)
    return false;
  memcpy(p, path, n);
  p[n] = 0;
  rd->q[rd->qn].path = p;
  rd->q[rd->qn++].err = err;
  return true;
}

static int cmpstr(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Queue the files of directory 'dir' in strcmp order, recursing into
** subdirectories in place. An unreadable directory or a dangling entry is
** queued with its errno so that dl_reader_next reports it. */
static bool walk(dl_reader *rd, const char *dir, int depth) {
  DIR *d = opendir(dir);
  if (!d)
    return qpush(rd, dir, strlen(dir), errno ? errno : EIO);
  char **names = NULL;
  size_t n = 0, cap = 0;
  bool ok = true;
  struct dirent *e;
  while ((e = readdir(d)) != NULL) {
    if (e->d_name[0] == '.')
      continue; /* ".", ".." and dotfiles */
    if (n == cap) {
      size_t nc = cap ? 2 * cap : 32;
      char **nn = realloc(names, nc * sizeof *nn);
      if (!nn) { ok = false; break; }
      names = nn;
      cap = nc;
    }
    if (!(names[n] = strdup(e->d_name))) { ok = false; break; }
    n++;
  }
  closedir(d);
  if (ok && n > 1)
    qsort(names, n, sizeof *names, cmpstr);
  size_t dl = strlen(dir);
  bool slash = dl > 0 && dir[dl - 1] == '/';
  for (size_t i = 0; ok && i < n; i++) {
    size_t nl = strlen(names[i]), pl = dl + !slash + nl;
    char *p = malloc(pl + 1);
    if (!p) { ok = false; break; }
    memcpy(p, dir, dl);
    if (!slash)
      p[dl] = '/';
    memcpy(p + dl + !slash, names[i], nl + 1);
    struct stat st;
    if (stat(p, &st) != 0)
      ok = qpush(rd, p, pl, errno); /* dangling symlink: report it */
    else if (S_ISDIR(st.st_mode))
      ok = depth < MAXDEPTH ? walk(rd, p, depth + 1) : qpush(rd, p, pl, ELOOP);
    else if (S_ISREG(st.st_mode))
      ok = qpush(rd, p, pl, 0);
    free(p); /* fifos, sockets, devices in a directory are skipped */
  }
  for (size_t i = 0; i < n; i++)
    free(names[i]);
  free(names);
  return ok;
}

/* ----------------------------------------------------------------- source */

/* Read up to 'n' decompressed bytes of the current file into 'p'. Returns
** the count, 0 at the end, -1 on a read error or corrupt data (errmsg set). */
static ptrdiff_t src_read(dl_reader *rd, char *p, size_t n) {
  if (n > ((size_t)1 << 30))
    n = (size_t)1 << 30;
  if (rd->comp == C_GZ) {
    int r = gzread(rd->gz, p, (unsigned)n);
    int err = Z_OK;
    const char *msg = gzerror(rd->gz, &err);
    if (r < 0 || (r == 0 && err != Z_OK)) {
      long long off = (long long)gzoffset(rd->gz);
      if (err == Z_ERRNO)
        seterr(rd, "%s: %s", rd->name, strerror(errno));
      else if (err == Z_BUF_ERROR)
        seterr(rd, "%s: truncated gzip data at byte %lld", rd->name, off);
      else {
        if (strncmp(msg, "<fd:", 4) == 0 && strstr(msg, ": "))
          msg = strstr(msg, ": ") + 2; /* gzdopen's name for the file */
        seterr(rd, "%s: corrupt gzip data at byte %lld: %s", rd->name, off,
               msg);
      }
      return -1;
    }
    return r;
  }
  if (rd->comp == C_ZST) {
    ZSTD_outBuffer out = {p, n, 0};
    for (;;) {
      size_t before = rd->zin.pos;
      size_t ret = ZSTD_decompressStream(rd->zs, &out, &rd->zin);
      if (ZSTD_isError(ret)) {
        seterr(rd, "%s: corrupt zstd data at byte %" PRIu64 ": %s", rd->name,
               rd->zoff + (rd->zin.pos - before), ZSTD_getErrorName(ret));
        return -1;
      }
      rd->zoff += rd->zin.pos - before;
      if (rd->zin.pos != before || out.pos > 0)
        rd->zlast = ret; /* an idle call after a frame asks for the next */
      if (out.pos > 0)
        return (ptrdiff_t)out.pos;
      if (rd->zin.pos < rd->zin.size)
        continue;
      if (rd->zeof) {
        if (rd->zlast != 0) {
          seterr(rd, "%s: truncated zstd data at byte %" PRIu64, rd->name,
                 rd->zoff);
          return -1;
        }
        return 0;
      }
      ssize_t r;
      do
        r = read(rd->fd, rd->zbuf, rd->zcap);
      while (r < 0 && errno == EINTR);
      if (r < 0) {
        seterr(rd, "%s: %s", rd->name, strerror(errno));
        return -1;
      }
      rd->zin.src = rd->zbuf;
      rd->zin.size = (size_t)r;
      rd->zin.pos = 0;
      rd->zeof = r == 0;
    }
  }
  ssize_t r;
  do
    r = read(rd->fd, p, n);
  while (r < 0 && errno == EINTR);
  if (r < 0) {
    seterr(rd, "%s: %s", rd->name, strerror(errno));
    return -1;
  }
  return r;
}

/* Read more into the buffer, growing it up to 'lim' bytes. Returns 1 when
** bytes came, 0 at the end (rd->eof), -1 on error, -2 when the buffer is
** full at 'lim'. */
static int fill(dl_reader *rd, size_t lim) {
  if (rd->eof)
    return 0;
  if (rd->beg > 0 && rd->end == rd->cap) { /* slide the partial line down */
    memmove(rd->buf, rd->buf + rd->beg, rd->end - rd->beg);
    rd->end -= rd->beg;
    rd->scan -= rd->beg;
    rd->beg = 0;
  }
  if (rd->end == rd->cap) {
    if (rd->cap >= lim)
      return -2;
    size_t nc = rd->cap * 2 < lim ? rd->cap * 2 : lim;
    char *nb = realloc(rd->buf, nc);
    if (!nb) {
      seterr(rd, "%s: out of memory", rd->name);
      return -1;
    }
    rd->buf = nb;
    rd->cap = nc;
  }
  ptrdiff_t r = src_read(rd, rd->buf + rd->end, rd->cap - rd->end);
  if (r < 0)
    return -1;
  if (r == 0) {
    rd->eof = true;
    return 0;
  }
  rd->end += (size_t)r;
  return 1;
}

static void close_file(dl_reader *rd) {
  dlwarc_close(rd->warc);
  rd->warc = NULL;
  if (rd->gz) {
    gzclose(rd->gz); /* closes 'fd' too */
    rd->gz = NULL;
  } else if (rd->fd >= 0 && !rd->is_stdin) {
    close(rd->fd);
  }
  rd->fd = -1;
  rd->is_stdin = false;
  rd->kind = K_NONE;
  rd->beg = rd->end = rd->scan = 0;
  rd->eof = false;
  rd->line = 0;
}

/* Open queue entry 'e'. Returns DL_OK or DL_E_IO / DL_E_NOMEM (errmsg). */
static dl_status open_file(dl_reader *rd, const qent *e) {
  rd->file = e->path;
  rd->is_stdin = strcmp(e->path, "-") == 0;
  rd->name = rd->is_stdin ? "stdin" : e->path;
  rd->comp = C_RAW;
  rd->line = 0;
  rd->beg = rd->end = rd->scan = 0;
  rd->eof = false;
  if (e->err) {
    seterr(rd, "%s: %s", rd->name, strerror(e->err));
    return DL_E_IO;
  }
  if (rd->is_stdin) {
    rd->fd = 0;
  } else {
    do
      rd->fd = open(e->path, O_RDONLY | O_CLOEXEC);
    while (rd->fd < 0 && errno == EINTR);
    if (rd->fd < 0) {
      seterr(rd, "%s: %s", rd->name, strerror(errno));
      return DL_E_IO;
    }
    struct stat st;
    if (fstat(rd->fd, &st) == 0 && S_ISDIR(st.st_mode)) {
      seterr(rd, "%s: %s", rd->name, strerror(EISDIR));
      close_file(rd);
      return DL_E_IO;
    }
    size_t n = strlen(e->path);
    if (endswith(e->path, n, ".gz") && !dlwarc_is_name(e->path)) {
      rd->comp = C_GZ;
      if (!(rd->gz = gzdopen(rd->fd, "rb"))) {
        seterr(rd, "%s: out of memory", rd->name);
        close_file(rd);
        return DL_E_NOMEM;
      }
      gzbuffer(rd->gz, 1u << 18);
    } else if (endswith(e->path, n, ".zst")) {
      rd->comp = C_ZST;
      if (!rd->zs && !(rd->zs = ZSTD_createDStream())) {
        close_file(rd);
        return DL_E_NOMEM;
      }
      if (!rd->zbuf) {
        rd->zcap = ZSTD_DStreamInSize();
        if (!(rd->zbuf = malloc(rd->zcap))) {
          close_file(rd);
          return DL_E_NOMEM;
        }
      }
      ZSTD_initDStream(rd->zs);
      rd->zin.src = rd->zbuf;
      rd->zin.size = rd->zin.pos = 0;
      rd->zoff = 0;
      rd->zlast = 0;
      rd->zeof = false;
    }
  }
  return DL_OK;
}

/* Is the file name (compression suffix aside) a JSON Lines file? */
static bool is_jsonl(const char *path) {
  size_t n = strlen(path);
  if (endswith(path, n, ".gz"))
    n -= 3;
  else if (endswith(path, n, ".zst"))
    n -= 4;
  return endswith(path, n, ".jsonl") || endswith(path, n, ".ndjson");
}

/* ------------------------------------------------------------- plain text */

static void art_error(dl_reader *rd, dl_article *art, dl_where *where,
                      const char *id, uint64_t line) {
  memset(art, 0, sizeof *art);
  art->id = id;
  art->id_len = id ? strlen(id) : 0;
  where->file = rd->file;
  where->line = line;
}

/* An HTML file's article (html.c): id = its URL, else the file name. */
static dl_status html_article(dl_reader *rd, char *p, size_t n,
                              const char *id, dl_article *art,
                              dl_where *where) {
  dlhtml_free(&rd->page);
  dl_status st = dlhtml_extract(p, n, NULL, 0, &rd->page);
  if (rd->gz) {
    gzclose(rd->gz);
    rd->gz = NULL;
  } else {
    close(rd->fd);
  }
  rd->fd = -1;
  rd->kind = K_NONE;
  memset(art, 0, sizeof *art);
  art->id = id;
  art->id_len = strlen(id);
  where->file = rd->file;
  where->line = 0;
  if (st != DL_OK) {
    seterr(rd, "%s: out of memory", rd->name);
    return DL_E_INPUT;
  }
  dlhtml_page *pg = &rd->page;
  check_text(rd, (char *)pg->text, pg->text_len, "text");
  if (pg->url_len) {
    art->id = art->url = pg->url;
    art->id_len = art->url_len = pg->url_len;
  }
  art->title = pg->title;
  art->title_len = pg->title_len;
  art->date = pg->date_len ? pg->date : rd->date;
  art->date_len = pg->date_len ? pg->date_len : rd->date_len;
  art->text = pg->text ? pg->text : "";
  art->text_len = pg->text_len;
  return DL_OK;
}

/* The whole current file is one article (the buffer may already hold its
** first bytes, from sniffing standard input). */
static dl_status read_plain(dl_reader *rd, dl_article *art, dl_where *where) {
  const char *id = rd->is_stdin ? "stdin" : basename_of(rd->file);
  size_t lim = rd->max_line;
  int r;
  while ((r = fill(rd, lim + 1)) > 0)
    ;
  if (r == -1) {
    art_error(rd, art, where, id, 0);
    close_file(rd);
    return DL_E_IO;
  }
  if (r == -2 || rd->end > lim) { /* count the rest without keeping it */
    uint64_t total = rd->end;
    ptrdiff_t k;
    while ((k = src_read(rd, rd->buf, rd->cap)) > 0)
      total += (uint64_t)k;
    if (k == 0)
      seterr(rd, "%s: article of %" PRIu64 " bytes exceeds the limit of %zu",
             rd->name, total, lim);
    art_error(rd, art, where, id, 0);
    close_file(rd);
    return k == 0 ? DL_E_INPUT : DL_E_IO;
  }
  char *p = rd->buf;
  size_t n = rd->end;
  if (n >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0) { /* byte order mark */
    p += 3;
    n -= 3;
  }
  size_t first = 0, k = fix_nul(p, n, &first);
  if (k)
    addwarn(rd, "NUL: %zu byte%s replaced by spaces (first at byte %zu of the "
         "file)", k, k == 1 ? "" : "s", first);
  if (!rd->is_stdin && dlhtml_is_name(rd->file))
    return html_article(rd, p, n, id, art, where);
  check_text(rd, p, n, "file");
  memset(art, 0, sizeof *art);
  art->id = id;
  art->id_len = strlen(id);
  art->date = rd->date;
  art->date_len = rd->date_len;
  art->text = n ? p : "";
  art->text_len = n;
  where->file = rd->file;
  where->line = 0;
  rd->kind = K_NONE; /* the buffer stays valid until the next call */
  if (rd->gz) {
    gzclose(rd->gz);
    rd->gz = NULL;
  } else if (!rd->is_stdin) {
    close(rd->fd);
  }
  rd->fd = -1;
  return DL_OK;
}

/* ------------------------------------------------------------ JSON Lines */

/* Next line of the current file into [*s, *s + *n), without its '\n'.
** Returns 1, 0 at the end, -1 on a read error (DL_E_IO), -2 for a line over
** 'max_line' (skipped, errmsg set, DL_E_INPUT). */
static int next_line(dl_reader *rd, char **s, size_t *n) {
  for (;;) {
    char *nl = memchr(rd->buf + rd->scan, '\n', rd->end - rd->scan);
    if (nl) {
      *s = rd->buf + rd->beg;
      *n = (size_t)(nl - *s);
      rd->beg = rd->scan = (size_t)(nl - rd->buf) + 1;
      rd->line++;
      break;
    }
    rd->scan = rd->end;
    int r = rd->end - rd->beg > rd->max_line ? -2
                                             : fill(rd, rd->max_line + 1);
    if (r == -1)
      return -1;
    if (r == 0) {
      if (rd->end == rd->beg)
        return 0;
      *s = rd->buf + rd->beg; /* last line without '\n' */
      *n = rd->end - rd->beg;
      rd->beg = rd->scan = rd->end;
      rd->line++;
      break;
    }
    if (r == -2) { /* too long: skip to the next '\n' holding nothing */
      uint64_t len = rd->end - rd->beg;
      rd->line++;
      for (;;) {
        ptrdiff_t k = src_read(rd, rd->buf, rd->cap);
        if (k < 0)
          return -1;
        if (k == 0) {
          rd->eof = true;
          rd->beg = rd->end = rd->scan = 0;
          break;
        }
        nl = memchr(rd->buf, '\n', (size_t)k);
        if (nl) {
          len += (uint64_t)(nl - rd->buf);
          rd->beg = rd->scan = (size_t)(nl - rd->buf) + 1;
          rd->end = (size_t)k;
          break;
        }
        len += (uint64_t)k;
      }
      seterr(rd, "%s:%" PRIu64 ": line of %" PRIu64
             " bytes exceeds the limit of %zu", rd->name, rd->line, len,
             rd->max_line);
      return -2;
    }
  }
  if (*n > rd->max_line) { /* found whole in the buffer, still too long */
    seterr(rd, "%s:%" PRIu64 ": line of %zu bytes exceeds the limit of %zu",
           rd->name, rd->line, *n, rd->max_line);
    return -2;
  }
  return 1;
}

static bool blank(const char *s, size_t n) {
  for (size_t i = 0; i < n; i++)
    if (s[i] != ' ' && s[i] != '\t' && s[i] != '\r')
      return false;
  return true;
}

/* An optional string field: true with *v set (NULL when absent or null),
** false when it has another type. */
static bool opt_str(json_t *o, const char *key, const char **v, size_t *n) {
  json_t *x = json_object_get(o, key);
  *v = NULL;
  *n = 0;
  if (!x || json_is_null(x))
    return true;
  if (!json_is_string(x))
    return false;
  *v = json_string_value(x);
  *n = json_string_length(x);
  return true;
}

/* ---------------------------------------------------- JSON fast path */

/* jansson builds a tree through a per-character stream; for the common
** record (a flat object of strings, numbers, small arrays) this direct
** scanner is several times faster. It only ever accepts what jansson
** accepts, and gives the same values; on anything unusual (errors, reals
** with exponents, long integers, lone surrogates, NUL in keys, deep
** nesting) it gives up and jansson decides, with jansson's messages. */

typedef struct fscan {
  const char *p, *e;  /* input left */
  char *out;          /* decoded strings go here (rd->sbuf) */
  size_t o;           /* bytes used in 'out' */
} fscan;

#define ONES 0x0101010101010101ull
#define HIGH 0x8080808080808080ull

static void fws(fscan *f) {
  while (f->p < f->e && (*f->p == ' ' || *f->p == '\t' || *f->p == '\n' ||
                         *f->p == '\r'))
    f->p++;
}

static int hexval(int c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

static long hex4(const char *p, const char *e) {
  if (e - p < 4)
    return -1;
  long v = 0;
  for (int i = 0; i < 4; i++) {
    int h = hexval((unsigned char)p[i]);
    if (h < 0)
      return -1;
    v = v * 16 + h;
  }
  return v;
}

/* A string at f->p (on its '"'). With 'dec', decodes it into f->out and
** sets [*s, *s + *n) as an offset span; *nul tells if it holds U+0000. */
static bool fstr(fscan *f, bool dec, size_t *s, size_t *n, bool *nul) {
  const char *p = f->p + 1, *e = f->e;
  size_t o = f->o;
  *nul = false;
  for (;;) {
    const char *q = p;
    while (e - q >= 8) { /* no '"', '\\' or control byte in 8 bytes? */
      uint64_t w;
      memcpy(&w, q, 8);
      uint64_t a = w ^ (ONES * '"'), b = w ^ (ONES * '\\');
      uint64_t t = ((a - ONES) & ~a) | ((b - ONES) & ~b) |
                   ((w - ONES * 0x20) & ~w);
      if (t & HIGH)
        break;
      q += 8;
    }
    while (q < e && *q != '"' && *q != '\\' && (unsigned char)*q >= 0x20)
      q++;
    if (dec) {
      memcpy(f->out + o, p, (size_t)(q - p));
      o += (size_t)(q - p);
    }
    if (q >= e || (unsigned char)*q < 0x20)
      return false;
    if (*q == '"') {
      f->p = q + 1;
      if (dec) {
        *s = f->o;
        *n = o - f->o;
        f->o = o;
      }
      return true;
    }
    if (e - q < 2)
      return false;
    char c = q[1], r;
    p = q + 2;
    switch (c) {
    case '"': r = '"'; break;
    case '\\': r = '\\'; break;
    case '/': r = '/'; break;
    case 'b': r = '\b'; break;
    case 'f': r = '\f'; break;
    case 'n': r = '\n'; break;
    case 'r': r = '\r'; break;
    case 't': r = '\t'; break;
    case 'u': {
      long v = hex4(p, e);
      if (v < 0 || (v >= 0xDC00 && v <= 0xDFFF))
        return false;
      p += 4;
      if (v >= 0xD800 && v <= 0xDBFF) { /* needs its low half */
        if (e - p < 6 || p[0] != '\\' || p[1] != 'u')
          return false;
        long lo = hex4(p + 2, e);
        if (lo < 0xDC00 || lo > 0xDFFF)
          return false;
        v = 0x10000 + ((v - 0xD800) << 10) + (lo - 0xDC00);
        p += 6;
      }
      if (v == 0)
        *nul = true;
      if (dec)
        o += (size_t)dlutf8_encode((int32_t)v, f->out + o);
      continue;
    }
    default:
      return false;
    }
    if (dec)
      f->out[o++] = r;
  }
}

/* A number: JSON grammar, and only what jansson surely takes (no exponent,
** integers of at most 18 digits). Sets *isint. */
static bool fnum(fscan *f, bool *isint) {
  const char *p = f->p, *e = f->e, *d;
  if (p < e && *p == '-')
    p++;
  d = p;
  if (p < e && *p == '0')
    p++;
  else if (p < e && *p >= '1' && *p <= '9')
    while (p < e && *p >= '0' && *p <= '9')
      p++;
  else
    return false;
  size_t nd = (size_t)(p - d);
  *isint = true;
  if (p < e && *p == '.') {
    const char *fr = ++p;
    while (p < e && *p >= '0' && *p <= '9')
      p++;
    if (p == fr || p - d > 300)
      return false;
    *isint = false;
  }
  if (p < e && (*p == 'e' || *p == 'E'))
    return false;
  if (*isint && nd > 18)
    return false;
  f->p = p;
  return true;
}

static bool flit(fscan *f, const char *w, size_t n) {
  if ((size_t)(f->e - f->p) < n || memcmp(f->p, w, n) != 0)
    return false;
  f->p += n;
  return true;
}

/* Skip any value (validating it), nested at most 'depth' more levels. */
static bool fskip(fscan *f, int depth) {
  size_t s, n;
  bool nul, isint;
  if (f->p >= f->e)
    return false;
  switch (*f->p) {
  case '"': return fstr(f, false, &s, &n, &nul);
  case 't': return flit(f, "true", 4);
  case 'f': return flit(f, "false", 5);
  case 'n': return flit(f, "null", 4);
  case '[':
    if (depth == 0)
      return false;
    f->p++;
    fws(f);
    if (f->p < f->e && *f->p == ']') {
      f->p++;
      return true;
    }
    for (;;) {
      if (!fskip(f, depth - 1))
        return false;
      fws(f);
      if (f->p >= f->e)
        return false;
      if (*f->p++ == ']')
        return true;
      if (f->p[-1] != ',')
        return false;
      fws(f);
    }
  case '{':
    if (depth == 0)
      return false;
    f->p++;
    fws(f);
    if (f->p < f->e && *f->p == '}') {
      f->p++;
      return true;
    }
    for (;;) {
      if (f->p >= f->e || *f->p != '"' || !fstr(f, false, &s, &n, &nul) ||
          nul)
        return false; /* jansson refuses NUL in keys */
      fws(f);
      if (f->p >= f->e || *f->p++ != ':')
        return false;
      fws(f);
      if (!fskip(f, depth - 1))
        return false;
      fws(f);
      if (f->p >= f->e)
        return false;
      if (*f->p++ == '}')
        return true;
      if (f->p[-1] != ',')
        return false;
      fws(f);
    }
  default:
    return fnum(f, &isint);
  }
}

enum { FK_ID, FK_DATE, FK_TITLE, FK_URL, FK_TEXT, FK_N };
static const char *const fkeys[FK_N] = {"id", "date", "title", "url", "text"};

/* The fast path over one line. Returns true with 'art' filled (spans into
** rd->sbuf or the line), false to leave the line to jansson. */
static bool fast_line(dl_reader *rd, const char *s, size_t n,
                      dl_article *art) {
  if (rd->scap < n + 8) {
    size_t nc = n + 8 > 2 * rd->scap ? n + 8 : 2 * rd->scap;
    char *nb = realloc(rd->sbuf, nc);
    if (!nb)
      return false;
    rd->sbuf = nb;
    rd->scap = nc;
  }
  fscan f = {s, s + n, rd->sbuf, 0};
  size_t off[FK_N], len[FK_N];
  int has[FK_N] = {0}; /* 0 absent, 1 string, 2 null, 3 integer (in line) */
  const char *num = NULL;
  bool nul;
  fws(&f);
  if (f.p >= f.e || *f.p++ != '{')
    return false;
  fws(&f);
  if (f.p < f.e && *f.p == '}') {
    f.p++;
  } else {
    for (;;) {
      size_t ks, kn;
      if (f.p >= f.e || *f.p != '"' || !fstr(&f, true, &ks, &kn, &nul) || nul)
        return false;
      int k = -1;
      for (int i = 0; i < FK_N; i++)
        if (strlen(fkeys[i]) == kn && memcmp(f.out + ks, fkeys[i], kn) == 0)
          k = i;
      f.o = ks; /* the key's bytes are not needed any more */
      fws(&f);
      if (f.p >= f.e || *f.p++ != ':')
        return false;
      fws(&f);
      if (f.p >= f.e)
        return false;
      if (k < 0) {
        if (!fskip(&f, 32))
          return false;
      } else if (*f.p == '"') {
        if (!fstr(&f, true, &off[k], &len[k], &nul))
          return false;
        has[k] = 1;
      } else if (flit(&f, "null", 4)) {
        has[k] = 2;
      } else if (k == FK_ID && (*f.p == '-' || (*f.p >= '0' && *f.p <= '9'))) {
        const char *b = f.p;
        bool isint;
        if (!fnum(&f, &isint) || !isint || (f.p - b == 2 && b[0] == '-'))
          return false; /* reals and "-0" print as jansson prints them */
        num = b;
        len[k] = (size_t)(f.p - b);
        has[k] = 3;
      } else {
        return false; /* a wrong type: jansson's path says so */
      }
      fws(&f);
      if (f.p >= f.e)
        return false;
      if (*f.p == '}') {
        f.p++;
        break;
      }
      if (*f.p++ != ',')
        return false;
      fws(&f);
    }
  }
  fws(&f);
  if (f.p != f.e || has[FK_TEXT] != 1)
    return false;
  const char **vp[FK_N] = {&art->id, &art->date, &art->title, &art->url,
                           &art->text};
  size_t *lp[FK_N] = {&art->id_len, &art->date_len, &art->title_len,
                      &art->url_len, &art->text_len};
  for (int i = 0; i < FK_N; i++) {
    if (has[i] == 1) {
      *vp[i] = rd->sbuf + off[i];
      *lp[i] = len[i];
    } else if (has[i] == 3) {
      *vp[i] = num;
      *lp[i] = len[i];
    } else if (i != FK_ID) {
      *vp[i] = NULL; /* the id keeps its line number */
      *lp[i] = 0;
    }
  }
  return true;
}

/* jansson's path over one line: fills 'art' or says what is wrong. */
static dl_status slow_line(dl_reader *rd, const char *s, size_t n,
                           dl_article *art) {
  json_error_t je;
  rd->root = json_loadb(s, n, JSON_ALLOW_NUL, &je);
  if (!rd->root) {
    seterr(rd, "%s:%" PRIu64 ": invalid JSON at column %d: %s", rd->name,
           rd->line, je.column, je.text);
    return DL_E_INPUT;
  }
  if (!json_is_object(rd->root)) {
    seterr(rd, "%s:%" PRIu64 ": not a JSON object", rd->name, rd->line);
    return DL_E_INPUT;
  }
  json_t *id = json_object_get(rd->root, "id");
  if (json_is_string(id)) {
    art->id = json_string_value(id);
    art->id_len = json_string_length(id);
  } else if (json_is_integer(id)) {
    snprintf(rd->idbuf, sizeof rd->idbuf, "%" JSON_INTEGER_FORMAT,
             json_integer_value(id));
    art->id_len = strlen(rd->idbuf);
  } else if (json_is_real(id)) {
    snprintf(rd->idbuf, sizeof rd->idbuf, "%.17g", json_real_value(id));
    art->id_len = strlen(rd->idbuf);
  } else if (id && !json_is_null(id)) {
    seterr(rd, "%s:%" PRIu64 ": \"id\" is not a string or a number",
           rd->name, rd->line);
    return DL_E_INPUT;
  }
  static const char *const keys[] = {"title", "url", "date"};
  const char **vals[] = {&art->title, &art->url, &art->date};
  size_t *lens[] = {&art->title_len, &art->url_len, &art->date_len};
  for (size_t i = 0; i < DL_COUNTOF(keys); i++) {
    if (!opt_str(rd->root, keys[i], vals[i], lens[i])) {
      seterr(rd, "%s:%" PRIu64 ": \"%s\" is not a string", rd->name, rd->line,
             keys[i]);
      return DL_E_INPUT;
    }
  }
  json_t *t = json_object_get(rd->root, "text");
  if (!t || json_is_null(t)) {
    seterr(rd, "%s:%" PRIu64 ": no \"text\" field", rd->name, rd->line);
    return DL_E_INPUT;
  }
  if (!json_is_string(t)) {
    seterr(rd, "%s:%" PRIu64 ": \"text\" is not a string", rd->name,
           rd->line);
    return DL_E_INPUT;
  }
  art->text = json_string_value(t);
  art->text_len = json_string_length(t);
  return DL_OK;
}

/* Parse one non-blank line (modified in place: invalid UTF-8 -> spaces). */
static dl_status parse_line(dl_reader *rd, char *s, size_t n, dl_article *art,
                            dl_where *where) {
  snprintf(rd->idbuf, sizeof rd->idbuf, "%" PRIu64, rd->line);
  art_error(rd, art, where, rd->idbuf, rd->line);
  if (rd->line == 1 && n >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0) {
    s[0] = s[1] = s[2] = ' '; /* byte order mark: offsets stay */
  }
  check_text(rd, s, n, "line");
#ifndef DLIO_NO_FASTPATH
  if (!fast_line(rd, s, n, art))
#endif
  {
    dl_status st = slow_line(rd, s, n, art);
    if (st != DL_OK)
      return st;
  }
  size_t first = 0, k = fix_nul((char *)art->text, art->text_len, &first);
  if (k) /* "\u0000" escapes; the decoded strings are ours to change */
    addwarn(rd, "NUL: %zu byte%s replaced by spaces (first at byte %zu of the "
         "text)", k, k == 1 ? "" : "s", first);
  if (!art->date) {
    art->date = rd->date;
    art->date_len = rd->date_len;
  }
  return DL_OK;
}

/* Standard input: JSON Lines when the first non-blank byte is '{'. Reads
** until it knows; the bytes stay in the buffer for the chosen reader. */
static int sniff(dl_reader *rd) {
  size_t i = 0;
  for (;;) {
    for (; i < rd->end; i++) {
      unsigned char c = (unsigned char)rd->buf[i];
      if (c == ' ' || c == '\t' || c == '\r' || c == '\n')
        continue;
      if (i + 3 <= rd->end && memcmp(rd->buf + i, "\xEF\xBB\xBF", 3) == 0) {
        i += 2;
        continue;
      }
      return c == '{' ? K_JSONL : -2;
    }
    int r = fill(rd, rd->max_line + 1);
    if (r == -1)
      return -1;
    if (r == 0)
      return 0;         /* nothing but blanks: no article */
    if (r == -2)
      return -2;        /* a huge blank prefix: plain text reports it */
  }
}

/* The next page of a WARC file (warc.c); at its end, the next file. */
static dl_status next_warc(dl_reader *rd, dl_article *art, dl_where *where) {
  const char *msg;
  dl_status st = dlwarc_next(rd->warc, art, &msg);
  where->file = rd->file;
  where->line = 0;
  if (st == DL_OK) {
    check_text(rd, (char *)art->text, art->text_len, "text");
    if (!art->date) {
      art->date = rd->date;
      art->date_len = rd->date_len;
    }
    return DL_OK;
  }
  if (st == DL_E_EOF) {
    close_file(rd);
    return DL_E_EOF; /* the caller goes on with the next file */
  }
  seterr(rd, "%s", msg);
  if (!art->id) {
    art->id = basename_of(rd->file);
    art->id_len = strlen(art->id);
  }
  art->text = NULL;
  if (st != DL_E_INPUT)
    close_file(rd);
  return st == DL_E_NOMEM ? DL_E_INPUT : st;
}

/* ------------------------------------------------------------------ API */

/* Make a reader over 'path' (see dateline.h). Fails only with DL_E_INVAL
** (NULL arguments) or DL_E_NOMEM; unreadable paths come out of
** dl_reader_next() as DL_E_IO. */
dl_status dl_reader_open(const char *path, const dl_reader_opts *opts,
                         dl_reader **out) {
  if (!out)
    return DL_E_INVAL;
  *out = NULL;
  if (!path)
    return DL_E_INVAL;
  dl_reader *rd = calloc(1, sizeof *rd);
  if (!rd)
    return DL_E_NOMEM;
  rd->fd = -1;
  rd->max_line = opts && opts->max_line ? opts->max_line : DEF_MAX;
  if (opts && opts->default_date) {
    rd->date_len = strlen(opts->default_date);
    if (!(rd->date = strdup(opts->default_date)))
      goto oom;
  }
  rd->cap = BUFSZ;
  if (!(rd->buf = malloc(rd->cap)))
    goto oom;
  struct stat st;
  bool ok;
  if (strcmp(path, "-") != 0 && stat(path, &st) == 0 && S_ISDIR(st.st_mode))
    ok = walk(rd, path, 0);
  else
    ok = qpush(rd, path, strlen(path), 0);
  if (!ok)
    goto oom;
  *out = rd;
  return DL_OK;
oom:
  dl_reader_close(rd);
  return DL_E_NOMEM;
}

/* Close the reader and every file it holds; NULL is fine. */
void dl_reader_close(dl_reader *rd) {
  if (!rd)
    return;
  close_file(rd);
  dlhtml_free(&rd->page);
  json_decref(rd->root);
  for (size_t i = 0; i < rd->qn; i++)
    free(rd->q[i].path);
  free(rd->q);
  if (rd->zs)
    ZSTD_freeDStream(rd->zs);
  free(rd->zbuf);
  free(rd->sbuf);
  free(rd->buf);
  free(rd->date);
  free(rd);
}

/* Next article or error (see dateline.h). On DL_E_INPUT and DL_E_IO 'art'
** holds only an id (the record's, or its line number, or the file name) and
** 'where' says where; other fields are NULL. */
dl_status dl_reader_next(dl_reader *rd, dl_article *art, dl_where *where) {
  if (!rd || !art || !where)
    return DL_E_INVAL;
  rd->nwarn = 0;
  rd->errmsg[0] = 0;
  json_decref(rd->root);
  rd->root = NULL;
  for (;;) {
    if (rd->kind == K_NONE) {
      if (rd->fd >= 0 || rd->gz)
        close_file(rd);
      if (rd->qi == rd->qn) {
        memset(art, 0, sizeof *art);
        where->file = NULL;
        where->line = 0;
        return DL_E_EOF;
      }
      const qent *e = &rd->q[rd->qi++];
      dl_status st = open_file(rd, e);
      if (st != DL_OK) {
        art_error(rd, art, where, basename_of(e->path), 0);
        close_file(rd);
        return st;
      }
      if (rd->is_stdin) {
        int k = sniff(rd);
        if (k == -1) {
          art_error(rd, art, where, "stdin", 0);
          close_file(rd);
          return DL_E_IO;
        }
        if (k == 0) {
          close_file(rd);
          continue;
        }
        if (k == -2)
          return read_plain(rd, art, where);
        rd->kind = K_JSONL;
      } else if (is_jsonl(e->path)) {
        rd->kind = K_JSONL;
      } else if (dlwarc_is_name(e->path)) {
        if (dlwarc_open(rd->fd, dlwarc_is_name(e->path) == 2, rd->name,
                        rd->max_line, &rd->warc) != DL_OK) {
          seterr(rd, "%s: out of memory", rd->name);
          art_error(rd, art, where, basename_of(e->path), 0);
          close_file(rd);
          return DL_E_NOMEM;
        }
        rd->kind = K_WARC;
      } else {
        return read_plain(rd, art, where);
      }
    }
    if (rd->kind == K_WARC) {
      dl_status st = next_warc(rd, art, where);
      if (st != DL_E_EOF)
        return st;
      continue;
    }
    char *s;
    size_t n;
    int r = next_line(rd, &s, &n);
    if (r == 0) {
      close_file(rd);
      continue;
    }
    if (r == -1) {
      art_error(rd, art, where, basename_of(rd->file), 0);
      close_file(rd);
      return DL_E_IO;
    }
    if (r == -2) {
      snprintf(rd->idbuf, sizeof rd->idbuf, "%" PRIu64, rd->line);
      art_error(rd, art, where, rd->idbuf, rd->line);
      return DL_E_INPUT;
    }
    if (blank(s, n))
      continue;
    return parse_line(rd, s, n, art, where);
  }
}

/* The message of the last DL_E_INPUT / DL_E_IO ("" if none); borrowed. */
const char *dl_reader_errmsg(const dl_reader *rd) {
  return rd ? rd->errmsg : "";
}

/* Warnings of the last record: count, and the i-th (NULL past the end). */
size_t dl_reader_nwarnings(const dl_reader *rd) {
  return rd ? rd->nwarn : 0;
}

const char *dl_reader_warning(const dl_reader *rd, size_t i) {
  return rd && i < rd->nwarn ? rd->warn[i] : NULL;
}
