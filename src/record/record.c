/*
** record.c: the last stage. Writes the document's layers as the JSON record
** of SCHEMA.md (schema 1), every top-level field present, lists empty when
** a stage looked and found nothing; an error record for bad input.
*/
#include "record.h"

static void key(dlbuf *b, const char *k, unsigned flags, bool first) {
  if (!first)
    dlbuf_putc(b, ',');
  if (flags & DL_JSON_FIELD_LINES)
    dlbuf_puts(b, "\n");
  dlbuf_putc(b, '"');
  dlbuf_puts(b, k);
  dlbuf_puts(b, "\":");
}

static void str_or_null(dlbuf *b, const char *s, size_t n) {
  if (s)
    dljson_str(b, s, n);
  else
    dlbuf_puts(b, "null");
}

static void span(dlbuf *b, uint32_t s, uint32_t e) {
  dlbuf_putc(b, '[');
  dljson_uint(b, s);
  dlbuf_putc(b, ',');
  dljson_uint(b, e);
  dlbuf_putc(b, ']');
}

static const char *const tx_types[] = {"DATE", "TIME", "DURATION", "SET"};
static const char *const tx_anchors[] = {"publication", "absolute", "none"};

static void times(dlbuf *b, const dl_doc *d) {
  dlbuf_putc(b, '[');
  for (uint32_t i = 0; i < d->times.n; i++) {
    const dltime *t = &d->times.v[i];
    if (i)
      dlbuf_putc(b, ',');
    dlbuf_puts(b, "{\"text\":");
    dljson_str(b, d->text + t->s, t->e - t->s);
    dlbuf_puts(b, ",\"span\":");
    span(b, t->s, t->e);
    dlbuf_puts(b, ",\"type\":\"");
    dlbuf_puts(b, tx_types[t->type < 4 ? t->type : 0]);
    dlbuf_puts(b, "\",\"value\":");
    if (t->value[0])
      dljson_str(b, t->value, strnlen(t->value, sizeof t->value));
    else
      dlbuf_puts(b, "null");
    dlbuf_puts(b, ",\"anchor\":\"");
    dlbuf_puts(b, tx_anchors[t->anchor < 3 ? t->anchor : 2]);
    dlbuf_puts(b, "\"}");
  }
  dlbuf_putc(b, ']');
}

static const char *const pk_names[] = {"city", "admin1", "country", "feature"};

static void place(dlbuf *b, const dlplace *p) {
  if (!p->set) {
    dlbuf_puts(b, "null");
    return;
  }
  dlbuf_puts(b, "{\"name\":");
  str_or_null(b, p->name, p->name ? strlen(p->name) : 0);
  dlbuf_puts(b, ",\"geonameid\":");
  if (p->geonameid > 0)
    dljson_uint(b, (uint64_t)p->geonameid);
  else
    dlbuf_puts(b, "null");
  dlbuf_puts(b, ",\"lat\":");
  dljson_num(b, p->lat, 4);
  dlbuf_puts(b, ",\"lon\":");
  dljson_num(b, p->lon, 4);
  dlbuf_puts(b, ",\"country\":");
  str_or_null(b, p->cc[0] ? p->cc : NULL, strnlen(p->cc, sizeof p->cc));
  dlbuf_puts(b, ",\"admin1\":");
  str_or_null(b, p->admin1, p->admin1 ? strlen(p->admin1) : 0);
  dlbuf_puts(b, ",\"kind\":\"");
  dlbuf_puts(b, pk_names[p->kind < 4 ? p->kind : 3]);
  dlbuf_puts(b, "\"}");
}

static void cstr_or_null(dlbuf *b, const char *s, size_t cap) {
  size_t n = strnlen(s, cap);
  if (n)
    dljson_str(b, s, n);
  else
    dlbuf_puts(b, "null");
}

static void actor(dlbuf *b, const dlactor *a) {
  dlbuf_puts(b, "{\"code\":");
  cstr_or_null(b, a->code, sizeof a->code);
  dlbuf_puts(b, ",\"country\":");
  cstr_or_null(b, a->country, sizeof a->country);
  dlbuf_puts(b, ",\"role\":");
  cstr_or_null(b, a->role, sizeof a->role);
  dlbuf_putc(b, '}');
}

