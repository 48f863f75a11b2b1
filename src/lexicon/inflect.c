/*
** inflect.c: the English inflector behind '/v' and '/n' lexicon entries
** (lexicon.h). Rules for regular forms (stop/stopped, use/using, die/dying,
** deny/denied, crisis/crises), tables for irregular verbs of the news and
** irregular or uncountable nouns. Works on folded (lower-case) words.
*/
#include "inflect.h"

#include <stdio.h>

/* base, past, past participle */
static const char *const irregular[][3] = {
    {"arise", "arose", "arisen"},     {"awake", "awoke", "awoken"},
    {"be", "was", "been"},            {"bear", "bore", "borne"},
    {"beat", "beat", "beaten"},       {"become", "became", "become"},
    {"begin", "began", "begun"},      {"bend", "bent", "bent"},
    {"bet", "bet", "bet"},            {"bid", "bid", "bid"},
    {"bind", "bound", "bound"},       {"bite", "bit", "bitten"},
    {"bleed", "bled", "bled"},        {"blow", "blew", "blown"},
    {"break", "broke", "broken"},     {"breed", "bred", "bred"},
    {"bring", "brought", "brought"},  {"broadcast", "broadcast", "broadcast"},
    {"build", "built", "built"},      {"burn", "burnt", "burnt"},
    {"burst", "burst", "burst"},      {"buy", "bought", "bought"},
    {"cast", "cast", "cast"},         {"catch", "caught", "caught"},
    {"choose", "chose", "chosen"},    {"cling", "clung", "clung"},
    {"come", "came", "come"},         {"cost", "cost", "cost"},
    {"creep", "crept", "crept"},      {"cut", "cut", "cut"},
    {"deal", "dealt", "dealt"},       {"dig", "dug", "dug"},
    {"do", "did", "done"},            {"draw", "drew", "drawn"},
    {"drink", "drank", "drunk"},      {"drive", "drove", "driven"},
    {"eat", "ate", "eaten"},          {"fall", "fell", "fallen"},
    {"feed", "fed", "fed"},           {"feel", "felt", "felt"},
    {"fight", "fought", "fought"},    {"find", "found", "found"},
    {"flee", "fled", "fled"},         {"fling", "flung", "flung"},
    {"fly", "flew", "flown"},         {"forbid", "forbade", "forbidden"},
    {"forecast", "forecast", "forecast"}, {"foresee", "foresaw", "foreseen"},
    {"forget", "forgot", "forgotten"}, {"forgive", "forgave", "forgiven"},
    {"freeze", "froze", "frozen"},    {"get", "got", "gotten"},
    {"give", "gave", "given"},        {"go", "went", "gone"},
    {"grind", "ground", "ground"},    {"grow", "grew", "grown"},
    {"hang", "hung", "hung"},         {"have", "had", "had"},
    {"hear", "heard", "heard"},       {"hide", "hid", "hidden"},
    {"hit", "hit", "hit"},            {"hold", "held", "held"},
    {"hurt", "hurt", "hurt"},         {"keep", "kept", "kept"},
    {"know", "knew", "known"},        {"lay", "laid", "laid"},
    {"lead", "led", "led"},           {"leave", "left", "left"},
    {"lend", "lent", "lent"},         {"let", "let", "let"},
    {"lie", "lay", "lain"},           {"light", "lit", "lit"},
    {"lose", "lost", "lost"},         {"make", "made", "made"},
    {"mean", "meant", "meant"},       {"meet", "met", "met"},
    {"mislead", "misled", "misled"},  {"offset", "offset", "offset"},
    {"outbid", "outbid", "outbid"},   {"overcome", "overcame", "overcome"},
    {"overrun", "overran", "overrun"}, {"oversee", "oversaw", "overseen"},
    {"overtake", "overtook", "overtaken"},
    {"overthrow", "overthrew", "overthrown"},
    {"pay", "paid", "paid"},          {"put", "put", "put"},
    {"quit", "quit", "quit"},         {"read", "read", "read"},
    {"rebuild", "rebuilt", "rebuilt"}, {"rid", "rid", "rid"},
    {"ride", "rode", "ridden"},       {"ring", "rang", "rung"},
    {"rise", "rose", "risen"},        {"run", "ran", "run"},
    {"say", "said", "said"},          {"see", "saw", "seen"},
    {"seek", "sought", "sought"},     {"sell", "sold", "sold"},
    {"send", "sent", "sent"},         {"set", "set", "set"},
    {"shake", "shook", "shaken"},     {"shed", "shed", "shed"},
    {"shine", "shone", "shone"},      {"shoot", "shot", "shot"},
    {"show", "showed", "shown"},      {"shrink", "shrank", "shrunk"},
    {"shut", "shut", "shut"},         {"sing", "sang", "sung"},
    {"sink", "sank", "sunk"},         {"sit", "sat", "sat"},
    {"slay", "slew", "slain"},        {"sleep", "slept", "slept"},
    {"slide", "slid", "slid"},        {"speak", "spoke", "spoken"},
    {"speed", "sped", "sped"},        {"spend", "spent", "spent"},
    {"spin", "spun", "spun"},         {"split", "split", "split"},
    {"spread", "spread", "spread"},   {"spring", "sprang", "sprung"},
    {"stand", "stood", "stood"},      {"steal", "stole", "stolen"},
    {"stick", "stuck", "stuck"},      {"sting", "stung", "stung"},
    {"strike", "struck", "struck"},   {"string", "strung", "strung"},
    {"strive", "strove", "striven"},  {"swear", "swore", "sworn"},
    {"sweep", "swept", "swept"},      {"swim", "swam", "swum"},
    {"swing", "swung", "swung"},      {"take", "took", "taken"},
    {"teach", "taught", "taught"},    {"tear", "tore", "torn"},
    {"tell", "told", "told"},         {"think", "thought", "thought"},
    {"throw", "threw", "thrown"},     {"thrust", "thrust", "thrust"},
    {"tread", "trod", "trodden"},     {"undergo", "underwent", "undergone"},
    {"understand", "understood", "understood"},
    {"undertake", "undertook", "undertaken"},
    {"undo", "undid", "undone"},      {"uphold", "upheld", "upheld"},
    {"upset", "upset", "upset"},      {"wage", "waged", "waged"},
    {"wake", "woke", "woken"},        {"wear", "wore", "worn"},
    {"weep", "wept", "wept"},         {"win", "won", "won"},
    {"wind", "wound", "wound"},       {"withdraw", "withdrew", "withdrawn"},
    {"withhold", "withheld", "withheld"},
    {"withstand", "withstood", "withstood"},
    {"write", "wrote", "written"},    {"shoot down", "shot down", "shot down"},
};

