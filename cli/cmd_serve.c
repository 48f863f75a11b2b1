/*
** cmd_serve.c: 'dateline serve', the HTTP API and map dashboard over a
** store (http/). Parses the command line, loads the engine for POST
** /v1/code, starts the server and waits for SIGINT or SIGTERM.
*/
#include "cli.h"
#include "../http/http.h"

#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void help(FILE *f) {
  fputs(
      "usage: dateline serve [OPTIONS]\n"
      "\n"
      "Serve the JSON API and the map dashboard over a store.\n"
      "\n"
      "  --db FILE          the store (default dateline.db)\n"
      "  --bind ADDR        address to listen on (default 127.0.0.1)\n"
      "  --port N           TCP port (default 8080; 0 = any free port)\n"
      "  --threads N        worker threads (default: one per core)\n"
      "  --token T          POST /v1/code?store=1 needs 'Authorization:\n"
      "                     Bearer T' (also $DATELINE_TOKEN)\n"
      "  --cors ORIGIN      send Access-Control-Allow-Origin: ORIGIN\n"
      "  --static DIR       dashboard files (default: 'static' beside the\n"
      "                     executable)\n"
      "  --max-body N       largest request body in bytes (default 1048576)\n"
      "  --timeout S        drop clients silent for S seconds (default 30)\n"
      "  --log              one access-log line per request on stderr\n"
      "  --data DIR         engine data (as 'dateline code')\n"
      "\n"
      "endpoints: GET /, /healthz, /v1/events, /v1/incidents, /v1/stats,\n"
      "/v1/articles/ID; POST /v1/code[?store=1]\n"
      "exit status: 0 stopped by a signal, 2 usage, 3 data, 5 cannot listen\n",
      f);
}

int cmd_serve(int argc, char **argv); /* called by main.c */

static volatile sig_atomic_t stop_flag;
static void on_signal(int sig) { stop_flag = sig; }

/* The 'static' folder beside the executable (or one up, for
** build/asan/dateline), if it has index.html. */
static const char *exe_static_dir(char *buf, size_t size) {
  char exe[PATH_MAX];
  ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
  if (n <= 0)
    return NULL;
  exe[n] = '\0';
  char *slash = strrchr(exe, '/');
  if (!slash)
    return NULL;
  *slash = '\0';
  static const char *const rel[] = {"static", "../static"};
  for (int i = 0; i < 2; i++) {
    char probe[PATH_MAX + 32];
    int k = snprintf(buf, size, "%s/%s", exe, rel[i]);
    if (k < 0 || (size_t)k >= size)
      return NULL;
    snprintf(probe, sizeof probe, "%s/index.html", buf);
    if (access(probe, R_OK) == 0)
      return buf;
  }
  return NULL;
}

static int number(const char *opt, const char *v, unsigned long long max,
                  unsigned long long *out) {
  char *end;
  errno = 0;
  unsigned long long n = strtoull(v, &end, 10);
  if (errno || *end || !*v || v[0] == '-' || n > max) {
    fprintf(stderr, "dateline serve: bad %s '%s'\n", opt, v);
    return 0;
  }
  *out = n;
  return 1;
}

int cmd_serve(int argc, char **argv) {
  dlh_opts o;
  memset(&o, 0, sizeof o);
  o.db = "dateline.db";
  o.bind = "127.0.0.1";
  o.port = 8080;
  long nproc = sysconf(_SC_NPROCESSORS_ONLN);
  o.threads = nproc > 0 ? (unsigned)nproc : 2;
  o.token = getenv("DATELINE_TOKEN");
  o.max_body = 1 << 20;
  o.timeout = 30;
  o.conn_memory = 64 * 1024;
  o.max_conns = 512;
  const char *data = NULL;
  static const char *const opts[] = {
      "--db", "--bind", "--port", "--threads", "--token", "--cors",
      "--static", "--max-body", "--timeout", "--data"};
  for (int i = 1; i < argc; i++) {
    const char *a = argv[i];
    if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
      help(stdout);
      return EXIT_OK_;
    }
    if (!strcmp(a, "--log")) {
      o.log = 1;
      continue;
    }
    int known = 0;
    for (size_t k = 0; k < sizeof opts / sizeof opts[0]; k++)
      known |= !strcmp(a, opts[k]);
    if (!known) {
      fprintf(stderr, "dateline serve: unknown %s '%s'\n",
              a[0] == '-' ? "option" : "argument", a);
      help(stderr);
      return EXIT_USAGE;
    }
    if (i + 1 >= argc) {
      fprintf(stderr, "dateline serve: %s needs a value\n", a);
      return EXIT_USAGE;
    }
    const char *v = argv[++i];
    unsigned long long n;
    if (!strcmp(a, "--db"))
      o.db = v;
    else if (!strcmp(a, "--bind"))
      o.bind = v;
    else if (!strcmp(a, "--token"))
      o.token = v;
    else if (!strcmp(a, "--cors"))
      o.cors = v;
    else if (!strcmp(a, "--static"))
      o.static_dir = v;
    else if (!strcmp(a, "--data"))
      data = v;
    else if (!strcmp(a, "--port")) {
      if (!number(a, v, 65535, &n))
        return EXIT_USAGE;
      o.port = (unsigned)n;
    } else if (!strcmp(a, "--threads")) {
      if (!number(a, v, 256, &n) || n == 0) {
        fputs("dateline serve: --threads wants 1 to 256\n", stderr);
        return EXIT_USAGE;
      }
      o.threads = (unsigned)n;
    } else if (!strcmp(a, "--max-body")) {
      if (!number(a, v, 1ull << 30, &n) || n == 0)
        return EXIT_USAGE;
      o.max_body = (size_t)n;
    } else { /* --timeout */
      if (!number(a, v, 86400, &n) || n == 0)
        return EXIT_USAGE;
      o.timeout = (unsigned)n;
    }
  }
  if (o.token && !*o.token)
    o.token = NULL;
  char sbuf[PATH_MAX];
  if (!o.static_dir)
    o.static_dir = exe_static_dir(sbuf, sizeof sbuf);
  if (!o.static_dir)
    fputs("dateline serve: warning: no dashboard files (--static DIR)\n",
          stderr);
  if (access(o.db, R_OK) != 0)
    fprintf(stderr, "dateline serve: warning: %s: %s; reads answer 503 "
                    "until it exists\n", o.db, strerror(errno));
  if (!o.token && strcmp(o.bind, "127.0.0.1") && strcmp(o.bind, "::1"))
    fputs("dateline serve: warning: listening beyond loopback without "
          "--token: anyone can store articles\n", stderr);

  dl_engine *eng = cli_engine(data, NULL, 0, 0);
  if (!eng)
    return EXIT_DATA;

  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = on_signal;
  sigemptyset(&sa.sa_mask);
  sigaction(SIGINT, &sa, NULL);
  sigaction(SIGTERM, &sa, NULL);
  signal(SIGPIPE, SIG_IGN);

  unsigned port = 0;
  dlh_server *s = dlh_start(&o, eng, &port);
  if (!s) {
    dl_engine_free(eng);
    return 5;
  }
  fprintf(stderr, "dateline serve: http://%s%s%s:%u/ (%u threads, store %s)\n",
          strchr(o.bind, ':') ? "[" : "", o.bind,
          strchr(o.bind, ':') ? "]" : "", port, o.threads, o.db);
  while (!stop_flag)
    pause();
  fprintf(stderr, "dateline serve: stopping (signal %d)\n", (int)stop_flag);
  dlh_stop(s);
  dl_engine_free(eng);
  return EXIT_OK_;
}
