/* test_csv.c — CSV fields and rows: RFC 4180 quoting and formula-injection neutralisation. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "buf.h"
#include "csv.h"

static const struct {
	const char *in, *out;
} fields[] = {
    {"", ""},
    {"plain", "plain"},
    {"Entrance hall", "Entrance hall"},
    {"a,b", "\"a,b\""},
    {"say \"hi\"", "\"say \"\"hi\"\"\""},
    {"\"", "\"\"\"\""},
    {"two\nlines", "\"two\nlines\""},
    {"cr\rhere", "\"cr\rhere\""},
    {"crlf\r\n", "\"crlf\r\n\""},
    {"=1+2", "'=1+2"},
    {"+79123456789", "'+79123456789"},
    {"-5", "'-5"},
    {"@SUM(A1:A9)", "'@SUM(A1:A9)"},
    {"\t=cmd", "'\t=cmd"},
    {"\r=cmd", "\"'\r=cmd\""},
    {"=HYPERLINK(\"http://x\",\"y\")", "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\""},
    {"=1,2", "\"'=1,2\""},
    {"a=b", "a=b"},
    {"1-2", "1-2"},
    {" =x", " =x"},
    {"Yard' OR 1=1 -- <img src=x onerror=alert(2)>",
     "Yard' OR 1=1 -- <img src=x onerror=alert(2)>"},
    {"Tver, O'Connor \"Plaza\" 1", "\"Tver, O'Connor \"\"Plaza\"\" 1\""},
    {"Москва, ул. Тверская", "\"Москва, ул. Тверская\""},
};

static void each_field_is_quoted_and_neutralised(void **state)
{
	struct buf b;

	(void)state;
	buf_init(&b);
	for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++) {
		buf_reset(&b);
		assert_int_equal(csv_field(&b, fields[i].in, true), 0);
		if (strcmp(buf_str(&b), fields[i].out) != 0)
			fail_msg("field %zu: [%s] -> [%s], want [%s]", i, fields[i].in, buf_str(&b),
				 fields[i].out);
	}
	buf_free(&b);
}

static void a_field_after_the_first_gets_a_comma(void **state)
{
	struct buf b;

	(void)state;
	buf_init(&b);
	assert_int_equal(csv_field(&b, "a", true), 0);
	assert_int_equal(csv_field(&b, "b,c", false), 0);
	assert_int_equal(csv_field(&b, NULL, false), 0);
	assert_string_equal(buf_str(&b), "a,\"b,c\",");
	buf_free(&b);
}

static void a_row_ends_with_crlf(void **state)
{
	const char *const row[] = {"12", "Storage", "empty", "=cmd|' /C calc'!A0"};
	const char *const empty[] = {"", ""};
	struct buf b;

	(void)state;
	buf_init(&b);
	assert_int_equal(csv_row(&b, row, 4), 0);
	assert_int_equal(csv_row(&b, empty, 2), 0);
	assert_string_equal(buf_str(&b), "12,Storage,empty,'=cmd|' /C calc'!A0\r\n,\r\n");
	buf_free(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(each_field_is_quoted_and_neutralised),
	    cmocka_unit_test(a_field_after_the_first_gets_a_comma),
	    cmocka_unit_test(a_row_ends_with_crlf),
	};

	return cmocka_run_group_tests_name("csv", tests, NULL, NULL);
}
