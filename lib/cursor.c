/* cursor.c — encode and strictly decode keyset cursors ("tag\nid\nkey" in base64url). */
#include "cursor.h"

#include <inttypes.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "util.h"

#define RAW_MAX (CURSOR_TAG_MAX + 1 + 20 + 1 + CURSOR_KEY_MAX)
#define VARIANT sodium_base64_VARIANT_URLSAFE_NO_PADDING

static bool tag_ok(const char *s, size_t n)
{
	if (n == 0 || n > CURSOR_TAG_MAX)
		return false;
	for (size_t i = 0; i < n; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= '0' && s[i] <= '9') || s[i] == '_' ||
		      s[i] == '.'))
			return false;
	return true;
}

/* Well-formed UTF-8 (shortest form, no surrogates, <= U+10FFFF) without NUL. Control
 * characters are allowed: the key is a stored value, never shown or parsed. */
static bool key_ok(const unsigned char *p, size_t n)
{
	const unsigned char *e = p + n;

	while (p < e) {
		unsigned c = *p++;
		size_t more;
		uint32_t cp, min;

		if (c == 0)
			return false;
		if (c < 0x80)
			continue;
		if (c >= 0xc2 && c <= 0xdf) {
			more = 1, cp = c & 0x1f, min = 0x80;
		} else if (c >= 0xe0 && c <= 0xef) {
			more = 2, cp = c & 0x0f, min = 0x800;
		} else if (c >= 0xf0 && c <= 0xf4) {
			more = 3, cp = c & 0x07, min = 0x10000;
		} else {
			return false;
		}
		if ((size_t)(e - p) < more)
			return false;
		for (size_t i = 0; i < more; i++, p++) {
			if ((*p & 0xc0) != 0x80)
				return false;
			cp = (cp << 6) | (*p & 0x3f);
		}
		if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
			return false;
	}
	return true;
}

int cursor_set(struct cursor *c, const char *tag, int64_t id, const char *key, size_t keylen)
{
	size_t tlen = strlen(tag);

	if (!tag_ok(tag, tlen) || id < 1 || keylen > CURSOR_KEY_MAX ||
	    !key_ok((const unsigned char *)key, keylen))
		return -1;
	memcpy(c->tag, tag, tlen + 1);
	c->id = id;
	memcpy(c->key, key, keylen);
	c->key[keylen] = '\0';
	c->keylen = keylen;
	return 0;
}

int cursor_set_int(struct cursor *c, const char *tag, int64_t id, int64_t key)
{
	char s[24];
	int n = snprintf(s, sizeof s, "%" PRId64, key);

	return cursor_set(c, tag, id, s, (size_t)n);
}

int cursor_encode(const struct cursor *c, char out[CURSOR_TEXT_MAX])
{
	unsigned char raw[RAW_MAX + 1];
	int n = snprintf((char *)raw, sizeof raw, "%s\n%" PRId64 "\n", c->tag, c->id);

	if (n < 0 || (size_t)n + c->keylen > RAW_MAX)
		return -1;
	memcpy(raw + n, c->key, c->keylen);
	if (sodium_base64_ENCODED_LEN((size_t)n + c->keylen, VARIANT) > CURSOR_TEXT_MAX)
		return -1;
	sodium_bin2base64(out, CURSOR_TEXT_MAX, raw, (size_t)n + c->keylen, VARIANT);
	return 0;
}

int cursor_decode(const char *s, size_t n, struct cursor *c)
{
	unsigned char raw[RAW_MAX];
	char tag[CURSOR_TAG_MAX + 1];
	size_t len;
	const char *end, *nl1, *nl2, *r = (const char *)raw;
	int64_t id;

	if (n == 0 || n >= CURSOR_TEXT_MAX ||
	    sodium_base642bin(raw, sizeof raw, s, n, NULL, &len, &end, VARIANT) != 0 ||
	    end != s + n)
		return -1;
	if (!(nl1 = memchr(r, '\n', len)) ||
	    !(nl2 = memchr(nl1 + 1, '\n', len - (size_t)(nl1 + 1 - r))))
		return -1;
	if (!tag_ok(r, (size_t)(nl1 - r)) ||
	    parse_i64(nl1 + 1, (size_t)(nl2 - nl1 - 1), 1, INT64_MAX, &id) < 0)
		return -1;
	memcpy(tag, r, (size_t)(nl1 - r));
	tag[nl1 - r] = '\0';
	return cursor_set(c, tag, id, nl2 + 1, len - (size_t)(nl2 + 1 - r));
}

int cursor_key_int(const struct cursor *c, int64_t lo, int64_t hi, int64_t *out)
{
	return parse_i64(c->key, c->keylen, lo, hi, out);
}

bool cursor_check(const struct req_field *f, const char *s, size_t n, struct req_value *v)
{
	struct cursor c;

	(void)f;
	(void)v;
	return cursor_decode(s, n, &c) == 0;
}
