/*
** dl_int.h: internals shared by the stages of libdateline: the arena, the
** document and its layers (tokens, sentences, times, tone, …) and the engine.
** Each stage reads the layers the earlier stages left and adds its own; none
** goes back (DESIGN.md). Nothing here is part of the public API.
*/
#ifndef DL_INT_H
#define DL_INT_H

#define DL_BUILDING 1
#include "dateline.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#if defined(__GNUC__)
#define DL_INTERNAL __attribute__((visibility("hidden")))
#else
#define DL_INTERNAL
#endif

#define DL_COUNTOF(a) (sizeof(a) / sizeof((a)[0]))

/* ------------------------------------------------------------------ arena */

typedef struct dlchunk dlchunk;

/* A bump allocator over chunks from the engine's allocator, with a hard cap.
** Allocation failure or the cap set 'oom' (sticky until reset), as SQLite's
** mallocFailed: stages check it at their boundary. */
typedef struct dlarena {
  dl_alloc_fn alloc; void *ud; /* where chunks come from */
  dlchunk *head;               /* current chunk; older ones follow 'next' */
  size_t used;                 /* bytes handed out over all chunks */
  size_t cap;                  /* hard cap on the sum of chunk sizes */
  size_t total;                /* sum of chunk sizes now held */
  bool oom;                    /* an allocation failed since the last reset */
  bool toobig;                 /* ... because of 'cap' */
} dlarena;

DL_INTERNAL void dlarena_init(dlarena *a, dl_alloc_fn f, void *ud, size_t cap);
DL_INTERNAL void dlarena_fini(dlarena *a);
/* Rewind: keep the first chunk, give the others back; poison in debug. */
DL_INTERNAL void dlarena_reset(dlarena *a);
/* 'n' bytes aligned to 8, or NULL (and 'oom' set). */
DL_INTERNAL void *dlarena_alloc(dlarena *a, size_t n);
/* Grow the block 'p' of 'old' bytes to 'n' (in place when it is the last
** block handed out); NULL and 'oom' on failure, 'p' left valid. */
DL_INTERNAL void *dlarena_grow(dlarena *a, void *p, size_t old, size_t n);
/* A copy of [s, s+n) with a NUL after it; NULL on failure. */
DL_INTERNAL char *dlarena_strndup(dlarena *a, const char *s, size_t n);

/* A growable array in the arena: DLVEC(T) name; dlvec_push(a, &v, sizeof *x)
** returns a zeroed slot or NULL. */
#define DLVEC(T) struct { T *v; uint32_t n, cap; }
DL_INTERNAL void *dlvec_push_(dlarena *a, void **v, uint32_t *n, uint32_t *cap,
                              size_t size);
/* The common case inline (room left: the size is a constant, so the zeroing
** is a few stores); growing goes to dlvec_push_. */
static inline void *dlvec_push_fast(dlarena *a, void **v, uint32_t *n,
                                    uint32_t *cap, size_t size) {
  if (*n < *cap) {
    char *slot = (char *)*v + (size_t)(*n)++ * size;
    memset(slot, 0, size);
    return slot;
  }
  return dlvec_push_(a, v, n, cap, size);
}
#define dlvec_push(a, vec)                                                   \
  dlvec_push_fast((a), (void **)&(vec)->v, &(vec)->n, &(vec)->cap,           \
                  sizeof *(vec)->v)

/* A growable byte buffer in the arena (the record writer's output). */
typedef struct dlbuf {
  char *p; size_t n, cap;
  dlarena *a;
} dlbuf;
DL_INTERNAL void dlbuf_put(dlbuf *b, const char *s, size_t n);
DL_INTERNAL void dlbuf_putc(dlbuf *b, char c);
DL_INTERNAL void dlbuf_puts(dlbuf *b, const char *s);

/* ------------------------------------------------------------------- utf8 */

/* Decode one code point at s[0..n): returns its length (1..4) and sets *cp,
** or returns 0 for an invalid or truncated sequence (then skip one byte). */
DL_INTERNAL int dlutf8_decode(const unsigned char *s, size_t n, int32_t *cp);
/* Encode 'cp' into out[4]; returns the length. */
DL_INTERNAL int dlutf8_encode(int32_t cp, char *out);

/* ----------------------------------------------------------------- layers */

typedef struct dlspan { uint32_t s, e; } dlspan; /* [s, e) byte offsets */

