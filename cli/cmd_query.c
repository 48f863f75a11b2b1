/*
** cmd_query.c: 'dateline query', the store's reader. Selects stored events
** by actor, country, CAMEO/PLOVER type, day, distance, article text and
** modality, and prints them as JSON Lines, CSV or an aligned table, or
** counts them by day, week, month, country, root or PLOVER type.
*/
#include "cli.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

static void help(FILE *f) {
  fputs(
      "usage: dateline query [OPTIONS]\n"
      "\n"
      "Print the events of a store filled by 'dateline ingest'.\n"
      "\n"
      "filters (all must hold):\n"
      "  --actor CODE       source or target actor code starts with CODE (IRQ, IRQGOV)\n"
      "  --country CC       event place in ISO alpha-2 CC (IQ); with 3 letters\n"
      "                     (IRQ), the source or target actor's country\n"
      "  --root NN          CAMEO root (18)\n"
      "  --cameo CODE       CAMEO code (185)\n"
      "  --plover TYPE      PLOVER type (ASSAULT)\n"
      "  --since YYYY-MM-DD, --until YYYY-MM-DD   the event's day, inclusive\n"
      "  --near LAT,LON,KM  event place within KM of the point\n"
      "  --text QUERY       full-text (FTS5) query over article title and text\n"
      "  --modality M       asserted, negated, attempted, hedged, future\n"
      "  --incident ID      events of incident ID ('dateline incidents')\n"
      "\n"
      "output:\n"
      "  --db FILE          the store (default dateline.db)\n"
      "  --format F         json (JSON Lines, default), csv, table\n"
      "  --count-by K       count events by day, week, month, country, root,\n"
      "                     plover instead of listing them\n"
      "  --limit N          at most N rows\n"
      "\n"
      "exit status: 0 ok, 2 usage, 4 output error, 5 store error\n",
      f);
}

enum { EXIT_STORE = 5 };

/* ------------------------------------------------------------- writers */

static void json_str(FILE *o, const char *s) {
  if (!s) {
    fputs("null", o);
    return;
  }
  putc('"', o);
  for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
    if (*p == '"' || *p == '\\') {
      putc('\\', o);
      putc(*p, o);
    } else if (*p == '\n') {
      fputs("\\n", o);
    } else if (*p == '\t') {
      fputs("\\t", o);
    } else if (*p == '\r') {
      fputs("\\r", o);
    } else if (*p < 0x20) {
      fprintf(o, "\\u%04x", *p);
    } else {
      putc(*p, o);
    }
  }
  putc('"', o);
}

static void json_int(FILE *o, int64_t v) {
  if (v < 0)
    fputs("null", o);
  else
    fprintf(o, "%lld", (long long)v);
}

/* A number with at most 'prec' decimals, trailing zeros trimmed (as the
** record writes them). */
static void json_num(FILE *o, double v, int prec) {
  if (!isfinite(v)) {
    fputs("null", o);
    return;
  }
  char b[64];
  int n = snprintf(b, sizeof b, "%.*f", prec, v);
  if (n <= 0 || (size_t)n >= sizeof b) {
    fputs("null", o);
    return;
  }
  if (strchr(b, '.')) {
    while (n > 0 && b[n - 1] == '0')
      b[--n] = '\0';
    if (n > 0 && b[n - 1] == '.')
      b[--n] = '\0';
  }
  if (!strcmp(b, "-0"))
    memcpy(b, "0", 2);
  fputs(b, o);
}

static void csv_str(FILE *o, const char *s) {
  if (!s)
    return;
  if (!strpbrk(s, ",\"\r\n")) {
    fputs(s, o);
    return;
  }
  putc('"', o);
  for (; *s; s++) {
    if (*s == '"')
      putc('"', o);
    putc(*s, o);
  }
  putc('"', o);
}

/* Columns of csv and table output. */
static const char *const cols[] = {
    "article", "event", "day", "date", "trigger", "cameo", "root", "plover",
    "quad_class", "goldstein", "source_code", "source_text", "target_code",
    "target_text", "place", "country", "lat", "lon", "modality", "killed",
    "injured", "arrested", "rule", "span_s", "span_e", "incident"};
#define NCOLS ((int)(sizeof cols / sizeof cols[0]))

