/* audit.c — writing the trail of administrators' actions. */
#include "audit.h"

#include <string.h>

#include "session.h"
#include "tab.h"
#include "util.h"

static int audit_body(struct db *db, void *arg)
{
	const struct audit_entry *e = arg;
	struct db_param in[6] = {
	    e->admin_id ? DB_PINT(e->admin_id) : DB_PNULL,
	    e->user_id ? DB_PINT(e->user_id) : DB_PNULL,
	    DB_PTEXT(e->action),
	    e->detail ? DB_PTEXTN(e->detail, utf8_prefix(e->detail, AUDIT_DETAIL_MAX)) : DB_PNULL,
	    e->remote_addr ? DB_PTEXTN(e->remote_addr, utf8_prefix(e->remote_addr, 64)) : DB_PNULL,
	    e->user_agent ? DB_PTEXTN(e->user_agent, utf8_prefix(e->user_agent, 255)) : DB_PNULL,
	};
	struct db_query q = {
	    .sql =
		"INSERT INTO audit_log (admin_id, user_id, action, detail, remote_addr, user_agent)"
		" VALUES (?, ?, ?, ?, ?, ?)",
	    .in = in,
	    .nin = 6,
	};

	return db_run(db, &q);
}

int audit_write(struct db *db, const struct audit_entry *e)
{
	/* inside the caller's transaction it is part of it; else one of its own */
	return db_tx(db, audit_body, (void *)e);
}

struct audit_entry audit_who(const struct ctx *c)
{
	return (struct audit_entry){
	    .admin_id = c->sess ? c->sess->admin_id : 0,
	    .remote_addr = c->req->remote_addr,
	    .user_agent = c->req->user_agent,
	};
}

int audit_request(struct ctx *c, int64_t user_id, const char *action, const char *detail)
{
	struct audit_entry e = audit_who(c);

	e.user_id = user_id;
	e.action = action;
	e.detail = detail;
	return audit_write(c->db, &e);
}

/* Labels ----------------------------------------------------------------------------------- */

static const struct {
	const char *name, *label;
} labels[] = {
    {AUDIT_SIGN_IN, "Signed in"},
    {AUDIT_SIGN_IN_FAILED, "Sign-in failed"},
    {AUDIT_SIGN_OUT, "Signed out"},
    {AUDIT_LOGIN_AS_ISSUED, "Log in as User: link issued"},
    {AUDIT_LOGIN_AS_USED, "Log in as User: signed in"},
    {AUDIT_SYNC_REQUESTED, "Synchronize cameras: requested"},
    {AUDIT_SYNC_DONE, "Synchronize cameras: delivered"},
    {AUDIT_SYNC_FAILED, "Synchronize cameras: failed"},
    {AUDIT_PERMISSIONS, "Permissions changed"},
    {AUDIT_LICENCES, "Licences changed"},
};
#define NLABELS (sizeof labels / sizeof labels[0])

const char *const audit_actions[] = {
    AUDIT_SIGN_IN,
    AUDIT_SIGN_IN_FAILED,
    AUDIT_SIGN_OUT,
    AUDIT_LOGIN_AS_ISSUED,
    AUDIT_LOGIN_AS_USED,
    AUDIT_SYNC_REQUESTED,
    AUDIT_SYNC_DONE,
    AUDIT_SYNC_FAILED,
    AUDIT_PERMISSIONS,
    AUDIT_LICENCES,
    NULL,
};

const char *audit_label(const char *action)
{
	for (size_t i = 0; i < NLABELS; i++)
		if (!strcmp(labels[i].name, action))
			return labels[i].label;
	return action;
}

/* The trail's pages ------------------------------------------------------------------------ */

// clang-format off
/* The row, behind the session guard (session.h); the tab's rows carry its user before it
 * (TAB_HEAD_COLS: HEAD and USER), others zeros. */
#define COLS(HEAD, USER)                                                                           \
	"SELECT " HEAD ", al.id, DATE_FORMAT(al.created_at, '%Y-%m-%d %H:%i:%s'),"                 \
	" COALESCE(al.admin_id, 0), COALESCE(a.login, ''), COALESCE(al.user_id, 0),"              \
	" COALESCE(ru.username, ''), al.action, COALESCE(al.detail, ''),"                         \
	" COALESCE(al.remote_addr, ''), COALESCE(al.user_agent, '')"                              \
	" FROM " SESSION_GUARD USER " JOIN audit_log al FORCE INDEX ("