/* Token kinds and shape flags (dltok.flags). */
enum {
  DLT_WORD = 1u << 0,   /* letters (may hold digits, '-', '\'', '.') */
  DLT_NUM = 1u << 1,    /* starts with a digit */
  DLT_PUNCT = 1u << 2,  /* one punctuation or symbol character */
  DLT_CAP = 1u << 3,    /* first letter upper case */
  DLT_UPPER = 1u << 4,  /* every letter upper case (and at least one) */
  DLT_PARA = 1u << 5,   /* first token after a blank line (paragraph) */
  DLT_NL = 1u << 6,     /* first token after a line break */
  DLT_SSTART = 1u << 7, /* first token of a sentence (set by sentences) */
  DLT_QUOTE = 1u << 8,  /* a quotation mark (any style) */
  DLT_OPENQ = 1u << 9,  /* ... that looks like an opening one */
  DLT_HYPHEN = 1u << 10,/* word holds an inner hyphen */
  DLT_ABBR = 1u << 11,  /* word ends in a '.' that belongs to it (U.S., Mr.) */
  DLT_SPACE_BEFORE = 1u << 12 /* white space before the token */
};

/* One token: its bytes in the text and its folded form (NFKC + case fold,
** quotes/dashes/apostrophes unified) in doc->fold. */
typedef struct dltok {
  uint32_t s, e;     /* byte span in doc->text */
  uint32_t fo;       /* folded form: doc->fold + fo, 'fl' bytes */
  uint16_t fl;
  uint16_t flags;    /* DLT_* */
  uint32_t sent;     /* index of its sentence */
} dltok;

typedef struct dlsent {
  uint32_t s, e;     /* byte span, trimmed */
  uint32_t t0, t1;   /* tokens [t0, t1) */
} dlsent;

typedef enum { DLTX_DATE, DLTX_TIME, DLTX_DURATION, DLTX_SET } dltx_type;
typedef enum { DLTX_PUBLICATION, DLTX_ABSOLUTE, DLTX_NONE } dltx_anchor;

/* A time expression resolved to a TIMEX3 value (SCHEMA.md `time`). */
typedef struct dltime {
  uint32_t s, e;        /* byte span */
  uint32_t t0, t1;      /* tokens */
  uint8_t type;         /* dltx_type */
  uint8_t anchor;       /* dltx_anchor */
  char value[24];       /* TIMEX3 value; "" = null */
} dltime;

typedef struct dltone {
  double score, positive, negative; /* percent of words */
  uint32_t words;
} dltone;

typedef struct dlwarn { const char *msg; } dlwarn;

typedef struct dldateline {
  bool present;
  uint32_t s, e;        /* span of the place text ("Baghdad") */
  uint32_t as, ae;      /* the agency inside "(Reuters)"; as == ae: none */
  int32_t ent;          /* its entity, or -1 (set by the entity stage) */
} dldateline;

/* A resolved place (SCHEMA.md `place`). */
typedef enum { DLPK_CITY, DLPK_ADMIN1, DLPK_COUNTRY, DLPK_FEATURE } dlplace_kind;
typedef struct dlplace {
  bool set;             /* false = null */
  uint8_t kind;         /* dlplace_kind */
  char cc[3];           /* ISO 3166-1 alpha-2, "" = unknown */
  int32_t geonameid;    /* 0 = none */
  double lat, lon;
  const char *name;     /* borrowed from the engine or the arena */
  const char *admin1;   /* NULL = null */
} dlplace;

/* A CAMEO-style actor code: ISO alpha-3 country + role (SCHEMA.md). */
typedef struct dlactor {
  char country[4];      /* "IRQ", "" = null */
  char role[4];         /* "GOV", "" = null */
  char code[16];        /* "IRQGOV", "IGOUNO"; "" = null */
} dlactor;

typedef enum { DLE_PERSON, DLE_ORG, DLE_GPE, DLE_LOC, DLE_NORP } dlent_type;

typedef struct dlmention {
  uint32_t s, e;        /* byte span */
  uint32_t t0, t1;      /* tokens */
} dlmention;

/* One referent with all its mentions (SCHEMA.md `entity`). */
typedef struct dlentity {
  uint8_t type;         /* dlent_type */
  const char *name;     /* the fullest form seen */
  uint32_t name_len;
  DLVEC(dlmention) mentions;
  const char *title;    /* "Prime Minister", NULL = null */
  uint32_t title_len;
  bool has_actor;
  dlactor actor;
  dlplace place;        /* GPE and LOC once resolved */
} dlentity;

/* A reference to an actor in an event (SCHEMA.md `actor_ref`). */
typedef struct dlactref {
  bool set;             /* false = null */
  int32_t ent;          /* entity index, -1 = null */
  uint32_t s, e;        /* the text, unless 'text' is set */
  const char *text;     /* a literal text ("unknown"), else NULL */
  char code[16];        /* "" = null */
} dlactref;

