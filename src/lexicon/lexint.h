/*
** lexint.h: inside the lexicon stage: the layout of the compiled blob
** (build/data/lexicon.bin, written by tools/lexc.c), a view over one blob
** (the mapped built-in one or the in-memory user one), and the builder
** that writes blobs, shared by lexc and by user lexicons (build.c).
*/
#ifndef DL_LEXINT_H
#define DL_LEXINT_H
#include "lexicon.h"

/* ------------------------------------------------------------ the blob */
/* header | slots | senses | places | countries | strings | filter, each
** section 8-aligned, no pointers: offsets only. Strings start with "" at 0;
** keys, names and fields (NUL-separated) all live there. The filter is a
** blocked Bloom filter over the keys' hashes (dllex_filter_*): a look-up
** of an absent key, most of them (phrases continue rarely), stops there
** without touching the large table. */

#define DLLEX_MAGIC "DLLEX1\0" /* 8 bytes with the NUL */
#define DLLEX_VERSION 2u

enum { DLS_SLOTS, DLS_SENSES, DLS_PLACES, DLS_COUNTRIES, DLS_STR, DLS_FILTER,
       DLS_N };

typedef struct dllex_hdr {
  char magic[8];        /* DLLEX_MAGIC */
  uint32_t version;     /* DLLEX_VERSION */
  uint32_t nslots;      /* hash slots, a power of two */
  uint64_t size;        /* whole blob in bytes */
  uint64_t checksum;    /* dllex_checksum() of bytes [sizeof hdr, size) */
  uint32_t nkeys;       /* phrases and prefixes in the table */
  uint32_t nsenses, nplaces, ncountries;
  uint32_t nfilter;     /* filter words (uint64_t), at least 1 */
  uint32_t pad_;        /* 0 */
  uint64_t off[DLS_N];  /* section offsets from the blob start */
  uint64_t len[DLS_N];  /* section sizes in bytes */
} dllex_hdr;

/* One hash slot: a phrase (folded tokens joined by one space), or only a
** prefix of longer phrases. Empty when 'key' is 0. */
typedef struct dllex_slot {
  uint16_t h;           /* high 16 bits of the 64-bit FNV-1a of the key */
  uint16_t dicts;       /* DLX_BIT of its senses' dictionaries, or'ed */
  uint32_t key;         /* string offset of the key */
  uint32_t sense;       /* first of 'nsense' senses */
  uint16_t nsense;      /* 0: only a prefix */
  uint16_t klen;        /* key length | DLLEX_CONT */
} dllex_slot;
#define DLLEX_CONT 0x8000u  /* longer phrases continue this key */
#define DLLEX_KLEN 0x7FFFu

#define DLLEX_FNV0 14695981039346656037ull
#define DLLEX_FNVP 1099511628211ull

static inline uint64_t dllex_hash(uint64_t h, const char *s, size_t n) {
  for (size_t i = 0; i < n; i++)
    h = (h ^ (unsigned char)s[i]) * DLLEX_FNVP;
  return h;
}

_Static_assert(DLX_N <= 16, "dllex_slot.dicts holds one bit per dictionary");

/* The filter: one 64-bit word per key hash, three bits in it. */
static inline uint64_t dllex_filter_mix(uint64_t h) {
  h ^= h >> 33;
  h *= 0xff51afd7ed558ccdull;
  h ^= h >> 33;
  return h;
}
static inline uint32_t dllex_filter_word(uint64_t x, uint32_t nwords) {
  return (uint32_t)(((x >> 32) * (uint64_t)nwords) >> 32);
}
static inline uint64_t dllex_filter_bits(uint64_t x) {
  return (1ull << (x & 63)) | (1ull << ((x >> 6) & 63)) |
         (1ull << ((x >> 12) & 63));
}

/* Checksum of 'n' bytes (n a multiple of 8, 8-aligned). */
DL_INTERNAL uint64_t dllex_checksum(const void *p, size_t n);

