/*
** sentence.c: sentence boundaries over the tokens, then the dateline. A
** boundary follows terminal punctuation (with any closing quotes and
** brackets) unless an abbreviation or an initial says otherwise (web text
** starts sentences in lower case too); paragraph breaks always end one,
** single line breaks do unless the text is hard-wrapped. URLs, emoticons,
** rules and e-mail time stamps are units; headlines, date lines and
** greetings without final punctuation end before a sentence-opening word.
*/
#include "text.h"

static bool in_list(const dl_doc *d, uint32_t i, const char *const *list,
                    size_t n) {
  size_t fl;
  const char *f = dltok_fold(d, i, &fl);
  if (!fl || fl > 12)
    return false; /* no list holds longer words; cheap test first */
  for (size_t k = 0; k < n; k++)
    if (list[k][0] == f[0] && strncmp(list[k], f, fl) == 0 &&
        list[k][fl] == '\0')
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
    "vol", "pp", "ed", "eds", "esq", "dept", "univ", "assn", "bros", "nos",
    "drs", "ps", "ext", "tel"};
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
         (n == 3 && memcmp(f, "\xe2\x80\xa6", 3) == 0);
}

static bool is_ellipsis(const dl_doc *d, uint32_t i) {
  return d->toks.v[i].fl >= 3 && !dltok_is(d, i, "?") && !dltok_is(d, i, "!");
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

static bool cap_word(const dltok *t) {
  return (t->flags & DLT_WORD) && (t->flags & DLT_CAP);
}

/* Does the folded token 'i' hold the byte 'c'? */
static bool has_byte(const dl_doc *d, uint32_t i, char c) {
  size_t n;
  const char *f = dltok_fold(d, i, &n);
  return memchr(f, c, n) != NULL;
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

/* ------------------------------------------------------- units of web text
** Runs that are one unit for sentence splitting: a URL or e-mail address
** ("http://www.bbc.co.uk/news", "<jo@example.com>"), an emoticon (":-)"),
** an e-mail time stamp ("08/16/2000 12:05 PM") and a news date line
** ("Sunday, May 28, 2006"). Each returns the end of the unit, or 'i'. */

enum { U_NONE, U_URL, U_DOMAIN, U_SMILEY, U_RULE, U_STAMP, U_DATELINE };

static const char *const tlds[] = {"com", "org", "net", "edu", "gov", "uk",
                                   "de",  "ca",  "au",  "info", "biz", "us",
                                   "html", "htm", "php", "asp", "io"};

/* A run of tokens with no white space between them ("franz...@gmail.com"):
** U_URL for a web or mail address, U_DOMAIN for a bare domain ("Gawker.com"),
** which news text uses as a name. */
static uint32_t url_end(const dl_doc *d, uint32_t i, int *kind) {
  const dltok *t = d->toks.v;
  uint32_t n = d->toks.n, j = i + 1;
  bool at = false, tld = false;
  while (j < n && !(t[j].flags & DLT_SPACE_BEFORE)) {
    if (dltok_is(d, j, "@"))
      at = true;
    else if ((t[j].flags & DLT_WORD) && dltok_is(d, j - 1, ".") &&
             IN(d, j, tlds))
      tld = true;
    j++;
  }
  if (j < i + 3)
    return i;
  uint32_t w = (t[i].flags & DLT_PUNCT) ? i + 1 : i; /* "<a@b.c>", "(www" */
  if (at || dltok_is(d, w, "http") || dltok_is(d, w, "https") ||
      dltok_is(d, w, "ftp") || dltok_is(d, w, "www")) {
    *kind = U_URL;
    return j;
  }
  if (tld) {
    *kind = U_DOMAIN;
    return j;
  }
  return i;
}

/* ":)", ":-)", ";-P", ":D", "=)" standing apart. */
static uint32_t smiley_end(const dl_doc *d, uint32_t i) {
  const dltok *t = d->toks.v;
  uint32_t n = d->toks.n, j = i + 1;
  if (!(dltok_is(d, i, ":") || dltok_is(d, i, ";") || dltok_is(d, i, "=")))
    return i;
  if (j < n && !(t[j].flags & DLT_SPACE_BEFORE) &&
      (dltok_is(d, j, "-") || dltok_is(d, j, "'")))
    j++;
  if (j >= n || (t[j].flags & DLT_SPACE_BEFORE) || t[j].e - t[j].s != 1)
    return i;
  size_t fl;
  const char *f = dltok_fold(d, j, &fl);
  if (!memchr(")(pdo/][|s", f[0], 10))
    return i;
  j++;
  while (j < n && !(t[j].flags & DLT_SPACE_BEFORE) &&
         (dltok_is(d, j, ")") || dltok_is(d, j, "(")))
    j++; /* ":))" */
  if (j < n && !(t[j].flags & DLT_SPACE_BEFORE))
    return i;
  return j;
}

static bool slash_date(const dl_doc *d, uint32_t i) {
  size_t n, slashes = 0;
  const char *f = dltok_fold(d, i, &n);
  if (!(d->toks.v[i].flags & DLT_NUM) || n < 6 || n > 10)
    return false;
  for (size_t k = 0; k < n; k++)
    if (f[k] == '/')
      slashes++;
    else if (f[k] < '0' || f[k] > '9')
      return false;
  return slashes == 2;
}

/* "08/16/2000 12:05 PM", "04/25/01 12:42:55". */
static uint32_t stamp_end(const dl_doc *d, uint32_t i) {
  uint32_t n = d->toks.n;
  if (!slash_date(d, i) || i + 1 >= n ||
      !(d->toks.v[i + 1].flags & DLT_NUM) || !has_byte(d, i + 1, ':'))
    return i;
  uint32_t j = i + 2;
  if (j < n && (dltok_is(d, j, "am") || dltok_is(d, j, "pm") ||
                dltok_is(d, j, "a.m.") || dltok_is(d, j, "p.m.")))
    j++;
  return j;
}

static const char *const weekdays[] = {"monday", "tuesday", "wednesday",
                                       "thursday", "friday", "saturday",
                                       "sunday"};
static const char *const month_names[] = {
    "january", "february", "march", "april", "may", "june", "july",
    "august", "september", "october", "november", "december", "jan",
    "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct",
    "nov", "dec"};

/* "Sunday, May 28, 2006" before a capitalised word: the date line under a
** headline (GUM_news_flag; Wikinews style). */
static uint32_t dateline_end(const dl_doc *d, uint32_t i) {
  const dltok *t = d->toks.v;
  uint32_t n = d->toks.n;
  if (i + 6 >= n || !cap_word(&t[i]) || !IN(d, i, weekdays) ||
      !dltok_is(d, i + 1, ",") || !IN(d, i + 2, month_names) ||
      !(t[i + 3].flags & DLT_NUM) || !dltok_is(d, i + 4, ",") ||
      !(t[i + 5].flags & DLT_NUM) || t[i + 5].e - t[i + 5].s != 4 ||
      !cap_word(&t[i + 6]))
    return i;
  return i + 6;
}

static bool rule_char(char c) {
  return c == '=' || c == '*' || c == '_' || c == '-' || c == '~' ||
         c == '#' || c == '+';
}

/* Capitalised words that start a sentence after a colon; "The", "I", "It",
** "If" and names more often go on the sentence ("Image: The ..."). */
static const char *const colon_starters[] = {
    "as", "at", "this", "there", "she", "he", "they", "these", "those",
    "however", "meanwhile", "here", "my", "our"};

/* A rule of marks: "=====", "*****", "-----", "_____", "----==". */
static uint32_t rule_end(const dl_doc *d, uint32_t i) {
  const dltok *t = d->toks.v;
  uint32_t n = d->toks.n, j = i;
  size_t len = 0, dashes = 0;
  while (j < n && (j == i || !(t[j].flags & DLT_SPACE_BEFORE)) &&
         (t[j].flags & DLT_PUNCT)) {
    size_t gl;
    const char *g = dltok_fold(d, j, &gl);
    for (size_t q = 0; q < gl; q++) {
      if (!rule_char(g[q]))
        return i;
      dashes += g[q] == '-';
    }
    len += gl;
    j++;
  }
  if (j < n && !(t[j].flags & DLT_SPACE_BEFORE))
    return i; /* "*****NOTICE*****" */
  if (len < 3 || (dashes == len && len < 4))
    return i; /* "---" is a dash */
  return j;
}

/* The unit starting at 'i' (its kind in *kind), or 'i'. */
static uint32_t unit_end(const dl_doc *d, uint32_t i, int *kind) {
  const dltok *t = d->toks.v;
  uint32_t u = i;
  *kind = U_NONE;
  if (i == 0 || (t[i].flags & DLT_SPACE_BEFORE)) {
    bool joined = i + 1 < d->toks.n && !(t[i + 1].flags & DLT_SPACE_BEFORE);
    if (joined && (u = url_end(d, i, kind)) > i)
      ;
    else if (!(t[i].flags & DLT_PUNCT))
      u = i;
    else if (joined && (u = smiley_end(d, i)) > i)
      *kind = U_SMILEY;
    else if ((u = rule_end(d, i)) > i)
      *kind = U_RULE;
  }
  if (*kind == U_NONE && (t[i].flags & DLT_NUM) && (u = stamp_end(d, i)) > i)
    *kind = U_STAMP;
  else if (*kind == U_NONE && (t[i].flags & DLT_WORD) &&
           (u = dateline_end(d, i)) > i)
    *kind = U_DATELINE;
  return *kind == U_NONE ? i : u;
}

/* Words that go on a sentence after a URL ("see www.x.com for more"). */
static const char *const url_cont[] = {
    "for", "to", "and", "or", "is", "are", "was", "which", "that", "with",
    "in", "on", "if", "as", "has", "where", "but", "so", "at", "from"};

/* Does a sentence end after the unit ending at 'u' of kind 'kind'? */
static bool unit_ends(const dl_doc *d, int kind, uint32_t u) {
  const dltok *t = d->toks.v;
  if (u >= d->toks.n)
    return true;
  const dltok *nx = &t[u];
  switch (kind) {
  case U_URL: /* web text: a URL ends its line ("...wikihow.com Our web") */
  case U_DOMAIN:
    if (dltok_is(d, u - 1, ",") || dltok_is(d, u - 1, ";") ||
        dltok_is(d, u - 1, ":"))
      return false; /* "Jezebel, Metro.us, EDGE on the Net" */
    if (cap_word(nx) || (nx->flags & DLT_OPENQ) ||
        (is_term(d, u - 1) && !lower_word(nx)))
      return true; /* "... from www.adobe.com. (See attached file" */
    return kind == U_URL && !(nx->flags & DLT_PUNCT) && !IN(d, u, url_cont);
  case U_SMILEY: /* "great! :P you get a view" (EWT reviews) */
    return !(nx->flags & DLT_PUNCT) || (nx->flags & DLT_OPENQ);
  case U_STAMP:
    return !(nx->flags & DLT_PUNCT);
  case U_RULE:
    return true;
  default:
    return cap_word(nx);
  }
}

/* Prepositions and the like: a date after them is part of the sentence. */
static const char *const date_preps[] = {
    "on", "since", "until", "till", "by", "from", "to", "of", "and", "or",
    "last", "next", "this", "that", "before", "after", "through", "at",
    "between", "every", "each", "for", "in", "dated", "date", "sent"};

/* Words that open a photo caption ("... Washington D.C. Image: US Navy."). */
static const char *const captions[] = {"image", "photo", "photograph",
                                       "picture", "caption", "credit"};

/* Words before a number in running text: "either 1) ... or 2) ...". */
static const char *const item_glue[] = {"either", "or", "and", "nor",
                                        "neither", "both", "then", "also",
                                        "chapter", "step", "part", "phase"};

/* Capitalised words that start a sentence even after a word with no
** punctuation between ("... Victoria, Australia On Saturday, ...", web text
** "... for a day If you ..."); "The", "I", "We", "A" and "On" are too often
** inside names, titles and quotes. */
static const char *const cap_starters[] = {
    "in", "they", "he", "she", "it", "this", "if", "how", "what",
    "when", "after", "our", "my", "please", "thanks", "hi", "hello",
    "however", "meanwhile", "there", "these", "those", "it's", "they're",
    "they've", "you're", "here"};

/* Words that open a message after a greeting and a dash. */
static const char *const greetings[] = {"just", "thanks", "thank", "please",
                                        "hope", "sorry", "here", "attached"};

/* Must a sentence start at token 'k' (> 0) whatever precedes it? */
static bool starts_at(const dl_doc *d, uint32_t k) {
  const dltok *t = d->toks.v;
  const dltok *pv = &t[k - 1];
  uint32_t n = d->toks.n;
  if (lower_word(&t[k]) && !(k + 1 < n && dltok_is(d, k + 1, ":")))
    return false; /* the common case, quickly */
  if (dltok_is(d, k - 1, ",") || dltok_is(d, k - 1, "(") ||
      (pv->flags & DLT_OPENQ))
    return false;
  if ((t[k].flags & DLT_SPACE_BEFORE) && rule_end(d, k) > k)
    return true; /* "Graae. *** Bush also" */
  if (t[k].flags & DLT_NUM) {
    /* a time stamp after a name: "Kay Mann 04/26/2001 07:17 AM" */
    int kind;
    if (unit_end(d, k, &kind) > k && kind == U_STAMP)
      return cap_word(pv) || dltok_is(d, k - 1, ">") ||
             dltok_is(d, k - 1, ")") || (pv->flags & DLT_QUOTE);
    /* a numbered item: "four nights 1) what island ... 2) I would" */
    return (t[k].flags & DLT_SPACE_BEFORE) && t[k].fl <= 2 && k + 1 < n &&
           dltok_is(d, k + 1, ")") &&
           !(t[k + 1].flags & DLT_SPACE_BEFORE) && lower_word(pv) &&
           !IN(d, k - 1, item_glue);
  }
  if (k + 1 < n && dltok_is(d, k + 1, ":") && IN(d, k, captions) &&
      (t[k].flags & DLT_WORD))
    return (pv->flags & DLT_WORD) || is_closer(d, k - 1) ||
           dltok_is(d, k - 1, ".");
  if (!cap_word(&t[k]))
    return false;
  bool guard = k + 1 < n && cap_word(&t[k + 1]); /* "Men In Black" */
  if (k >= 2 && (dltok_is(d, k - 1, "-") || dltok_is(d, k - 1, "--")) &&
      (pv->flags & DLT_SPACE_BEFORE) && !guard &&
      (cap_word(&t[k - 2]) || dltok_is(d, k - 2, ")")) &&
      (IN(d, k, cap_starters) || IN(d, k, starters) || IN(d, k, greetings)))
    return true; /* "Good Morning Debra - I have", "..., United States - This
                    past week" (GUM_news_warhol) */
  if (dltok_is(d, k, "on") && (pv->flags & DLT_WORD) && k + 1 < n &&
      (IN(d, k + 1, weekdays) || IN(d, k + 1, month_names)))
    return true; /* "..., Australia On Saturday, Wikinews" */
  if (dltok_is(d, k - 1, ":") && (t[k].flags & DLT_SPACE_BEFORE) &&
      IN(d, k, colon_starters))
    return true; /* "as follows: As of January 10, ...", "examples: There's" */
  if (IN(d, k, cap_starters) && (pv->flags & (DLT_WORD | DLT_NUM)) &&
      !(cap_word(pv) && guard))
    return true;
  if ((dltok_is(d, k, "we") || dltok_is(d, k, "the")) && lower_word(pv) &&
      k + 1 < n && lower_word(&t[k + 1]))
    return true; /* "... better and larger We currently have" (GUM), but
                    not "against The Church of ..." */
  if ((dltok_is(d, k - 1, ")") || dltok_is(d, k - 1, ">")) &&
      (IN(d, k, cap_starters) || IN(d, k, starters)) && !dltok_is(d, k, "i"))
    return true; /* "(BBC) The militant group", "<< File: a.htm >> I was" */
  if (IN(d, k, weekdays)) {
    int kind;
    if (unit_end(d, k, &kind) > k && kind == U_DATELINE)
      return !IN(d, k - 1, date_preps) &&
             ((pv->flags & DLT_WORD) || (pv->flags & DLT_QUOTE) ||
              dltok_is(d, k - 1, ")"));
  }
  return false;
}

/* Abbreviations written in lower case, before which a lower-case word does
** not start a sentence ("approx. two", "etc. and"). */
static const char *const low_abbr[] = {
    "approx", "etc", "vs", "incl", "esp", "oz", "lb", "lbs", "min", "max",
    "no", "nos", "pp", "p", "fig", "cf", "al", "viz", "ca", "ext", "tel",
    "est", "dept", "govt", "misc", "ave", "blvd", "rd", "st", "ft", "sq",
    "km", "mi", "yr", "yrs", "hr", "hrs", "wk", "mo", "mos", "jr", "sr"};

/* Should a sentence end after the terminal token 'i' (next token 'k')? */
static bool ends_after(const dl_doc *d, uint32_t i, uint32_t k) {
  const dltok *t = d->toks.v;
  if (k >= d->toks.n)
    return true;
  const dltok *nx = &t[k];
  bool next_cap = (nx->flags & (DLT_CAP | DLT_NUM)) ||
                  (nx->flags & DLT_OPENQ) || dltok_is(d, k, "-") ||
                  dltok_is(d, k, "--") ||
                  ((dltok_is(d, k, "(") || dltok_is(d, k, "[")) &&
                   (!is_ellipsis(d, i) ||
                    (k + 1 < d->toks.n && cap_word(&t[k + 1]))));
  /* "and ... (how do I put it?)" goes on; "our lifestyle... (See attached
     file" does not */
  if (t[i].flags & DLT_ABBR) { /* "U.S." ends a sentence only before a starter */
    if (dltok_is(d, i, "p.s."))
      return false; /* "P.S. I am moving" */
    return (nx->flags & DLT_CAP) && IN(d, k, starters);
  }
  if (!(nx->flags & DLT_SPACE_BEFORE) && (nx->flags & (DLT_WORD | DLT_NUM)))
    return false; /* "Newsfeed.Com", "Kevin.A.Boone@" */
  if ((nx->flags & DLT_SPACE_BEFORE) && (dltok_is(d, k, "?")) &&
      k + 1 < d->toks.n && (t[k + 1].flags & DLT_SPACE_BEFORE))
    return true; /* a stray mark opens the next line: "questions. ? Best" */
  size_t n;
  const char *f = dltok_fold(d, i, &n);
  bool abbr = false; /* the period may belong to the word before */
  if (f[0] == '.' && n == 1 && i > 0 && !(t[i].flags & DLT_SPACE_BEFORE)) {
    uint32_t w = i - 1;
    if (t[w].flags & DLT_WORD) {
      if (IN(d, w, titles))
        return false;
      if (IN(d, w, months) && (nx->flags & DLT_NUM))
        return false;
      if (IN(d, w, suffixes) && !(dltok_is(d, w, "no") && lower_word(&t[w])))
        return (nx->flags & DLT_CAP) && !(nx->flags & DLT_NUM) &&
               !dltok_is(d, w, "no"); /* but "Hell no. Thats a name" */
      /* an initial: "John F. Kennedy", "S. 10th Street"; but "because of
         X. So I may as well" */
      if (t[w].e - t[w].s == 1 && (t[w].flags & DLT_CAP) &&
          (nx->flags & (DLT_CAP | DLT_NUM)) && !(nx->flags & DLT_NL) &&
          !IN(d, k, starters))
        return false;
      abbr = t[w].e - t[w].s == 1 || IN(d, w, low_abbr) || IN(d, w, months) ||
             (w > 0 && !(t[w].flags & DLT_SPACE_BEFORE) &&
              dltok_is(d, w - 1, ".")); /* "M.Sc. studies" */
    } else if (dltok_is(d, w, ".")) {
      abbr = true; /* "..": "Opus 1 .. a collection" (GUM) */
    }
  }
  if (nx->flags & DLT_NL)
    return true;
  int kind;
  if (unit_end(d, k, &kind) > k && kind == U_URL)
    return true; /* "they're pretty cool... http://www.4gamer.net/" */
  if (lower_word(nx) && k == i + 1 && !abbr && n == 1)
    return true; /* web text: "i knew her. she was", "grow up? india?" */
  return next_cap;
}

/* Sign-offs: "Regards, Debra", "Thanks, Sean" end a sentence at the comma. */
static const char *const signoffs[] = {"regards", "sincerely", "thanks",
                                       "cheers", "best", "yours",
                                       "respectfully", "love"};

/* Greetings: "Hi, Yes there is", "Dear All, My name is". */
static const char *const salutes[] = {"hi", "hello", "hey", "dear"};

/* Cut doc->toks into sentences. */
dl_status dltext_sentences(dl_doc *d) {
  dltok *t = d->toks.v;
  uint32_t n = d->toks.n;
  bool wrapped = hard_wrapped(d);
  uint32_t start = 0;
  for (uint32_t i = 0; i < n; i++) {
    bool end = false;
    uint32_t last = i;
    int kind;
    uint32_t u = unit_end(d, i, &kind);
    if (u > i) {
      last = u - 1;
      end = unit_ends(d, kind, u);
      i = last;
    } else if (i + 1 >= n) {
      end = true;
    } else if (is_term(d, i)) {
      uint32_t k = i + 1;
      while (k < n && is_closer(d, k) && !(t[k].flags & DLT_NL))
        k++;
      if (k == i + 1 && k + 1 < n && (t[k].flags & DLT_QUOTE) &&
          !(t[k].flags & (DLT_OPENQ | DLT_NL)) &&
          (t[k + 1].flags & DLT_SPACE_BEFORE) && cap_word(&t[k + 1]))
        k++; /* a spaced closing quote: "the phrase. ' And on April 3" */
      if (k < n && smiley_end(d, k) > k && k == i + 1)
        end = false; /* "right? :) It was": the smiley ends it */
      else if (ends_after(d, i, k)) {
        end = true;
        last = k - 1;
      }
    } else if (t[i].flags & DLT_ABBR) {
      if (ends_after(d, i, i + 1))
        end = true;
    } else if (dltok_is(d, i, ",") && i > start && i - start <= 3 &&
               (IN(d, i - 1, signoffs) || IN(d, start, salutes)) &&
               cap_word(&t[i + 1])) {
      end = true; /* "Best regards, Debra", "Hi, Yes ..." (EWT e-mail) */
    } else if (i == start && dltok_is(d, i, "--") && cap_word(&t[i + 1])) {
      end = true; /* a signature line: "... years. -- Posted by" */
    }
    if (!end && last + 1 < n) {
      const dltok *nx = &t[last + 1];
      if (nx->flags & DLT_PARA)
        end = true;
      else if ((nx->flags & DLT_NL) && !wrapped &&
               !dltok_is(d, last, ",") &&
               !(lower_word(nx) && lower_word(&t[last])))
        end = true; /* headline, dateline line, list item */
      else if (starts_at(d, last + 1))
        end = true;
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
static bool dateline_at(dl_doc *d, uint32_t i0) {
  const dltok *t = d->toks.v;
  uint32_t n = d->toks.n, i = i0, place_end = 0;
  int words = 0, parts = 0;
  d->dateline.as = d->dateline.ae = 0;
  while (i < n && parts < 2) {
    int w = 0;
    while (i < n && w < 4 && (t[i].flags & DLT_WORD) && (t[i].flags & DLT_CAP) &&
           !(i > i0 && (t[i].flags & DLT_NL))) {
      if (w == 0 && parts == 0 && IN(d, i, not_place))
        return false;
      i++;
      w++;
    }
    if (!w)
      break;
    words += w;
    parts++;
    /* a region abbreviation keeps its period: "COLUMBIA, Ky. -",
       "OTTAWA, Ont. -" */
    if (parts == 2 && w == 1 && i < n && dltok_is(d, i, ".") &&
        !(t[i].flags & DLT_SPACE_BEFORE) && t[i - 1].e - t[i - 1].s <= 5)
      i++;
    place_end = i;
    if (i < n && dltok_is(d, i, ",") && i + 1 < n &&
        (t[i + 1].flags & DLT_CAP) && (t[i + 1].flags & DLT_WORD) &&
        !(IN(d, i + 1, month_names) && i + 2 < n &&
          ((t[i + 2].flags & DLT_NUM) || dltok_is(d, i + 2, "."))))
      i++; /* ", Afghanistan", but not ", Nov 7" */
    else
      break;
  }
  if (!words)
    return false;
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
  uint32_t as = 0, ae = 0;
  if (i < n && dltok_is(d, i, "(")) {
    uint32_t j = i + 1;
    while (j < n && j < i + 6 && !dltok_is(d, j, ")"))
      j++;
    if (j >= n || !dltok_is(d, j, ")"))
      return false;
    if (j > i + 1) { /* the agency's words, for the place stage to skip */
      as = t[i + 1].s;
      ae = t[j - 1].e;
    }
    i = j + 1;
  }
  if (i >= n)
    return false;
  size_t fl;
  const char *f = dltok_fold(d, i, &fl);
  bool colon = fl == 1 && f[0] == ':';
  bool dash = fl >= 1 && f[0] == '-';
  if (!colon && !dash)
    return false;
  /* after a headline, "Name:" opens many lines (transcripts, letters):
     there a colon needs a place in capitals ("BAGHDAD:") */
  if (i0 > 0 && colon && !as && !(t[i0].flags & DLT_UPPER))
    return false;
  if (dash && !(t[i].flags & DLT_SPACE_BEFORE))
    return false; /* "Al-" would be a word anyway; "X-ray" is not a dateline */
  if (i + 1 >= n)
    return false;
  d->dateline.present = true;
  d->dateline.s = t[i0].s;
  d->dateline.e = t[place_end - 1].e;
  d->dateline.as = as;
  d->dateline.ae = ae;
  return true;
}

void dltext_dateline(dl_doc *d) {
  if (dateline_at(d, 0))
    return;
  /* after a headline: a first line without a full stop, then the
  ** dateline opens the next line ("Protesters clash ...\n\nNAIROBI,
  ** July 12 (Reuters) -") */
  const dltok *t = d->toks.v;
  for (uint32_t i = 1; i < d->toks.n && i < 40; i++) {
    if (!(t[i].flags & DLT_NL))
      continue;
    if (dltok_is(d, i - 1, ".") || dltok_is(d, i - 1, "?") ||
        dltok_is(d, i - 1, "!"))
      return;
    dateline_at(d, i);
    return;
  }
}
