/*
** lexc.c: the lexicon compiler, run by 'make' (lexicon.h). Reads the
** converted gazetteer (DATA_DIR/countries.tsv, admin1.tsv, places.tsv from
** tools/conv-geo.c) and the project's lexicon files (data/lex/NAME.tsv) and
** writes the one flat blob the engine maps at start (lexint.h).
**   lexc OUT.bin DATA_DIR LEXFILE...
*/
#include "lexicon/lexint.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static dllexb *B;

static void die(const char *fmt, const char *a, const char *b) {
  fprintf(stderr, "lexc: ");
  fprintf(stderr, fmt, a, b);
  fputc('\n', stderr);
  exit(1);
}

#define MAXC 16
typedef struct row {
  char *f[MAXC];
  size_t n[MAXC];
  unsigned nf;
} row;

static void split(char *line, size_t len, row *r) {
  r->nf = 0;
  size_t s = 0;
  for (;;) {
    char *tab = memchr(line + s, '\t', len - s);
    size_t e = tab ? (size_t)(tab - line) : len;
    if (r->nf < MAXC) {
      r->f[r->nf] = line + s;
      r->n[r->nf++] = e - s;
    }
    line[e] = '\0';
    if (!tab)
      break;
    s = e + 1;
  }
}

/* Fold 'name' and give it sense 's'. */
static void name(const char *s, size_t n, dllex_sense sense, uint32_t rank) {
  size_t kn;
  const char *k = dllexb_fold(B, s, n, &kn);
  if (k && kn && !dllexb_sense(B, k, kn, sense, rank))
    die("out of memory%s%s", "", "");
}

/* Each '|'-separated name of f[0..n) with sense 's'. */
static void names(const char *f, size_t n, dllex_sense s, uint32_t rank) {
  for (size_t i = 0; i < n;) {
    const char *bar = memchr(f + i, '|', n - i);
    size_t e = bar ? (size_t)(bar - f) : n;
    if (e > i)
      name(f + i, e - i, s, rank);
    i = e + 1;
  }
}

static FILE *open_tsv(const char *dir, const char *file, char *path,
                      size_t cap) {
  snprintf(path, cap, "%s/%s", dir, file);
  FILE *fp = fopen(path, "rb");
  if (!fp)
    die("%s: %s", path, strerror(errno));
  return fp;
}

static bool next_row(FILE *fp, char **line, size_t *cap, row *r,
                     unsigned *lineno) {
  ssize_t len;
  while ((len = getline(line, cap, fp)) >= 0) {
    ++*lineno;
    size_t n = (size_t)len;
    while (n && ((*line)[n - 1] == '\n' || (*line)[n - 1] == '\r'))
      n--;
    (*line)[n] = '\0';
    if (!n || (*line)[0] == '#')
      continue;
    split(*line, n, r);
    return true;
  }
  return false;
}

static int32_t cc_country[26 * 26]; /* ISO2 -> country index + 1 */
static int32_t *cc_slot(const char *cc) {
  static int32_t none = 0;
  if (cc[0] < 'A' || cc[0] > 'Z' || cc[1] < 'A' || cc[1] > 'Z')
    return &none;
  return &cc_country[(cc[0] - 'A') * 26 + (cc[1] - 'A')];
}

typedef struct adm {
  char code[24];        /* "IQ.07" */
  int32_t place;
  double slat, slon;
  uint64_t pop;
  uint32_t n;
} adm;
static adm *adms;
static size_t nadm;

static int cmp_adm(const void *a, const void *b) {
  return strcmp(((const adm *)a)->code, ((const adm *)b)->code);
}

typedef struct cap {
  char name[128];       /* first capital */
  int32_t best;         /* place */
  uint32_t pop;
  bool pplc;
} cap;

static bool all_upper(const char *s, size_t n) {
  for (size_t i = 0; i < n; i++)
    if (s[i] < 'A' || s[i] > 'Z')
      return false;
  return true;
}

