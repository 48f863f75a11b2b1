/*
** actor.c: the actor stage, after places (DESIGN.md "actors"). CAMEO-style
** codes, ISO alpha-3 country + role: countries and cities by their country,
** demonyms, organisations from the org lexicon or their name's country and
** cue word, people from their title and the title's context ("Prime
** Minister of Iraq", "Iraqi President", "Iran's ... council", "a spokesperson
** for the United States Department of State"). Group nouns ("the security
** forces") are coded on demand by dlactor_group().
*/
#include "extract/actor.h"
#include "lexicon/lexicon.h"

static void set_code(dlactor *a) {
  size_t n = strnlen(a->country, sizeof a->country);
  size_t r = strnlen(a->role, sizeof a->role);
  memset(a->code, 0, sizeof a->code);
  memcpy(a->code, a->country, n);
  memcpy(a->code + n, a->role, r);
}

static bool has(const dlactor *a) {
  return a->country[0] || a->role[0] || a->code[0];
}

static void put_country(dlactor *a, const dl_engine *e, int32_t ci) {
  if (ci < 0 || (uint32_t)ci >= dlgaz_ncountries(e))
    return;
  const dlgaz_country *c = dlgaz_country_at(e, (uint32_t)ci);
  memcpy(a->country, c->iso3, 3);
  a->country[3] = '\0';
}

/* A role field: three capitals ("GOV"); "-" or anything else is none. */
static void put_role(dlactor *a, const char *r, size_t n) {
  if (!r || n != 3 || r[0] < 'A' || r[0] > 'Z')
    return;
  memcpy(a->role, r, 3);
  a->role[3] = '\0';
}

static bool lex(const dl_doc *d, uint32_t i, uint32_t mask, dllex_match *m) {
  if (!d->eng->lex || i >= d->toks.n)
    return false;
  return dllex_longest(d, i, mask, m);
}

/* Country index of a country or demonym phrase exactly at [t0, t1), -1. */
static int32_t country_at(const dl_doc *d, uint32_t t0, uint32_t t1) {
  dllex_match m;
  if (!lex(d, t0, DLX_BIT(DLX_COUNTRY) | DLX_BIT(DLX_DEMONYM), &m) ||
      m.t1 != t1)
    return -1;
  const dllex_sense *s = dllex_sense_in(&m, DLX_COUNTRY);
  if (!s)
    s = dllex_sense_in(&m, DLX_DEMONYM);
  return s ? s->num : -1;
}

/* The org-lexicon sense of [t0, t1), or NULL. */
static const dllex_sense *org_at(const dl_doc *d, uint32_t t0, uint32_t t1) {
  dllex_match m;
  if (!lex(d, t0, DLX_BIT(DLX_ORG), &m) || m.t1 != t1)
    return NULL;
  return dllex_sense_in(&m, DLX_ORG);
}

/* An org sense's fields: code, role [, country]. */
static void from_org(const dl_doc *d, const dllex_sense *s, dlactor *a) {
  size_t n;
  const char *code = dllex_field(d->eng, s, 0, &n);
  size_t rn;
  const char *role = dllex_field(d->eng, s, 1, &rn);
  size_t cn;
  const char *cc = dllex_field(d->eng, s, 2, &cn);
  if (cc && cn)
    put_country(a, d->eng, dlgaz_country_by_code(d->eng, cc, cn));
  put_role(a, role, rn);
  if (role && rn == 4 && memcmp(role, "NORP", 4) == 0) {
    memset(a->role, 0, sizeof a->role);
  }
  set_code(a);
  if (code && n && n < sizeof a->code && !(n == 1 && code[0] == '-') &&
      (!a->country[0] || (rn == 3 && memcmp(role, "IGO", 3) == 0) ||
       (rn == 3 && memcmp(role, "NGO", 3) == 0))) {
    memcpy(a->code, code, n); /* "IGOUNO", "NGOICR", "SHI" */
    a->code[n] = '\0';
  }
}

/* Country index of a GPE entity: its name, else its resolved place. */
static int32_t ent_country(const dl_doc *d, const dlentity *e) {
  for (uint32_t k = 0; k < e->mentions.n && k < 4; k++) {
    int32_t c = country_at(d, e->mentions.v[k].t0, e->mentions.v[k].t1);
    if (c >= 0)
      return c;
  }
  if (e->place.set && e->place.cc[0])
    return dlgaz_country_by_code(d->eng, e->place.cc,
                                 strnlen(e->place.cc, sizeof e->place.cc));
  return -1;
}

