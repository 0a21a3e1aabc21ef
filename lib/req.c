/* req.c — request parsing and declared-input validation. */
#include "req.h"

#include <cjson/cJSON.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "util.h"

void req_init(struct req *r)
{
	memset(r, 0, sizeof *r);
	arena_init(&r->arena);
	buf_init(&r->body);
}

void req_reset(struct req *r)
{
	struct arena a = r->arena;
	struct buf b = r->body;

	arena_reset(&a);
	buf_reset(&b);
	if (b.cap > 1024 * 1024) /* do not keep a large body's memory for days */
		buf_free(&b);
	memset(r, 0, sizeof *r);
	r->arena = a;
	r->body = b;
}

void req_free(struct req *r)
{
	arena_free(&r->arena);
	buf_free(&r->body);
}

static int hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Percent-decode s[0..n) into the arena ('+' is a space when plus). NULL on a bad escape. */
static char *decode(struct req *r, const char *s, size_t n, bool plus, size_t *outlen)
{
	char *out = arena_alloc(&r->arena, n + 1), *o = out;

	if (!out)
		return NULL;
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '%') {
			int hi, lo;
			if (i + 2 >= n)
				return NULL;
			hi = hexval((unsigned char)s[i + 1]);
			lo = hexval((unsigned char)s[i + 2]);
			if (hi < 0 || lo < 0)
				return NULL;
			*o++ = (char)(hi * 16 + lo);
			i += 2;
		} else if (plus && s[i] == '+') {
			*o++ = ' ';
		} else {
			*o++ = s[i];
		}
	}
	*o = '\0';
	*outlen = (size_t)(o - out);
	return out;
}

int req_parse_pairs(struct req *r, const char *s, size_t n)
{
	const char *p = s, *end = s + n;
	size_t first = r->npairs; /* a refusal takes back the pairs of this call */

	while (p < end) {
		const char *amp = memchr(p, '&', (size_t)(end - p));
		const char *seg_end = amp ? amp : end;
		const char *eq = memchr(p, '=', (size_t)(seg_end - p));
		size_t klen, vlen;
		char *k, *v;

		if (seg_end == p) {
			p++;
			continue;
		}
		if (r->npairs == REQ_MAX_PAIRS) {
			snprintf(r->err, sizeof r->err, "too many parameters");
			r->npairs = first;
			return -1;
		}
		k = decode(r, p, (size_t)((eq ? eq : seg_end) - p), true, &klen);
		v = eq ? decode(r, eq + 1, (size_t)(seg_end - eq - 1), true, &vlen)
		       : decode(r, "", 0, true, &vlen);
		if (!k || !v) {
			snprintf(r->err, sizeof r->err, "malformed percent-encoding");
			r->npairs = first;
			return -1;
		}
		r->pairs[r->npairs].key = k;
		r->pairs[r->npairs].val = v;
		r->pairs[r->npairs].vlen = vlen;
		r->npairs++;
		p = seg_end + 1;
	}
	return 0;
}

/* Append the pair key=val (copied into the arena). Returns 0, or -1 with r->err. */
static int add_pair(struct req *r, const char *key, const char *val)
{
	size_t vlen = strlen(val);
	char *k, *v;

	if (r->npairs == REQ_MAX_PAIRS) {
		snprintf(r->err, sizeof r->err, "too many parameters");
		return -1;
	}
	if (!(k = arena_strndup(&r->arena, key, strlen(key))) ||
	    !(v = arena_strndup(&r->arena, val, vlen))) {
		snprintf(r->err, sizeof r->err, "out of memory");
		return -1;
	}
	r->pairs[r->npairs].key = k;
	r->pairs[r->npairs].val = v;
	r->pairs[r->npairs].vlen = vlen;
	r->npairs++;
	return 0;
}

