/*
** incident.c: incidents, one real-world event reported by many articles
** (README "Incidents"). Runs in dl_store_put after an article's rows are
** stored: a MinHash signature of its text finds near-duplicate articles
** through LSH bands, and each event joins the incidents of the stored
** events it matches. Also the rebuild after a merge and the incident list.
**
** Incidents are the connected components of a graph over clusterable
** events (a family, a day, not negated or future). Two events are linked
** ('match') when they have the same family, days at most one apart,
** countries that do not differ, and, for families of things that happen
** at a place (violence, protest, coerce, posture), places within 50 km
** (else the same admin1) with compatible actors (per side equal, one a
** prefix of the other, or one missing; source and target may be swapped);
** otherwise (other families, or only a country or no place) the same named
** source and target (maybe swapped); or ('twin') when their articles are
** near-duplicates (estimated Jaccard of word 3-shingles >= 0.5), they have
** the same family and their countries do not differ. Both relations are
** symmetric and depend on the two events only, so the partition does not
** depend on arrival order; incident ids do (new ones take max + 1, a merge
** keeps the smallest).
*/
#include "storeint.h"

#include <assert.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

/* ------------------------------------------------------------ families */

static const struct {
  char root[3];
  const char *family;
} families[] = {
    {"03", "cooperate"}, {"04", "cooperate"}, {"05", "cooperate"},
    {"06", "aid"},       {"07", "aid"},       {"08", "aid"},
    {"09", "investigate"}, {"10", "demand"},  {"11", "disapprove"},
    {"12", "disapprove"}, {"13", "threaten"}, {"14", "protest"},
    {"15", "posture"},   {"16", "reduce"},    {"17", "coerce"},
    {"18", "violence"},  {"19", "violence"},  {"20", "violence"}};

const char *dlst_family(const char *root, size_t n) {
  if (!root || n < 2)
    return NULL;
  for (size_t i = 0; i < DL_COUNTOF(families); i++)
    if (root[0] == families[i].root[0] && root[1] == families[i].root[1])
      return families[i].family;
  return NULL; /* 01, 02: statements and appeals are everywhere */
}

bool dlst_ids_add(dlst_ids *s, int64_t id) {
  for (size_t i = 0; i < s->n; i++)
    if (s->v[i] == id)
      return true;
  if (s->n == s->cap) {
    size_t nc = s->cap ? s->cap * 2 : 8;
    int64_t *p = realloc(s->v, nc * sizeof *p);
    if (!p)
      return false;
    s->v = p;
    s->cap = nc;
  }
  s->v[s->n++] = id;
  return true;
}

static void ids_add(dl_store *st, dlst_ids *s, int64_t id) {
  if (!dlst_ids_add(s, id))
    st->oom = true;
}

/* ------------------------------------------------------------- MinHash */

#define MH_K 60       /* minima per signature */
#define MH_BANDS 20   /* LSH bands of MH_ROWS minima */
#define MH_ROWS 3
#define MH_MIN_SHINGLES 8 /* shorter texts get no signature */
#define TWIN_MIN 30   /* equal minima for a near-duplicate: Jaccard >= 0.5 */

static uint64_t mix(uint64_t z) { /* splitmix64's finalizer */
  z ^= z >> 30;
  z *= 0xbf58476d1ce4e5b9u;
  z ^= z >> 27;
  z *= 0x94d049bb133111ebu;
  return z ^ (z >> 31);
}

/* MinHash of the word 3-shingles of 'text' (ASCII folded to lower case;
** words are runs of letters, digits and non-ASCII bytes); the number of
** shingles. h_i(x) = (a_i x + b_i) >> 32 with odd a_i. */
static size_t minhash(const char *t, size_t n, uint32_t mh[MH_K]) {
  uint64_t a[MH_K], b[MH_K];
  for (int i = 0; i < MH_K; i++) {
    a[i] = mix((uint64_t)i * 2 + 1) | 1;
    b[i] = mix((uint64_t)i * 2 + 2);
    mh[i] = UINT32_MAX;
  }
  uint64_t w[3] = {0, 0, 0};
  size_t words = 0, shingles = 0, i = 0;
  while (i < n) {
    unsigned char c = (unsigned char)t[i];
    bool wc = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
              (c >= 'A' && c <= 'Z') || c >= 0x80;
    if (!wc) {
      i++;
      continue;
    }
    uint64_t h = 0xcbf29ce484222325u;
    for (; i < n; i++) {
      c = (unsigned char)t[i];
      if (c >= 'A' && c <= 'Z')
        c = (unsigned char)(c + 32);
      else if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
                 c >= 0x80))
        break;
      h = (h ^ c) * 0x100000001b3u;
    }
    w[0] = w[1];
    w[1] = w[2];
    w[2] = h;
    if (++words < 3)
      continue;
    uint64_t x = mix(mix(mix(w[0]) ^ w[1]) ^ w[2]);
    shingles++;
    for (int k = 0; k < MH_K; k++) {
      uint32_t v = (uint32_t)((a[k] * x + b[k]) >> 32);
      if (v < mh[k])
        mh[k] = v;
    }
  }
  return shingles;
}

static void mh_encode(const uint32_t mh[MH_K], unsigned char out[MH_K * 4]) {
  for (int i = 0; i < MH_K; i++)
    for (int k = 0; k < 4; k++) /* little-endian, the same on every host */
      out[i * 4 + k] = (unsigned char)(mh[i] >> (8 * k));
}

static bool mh_decode(const void *p, int n, uint32_t mh[MH_K]) {
  const unsigned char *b = p;
  if (!p || n != MH_K * 4)
    return false;
  for (int i = 0; i < MH_K; i++)
    mh[i] = (uint32_t)b[i * 4] | (uint32_t)b[i * 4 + 1] << 8 |
            (uint32_t)b[i * 4 + 2] << 16 | (uint32_t)b[i * 4 + 3] << 24;
  return true;
}

/* The LSH key of band 'b': the band number in the top byte. */
static int64_t band_key(const uint32_t mh[MH_K], int b) {
  uint64_t h = 0;
  for (int r = 0; r < MH_ROWS; r++)
    h = mix(h ^ mh[b * MH_ROWS + r]);
  h = ((uint64_t)b << 56) | (h & 0x00ffffffffffffffu);
  int64_t v;
  memcpy(&v, &h, sizeof v);
  return v;
}

/* The outlet of an article: the URL's host without "www.", else the agency
** of a dateline "CITY (Agency) -", lower-cased into 'out'; "" if neither
** (wire-story: "BAGHDAD (Reuters) -"). */
static void outlet(const char *text, size_t len, const char *url,
                   size_t ulen, char *out, size_t cap) {
  const char *s = NULL;
  size_t n = 0;
  out[0] = '\0';
  if (url && ulen) {
    const char *p = memchr(url, ':', ulen);
    if (p && (size_t)(url + ulen - p) > 3 && p[1] == '/' && p[2] == '/') {
      s = p + 3;
      n = 0;
      while (s + n < url + ulen && s[n] != '/' && s[n] != ':' &&
             s[n] != '?' && s[n] != '#')
        n++;
      if (n > 4 && !memcmp(s, "www.", 4))
        s += 4, n -= 4;
    }
  }
  if (!n) {
    size_t lim = len < 160 ? len : 160;
    const char *o = memchr(text, '(', lim);
    if (o) {
      const char *c = memchr(o, ')', (size_t)(text + lim - o));
      const char *after = c ? c + 1 : NULL;
      while (after && after < text + len && *after == ' ')
        after++;
      if (c && c - o > 1 && c - o < 40 && after < text + len &&
          (*after == '-' || (unsigned char)*after == 0xe2 || *after == ':')) {
        s = o + 1;
        n = (size_t)(c - s);
      }
    }
  }
  if (n >= cap)
    n = cap - 1;
  for (size_t i = 0; i < n; i++)
    out[i] = (s[i] >= 'A' && s[i] <= 'Z') ? (char)(s[i] + 32) : s[i];
  out[n] = '\0';
}

