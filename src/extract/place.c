/*
** place.c: the places stage, after entities (DESIGN.md "places"). Each GPE
** and LOC entity is geocoded by scoring its gazetteer senses (cities, admin1
** regions, countries, hand-written features of data/lex/features.tsv) by
** population and feature class, the countries the article names (names and
** demonyms), the dateline's country and containment ("Kerman, Iran"). One
** sense per article: an entity resolves once, for all its mentions.
*/
#include "extract/place.h"
#include "lexicon/lexicon.h"

#include <math.h>

#define MAXPHRASE 256 /* bytes of a folded phrase looked up */
#define MAXSENSES 512 /* senses of one phrase examined (bounded work) */
#define MAXCONS 8     /* containment constraints of one entity */
#define MAXAV 256     /* admin1 votes of the article's places */
#define MAXPTS 128    /* towns of the article that pull their neighbours */

#define PLACE_DICTS                                                        \
  (DLX_BIT(DLX_PLACE) | DLX_BIT(DLX_ADMIN1) | DLX_BIT(DLX_COUNTRY) |       \
   DLX_BIT(DLX_FEATURE))

/* ------------------------------------------------------------- phrases */

/* Folded tokens [t0, t1) joined by one space into 'buf'; 0 if too long. */
static size_t phrase(const dl_doc *d, uint32_t t0, uint32_t t1, char *buf,
                     size_t cap) {
  size_t n = 0;
  for (uint32_t i = t0; i < t1; i++) {
    size_t fl;
    const char *f = dltok_fold(d, i, &fl);
    if (n + fl + 1 >= cap)
      return 0;
    if (i > t0)
      buf[n++] = ' ';
    memcpy(buf + n, f, fl);
    n += fl;
  }
  buf[n] = '\0';
  return n;
}

static uint32_t senses_of(const dl_doc *d, uint32_t t0, uint32_t t1,
                          const dllex_sense **out) {
  char buf[MAXPHRASE];
  size_t n = phrase(d, t0, t1, buf, sizeof buf);
  if (!n)
    return 0;
  uint32_t k = dllex_lookup(d->eng, buf, n, out);
  return k > MAXSENSES ? MAXSENSES : k;
}

static bool is_word(const dl_doc *d, uint32_t i, const char *const *list) {
  for (; *list; list++)
    if (dltok_is(d, i, *list))
      return true;
  return false;
}

/* Words before a place name that make it one: "in Mobile", "near Price". */
static const char *const place_preps[] = {
    "in", "at", "near", "from", "outside", "inside", "to", "into",
    "across", "throughout", "around", "towards", "toward", "via", "between",
    "across", "through", "across", "within", "northern", "southern",
    "eastern", "western", "central", "downtown", NULL};
/* Nouns before "of" that make the name a place: "the city of Mobile". */
static const char *const place_nouns[] = {
    "city", "town", "village", "province", "state", "region", "district",
    "county", "capital", "island", "port", "suburb", "municipality",
    "governorate", "prefecture", "area", NULL};
/* Verbs after a name that make a person of a small place: "Price said". */
static const char *const speech_after[] = {
    "said", "says", "told", "added", "stated", "wrote", "tweeted", "argued",
    "explained", "noted", "asked", "replied", "insisted", "claimed", NULL};
/* Generic words that are also admin1 names somewhere ("Central", "North"). */
static const char *const generic[] = {
    "central", "north", "south", "east", "west", "northern", "southern",
    "eastern", "western", "capital", "national", "federal", "upper",
    "lower", "coast", "island", "islands", "centre", "center", "interior",
    "border", "lakes", "valley", "river", "mountain", NULL};

/* Words that are never a one-word place, whatever the gazetteer's
** alternate names say ("The" for Teresina, "In", "May", "Secretary"). */
static const char *const never[] = {
    "the", "a", "an", "in", "on", "at", "of", "to", "is", "it", "he", "she",
    "we", "they", "i", "you", "this", "that", "these", "those", "one", "two",
    "his", "her", "its", "their", "our", "and", "but", "or", "if", "as",
    "for", "with", "by", "no", "not", "all", "some", "many", "most", "more",
    "after", "before", "while", "when", "where", "there", "here", "then",
    "also", "under", "over", "about", "mr", "mrs", "ms", "dr", "sir",
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday",
    "sunday", "january", "february", "march", "april", "may", "june",
    "july", "august", "september", "october", "november", "december",
    "secretary", "minister", "president", "state", "department", "police",
    "army", "government", "ministry", "council", "court", "party", "news",
    "officials", "prime", "general", "chief", "director", "spokesman",
    "spokeswoman", "spokesperson", "leader", "said", "says", "thank",
    "god", "people", "earlier", "later", "shortly", "while", "still",
    NULL};

/* Does a gazetteer place go by this one-token name itself, not only by an
** alternate name ("The" is an alternate name of Teresina)? */
static bool own_name(const dl_doc *d, uint32_t t, const dlgaz_place *p) {
  const char *n = dlgaz_str(d->eng, p->name);
  size_t len = d->toks.v[t].e - d->toks.v[t].s;
  const char *w = d->text + d->toks.v[t].s;
  if (strlen(n) != len)
    return false;
  for (size_t i = 0; i < len; i++) {
    char a = n[i], b = w[i];
    if (a >= 'A' && a <= 'Z') a = (char)(a + 32);
    if (b >= 'A' && b <= 'Z') b = (char)(b + 32);
    if (a != b)
      return false;
  }
  return true;
}

/* Token 'i' is a comma followed by a country or admin1 name: the span before
** it is contained ("Kerman, Iran", "Springfield, Illinois"). */
static bool container_after(const dl_doc *d, uint32_t i, dllex_match *m) {
  if (i + 1 >= d->toks.n || !dltok_is(d, i, ","))
    return false;
  if (!(d->toks.v[i + 1].flags & DLT_CAP))
    return false;
  return dllex_longest(d, i + 1,
                       DLX_BIT(DLX_COUNTRY) | DLX_BIT(DLX_ADMIN1) |
                           DLX_BIT(DLX_FEATURE),
                       m);
}