/* A validated blob. */
typedef struct dllexv {
  const dllex_hdr *h;
  const dllex_slot *slot; uint32_t mask;
  const dllex_sense *sense; uint32_t nsense;
  const dlgaz_place *place; uint32_t nplace;
  const dlgaz_country *country; uint32_t ncountry;
  const char *str; uint64_t nstr;
  const uint64_t *filter; uint32_t nfilter;
} dllexv;

/* Check a blob (magic, version, sizes, and the checksum when 'sum') and
** fill 'v'; NULL when fine, else what is wrong. */
DL_INTERNAL const char *dllexv_open(dllexv *v, const void *p, size_t n,
                                    bool sum);
/* The slot of key s[0..n) with hash 'h' (dllex_hash), or NULL. */
DL_INTERNAL const dllex_slot *dllexv_find(const dllexv *v, uint64_t h,
                                          const char *s, size_t n);

/* --------------------------------------------------------- the builder */

typedef struct dllexb dllexb;

/* A new builder. 'base' (may be NULL) is the built-in blob a user
** lexicon refers to: its countries and places resolve codes and
** containers, its place indices come first, its senses of the same
** phrases are merged under the user's (lexicon.h: user entries shadow
** built-in ones per dictionary). 'flags' go into every sense (DLXF_USER).
** NULL when out of memory. */
DL_INTERNAL dllexb *dllexb_new(const dllexv *base, uint8_t flags);
DL_INTERNAL void dllexb_free(dllexb *b);
/* The last error ("FILE:LINE: message" from dllexb_add_file). */
DL_INTERNAL const char *dllexb_error(const dllexb *b);

/* Fold 'phrase' like the tokenizer (lexicon.h) and join its tokens' folded
** forms by one space into the builder's scratch; returns it (NUL-terminated,
** valid until the next call) and its length in *n, or NULL when empty. */
DL_INTERNAL const char *dllexb_fold(dllexb *b, const char *phrase, size_t len,
                                    size_t *n);
/* Copy a string into the blob's strings; its offset (0 on failure). */
DL_INTERNAL uint32_t dllexb_str(dllexb *b, const char *s, size_t n);
/* Append fields (an array of 'nf' spans) as NUL-separated strings; offset. */
DL_INTERNAL uint32_t dllexb_fields(dllexb *b, const char *const *f,
                                   const size_t *fl, unsigned nf);
/* Add a sense to the folded key k[0..n) (and mark its prefixes). 'rank'
** orders senses of one dictionary (higher first: population). False when
** out of memory. */
DL_INTERNAL bool dllexb_sense(dllexb *b, const char *k, size_t n,
                              dllex_sense s, uint32_t rank);
/* Add a place record; its index (base places first), -1 when out of
** memory. Returns a pointer through 'out' valid until the next add. */
DL_INTERNAL int32_t dllexb_place(dllexb *b, dlgaz_place **out);
DL_INTERNAL dlgaz_place *dllexb_place_at(dllexb *b, int32_t i);
DL_INTERNAL uint32_t dllexb_nplaces(const dllexb *b);
/* Add a country record; its index. */
DL_INTERNAL int32_t dllexb_country(dllexb *b, dlgaz_country **out);
DL_INTERNAL dlgaz_country *dllexb_country_at(dllexb *b, int32_t i);
/* Country index of an ISO2/ISO3 code (the builder's, else the base's). */
DL_INTERNAL int32_t dllexb_country_by_code(const dllexb *b, const char *c,
                                           size_t n);
/* The most populous place, admin1, country or feature named by the folded
** key k[0..n) (the builder's senses, then the base's), or -1. */
DL_INTERNAL int32_t dllexb_place_named(const dllexb *b, const char *k,
                                       size_t n);
/* Read a lexicon TSV file (lexicon.h). False with dllexb_error() set. */
DL_INTERNAL bool dllexb_add_file(dllexb *b, const char *path);
/* Lay the blob out in one malloc'd block: *out, *n (free() it). False when
** out of memory. The builder stays usable. */
DL_INTERNAL bool dllexb_write(dllexb *b, void **out, size_t *n);

#endif
