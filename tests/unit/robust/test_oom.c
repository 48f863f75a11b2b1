/*
** test_oom.c: allocation-failure torture (STYLE.md §6, curl's -t, SQLite's
** malloc tests). For a few news articles, the n-th allocation of
** dl_doc_new + dl_doc_code + dl_doc_json fails, for n = 1, 2, ... until a
** run needs no failure: each run returns DL_OK or DL_E_NOMEM with an error
** record, leaks nothing, and the next article on the same document codes
** exactly as without failures. Also dl_engine_new with its n-th
** allocation failing: a clean DL_E_NOMEM and nothing held.
*/
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "dl_int.h"

#ifndef DL_TEST_DATA
#define DL_TEST_DATA "build/data"
#endif

#include <stdio.h>
#include <stdlib.h>

typedef struct failer {
  unsigned long n;      /* allocations so far */
  unsigned long fail_at;/* fail this one (1-based); 0 = never */
  unsigned long failed; /* how many were refused */
  size_t live;          /* bytes held */
} failer;

static void *fail_alloc(void *ud, void *p, size_t o, size_t n) {
  failer *f = ud;
  if (n == 0) {
    if (p)
      f->live -= o;
    free(p);
    return NULL;
  }
  if (++f->n == f->fail_at) {
    f->failed++;
    return NULL;
  }
  void *q = realloc(p, n);
  if (q)
    f->live += n - (p ? o : 0);
  return q;
}

static const char *const articles[] = {
    "BAGHDAD, March 12 (Reuters) - A car bomb exploded in a crowded market "
    "in southern Baghdad on Sunday, killing at least 12 people and wounding "
    "30 others, police and medical sources said.\n\n"
    "The blast struck the Bayaa district shortly after 10 a.m., when the "
    "market was full of shoppers buying food for the weekend. \"We heard a "
    "huge explosion and then everybody was running,\" said Ali Hassan, 34, "
    "who sells vegetables near the site. \"There was blood everywhere.\"\n\n"
    "No group claimed responsibility for the attack, but Iraqi officials "
    "blamed Islamic State militants, who have carried out similar bombings "
    "in the capital in recent months. Prime Minister Mohammed Shia "
    "al-Sudani condemned the bombing and ordered an investigation. He said "
    "the government would not allow terrorists to undermine security.\n\n"
    "Security forces arrested three suspects in a raid on a house in the "
    "nearby Dora neighbourhood on Monday, the Interior Ministry said in a "
    "statement. Two of the wounded were in critical condition, a hospital "
    "official said. The United Nations mission in Iraq also condemned the "
    "attack and called on the authorities to bring those responsible to "
    "justice. Last week, a roadside bomb killed two soldiers north of "
    "Baghdad.",

    "KYIV, Ukraine (AP) \xe2\x80\x94 Russian missiles and drones struck "
    "Kyiv and several other Ukrainian cities early Monday, killing at least "
    "seven civilians and injuring dozens, officials said, in one of the "
    "largest attacks on the capital in months.\n\n"
    "Ukraine's air force said it shot down 30 of the 43 missiles launched "
    "overnight. In Kyiv, debris fell on a residential building in the "
    "Solomianskyi district, and rescue workers pulled two people from the "
    "rubble, Mayor Vitali Klitschko wrote on Telegram.\n\n"
    "President Volodymyr Zelenskyy accused Moscow of deliberately targeting "
    "energy infrastructure ahead of winter. \xe2\x80\x9cRussia wants to "
    "leave our people without light and heat,\xe2\x80\x9d he said in his "
    "nightly video address. He urged Western allies to send more air "
    "defence systems.\n\n"
    "The Kremlin denied targeting civilians. Kremlin spokesman Dmitry "
    "Peskov told reporters on Tuesday that the strikes hit military "
    "facilities. The European Union said it would impose new sanctions on "
    "Russia next month. Hundreds of thousands of people were left without "
    "power in the Kharkiv and Odesa regions, the energy ministry said.",

    "WASHINGTON \xe2\x80\x94 The Senate on Thursday rejected a bill that "
    "would have raised the debt ceiling, raising fears that the United "
    "States could default on its obligations as early as June 1.\n\n"
    "The measure failed 48 to 52, with two Democrats joining Republicans in "
    "opposition. Senate Majority Leader Chuck Schumer said he would bring "
    "the bill back for another vote next week. \"We will not let the "
    "country go over the cliff,\" Schumer said on the Senate floor.\n\n"
    "Treasury Secretary Janet Yellen warned lawmakers in a letter on "
    "Monday that the government might run out of cash within weeks. "
    "Republican leaders have demanded spending cuts in exchange for "
    "raising the limit, which currently stands at $31.4 trillion. Senator "
    "Mitch McConnell, 81, who leads the Republicans, said the White House "
    "must negotiate.\n\n"
    "Protesters gathered outside the Capitol on Friday. Police arrested 15 "
    "people who blocked an entrance, a spokesman for the Capitol Police "
    "said. Economists said a default would shake financial markets around "
    "the world and could push the economy into recession.",

    "NAIROBI, Kenya \xe2\x80\x94 Floods and landslides caused by days of "
    "heavy rain have killed more than 40 people in Kenya and displaced "
    "about 15,000 others, the Kenya Red Cross said on Saturday.\n\n"
    "Rivers burst their banks in Garissa and Tana River counties, "
    "destroying homes and washing away roads and bridges. Six people are "
    "missing after a bus was swept away near Mwingi on Friday night, "
    "police said. Rescue teams recovered two bodies.\n\n"
    "\"The situation is very bad, we have lost everything,\" said Amina "
    "Abdi, a mother of five who fled her village with her children. "
    "President William Ruto declared a national disaster and promised aid "
    "to the affected families. The government said it would send military "
    "helicopters to evacuate people trapped by the water.\n\n"
    "The World Health Organization warned of a risk of cholera outbreaks in "
    "the camps. Neighbouring Somalia and Ethiopia have also been hit by "
    "flooding since October, and aid agencies said hundreds of thousands "
    "of people in the region need help."};
