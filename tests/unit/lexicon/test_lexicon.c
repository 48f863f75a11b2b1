/* test_lexicon.c: the lexicon matcher and gazetteer (src/lexicon), over
** build/data/lexicon.bin built by 'make', and user lexicons written here. */
#include "testutil.h"
#include "lexicon/lexicon.h"

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

/* Index of the first token whose text is 'w'. */
static uint32_t tok(const dl_doc *d, const char *w) {
  for (uint32_t i = 0; i < d->toks.n; i++)
    if (strcmp(tu_tok(d, i), w) == 0)
      return i;
  fail_msg("no token '%s'", w);
  return 0;
}

static void longest_overlap(void **s) {
  (void)s;
  dl_doc *d = tu_code("Protests in New York City and New York state.", NULL);
  dllex_match m;
  uint32_t i = tok(d, "New");
  assert_true(dllex_longest(d, i, DLX_BIT(DLX_PLACE), &m));
  assert_int_equal(m.t0, i);
  assert_int_equal(m.t1, i + 3); /* "new york city", not "new york" */
  const dllex_sense *p = dllex_sense_in(&m, DLX_PLACE);
  assert_non_null(p);
  assert_true(dlgaz_place_at(tu_eng, (uint32_t)p->num)->population > 8000000);
  assert_true(dllex_longest(d, i + 4, DLX_BIT(DLX_ADMIN1), &m));
  assert_int_equal(m.t1, i + 6); /* "New York" the state */
  assert_non_null(dllex_sense_in(&m, DLX_ADMIN1));
  assert_null(dllex_sense_in(&m, DLX_TITLE));
  /* nothing in the mask: no match */
  assert_false(dllex_longest(d, i, DLX_BIT(DLX_MODAL), &m));
  const dllex_sense *out;
  assert_true(dllex_lookup(tu_eng, "new york city", 13, &out) > 0);
  assert_int_equal(dllex_lookup(tu_eng, "new york cit", 12, &out), 0);
}

static void one_sentence(void **s) {
  (void)s;
  dl_doc *d = tu_code("Protests in New York City.", NULL);
  uint32_t i = tok(d, "New");
  for (uint32_t j = i + 2; j < d->toks.n; j++)
    d->toks.v[j].sent = d->toks.v[i].sent + 1; /* "City" starts the next */
  d->lexoff = NULL; /* the lexicon stage's cache saw the old sentences */
  dllex_match m;
  assert_true(dllex_longest(d, i, DLX_BIT(DLX_PLACE), &m));
  assert_int_equal(m.t1, i + 2);
  /* the same through the stage's cache, with a real sentence break */
  d = tu_code("They flew to New York. City officials met them.", NULL);
  i = tok(d, "New");
  assert_non_null(d->lexoff);
  assert_true(dllex_longest(d, i, DLX_BIT(DLX_PLACE), &m));
  assert_int_equal(m.t1, i + 2);
}

static void folding(void **s) {
  (void)s;
  dllex_match m;
  const dlgaz_country *c;
  dl_doc *d = tu_code("NEW YORK CITY police and the U.S. army.", NULL);
  assert_true(dllex_longest(d, 0, DLX_BIT(DLX_PLACE), &m));
  assert_int_equal(m.t1, 3);
  uint32_t i = tok(d, "U.S.");
  assert_true(dllex_longest(d, i, DLX_BIT(DLX_COUNTRY), &m));
  assert_int_equal(m.t1, i + 1);
  c = dlgaz_country_at(tu_eng, (uint32_t)dllex_sense_in(&m, DLX_COUNTRY)->num);
  assert_memory_equal(c->iso2, "US", 2);
  d = tu_code("Troops in C\xc3\xb4te d\xe2\x80\x99Ivoire.", NULL); /* curly ' */
  i = tok(d, "C\xc3\xb4te");
  assert_true(dllex_longest(d, i, DLX_BIT(DLX_COUNTRY), &m));
  c = dlgaz_country_at(tu_eng, (uint32_t)dllex_sense_in(&m, DLX_COUNTRY)->num);
  assert_memory_equal(c->iso2, "CI", 2);
  /* a sense name through dllex_entry */
  size_t n;
  assert_string_equal(dllex_entry(tu_eng, dllex_sense_in(&m, DLX_COUNTRY), &n),
                      "Ivory Coast");
}

