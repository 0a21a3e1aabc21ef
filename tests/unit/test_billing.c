/* test_billing.c — the billing wire format: type codes and labels, signature checking and
 * request validation (table-driven), password redaction. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <sodium.h>

#include "billing.h"

/* Codes and labels ------------------------------------------------------------------------ */

static void every_code_has_its_documented_label(void **state)
{
	static const char *const want[][2] = {
	    {"billing.new_entity", "Billing. New entity"},
	    {"billing.pause_entity", "Billing. Pause entity"},
	    {"billing.unpause_entity", "Billing. Unpause entity"},
	    {"billing.terminate_entity", "Billing. Terminate entity"},
	    {"billing.create_location", "Billing. Create location"},
	    {"billing.create_location_unknown_csa", "Billing. Failed to create location"},
	    {"billing.delete_location", "Billing. Delete location"},
	    {"billing.update_login", "Billing. Update login"},
	    {"billing.new_camera", "Billing. New camera"},
	    {"billing.attach_camera", "Billing. Attach camera"},
	    {"billing.attach_camera_unknown_csa", "Billing. Failed to attach camera"},
	    {"billing.detach_camera", "Billing. Detach camera"},
	    {"billing.unknown_type", "Billing. Unknown type"},
	    {"billing.update_password", "Billing. Update password"},
	};
	(void)state;
	assert_int_equal(BILLING_NTYPES, 14);
	for (int i = 0; i < BILLING_NTYPES; i++) {
		assert_string_equal(billing_codes[i], want[i][0]);
		assert_string_equal(billing_code((enum billing_type)i), want[i][0]);
		assert_string_equal(billing_label(want[i][0]), want[i][1]);
	}
	assert_null(billing_codes[BILLING_NTYPES]);
	assert_null(billing_label("billing.upgrade_tariff"));
	assert_null(billing_label(NULL));
}

static void recorded_only_codes_count_as_unknown_when_sent(void **state)
{
	(void)state;
	assert_int_equal(billing_type_of("billing.attach_camera"), BILLING_ATTACH_CAMERA);
	assert_int_equal(billing_type_of("billing.update_password"), BILLING_UPDATE_PASSWORD);
	assert_int_equal(billing_type_of("billing.create_location_unknown_csa"),
			 BILLING_UNKNOWN_TYPE);
	assert_int_equal(billing_type_of("billing.attach_camera_unknown_csa"),
			 BILLING_UNKNOWN_TYPE);
	assert_int_equal(billing_type_of("billing.unknown_type"), BILLING_UNKNOWN_TYPE);
	assert_int_equal(billing_type_of("Billing.New_Entity"), BILLING_UNKNOWN_TYPE);
	assert_int_equal(billing_type_of("<script>"), BILLING_UNKNOWN_TYPE);
}

/* Signature ------------------------------------------------------------------------------- */

#define JEFE_SIG "sha256=5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"

static void signature_accepts_and_rejects_by_table(void **state)
{
	static const char jefe[] = "what do ya want for nothing?";
	static const struct {
		const char *secret, *body, *header;
		bool ok;
	} cases[] = {
	    /* RFC 4231 test case 2 */
	    {"Jefe", jefe, JEFE_SIG, true},
	    {"Jefe", jefe,
	     "sha256=5BDCC146BF60754E6A042426089575C75A003F089D2739839DEC58B964EC3843", true},
	    {"jefe", jefe, JEFE_SIG, false},			       /* wrong secret */
	    {"Jefe", "what do ya want for nothing!", JEFE_SIG, false}, /* body changed */
	    {"Jefe", "what do ya want for nothing", JEFE_SIG, false},  /* body truncated */
	    {"Jefe", jefe, JEFE_SIG "00", false},		       /* too long */
	    {"Jefe", jefe, "sha256=5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec384",
	     false},
	    {"Jefe", jefe, "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843",
	     false},
	    {"Jefe", jefe,
	     "SHA256=5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843", false},
	    {"Jefe", jefe, "sha1=5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843",
	     false},
	    {"Jefe", jefe,
	     "sha256=zbdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843", false},
	    {"Jefe", jefe,
	     "sha256= bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843", false},
	    {"Jefe", jefe, "", false},
	    {"Jefe", jefe, NULL, false},
	    {"", jefe, JEFE_SIG, false}, /* no secret configured */
	    {NULL, jefe, JEFE_SIG, false},
	    {"test-billing-secret", "{\"request_id\":\"r1\"}",
	     "sha256=58175c176284aa95608536ea074487359a64453ed2d8d580afae0afc820bafc6", true},
	};
	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
		assert_int_equal(billing_verify_signature(cases[i].secret, cases[i].body,
							  strlen(cases[i].body), cases[i].header),
				 cases[i].ok);
}

