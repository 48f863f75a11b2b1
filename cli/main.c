/*
** main.c: the 'dateline' command. Hands each subcommand to its own
** cmd_<sub>.c, as CRFsuite's frontend does.
*/
#include "cli.h"

int cmd_serve(int argc, char **argv); /* cmd_serve.c, over http/ */

#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void usage(FILE *f) {
  fputs("usage: dateline COMMAND [OPTIONS] [ARGS]\n"
        "\n"
        "commands:\n"
        "  code     code articles into JSON Lines event records (SCHEMA.md)\n"
        "  ingest   code articles into a SQLite store (dateline.db)\n"
        "  query    select or count stored events (JSON Lines, CSV, table)\n"
        "  incidents  list incidents: events of many articles, one real event\n"
        "  merge    join shard stores into one and rebuild its incidents\n"
        "  serve    HTTP API and map dashboard over a store\n"
        "  version  print the version\n"
        "\n"
        "'dateline COMMAND --help' describes each command.\n",
        f);
}

/* A day YYYY-MM-DD, checked as the store's filters check one. */
int cli_is_date(const char *s) {
  dl_query q;
  memset(&q, 0, sizeof q);
  return dl_query_set(&q, "since", s, NULL) == 1;
}

/* The 'data' folder beside the executable, if it has tone.tsv. */
static const char *exe_data_dir(char *buf, size_t size) {
  char exe[PATH_MAX];
  ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
  if (n <= 0)
    return NULL;
  exe[n] = '\0';
  char *slash = strrchr(exe, '/');
  if (!slash)
    return NULL;
  *slash = '\0';
  int k = snprintf(buf, size, "%s/data", exe);
  if (k < 0 || (size_t)k >= size)
    return NULL;
  char probe[PATH_MAX + 16];
  snprintf(probe, sizeof probe, "%s/tone.tsv", buf);
  if (access(probe, R_OK) == 0)
    return buf;
  /* build/asan/dateline uses build/data */
  k = snprintf(buf, size, "%s/../data", exe);
  snprintf(probe, sizeof probe, "%s/tone.tsv", buf);
  return k > 0 && (size_t)k < size && access(probe, R_OK) == 0 ? buf : NULL;
}

dl_engine *cli_engine(const char *data_dir, const char *const *lexicons,
                      int nlex, size_t max_text) {
  char buf[PATH_MAX];
  dl_engine_opts o = {0};
  o.data_dir = data_dir;
  o.max_text = max_text;
  if (!o.data_dir)
    o.data_dir = getenv("DATELINE_DATA");
  if (!o.data_dir)
    o.data_dir = exe_data_dir(buf, sizeof buf);
  dl_engine *eng = NULL;
  dl_status st = dl_engine_new(&o, &eng);
  if (st != DL_OK) {
    fprintf(stderr, "dateline: cannot load the engine: %s: %s\n",
            dl_strerror(st), eng ? dl_engine_errmsg(eng) : "");
    dl_engine_free(eng);
    return NULL;
  }
  for (int i = 0; i < nlex; i++) {
    st = dl_engine_add_lexicon(eng, lexicons[i]);
    if (st != DL_OK) {
      fprintf(stderr, "dateline: %s\n", dl_engine_errmsg(eng));
      dl_engine_free(eng);
      return NULL;
    }
  }
  return eng;
}

int main(int argc, char **argv) {
  if (argc < 2) {
    usage(stderr);
    return EXIT_USAGE;
  }
  const char *cmd = argv[1];
  if (!strcmp(cmd, "code"))
    return cmd_code(argc - 1, argv + 1);
  if (!strcmp(cmd, "ingest"))
    return cmd_ingest(argc - 1, argv + 1);
  if (!strcmp(cmd, "query"))
    return cmd_query(argc - 1, argv + 1);
  if (!strcmp(cmd, "incidents"))
    return cmd_incidents(argc - 1, argv + 1);
  if (!strcmp(cmd, "merge"))
    return cmd_merge(argc - 1, argv + 1);
  if (!strcmp(cmd, "serve"))
    return cmd_serve(argc - 1, argv + 1);
  if (!strcmp(cmd, "version") || !strcmp(cmd, "--version")) {
    printf("dateline %s (record schema %d)\n", DL_VERSION, DL_SCHEMA);
    return 0;
  }
  if (!strcmp(cmd, "help") || !strcmp(cmd, "--help") || !strcmp(cmd, "-h")) {
    usage(stdout);
    return 0;
  }
  fprintf(stderr, "dateline: unknown command '%s'\n", cmd);
  usage(stderr);
  return EXIT_USAGE;
}
