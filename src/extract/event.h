/*
** event.h: the events stage (DESIGN.md "events"), after clauses, entities,
** actors and quotes, before casualties: triggers from the event lexicon
** (data/lex/events.tsv), one event per action with source and target from
** the clause roles, modality (data/lex/modal.tsv), date, place, and the
** document's themes.
*/
#ifndef DL_EVENT_H
#define DL_EVENT_H
#include "dl_int.h"
/* Append one 'dlevent' to doc->events per action the text reports, in text
** order, and set doc->themes. Reads tokens, sentences, times, entities,
** actors, quotes and (when present) doc->pos and doc->clauses; allocates in
** the document's arena only (its 'oom' flag reports failure). Linear in the
** tokens. Without the lexicon it does nothing. */
DL_INTERNAL void dlevent_extract(dl_doc *doc);
/* After the casualties stage: tie casualties left without an event to the
** event an anaphoric mention of their sentence refers to ("7 guards were
** injured in the attack" -> the attack told before) and recompute that
** event's killed/injured/arrested. Idempotent. */
DL_INTERNAL void dlevent_link_casualties(dl_doc *doc);
#endif
