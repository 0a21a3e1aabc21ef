/* users.c — queries over users for the profile (header, tabs) and the directory. */
#include "users.h"

#include <string.h>

#include "session.h"
#include "util.h"

const char *const users_origin_names[] = {"billing", "admin", "subuser", NULL};
const char *const users_status_names[] = {"active", "paused", "terminated", NULL};

// clang-format off
/* The user's own columns, its parent's login and name, its location. */
#define USER_COLS                                                                                  \
	"SELECT u.id, COALESCE(u.parent_id, 0), COALESCE(p.login, ''), u.origin, u.status,"        \
	" COALESCE(u.billing_id, ''), u.username, u.login,"                                        \
	" DATE_FORMAT(u.created_at, '%Y-%m-%d %H:%i:%s'),"                                         \
	" COALESCE(DATE_FORMAT(u.deleted_at, '%Y-%m-%d %H:%i:%s'), ''),"                           \
	" COALESCE(DATE_FORMAT(u.expires_at, '%Y-%m-%d %H:%i:%s'), ''),"                           \
	" COALESCE(p.username, ''), COALESCE(l.id, 0), COALESCE(l.csa, ''), COALESCE(l.address, '')"
/* The session guard first (session.h): one statement checks the session and reads the user. */
#define USER_FROM                                                                                  \
	" FROM " SESSION_GUARD " JOIN users u ON u.id = ?"                                         \
	" LEFT JOIN users p ON p.id = u.parent_id LEFT JOIN locations l ON l.id = u.location_id"
/* The header's flags: the user's own (may manage sub-users) and its licences' owner's (holds
 * a licence: the parent's for a sub-user), kept by migration 061's triggers (no row: neither);
 * and whether the user has analytics cases of its own (which can offer the tab without one). */
#define USER_FLAGS                                                                                 \
	", COALESCE(f.subusers_allowed, 0), COALESCE(fo.has_licences, 0),"                         \
	" EXISTS (SELECT 1 FROM analytics_cases ac WHERE ac.user_id = u.id)"
#define WITH_FLAGS                                                                                 \
	" LEFT JOIN user_flags f ON f.user_id = u.id"                                              \
	" LEFT JOIN user_flags fo ON fo.user_id = COALESCE(u.parent_id, u.id)"
// clang-format on
#define USER_NCOLS 15

int users_get(struct db *db, const struct session *who, int64_t id, unsigned what, struct user *u)
{
	static const char *const sql[] = {
	    USER_COLS USER_FROM,
	    USER_COLS USER_FLAGS USER_FROM WITH_FLAGS,
	    USER_COLS ", u.billing_info" USER_FROM,
	};
	struct db_param in[SESSION_GUARD_NPARAMS + 1];
	struct db_col out[USER_NCOLS + 3] = {
	    DB_CINT,
	    DB_CINT,
	    DB_CTEXT(u->parent_login),
	    DB_CTEXT(u->origin),
	    DB_CTEXT(u->status),
	    DB_CTEXT(u->billing_id),
	    DB_CTEXT(u->username),
	    DB_CTEXT(u->login),
	    DB_CTEXT(u->created_at),
	    DB_CTEXT(u->deleted_at),
	    DB_CTEXT(u->expires_at),
	    DB_CTEXT(u->parent_name),
	    DB_CINT,
	    DB_CTEXT(u->location_csa),
	    DB_CTEXT(u->location_address),
	};
	struct db_query q = {.in = in,
			     .nin = SESSION_GUARD_NPARAMS + 1,
			     .out = out,
			     .nout = USER_NCOLS,
			     .guarded = true};
	int rc;

	if (!who)
		return DB_ERR;
	session_guard_bind(in, who);
	in[SESSION_GUARD_NPARAMS] = DB_PINT(id);
	u->subusers_allowed = u->licences_held = u->has_cases = false;
	if (what & USERS_FLAGS) {
		q.sql = sql[1];
		out[USER_NCOLS] = DB_CINT;
		out[USER_NCOLS + 1] = DB_CINT;
		out[USER_NCOLS + 2] = DB_CINT;
		q.nout += 3;
	} else if ((what & USERS_INFO) && u->info) {
		q.sql = sql[2];
		out[USER_NCOLS] = DB_CBUF(u->info);
		q.nout += 1;
	} else {
		q.sql = sql[0];
	}
	rc = db_get(db, &q);
	if (rc != 1)
		return rc;
	u->id = out[0].i;
	u->parent_id = out[1].i;
	u->location_id = out[12].i;
	if (what & USERS_FLAGS) {
		u->subusers_allowed = out[USER_NCOLS].i != 0;
		u->licences_held = out[USER_NCOLS + 1].i != 0;
		u->has_cases = out[USER_NCOLS + 2].i != 0;
	}
	return 1;
}