/* ---------------------------------------------------------- statements */

enum {
  C_SIG_PUT = DLST_CORE, C_SIG_GET, C_ART_GET, C_LSH_PUT, C_LSH_FIND,
  C_LSH_DEL, C_EVS, C_CAND, C_TWIN_EVS, C_INC_NEW, C_MOVE_EVS, C_MOVE_REPS,
  C_INC_DEL, C_SET_EV, C_REP_PUT, C_AGG, C_AGG_PLACE, C_AGG_TOLL,
  C_AGG_SET, C_EV_INCS, C_MEMBERS, C_CLEAR_EVS, C_CLEAR_REPS, C_NCLUST,
  C_KEY_PUT, C_KEY_MOVE, C_KEY_DEL, C_ST_GET, C_ST_BUMP, C_ST_ZAP, C_ST_SET,
  C_ST_DEL, C_ST_ARTS, C_ST_PLACE, C_ST_PMERGE, C_ST_PTOP, C_ST_MINMAX,
  C_ST_MODE, C_INC_BUMP, C_INC_ABSORB, C_CONTRIB, C_SRC_OF, C_ST_DELROW,
  C_N
};
static_assert((int)C_N <= (int)DLST_MAX, "statement slots");

static const char *const csql[C_N - DLST_CORE] = {
    "INSERT OR REPLACE INTO article_sigs(aid, source, minhash)"
    " VALUES (?1, ?2, ?3)",
    "SELECT minhash FROM article_sigs WHERE aid = ?1",
    "SELECT text, url FROM articles WHERE aid = ?1",
    "INSERT OR IGNORE INTO lsh(key, aid) VALUES (?1, ?2)",
    "SELECT aid FROM lsh WHERE key = ?1",
    "DELETE FROM lsh WHERE key = ?1 AND aid = ?2",
    "SELECT n, family, day, country, lat, lon, admin1, place_kind,"
    " source_code, target_code, modality, killed, injured, arrested"
    " FROM events WHERE aid = ?1 AND (?2 IS NULL OR n = ?2) ORDER BY n",
    "SELECT 0, 0, incident, day, country, lat, lon, admin1, place_kind,"
    " source_code, target_code FROM incident_keys"
    " WHERE family = ?1 AND day BETWEEN ?2 AND ?3"
    " AND (?4 IS NULL OR country IS NULL OR country = ?4)"
    " AND ((lat BETWEEN ?5 AND ?6 AND lon BETWEEN ?7 AND ?8)"
    " OR admin1 = ?9 OR (source_code = ?10 AND target_code = ?11)"
    " OR (source_code = ?11 AND target_code = ?10))",
    "SELECT n, incident, country FROM events"
    " WHERE aid = ?1 AND family = ?2 AND incident IS NOT NULL",
    "INSERT INTO incidents(iid, family) VALUES (?2, ?1)",
    "UPDATE events SET incident = ?1 WHERE incident = ?2",
    "UPDATE incident_reports SET iid = ?1 WHERE iid = ?2",
    "DELETE FROM incidents WHERE iid = ?1",
    "UPDATE events SET incident = ?3 WHERE aid = ?1 AND n = ?2",
    "INSERT OR REPLACE INTO incident_reports VALUES"
    " (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    "SELECT count(*), count(DISTINCT e.aid), min(e.day), max(e.day),"
    " count(DISTINCT coalesce(nullif(g.source, ''), '#' || e.aid)),"
    " (SELECT family FROM incidents WHERE iid = ?1)"
    " FROM events e LEFT JOIN article_sigs g ON g.aid = e.aid"
    " WHERE e.incident = ?1",
    "SELECT place_name, lat, lon, country, admin1, count(*) AS c"
    " FROM events WHERE incident = ?1"
    " AND (place_name IS NOT NULL OR country IS NOT NULL)"
    " GROUP BY place_name, lat, lon, country, admin1"
    " ORDER BY lat IS NULL, c DESC, place_name, country LIMIT 1",
    "SELECT coalesce(max(e.killed), CASE WHEN ?2 = 'violence' THEN"
    " (SELECT max(c.count) FROM casualties c WHERE c.aid = e.aid AND"
    " c.kind = 'killed' AND c.event IS NULL AND NOT c.negated) END),"
    " coalesce(max(e.injured), CASE WHEN ?2 = 'violence' THEN"
    " (SELECT max(c.count) FROM casualties c WHERE c.aid = e.aid AND"
    " c.kind = 'injured' AND c.event IS NULL AND NOT c.negated) END),"
    " coalesce(max(e.arrested), CASE WHEN ?2 = 'coerce' THEN"
    " (SELECT max(c.count) FROM casualties c WHERE c.aid = e.aid AND"
    " c.kind = 'arrested' AND c.event IS NULL AND NOT c.negated) END)"
    " FROM events e WHERE e.incident = ?1 GROUP BY e.aid"
    " HAVING (SELECT count(DISTINCT x.incident) FROM events x"
    " WHERE x.aid = e.aid AND x.family = ?2) = 1"
    " UNION ALL SELECT max(e.killed), max(e.injured), max(e.arrested)"
    " FROM events e WHERE e.incident = ?1 GROUP BY e.aid"
    " HAVING (SELECT count(DISTINCT x.incident) FROM events x"
    " WHERE x.aid = e.aid AND x.family = ?2) > 1",
    "UPDATE incidents SET first_day = ?2, last_day = ?3, place_name = ?4,"
    " lat = ?5, lon = ?6, country = ?7, admin1 = ?8, mentions = ?9,"
    " articles = ?10, sources = ?11, killed_min = ?12, killed_max = ?13,"
    " killed_mode = ?14, injured_min = ?15, injured_max = ?16,"
    " injured_mode = ?17, arrested_min = ?18, arrested_max = ?19,"
    " arrested_mode = ?20 WHERE iid = ?1",
    "SELECT DISTINCT incident FROM events"
    " WHERE aid = ?1 AND incident IS NOT NULL",
    "SELECT aid, n FROM events WHERE incident = ?1",
    "UPDATE events SET incident = NULL WHERE incident = ?1",
    "DELETE FROM incident_reports WHERE iid = ?1",
    "SELECT count(*) FROM events WHERE aid = ?1 AND family IS NOT NULL"
    " AND length(day) = 10 AND modality NOT IN ('negated', 'future')",
    /* C_KEY_PUT: the event's match key, once per incident */
    "INSERT OR IGNORE INTO incident_keys SELECT family, day, country, lat,"
    " lon, admin1, place_kind, source_code, target_code, ?3,"
    " printf('%s|%s|%s|%s|%s|%s|%s|%s|%s', family, day, quote(country),"
    " CASE WHEN lat IS NULL THEN 'N' ELSE printf('%!.17g', lat) END,"
    " CASE WHEN lon IS NULL THEN 'N' ELSE printf('%!.17g', lon) END,"
    " quote(admin1), quote(place_kind), quote(source_code),"
    " quote(target_code)) FROM events WHERE aid = ?1 AND n = ?2",
    "UPDATE OR IGNORE incident_keys SET incident = ?1 WHERE incident = ?2",
    "DELETE FROM incident_keys WHERE incident = ?1",
    /* C_ST_GET */
    "SELECT n, f1, f2, f3 FROM incident_stats"
    " WHERE iid = ?1 AND kind = ?2 AND k = ?3",
    "INSERT INTO incident_stats(iid, kind, k, n) VALUES (?1, ?2, ?3, ?4)"
    " ON CONFLICT(iid, kind, k) DO UPDATE SET n = n + excluded.n",
    "DELETE FROM incident_stats WHERE iid = ?1 AND kind = ?2 AND k = ?3"
    " AND n <= 0",
    "INSERT OR REPLACE INTO incident_stats(iid, kind, k, n, f1, f2, f3)"
    " VALUES (?1, 0, ?2, ?3, ?4, ?5, ?6)",
    "DELETE FROM incident_stats WHERE iid = ?1",
    "SELECT k FROM incident_stats WHERE iid = ?1 AND kind = 0",
    /* C_ST_PLACE: the event's place, counted */
    "INSERT INTO incident_stats(iid, kind, k, n, f1, f2, f3, f4, f5)"
    " SELECT ?3, 2, printf('%s|%s|%s|%s|%s', quote(place_name),"
    " CASE WHEN lat IS NULL THEN 'N' ELSE printf('%!.17g', lat) END,"
    " CASE WHEN lon IS NULL THEN 'N' ELSE printf('%!.17g', lon) END,"
    " quote(country), quote(admin1)), 1, place_name, lat, lon, country,"
    " admin1 FROM events WHERE aid = ?1 AND n = ?2"
    " AND (place_name IS NOT NULL OR country IS NOT NULL)"
    " ON CONFLICT(iid, kind, k) DO UPDATE SET n = n + 1",
    "INSERT INTO incident_stats(iid, kind, k, n, f1, f2, f3, f4, f5)"
    " SELECT ?1, kind, k, n, f1, f2, f3, f4, f5 FROM incident_stats"
    " WHERE iid = ?2 AND kind = 2"
    " ON CONFLICT(iid, kind, k) DO UPDATE SET n = n + excluded.n",
    "SELECT f1, f2, f3, f4, f5 FROM incident_stats WHERE iid = ?1"
    " AND kind = 2 ORDER BY f2 IS NULL, n DESC, f1, f4, f2, f3, f5 LIMIT 1",
    "SELECT min(k), max(k) FROM incident_stats WHERE iid = ?1 AND kind = ?2",
    "SELECT k FROM incident_stats WHERE iid = ?1 AND kind = ?2"
    " ORDER BY n DESC, k DESC LIMIT 1",
    /* C_INC_BUMP */
    "UPDATE incidents SET mentions = mentions + ?2,"
    " first_day = CASE WHEN first_day IS NULL OR ?3 < first_day THEN ?3"
    " ELSE first_day END,"
    " last_day = CASE WHEN last_day IS NULL OR ?3 > last_day THEN ?3"
    " ELSE last_day END,"
    " articles = articles + ?4, sources = sources + ?5 WHERE iid = ?1",
    "UPDATE incidents SET mentions = mentions + (SELECT o.mentions FROM"
    " incidents o WHERE o.iid = ?2), first_day = min(first_day, (SELECT"
    " o.first_day FROM incidents o WHERE o.iid = ?2)), last_day ="
    " max(last_day, (SELECT o.last_day FROM incidents o WHERE o.iid = ?2))"
    " WHERE iid = ?1",
    /* C_CONTRIB: article ?1's events in incident ?2 and its own figures;
    ** '+e.incident': through the article's key, not the incident's index
    ** (an incident of thousands of events made this scan grow with it) */
    "SELECT count(*), max(e.killed), max(e.injured), max(e.arrested),"
    " (SELECT count(DISTINCT x.incident) FROM events x WHERE x.aid = ?1 AND"
    " x.family = (SELECT family FROM incidents WHERE iid = ?2)),"
    " (SELECT family FROM incidents WHERE iid = ?2),"
    " (SELECT max(c.count) FROM casualties c WHERE c.aid = ?1 AND"
    " c.kind = 'killed' AND c.event IS NULL AND NOT c.negated),"
    " (SELECT max(c.count) FROM casualties c WHERE c.aid = ?1 AND"
    " c.kind = 'injured' AND c.event IS NULL AND NOT c.negated),"
    " (SELECT max(c.count) FROM casualties c WHERE c.aid = ?1 AND"
    " c.kind = 'arrested' AND c.event IS NULL AND NOT c.negated)"
    " FROM events e WHERE e.aid = ?1 AND +e.incident = ?2",
    "SELECT coalesce(nullif(source, ''), '#' || ?1) FROM article_sigs"
    " WHERE aid = ?1",
    "DELETE FROM incident_stats WHERE iid = ?1 AND kind = 0 AND k = ?2",
};

