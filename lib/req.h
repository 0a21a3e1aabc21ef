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

/* A declared input after validation: what its validator decoded, once. */
struct req_value {
	bool present;
	int64_t i;     /* numeric kinds; req_enum: the index of the choice */
	const char *s; /* decoded text, NUL-terminated (arena) */
	size_t len;
	const void *p; /* a decoded value the validator built in the arena (e.g. a cursor) */
};

struct req;
struct req_field;
/* A validator: true when s[0..n) is acceptable for f; fills v->i for numeric kinds and may
 * leave a decoded value in v->p (allocated from r->arena). */
typedef bool (*req_check_fn)(struct req *r, const struct req_field *f, const char *s, size_t n,
			     struct req_value *v);

/* One declared input of a route. A program declares its inputs as a table indexed by an enum
 * of its own ([F_STATUS] = {...}) and reads them by that index: req_int_of(r, F_STATUS). */
struct req_field {
	const char *name;
	enum req_src src;
	req_check_fn check;
	bool required;
	int64_t min, max;	    /* req_int range; req_text byte limit in max */
	const char *const *choices; /* req_enum: NULL-terminated */
	bool many; /* may be given repeatedly (perm=a&perm=b): every value is checked and all are
		    * kept, in order (req_many_of); an empty value counts as not given */
};

/* The values of a field declared .many, in the order given (n = 0 when none). */
struct req_many {
	size_t n;
	const struct req_value *v;
};

/* The validators. */
bool req_id(struct req *r, const struct req_field *f, const char *s, size_t n, struct req_value *v);
bool req_int(struct req *r, const struct req_field *f, const char *s, size_t n,
	     struct req_value *v);
bool req_text(struct req *r, const struct req_field *f, const char *s, size_t n,
	      struct req_value *v);
bool req_enum(struct req *r, const struct req_field *f, const char *s, size_t n,
	      struct req_value *v);
bool req_token(struct req *r, const struct req_field *f, const char *s, size_t n,
	       struct req_value *v);
/* A calendar date "YYYY-MM-DD" (years 1000-9999, a day the month has). */
bool req_date(struct req *r, const struct req_field *f, const char *s, size_t n,
	      struct req_value *v);

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
	const char *user_agent;
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

/* Split "a=1&b=2" (percent- and '+'-decoded) into r->pairs. Returns 0, or -1 with r->err and
 * no pair of s added. */
int req_parse_pairs(struct req *r, const char *s, size_t n);
/* Read a JSON object body as form pairs, so that a route's declared form inputs take either:
 * each member is a pair — a string as it is, an integer as its decimal text, an array of
 * strings as one pair per element (a .many input). Returns 0, or -1 with r->err naming what is
 * wrong (not an object, a member of another type, a \u0000 escape, too many pairs) and no pair
 * of s added. */
int req_parse_json(struct req *r, const char *s, size_t n);
/* Match path against a pattern like "/admin/users/{id}/header", capturing {names}.
 * Returns true on a match. */
bool req_match(struct req *r, const char *pattern, const char *path);
/* True when a route's table of n fields can be served: n <= REQ_MAX_FIELDS and every entry has
 * a name and a validator (a hole in a designated-initializer table has neither). Programs
 * refuse to start otherwise; why goes to stderr under the label given. */
bool req_fields_ok(const struct req_field *fields, size_t n, const char *label);
/* Check the route's declared fields against the captures, query and form pairs; r->vals[i]
 * holds field i's value afterwards. Returns 0, or -1 with r->err naming the field; after a
 * refusal req_val answers every field as absent. */
int req_validate(struct req *r, const struct req_field *fields, size_t n);
/* The validated value of declared field i (present = false when optional and absent). */
const struct req_value *req_val(const struct req *r, size_t i);
/* Convenience: field i's number (0 when absent) / text ("" when absent). */
int64_t req_int_of(const struct req *r, size_t i);
const char *req_str_of(const struct req *r, size_t i);
/* Every value of declared field i (a .many field); none when absent. */
const struct req_many *req_many_of(const struct req *r, size_t i);
/* A cookie's value copied into the arena, or NULL. */
const char *req_cookie(struct req *r, const char *name);
/* A raw form/query pair by name, or NULL (for inputs checked by the loop itself). */
const char *req_pair(const struct req *r, const char *name);
/* A raw pair of the form body only (never the query string), or NULL: for the CSRF token. */
const char *req_form_pair(const struct req *r, const char *name);

#endif
