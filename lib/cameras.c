/* cameras.c — queries over a user's cameras, always within the signed-in admin's scope.
 * Pages are keyset pages over (sort value, id) of user_cameras, which carries each camera's name,
 * status and address (migration 060): every order, with or without a status filter, is one
 * index range over the user's rows that stops after the page. One prepared statement per order,
 * direction and filter, chosen from the fixed tables below, so no SQL text depends on input. */
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
/* A page's columns: the camera, its name, status (1..4), location and address. */
#define PAGE_COLS                                                                                  \
	"uc.camera_id, uc.cam_name, uc.cam_status, COALESCE(uc.cam_location_id, 0), uc.cam_address"
/* Which rows: the scope (scope.h); the search — when the first ? is 1 the camera of the ID in
 * the third, when it is 2 a name containing the fifth; the status when the sixth is 1. */
#define CONDS                                                                                      \
	" AND " SCOPE_SQL("uc.camera_id")                                                          \
	" AND (? = 0 OR (? = 1 AND uc.camera_id = ?) OR (? = 2 AND uc.cam_name LIKE ?))"           \
	" AND (? = 0 OR uc.cam_status = ?)"
/* After the cursor (when the first ? is 1): past its key, or at its key past its id. */
#define KEYSET(KEY, CMP) " AND (? = 0 OR " KEY " " CMP " ? OR (" KEY " = ? AND uc.camera_id " CMP " ?))"
#define ORDER(KEY, DIR) " ORDER BY " KEY " " DIR ", uc.camera_id " DIR " LIMIT ?"
/* The web client's page: the user's rows alone. */
#define PLAIN(IDX, KEY, CMP, DIR)                                                                  \
	"SELECT " PAGE_COLS " FROM user_cameras uc FORCE INDEX (" IDX ") WHERE uc.user_id = ?"      \
	CONDS KEYSET(KEY, CMP) ORDER(KEY, DIR)
/* The tab's head: the user and the counts (the user's; the admin's own), read with the page —
 * each row carries them — and alone when the page is empty (with the camera a search by ID
 * names, whatever the status filter: the counts ignore it). Behind the session guard. */
#define HEAD_COLS                                                                                  \
	TAB_HEAD_COLS ", COALESCE(cc.active, 0), COALESCE(cc.partially_active, 0),"                \
	" COALESCE(cc.inactive, 0), COALESCE(cc.empty, 0), COALESCE(acc.active, 0),"               \
	" COALESCE(acc.partially_active, 0), COALESCE(acc.inactive, 0), COALESCE(acc.empty, 0)"
#define HEAD_FROM                                                                                  \
	" FROM " SESSION_GUARD " JOIN users u ON u.id = ?"                                         \
	" LEFT JOIN user_camera_counts cc ON cc.user_id = u.id"                                    \
	" LEFT JOIN admin_camera_counts acc ON acc.admin_id = ga.id AND acc.user_id = u.id"
#define HEAD_NCOLS (TAB_HEAD_NCOLS + 8)
/* The tab's statement: the head's tables are read by key first, then the page, an index range
 * over the user's cameras in the order asked that stops at its LIMIT. */
#define TAB(IDX, KEY, CMP, DIR)                                                                    \
	"SELECT " HEAD_COLS ", " PAGE_COLS ", u.status = 'paused'" HEAD_FROM                       \
	" JOIN user_cameras uc FORCE INDEX (" IDX ") ON uc.user_id = u.id WHERE 1"                 \
	CONDS KEYSET(KEY, CMP) ORDER(KEY, DIR)
#define HEAD_ONLY                                                                                  \
	"SELECT " HEAD_COLS ", COALESCE(sc.cam_status, 0)" HEAD_FROM                               \
	" LEFT JOIN user_cameras sc ON sc.user_id = u.id AND sc.camera_id = ?"                     \
	" AND " SCOPE_SQL("sc.camera_id")

/* The sort keys, and the index that serves each (a status filter: the one that starts with
 * the status). The status is the ENUM's index, which is also how the schema orders it. */