static sqlite3_stmt *cst(dl_store *st, int i) {
  return dlst_stmt(st, i, csql[i - DLST_CORE]);
}

#define CST(var, i)                                                         \
  sqlite3_stmt *var = cst(st, i);                                           \
  if (!var)                                                                 \
    return dlst_sqlerr(st, sqlite3_errcode(st->db))

static dl_status step_done(dl_store *st, sqlite3_stmt *s, int rc) {
  sqlite3_reset(s);
  return rc == SQLITE_DONE || rc == SQLITE_ROW ? DL_OK : dlst_sqlerr(st, rc);
}

static void copy_col(sqlite3_stmt *s, int i, char *out, size_t cap) {
  const unsigned char *t = sqlite3_column_text(s, i);
  size_t n = t ? (size_t)sqlite3_column_bytes(s, i) : 0;
  if (n >= cap)
    n = cap - 1;
  if (n)
    memcpy(out, t, n);
  out[n] = '\0';
}

/* ------------------------------------------------------------ matching */

/* An event as clustering sees it. */
typedef struct cev {
  int64_t aid, n, inc;
  char family[16];
  char day[12];
  char cc[4];            /* place's ISO alpha-2, "" = none */
  bool geo;
  double lat, lon;
  char admin1[64];
  bool coarse;           /* the place is a whole country */
  char src[16], tgt[16]; /* actor codes, "" = unknown */
  int64_t killed, injured, arrested; /* -1 = null */
  bool clusterable;
} cev;

