/*
** fuzz_http.c: libFuzzer target for the HTTP server's request handling
** (http/server.c routing, http/api.c: query-string filters, the JSON body
** of POST /v1/code, article ids). LLVMFuzzerInitialize starts the real
** server (dlh_start on 127.0.0.1, any port, over a store of a few coded
** articles in a private temporary directory, a bearer token for writes);
** each input becomes one HTTP/1.1 request sent over TCP:
**   byte 0        the method (GET, HEAD, POST, OPTIONS, PUT, DELETE)
**   first line    the request target, path and query (bytes <= ' ', 0x7f
**                 percent-encoded so that the request line stays one line)
**   next lines    extra header lines "Name: value", up to an empty line
**   the rest      the body (with its Content-Length)
** The reply must come (no hang, no crash), start with "HTTP/1.1 NNN", and
** a JSON body must be one valid UTF-8 JSON value.
*/
#include "fuzz.h"
#include "http.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

static char dir[64], db[128];
static dlh_server *srv;
static unsigned port;

static void stop(void) {
  dlh_stop(srv);
  srv = NULL;
  char p[160];
  static const char *const sfx[] = {"", "-wal", "-shm", "-journal"};
  for (size_t i = 0; i < DL_COUNTOF(sfx); i++) {
    snprintf(p, sizeof p, "%s%s", db, sfx[i]);
    unlink(p);
  }
  rmdir(dir);
}

/* A store with a few coded articles, so that the readers have rows. */
static void make_store(void) {
  static const char *const texts[] = {
      "KABUL, March 12 (Reuters) - A suicide bomber killed at least 12 "
      "people and wounded 30 others near a mosque in Kabul on Sunday, "
      "police said.",
      "Protesters clashed with police in Paris on Saturday; 40 people "
      "were arrested, the interior ministry said.",
      "An earthquake of magnitude 6.1 struck eastern Turkey on Monday, "
      "killing three people."};
  dl_store *st = NULL;
  FZ_CHECK(dl_store_open(db, DL_STORE_READWRITE, &st) == DL_OK);
  for (size_t i = 0; i < DL_COUNTOF(texts); i++) {
    char id[16];
    snprintf(id, sizeof id, "a%zu", i);
    dl_article a;
    memset(&a, 0, sizeof a);
    a.id = id;
    a.id_len = strlen(id);
    a.text = texts[i];
    a.text_len = strlen(texts[i]);
    a.date = "2023-03-12";
    a.date_len = 10;
    FZ_CHECK(dl_doc_code(fz_doc, &a) == DL_OK);
    dl_put res;
    FZ_CHECK(dl_store_put(st, fz_doc, &res) == DL_OK);
  }
  dl_store_close(st);
}

int LLVMFuzzerInitialize(int *argc, char ***argv) {
  (void)argc; (void)argv;
  fz_engine();
  snprintf(dir, sizeof dir, "/dev/shm/dl-fuzz-XXXXXX");
  if (!mkdtemp(dir)) {
    snprintf(dir, sizeof dir, "/tmp/dl-fuzz-XXXXXX");
    FZ_CHECK(mkdtemp(dir));
  }
  snprintf(db, sizeof db, "%s/store.db", dir);
  make_store();
  dlh_opts o;
  memset(&o, 0, sizeof o);
  o.db = db;
  o.bind = "127.0.0.1";
  o.threads = 2;
  o.token = "fuzz-token";
  o.cors = "*";
  o.max_body = 1 << 16;
  o.timeout = 5;
  o.conn_memory = 32 * 1024;
  o.max_conns = 64;
  srv = dlh_start(&o, fz_eng, &port);
  FZ_CHECK(srv && port);
  atexit(stop); /* registered after fz_engine's: runs first */
  return 0;
}

typedef struct { char *p; size_t n, cap; } obuf;

static void put(obuf *b, const void *p, size_t n) {
  if (b->n + n > b->cap) {
    size_t c = b->cap ? b->cap : 1024;
    while (c < b->n + n)
      c *= 2;
    b->p = realloc(b->p, c);
    FZ_CHECK(b->p);
    b->cap = c;
  }
  memcpy(b->p + b->n, p, n);
  b->n += n;
}
static void puts_(obuf *b, const char *s) { put(b, s, strlen(s)); }

static const char *const methods[] = {"GET",     "HEAD", "POST",
                                      "OPTIONS", "PUT",  "DELETE"};