/* Verbs of more than one syllable that double their last consonant. */
static const char *const doubling[] = {
    "abet",   "acquit", "admit",  "allot",   "annul",  "commit",  "compel",
    "concur", "confer", "control", "deter",  "dispel", "embed",   "emit",
    "equip",  "excel",  "expel",  "extol",   "incur",  "infer",   "omit",
    "occur",  "patrol", "permit", "prefer",  "propel", "rebel",   "recur",
    "refer",  "regret", "remit",  "repel",   "submit", "transfer", "transmit",
    "unplug", "unwrap", "outstrip", "kidnap", "worship", "handicap",
    "program", "format", "overlap"};

/* Verbs in -c that take a 'k' (panicked). */
static const char *const ck[] = {"panic", "traffic", "mimic", "picnic",
                                 "frolic"};

/* singular, plural */
static const char *const irr_noun[][2] = {
    {"child", "children"}, {"person", "people"}, {"foot", "feet"},
    {"tooth", "teeth"},    {"goose", "geese"},   {"mouse", "mice"},
    {"ox", "oxen"},        {"criterion", "criteria"},
    {"phenomenon", "phenomena"}, {"medium", "media"}, {"datum", "data"},
    {"bacterium", "bacteria"},   {"life", "lives"},  {"wife", "wives"},
    {"knife", "knives"},   {"leaf", "leaves"},   {"thief", "thieves"},
    {"half", "halves"},    {"self", "selves"},   {"shelf", "shelves"},
    {"wolf", "wolves"},    {"loaf", "loaves"},   {"calf", "calves"},
    {"human", "humans"},   {"german", "germans"}, {"roman", "romans"},
    {"shaman", "shamans"}, {"talisman", "talismans"}, {"caiman", "caimans"},
    {"ottoman", "ottomans"}, {"walkman", "walkmans"},
    {"cactus", "cacti"},   {"nucleus", "nuclei"}, {"alumnus", "alumni"},
    {"index", "indices"},  {"appendix", "appendices"}, {"matrix", "matrices"},
    {"quiz", "quizzes"},   {"fez", "fezzes"},
};