/* Read the place and actor columns starting at 'i' (country, lat, lon,
** admin1, place_kind, source_code, target_code). */
static void read_geo(sqlite3_stmt *s, int i, cev *e) {
  copy_col(s, i, e->cc, sizeof e->cc);
  e->geo = sqlite3_column_type(s, i + 1) != SQLITE_NULL &&
           sqlite3_column_type(s, i + 2) != SQLITE_NULL;
  e->lat = sqlite3_column_double(s, i + 1);
  e->lon = sqlite3_column_double(s, i + 2);
  copy_col(s, i + 3, e->admin1, sizeof e->admin1);
  char kind[16];
  copy_col(s, i + 4, kind, sizeof kind);
  e->coarse = !strcmp(kind, "country");
  copy_col(s, i + 5, e->src, sizeof e->src);
  copy_col(s, i + 6, e->tgt, sizeof e->tgt);
}

static bool prefix(const char *a, const char *b) {
  return !strncmp(a, b, strlen(a));
}
static bool code_ok(const char *a, const char *b) {
  return !*a || !*b || prefix(a, b) || prefix(b, a);
}
static bool code_eq(const char *a, const char *b) {
  return *a && !strcmp(a, b);
}

/* Compatible actors, straight or swapped. */
static bool actors_ok(const cev *e, const cev *f) {
  return (code_ok(e->src, f->src) && code_ok(e->tgt, f->tgt)) ||
         (code_ok(e->src, f->tgt) && code_ok(e->tgt, f->src));
}

/* A code that names someone: it opens with a country or organisation,
** not a bare role ("BUS" signs agreements every day, SCHEMA.md roles). */
static bool specific(const char *c) {
  static const char roles[][4] = {"GOV", "MIL", "COP", "JUD", "LEG", "OPP",
                                  "PTY", "REB", "SPY", "MED", "CVL", "BUS",
                                  "NGO", "UAF", "EDU", "ELI", "LAB", "AGR",
                                  "HLH", "REF", "CRM", "SET", "RAD"};
  if (strlen(c) < 3)
    return false;
  for (size_t i = 0; i < DL_COUNTOF(roles); i++)
    if (!memcmp(c, roles[i], 3))
      return false;
  return true;
}

static bool code_same(const char *a, const char *b) {
  return code_eq(a, b) && specific(a);
}

/* The same dyad: both codes named and equal, straight or swapped. */
static bool same_dyad(const cev *e, const cev *f) {
  return (code_same(e->src, f->src) && code_same(e->tgt, f->tgt)) ||
         (code_same(e->src, f->tgt) && code_same(e->tgt, f->src));
}

/* Families of things that happen at a place: there, a day and a place are
** strong evidence; other families (talks, deals, criticism) need the same
** parties (Reuters-21578: "agreement" events of 'BUS' in New York). */
static bool physical(const char *family) {
  return !strcmp(family, "violence") || !strcmp(family, "protest") ||
         !strcmp(family, "coerce") || !strcmp(family, "posture");
}

/* The 'match' relation (the caller checked family and day window). Without
** a place finer than the country, one shared actor is not enough: on a
** busy news day "USAGOV criticised ..." events would chain into one
** incident (Reuters-21578 dated over a week: one of 1030 events). */
static bool match(const cev *e, const cev *f) {
  if (e->cc[0] && f->cc[0] && strcmp(e->cc, f->cc))
    return false;
  if (!physical(e->family))
    return same_dyad(e, f);
  if (e->geo && f->geo && !e->coarse && !f->coarse)
    return dlst_km(e->lat, e->lon, f->lat, f->lon) <= 50.0 &&
           actors_ok(e, f);
  if (e->cc[0] && f->cc[0] && e->admin1[0] && f->admin1[0])
    return !strcmp(e->admin1, f->admin1) && actors_ok(e, f);
  return same_dyad(e, f); /* the same country, or a place unknown */
}

