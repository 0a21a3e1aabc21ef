/* fuzz_access.c — the saves of the Access settings and Analytics tabs, without the database:
 * POST /admin/users/{id}/access (version, perm or granted: PERMS_SAVE_INPUTS, then perms_plan
 * against the permission catalogue) and POST /admin/users/{id}/analytics/licenses (level and
 * total: ANALYTICS_LICENCE_INPUTS), each from a form or a JSON body after a query string.
 *
 * The input: a flags byte (bit 0: the licence route; bit 1: a JSON body; bit 2: the user is
 * deleted), the levels held (a byte), the stored grants (5 bytes, one bit per permission), the
 * set's version (a byte), then "query\nbody". Properties: a value taken satisfies its rule (a
 * version in 0..2^32-1, slugs of at most 64 token characters, a level among L1..L3, a total in
 * 0..100000) and never comes from the query; the plan of a save refuses exactly as the rules
 * say, in their order, naming the slug, and otherwise wants exactly the slugs given; a total
 * out of range is refused by analytics_set_total too, before any query. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "analytics.h"
#include "list.h"
#include "perms.h"
#include "req.h"
#include "util.h"

/* POST /admin/users/{id}/access, as cgi-bin/access.c declares it. */
enum { P_ID, P_VERSION, P_PERM, P_GRANTED, P_NFIELDS };
static const struct req_field save_fields[P_NFIELDS] = {
    [P_ID] = {.name = "id", .src = REQ_PATH, .check = req_id, .required = true},
    PERMS_SAVE_INPUTS(P_VERSION, P_PERM, P_GRANTED),
};

/* POST /admin/users/{id}/analytics/licenses, as cgi-bin/analytics.c declares it. */
enum { F_ID = LIST_NFIELDS, F_LEVEL, F_STATUS, F_SET_LEVEL, F_TOTAL, PFIELDS };
static const struct req_field licence_fields[PFIELDS] = {
    LIST_INPUTS(analytics_sort_names),
    [F_ID] = {.name = "id", .src = REQ_PATH, .check = req_id, .required = true},
    [F_LEVEL] = {.name = "level",
		 .src = REQ_QUERY,
		 .check = req_enum,
		 .choices = analytics_level_names},
    [F_STATUS] = {.name = "status",
		  .src = REQ_QUERY,
		  .check = req_enum,
		  .choices = analytics_status_names},
    ANALYTICS_LICENCE_INPUTS(F_SET_LEVEL, F_TOTAL),
};

/* The catalogue of sql/010: slug and analytics level (0: none). */
static const struct {
	const char *slug;
	int level;
} catalogue[] = {
    {"archives-show", 0},
    {"archives-download", 0},
    {"archives-preview-download", 0},
    {"camera-events-index", 0},
    {"groups-index", 0},
    {"groups-store", 0},
    {"groups-rename", 0},
    {"groups-destroy", 0},
    {"groups-cameras-attach", 0},
    {"groups-cameras-detach", 0},
    {"layouts-index", 0},
    {"layouts-store", 0},
    {"layouts-rename", 0},
    {"layouts-destroy", 0},
    {"layouts-cameras-attach", 0},
    {"layouts-cameras-detach", 0},
    {"marks-index", 0},
    {"marks-store", 0},
    {"marks-update", 0},
    {"marks-destroy", 0},
    {"ptz-control", 0},
    {"ptz-presets", 0},
    {"intercoms-index", 0},
    {"intercoms-open-door", 0},
    {"subusers-manage", 0},
    {"analytic-cases-loud-sound", 1},
    {"analytic-cases-smoke-fire", 1},
    {"analytic-cases-line-crossing", 1},
    {"analytic-cases-camera-obstruction", 1},
    {"analytic-cases-zone-intrusion", 1},
    {"analytic-cases-object-counting", 2},
    {"analytic-cases-visitor-counting", 2},
    {"analytic-cases-face", 3},
    {"analytic-cases-licence-plate", 3},
    {"analytic-cases-container-number", 3},
};
#define NPERMS (sizeof catalogue / sizeof catalogue[0])
#define HEAD 8

static struct req r;
static struct perm perms[NPERMS];

/* Parse "query\nbody" into r as the loop does, for path against pattern. Returns 0 or -1. */
static int parse(const char *pattern, const char *path, const uint8_t *p, size_t n, bool json)
{
	const uint8_t *nl = memchr(p, '\n', n);
	size_t qn = nl ? (size_t)(nl - p) : n, bn = nl ? n - qn - 1 : 0;
	char *body;
	int rc;

	if (!req_match(&r, pattern, path))
		abort();
	if (req_parse_pairs(&r, (const char *)p, qn) < 0)
		return -1;
	r.nquery = r.npairs;
	if (!(body = malloc(bn + 1)))
		abort();
	memcpy(body, nl ? nl + 1 : p + n, bn);
	body[bn] = '\0';
	rc = json ? req_parse_json(&r, body, bn) : req_parse_pairs(&r, body, bn);
	free(body);
	return rc;
}