// clang-format off
/* The row, after the count (COUNTED) or 0 */
#define ROW_COLS                                                                                   \
	", u.id, u.username, u.login, COALESCE(u.billing_id, ''), u.origin + 0, u.status + 0,"     \
	" DATE_FORMAT(u.created_at, '%Y-%m-%d %H:%i:%s'), u.deleted_at IS NOT NULL"
/* The state (active, paused, deleted) and the kind, when the first ? of each is 1. */
#define FILTERS                                                                                    \
	" WHERE (? = 0 OR (? = 3 AND u.deleted_at IS NOT NULL)"                                    \
	"      OR (u.deleted_at IS NULL AND u.status + 0 = ?))"                                    \
	" AND (? = 0 OR u.origin + 0 = ?)"
#define FILTERS_PARAMS 5
/* The search: the ID exactly, the login from its start, the billing account or the name
 * anywhere (a statement of its own: without a search there is nothing of it to weigh). */
#define SEARCH " AND (u.id = ? OR u.login LIKE ? OR u.billing_id LIKE ? OR u.username LIKE ?)"
#define SEARCH_PARAMS 4
/* After the cursor (when the first ? is 1): past its time, or at its time past its id. */
#define KEYSET(CMP)                                                                                \
	" AND (? = 0 OR u.created_at " CMP " ? OR (u.created_at = ? AND u.id " CMP " ?))"
#define ORDER(DIR) " ORDER BY u.created_at " DIR ", u.id " DIR " LIMIT ?"
/* How many users match, up to a cap: an uncorrelated subquery, read once, on every row. */
#define COUNTED(MATCH) "(SELECT COUNT(*) FROM (SELECT 1 FROM users u" MATCH " LIMIT ?) m)"
/* The directory's statement, behind the session guard (session.h). Without a search the page
 * is the newest users, an index range that stops after it (left to itself, MariaDB sorts a
 * small table whole); with one, how far to read depends on the search. */
#define PAGE(COUNT, FORCE, MATCH, CMP, DIR)                                                        \
	"SELECT " COUNT ROW_COLS " FROM " SESSION_GUARD " JOIN users u" FORCE MATCH KEYSET(CMP)    \
	ORDER(DIR)
#define BOTH(COUNT, FORCE, MATCH)                                                                  \
	{ PAGE(COUNT, FORCE, MATCH, ">", "ASC"), PAGE(COUNT, FORCE, MATCH, "<", "DESC") }
#define NCOLS 9
// clang-format on

const char *const users_state_names[] = {"active", "paused", "deleted", NULL};

/* Bind f's filters and, when it has one, its search at in[0..); returns how many parameters
 * that is. The patterns go into like[2][520]. */
static size_t bind_match(struct db_param *in, const struct users_filter *f, char like[2][520])
{
	const char *text = f->q ? f->q : "";
	int64_t qid = -1;

	in[0] = DB_PINT(f->state >= 0);
	in[1] = DB_PINT(f->state + 1);
	in[2] = DB_PINT(f->state + 1);
	in[3] = DB_PINT(f->kind >= 0);
	in[4] = DB_PINT(f->kind + 1);
	if (!*text)
		return FILTERS_PARAMS;
	parse_i64(text, strlen(text), 1, INT64_MAX, &qid);
	db_like_prefix(text, like[0], sizeof like[0]);
	db_like_contains(text, like[1], sizeof like[1]);
	in[5] = DB_PINT(qid);
	in[6] = DB_PTEXT(like[0]);
	in[7] = DB_PTEXT(like[1]);
	in[8] = DB_PTEXT(like[1]);
	return FILTERS_PARAMS + SEARCH_PARAMS;
}

/* When this worker last counted more than USERS_COUNT_CAP users for a state and kind (index + 1
 * of each) without a search: for a minute after, the answer is "1,000+" without counting. A
 * count past the cap only shrinks by deletions, so it says "1,000+" at most that much longer
 * than true; under the cap, users are always counted. */
#define CAPPED_USEC (60 * 1000000LL)
static int64_t capped_at[4][4];

/* A row being fetched, and where the count goes (NULL: not counted). */
struct fetch {
	struct user_row r;
	int64_t *total;
};