static long days_of(const char *s, bool *ok) {
  int y, m, d;
  *ok = strlen(s) == 10 && sscanf(s, "%4d-%2d-%2d", &y, &m, &d) == 3;
  if (!*ok)
    return 0;
  y -= m <= 2;
  long era = (y >= 0 ? y : y - 399) / 400;
  long yoe = y - era * 400;
  long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

static void day_str(long z, char out[12]) {
  z += 719468;
  long era = (z >= 0 ? z : z - 146096) / 146097;
  long doe = z - era * 146097;
  long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  long mp = (5 * doy + 2) / 153;
  int d = (int)(doy - (153 * mp + 2) / 5 + 1);
  int m = (int)(mp < 10 ? mp + 3 : mp - 9);
  long y = yoe + era * 400 + (m <= 2);
  snprintf(out, 12, "%04ld-%02d-%02d", y % 10000, m, d);
}

/* ---------------------------------------------------------- incidents */

/* Run slot 'i' with integer bindings 'v' (n of them). */
static dl_status run_ints(dl_store *st, int i, const int64_t *v, int n) {
  CST(s, i);
  for (int k = 0; k < n; k++)
    sqlite3_bind_int64(s, k + 1, v[k]);
  return dlst_run(st, s);
}

static void bind_key(sqlite3_stmt *s, const char *tk, int64_t ik) {
  if (tk)
    sqlite3_bind_text(s, 3, tk, -1, SQLITE_STATIC);
  else
    sqlite3_bind_int64(s, 3, ik);
}

/* Count 'by' more (or fewer) of key 'tk' (text), else 'ik', in the stats
** of 'iid' of 'kind'; *now: the count after it (0: the row is gone). */
static dl_status bump(dl_store *st, int64_t iid, int kind, const char *tk,
                      int64_t ik, int64_t by, int64_t *now) {
  CST(b, C_ST_BUMP);
  sqlite3_bind_int64(b, 1, iid);
  sqlite3_bind_int(b, 2, kind);
  bind_key(b, tk, ik);
  sqlite3_bind_int64(b, 4, by);
  dl_status r = dlst_run(st, b);
  if (r != DL_OK)
    return r;
  CST(g, C_ST_GET);
  sqlite3_bind_int64(g, 1, iid);
  sqlite3_bind_int(g, 2, kind);
  bind_key(g, tk, ik);
  int rc = sqlite3_step(g);
  *now = rc == SQLITE_ROW ? sqlite3_column_int64(g, 0) : 0;
  if ((r = step_done(st, g, rc)) != DL_OK || *now > 0)
    return r;
  CST(z, C_ST_ZAP);
  sqlite3_bind_int64(z, 1, iid);
  sqlite3_bind_int(z, 2, kind);
  bind_key(z, tk, ik);
  return dlst_run(st, z);
}

static dl_status bump_int(dl_store *st, int64_t iid, int kind, int64_t k,
                          int64_t by) {
  int64_t now;
  return bump(st, iid, kind, NULL, k, by, &now);
}

/* Bring article 'aid''s row in the stats of incident 'iid' up to date: its
** events there, its figures (its largest for the incident, else its
** casualties tied to no event when this is its only incident of the
** family: "Six guards were injured" after "drones attacked"), the counts
** of figure values, of articles and of outlets. */
static dl_status refresh(dl_store *st, int64_t iid, int64_t aid) {
  CST(g, C_ST_GET);
  sqlite3_bind_int64(g, 1, iid);
  sqlite3_bind_int(g, 2, 0);
  sqlite3_bind_int64(g, 3, aid);
  int rc = sqlite3_step(g);
  bool had = rc == SQLITE_ROW;
  int64_t old[3] = {-1, -1, -1}, now[3] = {-1, -1, -1};
  for (int k = 0; k < 3 && had; k++)
    if (sqlite3_column_type(g, 1 + k) != SQLITE_NULL)
      old[k] = sqlite3_column_int64(g, 1 + k);
  dl_status r = step_done(st, g, rc);
  if (r != DL_OK)
    return r;
  CST(c, C_CONTRIB);
  sqlite3_bind_int64(c, 1, aid);
  sqlite3_bind_int64(c, 2, iid);
  rc = sqlite3_step(c);
  int64_t cnt = rc == SQLITE_ROW ? sqlite3_column_int64(c, 0) : 0;
  if (rc == SQLITE_ROW) {
    bool only = sqlite3_column_int64(c, 4) == 1;
    char fam[16];
    copy_col(c, 5, fam, sizeof fam);
    static const char *const own[3] = {"violence", "violence", "coerce"};
    for (int k = 0; k < 3; k++) {
      if (sqlite3_column_type(c, 1 + k) != SQLITE_NULL)
        now[k] = sqlite3_column_int64(c, 1 + k);
      else if (only && !strcmp(fam, own[k]) &&
               sqlite3_column_type(c, 6 + k) != SQLITE_NULL)
        now[k] = sqlite3_column_int64(c, 6 + k);
    }
  }
  if ((r = step_done(st, c, rc)) != DL_OK)
    return r;
  for (int k = 0; k < 3 && r == DL_OK; k++)
    if (old[k] != now[k]) {
      if (old[k] >= 0)
        r = bump_int(st, iid, 3 + k, old[k], -1);
      if (r == DL_OK && now[k] >= 0)
        r = bump_int(st, iid, 3 + k, now[k], 1);
    }
  if (r != DL_OK)
    return r;
  if (cnt) {
    CST(p, C_ST_SET);
    sqlite3_bind_int64(p, 1, iid);
    sqlite3_bind_int64(p, 2, aid);
    sqlite3_bind_int64(p, 3, cnt);
    for (int k = 0; k < 3; k++)
      if (now[k] >= 0)
        sqlite3_bind_int64(p, 4 + k, now[k]);
    if ((r = dlst_run(st, p)) != DL_OK)
      return r;
  } else if (had) {
    int64_t v[2] = {iid, aid};
    if ((r = run_ints(st, C_ST_DELROW, v, 2)) != DL_OK)
      return r;
  }
  if (had == (cnt > 0))
    return DL_OK;
  /* an article more or less: and its outlet */
  CST(o, C_SRC_OF);
  sqlite3_bind_int64(o, 1, aid);
  rc = sqlite3_step(o);
  char key[160];
  if (rc == SQLITE_ROW)
    copy_col(o, 0, key, sizeof key);
  else
    snprintf(key, sizeof key, "#%lld", (long long)aid);
  if ((r = step_done(st, o, rc)) != DL_OK)
    return r;
  int64_t by = cnt > 0 ? 1 : -1, left = 0;
  if ((r = bump(st, iid, 1, key, 0, by, &left)) != DL_OK)
    return r;
  bool src_changed = by > 0 ? left == 1 : left == 0;
  CST(u, C_INC_BUMP);
  sqlite3_bind_int64(u, 1, iid);
  sqlite3_bind_int64(u, 2, 0);
  sqlite3_bind_int64(u, 4, by);
  sqlite3_bind_int64(u, 5, src_changed ? by : 0);
  ids_add(st, &st->dirty, iid);
  return dlst_run(st, u);
}

/* The place and the tolls of incident 'iid' from its running counts. */
static dl_status finalize(dl_store *st, int64_t iid) {
  CST(u, C_AGG_SET);
  sqlite3_bind_int64(u, 1, iid);
  /* unchanged columns: bind the stored ones back */
  sqlite3_stmt *q;
  int rc = sqlite3_prepare_v2(st->db,
                              "SELECT first_day, last_day, mentions,"
                              " articles, sources FROM incidents"
                              " WHERE iid = ?1", -1, &q, NULL);
  if (rc != SQLITE_OK)
    return dlst_sqlerr(st, rc);
  sqlite3_bind_int64(q, 1, iid);
  rc = sqlite3_step(q);
  bool row = rc == SQLITE_ROW;
  if (row) {
    sqlite3_bind_value(u, 2, sqlite3_column_value(q, 0));
    sqlite3_bind_value(u, 3, sqlite3_column_value(q, 1));
    for (int k = 0; k < 3; k++)
      sqlite3_bind_value(u, 9 + k, sqlite3_column_value(q, 2 + k));
  }
  rc = rc == SQLITE_ROW || rc == SQLITE_DONE ? SQLITE_OK : rc;
  sqlite3_finalize(q);
  if (rc != SQLITE_OK)
    return dlst_sqlerr(st, rc);
  if (!row)
    return DL_OK;
  CST(p, C_ST_PTOP);
  sqlite3_bind_int64(p, 1, iid);
  if ((rc = sqlite3_step(p)) == SQLITE_ROW)
    for (int k = 0; k < 5; k++)
      sqlite3_bind_value(u, 4 + k, sqlite3_column_value(p, k));
  dl_status r = step_done(st, p, rc);
  for (int k = 0; k < 3 && r == DL_OK; k++) {
    CST(m, C_ST_MINMAX);
    sqlite3_bind_int64(m, 1, iid);
    sqlite3_bind_int(m, 2, 3 + k);
    if ((rc = sqlite3_step(m)) == SQLITE_ROW &&
        sqlite3_column_type(m, 0) != SQLITE_NULL) {
      sqlite3_bind_value(u, 12 + k * 3, sqlite3_column_value(m, 0));
      sqlite3_bind_value(u, 13 + k * 3, sqlite3_column_value(m, 1));
    }
    if ((r = step_done(st, m, rc)) != DL_OK)
      break;
    CST(o, C_ST_MODE);
    sqlite3_bind_int64(o, 1, iid);
    sqlite3_bind_int(o, 2, 3 + k);
    if ((rc = sqlite3_step(o)) == SQLITE_ROW)
      sqlite3_bind_value(u, 14 + k * 3, sqlite3_column_value(o, 0));
    r = step_done(st, o, rc);
  }
  return r == DL_OK ? dlst_run(st, u) : r;
}

/* Drop incident 'iid' with its keys and counts. */
static dl_status drop_incident(dl_store *st, int64_t iid) {
  int slots[3] = {C_KEY_DEL, C_ST_DEL, C_INC_DEL};
  dl_status r = DL_OK;
  for (int k = 0; k < 3 && r == DL_OK; k++)
    r = run_ints(st, slots[k], &iid, 1);
  return r;
}

/* Merge incidents 'ids' into the smallest; *into. */
static dl_status unite(dl_store *st, const dlst_ids *ids, int64_t *into) {
  int64_t keep = ids->v[0];
  for (size_t i = 1; i < ids->n; i++)
    if (ids->v[i] < keep)
      keep = ids->v[i];
  dl_status r = DL_OK;
  dlst_ids arts = {0};
  for (size_t i = 0; i < ids->n && r == DL_OK; i++) {
    if (ids->v[i] == keep)
      continue;
    int64_t v[2] = {keep, ids->v[i]};
    int slots[5] = {C_MOVE_EVS, C_MOVE_REPS, C_KEY_MOVE, C_ST_PMERGE,
                    C_INC_ABSORB};
    for (int k = 0; k < 5 && r == DL_OK; k++)
      r = run_ints(st, slots[k], v, 2);
    arts.n = 0;
    sqlite3_stmt *a = r == DL_OK ? cst(st, C_ST_ARTS) : NULL;
    if (r == DL_OK && !a)
      r = dlst_sqlerr(st, sqlite3_errcode(st->db));
    if (a) {
      sqlite3_bind_int64(a, 1, ids->v[i]);
      int rc;
      while ((rc = sqlite3_step(a)) == SQLITE_ROW)
        ids_add(st, &arts, sqlite3_column_int64(a, 0));
      r = step_done(st, a, rc);
    }
    if (r == DL_OK)
      r = drop_incident(st, ids->v[i]);
    for (size_t j = 0; j < arts.n && r == DL_OK; j++)
      r = refresh(st, keep, arts.v[j]);
  }
  free(arts.v);
  ids_add(st, &st->dirty, keep);
  *into = keep;
  return r;
}

/* Attach event 'e' of an article whose near-duplicates are 'twins'. */
static dl_status attach(dl_store *st, cev *e, const dlst_ids *twins) {
  dlst_ids found = {0};
  bool matched = false;
  bool ok;
  long z = days_of(e->day, &ok);
  char lo[12], hi[12];
  day_str(z - 1, lo);
  day_str(z + 1, hi);
  /* the SQL narrows to a superset of match(): the 50 km box, the admin1,
  ** the dyad; none of them applies: no candidates to read */
  bool dyad = specific(e->src) && specific(e->tgt);
  bool phys = physical(e->family);
  bool box = phys && e->geo && !e->coarse;
  bool adm = phys && e->cc[0] && e->admin1[0];
  CST(s, C_CAND);
  sqlite3_bind_text(s, 1, e->family, -1, SQLITE_STATIC);
  sqlite3_bind_text(s, 2, lo, -1, SQLITE_STATIC);
  sqlite3_bind_text(s, 3, hi, -1, SQLITE_STATIC);
  if (e->cc[0])
    sqlite3_bind_text(s, 4, e->cc, -1, SQLITE_STATIC);
  if (box) {
    double dlat = 50.0 / 111.19 + 0.01;
    double top = fabs(e->lat) + dlat;
    double dlon = top < 89.0 ? dlat / cos(top * M_PI / 180.0) : 360.0;
    sqlite3_bind_double(s, 5, e->lat - dlat);
    sqlite3_bind_double(s, 6, e->lat + dlat);
    if (e->lon - dlon < -180.0 || e->lon + dlon > 180.0)
      dlon = 360.0; /* across the antimeridian: latitude only */
    sqlite3_bind_double(s, 7, e->lon - dlon);
    sqlite3_bind_double(s, 8, e->lon + dlon);
  }
  if (adm)
    sqlite3_bind_text(s, 9, e->admin1, -1, SQLITE_STATIC);
  if (dyad) {
    sqlite3_bind_text(s, 10, e->src, -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 11, e->tgt, -1, SQLITE_STATIC);
  }
  int rc = SQLITE_DONE;
  while ((box || adm || dyad) && (rc = sqlite3_step(s)) == SQLITE_ROW) {
    cev f;
    memset(&f, 0, sizeof f);
    f.aid = sqlite3_column_int64(s, 0);
    f.n = sqlite3_column_int64(s, 1);
    f.inc = sqlite3_column_int64(s, 2);
    if (f.aid == e->aid && f.n == e->n)
      continue;
    read_geo(s, 4, &f);
    if (match(e, &f)) {
      ids_add(st, &found, f.inc);
      matched = true;
    }
  }
  dl_status r = step_done(st, s, rc);
  for (size_t i = 0; i < twins->n && r == DL_OK; i++) {
    sqlite3_stmt *t = cst(st, C_TWIN_EVS);
    if (!t) {
      r = dlst_sqlerr(st, sqlite3_errcode(st->db));
      break;
    }
    sqlite3_bind_int64(t, 1, twins->v[i]);
    sqlite3_bind_text(t, 2, e->family, -1, SQLITE_STATIC);
    while ((rc = sqlite3_step(t)) == SQLITE_ROW) {
      char cc[4];
      copy_col(t, 2, cc, sizeof cc);
      if (!(cc[0] && e->cc[0] && strcmp(cc, e->cc)))
        ids_add(st, &found, sqlite3_column_int64(t, 1));
    }
    r = step_done(st, t, rc);
  }
  int64_t iid = 0;
  if (r == DL_OK && found.n) {
    r = unite(st, &found, &iid);
  } else if (r == DL_OK) {
    sqlite3_stmt *c = cst(st, C_INC_NEW);
    if (!c) {
      free(found.v);
      return dlst_sqlerr(st, sqlite3_errcode(st->db));
    }
    sqlite3_bind_text(c, 1, e->family, -1, SQLITE_STATIC);
    if (st->reuse.n) { /* the smallest id the re-clustering freed */
      size_t k = 0;
      for (size_t i = 1; i < st->reuse.n; i++)
        if (st->reuse.v[i] < st->reuse.v[k])
          k = i;
      sqlite3_bind_int64(c, 2, st->reuse.v[k]);
      st->reuse.v[k] = st->reuse.v[--st->reuse.n];
    }
    if ((r = dlst_run(st, c)) == DL_OK) {
      iid = sqlite3_last_insert_rowid(st->db);
      ids_add(st, &st->dirty, iid);
    }
  }
  free(found.v);
  if (r != DL_OK)
    return r;
  int64_t v3[3] = {e->aid, e->n, iid};
  int slots[3] = {C_SET_EV, C_KEY_PUT, C_ST_PLACE};
  for (int k = 0; k < 3; k++)
    if ((r = run_ints(st, slots[k], v3, 3)) != DL_OK)
      return r;
  CST(b, C_INC_BUMP); /* a mention more; articles: refresh() */
  sqlite3_bind_int64(b, 1, iid);
  sqlite3_bind_int64(b, 2, 1);
  sqlite3_bind_text(b, 3, e->day, -1, SQLITE_STATIC);
  sqlite3_bind_int64(b, 4, 0);
  sqlite3_bind_int64(b, 5, 0);
  if ((r = dlst_run(st, b)) != DL_OK)
    return r;
  ids_add(st, &st->dirty, iid);
  CST(p, C_REP_PUT);
  sqlite3_bind_int64(p, 1, e->aid);
  sqlite3_bind_int64(p, 2, e->n);
  sqlite3_bind_int64(p, 3, iid);
  sqlite3_bind_text(p, 4, matched || !found.n ? "match" : "twin", -1,
                    SQLITE_STATIC);
  int64_t figs[3] = {e->killed, e->injured, e->arrested};
  for (int k = 0; k < 3; k++)
    if (figs[k] >= 0)
      sqlite3_bind_int64(p, 5 + k, figs[k]);
  e->inc = iid;
  return dlst_run(st, p);
}

/* Attach the clusterable events of article 'aid' ('n' = 0: all). */
static dl_status attach_events(dl_store *st, int64_t aid, int64_t n,
                               const dlst_ids *twins) {
  /* read them first: attaching writes to the table being read */
  cev *v = NULL;
  size_t nv = 0, cap = 0;
  CST(s, C_EVS);
  sqlite3_bind_int64(s, 1, aid);
  if (n)
    sqlite3_bind_int64(s, 2, n);
  int rc;
  while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
    if (nv == cap) {
      size_t nc = cap ? cap * 2 : 16;
      cev *p = realloc(v, nc * sizeof *p);
      if (!p) {
        st->oom = true;
        break;
      }
      v = p;
      cap = nc;
    }
    cev *e = &v[nv];
    memset(e, 0, sizeof *e);
    e->aid = aid;
    e->n = sqlite3_column_int64(s, 0);
    copy_col(s, 1, e->family, sizeof e->family);
    copy_col(s, 2, e->day, sizeof e->day);
    read_geo(s, 3, e);
    char mod[16];
    copy_col(s, 10, mod, sizeof mod);
    int64_t *figs[3] = {&e->killed, &e->injured, &e->arrested};
    for (int k = 0; k < 3; k++)
      *figs[k] = sqlite3_column_type(s, 11 + k) == SQLITE_NULL
                     ? -1 : sqlite3_column_int64(s, 11 + k);
    bool ok;
    days_of(e->day, &ok);
    e->clusterable = e->family[0] && ok && strcmp(mod, "negated") &&
                     strcmp(mod, "future");
    nv += e->clusterable;
  }
  dl_status r = step_done(st, s, rc);
  for (size_t i = 0; i < nv && r == DL_OK; i++)
    r = attach(st, &v[i], twins);
  free(v);
  /* the article's row in each of its incidents (its figures there depend
  ** on how many incidents of the family it has) */
  dlst_ids incs = {0};
  if (r == DL_OK) {
    CST(q, C_EV_INCS);
    sqlite3_bind_int64(q, 1, aid);
    while ((rc = sqlite3_step(q)) == SQLITE_ROW)
      ids_add(st, &incs, sqlite3_column_int64(q, 0));
    r = step_done(st, q, rc);
  }
  for (size_t i = 0; i < incs.n && r == DL_OK; i++)
    r = refresh(st, incs.v[i], aid);
  free(incs.v);
  return r;
}

