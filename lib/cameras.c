/* cameras.c — queries over a user's cameras, always within the signed-in admin's scope.
 * Pages are keyset pages over (sort value, id): one prepared statement per sort and direction,
 * chosen from the fixed table below, so no SQL text ever depends on input. */
#include "cameras.h"

#include <string.h>

#include "scope.h"
#include "util.h"

const char *const cameras_status_names[] = {"active", "partially_active", "inactive", "empty",
					    NULL};
const char *const cameras_status_words[] = {"active", "partially active", "inactive", "empty",
					    NULL};
const char *const cameras_sort_names[] = {"id", "name", "status", "location", NULL};

// clang-format off
/* The scope rule (scope.h): a superadmin sees all, an ordinary admin what it was granted. */
#define SCOPE " AND " SCOPE_SQL("c.id")
/* Search: when the first ? is 1, the ID equals the second or the name contains the third. */
#define MATCH "(? = 0 OR c.id = ? OR c.name LIKE ?)"
#define SEARCH " AND " MATCH
#define OF_USER " FROM user_cameras uc JOIN cameras c ON c.id = uc.camera_id WHERE uc.user_id = ?"

/* A page is found in two steps (a "deferred join"): the inner query sorts only the ids of the
 * matching cameras and keeps the page, the outer one reads those few rows in full. Sorting
 * narrow rows keeps the sort in memory for users with thousands of cameras. */
#define LIST_FROM                                                                                  \
	" FROM user_cameras uc JOIN cameras c ON c.id = uc.camera_id"                              \
	" LEFT JOIN locations l ON l.id = c.location_id WHERE uc.user_id = ?" SCOPE SEARCH         \
	" AND (? = 0 OR c.status + 0 = ?)"
/* After the cursor (when the first ? is 1): past its key, or at its key past its id. */
#define KEYSET(KEY, CMP) " AND (? = 0 OR " KEY " " CMP " ? OR (" KEY " = ? AND c.id " CMP " ?))"
#define ORDER(KEY, DIR) " ORDER BY " KEY " " DIR ", c.id " DIR
#define LIST(KEY, CMP, DIR)                                                                        \
	"SELECT c.id, c.name, c.status + 0, COALESCE(l.id, 0), COALESCE(l.address, '')"            \
	" FROM (SELECT c.id" LIST_FROM KEYSET(KEY, CMP) ORDER(KEY, DIR) " LIMIT ?) page"            \
	" JOIN cameras c ON c.id = page.id LEFT JOIN locations l ON l.id = c.location_id"          \
	ORDER(KEY, DIR)
#define LIST_PARAMS 13

/* The sort keys. ENUM + 0 is its index, which is also how ORDER BY sorts an ENUM. */
#define K_ID "c.id"
#define K_NAME "c.name"
#define K_STATUS "(c.status + 0)"
#define K_LOCATION "COALESCE(l.address, '')"

static const struct {
	const char *sql[2]; /* ascending, descending */
	bool text_key;
} sorts[] = {
	[CAMERA_SORT_ID] = { { LIST(K_ID, ">", "ASC"), LIST(K_ID, "<", "DESC") }, false },
	[CAMERA_SORT_NAME] = { { LIST(K_NAME, ">", "ASC"), LIST(K_NAME, "<", "DESC") }, true },
	[CAMERA_SORT_STATUS] = { { LIST(K_STATUS, ">", "ASC"), LIST(K_STATUS, "<", "DESC") }, false },
	[CAMERA_SORT_LOCATION] = { { LIST(K_LOCATION, ">", "ASC"), LIST(K_LOCATION, "<", "DESC") }, true },
};
// clang-format on

/* Bind the scope (2 params) and the search (3 params) at in[0..5). like holds 520 bytes. */
static void bind_scope_search(struct db_param *in, const struct session *who,
			      const struct camera_filter *f, char *like, int64_t *qid)
{
	const char *q = f->q ? f->q : "";

	*qid = -1;
	if (*q)
		parse_i64(q, strlen(q), 1, INT64_MAX, qid);
	db_like_contains(q, like, 520);
	scope_bind(in, who);
	in[2] = DB_PINT(*q ? 1 : 0);
	in[3] = DB_PINT(*qid);
	in[4] = DB_PTEXT(like);
}

