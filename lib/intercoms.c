/* intercoms.c — queries over intercoms, apartments, residents and keys, within the admin's
 * scope (intercoms.h). A user's keys for an apartment come back as one GROUP_CONCAT column
 * separated by the ASCII unit separator (0x1F), which no key holds, and are split here into an
 * array. */
#include "intercoms.h"

#include <stdlib.h>
#include <string.h>

#include "scope.h"
#include "tab.h"

// clang-format off
/* The scope rule: a superadmin (first ? = 1) sees every resident, an ordinary admin (second ?)
 * a user with at least one camera granted to it. */
#define IN_SCOPE(USER)                                                                             \
	" (? = 1 OR EXISTS (SELECT 1 FROM user_cameras suc"                                        \
	"  JOIN admin_cameras sac ON sac.camera_id = suc.camera_id"                                \
	"  WHERE suc.user_id = " USER " AND sac.admin_id = ?))"
/* An intercom is in scope when one of its residents is. */
#define INTERCOM_IN_SCOPE(INTERCOM)                                                                \
	" (? = 1 OR EXISTS (SELECT 1 FROM apartments sa"                                           \
	"  JOIN apartment_users sau ON sau.apartment_id = sa.id"                                   \
	"  JOIN user_cameras suc ON suc.user_id = sau.user_id"                                     \
	"  JOIN admin_cameras sac ON sac.camera_id = suc.camera_id"                                \
	"  WHERE sa.intercom_id = " INTERCOM " AND sac.admin_id = ?))"
/* A user's keys in an apartment, in one column. */
#define KEYS_OF(APT, USER)                                                                         \
	" COALESCE((SELECT GROUP_CONCAT(k.hex_id ORDER BY k.hex_id SEPARATOR '\x1f')"              \
	"           FROM intercom_keys k WHERE k.apartment_id = " APT " AND k.user_id = " USER     \
	"), '')"
/* A user's apartment links, by intercom then apartment (the order of an index of the links,
 * migration 062, read first so that the page stops at its LIMIT), after a cursor when the first
 * ? is 1; HEAD is what each row carries before it (the tab's user, or zeros). */
#define ROWS(HEAD, FROM, CMP, DIR)                                                                 \
	"SELECT " HEAD ", i.id, i.name, i.address, i.department,"                                  \
	" DATE_FORMAT(i.created_at, '%Y-%m-%d %H:%i:%s'), a.id, a.number,"                         \
	KEYS_OF("a.id", "au.user_id")                                                              \
	" FROM " FROM " apartment_users au FORCE INDEX (ix_apartment_users_user_intercom)"         \
	" STRAIGHT_JOIN apartments a FORCE INDEX (PRIMARY) ON a.id = au.apartment_id"              \
	" STRAIGHT_JOIN intercoms i FORCE INDEX (PRIMARY) ON i.id = au.intercom_id"                \
	" WHERE au.user_id = ? AND" IN_SCOPE("au.user_id")                                         \
	" AND (? = 0 OR au.intercom_id " CMP " ? OR (au.intercom_id = ? AND au.apartment_id " CMP " ?))" \
	" ORDER BY au.intercom_id " DIR ", au.apartment_id " DIR " LIMIT ?"
/* The web client's page: the rows alone. */
#define USER_ROWS_SQL(CMP, DIR) ROWS("0, 0, 0", "", CMP, DIR)
/* The tab's statement: behind the session guard (session.h), the user read by key first. */
#define TAB_ROWS_SQL(CMP, DIR)                                                                     \
	ROWS(TAB_HEAD_COLS, SESSION_GUARD " JOIN users u ON u.id = ? JOIN", CMP, DIR)
#define ROW_NCOLS (TAB_HEAD_NCOLS + 8)
/* An intercom's apartments, one row per linked user (or one with no user), in number order;
 * for an ordinary admin only the rows of residents in scope. */