/* Column i of a row as text into buf (NULL = empty). */
static const char *cell(const dl_event_row *r, int i, char *buf, size_t n) {
  switch (i) {
  case 0: return r->article;
  case 1: return r->id;
  case 2: return r->day;
  case 3: return r->date;
  case 4: return r->trigger;
  case 5: return r->cameo;
  case 6: return r->root;
  case 7: return r->plover;
  case 8:
    if (!r->quad_class)
      return NULL;
    snprintf(buf, n, "%d", r->quad_class);
    return buf;
  case 9: snprintf(buf, n, "%.1f", r->goldstein); return buf;
  case 10: return r->source_code;
  case 11: return r->source_text;
  case 12: return r->target_code;
  case 13: return r->target_text;
  case 14: return r->place;
  case 15: return r->country;
  case 16: case 17:
    if (!r->has_geo)
      return NULL;
    snprintf(buf, n, "%.4f", i == 16 ? r->lat : r->lon);
    return buf;
  case 18: return r->modality;
  case 19: case 20: case 21: {
    int64_t v = i == 19 ? r->killed : i == 20 ? r->injured : r->arrested;
    if (v < 0)
      return NULL;
    snprintf(buf, n, "%lld", (long long)v);
    return buf;
  }
  case 22: return r->rule;
  case 23: snprintf(buf, n, "%u", r->span_s); return buf;
  case 24: snprintf(buf, n, "%u", r->span_e); return buf;
  case 25:
    if (r->incident <= 0)
      return NULL;
    snprintf(buf, n, "%lld", (long long)r->incident);
    return buf;
  }
  return NULL;
}

/* A table is aligned over all its rows: keep them as strings until the
** end. Long texts are cut to 'TMAX' display columns. */
#define TMAX 40
typedef struct table {
  char **cells; /* rows x ncols, NULL = empty */
  size_t rows, cap;
  int ncols;
  size_t width[NCOLS > 2 ? NCOLS : 2];
  int oom;
} table;

/* Display width of UTF-8 text: code points (good enough for a terminal). */
static size_t dwidth(const char *s) {
  size_t w = 0;
  for (; *s; s++)
    w += ((unsigned char)*s & 0xc0) != 0x80;
  return w;
}

static char *cut(const char *s) {
  if (!s)
    return NULL;
  size_t n = strlen(s), w = 0, i = 0;
  for (; i < n; i++) { /* byte index of the TMAX-th code point */
    if (((unsigned char)s[i] & 0xc0) != 0x80 && ++w > TMAX)
      break;
  }
  char *c = malloc(i + 4);
  if (!c)
    return NULL;
  memcpy(c, s, i);
  for (size_t k = 0; k < i; k++)
    if (c[k] == '\n' || c[k] == '\t' || c[k] == '\r')
      c[k] = ' ';
  if (i < n)
    memcpy(c + i, "\xe2\x80\xa6", 3), i += 3; /* … */
  c[i] = '\0';
  return c;
}

static void table_add(table *t, const char *const *v) {
  if (t->oom)
    return;
  if ((t->rows + 1) * (size_t)t->ncols > t->cap) {
    size_t nc = t->cap ? t->cap * 2 : (size_t)t->ncols * 64;
    char **p = realloc(t->cells, nc * sizeof *p);
    if (!p) {
      t->oom = 1;
      return;
    }
    t->cells = p;
    t->cap = nc;
  }
  for (int i = 0; i < t->ncols; i++) {
    char *c = cut(v[i]);
    t->cells[t->rows * (size_t)t->ncols + (size_t)i] = c;
    size_t w = c ? dwidth(c) : 0;
    if (w > t->width[i])
      t->width[i] = w;
  }
  t->rows++;
}

static void table_print(table *t, FILE *o, const char *const *head) {
  for (int i = 0; i < t->ncols; i++) {
    size_t w = strlen(head[i]);
    if (w > t->width[i])
      t->width[i] = w;
  }
  for (size_t r = 0; r <= t->rows; r++) {
    for (int i = 0; i < t->ncols; i++) {
      const char *c = r == 0 ? head[i] : t->cells[(r - 1) * (size_t)t->ncols + (size_t)i];
      if (!c)
        c = "";
      fputs(c, o);
      if (i + 1 < t->ncols)
        for (size_t k = dwidth(c); k < t->width[i] + 2; k++)
          putc(' ', o);
    }
    putc('\n', o);
    if (r == 0) { /* a rule under the header */
      for (int i = 0; i < t->ncols; i++) {
        for (size_t k = 0; k < t->width[i]; k++)
          putc('-', o);
        if (i + 1 < t->ncols)
          fputs("  ", o);
      }
      putc('\n', o);
    }
  }
}

