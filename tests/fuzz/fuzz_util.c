/* fuzz_util.c — the integer and UTF-8 helpers, each against an independent reference:
 * parse_i64 against strtoll, utf8_ok against a decoder written from RFC 3629's table of
 * well-formed byte sequences. */
#include <errno.h>
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

/* RFC 3629, section 4: the well-formed sequences, byte ranges per position. */
static size_t seq_len(const uint8_t *p, size_t n)
{
	static const struct {
		uint8_t lo[4], hi[4];
		size_t len;
	} t[] = {
	    {{0x00}, {0x7f}, 1},
	    {{0xc2, 0x80}, {0xdf, 0xbf}, 2},
	    {{0xe0, 0xa0, 0x80}, {0xe0, 0xbf, 0xbf}, 3},
	    {{0xe1, 0x80, 0x80}, {0xec, 0xbf, 0xbf}, 3},
	    {{0xed, 0x80, 0x80}, {0xed, 0x9f, 0xbf}, 3},
	    {{0xee, 0x80, 0x80}, {0xef, 0xbf, 0xbf}, 3},
	    {{0xf0, 0x90, 0x80, 0x80}, {0xf0, 0xbf, 0xbf, 0xbf}, 4},
	    {{0xf1, 0x80, 0x80, 0x80}, {0xf3, 0xbf, 0xbf, 0xbf}, 4},
	    {{0xf4, 0x80, 0x80, 0x80}, {0xf4, 0x8f, 0xbf, 0xbf}, 4},
	};
	for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
		size_t k = 0;
		if (n < t[i].len)
			continue;
		while (k < t[i].len && p[k] >= t[i].lo[k] && p[k] <= t[i].hi[k])
			k++;
		if (k == t[i].len)
			return k;
	}
	return 0;
}

/* The code point of the well-formed sequence p[0..len). */
static uint32_t code_point(const uint8_t *p, size_t len)
{
	static const uint8_t mask[] = {0, 0x7f, 0x1f, 0x0f, 0x07};
	uint32_t cp = p[0] & mask[len];

	for (size_t i = 1; i < len; i++)
		cp = cp << 6 | (p[i] & 0x3f);
	return cp;
}

static bool reference_utf8(const uint8_t *p, size_t n, enum utf8_rule rule)
{
	for (size_t i = 0; i < n;) {
		size_t len = seq_len(p + i, n - i);
		uint32_t cp;
		if (!len)
			return false;
		cp = code_point(p + i, len);
		if (cp == 0)
			return false;
		if (rule != UTF8_ANY && (cp < 0x20 || (cp >= 0x7f && cp < 0xa0)) &&
		    !(rule == UTF8_TEXT_TAB && cp == '\t'))
			return false;
		i += len;
	}
	return true;
}

static void check_int(const char *s, size_t n, int64_t lo, int64_t hi)
{
	char buf[64], *end;
	long long want;
	int64_t got;
	bool ok;

	if (n >= sizeof buf)
		n = sizeof buf - 1;
	memcpy(buf, s, n);
	buf[n] = '\0';
	/* the rule: 1 to 20 digits, one leading '-' when lo < 0, no space, no '+', in range, and
	 * written as it prints: what strtoll reads prints back as the same text */
	ok = n > 0 && strlen(buf) == n && (buf[0] != '-' || lo < 0) &&
	     strspn(buf + (buf[0] == '-'), "0123456789") == n - (buf[0] == '-') &&
	     n - (buf[0] == '-') > 0 && n - (buf[0] == '-') <= 20;
	errno = 0;
	want = ok ? strtoll(buf, &end, 10) : 0;
	ok = ok && errno == 0 && want >= lo && want <= hi;
	if (ok) {
		char again[32];
		snprintf(again, sizeof again, "%lld", want);
		ok = strcmp(again, buf) == 0;
	}
	if ((parse_i64(buf, n, lo, hi, &got) == 0) != ok || (ok && got != want))
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const int64_t bounds[][2] = {
	    {0, INT64_MAX}, {1, INT64_MAX}, {INT64_MIN, INT64_MAX}, {1, 100}, {-5, 5}};

	for (int r = UTF8_TEXT; r <= UTF8_ANY; r++)
		if (utf8_ok((const char *)data, size, r) != reference_utf8(data, size, r))
			abort();
	for (size_t b = 0; b < sizeof bounds / sizeof bounds[0]; b++)
		check_int((const char *)data, size, bounds[b][0], bounds[b][1]);
	return 0;
}
