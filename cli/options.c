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