/* The admin1 region a feature of features.tsv or regionabbr.tsv stands for
** or lies in (its container is an admin1 region, "Ky." in Kentucky, or a
** city of one, "Ga." by Atlanta), else -1. */
static int32_t feature_admin1(const dl_engine *eng, int32_t num) {
  for (int up = 0; up < 2; up++) {
    if (num < 0 || (uint32_t)num >= dlgaz_nplaces(eng))
      return -1;
    const dlgaz_place *p = dlgaz_place_at(eng, (uint32_t)num);
    num = p->container;
    if (num < 0 || (uint32_t)num >= dlgaz_nplaces(eng))
      return -1;
    const dlgaz_place *c = dlgaz_place_at(eng, (uint32_t)num);
    if (c->kind == DLPK_ADMIN1)
      return num;
    if (c->kind != DLPK_CITY)
      return -1;
  }
  return -1;
}

/* Does the context before token 't0' say "place"? */
static bool place_context_before(const dl_doc *d, uint32_t t0) {
  if (t0 == 0)
    return false;
  uint32_t p = t0 - 1;
  if (dltok_is(d, p, "the") && p > 0)
    p--;
  if (d->toks.v[p].sent != d->toks.v[t0].sent)
    return false;
  if (is_word(d, p, place_preps))
    return true;
  return dltok_is(d, p, "of") && p > 0 && is_word(d, p - 1, place_nouns);
}

/* Is the capitalised token span a place name? (place.h) */
bool dlplace_is_toponym(const dl_doc *d, uint32_t t0, uint32_t t1) {
  if (!d || !d->eng->lex || t0 >= t1 || t1 > d->toks.n)
    return false;
  const dllex_sense *s;
  uint32_t ns = senses_of(d, t0, t1, &s);
  bool country = false, admin1 = false, city = false, feature = false;
  bool common = false, given = false, demonym = false;
  uint32_t maxpop = 0, ownpop = 0;
  bool own = false;
  for (uint32_t k = 0; k < ns; k++) {
    switch (s[k].dict) {
    case DLX_COUNTRY: country = true; break;
    case DLX_FEATURE: feature = true; break;
    case DLX_ADMIN1: admin1 = true; break;
    case DLX_PLACE: {
      city = true;
      const dlgaz_place *p =
          s[k].num >= 0 ? dlgaz_place_at(d->eng, (uint32_t)s[k].num) : NULL;
      if (p && p->population > maxpop)
        maxpop = p->population;
      if (p && t1 == t0 + 1 && own_name(d, t0, p)) {
        own = true;
        if (p->population > ownpop)
          ownpop = p->population;
      }
      break;
    }
    case DLX_COMMON: common = true; break;
    case DLX_DEMONYM: demonym = true; break;
    case DLX_GIVEN: given = true; break;
    default: break;
    }
  }
  if (!(country || admin1 || city || feature))
    return false;
  if (country)
    return true; /* "Chad", "Jordan", "Georgia": a country beats a name */
  if (demonym)
    return false; /* "Spanish", "Canadian": nationalities (NORP), not towns */
  for (uint32_t i = t0; i < t1; i++) /* "Iraq's" is a name, "iraq" is not */
    if (!(d->toks.v[i].flags & (DLT_CAP | DLT_NUM | DLT_PUNCT)) &&
        !dltok_is(d, i, "of") && !dltok_is(d, i, "de") &&
        !dltok_is(d, i, "la") && !dltok_is(d, i, "el") &&
        !dltok_is(d, i, "al") && !dltok_is(d, i, "and"))
      return false;
  if (feature && !country && !admin1 && !city &&
      d->text[d->toks.v[t1 - 1].e - 1] == '.')
    /* "Ky.", "B.C.": a region's abbreviation after a town or a place word,
    ** not "Catholic Mass." nor "500 B.C." */
    return (t0 > 0 && dltok_is(d, t0 - 1, ",")) ||
           place_context_before(d, t0);
  if (t1 - t0 > 1)
    return true; /* "New York", "Santa Ana" */
  /* One word. Is it also an ordinary word or a name? */
  if (is_word(d, t0, never) || d->toks.v[t0].e - d->toks.v[t0].s <= 2)
    return false; /* "The", "In", "May", "He" */
  if ((d->toks.v[t0].flags & DLT_UPPER) && !feature && !admin1 &&
      d->toks.v[t0].e - d->toks.v[t0].s <= 4 && maxpop < 1000000)
    return false; /* "DOH", "FAO", "TPE": acronyms, not towns */
  if (t0 > 0 && is_word(d, t0 - 1, speech_after) && maxpop < 1000000)
    return false; /* "said Clifford" */
  if (!feature && !admin1 && !own && maxpop < 100000 &&
      !place_context_before(d, t0))
    return false; /* only an alternate name of a small place */
  if (own && !feature && !admin1 && ownpop < 100000 && maxpop >= 100000)
    maxpop = ownpop;
  int32_t val;
  size_t fl;
  const char *f = dltok_fold(d, t0, &fl);
  if (is_word(d, t0, generic))
    common = true;
  else if (d->eng->tone.slot && dlwordtab_get(&d->eng->tone, f, fl, &val))
    common = true; /* "Best", "Hope", "Nice": words with a tone */
  dllex_match m;
  bool ctx = place_context_before(d, t0) || container_after(d, t1, &m);
  if (ctx)
    return true;
  if (t1 < d->toks.n && is_word(d, t1, speech_after) && maxpop < 1000000)
    return false; /* "Price said" (the seed's Ned Price) */
  if (!common && !given)
    return true;
  if (d->toks.v[t0].flags & DLT_SSTART) /* "Most people", "Along the road" */
    return maxpop >= 2000000;
  if (given) /* "Victoria", "Kent": a person unless "in Victoria" */
    return maxpop >= 500000;
  return feature || admin1 || maxpop >= 1000000; /* "Mobile phones" */
}

