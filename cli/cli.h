/*
** cli.h: what the subcommands of the 'dateline' tool share. The CLI uses
** only the public header (STYLE.md §1), like curl's tool over libcurl.
*/
#ifndef DL_CLI_H
#define DL_CLI_H
#include "dateline.h"
#include <stdio.h>

/* Exit codes, documented in the README. */
enum {
  EXIT_OK_ = 0,     /* every input article was coded */
  EXIT_INPUT = 1,   /* some input was bad (records say which) */
  EXIT_USAGE = 2,   /* bad command line */
  EXIT_DATA = 3,    /* the engine's data could not be loaded */
  EXIT_OUTPUT = 4   /* the output could not be written */
};

/* Open the engine with the data directory from --data, $DATELINE_DATA or
** the 'data' folder beside the executable; prints the reason and returns
** NULL on failure. */
dl_engine *cli_engine(const char *data_dir, const char *const *lexicons,
                      int nlex, size_t max_text);
/* Parse "YYYY-MM-DD" loosely enough for a usage check. */
int cli_is_date(const char *s);

/* Output formats of the store-reading commands (query, incidents). */
enum { CLI_JSON, CLI_CSV, CLI_TABLE };

/* The options that 'query' and 'incidents' share: the filters of dl_query
** (--actor ... --incident, parsed by dl_query_set), --db, --format
** json|csv|table and --limit. 1: 'opt' with value 'val' was one of them
** and is applied; 0: not one of them; -1: a bad value (message printed as
** "dateline CMD: ..."). */
int cli_read_opt(const char *cmd, const char *opt, const char *val,
                 dl_query *q, const char **db, int *format);

/* One article as the pipeline hands it to a sink. */
typedef struct cli_item {
  int bad;              /* a bad input record: the document is its error record */
  dl_status status;     /* what dl_doc_code returned (DL_E_INPUT when bad) */
  const char *file;     /* where it came from */
  uint64_t line;        /* JSON Lines line, 0 for a whole file */
  size_t text_len;
} cli_item;

#define CLI_MAX_STAGES 32
typedef struct cli_stats {
  unsigned long articles, bad;
  unsigned long long bytes;
  size_t nstages;
  const char *const *stage_names;
  uint64_t stage_ns[CLI_MAX_STAGES];
} cli_stats;

/* Called on the calling thread for every article, in input order. */
typedef void (*cli_sink)(void *ud, dl_doc *doc, const cli_item *it);

/* Called on the calling thread before an article is queued: nonzero skips
** it (not coded, not sunk), e.g. articles a store holds already. */
typedef int (*cli_filter)(void *ud, const dl_article *art);

typedef struct cli_pipe {
  int jobs;                   /* worker threads, 0 = one per core */
  const dl_reader_opts *ro;
  cli_sink sink;              /* every coded article, in input order */
  cli_filter skip;            /* may be NULL */
  void *ud;                   /* passed to 'sink' and 'skip' */
  volatile int *stop;         /* nonzero: stop reading (may be NULL) */
} cli_pipe;

/* Read 'inputs', code them and feed the sink. Counts go to 'st'. Returns
** 0, or -1 when it could not start or ran out of memory. */
int cli_pipe_run(const dl_engine *eng, const char *const *inputs, int nin,
                 const cli_pipe *cfg, cli_stats *st);

/* The options every coding subcommand takes. */
typedef struct cli_coding {
  const char *date;     /* --date: publication date of plain-text articles */
  const char *data;     /* --data: compiled data directory */
  const char **lex;     /* --lexicon FILE..., 'nlex' of them */
  int nlex;
  int jobs;             /* -j: worker threads, 0 = one per core */
  size_t max_text;      /* --max-text, 0 = default */
} cli_coding;

/* 0, or -1 when out of memory; 'argc' bounds the --lexicon count. */
int cli_coding_init(cli_coding *c, int argc);
void cli_coding_free(cli_coding *c);
/* Parse 'opt' with its 'val' if it is a coding option: 1 taken (the caller
** skips 'val'), 0 not a coding option, -1 a usage error (said on stderr,
** naming 'cmd'). */
int cli_coding_opt(const char *cmd, const char *opt, const char *val,
                   cli_coding *c);

int cmd_code(int argc, char **argv);
int cmd_ingest(int argc, char **argv); /* exit 5: store error */
int cmd_query(int argc, char **argv);
int cmd_incidents(int argc, char **argv);
int cmd_merge(int argc, char **argv);

#endif
