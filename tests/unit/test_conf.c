/* test_conf.c — the configuration file: defaults, keys, bad values, secrets from files. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "conf.h"

/* Write text to a fresh temporary file; returns its path (static storage). */
static const char *tmpfile_with(const char *text)
{
	static char path[64];
	FILE *f;
	int fd;

	snprintf(path, sizeof path, "/tmp/vms-conf-XXXXXX");
	fd = mkstemp(path);
	assert_true(fd >= 0);
	f = fdopen(fd, "w");
	fputs(text, f);
	fclose(f);
	return path;
}

static void defaults_apply_without_a_file(void **state)
{
	struct conf c;

	(void)state;
	assert_int_equal(conf_load(&c, NULL), 0);
	assert_string_equal(c.db_name, "vmsadmin");
	assert_int_equal(c.max_body, 65536);
	assert_int_equal(c.idle_minutes, 30);
	assert_false(c.secure_cookies);
}

static void keys_are_read_and_https_turns_on_secure_cookies(void **state)
{
	struct conf c;
	const char *pw = tmpfile_with("s3cret\n");
	char text[512];
	const char *path;

	(void)state;
	snprintf(text, sizeof text,
		 "[database]\nsocket = /tmp/x.sock\npassword_file = %s\n"
		 "[http]\nbase_url = https://vms.example.net\nmax_body = 2048\n"
		 "[session]\nidle_minutes = 5\n",
		 pw);
	path = tmpfile_with(text);
	assert_int_equal(conf_load(&c, path), 0);
	assert_string_equal(c.db_socket, "/tmp/x.sock");
	assert_string_equal(c.db_password, "s3cret");
	assert_int_equal(c.max_body, 2048);
	assert_int_equal(c.idle_minutes, 5);
	assert_true(c.secure_cookies);
	unlink(path);
	unlink(pw);
}

static void unknown_keys_and_bad_numbers_are_refused(void **state)
{
	static const char *bad[] = {
	    "[database]\nnope = 1\n",
	    "[database]\nport = 70000\n",
	    "[session]\nidle_minutes = 5m\n",
	    "[http]\nsecure_cookies = maybe\n",
	    "[database]\npassword_file = /nonexistent/file\n",
	};
	struct conf c;

	(void)state;
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		const char *path = tmpfile_with(bad[i]);
		assert_int_equal(conf_load(&c, path), -1);
		unlink(path);
	}
	assert_int_equal(conf_load(&c, "/nonexistent/vmsadmin.ini"), -1);
}

/* A secret file whose first line does not fit is refused, not cut short; one that fits exactly
 * is read whole. */
static void a_secret_longer_than_its_room_is_refused(void **state)
{
	struct conf c;
	char secret[sizeof c.billing_secret + 2], text[256];
	const char *file, *path;

	(void)state;
	memset(secret, 'k', sizeof c.billing_secret);
	secret[sizeof c.billing_secret] = '\n';
	secret[sizeof c.billing_secret + 1] = '\0';
	file = tmpfile_with(secret);
	snprintf(text, sizeof text, "[billing]\nsecret_file = %s\n", file);
	path = tmpfile_with(text);
	assert_int_equal(conf_load(&c, path), -1);
	unlink(path);
	unlink(file);

	secret[sizeof c.billing_secret - 1] = '\n';
	secret[sizeof c.billing_secret] = '\0';
	file = tmpfile_with(secret);
	snprintf(text, sizeof text, "[billing]\nsecret_file = %s\n", file);
	path = tmpfile_with(text);
	assert_int_equal(conf_load(&c, path), 0);
	assert_int_equal(strlen(c.billing_secret), sizeof c.billing_secret - 1);
	unlink(path);
	unlink(file);
}

/* Without `servers`, the one server is the socket (or host and port); with it, each entry in
 * the order given: a path is a socket, else host, host:port or [IPv6]:port, the `port` key's
 * value where none is given (also when that key comes later). */
static void the_servers_list_names_sockets_and_addresses_in_order(void **state)
{
	struct conf c;
	const char *path;

	(void)state;
	assert_int_equal(conf_load(&c, NULL), 0);
	assert_int_equal(c.db_nservers, 1);
	assert_string_equal(c.db_servers[0].socket, "/run/mysqld/mysqld.sock");

	path = tmpfile_with("[database]\nsocket =\nhost = db.example\nport = 3307\n");
	assert_int_equal(conf_load(&c, path), 0);
	assert_int_equal(c.db_nservers, 1);
	assert_string_equal(c.db_servers[0].socket, "");
	assert_string_equal(c.db_servers[0].host, "db.example");
	assert_int_equal(c.db_servers[0].port, 3307);
	unlink(path);

	path = tmpfile_with("[database]\nservers = 10.0.0.2:3310, /run/b.sock  db3,[::1]:3311\t"
			    "[fe80::1]\nport = 3309\n");
	assert_int_equal(conf_load(&c, path), 0);
	assert_int_equal(c.db_nservers, 5);
	assert_string_equal(c.db_servers[0].host, "10.0.0.2");
	assert_int_equal(c.db_servers[0].port, 3310);
	assert_string_equal(c.db_servers[0].socket, "");
	assert_string_equal(c.db_servers[1].socket, "/run/b.sock");
	assert_string_equal(c.db_servers[2].host, "db3");
	assert_int_equal(c.db_servers[2].port, 3309);
	assert_string_equal(c.db_servers[3].host, "::1");
	assert_int_equal(c.db_servers[3].port, 3311);
	assert_string_equal(c.db_servers[4].host, "fe80::1");
	assert_int_equal(c.db_servers[4].port, 3309);
	unlink(path);
}

static void a_malformed_servers_list_is_refused(void **state)
{
	static const char *bad[] = {
	    "[database]\nservers =\n",	       "[database]\nservers = , ,\n",
	    "[database]\nservers = db1:0\n",   "[database]\nservers = db1:70000\n",
	    "[database]\nservers = db1:\n",    "[database]\nservers = :3306\n",
	    "[database]\nservers = fe80::1\n", "[database]\nservers = [fe80::1]x\n",
	    "[database]\nservers = []:3306\n", "[database]\nservers = a b c d e f g h i\n",
	};
	struct conf c;

	(void)state;
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		const char *path = tmpfile_with(bad[i]);
		assert_int_equal(conf_load(&c, path), -1);
		unlink(path);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(defaults_apply_without_a_file),
	    cmocka_unit_test(keys_are_read_and_https_turns_on_secure_cookies),
	    cmocka_unit_test(unknown_keys_and_bad_numbers_are_refused),
	    cmocka_unit_test(a_secret_longer_than_its_room_is_refused),
	    cmocka_unit_test(the_servers_list_names_sockets_and_addresses_in_order),
	    cmocka_unit_test(a_malformed_servers_list_is_refused),
	};
	return cmocka_run_group_tests_name("conf", tests, NULL, NULL);
}
