/*
** entity.h: the entity stage (DESIGN.md "entities"), after times and before
** places: names from capitalisation, lexicons and titles, one entity per
** referent with all its mentions (SCHEMA.md `entity`).
*/
#ifndef DL_ENTITY_H
#define DL_ENTITY_H
#include "dl_int.h"

/* Fill doc->ents (each PERSON, ORG, GPE, LOC and NORP once, its mentions in
** text order, 'name' the fullest form, 'title' a span of doc->text) and
** doc->tokent (per token its entity or -1, in the arena), and set
** doc->dateline.ent. 'actor' and 'place' are left for the actor and place
** stages. On allocation failure it stops (the arena's 'oom' is set). */
DL_INTERNAL void dlentity_extract(dl_doc *doc);

/* Is [t0, t1) a place name (country, region, city, feature)? The single
** toponym test of the entity and actor stages. */
DL_INTERNAL bool dlentity_is_toponym(const dl_doc *d, uint32_t t0,
                                     uint32_t t1);

/* The rules' proposal alone (no name tagger), as the tagger's 'rule'
** input (ner.h) per token into code[0 .. doc->toks.n): for training it.
** Sets doc->tokent like dlentity_extract. */
DL_INTERNAL void dlentity_rules(dl_doc *doc, uint8_t *code);

#endif
