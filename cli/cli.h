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

int cmd_code(int argc, char **argv);
int cmd_ingest(int argc, char **argv); /* exit 5: store error */
int cmd_query(int argc, char **argv);

#endif
