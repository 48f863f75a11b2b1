/*
** parse.h: the clauses stage (DESIGN.md): a part-of-speech tagger (averaged
** perceptron over Penn Treebank tags, tagger.c) and a rule chunker that cuts
** each sentence into clauses with subject, verb group, objects,
** prepositional phrases and passive agent (clause.c). The clause structs are
** in dl_int.h (doc->clauses), the tags per token in doc->pos.
*/
#ifndef DL_PARSE_H
#define DL_PARSE_H
#include "dl_int.h"

/* Penn Treebank tags (XPOS of UD English), as GUM and EWT write them. The
** past/participle split (VBD/VBN) gives voice and tense to the chunker. */
#define DLPOS_LIST(X)                                                        \
  X(NONE, "?") X(NN, "NN") X(NNS, "NNS") X(NNP, "NNP") X(NNPS, "NNPS")       \
  X(PRP, "PRP") X(PRPS, "PRP$") X(WP, "WP") X(WPS, "WP$") X(EX, "EX")        \
  X(DT, "DT") X(PDT, "PDT") X(WDT, "WDT") X(CD, "CD") X(JJ, "JJ")            \
  X(JJR, "JJR") X(JJS, "JJS") X(RB, "RB") X(RBR, "RBR") X(RBS, "RBS")        \
  X(WRB, "WRB") X(VB, "VB") X(VBD, "VBD") X(VBG, "VBG") X(VBN, "VBN")        \
  X(VBP, "VBP") X(VBZ, "VBZ") X(MD, "MD") X(TO, "TO") X(IN, "IN")            \
  X(RP, "RP") X(CC, "CC") X(POS, "POS") X(UH, "UH") X(FW, "FW") X(LS, "LS")  \
  X(SYM, "SYM") X(DOLLAR, "$") X(COMMA, ",") X(PERIOD, ".") X(COLON, ":")    \
  X(LRB, "-LRB-") X(RRB, "-RRB-") X(OQUOTE, "``") X(CQUOTE, "''")            \
  X(HYPH, "HYPH") X(NFP, "NFP") X(ADD, "ADD") X(AFX, "AFX") X(GW, "GW")      \
  X(XX, "XX")
#define DLPOS_ENUM_(id, name) DLPOS_##id,
enum { DLPOS_LIST(DLPOS_ENUM_) DLPOS_N };
#undef DLPOS_ENUM_

/* The tag's Penn name ("VBD"); "?" for DLPOS_NONE or out of range. */
DL_INTERNAL const char *dlpos_name(unsigned tag);
/* The tag named [s, s+n), or DLPOS_NONE. */
DL_INTERNAL unsigned dlpos_from_name(const char *s, size_t n);

/* Tag classes the chunker and the events stage test. */
static inline bool dlpos_noun(unsigned t) {
  return t >= DLPOS_NN && t <= DLPOS_NNPS;
}
static inline bool dlpos_verb(unsigned t) {
  return t >= DLPOS_VB && t <= DLPOS_VBZ;
}
static inline bool dlpos_adj(unsigned t) {
  return t >= DLPOS_JJ && t <= DLPOS_JJS;
}
static inline bool dlpos_adv(unsigned t) {
  return t >= DLPOS_RB && t <= DLPOS_RBS;
}

/* ----------------------------------------------------------------- tagger */

/* Map DIR/tagger.bin (compiled from data/tagger.tsv by tools/modelc.c)
** read-only into e->tagger; no per-entry work. DL_E_DATA (message in
** e->errmsg) if it is missing, corrupt or of another version, DL_E_NOMEM. */
DL_INTERNAL dl_status dltag_load(dl_engine *e, const char *dir);
/* Compile the weights file PATH (tagger.tsv) in memory and use it as
** e->tagger (tools/train-tagger.c); errors as dltag_compile. */
DL_INTERNAL dl_status dltag_load_tsv(dl_engine *e, const char *path);
/* Free what dltag_load or dltag_load_tsv set up (no-op if nothing). */
DL_INTERNAL void dltag_unload(dl_engine *e);
/* Compile the weights file PATH (tagger.tsv) into the blob that
** dltag_load maps: *out (dleng_malloc'd, *n bytes; free with dleng_free).
** DL_E_DATA (message in e->errmsg) if PATH is missing or malformed,
** DL_E_NOMEM. */
DL_INTERNAL dl_status dltag_compile(dl_engine *e, const char *path,
                                    void **out, size_t *n);

/* Tag tokens [t0, t1) of 'd' (one sentence) into out[0 .. t1-t0) with the
** model 'm'. No allocation. */
struct dltagger;
DL_INTERNAL void dltag_tag(const struct dltagger *m, const dl_doc *d,
                           uint32_t t0, uint32_t t1, uint8_t *out);

/* One feature of token i: a template letter and one or two text pieces
** (written out as "T<TAB>a<TAB>b" by tools/train-tagger.c) with their
** hashes; 'nb' == 0: no second piece. */
typedef struct dlfeat {
  char tmpl;
  const char *a, *b;
  uint16_t na, nb;
  uint64_t ha, hb;      /* dltag_piece(a), dltag_piece(b) */
} dlfeat;
enum { DLTAG_MAXFEAT = 24 };
/* Per-token piece hashes of the tokens around the one being tagged, so
** each is hashed once; zero it ('i' = UINT32_MAX) at each sentence. */
typedef struct dltagcache {
  uint32_t i[8];
  uint64_t h[8][4];     /* word, suffix 3, suffix 2, shape */
  const char *s[8][4];  /* the same pieces' texts */
  uint16_t n[8][4];     /* ... and lengths */
} dltagcache;
DL_INTERNAL void dltag_cache_reset(dltagcache *c);
/* The features of token i in the sentence [t0, t1) given the two previous
** tags p1, p2 (DLPOS_N = sentence start); returns their number. */
DL_INTERNAL int dltag_features(const dl_doc *d, dltagcache *c, uint32_t t0,
                               uint32_t t1, uint32_t i, unsigned p1,
                               unsigned p2, dlfeat *out);
/* The word of a token as the tagger's features see it ("!DIGITS", ...). */
DL_INTERNAL const char *dltag_word(const dl_doc *d, uint32_t i, uint16_t *n);
/* The hash of one text piece, and the 64-bit key of a feature (never 0). */
DL_INTERNAL uint64_t dltag_piece(const char *s, size_t n);
DL_INTERNAL uint64_t dltag_key(char tmpl, uint64_t ha, uint64_t hb, bool two);
static inline uint64_t dltag_hash(const dlfeat *f) {
  return dltag_key(f->tmpl, f->ha, f->hb, f->nb != 0);
}

/* ---------------------------------------------------------------- clauses */

/* The clauses stage: tags every sentence into doc->pos, then chunks each
** sentence into doc->clauses. Without a tagger model, does nothing. Sets
** the arena's 'oom' on failure. */
DL_INTERNAL void dlparse_run(dl_doc *doc);

#endif
