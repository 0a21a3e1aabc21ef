/* test_session.c — the dummy hash a worker makes at start, without hashing: a well-formed
 * Argon2id string of the configured cost, so that checking a password against it (an unknown
 * login, an account without a password) costs what a real verification costs, and fails. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>
#include <sodium.h>

#include "session.h"

static void the_dummy_hash_is_an_argon2id_string_of_the_configured_cost(void **state)
{
	struct conf c = {.pwhash_memory_kib = 19456, .pwhash_passes = 2};
	char again[crypto_pwhash_STRBYTES];

	(void)state;
	assert_int_equal(session_init(&c), 0);
	assert_true(strncmp(session_dummy_hash(), "$argon2id$v=19$m=19456,t=2,p=1$", 31) == 0);
	/* libsodium reads it as a hash of exactly that cost: nothing to rehash */
	assert_int_equal(crypto_pwhash_str_needs_rehash(session_dummy_hash(), 2, 19456u * 1024), 0);
	/* a new one each start */
	snprintf(again, sizeof again, "%s", session_dummy_hash());
	assert_int_equal(session_init(&c), 0);
	assert_string_not_equal(again, session_dummy_hash());
}

static void no_password_matches_it_and_checking_runs_argon2id_once(void **state)
{
	struct conf c = {.pwhash_memory_kib = 8192, .pwhash_passes = 1};

	(void)state;
	assert_int_equal(session_init(&c), 0);
	session_pwhash_take();
	assert_false(session_password_ok(NULL, "anything"));
	assert_false(session_password_ok("", ""));
	assert_int_equal(session_pwhash_take(), 2);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(the_dummy_hash_is_an_argon2id_string_of_the_configured_cost),
	    cmocka_unit_test(no_password_matches_it_and_checking_runs_argon2id_once),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
