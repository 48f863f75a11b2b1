/*
** cmd_ingest.c: 'dateline ingest', the store's writer. Reads articles like
** 'dateline code', codes each one and puts it into the SQLite store in
** batched transactions: a killed run leaves whole batches only, and a
** re-run skips what is stored already (same id and text).
*/
#include "cli.h"

#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static double now_s(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void help(FILE *f) {
  fputs(
      "usage: dateline ingest [OPTIONS] INPUT...\n"
      "\n"
      "Code articles (read as 'dateline code' reads them: plain text, JSON\n"
      "Lines, .gz/.zst, directories, '-') and store them in a SQLite\n"
      "database. An article already stored with the same id and text is\n"
      "skipped; one whose text changed is replaced. Writes are batched in\n"
      "transactions, so an interrupted run can simply be run again.\n"
      "\n"
      "options:\n"
      "  --db FILE          the store (default dateline.db; created if missing)\n"
      "  --date YYYY-MM-DD  publication date of plain-text articles\n"
      "  --batch N          articles per transaction (default 500)\n"
      "  --data DIR         compiled data (default: beside the executable)\n"
      "  --lexicon FILE     add a user lexicon (repeatable)\n"
      "  --max-text BYTES   largest article text (default 16 MiB)\n"
      "  -j N               N worker threads (0 = one per core; default 1)\n"
      "  -q, --quiet        no progress, only the summary\n"
      "\n"
      "exit status: 0 all stored, 1 some input bad, 2 usage, 3 data,\n"
      "5 store error\n",
      f);
}

enum { EXIT_STORE = 5 };

typedef struct ing {
  dl_store *st;

  unsigned long batch, in_batch;
  unsigned long seen, fresh, replaced, unchanged, bad, warnings;
  unsigned long long total; /* articles expected, 0 = unknown */
  int tty, quiet, failed;
  double t0, last;
  int bar_shown;
} ing;

static volatile int stop_flag; /* a signal, or a store failure */
static void on_signal(int sig) {
  (void)sig;
  stop_flag = 1;
}

/* Articles in a file that can be counted cheaply: lines of an uncompressed
** JSON Lines file, 1 for another plain file; 0 = unknown. */
static unsigned long long count_file(const char *path) {
  size_t n = strlen(path);
  int jsonl = (n > 6 && !strcmp(path + n - 6, ".jsonl")) ||
              (n > 7 && !strcmp(path + n - 7, ".ndjson"));
  if ((n > 3 && !strcmp(path + n - 3, ".gz")) ||
      (n > 4 && !strcmp(path + n - 4, ".zst")))
    return 0;
  if (!jsonl)
    return 1;
  FILE *f = fopen(path, "rb");
  if (!f)
    return 0;
  static char buf[1 << 16];
  unsigned long long lines = 0;
  size_t k;
  int last = '\n', any = 0;
  while ((k = fread(buf, 1, sizeof buf, f)) > 0) {
    for (char *p = buf; (p = memchr(p, '\n', (size_t)(buf + k - p))); p++)
      lines++;
    last = buf[k - 1];
    any = 1;
  }
  fclose(f);
  return lines + (any && last != '\n');
}

static unsigned long long count_inputs(const char *const *in, int nin) {
  unsigned long long total = 0;
  for (int i = 0; i < nin; i++) {
    struct stat sb;
    if (!strcmp(in[i], "-") || stat(in[i], &sb) != 0 || !S_ISREG(sb.st_mode))
      return 0; /* stdin, directories: unknown */
    unsigned long long c = count_file(in[i]);
    if (!c && sb.st_size > 0)
      return 0;
    total += c;
  }
  return total;
}