/* ------------------------------------------------------------- context */

typedef struct cons {     /* "X, Y": X lies in Y */
  int16_t country;        /* country index, -1 */
  int32_t admin1;         /* admin1 place index, -1 */
} cons;

typedef struct ctx {
  const dl_engine *eng;
  float *votes;           /* per country index: how much the article names it */
  float total;
  int32_t ncountries;
  int32_t dl_country;     /* the dateline's country, -1 */
  int16_t ccmap[26 * 26]; /* ISO2 -> country index, -1 */
  struct {                /* what each resolved entity says of the admin1 */
    int32_t ent, adm;       /* region the article is about: entity, region */
    float w;
  } av[MAXAV];
  uint32_t nav;
  struct {                /* the towns pass 1 found: where the article is */
    int32_t ent, adm;
    float lat, lon;
  } pt[MAXPTS];
  uint32_t npt;
} ctx;

static int32_t country_of(const ctx *c, const char cc[2]) {
  if (cc[0] < 'A' || cc[0] > 'Z' || cc[1] < 'A' || cc[1] > 'Z')
    return -1;
  return c->ccmap[(cc[0] - 'A') * 26 + (cc[1] - 'A')];
}

typedef struct cand {
  uint8_t dict;           /* DLX_PLACE, ... */
  int32_t num;            /* place or country index */
  int32_t country;        /* country index, -1 */
  int32_t admin1;         /* a feature that is this admin1 region, -1 */
  int32_t adm;            /* the admin1 region it is or lies in, -1 */
  double score;
  bool est;               /* a county of 'adm' the gazetteer lacks, placed */
  float lat, lon;         /* at the article's towns there (lat, lon) */
} cand;

/* The prior of one sense, without context. */
static bool prior(const ctx *c, const dllex_sense *s, cand *o) {
  o->dict = s->dict;
  o->num = s->num;
  o->est = false;
  o->country = -1;
  o->admin1 = -1;
  o->adm = -1;
  if (s->num < 0)
    return false;
  if (s->dict == DLX_COUNTRY || s->dict == DLX_DEMONYM) {
    if ((uint32_t)s->num >= (uint32_t)c->ncountries)
      return false;
    o->dict = DLX_COUNTRY; /* "Spanish" typed GPE stands for Spain */
    o->country = s->num;
    o->score = 10.5; /* "Georgia" the country unless the article is American */
    return true;
  }
  if (s->dict != DLX_PLACE && s->dict != DLX_ADMIN1 && s->dict != DLX_FEATURE)
    return false;
  if ((uint32_t)s->num >= dlgaz_nplaces(c->eng))
    return false;
  const dlgaz_place *p = dlgaz_place_at(c->eng, (uint32_t)s->num);
  o->country = country_of(c, p->cc);
  if (s->dict == DLX_ADMIN1 || p->kind == DLPK_ADMIN1)
    o->adm = s->num;
  else if (s->dict == DLX_FEATURE)
    o->adm = feature_admin1(c->eng, s->num); /* "Ky." -> Kentucky */
  else if (p->container >= 0 &&
           (uint32_t)p->container < dlgaz_nplaces(c->eng) &&
           dlgaz_place_at(c->eng, (uint32_t)p->container)->kind ==
               DLPK_ADMIN1)
    o->adm = p->container;
  if (s->dict == DLX_FEATURE) {
    o->score = 9.0; /* hand-written: the place news means ("Green Zone") */
  } else if (s->dict == DLX_ADMIN1 || p->kind == DLPK_ADMIN1) {
    o->score = 6.4; /* "Texas" the state, not Texas, Queensland */
  } else {
    o->score = log10((double)p->population + 1.0);
    if (!memcmp(p->fcode, "PPLC", 4))
      o->score += 1.5; /* capitals: "Victoria" of the Seychelles is small */
    else if (!memcmp(p->fcode, "PPLA", 5) || !memcmp(p->fcode, "PPLA\0", 5))
      o->score += 0.8; /* admin seats */
    else if (!memcmp(p->fcode, "PPLA2", 5))
      o->score += 0.3;
    else if (!memcmp(p->fcode, "PPLX", 4))
      o->score -= 1.0; /* sections of a city lose to cities */
  }
  return true;
}

/* Great-circle distance in km. */
static double dist_km(double lat1, double lon1, double lat2, double lon2) {
  const double r = 3.14159265358979323846 / 180.0;
  double a = sin((lat2 - lat1) * r / 2), b = sin((lon2 - lon1) * r / 2);
  double h = a * a + cos(lat1 * r) * cos(lat2 * r) * b * b;
  return 2.0 * 6371.0 * asin(sqrt(h > 1.0 ? 1.0 : h));
}

