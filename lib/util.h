/* util.h — small range-checked parsers and string checks shared by every module. */
#ifndef VMS_UTIL_H
#define VMS_UTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Parse s[0..n) as a decimal integer in [lo, hi], written the one way it prints: digits only
 * (a leading '-' when lo < 0), no spaces, no '+', no leading zero, no "-0". Returns 0 and sets
 * *out, or -1. */
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
/* Times: the database gives "YYYY-MM-DD hh:mm:ss" in UTC (every connection runs in +00:00). */
#define TIME_ISO_MAX 24	    /* "YYYY-MM-DDThh:mm:ssZ" and the NUL */
#define TIME_DISPLAY_MAX 48 /* "YYYY-MM-DD hh:mm:ss ZONE" and the NUL */
/* Use zone (a tz database name) for time_display from now on. */
void time_zone_use(const char *zone);
/* utc as ISO 8601 with its offset, "YYYY-MM-DDThh:mm:ssZ" (JSON, CSV, <time datetime>); "" when
 * utc is "" or not a time. */
void time_iso(const char *utc, char out[TIME_ISO_MAX]);
/* utc in the display zone with the zone named: "YYYY-MM-DD hh:mm:ss MSK"; "" as above. */
void time_display(const char *utc, char out[TIME_DISPLAY_MAX]);

/* The UTC time ("YYYY-MM-DD hh:mm:ss") at which day ("YYYY-MM-DD", a valid date), moved on by
 * add days, begins in the display zone. 0, or -1 for a day that is not a date. */
int time_day_start(const char *day, int add, char out[20]);

/* The length of the longest prefix of s that is at most max bytes and ends at a UTF-8
 * character boundary: how much of s to keep when cutting it short. */
size_t utf8_prefix(const char *s, size_t max);
/* Monotonic clock in microseconds. */
int64_t now_usec(void);

#endif
