/*
** test_robust.c: the store under stress, through the public API.
** (a) Two reader threads, each with its own read-only connection, query and
**     count in a loop while a writer thread puts 300 coded articles in
**     batches of 20: no call fails, the counts a reader sees never go down,
**     and at the end every article is there and the counts are complete.
** (b) Disk full: a store on a 1 MiB tmpfs (mounted by the test; it runs as
**     root) takes batches of large articles until a put or commit fails;
**     the failure is DL_E_IO with SQLite's "database or disk is full"
**     message, and after reopening every committed batch is still there and
**     nothing of the failed one. Without the rights to mount, a 1 MiB
**     RLIMIT_FSIZE stands in (SQLite then reports an I/O error instead).
**     The API has no knob for PRAGMA max_page_count (it is per connection),
**     hence a real size limit.
*/
#include "testutil.h"

#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mount.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

static char tmpdir[64];
static char dbpath[160];

static int setup(void **state) {
  snprintf(tmpdir, sizeof tmpdir, "/tmp/dl_robust_XXXXXX");
  if (!mkdtemp(tmpdir))
    return -1;
  return tu_setup(state);
}

static int teardown(void **state) {
  char cmd[160];
  snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
  if (system(cmd) != 0)
    return -1;
  return tu_teardown(state);
}

static const char *const places[] = {"Kabul", "Baghdad", "Mogadishu",
                                     "Lagos", "Aleppo"};

/* Code article i into 'doc' ('pad' bytes of filler make it large). */
static void code_one(dl_doc *doc, int i, size_t pad, char *buf, size_t cap) {
  char id[32], date[16];
  snprintf(id, sizeof id, "r%04d", i);
  snprintf(date, sizeof date, "2023-03-%02d", 1 + i % 28);
  int n = snprintf(buf, cap,
                   "A car bomb killed %d people in %s on Sunday, police "
                   "said. Protesters marched in %s on Monday. ",
                   2 + i % 17, places[i % 5], places[(i + 2) % 5]);
  size_t len = (size_t)n;
  while (len + 40 < cap && len < (size_t)n + pad)
    len += (size_t)snprintf(buf + len, cap - len, "Filler sentence %d. ", i);
  dl_article a;
  memset(&a, 0, sizeof a);
  a.id = id;
  a.id_len = strlen(id);
  a.text = buf;
  a.text_len = len;
  a.date = date;
  a.date_len = strlen(date);
  assert_int_equal(dl_doc_code(doc, &a), DL_OK);
}

/* ------------------------------------------------ (a) concurrent readers */

#define NART 300
#define BATCH 20

static volatile int writer_done;
static uint64_t expect_events;

static void *writer(void *ud) {
  (void)ud;
  dl_doc *doc = NULL;
  assert_int_equal(dl_doc_new(tu_eng, &doc), DL_OK);
  dl_store *st = NULL;
  assert_int_equal(dl_store_open(dbpath, DL_STORE_READWRITE, &st), DL_OK);
  char *buf = malloc(4096);
  assert_non_null(buf);
  for (int i = 0; i < NART; i += BATCH) {
    assert_int_equal(dl_store_begin(st), DL_OK);
    for (int j = i; j < i + BATCH; j++) {
      code_one(doc, j, 0, buf, 4096);
      expect_events += doc->events.n;
      dl_put res;
      assert_int_equal(dl_store_put(st, doc, &res), DL_OK);
      assert_int_equal(res, DL_PUT_NEW);
    }
    assert_int_equal(dl_store_commit(st), DL_OK);
  }
  free(buf);
  dl_store_close(st);
  dl_doc_free(doc);
  __atomic_store_n(&writer_done, 1, __ATOMIC_SEQ_CST);
  return NULL;
}

static int count_row(void *ud, const dl_event_row *row) {
  (void)row;
  ++*(uint64_t *)ud;
  return 0;
}
static int sum_group(void *ud, const char *key, uint64_t n) {
  (void)key;
  *(uint64_t *)ud += n;
  return 0;
}

typedef struct rstate {
  uint64_t rows, counted; /* last seen */
  unsigned loops;
  dl_status err;          /* first failure */
  char msg[256];
} rstate;

static void *reader(void *ud) {
  rstate *rs = ud;
  dl_store *st = NULL;
  dl_status s = dl_store_open(dbpath, DL_STORE_READONLY, &st);
  if (s != DL_OK) {
    rs->err = s;
    snprintf(rs->msg, sizeof rs->msg, "open: %s", dl_store_errmsg(st));
    dl_store_close(st);
    return NULL;
  }
  dl_query q;
  memset(&q, 0, sizeof q);
  for (;;) {
    int last = __atomic_load_n(&writer_done, __ATOMIC_SEQ_CST);
    uint64_t rows = 0, counted = 0;
    if ((s = dl_store_query(st, &q, count_row, &rows)) != DL_OK ||
        (s = dl_store_count(st, &q, DL_BY_DAY, sum_group, &counted)) !=
            DL_OK) {
      rs->err = s;
      snprintf(rs->msg, sizeof rs->msg, "%s", dl_store_errmsg(st));
      break;
    }
    if (rows < rs->rows || counted < rs->counted) {
      rs->err = DL_E_DATA;
      snprintf(rs->msg, sizeof rs->msg, "counts went down: %llu<%llu %llu<%llu",
               (unsigned long long)rows, (unsigned long long)rs->rows,
               (unsigned long long)counted, (unsigned long long)rs->counted);
      break;
    }
    rs->rows = rows;
    rs->counted = counted;
    rs->loops++;
    if (last)
      break; /* one full pass after the writer finished */
  }
  dl_store_close(st);
  return NULL;
}