/* Bind the cursor part (4 params) at in[0..4): a text key for name and location, else a
 * number (the list engine checked that it is one). */
static void bind_after(struct db_param *in, const struct list_q *lq, int64_t *k)
{
	const struct cursor *a = lq->from;
	bool text = sorts[lq->sort].text_key;

	*k = 0;
	in[0] = DB_PINT(a ? 1 : 0);
	if (a && !text)
		cursor_key_int(a, INT64_MIN, INT64_MAX, k);
	/* a status cursor holds the row's index; the SQL compares status + 0, one more */
	if (a && lq->sort == CAMERA_SORT_STATUS)
		*k += 1;
	in[1] = text ? DB_PTEXTN(a ? a->key : "", a ? a->keylen : 0) : DB_PINT(*k);
	in[2] = in[1];
	in[3] = DB_PINT(a ? a->id : 0);
}

static int fill_row(void *row, const struct db_col *out)
{
	struct camera_row *r = row;

	r->id = out[0].i;
	r->status = (int)out[2].i - 1;
	r->location_id = out[3].i;
	return r->status >= 0 && r->status < CAMERA_STATUSES ? 0 : -1;
}

/* The rows of one query: what fill_row completes, and the filter's blocked mark. */
struct fetch {
	struct camera_row r;
	bool paused;
};

static int fill_blocked(void *row, const struct db_col *out)
{
	struct fetch *f = row;

	f->r.blocked = f->paused;
	return fill_row(&f->r, out);
}

int cameras_list(struct db *db, const struct list_q *lq, list_emit_fn emit, void *arg)
{
	const struct camera_filter *f = lq->filter;
	struct fetch fe = {.paused = f->paused};
	struct camera_row *r = &fe.r;
	char like[520];
	int64_t qid, k;
	struct db_param in[LIST_PARAMS];
	struct db_col out[5] = {DB_CINT, DB_CTEXT(r->name), DB_CINT, DB_CINT, DB_CTEXT(r->address)};
	struct db_query q = {.in = in, .nin = LIST_PARAMS, .out = out, .nout = 5};

	if (lq->sort > CAMERA_SORT_LOCATION || lq->limit < 1)
		return DB_ERR;
	q.sql = sorts[lq->sort].sql[lq->desc ? 1 : 0];
	in[0] = DB_PINT(f->user_id);
	bind_scope_search(in + 1, lq->who, f, like, &qid);
	in[6] = DB_PINT(f->status >= 0 ? 1 : 0);
	in[7] = DB_PINT(f->status + 1);
	bind_after(in + 8, lq, &k);
	in[12] = DB_PINT((int64_t)lq->limit);
	return list_fetch(db, &q, fill_blocked, &fe, emit, arg);
}

int cameras_counts(struct db *db, const struct session *who, const struct camera_filter *f,
		   struct camera_counts *out)
{
	char like[520];
	int64_t qid;
	struct db_param in[6];
	struct db_col col[4] = {DB_CINT, DB_CINT, DB_CINT, DB_CINT};
	struct db_query q = {
	    /* one pass over the user's cameras: per status, in the scope or not, found or not */
	    .sql = "SELECT c.status + 0, " SCOPE_SQL("c.id") ", " MATCH ", COUNT(*)" OF_USER
							     " GROUP BY 1, 2, 3",
	    .in = in,
	    .nin = 6,
	    .out = col,
	    .nout = 4,
	};
	int rc;

	memset(out, 0, sizeof *out);
	bind_scope_search(in, who, f, like, &qid);
	in[5] = DB_PINT(f->user_id);
	if ((rc = db_exec(db, &q)) < 0)
		return rc;
	while ((rc = db_fetch(db, &q)) == 1) {
		if (!col[1].i)
			out->outside_scope += col[3].i;
		else if (col[2].i && col[0].i >= 1 && col[0].i <= CAMERA_STATUSES)
			out->by_status[col[0].i - 1] += col[3].i;
	}
	db_end(&q);
	return rc < 0 ? rc : DB_OK;
}

