/* test_req.c — request parsing: pairs, route patterns, declared inputs, cookies. */
#include <setjmp.h>
#include <stdbool.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "req.h"

static int setup(void **state)
{
	static struct req r;

	req_init(&r);
	*state = &r;
	return 0;
}

static int teardown(void **state)
{
	req_free(*state);
	return 0;
}

static void pairs_are_percent_and_plus_decoded(void **state)
{
	struct req *r = *state;
	const char *q = "q=Ivan+Petrov&x=%3Cb%3E&empty=&flag";

	assert_int_equal(req_parse_pairs(r, q, strlen(q)), 0);
	assert_int_equal(r->npairs, 4);
	assert_string_equal(req_pair(r, "q"), "Ivan Petrov");
	assert_string_equal(req_pair(r, "x"), "<b>");
	assert_string_equal(req_pair(r, "empty"), "");
	assert_string_equal(req_pair(r, "flag"), "");
	assert_null(req_pair(r, "missing"));
	req_reset(r);
}

static void a_form_pair_is_never_taken_from_the_query(void **state)
{
	struct req *r = *state;
	const char *q = "csrf=from-query&q=1", *body = "login=a&csrf=from-body";

	assert_int_equal(req_parse_pairs(r, q, strlen(q)), 0);
	r->nquery = r->npairs;
	assert_null(req_form_pair(r, "csrf"));
	assert_int_equal(req_parse_pairs(r, body, strlen(body)), 0);
	assert_string_equal(req_form_pair(r, "csrf"), "from-body");
	assert_null(req_form_pair(r, "q"));
	req_reset(r);
}

static void malformed_escapes_are_refused(void **state)
{
	struct req *r = *state;
	static const char *bad[] = {"q=%", "q=%4", "q=%zz", "%g1=x"};

	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		assert_int_equal(req_parse_pairs(r, bad[i], strlen(bad[i])), -1);
		assert_true(strlen(r->err) > 0);
		req_reset(r);
	}
}

static void patterns_match_and_capture(void **state)
{
	struct req *r = *state;

	assert_true(req_match(r, "/admin/users/{id}/header", "/admin/users/1001/header"));
	assert_int_equal(r->ncaps, 1);
	assert_string_equal(r->caps[0].key, "id");
	assert_string_equal(r->caps[0].val, "1001");
	assert_false(req_match(r, "/admin/users/{id}/header", "/admin/users//header"));
	assert_false(req_match(r, "/admin/users/{id}/header", "/admin/users/1/header/x"));
	assert_false(req_match(r, "/admin/users/{id}/header", "/admin/users/1/user"));
	assert_false(req_match(r, "/admin/users", "/admin/users/"));
	req_reset(r);
}

enum { F_ID, F_Q, F_STATUS, F_LIMIT, NFIELDS };

static const struct req_field fields[NFIELDS] = {
    [F_ID] = {.name = "id", .src = REQ_PATH, .check = req_id, .required = true},
    [F_Q] = {.name = "q", .src = REQ_QUERY, .check = req_text, .max = 5},
    [F_STATUS] = {.name = "status",
		  .src = REQ_QUERY,
		  .check = req_enum,
		  .choices = (const char *const[]){"active", "inactive", NULL}},
    [F_LIMIT] = {.name = "limit", .src = REQ_QUERY, .check = req_int, .min = 1, .max = 100},
};

/* Run the declared fields against path id and query; returns req_validate's result. */
static int check(struct req *r, const char *id, const char *query)
{
	char path[128];

	req_reset(r);
	snprintf(path, sizeof path, "/u/%s", id);
	if (!req_match(r, "/u/{id}", path))
		return -2;
	if (req_parse_pairs(r, query, strlen(query)) < 0)
		return -3;
	r->nquery = r->npairs;
	return req_validate(r, fields, NFIELDS);
}

