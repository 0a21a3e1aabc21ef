/* util.c — range-checked integer parsing, UTF-8 validation, clocks. */
#include "util.h"

#include <stdio.h>
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

/* The fields of utc "YYYY-MM-DD hh:mm:ss" (fixed width, as the database writes it) into f[6]:
 * year, month, day, hour, minute, second. Returns 0, or -1 when it is not one. Every list row
 * with a time goes through here: it reads digits, not a format. */
static int utc_fields(const char *utc, int f[6])
{
	static const char shape[] = "dddd-dd-dd dd:dd:dd";
	static const int at[6] = {0, 5, 8, 11, 14, 17}, len[6] = {4, 2, 2, 2, 2, 2};
	static const int lo[6] = {0, 1, 1, 0, 0, 0}, hi[6] = {9999, 12, 31, 23, 59, 60};

	if (!utc)
		return -1;
	for (size_t i = 0; i < sizeof shape - 1; i++)
		if (shape[i] == 'd' ? (unsigned)(utc[i] - '0') > 9 : utc[i] != shape[i])
			return -1;
	if (utc[sizeof shape - 1])
		return -1;
	for (int i = 0; i < 6; i++) {
		f[i] = 0;
		for (int k = 0; k < len[i]; k++)
			f[i] = f[i] * 10 + (utc[at[i] + k] - '0');
		if (f[i] < lo[i] || f[i] > hi[i])
			return -1;
	}
	return 0;
}

/* Days from 1970-01-01 to the civil date y-m-d (proleptic Gregorian). */
static int64_t days_from_civil(int64_t y, int m, int d)
{
	int64_t era, yoe, doy;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
	return era * 146097 + yoe * 365 + yoe / 4 - yoe / 100 + doy - 719468;
}

/* n as two digits at p (n < 100). */
static void put2(char *p, int n)
{
	p[0] = (char)('0' + n / 10);
	p[1] = (char)('0' + n % 10);
}

void time_zone_use(const char *zone)
{
	setenv("TZ", zone && *zone ? zone : "UTC", 1);
	tzset();
}

void time_iso(const char *utc, char out[TIME_ISO_MAX])
{
	int f[6];

	out[0] = '\0';
	if (utc_fields(utc, f) < 0)
		return;
	memcpy(out, utc, 19); /* already UTC: the same fields, ISO's separators */
	out[10] = 'T';
	out[19] = 'Z';
	out[20] = '\0';
}

void time_display(const char *utc, char out[TIME_DISPLAY_MAX])
{
	int f[6];
	time_t t;
	struct tm tm;

	out[0] = '\0';
	if (utc_fields(utc, f) < 0)
		return;
	t = (time_t)(days_from_civil(f[0], f[1], f[2]) * 86400 + f[3] * 3600 + f[4] * 60 + f[5]);
	if (!localtime_r(&t, &tm) || tm.tm_year + 1900 < 0 || tm.tm_year + 1900 > 9999)
		return;
	snprintf(out, TIME_DISPLAY_MAX, "%04d-00-00 00:00:00 %s", tm.tm_year + 1900,
		 tm.tm_zone ? tm.tm_zone : "");
	put2(out + 5, tm.tm_mon + 1);
	put2(out + 8, tm.tm_mday);
	put2(out + 11, tm.tm_hour);
	put2(out + 14, tm.tm_min);
	put2(out + 17, tm.tm_sec);
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