#define NART DL_COUNTOF(articles)

static failer fl;
static dl_engine *eng;
static char *ref[NART];    /* each article's record without failures */
static size_t refn[NART];

static dl_status code(dl_doc *d, size_t k) {
  dl_article a = {0};
  a.id = "oom";
  a.id_len = 3;
  a.date = "2023-03-12";
  a.date_len = 10;
  a.text = articles[k];
  a.text_len = strlen(articles[k]);
  return dl_doc_code(d, &a);
}

static int setup(void **s) {
  (void)s;
  dl_engine_opts o = {0};
  o.data_dir = DL_TEST_DATA;
  o.alloc = fail_alloc;
  o.alloc_ud = &fl;
  if (dl_engine_new(&o, &eng) != DL_OK)
    return -1;
  dl_doc *d;
  if (dl_doc_new(eng, &d) != DL_OK)
    return -1;
  for (size_t k = 0; k < NART; k++) {
    const char *js;
    if (code(d, k) != DL_OK || dl_doc_json(d, 0, &js, &refn[k]) != DL_OK)
      return -1;
    ref[k] = malloc(refn[k]);
    if (!ref[k])
      return -1;
    memcpy(ref[k], js, refn[k]);
  }
  dl_doc_free(d);
  return 0;
}

static int teardown(void **s) {
  (void)s;
  for (size_t k = 0; k < NART; k++)
    free(ref[k]);
  dl_engine_free(eng);
  return 0;
}

/* Article 'k' with allocation n failing, then article k+1 normally. */
static void torture(size_t k) {
  unsigned long runs = 0, nomem = 0;
  size_t base = fl.live;
  for (unsigned long n = 1;; n++) {
    fl.n = 0;
    fl.fail_at = n;
    fl.failed = 0;
    dl_doc *d = NULL;
    dl_status st = dl_doc_new(eng, &d);
    if (st != DL_OK) {
      assert_int_equal(st, DL_E_NOMEM);
      assert_true(fl.failed == 1);
      assert_true(fl.live == base);
      continue;
    }
    st = code(d, k);
    assert_true(st == DL_OK || st == DL_E_NOMEM);
    const char *js;
    size_t jn;
    dl_status sj = dl_doc_json(d, 0, &js, &jn);
    assert_true(sj == DL_OK || sj == DL_E_NOMEM);
    if (sj == DL_OK) {
      assert_true(jn > 0 && js[jn - 1] == '\n');
      if (st == DL_E_NOMEM)
        assert_non_null(strstr(js, "\"error\":\"out of memory\""));
      else if (fl.failed == 0) /* untouched run: the reference record */
        assert_memory_equal(js, ref[k], jn);
    }
    bool done = fl.failed == 0;
    nomem += st != DL_OK || sj != DL_OK;
    /* the same document goes on normally */
    fl.fail_at = 0;
    size_t k2 = (k + 1) % NART;
    assert_int_equal(code(d, k2), DL_OK);
    assert_int_equal(dl_doc_json(d, 0, &js, &jn), DL_OK);
    assert_int_equal(jn, refn[k2]);
    assert_memory_equal(js, ref[k2], jn);
    dl_doc_free(d);
    assert_true(fl.live == base); /* nothing leaked */
    runs++;
    if (done)
      break;
  }
  printf("# article %zu: %lu runs, %lu failed cleanly\n", k, runs, nomem);
}

static void article0(void **s) { (void)s; torture(0); }
static void article1(void **s) { (void)s; torture(1); }
static void article2(void **s) { (void)s; torture(2); }
static void article3(void **s) { (void)s; torture(3); }

