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
	    {"007", 0, 10, 0, 7},
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

static void utf8_text_ok_by_table(void **state)
{
	static const struct {
		const char *in;
		bool ok;
	} cases[] = {
	    {"plain", true},
	    {"Москва", true},
	    {"emoji \xf0\x9f\x93\xb7", true},
	    {"\xc3\x28", false},	 /* bad continuation */
	    {"\xc0\xaf", false},	 /* overlong '/' */
	    {"\xed\xa0\x80", false},	 /* surrogate */
	    {"\xf4\x90\x80\x80", false}, /* beyond U+10FFFF */
	    {"\xe2\x82", false},	 /* truncated */
	    {"tab\there", false},
	    {"nl\n", false},
	    {"del\x7f", false},
	    {"c1 \xc2\x85", false}, /* C1 control NEL */
	};
	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
		assert_int_equal(utf8_text_ok(cases[i].in, strlen(cases[i].in), false),
				 cases[i].ok);
	assert_true(utf8_text_ok("a\tb", 3, true));
}

static void hex_encode_is_lowercase(void **state)
{
	unsigned char in[] = {0x00, 0xab, 0xff};
	char out[7];

	(void)state;
	hex_encode(in, sizeof in, out);
	assert_string_equal(out, "00abff");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(parse_i64_accepts_and_rejects_by_table),
	    cmocka_unit_test(utf8_text_ok_by_table),
	    cmocka_unit_test(hex_encode_is_lowercase),
	};
	return cmocka_run_group_tests_name("util", tests, NULL, NULL);
}