static void declared_inputs_are_validated_by_table(void **state)
{
	struct req *r = *state;
	static const struct {
		const char *id, *query;
		int rc;
		const char *field; /* named in the error */
	} cases[] = {
	    {"1001", "", 0, NULL},
	    {"1001", "q=abc&status=active&limit=50", 0, NULL},
	    {"1001", "undeclared=1", 0, NULL},
	    {"abc", "", -1, "id"},
	    {"0", "", -1, "id"},
	    {"99999999999999999999", "", -1, "id"},
	    {"1", "q=toolong", -1, "q"},
	    {"1", "q=a%00b", -1, "q"},
	    {"1", "q=%ff", -1, "q"},
	    {"1", "q=a%0Ab", -1, "q"},
	    {"1", "status=ACTIVE", -1, "status"},
	    {"1", "limit=0", -1, "limit"},
	    {"1", "limit=101", -1, "limit"},
	    {"1", "limit=1&limit=2", -1, "limit"},
	};

	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		int rc = check(r, cases[i].id, cases[i].query);
		assert_int_equal(rc, cases[i].rc);
		if (cases[i].field)
			assert_non_null(strstr(r->err, cases[i].field));
	}
	req_reset(r);
}

static void validated_values_are_read_by_index(void **state)
{
	struct req *r = *state;

	assert_int_equal(check(r, "1001", "q=ab+c&status=inactive&limit=25"), 0);
	assert_int_equal(req_int_of(r, F_ID), 1001);
	assert_string_equal(req_str_of(r, F_Q), "ab c");
	assert_int_equal(req_int_of(r, F_STATUS), 1);
	assert_int_equal(req_int_of(r, F_LIMIT), 25);
	assert_int_equal(check(r, "7", ""), 0);
	assert_false(req_val(r, F_Q)->present);
	assert_string_equal(req_str_of(r, F_Q), "");
	assert_false(req_val(r, NFIELDS)->present); /* beyond the table: absent, not a crash */
	req_reset(r);
}

/* A table the loop cannot serve is refused when the program starts. */
static void tables_past_the_limit_or_with_holes_are_refused(void **state)
{
	static struct req_field many[REQ_MAX_FIELDS + 1];
	static const struct req_field holed[3] = {
	    [0] = {.name = "id", .src = REQ_PATH, .check = req_id},
	    [2] = {.name = "q", .src = REQ_QUERY, .check = req_text},
	};

	(void)state;
	for (size_t i = 0; i < REQ_MAX_FIELDS + 1; i++)
		many[i] = (struct req_field){.name = "x", .src = REQ_QUERY, .check = req_text};
	assert_true(req_fields_ok(fields, NFIELDS, "test"));
	assert_true(req_fields_ok(many, REQ_MAX_FIELDS, "test"));
	assert_false(req_fields_ok(many, REQ_MAX_FIELDS + 1, "test"));
	assert_false(req_fields_ok(holed, 3, "test"));
	assert_true(req_fields_ok(NULL, 0, "test"));
}

enum { M_VERSION, M_PERM, M_NFIELDS };

static const struct req_field many_fields[M_NFIELDS] = {
    [M_VERSION] = {.name = "version", .src = REQ_FORM, .check = req_int, .max = 1000},
    [M_PERM] = {.name = "perm", .src = REQ_FORM, .check = req_token, .max = 8, .many = true},
};

/* Parse body as a form (or, when json, a JSON object) and validate many_fields. */
static int check_body(struct req *r, const char *body, bool json)
{
	req_reset(r);
	if ((json ? req_parse_json(r, body, strlen(body))
		  : req_parse_pairs(r, body, strlen(body))) < 0)
		return -3;
	return req_validate(r, many_fields, M_NFIELDS);
}

static void a_many_input_keeps_every_value_in_order(void **state)
{
	struct req *r = *state;
	const struct req_many *m;

	assert_int_equal(check_body(r, "perm=b&version=3&perm=a&perm=&perm=b", false), 0);
	m = req_many_of(r, M_PERM);
	assert_int_equal(m->n, 3); /* the empty value is not one */
	assert_string_equal(m->v[0].s, "b");
	assert_string_equal(m->v[1].s, "a");
	assert_string_equal(m->v[2].s, "b");
	assert_true(req_val(r, M_PERM)->present);
	assert_int_equal(req_many_of(r, M_VERSION)->n, 0); /* not a .many field */
	assert_int_equal(check_body(r, "version=1", false), 0);
	assert_int_equal(req_many_of(r, M_PERM)->n, 0);
	assert_false(req_val(r, M_PERM)->present);
	assert_int_equal(check_body(r, "perm=a&perm=no%20way", false), -1);
	assert_non_null(strstr(r->err, "perm"));
	assert_int_equal(check_body(r, "perm=a&perm=waytoolong", false), -1);
	req_reset(r);
}

