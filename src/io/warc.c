/*
** warc.c: WARC archives (*.warc, *.warc.gz with one gzip member per record,
** as Common Crawl ships them) as a stream of articles, for reader.c; first
** stage of the pipeline. One record at a time: the headers, then either a
** skip over the block or, for an HTTP 200 response holding HTML, the page
** handed to html.c. A bad record is one DL_E_INPUT naming the file and its
** byte offset; the stream resyncs on the next "WARC/1." line.
*/
#include "io/io.h"

#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <strings.h>
#include <unistd.h>
#include <zlib.h>

#define BUFSZ ((size_t)1 << 18)  /* decompressed window */
#define ZINSZ ((size_t)1 << 16)  /* compressed input */
#define MAXHDR ((size_t)1 << 16) /* WARC or HTTP headers */

typedef struct member {
  uint64_t u, c; /* a gzip member starts at decompressed 'u', file byte 'c' */
} member;

struct dlwarc {
  int fd;
  bool gz;
  const char *name;
  size_t max_rec;
  /* gzip input */
  z_stream z;
  bool zinit, zstart, zmid;  /* made; a member starts next; inside one */
  unsigned char *zin;
  uint64_t zbase;            /* file offset of zin[0] */
  bool ineof;
  member *mem; size_t nmem, cmem;
  /* decompressed bytes: [beg, end) of 'buf'; 'base' = offset of buf[0] */
  char *buf; size_t cap, beg, end;
  uint64_t base;
  bool eof;
  bool linestart;            /* buf[beg] starts a line (after a discard) */
  bool resync;               /* skip to the next "WARC/1." line */
  /* the current record */
  char *hdr;                 /* its WARC headers, NUL-separated values */
  char *rec; size_t rcap;    /* the HTTP body */
  dlhtml_page page;
  char id[512];
  char day[11];
  char msg[1024];
};

/* ------------------------------------------------------------------ input */

/* strcasestr(), which is not C11 nor POSIX: ASCII case-insensitive. */
static const char *ci_find(const char *h, const char *nd) {
  size_t k = strlen(nd);
  for (; *h; h++)
    if (strncasecmp(h, nd, k) == 0)
      return h;
  return NULL;
}