static void a_key_longer_than_the_block_matches_openssl(void **state)
{
	char key[101], sig[sizeof BILLING_SIG_PREFIX + BILLING_SIG_HEX];

	(void)state;
	memset(key, 'k', 100);
	key[100] = '\0';
	billing_sign(key, "body", 4, sig);
	/* printf body | openssl dgst -sha256 -hmac "$(printf 'k%.0s' $(seq 100))" */
	assert_string_equal(
	    sig, "sha256=a3306f78bc603683d9d9d98b9304be3e3e99497c42e660d7b00f6698b0df4e89");
	assert_true(billing_verify_signature(key, "body", 4, sig));
}

static void signature_covers_bytes_after_a_nul(void **state)
{
	static const char body[] = "{}\0tail";
	char sig[sizeof BILLING_SIG_PREFIX + BILLING_SIG_HEX];

	(void)state;
	billing_sign("s", body, sizeof body - 1, sig);
	assert_true(billing_verify_signature("s", body, sizeof body - 1, sig));
	assert_false(billing_verify_signature("s", body, 2, sig));
}

/* Parsing --------------------------------------------------------------------------------- */

#define ENV(type, data)                                                                            \
	"{\"request_id\":\"r-1\",\"type\":\"" type "\",\"account\":\"ACC-1\",\"data\":" data "}"

