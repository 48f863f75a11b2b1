/*
** io.h: interface of the input formats that reader.c hands whole files or
** streams to: HTML pages (html.c, main text and metadata through gumbo) and
** WARC archives (warc.c, one HTTP response at a time). First pipeline stage.
*/
#ifndef DL_IO_H
#define DL_IO_H

#include "dl_int.h"

/* ------------------------------------------------------------------ HTML */

/* What dlhtml_extract() found in one page. Every span points into 'buf'
** (owned; dlhtml_free) and may be NULL/0 when absent. */
typedef struct dlhtml_page {
  char *buf;                          /* owns the spans below */
  const char *text; size_t text_len;  /* main text, paragraphs joined by "\n\n" */
  const char *title; size_t title_len;
  const char *url; size_t url_len;    /* rel=canonical, else og:url */
  char date[11]; size_t date_len;     /* publication day "YYYY-MM-DD" or 0 */
} dlhtml_page;

/* Is 'path' (minus a .gz or .zst suffix) an HTML file: *.html or *.htm? */
DL_INTERNAL bool dlhtml_is_name(const char *path);

/* Parse the page 'html' (n bytes, any charset: 'charset' from an HTTP header
** may be NULL) and fill 'pg'. ISO-8859-1 and windows-1252 pages are decoded
** to UTF-8; other bytes pass through. Returns DL_OK or DL_E_NOMEM ('pg' then
** holds nothing). Bounded: no recursion over the tree, linear in the page. */
DL_INTERNAL dl_status dlhtml_extract(const char *html, size_t n,
                                     const char *charset, size_t charset_len,
                                     dlhtml_page *pg);
/* Free what 'pg' holds and zero it; a zeroed page is fine. */
DL_INTERNAL void dlhtml_free(dlhtml_page *pg);

/* Normalise a date written as ISO 8601 ("2024-03-05T10:00Z", "2024/03/05",
** "20240305") or with a month name ("March 5, 2024", "Tue, 05 Mar 2024") to
** "YYYY-MM-DD" in 'out' (NUL-terminated). Returns false if it is none. */
DL_INTERNAL bool dlhtml_date(const char *s, size_t n, char out[11]);

/* ------------------------------------------------------------------ WARC */

typedef struct dlwarc dlwarc;

/* 1 for *.warc, 2 for *.warc.gz (read by dlwarc_*, not by gzip), else 0. */
DL_INTERNAL int dlwarc_is_name(const char *path);

/* Read the WARC file open on 'fd' (the reader owns 'fd' and 'gz' tells if it
** is gzip, one member per record or not); 'name' is used in messages and must
** outlive the stream. Records over 'max_rec' bytes are skipped with an error.
** Returns DL_OK or DL_E_NOMEM. */
DL_INTERNAL dl_status dlwarc_open(int fd, bool gz, const char *name,
                                  size_t max_rec, dlwarc **out);
/* Free the stream (not 'fd'); NULL is fine. */
DL_INTERNAL void dlwarc_close(dlwarc *w);

/* Next HTML page of a 'response' record with status 200, as an article
** (fields point into 'w' until the next call; 'text' may be changed in
** place). DL_E_INPUT: a bad record, *msg names the file and the byte offset
** of the record (in the compressed file for .warc.gz) and art->id the record
** when known; the next call resyncs at the next "WARC/1." line. DL_E_IO: the
** file cannot be read any further (*msg). DL_E_EOF: the end. */
DL_INTERNAL dl_status dlwarc_next(dlwarc *w, dl_article *art,
                                  const char **msg);

#endif
