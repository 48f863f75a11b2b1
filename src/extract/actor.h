/*
** actor.h: the actor stage (DESIGN.md "actors"), after places: CAMEO-style
** codes (ISO alpha-3 country + role) for entities, from titles, appositions,
** possessives, organisation names and the article's country context.
*/
#ifndef DL_ACTOR_H
#define DL_ACTOR_H
#include "dl_int.h"

/* Set 'actor' and 'has_actor' of every entity that the evidence codes:
** countries {ISO3, ISO3, null}, cities by their country, organisations from
** the org lexicon or their name's country and cue word, people from their
** title and its "of X" / "for ORG" / "Iraqi" / "Iran's" context. */
DL_INTERNAL void dlactor_code(dl_doc *doc);

/* The actor of entity 'ent' (index into doc->ents) into *out; false (and
** *out cleared) when it has none. */
DL_INTERNAL bool dlactor_of_entity(const dl_doc *d, int32_t ent,
                                   dlactor *out);

/* Code an arbitrary noun phrase [t0, t1) ("the security forces", "Iraqi
** officials", "Iran's militias", "Al-Kadhimi's guards"): an entity it names
** gives its actor; otherwise the role of a group noun (roles lexicon) with
** the country of a demonym, possessor or "of X" in or after the span, else
** the article's main country (most mentioned country, then the
** dateline's). False (and *out cleared) when neither part is known. Reads
** the document only; needs the actor stage to have run. */
DL_INTERNAL bool dlactor_group(const dl_doc *d, uint32_t t0, uint32_t t1,
                               dlactor *out);

#endif