static void parse_accepts_and_rejects_by_table(void **state)
{
	static const struct {
		const char *body;
		const char *err; /* NULL: accepted; else the start of the message */
	} cases[] = {
	    /* every type billing sends, in its smallest valid form */
	    {ENV("billing.new_entity", "{\"login\":\"l\",\"username\":\"U\",\"password\":\"p\"}"),
	     NULL},
	    {ENV("billing.new_entity", "{\"login\":\"l\",\"username\":\"U\",\"password\":\"p\","
				       "\"info\":{\"a\":{\"b\":[1]}}}"),
	     NULL},
	    {ENV("billing.pause_entity", "{}"), NULL},
	    {"{\"request_id\":\"r\",\"type\":\"billing.pause_entity\",\"account\":\"A\"}", NULL},
	    {ENV("billing.unpause_entity", "null"), NULL},
	    {ENV("billing.terminate_entity", "{}"), NULL},
	    {ENV("billing.create_location", "{\"csa\":\"CSA-1\",\"address\":\"Moscow\"}"), NULL},
	    {ENV("billing.create_location", "{\"csa\":\"CSA-1\"}"), NULL},
	    {ENV("billing.delete_location", "{\"csa\":\"CSA-1\"}"), NULL},
	    {ENV("billing.update_login", "{\"login\":\"new\"}"), NULL},
	    {ENV("billing.new_camera", "{\"external_id\":\"C\",\"name\":\"N\",\"mac\":\"00:1A:2B:"
				       "3C:4D:01\",\"serial\":null,\"csa\":null}"),
	     NULL},
	    {ENV("billing.attach_camera", "{\"external_id\":\"C\",\"csa\":\"CSA-1\"}"), NULL},
	    {ENV("billing.attach_camera", "{\"external_id\":\"C\"}"), NULL},
	    {ENV("billing.detach_camera", "{\"external_id\":\"C\"}"), NULL},
	    {ENV("billing.update_password", "{\"password\":\"secret\"}"), NULL},
	    {ENV("billing.upgrade_tariff", "{\"anything\":[1,2,3]}"), NULL},
	    {ENV("<script>alert(1)</script>", "{}"), NULL},
	    {" \n" ENV("billing.pause_entity", "{}") " \r\n\t", NULL},
	    /* the body */
	    {"", "body: not valid JSON"},
	    {"{", "body: not valid JSON"},
	    {"{\"request_id\":\"r", "body: not valid JSON"},
	    {ENV("billing.pause_entity", "{}") "x", "body: not valid JSON"},
	    {ENV("billing.pause_entity", "{}") "{}", "body: not valid JSON"},
	    {"[1]", "body: must be a JSON object"},
	    {"\"str\"", "body: must be a JSON object"},
	    {"{\"request_id\":\"r\",\"request_id\":\"s\",\"type\":\"billing.pause_entity\","
	     "\"account\":\"A\"}",
	     "body: a key is given twice"},
	    {"{\"request_id\":\"r\xff\",\"type\":\"t\",\"account\":\"A\"}",
	     "body: a string is not valid UTF-8"},
	    {"{\"request_id\":\"r\",\"type\":\"t\xc0\xaf\",\"account\":\"A\"}",
	     "body: a string is not valid UTF-8"},
	    {"{\"request_id\":\"r\",\"type\":\"t\",\"account\":\"A\",\"data\":{\"x\":\"a\nb\"}}",
	     "body: a string is not valid UTF-8"},
	    {ENV("billing.update_login", "{\"login\":\"ab\\u0000cd\"}"), "body: \\u0000"},
	    {ENV("billing.pause_entity", "{\"a\":[[[[[[[[1]]]]]]]]}"), "body: nested too deeply"},
	    {ENV("billing.pause_entity", "{\"a\":[[[[[[1]]]]]]}"), NULL},
	    /* the envelope */
	    {"{\"type\":\"billing.pause_entity\",\"account\":\"A\"}", "request_id: required"},
	    {"{\"request_id\":\"\",\"type\":\"billing.pause_entity\",\"account\":\"A\"}",
	     "request_id: must not be empty"},
	    {"{\"request_id\":7,\"type\":\"billing.pause_entity\",\"account\":\"A\"}",
	     "request_id: must be a string"},
	    {"{\"request_id\":\"a b\",\"type\":\"billing.pause_entity\",\"account\":\"A\"}",
	     "request_id: only"},
	    {"{\"request_id\":\"<x>\",\"type\":\"billing.pause_entity\",\"account\":\"A\"}",
	     "request_id: only"},
	    {"{\"request_id\":\"r\",\"account\":\"A\"}", "type: required"},
	    {"{\"request_id\":\"r\",\"type\":[\"billing.pause_entity\"],\"account\":\"A\"}",
	     "type: must be a string"},
	    {"{\"request_id\":\"r\",\"type\":\"billing.pause_entity\"}", "account: required"},
	    {"{\"request_id\":\"r\",\"type\":\"billing.pause_entity\",\"account\":null}",
	     "account: required"},
	    {"{\"request_id\":\"r\",\"type\":\"billing.pause_entity\",\"account\":{}}",
	     "account: must be a string"},
	    {"{\"request_id\":\"r\",\"type\":\"billing.pause_entity\",\"account\":\"A\\u0007\"}",
	     "account: not valid text"},
	    {ENV("billing.pause_entity", "[]"), "data: must be an object"},
	    {ENV("billing.pause_entity", "\"x\""), "data: must be an object"},
	    {ENV("billing.unknown", "5"), "data: must be an object"},
	    {ENV("billing.update_login", "{\"login\":\"a\",\"login\":\"b\"}"),
	     "data: a key is given twice"},
	    /* each type's data */
	    {ENV("billing.new_entity", "{\"username\":\"U\",\"password\":\"p\"}"),
	     "data.login: required"},
	    {ENV("billing.new_entity", "{\"login\":\"l\",\"password\":\"p\"}"),
	     "data.username: required"},
	    {ENV("billing.new_entity", "{\"login\":\"l\",\"username\":\"U\"}"),
	     "data.password: required"},
	    {ENV("billing.new_entity", "{\"login\":\"l\",\"username\":\"U\",\"password\":\"\"}"),
	     "data.password: must not be empty"},
	    {ENV("billing.new_entity", "{\"login\":\"l\",\"username\":\"U\",\"password\":123}"),
	     "data.password: must be a string"},
	    {ENV("billing.new_entity",
		 "{\"login\":\"l\",\"username\":\"U\",\"password\":\"p\",\"info\":\"x\"}"),
	     "data.info: must be an object"},
	    {ENV("billing.new_entity", "{\"login\":1,\"username\":\"U\",\"password\":\"p\"}"),
	     "data.login: must be a string"},
	    {ENV("billing.create_location", "{}"), "data.csa: required"},
	    {ENV("billing.create_location", "{\"csa\":\"C\",\"address\":42}"),
	     "data.address: must be a string"},
	    {ENV("billing.delete_location", "{\"csa\":true}"), "data.csa: must be a string"},
	    {ENV("billing.update_login", "{}"), "data.login: required"},
	    {ENV("billing.update_login", "null"), "data.login: required"},
	    {ENV("billing.new_camera", "{\"name\":\"N\"}"), "data.external_id: required"},
	    {ENV("billing.new_camera", "{\"external_id\":\"C\"}"), "data.name: required"},
	    {ENV("billing.new_camera",
		 "{\"external_id\":\"C\",\"name\":\"N\",\"mac\":\"00:1A:2B:3C:4D:01:02\"}"),
	     "data.mac: longer than 17 bytes"},
	    {ENV("billing.attach_camera", "{\"csa\":\"C\"}"), "data.external_id: required"},
	    {ENV("billing.detach_camera", "{}"), "data.external_id: required"},
	    {ENV("billing.update_password", "{}"), "data.password: required"},
	};
	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct billing_req r;
		char err[160];
		int rc = billing_parse(cases[i].body, strlen(cases[i].body), &r, err, sizeof err);
		if (cases[i].err) {
			if (rc != -1 || strncmp(err, cases[i].err, strlen(cases[i].err)) != 0)
				fail_msg("case %zu: %s: got %d \"%s\", want \"%s\"", i,
					 cases[i].body, rc, err, cases[i].err);
		} else if (rc != 0) {
			fail_msg("case %zu: %s: refused: %s", i, cases[i].body, err);
		}
		billing_req_free(&r);
	}
}

