/*
** cmd_incidents.c: 'dateline incidents', the store's incident reader. Lists
** incidents (events of many articles that describe one real event) with
** their reconciled tolls and the events and outlets reporting them, as JSON
** Lines, CSV or an aligned table; filters as 'dateline query'.
*/
#include "cli.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

static void help(FILE *f) {
  fputs(
      "usage: dateline incidents [OPTIONS]\n"
      "\n"
      "Print the incidents of a store filled by 'dateline ingest': events of\n"
      "different articles that describe one real event (same family of CAMEO\n"
      "roots, days at most one apart, places within 50 km, compatible actors,\n"
      "or near-duplicate articles), with their tolls reconciled.\n"
      "\n"
      "filters (all must hold):\n"
      "  --country CC       incident place in ISO alpha-2 CC; with 3 letters,\n"
      "                     a member event's source or target actor country\n"
      "  --actor CODE       a member's actor code starts with CODE\n"
      "  --root NN|FAMILY   the family of CAMEO root NN (18 -> violence), or a\n"
      "                     family: violence protest coerce disapprove ...\n"
      "  --since D, --until D   the incident's days overlap [D, D]\n"
      "  --near LAT,LON,KM  incident place within KM of the point\n"
      "  --text QUERY       a member article matches this FTS5 query\n"
      "  --incident ID      that incident\n"
      "\n"
      "output:\n"
      "  --db FILE          the store (default dateline.db)\n"
      "  --format F         json (JSON Lines with the events, default), csv,\n"
      "                     table\n"
      "  --limit N          at most N incidents\n"
      "\n"
      "exit status: 0 ok, 2 usage, 4 output error, 5 store error\n",
      f);
}

enum { EXIT_STORE = 5 };

static void json_str(FILE *o, const char *s) {
  if (!s) {
    fputs("null", o);
    return;
  }
  putc('"', o);
  for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
    if (*p == '"' || *p == '\\')
      putc('\\', o), putc(*p, o);
    else if (*p == '\n')
      fputs("\\n", o);
    else if (*p == '\t')
      fputs("\\t", o);
    else if (*p == '\r')
      fputs("\\r", o);
    else if (*p < 0x20)
      fprintf(o, "\\u%04x", *p);
    else
      putc(*p, o);
  }
  putc('"', o);
}

static void json_int(FILE *o, int64_t v) {
  if (v < 0)
    fputs("null", o);
  else
    fprintf(o, "%lld", (long long)v);
}

/* A coordinate with at most 4 decimals, trailing zeros trimmed. */
static void json_coord(FILE *o, double v) {
  char b[48];
  int n = snprintf(b, sizeof b, "%.4f", v);
  if (!isfinite(v) || n <= 0 || (size_t)n >= sizeof b) {
    fputs("null", o);
    return;
  }
  while (n > 0 && b[n - 1] == '0')
    b[--n] = '\0';
  if (n > 0 && b[n - 1] == '.')
    b[--n] = '\0';
  fputs(strcmp(b, "-0") ? b : "0", o);
}

