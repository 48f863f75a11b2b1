/*
** quote.h: the quotes stage (DESIGN.md "quotes"). Finds direct quotes (text
** in quotation marks) and reported speech ("X said that ...", "according to
** X, ..."), each with its cue and speaker, into doc->quotes. Runs after the
** entity stage (speakers are resolved through doc->tokent when it is set).
*/
#ifndef DL_QUOTE_H
#define DL_QUOTE_H
#include "dl_int.h"

/* Append one 'dlquote' to doc->quotes per direct quote and per reported
** clause, in text order. Cue words come from the lexicon's speech
** dictionary (data/lex/speech.tsv): verbs with a clause ("said that"),
** with an object ("criticized the plan"), nouns ("the claim that"),
** intentions ("vowed to"), speaker labels ("PENCE: ..."). Without a
** lexicon it finds nothing. Uses doc->pos, doc->clauses and doc->tokent
** when the earlier stages set them. Linear in the number of tokens; no
** allocation but in the document's arena; on allocation failure it stops
** quietly (the arena's 'oom' flag is set). */
DL_INTERNAL void dlquote_extract(dl_doc *doc);

#endif /* DL_QUOTE_H */
