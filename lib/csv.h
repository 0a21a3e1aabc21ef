/* csv.h — CSV output (RFC 4180) that is safe to open in a spreadsheet: fields quoted when
 * needed, quotes doubled, CRLF line ends, and formula injection neutralised. */
#ifndef VMS_CSV_H
#define VMS_CSV_H

#include <stdbool.h>
#include <stddef.h>

#include "buf.h"

/* Append one field of a row, preceded by a comma unless it is the first. A field starting
 * with = + - @ (or a tab or CR, which some spreadsheets skip before a formula) gets a leading
 * single quote so a spreadsheet shows it as text, not a formula. A field holding a comma,
 * a double quote, CR or LF is wrapped in double quotes with inner quotes doubled. s may be
 * NULL (an empty field). Returns 0, or -1 when memory runs out. */
int csv_field(struct buf *out, const char *s, bool first);
/* Append a whole row: n fields (as csv_field) and CRLF. Returns 0 or -1. */
int csv_row(struct buf *out, const char *const *fields, size_t n);

#endif