static void say(dlwarc *w, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;
static void say(dlwarc *w, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(w->msg, sizeof w->msg, fmt, ap);
  va_end(ap);
}

static ptrdiff_t rd_fd(dlwarc *w, void *p, size_t n) {
  ssize_t r;
  do
    r = read(w->fd, p, n);
  while (r < 0 && errno == EINTR);
  if (r < 0)
    say(w, "%s: %s", w->name, strerror(errno));
  return r;
}

/* Where member data of stream offset 'u' comes from, in words. */
static void at(dlwarc *w, uint64_t u, char *out, size_t n) {
  if (!w->gz) {
    snprintf(out, n, "byte %" PRIu64, u);
    return;
  }
  for (size_t i = w->nmem; i-- > 0;)
    if (w->mem[i].u <= u) {
      if (w->mem[i].u == u)
        snprintf(out, n, "byte %" PRIu64, w->mem[i].c);
      else
        snprintf(out, n, "byte %" PRIu64 " of the member at byte %" PRIu64,
                 u - w->mem[i].u, w->mem[i].c);
      return;
    }
  snprintf(out, n, "decompressed byte %" PRIu64, u);
}

/* Skip to the next gzip magic in the compressed input (after corruption). */
static int gz_resync(dlwarc *w) {
  for (;;) {
    unsigned char *p = w->z.next_in, *e = p + w->z.avail_in;
    for (; p + 3 <= e; p++)
      if (p[0] == 0x1f && p[1] == 0x8b && p[2] == 0x08)
        break;
    if (p + 3 <= e) {
      w->z.avail_in = (uInt)(e - p);
      w->z.next_in = p;
      return 0;
    }
    size_t keep = (size_t)(e - p); /* up to 2 bytes of a split magic */
    memmove(w->zin, p, keep);
    w->zbase += (uint64_t)(p - w->zin);
    if (w->ineof) {
      w->z.avail_in = 0;
      w->z.next_in = w->zin;
      return 0;
    }
    ptrdiff_t r = rd_fd(w, w->zin + keep, ZINSZ - keep);
    if (r < 0)
      return -1;
    w->ineof = r == 0;
    w->z.next_in = w->zin;
    w->z.avail_in = (uInt)(keep + (size_t)r);
  }
}

/* Up to 'n' decompressed bytes at stream offset 'u' into 'p'. Returns the
** count, 0 at the end, -1 on a read error, -3 on corrupt or truncated gzip
** data (w->msg set; the input is then at the next member). A call never
** crosses the end of a member, so members are found before they are read. */
static ptrdiff_t gz_read(dlwarc *w, char *p, size_t n, uint64_t u) {
  w->z.next_out = (unsigned char *)p;
  w->z.avail_out = (uInt)n;
  for (;;) {
    if (w->z.avail_in == 0 && !w->ineof) {
      w->zbase += (uint64_t)(w->z.next_in - w->zin);
      ptrdiff_t r = rd_fd(w, w->zin, ZINSZ);
      if (r < 0)
        return -1;
      w->ineof = r == 0;
      w->z.next_in = w->zin;
      w->z.avail_in = (uInt)r;
    }
    uint64_t coff = w->zbase + (uint64_t)(w->z.next_in - w->zin);
    if (w->z.avail_in == 0 && w->ineof) {
      if (w->zmid) {
        w->zmid = false;
        say(w, "%s: truncated gzip member at byte %" PRIu64, w->name,
            w->nmem ? w->mem[w->nmem - 1].c : 0);
        return -3;
      }
      return (ptrdiff_t)(n - w->z.avail_out);
    }
    if (w->zstart) {
      if (!w->nmem || w->mem[w->nmem - 1].u != u) {
        if (!(w->nmem < w->cmem ||
              (w->cmem = w->cmem ? 2 * w->cmem : 64,
               (w->mem = realloc(w->mem, w->cmem * sizeof *w->mem)) != NULL))) {
          say(w, "%s: out of memory", w->name);
          w->nmem = w->cmem = 0;
          return -1;
        }
        w->mem[w->nmem].u = u;
        w->mem[w->nmem++].c = coff;
      } else {
        w->mem[w->nmem - 1].c = coff; /* an empty member before */
      }
      w->zstart = false;
      w->zmid = true;
    }
    int ret = inflate(&w->z, Z_NO_FLUSH);
    size_t got = n - w->z.avail_out;
    if (ret == Z_STREAM_END) {
      inflateReset(&w->z);
      w->zstart = true;
      w->zmid = false;
      if (got)
        return (ptrdiff_t)got;
      continue;
    }
    if (ret == Z_OK || (ret == Z_BUF_ERROR && w->z.avail_in == 0)) {
      if (got)
        return (ptrdiff_t)got;
      continue;
    }
    say(w, "%s: corrupt gzip member at byte %" PRIu64 ": %s", w->name,
        w->nmem ? w->mem[w->nmem - 1].c : 0,
        w->z.msg ? w->z.msg : "bad data");
    inflateReset(&w->z);
    w->zstart = true;
    w->zmid = false;
    if (w->z.avail_in && w->z.next_in[0] == 0x1f)
      w->z.next_in++, w->z.avail_in--; /* not the same magic again */
    if (gz_resync(w) < 0)
      return -1;
    return -3;
  }
}

/* Read more into 'buf' (sliding or growing it up to 'lim'). Returns 1 when
** bytes came, 0 at the end, -1 on a read error, -3 corrupt gzip (the
** buffer is then emptied: what came of the bad member is dropped). */
static int fill(dlwarc *w, size_t lim) {
  if (w->eof)
    return 0;
  if (w->beg > 0 && (w->end == w->cap || w->beg == w->end)) {
    memmove(w->buf, w->buf + w->beg, w->end - w->beg);
    w->base += w->beg;
    w->end -= w->beg;
    w->beg = 0;
  }
  if (w->end == w->cap) {
    if (w->cap >= lim)
      return -2;
    size_t nc = w->cap * 2 < lim ? w->cap * 2 : lim;
    char *nb = realloc(w->buf, nc);
    if (!nb) {
      say(w, "%s: out of memory", w->name);
      return -1;
    }
    w->buf = nb;
    w->cap = nc;
  }
  ptrdiff_t r = w->gz ? gz_read(w, w->buf + w->end, w->cap - w->end,
                                w->base + w->end)
                      : rd_fd(w, w->buf + w->end, w->cap - w->end);
  if (r == -3) {
    w->base += w->end;
    w->beg = w->end = 0;
    w->linestart = true;
    return -3;
  }
  if (r < 0)
    return -1;
  if (r == 0) {
    w->eof = true;
    return 0;
  }
  w->end += (size_t)r;
  return 1;
}

/* Skip 'n' bytes of the stream. Returns how many were skipped (less at the
** end), or -1 / -3 as fill(). */
static int64_t skip(dlwarc *w, uint64_t n) {
  uint64_t done = 0;
  while (done < n) {
    if (w->beg == w->end) {
      int r = fill(w, w->cap);
      if (r < 0)
        return r;
      if (r == 0)
        break;
    }
    size_t k = w->end - w->beg;
    if (k > n - done)
      k = (size_t)(n - done);
    w->beg += k;
    done += k;
  }
  return (int64_t)done;
}

/* Copy the next 'n' bytes of the stream to 'dst'. Returns the count, short
** at the end, or -1 / -3 as fill(). */
static int64_t take(dlwarc *w, char *dst, size_t n) {
  size_t done = 0;
  while (done < n) {
    if (w->beg == w->end) {
      int r = fill(w, w->cap);
      if (r < 0)
        return r;
      if (r == 0)
        break;
    }
    size_t k = w->end - w->beg;
    if (k > n - done)
      k = n - done;
    memcpy(dst + done, w->buf + w->beg, k);
    w->beg += k;
    done += k;
  }
  return (int64_t)done;
}

static size_t hdr_end(const char *p, size_t n);

/* Buffer bytes from 'beg' until a header block of at most 'lim' bytes ends
** (*hl past its blank line, 0 if none) or 'lim' bytes are in. Reads no
** further: the next gzip member may be damaged. Returns the bytes buffered
** (at most 'lim' counted), or -1 / -3 as fill(). */
static ptrdiff_t want_hdr(dlwarc *w, size_t lim, size_t *hl) {
  for (;;) {
    size_t have = w->end - w->beg;
    if (have > lim)
      have = lim;
    if ((*hl = hdr_end(w->buf + w->beg, have)) != 0 || have == lim)
      return (ptrdiff_t)have;
    int r = fill(w, lim + w->cap);
    if (r < 0)
      return r;
    if (r == 0)
      return (ptrdiff_t)have;
  }
}

/* Skip to the next line that starts "WARC/1.". Returns 1, 0 at the end, or
** -1 / -3. */
static int find_record(dlwarc *w) {
  for (;;) {
    if (w->linestart && w->end - w->beg >= 7 &&
        memcmp(w->buf + w->beg, "WARC/1.", 7) == 0)
      return 1;
    const char *p = w->buf + w->beg, *e = w->buf + w->end;
    while (p + 8 <= e) {
      const char *q = memchr(p, '\n', (size_t)(e - p) - 7);
      if (!q)
        break;
      if (memcmp(q + 1, "WARC/1.", 7) == 0) {
        w->beg = (size_t)(q + 1 - w->buf);
        return 1;
      }
      p = q + 1;
    }
    size_t keep = (size_t)(e - p) < 8 ? (size_t)(e - p) : 8;
    if (w->linestart && w->end - w->beg < 7) {
      keep = w->end - w->beg; /* the start may yet match */
    } else {
      w->linestart = false;
    }
    w->beg = w->end - keep;
    int r = fill(w, w->cap);
    if (r == -3) /* the buffer was dropped: a member starts next */
      continue;
    if (r < 0)
      return r;
    if (r == 0)
      return 0;
  }
}

/* ---------------------------------------------------------------- parsing */

static bool is_ws(char c) { return c == ' ' || c == '\t'; }

/* Value of header 'name' in a header block of NUL-ended "Name: value"
** lines, or NULL. */
static const char *field(const char *h, size_t n, const char *name) {
  size_t k = strlen(name);
  for (const char *p = h, *e = h + n; p < e; p += strlen(p) + 1)
    if (strncasecmp(p, name, k) == 0 && p[k] == ':') {
      const char *v = p + k + 1;
      while (is_ws(*v))
        v++;
      return v;
    }
  return NULL;
}

/* Split a header block in place: lines end in NUL, values trimmed. Returns
** the bytes used. */
/* Invalid UTF-8 bytes of a header value become '?' (ids and URLs come
** out of the reader as UTF-8). */
static void fix_utf8(char *s, size_t n) {
  for (size_t i = 0; i < n;) {
    int32_t cp;
    int k = dlutf8_decode((const unsigned char *)s + i, n - i, &cp);
    if (k == 0)
      s[i++] = '?';
    else
      i += (size_t)k;
  }
}

/* 'k' bytes of 's' cut back to a code point boundary. */
static size_t utf8_cut(const char *s, size_t k) {
  while (k > 0 && ((unsigned char)s[k] & 0xC0) == 0x80)
    k--;
  return k;
}

static size_t split_lines(char *h, size_t n) {
  size_t o = 0;
  for (size_t i = 0; i < n;) {
    size_t j = i;
    while (j < n && h[j] != '\n')
      j++;
    size_t e = j;
    while (e > i && (h[e - 1] == '\r' || is_ws(h[e - 1])))
      e--;
    memmove(h + o, h + i, e - i);
    fix_utf8(h + o, e - i);
    o += e - i;
    h[o++] = 0;
    i = j + 1;
  }
  return o;
}

/* End of a header block at 'p': offset past the blank line, or 0. */
static size_t hdr_end(const char *p, size_t n) {
  for (size_t i = 0; i < n; i++) {
    if (p[i] != '\n')
      continue;
    if (i + 1 < n && p[i + 1] == '\n')
      return i + 2;
    if (i + 2 < n && p[i + 1] == '\r' && p[i + 2] == '\n')
      return i + 3;
  }
  return 0;
}

static bool parse_len(const char *v, uint64_t *out) {
  if (!v || *v < '0' || *v > '9')
    return false;
  uint64_t x = 0;
  for (; *v >= '0' && *v <= '9'; v++) {
    if (x > (UINT64_MAX - 9) / 10)
      return false;
    x = x * 10 + (uint64_t)(*v - '0');
  }
  *out = x;
  return *v == 0;
}

/* Undo chunked transfer coding in place; returns the new length (what could
** be decoded of a damaged body). */
static size_t dechunk(char *p, size_t n) {
  size_t i = 0, o = 0;
  while (i < n) {
    uint64_t sz = 0;
    int dg = 0;
    for (; i < n; i++, dg++) {
      int c = (unsigned char)p[i], h;
      if (c >= '0' && c <= '9') h = c - '0';
      else if ((c | 0x20) >= 'a' && (c | 0x20) <= 'f') h = (c | 0x20) - 'a' + 10;
      else break;
      if (sz > (uint64_t)n)
        return o;
      sz = sz * 16 + (uint64_t)h;
    }
    if (!dg)
      return o;
    while (i < n && p[i] != '\n') /* chunk extensions */
      i++;
    i++;
    if (sz == 0 || i > n)
      return o;
    if (sz > n - i)
      sz = n - i;
    memmove(p + o, p + i, (size_t)sz);
    o += (size_t)sz;
    i += (size_t)sz;
    if (i < n && p[i] == '\r')
      i++;
    if (i < n && p[i] == '\n')
      i++;
  }
  return o;
}

/* gzip or deflate Content-Encoding: inflate 'rec' [0, *n) into a new buffer
** (at most 'max' bytes). False when it is not such data (kept as it is). */
static bool decode_body(dlwarc *w, size_t *n, size_t max) {
  z_stream z;
  memset(&z, 0, sizeof z);
  if (inflateInit2(&z, 15 + 32) != Z_OK)
    return false;
  size_t cap = *n * 4 + 4096, o = 0;
  if (cap > max)
    cap = max;
  char *out = malloc(cap + 1);
  if (!out) {
    inflateEnd(&z);
    return false;
  }
  z.next_in = (unsigned char *)w->rec;
  z.avail_in = (uInt)*n;
  int ret;
  do {
    if (o == cap) {
      if (cap >= max)
        break;
      size_t nc = cap * 2 < max ? cap * 2 : max;
      char *nb = realloc(out, nc + 1);
      if (!nb)
        break;
      out = nb;
      cap = nc;
    }
    z.next_out = (unsigned char *)out + o;
    z.avail_out = (uInt)(cap - o);
    ret = inflate(&z, Z_NO_FLUSH);
    o = cap - z.avail_out;
  } while (ret == Z_OK);
  inflateEnd(&z);
  if (o == 0) {
    free(out);
    return false;
  }
  free(w->rec);
  w->rec = out;
  w->rcap = cap + 1;
  *n = o;
  return true;
}

/* ------------------------------------------------------------------ API */

/* 1 for *.warc, 2 for *.warc.gz, else 0. */
int dlwarc_is_name(const char *path) {
  size_t n = strlen(path);
  if (n >= 5 && strcmp(path + n - 5, ".warc") == 0)
    return 1;
  if (n >= 8 && strcmp(path + n - 8, ".warc.gz") == 0)
    return 2;
  return 0;
}

/* Make a stream over 'fd' (see io.h). */
dl_status dlwarc_open(int fd, bool gz, const char *name, size_t max_rec,
                      dlwarc **out) {
  dlwarc *w = calloc(1, sizeof *w);
  if (!w)
    return DL_E_NOMEM;
  w->fd = fd;
  w->gz = gz;
  w->name = name;
  w->max_rec = max_rec;
  w->cap = BUFSZ;
  w->linestart = true;
  w->buf = malloc(w->cap);
  w->hdr = malloc(MAXHDR + 1);
  if (!w->buf || !w->hdr)
    goto oom;
  if (gz) {
    if (!(w->zin = malloc(ZINSZ)) || inflateInit2(&w->z, 15 + 16) != Z_OK)
      goto oom;
    w->zinit = true;
    w->zstart = true;
    w->z.next_in = w->zin;
  }
  *out = w;
  return DL_OK;
oom:
  dlwarc_close(w);
  return DL_E_NOMEM;
}

/* Free the stream; the caller closes 'fd'. */
void dlwarc_close(dlwarc *w) {
  if (!w)
    return;
  if (w->zinit)
    inflateEnd(&w->z);
  dlhtml_free(&w->page);
  free(w->zin);
  free(w->mem);
  free(w->buf);
  free(w->hdr);
  free(w->rec);
  free(w);
}

/* Fail the current record: message already in w->msg; resync next time. */
static dl_status bad(dlwarc *w, dl_article *art, const char **msg) {
  w->resync = true;
  *msg = w->msg;
  art->id = w->id[0] ? w->id : NULL;
  art->id_len = strlen(w->id);
  return DL_E_INPUT;
}

/* A fill() failure while reading a record: -1 is fatal, -3 a bad record. */
static dl_status failed(dlwarc *w, int r, dl_article *art, const char **msg) {
  *msg = w->msg;
  if (r == -3)
    return bad(w, art, msg);
  return DL_E_IO;
}

/* Next HTML page (see io.h). */
dl_status dlwarc_next(dlwarc *w, dl_article *art, const char **msg) {
  memset(art, 0, sizeof *art);
  dlhtml_free(&w->page);
  w->msg[0] = 0;
  *msg = w->msg;
  for (;;) {
    w->id[0] = 0;
    if (w->resync) {
      int r = find_record(w);
      if (r == 0)
        return DL_E_EOF;
      if (r < 0)
        return failed(w, r, art, msg);
      w->resync = false;
    }
    /* blank lines between records */
    for (;;) {
      while (w->beg < w->end &&
             (w->buf[w->beg] == '\r' || w->buf[w->beg] == '\n'))
        w->beg++;
      if (w->beg < w->end)
        break;
      int r = fill(w, w->cap);
      if (r == 0)
        return DL_E_EOF;
      if (r == -3)
        return bad(w, art, msg);
      if (r < 0)
        return DL_E_IO;
    }
    w->linestart = true;
    uint64_t start = w->base + w->beg;
    size_t keep = w->nmem; /* drop the members before this record's */
    while (keep > 1 && w->mem[keep - 1].u > start)
      keep--;
    if (keep > 1) {
      memmove(w->mem, w->mem + keep - 1, (w->nmem - keep + 1) * sizeof *w->mem);
      w->nmem -= keep - 1;
    }
    char where[96];
    at(w, start, where, sizeof where);
    size_t hl;
    ptrdiff_t have = want_hdr(w, MAXHDR, &hl);
    if (have < 0)
      return failed(w, (int)have, art, msg);
    if ((size_t)have < 7 || memcmp(w->buf + w->beg, "WARC/1.", 7) != 0) {
      say(w, "%s: record at %s: no \"WARC/1.x\" header", w->name, where);
      w->beg++;
      w->linestart = false;
      return bad(w, art, msg);
    }
    if (!hl) {
      if ((size_t)have < MAXHDR)
        say(w, "%s: record at %s: truncated header", w->name, where);
      else
        say(w, "%s: record at %s: header over %zu bytes", w->name, where,
            MAXHDR);
      w->beg++;
      w->linestart = false;
      return bad(w, art, msg);
    }
    memcpy(w->hdr, w->buf + w->beg, hl);
    size_t hn = split_lines(w->hdr, hl);
    const char *rid = field(w->hdr, hn, "WARC-Record-ID");
    if (rid) {
      size_t k = strlen(rid);
      if (k >= 2 && rid[0] == '<' && rid[k - 1] == '>')
        rid++, k -= 2;
      if (k >= sizeof w->id)
        k = utf8_cut(rid, sizeof w->id - 1);
      memcpy(w->id, rid, k);
      w->id[k] = 0;
    }
    uint64_t clen;
    if (!parse_len(field(w->hdr, hn, "Content-Length"), &clen)) {
      say(w, "%s: record at %s: %s Content-Length", w->name, where,
          field(w->hdr, hn, "Content-Length") ? "bad" : "no");
      w->beg++;
      w->linestart = false;
      return bad(w, art, msg);
    }
    w->beg += hl;
    const char *type = field(w->hdr, hn, "WARC-Type");
    const char *uri = field(w->hdr, hn, "WARC-Target-URI");
    const char *wdate = field(w->hdr, hn, "WARC-Date");
    bool html = false, chunked = false, encoded = false;
    const char *cs = NULL;
    size_t csn = 0, hh = 0;
    uint64_t body = clen;
    if (type && strcmp(type, "response") == 0) {
      size_t look = clen < MAXHDR ? (size_t)clen : MAXHDR;
      have = want_hdr(w, look, &hh);
      if (have < 0)
        return failed(w, (int)have, art, msg);
      const char *b = w->buf + w->beg;
      size_t bn = (size_t)have;
      if (hh && bn >= 12 && memcmp(b, "HTTP/", 5) == 0) {
        const char *sp = memchr(b, ' ', hh);
        html = sp && sp + 4 <= b + hh && memcmp(sp + 1, "200", 3) == 0 &&
               (sp[4] == ' ' || sp[4] == '\r' || sp[4] == '\n');
        if (html) {
          char *h = w->hdr + hn; /* after the WARC headers */
          size_t room = MAXHDR + 1 - hn;
          size_t k = hh < room ? hh : room;
          memcpy(h, b, k);
          size_t hn2 = split_lines(h, k);
          const char *ct = field(h, hn2, "Content-Type");
          const char *te = field(h, hn2, "Transfer-Encoding");
          const char *ce = field(h, hn2, "Content-Encoding");
          html = ct && (strncasecmp(ct, "text/html", 9) == 0 ||
                        strncasecmp(ct, "application/xhtml+xml", 21) == 0);
          chunked = te && ci_find(te, "chunked");
          encoded = ce && (ci_find(ce, "gzip") || ci_find(ce, "deflate"));
          const char *c = ct ? ci_find(ct, "charset=") : NULL;
          if (c) {
            c += 8;
            while (*c == '"' || *c == '\'')
              c++;
            cs = c;
            while (c[csn] && c[csn] != ';' && c[csn] != '"' &&
                   c[csn] != '\'' && !is_ws(c[csn]))
              csn++;
          }
          body = clen - hh;
        }
      }
    }
    if (!html) { /* requests, metadata, images, redirects: not articles */
      int64_t k = skip(w, clen);
      if (k < 0)
        return failed(w, (int)k, art, msg);
      if ((uint64_t)k < clen) {
        say(w, "%s: record at %s: truncated: Content-Length %" PRIu64
            " but %" PRId64 " bytes", w->name, where, clen, k);
        return bad(w, art, msg);
      }
      continue;
    }
    if (body > w->max_rec) {
      int64_t k = skip(w, clen);
      if (k < 0)
        return failed(w, (int)k, art, msg);
      say(w, "%s: record at %s: page of %" PRIu64
          " bytes exceeds the limit of %zu", w->name, where, body, w->max_rec);
      if ((uint64_t)k < clen)
        return bad(w, art, msg);
      *msg = w->msg;
      art->id = w->id[0] ? w->id : NULL;
      art->id_len = strlen(w->id);
      return DL_E_INPUT; /* the stream is in step: no resync */
    }
    w->beg += hh;
    if (w->rcap < body + 1) {
      char *nr = realloc(w->rec, (size_t)body + 1);
      if (!nr) {
        say(w, "%s: out of memory", w->name);
        return DL_E_NOMEM;
      }
      w->rec = nr;
      w->rcap = (size_t)body + 1;
    }
    int64_t got = take(w, w->rec, (size_t)body);
    if (got < 0)
      return failed(w, (int)got, art, msg);
    if ((uint64_t)got < body) {
      say(w, "%s: record at %s: truncated: Content-Length %" PRIu64
          " but %" PRId64 " bytes", w->name, where, clen, got + (int64_t)hh);
      return bad(w, art, msg);
    }
    size_t n = (size_t)body;
    if (chunked)
      n = dechunk(w->rec, n);
    if (encoded)
      decode_body(w, &n, w->max_rec);
    if (dlhtml_extract(w->rec, n, cs, csn, &w->page) != DL_OK) {
      say(w, "%s: record at %s: out of memory", w->name, where);
      return DL_E_NOMEM;
    }
    const char *u = uri;
    size_t un = u ? strlen(u) : 0;
    if (un >= 2 && u[0] == '<' && u[un - 1] == '>') /* WARC/1.0's <uri> */
      u++, un -= 2;
    if (!w->id[0] && un) {
      size_t k = un < sizeof w->id ? un : utf8_cut(u, sizeof w->id - 1);
      memcpy(w->id, u, k);
      w->id[k] = 0;
    }
    art->id = w->id[0] ? w->id : NULL;
    art->id_len = strlen(w->id);
    art->url = un ? u : NULL;
    art->url_len = un;
    art->title = w->page.title;
    art->title_len = w->page.title_len;
    art->text = w->page.text ? w->page.text : "";
    art->text_len = w->page.text_len;
    if (w->page.date_len) {
      art->date = w->page.date;
      art->date_len = w->page.date_len;
    } else if (wdate && dlhtml_date(wdate, strlen(wdate), w->day)) {
      art->date = w->day;
      art->date_len = 10;
    }
    return DL_OK;
  }
}
