/* req.h — one HTTP request as the FastCGI layer hands it over: method, path, query, form and
 * raw body, cookies; plus the declared inputs of a route and their validated values. */
#ifndef VMS_REQ_H
#define VMS_REQ_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "arena.h"
#include "buf.h"

#define REQ_MAX_FIELDS 16
#define REQ_MAX_PAIRS 64
#define REQ_MAX_PATH 1024
#define REQ_MAX_QUERY 4096

enum req_src { REQ_PATH, REQ_QUERY, REQ_FORM };

struct req_value {
	bool present;
	int64_t i;     /* numeric kinds; a cursor's key */
	int64_t i2;    /* a cursor's id */
	const char *s; /* decoded text, NUL-terminated (arena) */
	size_t len;
};

struct req_field;
/* A validator: true when s[0..n) is acceptable for f; fills v->i for numeric kinds. */
typedef bool (*req_check_fn)(const struct req_field *f, const char *s, size_t n,
			     struct req_value *v);

/* One declared input of a route. */
struct req_field {
	const char *name;
	enum req_src src;
	req_check_fn check;
	bool required;
	int64_t min, max;	    /* req_int range; req_text byte limit in max */
	const char *const *choices; /* req_enum: NULL-terminated */
};

/* The validators. */
bool req_id(const struct req_field *f, const char *s, size_t n, struct req_value *v);
bool req_int(const struct req_field *f, const char *s, size_t n, struct req_value *v);
bool req_text(const struct req_field *f, const char *s, size_t n, struct req_value *v);
bool req_enum(const struct req_field *f, const char *s, size_t n, struct req_value *v);
/* A cursor "KEY.ID" of two non-negative integers: v->i = KEY, v->i2 = ID. */
bool req_cursor(const struct req_field *f, const char *s, size_t n, struct req_value *v);
bool req_token(const struct req_field *f, const char *s, size_t n, struct req_value *v);

struct req_pair {
	const char *key, *val;
	size_t vlen;
};

struct req {
	struct arena arena;
	char method[8];
	const char *path; /* as requested, without the query */
	const char *query;
	const char *remote_addr;
	const char *content_type;
	const char *cookie;	 /* raw Cookie header */
	const char *csrf_header; /* X-CSRF-Token */
	const char *signature;	 /* X-Billing-Signature (the billing webhook) */
	bool accept_json;
	bool https;
	struct buf body;
	struct req_pair pairs[REQ_MAX_PAIRS]; /* query, then form */
	size_t nquery, npairs;
	struct req_pair caps[REQ_MAX_FIELDS]; /* path captures by pattern name */
	size_t ncaps;
	const struct req_field *fields; /* the route's declared inputs */
	size_t nfields;
	struct req_value vals[REQ_MAX_FIELDS];
	char err[160]; /* why the request was refused */
};

void req_init(struct req *r);
/* Forget the last request; keeps allocations for reuse. */
void req_reset(struct req *r);
void req_free(struct req *r);

/* Split "a=1&b=2" (percent- and '+'-decoded) into r->pairs. Returns 0, or -1 with r->err. */
int req_parse_pairs(struct req *r, const char *s, size_t n);
/* Match path against a pattern like "/admin/users/{id}/header", capturing {names}.
 * Returns true on a match. */
bool req_match(struct req *r, const char *pattern, const char *path);
/* Check the route's declared fields against the captures, query and form pairs.
 * Returns 0, or -1 with r->err naming the field. */
int req_validate(struct req *r, const struct req_field *fields, size_t n);
/* The validated value of a declared field (present = false when optional and absent). */
const struct req_value *req_get(const struct req *r, const char *name);
/* Convenience: the field's number / text ("" when absent). */
int64_t req_i64(const struct req *r, const char *name);
const char *req_str(const struct req *r, const char *name);
/* A cookie's value copied into the arena, or NULL. */
const char *req_cookie(struct req *r, const char *name);
/* A raw form/query pair by name, or NULL (for inputs checked by the loop itself). */
const char *req_pair(const struct req *r, const char *name);
/* A raw pair of the form body only (never the query string), or NULL: for the CSRF token. */
const char *req_form_pair(const struct req *r, const char *name);

#endif