static void text_limits_are_exact(void **state)
{
	char body[1400], big[300], err[160];
	struct billing_req r;

	(void)state;
	memset(big, 'a', sizeof big);
	big[64] = '\0'; /* request_id: 64 is fine, 65 is not */
	snprintf(body, sizeof body, "{\"request_id\":\"%s\",\"type\":\"t\",\"account\":\"A\"}",
		 big);
	assert_int_equal(billing_parse(body, strlen(body), &r, err, sizeof err), 0);
	billing_req_free(&r);
	big[64] = 'a';
	big[65] = '\0';
	snprintf(body, sizeof body, "{\"request_id\":\"%s\",\"type\":\"t\",\"account\":\"A\"}",
		 big);
	assert_int_equal(billing_parse(body, strlen(body), &r, err, sizeof err), -1);
	assert_string_equal(err, "request_id: longer than 64 bytes");
	billing_req_free(&r);
	memset(big, 'a', sizeof big);
	big[255] = '\0'; /* type: up to 255 */
	snprintf(body, sizeof body, "{\"request_id\":\"r\",\"type\":\"%s\",\"account\":\"A\"}",
		 big);
	assert_int_equal(billing_parse(body, strlen(body), &r, err, sizeof err), 0);
	assert_int_equal(strlen(r.sent_type), 255);
	billing_req_free(&r);
	big[255] = 'a';
	big[256] = '\0';
	snprintf(body, sizeof body, "{\"request_id\":\"r\",\"type\":\"%s\",\"account\":\"A\"}",
		 big);
	assert_int_equal(billing_parse(body, strlen(body), &r, err, sizeof err), -1);
	assert_string_equal(err, "type: longer than 255 bytes");
	billing_req_free(&r);
}

static void fields_are_copied_out(void **state)
{
	static const char body[] =
	    ENV("billing.new_camera", "{\"external_id\":\"CAM-9\",\"name\":\"Гараж "
				      "<1>\",\"mac\":\"00:1A\",\"csa\":\"CSA-0001\"}");
	struct billing_req r;
	char err[160];

	(void)state;
	assert_int_equal(billing_parse(body, strlen(body), &r, err, sizeof err), 0);
	assert_string_equal(r.request_id, "r-1");
	assert_string_equal(r.account, "ACC-1");
	assert_int_equal(r.type, BILLING_NEW_CAMERA);
	assert_string_equal(r.external_id, "CAM-9");
	assert_string_equal(r.name, "Гараж <1>");
	assert_string_equal(r.mac, "00:1A");
	assert_string_equal(r.serial, "");
	assert_string_equal(r.csa, "CSA-0001");
	assert_null(r.password);
	assert_null(r.info);
	billing_req_free(&r);
}