static void countries(const char *dir, cap **caps) {
  char path[4096], *line = NULL;
  size_t lcap = 0;
  unsigned ln = 0;
  row r;
  FILE *fp = open_tsv(dir, "countries.tsv", path, sizeof path);
  *caps = calloc(400, sizeof **caps);
  while (next_row(fp, &line, &lcap, &r, &ln)) {
    if (r.nf < 10 || r.n[0] != 2 || r.n[1] != 3) {
      fprintf(stderr, "%s:%u: expected 11 columns\n", path, ln);
      exit(1);
    }
    dlgaz_country *c;
    int32_t ci = dllexb_country(B, &c);
    if (ci < 0 || ci >= 400)
      die("out of memory or too many countries%s%s", "", "");
    memcpy(c->iso2, r.f[0], 2);
    memcpy(c->iso3, r.f[1], 3);
    c->lat = strtof(r.f[8], NULL);
    c->lon = strtof(r.f[9], NULL);
    c->name = dllexb_str(B, r.f[2], r.n[2]);
    *cc_slot(r.f[0]) = ci + 1;
    dlgaz_place *p;
    int32_t pi = dllexb_place(B, &p);
    c = dllexb_country_at(B, ci);
    if (pi < 0)
      die("out of memory%s%s", "", "");
    p->lat = c->lat;
    p->lon = c->lon;
    memcpy(p->cc, r.f[0], 2);
    p->fclass = 'A';
    memcpy(p->fcode, "PCLI", 4);
    p->kind = DLPK_COUNTRY;
    p->name = c->name;
    c->place = pi;
    dllex_sense s = {DLX_COUNTRY, 0, 0, ci, 0};
    name(r.f[2], r.n[2], s, 0);
    name(r.f[3], r.n[3], s, 0);
    for (size_t i = 0; i < r.n[4];) { /* alternate spellings */
      const char *f = r.f[4], *bar = memchr(f + i, '|', r.n[4] - i);
      size_t e = bar ? (size_t)(bar - f) : r.n[4];
      size_t n = e - i;
      /* ISO2 codes are words ("IN", "IT", "NO"): only "US" stays */
      if (n && !(n == 2 && memcmp(f + i, r.f[0], 2) == 0 &&
                 memcmp(f + i, "US", 2) != 0)) {
        name(f + i, n, s, 0);
        if (n >= 2 && n <= 4 && all_upper(f + i, n)) { /* "U.S.", "U.K." */
          char dot[16];
          size_t o = 0;
          for (size_t j = 0; j < n; j++) {
            dot[o++] = f[i + j];
            dot[o++] = '.';
          }
          name(dot, o, s, 0);
        }
      }
      i = e + 1;
    }
    dllex_sense dm = {DLX_DEMONYM, 0, 0, ci, 0};
    names(r.f[5], r.n[5], dm, 0);
    if (r.nf > 6)
      names(r.f[6], r.n[6], dm, 0);
    if (r.nf > 7) {
      size_t n = strcspn(r.f[7], "|");
      if (n >= sizeof (*caps)[ci].name)
        n = sizeof (*caps)[ci].name - 1;
      memcpy((*caps)[ci].name, r.f[7], n);
      (*caps)[ci].best = -1;
    }
  }
  free(line);
  fclose(fp);
}

static void admin1(const char *dir) {
  char path[4096], *line = NULL;
  size_t lcap = 0, acap = 0;
  unsigned ln = 0;
  row r;
  FILE *fp = open_tsv(dir, "admin1.tsv", path, sizeof path);
  while (next_row(fp, &line, &lcap, &r, &ln)) {
    if (r.nf < 3 || r.n[0] < 4 || r.n[0] >= sizeof adms->code ||
        r.f[0][2] != '.') {
      fprintf(stderr, "%s:%u: expected 'CC.code<TAB>name<TAB>asciiname'\n",
              path, ln);
      exit(1);
    }
    int32_t ci = *cc_slot(r.f[0]) - 1;
    if (ci < 0)
      continue; /* a country the countries data set lacks */
    if (nadm == acap) {
      acap = acap ? acap * 2 : 1024;
      adms = realloc(adms, acap * sizeof *adms);
      if (!adms)
        die("out of memory%s%s", "", "");
    }
    adm *a = &adms[nadm++];
    memset(a, 0, sizeof *a);
    memcpy(a->code, r.f[0], r.n[0]);
    dlgaz_place *p;
    int32_t pi = dllexb_place(B, &p);
    if (pi < 0)
      die("out of memory%s%s", "", "");
    const dlgaz_country *c = dllexb_country_at(B, ci);
    p->lat = c->lat; /* until its cities are known */
    p->lon = c->lon;
    p->geonameid = r.nf > 3 ? (int32_t)strtol(r.f[3], NULL, 10) : 0;
    memcpy(p->cc, r.f[0], 2);
    p->fclass = 'A';
    memcpy(p->fcode, "ADM1", 4);
    p->kind = DLPK_ADMIN1;
    p->container = c->place;
    p->name = dllexb_str(B, r.f[1], r.n[1]);
    a->place = pi;
    dllex_sense s = {DLX_ADMIN1, 0, 0, pi, 0};
    name(r.f[1], r.n[1], s, 0);
    if (r.n[2] && strcmp(r.f[1], r.f[2]) != 0)
      name(r.f[2], r.n[2], s, 0);
  }
  qsort(adms, nadm, sizeof *adms, cmp_adm);
  free(line);
  fclose(fp);
}