/* Score one sense in context; 'self' is what the entity itself voted. */
static double score(const ctx *c, const cand *k, const cons *cs, uint32_t ncs,
                    int32_t self_country, float self_vote, int32_t self) {
  double s = k->score;
  if (k->country >= 0) {
    float v = c->votes[k->country], tot = c->total - self_vote;
    if (k->country == self_country) /* "Georgia" does not vote for itself */
      v -= self_vote;
    if (v > 0.01f && tot > 0.01f) {
      s += 1.5 + 3.0 * (double)(v / tot); /* the article's countries */
    }
    if (k->country == c->dl_country && k->dict != DLX_COUNTRY)
      s += 1.0; /* the dateline's country */
  }
  if (k->dict != DLX_COUNTRY) {
    const dlgaz_place *p = dlgaz_place_at(c->eng, (uint32_t)k->num);
    for (uint32_t i = 0; i < ncs; i++) {
      if (cs[i].country >= 0)
        s += cs[i].country == k->country ? 5.0 : -3.0;
      if (cs[i].admin1 >= 0) {
        const dlgaz_place *a = dlgaz_place_at(c->eng, (uint32_t)cs[i].admin1);
        bool same = a->cc[0] == p->cc[0] && a->cc[1] == p->cc[1];
        s += same ? 2.0 : -3.0;
        if (same && p->admin1 && a->name &&
            !strcmp(dlgaz_str(c->eng, p->admin1), dlgaz_str(c->eng, a->name)))
          s += 4.0; /* "Springfield, Illinois" */
      }
    }
    /* The admin1 regions the article's other places are or lie in:
    ** "Santa Ana" in an article naming California, "Edmonton" in one
    ** datelined "COLUMBIA, Ky." or naming Glasgow and Columbia there. */
    if (k->adm >= 0 && k->dict == DLX_PLACE && self >= 0) {
      double w = 0;
      for (uint32_t i = 0; i < c->nav; i++)
        if (c->av[i].adm == k->adm && c->av[i].ent != self)
          w += (double)c->av[i].w;
      s += w > 3.0 ? 3.0 : w;
    }
    /* Towns near the article's other towns: "Edmonton" in an article on
    ** Cairns is its suburb, "Innisfail" next to Red Deer is in Alberta. */
    if (k->dict == DLX_PLACE && self >= 0 && c->npt) {
      double w = 0;
      for (uint32_t i = 0; i < c->npt; i++) {
        if (c->pt[i].ent == self)
          continue;
        double km = dist_km(p->lat, p->lon, c->pt[i].lat, c->pt[i].lon);
        w += km < 60.0 ? 1.5 : km < 160.0 ? 1.0 : km < 400.0 ? 0.4 : 0.0;
      }
      s += w > 3.0 ? 3.0 : w;
    }
  }
  return s;
}

/* ------------------------------------------------------------- entities */

/* Does the mention lie in the dateline's "(Agency)"? Never a place there:
** "MOGADISHU, Somalia (Harbor Wire) -" is not Harbor, Oregon. */
static bool in_agency(const dl_doc *d, const dlmention *m) {
  const dldateline *dl = &d->dateline;
  return dl->present && dl->ae > dl->as && m->s < dl->ae && m->e > dl->as;
}

/* The first token of a mention that is not "the". */
static uint32_t skip_the(const dl_doc *d, uint32_t t0, uint32_t t1) {
  while (t0 + 1 < t1 && dltok_is(d, t0, "the"))
    t0++;
  return t0;
}

/* The senses of a mention: the whole span, else its longest place part
** ("Baghdad's Green Zone" -> "Green Zone"). */
static uint32_t mention_senses(const dl_doc *d, const dlmention *m,
                               const dllex_sense **out) {
  if (m->t1 <= m->t0 || m->t1 > d->toks.n || in_agency(d, m))
    return 0;
  uint32_t t0 = skip_the(d, m->t0, m->t1);
  /* A place name the entity's span cut short at its start: "Congo" of
  ** "the Democratic Republic of the Congo" is not the Republic of the
  ** Congo. The longest name that ends where the mention ends. */
  for (uint32_t back = 5; back >= 1; back--) {
    dllex_match mm;
    if (m->t0 < back || d->toks.v[m->t0 - back].sent != d->toks.v[m->t0].sent ||
        !(d->toks.v[m->t0 - back].flags & DLT_CAP))
      continue;
    bool name = true; /* capitalised words and "of the": not "east London" */
    for (uint32_t i = m->t0 - back; i < m->t0 && name; i++)
      name = (d->toks.v[i].flags & DLT_CAP) || dltok_is(d, i, "of") ||
             dltok_is(d, i, "the");
    if (!name)
      continue;
    if (dllex_longest(d, m->t0 - back, PLACE_DICTS, &mm) && mm.t1 == m->t1) {
      *out = mm.senses;
      return mm.n > MAXSENSES ? MAXSENSES : mm.n;
    }
  }
  uint32_t n = senses_of(d, t0, m->t1, out);
  if (n)
    return n;
  for (uint32_t i = t0; i < m->t1; i++) {
    dllex_match mm;
    if (dllex_longest(d, i, PLACE_DICTS, &mm) && mm.t1 <= m->t1) {
      *out = mm.senses;
      return mm.n > MAXSENSES ? MAXSENSES : mm.n;
    }
  }
  return 0;
}

/* The country an entity names by itself (a country name or a demonym). */
static int32_t own_country(const dl_doc *d, const ctx *c, const dlentity *e) {
  unsigned want = e->type == DLE_NORP ? DLX_DEMONYM : DLX_COUNTRY;
  for (uint32_t k = 0; k < e->mentions.n && k < 4; k++) {
    const dlmention *m = &e->mentions.v[k];
    if (m->t1 <= m->t0 || m->t1 > d->toks.n || in_agency(d, m))
      continue;
    const dllex_sense *s;
    uint32_t ns = senses_of(d, skip_the(d, m->t0, m->t1), m->t1, &s);
    int32_t best = -1;
    uint32_t bpop = 0;
    for (uint32_t i = 0; i < ns; i++) {
      if (s[i].dict != want || s[i].num < 0 || s[i].num >= c->ncountries)
        continue;
      /* "American": the United States, not American Samoa: the country
      ** with the largest capital */
      const dlgaz_country *ct = dlgaz_country_at(c->eng, (uint32_t)s[i].num);
      uint32_t pop = 1;
      if (ct->capital >= 0 && (uint32_t)ct->capital < dlgaz_nplaces(c->eng))
        pop += dlgaz_place_at(c->eng, (uint32_t)ct->capital)->population;
      if (best < 0 || pop > bpop) {
        best = s[i].num;
        bpop = pop;
      }
    }
    if (best >= 0)
      return best;
  }
  return -1;
}

