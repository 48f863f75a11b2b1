/*
** inflect.h: a small English inflector (inflect.c) so that lexicons hold
** lemmas: verb forms of 'condemn/v' entries and plurals of 'attack/n'
** entries, at compile time (tools/lexc.c) and for user lexicons.
*/
#ifndef DL_INFLECT_H
#define DL_INFLECT_H
#include "dl_int.h"

#define DLINF_MAX 64 /* bytes of one form, NUL included */

enum { DLINF_3SG, DLINF_PAST, DLINF_PART, DLINF_GER, DLINF_NVERB };

/* The forms of the verb lemma w[0..n) (lower case, one word): third person
** singular, past, past participle, gerund, each NUL-terminated in 'out'.
** Irregular verbs come from a table (take: takes took taken taking). A
** lemma longer than DLINF_MAX - 5 bytes gets regular endings, cut to fit. */
DL_INTERNAL void dlinf_verb(const char *w, size_t n,
                            char out[DLINF_NVERB][DLINF_MAX]);
/* The plural of the noun w[0..n) (lower case) into out (NUL-terminated):
** irregulars (man/men, child/children, person/people, crisis/crises), then
** -es, -ies, -ves rules. Uncountables (police, aircraft) stay the same. */
DL_INTERNAL void dlinf_plural(const char *w, size_t n, char out[DLINF_MAX]);

#endif
