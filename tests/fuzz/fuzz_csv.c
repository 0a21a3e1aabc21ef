/* fuzz_csv.c — the CSV writer. The input is up to 16 fields separated by NUL bytes; the row
 * csv_row writes is read back with an RFC 4180 reader. Properties: the row has as many cells as
 * fields, each cell is its field (with one leading ' when the field would start a formula), and
 * no cell starts a formula. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "csv.h"

#define MAX_FIELDS 16

static bool formula(char c)
{
	return c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' || c == '\r';
}

/* Read one RFC 4180 record from s (up to its CRLF) into cells, a run of bytes at a time;
 * returns the count, -1 when the text is not one well-formed record ending in CRLF. */
static int read_row(const char *s, size_t n, struct buf cells[MAX_FIELDS])
{
	size_t i = 0;
	int count = 0;

	for (;;) {
		struct buf *cell;
		if (count == MAX_FIELDS)
			return -1;
		cell = &cells[count];
		buf_reset(cell);
		if (i < n && s[i] == '"') {
			for (i++;;) {
				const char *q = memchr(s + i, '"', n - i);
				if (!q)
					return -1;
				buf_append(cell, s + i, (size_t)(q - (s + i)));
				i = (size_t)(q - s) + 1;
				if (i < n && s[i] == '"') { /* "" is a quote */
					buf_append(cell, "\"", 1);
					i++;
					continue;
				}
				break;
			}
		} else {
			size_t run = 0;
			while (i + run < n && s[i + run] != ',' && s[i + run] != '\r' &&
			       s[i + run] != '\n' && s[i + run] != '"')
				run++;
			buf_append(cell, s + i, run);
			i += run;
		}
		count++;
		if (i < n && s[i] == ',') {
			i++;
			continue;
		}
		return i + 2 == n && s[i] == '\r' && s[i + 1] == '\n' ? count : -1;
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct buf out, cells[MAX_FIELDS]; /* kept from run to run, as their memory */
	const char *fields[MAX_FIELDS];
	char *copy = malloc(size + 1);
	size_t nf = 0, start = 0;
	int got;

	if (!copy)
		abort();
	memcpy(copy, data, size);
	copy[size] = '\0';
	for (size_t i = 0; i <= size && nf < MAX_FIELDS; i++)
		if (i == size || copy[i] == '\0') {
			fields[nf++] = copy + start;
			start = i + 1;
		}
	buf_reset(&out);
	if (csv_row(&out, fields, nf) < 0)
		abort();
	got = read_row(out.data, out.len, cells);
	if (got != (int)nf)
		abort();
	for (size_t i = 0; i < nf; i++) {
		const char *cell = buf_str(&cells[i]), *want = fields[i];
		if (formula(cell[0]))
			abort();
		if (formula(want[0])) {
			if (cell[0] != '\'' || strcmp(cell + 1, want))
				abort();
		} else if (strcmp(cell, want)) {
			abort();
		}
	}
	free(copy);
	return 0;
}