static void ent_id(dlbuf *b, int32_t i) {
  if (i < 0) {
    dlbuf_puts(b, "null");
    return;
  }
  dlbuf_puts(b, "\"e");
  dljson_uint(b, (uint64_t)i + 1);
  dlbuf_putc(b, '"');
}

static const char *const et_names[] = {"PERSON", "ORG", "GPE", "LOC", "NORP"};

static void entities(dlbuf *b, const dl_doc *d) {
  dlbuf_putc(b, '[');
  for (uint32_t i = 0; i < d->ents.n; i++) {
    const dlentity *e = &d->ents.v[i];
    if (i)
      dlbuf_putc(b, ',');
    dlbuf_puts(b, "{\"id\":");
    ent_id(b, (int32_t)i);
    dlbuf_puts(b, ",\"type\":\"");
    dlbuf_puts(b, et_names[e->type < 5 ? e->type : 0]);
    dlbuf_puts(b, "\",\"name\":");
    dljson_str(b, e->name ? e->name : "", e->name ? e->name_len : 0);
    dlbuf_puts(b, ",\"mentions\":[");
    for (uint32_t k = 0; k < e->mentions.n; k++) {
      if (k)
        dlbuf_putc(b, ',');
      span(b, e->mentions.v[k].s, e->mentions.v[k].e);
    }
    dlbuf_puts(b, "],\"title\":");
    str_or_null(b, e->title, e->title_len);
    dlbuf_puts(b, ",\"actor\":");
    if (e->has_actor)
      actor(b, &e->actor);
    else
      dlbuf_puts(b, "null");
    dlbuf_puts(b, ",\"place\":");
    place(b, &e->place);
    dlbuf_putc(b, '}');
  }
  dlbuf_putc(b, ']');
}

static void actref(dlbuf *b, const dl_doc *d, const dlactref *r) {
  if (!r->set) {
    dlbuf_puts(b, "null");
    return;
  }
  dlbuf_puts(b, "{\"entity\":");
  ent_id(b, r->ent);
  dlbuf_puts(b, ",\"text\":");
  if (r->text)
    dljson_str(b, r->text, strlen(r->text));
  else
    dljson_str(b, d->text + r->s, r->e - r->s);
  dlbuf_puts(b, ",\"code\":");
  cstr_or_null(b, r->code, sizeof r->code);
  dlbuf_putc(b, '}');
}

static void int_or_null(dlbuf *b, int64_t v) {
  if (v < 0)
    dlbuf_puts(b, "null");
  else
    dljson_uint(b, (uint64_t)v);
}

static const char *const mod_names[] = {"asserted", "negated", "attempted",
                                        "hedged", "future"};

static void events(dlbuf *b, const dl_doc *d) {
  dlbuf_putc(b, '[');
  for (uint32_t i = 0; i < d->events.n; i++) {
    const dlevent *v = &d->events.v[i];
    if (i)
      dlbuf_putc(b, ',');
    dlbuf_puts(b, "{\"id\":\"v");
    dljson_uint(b, (uint64_t)i + 1);
    dlbuf_puts(b, "\",\"sentence\":");
    dljson_uint(b, v->sent);
    dlbuf_puts(b, ",\"trigger\":");
    dljson_str(b, d->text + v->s, v->e - v->s);
    dlbuf_puts(b, ",\"span\":");
    span(b, v->s, v->e);
    dlbuf_puts(b, ",\"cameo\":");
    cstr_or_null(b, v->cameo, sizeof v->cameo);
    dlbuf_puts(b, ",\"root\":");
    if (strnlen(v->cameo, sizeof v->cameo) >= 2)
      dljson_str(b, v->cameo, 2);
    else
      dlbuf_puts(b, "null");
    dlbuf_puts(b, ",\"quad_class\":");
    if (v->quad)
      dljson_uint(b, v->quad);
    else
      dlbuf_puts(b, "null");
    dlbuf_puts(b, ",\"goldstein\":");
    dljson_num(b, v->goldstein, 1);
    dlbuf_puts(b, ",\"plover\":");
    str_or_null(b, v->plover, v->plover ? strlen(v->plover) : 0);
    dlbuf_puts(b, ",\"source\":");
    actref(b, d, &v->source);
    dlbuf_puts(b, ",\"target\":");
    actref(b, d, &v->target);
    dlbuf_puts(b, ",\"date\":");
    cstr_or_null(b, v->date, sizeof v->date);
    dlbuf_puts(b, ",\"place\":");
    place(b, &v->place);
    dlbuf_puts(b, ",\"modality\":\"");
    dlbuf_puts(b, mod_names[v->modality < 5 ? v->modality : 0]);
    dlbuf_puts(b, "\",\"killed\":");
    int_or_null(b, v->killed);
    dlbuf_puts(b, ",\"injured\":");
    int_or_null(b, v->injured);
    dlbuf_puts(b, ",\"arrested\":");
    int_or_null(b, v->arrested);
    dlbuf_puts(b, ",\"rule\":");
    str_or_null(b, v->rule, v->rule ? strlen(v->rule) : 0);
    dlbuf_putc(b, '}');
  }
  dlbuf_putc(b, ']');
}

