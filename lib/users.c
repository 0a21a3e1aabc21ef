/* users.c — queries over users for the profile (header, tabs) and the directory. */
#include "users.h"

#include <string.h>

#include "util.h"

const char *const users_origin_names[] = {"billing", "admin", "subuser", NULL};
const char *const users_status_names[] = {"active", "paused", "terminated", NULL};

// clang-format off
#define USER_COLS                                                                                  \
	"SELECT u.id, COALESCE(u.parent_id, 0), COALESCE(p.login, ''), u.origin, u.status,"        \
	" COALESCE(u.billing_id, ''), u.username, u.login,"                                        \
	" DATE_FORMAT(u.created_at, '%Y-%m-%d %H:%i:%s'),"                                         \
	" COALESCE(DATE_FORMAT(u.deleted_at, '%Y-%m-%d %H:%i:%s'), ''),"                           \
	" COALESCE(DATE_FORMAT(u.expires_at, '%Y-%m-%d %H:%i:%s'), ''),"                           \
	" COALESCE(p.username, ''), COALESCE(l.id, 0), COALESCE(l.csa, ''), COALESCE(l.address, '')"
#define USER_FROM                                                                                  \
	" FROM users u LEFT JOIN users p ON p.id = u.parent_id"                                    \
	" LEFT JOIN locations l ON l.id = u.location_id WHERE u.id = ?"
#define USER_FLAGS                                                                                 \
	", EXISTS (SELECT 1 FROM user_permissions up JOIN permissions pm ON pm.id = up.permission_id" \
	"          WHERE up.user_id = u.id AND pm.code = 'subusers-manage')"
// clang-format on
#define USER_NCOLS 15

int users_get(struct db *db, int64_t id, unsigned what, struct user *u)
{
	static const char *const sql[] = {
	    USER_COLS USER_FROM,
	    USER_COLS USER_FLAGS USER_FROM,
	    USER_COLS ", u.billing_info" USER_FROM,
	};
	struct db_param in[1] = {DB_PINT(id)};
	struct db_col out[USER_NCOLS + 1] = {
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
	struct db_query q = {.in = in, .nin = 1, .out = out, .nout = USER_NCOLS};
	int rc;

	u->subusers_allowed = false;
	if (what & USERS_FLAGS) {
		q.sql = sql[1];
		out[USER_NCOLS] = DB_CINT;
		q.nout += 1;
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
	if (what & USERS_FLAGS)
		u->subusers_allowed = out[USER_NCOLS].i != 0;
	return 1;
}

// clang-format off
#define ROW_COLS                                                                                   \
	"SELECT u.id, u.username, u.login, COALESCE(u.billing_id, ''), u.origin + 0, u.status + 0," \
	" DATE_FORMAT(u.created_at, '%Y-%m-%d %H:%i:%s'), u.deleted_at IS NOT NULL FROM users u"
/* The search (when the first ? is 1): the ID exactly, the login from its start, the billing
 * account or the name anywhere; then the state (active, paused, deleted) and the kind. */
#define MATCH                                                                                      \
	" WHERE (? = 0 OR u.id = ? OR u.login LIKE ? OR u.billing_id LIKE ? OR u.username LIKE ?)" \
	" AND (? = 0 OR (? = 3 AND u.deleted_at IS NOT NULL)"                                      \
	"      OR (u.deleted_at IS NULL AND u.status + 0 = ?))"                                    \
	" AND (? = 0 OR u.origin + 0 = ?)"
#define MATCH_PARAMS 10
/* After the cursor (when the first ? is 1): past its time, or at its time past its id. */
#define KEYSET(CMP)                                                                                \
	" AND (? = 0 OR u.created_at " CMP " ? OR (u.created_at = ? AND u.id " CMP " ?))"
#define ORDER(DIR) " ORDER BY u.created_at " DIR ", u.id " DIR " LIMIT ?"
// clang-format on

const char *const users_state_names[] = {"active", "paused", "deleted", NULL};

/* Bind f's search and filters (MATCH_PARAMS) at in[0..); the patterns go into like[2][520]. */
static void bind_match(struct db_param *in, const struct users_filter *f, char like[2][520])
{
	const char *text = f->q ? f->q : "";
	int64_t qid = -1;

	if (*text)
		parse_i64(text, strlen(text), 1, INT64_MAX, &qid);
	db_like_prefix(text, like[0], sizeof like[0]);
	db_like_contains(text, like[1], sizeof like[1]);
	in[0] = DB_PINT(*text != '\0');
	in[1] = DB_PINT(qid);
	in[2] = DB_PTEXT(like[0]);
	in[3] = DB_PTEXT(like[1]);
	in[4] = DB_PTEXT(like[1]);
	in[5] = DB_PINT(f->state >= 0);
	in[6] = DB_PINT(f->state + 1);
	in[7] = DB_PINT(f->state + 1);
	in[8] = DB_PINT(f->kind >= 0);
	in[9] = DB_PINT(f->kind + 1);
}

static int fill_row(void *row, const struct db_col *out)
{
	struct user_row *r = row;

	r->id = out[0].i;
	r->origin = (int)out[4].i - 1;
	r->status = (int)out[5].i - 1;
	r->deleted = out[7].i != 0;
	return r->origin >= 0 && r->origin <= 2 && r->status >= 0 && r->status <= 2 ? 0 : -1;
}

int users_list(struct db *db, const struct list_q *lq, list_emit_fn emit, void *arg)
{
	static const char *const sql[2] = {
	    ROW_COLS MATCH KEYSET(">") ORDER("ASC"),
	    ROW_COLS MATCH KEYSET("<") ORDER("DESC"),
	};
	const char *key = lq->from ? lq->from->key : "";
	char like[2][520];
	struct user_row r;
	struct db_param in[MATCH_PARAMS + 5];
	struct db_col out[8] = {DB_CINT,
				DB_CTEXT(r.username),
				DB_CTEXT(r.login),
				DB_CTEXT(r.billing_id),
				DB_CINT,
				DB_CINT,
				DB_CTEXT(r.created_at),
				DB_CINT};
	struct db_query q = {
	    .sql = sql[lq->desc], .in = in, .nin = MATCH_PARAMS + 5, .out = out, .nout = 8};

	bind_match(in, lq->filter, like);
	in[MATCH_PARAMS] = DB_PINT(lq->from != NULL);
	in[MATCH_PARAMS + 1] = DB_PTEXT(key);
	in[MATCH_PARAMS + 2] = DB_PTEXT(key);
	in[MATCH_PARAMS + 3] = DB_PINT(lq->from ? lq->from->id : 0);
	in[MATCH_PARAMS + 4] = DB_PINT((int64_t)lq->limit);
	return list_fetch(db, &q, fill_row, &r, emit, arg);
}

int users_count(struct db *db, const struct users_filter *f, int64_t *n)
{
	char like[2][520];
	struct db_param in[MATCH_PARAMS + 1];
	struct db_col out[1] = {DB_CINT};
	struct db_query q = {
	    .sql = "SELECT COUNT(*) FROM (SELECT 1 FROM users u" MATCH " LIMIT ?) m",
	    .in = in,
	    .nin = MATCH_PARAMS + 1,
	    .out = out,
	    .nout = 1,
	};
	int rc;

	bind_match(in, f, like);
	in[MATCH_PARAMS] = DB_PINT(USERS_COUNT_CAP + 1);
	rc = db_get(db, &q);
	*n = rc == 1 ? out[0].i : 0;
	return rc < 0 ? rc : DB_OK;
}