/* One member of the body's object as pairs. Returns 0, or -1 with r->err. */
static int json_member(struct req *r, const cJSON *m)
{
	const cJSON *e;
	char num[24];

	if (cJSON_IsString(m))
		return add_pair(r, m->string, m->valuestring);
	if (cJSON_IsNumber(m) && m->valuedouble >= -9007199254740992.0 &&
	    m->valuedouble <= 9007199254740992.0 &&
	    m->valuedouble == (double)(int64_t)m->valuedouble) {
		snprintf(num, sizeof num, "%" PRId64, (int64_t)m->valuedouble);
		return add_pair(r, m->string, num);
	}
	if (cJSON_IsArray(m)) {
		cJSON_ArrayForEach(e, m)
		{
			if (!cJSON_IsString(e))
				goto bad;
			if (add_pair(r, m->string, e->valuestring) < 0)
				return -1;
		}
		return 0;
	}
bad:
	snprintf(r->err, sizeof r->err, "%.60s: expected a string, an integer or a list of strings",
		 m->string);
	return -1;
}

int req_parse_json(struct req *r, const char *s, size_t n)
{
	const char *end = NULL;
	const cJSON *m;
	cJSON *root;
	size_t first = r->npairs;
	int rc = 0;

	/* cJSON would cut a string at \u0000 and hand on what precedes it */
	if (memmem(s, n, "\\u0000", 6)) {
		snprintf(r->err, sizeof r->err, "the body holds a \\u0000 escape");
		return -1;
	}
	/* s[n] is the NUL the body ends with: the parse must reach it (no embedded NUL) */
	root = cJSON_ParseWithOpts(s, &end, 0);
	while (end && end < s + n && (*end == ' ' || *end == '\t' || *end == '\r' || *end == '\n'))
		end++;
	if (!cJSON_IsObject(root) || end != s + n) {
		cJSON_Delete(root);
		snprintf(r->err, sizeof r->err, "the body is not a JSON object");
		return -1;
	}
	cJSON_ArrayForEach(m, root)
	{
		if ((rc = json_member(r, m)) < 0) {
			r->npairs = first; /* a refused body adds no pair */
			break;
		}
	}
	cJSON_Delete(root);
	return rc;
}

bool req_match(struct req *r, const char *pat, const char *path)
{
	r->ncaps = 0;
	while (*pat && *path) {
		if (*pat == '{') {
			const char *close = strchr(pat, '}');
			size_t seglen = strcspn(path, "/");
			if (!close || seglen == 0 || r->ncaps == REQ_MAX_FIELDS)
				return false;
			r->caps[r->ncaps].key =
			    arena_strndup(&r->arena, pat + 1, (size_t)(close - pat - 1));
			r->caps[r->ncaps].val = arena_strndup(&r->arena, path, seglen);
			r->caps[r->ncaps].vlen = seglen;
			if (!r->caps[r->ncaps].key || !r->caps[r->ncaps].val)
				return false;
			r->ncaps++;
			pat = close + 1;
			path += seglen;
			continue;
		}
		if (*pat++ != *path++)
			return false;
	}
	return *pat == '\0' && *path == '\0';
}

static const struct req_pair *find_pair(const struct req *r, const struct req_field *f, int *count)
{
	const struct req_pair *found = NULL;
	size_t from = 0, to = 0;

	*count = 0;
	if (f->src == REQ_PATH) {
		for (size_t i = 0; i < r->ncaps; i++)
			if (!strcmp(r->caps[i].key, f->name)) {
				(*count)++;
				found = &r->caps[i];
			}
		return found;
	}
	if (f->src == REQ_QUERY) {
		from = 0;
		to = r->nquery;
	} else {
		from = r->nquery;
		to = r->npairs;
	}
	for (size_t i = from; i < to; i++)
		if (!strcmp(r->pairs[i].key, f->name)) {
			if (!found)
				found = &r->pairs[i];
			(*count)++;
		}
	return found;
}