static void gazetteer(void **s) {
  (void)s;
  dl_doc *d = tu_code("Iraqis in Baghdad.", NULL);
  dllex_match m;
  assert_true(dllex_longest(d, 2, DLX_BIT(DLX_PLACE), &m));
  const dllex_sense *ps = dllex_sense_in(&m, DLX_PLACE);
  const dlgaz_place *p = dlgaz_place_at(tu_eng, (uint32_t)ps->num);
  assert_true(p->population > 1000000);
  assert_memory_equal(p->cc, "IQ", 2);
  assert_int_equal(p->kind, DLPK_CITY);
  assert_string_equal(dlgaz_str(tu_eng, p->name), "Baghdad");
  assert_true(p->lat > 33 && p->lat < 34 && p->lon > 44 && p->lon < 45);
  int32_t iq = dlgaz_country_by_code(tu_eng, "IRQ", 3);
  assert_true(iq >= 0);
  assert_int_equal(dlgaz_country_by_code(tu_eng, "IQ", 2), iq);
  assert_int_equal(dlgaz_country_by_code(tu_eng, "iq", 2), iq);
  assert_int_equal(dlgaz_country_by_code(tu_eng, "QQQ", 3), -1);
  const dlgaz_country *c = dlgaz_country_at(tu_eng, (uint32_t)iq);
  assert_string_equal(dlgaz_str(tu_eng, c->name), "Iraq");
  assert_int_equal(c->capital, ps->num);
  const dlgaz_place *cp = dlgaz_place_at(tu_eng, (uint32_t)c->place);
  assert_int_equal(cp->kind, DLPK_COUNTRY);
  /* the city's container is its admin1 region, in Iraq */
  const dlgaz_place *a = dlgaz_place_at(tu_eng, (uint32_t)p->container);
  assert_int_equal(a->kind, DLPK_ADMIN1);
  assert_int_equal(a->container, c->place);
  assert_true(dlgaz_nplaces(tu_eng) > 100000);
  assert_true(dlgaz_ncountries(tu_eng) > 200);
  /* demonym */
  assert_true(dllex_longest(d, 0, DLX_BIT(DLX_DEMONYM), &m));
  assert_int_equal(dllex_sense_in(&m, DLX_DEMONYM)->num, iq);
}

static const char *write_tmp(const char *name, const char *text) {
  static char path[2][256];
  static int k;
  char *p = path[k++ & 1];
  snprintf(p, 256, "/tmp/dl_test_lex_%d_%s", (int)getpid(), name);
  FILE *f = fopen(p, "w");
  assert_non_null(f);
  fputs(text, f);
  fclose(f);
  return p;
}

static dl_engine *engine(void) {
  dl_engine_opts o = {0};
  o.data_dir = DL_TEST_DATA;
  dl_engine *e;
  assert_int_equal(dl_engine_new(&o, &e), DL_OK);
  return e;
}

static dl_doc *code(dl_engine *e, dl_doc **d, const char *text) {
  if (!*d)
    assert_int_equal(dl_doc_new(e, d), DL_OK);
  dl_doc_reset(*d);
  dl_article a;
  memset(&a, 0, sizeof a);
  a.text = text;
  a.text_len = strlen(text);
  assert_int_equal(dl_doc_code(*d, &a), DL_OK);
  return *d;
}

