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
    dlbuf_puts(b, ",\"place\":null}");
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
  dlbuf_puts(b, "[]");
  key(b, "events", flags, false);
  dlbuf_puts(b, "[]");
  key(b, "casualties", flags, false);
  dlbuf_puts(b, "[]");
  key(b, "quotes", flags, false);
  dlbuf_puts(b, "[]");
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
  dlbuf_puts(b, "[]");
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
