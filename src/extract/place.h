/*
** place.h: the places stage (DESIGN.md "places"): after the entity stage,
** geocode each GPE/LOC entity (and the dateline) against the gazetteer,
** scoring candidates by population, feature class, the countries the
** article names, the dateline's country and containment ("Kerman, Iran").
** The entity stage asks dlplace_is_toponym() whether a name is a place.
*/
#ifndef DL_PLACE_H
#define DL_PLACE_H
#include "dl_int.h"

/* Is the capitalised token span [t0, t1) a place name? True when the
** gazetteer knows it as a place, admin1 region, country or hand-written
** feature, and, for a one-word name that is also a common word or a given
** name ("Price", "Mobile", "Victoria"), when its context supports a place:
** a place preposition before it ("in", "near", "from", ...), a following
** ", Country/State", or a large population. Reads the document only. */
DL_INTERNAL bool dlplace_is_toponym(const dl_doc *d, uint32_t t0, uint32_t t1);

/* The places stage: fill 'place' of every GPE and LOC entity (and of NORP
** entities that name a country, "Iraqi" -> Iraq), one sense per article;
** link the dateline's place text to its entity (doc->dateline.ent),
** creating a GPE entity for it when the entity stage made none. Allocates
** from the document's arena only (sets 'oom' on failure). */
DL_INTERNAL void dlplace_resolve(dl_doc *doc);

#endif