static void code_place(dl_doc *d, dlentity *e) {
  dlactor a;
  memset(&a, 0, sizeof a);
  if (e->type == DLE_NORP && e->mentions.n) {
    const dllex_sense *s = org_at(d, e->mentions.v[0].t0, e->mentions.v[0].t1);
    if (s)
      from_org(d, s, &a);
  }
  if (!has(&a)) {
    put_country(&a, d->eng, ent_country(d, e));
    set_code(&a);
  }
  if (!has(&a))
    return;
  e->actor = a;
  e->has_actor = true;
}

/* A cue word's role in the org name [t0, t1) ("Ministry" GOV, "Army" MIL);
** the last cue wins ("Iraqi Army Police"? the head noun). */
static void cue_role(const dl_doc *d, uint32_t t0, uint32_t t1, dlactor *a) {
  for (uint32_t i = t0; i < t1; i++) {
    dllex_match m;
    if (!lex(d, i, DLX_BIT(DLX_ORGCUE), &m) || m.t1 > t1)
      continue;
    const dllex_sense *s = dllex_sense_in(&m, DLX_ORGCUE);
    size_t n;
    const char *r = s ? dllex_field(d->eng, s, 0, &n) : NULL;
    if (r && n == 3 && memcmp(r, "LOC", 3) && memcmp(r, "GPE", 3))
      put_role(a, r, n);
  }
}

/* Is every mention of 'e' inside the dateline's "(Agency)"? */
static bool agency(const dl_doc *d, const dlentity *e) {
  if (!d->dateline.present || d->dateline.as >= d->dateline.ae ||
      !e->mentions.n)
    return false;
  for (uint32_t k = 0; k < e->mentions.n; k++)
    if (e->mentions.v[k].s < d->dateline.as ||
        e->mentions.v[k].e > d->dateline.ae)
      return false;
  return true;
}

static void code_org(dl_doc *d, dlentity *e) {
  dlactor a;
  memset(&a, 0, sizeof a);
  if (agency(d, e)) { /* a news agency: media, of no country of its own */
    memcpy(a.role, "MED", 4);
    set_code(&a);
    e->actor = a;
    e->has_actor = true;
    return;
  }
  for (uint32_t k = 0; k < e->mentions.n && k < 4 && !has(&a); k++) {
    const dllex_sense *s = org_at(d, e->mentions.v[k].t0, e->mentions.v[k].t1);
    if (s)
      from_org(d, s, &a);
  }
  if (!has(&a) && e->mentions.n) {
    /* the longest mention: its country words and its cue */
    const dlmention *m = &e->mentions.v[0];
    for (uint32_t k = 1; k < e->mentions.n; k++)
      if (e->mentions.v[k].t1 - e->mentions.v[k].t0 > m->t1 - m->t0)
        m = &e->mentions.v[k];
    for (uint32_t i = m->t0; i < m->t1 && !a.country[0]; i++) {
      dllex_match lm;
      if (lex(d, i, DLX_BIT(DLX_COUNTRY) | DLX_BIT(DLX_DEMONYM), &lm) &&
          lm.t1 <= m->t1)
        put_country(&a, d->eng, country_at(d, i, lm.t1));
    }
    /* "Iran's Revolutionary Guard": the possessor */
    if (!a.country[0] && m->t0 >= 2 && dltok_is(d, m->t0 - 1, "'s")) {
      int32_t o = d->tokent[m->t0 - 2];
      if (o >= 0 && d->ents.v[o].has_actor && d->ents.v[o].type == DLE_GPE)
        memcpy(a.country, d->ents.v[o].actor.country, 4);
    }
    cue_role(d, m->t0, m->t1, &a);
    set_code(&a);
  }
  if (!has(&a))
    return;
  e->actor = a;
  e->has_actor = true;
}

/* Token whose span starts at byte 's' (binary search), or -1. */
static int64_t tok_at(const dl_doc *d, uint32_t s) {
  uint32_t lo = 0, hi = d->toks.n;
  while (lo < hi) {
    uint32_t mid = lo + (hi - lo) / 2;
    if (d->toks.v[mid].s < s)
      lo = mid + 1;
    else
      hi = mid;
  }
  return lo < d->toks.n && d->toks.v[lo].s == s ? (int64_t)lo : -1;
}