static void a_json_object_body_reads_like_a_form(void **state)
{
	struct req *r = *state;
	const struct req_many *m;

	assert_int_equal(check_body(r, " {\"version\": 7, \"perm\": [\"x\", \"y\"]}\n", true), 0);
	assert_int_equal(req_int_of(r, M_VERSION), 7);
	m = req_many_of(r, M_PERM);
	assert_int_equal(m->n, 2);
	assert_string_equal(m->v[1].s, "y");
	assert_int_equal(check_body(r, "{\"version\": \"8\", \"perm\": []}", true), 0);
	assert_int_equal(req_int_of(r, M_VERSION), 8);
	assert_int_equal(req_many_of(r, M_PERM)->n, 0);
	/* duplicate members are repeated pairs: refused for a field that is not .many */
	assert_int_equal(check_body(r, "{\"version\": 1, \"version\": 2}", true), -1);
}

static void json_bodies_of_other_shapes_are_refused(void **state)
{
	struct req *r = *state;
	static const char *bad[] = {
	    "",
	    "[]",
	    "\"x\"",
	    "{\"version\": 1} x",
	    "{\"version\": 1.5}",
	    "{\"version\": true}",
	    "{\"version\": null}",
	    "{\"perm\": [1]}",
	    "{\"perm\": [[\"a\"]]}",
	    "{\"perm\": {\"a\": \"b\"}}",
	    "{\"perm\": [\"a\\u0000b\"]}",
	    "{\"version\": 1e300}",
	};

	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		req_reset(r);
		assert_int_equal(req_parse_json(r, bad[i], strlen(bad[i])), -1);
		assert_true(strlen(r->err) > 0);
	}
	req_reset(r);
	assert_int_equal(req_parse_json(r, "{\"version\": 1}\0{", 16), -1); /* a NUL inside */
	req_reset(r);
}

static void a_refusal_leaves_nothing_behind(void **state)
{
	struct req *r = *state;

	req_reset(r);
	assert_int_equal(req_parse_pairs(r, "version=1", 9), 0);
	assert_int_equal(req_parse_pairs(r, "perm=a&perm=b&x=%zz", 19), -1);
	assert_int_equal(r->npairs, 1); /* the pairs before the bad escape went back */
	assert_int_equal(req_parse_json(r, "{\"perm\": [\"a\"], \"x\": true}", 26), -1);
	assert_int_equal(r->npairs, 1);
	assert_null(req_pair(r, "perm"));
	/* a field refused after others passed: none of them shows */
	assert_int_equal(check_body(r, "version=5&perm=a&perm=no%20way", false), -1);
	assert_false(req_val(r, M_VERSION)->present);
	assert_int_equal(req_int_of(r, M_VERSION), 0);
	assert_int_equal(req_many_of(r, M_PERM)->n, 0);
	req_reset(r);
}

static void cookies_are_found_by_exact_name(void **state)
{
	struct req *r = *state;

	r->cookie = "a=1; vms_session_x=2; vms_session=abc; z=";
	assert_string_equal(req_cookie(r, "vms_session"), "abc");
	assert_string_equal(req_cookie(r, "a"), "1");
	assert_null(req_cookie(r, "vms"));
	req_reset(r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(pairs_are_percent_and_plus_decoded),
	    cmocka_unit_test(a_form_pair_is_never_taken_from_the_query),
	    cmocka_unit_test(malformed_escapes_are_refused),
	    cmocka_unit_test(patterns_match_and_capture),
	    cmocka_unit_test(declared_inputs_are_validated_by_table),
	    cmocka_unit_test(validated_values_are_read_by_index),
	    cmocka_unit_test(tables_past_the_limit_or_with_holes_are_refused),
	    cmocka_unit_test(cookies_are_found_by_exact_name),
	    cmocka_unit_test(a_many_input_keeps_every_value_in_order),
	    cmocka_unit_test(a_json_object_body_reads_like_a_form),
	    cmocka_unit_test(json_bodies_of_other_shapes_are_refused),
	    cmocka_unit_test(a_refusal_leaves_nothing_behind),
	};
	return cmocka_run_group_tests_name("req", tests, setup, teardown);
}