static void table_free(table *t) {
  for (size_t k = 0; k < t->rows * (size_t)t->ncols; k++)
    free(t->cells[k]);
  free(t->cells);
}

/* Table columns: a readable subset. */
static const int tcols[] = {0, 1, 2, 5, 7, 10, 4, 12, 14, 15, 18, 19, 20,
                            25};
#define NTCOLS ((int)(sizeof tcols / sizeof tcols[0]))

/* An actor reference {"text", "code"}, or null when neither is known. */
static void actor(FILE *o, const char *text, const char *code) {
  if (!text && !code) {
    fputs("null", o);
    return;
  }
  fputs("{\"text\":", o);
  json_str(o, text);
  fputs(",\"code\":", o);
  json_str(o, code);
  putc('}', o);
}

typedef struct out {
  FILE *o;
  int format;
  table t;
  uint64_t rows;
} out;

static int on_event(void *ud, const dl_event_row *r) {
  out *w = ud;
  FILE *o = w->o;
  w->rows++;
  if (w->format == CLI_JSON) {
    fputs("{\"article\":", o);
    json_str(o, r->article);
    fputs(",\"id\":", o);
    json_str(o, r->id);
    fputs(",\"day\":", o);
    json_str(o, r->day);
    fputs(",\"date\":", o);
    json_str(o, r->date);
    fputs(",\"trigger\":", o);
    json_str(o, r->trigger);
    fprintf(o, ",\"span\":[%u,%u],\"cameo\":", r->span_s, r->span_e);
    json_str(o, r->cameo);
    fputs(",\"root\":", o);
    json_str(o, r->root);
    fputs(",\"quad_class\":", o);
    json_int(o, r->quad_class ? r->quad_class : -1);
    fputs(",\"goldstein\":", o);
    json_num(o, r->goldstein, 1);
    fputs(",\"plover\":", o);
    json_str(o, r->plover);
    fputs(",\"source\":", o);
    actor(o, r->source_text, r->source_code);
    fputs(",\"target\":", o);
    actor(o, r->target_text, r->target_code);
    fputs(",\"place\":", o);
    if (r->place || r->has_geo) {
      fputs("{\"name\":", o);
      json_str(o, r->place);
      fputs(",\"country\":", o);
      json_str(o, r->country);
      fputs(",\"lat\":", o);
      if (r->has_geo)
        json_num(o, r->lat, 4);
      else
        fputs("null", o);
      fputs(",\"lon\":", o);
      if (r->has_geo)
        json_num(o, r->lon, 4);
      else
        fputs("null", o);
      putc('}', o);
    } else {
      fputs("null", o);
    }
    fputs(",\"modality\":", o);
    json_str(o, r->modality);
    fputs(",\"killed\":", o);
    json_int(o, r->killed);
    fputs(",\"injured\":", o);
    json_int(o, r->injured);
    fputs(",\"arrested\":", o);
    json_int(o, r->arrested);
    fputs(",\"rule\":", o);
    json_str(o, r->rule);
    fputs(",\"incident\":", o);
    json_int(o, r->incident > 0 ? r->incident : -1);
    fputs("}\n", o);
  } else if (w->format == CLI_CSV) {
    char buf[64];
    for (int i = 0; i < NCOLS; i++) {
      if (i)
        putc(',', o);
      csv_str(o, cell(r, i, buf, sizeof buf));
    }
    fputs("\r\n", o);
  } else {
    char bufs[NTCOLS][64];
    const char *v[NTCOLS];
    for (int i = 0; i < NTCOLS; i++)
      v[i] = cell(r, tcols[i], bufs[i], sizeof bufs[i]);
    table_add(&w->t, v);
  }
  return ferror(o) != 0;
}

static int on_count(void *ud, const char *key, uint64_t n) {
  out *w = ud;
  FILE *o = w->o;
  w->rows++;
  char num[32];
  snprintf(num, sizeof num, "%llu", (unsigned long long)n);
  if (w->format == CLI_JSON) {
    fputs("{\"key\":", o);
    json_str(o, key);
    fprintf(o, ",\"events\":%s}\n", num);
  } else if (w->format == CLI_CSV) {
    csv_str(o, key);
    fprintf(o, ",%s\r\n", num);
  } else {
    const char *v[2] = {key ? key : "(none)", num};
    table_add(&w->t, v);
  }
  return ferror(o) != 0;
}

