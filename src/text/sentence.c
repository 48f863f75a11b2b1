/*
** sentence.c: sentence boundaries over the tokens, then the dateline. A
** boundary follows terminal punctuation (with any closing quotes and
** brackets) unless an abbreviation, an initial or a lower-case continuation
** says otherwise; paragraph breaks always end a sentence, single line breaks
** do unless the text is hard-wrapped. Headlines and datelines without final
** punctuation end at their line break.
*/
#include "text.h"

static bool in_list(const dl_doc *d, uint32_t i, const char *const *list,
                    size_t n) {
  size_t fl;
  const char *f = dltok_fold(d, i, &fl);
  for (size_t k = 0; k < n; k++)
    if (strlen(list[k]) == fl && memcmp(list[k], f, fl) == 0)
      return true;
  return false;
}
#define IN(d, i, list) in_list((d), (i), (list), DL_COUNTOF(list))

/* Titles and the like: a period after them never ends a sentence
** ("Mr. Al-Kadhimi", "Gen. Milley"). */
static const char *const titles[] = {
    "mr", "mrs", "ms", "dr", "prof", "gen", "lt", "col", "maj", "capt",
    "sgt", "cpl", "pvt", "adm", "cmdr", "sen", "rep", "gov", "pres", "rev",
    "fr", "st", "hon", "messrs", "mme", "mt", "ft", "gens", "sens", "reps",
    "supt", "insp", "det", "atty", "brig", "cdr", "lieut", "sec", "amb",
    "vs", "v", "cf", "e.g", "i.e", "etc.", "approx", "ca", "fig", "figs",
    "vol", "pp", "ed", "eds", "esq", "dept", "univ", "assn", "bros", "nos"};
/* Month abbreviations: no boundary before a number ("Jan. 5"). */
static const char *const months[] = {"jan", "feb", "mar", "apr", "jun",
                                     "jul", "aug", "sep", "sept", "oct",
                                     "nov", "dec"};
/* Company and name suffixes: a boundary only before a capitalised word. */
static const char *const suffixes[] = {"inc", "corp", "co", "ltd", "jr",
                                       "sr", "llc", "plc", "bhd", "etc",
                                       "al", "cos", "no"};
/* Words that start sentences: after "U.S." they mark a boundary. */
static const char *const starters[] = {
    "the", "he", "she", "it", "they", "we", "i", "in", "but", "a", "an",
    "this", "that", "there", "and", "on", "at", "as", "his", "her", "its",
    "their", "our", "officials", "some", "many", "after", "when", "while",
    "if", "for", "however", "meanwhile", "earlier", "later", "last",
    "since", "both", "one", "two", "these", "those", "no", "so", "yet"};

static bool is_term(const dl_doc *d, uint32_t i) {
  const dltok *t = &d->toks.v[i];
  if (!(t->flags & DLT_PUNCT))
    return false;
  size_t n;
  const char *f = dltok_fold(d, i, &n);
  return (n == 1 && (f[0] == '.' || f[0] == '!' || f[0] == '?')) ||
         (n >= 3 && f[0] == '.' && f[1] == '.') ||
         (n == 3 && memcmp(f, "\xe2\x80\xa6", 3) == 0) ||
         (n == 3 && memcmp(f, "...", 3) == 0);
}

static bool is_closer(const dl_doc *d, uint32_t i) {
  const dltok *t = &d->toks.v[i];
  if (t->flags & DLT_SPACE_BEFORE)
    return false;
  if ((t->flags & DLT_QUOTE) && !(t->flags & DLT_OPENQ))
    return true;
  return dltok_is(d, i, ")") || dltok_is(d, i, "]");
}

static bool lower_word(const dltok *t) {
  return (t->flags & DLT_WORD) && !(t->flags & DLT_CAP);
}

/* Is the text hard-wrapped? Most single line breaks fall inside sentences
** and lines are of similar, short length (Reuters-style wire copy). */
static bool hard_wrapped(const dl_doc *d) {
  uint32_t breaks = 0, open = 0;
  for (uint32_t i = 1; i < d->toks.n; i++) {
    const dltok *t = &d->toks.v[i];
    if ((t->flags & DLT_NL) && !(t->flags & DLT_PARA)) {
      breaks++;
      const dltok *p = &d->toks.v[i - 1];
      if (!is_term(d, i - 1) && !is_closer(d, i - 1) && lower_word(t))
        open++;
      else if (!is_term(d, i - 1) && (p->flags & DLT_WORD) && lower_word(p))
        open++;
    }
  }
  return breaks >= 3 && open * 2 >= breaks;
}

/* Should a sentence end after the terminal token 'i' (next token 'k')? */
static bool ends_after(const dl_doc *d, uint32_t i, uint32_t k) {
  const dltok *t = d->toks.v;
  if (k >= d->toks.n)
    return true;
  const dltok *nx = &t[k];
  bool next_cap = (nx->flags & (DLT_CAP | DLT_NUM)) ||
                  (nx->flags & DLT_OPENQ) || dltok_is(d, k, "(") ||
                  dltok_is(d, k, "[") || dltok_is(d, k, "-");
  if (t[i].flags & DLT_ABBR) { /* "U.S." ends a sentence only before a starter */
    return (nx->flags & DLT_CAP) && IN(d, k, starters);
  }
  size_t n;
  const char *f = dltok_fold(d, i, &n);
  if (f[0] == '.' && n == 1 && i > 0 && !(t[i].flags & DLT_SPACE_BEFORE)) {
    uint32_t w = i - 1;
    if (t[w].flags & DLT_WORD) {
      if (IN(d, w, titles))
        return false;
      if (IN(d, w, months) && (nx->flags & DLT_NUM))
        return false;
      if (IN(d, w, suffixes))
        return (nx->flags & DLT_CAP) && !(nx->flags & DLT_NUM) &&
               !dltok_is(d, w, "no");
      /* an initial: "John F. Kennedy" (but "Plan B." at an end is rare) */
      if (t[w].e - t[w].s == 1 && (t[w].flags & DLT_CAP) &&
          (nx->flags & DLT_CAP) && !(nx->flags & DLT_NL))
        return false;
    }
  }
  if (nx->flags & DLT_NL)
    return true;
  return next_cap;
}

