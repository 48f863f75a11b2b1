/*
** casualty.h: the casualties stage (DESIGN.md): counted harm ("7 of his
** guards were injured", "killing at least 12", "no one was hurt") into
** doc->cas, each tied to an event of its sentence when one fits.
*/
#ifndef DL_CASUALTY_H
#define DL_CASUALTY_H
#include "dl_int.h"

/* Find the casualties of every sentence and append them to doc->cas, then
** run dlcasualty_link(). Reads tokens, sentences and (if present) the
** lexicon's 'casualty' dictionary; allocates in the document's arena
** only (its 'oom' flag reports failure). Linear in the tokens. */
DL_INTERNAL void dlcasualty_extract(dl_doc *doc);

/* Tie each casualty to an event of its sentence (attacks, fights,
** protests, coercion preferred: CAMEO roots 18 19 20 14 15 17; the
** nearest trigger otherwise), or -1; then set the linked events'
** 'killed', 'injured' and 'arrested' to the sums of their non-negated
** casualties (0 when only negated ones). Idempotent: the events stage may
** call it again after adding events. */
DL_INTERNAL void dlcasualty_link(dl_doc *doc);

#endif