static void progress(ing *g, int final) {
  if (g->quiet)
    return;
  double t = now_s();
  if (!final && t - g->last < (g->tty ? 0.25 : 10.0))
    return;
  g->last = t;
  double el = t - g->t0;
  double rate = el > 0 ? (double)g->seen / el : 0;
  if (g->tty) {
    char bar[32] = "";
    char eta[32] = "";
    if (g->total) {
      double f = (double)g->seen / (double)g->total;
      if (f > 1)
        f = 1;
      int w = (int)(f * 20 + 0.5);
      for (int i = 0; i < 20; i++)
        bar[i] = i < w ? '#' : '.';
      bar[20] = '\0';
      if (rate > 0 && g->seen < g->total) {
        double s = (double)(g->total - g->seen) / rate;
        snprintf(eta, sizeof eta, " ETA %dm%02ds", (int)(s / 60),
                 (int)s % 60);
      }
      fprintf(stderr, "\r[%s] %3.0f%% %lu/%llu articles, %.0f/s%s, %lu warnings\033[K",
              bar, f * 100, g->seen, g->total, rate, eta, g->warnings);
    } else {
      fprintf(stderr, "\r%lu articles, %.0f/s, %lu warnings\033[K", g->seen,
              rate, g->warnings);
    }
    g->bar_shown = 1;
    if (final)
      fputc('\n', stderr);
  } else if (!final) {
    fprintf(stderr, "dateline ingest: %lu articles", g->seen);
    if (g->total)
      fprintf(stderr, " of %llu", g->total);
    fprintf(stderr, ", %.0f/s, %lu new, %lu warnings\n", rate, g->fresh,
            g->warnings);
  }
}

/* A message on standard error that does not tear the progress bar. */
static void warn(ing *g, const char *fmt, const char *a, const char *b) {
  g->warnings++;
  if (g->tty && g->bar_shown && !g->quiet)
    fputs("\r\033[K", stderr);
  fprintf(stderr, fmt, a, b);
  fputc('\n', stderr);
}

static int flush_batch(ing *g, int reopen) {
  if (g->in_batch == 0 && reopen)
    return 0;
  if (dl_store_commit(g->st) != DL_OK) {
    warn(g, "dateline ingest: %s%s", dl_store_errmsg(g->st), "");
    g->failed = 1;
    return -1;
  }
  g->in_batch = 0;
  if (reopen && dl_store_begin(g->st) != DL_OK) {
    warn(g, "dateline ingest: %s%s", dl_store_errmsg(g->st), "");
    g->failed = 1;
    return -1;
  }
  return 0;
}

/* Before coding: skip articles the store holds with the same text. */
static int ingest_skip(void *ud, const dl_article *art) {
  ing *g = ud;
  int have = 0;
  if (g->failed)
    return 1;
  if (art->id && dl_store_has(g->st, art->id, art->id_len, art->text,
                              art->text_len, &have) != DL_OK) {
    warn(g, "dateline ingest: %s%s", dl_store_errmsg(g->st), "");
    g->failed = 1;
    stop_flag = 1;
    return 1;
  }
  if (have) { /* stored already: skip the coding */
    g->seen++;
    g->unchanged++;
    progress(g, 0);
  }
  return have;
}

/* After coding, in input order: store the document. */
static void ingest_sink(void *ud, dl_doc *doc, const cli_item *it) {
  ing *g = ud;
  if (g->failed)
    return;
  g->seen++;
  if (it->bad) { /* the pipeline said why on standard error */
    g->bad++;
    g->warnings++;
    progress(g, 0);
    return;
  }
  if (it->status != DL_OK) {
    char loc[64] = "";
    if (it->line)
      snprintf(loc, sizeof loc, ":%llu", (unsigned long long)it->line);
    warn(g, "dateline ingest: warning: %s%s: not stored", it->file, loc);
    g->bad++;
    return;
  }
  dl_put res;
  dl_status s = dl_store_put(g->st, doc, &res);
  if (s == DL_E_INPUT || s == DL_E_TOOBIG || s == DL_E_NOMEM) {
    warn(g, "dateline ingest: warning: %s%s", dl_store_errmsg(g->st), "");
    g->bad++;
    return;
  }
  if (s != DL_OK) {
    warn(g, "dateline ingest: %s%s", dl_store_errmsg(g->st), "");
    g->failed = 1;
    stop_flag = 1;
    return;
  }
  if (res == DL_PUT_NEW)
    g->fresh++;
  else if (res == DL_PUT_REPLACED)
    g->replaced++;
  else
    g->unchanged++;
  if (++g->in_batch >= g->batch && flush_batch(g, 1))
    stop_flag = 1;
  progress(g, 0);
}

