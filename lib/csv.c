/* csv.c — RFC 4180 fields and rows with formula-injection neutralisation. */
#include "csv.h"

#include <string.h>

/* A leading character that makes a spreadsheet evaluate the cell as a formula. */
static bool formula_start(char c)
{
	return c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' || c == '\r';
}

int csv_field(struct buf *out, const char *s, bool first)
{
	bool quote;
	int rc = 0;

	if (!s)
		s = "";
	quote = strpbrk(s, ",\"\r\n") != NULL;
	if (!first)
		rc |= buf_append(out, ",", 1);
	if (quote)
		rc |= buf_append(out, "\"", 1);
	if (formula_start(s[0]))
		rc |= buf_append(out, "'", 1);
	while (*s) {
		size_t run = strcspn(s, "\"");
		rc |= buf_append(out, s, run);
		s += run;
		if (*s == '"') {
			rc |= buf_append(out, "\"\"", 2);
			s++;
		}
	}
	if (quote)
		rc |= buf_append(out, "\"", 1);
	return rc ? -1 : 0;
}

int csv_row(struct buf *out, const char *const *fields, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (csv_field(out, fields[i], i == 0) < 0)
			return -1;
	return buf_append(out, "\r\n", 2);
}
