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
      "  --pretty           one top-level field a line (for reading)\n"
      "  --profile          print time per stage on standard error\n"
      "\n"
      "exit status: 0 all coded, 1 some input bad, 2 usage, 3 data,\n"
      "4 output error\n",
      f);
}

typedef struct run {
  dl_doc *doc;
  FILE *out;
  unsigned flags;
  unsigned long articles, bad;
  unsigned long long bytes;
  int out_err;
} run;

static void emit(run *r) {
  const char *js;
  size_t n;
  dl_status st = dl_doc_json(r->doc, r->flags, &js, &n);
  if (st != DL_OK) { /* the record did not fit: say so, keep the line */
    dl_doc_set_error(r->doc, NULL, 0, dl_strerror(st));
    st = dl_doc_json(r->doc, r->flags, &js, &n);
    if (st != DL_OK) {
      js = "{\"schema\":1,\"id\":null,\"error\":\"out of memory\"}\n";
      n = strlen(js);
    }
  }
  if (fwrite(js, 1, n, r->out) != n)
    r->out_err = 1;
}

static void code_input(run *r, const char *path, const dl_reader_opts *ro) {
  dl_reader *rd = NULL;
  dl_status st = dl_reader_open(path, ro, &rd);
  if (st != DL_OK) {
    fprintf(stderr, "dateline: %s: %s\n", path,
            rd ? dl_reader_errmsg(rd) : dl_strerror(st));
    dl_reader_close(rd);
    r->bad++;
    return;
  }
  for (;;) {
    dl_article art;
    dl_where where = {0};
    memset(&art, 0, sizeof art);
    st = dl_reader_next(rd, &art, &where);
    if (st == DL_E_EOF)
      break;
    if (st == DL_E_IO) {
      fprintf(stderr, "dateline: %s\n", dl_reader_errmsg(rd));
      r->bad++;
      continue;
    }
    if (st == DL_E_INPUT) {
      const char *msg = dl_reader_errmsg(rd);
      fprintf(stderr, "dateline: warning: %s\n", msg);
      dl_doc_set_error(r->doc, art.id, art.id_len, msg);
      r->bad++;
      r->articles++;
      emit(r);
      continue;
    }
    if (st != DL_OK) {
      fprintf(stderr, "dateline: %s: %s\n", path, dl_strerror(st));
      r->bad++;
      break;
    }
    r->articles++;
    r->bytes += art.text_len;
    st = dl_doc_code(r->doc, &art);
    if (st == DL_OK) {
      size_t nw = dl_reader_nwarnings(rd);
      for (size_t i = 0; i < nw; i++)
        dl_doc_warn(r->doc, dl_reader_warning(rd, i));
    } else {
      if (where.line)
        fprintf(stderr, "dateline: warning: %s:%llu: %s\n", where.file,
                (unsigned long long)where.line, dl_strerror(st));
      else
        fprintf(stderr, "dateline: warning: %s: %s\n", where.file,
                dl_strerror(st));
      r->bad++;
    }
    emit(r);
  }
  dl_reader_close(rd);
}

int cmd_code(int argc, char **argv) {
  const char *date = NULL, *outpath = NULL, *data = NULL;
  const char **lex = calloc((size_t)argc, sizeof *lex);
  const char **inputs = calloc((size_t)argc + 1, sizeof *inputs);
  int nlex = 0, nin = 0, profile = 0, rc = EXIT_OK_;
  size_t max_text = 0;
  unsigned flags = 0;
  if (!lex || !inputs) {
    fputs("dateline: out of memory\n", stderr);
    free(lex);
    free(inputs);
    return EXIT_DATA;
  }
  for (int i = 1; i < argc; i++) {
    const char *a = argv[i];
    const char *val = i + 1 < argc ? argv[i + 1] : NULL;
    if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
      help(stdout);
      goto done;
    } else if (!strcmp(a, "--date") || !strcmp(a, "-o") ||
               !strcmp(a, "--data") || !strcmp(a, "--lexicon") ||
               !strcmp(a, "--max-text")) {
      if (!val) {
        fprintf(stderr, "dateline code: %s needs a value\n", a);
        rc = EXIT_USAGE;
        goto done;
      }
      i++;
      if (!strcmp(a, "--date")) {
        if (!cli_is_date(val)) {
          fprintf(stderr, "dateline code: --date wants YYYY-MM-DD, not '%s'\n",
                  val);
          rc = EXIT_USAGE;
          goto done;
        }
        date = val;
      } else if (!strcmp(a, "-o")) {
        outpath = val;
      } else if (!strcmp(a, "--data")) {
        data = val;
      } else if (!strcmp(a, "--lexicon")) {
        lex[nlex++] = val;
      } else {
        char *end;
        errno = 0;
        unsigned long long v = strtoull(val, &end, 10);
        if (errno || *end || v == 0) {
          fprintf(stderr, "dateline code: bad --max-text '%s'\n", val);
          rc = EXIT_USAGE;
          goto done;
        }
        max_text = (size_t)v;
      }
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
  dl_engine *eng = cli_engine(data, lex, nlex, max_text);
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
  if (dl_doc_new(eng, &r.doc) != DL_OK) {
    fputs("dateline: out of memory\n", stderr);
    dl_engine_free(eng);
    rc = EXIT_DATA;
    goto done;
  }
  dl_reader_opts ro = {0};
  ro.default_date = date;
  for (int i = 0; i < nin; i++)
    code_input(&r, inputs[i], &ro);
  if (fflush(r.out) != 0 || ferror(r.out))
    r.out_err = 1;
  if (r.out != stdout && fclose(r.out) != 0)
    r.out_err = 1;
  if (profile) {
    const char *const *names;
    const uint64_t *ns;
    size_t k = dl_doc_profile(r.doc, &names, &ns);
    uint64_t total = 0;
    for (size_t i = 0; i < k; i++)
      total += ns[i];
    double wall = now_s() - t_loaded;
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    double cpu = (double)ru.ru_utime.tv_sec + (double)ru.ru_utime.tv_usec / 1e6 +
                 (double)ru.ru_stime.tv_sec + (double)ru.ru_stime.tv_usec / 1e6;
    fprintf(stderr,
            "profile: %lu articles, %.2f MB of text, start-up %.1f ms, "
            "%.2f s wall, %.2f s cpu\n"
            "profile: %.0f articles/s, %.1f MB/s, peak RSS %.1f MB\n",
            r.articles, (double)r.bytes / 1e6, (t_loaded - t_start) * 1e3, wall,
            cpu, wall > 0 ? (double)r.articles / wall : 0.0,
            wall > 0 ? (double)r.bytes / 1e6 / wall : 0.0,
            (double)ru.ru_maxrss / 1024.0);
    for (size_t i = 0; i < k; i++)
      fprintf(stderr, "  %-10s %9.3f s %5.1f%%\n", names[i], (double)ns[i] / 1e9,
              total ? 100.0 * (double)ns[i] / (double)total : 0.0);
  }
  dl_doc_free(r.doc);
  dl_engine_free(eng);
  if (r.out_err) {
    fprintf(stderr, "dateline: error writing the output\n");
    rc = EXIT_OUTPUT;
  } else if (r.bad) {
    rc = EXIT_INPUT;
  }
done:
  free(lex);
  free(inputs);
  return rc;
}