static void seen(void *ud, const dl_stored_article *a) {
  (void)a;
  ++*(int *)ud;
}

static void test_concurrent_readers(void **state) {
  (void)state;
  snprintf(dbpath, sizeof dbpath, "%s/c.db", tmpdir);
  dl_store *st = NULL; /* made first: readers need the file */
  assert_int_equal(dl_store_open(dbpath, DL_STORE_READWRITE, &st), DL_OK);
  dl_store_close(st);
  writer_done = 0;
  expect_events = 0;
  rstate rs[2];
  memset(rs, 0, sizeof rs);
  pthread_t w, r[2];
  assert_int_equal(pthread_create(&r[0], NULL, reader, &rs[0]), 0);
  assert_int_equal(pthread_create(&r[1], NULL, reader, &rs[1]), 0);
  assert_int_equal(pthread_create(&w, NULL, writer, NULL), 0);
  pthread_join(w, NULL);
  pthread_join(r[0], NULL);
  pthread_join(r[1], NULL);
  for (int i = 0; i < 2; i++) {
    if (rs[i].err)
      fail_msg("reader %d: status %d: %s", i, (int)rs[i].err, rs[i].msg);
    assert_true(rs[i].loops >= 1);
    assert_true(expect_events > 0);
    assert_int_equal(rs[i].rows, expect_events); /* last pass saw it all */
    assert_int_equal(rs[i].counted, expect_events);
  }
  assert_int_equal(dl_store_open(dbpath, DL_STORE_READONLY, &st), DL_OK);
  int found = 0;
  char id[32];
  for (int i = 0; i < NART; i++) {
    snprintf(id, sizeof id, "r%04d", i);
    assert_int_equal(dl_store_article(st, id, strlen(id), seen, &found),
                     DL_OK);
  }
  assert_int_equal(found, NART);
  dl_store_close(st);
}

/* --------------------------------------------------------- (b) disk full */

static void test_disk_full(void **state) {
  (void)state;
  char mnt[128];
  snprintf(mnt, sizeof mnt, "%s/mnt", tmpdir);
  assert_int_equal(mkdir(mnt, 0700), 0);
  int mounted = mount("tmpfs", mnt, "tmpfs", 0, "size=1m") == 0;
  struct rlimit old;
  if (!mounted) { /* no rights: a file size limit stands in */
    print_message("disk full: cannot mount a tmpfs, using RLIMIT_FSIZE\n");
    signal(SIGXFSZ, SIG_IGN);
    assert_int_equal(getrlimit(RLIMIT_FSIZE, &old), 0);
    struct rlimit lim = old;
    lim.rlim_cur = 1 << 20;
    assert_int_equal(setrlimit(RLIMIT_FSIZE, &lim), 0);
  }
  snprintf(dbpath, sizeof dbpath, "%s/full.db", mnt);
  dl_store *st = NULL;
  assert_int_equal(dl_store_open(dbpath, DL_STORE_READWRITE, &st), DL_OK);
  size_t cap = 16384;
  char *buf = malloc(cap);
  assert_non_null(buf);
  int committed = 0, i = 0;
  dl_status s = DL_OK;
  while (i < 4000) { /* ~1 MiB of text long before this */
    if ((s = dl_store_begin(st)) != DL_OK)
      break;
    int j;
    for (j = 0; j < 5; j++, i++) {
      code_one(tu_doc, i, 8000, buf, cap);
      if ((s = dl_store_put(st, tu_doc, NULL)) != DL_OK)
        break;
    }
    if (s == DL_OK)
      s = dl_store_commit(st);
    if (s != DL_OK)
      break;
    committed = i;
  }
  assert_int_not_equal(s, DL_OK);
  assert_int_equal(s, DL_E_IO);
  const char *msg = dl_store_errmsg(st);
  print_message("disk full after %d articles: %s\n", committed, msg);
  assert_true(committed > 0);
  if (mounted)
    assert_non_null(strstr(msg, "full"));
  else
    assert_true(strlen(msg) > 0);
  dl_store_rollback(st);
  dl_store_close(st);
  free(buf);
  if (!mounted)
    assert_int_equal(setrlimit(RLIMIT_FSIZE, &old), 0);

  /* everything committed is still there; nothing of the failed batch */
  assert_int_equal(dl_store_open(dbpath, DL_STORE_READONLY, &st), DL_OK);
  int found = 0;
  char id[32];
  for (int k = 0; k < committed; k++) {
    snprintf(id, sizeof id, "r%04d", k);
    assert_int_equal(dl_store_article(st, id, strlen(id), seen, &found),
                     DL_OK);
  }
  assert_int_equal(found, committed);
  snprintf(id, sizeof id, "r%04d", committed);
  assert_int_equal(dl_store_article(st, id, strlen(id), seen, &found),
                   DL_E_INPUT);
  dl_store_close(st);
  if (mounted)
    assert_int_equal(umount2(mnt, MNT_DETACH), 0);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_concurrent_readers),
      cmocka_unit_test(test_disk_full),
  };
  return cmocka_run_group_tests(tests, setup, teardown);
}