bool req_fields_ok(const struct req_field *fields, size_t n, const char *label)
{
	if (n > REQ_MAX_FIELDS) {
		fprintf(stderr, "%s: %zu inputs declared, at most %d are supported\n", label, n,
			REQ_MAX_FIELDS);
		return false;
	}
	for (size_t i = 0; i < n; i++)
		if (!fields[i].name || !fields[i].check) {
			fprintf(stderr, "%s: input %zu has no name or no validator\n", label, i);
			return false;
		}
	return true;
}

/* A .many field (query or form): every non-empty value checked, all kept in v->p (a struct
 * req_many in the arena), the first in v->s. Returns 0, or -1 with r->err naming the field. */
static int validate_many(struct req *r, const struct req_field *f, struct req_value *v)
{
	size_t from = f->src == REQ_QUERY ? 0 : r->nquery,
	       to = f->src == REQ_QUERY ? r->nquery : r->npairs;
	struct req_many *many = arena_alloc(&r->arena, sizeof *many);
	struct req_value *vals = arena_alloc(&r->arena, (to - from + 1) * sizeof *vals);

	if (!many || !vals) {
		snprintf(r->err, sizeof r->err, "out of memory");
		return -1;
	}
	many->n = 0;
	many->v = vals;
	for (size_t i = from; i < to; i++) {
		const struct req_pair *p = &r->pairs[i];
		struct req_value *e = &vals[many->n];
		if (strcmp(p->key, f->name) != 0 || p->vlen == 0)
			continue;
		memset(e, 0, sizeof *e);
		if (!f->check(r, f, p->val, p->vlen, e)) {
			snprintf(r->err, sizeof r->err, "%s: invalid value", f->name);
			return -1;
		}
		e->present = true;
		e->s = p->val;
		e->len = p->vlen;
		many->n++;
	}
	if (many->n == 0 && f->required) {
		snprintf(r->err, sizeof r->err, "%s: required", f->name);
		return -1;
	}
	v->present = many->n > 0;
	v->s = many->n ? vals[0].s : NULL;
	v->len = many->n ? vals[0].len : 0;
	v->p = many;
	return 0;
}

/* req_validate's checks, field by field; r->vals filled as they pass. */
static int validate(struct req *r, const struct req_field *fields, size_t n)
{
	if (n > REQ_MAX_FIELDS) {
		snprintf(r->err, sizeof r->err, "too many declared inputs");
		return -1;
	}
	for (size_t i = 0; i < n; i++) {
		const struct req_field *f = &fields[i];
		struct req_value *v = &r->vals[i];
		int count;
		const struct req_pair *p = find_pair(r, f, &count);
		const char *val = NULL;
		size_t vlen = 0;

		memset(v, 0, sizeof *v);
		if (f->many) {
			if (validate_many(r, f, v) < 0)
				return -1;
			continue;
		}
		if (p) {
			val = p->val;
			vlen = p->vlen;
			if (f->src == REQ_PATH) {
				char *d = decode(r, p->val, p->vlen, false, &vlen);
				if (!d) {
					snprintf(r->err, sizeof r->err, "%s: malformed", f->name);
					return -1;
				}
				val = d;
			}
		}
		if (count > 1) {
			snprintf(r->err, sizeof r->err, "%s: given more than once", f->name);
			return -1;
		}
		if (!p || (vlen == 0 && f->src != REQ_PATH)) {
			if (f->required) {
				snprintf(r->err, sizeof r->err, "%s: required", f->name);
				return -1;
			}
			continue;
		}
		if (!f->check(r, f, val, vlen, v)) {
			snprintf(r->err, sizeof r->err, "%s: invalid value", f->name);
			return -1;
		}
		v->present = true;
		v->s = val;
		v->len = vlen;
	}
	return 0;
}

int req_validate(struct req *r, const struct req_field *fields, size_t n)
{
	r->fields = fields;
	r->nfields = n;
	if (validate(r, fields, n) == 0)
		return 0;
	r->nfields = 0; /* a refused request shows no value, not those checked before the refusal */
	return -1;
}