#define BY(PAGE, IDX, FIDX, KEY)                                                                   \
	{ { PAGE(IDX, KEY, ">", "ASC"), PAGE(FIDX, KEY, ">", "ASC") },                             \
	  { PAGE(IDX, KEY, "<", "DESC"), PAGE(FIDX, KEY, "<", "DESC") } }
#define SORTS(PAGE)                                                                                \
	{ [CAMERA_SORT_ID] = BY(PAGE, "PRIMARY", "ix_user_cameras_status", "uc.camera_id"),         \
	  [CAMERA_SORT_NAME] = BY(PAGE, "ix_user_cameras_name", "ix_user_cameras_status_name",      \
				  "uc.cam_name"),                                                  \
	  [CAMERA_SORT_STATUS] = BY(PAGE, "ix_user_cameras_status", "ix_user_cameras_status",      \
				    "uc.cam_status"),                                              \
	  [CAMERA_SORT_LOCATION] = BY(PAGE, "ix_user_cameras_address",                             \
				      "ix_user_cameras_status_address", "uc.cam_address") }
// clang-format on

/* [sort][descending][status filter] */
static const char *const plain_sql[4][2][2] = SORTS(PLAIN);
static const char *const tab_sql[4][2][2] = SORTS(TAB);
static const bool text_key[4] = {[CAMERA_SORT_NAME] = true, [CAMERA_SORT_LOCATION] = true};

#define CONDS_PARAMS (SCOPE_NPARAMS + 7)
#define PAGE_PARAMS (CONDS_PARAMS + 5) /* and the cursor (4), the limit */

/* The search: 0 none, 1 by ID (*qid), 2 by name (like, 520 bytes). */
static int search_of(const struct camera_filter *f, char *like, int64_t *qid)
{
	const char *q = f->q ? f->q : "";

	*qid = 0;
	like[0] = '\0';
	if (!*q)
		return 0;
	if (parse_i64(q, strlen(q), 1, INT64_MAX, qid) == 0)
		return 1;
	db_like_contains(q, like, 520);
	return 2;
}

/* Bind CONDS (scope, search, status) at in[0..CONDS_PARAMS); like holds 520 bytes. */
static void bind_conds(struct db_param *in, const struct session *who,
		       const struct camera_filter *f, char *like, int64_t *qid)
{
	int how = search_of(f, like, qid);

	scope_bind(in, who);
	in[2] = DB_PINT(how);
	in[3] = DB_PINT(how);
	in[4] = DB_PINT(*qid);
	in[5] = DB_PINT(how);
	in[6] = DB_PTEXT(like);
	in[7] = DB_PINT(f->status >= 0 ? 1 : 0);
	in[8] = DB_PINT(f->status + 1);
}

/* Bind the cursor (4 params) and the limit at in[0..5): a text key for name and location, else
 * a number (the list engine checked that it is one). A status cursor holds the row's index,
 * the column one more. */
static void bind_page(struct db_param *in, const struct list_q *lq, int64_t *k)
{
	const struct cursor *a = lq->from;
	bool text = text_key[lq->sort];

	*k = 0;
	in[0] = DB_PINT(a ? 1 : 0);
	if (a && !text)
		cursor_key_int(a, INT64_MIN, INT64_MAX, k);
	if (a && lq->sort == CAMERA_SORT_STATUS)
		*k += 1;
	in[1] = text ? DB_PTEXTN(a ? a->key : "", a ? a->keylen : 0) : DB_PINT(*k);
	in[2] = in[1];
	in[3] = DB_PINT(a ? a->id : 0);
	in[4] = DB_PINT((int64_t)lq->limit);
}

/* A row of the page from its five columns at out[0..5). */
static int fill_page(struct camera_row *r, const struct db_col *out)
{
	r->id = out[0].i;
	r->status = (int)out[2].i - 1;
	r->location_id = out[3].i;
	return r->status >= 0 && r->status < CAMERA_STATUSES ? 0 : -1;
}

/* The rows of a plain page: what fill_page completes, and the filter's blocked mark. */
struct plain {
	struct camera_row r;
	bool paused;
};