static bool is_slug(const char *s, size_t n)
{
	return n >= 1 && n <= PERMS_SLUG_MAX &&
	       strspn(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.") == n;
}

static int index_of(const char *slug)
{
	for (size_t i = 0; i < NPERMS; i++)
		if (!strcmp(catalogue[i].slug, slug))
			return (int)i;
	return -1;
}

/* The refusal the rules give for slugs[0..n) against set (perms.h), and its slug. */
static int expected_refusal(const struct perm_set *set, bool deleted, int64_t version,
			    const char **slugs, size_t n, const char **which)
{
	*which = NULL;
	if (n > set->n)
		return PERMS_TOO_MANY;
	for (size_t i = 0; i < n; i++)
		if (index_of(slugs[i]) < 0) {
			*which = slugs[i];
			return PERMS_UNKNOWN;
		}
	if (deleted)
		return PERMS_DELETED;
	if (version != set->version)
		return PERMS_STALE;
	for (size_t k = 0; k < set->n; k++) {
		bool wanted = false;
		for (size_t i = 0; i < n; i++)
			wanted |= !strcmp(slugs[i], catalogue[k].slug);
		if (wanted && !set->v[k].available && !set->v[k].granted) {
			*which = catalogue[k].slug;
			return PERMS_UNAVAILABLE;
		}
	}
	return 0;
}

static void access_save(const uint8_t *head, const uint8_t *p, size_t n)
{
	struct perm_set set = {.user_id = 7, .version = head[7], .n = NPERMS, .v = perms};
	struct perm_save s = {.user_id = 7, .arena = &r.arena};
	const struct req_many *perm, *granted, *m;
	const char *slugs[REQ_MAX_PAIRS], *which;
	bool deleted = head[0] & 4, want[NPERMS];
	int rc, expect;

	if (parse("/admin/users/{id}/access", "/admin/users/7/access", p, n, head[0] & 2) < 0) {
		if (!r.err[0])
			abort();
		return;
	}
	if (req_validate(&r, save_fields, P_NFIELDS) < 0) {
		if (!r.err[0] || req_val(&r, P_VERSION)->present || req_many_of(&r, P_PERM)->n)
			abort();
		return;
	}
	if (req_int_of(&r, P_ID) != 7 || !req_form_pair(&r, "version"))
		abort();
	s.version = req_int_of(&r, P_VERSION);
	if (s.version < 0 || s.version > UINT32_MAX)
		abort();
	/* as the program reads them: perm, or else granted; both at once is a 400 there */
	perm = req_many_of(&r, P_PERM);
	granted = req_many_of(&r, P_GRANTED);
	if (perm->n && granted->n)
		return;
	m = perm->n ? perm : granted;
	for (size_t i = 0; i < m->n; i++) {
		if (!is_slug(m->v[i].s, m->v[i].len))
			abort();
		slugs[i] = m->v[i].s;
	}
	s.slugs = slugs;
	s.nslugs = m->n;
	set.held = head[1] & (ANALYTICS_BIT(1) | ANALYTICS_BIT(2) | ANALYTICS_BIT(3));
	for (size_t i = 0; i < NPERMS; i++) {
		perms[i].level = catalogue[i].level;
		perms[i].granted = head[2 + i / 8] >> (i % 8) & 1;
		perms[i].available =
		    !perms[i].level || (set.held & ANALYTICS_BIT((unsigned)perms[i].level));
	}
	rc = perms_plan(&set, deleted, &s, want);
	expect = expected_refusal(&set, deleted, s.version, slugs, m->n, &which);
	if (rc != expect || (which && !strstr(s.problem, which)) ||
	    ((rc == PERMS_TOO_MANY || rc == PERMS_UNAVAILABLE) && !s.problem[0]) ||
	    ((rc == 0 || rc == PERMS_STALE || rc == PERMS_DELETED) && s.problem[0]))
		abort();
	if (rc != 0)
		return;
	for (size_t k = 0; k < NPERMS; k++) {
		bool given = false;
		for (size_t i = 0; i < m->n; i++)
			given |= !strcmp(slugs[i], catalogue[k].slug);
		if (want[k] != given)
			abort();
	}
}

static void set_licences(const uint8_t *head, const uint8_t *p, size_t n)
{
	const char *raw;
	int64_t total;
	int vrc;

	if (parse("/admin/users/{id}/analytics/licenses", "/admin/users/7/analytics/licenses", p, n,
		  head[0] & 2) < 0) {
		if (!r.err[0])
			abort();
		return;
	}
	vrc = req_validate(&r, licence_fields, PFIELDS);
	if (vrc == 0) {
		const struct req_value *lv = req_val(&r, F_SET_LEVEL), *t = req_val(&r, F_TOTAL);
		if (!lv->present || lv->i < 0 || lv->i >= ANALYTICS_LEVELS ||
		    strcmp(analytics_level_names[lv->i], lv->s) != 0 ||
		    strcmp(req_form_pair(&r, "level"), lv->s) != 0)
			abort();
		if (!t->present || t->i < 0 || t->i > ANALYTICS_TOTAL_MAX ||
		    !req_form_pair(&r, "total"))
			abort();
	} else if (!r.err[0] || req_val(&r, F_TOTAL)->present) {
		abort();
	}
	/* a total the form gives that is out of range: the input and the library refuse it */
	raw = req_form_pair(&r, "total");
	if (raw && parse_i64(raw, strlen(raw), INT64_MIN, INT64_MAX, &total) == 0 &&
	    (total < 0 || total > ANALYTICS_TOTAL_MAX)) {
		struct analytics_set s = {.user_id = 7, .level = 1, .total = total};
		if (vrc == 0 || analytics_set_total(NULL, &s) != DB_ERR)
			abort();
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static bool ready;
	uint8_t head[HEAD] = {0};

	if (!ready) {
		req_init(&r);
		for (size_t i = 0; i < NPERMS; i++) {
			strcpy(perms[i].slug, catalogue[i].slug);
			if (catalogue[i].level)
				strcpy(perms[i].level_code,
				       analytics_level_names[catalogue[i].level - 1]);
		}
		ready = true;
	}
	memcpy(head, data, size < HEAD ? size : HEAD);
	data += size < HEAD ? size : HEAD;
	size -= size < HEAD ? size : HEAD;
	req_reset(&r);
	if (head[0] & 1)
		set_licences(head, data, size);
	else
		access_save(head, data, size);
	req_reset(&r);
	return 0;
}