/* Merge the actor of entity 'o' as affiliation: its country; its role
** when the title has none. */
static void affiliate(const dl_doc *d, int32_t o, dlactor *a) {
  if (o < 0)
    return;
  const dlentity *x = &d->ents.v[o];
  if (!x->has_actor)
    return;
  if (!a->country[0] && x->actor.country[0])
    memcpy(a->country, x->actor.country, 4);
  if (!a->role[0] && x->type == DLE_ORG && x->actor.role[0])
    memcpy(a->role, x->actor.role, 4);
  if (x->type == DLE_ORG && !x->actor.country[0] && x->actor.code[0] &&
      !a->country[0] && !a->code[0]) /* "IGOUNO": a UN official */
    memcpy(a->code, x->actor.code, sizeof a->code);
}

static void main_country(const dl_doc *d, char out[4]);

/* Roles of a domestic office: without other evidence the office is the
** article's country's ("Police spokesman Abdirahman Yusuf" in a Mogadishu
** story, "President Hassan Ali"). */
static bool domestic(const char role[4]) {
  static const char *const R[] = {"GOV", "COP", "MIL", "JUD", "LEG", "SPY"};
  for (size_t i = 0; i < DL_COUNTOF(R); i++)
    if (!memcmp(role, R[i], 4))
      return true;
  return false;
}

static void code_person(dl_doc *d, dlentity *e) {
  if (!e->title)
    return;
  int64_t ts = tok_at(d, (uint32_t)(e->title - d->text));
  if (ts < 0)
    return;
  uint32_t t0 = (uint32_t)ts, tend = t0;
  uint32_t te = (uint32_t)(e->title - d->text) + e->title_len;
  while (tend < d->toks.n && d->toks.v[tend].e <= te)
    tend++;
  dlactor a;
  memset(&a, 0, sizeof a);
  /* the title proper: its role (and country: "chancellor<TAB>GOV<TAB>DEU") */
  for (uint32_t i = t0; i < tend; i++) {
    dllex_match m;
    if (lex(d, i, DLX_BIT(DLX_TITLE), &m) && m.t1 <= tend) {
      const dllex_sense *s = dllex_sense_in(&m, DLX_TITLE);
      size_t n;
      const char *r = s ? dllex_field(d->eng, s, 0, &n) : NULL;
      put_role(&a, r, n);
      const char *c = s ? dllex_field(d->eng, s, 1, &n) : NULL;
      if (c && n)
        put_country(&a, d->eng, dlgaz_country_by_code(d->eng, c, n));
      break;
    }
  }
  /* before it: "Iraqi President", "Iran's foreign minister" */
  if (t0 > 0) {
    uint32_t p = t0 - 1;
    if (dltok_is(d, p, "'s") && p > 0)
      p--;
    if (d->toks.v[p].sent == d->toks.v[t0].sent)
      affiliate(d, d->tokent[p], &a);
  }
  /* after it: "of Iraq", "for the United States Department of State",
  ** "of Iran's national security council" */
  if (tend < d->toks.n &&
      (dltok_is(d, tend, "of") || dltok_is(d, tend, "for") ||
       dltok_is(d, tend, "at"))) {
    for (uint32_t i = tend + 1; i < d->toks.n && i < tend + 8; i++) {
      if (d->toks.v[i].sent != d->toks.v[tend].sent ||
          dltok_is(d, i, ",") || (d->toks.v[i].flags & DLT_QUOTE))
        break;
      int32_t o = d->tokent[i];
      if (o >= 0 && &d->ents.v[o] != e) {
        affiliate(d, o, &a);
        break;
      }
    }
  }
  if (!a.country[0] && !a.code[0] && domestic(a.role))
    main_country(d, a.country); /* as group nouns have it (dlactor_group) */
  set_code(&a);
  if (!a.code[0])
    return;
  if (!a.country[0] && !a.role[0]) {
    /* an IGO code taken whole */
  }
  e->actor = a;
  e->has_actor = true;
}

void dlactor_code(dl_doc *d) {
  if (!d->tokent || !d->eng->lex)
    return;
  for (uint32_t i = 0; i < d->ents.n; i++) {
    dlentity *e = &d->ents.v[i];
    if (e->type == DLE_GPE || e->type == DLE_NORP)
      code_place(d, e);
  }
  for (uint32_t i = 0; i < d->ents.n; i++)
    if (d->ents.v[i].type == DLE_ORG)
      code_org(d, &d->ents.v[i]);
  for (uint32_t i = 0; i < d->ents.n; i++)
    if (d->ents.v[i].type == DLE_PERSON)
      code_person(d, &d->ents.v[i]);
}