static void json_toll(FILE *o, const int64_t t[3]) {
  if (t[0] < 0) {
    fputs("null", o);
    return;
  }
  fprintf(o, "{\"min\":%lld,\"max\":%lld,\"reported\":%lld}",
          (long long)t[0], (long long)t[1], (long long)t[2]);
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

/* "6-7 (7)": min-max (most reported); "6" when they agree; "" if none. */
static void toll_text(const int64_t t[3], char *b, size_t n) {
  if (t[0] < 0)
    b[0] = '\0';
  else if (t[0] == t[1])
    snprintf(b, n, "%lld", (long long)t[0]);
  else
    snprintf(b, n, "%lld-%lld (%lld)", (long long)t[0], (long long)t[1],
             (long long)t[2]);
}

/* The distinct article ids of an incident, ';'-separated, in report order
** (malloc'd; NULL when out of memory). */
static char *article_list(const dl_incident_row *r) {
  size_t cap = 1;
  for (size_t i = 0; i < r->nreports; i++)
    cap += strlen(r->reports[i].article ? r->reports[i].article : "") + 1;
  char *b = malloc(cap);
  if (!b)
    return NULL;
  size_t n = 0;
  b[0] = '\0';
  for (size_t i = 0; i < r->nreports; i++) {
    const char *a = r->reports[i].article ? r->reports[i].article : "";
    int seen = 0;
    for (size_t k = 0; k < i && !seen; k++)
      seen = r->reports[k].article && !strcmp(r->reports[k].article, a);
    if (seen)
      continue;
    size_t k = strlen(a);
    if (n)
      b[n++] = ';';
    memcpy(b + n, a, k);
    n += k;
    b[n] = '\0';
  }
  return b;
}

static const char *const ccols[] = {
    "incident", "family", "first_day", "last_day", "place", "country",
    "admin1", "lat", "lon", "mentions", "articles", "sources",
    "killed_min", "killed_max", "killed_reported", "injured_min",
    "injured_max", "injured_reported", "arrested_min", "arrested_max",
    "arrested_reported", "article_ids"};
#define NCCOLS ((int)(sizeof ccols / sizeof ccols[0]))

static const char *const tcols[] = {"incident", "family", "first_day",
                                    "last_day", "place", "country",
                                    "mentions", "articles", "sources",
                                    "killed", "injured", "arrested",
                                    "article_ids"};
#define NTCOLS ((int)(sizeof tcols / sizeof tcols[0]))
#define TMAX 40

typedef struct out {
  FILE *o;
  int format;
  char **cells; /* table rows x NTCOLS */
  size_t rows, cap;
  size_t width[NTCOLS];
  int oom;
} out;

static size_t dwidth(const char *s) {
  size_t w = 0;
  for (; *s; s++)
    w += ((unsigned char)*s & 0xc0) != 0x80;
  return w;
}

/* A table cell: a copy cut to TMAX code points, controls blanked. */
static char *cell_dup(const char *s) {
  if (!s)
    s = "";
  size_t n = strlen(s), w = 0, i = 0;
  for (; i < n; i++)
    if (((unsigned char)s[i] & 0xc0) != 0x80 && ++w > TMAX)
      break;
  char *c = malloc(i + 4);
  if (!c)
    return NULL;
  memcpy(c, s, i);
  for (size_t k = 0; k < i; k++)
    if ((unsigned char)c[k] < 0x20)
      c[k] = ' ';
  if (i < n)
    memcpy(c + i, "\xe2\x80\xa6", 3), i += 3;
  c[i] = '\0';
  return c;
}

static int on_incident(void *ud, const dl_incident_row *r) {
  out *w = ud;
  FILE *o = w->o;
  char *arts = article_list(r);
  if (!arts) {
    w->oom = 1;
    return 1;
  }
  if (w->format == CLI_JSON) {
    fprintf(o, "{\"incident\":%lld,\"family\":", (long long)r->id);
    json_str(o, r->family);
    fputs(",\"first_day\":", o);
    json_str(o, r->first_day);
    fputs(",\"last_day\":", o);
    json_str(o, r->last_day);
    fputs(",\"place\":", o);
    if (r->place || r->country || r->has_geo) {
      fputs("{\"name\":", o);
      json_str(o, r->place);
      fputs(",\"country\":", o);
      json_str(o, r->country);
      fputs(",\"admin1\":", o);
      json_str(o, r->admin1);
      fputs(",\"lat\":", o);
      if (r->has_geo)
        json_coord(o, r->lat);
      else
        fputs("null", o);
      fputs(",\"lon\":", o);
      if (r->has_geo)
        json_coord(o, r->lon);
      else
        fputs("null", o);
      putc('}', o);
    } else {
      fputs("null", o);
    }
    fprintf(o, ",\"mentions\":%llu,\"articles\":%llu,\"sources\":%llu",
            (unsigned long long)r->mentions, (unsigned long long)r->articles,
            (unsigned long long)r->sources);
    fputs(",\"killed\":", o);
    json_toll(o, r->killed);
    fputs(",\"injured\":", o);
    json_toll(o, r->injured);
    fputs(",\"arrested\":", o);
    json_toll(o, r->arrested);
    fputs(",\"events\":[", o);
    for (size_t i = 0; i < r->nreports; i++) {
      const dl_incident_report *e = &r->reports[i];
      fputs(i ? ",{\"article\":" : "{\"article\":", o);
      json_str(o, e->article);
      fputs(",\"id\":", o);
      json_str(o, e->event);
      fputs(",\"day\":", o);
      json_str(o, e->day);
      fputs(",\"cameo\":", o);
      json_str(o, e->cameo);
      fputs(",\"trigger\":", o);
      json_str(o, e->trigger);
      fputs(",\"source\":", o);
      json_str(o, e->source_code);
      fputs(",\"target\":", o);
      json_str(o, e->target_code);
      fputs(",\"place\":", o);
      json_str(o, e->place);
      fputs(",\"outlet\":", o);
      json_str(o, e->outlet);
      fputs(",\"via\":", o);
      json_str(o, e->via);
      fputs(",\"killed\":", o);
      json_int(o, e->killed);
      fputs(",\"injured\":", o);
      json_int(o, e->injured);
      fputs(",\"arrested\":", o);
      json_int(o, e->arrested);
      putc('}', o);
    }
    fputs("]}\n", o);
  } else if (w->format == CLI_CSV) {
    char b[32];
    fprintf(o, "%lld,", (long long)r->id);
    const char *s3[] = {r->family, r->first_day, r->last_day, r->place,
                        r->country, r->admin1};
    for (int k = 0; k < 6; k++) {
      csv_str(o, s3[k]);
      putc(',', o);
    }
    if (r->has_geo)
      fprintf(o, "%.4f,%.4f,", r->lat, r->lon);
    else
      fputs(",,", o);
    fprintf(o, "%llu,%llu,%llu", (unsigned long long)r->mentions,
            (unsigned long long)r->articles, (unsigned long long)r->sources);
    const int64_t *t[3] = {r->killed, r->injured, r->arrested};
    for (int k = 0; k < 9; k++) {
      int64_t v = t[k / 3][k % 3];
      b[0] = '\0';
      if (v >= 0)
        snprintf(b, sizeof b, "%lld", (long long)v);
      fprintf(o, ",%s", b);
    }
    putc(',', o);
    csv_str(o, arts);
    fputs("\r\n", o);
  } else {
    char id[32], m[3][24], tl[3][64];
    snprintf(id, sizeof id, "%lld", (long long)r->id);
    snprintf(m[0], sizeof m[0], "%llu", (unsigned long long)r->mentions);
    snprintf(m[1], sizeof m[1], "%llu", (unsigned long long)r->articles);
    snprintf(m[2], sizeof m[2], "%llu", (unsigned long long)r->sources);
    toll_text(r->killed, tl[0], sizeof tl[0]);
    toll_text(r->injured, tl[1], sizeof tl[1]);
    toll_text(r->arrested, tl[2], sizeof tl[2]);
    const char *v[NTCOLS] = {id, r->family, r->first_day, r->last_day,
                             r->place, r->country, m[0], m[1], m[2],
                             tl[0], tl[1], tl[2], arts};
    if (w->rows * NTCOLS + NTCOLS > w->cap) {
      size_t nc = w->cap ? w->cap * 2 : NTCOLS * 64;
      char **p = realloc(w->cells, nc * sizeof *p);
      if (!p) {
        w->oom = 1;
        free(arts);
        return 1;
      }
      w->cells = p;
      w->cap = nc;
    }
    for (int k = 0; k < NTCOLS; k++) {
      char *c = cell_dup(v[k]);
      w->oom |= !c;
      w->cells[w->rows * NTCOLS + (size_t)k] = c;
      size_t dw = c ? dwidth(c) : 0;
      if (dw > w->width[k])
        w->width[k] = dw;
    }
    w->rows++;
  }
  free(arts);
  return ferror(o) != 0 || w->oom;
}

static void table_print(out *w) {
  FILE *o = w->o;
  for (int k = 0; k < NTCOLS; k++)
    if (strlen(tcols[k]) > w->width[k])
      w->width[k] = strlen(tcols[k]);
  for (size_t r = 0; r <= w->rows; r++) {
    for (int k = 0; k < NTCOLS; k++) {
      const char *c = r ? w->cells[(r - 1) * NTCOLS + (size_t)k] : tcols[k];
      if (!c)
        c = "";
      fputs(c, o);
      if (k + 1 < NTCOLS)
        for (size_t i = dwidth(c); i < w->width[k] + 2; i++)
          putc(' ', o);
    }
    putc('\n', o);
    if (!r) {
      for (int k = 0; k < NTCOLS; k++) {
        for (size_t i = 0; i < w->width[k]; i++)
          putc('-', o);
        if (k + 1 < NTCOLS)
          fputs("  ", o);
      }
      putc('\n', o);
    }
  }
}

int cmd_incidents(int argc, char **argv) {
  const char *db = "dateline.db";
  dl_query q;
  memset(&q, 0, sizeof q);
  int format = CLI_JSON;
  static const char *const opts[] = {
      "--db", "--actor", "--country", "--root", "--since", "--until",
      "--near", "--text", "--incident", "--format", "--limit"};
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
      fprintf(stderr, "dateline incidents: unknown %s '%s'\n",
              a[0] == '-' ? "option" : "argument", a);
      help(stderr);
      return EXIT_USAGE;
    }
    if (i + 1 >= argc) {
      fprintf(stderr, "dateline incidents: %s needs a value\n", a);
      return EXIT_USAGE;
    }
    const char *v = argv[++i];
    if (cli_read_opt("incidents", a, v, &q, &db, &format) < 0)
      return EXIT_USAGE;
  }
  dl_store *st = NULL;
  if (dl_store_open(db, DL_STORE_READONLY, &st) != DL_OK) {
    fprintf(stderr, "dateline incidents: %s\n", dl_store_errmsg(st));
    dl_store_close(st);
    return EXIT_STORE;
  }
  out w;
  memset(&w, 0, sizeof w);
  w.o = stdout;
  w.format = format;
  static char obuf[1 << 16];
  setvbuf(stdout, obuf, _IOFBF, sizeof obuf);
  if (format == CLI_CSV) {
    for (int i = 0; i < NCCOLS; i++)
      fprintf(w.o, "%s%s", i ? "," : "", ccols[i]);
    fputs("\r\n", w.o);
  }
  dl_status s = dl_store_incidents(st, &q, on_incident, &w);
  if (format == CLI_TABLE && s == DL_OK && !w.oom)
    table_print(&w);
  int rc = EXIT_OK_;
  if (s != DL_OK && !ferror(w.o)) {
    fprintf(stderr, "dateline incidents: %s\n", dl_store_errmsg(st));
    rc = s == DL_E_INVAL ? EXIT_USAGE : EXIT_STORE;
  }
  if (w.oom) {
    fputs("dateline incidents: out of memory\n", stderr);
    rc = EXIT_STORE;
  }
  if (fflush(w.o) != 0 || ferror(w.o)) {
    fputs("dateline incidents: error writing the output\n", stderr);
    rc = EXIT_OUTPUT;
  }
  for (size_t k = 0; k < w.rows * NTCOLS; k++)
    free(w.cells[k]);
  free(w.cells);
  dl_store_close(st);
  return rc;
}
