/* cursor.c — encode and strictly decode keyset cursors ("tag\nfp\nid\nkey" in base64url, fp
 * as 16 lowercase hex digits). */
#include "cursor.h"

#include <inttypes.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "util.h"

#define RAW_MAX (CURSOR_TAG_MAX + 1 + 16 + 1 + 20 + 1 + CURSOR_KEY_MAX)
#define VARIANT sodium_base64_VARIANT_URLSAFE_NO_PADDING

static bool tag_ok(const char *s, size_t n)
{
	if (n == 0 || n > CURSOR_TAG_MAX)
		return false;
	for (size_t i = 0; i < n; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= '0' && s[i] <= '9') || s[i] == '_' ||
		      s[i] == '.' || s[i] == '-'))
			return false;
	return true;
}

int cursor_set(struct cursor *c, const char *tag, uint64_t fp, int64_t id, const char *key,
	       size_t keylen)
{
	size_t tlen = strlen(tag);

	if (!tag_ok(tag, tlen) || id < 1 || keylen > CURSOR_KEY_MAX ||
	    !utf8_ok(key, keylen, UTF8_ANY))
		return -1;
	memcpy(c->tag, tag, tlen + 1);
	c->fp = fp;
	c->id = id;
	memcpy(c->key, key, keylen);
	c->key[keylen] = '\0';
	c->keylen = keylen;
	return 0;
}

int cursor_encode(const struct cursor *c, char out[CURSOR_TEXT_MAX])
{
	unsigned char raw[RAW_MAX + 1];
	int n = snprintf((char *)raw, sizeof raw, "%s\n%016" PRIx64 "\n%" PRId64 "\n", c->tag,
			 c->fp, c->id);

	if (n < 0 || (size_t)n + c->keylen > RAW_MAX)
		return -1;
	memcpy(raw + n, c->key, c->keylen);
	if (sodium_base64_ENCODED_LEN((size_t)n + c->keylen, VARIANT) > CURSOR_TEXT_MAX)
		return -1;
	sodium_bin2base64(out, CURSOR_TEXT_MAX, raw, (size_t)n + c->keylen, VARIANT);
	return 0;
}

/* The next line of r[0..len) from *at: its start and length; -1 when there is no newline. */
static int line(const char *r, size_t len, size_t *at, const char **s, size_t *n)
{
	const char *nl = memchr(r + *at, '\n', len - *at);

	if (!nl)
		return -1;
	*s = r + *at;
	*n = (size_t)(nl - *s);
	*at += *n + 1;
	return 0;
}

/* Exactly 16 lowercase hex digits. */
static int fp_parse(const char *s, size_t n, uint64_t *fp)
{
	*fp = 0;
	if (n != 16)
		return -1;
	for (size_t i = 0; i < n; i++) {
		int d = s[i] >= '0' && s[i] <= '9'   ? s[i] - '0'
			: s[i] >= 'a' && s[i] <= 'f' ? s[i] - 'a' + 10
						     : -1;
		if (d < 0)
			return -1;
		*fp = *fp << 4 | (uint64_t)d;
	}
	return 0;
}

/* Only the base64url alphabet: libsodium 1.0.18 takes some bytes above 0x7f for letters of it
 * (0x92 decodes as '_'), which would give one cursor two texts. */
static bool alphabet_ok(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!((s[i] >= 'A' && s[i] <= 'Z') || (s[i] >= 'a' && s[i] <= 'z') ||
		      (s[i] >= '0' && s[i] <= '9') || s[i] == '-' || s[i] == '_'))
			return false;
	return true;
}

int cursor_decode(const char *s, size_t n, struct cursor *c)
{
	unsigned char raw[RAW_MAX];
	char tag[CURSOR_TAG_MAX + 1];
	const char *r = (const char *)raw, *end, *t, *f, *i;
	size_t len, at = 0, tn, fn, in;
	uint64_t fp;
	int64_t id;

	if (n == 0 || n >= CURSOR_TEXT_MAX || !alphabet_ok(s, n) ||
	    sodium_base642bin(raw, sizeof raw, s, n, NULL, &len, &end, VARIANT) != 0 ||
	    end != s + n)
		return -1;
	if (line(r, len, &at, &t, &tn) < 0 || line(r, len, &at, &f, &fn) < 0 ||
	    line(r, len, &at, &i, &in) < 0)
		return -1;
	if (!tag_ok(t, tn) || fp_parse(f, fn, &fp) < 0 || parse_i64(i, in, 1, INT64_MAX, &id) < 0)
		return -1;
	memcpy(tag, t, tn);
	tag[tn] = '\0';
	return cursor_set(c, tag, fp, id, r + at, len - at);
}

int cursor_key_int(const struct cursor *c, int64_t lo, int64_t hi, int64_t *out)
{
	return parse_i64(c->key, c->keylen, lo, hi, out);
}

bool cursor_check(struct req *r, const struct req_field *f, const char *s, size_t n,
		  struct req_value *v)
{
	struct cursor *c = arena_alloc(&r->arena, sizeof *c);

	(void)f;
	if (!c || cursor_decode(s, n, c) < 0)
		return false;
	v->p = c;
	return true;
}