int cameras_get(struct db *db, const struct session *who, int64_t id, struct camera *cam)
{
	struct db_param in[3] = {DB_PINT(id)};
	struct db_col out[11] = {
	    DB_CINT,
	    DB_CTEXT(cam->external_id),
	    DB_CTEXT(cam->name),
	    DB_CINT,
	    DB_CINT,
	    DB_CTEXT(cam->address),
	    DB_CTEXT(cam->mac),
	    DB_CTEXT(cam->serial),
	    DB_CINT,
	    DB_CTEXT(cam->created_at),
	    DB_CINT,
	};
	struct db_query q = {
	    .sql =
		"SELECT c.id, COALESCE(c.external_id, ''), c.name, c.status + 0, COALESCE(l.id, 0),"
		" COALESCE(l.address, ''), COALESCE(c.mac, ''), COALESCE(c.serial, ''),"
		" c.archive_days, DATE_FORMAT(c.created_at, '%Y-%m-%d %H:%i:%s'),"
		" (SELECT COUNT(*) FROM user_cameras uc JOIN users u ON u.id = uc.user_id"
		"  WHERE uc.camera_id = c.id AND u.deleted_at IS NULL)"
		" FROM cameras c LEFT JOIN locations l ON l.id = c.location_id"
		" WHERE c.id = ?" SCOPE,
	    .in = in,
	    .nin = 3,
	    .out = out,
	    .nout = 11,
	};
	int rc;

	scope_bind(in + 1, who);
	if ((rc = db_get(db, &q)) != 1)
		return rc;
	cam->id = out[0].i;
	cam->status = (int)out[3].i - 1;
	cam->location_id = out[4].i;
	cam->archive_days = out[8].i;
	cam->users = out[10].i;
	return cam->status >= 0 && cam->status < CAMERA_STATUSES ? 1 : DB_ERR;
}

int cameras_users(struct db *db, int64_t id, camera_user_fn fn, void *arg, bool *more)
{
	struct camera_user u;
	struct db_param in[2] = {DB_PINT(id), DB_PINT(CAMERA_USERS_MAX + 1)};
	struct db_col out[4] = {DB_CINT, DB_CTEXT(u.username), DB_CTEXT(u.login), DB_CINT};
	struct db_query q = {
	    .sql = "SELECT u.id, u.username, u.login, u.deleted_at IS NOT NULL"
		   " FROM user_cameras uc JOIN users u ON u.id = uc.user_id WHERE uc.camera_id = ?"
		   " ORDER BY u.deleted_at IS NOT NULL, u.id LIMIT ?",
	    .in = in,
	    .nin = 2,
	    .out = out,
	    .nout = 4,
	};
	int n = 0, rc;

	*more = false;
	if ((rc = db_exec(db, &q)) < 0)
		return rc;
	while ((rc = db_fetch(db, &q)) == 1) {
		if (n == CAMERA_USERS_MAX) {
			*more = true;
			break;
		}
		u.id = out[0].i;
		u.deleted = out[3].i != 0;
		if (fn(arg, &u) < 0) {
			rc = DB_ERR;
			break;
		}
		n++;
	}
	db_end(&q);
	return rc < 0 ? rc : n;
}

int cameras_user_name(struct db *db, int64_t id, int64_t user_id, char name[1024])
{
	struct db_param in[2] = {DB_PINT(user_id), DB_PINT(id)};
	struct db_col out[1] = {{.type = DB_TEXT, .s = name, .cap = 1024}};
	struct db_query q = {
	    .sql = "SELECT u.username FROM user_cameras uc JOIN users u ON u.id = uc.user_id"
		   " WHERE uc.user_id = ? AND uc.camera_id = ?",
	    .in = in,
	    .nin = 2,
	    .out = out,
	    .nout = 1,
	};

	return db_get(db, &q);
}