static void user_lexicon(void **s) {
  (void)s;
  dl_engine *e = engine();
  const char *path = write_tmp(
      "user.tsv", "# a user lexicon\n"
                  "#dict place\n"
                  "Baghdad\t1.5\t2.5\tIQ\n"
                  "#dict feature\n"
                  "Green Zone\t33.30\t44.38\tIQ\tBaghdad\n"
                  "#dict event\n"
                  "condemn/v\t122\tDISAPPROVE\n"
                  "drone attack/n\t195\tASSAULT\n"
                  "take/v\t1\n"
                  "#dict title\n"
                  "Grand Poobah\tGOV\tIRQ\n");
  assert_int_equal(dl_engine_add_lexicon(e, path), DL_OK);
  unlink(path);
  dl_doc *d = NULL;
  dllex_match m;
  code(e, &d, "Baghdad condemns it.");
  /* the user's place shadows the built-in city; the admin1 sense stays */
  assert_true(dllex_longest(d, 0, DLX_BIT(DLX_PLACE), &m));
  const dllex_sense *ps = dllex_sense_in(&m, DLX_PLACE);
  assert_true(ps->flags & DLXF_USER);
  const dlgaz_place *p = dlgaz_place_at(e, (uint32_t)ps->num);
  assert_true(p->lat > 1.4 && p->lat < 1.6);
  assert_string_equal(dlgaz_str(e, p->name), "Baghdad");
  assert_non_null(dllex_sense_in(&m, DLX_ADMIN1));
  for (uint32_t j = 0; j < m.n; j++) /* only the user's PLACE sense */
    if (m.senses[j].dict == DLX_PLACE)
      assert_true(m.senses[j].flags & DLXF_USER);
  /* inflected forms */
  assert_true(dllex_longest(d, 1, DLX_BIT(DLX_EVENT), &m));
  const dllex_sense *ev = dllex_sense_in(&m, DLX_EVENT);
  assert_true(ev->flags & DLXF_INFLECTED);
  size_t n;
  assert_string_equal(dllex_field(e, ev, 0, &n), "122");
  assert_int_equal(n, 3);
  assert_string_equal(dllex_field(e, ev, 1, &n), "DISAPPROVE");
  assert_null(dllex_field(e, ev, 2, &n));
  assert_string_equal(dllex_entry(e, ev, &n), "condemn");
  const char *forms[] = {"They condemned it.", "Condemning it.",
                         "They condemn it.", "Drone attacks rose.",
                         "They took it."};
  for (size_t k = 0; k < DL_COUNTOF(forms); k++) {
    code(e, &d, forms[k]);
    bool hit = false;
    for (uint32_t i = 0; i < d->toks.n && !hit; i++)
      hit = dllex_longest(d, i, DLX_BIT(DLX_EVENT), &m);
    assert_true(hit);
  }
  assert_int_equal(m.t1 - m.t0, 1);
  code(e, &d, "Drone attacks rose.");
  assert_true(dllex_longest(d, 0, DLX_BIT(DLX_EVENT), &m));
  assert_int_equal(m.t1, 2);
  /* a feature inside a gazetteer place, and a new title */
  code(e, &d, "In the Green Zone, the Grand Poobah spoke.");
  uint32_t g = tok(d, "Green");
  assert_true(dllex_longest(d, g, DLX_BIT(DLX_FEATURE), &m));
  const dlgaz_place *f = dlgaz_place_at(e, (uint32_t)m.senses[0].num);
  assert_int_equal(f->kind, DLPK_FEATURE);
  assert_true(f->container >= 0);
  assert_string_equal(dlgaz_str(e, f->admin1), "Baghdad");
  assert_true(dllex_longest(d, tok(d, "Grand"), DLX_BIT(DLX_TITLE), &m));
  assert_string_equal(dllex_field(e, &m.senses[0], 1, &n), "IRQ");
  dl_doc_free(d);
  dl_engine_free(e);
}

/* The per-thread memo of look-ups forgets what it saw when a user table
** arrives; the blob's filter never hides a key that is there; the ISO code
** index agrees with the codes. */
static void memo_filter_codes(void **s) {
  (void)s;
  dl_engine *e = engine();
  dl_doc *d = NULL;
  const dllex_sense *out;
  code(e, &d, "Officials in Baghdad met on Monday.");
  uint32_t n = dllex_lookup(e, "baghdad", 7, &out);
  assert_true(n > 0);
  for (uint32_t j = 0; j < n; j++)
    assert_false(out[j].flags & DLXF_USER);
  char buf[64 * 200 + 64];
  size_t o = (size_t)snprintf(buf, sizeof buf, "#dict place\n"
                                               "Baghdad\t1.5\t2.5\tIQ\n"
                                               "#dict org\n");
  for (int k = 0; k < 200; k++) /* more keys than the filter's words */
    o += (size_t)snprintf(buf + o, sizeof buf - o,
                          "Quillwort Guild %d\tNGO\tNGO\n", k);
  const char *path = write_tmp("memo.tsv", buf);
  assert_int_equal(dl_engine_add_lexicon(e, path), DL_OK);
  unlink(path);
  n = dllex_lookup(e, "baghdad", 7, &out); /* the memo saw the old table */
  assert_true(n > 0);
  assert_true(out[0].flags & DLXF_USER);
  for (int k = 0; k < 200; k++) {
    char key[64];
    int kn = snprintf(key, sizeof key, "quillwort guild %d", k);
    assert_true(dllex_lookup(e, key, (size_t)kn, &out) > 0);
    assert_int_equal(out[0].dict, DLX_ORG);
    kn = snprintf(key, sizeof key, "quillwort guild %d b", k);
    assert_int_equal(dllex_lookup(e, key, (size_t)kn, &out), 0);
  }
  code(e, &d, "The Quillwort Guild 7 met the Quillwort Guild 8 in Baghdad.");
  dllex_match m;
  uint32_t q = tok(d, "Quillwort");
  assert_true(dllex_longest(d, q, DLX_BIT(DLX_ORG), &m));
  assert_int_equal(m.t1, q + 3);
  assert_false(dllex_longest(d, q, DLX_BIT(DLX_TITLE), &m));
  assert_true(dllex_longest(d, tok(d, "Baghdad"), DLX_BIT(DLX_PLACE), &m));
  assert_true(dllex_sense_in(&m, DLX_PLACE)->flags & DLXF_USER);
  /* codes: either case, two or three letters; anything else is none */
  int32_t fr = dlgaz_country_by_code(e, "FRA", 3);
  assert_true(fr >= 0);
  assert_string_equal(dlgaz_str(e, dlgaz_country_at(e, (uint32_t)fr)->name),
                      "France");
  assert_int_equal(dlgaz_country_by_code(e, "fr", 2), fr);
  assert_int_equal(dlgaz_country_by_code(e, "Fra", 3), fr);
  assert_int_equal(dlgaz_country_by_code(e, "F1", 2), -1);
  assert_int_equal(dlgaz_country_by_code(e, "FRAN", 4), -1);
  assert_int_equal(dlgaz_country_by_code(e, "", 0), -1);
  for (uint32_t i = 0; i < dlgaz_ncountries(e); i++) {
    const dlgaz_country *c = dlgaz_country_at(e, i);
    int32_t k2 = dlgaz_country_by_code(e, c->iso2, 2);
    assert_true(k2 >= 0 && (uint32_t)k2 <= i); /* the first of that code */
    assert_int_equal(memcmp(dlgaz_country_at(e, (uint32_t)k2)->iso2,
                            c->iso2, 2), 0);
  }
  dl_doc_free(d);
  dl_engine_free(e);
}

