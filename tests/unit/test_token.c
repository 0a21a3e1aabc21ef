/* test_token.c — server-issued tokens: what token_issue makes token_open takes back, and
 * nothing else: another purpose or key, an expired, tampered, truncated or re-encoded one. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>
#include <sodium.h>

#include "token.h"

#define NOW 1700000000

static const unsigned char key_a[TOKEN_KEY_BYTES] = "0123456789abcdef0123456789abcde";
static const unsigned char key_b[TOKEN_KEY_BYTES] = "fedcba9876543210fedcba987654321";

static int setup(void **state)
{
	(void)state;
	if (sodium_init() < 0)
		return -1;
	token_key_set(key_a);
	return 0;
}

static void an_issued_token_opens_with_its_payload(void **state)
{
	char t[TOKEN_TEXT_MAX];
	struct token_payload p;

	(void)state;
	assert_int_equal(token_issue("vms.test", "nonce-123", 9, NOW + 60, t), 0);
	assert_int_equal(strlen(t), 2 * (1 + 8 + 9 + 32));
	assert_true(token_open("vms.test", t, NOW, &p));
	assert_int_equal(p.len, 9);
	assert_memory_equal(p.data, "nonce-123", 9);
	/* an empty payload too */
	assert_int_equal(token_issue("vms.test", "", 0, NOW + 60, t), 0);
	assert_true(token_open("vms.test", t, NOW, &p));
	assert_int_equal(p.len, 0);
}

static void a_token_is_refused_by_table(void **state)
{
	char good[TOKEN_TEXT_MAX], t[TOKEN_TEXT_MAX + 2];
	struct token_payload p;

	(void)state;
	assert_int_equal(token_issue("vms.test", "abcdefgh", 8, NOW + 60, good), 0);
	/* another purpose, expired (at and after its expiry) */
	assert_false(token_open("vms.other", good, NOW, &p));
	assert_false(token_open("vms.test", good, NOW + 60, &p));
	assert_false(token_open("vms.test", good, NOW + 61, &p));
	/* every single hex digit changed */
	for (size_t i = 0; good[i]; i++) {
		strcpy(t, good);
		t[i] = t[i] == '0' ? '1' : '0';
		assert_false(token_open("vms.test", t, NOW, &p));
	}
	/* truncated, extended, upper case, not hex, empty, NULL */
	strcpy(t, good);
	t[strlen(t) - 2] = '\0';
	assert_false(token_open("vms.test", t, NOW, &p));
	snprintf(t, sizeof t, "%s00", good);
	assert_false(token_open("vms.test", t, NOW, &p));
	strcpy(t, good);
	for (size_t i = 0; t[i]; i++)
		if (t[i] >= 'a' && t[i] <= 'f')
			t[i] = (char)(t[i] - 'a' + 'A');
	assert_false(token_open("vms.test", t, NOW, &p));
	strcpy(t, good);
	t[10] = 'x';
	assert_false(token_open("vms.test", t, NOW, &p));
	assert_false(token_open("vms.test", "", NOW, &p));
	assert_false(token_open("vms.test", NULL, NOW, &p));
	/* a well-formed one the server never issued: 64 hex digits, as a client might make up */
	assert_false(token_open("vms.test",
				"0123456789abcdef0123456789abcdef0123456789abcdef01234567"
				"89abcdef",
				NOW, &p));
	assert_true(token_open("vms.test", good, NOW, &p));
}

static void another_key_opens_nothing(void **state)
{
	char t[TOKEN_TEXT_MAX];
	struct token_payload p;

	(void)state;
	assert_int_equal(token_issue("vms.test", "x", 1, NOW + 60, t), 0);
	token_key_set(key_b);
	assert_false(token_open("vms.test", t, NOW, &p));
	token_key_set(key_a);
	assert_true(token_open("vms.test", t, NOW, &p));
}

static void a_payload_over_the_limit_is_not_issued(void **state)
{
	char t[TOKEN_TEXT_MAX];
	char big[TOKEN_PAYLOAD_MAX + 1] = {0};

	(void)state;
	assert_int_equal(token_issue("vms.test", big, sizeof big, NOW + 60, t), -1);
	assert_int_equal(token_issue("vms.test", big, TOKEN_PAYLOAD_MAX, NOW + 60, t), 0);
	assert_int_equal(strlen(t), TOKEN_TEXT_MAX - 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(an_issued_token_opens_with_its_payload),
	    cmocka_unit_test(a_token_is_refused_by_table),
	    cmocka_unit_test(another_key_opens_nothing),
	    cmocka_unit_test(a_payload_over_the_limit_is_not_issued),
	};
	return cmocka_run_group_tests_name("token", tests, setup, NULL);
}
