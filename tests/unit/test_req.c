/* test_req.c — request parsing: pairs, route patterns, declared inputs, cookies. */
#include <setjmp.h>
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

static const struct req_field fields[] = {
    {.name = "id", .src = REQ_PATH, .check = req_id, .required = true},
    {.name = "q", .src = REQ_QUERY, .check = req_text, .max = 5},
    {.name = "after", .src = REQ_QUERY, .check = req_cursor},
    {.name = "status",
     .src = REQ_QUERY,
     .check = req_enum,
     .choices = (const char *const[]){"active", "inactive", NULL}},
    {.name = "limit", .src = REQ_QUERY, .check = req_int, .min = 1, .max = 100},
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
	return req_validate(r, fields, sizeof fields / sizeof fields[0]);
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
	    {"1001", "q=abc&after=1700000000.5&status=active&limit=50", 0, NULL},
	    {"abc", "", -1, "id"},
	    {"0", "", -1, "id"},
	    {"99999999999999999999", "", -1, "id"},
	    {"1", "q=toolong", -1, "q"},
	    {"1", "q=a%00b", -1, "q"},
	    {"1", "q=%ff", -1, "q"},
	    {"1", "after=abc", -1, "after"},
	    {"1", "after=1.", -1, "after"},
	    {"1", "after=1.0", -1, "after"},
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

static void validated_values_are_typed(void **state)
{
	struct req *r = *state;

	assert_int_equal(check(r, "1001", "q=ab+c&after=17.42&status=inactive&limit=25"), 0);
	assert_int_equal(req_i64(r, "id"), 1001);
	assert_string_equal(req_str(r, "q"), "ab c");
	assert_int_equal(req_get(r, "after")->i, 17);
	assert_int_equal(req_get(r, "after")->i2, 42);
	assert_int_equal(req_i64(r, "status"), 1);
	assert_int_equal(req_i64(r, "limit"), 25);
	assert_false(req_get(r, "undeclared")->present);
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
	    cmocka_unit_test(validated_values_are_typed),
	    cmocka_unit_test(cookies_are_found_by_exact_name),
	};
	return cmocka_run_group_tests_name("req", tests, setup, teardown);
}