static int fill_plain(void *row, const struct db_col *out)
{
	struct plain *p = row;

	p->r.blocked = p->paused;
	return fill_page(&p->r, out);
}

int cameras_list(struct db *db, const struct list_q *lq, list_emit_fn emit, void *arg)
{
	const struct camera_filter *f = lq->filter;
	struct plain p = {.paused = f->paused};
	struct camera_row *r = &p.r;
	char like[520];
	int64_t qid, k;
	struct db_param in[1 + PAGE_PARAMS];
	struct db_col out[5] = {DB_CINT, DB_CTEXT(r->name), DB_CINT, DB_CINT, DB_CTEXT(r->address)};
	struct db_query q = {.in = in, .nin = 1 + PAGE_PARAMS, .out = out, .nout = 5};

	if (lq->sort > CAMERA_SORT_LOCATION || lq->limit < 1)
		return DB_ERR;
	q.sql = plain_sql[lq->sort][lq->desc][f->status >= 0];
	in[0] = DB_PINT(f->user_id);
	bind_conds(in + 1, lq->who, f, like, &qid);
	bind_page(in + 1 + CONDS_PARAMS, lq, &k);
	return list_fetch(db, &q, fill_plain, &p, emit, arg);
}

/* The tab's statement being read: the row, and where its head goes. */
struct tab_fetch {
	struct camera_row r;
	const struct camera_filter *f;
	bool superadmin;
	int search; /* search_of */
};

/* The head at out[0..HEAD_NCOLS): the user; the counts — the admin's own or all, the rest
 * outside its scope — or, for a search by ID, the camera it names (status 1..4 in found, 0:
 * none of the user's in the scope). */
static void fill_head(const struct tab_fetch *t, const struct db_col *out, int64_t found)
{
	struct camera_head *h = t->f->head;
	const struct db_col *all = out + TAB_HEAD_NCOLS, *mine = all + CAMERA_STATUSES;
	int64_t total = 0, seen = 0;

	tab_head_fill(&h->user, out);
	for (int i = 0; i < CAMERA_STATUSES; i++) {
		int64_t n = t->superadmin ? all[i].i : mine[i].i;
		total += all[i].i;
		seen += n;
		h->counts.by_status[i] = t->search == 0 ? n : t->search == 1 ? found == i + 1 : 0;
	}
	h->counts.outside_scope = total - seen;
	h->counted = t->search != 2;
}

static int fill_tab(void *row, const struct db_col *out)
{
	struct tab_fetch *t = row;
	const struct db_col *page = out + HEAD_NCOLS;

	/* a search by ID has one row: when it came, its status is the one to count */
	fill_head(t, out, page[2].i);
	t->r.blocked = page[5].i != 0;
	return fill_page(&t->r, page);
}

int cameras_tab_page(struct db *db, const struct list_q *lq, list_emit_fn emit, void *arg)
{
	const struct camera_filter *f = lq->filter;
	struct tab_fetch t = {.f = f};
	struct camera_row *r = &t.r;
	char like[520];
	int64_t qid, k;
	struct db_param in[SESSION_GUARD_NPARAMS + 1 + PAGE_PARAMS];
	struct db_col out[HEAD_NCOLS + 6];
	struct db_query q = {
	    .in = in, .nin = sizeof in / sizeof in[0], .out = out, .guarded = true};

	if (lq->sort > CAMERA_SORT_LOCATION || lq->limit < 1 || !f->head || !lq->who)
		return DB_ERR;
	for (size_t i = 0; i < HEAD_NCOLS; i++)
		out[i] = DB_CINT;
	out[HEAD_NCOLS] = DB_CINT;
	out[HEAD_NCOLS + 1] = DB_CTEXT(r->name);
	out[HEAD_NCOLS + 2] = DB_CINT;
	out[HEAD_NCOLS + 3] = DB_CINT;
	out[HEAD_NCOLS + 4] = DB_CTEXT(r->address);
	out[HEAD_NCOLS + 5] = DB_CINT;
	q.nout = HEAD_NCOLS + 6;
	q.sql = tab_sql[lq->sort][lq->desc][f->status >= 0];
	t.search = search_of(f, like, &qid);
	t.superadmin = lq->who->superadmin;
	session_guard_bind(in, lq->who);
	in[SESSION_GUARD_NPARAMS] = DB_PINT(f->user_id);
	bind_conds(in + SESSION_GUARD_NPARAMS + 1, lq->who, f, like, &qid);
	bind_page(in + SESSION_GUARD_NPARAMS + 1 + CONDS_PARAMS, lq, &k);
	return list_fetch(db, &q, fill_tab, &t, emit, arg);
}