#define RESIDENTS_SQL                                                                              \
	"SELECT a.id, a.number, COALESCE(u.id, 0), COALESCE(u.username, ''),"                      \
	" COALESCE(u.login, ''), COALESCE(u.deleted_at IS NOT NULL, 0),"                           \
	KEYS_OF("a.id", "u.id")                                                                    \
	" FROM apartments a LEFT JOIN apartment_users au ON au.apartment_id = a.id"                \
	" LEFT JOIN users u ON u.id = au.user_id"                                                  \
	" WHERE a.intercom_id = ? AND (? = 1 OR (u.id IS NOT NULL AND" IN_SCOPE("u.id") "))"      \
	" ORDER BY CHAR_LENGTH(a.number), a.number, a.id, u.id LIMIT ?"
// clang-format on

/* A row being fetched: the row first (emit hands on a pointer to it), then where its keys
 * arrive, the arena they are split into, and where the head its rows carry goes (NULL: none). */
struct fetch {
	struct intercom_row r;
	struct buf keys;
	struct arena *arena;
	struct tab_head *head;
};

static int fill_row(void *row, const struct db_col *all)
{
	struct fetch *f = row;
	const struct db_col *out = all + TAB_HEAD_NCOLS;

	if (f->head)
		tab_head_fill(f->head, all);
	f->r.id = out[0].i;
	f->r.apartment_id = out[5].i;
	return list_strs_split(f->arena, &f->keys, '\x1f', &f->r.keys);
}

int intercoms_of_user(struct db *db, const struct list_q *lq, list_emit_fn emit, void *arg)
{
	static const char *const sql[2][2] = {
	    {USER_ROWS_SQL(">", "ASC"), USER_ROWS_SQL("<", "DESC")},
	    {TAB_ROWS_SQL(">", "ASC"), TAB_ROWS_SQL("<", "DESC")},
	};
	const struct intercom_filter *flt = lq->filter;
	struct fetch f = {.arena = lq->arena, .head = flt->head};
	struct intercom_row *r = &f.r;
	int64_t ikey = 0;
	struct db_param in[SESSION_GUARD_NPARAMS + 9];
	struct db_col out[ROW_NCOLS] = {DB_CINT,
					DB_CINT,
					DB_CINT,
					DB_CINT,
					DB_CTEXT(r->name),
					DB_CTEXT(r->address),
					DB_CTEXT(r->department),
					DB_CTEXT(r->created_at),
					DB_CINT,
					DB_CTEXT(r->apartment),
					DB_CBUF(&f.keys)};
	struct db_query q = {.sql = sql[flt->head != NULL][lq->desc],
			     .in = in,
			     .out = out,
			     .nout = ROW_NCOLS,
			     .guarded = flt->head != NULL};
	size_t n = 0;
	int rc;

	if (flt->head && !lq->who)
		return DB_ERR;
	if (lq->from)
		cursor_key_int(lq->from, INT64_MIN, INT64_MAX, &ikey);
	if (flt->head) {
		session_guard_bind(in + n, lq->who);
		n += SESSION_GUARD_NPARAMS;
		in[n++] = DB_PINT(flt->user_id);
	}
	in[n++] = DB_PINT(flt->user_id);
	scope_bind(in + n, lq->who);
	n += SCOPE_NPARAMS;
	in[n++] = DB_PINT(lq->from ? 1 : 0);
	in[n++] = DB_PINT(ikey);
	in[n++] = DB_PINT(ikey);
	in[n++] = DB_PINT(lq->from ? lq->from->id : 0);
	in[n++] = DB_PINT((int64_t)lq->limit);
	q.nin = n;
	buf_init(&f.keys);
	rc = list_fetch(db, &q, fill_row, &f, emit, arg);
	buf_free(&f.keys);
	return rc;
}