static void places(const char *dir, cap *caps) {
  char path[4096], *line = NULL;
  size_t lcap = 0;
  unsigned ln = 0;
  row r;
  FILE *fp = open_tsv(dir, "places.tsv", path, sizeof path);
  while (next_row(fp, &line, &lcap, &r, &ln)) {
    if (r.nf < 11) {
      fprintf(stderr, "%s:%u: expected 11 columns\n", path, ln);
      exit(1);
    }
    int32_t ci = r.n[8] == 2 ? *cc_slot(r.f[8]) - 1 : -1;
    if (ci < 0)
      continue;
    adm key, *a = NULL;
    if (r.n[9] && r.n[9] + 3 < sizeof key.code) {
      snprintf(key.code, sizeof key.code, "%s.%s", r.f[8], r.f[9]);
      a = bsearch(&key, adms, nadm, sizeof *adms, cmp_adm);
    }
    dlgaz_place *p;
    int32_t pi = dllexb_place(B, &p);
    if (pi < 0)
      die("out of memory%s%s", "", "");
    double pop = strtod(r.f[10], NULL);
    p->geonameid = (int32_t)strtol(r.f[0], NULL, 10);
    p->lat = strtof(r.f[4], NULL);
    p->lon = strtof(r.f[5], NULL);
    p->population = pop > 4e9 ? 4000000000u : pop > 0 ? (uint32_t)pop : 0;
    memcpy(p->cc, r.f[8], 2);
    p->fclass = r.n[6] ? r.f[6][0] : 'P';
    memcpy(p->fcode, r.f[7], r.n[7] < 6 ? r.n[7] : 6);
    p->kind = p->fclass == 'P' ? DLPK_CITY : DLPK_FEATURE;
    p->name = dllexb_str(B, r.f[1], r.n[1]);
    const dlgaz_country *c = dllexb_country_at(B, ci);
    if (a) {
      const dlgaz_place *ap = dllexb_place_at(B, a->place);
      p->admin1 = ap->name;
      p->container = a->place;
      a->slat += p->lat;
      a->slon += p->lon;
      a->pop += p->population;
      a->n++;
    } else {
      p->container = c->place;
    }
    bool pplc = memcmp(p->fcode, "PPLC", 5) == 0;
    cap *k = &caps[ci];
    if (k->name[0] && (strcmp(r.f[1], k->name) == 0 ||
                       strcmp(r.f[2], k->name) == 0 || pplc)) {
      if (k->best < 0 || (pplc && !k->pplc) ||
          (pplc == k->pplc && p->population > k->pop)) {
        k->best = pi;
        k->pop = p->population;
        k->pplc = pplc;
      }
    }
    uint32_t rank = p->population;
    dllex_sense s = {DLX_PLACE, 0, 0, pi, 0};
    name(r.f[1], r.n[1], s, rank);
    if (r.n[2] && strcmp(r.f[1], r.f[2]) != 0)
      name(r.f[2], r.n[2], s, rank);
    names(r.f[3], r.n[3], s, rank);
  }
  for (size_t i = 0; i < nadm; i++) {
    dlgaz_place *p = dllexb_place_at(B, adms[i].place);
    if (adms[i].n) {
      p->lat = (float)(adms[i].slat / adms[i].n);
      p->lon = (float)(adms[i].slon / adms[i].n);
    }
    p->population = adms[i].pop > 4000000000u ? 4000000000u
                                               : (uint32_t)adms[i].pop;
  }
  for (int32_t ci = 0; dllexb_country_at(B, ci); ci++)
    dllexb_country_at(B, ci)->capital = caps[ci].best;
  free(line);
  fclose(fp);
}

int main(int argc, char **argv) {
  if (argc < 3) {
    fprintf(stderr, "usage: lexc OUT.bin DATA_DIR LEXFILE...\n");
    return 2;
  }
  struct timespec t0, t1;
  clock_gettime(CLOCK_MONOTONIC, &t0);
  B = dllexb_new(NULL, 0);
  if (!B)
    die("out of memory%s%s", "", "");
  cap *caps;
  countries(argv[2], &caps);
  admin1(argv[2]);
  places(argv[2], caps);
  for (int i = 3; i < argc; i++)
    if (!dllexb_add_file(B, argv[i])) {
      fprintf(stderr, "%s\n", dllexb_error(B));
      return 1;
    }
  void *blob;
  size_t n;
  if (!dllexb_write(B, &blob, &n))
    die("out of memory%s%s", "", "");
  FILE *out = fopen(argv[1], "wb");
  if (!out)
    die("%s: %s", argv[1], strerror(errno));
  if (fwrite(blob, 1, n, out) != n || fclose(out) != 0)
    die("%s: %s", argv[1], strerror(errno));
  const dllex_hdr *h = blob;
  clock_gettime(CLOCK_MONOTONIC, &t1);
  fprintf(stderr,
          "lexc: %s: %zu bytes, %u keys in %u slots, %u senses, %u places, "
          "%u countries, %.2f s\n",
          argv[1], n, h->nkeys, h->nslots, h->nsenses, h->nplaces,
          h->ncountries,
          (double)(t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) / 1e9);
  free(blob);
  free(caps);
  free(adms);
  dllexb_free(B);
  return 0;
}