static void the_password_is_kept_out_of_the_payload(void **state)
{
	static const char body[] =
	    ENV("billing.new_entity", "{\"login\":\"l\",\"username\":\"U\",\"password\":\"hunter2-"
				      "s3cret\",\"info\":{\"tariff\":\"T\"}}");
	static const char upd[] =
	    ENV("billing.update_password", "{\"password\":\"hunter2-s3cret\"}");
	static const char odd[] =
	    ENV("billing.some_new_type", "{\"password\":{\"p\":\"hunter2-s3cret\"}}");
	struct billing_req r;
	char err[160];

	(void)state;
	assert_int_equal(billing_parse(body, strlen(body), &r, err, sizeof err), 0);
	assert_string_equal(r.password, "hunter2-s3cret");
	assert_string_equal(r.info, "{\"tariff\":\"T\"}");
	assert_null(strstr(r.payload, "hunter2"));
	assert_non_null(strstr(r.payload, "\"password\":\"***\""));
	assert_non_null(strstr(r.payload, "\"tariff\":\"T\""));
	billing_req_free(&r);
	assert_null(r.password);

	assert_int_equal(billing_parse(upd, strlen(upd), &r, err, sizeof err), 0);
	assert_null(strstr(r.payload, "hunter2"));
	billing_req_free(&r);

	/* whatever the type and whatever the value, data.password is redacted */
	assert_int_equal(billing_parse(odd, strlen(odd), &r, err, sizeof err), 0);
	assert_null(r.password);
	assert_null(strstr(r.payload, "hunter2"));
	assert_non_null(strstr(r.payload, "\"password\":\"***\""));
	billing_req_free(&r);
}

static void every_secret_is_redacted_at_any_depth(void **state)
{
	/* a password outside data, in info, in arrays, under other secret names and cases */
	static const char body[] =
	    "{\"request_id\":\"r-1\",\"type\":\"billing.new_entity\",\"account\":\"ACC-1\","
	    "\"password\":\"canary-1\",\"Auth_Token\":{\"v\":\"canary-2\"},"
	    "\"data\":{\"login\":\"l\",\"username\":\"U\",\"password\":\"pw-canary-3\","
	    "\"info\":{\"tariff\":\"T\",\"WiFi_Password\":\"canary-4\",\"router\":{"
	    "\"admin_passwd\":\"canary-5\",\"list\":[{\"client_secret\":\"canary-6\"},"
	    "{\"API_KEY\":[\"canary-7\"]},{\"note\":\"kept\"}]},"
	    "\"twice\":{\"token\":\"canary-8\",\"token\":\"canary-9\"}}}}";
	static const char unpause[] =
	    "{\"request_id\":\"r1\",\"type\":\"billing.unpause_entity\",\"account\":\"ACC-"
	    "100045\",\"password\":\"S3cret\",\"data\":{}}";
	struct billing_req r;
	char err[160];

	(void)state;
	assert_int_equal(billing_parse(body, strlen(body), &r, err, sizeof err), 0);
	assert_string_equal(r.password, "pw-canary-3"); /* still given to the hash */
	assert_null(strstr(r.payload, "canary"));
	assert_null(strstr(r.info, "canary"));
	assert_string_equal(r.info,
			    "{\"tariff\":\"T\",\"WiFi_Password\":\"***\",\"router\":{"
			    "\"admin_passwd\":\"***\",\"list\":[{\"client_secret\":\"***\"},"
			    "{\"API_KEY\":\"***\"},{\"note\":\"kept\"}]},"
			    "\"twice\":{\"token\":\"***\",\"token\":\"***\"}}");
	assert_non_null(strstr(r.payload, "\"password\":\"***\",\"Auth_Token\":\"***\""));
	billing_req_free(&r);

	assert_int_equal(billing_parse(unpause, strlen(unpause), &r, err, sizeof err), 0);
	assert_null(strstr(r.payload, "S3cret"));
	assert_non_null(strstr(r.payload, "\"password\":\"***\""));
	billing_req_free(&r);
}

static void a_secret_under_a_long_key_name_is_redacted(void **state)
{
	char body[600], key[300];
	struct billing_req r;
	char err[160];

	(void)state;
	memset(key, 'x', 200);
	strcpy(key + 200, "_Password");
	snprintf(body, sizeof body,
		 "{\"request_id\":\"r-2\",\"type\":\"billing.pause_entity\",\"account\":\"ACC-1\","
		 "\"extra\":{\"%s\":\"canary-10\"},\"data\":{}}",
		 key);
	assert_int_equal(billing_parse(body, strlen(body), &r, err, sizeof err), 0);
	assert_null(strstr(r.payload, "canary"));
	assert_non_null(strstr(r.payload, "_Password\":\"***\""));
	billing_req_free(&r);
}