static const char *const cas_names[] = {"killed", "injured", "arrested",
                                        "missing", "kidnapped", "displaced"};

static void casualties(dlbuf *b, const dl_doc *d) {
  dlbuf_putc(b, '[');
  for (uint32_t i = 0; i < d->cas.n; i++) {
    const dlcasualty *c = &d->cas.v[i];
    if (i)
      dlbuf_putc(b, ',');
    dlbuf_puts(b, "{\"kind\":\"");
    dlbuf_puts(b, cas_names[c->kind < 6 ? c->kind : 0]);
    dlbuf_puts(b, "\",\"count\":");
    int_or_null(b, c->count);
    dlbuf_puts(b, c->approximate ? ",\"approximate\":true" : ",\"approximate\":false");
    dlbuf_puts(b, ",\"text\":");
    dljson_str(b, d->text + c->s, c->e - c->s);
    dlbuf_puts(b, ",\"who\":");
    if (c->who)
      dljson_str(b, c->who, strlen(c->who));
    else if (c->who_e > c->who_s)
      dljson_str(b, d->text + c->who_s, c->who_e - c->who_s);
    else
      dlbuf_puts(b, "null");
    dlbuf_puts(b, ",\"sentence\":");
    dljson_uint(b, c->sent);
    dlbuf_puts(b, ",\"span\":");
    span(b, c->s, c->e);
    dlbuf_puts(b, c->negated ? ",\"negated\":true" : ",\"negated\":false");
    dlbuf_puts(b, ",\"event\":");
    if (c->event >= 0) {
      dlbuf_puts(b, "\"v");
      dljson_uint(b, (uint64_t)c->event + 1);
      dlbuf_putc(b, '"');
    } else {
      dlbuf_puts(b, "null");
    }
    dlbuf_putc(b, '}');
  }
  dlbuf_putc(b, ']');
}

static void quotes(dlbuf *b, const dl_doc *d) {
  dlbuf_putc(b, '[');
  for (uint32_t i = 0; i < d->quotes.n; i++) {
    const dlquote *q = &d->quotes.v[i];
    if (i)
      dlbuf_putc(b, ',');
    dlbuf_puts(b, "{\"text\":");
    dljson_str(b, d->text + q->s, q->e - q->s);
    dlbuf_puts(b, ",\"span\":");
    span(b, q->s, q->e);
    dlbuf_puts(b, q->kind ? ",\"kind\":\"indirect\"" : ",\"kind\":\"direct\"");
    dlbuf_puts(b, ",\"speaker\":");
    if (q->has_speaker) {
      dlbuf_puts(b, "{\"entity\":");
      ent_id(b, q->speaker_ent);
      dlbuf_puts(b, ",\"text\":");
      dljson_str(b, d->text + q->sp_s, q->sp_e - q->sp_s);
      dlbuf_putc(b, '}');
    } else {
      dlbuf_puts(b, "null");
    }
    dlbuf_puts(b, ",\"cue\":");
    if (q->cue_e > q->cue_s)
      dljson_str(b, d->text + q->cue_s, q->cue_e - q->cue_s);
    else
      dlbuf_puts(b, "null");
    dlbuf_putc(b, '}');
  }
  dlbuf_putc(b, ']');
}