/* Cut doc->toks into sentences. */
dl_status dltext_sentences(dl_doc *d) {
  dltok *t = d->toks.v;
  uint32_t n = d->toks.n;
  bool wrapped = hard_wrapped(d);
  uint32_t start = 0;
  for (uint32_t i = 0; i < n; i++) {
    bool end = false;
    uint32_t last = i;
    if (i + 1 >= n) {
      end = true;
    } else if (is_term(d, i)) {
      uint32_t k = i + 1;
      while (k < n && is_closer(d, k) && !(t[k].flags & DLT_NL))
        k++;
      if (ends_after(d, i, k)) {
        end = true;
        last = k - 1;
      }
    } else if (t[i].flags & DLT_ABBR) {
      if (ends_after(d, i, i + 1))
        end = true;
    }
    if (!end && i + 1 < n) {
      const dltok *nx = &t[i + 1];
      if (nx->flags & DLT_PARA)
        end = true;
      else if ((nx->flags & DLT_NL) && !wrapped &&
               !dltok_is(d, i, ",") && !(lower_word(nx) && lower_word(&t[i])))
        end = true; /* headline, dateline line, list item */
    }
    if (!end)
      continue;
    dlsent *s = dlvec_push(&d->arena, &d->sents);
    if (!s)
      return DL_E_NOMEM;
    s->t0 = start;
    s->t1 = last + 1;
    s->s = t[start].s;
    s->e = t[last].e;
    uint32_t idx = d->sents.n - 1;
    t[start].flags |= DLT_SSTART;
    for (uint32_t k = start; k <= last; k++)
      t[k].sent = idx;
    start = last + 1;
    i = last;
  }
  return DL_OK;
}

/* Words that look like a dateline but are headings ("Update:"). */
static const char *const not_place[] = {
    "update", "updated", "breaking", "note", "editor", "editors",
    "exclusive", "analysis", "opinion", "watch", "live", "comment",
    "photos", "video", "correction", "warning", "summary", "background",
    "q", "a", "by", "subject", "re", "fwd", "from", "to", "date", "sent",
    "question", "answer", "source", "sources", "transcript", "listen"};

/* A leading dateline: "Baghdad:", "BAGHDAD (Reuters) -", "KABUL,
** Afghanistan —", "WASHINGTON, Nov 7 (Reuters) -". Up to four capitalised
** words, an optional ", Region" part, then an optional date and
** "(Agency)", then ':' or a dash. */
void dltext_dateline(dl_doc *d) {
  const dltok *t = d->toks.v;
  uint32_t n = d->toks.n, i = 0, place_end = 0;
  int words = 0, parts = 0;
  while (i < n && parts < 2) {
    int w = 0;
    while (i < n && w < 4 && (t[i].flags & DLT_WORD) && (t[i].flags & DLT_CAP) &&
           !(i > 0 && (t[i].flags & DLT_NL))) {
      if (w == 0 && parts == 0 && IN(d, i, not_place))
        return;
      i++;
      w++;
    }
    if (!w)
      break;
    words += w;
    parts++;
    place_end = i;
    if (i < n && dltok_is(d, i, ",") && i + 1 < n &&
        (t[i + 1].flags & DLT_CAP) && (t[i + 1].flags & DLT_WORD))
      i++; /* ", Afghanistan" */
    else
      break;
  }
  if (!words)
    return;
  i = place_end;
  /* optional ", Nov 7" / ", Nov. 7, 2021" */
  if (i < n && dltok_is(d, i, ",")) {
    uint32_t j = i + 1, k = 0;
    while (j < n && k < 6 && !dltok_is(d, j, "(") && !dltok_is(d, j, "-") &&
           !dltok_is(d, j, ":") && !(t[j].flags & DLT_NL)) {
      j++;
      k++;
    }
    if (k > 0 && k < 6)
      i = j;
  }
  /* optional "(Reuters)" */
  if (i < n && dltok_is(d, i, "(")) {
    uint32_t j = i + 1;
    while (j < n && j < i + 6 && !dltok_is(d, j, ")"))
      j++;
    if (j >= n || !dltok_is(d, j, ")"))
      return;
    i = j + 1;
  }
  if (i >= n)
    return;
  size_t fl;
  const char *f = dltok_fold(d, i, &fl);
  bool colon = fl == 1 && f[0] == ':';
  bool dash = fl >= 1 && f[0] == '-';
  if (!colon && !dash)
    return;
  if (dash && !(t[i].flags & DLT_SPACE_BEFORE))
    return; /* "Al-" would be a word anyway; "X-ray" is not a dateline */
  if (i + 1 >= n)
    return;
  d->dateline.present = true;
  d->dateline.s = t[0].s;
  d->dateline.e = t[place_end - 1].e;
}
