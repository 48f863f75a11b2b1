/*
** options.c: the options every coding subcommand shares (code, ingest):
** --date, --data, --lexicon, -j and --max-text, parsed one way with one
** set of messages.
*/
#include "cli.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

int cli_coding_init(cli_coding *c, int argc) {
  memset(c, 0, sizeof *c);
  c->jobs = 1;
  c->lex = calloc((size_t)argc + 1, sizeof *c->lex);
  return c->lex ? 0 : -1;
}

void cli_coding_free(cli_coding *c) {
  free(c->lex);
  c->lex = NULL;
}

int cli_coding_opt(const char *cmd, const char *opt, const char *val,
                   cli_coding *c) {
  if (strcmp(opt, "--date") && strcmp(opt, "--data") &&
      strcmp(opt, "--lexicon") && strcmp(opt, "-j") &&
      strcmp(opt, "--max-text"))
    return 0;
  if (!val) {
    fprintf(stderr, "dateline %s: %s needs a value\n", cmd, opt);
    return -1;
  }
  if (!strcmp(opt, "--date")) {
    if (!cli_is_date(val)) {
      fprintf(stderr, "dateline %s: --date wants YYYY-MM-DD, not '%s'\n", cmd,
              val);
      return -1;
    }
    c->date = val;
  } else if (!strcmp(opt, "--data")) {
    c->data = val;
  } else if (!strcmp(opt, "--lexicon")) {
    c->lex[c->nlex++] = val;
  } else if (!strcmp(opt, "-j")) {
    char *end;
    long v = strtol(val, &end, 10);
    if (!*val || *end || v < 0 || v > 256) {
      fprintf(stderr, "dateline %s: bad -j '%s' (0..256)\n", cmd, val);
      return -1;
    }
    c->jobs = (int)v;
  } else {
    char *end;
    errno = 0;
    unsigned long long v = strtoull(val, &end, 10);
    if (errno || *end || v == 0 || val[0] == '-') {
      fprintf(stderr, "dateline %s: bad --max-text '%s'\n", cmd, val);
      return -1;
    }
    c->max_text = (size_t)v;
  }
  return 1;
}

int cli_read_opt(const char *cmd, const char *opt, const char *val,
                 dl_query *q, const char **db, int *format) {
  if (strncmp(opt, "--", 2))
    return 0;
  const char *form;
  int set = dl_query_set(q, opt + 2, val, &form);
  if (set == 0) {
    fprintf(stderr, "dateline %s: %s wants %s, not '%s'\n", cmd, opt, form,
            val);
    return -1;
  }
  if (set > 0)
    return 1;
  if (!strcmp(opt, "--db")) {
    *db = val;
  } else if (!strcmp(opt, "--format")) {
    static const char *const names[] = {"json", "csv", "table"};
    for (int k = 0; k < 3; k++)
      if (!strcmp(val, names[k])) {
        *format = k;
        return 1;
      }
    fprintf(stderr, "dateline %s: --format is json, csv or table\n", cmd);
    return -1;
  } else if (!strcmp(opt, "--limit")) {
    char *end;
    errno = 0;
    unsigned long long n = strtoull(val, &end, 10);
    if (errno || *end || val[0] < '0' || val[0] > '9') {
      fprintf(stderr, "dateline %s: bad --limit '%s'\n", cmd, val);
      return -1;
    }
    q->limit = n;
  } else {
    return 0;
  }
  return 1;
}
