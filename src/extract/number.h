/*
** number.h: cardinal numbers over tokens, in digits and in words ("7",
** "1,200", "twenty-three", "one hundred and five", "1.5 million"), vague
** quantities ("dozens", "several") and bounds ("at least 6", "6 to 8").
** A helper of the extraction stages (casualties first); reads tokens only.
*/
#ifndef DL_NUMBER_H
#define DL_NUMBER_H
#include "dl_int.h"

/* Values saturate here: a 10,000-digit number is DLNUM_MAX, not overflow. */
#define DLNUM_MAX INT64_C(1000000000000000)

/* A number found at a token. */
typedef struct dlnum {
  int64_t value;     /* the lower bound ("more than 10" is 11), saturated */
  uint32_t t0, t1;   /* tokens consumed [t0, t1), bound words included */
  bool approximate;  /* vague word, bound, range or estimate */
  bool vague;        /* no number proper: "dozens", "several", "a few" */
  bool fraction;     /* a share, not a count: "two-thirds", "half", "40%" */
} dlnum;

/* Parse a number starting exactly at token 't', using no token at or past
** 'limit' (exclusive; clipped to the sentence of 't'). On success fills
** *out (out->t1 = first token after it) and returns true. Vague words:
** "dozens" 24, "scores" 40, "hundreds" 200, "thousands" 2000, "several",
** "multiple", "a few", "a handful", "a number" 3, "numerous", "a large
** number" 4, "some", "a couple" 2, "both" 2 (exact); "a dozen" is 12 exactly. Ranges ("6 to 8", "6-8", "two or
** three", "between 6 and 8") keep the lower bound, approximate. Fractions
** and percentages return true with 'fraction' set and value 0: callers
** that want a count must reject them. Linear in the tokens' bytes. */
DL_INTERNAL bool dlnum_parse(const dl_doc *d, uint32_t t, uint32_t limit,
                             dlnum *out);

#endif