/* The point features.tsv gives "<name><sfx>" (folded to lower case) in
** country 'cc', into pl->lat/lon; false when it has none. */
static bool feature_point(const ctx *c, const char *name, const char *sfx,
                          const char cc[2], dlplace *pl) {
  char buf[MAXPHRASE];
  size_t n = strlen(name), sl = strlen(sfx);
  if (n + sl >= sizeof buf)
    return false;
  for (size_t i = 0; i < n; i++)
    buf[i] = name[i] >= 'A' && name[i] <= 'Z' ? (char)(name[i] + 32) : name[i];
  memcpy(buf + n, sfx, sl + 1);
  const dllex_sense *s;
  uint32_t ns = dllex_lookup(c->eng, buf, n + sl, &s);
  for (uint32_t i = 0; i < ns && i < MAXSENSES; i++) {
    if (s[i].dict != DLX_FEATURE || s[i].num < 0 ||
        (uint32_t)s[i].num >= dlgaz_nplaces(c->eng))
      continue;
    const dlgaz_place *p = dlgaz_place_at(c->eng, (uint32_t)s[i].num);
    if (p->cc[0] == cc[0] && p->cc[1] == cc[1]) {
      pl->lat = p->lat;
      pl->lon = p->lon;
      return true;
    }
  }
  return false;
}

static void fill_country(const ctx *c, dlplace *pl, int32_t ci) {
  const dlgaz_country *k = dlgaz_country_at(c->eng, (uint32_t)ci);
  memset(pl, 0, sizeof *pl);
  pl->set = true;
  pl->kind = DLPK_COUNTRY;
  pl->cc[0] = k->iso2[0];
  pl->cc[1] = k->iso2[1];
  pl->lat = k->lat;
  pl->lon = k->lon;
  pl->name = dlgaz_str(c->eng, k->name);
  /* A representative point of features.tsv under the country's own name
  ** overrides the data set's rounded one (United States 38N 97W lies far
  ** from the centre the news means). */
  feature_point(c, pl->name, "", k->iso2, pl);
}

/* An admin1 region's point: the mean of its towns unless features.tsv has
** "<name> state" or "<name> province" in its country (the mean of New
** York's towns lies near the city). */
static void region_point(const ctx *c, const dlgaz_place *a, dlplace *pl) {
  const char *n = dlgaz_str(c->eng, a->name);
  if (!feature_point(c, n, " state", a->cc, pl))
    feature_point(c, n, " province", a->cc, pl);
}

static void fill(dl_doc *d, const ctx *c, dlplace *pl, const cand *k,
                 const dlentity *e) {
  if (k->dict == DLX_COUNTRY) {
    fill_country(c, pl, k->num);
    return;
  }
  if (k->est) { /* "Metcalfe County": a feature in its region (SCHEMA.md) */
    const dlgaz_place *a = dlgaz_place_at(c->eng, (uint32_t)k->adm);
    memset(pl, 0, sizeof *pl);
    pl->set = true;
    pl->kind = DLPK_FEATURE;
    memcpy(pl->cc, a->cc, 2);
    pl->lat = k->lat;
    pl->lon = k->lon;
    pl->admin1 = dlgaz_str(c->eng, a->name);
    pl->name = dlarena_strndup(&d->arena, e->name, e->name_len);
    if (!pl->name)
      pl->name = pl->admin1;
    return;
  }
  const dlgaz_place *p = dlgaz_place_at(c->eng, (uint32_t)k->num);
  memset(pl, 0, sizeof *pl);
  pl->set = true;
  if (k->admin1 >= 0) { /* "California": the region, at its centre */
    const dlgaz_place *a = dlgaz_place_at(c->eng, (uint32_t)k->admin1);
    pl->kind = DLPK_ADMIN1;
    memcpy(pl->cc, a->cc, 2);
    pl->geonameid = a->geonameid;
    pl->lat = p->lat;
    pl->lon = p->lon;
    pl->name = pl->admin1 = dlgaz_str(c->eng, a->name);
    return;
  }
  pl->kind = k->dict == DLX_FEATURE ? DLPK_FEATURE
             : (k->dict == DLX_ADMIN1 || p->kind == DLPK_ADMIN1) ? DLPK_ADMIN1
                                                                : DLPK_CITY;
  pl->cc[0] = p->cc[0];
  pl->cc[1] = p->cc[1];
  pl->geonameid = p->geonameid;
  pl->lat = p->lat;
  pl->lon = p->lon;
  if (p->lat == 0 && p->lon == 0 && p->container >= 0 &&
      (uint32_t)p->container < dlgaz_nplaces(c->eng)) {
    const dlgaz_place *q = dlgaz_place_at(c->eng, (uint32_t)p->container);
    pl->lat = q->lat; /* a feature without a point: its container's */
    pl->lon = q->lon;
  }
  pl->name = dlgaz_str(c->eng, p->name);
  if (pl->kind == DLPK_ADMIN1) {
    pl->admin1 = pl->name;
    region_point(c, p, pl);
  }
  else if (p->admin1)
    pl->admin1 = dlgaz_str(c->eng, p->admin1);
}

/* Is the mention a county the gazetteer does not know as a whole
** ("Metcalfe County", "Plymouth Co.", "Orleans Parish")? */
static bool county_mention(const dl_doc *d, const dlmention *m) {
  if (m->t1 <= m->t0 + 1 || m->t1 > d->toks.n || in_agency(d, m))
    return false;
  uint32_t t0 = skip_the(d, m->t0, m->t1);
  for (uint32_t j = t0 + 1; j < m->t1; j++) { /* "Metcalfe County Coroner" */
    uint32_t end = j + 1;
    if (dltok_is(d, j, "co") && end < m->t1 && dltok_is(d, end, "."))
      end++;
    else if (!dltok_is(d, j, "county") && !dltok_is(d, j, "parish"))
      continue;
    const dllex_sense *s;
    return senses_of(d, t0, end, &s) == 0;
  }
  return false;
}

/* The admin1 region the article is about, for a county in it: the one
** its "X County, Ky." names, else the region the article's places vote
** for most (the dateline's, a named state, its towns'), -1 if none is
** clear. */
static int32_t context_adm(const ctx *c, const cons *cs, uint32_t ncs,
                           int32_t self) {
  for (uint32_t i = 0; i < ncs; i++)
    if (cs[i].admin1 >= 0)
      return cs[i].admin1;
  int32_t best = -1;
  double bw = 0;
  for (uint32_t i = 0; i < c->nav; i++) {
    if (c->av[i].ent == self)
      continue;
    double w = 0;
    for (uint32_t j = 0; j < c->nav; j++)
      if (c->av[j].adm == c->av[i].adm && c->av[j].ent != self)
        w += (double)c->av[j].w;
    if (w > bw) {
      bw = w;
      best = c->av[i].adm;
    }
  }
  return bw >= 1.5 ? best : -1;
}