/* Plural = singular. */
static const char *const uncountable[] = {
    "aircraft", "spacecraft", "hovercraft", "sheep", "fish", "deer",
    "series",   "species",    "police",     "personnel", "news",
    "offspring", "equipment", "information", "staff", "livestock",
    "headquarters", "means", "crossroads", "swine", "moose", "bison",
    "ammunition", "weaponry", "wildlife", "counsel", "clergy", "cattle"};

/* Nouns in -o that take -es. */
static const char *const oes[] = {"hero", "potato", "tomato", "echo",
                                  "veto", "torpedo", "embargo", "mosquito",
                                  "volcano", "tornado", "domino", "cargo"};

static bool in(const char *const *list, size_t n, const char *w, size_t len) {
  for (size_t i = 0; i < n; i++)
    if (strlen(list[i]) == len && memcmp(list[i], w, len) == 0)
      return true;
  return false;
}

static bool vowel(char c) {
  return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u';
}

/* Does w[0..n) end in a letter run that is one short syllable ending
** consonant-vowel-consonant (stop, plan, ban, not rain, fix, visit)? */
static bool cvc1(const char *w, size_t n) {
  if (n < 3)
    return false;
  char c = w[n - 1], v = w[n - 2], p = w[n - 3];
  if (vowel(c) || c == 'w' || c == 'x' || c == 'y' || !vowel(v))
    return false;
  if (vowel(p) && !(p == 'u' && n >= 4 && w[n - 4] == 'q'))
    return false; /* "rain", "beat"; "quit" counts the 'u' as 'w' */
  int groups = 0;
  for (size_t i = 0; i < n; i++)
    if (vowel(w[i]) && (i == 0 || !vowel(w[i - 1])) &&
        !(w[i] == 'u' && i > 0 && w[i - 1] == 'q'))
      groups++;
  return groups == 1;
}

static void put(char *out, const char *w, size_t n, const char *suf) {
  size_t m = strlen(suf);
  if (n + m + 1 > DLINF_MAX)
    n = DLINF_MAX - 1 - m;
  memcpy(out, w, n);
  memcpy(out + n, suf, m + 1);
}

/* The last word of a possibly multi-word verb lemma: rules apply to it. */
static bool ends(const char *w, size_t n, const char *suf) {
  size_t m = strlen(suf);
  return n >= m && memcmp(w + n - m, suf, m) == 0;
}