/* The request of the input; returns its method. */
static const char *build(obuf *rq, const uint8_t *data, size_t size) {
  const char *m = methods[data[0] % DL_COUNTOF(methods)];
  const uint8_t *p = data + 1, *e = data + size;
  puts_(rq, m);
  puts_(rq, " ");
  if (p == e || *p != '/')
    puts_(rq, "/");
  for (; p < e && *p != '\n'; p++) {
    if (*p <= ' ' || *p == 0x7f) {
      char h[4];
      snprintf(h, sizeof h, "%%%02X", *p);
      puts_(rq, h);
    } else {
      put(rq, p, 1);
    }
  }
  puts_(rq, " HTTP/1.1\r\nHost: fuzz\r\nConnection: close\r\n");
  if (p < e)
    p++;
  while (p < e) { /* header lines up to an empty one */
    const uint8_t *nl = memchr(p, '\n', (size_t)(e - p));
    const uint8_t *le = nl ? nl : e;
    if (le == p) {
      p = le + 1;
      break;
    }
    const uint8_t *c = memchr(p, ':', (size_t)(le - p));
    if (c && c > p) { /* "Name: value" without CR/LF/NUL */
      for (const uint8_t *q = p; q < le; q++)
        if (*q != '\r' && *q != '\0')
          put(rq, q, 1);
      puts_(rq, "\r\n");
    }
    p = nl ? nl + 1 : e;
  }
  if (p > e)
    p = e;
  char cl[64];
  snprintf(cl, sizeof cl, "Content-Length: %zu\r\n\r\n", (size_t)(e - p));
  puts_(rq, cl);
  put(rq, p, (size_t)(e - p));
  return m;
}

/* Send the request and read the reply to the end (the server closes). */
static void exchange(const obuf *rq, obuf *rp) {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  FZ_CHECK(fd >= 0);
  struct sockaddr_in a;
  memset(&a, 0, sizeof a);
  a.sin_family = AF_INET;
  a.sin_port = htons((uint16_t)port);
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  FZ_CHECK(connect(fd, (struct sockaddr *)&a, sizeof a) == 0);
  size_t off = 0;
  while (off < rq->n) {
    ssize_t w = send(fd, rq->p + off, rq->n - off, MSG_NOSIGNAL);
    if (w <= 0)
      break; /* the server may answer (413, 400) and close early */
    off += (size_t)w;
  }
  for (;;) {
    struct pollfd pf = {fd, POLLIN, 0};
    int r = poll(&pf, 1, 15000);
    FZ_CHECK(r > 0); /* a hang: no reply in 15 s */
    char buf[16384];
    ssize_t n = recv(fd, buf, sizeof buf, 0);
    if (n <= 0)
      break;
    put(rp, buf, (size_t)n);
  }
  close(fd);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size < 1)
    return 0;
  obuf rq = {0}, rp = {0};
  const char *m = build(&rq, data, size);
  exchange(&rq, &rp);
  if (rp.n == 0) { /* dropped: only when MHD refused the request itself */
    free(rq.p);
    return 0;
  }
  put(&rp, "", 1);
  rp.n--;
  FZ_CHECK(rp.n >= 12 && memcmp(rp.p, "HTTP/1.1 ", 9) == 0);
  long status = strtol(rp.p + 9, NULL, 10);
  FZ_CHECK(status >= 100 && status <= 599);
  char *hend = strstr(rp.p, "\r\n\r\n");
  FZ_CHECK(hend);
  *hend = '\0';
  const char *body = hend + 4;
  size_t blen = rp.n - (size_t)(body - rp.p);
  int json = strstr(rp.p, "application/json") != NULL;
  /* every JSON reply is valid UTF-8 JSON, even for a request path that is
  ** not UTF-8 (corpus regress-404-not-utf8.bin, fixed in dlh_strn) */
  if (json && strcmp(m, "HEAD") != 0 && blen > 0) {
    FZ_CHECK(fz_utf8_ok(body, blen));
    json_error_t jerr;
    json_t *v = json_loadb(body, blen, JSON_DECODE_ANY | JSON_ALLOW_NUL,
                           &jerr);
    if (!v)
      fprintf(stderr, "fuzz: bad JSON reply (%s): %.*s\n", jerr.text,
              (int)(blen > 400 ? 400 : blen), body);
    FZ_CHECK(v);
    json_decref(v);
  }
  free(rq.p);
  free(rp.p);
  return 0;
}