/* A county of region 'a' placed at the article's towns there, else at the
** region's point. */
static void county_cand(const ctx *c, int32_t a, int32_t self, cand *k) {
  const dlgaz_place *p = dlgaz_place_at(c->eng, (uint32_t)a);
  memset(k, 0, sizeof *k);
  k->dict = DLX_ADMIN1;
  k->num = a;
  k->admin1 = -1;
  k->adm = a;
  k->country = country_of(c, p->cc);
  k->est = true;
  double la = 0, lo = 0;
  uint32_t n = 0;
  for (uint32_t i = 0; i < c->npt; i++)
    if (c->pt[i].adm == a && c->pt[i].ent != self) {
      la += c->pt[i].lat;
      lo += c->pt[i].lon;
      n++;
    }
  k->lat = n ? (float)(la / n) : p->lat;
  k->lon = n ? (float)(lo / n) : p->lon;
}

/* Is admin1 region 'adm' one of the senses, a state or province of the US
** or Canada? There a name that is both the region and a city in it means
** the region ("New York", "Quebec"); the city has its own name ("New York
** City", "Quebec City"), except in a dateline. */
static bool names_region(const ctx *c, const dllex_sense *s, uint32_t ns,
                         int32_t adm) {
  for (uint32_t j = 0; j < ns; j++) {
    if (s[j].dict != DLX_ADMIN1 || s[j].num != adm)
      continue;
    const dlgaz_place *a = dlgaz_place_at(c->eng, (uint32_t)adm);
    return (a->cc[0] == 'U' && a->cc[1] == 'S') ||
           (a->cc[0] == 'C' && a->cc[1] == 'A');
  }
  return false;
}

/* Resolve one GPE/LOC entity in context; false if no sense fits. */
static bool resolve_ent(const dl_doc *d, const ctx *c, dlentity *e,
                        bool dateline, cand *best) {
  cons cs[MAXCONS];
  uint32_t ncs = 0;
  for (uint32_t k = 0; k < e->mentions.n; k++) { /* "Kerman, Iran" */
    dllex_match m;
    const dlmention *mm = &e->mentions.v[k];
    if (mm->t1 > d->toks.n || in_agency(d, mm))
      continue;
    bool got = false; /* "HOLLIDAY, Mo." as one dateline mention */
    for (uint32_t i = mm->t0 + 1; i + 1 < mm->t1 && !got; i++)
      got = container_after(d, i, &m) && m.t1 <= mm->t1;
    if (!got && (mm->t1 >= d->toks.n || !container_after(d, mm->t1, &m)))
      continue;
    for (uint32_t i = 0; i < m.n && ncs < MAXCONS; i++) {
      if (m.senses[i].num < 0)
        continue;
      if (m.senses[i].dict == DLX_COUNTRY &&
          m.senses[i].num < c->ncountries)
        cs[ncs++] = (cons){(int16_t)m.senses[i].num, -1};
      else if (m.senses[i].dict == DLX_ADMIN1 &&
               (uint32_t)m.senses[i].num < dlgaz_nplaces(c->eng))
        cs[ncs++] = (cons){-1, m.senses[i].num};
      else if (m.senses[i].dict == DLX_FEATURE &&
               feature_admin1(c->eng, m.senses[i].num) >= 0)
        cs[ncs++] = (cons){-1, feature_admin1(c->eng, m.senses[i].num)};
      /* ^ "COLUMBIA, Ky.": a state's abbreviation (features.tsv) */
    }
    if (ncs)
      break;
  }
  int32_t self_c = own_country(d, c, e);
  if (self_c >= 0) { /* a country lies in no country: "in Russia, U.S.
                     ** officials said" names two, not Russia, Ohio */
    uint32_t j = 0;
    for (uint32_t i = 0; i < ncs; i++)
      if (cs[i].country < 0)
        cs[j++] = cs[i];
    ncs = j;
  }
  float self_v = 0;
  if (self_c >= 0)
    self_v = 1.0f + 0.25f * (float)(e->mentions.n > 5 ? 4 : e->mentions.n - 1);
  bool found = false;
  const dllex_sense *seen[4];
  uint32_t nseen = 0;
  for (uint32_t k = 0; k < e->mentions.n && nseen < 4; k++) {
    const dllex_sense *s;
    uint32_t ns = mention_senses(d, &e->mentions.v[k], &s);
    if (!ns)
      continue;
    bool dup = false; /* the same phrase again: its senses are scored */
    for (uint32_t j = 0; j < nseen; j++)
      dup |= seen[j] == s;
    if (dup)
      continue;
    seen[nseen++] = s;
    /* A name that is also a region, country or feature keeps that sense
    ** against a town of the article's regions ("California", Pa.). */
    int32_t focus = (int32_t)(e - d->ents.v);
    for (uint32_t i = 0; i < ns; i++)
      if (s[i].dict == DLX_ADMIN1 || s[i].dict == DLX_COUNTRY ||
          s[i].dict == DLX_FEATURE)
        focus = -1;
    for (uint32_t i = 0; i < ns; i++) {
      cand k2;
      if (!prior(c, &s[i], &k2))
        continue;
      if (k2.dict == DLX_FEATURE && k2.country >= 0 && k2.country == self_c)
        continue; /* a country's own point (fill_country) */
      if (k2.dict == DLX_FEATURE) /* "California": the region, its centre */
        for (uint32_t j = 0; j < ns; j++) {
          if (s[j].dict != DLX_ADMIN1 || s[j].num < 0 ||
              (uint32_t)s[j].num >= dlgaz_nplaces(c->eng))
            continue;
          const dlgaz_place *a = dlgaz_place_at(c->eng, (uint32_t)s[j].num);
          if (k2.country >= 0 && country_of(c, a->cc) == k2.country) {
            k2.admin1 = s[j].num;
            k2.score = 6.41; /* as the region itself, at a better point */
          }
        }
      if (dateline && k2.dict == DLX_PLACE)
        k2.score += 2.0; /* datelines name cities: "WASHINGTON -" */
      else if (k2.dict == DLX_PLACE && k2.adm >= 0 && names_region(c, s, ns, k2.adm))
        k2.score -= 4.0;
      k2.score = score(c, &k2, cs, ncs, self_c, self_v, focus);
      if (!found || k2.score > best->score) {
        *best = k2;
        found = true;
      }
    }
  }
  /* A county the gazetteer lacks: not a namesake town far away but a
  ** place in the article's region ("Metcalfe County" by "EDMONTON, Ky."). */
  int32_t self = (int32_t)(e - d->ents.v), a = -1;
  for (uint32_t k = 0; k < e->mentions.n && k < 4; k++)
    if (county_mention(d, &e->mentions.v[k])) {
      a = context_adm(c, cs, ncs, self);
      break;
    }
  /* "HOLLIDAY, Mo." with no Holliday in Missouri: a place the gazetteer
  ** lacks, in the region its container names, not a namesake elsewhere. */
  if (a < 0 && found && best->dict == DLX_PLACE && !best->est) {
    int32_t other = -1; /* a named region of the town's country, not its */
    bool in_one = false;
    for (uint32_t i = 0; i < ncs; i++) {
      if (cs[i].admin1 < 0)
        continue;
      const dlgaz_place *r = dlgaz_place_at(c->eng, (uint32_t)cs[i].admin1);
      in_one |= best->adm == cs[i].admin1;
      if (country_of(c, r->cc) == best->country && other < 0)
        other = cs[i].admin1;
    }
    if (!in_one)
      a = other;
  }
  if (a >= 0 && (uint32_t)a < dlgaz_nplaces(c->eng)) {
    county_cand(c, a, self, best);
    found = true;
  }
  return found;
}