void dlinf_verb(const char *w, size_t n, char out[DLINF_NVERB][DLINF_MAX]) {
  if (n > DLINF_MAX - 5)
    n = DLINF_MAX - 5;
  /* third person singular */
  if (n == 2 && memcmp(w, "be", 2) == 0)
    put(out[DLINF_3SG], "is", 2, "");
  else if (n == 4 && memcmp(w, "have", 4) == 0)
    put(out[DLINF_3SG], "has", 3, "");
  else if (ends(w, n, "s") || ends(w, n, "x") || ends(w, n, "z") ||
           ends(w, n, "ch") || ends(w, n, "sh") ||
           (ends(w, n, "o") && n >= 2 && !vowel(w[n - 2])))
    put(out[DLINF_3SG], w, n, "es");
  else if (ends(w, n, "y") && n >= 2 && !vowel(w[n - 2]))
    put(out[DLINF_3SG], w, n - 1, "ies");
  else
    put(out[DLINF_3SG], w, n, "s");
  /* gerund */
  bool dbl = cvc1(w, n) || in(doubling, DL_COUNTOF(doubling), w, n);
  bool kk = in(ck, DL_COUNTOF(ck), w, n);
  if (ends(w, n, "ie"))
    put(out[DLINF_GER], w, n - 2, "ying");
  else if (ends(w, n, "e") && n > 2 && !ends(w, n, "ee") &&
           !ends(w, n, "ye") && !ends(w, n, "oe"))
    put(out[DLINF_GER], w, n - 1, "ing");
  else if (dbl) {
    char tmp[DLINF_MAX];
    memcpy(tmp, w, n);
    tmp[n] = w[n - 1];
    put(out[DLINF_GER], tmp, n + 1, "ing");
  } else if (kk)
    put(out[DLINF_GER], w, n, "king");
  else
    put(out[DLINF_GER], w, n, "ing");
  /* past and participle */
  for (size_t i = 0; i < DL_COUNTOF(irregular); i++)
    if (strlen(irregular[i][0]) == n && memcmp(irregular[i][0], w, n) == 0) {
      put(out[DLINF_PAST], irregular[i][1], strlen(irregular[i][1]), "");
      put(out[DLINF_PART], irregular[i][2], strlen(irregular[i][2]), "");
      return;
    }
  if (ends(w, n, "e"))
    put(out[DLINF_PAST], w, n, "d");
  else if (ends(w, n, "y") && n >= 2 && !vowel(w[n - 2]))
    put(out[DLINF_PAST], w, n - 1, "ied");
  else if (dbl) {
    char tmp[DLINF_MAX];
    memcpy(tmp, w, n);
    tmp[n] = w[n - 1];
    put(out[DLINF_PAST], tmp, n + 1, "ed");
  } else if (kk)
    put(out[DLINF_PAST], w, n, "ked");
  else
    put(out[DLINF_PAST], w, n, "ed");
  memcpy(out[DLINF_PART], out[DLINF_PAST], DLINF_MAX);
}

void dlinf_plural(const char *w, size_t n, char out[DLINF_MAX]) {
  if (n > DLINF_MAX - 5)
    n = DLINF_MAX - 5;
  for (size_t i = 0; i < DL_COUNTOF(irr_noun); i++) {
    size_t m = strlen(irr_noun[i][0]); /* also as the end: "schoolchild" */
    if (n >= m && memcmp(w + n - m, irr_noun[i][0], m) == 0 &&
        (n == m || m >= 4)) {
      char tmp[DLINF_MAX];
      memcpy(tmp, w, n - m);
      put(out, tmp, n - m, irr_noun[i][1]);
      return;
    }
  }
  for (size_t i = 0; i < DL_COUNTOF(uncountable); i++) {
    size_t m = strlen(uncountable[i]);
    if (n >= m && memcmp(w + n - m, uncountable[i], m) == 0) {
      put(out, w, n, "");
      return;
    }
  }
  if (ends(w, n, "man")) { /* gunman, policewoman, chairman */
    put(out, w, n - 2, "en");
    return;
  }
  if (ends(w, n, "sis")) { /* crisis, analysis, thesis */
    put(out, w, n - 2, "es");
    return;
  }
  if (ends(w, n, "s") || ends(w, n, "x") || ends(w, n, "z") ||
      ends(w, n, "ch") || ends(w, n, "sh") ||
      in(oes, DL_COUNTOF(oes), w, n))
    put(out, w, n, "es");
  else if (ends(w, n, "y") && n >= 2 && !vowel(w[n - 2]))
    put(out, w, n - 1, "ies");
  else
    put(out, w, n, "s");
}