typedef enum {
  DLM_ASSERTED, DLM_NEGATED, DLM_ATTEMPTED, DLM_HEDGED, DLM_FUTURE
} dlmodality;

/* One event (SCHEMA.md `event`). */
typedef struct dlevent {
  uint32_t sent;
  uint32_t s, e;        /* the trigger's span */
  char cameo[8];        /* "185" */
  uint8_t quad;         /* 1..4 */
  float goldstein;
  const char *plover;   /* "ASSAULT", NULL = null */
  dlactref source, target;
  char date[24];        /* TIMEX3 date, "" = null */
  dlplace place;
  uint8_t modality;     /* dlmodality */
  int64_t killed, injured, arrested; /* -1 = null */
  const char *rule;     /* the lexicon entry or pattern that fired */
} dlevent;

typedef enum {
  DLC_KILLED, DLC_INJURED, DLC_ARRESTED, DLC_MISSING, DLC_KIDNAPPED,
  DLC_DISPLACED
} dlcas_kind;

/* One counted harm (SCHEMA.md `casualty`). */
typedef struct dlcasualty {
  uint8_t kind;         /* dlcas_kind */
  bool approximate, negated;
  int64_t count;
  uint32_t s, e;        /* the number's text ("7", "dozens") */
  uint32_t who_s, who_e;/* the group counted; who_s == who_e: null */
  const char *who;      /* a literal group instead of a span, or NULL */
  uint32_t sent;
  int32_t event;        /* index into doc->events, -1 = null */
} dlcasualty;

/* A quote (SCHEMA.md `quote`). */
typedef struct dlquote {
  uint32_t s, e;        /* the quoted or reported text */
  uint8_t kind;         /* 0 direct, 1 indirect */
  bool has_speaker;
  int32_t speaker_ent;  /* entity index, -1 = null */
  uint32_t sp_s, sp_e;  /* the speaker's text */
  uint32_t cue_s, cue_e;/* the cue ("tweeted"); cue_s == cue_e: null */
  uint32_t sent;
} dlquote;

/* A noun phrase: tokens [t0, t1) and its head; t0 == t1: none. */
typedef struct dlnp { uint32_t t0, t1, head; } dlnp;
/* A prepositional phrase: the preposition's token and its noun phrase. */
typedef struct dlpp { uint32_t prep; dlnp np; } dlpp;

/* dlclause.kind; DLCL_XCOMP: "tried to attack", "want him to surrender" */
enum { DLCL_MAIN, DLCL_RELATIVE, DLCL_REPORTED, DLCL_COORD, DLCL_XCOMP };
enum { DLV_ACTIVE, DLV_PASSIVE };                            /* .voice */
enum { DLTN_PAST, DLTN_PRESENT, DLTN_FUTURE };               /* .tense */

/* One clause of a sentence (src/parse/clause.c). Token indices. */
typedef struct dlclause {
  uint32_t sent;        /* its sentence */
  uint32_t t0, t1;      /* tokens of the clause */
  uint32_t v0, v1;      /* verb group ("was not injured"); v0 == v1: none */
  uint32_t verb;        /* main verb of the group */
  uint32_t modal;       /* modal token ("will", "could"), UINT32_MAX: none */
  uint8_t kind;         /* DLCL_* */
  uint8_t voice;        /* DLV_* */
  uint8_t tense;        /* DLTN_* */
  bool negated;         /* not, n't, never, no longer */
  bool rel_subject;     /* relative pronoun is its subject (who/which/that) */
  int32_t parent;       /* clause it depends on (relative/reported), -1 */
  dlnp subj;            /* subject; for relatives the antecedent */
  dlnp obj[2];          /* objects after the verb group */
  uint8_t nobj, npp;
  dlpp pp[6];           /* prepositional phrases after the verb */
  dlnp agent;           /* passive "by" agent */
} dlclause;

/* One phrase of the lexicon found in the text (lexicon.c). */
typedef struct dllexhit {
  uint32_t t1;                      /* the phrase ends before token 't1' */
  uint16_t n;                       /* its senses */
  uint16_t dicts;                   /* DLX_BIT of their dictionaries */
  const struct dllex_sense *senses;
} dllexhit;

/* Number of profiled stages, and their names (doc.c). */
enum { DLP_TEXT, DLP_SENT, DLP_LEX, DLP_TIME, DLP_ENT, DLP_PARSE, DLP_PLACE, DLP_ACTOR, DLP_QUOTE, DLP_EVENT, DLP_CAS, DLP_TONE, DLP_RECORD, DLP_N };
DL_INTERNAL extern const char *const dlprof_names[DLP_N];

