/*
** text.h: the text stage (DESIGN.md): tokens with byte spans and folded
** forms, sentence boundaries, and the dateline ("BAGHDAD (Reuters) -").
*/
#ifndef DL_TEXT_H
#define DL_TEXT_H
#include "dl_int.h"

/* Tokenise doc->text into doc->toks/doc->fold; warns about invalid UTF-8.
** DL_E_NOMEM when the arena gave out. */
DL_INTERNAL dl_status dltext_tokenize(dl_doc *doc);
/* Sentence boundaries into doc->sents; sets each token's 'sent' and the
** DLT_SSTART flag. */
DL_INTERNAL dl_status dltext_sentences(dl_doc *doc);
/* A leading dateline into doc->dateline. */
DL_INTERNAL void dltext_dateline(dl_doc *doc);

#endif
