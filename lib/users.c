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
	" COALESCE(DATE_FORMAT(u.expires_at, '%Y-%m-%d %H:%i:%s'), '')"
#define USER_FROM " FROM users u LEFT JOIN users p ON p.id = u.parent_id WHERE u.id = ?"
#define USER_FLAGS                                                                                 \
	", EXISTS (SELECT 1 FROM user_permissions up JOIN permissions pm ON pm.id = up.permission_id" \
	"          WHERE up.user_id = u.id AND pm.code = 'subusers-manage')"
// clang-format on
#define USER_NCOLS 11

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
	if (what & USERS_FLAGS)
		u->subusers_allowed = out[USER_NCOLS].i != 0;
	return 1;
}

// clang-format off
#define ROW_COLS                                                                                   \
	"SELECT u.id, u.username, u.login, COALESCE(u.billing_id, ''), u.origin + 0, u.status + 0," \
	" DATE_FORMAT(u.created_at, '%Y-%m-%d %H:%i:%s'), u.deleted_at IS NOT NULL FROM users u"
#define MATCH " WHERE (? = 0 OR u.id = ? OR u.billing_id = ? OR u.login LIKE ? OR u.username LIKE ?)"
/* After the cursor (when the first ? is 1): past its time, or at its time past its id. */
#define KEYSET(CMP)                                                                                \
	" AND (? = 0 OR u.created_at " CMP " ? OR (u.created_at = ? AND u.id " CMP " ?))"
#define ORDER(DIR) " ORDER BY u.created_at " DIR ", u.id " DIR " LIMIT ?"
// clang-format on

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
	const struct users_filter *f = lq->filter;
	const char *text = f->q ? f->q : "";
	const char *key = lq->from ? lq->from->key : "";
	char prefix[520], infix[520];
	int64_t qid = -1;
	struct user_row r;
	struct db_param in[10];
	struct db_col out[8] = {DB_CINT,
				DB_CTEXT(r.username),
				DB_CTEXT(r.login),
				DB_CTEXT(r.billing_id),
				DB_CINT,
				DB_CINT,
				DB_CTEXT(r.created_at),
				DB_CINT};
	struct db_query q = {.sql = sql[lq->desc], .in = in, .nin = 10, .out = out, .nout = 8};

	if (*text)
		parse_i64(text, strlen(text), 1, INT64_MAX, &qid);
	db_like_prefix(text, prefix, sizeof prefix);
	db_like_contains(text, infix, sizeof infix);
	in[0] = DB_PINT(*text != '\0');
	in[1] = DB_PINT(qid);
	in[2] = DB_PTEXT(text);
	in[3] = DB_PTEXT(prefix);
	in[4] = DB_PTEXT(infix);
	in[5] = DB_PINT(lq->from != NULL);
	in[6] = DB_PTEXT(key);
	in[7] = DB_PTEXT(key);
	in[8] = DB_PINT(lq->from ? lq->from->id : 0);
	in[9] = DB_PINT((int64_t)lq->limit);
	return list_fetch(db, &q, fill_row, &r, emit, arg);
}
