/*
** cmd_code.c: 'dateline code', the filter. Reads articles from files,
** directories or standard input and writes exactly one JSON line per input
** article, in input order: its record, or an error record for a bad one.
*/
#include "cli.h"

#include <errno.h>
#include <sys/resource.h>
#include <time.h>
#include <stdlib.h>
#include <string.h>

static double now_s(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void help(FILE *f) {
  fputs(
      "usage: dateline code [OPTIONS] [FILE|DIR|-]...\n"
      "\n"
      "Code news articles into event records, one JSON line per article\n"
      "(SCHEMA.md). A plain-text file is one article (id = file name);\n"
      "*.jsonl, *.jsonl.gz, *.jsonl.zst hold one article a line:\n"
      "{\"id\",\"date\",\"title\",\"url\",\"text\"} (only text required). A\n"
      "directory means its files in sorted order; '-' or nothing reads\n"
      "standard input (JSON Lines if it starts with '{', else one article).\n"
      "\n"
      "options:\n"
      "  --date YYYY-MM-DD  publication date of plain-text articles\n"
      "  -o FILE            write records to FILE instead of standard output\n"
      "  --data DIR         compiled data (default: beside the executable)\n"
      "  --lexicon FILE     add a user lexicon (repeatable)\n"
      "  --max-text BYTES   largest article text (default 16 MiB)\n"
      "  -j N               N worker threads (0 = one per core; default 1)\n"
      "  --pretty           one top-level field a line (for reading)\n"
      "  --profile          print time per stage on standard error\n"
      "\n"
      "exit status: 0 all coded, 1 some input bad, 2 usage, 3 data,\n"
      "4 output error\n",
      f);
}

typedef struct run {
  FILE *out;
  unsigned flags;
  unsigned long bad;
  int out_err;
} run;

/* The sink: write the document's record; report articles that failed. */
static void emit(void *ud, dl_doc *doc, const cli_item *it) {
  run *r = ud;
  if (it->bad) {
    r->bad++;
  } else if (it->status != DL_OK) {
    if (it->line)
      fprintf(stderr, "dateline: warning: %s:%llu: %s\n", it->file,
              (unsigned long long)it->line, dl_strerror(it->status));
    else
      fprintf(stderr, "dateline: warning: %s: %s\n", it->file,
              dl_strerror(it->status));
    r->bad++;
  }
  const char *js;
  size_t n;
  dl_status st = dl_doc_json(doc, r->flags, &js, &n);
  if (st != DL_OK) { /* the record did not fit: say so, keep the line */
    dl_doc_set_error(doc, NULL, 0, dl_strerror(st));
    st = dl_doc_json(doc, r->flags, &js, &n);
    if (st != DL_OK) {
      js = "{\"schema\":1,\"id\":null,\"error\":\"out of memory\"}\n";
      n = strlen(js);
    }
  }
  if (fwrite(js, 1, n, r->out) != n)
    r->out_err = 1;
}

int cmd_code(int argc, char **argv) {
  const char *outpath = NULL;
  const char **inputs = calloc((size_t)argc + 1, sizeof *inputs);
  int nin = 0, profile = 0, rc = EXIT_OK_;
  unsigned flags = 0;
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
    int k = cli_coding_opt("code", a, val, &co);
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
    } else if (!strcmp(a, "-o")) {
      if (!val) {
        fprintf(stderr, "dateline code: -o needs a value\n");
        rc = EXIT_USAGE;
        goto done;
      }
      outpath = argv[++i];
    } else if (!strcmp(a, "--pretty")) {
      flags |= DL_JSON_FIELD_LINES;
    } else if (!strcmp(a, "--profile")) {
      profile = 1;
    } else if (a[0] == '-' && a[1]) {
      fprintf(stderr, "dateline code: unknown option '%s'\n", a);
      help(stderr);
      rc = EXIT_USAGE;
      goto done;
    } else {
      inputs[nin++] = a;
    }
  }
  if (!nin)
    inputs[nin++] = "-";
  double t_start = now_s();
  dl_engine *eng = cli_engine(co.data, co.lex, co.nlex, co.max_text);
  double t_loaded = now_s();
  if (!eng) {
    rc = EXIT_DATA;
    goto done;
  }
  run r;
  memset(&r, 0, sizeof r);
  r.flags = flags;
  r.out = stdout;
  if (outpath && strcmp(outpath, "-")) {
    r.out = fopen(outpath, "wb");
    if (!r.out) {
      fprintf(stderr, "dateline: %s: %s\n", outpath, strerror(errno));
      dl_engine_free(eng);
      rc = EXIT_OUTPUT;
      goto done;
    }
  }
  static char obuf[1 << 16];
  setvbuf(r.out, obuf, _IOFBF, sizeof obuf);
  dl_reader_opts ro = {0};
  ro.default_date = co.date;
  cli_stats cs;
  memset(&cs, 0, sizeof cs);
  cli_pipe cfg = {co.jobs, &ro, emit, NULL, &r, NULL};
  if (cli_pipe_run(eng, inputs, nin, &cfg, &cs) != 0)
    r.out_err = 1;
  r.bad += cs.bad;
  if (fflush(r.out) != 0 || ferror(r.out))
    r.out_err = 1;
  if (r.out != stdout && fclose(r.out) != 0)
    r.out_err = 1;
  if (profile) {
    double wall = now_s() - t_loaded;
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    double cpu = (double)ru.ru_utime.tv_sec + (double)ru.ru_utime.tv_usec / 1e6 +
                 (double)ru.ru_stime.tv_sec + (double)ru.ru_stime.tv_usec / 1e6;
    fprintf(stderr,
            "profile: %lu articles, %.2f MB of text, %d thread%s, start-up "
            "%.1f ms, %.2f s wall, %.2f s cpu\n"
            "profile: %.0f articles/s, %.1f MB/s (%.1f MB/s per cpu-second), "
            "peak RSS %.1f MB\n",
            cs.articles, (double)cs.bytes / 1e6, co.jobs, co.jobs == 1 ? "" : "s",
            (t_loaded - t_start) * 1e3, wall, cpu,
            wall > 0 ? (double)cs.articles / wall : 0.0,
            wall > 0 ? (double)cs.bytes / 1e6 / wall : 0.0,
            cpu > 0 ? (double)cs.bytes / 1e6 / cpu : 0.0,
            (double)ru.ru_maxrss / 1024.0);
    uint64_t total = 0;
    for (size_t i = 0; i < cs.nstages && i < CLI_MAX_STAGES; i++)
      total += cs.stage_ns[i];
    for (size_t i = 0; i < cs.nstages && i < CLI_MAX_STAGES; i++)
      fprintf(stderr, "  %-10s %9.3f s %5.1f%%\n", cs.stage_names[i],
              (double)cs.stage_ns[i] / 1e9,
              total ? 100.0 * (double)cs.stage_ns[i] / (double)total : 0.0);
  }
  dl_engine_free(eng);
  if (r.out_err) {
    fprintf(stderr, "dateline: error writing the output\n");
    rc = EXIT_OUTPUT;
  } else if (r.bad) {
    rc = EXIT_INPUT;
  }
done:
  cli_coding_free(&co);
  free(inputs);
  return rc;
}