/* ---------------------------------------------------------------- main */

int cmd_query(int argc, char **argv) {
  const char *db = "dateline.db";
  dl_query q;
  memset(&q, 0, sizeof q);
  int format = CLI_JSON, count = -1;
  static const char *const by_names[] = {"day", "week", "month",
                                         "country", "root", "plover"};
  static const char *const opts[] = {
      "--db", "--actor", "--country", "--root", "--cameo", "--plover",
      "--since", "--until", "--near", "--text", "--modality", "--format",
      "--count-by", "--limit", "--incident"};
  for (int i = 1; i < argc; i++) {
    const char *a = argv[i];
    if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
      help(stdout);
      return EXIT_OK_;
    }
    int known = 0;
    for (size_t k = 0; k < sizeof opts / sizeof opts[0]; k++)
      known |= !strcmp(a, opts[k]);
    if (!known) {
      fprintf(stderr, "dateline query: unknown %s '%s'\n",
              a[0] == '-' ? "option" : "argument", a);
      help(stderr);
      return EXIT_USAGE;
    }
    if (i + 1 >= argc) {
      fprintf(stderr, "dateline query: %s needs a value\n", a);
      return EXIT_USAGE;
    }
    const char *v = argv[++i];
    int r = cli_read_opt("query", a, v, &q, &db, &format);
    if (r < 0)
      return EXIT_USAGE;
    if (r > 0)
      continue;
    /* --count-by, the one option of its own */
    for (int k = 0; k < 6; k++)
      if (!strcmp(v, by_names[k]))
        count = k;
    if (count < 0) {
      fprintf(stderr, "dateline query: --count-by is day, week, month, "
                      "country, root or plover\n");
      return EXIT_USAGE;
    }
  }
  if (!!q.root + !!q.cameo + !!q.plover > 1) {
    fputs("dateline query: use one of --root, --cameo, --plover\n", stderr);
    return EXIT_USAGE;
  }
  dl_store *st = NULL;
  if (dl_store_open(db, DL_STORE_READONLY, &st) != DL_OK) {
    fprintf(stderr, "dateline query: %s\n", dl_store_errmsg(st));
    dl_store_close(st);
    return EXIT_STORE;
  }
  out w;
  memset(&w, 0, sizeof w);
  w.o = stdout;
  w.format = format;
  static char obuf[1 << 16];
  setvbuf(stdout, obuf, _IOFBF, sizeof obuf);
  dl_status s;
  if (count >= 0) {
    w.t.ncols = 2;
    if (format == CLI_CSV)
      fprintf(w.o, "%s,events\r\n", by_names[count]);
    s = dl_store_count(st, &q, (dl_count_by)count, on_count, &w);
    if (format == CLI_TABLE && s == DL_OK) {
      const char *head[2] = {by_names[count], "events"};
      table_print(&w.t, w.o, head);
    }
  } else {
    w.t.ncols = NTCOLS;
    if (format == CLI_CSV) {
      for (int i = 0; i < NCOLS; i++)
        fprintf(w.o, "%s%s", i ? "," : "", cols[i]);
      fputs("\r\n", w.o);
    }
    s = dl_store_query(st, &q, on_event, &w);
    if (format == CLI_TABLE && s == DL_OK) {
      const char *head[NTCOLS];
      for (int i = 0; i < NTCOLS; i++)
        head[i] = cols[tcols[i]];
      table_print(&w.t, w.o, head);
    }
  }
  int rc = EXIT_OK_;
  if (s != DL_OK && !ferror(w.o)) {
    fprintf(stderr, "dateline query: %s\n", dl_store_errmsg(st));
    rc = s == DL_E_INVAL ? EXIT_USAGE : EXIT_STORE;
  }
  if (w.t.oom) {
    fputs("dateline query: out of memory\n", stderr);
    rc = EXIT_STORE;
  }
  if (fflush(w.o) != 0 || ferror(w.o)) {
    fputs("dateline query: error writing the output\n", stderr);
    rc = EXIT_OUTPUT;
  }
  table_free(&w.t);
  dl_store_close(st);
  return rc;
}
