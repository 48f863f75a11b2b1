/*
** conv-tone.c: build-time converter of the VADER tone lexicon (npm package
** vader-sentiment, fetched by tools/fetch-data.sh) into build/data/tone.tsv,
** which the tone stage (src/extract/tone.c) loads: one 'word<TAB>valence'
** a line, sorted bytewise. Usage: conv-tone CACHE_DIR > tone.tsv
*/
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PKG "vader-sentiment"
#define VER "1.1.3"
#define LEXFILE "vader_lexicon.txt" /* word, mean, std, [10 raw ratings] */

typedef struct entry {
  char *word;    /* lower-cased, NUL-terminated */
  char *valence; /* VADER's mean rating as written in the lexicon */
  int lower;     /* the lexicon wrote 'word' lower-case already */
} entry;

static void die(const char *msg, const char *arg) {
  fprintf(stderr, "conv-tone: %s%s%s\n", msg, arg ? ": " : "", arg ? arg : "");
  exit(1);
}

static char *dupn(const char *s, size_t n) {
  char *p = malloc(n + 1);
  if (!p) die("out of memory", NULL);
  memcpy(p, s, n);
  p[n] = '\0';
  return p;
}

/* A word or phrase, not an emoticon or chat code: ASCII letters, digits,
** apostrophes, hyphens and spaces only, starting with a letter, with at
** least two letters. Drops ":-D", "(-:o", "j/k", "</3", "2g2b4g", "d8",
** keeps "can't stand", "fed up", "gr8", "w00t". */
static int isword(const char *s, size_t n) {
  size_t i, letters = 0;
  if (n == 0 || !isalpha((unsigned char)s[0])) return 0;
  for (i = 0; i < n; i++) {
    unsigned char c = (unsigned char)s[i];
    if (isalpha(c)) letters++;
    else if (!isdigit(c) && c != '\'' && c != '-' && c != ' ') return 0;
  }
  if (letters < 2) return 0;
  /* "XD", "X-P": laughing faces, not words */
  if ((n == 2 || (n == 3 && s[1] == '-')) && (s[0] == 'x' || s[0] == 'X') &&
      strchr("dDpP", s[n - 1]))
    return 0;
  return 1;
}

static int cmp(const void *a, const void *b) {
  const entry *x = a, *y = b;
  int c = strcmp(x->word, y->word);
  return c ? c : y->lower - x->lower; /* lower-case original first */
}

int main(int argc, char **argv) {
  char path[4096], line[1024];
  entry *v = NULL;
  size_t n = 0, cap = 0, lineno = 0, i, out = 0, dups = 0;
  FILE *f;

  if (argc != 2) {
    fprintf(stderr, "usage: conv-tone CACHE_DIR > tone.tsv\n");
    return 2;
  }
  if (snprintf(path, sizeof path, "%s/%s-%s/%s", argv[1], PKG, VER, LEXFILE) >=
      (int)sizeof path)
    die("path too long", argv[1]);
  if (!(f = fopen(path, "r"))) die("cannot open (run 'make deps')", path);

  while (fgets(line, sizeof line, f)) {
    char *tab1, *tab2, *end;
    size_t wlen, k;
    double val;
    lineno++;
    if (!strchr(line, '\n') && !feof(f)) die("line too long", path);
    if (!(tab1 = strchr(line, '\t'))) continue; /* blank or malformed */
    wlen = (size_t)(tab1 - line);
    if (!isword(line, wlen)) continue;
    tab2 = tab1 + 1 + strcspn(tab1 + 1, "\t\r\n");
    errno = 0;
    val = strtod(tab1 + 1, &end);
    if (end != tab2 || end == tab1 + 1 || errno || val < -4.0 || val > 4.0) {
      fprintf(stderr, "conv-tone: %s:%zu: bad valence, skipped\n", path,
              lineno);
      continue;
    }
    if (n == cap) {
      cap = cap ? 2 * cap : 8192;
      if (!(v = realloc(v, cap * sizeof *v))) die("out of memory", NULL);
    }
    v[n].word = dupn(line, wlen);
    v[n].lower = 1;
    for (k = 0; k < wlen; k++) {
      char c = (char)tolower((unsigned char)v[n].word[k]);
      if (c != v[n].word[k]) v[n].lower = 0;
      v[n].word[k] = c;
    }
    v[n].valence = dupn(tab1 + 1, (size_t)(tab2 - tab1 - 1));
    n++;
  }
  if (ferror(f)) die("read error", path);
  fclose(f);
  if (n == 0) die("no entries found", path);

  qsort(v, n, sizeof *v, cmp);
  printf("# tone lexicon: " PKG "@" VER " (Apache-2.0), word<TAB>valence\n");
  for (i = 0; i < n; i++) {
    /* "LOL" and "lol" meet after lower-casing: keep "lol", the entry
    ** VADER itself looks up (it lower-cases the token, not the lexicon). */
    if (i > 0 && strcmp(v[i].word, v[i - 1].word) == 0) {
      dups++;
      continue;
    }
    printf("%s\t%s\n", v[i].word, v[i].valence);
    out++;
  }
  for (i = 0; i < n; i++) {
    free(v[i].word);
    free(v[i].valence);
  }
  free(v);
  if (fflush(stdout) || ferror(stdout)) die("write error", NULL);
  fprintf(stderr, "conv-tone: %zu entries (%zu case duplicates dropped)\n",
          out, dups);
  return 0;
}