/* Token index whose span holds byte 'off' (binary search), or toks.n. */
static uint32_t tok_at(const dl_doc *d, uint32_t off) {
  uint32_t lo = 0, hi = d->toks.n;
  while (lo < hi) {
    uint32_t mid = lo + (hi - lo) / 2;
    if (d->toks.v[mid].e <= off)
      lo = mid + 1;
    else
      hi = mid;
  }
  return lo;
}

/* The dateline's entity: the one with a mention over its text, else a new
** GPE entity with that one mention. -1 when the arena gave out. */
static int32_t dateline_entity(dl_doc *d) {
  dldateline *dl = &d->dateline;
  if (dl->ent >= 0 && (uint32_t)dl->ent < d->ents.n)
    return dl->ent;
  for (uint32_t i = 0; i < d->ents.n; i++) {
    const dlentity *e = &d->ents.v[i];
    for (uint32_t k = 0; k < e->mentions.n; k++)
      if (e->mentions.v[k].s < dl->e && e->mentions.v[k].e > dl->s)
        return (int32_t)i;
  }
  uint32_t t0 = tok_at(d, dl->s), t1 = t0;
  while (t1 < d->toks.n && d->toks.v[t1].s < dl->e)
    t1++;
  if (t0 >= t1)
    return -1;
  dlentity *e = dlvec_push(&d->arena, &d->ents);
  if (!e)
    return -1;
  e->type = DLE_GPE;
  e->name = d->text + dl->s;
  e->name_len = dl->e - dl->s;
  dlmention *m = dlvec_push(&d->arena, &e->mentions);
  if (!m)
    return -1;
  *m = (dlmention){dl->s, dl->e, t0, t1};
  int32_t id = (int32_t)(d->ents.n - 1);
  if (d->tokent)
    for (uint32_t i = t0; i < t1; i++)
      if (d->tokent[i] < 0)
        d->tokent[i] = id;
  return id;
}

static bool has_lower(const char *s, size_t n) {
  for (size_t i = 0; i < n; i++)
    if (s[i] >= 'a' && s[i] <= 'z')
      return true;
  return false;
}

static bool same_ci(const char *a, const char *b, size_t n) {
  for (size_t i = 0; i < n; i++) {
    char x = a[i], y = b[i];
    if (x >= 'A' && x <= 'Z') x = (char)(x + 32);
    if (y >= 'A' && y <= 'Z') y = (char)(y + 32);
    if (x != y)
      return false;
  }
  return true;
}

/* Datelines shout ("MOGADISHU, Somalia (Harbor Wire) -"): name the dateline's
** entity by a mention of the same words in ordinary case when the text has
** one ("in Mogadishu"), its own or another entity's. */
static void dateline_name(dl_doc *d, dlentity *e) {
  if (!e->name || has_lower(e->name, e->name_len))
    return;
  for (uint32_t i = 0; i < d->ents.n; i++) {
    const dlentity *o = &d->ents.v[i];
    if (o != e && o->type != DLE_GPE && o->type != DLE_LOC)
      continue;
    for (uint32_t k = 0; k < o->mentions.n; k++) {
      const dlmention *m = &o->mentions.v[k];
      if (m->e - m->s == e->name_len && has_lower(d->text + m->s, e->name_len) &&
          same_ci(d->text + m->s, e->name, e->name_len)) {
        e->name = d->text + m->s;
        return;
      }
    }
  }
}

/* Add what entity 'e' says about the article's countries to the votes. */
static void vote_names(const dl_doc *d, ctx *c) {
  for (uint32_t i = 0; i < d->ents.n; i++) {
    const dlentity *e = &d->ents.v[i];
    if (e->type != DLE_GPE && e->type != DLE_NORP)
      continue;
    int32_t ci = own_country(d, c, e);
    if (ci < 0)
      continue;
    float w = e->type == DLE_NORP ? 0.7f : 1.0f;
    w += 0.25f * (float)(e->mentions.n > 5 ? 4 : e->mentions.n - 1);
    if (e->type == DLE_NORP)
      w *= 0.7f; /* "Iraqi officials": a demonym says less than "Iraq" */
    c->votes[ci] += w;
    c->total += w;
  }
}