const struct req_value *req_val(const struct req *r, size_t i)
{
	static const struct req_value absent;

	return i < r->nfields ? &r->vals[i] : &absent;
}

int64_t req_int_of(const struct req *r, size_t i)
{
	return req_val(r, i)->i;
}

const char *req_str_of(const struct req *r, size_t i)
{
	const struct req_value *v = req_val(r, i);

	return v->present ? v->s : "";
}

const struct req_many *req_many_of(const struct req *r, size_t i)
{
	static const struct req_many none;
	const struct req_value *v = req_val(r, i);

	return i < r->nfields && r->fields[i].many && v->p ? v->p : &none;
}

const char *req_pair(const struct req *r, const char *name)
{
	for (size_t i = 0; i < r->npairs; i++)
		if (!strcmp(r->pairs[i].key, name))
			return r->pairs[i].val;
	return NULL;
}

const char *req_form_pair(const struct req *r, const char *name)
{
	for (size_t i = r->nquery; i < r->npairs; i++)
		if (!strcmp(r->pairs[i].key, name))
			return r->pairs[i].val;
	return NULL;
}

const char *req_cookie(struct req *r, const char *name)
{
	const char *p = r->cookie;
	size_t nlen = strlen(name);

	while (p && *p) {
		const char *end;
		while (*p == ' ' || *p == ';')
			p++;
		end = strchr(p, ';');
		if (!end)
			end = p + strlen(p);
		if ((size_t)(end - p) > nlen && !strncmp(p, name, nlen) && p[nlen] == '=')
			return arena_strndup(&r->arena, p + nlen + 1, (size_t)(end - p - nlen - 1));
		p = end;
	}
	return NULL;
}

/* Validators ------------------------------------------------------------------------------ */

bool req_id(struct req *r, const struct req_field *f, const char *s, size_t n, struct req_value *v)
{
	(void)r;
	(void)f;
	return parse_i64(s, n, 1, INT64_MAX, &v->i) == 0;
}

bool req_int(struct req *r, const struct req_field *f, const char *s, size_t n, struct req_value *v)
{
	(void)r;
	return parse_i64(s, n, f->min, f->max, &v->i) == 0;
}

bool req_text(struct req *r, const struct req_field *f, const char *s, size_t n,
	      struct req_value *v)
{
	(void)r;
	(void)v;
	if (f->max && n > (size_t)f->max)
		return false;
	return utf8_ok(s, n, UTF8_TEXT);
}

bool req_enum(struct req *r, const struct req_field *f, const char *s, size_t n,
	      struct req_value *v)
{
	(void)r;
	for (int64_t i = 0; f->choices[i]; i++)
		if (strlen(f->choices[i]) == n && !memcmp(f->choices[i], s, n)) {
			v->i = i;
			return true;
		}
	return false;
}

bool req_token(struct req *r, const struct req_field *f, const char *s, size_t n,
	       struct req_value *v)
{
	(void)r;
	(void)v;
	if (n == 0 || (f->max && n > (size_t)f->max))
		return false;
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		      c == '-' || c == '_' || c == '.'))
			return false;
	}
	return true;
}

/* n decimal digits at s, as a number (a date's fields are fixed-width: "02" is 2). */
static int64_t digits(const char *s, size_t n)
{
	int64_t x = 0;

	for (size_t i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		x = x * 10 + (s[i] - '0');
	}
	return x;
}

bool req_date(struct req *r, const struct req_field *f, const char *s, size_t n,
	      struct req_value *v)
{
	static const int days[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	int64_t y, m, d;

	(void)r;
	(void)f;
	(void)v;
	if (n != 10 || s[4] != '-' || s[7] != '-')
		return false;
	y = digits(s, 4), m = digits(s + 5, 2), d = digits(s + 8, 2);
	if (y < 1000 || m < 1 || m > 12 || d < 1 || d > 31)
		return false;
	if (m == 2 && d == 29)
		return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	return d <= days[m - 1];
}
