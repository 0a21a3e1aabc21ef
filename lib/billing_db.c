/* billing_db.c — the effects of billing requests and the billing_events log. */
#include "billing_db.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "perms.h"
#include "scope.h"
#include "session.h"
#include "tab.h"

/* One request being applied inside the open transaction. */
struct apply {
	struct db *db;
	const struct billing_req *r;
	const char *pwhash;
	struct billing_event *ev;
	bool changed; /* a write of the effect changed a row */
};

/* A write of the request's effect: DB_OK or a negative rc, noting whether it changed a row. */
static int apply_write(struct apply *a, struct db_query *q)
{
	int rc = db_run(a->db, q);

	if (rc == DB_OK && q->affected > 0)
		a->changed = true;
	return rc;
}

/* Set the outcome: the logged type, the HTTP status, and (for a failure) why. */
static void outcome(struct billing_event *ev, enum billing_type t, int status, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static void outcome(struct billing_event *ev, enum billing_type t, int status, const char *fmt, ...)
{
	char why[600] = "";
	va_list ap;

	if (fmt) {
		va_start(ap, fmt);
		vsnprintf(why, sizeof why, fmt, ap);
		va_end(ap);
	}
	snprintf(ev->type, sizeof ev->type, "%s", billing_code(t));
	ev->http_status = status;
	ev->applied = status < 300;
	billing_copy_text(ev->error, sizeof ev->error, why); /* error is VARCHAR(255) */
}

/* A query whose one column is an id: 1 with *id set, 0 when no row, or a negative rc. */
static int id_q(struct db *db, struct db_query *q, int64_t *id)
{
	struct db_col out[1] = {DB_CINT};
	int rc;

	q->out = out;
	q->nout = 1;
	rc = db_get(db, q);
	if (rc == 1)
		*id = out[0].i;
	return rc;
}

/* The live (not deleted) user of a billing account, locked until the transaction ends. */
static int user_by_account(struct db *db, const char *account, int64_t *id)
{
	struct db_param in[1] = {DB_PTEXT(account)};
	struct db_query q = {
	    .sql = "SELECT id FROM users WHERE live_billing_id = ? FOR UPDATE",
	    .in = in,
	    .nin = 1,
	};

	return id_q(db, &q, id);
}

/* The customer address system: the location of a CSA code. */
static int location_by_csa(struct db *db, const char *csa, int64_t *id)
{
	struct db_param in[1] = {DB_PTEXT(csa)};
	struct db_query q = {.sql = "SELECT id FROM locations WHERE csa = ?", .in = in, .nin = 1};

	return id_q(db, &q, id);
}

static int camera_by_external(struct db *db, const char *external_id, int64_t *id)
{
	struct db_param in[1] = {DB_PTEXT(external_id)};
	struct db_query q = {
	    .sql = "SELECT id FROM cameras WHERE external_id = ? FOR UPDATE",
	    .in = in,
	    .nin = 1,
	};

	return id_q(db, &q, id);
}

static int camera_give(struct apply *a, int64_t user_id, int64_t camera_id)
{
	struct db_param in[2] = {DB_PINT(user_id), DB_PINT(camera_id)};
	struct db_query q = {
	    .sql = "INSERT INTO user_cameras (user_id, camera_id) VALUES (?, ?)"
		   " ON DUPLICATE KEY UPDATE user_id = user_id",
	    .in = in,
	    .nin = 2,
	};

	return apply_write(a, &q);
}

/* The effects, one per type billing sends ------------------------------------------------- */

/* billing.new_entity: a new billing user with the default permissions of billing users; the
 * account and login must be free. */
static int new_entity(struct apply *a)
{
	const struct billing_req *r = a->r;
	int64_t existing;
	struct db_param in[5] = {
	    DB_PTEXT(r->account),
	    DB_PTEXT(r->username),
	    DB_PTEXT(r->login),
	    DB_PTEXT(a->pwhash ? a->pwhash : ""),
	    r->info ? DB_PTEXT(r->info) : DB_PNULL,
	};
	struct db_query q = {
	    .sql = "INSERT INTO users (origin, billing_id, username, login, password_hash, "
		   "billing_info)"
		   " VALUES ('billing', ?, ?, ?, ?, ?)",
	    .in = in,
	    .nin = 5,
	};
	int rc = user_by_account(a->db, r->account, &existing);

	if (rc < 0)
		return rc;
	if (rc == 1) {
		a->ev->user_id = existing;
		outcome(a->ev, r->type, 409, "account already exists: %s", r->account);
		return DB_OK;
	}
	rc = apply_write(a, &q);
	if (rc == DB_DUPLICATE) {
		outcome(a->ev, r->type, 409, "login already in use: %s", r->login);
		return DB_OK;
	}
	if (rc != DB_OK)
		return rc;
	a->ev->user_id = (int64_t)q.insert_id;
	return perms_give_defaults(a->db, a->ev->user_id, "billing");
}

/* billing.pause_entity / unpause_entity */
static int set_status(struct apply *a)
{
	struct db_param in[2] = {
	    DB_PTEXT(a->r->type == BILLING_PAUSE_ENTITY ? "paused" : "active"),
	    DB_PINT(a->ev->user_id),
	};
	struct db_query q = {.sql = "UPDATE users SET status = ? WHERE id = ?", .in = in, .nin = 2};

	return apply_write(a, &q);
}

/* billing.terminate_entity: the user and its sub-users are deleted together (their rows stay,
 * marked, for the 30 days of history; the account and logins are free again at once). */
static int terminate(struct apply *a)
{
	struct db_param in[2] = {DB_PINT(a->ev->user_id), DB_PINT(a->ev->user_id)};
	struct db_query q = {
	    .sql = "UPDATE users SET status = 'terminated', deleted_at = NOW()"
		   " WHERE (id = ? OR parent_id = ?) AND deleted_at IS NULL",
	    .in = in,
	    .nin = 2,
	};

	return apply_write(a, &q);
}

/* billing.create_location: link the address-system location of a known CSA code. */
static int create_location(struct apply *a)
{
	int64_t loc;
	struct db_param in[2];
	struct db_query q = {
	    .sql = "UPDATE users SET location_id = ? WHERE id = ?", .in = in, .nin = 2};
	int rc = location_by_csa(a->db, a->r->csa, &loc);

	if (rc <= 0) {
		if (rc == 0)
			outcome(a->ev, BILLING_CREATE_LOCATION_UNKNOWN_CSA, 422,
				"unknown CSA code: %s", a->r->csa);
		return rc;
	}
	in[0] = DB_PINT(loc);
	in[1] = DB_PINT(a->ev->user_id);
	return apply_write(a, &q);
}

/* billing.delete_location: unlink it (nothing to do when another location is linked). */
static int delete_location(struct apply *a)
{
	int64_t loc;
	struct db_param in[2];
	struct db_query q = {
	    .sql = "UPDATE users SET location_id = NULL WHERE id = ? AND location_id = ?",
	    .in = in,
	    .nin = 2,
	};
	int rc = location_by_csa(a->db, a->r->csa, &loc);

	if (rc <= 0) {
		if (rc == 0)
			outcome(a->ev, a->r->type, 422, "unknown CSA code: %s", a->r->csa);
		return rc;
	}
	in[0] = DB_PINT(a->ev->user_id);
	in[1] = DB_PINT(loc);
	return apply_write(a, &q);
}

/* billing.update_login */
static int update_login(struct apply *a)
{
	struct db_param in[2] = {DB_PTEXT(a->r->login), DB_PINT(a->ev->user_id)};
	struct db_query q = {.sql = "UPDATE users SET login = ? WHERE id = ?", .in = in, .nin = 2};
	int rc = apply_write(a, &q);

	if (rc == DB_DUPLICATE) {
		outcome(a->ev, a->r->type, 409, "login already in use: %s", a->r->login);
		return DB_OK;
	}
	return rc;
}

/* billing.update_password: only the Argon2id hash is stored. */
static int update_password(struct apply *a)
{
	struct db_param in[2] = {DB_PTEXT(a->pwhash ? a->pwhash : ""), DB_PINT(a->ev->user_id)};
	struct db_query q = {
	    .sql = "UPDATE users SET password_hash = ? WHERE id = ?", .in = in, .nin = 2};

	return apply_write(a, &q);
}

/* billing.new_camera: a camera with a new external_id, located when its CSA code is known
 * (an unknown or absent code leaves the location empty), given to the user. */
static int new_camera(struct apply *a)
{
	const struct billing_req *r = a->r;
	int64_t loc = 0;
	struct db_param in[5];
	struct db_query q = {
	    .sql = "INSERT INTO cameras (external_id, name, mac, serial, location_id) VALUES (?, "
		   "?, ?, ?, ?)",
	    .in = in,
	    .nin = 5,
	};
	int rc = r->csa[0] ? location_by_csa(a->db, r->csa, &loc) : 0;

	if (rc < 0)
		return rc;
	in[0] = DB_PTEXT(r->external_id);
	in[1] = DB_PTEXT(r->name);
	in[2] = r->mac[0] ? DB_PTEXT(r->mac) : DB_PNULL;
	in[3] = r->serial[0] ? DB_PTEXT(r->serial) : DB_PNULL;
	in[4] = rc == 1 ? DB_PINT(loc) : DB_PNULL;
	rc = apply_write(a, &q);
	if (rc == DB_DUPLICATE) {
		outcome(a->ev, r->type, 409, "camera already exists: %s", r->external_id);
		rc = camera_by_external(a->db, r->external_id, &a->ev->camera_id);
		return rc < 0 ? rc : DB_OK;
	}
	if (rc < 0)
		return rc;
	a->ev->camera_id = (int64_t)q.insert_id;
	return camera_give(a, a->ev->user_id, a->ev->camera_id);
}

/* billing.attach_camera: give an existing camera to the user and, when a CSA code is sent,
 * set the camera's location; an unknown code changes nothing and is logged as
 * billing.attach_camera_unknown_csa. */
static int attach_camera(struct apply *a)
{
	const struct billing_req *r = a->r;
	int64_t cam, loc;
	struct db_param in[2];
	struct db_query q = {
	    .sql = "UPDATE cameras SET location_id = ? WHERE id = ?", .in = in, .nin = 2};
	int rc = camera_by_external(a->db, r->external_id, &cam);

	if (rc == 0)
		outcome(a->ev, r->type, 422, "unknown camera: %s", r->external_id);
	if (rc <= 0)
		return rc;
	a->ev->camera_id = cam;
	if (r->csa[0]) {
		if ((rc = location_by_csa(a->db, r->csa, &loc)) == 0)
			outcome(a->ev, BILLING_ATTACH_CAMERA_UNKNOWN_CSA, 422,
				"unknown CSA code: %s", r->csa);
		if (rc <= 0)
			return rc;
		in[0] = DB_PINT(loc);
		in[1] = DB_PINT(cam);
		if ((rc = apply_write(a, &q)) < 0)
			return rc;
	}
	return camera_give(a, a->ev->user_id, cam);
}

/* billing.detach_camera: take the camera away (nothing to do when the user lacks it). */
static int detach_camera(struct apply *a)
{
	int64_t cam;
	struct db_param in[2];
	struct db_query q = {
	    .sql = "DELETE FROM user_cameras WHERE user_id = ? AND camera_id = ?",
	    .in = in,
	    .nin = 2,
	};
	int rc = camera_by_external(a->db, a->r->external_id, &cam);

	if (rc == 0)
		outcome(a->ev, a->r->type, 422, "unknown camera: %s", a->r->external_id);
	if (rc <= 0)
		return rc;
	a->ev->camera_id = cam;
	in[0] = DB_PINT(a->ev->user_id);
	in[1] = DB_PINT(cam);
	return apply_write(a, &q);
}

/* What an existing user's request does, by type (NULL: handled before the lookup). */
static int (*const effects[BILLING_NTYPES])(struct apply *) = {
    [BILLING_PAUSE_ENTITY] = set_status,	 [BILLING_UNPAUSE_ENTITY] = set_status,
    [BILLING_TERMINATE_ENTITY] = terminate,	 [BILLING_CREATE_LOCATION] = create_location,
    [BILLING_DELETE_LOCATION] = delete_location, [BILLING_UPDATE_LOGIN] = update_login,
    [BILLING_NEW_CAMERA] = new_camera,		 [BILLING_ATTACH_CAMERA] = attach_camera,
    [BILLING_DETACH_CAMERA] = detach_camera,	 [BILLING_UPDATE_PASSWORD] = update_password,
};

/* Decide and apply the request's effect; fills a->ev. Returns DB_OK or a negative rc. */
static int effect(struct apply *a)
{
	const struct billing_req *r = a->r;
	int64_t uid = 0;
	int rc;

	outcome(a->ev, r->type, 200, NULL);
	if (r->type == BILLING_NEW_ENTITY)
		return new_entity(a);
	if ((rc = user_by_account(a->db, r->account, &uid)) < 0)
		return rc;
	a->ev->user_id = uid; /* 0 when unknown: recorded against no user */
	if (r->type == BILLING_UNKNOWN_TYPE || !effects[r->type]) {
		outcome(a->ev, BILLING_UNKNOWN_TYPE, 422, "unknown type: %s", r->sent_type);
		return DB_OK;
	}
	if (rc == 0) {
		outcome(a->ev, r->type, 422, "unknown account: %s", r->account);
		return DB_OK;
	}
	if ((rc = effects[r->type](a)) == DB_OK)
		a->ev->noop = a->ev->applied && !a->changed;
	return rc;
}

/* The log row, with the outcome, goes in last: its unique request_id makes a repeat — also one
 * running at the same moment, which waits here for the first to commit — fail and roll back
 * whatever its effect did. One statement: an event costs its effect and this. */
static int event_insert(struct db *db, const struct billing_req *r, struct billing_event *ev)
{
	struct db_param in[11] = {
	    DB_PTEXT(r->request_id),
	    ev->user_id ? DB_PINT(ev->user_id) : DB_PNULL,
	    ev->camera_id ? DB_PINT(ev->camera_id) : DB_PNULL,
	    DB_PTEXT(r->account),
	    DB_PTEXT(ev->type),
	    r->type == BILLING_UNKNOWN_TYPE ? DB_PTEXT(r->sent_type) : DB_PNULL,
	    DB_PTEXT(r->payload),
	    DB_PTEXT(ev->applied ? "applied" : "failed"),
	    ev->error[0] ? DB_PTEXT(ev->error) : DB_PNULL,
	    DB_PINT(ev->http_status),
	    DB_PINT(ev->noop),
	};
	struct db_query q = {
	    .sql = "INSERT INTO billing_events (request_id, user_id, camera_id, account, type,"
		   " sent_type, payload, result, error, http_status, noop)"
		   " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
	    .in = in,
	    .nin = 11,
	};
	int rc = db_run(db, &q);

	if (rc == DB_OK)
		ev->id = (int64_t)q.insert_id;
	return rc;
}

/* The stored outcome of request_id: 1, 0 when there is none, or a negative rc. */
static int event_get(struct db *db, const char *request_id, struct billing_event *ev)
{
	struct db_param in[1] = {DB_PTEXT(request_id)};
	struct db_col out[8] = {
	    DB_CINT,
	    DB_CINT,
	    DB_CTEXT(ev->request_id),
	    DB_CTEXT(ev->type),
	    DB_CINT,
	    DB_CTEXT(ev->error),
	    DB_CINT,
	    DB_CINT,
	};
	struct db_query q = {
	    .sql =
		"SELECT id, COALESCE(user_id, 0), request_id, type, result = 'applied',"
		" COALESCE(error, ''), http_status, noop FROM billing_events WHERE request_id = ?",
	    .in = in,
	    .nin = 1,
	    .out = out,
	    .nout = 8,
	};
	int rc = db_get(db, &q);

	if (rc == 1) {
		ev->id = out[0].i;
		ev->user_id = out[1].i;
		ev->applied = out[4].i != 0;
		ev->http_status = (int)out[6].i;
		ev->noop = out[7].i != 0;
	}
	return rc;
}

/* The transaction of billing_db_apply: the effect, then the log row with its outcome.
 * Returns DB_OK, REPEATED when request_id is already recorded, or a negative enum db_rc. */
enum { REPEATED = 1 };

static int apply_tx(struct db *db, void *arg)
{
	struct apply *a = arg;
	int rc;

	memset(a->ev, 0, sizeof *a->ev);
	a->changed = false;
	snprintf(a->ev->request_id, sizeof a->ev->request_id, "%s", a->r->request_id);
	if ((rc = effect(a)) < 0)
		return rc;
	rc = event_insert(db, a->r, a->ev);
	/* the first one has committed: on one server the insert waited for it; on a cluster a
	 * repeat sent through another node lost at certification and runs again (db_tx) once its
	 * node has the first one's row. Either way what this one did is rolled back. */
	if (rc == DB_DUPLICATE)
		return REPEATED;
	return rc;
}

int billing_db_apply(struct db *db, const struct billing_req *r, const char *password_hash,
		     struct billing_event *ev, bool *repeat)
{
	struct apply a = {.db = db, .r = r, .pwhash = password_hash, .ev = ev};
	int rc = db_tx(db, apply_tx, &a);

	*repeat = rc == REPEATED;
	if (rc != REPEATED)
		return rc;
	/* answer what the first one answered */
	rc = event_get(db, r->request_id, ev);
	return rc == 1 ? DB_OK : rc == 0 ? DB_ERR : rc;
}

/* The Billing Events tab ------------------------------------------------------------------ */

const char *const billing_results[] = {"applied", "failed", NULL};

/* Keyset paging costs the same on every page only as a range scan of (user_id[, type], id)
 * that stops after LIMIT rows. Left to itself MariaDB may pick "ref" access on user_id alone
 * (then it walks every newer event of the user to reach the cursor) or the primary key
 * (every newer event of everyone): reproduced with 200,000 events, 250 ms instead of 1. So the
 * index is forced, and user_id and type are given as one-point ranges (>= x AND <= x), which
 * leaves no ref access to pick, only the range over the whole key. Every page is read behind
 * the session guard (session.h); the tab's statement reads its user too, by key before the
 * page, and every row carries it (the head). */
/* A request about a camera is shown in full when the camera is known and in the scope
 * (two parameters, scope.h); any other request always is. */
#define VISIBLE                                                                                    \
	"(be.type NOT IN ('billing.new_camera', 'billing.attach_camera',"                          \
	" 'billing.attach_camera_unknown_csa', 'billing.detach_camera')"                           \
	" OR " SCOPE_SQL("be.camera_id") ")"
/* The row; the tab's rows carry the tab's user before it (TAB_HEAD_COLS), others zeros. */
#define ROW_COLS                                                                                   \
	" be.id, be.request_id, be.type, COALESCE(be.sent_type, ''), be.result = 'applied',"       \
	" COALESCE(be.error, ''), DATE_FORMAT(be.created_at, '%Y-%m-%d %H:%i:%s'), "               \
	"be.payload, " VISIBLE ", be.noop, COALESCE(be.account, ''), COALESCE(be.user_id, 0)"
#define LIST_NCOLS (TAB_HEAD_NCOLS + 12)
#define EVENTS(IDX)                                                                                \
	"SELECT " TAB_HEAD_COLS "," ROW_COLS " FROM " SESSION_GUARD " JOIN users u ON u.id = ?"    \
	" JOIN billing_events be FORCE INDEX (" IDX ")"
#define BY_USER EVENTS("ix_billing_events_user") " ON be.user_id >= ? AND be.user_id <= ?"
#define BY_TYPE                                                                                    \
	EVENTS("ix_billing_events_user_type")                                                      \
	" ON be.user_id >= ? AND be.user_id <= ?"                                                  \
	" AND be.type >= ? AND be.type <= ?"
/* Every request (the superadmin's page), filtered when the first ? of each pair is 1. */
#define ALL                                                                                        \
	"SELECT 0, 0, 0," ROW_COLS " FROM " SESSION_GUARD " JOIN billing_events be"                \
	" WHERE (? = 0 OR be.result + 0 = ?) AND (? = 0 OR be.type = ?) AND (? = 0 OR be.account " \
	"= ?)"                                                                                     \
	" AND (? = 0 OR be.user_id IS NULL)"

static const char *const list_sql[2][2] = {
    /* [type filter][descending] */
    {BY_USER " WHERE be.id > ? ORDER BY be.user_id, be.id LIMIT ?",
     BY_USER " WHERE be.id < ? ORDER BY be.user_id DESC, be.id DESC LIMIT ?"},
    {BY_TYPE " WHERE be.id > ? ORDER BY be.user_id, be.type, be.id LIMIT ?",
     BY_TYPE " WHERE be.id < ? ORDER BY be.user_id DESC, be.type DESC, be.id DESC LIMIT ?"},
};

static const char *const all_sql[2] = {
    ALL " AND be.id > ? ORDER BY be.id LIMIT ?",
    ALL " AND be.id < ? ORDER BY be.id DESC LIMIT ?",
};

/* A row being fetched: the row first (emit hands on a pointer to it), then where its payload
 * arrives, the arena it is kept in, and where the head its rows carry goes (NULL: none). */
struct fetch {
	struct billing_row r;
	struct buf payload;
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
	f->r.result = out[4].i ? 0 : 1;
	f->r.label = billing_label(f->r.type);
	f->r.redacted = !out[8].i;
	f->r.note = out[9].i ? BILLING_NOOP_NOTE : NULL;
	f->r.user_id = out[11].i;
	if (f->r.redacted) {
		scope_redact_error(f->r.error, sizeof f->r.error);
		if (scope_redact_payload(buf_str(&f->payload), &f->payload) < 0)
			return -1;
	}
	f->r.payload = arena_strndup(f->arena, buf_str(&f->payload), f->payload.len);
	return f->r.payload ? 0 : -1;
}

/* Read q (whose parameters are bound) as rows of the log, its head into head. */
static int fetch_rows(struct db *db, struct db_query *q, const struct list_q *lq,
		      struct tab_head *head, list_emit_fn emit, void *arg)
{
	struct fetch f = {.arena = lq->arena, .head = head};
	struct billing_row *r = &f.r;
	struct db_col out[LIST_NCOLS] = {
	    DB_CINT,
	    DB_CINT,
	    DB_CINT,
	    DB_CINT,
	    DB_CTEXT(r->request_id),
	    DB_CTEXT(r->type),
	    DB_CTEXT(r->sent_type),
	    DB_CINT,
	    DB_CTEXT(r->error),
	    DB_CTEXT(r->created_at),
	    DB_CBUF(&f.payload),
	    DB_CINT,
	    DB_CINT,
	    DB_CTEXT(r->account),
	    DB_CINT,
	};
	int rc;

	q->out = out;
	q->nout = LIST_NCOLS;
	q->guarded = true;
	buf_init(&f.payload);
	rc = list_fetch(db, q, fill_row, &f, emit, arg);
	buf_free(&f.payload);
	return rc;
}

int billing_db_list(struct db *db, const struct list_q *lq, list_emit_fn emit, void *arg)
{
	const struct billing_filter *flt = lq->filter;
	struct db_param in[SCOPE_NPARAMS + SESSION_GUARD_NPARAMS + 7];
	struct db_query q = {.sql = list_sql[flt->type != NULL][lq->desc], .in = in};
	size_t i = 0;

	if (!lq->who || !flt->head)
		return DB_ERR;
	scope_bind(in, lq->who);
	i += SCOPE_NPARAMS;
	session_guard_bind(in + i, lq->who);
	i += SESSION_GUARD_NPARAMS;
	in[i++] = DB_PINT(flt->user_id);
	in[i++] = DB_PINT(flt->user_id);
	in[i++] = DB_PINT(flt->user_id);
	if (flt->type) {
		in[i++] = DB_PTEXT(flt->type);
		in[i++] = DB_PTEXT(flt->type);
	}
	in[i++] = DB_PINT(lq->from ? lq->from->id : lq->desc ? INT64_MAX : 0);
	in[i++] = DB_PINT((int64_t)lq->limit);
	q.nin = i;
	return fetch_rows(db, &q, lq, flt->head, emit, arg);
}

int billing_db_all(struct db *db, const struct list_q *lq, list_emit_fn emit, void *arg)
{
	const struct billing_all_filter *f = lq->filter;
	struct db_param in[SCOPE_NPARAMS + SESSION_GUARD_NPARAMS + 9];
	struct db_query q = {.sql = all_sql[lq->desc], .in = in, .nin = sizeof in / sizeof in[0]};
	size_t i = 0;

	if (!lq->who)
		return DB_ERR;
	scope_bind(in, lq->who);
	i += SCOPE_NPARAMS;
	session_guard_bind(in + i, lq->who);
	i += SESSION_GUARD_NPARAMS;
	in[i++] = DB_PINT(f->result >= 0);
	in[i++] = DB_PINT(f->result + 1);
	in[i++] = DB_PINT(f->type != NULL);
	in[i++] = DB_PTEXT(f->type ? f->type : "");
	in[i++] = DB_PINT(f->account != NULL);
	in[i++] = DB_PTEXT(f->account ? f->account : "");
	in[i++] = DB_PINT(f->no_user);
	in[i++] = DB_PINT(lq->from ? lq->from->id : lq->desc ? INT64_MAX : 0);
	in[i++] = DB_PINT((int64_t)lq->limit);
	return fetch_rows(db, &q, lq, NULL, emit, arg);
}