/* A resolved entity votes for its admin1 region: 2 when it is the region
** ("California"), 'w' when it lies in it (a city). */
static void add_adm(ctx *c, int32_t ent, const cand *k, float w) {
  int32_t a = k->admin1 >= 0 ? k->admin1 : k->adm;
  if (a < 0 || c->nav >= MAXAV || k->dict == DLX_COUNTRY)
    return;
  if (k->dict == DLX_ADMIN1 || k->admin1 >= 0)
    w = 2.0f;
  c->av[c->nav].ent = ent;
  c->av[c->nav].adm = a;
  c->av[c->nav].w = w;
  c->nav++;
}

/* A town pass 1 found pulls its neighbours in pass 2. */
static void add_pt(ctx *c, int32_t ent, const cand *k) {
  const dlgaz_place *p = dlgaz_place_at(c->eng, (uint32_t)k->num);
  if (p->lat == 0 && p->lon == 0)
    return;
  c->pt[c->npt].ent = ent;
  c->pt[c->npt].adm = k->adm;
  c->pt[c->npt].lat = p->lat;
  c->pt[c->npt].lon = p->lon;
  c->npt++;
}

/* The places stage (place.h). */
void dlplace_resolve(dl_doc *d) {
  const dl_engine *eng = d->eng;
  if (!eng->lex)
    return;
  ctx c;
  memset(&c, 0, sizeof c);
  c.eng = eng;
  c.ncountries = (int32_t)dlgaz_ncountries(eng);
  c.dl_country = -1;
  memset(c.ccmap, 0xff, sizeof c.ccmap);
  for (int32_t i = 0; i < c.ncountries; i++) {
    const dlgaz_country *k = dlgaz_country_at(eng, (uint32_t)i);
    if (k->iso2[0] >= 'A' && k->iso2[0] <= 'Z' && k->iso2[1] >= 'A' &&
        k->iso2[1] <= 'Z')
      c.ccmap[(k->iso2[0] - 'A') * 26 + (k->iso2[1] - 'A')] = (int16_t)i;
  }
  c.votes = dlarena_alloc(&d->arena, sizeof(float) * (size_t)(c.ncountries + 1));
  if (!c.votes)
    return;
  memset(c.votes, 0, sizeof(float) * (size_t)(c.ncountries + 1));
  vote_names(d, &c);

  /* The dateline first: its country is context for the rest. */
  int32_t dle = -1;
  cand dlb;
  bool dlok = false;
  if (d->dateline.present && d->dateline.e > d->dateline.s) {
    dle = dateline_entity(d);
    d->dateline.ent = dle;
    if (dle >= 0) {
      dlentity *e = &d->ents.v[dle];
      dateline_name(d, e);
      cand b;
      if (resolve_ent(d, &c, e, true, &b)) {
        dlb = b;
        dlok = true;
        if (e->type != DLE_GPE && e->type != DLE_LOC)
          e->type = DLE_GPE; /* "BAGHDAD (Reuters) -" names a place */
        fill(d, &c, &e->place, &b, e);
        c.dl_country = b.country;
        add_adm(&c, dle, &b, 1.5f);
        if (b.country >= 0) {
          c.votes[b.country] += 2.0f;
          c.total += 2.0f;
        }
      }
    }
  }

  /* Pass 1: every place in the light of the names; then the places found
  ** vote for their countries and admin1 regions; pass 2 settles. */
  uint32_t n = d->ents.n;
  cand *res = dlarena_alloc(&d->arena, sizeof(cand) * (n ? n : 1));
  bool *ok = dlarena_alloc(&d->arena, n ? n : 1);
  if (!res || !ok)
    return;
  for (int pass = 0; pass < 2; pass++) {
    for (uint32_t i = 0; i < n; i++) {
      dlentity *e = &d->ents.v[i];
      ok[i] = false;
      if ((e->type != DLE_GPE && e->type != DLE_LOC) || (int32_t)i == dle)
        continue;
      ok[i] = resolve_ent(d, &c, e, false, &res[i]);
    }
    if (pass == 1)
      break;
    for (uint32_t i = 0; i < n; i++) {
      if (!ok[i] || res[i].dict == DLX_COUNTRY || res[i].country < 0)
        continue;
      c.votes[res[i].country] += 0.4f; /* cities name their country */
      c.total += 0.4f;
      add_adm(&c, (int32_t)i, &res[i], 0.75f);
    }
    for (uint32_t i = 0; i < n && c.npt < MAXPTS; i++)
      if (ok[i] && res[i].dict == DLX_PLACE)
        add_pt(&c, (int32_t)i, &res[i]);
    if (dlok && dlb.dict == DLX_PLACE && c.npt < MAXPTS)
      add_pt(&c, dle, &dlb);
  }
  for (uint32_t i = 0; i < n; i++)
    if (ok[i])
      fill(d, &c, &d->ents.v[i].place, &res[i], &d->ents.v[i]);
  /* The dateline again, in the light of the article's towns and regions
  ** ("INNISFAIL -" over an article on Red Deer and Alberta). */
  if (dlok && dlb.country >= 0) { /* without its own first answer's votes */
    c.votes[dlb.country] -= 2.0f;
    c.total -= 2.0f;
    c.dl_country = -1;
  }
  if (dlok && resolve_ent(d, &c, &d->ents.v[dle], true, &dlb))
    fill(d, &c, &d->ents.v[dle].place, &dlb, &d->ents.v[dle]);

  /* Nationalities stand for their country ("Russian culture"). */
  for (uint32_t i = 0; i < n; i++) {
    dlentity *e = &d->ents.v[i];
    if (e->type != DLE_NORP)
      continue;
    int32_t ci = own_country(d, &c, e);
    if (ci >= 0)
      fill_country(&c, &e->place, ci);
  }
}
