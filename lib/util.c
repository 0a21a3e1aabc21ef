/* util.c — range-checked integer parsing, UTF-8 validation, clocks. */
#include "util.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

int parse_i64(const char *s, size_t n, int64_t lo, int64_t hi, int64_t *out)
{
	bool neg = false;
	uint64_t v = 0, limit;
	size_t i = 0;

	if (n && s[0] == '-' && lo < 0) {
		neg = true;
		i = 1;
	}
	if (i == n || n - i > 20 || (s[i] == '0' && (n - i > 1 || neg)))
		return -1; /* empty, too long, a leading zero or "-0" */
	limit = neg ? (uint64_t)INT64_MAX + 1 : (uint64_t)INT64_MAX;
	for (; i < n; i++) {
		unsigned d;
		if (s[i] < '0' || s[i] > '9')
			return -1;
		d = (unsigned)(s[i] - '0');
		if (v > (limit - d) / 10)
			return -1;
		v = v * 10 + d;
	}
	{
		int64_t r =
		    neg ? (v == (uint64_t)INT64_MAX + 1 ? INT64_MIN : -(int64_t)v) : (int64_t)v;
		if (r < lo || r > hi)
			return -1;
		*out = r;
	}
	return 0;
}

static bool control(uint32_t cp, enum utf8_rule rule)
{
	if (rule == UTF8_ANY)
		return false;
	if (cp == '\t')
		return rule != UTF8_TEXT_TAB;
	return cp < 0x20 || (cp >= 0x7f && cp < 0xa0);
}

bool utf8_ok(const char *s, size_t n, enum utf8_rule rule)
{
	const unsigned char *p = (const unsigned char *)s, *e = p + n;

	while (p < e) {
		unsigned c = *p++;
		size_t more;
		uint32_t cp, min;

		if (c < 0x80) {
			if (c == 0 || control(c, rule))
				return false;
			continue;
		}
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
		if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff) ||
		    control(cp, rule))
			return false;
	}
	return true;
}

/* utc "YYYY-MM-DD hh:mm:ss" as seconds since the epoch. Returns 0, or -1 when it is not one. */
static int parse_utc(const char *utc, time_t *out)
{
	struct tm tm = {0};
	const char *end;

	if (!utc || strlen(utc) != 19 || !(end = strptime(utc, "%Y-%m-%d %H:%M:%S", &tm)) || *end)
		return -1;
	*out = timegm(&tm);
	return 0;
}

void time_zone_use(const char *zone)
{
	setenv("TZ", zone && *zone ? zone : "UTC", 1);
	tzset();
}

void time_iso(const char *utc, char out[TIME_ISO_MAX])
{
	time_t t;
	struct tm tm;

	out[0] = '\0';
	if (parse_utc(utc, &t) == 0 && gmtime_r(&t, &tm))
		strftime(out, TIME_ISO_MAX, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

void time_display(const char *utc, char out[TIME_DISPLAY_MAX])
{
	time_t t;
	struct tm tm;

	out[0] = '\0';
	if (parse_utc(utc, &t) == 0 && localtime_r(&t, &tm))
		strftime(out, TIME_DISPLAY_MAX, "%Y-%m-%d %H:%M:%S %Z", &tm);
}

int time_day_start(const char *day, int add, char out[20])
{
	struct tm tm = {0};
	const char *end;
	time_t t;

	if (!day || strlen(day) != 10 || !(end = strptime(day, "%Y-%m-%d", &tm)) || *end)
		return -1;
	tm.tm_mday += add;
	tm.tm_isdst = -1; /* the zone's rule for that day */
	if ((t = mktime(&tm)) == (time_t)-1 || !gmtime_r(&t, &tm))
		return -1;
	strftime(out, 20, "%Y-%m-%d %H:%M:%S", &tm);
	return 0;
}

int64_t now_usec(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

size_t utf8_prefix(const char *s, size_t max)
{
	size_t n = strlen(s);

	if (n <= max)
		return n;
	while (max > 0 && ((unsigned char)s[max] & 0xc0) == 0x80)
		max--;
	return max;
}
