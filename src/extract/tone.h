/*
** tone.h: lexicon-based tone (SCHEMA.md `tone`): percent of words that are
** positive, negative, and their difference, with simple negation.
*/
#ifndef DL_TONE_H
#define DL_TONE_H
#include "dl_int.h"

/* Load DIR/tone.tsv ("word<TAB>valence" lines, '#' comments) into the
** engine. DL_E_DATA with a message naming file and line on failure. */
DL_INTERNAL dl_status dltone_load(dl_engine *e, const char *dir);
DL_INTERNAL void dltone_unload(dl_engine *e);
/* Score the document's word tokens into doc->tone. */
DL_INTERNAL void dltone_score(dl_doc *doc);

#endif