dl_status dlrecord_write(dl_doc *d, unsigned flags) {
  dlbuf *b = &d->out;
  b->a = &d->arena;
  b->p = NULL;
  b->n = b->cap = 0;
  dlbuf_puts(b, "{\"schema\":1");
  key(b, "id", flags, false);
  str_or_null(b, d->id, d->id_len);
  if (d->error) {
    key(b, "error", flags, false);
    dljson_str(b, d->error, strlen(d->error));
    dlbuf_puts(b, (flags & DL_JSON_FIELD_LINES) ? "\n}\n" : "}\n");
    return d->arena.oom ? DL_E_NOMEM : DL_OK;
  }
  key(b, "date", flags, false);
  if (d->has_date) {
    char ds[12];
    int y = d->year;
    ds[0] = '"';
    ds[1] = (char)('0' + y / 1000 % 10);
    ds[2] = (char)('0' + y / 100 % 10);
    ds[3] = (char)('0' + y / 10 % 10);
    ds[4] = (char)('0' + y % 10);
    ds[5] = '-';
    ds[6] = (char)('0' + d->month / 10);
    ds[7] = (char)('0' + d->month % 10);
    ds[8] = '-';
    ds[9] = (char)('0' + d->day / 10);
    ds[10] = (char)('0' + d->day % 10);
    ds[11] = '"';
    dlbuf_put(b, ds, 12);
  } else {
    dlbuf_puts(b, "null");
  }
  key(b, "title", flags, false);
  str_or_null(b, d->title, d->title_len);
  key(b, "url", flags, false);
  str_or_null(b, d->url, d->url_len);
  key(b, "dateline", flags, false);
  if (d->dateline.present) {
    dlbuf_puts(b, "{\"text\":");
    dljson_str(b, d->text + d->dateline.s, d->dateline.e - d->dateline.s);
    dlbuf_puts(b, ",\"span\":");
    span(b, d->dateline.s, d->dateline.e);
    dlbuf_puts(b, ",\"place\":");
    place(b, d->dateline.ent >= 0 && (uint32_t)d->dateline.ent < d->ents.n
                 ? &d->ents.v[d->dateline.ent].place
                 : &(dlplace){0});
    dlbuf_putc(b, '}');
  } else {
    dlbuf_puts(b, "null");
  }
  key(b, "sentences", flags, false);
  dlbuf_putc(b, '[');
  for (uint32_t i = 0; i < d->sents.n; i++) {
    if (i)
      dlbuf_putc(b, ',');
    span(b, d->sents.v[i].s, d->sents.v[i].e);
  }
  dlbuf_putc(b, ']');
  key(b, "entities", flags, false);
  entities(b, d);
  key(b, "events", flags, false);
  events(b, d);
  key(b, "casualties", flags, false);
  casualties(b, d);
  key(b, "quotes", flags, false);
  quotes(b, d);
  key(b, "times", flags, false);
  times(b, d);
  key(b, "tone", flags, false);
  dlbuf_puts(b, "{\"score\":");
  dljson_num(b, d->tone.score, 3);
  dlbuf_puts(b, ",\"positive\":");
  dljson_num(b, d->tone.positive, 3);
  dlbuf_puts(b, ",\"negative\":");
  dljson_num(b, d->tone.negative, 3);
  dlbuf_puts(b, ",\"words\":");
  dljson_uint(b, d->tone.words);
  dlbuf_putc(b, '}');
  key(b, "themes", flags, false);
  dlbuf_putc(b, '[');
  for (uint32_t i = 0; i < d->themes.n; i++) {
    if (i)
      dlbuf_putc(b, ',');
    dljson_str(b, d->themes.v[i], strlen(d->themes.v[i]));
  }
  dlbuf_putc(b, ']');
  key(b, "warnings", flags, false);
  dlbuf_putc(b, '[');
  for (uint32_t i = 0; i < d->warns.n; i++) {
    if (i)
      dlbuf_putc(b, ',');
    const char *m = d->warns.v[i].msg ? d->warns.v[i].msg : "";
    dljson_str(b, m, strlen(m));
  }
  dlbuf_putc(b, ']');
  dlbuf_puts(b, (flags & DL_JSON_FIELD_LINES) ? "\n}\n" : "}\n");
  return d->arena.oom ? DL_E_NOMEM : DL_OK;
}
