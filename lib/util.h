/* util.h — small range-checked parsers and string checks shared by every module. */
#ifndef VMS_UTIL_H
#define VMS_UTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Parse s[0..n) as a decimal integer in [lo, hi]: digits only (a leading '-' when lo < 0),
 * no spaces, no leading '+'. Returns 0 and sets *out, or -1. */
int parse_i64(const char *s, size_t n, int64_t lo, int64_t hi, int64_t *out);
/* What utf8_ok accepts besides well-formed UTF-8 (shortest form, no surrogates, at most
 * U+10FFFF, never NUL). */
enum utf8_rule {
	UTF8_TEXT,     /* no control characters (C0, DEL, C1): the rule for every text input */
	UTF8_TEXT_TAB, /* the same, tab allowed */
	UTF8_ANY,      /* control characters allowed: stored values that are never shown */
};
/* True when s[0..n) is well-formed UTF-8 under rule. The one UTF-8 validator of the project. */
bool utf8_ok(const char *s, size_t n, enum utf8_rule rule);
/* The length of the longest prefix of s that is at most max bytes and ends at a UTF-8
 * character boundary: how much of s to keep when cutting it short. */
size_t utf8_prefix(const char *s, size_t max);
/* Monotonic clock in microseconds. */
int64_t now_usec(void);

#endif