/* each by primary key, row by row, so that the page is read in its index order (a join buffer
 * over a small table would sort every row of the filter instead) */
#define JOINS                                                                                      \
	") LEFT JOIN admins a FORCE INDEX (PRIMARY) ON a.id = al.admin_id"                        \
	" LEFT JOIN users ru FORCE INDEX (PRIMARY) ON ru.id = al.user_id WHERE"
#define NCOLS (TAB_HEAD_NCOLS + 10)
/* Each filter column as a one-point range (>= x AND <= x), so that MariaDB can only range-scan
 * the forced index over the whole key and stop after LIMIT rows (as in billing_db.c). */
#define EQ(col) " " col " >= ? AND " col " <= ? AND"
/* The date range, then the keyset: past the cursor's (created_at, id) in the order read. */
#define RANGE " al.created_at >= ? AND al.created_at < ?"
#define AFTER_ASC " AND al.created_at >= ? AND (al.created_at > ? OR al.id > ?)"
#define AFTER_DESC " AND al.created_at <= ? AND (al.created_at < ? OR al.id < ?)"
#define QQ(C, IDX, WHERE, UP, DOWN)                                                                \
	{ C IDX JOINS WHERE RANGE AFTER_ASC " ORDER BY " UP "al.created_at, al.id LIMIT ?",         \
	  C IDX JOINS WHERE RANGE AFTER_DESC " ORDER BY " DOWN "al.created_at DESC, al.id DESC LIMIT ?" }
#define Q(IDX, WHERE, UP, DOWN) QQ(COLS("0, 0, 0", ""), IDX, WHERE, UP, DOWN)
/* The Audit tab: its user read by key before the page. */
#define HQ(IDX, WHERE, UP, DOWN)                                                                   \
	QQ(COLS(TAB_HEAD_COLS, " JOIN users u ON u.id = ?"), IDX, WHERE, UP, DOWN)

enum { BY_TIME, BY_USER, BY_USER_ACTION, BY_ADMIN, BY_ADMIN_ACTION, BY_ACTION };
static const char *const list_sql[][2] = {
	[BY_TIME] = Q("ix_audit_log_time", "", "", ""),
	[BY_USER] = HQ("ix_audit_log_user", EQ("al.user_id"), "al.user_id, ", "al.user_id DESC, "),
	[BY_USER_ACTION] = HQ("ix_audit_log_user_action", EQ("al.user_id") EQ("al.action"),
			      "al.user_id, al.action, ", "al.user_id DESC, al.action DESC, "),
	[BY_ADMIN] = Q("ix_audit_log_admin", EQ("al.admin_id"), "al.admin_id, ", "al.admin_id DESC, "),
	[BY_ADMIN_ACTION] = Q("ix_audit_log_admin_action", EQ("al.admin_id") EQ("al.action"),
			      "al.admin_id, al.action, ", "al.admin_id DESC, al.action DESC, "),
	[BY_ACTION] = Q("ix_audit_log_action", EQ("al.action"), "al.action, ", "al.action DESC, "),
};
// clang-format on

/* Which statement serves f. */
static int plan(const struct audit_filter *f)
{
	if (f->user_id)
		return f->action ? BY_USER_ACTION : BY_USER;
	if (f->admin_id)
		return f->action ? BY_ADMIN_ACTION : BY_ADMIN;
	return f->action ? BY_ACTION : BY_TIME;
}

/* A row being fetched: the row first (emit hands on a pointer to it), then where its detail
 * arrives, the arena it is kept in, and where the head its rows carry goes (NULL: none). */
struct fetch {
	struct audit_row r;
	struct buf detail;
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
	f->r.admin_id = out[2].i;
	f->r.user_id = out[4].i;
	f->r.label = audit_label(f->r.action);
	if (f->r.label == f->r.action) /* the row's own text: keep it past the row */
		f->r.label = arena_strndup(f->arena, f->r.action, strlen(f->r.action));
	f->r.detail = arena_strndup(f->arena, buf_str(&f->detail), f->detail.len);
	return f->r.label && f->r.detail ? 0 : -1;
}

