/* users.c — queries over users for the directory and the profile header and User tab. */
#include "users.h"

#include <string.h>

#include "util.h"

int users_get(struct db *db, int64_t id, struct user *u)
{
	struct db_param in[1] = {DB_PINT(id)};
	struct db_col out[14];
	struct db_query q = {
	    .sql =
		"SELECT u.id, COALESCE(u.parent_id, 0), COALESCE(p.login, ''), u.origin, u.status,"
		" COALESCE(u.billing_id, ''), u.username, u.login,"
		" DATE_FORMAT(u.created_at, '%Y-%m-%d %H:%i:%s'),"
		" COALESCE(DATE_FORMAT(u.deleted_at, '%Y-%m-%d %H:%i:%s'), ''),"
		" COALESCE(DATE_FORMAT(u.expires_at, '%Y-%m-%d %H:%i:%s'), ''),"
		" EXISTS (SELECT 1 FROM user_permissions up JOIN permissions pm ON pm.id = "
		"up.permission_id"
		"         WHERE up.user_id = u.id AND pm.code = 'subusers-manage'),"
		" EXISTS (SELECT 1 FROM user_licenses l WHERE l.user_id = u.id AND l.total > 0),"
		" u.billing_info"
		" FROM users u LEFT JOIN users p ON p.id = u.parent_id WHERE u.id = ?",
	    .in = in,
	    .nin = 1,
	    .out = out,
	    .nout = 14,
	};
	int rc;

	out[0] = DB_CINT;
	out[1] = DB_CINT;
	out[2] = DB_CTEXT(u->parent_login);
	out[3] = DB_CTEXT(u->origin);
	out[4] = DB_CTEXT(u->status);
	out[5] = DB_CTEXT(u->billing_id);
	out[6] = DB_CTEXT(u->username);
	out[7] = DB_CTEXT(u->login);
	out[8] = DB_CTEXT(u->created_at);
	out[9] = DB_CTEXT(u->deleted_at);
	out[10] = DB_CTEXT(u->expires_at);
	out[11] = DB_CINT;
	out[12] = DB_CINT;
	out[13] = DB_CBUF(&u->info);
	rc = db_get(db, &q);
	if (rc != 1)
		return rc;
	u->id = out[0].i;
	u->parent_id = out[1].i;
	u->subusers_allowed = out[11].i != 0;
	u->has_licences = out[12].i != 0;
	return 1;
}

#define ROW_COLS                                                                                   \
	"SELECT u.id, u.username, u.login, COALESCE(u.billing_id, ''), u.origin, u.status,"        \
	" DATE_FORMAT(u.created_at, '%Y-%m-%d %H:%i:%s'), UNIX_TIMESTAMP(u.created_at),"           \
	" u.deleted_at IS NOT NULL FROM users u"
#define AFTER_CURSOR                                                                               \
	" (u.created_at < FROM_UNIXTIME(?) OR (u.created_at = FROM_UNIXTIME(?) AND u.id < ?))"
#define NEWEST_FIRST " ORDER BY u.created_at DESC, u.id DESC LIMIT ?"

int users_search(struct db *db, const char *q, int64_t after_epoch, int64_t after_id,
		 struct user_row rows[USERS_PAGE], bool *more)
{
	char prefix[520], infix[520];
	struct user_row r;
	struct db_param in[8];
	struct db_col out[9] = {DB_CINT,
				DB_CTEXT(r.username),
				DB_CTEXT(r.login),
				DB_CTEXT(r.billing_id),
				DB_CTEXT(r.origin),
				DB_CTEXT(r.status),
				DB_CTEXT(r.created_at),
				DB_CINT,
				DB_CINT};
	struct db_query query = {.out = out, .nout = 9, .in = in};
	int64_t id_match = -1, epoch = after_id > 0 ? after_epoch : INT32_MAX;
	int64_t last_id = after_id > 0 ? after_id : INT64_MAX;
	size_t n = 0, i = 0;
	int rc;

	if (q && *q) {
		parse_i64(q, strlen(q), 1, INT64_MAX, &id_match);
		db_like_prefix(q, prefix, sizeof prefix);
		db_like_contains(q, infix, sizeof infix);
		query.sql = ROW_COLS
		    " WHERE (u.id = ? OR u.billing_id = ? OR u.login LIKE ? OR u.username LIKE ?)"
		    " AND" AFTER_CURSOR NEWEST_FIRST;
		in[i++] = DB_PINT(id_match);
		in[i++] = DB_PTEXT(q);
		in[i++] = DB_PTEXT(prefix);
		in[i++] = DB_PTEXT(infix);
	} else {
		query.sql = ROW_COLS " WHERE" AFTER_CURSOR NEWEST_FIRST;
	}
	in[i++] = DB_PINT(epoch);
	in[i++] = DB_PINT(epoch);
	in[i++] = DB_PINT(last_id);
	in[i++] = DB_PINT(USERS_PAGE + 1);
	query.nin = i;
	*more = false;
	if ((rc = db_exec(db, &query)) < 0)
		return rc;
	while ((rc = db_fetch(db, &query)) == 1) {
		if (n == USERS_PAGE) {
			*more = true;
			break;
		}
		r.id = out[0].i;
		r.created_epoch = out[7].i;
		r.deleted = out[8].i != 0;
		rows[n++] = r;
	}
	db_end(&query);
	return rc < 0 ? rc : (int)n;
}
