/*
** cmd_merge.c: 'dateline merge', the reducer of a sharded ingest (DESIGN.md
** "Scale"): copies the articles of shard stores into one store and
** rebuilds its incidents, so that it equals a single ingest of the inputs.
*/
#include "cli.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static void help(FILE *f) {
  fputs("usage: dateline merge [-q] OUT.db SHARD.db...\n"
        "\n"
        "Join stores written by 'dateline ingest' (e.g. one per worker) into\n"
        "OUT.db (created if missing). Articles keep their ids: one stored\n"
        "with the same text is skipped, one with another text replaced (the\n"
        "later shard wins). Incidents are then rebuilt over the whole store.\n"
        "\n"
        "exit status: 0 ok, 2 usage, 5 store error\n",
        f);
}

enum { EXIT_STORE = 5 };

int cmd_merge(int argc, char **argv) {
  int quiet = 0, nin = 0;
  const char *out = NULL;
  const char **in = calloc((size_t)argc + 1, sizeof *in);
  if (!in) {
    fputs("dateline merge: out of memory\n", stderr);
    return EXIT_STORE;
  }
  for (int i = 1; i < argc; i++) {
    const char *a = argv[i];
    if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
      help(stdout);
      free(in);
      return EXIT_OK_;
    } else if (!strcmp(a, "-q") || !strcmp(a, "--quiet")) {
      quiet = 1;
    } else if (a[0] == '-' && a[1]) {
      fprintf(stderr, "dateline merge: unknown option '%s'\n", a);
      help(stderr);
      free(in);
      return EXIT_USAGE;
    } else if (!out) {
      out = a;
    } else {
      in[nin++] = a;
    }
  }
  if (!out || !nin) {
    help(stderr);
    free(in);
    return EXIT_USAGE;
  }
  char ro[PATH_MAX], rs[PATH_MAX];
  for (int i = 0; i < nin; i++)
    if (realpath(out, ro) && realpath(in[i], rs) && !strcmp(ro, rs)) {
      fprintf(stderr, "dateline merge: %s is both the output and a shard\n",
              in[i]);
      free(in);
      return EXIT_USAGE;
    }
  struct timespec t0, t1;
  clock_gettime(CLOCK_MONOTONIC, &t0);
  dl_store *st = NULL;
  int rc = EXIT_OK_;
  dl_merge_stats tot = {0, 0, 0};
  if (dl_store_open(out, DL_STORE_READWRITE, &st) != DL_OK) {
    fprintf(stderr, "dateline merge: %s\n", dl_store_errmsg(st));
    rc = EXIT_STORE;
  }
  for (int i = 0; i < nin && rc == EXIT_OK_; i++) {
    dl_merge_stats ms;
    if (dl_store_merge(st, in[i], &ms) != DL_OK) {
      fprintf(stderr, "dateline merge: %s\n", dl_store_errmsg(st));
      rc = EXIT_STORE;
      break;
    }
    if (!quiet)
      fprintf(stderr, "dateline merge: %s: %llu new, %llu replaced, "
              "%llu unchanged\n", in[i], (unsigned long long)ms.added,
              (unsigned long long)ms.replaced,
              (unsigned long long)ms.unchanged);
    tot.added += ms.added;
    tot.replaced += ms.replaced;
    tot.unchanged += ms.unchanged;
  }
  if (rc == EXIT_OK_ && dl_store_rebuild_incidents(st) != DL_OK) {
    fprintf(stderr, "dateline merge: rebuilding incidents: %s\n",
            dl_store_errmsg(st));
    rc = EXIT_STORE;
  }
  clock_gettime(CLOCK_MONOTONIC, &t1);
  if (rc == EXIT_OK_)
    fprintf(stderr, "dateline merge: %d shards in %.1f s: %llu new, "
            "%llu replaced, %llu unchanged\n", nin,
            (double)(t1.tv_sec - t0.tv_sec) +
                (double)(t1.tv_nsec - t0.tv_nsec) / 1e9,
            (unsigned long long)tot.added, (unsigned long long)tot.replaced,
            (unsigned long long)tot.unchanged);
  dl_store_close(st);
  free(in);
  return rc;
}