int cameras_tab_head(struct db *db, const struct session *who, const struct camera_filter *f)
{
	struct tab_fetch t = {.f = f};
	char like[520];
	int64_t qid;
	struct db_param in[SESSION_GUARD_NPARAMS + 2 + SCOPE_NPARAMS];
	struct db_col out[HEAD_NCOLS + 1];
	struct db_query q = {.sql = HEAD_ONLY,
			     .in = in,
			     .nin = sizeof in / sizeof in[0],
			     .out = out,
			     .nout = HEAD_NCOLS + 1,
			     .guarded = true};
	int rc;

	if (!f->head || !who)
		return DB_ERR;
	for (size_t i = 0; i < HEAD_NCOLS + 1; i++)
		out[i] = DB_CINT;
	t.search = search_of(f, like, &qid);
	t.superadmin = who->superadmin;
	session_guard_bind(in, who);
	in[SESSION_GUARD_NPARAMS] = DB_PINT(f->user_id);
	in[SESSION_GUARD_NPARAMS + 1] = DB_PINT(t.search == 1 ? qid : 0);
	scope_bind(in + SESSION_GUARD_NPARAMS + 2, who);
	if ((rc = db_get(db, &q)) == 1)
		fill_head(&t, out, out[HEAD_NCOLS].i);
	return rc;
}

int cameras_counts(struct db *db, const struct session *who, const struct camera_filter *f,
		   struct camera_counts *out)
{
	char like[520];
	int64_t qid;
	struct db_param in[1 + CONDS_PARAMS];
	struct db_col col[2] = {DB_CINT, DB_CINT};
	struct db_query q = {
	    /* the user's cameras that match, per status, over the index that starts with it */
	    .sql = "SELECT uc.cam_status, COUNT(*)"
		   " FROM user_cameras uc FORCE INDEX (ix_user_cameras_status_name)"
		   " WHERE uc.user_id = ?" CONDS " GROUP BY uc.cam_status",
	    .in = in,
	    .nin = 1 + CONDS_PARAMS,
	    .out = col,
	    .nout = 2,
	};
	struct camera_filter all = *f;
	int rc;

	memset(out->by_status, 0, sizeof out->by_status);
	all.status = -1; /* each count says what choosing that status would show */
	in[0] = DB_PINT(f->user_id);
	bind_conds(in + 1, who, &all, like, &qid);
	if ((rc = db_exec(db, &q)) < 0)
		return rc;
	while ((rc = db_fetch(db, &q)) == 1)
		if (col[0].i >= 1 && col[0].i <= CAMERA_STATUSES)
			out->by_status[col[0].i - 1] = col[1].i;
	db_end(&q);
	return rc < 0 ? rc : DB_OK;
}

int cameras_get(struct db *db, const struct session *who, int64_t id, struct camera *cam)
{
	struct db_param in[SESSION_GUARD_NPARAMS + 1 + SCOPE_NPARAMS];
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
		" FROM " SESSION_GUARD " JOIN cameras c ON c.id = ?"
		" LEFT JOIN locations l ON l.id = c.location_id WHERE " SCOPE_SQL("c.id"),
	    .in = in,
	    .nin = SESSION_GUARD_NPARAMS + 1 + SCOPE_NPARAMS,
	    .out = out,
	    .nout = 11,
	    .guarded = true,
	};
	int rc;

	if (!who)
		return DB_ERR;
	session_guard_bind(in, who);
	in[SESSION_GUARD_NPARAMS] = DB_PINT(id);
	scope_bind(in + SESSION_GUARD_NPARAMS + 1, who);
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