/* The near-duplicates of article 'aid' among those in 'lsh' (sorted);
** with 'insert', its own bands are added. */
static dl_status twins_of(dl_store *st, int64_t aid, const uint32_t mh[MH_K],
                          bool insert, dlst_ids *out) {
  dlst_ids cand = {0};
  dl_status r = DL_OK;
  for (int b = 0; b < MH_BANDS && r == DL_OK; b++) {
    int64_t key = band_key(mh, b);
    sqlite3_stmt *s = cst(st, C_LSH_FIND);
    if (!s) {
      r = dlst_sqlerr(st, sqlite3_errcode(st->db));
      break;
    }
    sqlite3_bind_int64(s, 1, key);
    int rc;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
      int64_t o = sqlite3_column_int64(s, 0);
      if (o != aid)
        ids_add(st, &cand, o);
    }
    r = step_done(st, s, rc);
    if (insert && r == DL_OK) {
      sqlite3_stmt *p = cst(st, C_LSH_PUT);
      if (!p) {
        r = dlst_sqlerr(st, sqlite3_errcode(st->db));
        break;
      }
      sqlite3_bind_int64(p, 1, key);
      sqlite3_bind_int64(p, 2, aid);
      r = dlst_run(st, p);
    }
  }
  for (size_t i = 0; i < cand.n && r == DL_OK; i++) {
    sqlite3_stmt *s = cst(st, C_SIG_GET);
    if (!s) {
      r = dlst_sqlerr(st, sqlite3_errcode(st->db));
      break;
    }
    sqlite3_bind_int64(s, 1, cand.v[i]);
    int rc = sqlite3_step(s);
    uint32_t o[MH_K];
    if (rc == SQLITE_ROW && mh_decode(sqlite3_column_blob(s, 0),
                                      sqlite3_column_bytes(s, 0), o)) {
      int same = 0;
      for (int k = 0; k < MH_K; k++)
        same += o[k] == mh[k];
      if (same >= TWIN_MIN)
        ids_add(st, out, cand.v[i]);
    }
    r = step_done(st, s, rc);
  }
  free(cand.v);
  for (size_t i = 1; i < out->n; i++) /* sorted: a deterministic order */
    for (size_t k = i; k > 0 && out->v[k - 1] > out->v[k]; k--) {
      int64_t t = out->v[k];
      out->v[k] = out->v[k - 1];
      out->v[k - 1] = t;
    }
  return r;
}

