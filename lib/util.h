/* util.h — small range-checked parsers and string checks shared by every module. */
#ifndef VMS_UTIL_H
#define VMS_UTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Parse s[0..n) as a decimal integer in [lo, hi]: digits only (a leading '-' when lo < 0),
 * no spaces, no leading '+'. Returns 0 and sets *out, or -1. */
int parse_i64(const char *s, size_t n, int64_t lo, int64_t hi, int64_t *out);
/* True when s[0..n) is well-formed UTF-8 without control characters (tab allowed when
 * allow_tab) — the rule for every text input. */
bool utf8_text_ok(const char *s, size_t n, bool allow_tab);
/* Lowercase hex of n bytes into out (2n+1 bytes). */
void hex_encode(const unsigned char *p, size_t n, char *out);
/* Monotonic clock in microseconds. */
int64_t now_usec(void);

#endif
