/*
** lexicon.h: one longest-match matcher over folded token sequences serving
** every dictionary (DESIGN.md "lexicon"), and the gazetteer records it
** points to. The data are compiled at build time by tools/lexc.c from the
** project's reviewable TSV files in data/lex/ and from the converted
** gazetteer (build/data/places.tsv, admin1.tsv, countries.tsv) into one
** flat blob, build/data/lexicon.bin, that the engine maps read-only at
** start and shares across threads. User lexicons (--lexicon FILE) are
** loaded into a small second table that is consulted first and overrides.
**
** Lexicon TSV files (data/lex/NAME.tsv): '#' lines are comments; a line
** '#dict NAME' (NAME from the dictionary names below) sets the dictionary
** of the lines after it. An entry is 'phrase<TAB>field<TAB>field...'. The
** phrase is folded like tokens (case, NFKC, quotes and dashes) and split
** into tokens by the same rules; a phrase ending in '/v' is a verb lemma
** whose first word is inflected (condemn/v: condemns, condemned,
** condemning; irregular verbs from a table: take/v: takes, took, taken,
** taking), '/n' a noun whose last word takes its plural (drone attack/n:
** drone attacks). Fields mean what each dictionary's consumer says (see
** the dictionary list).
*/
#ifndef DL_LEXICON_H
#define DL_LEXICON_H
#include "dl_int.h"

/* Dictionaries. One phrase may have senses in several. The comment says
** what 'num' and the fields of a sense hold. */
typedef enum dllex_dict {
  DLX_PLACE,    /* GeoNames city/place name; num = gazetteer place index */
  DLX_ADMIN1,   /* admin1 region name; num = gazetteer place index */
  DLX_COUNTRY,  /* country name or spelling; num = country index */
  DLX_DEMONYM,  /* "iraqi", "iraqis"; num = country index */
  DLX_FEATURE,  /* hand-written zones, regions, landmarks (data/lex);
                   num = gazetteer place index (compiled into the places) */
  DLX_TITLE,    /* "prime minister"; fields: role [, country ISO3] */
  DLX_ROLE,     /* group nouns "security forces"; fields: role */
  DLX_ORG,      /* named organisations; fields: code, role [, country] */
  DLX_ORGCUE,   /* "ministry", "council"; fields: role */
  DLX_GIVEN,    /* given names (evidence for PERSON) */
  DLX_COMMON,   /* common words that are not names when capitalised */
  DLX_EVENT,    /* event triggers; fields: cameo, plover, quad, goldstein, ... */
  DLX_CASUALTY, /* casualty cues; fields: kind, ... */
  DLX_SPEECH,   /* speech and reporting cues; fields: kind, ... */
  DLX_MODAL,    /* modality cues; fields: modality */
  DLX_USER,     /* user entries without a dictionary of their own */
  DLX_N
} dllex_dict;

#define DLX_BIT(d) (1u << (d))
#define DLX_ALL ((1u << DLX_N) - 1u)

/* One sense of a phrase. */
typedef struct dllex_sense {
  uint8_t dict;     /* dllex_dict */
  uint8_t flags;    /* DLXF_* */
  uint16_t nfields; /* fields after the phrase */
  int32_t num;      /* see the dictionary */
  uint32_t fields;  /* opaque: use dllex_field() */
} dllex_sense;

enum {
  DLXF_USER = 1,      /* from a user lexicon */
  DLXF_INFLECTED = 2  /* matched an inflected form, not the lemma */
};

typedef struct dllex_match {
  uint32_t t0, t1;           /* tokens [t0, t1) */
  const dllex_sense *senses; /* the phrase's senses, 'n' of them, all dicts */
  uint32_t n;
} dllex_match;

/* The lexicon stage: find every phrase at every token once, so that the
** dllex_longest calls of later stages read a per-document cache. */
DL_INTERNAL void dllex_scan(dl_doc *d);

/* Longest phrase starting at token 'i', inside one sentence, with at least
** one sense in a dictionary of 'mask' (DLX_BIT(d) | ...). User entries
** shadow built-in ones for the same phrase. False when none. */
DL_INTERNAL bool dllex_longest(const dl_doc *d, uint32_t i, uint32_t mask,
                               dllex_match *m);
/* Senses of an exact folded phrase (tokens joined by one space). */
DL_INTERNAL uint32_t dllex_lookup(const dl_engine *e, const char *phrase,
                                  size_t n, const dllex_sense **out);
/* Field 'k' (0-based) of a sense; NULL past the last. */
DL_INTERNAL const char *dllex_field(const dl_engine *e, const dllex_sense *s,
                                    unsigned k, size_t *len);
/* The entry a sense comes from, for a record's 'rule': the phrase as
** written in its file without the '/v' or '/n' marker ("condemn"); for
** gazetteer dictionaries the place's or country's name. For dictionaries
** after DLX_FEATURE, 'num' is this string's offset (do not use it
** otherwise). NULL when unknown. */
DL_INTERNAL const char *dllex_entry(const dl_engine *e, const dllex_sense *s,
                                    size_t *len);
/* The first sense of 'm' in dictionary 'dict', or NULL. */
DL_INTERNAL const dllex_sense *dllex_sense_in(const dllex_match *m,
                                              unsigned dict);

/* --------------------------------------------------------- gazetteer */

typedef struct dlgaz_place {
  int32_t geonameid;   /* 0 for hand-written features without one */
  float lat, lon;
  uint32_t population;
  char cc[2];          /* ISO alpha-2 */
  char fclass;         /* GeoNames feature class: 'P' city, 'A' admin, 'L' area, 'T', 'H' ... */
  char fcode[6];       /* "PPLC", "ADM1", ... NUL-padded */
  uint8_t kind;        /* dlplace_kind */
  uint32_t name;       /* string offsets: dlgaz_str() */
  uint32_t admin1;     /* admin1 name, 0 = none */
  int32_t container;   /* index of the containing place (features), -1 */
} dlgaz_place;

typedef struct dlgaz_country {
  char iso2[2], iso3[3];
  float lat, lon;
  uint32_t name;       /* common name: dlgaz_str() */
  int32_t capital;     /* gazetteer place index, -1 */
  int32_t place;       /* its own place record (kind country), -1 */
} dlgaz_country;

DL_INTERNAL uint32_t dlgaz_nplaces(const dl_engine *e);
DL_INTERNAL const dlgaz_place *dlgaz_place_at(const dl_engine *e, uint32_t i);
DL_INTERNAL uint32_t dlgaz_ncountries(const dl_engine *e);
DL_INTERNAL const dlgaz_country *dlgaz_country_at(const dl_engine *e,
                                                  uint32_t i);
/* Index of the country with this ISO2 or ISO3 code, -1 if none. */
DL_INTERNAL int32_t dlgaz_country_by_code(const dl_engine *e, const char *code,
                                          size_t n);
/* A NUL-terminated string of the blob (names and admin1 of built-in and
** user places alike); "" for a bad offset. */
DL_INTERNAL const char *dlgaz_str(const dl_engine *e, uint32_t off);

/* ---------------------------------------------------------- loading */

/* Map DIR/lexicon.bin (DL_E_DATA with a message if missing or corrupt). */
DL_INTERNAL dl_status dllex_load(dl_engine *e, const char *dir);
DL_INTERNAL void dllex_unload(dl_engine *e);
/* Parse a user lexicon (format above) into the engine's user table;
** DL_E_DATA with "FILE:LINE: message" in the engine's errmsg. */
DL_INTERNAL dl_status dllex_add_user(dl_engine *e, const char *path);

#endif