bool dlactor_of_entity(const dl_doc *d, int32_t ent, dlactor *out) {
  memset(out, 0, sizeof *out);
  if (!d || ent < 0 || (uint32_t)ent >= d->ents.n ||
      !d->ents.v[ent].has_actor)
    return false;
  *out = d->ents.v[ent].actor;
  return true;
}

/* The article's main country: most mentions of GPE and NORP entities by
** country, ties to the dateline's; "" if none. */
static void main_country(const dl_doc *d, char out[4]) {
  struct { char c[4]; uint32_t n; } tab[32];
  uint32_t nt = 0;
  memset(out, 0, 4);
  for (uint32_t i = 0; i < d->ents.n; i++) {
    const dlentity *e = &d->ents.v[i];
    if ((e->type != DLE_GPE && e->type != DLE_NORP) || !e->has_actor ||
        !e->actor.country[0])
      continue;
    uint32_t k = 0;
    while (k < nt && memcmp(tab[k].c, e->actor.country, 4) != 0)
      k++;
    if (k == nt) {
      if (nt == DL_COUNTOF(tab))
        continue;
      memcpy(tab[nt].c, e->actor.country, 4);
      tab[nt++].n = 0;
    }
    tab[k].n += e->mentions.n;
  }
  const char *dl = NULL;
  if (d->dateline.ent >= 0 && (uint32_t)d->dateline.ent < d->ents.n &&
      d->ents.v[d->dateline.ent].has_actor)
    dl = d->ents.v[d->dateline.ent].actor.country;
  uint32_t best = 0;
  for (uint32_t k = 0; k < nt; k++)
    if (tab[k].n > best ||
        (tab[k].n == best && best && dl && memcmp(tab[k].c, dl, 4) == 0)) {
      best = tab[k].n;
      memcpy(out, tab[k].c, 4);
    }
}

bool dlactor_group(const dl_doc *d, uint32_t t0, uint32_t t1, dlactor *out) {
  memset(out, 0, sizeof *out);
  if (!d || !d->tokent || t0 >= t1 || t1 > d->toks.n)
    return false;
  int32_t named = -1;
  for (uint32_t i = t0; i < t1; i++) {
    dllex_match m;
    if ((d->toks.v[i].flags & DLT_WORD) &&
        lex(d, i, DLX_BIT(DLX_ROLE), &m) && m.t1 <= t1) {
      const dllex_sense *s = dllex_sense_in(&m, DLX_ROLE);
      size_t n;
      const char *r = s ? dllex_field(d->eng, s, 0, &n) : NULL;
      memset(out->role, 0, sizeof out->role);
      put_role(out, r, n); /* the last group noun is the head */
      i = m.t1 - 1;
      continue;
    }
    int32_t o = d->tokent[i];
    if (o >= 0 && d->ents.v[o].has_actor) {
      const dlentity *e = &d->ents.v[o];
      if (e->type == DLE_PERSON || e->type == DLE_ORG)
        named = named < 0 ? o : named;
      if (!out->country[0] && e->actor.country[0])
        memcpy(out->country, e->actor.country, 4);
    }
  }
  if (!out->role[0] && named >= 0) {
    /* "the Prime Minister", "Al-Kadhimi": the entity itself */
    *out = d->ents.v[named].actor;
    return true;
  }
  if (!out->role[0] && !out->country[0])
    return false;
  /* "militias of Iraq", "forces from Iran" */
  if (!out->country[0] && t1 + 1 < d->toks.n &&
      (dltok_is(d, t1, "of") || dltok_is(d, t1, "from") ||
       dltok_is(d, t1, "in"))) {
    uint32_t j = t1 + 1;
    if (dltok_is(d, j, "the") && j + 1 < d->toks.n)
      j++;
    int32_t o = d->tokent[j];
    if (o >= 0 && d->ents.v[o].has_actor && d->ents.v[o].actor.country[0])
      memcpy(out->country, d->ents.v[o].actor.country, 4);
  }
  if (!out->country[0] && out->role[0] &&
      memcmp(out->role, "IGO", 3) != 0)
    main_country(d, out->country);
  set_code(out);
  return true;
}
