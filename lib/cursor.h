/* cursor.h — opaque keyset-pagination cursors: the last row's sort value and id, bound to the
 * sort order they were made for, as base64url text. A cursor only says where to resume: the
 * query that uses it still applies every filter and the admin's scope, so a forged cursor can
 * at most move the starting point inside what the admin may see. */
#ifndef VMS_CURSOR_H
#define VMS_CURSOR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "req.h"

#define CURSOR_TAG_MAX 24    /* "name.asc": [a-z0-9_.], what the cursor was made for */
#define CURSOR_KEY_MAX 1024  /* the sort value as text: a VARCHAR(255) in utf8mb4 fits */
#define CURSOR_TEXT_MAX 1500 /* the encoded form, with its NUL */

struct cursor {
	char tag[CURSOR_TAG_MAX + 1];
	int64_t id;		      /* the last row's id, the tie-breaker; >= 1 */
	char key[CURSOR_KEY_MAX + 1]; /* the last row's sort value, NUL-terminated */
	size_t keylen;
};

/* Fill c for the row (id, key[0..keylen)) under tag. Returns 0, or -1 when the tag or key is
 * too long or malformed (c is then unusable). */
int cursor_set(struct cursor *c, const char *tag, int64_t id, const char *key, size_t keylen);
/* Fill c with an integer sort value (printed in decimal). Returns 0 or -1. */
int cursor_set_int(struct cursor *c, const char *tag, int64_t id, int64_t key);
/* The text form of c into out (CURSOR_TEXT_MAX bytes). Returns 0 or -1. */
int cursor_encode(const struct cursor *c, char out[CURSOR_TEXT_MAX]);
/* Parse the text form s[0..n): strict base64url, a known shape, a positive id, a key of
 * well-formed UTF-8 without NUL. Returns 0 with c filled, or -1. */
int cursor_decode(const char *s, size_t n, struct cursor *c);
/* The key as an integer in [lo, hi]. Returns 0, or -1 when it is not one. */
int cursor_key_int(const struct cursor *c, int64_t lo, int64_t hi, int64_t *out);
/* A req_field validator: true when s decodes as a cursor (the handler decodes it again and
 * checks its tag against the sort in use). */
bool cursor_check(const struct req_field *f, const char *s, size_t n, struct req_value *v);

#endif
