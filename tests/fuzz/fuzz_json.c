/* fuzz_json.c — a JSON object body read as a form (req_parse_json) and the declared inputs
 * checked on it, .many ones included (req_validate). The input is the body; a query string is
 * parsed before it, as the loop does. Properties: a body is taken exactly when it is an object
 * without NUL or \u0000 whose members are strings, integers (|n| <= 2^53) or lists of strings
 * within the pair limit, and then gives one pair per string, in order; a refused body adds no
 * pair and says why; the same pairs sent as a urlencoded form validate to the same values or
 * the same refusal; every value taken satisfies its rule, a .many input keeps every non-empty
 * value in order, and a refused request shows no value. */
#include <cjson/cJSON.h>
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "req.h"
#include "util.h"

enum { F_VERSION, F_PERM, F_NAME, F_LEVEL, F_DAY, F_Q, NFIELDS };

static const char *const levels[] = {"L1", "L2", "L3", NULL};

static const struct req_field fields[NFIELDS] = {
    [F_VERSION] = {.name = "version", .src = REQ_FORM, .check = req_int, .max = UINT32_MAX},
    [F_PERM] = {.name = "perm", .src = REQ_FORM, .check = req_token, .max = 64, .many = true},
    [F_NAME] = {.name = "name", .src = REQ_FORM, .check = req_text, .max = 255},
    [F_LEVEL] = {.name = "level", .src = REQ_FORM, .check = req_enum, .choices = levels},
    [F_DAY] = {.name = "day", .src = REQ_FORM, .check = req_date},
    [F_Q] = {.name = "q", .src = REQ_QUERY, .check = req_text, .max = 64},
};

/* The query every request of this target carries: its pairs are never form inputs. */
static const char query[] = "q=x&version=1&perm=query-only";

static struct req json_req, form_req;
static struct buf form;

/* How many pairs the body should give, or -1 when it should be refused (the contract in
 * req.h, counted from the tree cJSON makes of it). */
static int expected_pairs(const char *body, size_t n)
{
	const char *end = NULL;
	const cJSON *m, *e;
	cJSON *root;
	int count = 0;

	if (memchr(body, '\0', n) || memmem(body, n, "\\u0000", 6))
		return -1;
	root = cJSON_ParseWithOpts(body, &end, 0);
	if (!cJSON_IsObject(root) || strspn(end, " \t\r\n") != (size_t)(body + n - end)) {
		cJSON_Delete(root);
		return -1;
	}
	cJSON_ArrayForEach(m, root)
	{
		double d = m->valuedouble;
		if (cJSON_IsString(m) || (cJSON_IsNumber(m) && d >= -9007199254740992.0 &&
					  d <= 9007199254740992.0 && d == (double)(int64_t)d)) {
			count++;
			continue;
		}
		if (!cJSON_IsArray(m)) {
			count = -1;
			break;
		}
		cJSON_ArrayForEach(e, m)
		{
			if (!cJSON_IsString(e)) {
				count = -1;
				goto out;
			}
			count++;
		}
	}
out:
	cJSON_Delete(root);
	return count;
}

/* Append s percent-encoded, every byte but the unreserved ones. */
static void encode(struct buf *b, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";

	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		char esc[3] = {'%', hex[*p >> 4], hex[*p & 15]};
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= '0' && *p <= '9') || *p == '-' || *p == '_' || *p == '.' || *p == '~')
			buf_append(b, p, 1);
		else
			buf_append(b, esc, 3);
	}
}

static bool same_value(const struct req_value *a, const struct req_value *b)
{
	return a->present == b->present && a->i == b->i && a->len == b->len &&
	       (!a->present || !memcmp(a->s, b->s, a->len));
}

