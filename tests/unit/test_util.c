/* test_util.c — range-checked integer parsing and UTF-8 validation (table-driven). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "util.h"

static void parse_i64_accepts_and_rejects_by_table(void **state)
{
	static const struct {
		const char *in;
		int64_t lo, hi;
		int rc;
		int64_t want;
	} cases[] = {
	    {"1", 1, INT64_MAX, 0, 1},
	    {"1001", 1, INT64_MAX, 0, 1001},
	    {"9223372036854775807", 1, INT64_MAX, 0, INT64_MAX},
	    {"9223372036854775808", 1, INT64_MAX, -1, 0},
	    {"99999999999999999999", 1, INT64_MAX, -1, 0},
	    {"0", 1, INT64_MAX, -1, 0},
	    {"-1", 1, INT64_MAX, -1, 0},
	    {"-5", -10, 10, 0, -5},
	    {"-9223372036854775808", INT64_MIN, 0, 0, INT64_MIN},
	    {"", 0, 10, -1, 0},
	    {"-", -10, 10, -1, 0},
	    {"+1", 0, 10, -1, 0},
	    {" 1", 0, 10, -1, 0},
	    {"1 ", 0, 10, -1, 0},
	    {"12abc", 0, 100, -1, 0},
	    {"0x10", 0, 100, -1, 0},
	    {"11", 0, 10, -1, 0},
	    {"007", 0, 10, -1, 0}, /* one way to write a number */
	    {"0", 0, 10, 0, 0},
	    {"-0", -10, 10, -1, 0},
	    {"-07", -10, 10, -1, 0},
	};
	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		int64_t v = 0;
		int rc = parse_i64(cases[i].in, strlen(cases[i].in), cases[i].lo, cases[i].hi, &v);
		assert_int_equal(rc, cases[i].rc);
		if (rc == 0)
			assert_int_equal(v, cases[i].want);
	}
}

/* One validator, three rules: every case's answer under UTF8_TEXT, UTF8_TEXT_TAB, UTF8_ANY. */
static void utf8_ok_by_table(void **state)
{
	static const struct {
		const char *in;
		size_t n; /* 0: strlen */
		bool text, tab, any;
	} cases[] = {
	    {"plain", 0, true, true, true},
	    {"Москва", 0, true, true, true},
	    {"emoji \xf0\x9f\x93\xb7", 0, true, true, true},
	    {"", 0, true, true, true},
	    {"\xc3\x28", 0, false, false, false},	  /* bad continuation */
	    {"\xc0\xaf", 0, false, false, false},	  /* overlong '/' */
	    {"\xe0\x80\xaf", 0, false, false, false},	  /* overlong, 3 bytes */
	    {"\xed\xa0\x80", 0, false, false, false},	  /* surrogate */
	    {"\xf4\x90\x80\x80", 0, false, false, false}, /* beyond U+10FFFF */
	    {"\xe2\x82", 0, false, false, false},	  /* truncated */
	    {"\xff", 0, false, false, false},
	    {"a\0b", 3, false, false, false}, /* NUL, under every rule */
	    {"tab\there", 0, false, true, true},
	    {"nl\n", 0, false, false, true},
	    {"del\x7f", 0, false, false, true},
	    {"c1 \xc2\x85", 0, false, false, true}, /* C1 control NEL */
	};
	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		size_t n = cases[i].n ? cases[i].n : strlen(cases[i].in);
		if (utf8_ok(cases[i].in, n, UTF8_TEXT) != cases[i].text ||
		    utf8_ok(cases[i].in, n, UTF8_TEXT_TAB) != cases[i].tab ||
		    utf8_ok(cases[i].in, n, UTF8_ANY) != cases[i].any)
			fail_msg("case %zu", i);
	}
}

/* Database times (UTC) as ISO 8601 for JSON and CSV, and in the display zone, named. */
static void times_read_in_iso_and_in_the_display_zone(void **state)
{
	char iso[TIME_ISO_MAX], shown[TIME_DISPLAY_MAX];

	(void)state;
	time_iso("2026-11-30 02:41:23", iso);
	assert_string_equal(iso, "2026-11-30T02:41:23Z");
	time_zone_use("Europe/Moscow");
	time_display("2026-11-30 22:41:23", shown);
	assert_string_equal(shown, "2026-12-01 01:41:23 MSK");
	time_zone_use("UTC");
	time_display("2026-11-30 22:41:23", shown);
	assert_string_equal(shown, "2026-11-30 22:41:23 UTC");
	/* a zone with summer time, on both sides of its change; a leap year's last day */
	time_zone_use("Europe/Berlin");
	time_display("2026-03-29 00:59:59", shown);
	assert_string_equal(shown, "2026-03-29 01:59:59 CET");
	time_display("2026-03-29 01:00:00", shown);
	assert_string_equal(shown, "2026-03-29 03:00:00 CEST");
	time_display("2028-12-31 23:00:00", shown);
	assert_string_equal(shown, "2029-01-01 00:00:00 CET");
	time_display("1970-01-01 00:00:00", shown);
	assert_string_equal(shown, "1970-01-01 01:00:00 CET");
	time_zone_use("UTC");
	for (const char *bad = "", *const *p =
				       (const char *const[]){
					   "", "2026-11-30", "x", "2026-13-01 00:00:00",
					   "2026-11-30 24:00:00", "2026-11-30T22:41:23",
					   "2026-11-30 22:41:2x", "2026-11-30 22:41:230", NULL};
	     (bad = *p); p++) {
		time_iso(bad, iso);
		time_display(bad, shown);
		assert_string_equal(iso, "");
		assert_string_equal(shown, "");
	}
}

/* A day of the display zone, as the UTC times it runs between (the audit trail's from/to). */
static void days_begin_at_the_display_zones_midnight(void **state)
{
	char utc[20];

	(void)state;
	time_zone_use("Europe/Moscow");
	assert_int_equal(time_day_start("2026-11-30", 0, utc), 0);
	assert_string_equal(utc, "2026-11-29 21:00:00");
	assert_int_equal(time_day_start("2026-12-31", 1, utc), 0);
	assert_string_equal(utc, "2026-12-31 21:00:00");
	/* a day of 23 hours: New York moves its clocks on at 02:00 on 8 March 2026 */
	time_zone_use("America/New_York");
	assert_int_equal(time_day_start("2026-03-08", 0, utc), 0);
	assert_string_equal(utc, "2026-03-08 05:00:00");
	assert_int_equal(time_day_start("2026-03-08", 1, utc), 0);
	assert_string_equal(utc, "2026-03-09 04:00:00");
	time_zone_use("UTC");
	assert_int_equal(time_day_start("2026-11-30", 1, utc), 0);
	assert_string_equal(utc, "2026-12-01 00:00:00");
	for (const char *const *p =
		 (const char *const[]){"", "2026-11-3", "2026-11-30x", "x", NULL};
	     *p; p++)
		assert_int_equal(time_day_start(*p, 0, utc), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(days_begin_at_the_display_zones_midnight),
	    cmocka_unit_test(times_read_in_iso_and_in_the_display_zone),
	    cmocka_unit_test(parse_i64_accepts_and_rejects_by_table),
	    cmocka_unit_test(utf8_ok_by_table),
	};
	return cmocka_run_group_tests_name("util", tests, NULL, NULL);
}