/* The stored signature of 'aid' (*has: false if none or too short). */
static dl_status sig_get(dl_store *st, int64_t aid, uint32_t mh[MH_K],
                         bool *has, bool *row) {
  CST(s, C_SIG_GET);
  sqlite3_bind_int64(s, 1, aid);
  int rc = sqlite3_step(s);
  *row = rc == SQLITE_ROW;
  *has = *row && mh_decode(sqlite3_column_blob(s, 0),
                           sqlite3_column_bytes(s, 0), mh);
  return step_done(st, s, rc);
}

/* Does article 'aid' have events that can join incidents? Only those
** articles are signed and banded: a twin edge joins two such events. */
static dl_status clusterable(dl_store *st, int64_t aid, bool *out) {
  CST(s, C_NCLUST);
  sqlite3_bind_int64(s, 1, aid);
  int rc = sqlite3_step(s);
  *out = rc == SQLITE_ROW && sqlite3_column_int64(s, 0) > 0;
  return step_done(st, s, rc);
}

static dl_status sig_put(dl_store *st, int64_t aid, const char *text,
                         size_t len, const char *url, size_t ulen,
                         uint32_t mh[MH_K], bool *has) {
  char src[128];
  unsigned char blob[MH_K * 4];
  bool any;
  dl_status r = clusterable(st, aid, &any);
  if (r != DL_OK)
    return r;
  *has = any && minhash(text, len, mh) >= MH_MIN_SHINGLES;
  outlet(text, len, url, ulen, src, sizeof src);
  CST(s, C_SIG_PUT);
  sqlite3_bind_int64(s, 1, aid);
  if (src[0])
    sqlite3_bind_text(s, 2, src, -1, SQLITE_TRANSIENT);
  if (*has) {
    mh_encode(mh, blob);
    sqlite3_bind_blob(s, 3, blob, (int)sizeof blob, SQLITE_TRANSIENT);
  }
  return dlst_run(st, s);
}

dl_status dlst_flush_dirty(dl_store *st) {
  dl_status r = DL_OK;
  for (size_t i = 0; i < st->dirty.n && r == DL_OK; i++)
    r = finalize(st, st->dirty.v[i]);
  st->dirty.n = 0;
  return r;
}

/* Signature, bands, twins and events of stored article 'aid'. */
static dl_status cluster(dl_store *st, int64_t aid, uint32_t mh[MH_K],
                         bool has) {
  bool any;
  dl_status r0 = clusterable(st, aid, &any);
  if (r0 != DL_OK || !any)
    return r0;
  dlst_ids twins = {0};
  dl_status r = has ? twins_of(st, aid, mh, true, &twins) : DL_OK;
  if (r == DL_OK)
    r = attach_events(st, aid, 0, &twins);
  free(twins.v);
  if (r == DL_OK)
    r = dlst_flush_dirty(st);
  return r;
}