/* A small arena budget, so that failures also hit mid-pipeline with
** several chunks: code each article after the document already holds a
** chunk, with every later allocation failing from the n-th on. */
static void failing_from_n(void **s) {
  (void)s;
  size_t base = fl.live;
  for (size_t k = 0; k < NART; k++)
    for (unsigned long n = 1; n < 64; n++) {
      dl_doc *d;
      fl.fail_at = 0;
      assert_int_equal(dl_doc_new(eng, &d), DL_OK);
      assert_int_equal(code(d, k), DL_OK); /* holds its first chunk */
      fl.n = 0;
      fl.fail_at = n;
      fl.failed = 0;
      dl_status st = code(d, (k + 2) % NART);
      assert_true(st == DL_OK || st == DL_E_NOMEM);
      const char *js;
      size_t jn;
      dl_status sj = dl_doc_json(d, 0, &js, &jn);
      assert_true(sj == DL_OK || sj == DL_E_NOMEM);
      fl.fail_at = 0;
      assert_int_equal(code(d, k), DL_OK);
      assert_int_equal(dl_doc_json(d, 0, &js, &jn), DL_OK);
      assert_memory_equal(js, ref[k], refn[k]);
      dl_doc_free(d);
      assert_true(fl.live == base);
      if (fl.failed == 0)
        break;
    }
}

/* The arena asks for memory only when a chunk is full, so the plain
** torture fails few places. A long id copied first shifts everything
** after it: sweeping its length moves the second and third chunk's
** allocation (the one failing) through every stage of the pipeline. */
static void shifted(void **s) {
  (void)s;
  static char id[70000];
  memset(id, 'i', sizeof id);
  size_t base = fl.live;
  unsigned long nomem = 0, runs = 0;
  for (size_t k = 0; k < NART; k++)
    for (size_t len = 0; len < 66000; len += 1500)
      for (unsigned long n = 3; n <= 4; n++) {
        dl_doc *d;
        fl.fail_at = 0;
        assert_int_equal(dl_doc_new(eng, &d), DL_OK);
        fl.n = 0;
        fl.fail_at = n;
        dl_article a = {0};
        a.id = id;
        a.id_len = len;
        a.text = articles[k];
        a.text_len = strlen(articles[k]);
        a.date = "2023-03-12";
        a.date_len = 10;
        dl_status st = dl_doc_code(d, &a);
        assert_true(st == DL_OK || st == DL_E_NOMEM);
        const char *js;
        size_t jn;
        dl_status sj = dl_doc_json(d, 0, &js, &jn);
        assert_true(sj == DL_OK || sj == DL_E_NOMEM);
        if (st == DL_E_NOMEM && sj == DL_OK)
          assert_non_null(strstr(js, "\"error\":\"out of memory\""));
        nomem += st != DL_OK || sj != DL_OK;
        runs++;
        fl.fail_at = 0;
        size_t k2 = (k + 1) % NART;
        assert_int_equal(code(d, k2), DL_OK);
        assert_int_equal(dl_doc_json(d, 0, &js, &jn), DL_OK);
        assert_int_equal(jn, refn[k2]);
        assert_memory_equal(js, ref[k2], jn);
        dl_doc_free(d);
        assert_true(fl.live == base);
      }
  printf("# shifted: %lu runs, %lu failed cleanly\n", runs, nomem);
}

/* dl_engine_new with allocation n failing: DL_E_NOMEM, nothing held. */
static void engine_new(void **s) {
  (void)s;
  failer f = {0};
  unsigned long n;
  for (n = 1;; n++) {
    f.n = 0;
    f.fail_at = n;
    f.failed = 0;
    dl_engine_opts o = {0};
    o.data_dir = DL_TEST_DATA;
    o.alloc = fail_alloc;
    o.alloc_ud = &f;
    dl_engine *e = NULL;
    dl_status st = dl_engine_new(&o, &e);
    if (f.failed == 0) {
      assert_int_equal(st, DL_OK);
      dl_engine_free(e);
      assert_true(f.live == 0);
      break;
    }
    if (st != DL_E_NOMEM)
      printf("# engine: allocation %lu failing gives %s: %s\n", n,
             dl_strerror(st), dl_engine_errmsg(e));
    assert_int_equal(st, DL_E_NOMEM);
    dl_engine_free(e);
    if (f.live != 0)
      printf("# engine: allocation %lu failing leaks %zu bytes\n", n, f.live);
    assert_true(f.live == 0);
  }
  printf("# engine: %lu allocations, each failure clean\n", n - 1);
}

int main(void) {
  const struct CMUnitTest t[] = {
      cmocka_unit_test(article0), cmocka_unit_test(article1),
      cmocka_unit_test(article2), cmocka_unit_test(article3),
      cmocka_unit_test(failing_from_n), cmocka_unit_test(shifted),
      cmocka_unit_test(engine_new),
  };
  return cmocka_run_group_tests(t, setup, teardown);
}
