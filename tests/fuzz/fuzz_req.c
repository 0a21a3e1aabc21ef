/* fuzz_req.c — the request parser: query strings and form bodies (req_parse_pairs), path
 * patterns (req_match), cookies (req_cookie) and the declared-input validators (req_validate,
 * cursors included), on one fuzzed request. Properties: a refusal always says why (r->err), an
 * accepted value satisfies its validator's rule, and a reset request holds nothing of the last. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cursor.h"
#include "req.h"
#include "util.h"

enum { F_ID, F_Q, F_STATUS, F_LIMIT, F_AFTER, F_TOKEN, NFIELDS };

static const char *const statuses[] = {"active", "paused", NULL};

static const struct req_field fields[NFIELDS] = {
    [F_ID] = {.name = "id", .src = REQ_PATH, .check = req_id, .required = true},
    [F_Q] = {.name = "q", .src = REQ_QUERY, .check = req_text, .max = 255},
    [F_STATUS] = {.name = "status", .src = REQ_QUERY, .check = req_enum, .choices = statuses},
    [F_LIMIT] = {.name = "limit", .src = REQ_QUERY, .check = req_int, .min = 1, .max = 100},
    [F_AFTER] = {.name = "after", .src = REQ_QUERY, .check = cursor_check},
    [F_TOKEN] = {.name = "token", .src = REQ_FORM, .check = req_token, .max = 64},
};

static struct req r;

/* The input is "path\nquery\nform\ncookie"; missing parts are empty. */
static const char *part(const uint8_t **p, const uint8_t *end, size_t *n)
{
	const uint8_t *nl = memchr(*p, '\n', (size_t)(end - *p));
	const char *s = (const char *)*p;

	*n = (size_t)((nl ? nl : end) - *p);
	*p = nl ? nl + 1 : end;
	return s;
}

static void check_values(void)
{
	const struct req_value *v;

	if ((v = req_val(&r, F_ID))->present && v->i < 1)
		abort();
	if ((v = req_val(&r, F_Q))->present && (v->len > 255 || !utf8_ok(v->s, v->len, UTF8_TEXT)))
		abort();
	if ((v = req_val(&r, F_STATUS))->present && strcmp(statuses[v->i], v->s) != 0)
		abort();
	if ((v = req_val(&r, F_LIMIT))->present && (v->i < 1 || v->i > 100))
		abort();
	if ((v = req_val(&r, F_AFTER))->present && (!v->p || ((const struct cursor *)v->p)->id < 1))
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const uint8_t *p = data, *end = data + size;
	size_t pn, qn, fn, cn;
	const char *path = part(&p, end, &pn), *query = part(&p, end, &qn);
	const char *form = part(&p, end, &fn), *cookie = part(&p, end, &cn);
	char *path0 = strndup(path, pn), *cookie0 = strndup(cookie, cn);

	if (!path0 || !cookie0)
		abort();
	req_reset(&r);
	if (req_parse_pairs(&r, query, qn) < 0) {
		if (!r.err[0])
			abort();
		goto out;
	}
	r.nquery = r.npairs;
	if (req_parse_pairs(&r, form, fn) < 0) {
		if (!r.err[0])
			abort();
		goto out;
	}
	if (req_match(&r, "/admin/users/{id}/tab", path0)) {
		if (req_validate(&r, fields, NFIELDS) == 0)
			check_values();
		else if (!r.err[0])
			abort();
	}
	r.cookie = cookie0;
	(void)req_cookie(&r, "vms_session");
	(void)req_cookie(&r, "");
out:
	req_reset(&r);
	if (r.npairs || r.ncaps || r.nfields || r.body.len || r.err[0])
		abort();
	free(path0);
	free(cookie0);
	return 0;
}