static void secret_key_names_by_table(void **state)
{
	static const struct {
		const char *key;
		bool secret;
	} cases[] = {
	    {"password", true},	     {"PASSWORD", true},
	    {"new_password", true},  {"passwd", true},
	    {"Passphrase", true},    {"pwd", true},
	    {"client_secret", true}, {"secretKey", true},
	    {"access_token", true},  {"apiKey", true},
	    {"api_key", true},	     {"credentials", true},
	    {"private_key", true},   {"login", false},
	    {"username", false},     {"keys", false},
	    {"external_id", false},  {"passenger", false},
	    {"account", false},	     {"", false},
	};

	char long_name[300];

	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		print_message("%s\n", cases[i].key);
		assert_int_equal(billing_secret_key(cases[i].key), cases[i].secret);
	}
	/* a word far into a long name counts as well */
	memset(long_name, 'x', sizeof long_name);
	memcpy(long_name + 250, "Password", 9);
	assert_true(billing_secret_key(long_name));
	long_name[250] = '\0';
	assert_false(billing_secret_key(long_name));
}

static void a_deep_body_is_refused_without_recursing(void **state)
{
	size_t n = 60000;
	char *body = malloc(2 * n + 1), err[160];
	struct billing_req r;

	(void)state;
	assert_non_null(body);
	memset(body, '[', n);
	memset(body + n, ']', n);
	body[2 * n] = '\0';
	assert_int_equal(billing_parse(body, 2 * n, &r, err, sizeof err), -1);
	assert_string_equal(err, "body: nested too deeply");
	billing_req_free(&r);
	/* brackets inside strings are text, not nesting */
	snprintf(body, 2 * n,
		 "{\"request_id\":\"r\",\"type\":\"[[[[[[[[[[[[\",\"account\":\"{{{{{{{{{{{\"}");
	assert_int_equal(billing_parse(body, strlen(body), &r, err, sizeof err), 0);
	billing_req_free(&r);
	free(body);
}

static void the_body_need_not_end_in_nul(void **state)
{
	static const char body[] = ENV("billing.pause_entity", "{}") "GARBAGE";

	(void)state;
	struct billing_req r;
	char err[160];
	assert_int_equal(billing_parse(body, sizeof body - 1 - 7, &r, err, sizeof err), 0);
	billing_req_free(&r);
	assert_int_equal(billing_parse(body, sizeof body - 1 - 8, &r, err, sizeof err), -1);
	billing_req_free(&r);
}

static void copy_text_never_splits_a_character(void **state)
{
	char out[6];

	(void)state;
	billing_copy_text(out, sizeof out, "abcdЖ"); /* Ж is 2 bytes: "abcd" + half would not fit */
	assert_string_equal(out, "abcd");
	billing_copy_text(out, sizeof out, "abЖ");
	assert_string_equal(out, "abЖ");
	billing_copy_text(out, sizeof out, "abcdefgh");
	assert_string_equal(out, "abcde");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(every_code_has_its_documented_label),
	    cmocka_unit_test(recorded_only_codes_count_as_unknown_when_sent),
	    cmocka_unit_test(signature_accepts_and_rejects_by_table),
	    cmocka_unit_test(a_key_longer_than_the_block_matches_openssl),
	    cmocka_unit_test(signature_covers_bytes_after_a_nul),
	    cmocka_unit_test(parse_accepts_and_rejects_by_table),
	    cmocka_unit_test(text_limits_are_exact),
	    cmocka_unit_test(fields_are_copied_out),
	    cmocka_unit_test(the_password_is_kept_out_of_the_payload),
	    cmocka_unit_test(every_secret_is_redacted_at_any_depth),
	    cmocka_unit_test(a_secret_under_a_long_key_name_is_redacted),
	    cmocka_unit_test(secret_key_names_by_table),
	    cmocka_unit_test(a_deep_body_is_refused_without_recursing),
	    cmocka_unit_test(the_body_need_not_end_in_nul),
	    cmocka_unit_test(copy_text_never_splits_a_character),
	};
	if (sodium_init() < 0)
		return 1;
	return cmocka_run_group_tests_name("billing", tests, NULL, NULL);
}
