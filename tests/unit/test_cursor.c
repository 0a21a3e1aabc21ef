/* test_cursor.c — keyset cursors: round trips, and strict rejection of anything forged. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>
#include <sodium.h>

#include "cursor.h"

static void round_trip(const char *tag, int64_t id, const char *key, size_t keylen)
{
	struct cursor c, d;
	char text[CURSOR_TEXT_MAX];

	assert_int_equal(cursor_set(&c, tag, id, key, keylen), 0);
	assert_int_equal(cursor_encode(&c, text), 0);
	assert_null(strpbrk(text, "+/=")); /* URL-safe without escaping */
	assert_int_equal(cursor_decode(text, strlen(text), &d), 0);
	assert_string_equal(d.tag, tag);
	assert_int_equal(d.id, id);
	assert_int_equal(d.keylen, keylen);
	assert_memory_equal(d.key, key, keylen);
}

static void cursors_round_trip(void **state)
{
	static char longest[CURSOR_KEY_MAX + 1];

	(void)state;
	memset(longest, 'x', CURSOR_KEY_MAX);
	round_trip("id.asc", 1, "1", 1);
	round_trip("name.desc", 42, "Entrance hall", 13);
	round_trip("location.asc", 7, "", 0);
	round_trip("name.asc", INT64_MAX, "a\nb.c\tO'Connor \"Plaza\" <img>", 28);
	round_trip("name.asc", 3, "Москва", strlen("Москва"));
	round_trip("intercom.apartment", 9, "12", 2);
	round_trip("name.asc", 5, longest, CURSOR_KEY_MAX);
}

static void integer_keys_parse_in_range(void **state)
{
	struct cursor c;
	int64_t k;

	(void)state;
	assert_int_equal(cursor_set_int(&c, "status.asc", 10, 3), 0);
	assert_int_equal(cursor_key_int(&c, 0, INT64_MAX, &k), 0);
	assert_int_equal(k, 3);
	assert_int_equal(cursor_set(&c, "status.asc", 10, "3x", 2), 0);
	assert_int_equal(cursor_key_int(&c, 0, INT64_MAX, &k), -1);
	assert_int_equal(cursor_set_int(&c, "status.asc", 10, -1), 0);
	assert_int_equal(cursor_key_int(&c, 0, INT64_MAX, &k), -1);
}

static void bad_values_are_refused(void **state)
{
	struct cursor c;
	static char toolong[CURSOR_KEY_MAX + 2];

	(void)state;
	memset(toolong, 'x', CURSOR_KEY_MAX + 1);
	assert_int_equal(cursor_set(&c, "id.asc", 0, "1", 1), -1); /* id must be >= 1 */
	assert_int_equal(cursor_set(&c, "Name", 1, "1", 1), -1);   /* tag charset */
	assert_int_equal(cursor_set(&c, "", 1, "1", 1), -1);
	assert_int_equal(cursor_set(&c, "a.b.c.d.e.f.g.h.i.j.k.l.m.n", 1, "1", 1), -1);
	assert_int_equal(cursor_set(&c, "name.asc", 1, toolong, CURSOR_KEY_MAX + 1), -1);
	assert_int_equal(cursor_set(&c, "name.asc", 1, "a\0b", 3), -1);		/* NUL */
	assert_int_equal(cursor_set(&c, "name.asc", 1, "\xc3\x28", 2), -1);	/* bad UTF-8 */
	assert_int_equal(cursor_set(&c, "name.asc", 1, "\xed\xa0\x80", 3), -1); /* surrogate */
	assert_int_equal(cursor_set(&c, "name.asc", 1, "\xc0\xaf", 2), -1);	/* overlong */
}

/* base64url of raw bytes, for forging. */
static void forge(const char *raw, size_t n, char *out, size_t cap)
{
	sodium_bin2base64(out, cap, (const unsigned char *)raw, n,
			  sodium_base64_VARIANT_URLSAFE_NO_PADDING);
}

static void forged_text_is_refused(void **state)
{
	static const char *const bad_text[] = {
	    "",
	    "!!!!",
	    "a",
	    "abc=",
	    "aWQuYXNjCjEKMQ==", /* padded */
	    "aWQuYXNjCjEKMQ ",
	    "aWQuYXNjCjEKM",  /* truncated */
	    "aWQuYXNjCjEKMR", /* non-zero trailing bits */
	    "aWQ+YXNj",
	    "aWQ/YXNj", /* standard alphabet */
	};
	static const struct {
		const char *raw;
		size_t n;
	} bad_raw[] = {
	    {"id.asc\n1", 8}, /* no key separator */
	    {"id.asc", 6},
	    {"\n1\n1", 4},	  /* empty tag */
	    {"id.asc\n0\n1", 10}, /* id 0 */
	    {"id.asc\n-1\n1", 11},
	    {"id.asc\n\n1", 9},
	    {"id.asc\n99999999999999999999\n1", 29}, /* overflow */
	    {"id.asc\n1x\n1", 11},
	    {"ID.ASC\n1\n1", 10},
	    {"name.asc\n1\n\xff", 12},
	    {"name.asc\n1\na\0b", 14},
	};
	struct cursor c;
	char text[CURSOR_TEXT_MAX];

	(void)state;
	for (size_t i = 0; i < sizeof bad_text / sizeof bad_text[0]; i++)
		if (cursor_decode(bad_text[i], strlen(bad_text[i]), &c) == 0)
			fail_msg("accepted text %zu: %s", i, bad_text[i]);
	for (size_t i = 0; i < sizeof bad_raw / sizeof bad_raw[0]; i++) {
		forge(bad_raw[i].raw, bad_raw[i].n, text, sizeof text);
		if (cursor_decode(text, strlen(text), &c) == 0)
			fail_msg("accepted forged cursor %zu", i);
	}
	forge("id.asc\n1\n1", 10, text, sizeof text);
	assert_int_equal(cursor_decode(text, strlen(text), &c), 0); /* the control case */
}

static void the_validator_matches_decode(void **state)
{
	struct req_field f = {.name = "after"};
	struct req_value v;
	struct cursor c;
	char text[CURSOR_TEXT_MAX];

	(void)state;
	assert_int_equal(cursor_set(&c, "name.asc", 12, "Storage", 7), 0);
	assert_int_equal(cursor_encode(&c, text), 0);
	assert_true(cursor_check(&f, text, strlen(text), &v));
	assert_false(cursor_check(&f, "1.1", 3, &v));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(cursors_round_trip),
	    cmocka_unit_test(integer_keys_parse_in_range),
	    cmocka_unit_test(bad_values_are_refused),
	    cmocka_unit_test(forged_text_is_refused),
	    cmocka_unit_test(the_validator_matches_decode),
	};

	return cmocka_run_group_tests_name("cursor", tests, NULL, NULL);
}
