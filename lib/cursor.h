/* cursor.h — opaque keyset-pagination cursors: the row to resume after (its sort value and id),
 * the list it belongs to, and a fingerprint of the order and filter it was made under, as
 * base64url text. A cursor only says where to resume: the query that uses it still applies
 * every filter and the admin's scope, so a forged cursor can at most move the starting point
 * inside what the admin may see. lib/list.c makes and checks them for every list. */
#ifndef VMS_CURSOR_H
#define VMS_CURSOR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "req.h"

#define CURSOR_TAG_MAX 24    /* the list's name: [a-z0-9_.-] */
#define CURSOR_KEY_MAX 1024  /* the sort value as text: a VARCHAR(255) in utf8mb4 fits */
#define CURSOR_TEXT_MAX 1500 /* the encoded form, with its NUL */

struct cursor {
	char tag[CURSOR_TAG_MAX + 1];
	uint64_t fp;		      /* fingerprint of the order and filter */
	int64_t id;		      /* the row's id, the tie-breaker; >= 1 */
	char key[CURSOR_KEY_MAX + 1]; /* the row's sort value, NUL-terminated */
	size_t keylen;
};

/* Fill c for the row (id, key[0..keylen)) of list tag under fingerprint fp. Returns 0, or -1
 * when the tag or key is too long or malformed (c is then unusable). */
int cursor_set(struct cursor *c, const char *tag, uint64_t fp, int64_t id, const char *key,
	       size_t keylen);
/* The text form of c into out (CURSOR_TEXT_MAX bytes). Returns 0 or -1. */
int cursor_encode(const struct cursor *c, char out[CURSOR_TEXT_MAX]);
/* Parse the text form s[0..n): strict base64url, a known shape, a positive id, a key of
 * well-formed UTF-8 without NUL. Returns 0 with c filled, or -1. */
int cursor_decode(const char *s, size_t n, struct cursor *c);
/* The key as an integer in [lo, hi]. Returns 0, or -1 when it is not one. */
int cursor_key_int(const struct cursor *c, int64_t lo, int64_t hi, int64_t *out);
/* A req_field validator: true when s decodes as a cursor, which it leaves in v->p (arena).
 * Whether it belongs to the list, order and filter in use is lib/list.c's check. */
bool cursor_check(struct req *r, const struct req_field *f, const char *s, size_t n,
		  struct req_value *v);

#endif