struct dl_doc {
  const dl_engine *eng;
  dlarena arena;
  /* input, copied into the arena */
  const char *id; size_t id_len;
  const char *title; size_t title_len;
  const char *url; size_t url_len;
  const char *text; size_t len;
  bool has_date; int year, month, day; /* publication date */
  const char *error;                   /* non-NULL: an error record */
  /* layers */
  char *fold; size_t fold_len;         /* folded token forms, back to back */
  DLVEC(dltok) toks;
  DLVEC(dlsent) sents;
  dldateline dateline;
  DLVEC(dltime) times;
  DLVEC(dlentity) ents;
  int32_t *tokent;                     /* per token: its entity, or -1 */
  DLVEC(dlquote) quotes;
  DLVEC(dlevent) events;
  DLVEC(dlcasualty) cas;
  uint8_t *pos;                        /* per token: its DLPOS_* tag (parse.h) */
  DLVEC(dlclause) clauses;             /* clauses of every sentence, in order */
  DLVEC(const char *) themes;
  dltone tone;
  DLVEC(dlwarn) warns;
  /* lexicon matches, found once per document (src/lexicon/lexicon.c):
     the matches starting at token i are lexhits.v[lexoff[i] .. lexoff[i+1]),
     longest first; lexoff == NULL: not scanned */
  uint32_t *lexoff;
  DLVEC(struct dllexhit) lexhits;
  uint32_t bad_utf8;                   /* invalid bytes seen in the text */
  /* output */
  dlbuf out;
  uint64_t prof[DLP_N];                /* nanoseconds per stage, summed */
};

/* Add a warning (printf-style, copied into the arena). */
DL_INTERNAL void dldoc_warnf(dl_doc *doc, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;

/* The folded form of token 'i' as a span. */
static inline const char *dltok_fold(const dl_doc *d, uint32_t i, size_t *n) {
  *n = d->toks.v[i].fl;
  return d->fold + d->toks.v[i].fo;
}
/* Are the n bytes at 'f' the NUL-terminated 'w'? For scans of word lists:
** stops at the first differing byte, never measures 'w' whole, never reads
** past its NUL. */
static inline bool dl_span_is(const char *f, size_t n, const char *w) {
  size_t k = 0;
  while (k < n && w[k] && w[k] == f[k])
    k++;
  return k == n && w[k] == '\0';
}
/* Does token 'i' fold to the NUL-terminated 'w'? */
static inline bool dltok_is(const dl_doc *d, uint32_t i, const char *w) {
  size_t n = d->toks.v[i].fl, m = strlen(w);
  return n == m && memcmp(d->fold + d->toks.v[i].fo, w, n) == 0;
}

/* ----------------------------------------------------------------- engine */

/* A read-only string -> int table (open addressing), built once at start. */
typedef struct dlwordtab {
  uint32_t mask;        /* slots - 1 */
  uint32_t n;
  struct dlwslot { uint32_t off, len; int32_t val; uint32_t h; } *slot;
  char *pool;
  size_t poolused, poolcap;
} dlwordtab;

DL_INTERNAL int dlwordtab_get(const dlwordtab *t, const char *s, size_t n,
                              int32_t *val);

struct dl_engine {
  dl_alloc_fn alloc; void *alloc_ud;
  size_t max_text, arena_cap;
  char errmsg[512];
  dlwordtab tone;       /* folded word -> valence x 100 */
  struct dllex *lex;    /* lexicons and gazetteer (src/lexicon), or NULL */
  struct dltagger *tagger; /* part-of-speech model (src/parse), or NULL */
  struct dlner *ner;    /* name tagger (src/extract/ner.c), or NULL */
};

/* Engine allocations through its hook. */
DL_INTERNAL void *dleng_malloc(const dl_engine *e, size_t n);
DL_INTERNAL void dleng_free(const dl_engine *e, void *p, size_t n);
DL_INTERNAL void dleng_errf(dl_engine *e, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;

/* Map DIR/NAME read-only for the engine's lifetime (compiled data: the
** lexicon, the tagger, the name model). DL_OK with *map and *n, and the
** path in 'path'; DL_E_EOF when the file is missing and 'optional'; else
** DL_E_DATA with the reason in the engine's errmsg. Unmap with munmap. */
DL_INTERNAL dl_status dleng_map(dl_engine *e, const char *dir,
                                const char *name, bool optional, void **map,
                                size_t *n, char *path, size_t pathsz);

/* Monotonic nanoseconds (profiling). */
DL_INTERNAL uint64_t dl_now_ns(void);

#endif /* DL_INT_H */