dl_status dlst_cluster_article(dl_store *st, int64_t aid, const char *text,
                               size_t len, const char *url, size_t ulen) {
  uint32_t mh[MH_K];
  bool has;
  dl_status r = sig_put(st, aid, text, len, url, ulen, mh, &has);
  return r == DL_OK ? cluster(st, aid, mh, has) : r;
}

dl_status dlst_unlink_article(dl_store *st, int64_t aid, dlst_ids *out) {
  CST(s, C_EV_INCS);
  sqlite3_bind_int64(s, 1, aid);
  int rc;
  while ((rc = sqlite3_step(s)) == SQLITE_ROW)
    ids_add(st, out, sqlite3_column_int64(s, 0));
  dl_status r = step_done(st, s, rc);
  uint32_t mh[MH_K];
  bool has, row;
  if (r == DL_OK)
    r = sig_get(st, aid, mh, &has, &row);
  for (int b = 0; b < MH_BANDS && r == DL_OK && has; b++) {
    CST(d, C_LSH_DEL);
    sqlite3_bind_int64(d, 1, band_key(mh, b));
    sqlite3_bind_int64(d, 2, aid);
    r = dlst_run(st, d);
  }
  return r;
}

typedef struct member {
  int64_t aid, n;
} member;

static int member_cmp(const void *a, const void *b) {
  const member *x = a, *y = b;
  if (x->aid != y->aid)
    return x->aid < y->aid ? -1 : 1;
  return x->n < y->n ? -1 : x->n > y->n;
}

dl_status dlst_recluster(dl_store *st, const dlst_ids *ids) {
  member *m = NULL;
  size_t nm = 0, cap = 0;
  dl_status r = DL_OK;
  for (size_t i = 0; i < ids->n && r == DL_OK; i++) {
    sqlite3_stmt *s = cst(st, C_MEMBERS);
    if (!s) {
      r = dlst_sqlerr(st, sqlite3_errcode(st->db));
      break;
    }
    sqlite3_bind_int64(s, 1, ids->v[i]);
    int rc;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
      if (nm == cap) {
        size_t nc = cap ? cap * 2 : 16;
        member *p = realloc(m, nc * sizeof *p);
        if (!p) {
          st->oom = true;
          break;
        }
        m = p;
        cap = nc;
      }
      m[nm].aid = sqlite3_column_int64(s, 0);
      m[nm++].n = sqlite3_column_int64(s, 1);
    }
    r = step_done(st, s, rc);
    int slots[5] = {C_CLEAR_EVS, C_CLEAR_REPS, C_KEY_DEL, C_ST_DEL,
                    C_INC_DEL};
    for (int k = 0; k < 5 && r == DL_OK; k++) {
      sqlite3_stmt *c = cst(st, slots[k]);
      if (!c) {
        r = dlst_sqlerr(st, sqlite3_errcode(st->db));
        break;
      }
      sqlite3_bind_int64(c, 1, ids->v[i]);
      r = dlst_run(st, c);
    }
  }
  if (nm > 1)
    qsort(m, nm, sizeof *m, member_cmp);
  st->reuse.n = 0; /* ids stay put when the grouping does */
  for (size_t i = 0; i < ids->n; i++)
    ids_add(st, &st->reuse, ids->v[i]);
  dlst_ids twins = {0};
  for (size_t i = 0; i < nm && r == DL_OK; i++) {
    if (i == 0 || m[i].aid != m[i - 1].aid) {
      uint32_t mh[MH_K];
      bool has, row;
      twins.n = 0;
      r = sig_get(st, m[i].aid, mh, &has, &row);
      if (r == DL_OK && has)
        r = twins_of(st, m[i].aid, mh, false, &twins);
    }
    if (r == DL_OK)
      r = attach_events(st, m[i].aid, m[i].n, &twins);
  }
  free(twins.v);
  free(m);
  st->reuse.n = 0;
  if (r == DL_OK)
    r = dlst_flush_dirty(st);
  return r;
}

dl_status dl_store_rebuild_incidents(dl_store *st) {
  if (!st || !st->db)
    return DL_E_INVAL;
  if (st->readonly) {
    dlst_errf(st, "%s: opened read-only", st->path);
    return DL_E_INVAL;
  }
  dl_status r = dlst_exec(st, "SAVEPOINT dl_rebuild;"
                              "DELETE FROM incident_reports;"
                              "DELETE FROM incidents; DELETE FROM lsh;"
                              "DELETE FROM incident_keys;"
                              "DELETE FROM incident_stats;"
                              "UPDATE events SET incident = NULL"
                              " WHERE incident IS NOT NULL;");
  if (r != DL_OK)
    return r;
  st->dirty.n = 0;
  /* every article, by date then id: the order of a sorted single ingest */
  int64_t *aids = NULL;
  size_t na = 0, cap = 0;
  sqlite3_stmt *s;
  int rc = sqlite3_prepare_v2(st->db, "SELECT aid FROM articles"
                                      " ORDER BY date, id", -1, &s, NULL);
  if (rc != SQLITE_OK) {
    r = dlst_sqlerr(st, rc);
  } else {
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
      if (na == cap) {
        size_t nc = cap ? cap * 2 : 1024;
        int64_t *p = realloc(aids, nc * sizeof *p);
        if (!p) {
          st->oom = true;
          break;
        }
        aids = p;
        cap = nc;
      }
      aids[na++] = sqlite3_column_int64(s, 0);
    }
    if (rc != SQLITE_DONE && rc != SQLITE_ROW)
      r = dlst_sqlerr(st, rc);
    sqlite3_finalize(s);
  }
  for (size_t i = 0; i < na && r == DL_OK && !st->oom; i++) {
    uint32_t mh[MH_K];
    bool has, row;
    r = sig_get(st, aids[i], mh, &has, &row);
    if (r == DL_OK && !row) { /* from a v1 store: sign it now */
      CST(a, C_ART_GET);
      sqlite3_bind_int64(a, 1, aids[i]);
      rc = sqlite3_step(a);
      if (rc == SQLITE_ROW) {
        const char *t = (const char *)sqlite3_column_text(a, 0);
        size_t tn = (size_t)sqlite3_column_bytes(a, 0);
        const char *u = (const char *)sqlite3_column_text(a, 1);
        size_t un = (size_t)sqlite3_column_bytes(a, 1);
        r = sig_put(st, aids[i], t ? t : "", tn, u, u ? un : 0, mh, &has);
      }
      dl_status r2 = step_done(st, a, rc);
      if (r == DL_OK)
        r = r2;
    }
    if (r == DL_OK)
      r = cluster(st, aids[i], mh, has);
  }
  free(aids);
  if (r == DL_OK && st->oom) {
    dlst_errf(st, "out of memory");
    r = DL_E_NOMEM;
  }
  st->oom = false;
  if (r != DL_OK) {
    char keep[sizeof st->errmsg];
    memcpy(keep, st->errmsg, sizeof keep);
    sqlite3_exec(st->db, "ROLLBACK TO dl_rebuild; RELEASE dl_rebuild", NULL,
                 NULL, NULL);
    memcpy(st->errmsg, keep, sizeof keep);
    return r;
  }
  return dlst_exec(st, "RELEASE dl_rebuild");
}
