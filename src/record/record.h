/*
** record.h: the JSON record of SCHEMA.md, written as a stream into the
** document's output buffer without building a tree.
*/
#ifndef DL_RECORD_H
#define DL_RECORD_H
#include "dl_int.h"

/* Write the record of 'doc' into doc->out (one line, '\n' at the end).
** DL_E_NOMEM if the arena gave out. */
DL_INTERNAL dl_status dlrecord_write(dl_doc *doc, unsigned flags);
/* Append 's' as a JSON string (quotes included); invalid UTF-8 becomes
** U+FFFD, control characters are escaped. */
DL_INTERNAL void dljson_str(dlbuf *b, const char *s, size_t n);
/* Append a number with at most 'prec' decimals, trailing zeros trimmed. */
DL_INTERNAL void dljson_num(dlbuf *b, double v, int prec);
DL_INTERNAL void dljson_uint(dlbuf *b, uint64_t v);

#endif