int intercoms_get(struct db *db, const struct intercom_ref *ref, struct intercom *ic)
{
	struct db_param in[SESSION_GUARD_NPARAMS + 3];
	struct db_col out[5] = {DB_CINT, DB_CTEXT(ic->name), DB_CTEXT(ic->address),
				DB_CTEXT(ic->department), DB_CTEXT(ic->created_at)};
	struct db_query q = {
	    .sql = "SELECT i.id, i.name, i.address, i.department,"
		   " DATE_FORMAT(i.created_at, '%Y-%m-%d %H:%i:%s') FROM " SESSION_GUARD
		   " JOIN intercoms i ON i.id = ? WHERE" INTERCOM_IN_SCOPE("i.id"),
	    .in = in,
	    .nin = SESSION_GUARD_NPARAMS + 3,
	    .out = out,
	    .nout = 5,
	    .guarded = true,
	};
	int rc;

	if (!ref->who)
		return DB_ERR;
	session_guard_bind(in, ref->who);
	in[SESSION_GUARD_NPARAMS] = DB_PINT(ref->id);
	scope_bind(in + SESSION_GUARD_NPARAMS + 1, ref->who);
	if ((rc = db_get(db, &q)) == 1)
		ic->id = out[0].i;
	return rc;
}

int intercoms_residents(struct db *db, const struct intercom_ref *ref, intercom_resident_fn fn,
			void *arg, bool *truncated)
{
	struct intercom_resident r;
	struct buf keys;
	struct arena arena;
	struct db_param in[5] = {DB_PINT(ref->id)};
	struct db_col out[7] = {
	    DB_CINT, DB_CTEXT(r.apartment), DB_CINT, DB_CTEXT(r.username), DB_CTEXT(r.login),
	    DB_CINT, DB_CBUF(&keys)};
	struct db_query q = {
	    .sql = RESIDENTS_SQL,
	    .in = in,
	    .nin = 5,
	    .out = out,
	    .nout = 7,
	};
	int n = 0, rc;

	*truncated = false;
	if (!ref->who)
		return DB_ERR;
	in[1] = DB_PINT(ref->who->superadmin ? 1 : 0); /* the first ? of RESIDENTS_SQL's WHERE */
	scope_bind(in + 2, ref->who);
	in[4] = DB_PINT(INTERCOM_RESIDENTS_MAX + 1);
	buf_init(&keys);
	arena_init(&arena);
	if ((rc = db_exec(db, &q)) < 0)
		goto out;
	while ((rc = db_fetch(db, &q)) == 1) {
		if (n == INTERCOM_RESIDENTS_MAX) {
			*truncated = true;
			rc = 0;
			break;
		}
		r.apartment_id = out[0].i;
		r.user_id = out[2].i;
		r.deleted = out[5].i != 0;
		arena_reset(&arena);
		if (list_strs_split(&arena, &keys, '\x1f', &r.keys) < 0 || fn(arg, &r) < 0) {
			rc = DB_ERR;
			break;
		}
		n++;
	}
	db_end(&q);
out:
	arena_free(&arena);
	buf_free(&keys);
	return rc < 0 ? rc : n;
}

int intercoms_user_name(struct db *db, const struct intercom_ref *ref, int64_t user_id,
			char name[1024])
{
	struct db_param in[4] = {DB_PINT(ref->id), DB_PINT(user_id)};
	struct db_col out[1] = {{.type = DB_TEXT, .s = name, .cap = 1024}};
	struct db_query q = {
	    .sql = "SELECT u.username FROM apartments a JOIN apartment_users au ON au.apartment_id "
		   "= a.id"
		   " JOIN users u ON u.id = au.user_id"
		   " WHERE a.intercom_id = ? AND au.user_id = ? AND" IN_SCOPE("u.id") " LIMIT 1",
	    .in = in,
	    .nin = 4,
	    .out = out,
	    .nout = 1,
	};

	if (!ref->who)
		return DB_ERR;
	scope_bind(in + 2, ref->who);
	return db_get(db, &q);
}
