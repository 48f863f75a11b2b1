/*
** ner.h: the statistical name tagger of the entity stage: a greedy averaged
** perceptron over BIO labels (PER, ORG, LOC) whose features are the word,
** its shape and affixes, the part-of-speech tags (doc->pos), lexicon
** membership and the rule layer's own proposal (entity.c). Weights come
** from data/ner.tsv (tools/train-ner.c), compiled by tools/modelc.c into
** build/data/ner.bin, one read-only hashed table mapped in place.
*/
#ifndef DL_NER_H
#define DL_NER_H
#include "dl_int.h"

/* Labels: O, then B-/I- per type. */
enum {
  DLNER_O, DLNER_BPER, DLNER_IPER, DLNER_BORG, DLNER_IORG, DLNER_BLOC,
  DLNER_ILOC, DLNER_N
};
/* "O", "B-PER", ... */
DL_INTERNAL const char *dlner_label_name(unsigned lab);

/* The rule layer's proposal per token (entity.c), the 'rule' input: 0 =
** none, else (dlent_type + 1) | DLNR_INSIDE | DLNR_WEAK. */
enum { DLNR_INSIDE = 8, DLNR_WEAK = 16 };

/* Per-token inputs of the features, computed once per sentence. */
typedef struct dlnertok {
  uint64_t hw, hs3, hs2, hp3, hsh; /* word, suffixes, prefix, shape */
  uint16_t lex;         /* lexicon bits (ner.c) */
  uint8_t rule;         /* rule code, see above */
  uint8_t pos;          /* DLPOS_* */
  bool gate;            /* worth scoring: capitalised, lexicon, rule, NNP */
} dlnertok;

enum { DLNER_MAXFEAT = 48 };

/* Fill tk[0 .. t1-t0) for the sentence [t0, t1); 'rule' is indexed by
** token (doc-wide) and may be NULL. No allocation. */
DL_INTERNAL void dlner_prepare(const dl_doc *d, uint32_t t0, uint32_t t1,
                               const uint8_t *rule, dlnertok *tk);
/* The feature keys of token i (0-based in the sentence of n tokens) given
** the two previous labels; returns their number (<= DLNER_MAXFEAT). */
DL_INTERNAL int dlner_features(const dlnertok *tk, uint32_t n, uint32_t i,
                               unsigned p1, unsigned p2, uint64_t *keys);
/* Can label 'lab' follow 'prev'? (I-X only after B-X or I-X) */
static inline bool dlner_allowed(unsigned prev, unsigned lab) {
  return !(lab && !(lab & 1)) || prev == lab || prev + 1 == lab;
}

/* Map DIR/ner.bin (compiled from data/ner.tsv by tools/modelc.c) read-only
** into e->ner; only its header and checksum are checked. A missing file is
** no error (the entity stage then uses its rules alone). DL_E_DATA (message
** in e->errmsg) if it is truncated, corrupt or of another version,
** DL_E_NOMEM. */
DL_INTERNAL dl_status dlner_load(dl_engine *e, const char *dir);
/* Compile the weights file PATH (ner.tsv) in memory and use it as e->ner
** (tools/train-ner.c); errors as dlner_compile. */
DL_INTERNAL dl_status dlner_load_tsv(dl_engine *e, const char *path);
/* Free what dlner_load or dlner_load_tsv set up (no-op if nothing). */
DL_INTERNAL void dlner_unload(dl_engine *e);
/* Compile the weights file PATH (ner.tsv) into the blob that dlner_load
** maps: *out (dleng_malloc'd, *n bytes; free with dleng_free). DL_E_DATA
** (message in e->errmsg) if PATH is missing or malformed, DL_E_NOMEM. */
DL_INTERNAL dl_status dlner_compile(dl_engine *e, const char *path,
                                    void **out, size_t *n);

/* Is token i a word the model's training text mostly writes in lower
** case ("passport", "very")? False without a model. */
DL_INTERNAL bool dlner_known_word(const dl_doc *d, uint32_t i);

/* Label the n prepared tokens 'tk' into out[0 .. n) with e->ner (all O
** without one). No allocation. */
DL_INTERNAL void dlner_decode(const dl_engine *e, const dlnertok *tk,
                              uint32_t n, uint8_t *out);
/* Label the sentence [t0, t1) into out[0 .. t1-t0) with the engine's model
** (all O without one); 'tk' is scratch for t1-t0 entries. No allocation. */
DL_INTERNAL void dlner_tag(const dl_doc *d, uint32_t t0, uint32_t t1,
                           const uint8_t *rule, dlnertok *tk, uint8_t *out);

#endif