static void user_errors(void **s) {
  (void)s;
  dl_engine *e = engine();
  struct { const char *text, *msg; } bad[] = {
      {"# x\n#dict nosuch\n", ":2: unknown dictionary 'nosuch'"},
      {"foo\tbar\n", ":1: entry before any '#dict NAME' line"},
      {"#dict feature\n\nX\t91\t1\tIQ\n", ":3: bad latitude"},
      {"#dict feature\nX\t1\t1\tQQ\n", ":2: unknown country code 'QQ'"},
      {"#dict feature\nX\t1\t1\tIQ\tNowhereville Qqq\n", ":2: unknown container"},
      {"#dict country\nX\tQQQ\n", ":2: unknown country code"},
      {"#dict event\n\t1\n", ":2: empty phrase"},
  };
  for (size_t k = 0; k < DL_COUNTOF(bad); k++) {
    const char *path = write_tmp("bad.tsv", bad[k].text);
    assert_int_equal(dl_engine_add_lexicon(e, path), DL_E_DATA);
    const char *msg = dl_engine_errmsg(e);
    assert_non_null(strstr(msg, path));
    if (!strstr(msg, bad[k].msg))
      fail_msg("%s: expected '%s'", msg, bad[k].msg);
    unlink(path);
  }
  assert_int_equal(dl_engine_add_lexicon(e, "/nonexistent/x.tsv"), DL_E_DATA);
  assert_non_null(strstr(dl_engine_errmsg(e), "/nonexistent/x.tsv"));
  dl_engine_free(e);
}

/* A data dir without lexicon.bin, and one with a corrupt blob. */
static void missing_and_corrupt(void **s) {
  (void)s;
  char dir[128], cmd[512];
  snprintf(dir, sizeof dir, "/tmp/dl_test_lexdir_%d", (int)getpid());
  snprintf(cmd, sizeof cmd, "mkdir -p %s && cp %s/tone.tsv %s/", dir,
           DL_TEST_DATA, dir);
  assert_int_equal(system(cmd), 0);
  dl_engine_opts o = {0};
  o.data_dir = dir;
  dl_engine *e;
  assert_int_equal(dl_engine_new(&o, &e), DL_E_DATA);
  assert_non_null(strstr(dl_engine_errmsg(e), "lexicon.bin"));
  dl_engine_free(e);
  /* flip one byte past the header */
  snprintf(cmd, sizeof cmd,
           "cp %s/lexicon.bin %s/ && printf 'Z' | dd of=%s/lexicon.bin bs=1 "
           "seek=4096 conv=notrunc status=none",
           DL_TEST_DATA, dir, dir);
  assert_int_equal(system(cmd), 0);
  assert_int_equal(dl_engine_new(&o, &e), DL_E_DATA);
  assert_non_null(strstr(dl_engine_errmsg(e), "checksum"));
  dl_engine_free(e);
  snprintf(cmd, sizeof cmd, "truncate -s 1000 %s/lexicon.bin", dir);
  assert_int_equal(system(cmd), 0);
  assert_int_equal(dl_engine_new(&o, &e), DL_E_DATA);
  assert_non_null(strstr(dl_engine_errmsg(e), "lexicon.bin"));
  dl_engine_free(e);
  snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
  assert_int_equal(system(cmd), 0);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(longest_overlap), cmocka_unit_test(one_sentence),
      cmocka_unit_test(folding),         cmocka_unit_test(gazetteer),
      cmocka_unit_test(user_lexicon),    cmocka_unit_test(memo_filter_codes),
      cmocka_unit_test(user_errors),
      cmocka_unit_test(missing_and_corrupt)};
  return cmocka_run_group_tests(tests, tu_setup, tu_teardown);
}