int cmd_ingest(int argc, char **argv) {
  const char *db = "dateline.db";
  const char **inputs = calloc((size_t)argc + 1, sizeof *inputs);
  int nin = 0, rc = EXIT_OK_, quiet = 0;
  unsigned long batch = 500;
  cli_coding co;
  if (cli_coding_init(&co, argc) != 0 || !inputs) {
    fputs("dateline: out of memory\n", stderr);
    cli_coding_free(&co);
    free(inputs);
    return EXIT_DATA;
  }
  for (int i = 1; i < argc; i++) {
    const char *a = argv[i];
    const char *val = i + 1 < argc ? argv[i + 1] : NULL;
    int k = cli_coding_opt("ingest", a, val, &co);
    if (k < 0) {
      rc = EXIT_USAGE;
      goto done;
    }
    if (k > 0) {
      i++;
      continue;
    }
    if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
      help(stdout);
      goto done;
    } else if (!strcmp(a, "-q") || !strcmp(a, "--quiet")) {
      quiet = 1;
    } else if (!strcmp(a, "--db") || !strcmp(a, "--batch")) {
      if (!val) {
        fprintf(stderr, "dateline ingest: %s needs a value\n", a);
        rc = EXIT_USAGE;
        goto done;
      }
      i++;
      if (!strcmp(a, "--db")) {
        db = val;
      } else {
        char *end;
        errno = 0;
        unsigned long long v = strtoull(val, &end, 10);
        if (errno || *end || v == 0 || val[0] == '-') {
          fprintf(stderr, "dateline ingest: bad %s '%s'\n", a, val);
          rc = EXIT_USAGE;
          goto done;
        }
        batch = (unsigned long)v;
      }
    } else if (a[0] == '-' && a[1]) {
      fprintf(stderr, "dateline ingest: unknown option '%s'\n", a);
      help(stderr);
      rc = EXIT_USAGE;
      goto done;
    } else {
      inputs[nin++] = a;
    }
  }
  if (!nin) {
    fputs("dateline ingest: no INPUT (use '-' for standard input)\n", stderr);
    help(stderr);
    rc = EXIT_USAGE;
    goto done;
  }
  ing g;
  memset(&g, 0, sizeof g);
  g.batch = batch;
  g.quiet = quiet;
  g.tty = isatty(2);
  if (dl_store_open(db, DL_STORE_READWRITE, &g.st) != DL_OK) {
    fprintf(stderr, "dateline ingest: %s\n", dl_store_errmsg(g.st));
    dl_store_close(g.st);
    rc = EXIT_STORE;
    goto done;
  }
  dl_engine *eng = cli_engine(co.data, co.lex, co.nlex, co.max_text);
  if (!eng) {
    dl_store_close(g.st);
    rc = EXIT_DATA;
    goto done;
  }
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = on_signal; /* finish the batch, then stop */
  sigaction(SIGINT, &sa, NULL);
  sigaction(SIGTERM, &sa, NULL);
  g.total = count_inputs(inputs, nin);
  g.t0 = g.last = now_s();
  dl_reader_opts ro = {0};
  ro.default_date = co.date;
  if (dl_store_begin(g.st) != DL_OK) {
    fprintf(stderr, "dateline ingest: %s\n", dl_store_errmsg(g.st));
    g.failed = 1;
  }
  cli_stats cs;
  memset(&cs, 0, sizeof cs);
  cli_pipe cfg = {co.jobs, &ro, ingest_sink, ingest_skip, &g, &stop_flag};
  if (!g.failed && cli_pipe_run(eng, inputs, nin, &cfg, &cs) != 0)
    g.failed = 1;
  g.bad += cs.bad; /* unreadable files */
  if (!g.failed)
    flush_batch(&g, 0);
  progress(&g, 1);
  double el = now_s() - g.t0;
  fprintf(stderr,
          "dateline ingest: %s%lu articles in %.1f s (%.0f/s): %lu new, "
          "%lu replaced, %lu unchanged, %lu bad\n",
          stop_flag ? "interrupted; " : "", g.seen, el,
          el > 0 ? (double)g.seen / el : 0.0, g.fresh, g.replaced,
          g.unchanged, g.bad);
  dl_engine_free(eng);
  dl_store_close(g.st);
  if (g.failed)
    rc = EXIT_STORE;
  else if (g.bad || stop_flag)
    rc = EXIT_INPUT;
done:
  cli_coding_free(&co);
  free(inputs);
  return rc;
}