static int fill_row(void *row, const struct db_col *all)
{
	struct fetch *f = row;
	struct user_row *r = &f->r;
	const struct db_col *out = all + 1;

	if (f->total)
		*f->total = all[0].i;
	r->id = out[0].i;
	r->origin = (int)out[4].i - 1;
	r->status = (int)out[5].i - 1;
	r->deleted = out[7].i != 0;
	return r->origin >= 0 && r->origin <= 2 && r->status >= 0 && r->status <= 2 ? 0 : -1;
}

int users_list(struct db *db, const struct list_q *lq, list_emit_fn emit, void *arg)
{
	static const char *const sql[2][2][2] = {
	    /* [search][counted][descending] */
	    {BOTH("0", " FORCE INDEX (ix_users_created)", FILTERS),
	     BOTH(COUNTED(FILTERS), " FORCE INDEX (ix_users_created)", FILTERS)},
	    {BOTH("0", "", FILTERS SEARCH), BOTH(COUNTED(FILTERS SEARCH), "", FILTERS SEARCH)},
	};
	const struct users_filter *flt = lq->filter;
	bool search = flt->q && *flt->q;
	const char *key = lq->from ? lq->from->key : "";
	char like[2][520];
	int64_t *memo = &capped_at[flt->state + 1][flt->kind + 1];
	bool count = flt->total && (search || !*memo || now_usec() - *memo > CAPPED_USEC);
	struct fetch f = {.total = count ? flt->total : NULL};
	struct user_row *r = &f.r;
	struct db_param in[2 * (FILTERS_PARAMS + SEARCH_PARAMS) + SESSION_GUARD_NPARAMS + 6];
	struct db_col out[NCOLS] = {DB_CINT,
				    DB_CINT,
				    DB_CTEXT(r->username),
				    DB_CTEXT(r->login),
				    DB_CTEXT(r->billing_id),
				    DB_CINT,
				    DB_CINT,
				    DB_CTEXT(r->created_at),
				    DB_CINT};
	struct db_query q = {.sql = sql[search][count][lq->desc],
			     .in = in,
			     .out = out,
			     .nout = NCOLS,
			     .guarded = true};
	size_t n = 0;
	int rc;

	if (!lq->who || flt->state < -1 || flt->state > 2 || flt->kind < -1 || flt->kind > 2)
		return DB_ERR;
	if (count) {
		n += bind_match(in, flt, like);
		in[n++] = DB_PINT(USERS_COUNT_CAP + 1);
	}
	session_guard_bind(in + n, lq->who);
	n += SESSION_GUARD_NPARAMS;
	n += bind_match(in + n, flt, like);
	in[n++] = DB_PINT(lq->from != NULL);
	in[n++] = DB_PTEXT(key);
	in[n++] = DB_PTEXT(key);
	in[n++] = DB_PINT(lq->from ? lq->from->id : 0);
	in[n++] = DB_PINT((int64_t)lq->limit);
	q.nin = n;
	if (flt->total) /* a count past the cap remembered, else unknown until a row brings it */
		*flt->total = count ? -1 : USERS_COUNT_CAP + 1;
	rc = list_fetch(db, &q, fill_row, &f, emit, arg);
	if (rc > 0 && count && !search && *flt->total > USERS_COUNT_CAP)
		*memo = now_usec();
	return rc;
}

int users_count(struct db *db, const struct session *who, const struct users_filter *f, int64_t *n)
{
	static const char *const sql[2] = {
	    "SELECT " COUNTED(FILTERS) " FROM " SESSION_GUARD,
	    "SELECT " COUNTED(FILTERS SEARCH) " FROM " SESSION_GUARD,
	};
	bool search = f->q && *f->q;
	char like[2][520];
	struct db_param in[FILTERS_PARAMS + SEARCH_PARAMS + 1 + SESSION_GUARD_NPARAMS];
	struct db_col out[1] = {DB_CINT};
	struct db_query q = {.sql = sql[search], .in = in, .out = out, .nout = 1, .guarded = true};
	size_t i = bind_match(in, f, like);
	int rc;

	if (!who)
		return DB_ERR;
	in[i++] = DB_PINT(USERS_COUNT_CAP + 1);
	session_guard_bind(in + i, who);
	q.nin = i + SESSION_GUARD_NPARAMS;
	rc = db_get(db, &q);
	*n = rc == 1 ? out[0].i : 0;
	return rc < 0 ? rc : DB_OK;
}