/* Every value of r satisfies its rule; the .many input holds every non-empty perm pair. */
static void check_values(const struct req *r)
{
	const struct req_value *v;
	const struct req_many *m = req_many_of(r, F_PERM);
	size_t k = 0;

	if ((v = req_val(r, F_VERSION))->present && (v->i < 0 || v->i > UINT32_MAX))
		abort();
	if ((v = req_val(r, F_NAME))->present &&
	    (v->len > 255 || !utf8_ok(v->s, v->len, UTF8_TEXT)))
		abort();
	if ((v = req_val(r, F_LEVEL))->present && strcmp(levels[v->i], v->s) != 0)
		abort();
	if ((v = req_val(r, F_DAY))->present && (v->len != 10 || v->s[4] != '-'))
		abort();
	if (req_val(r, F_PERM)->present != (m->n > 0))
		abort();
	for (size_t i = r->nquery; i < r->npairs; i++) {
		const struct req_pair *p = &r->pairs[i];
		if (strcmp(p->key, "perm") != 0 || p->vlen == 0)
			continue;
		if (k >= m->n || m->v[k].len != p->vlen || memcmp(m->v[k].s, p->val, p->vlen))
			abort();
		if (m->v[k].len > 64 ||
		    strspn(m->v[k].s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMN"
				      "OPQRSTUVWXYZ0123456789-_.") != m->v[k].len)
			abort();
		k++;
	}
	if (k != m->n)
		abort();
}

static void begin(struct req *r)
{
	req_reset(r);
	if (req_parse_pairs(r, query, sizeof query - 1) < 0)
		abort();
	r->nquery = r->npairs;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static bool ready;
	char *body = malloc(size + 1);
	int want, rc, frc;

	if (!body)
		abort();
	memcpy(body, data, size);
	body[size] = '\0'; /* as the loop's body buffer ends */
	if (!ready) {
		req_init(&json_req);
		req_init(&form_req);
		buf_init(&form);
		ready = true;
	}
	begin(&json_req);
	want = expected_pairs(body, size);
	if (want > (int)(REQ_MAX_PAIRS - json_req.nquery))
		want = -1;
	rc = req_parse_json(&json_req, body, size);
	if (rc < 0) {
		if (want >= 0 || !json_req.err[0] || json_req.npairs != json_req.nquery)
			abort();
		goto out;
	}
	if (want < 0 || json_req.npairs - json_req.nquery != (size_t)want)
		abort();
	/* the same pairs as a form */
	buf_reset(&form);
	for (size_t i = json_req.nquery; i < json_req.npairs; i++) {
		const struct req_pair *p = &json_req.pairs[i];
		if (p->vlen != strlen(p->val))
			abort();
		if (i > json_req.nquery)
			buf_append(&form, "&", 1);
		encode(&form, p->key);
		buf_append(&form, "=", 1);
		encode(&form, p->val);
	}
	begin(&form_req);
	if (req_parse_pairs(&form_req, buf_str(&form), form.len) < 0 ||
	    form_req.npairs != json_req.npairs)
		abort();
	for (size_t i = 0; i < json_req.npairs; i++)
		if (strcmp(form_req.pairs[i].key, json_req.pairs[i].key) ||
		    strcmp(form_req.pairs[i].val, json_req.pairs[i].val))
			abort();
	rc = req_validate(&json_req, fields, NFIELDS);
	frc = req_validate(&form_req, fields, NFIELDS);
	if (rc != frc || strcmp(json_req.err, form_req.err) != 0)
		abort();
	if (rc < 0) {
		if (!json_req.err[0])
			abort();
		for (size_t i = 0; i < NFIELDS; i++)
			if (req_val(&json_req, i)->present || req_many_of(&json_req, i)->n)
				abort();
		goto out;
	}
	for (size_t i = 0; i < NFIELDS; i++)
		if (!same_value(req_val(&json_req, i), req_val(&form_req, i)))
			abort();
	if (req_many_of(&json_req, F_PERM)->n != req_many_of(&form_req, F_PERM)->n)
		abort();
	check_values(&json_req);
	/* a form input is never taken from the query */
	if (strcmp(req_str_of(&json_req, F_Q), "x") != 0 ||
	    (req_val(&json_req, F_VERSION)->present && !req_form_pair(&json_req, "version")))
		abort();
out:
	free(body);
	return 0;
}
