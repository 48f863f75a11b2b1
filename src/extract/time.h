/*
** time.h: the times stage. Finds time expressions (TimeML TIMEX3: dates,
** times, durations, sets) in the token layer and resolves them against the
** publication date into doc->times. Runs after tokens and sentences.
*/
#ifndef DL_TIME_H
#define DL_TIME_H

#include "dl_int.h"

/* Append one 'dltime' to doc->times for each time expression of the text, in
** text order, spans never overlapping. Values that need the publication date
** are "" with anchor DLTX_NONE when the document has none; values read from
** the text alone (full dates, durations, sets, PRESENT_REF …) are
** DLTX_ABSOLUTE; values resolved against the date are DLTX_PUBLICATION. On
** allocation failure it stops quietly (the arena's 'oom' flag is set). */
DL_INTERNAL void dltime_extract(dl_doc *doc);

#endif /* DL_TIME_H */
