/* test_cursor.c — keyset cursors: round trips, and strict rejection of anything forged. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>
#include <sodium.h>

#include "cursor.h"

#define FP 0x0123456789abcdefu

static void round_trip(const char *tag, int64_t id, const char *key, size_t keylen)
{
	struct cursor c, d;
	char text[CURSOR_TEXT_MAX];

	assert_int_equal(cursor_set(&c, tag, FP, id, key, keylen), 0);
	assert_int_equal(cursor_encode(&c, text), 0);
	assert_null(strpbrk(text, "+/=")); /* URL-safe without escaping */
	assert_int_equal(cursor_decode(text, strlen(text), &d), 0);
	assert_string_equal(d.tag, tag);
	assert_true(d.fp == FP);
	assert_int_equal(d.id, id);
	assert_int_equal(d.keylen, keylen);
	assert_memory_equal(d.key, key, keylen);
}

static void cursors_round_trip(void **state)
{
	static char longest[CURSOR_KEY_MAX + 1];

	(void)state;
	memset(longest, 'x', CURSOR_KEY_MAX);
	round_trip("cameras", 1, "1", 1);
	round_trip("cameras", 42, "Entrance hall", 13);
	round_trip("cameras", 7, "", 0);
	round_trip("cameras", INT64_MAX, "a\nb.c\tO'Connor \"Plaza\" <img>", 28);
	round_trip("users", 3, "Москва", strlen("Москва"));
	round_trip("billing-events", 9, "12", 2);
	round_trip("cameras", 5, longest, CURSOR_KEY_MAX);
}

static void integer_keys_parse_in_range(void **state)
{
	struct cursor c;
	int64_t k;

	(void)state;
	assert_int_equal(cursor_set(&c, "cameras", FP, 10, "3", 1), 0);
	assert_int_equal(cursor_key_int(&c, 0, INT64_MAX, &k), 0);
	assert_int_equal(k, 3);
	assert_int_equal(cursor_set(&c, "cameras", FP, 10, "3x", 2), 0);
	assert_int_equal(cursor_key_int(&c, 0, INT64_MAX, &k), -1);
	assert_int_equal(cursor_set(&c, "cameras", FP, 10, "-1", 2), 0);
	assert_int_equal(cursor_key_int(&c, 0, INT64_MAX, &k), -1);
}

static void bad_values_are_refused(void **state)
{
	struct cursor c;
	static char toolong[CURSOR_KEY_MAX + 2];

	(void)state;
	memset(toolong, 'x', CURSOR_KEY_MAX + 1);
	assert_int_equal(cursor_set(&c, "cameras", FP, 0, "1", 1), -1); /* id must be >= 1 */
	assert_int_equal(cursor_set(&c, "Cameras", FP, 1, "1", 1), -1); /* tag charset */
	assert_int_equal(cursor_set(&c, "", FP, 1, "1", 1), -1);
	assert_int_equal(cursor_set(&c, "a.b.c.d.e.f.g.h.i.j.k.l.m.n", FP, 1, "1", 1), -1);
	assert_int_equal(cursor_set(&c, "cameras", FP, 1, toolong, CURSOR_KEY_MAX + 1), -1);
	assert_int_equal(cursor_set(&c, "cameras", FP, 1, "a\0b", 3), -1);	   /* NUL */
	assert_int_equal(cursor_set(&c, "cameras", FP, 1, "\xc3\x28", 2), -1);	   /* bad UTF-8 */
	assert_int_equal(cursor_set(&c, "cameras", FP, 1, "\xed\xa0\x80", 3), -1); /* surrogate */
	assert_int_equal(cursor_set(&c, "cameras", FP, 1, "\xc0\xaf", 2), -1);	   /* overlong */
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
	    "Y2FtZXJhcwowMTIzNDU2Nzg5YWJjZGVmCjEKMQ==", /* padded */
	    "Y2FtZXJhcwowMTIzNDU2Nzg5YWJjZGVmCjEKMQ ",
	    "Y2FtZXJhcwowMTIzNDU2Nzg5YWJjZGVmCjEKM",  /* truncated */
	    "Y2FtZXJhcwowMTIzNDU2Nzg5YWJjZGVmCjEKMR", /* non-zero trailing bits */
	    "Y2F+ZXJh",
	    "Y2F/ZXJh",					  /* standard alphabet */
	    "Y2FtZXJhcwowMTIzNDU2Nzg5YWJjZGVmCjEKMQ\x92", /* a byte libsodium took for '_' */
	};
	static const struct {
		const char *raw;
		size_t n;
	} bad_raw[] = {
	    {"cameras\n0123456789abcdef\n1", 26}, /* no key separator */
	    {"cameras\n0123456789abcdef", 24},
	    {"cameras\n1\n1", 11},		     /* no fingerprint */
	    {"\n0123456789abcdef\n1\n1", 21},	     /* empty tag */
	    {"cameras\n0123456789ABCDEF\n1\n1", 28}, /* fingerprint in upper case */
	    {"cameras\n0123456789abcde\n1\n1", 27},  /* 15 digits */
	    {"cameras\n0123456789abcdeg\n1\n1", 28},
	    {"cameras\n0123456789abcdef\n0\n1", 28}, /* id 0 */
	    {"cameras\n0123456789abcdef\n-1\n1", 29},
	    {"cameras\n0123456789abcdef\n\n1", 27},
	    {"cameras\n0123456789abcdef\n99999999999999999999\n1", 47}, /* overflow */
	    {"cameras\n0123456789abcdef\n1x\n1", 29},
	    {"CAMERAS\n0123456789abcdef\n1\n1", 28},
	    {"cameras\n0123456789abcdef\n1\n\xff", 28},
	    {"cameras\n0123456789abcdef\n1\na\0b", 30},
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
	forge("cameras\n0123456789abcdef\n1\n1", 28, text, sizeof text);
	assert_int_equal(cursor_decode(text, strlen(text), &c), 0); /* the control case */
	assert_string_equal(text, "Y2FtZXJhcwowMTIzNDU2Nzg5YWJjZGVmCjEKMQ");
}

/* The validator decodes once, into the request's arena, for the handler to use. */
static void the_validator_leaves_the_decoded_cursor(void **state)
{
	struct req r;
	struct req_field f = {.name = "after"};
	struct req_value v = {0};
	struct cursor c;
	const struct cursor *got;
	char text[CURSOR_TEXT_MAX];

	(void)state;
	req_init(&r);
	assert_int_equal(cursor_set(&c, "cameras", FP, 12, "Storage", 7), 0);
	assert_int_equal(cursor_encode(&c, text), 0);
	assert_true(cursor_check(&r, &f, text, strlen(text), &v));
	got = v.p;
	assert_non_null(got);
	assert_int_equal(got->id, 12);
	assert_string_equal(got->key, "Storage");
	assert_false(cursor_check(&r, &f, "1.1", 3, &v));
	req_free(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(cursors_round_trip),
	    cmocka_unit_test(integer_keys_parse_in_range),
	    cmocka_unit_test(bad_values_are_refused),
	    cmocka_unit_test(forged_text_is_refused),
	    cmocka_unit_test(the_validator_leaves_the_decoded_cursor),
	};

	return cmocka_run_group_tests_name("cursor", tests, NULL, NULL);
}