int audit_list(struct db *db, const struct list_q *lq, list_emit_fn emit, void *arg)
{
	const struct audit_filter *flt = lq->filter;
	struct fetch f = {.arena = lq->arena};
	struct audit_row *r = &f.r;
	struct db_param in[SESSION_GUARD_NPARAMS + 13];
	struct db_col out[NCOLS] = {
	    DB_CINT,
	    DB_CINT,
	    DB_CINT,
	    DB_CINT,
	    DB_CTEXT(r->created_at),
	    DB_CINT,
	    DB_CTEXT(r->admin),
	    DB_CINT,
	    DB_CTEXT(r->username),
	    DB_CTEXT(r->action),
	    DB_CBUF(&f.detail),
	    DB_CTEXT(r->remote_addr),
	    DB_CTEXT(r->user_agent),
	};
	struct db_query q = {.in = in, .out = out, .nout = NCOLS, .guarded = true};
	const char *edge = lq->desc ? "9999-12-31 23:59:59" : "1000-01-01 00:00:00";
	char from[20] = "1000-01-01 00:00:00", to[20] = "9999-12-31 00:00:00";
	size_t n = 0;
	int way = plan(flt), rc;

	if (!lq->who)
		return DB_ERR;
	q.sql = list_sql[way][lq->desc];
	session_guard_bind(in + n, lq->who);
	n += SESSION_GUARD_NPARAMS;
	if (way == BY_USER || way == BY_USER_ACTION) {
		/* the tab's user, read by key before the page, carried by each row */
		f.head = flt->head;
		in[n++] = DB_PINT(flt->user_id);
		in[n++] = DB_PINT(flt->user_id);
		in[n++] = DB_PINT(flt->user_id);
	} else if (way == BY_ADMIN || way == BY_ADMIN_ACTION) {
		in[n++] = DB_PINT(flt->admin_id);
		in[n++] = DB_PINT(flt->admin_id);
	}
	if (flt->action) {
		in[n++] = DB_PTEXT(flt->action);
		in[n++] = DB_PTEXT(flt->action);
	}
	/* the days are the display zone's: from the start of from to the start of the day after to
	 */
	if ((flt->from && time_day_start(flt->from, 0, from) < 0) ||
	    (flt->to && time_day_start(flt->to, 1, to) < 0))
		return DB_ERR;
	in[n++] = DB_PTEXT(from);
	in[n++] = DB_PTEXT(to);
	/* no cursor: from the edge of time in the order read */
	in[n] = lq->from ? DB_PTEXTN(lq->from->key, lq->from->keylen) : DB_PTEXT(edge);
	in[n + 1] = in[n];
	n += 2;
	in[n++] = DB_PINT(lq->from ? lq->from->id : lq->desc ? INT64_MAX : 0);
	in[n++] = DB_PINT((int64_t)lq->limit);
	q.nin = n;
	buf_init(&f.detail);
	rc = list_fetch(db, &q, fill_row, &f, emit, arg);
	buf_free(&f.detail);
	return rc;
}

/* Filter choices --------------------------------------------------------------------------- */

int audit_action_names(struct db *db, void (*fn)(void *arg, const char *name), void *arg)
{
	char name[260];
	struct db_col out[1] = {DB_CTEXT(name)};
	struct db_query q = {
	    .sql = "SELECT DISTINCT action FROM audit_log FORCE INDEX (ix_audit_log_action)"
		   " ORDER BY action LIMIT 200",
	    .out = out,
	    .nout = 1,
	};
	int rc;

	if ((rc = db_exec(db, &q)) < 0)
		return rc;
	while ((rc = db_fetch(db, &q)) == 1)
		if (audit_label(name) == name) /* the known ones the caller offers itself */
			fn(arg, name);
	db_end(&q);
	return rc < 0 ? rc : DB_OK;
}

int audit_admins(struct db *db, void (*fn)(void *arg, int64_t id, const char *login), void *arg)
{
	char login[260];
	struct db_col out[2] = {DB_CINT, DB_CTEXT(login)};
	struct db_query q = {
	    .sql = "SELECT id, login FROM admins ORDER BY login LIMIT 1000",
	    .out = out,
	    .nout = 2,
	};
	int rc;

	if ((rc = db_exec(db, &q)) < 0)
		return rc;
	while ((rc = db_fetch(db, &q)) == 1)
		fn(arg, out[0].i, login);
	db_end(&q);
	return rc < 0 ? rc : DB_OK;
}
