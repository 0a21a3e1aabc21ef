/* sync.c — sync jobs in the database: the button's request, the job as the header shows it,
 * and the delivery process's claim, snapshot, outcomes and rounds (sync.h). */
#include "sync.h"

#include <cjson/cJSON.h>
#include <inttypes.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "audit.h"
#include "perms.h"
#include "util.h"

const char *const sync_state_names[] = {"pending", "delivering", "done", "failed", NULL};
const char *const sync_kind_names[] = {"web", "desktop", "mobile", NULL};
const char *const sync_delivery_names[] = {"pending", "done", "failed", NULL};

#define TIME(col) "DATE_FORMAT(" col ", '%Y-%m-%d %H:%i:%s')"

/* A text parameter cut to SYNC_ERROR_MAX bytes at a character boundary (NULL: SQL NULL). */
static struct db_param error_param(const char *s)
{
	return s && *s ? DB_PTEXTN(s, utf8_prefix(s, SYNC_ERROR_MAX)) : DB_PNULL;
}

/* One row of one column as an integer: 1 with *out set, 0 for no row, or a negative db_rc. */
static int get_int(struct db *db, struct db_query *q, int64_t *out)
{
	struct db_col col[1] = {DB_CINT};
	int rc;

	q->out = col;
	q->nout = 1;
	if ((rc = db_get(db, q)) == 1)
		*out = col[0].i;
	return rc;
}

/* The button ------------------------------------------------------------------------------ */

struct request_tx {
	const struct sync_press *p;
	int64_t job_id;
	bool joined;
};

/* The job of the user already in progress: 1 with t->job_id set and the press audited, 0 for
 * none, or a negative db_rc. */
static int join_active(struct db *db, struct request_tx *t)
{
	struct db_param in[1] = {DB_PINT(t->p->user_id)};
	struct db_col out[2] = {DB_CINT, DB_CINT};
	struct db_query q = {
	    .sql = "SELECT id, status + 0 FROM sync_jobs WHERE active_user_id = ?",
	    .in = in,
	    .nin = 1,
	    .out = out,
	    .nout = 2,
	};
	struct audit_entry e = {t->p->admin_id, t->p->user_id,	   AUDIT_SYNC_REQUESTED,
				NULL,		t->p->remote_addr, t->p->user_agent};
	char detail[160];
	int rc = db_get(db, &q);

	if (rc != 1)
		return rc;
	t->job_id = out[0].i;
	t->joined = true;
	snprintf(detail, sizeof detail, "job %" PRId64 " was already %s: this press joined it",
		 t->job_id, out[1].i == 1 ? "pending" : "delivering");
	e.detail = detail;
	return (rc = audit_write(db, &e)) < 0 ? rc : 1;
}

/* The next settings version of the user: one more than any it has or any job carried. */
static int next_version(struct db *db, int64_t user_id, int64_t current, int64_t *out)
{
	struct db_param in[1] = {DB_PINT(user_id)};
	struct db_query q = {
	    .sql = "SELECT COALESCE(MAX(settings_version), 0) FROM sync_jobs WHERE user_id = ?",
	    .in = in,
	    .nin = 1,
	};
	int64_t jobs = 0;
	int rc = get_int(db, &q, &jobs);

	if (rc < 0)
		return rc;
	*out = (jobs > current ? jobs : current) + 1;
	return DB_OK;
}

/* A new job with its deliveries and audit row. Returns DB_OK or a negative db_rc. */
static int create_job(struct db *db, struct request_tx *t, int64_t version)
{
	int64_t uid = t->p->user_id;
	struct db_param web_in[2] = {DB_PINT(uid), DB_PINT(uid)};
	struct db_query web = {
	    .sql = "INSERT INTO user_environments (user_id, kind, label)"
		   " SELECT ?, 'web', 'Web client' FROM DUAL WHERE NOT EXISTS"
		   " (SELECT 1 FROM user_environments WHERE user_id = ? AND kind = 'web')",
	    .in = web_in,
	    .nin = 2,
	};
	struct db_param job_in[3] = {DB_PINT(uid), DB_PINT(t->p->admin_id), DB_PINT(version)};
	struct db_query job = {
	    .sql = "INSERT INTO sync_jobs (user_id, admin_id, settings_version) VALUES (?, ?, ?)",
	    .in = job_in,
	    .nin = 3,
	};
	struct db_param del_in[2] = {DB_PINT(0), DB_PINT(uid)};
	struct db_query del = {
	    .sql = "INSERT INTO sync_deliveries (job_id, environment_id)"
		   " SELECT ?, id FROM user_environments WHERE user_id = ?",
	    .in = del_in,
	    .nin = 2,
	};
	struct audit_entry e = {t->p->admin_id,	 uid, AUDIT_SYNC_REQUESTED, NULL, t->p->remote_addr,
				t->p->user_agent};
	char detail[160];
	int rc;

	if ((rc = db_run(db, &web)) < 0 || (rc = db_run(db, &job)) < 0)
		return rc;
	t->job_id = (int64_t)job.insert_id;
	del_in[0] = DB_PINT(t->job_id);
	if ((rc = db_run(db, &del)) < 0)
		return rc;
	snprintf(detail, sizeof detail,
		 "job %" PRId64 ": settings version %" PRId64 " for %" PRIu64 " environments",
		 t->job_id, version, del.affected);
	e.detail = detail;
	return audit_write(db, &e);
}

static int request_tx(struct db *db, void *arg)
{
	struct request_tx *t = arg;
	struct db_param in[1] = {DB_PINT(t->p->user_id)};
	struct db_col out[2] = {DB_CINT, DB_CINT};
	struct db_query user = {
	    .sql = "SELECT deleted_at IS NOT NULL, settings_version FROM users WHERE id = ?"
		   " FOR UPDATE",
	    .in = in,
	    .nin = 1,
	    .out = out,
	    .nout = 2,
	};
	int64_t version;
	int rc;

	t->joined = false;
	if ((rc = db_get(db, &user)) <= 0) /* the lock: one press of this user at a time */
		return rc < 0 ? rc : SYNC_NO_USER;
	if (out[0].i)
		return SYNC_USER_DELETED;
	if ((rc = join_active(db, t)) != 0)
		return rc < 0 ? rc : DB_OK;
	if ((rc = next_version(db, t->p->user_id, out[1].i, &version)) < 0)
		return rc;
	return create_job(db, t, version);
}

int sync_request(struct db *db, const struct sync_press *p, int64_t *job_id, bool *joined)
{
	struct request_tx t = {.p = p};
	int rc = db_tx(db, request_tx, &t);

	*job_id = t.job_id;
	*joined = t.joined;
	return rc;
}

#define JOB_COLS                                                                                   \
	"SELECT j.id, j.user_id, a.login, j.status + 0, j.settings_version, j.attempts,"           \
	" COALESCE(j.error, ''), " TIME("j.created_at") ", COALESCE(" TIME(                        \
	    "j.finished_at") ", ''),"                                                              \
			     " (SELECT COUNT(*) FROM sync_deliveries d WHERE d.job_id = j.id AND " \
			     "d.state = 'done'),"                                                  \
			     " (SELECT COUNT(*) FROM sync_deliveries d WHERE d.job_id = j.id)"     \
			     " FROM sync_jobs j JOIN admins a ON a.id = j.admin_id"

int sync_job_get(struct db *db, int64_t user_id, int64_t job_id, struct sync_job *j)
{
	struct db_param in[2] = {DB_PINT(user_id), DB_PINT(job_id)};
	struct db_col out[11] = {
	    DB_CINT,
	    DB_CINT,
	    DB_CTEXT(j->admin),
	    DB_CINT,
	    DB_CINT,
	    DB_CINT,
	    DB_CTEXT(j->error),
	    DB_CTEXT(j->created_at),
	    DB_CTEXT(j->finished_at),
	    DB_CINT,
	    DB_CINT,
	};
	struct db_query q = {
	    .sql = job_id ? JOB_COLS " WHERE j.user_id = ? AND j.id = ?"
			  : JOB_COLS " WHERE j.user_id = ? ORDER BY j.id DESC LIMIT 1",
	    .in = in,
	    .nin = job_id ? 2 : 1,
	    .out = out,
	    .nout = 11,
	};
	int rc = db_get(db, &q);

	if (rc != 1)
		return rc;
	j->id = out[0].i;
	j->user_id = out[1].i;
	j->state = (int)out[3].i - 1;
	j->settings_version = out[4].i;
	j->attempts = out[5].i;
	j->delivered = out[9].i;
	j->total = out[10].i;
	return j->state >= SYNC_PENDING && j->state <= SYNC_FAILED ? 1 : DB_ERR;
}

int sync_job_envs(struct db *db, int64_t job_id, sync_env_fn fn, void *arg)
{
	struct sync_env e;
	struct db_param in[1] = {DB_PINT(job_id)};
	struct db_col out[9] = {
	    DB_CINT,	       DB_CINT, DB_CTEXT(e.label),	     DB_CINT, DB_CINT, DB_CINT,
	    DB_CTEXT(e.error), DB_CINT, DB_CTEXT(e.last_contact_at),
	};
	struct db_query q = {
	    .sql = "SELECT e.id, e.kind + 0, e.label, d.state + 0, d.attempts,"
		   " COALESCE(d.http_status, 0), COALESCE(d.error, ''), e.confirmed_version,"
		   " COALESCE(" TIME(
		       "e.last_contact_at") ", '')"
					    " FROM sync_deliveries d JOIN user_environments e ON "
					    "e.id = d.environment_id"
					    " WHERE d.job_id = ? ORDER BY e.id",
	    .in = in,
	    .nin = 1,
	    .out = out,
	    .nout = 9,
	};
	int n = 0, rc;

	if ((rc = db_exec(db, &q)) < 0)
		return rc;
	while ((rc = db_fetch(db, &q)) == 1) {
		e.id = out[0].i;
		e.kind = (int)out[1].i - 1;
		e.push_url[0] = '\0'; /* never shown */
		e.state = (int)out[3].i - 1;
		e.attempts = out[4].i;
		e.http_status = out[5].i;
		e.confirmed_version = out[7].i;
		if (e.kind < 0 || e.kind > SYNC_MOBILE || e.state < 0 || e.state > 2 ||
		    fn(arg, &e) < 0) {
			rc = DB_ERR;
			break;
		}
		n++;
	}
	db_end(&q);
	return rc < 0 ? rc : n;
}

/* The snapshot ------------------------------------------------------------------------------ */

/* The user as the snapshot needs it: 1 with *deleted and *blocked set, 0 for no user. */
static int snapshot_user(struct db *db, int64_t user_id, bool *deleted, bool *blocked)
{
	struct db_param in[1] = {DB_PINT(user_id)};
	struct db_col out[2] = {DB_CINT, DB_CINT};
	struct db_query q = {
	    .sql = "SELECT u.deleted_at IS NOT NULL,"
		   " u.status = 'paused' OR COALESCE(pu.status = 'paused', 0)"
		   " FROM users u LEFT JOIN users pu ON pu.id = u.parent_id WHERE u.id = ?",
	    .in = in,
	    .nin = 1,
	    .out = out,
	    .nout = 2,
	};
	int rc = db_get(db, &q);

	*deleted = rc == 1 && out[0].i;
	*blocked = rc == 1 && out[1].i;
	return rc;
}

int sync_snapshot_init(struct sync_snapshot *s, const struct sync_claim *cl, bool blocked,
		       time_t now)
{
	char when[32];
	struct tm tm;
	cJSON *o = cJSON_CreateObject();

	memset(s, 0, sizeof *s);
	s->blocked = blocked;
	gmtime_r(&now, &tm);
	strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%SZ", &tm);
	if (!o || !cJSON_AddNumberToObject(o, "job_id", (double)cl->job_id) ||
	    !cJSON_AddNumberToObject(o, "user_id", (double)cl->user_id) ||
	    !cJSON_AddNumberToObject(o, "settings_version", (double)cl->settings_version) ||
	    !cJSON_AddStringToObject(o, "generated_at", when) ||
	    !cJSON_AddBoolToObject(o, "blocked", blocked) ||
	    !(s->cameras = cJSON_AddArrayToObject(o, "cameras")) ||
	    !(s->permissions = cJSON_AddArrayToObject(o, "permissions"))) {
		cJSON_Delete(o);
		s->cameras = s->permissions = NULL;
		return -1;
	}
	s->root = o;
	return 0;
}

void sync_snapshot_free(struct sync_snapshot *s)
{
	cJSON_Delete(s->root);
	memset(s, 0, sizeof *s);
}

int sync_snapshot_permission(struct sync_snapshot *s, const char *code)
{
	cJSON *c = cJSON_CreateString(code);

	if (!c || !cJSON_AddItemToArray(s->permissions, c)) {
		cJSON_Delete(c);
		return -1;
	}
	s->archive |= !strcmp(code, "archives-show");
	return 0;
}

int sync_snapshot_camera(struct sync_snapshot *s, const struct sync_snapshot_camera *cam)
{
	static const char *const statuses[] = {"active", "partially_active", "inactive", "empty"};
	cJSON *c = cJSON_CreateObject(), *loc, *av;

	if (!c || !cJSON_AddItemToArray(s->cameras, c)) {
		cJSON_Delete(c);
		return -1;
	}
	if (!cJSON_AddNumberToObject(c, "id", (double)cam->id) ||
	    !cJSON_AddStringToObject(c, "name", cam->name) ||
	    !cJSON_AddStringToObject(
		c, "status", cam->status >= 0 && cam->status < 4 ? statuses[cam->status] : ""))
		return -1;
	if (!cam->location_id) {
		if (!cJSON_AddNullToObject(c, "location"))
			return -1;
	} else if (!(loc = cJSON_AddObjectToObject(c, "location")) ||
		   !cJSON_AddNumberToObject(loc, "id", (double)cam->location_id) ||
		   !cJSON_AddStringToObject(loc, "address", cam->address)) {
		return -1;
	}
	return cJSON_AddBoolToObject(c, "blocked", s->blocked) &&
		       (av = cJSON_AddObjectToObject(c, "availability")) &&
		       cJSON_AddBoolToObject(av, "live", !s->blocked) &&
		       cJSON_AddBoolToObject(av, "archive", !s->blocked && s->archive) &&
		       cJSON_AddNumberToObject(av, "archive_days", (double)cam->archive_days)
		   ? 0
		   : -1;
}

int sync_snapshot_print(const struct sync_snapshot *s, struct buf *out)
{
	char *text = cJSON_PrintUnformatted(s->root);
	int rc;

	if (!text)
		return -1;
	buf_reset(out);
	rc = buf_puts(out, text);
	cJSON_free(text);
	return rc;
}

static int snapshot_permission(void *arg, const char *code)
{
	return sync_snapshot_permission(arg, code) < 0 ? DB_ERR : 0;
}

/* The user's permission codes into the snapshot. Returns DB_OK or a negative db_rc. */
static int snapshot_permissions(struct db *db, int64_t user_id, struct sync_snapshot *snap)
{
	return perms_each_held(db, user_id, snapshot_permission, snap);
}

/* The user's cameras into the snapshot (after its permissions). DB_OK or a negative db_rc. */
static int snapshot_cameras(struct db *db, int64_t user_id, struct sync_snapshot *snap)
{
	char name[1024], address[1024];
	struct db_param in[1] = {DB_PINT(user_id)};
	struct db_col out[6] = {DB_CINT, DB_CTEXT(name),    DB_CINT,
				DB_CINT, DB_CTEXT(address), DB_CINT};
	struct db_query q = {
	    .sql = "SELECT c.id, c.name, c.status + 0, COALESCE(l.id, 0), COALESCE(l.address, ''),"
		   " c.archive_days FROM user_cameras uc JOIN cameras c ON c.id = uc.camera_id"
		   " LEFT JOIN locations l ON l.id = c.location_id WHERE uc.user_id = ?"
		   " ORDER BY c.id",
	    .in = in,
	    .nin = 1,
	    .out = out,
	    .nout = 6,
	};
	int rc;

	if ((rc = db_exec(db, &q)) < 0)
		return rc;
	while ((rc = db_fetch(db, &q)) == 1) {
		const struct sync_snapshot_camera cam = {.id = out[0].i,
							 .name = name,
							 .status = (int)out[2].i - 1,
							 .location_id = out[3].i,
							 .address = address,
							 .archive_days = out[5].i};
		if (sync_snapshot_camera(snap, &cam) < 0) {
			rc = DB_ERR;
			break;
		}
	}
	db_end(&q);
	return rc < 0 ? rc : DB_OK;
}

/* The snapshot of the claim's job into cl->snapshot. Returns DB_OK or a negative db_rc. */
static int snapshot_build(struct db *db, struct sync_claim *cl, bool blocked)
{
	struct sync_snapshot snap;
	int rc;

	if (sync_snapshot_init(&snap, cl, blocked, time(NULL)) < 0)
		return DB_ERR;
	if ((rc = snapshot_permissions(db, cl->user_id, &snap)) == DB_OK &&
	    (rc = snapshot_cameras(db, cl->user_id, &snap)) == DB_OK)
		rc = sync_snapshot_print(&snap, &cl->snapshot) < 0 ? DB_ERR : DB_OK;
	sync_snapshot_free(&snap);
	return rc;
}

/* The delivery process ---------------------------------------------------------------------- */

void sync_claim_init(struct sync_claim *cl)
{
	memset(cl, 0, sizeof *cl);
	buf_init(&cl->snapshot);
}

void sync_claim_free(struct sync_claim *cl)
{
	buf_free(&cl->snapshot);
}

enum { CLAIMED, NOTHING_DUE, USER_GONE };

struct claim_tx {
	const struct sync_policy *pol;
	struct sync_claim *cl;
	int outcome;
};

/* The job of a user deleted before delivery: failed, with its audit row. */
static int fail_gone(struct db *db, const struct sync_claim *cl, const char *agent)
{
	static const char why[] = "The user was deleted before the settings were delivered.";
	struct db_param in[2] = {DB_PTEXT(why), DB_PINT(cl->job_id)};
	struct db_query q = {
	    .sql =
		"UPDATE sync_jobs SET status = 'failed', finished_at = NOW(), lease_until = NULL,"
		" error = ? WHERE id = ?",
	    .in = in,
	    .nin = 2,
	};
	struct audit_entry e = {cl->admin_id, cl->user_id, AUDIT_SYNC_FAILED, NULL, NULL, agent};
	char detail[200];
	int rc = db_run(db, &q);

	snprintf(detail, sizeof detail, "job %" PRId64 ": %s", cl->job_id, why);
	e.detail = detail;
	return rc < 0 ? rc : audit_write(db, &e);
}

/* The snapshot of the claimed job: built and stored on its first claim, read on later ones. */
static int claim_snapshot(struct db *db, struct sync_claim *cl, bool built, bool blocked)
{
	struct db_param in[2] = {DB_PINT(cl->job_id)};
	struct db_col out[1] = {DB_CBUF(&cl->snapshot)};
	struct db_query get = {
	    .sql = "SELECT snapshot FROM sync_jobs WHERE id = ?",
	    .in = in,
	    .nin = 1,
	    .out = out,
	    .nout = 1,
	};
	struct db_query put = {
	    .sql = "UPDATE sync_jobs SET snapshot = ? WHERE id = ?",
	    .in = in,
	    .nin = 2,
	};
	int rc;

	if (built) {
		rc = db_get(db, &get);
		return rc == 1 ? DB_OK : rc < 0 ? rc : DB_ERR;
	}
	if ((rc = snapshot_build(db, cl, blocked)) < 0)
		return rc;
	in[0] = DB_PTEXTN(cl->snapshot.data, cl->snapshot.len);
	in[1] = DB_PINT(cl->job_id);
	return db_run(db, &put);
}

static int claim_tx(struct db *db, void *arg)
{
	struct claim_tx *t = arg;
	struct sync_claim *cl = t->cl;
	struct db_col out[6] = {DB_CINT, DB_CINT, DB_CINT, DB_CINT, DB_CINT, DB_CINT};
	struct db_query pick = {
	    .sql = "SELECT id, user_id, admin_id, settings_version, claims, snapshot IS NOT NULL"
		   " FROM sync_jobs WHERE due <= NOW(3) ORDER BY due, id LIMIT 1"
		   " FOR UPDATE SKIP LOCKED",
	    .out = out,
	    .nout = 6,
	};
	struct db_param in[4];
	struct db_query take = {
	    .sql =
		"UPDATE sync_jobs SET status = 'delivering', attempts = attempts + 1,"
		" claims = claims + 1, lease_owner = ?, lease_until = NOW(3) + INTERVAL ? SECOND,"
		" next_attempt_at = NOW(3) + INTERVAL ? SECOND,"
		" started_at = COALESCE(started_at, NOW()) WHERE id = ?",
	    .in = in,
	    .nin = 4,
	};
	bool deleted, blocked;
	int rc;

	t->outcome = NOTHING_DUE;
	if ((rc = db_get(db, &pick)) <= 0)
		return rc;
	cl->job_id = out[0].i;
	cl->user_id = out[1].i;
	cl->admin_id = out[2].i;
	cl->settings_version = out[3].i;
	cl->claim = out[4].i + 1;
	in[0] = DB_PTEXTN(t->pol->owner, utf8_prefix(t->pol->owner, 128));
	in[1] = DB_PINT(t->pol->lease_seconds);
	in[2] = DB_PINT(t->pol->lease_seconds);
	in[3] = DB_PINT(cl->job_id);
	if ((rc = db_run(db, &take)) < 0 ||
	    (rc = snapshot_user(db, cl->user_id, &deleted, &blocked)) < 0)
		return rc;
	if (rc == 0 || deleted) {
		t->outcome = USER_GONE;
		return fail_gone(db, cl, t->pol->owner);
	}
	t->outcome = CLAIMED;
	return claim_snapshot(db, cl, out[5].i != 0, blocked);
}

int sync_claim(struct db *db, const struct sync_policy *pol, struct sync_claim *cl)
{
	struct claim_tx t = {.pol = pol, .cl = cl};
	int rc;

	do {
		rc = db_tx(db, claim_tx, &t);
	} while (rc == DB_OK && t.outcome == USER_GONE); /* that one is settled: the next */
	if (rc < 0)
		return rc;
	return t.outcome == CLAIMED ? 1 : 0;
}

int sync_targets(struct db *db, int64_t job_id, struct sync_env **out)
{
	struct sync_env e, *v = NULL, *grown;
	size_t n = 0, cap = 0;
	struct db_param in[1] = {DB_PINT(job_id)};
	struct db_col cols[4] = {DB_CINT, DB_CINT, DB_CTEXT(e.label), DB_CTEXT(e.push_url)};
	struct db_query q = {
	    .sql = "SELECT e.id, e.kind + 0, e.label, COALESCE(e.push_url, '')"
		   " FROM sync_deliveries d JOIN user_environments e ON e.id = d.environment_id"
		   " WHERE d.job_id = ? AND d.state = 'pending' ORDER BY e.id",
	    .in = in,
	    .nin = 1,
	    .out = cols,
	    .nout = 4,
	};
	int rc;

	*out = NULL;
	memset(&e, 0, sizeof e);
	if ((rc = db_exec(db, &q)) < 0)
		return rc;
	while ((rc = db_fetch(db, &q)) == 1) {
		if (n == cap) {
			cap = cap ? 2 * cap : 8;
			if (!(grown = realloc(v, cap * sizeof *v))) {
				rc = DB_ERR;
				break;
			}
			v = grown;
		}
		e.id = cols[0].i;
		e.kind = (int)cols[1].i - 1;
		v[n++] = e;
	}
	db_end(&q);
	if (rc < 0) {
		free(v);
		return rc;
	}
	*out = v;
	return (int)n;
}

/* The job row of a claim, locked: 1 while the claim holds it (delivering, same claim number),
 * 0 when it lost it, or a negative db_rc. *attempts gets its rounds so far. */
static int hold(struct db *db, const struct sync_claim *cl, int64_t *attempts)
{
	struct db_param in[1] = {DB_PINT(cl->job_id)};
	struct db_col out[3] = {DB_CINT, DB_CINT, DB_CINT};
	struct db_query q = {
	    .sql = "SELECT claims, status + 0, attempts FROM sync_jobs WHERE id = ? FOR UPDATE",
	    .in = in,
	    .nin = 1,
	    .out = out,
	    .nout = 3,
	};
	int rc = db_get(db, &q);

	if (rc != 1)
		return rc;
	*attempts = out[2].i;
	return out[0].i == cl->claim && out[1].i - 1 == SYNC_DELIVERING;
}

struct renew_tx {
	const struct sync_claim *cl;
	const struct sync_policy *pol;
	int held;
};

static int renew_tx(struct db *db, void *arg)
{
	struct renew_tx *t = arg;
	struct db_param in[3] = {DB_PINT(t->pol->lease_seconds), DB_PINT(t->pol->lease_seconds),
				 DB_PINT(t->cl->job_id)};
	struct db_query q = {
	    .sql = "UPDATE sync_jobs SET lease_until = NOW(3) + INTERVAL ? SECOND,"
		   " next_attempt_at = NOW(3) + INTERVAL ? SECOND WHERE id = ?",
	    .in = in,
	    .nin = 3,
	};
	int64_t attempts;
	int rc = hold(db, t->cl, &attempts);

	if ((t->held = rc) <= 0)
		return rc;
	return db_run(db, &q);
}

int sync_renew(struct db *db, const struct sync_claim *cl, const struct sync_policy *pol)
{
	struct renew_tx t = {.cl = cl, .pol = pol};
	int rc = db_tx(db, renew_tx, &t);

	return rc < 0 ? rc : t.held;
}

struct record_tx {
	const struct sync_claim *cl;
	int64_t env_id;
	const struct sync_outcome *o;
};

static int record_tx(struct db *db, void *arg)
{
	struct record_tx *t = arg;
	const struct sync_outcome *o = t->o;
	struct db_param din[6] = {
	    o->http_status ? DB_PINT(o->http_status) : DB_PNULL,
	    error_param(o->ok ? NULL : o->error),
	    DB_PTEXT(o->ok	    ? "done"
		     : o->permanent ? "failed"
				    : "pending"),
	    DB_PINT(o->ok),
	    DB_PINT(t->cl->job_id),
	    DB_PINT(t->env_id),
	};
	struct db_query d = {
	    .sql = "UPDATE sync_deliveries SET attempts = attempts + 1, http_status = ?, error = ?,"
		   " state = ?, delivered_at = IF(?, NOW(3), delivered_at)"
		   " WHERE job_id = ? AND environment_id = ? AND state = 'pending'",
	    .in = din,
	    .nin = 6,
	};
	struct db_param ein[3] = {DB_PINT(o->ok), DB_PINT(t->cl->settings_version),
				  DB_PINT(t->env_id)};
	struct db_query e = {
	    .sql = "UPDATE user_environments SET last_contact_at = NOW(),"
		   " confirmed_version = IF(?, GREATEST(confirmed_version, ?), confirmed_version)"
		   " WHERE id = ?",
	    .in = ein,
	    .nin = 3,
	};
	int rc = db_run(db, &d);

	if (rc < 0 || !o->http_status) /* nothing answered: no contact */
		return rc;
	return db_run(db, &e);
}

int sync_record(struct db *db, const struct sync_claim *cl, int64_t env_id,
		const struct sync_outcome *o)
{
	struct record_tx t = {.cl = cl, .env_id = env_id, .o = o};

	return db_tx(db, record_tx, &t);
}

struct web_tx {
	const struct sync_claim *cl;
	int64_t env_id;
};

static int web_tx(struct db *db, void *arg)
{
	struct web_tx *t = arg;
	int64_t v = t->cl->settings_version;
	struct db_param uin[3] = {DB_PINT(v), DB_PINT(t->cl->user_id), DB_PINT(v)};
	struct db_query u = {
	    .sql = "UPDATE users SET settings_version = ?, settings_at = NOW()"
		   " WHERE id = ? AND settings_version < ?",
	    .in = uin,
	    .nin = 3,
	};
	struct db_param ein[2] = {DB_PINT(v), DB_PINT(t->env_id)};
	struct db_query e = {
	    .sql =
		"UPDATE user_environments SET confirmed_version = GREATEST(confirmed_version, ?),"
		" last_contact_at = NOW() WHERE id = ?",
	    .in = ein,
	    .nin = 2,
	};
	struct db_param din[2] = {DB_PINT(t->cl->job_id), DB_PINT(t->env_id)};
	struct db_query d = {
	    .sql = "UPDATE sync_deliveries SET state = 'done', attempts = attempts + 1,"
		   " http_status = NULL, error = NULL, delivered_at = NOW(3)"
		   " WHERE job_id = ? AND environment_id = ? AND state = 'pending'",
	    .in = din,
	    .nin = 2,
	};
	int rc;

	if ((rc = db_run(db, &u)) < 0 || (rc = db_run(db, &e)) < 0)
		return rc;
	return db_run(db, &d);
}

int sync_deliver_web(struct db *db, const struct sync_claim *cl, int64_t env_id)
{
	struct web_tx t = {.cl = cl, .env_id = env_id};

	return db_tx(db, web_tx, &t);
}

struct finish_tx {
	const struct sync_claim *cl;
	const struct sync_policy *pol;
	bool interrupted;
	const char *agent;
	int state;
};

/* The deliveries of the job: done, pending, failed and all; and the first error of one not
 * done ("Label (kind): error", the refused ones first) into err. */
struct tally {
	int64_t done, pending, failed, total;
	char err[SYNC_ERROR_TEXT + 1100];
};

static int tally(struct db *db, int64_t job_id, struct tally *t)
{
	char label[1024], error[SYNC_ERROR_TEXT];
	struct db_param in[1] = {DB_PINT(job_id)};
	struct db_col cnt[4] = {DB_CINT, DB_CINT, DB_CINT, DB_CINT};
	struct db_query counts = {
	    .sql = "SELECT COALESCE(SUM(state = 'done'), 0), COALESCE(SUM(state = 'pending'), 0),"
		   " COALESCE(SUM(state = 'failed'), 0), COUNT(*)"
		   " FROM sync_deliveries WHERE job_id = ?",
	    .in = in,
	    .nin = 1,
	    .out = cnt,
	    .nout = 4,
	};
	struct db_col out[3] = {DB_CTEXT(label), DB_CINT, DB_CTEXT(error)};
	struct db_query first = {
	    .sql = "SELECT e.label, e.kind + 0, d.error FROM sync_deliveries d"
		   " JOIN user_environments e ON e.id = d.environment_id"
		   " WHERE d.job_id = ? AND d.state <> 'done' AND d.error IS NOT NULL"
		   " ORDER BY d.state = 'failed' DESC, e.id LIMIT 1",
	    .in = in,
	    .nin = 1,
	    .out = out,
	    .nout = 3,
	};
	int rc = db_get(db, &counts);

	if (rc != 1)
		return rc < 0 ? rc : DB_ERR;
	t->done = cnt[0].i;
	t->pending = cnt[1].i;
	t->failed = cnt[2].i;
	t->total = cnt[3].i;
	t->err[0] = '\0';
	if ((rc = db_get(db, &first)) < 0)
		return rc;
	if (rc == 1 && out[1].i >= 1 && out[1].i <= 3)
		snprintf(t->err, sizeof t->err, "%s (%s): %s", label, sync_kind_names[out[1].i - 1],
			 error);
	return DB_OK;
}

/* The pause before round `done_rounds + 1`: backoff doubled per round, capped, with jitter
 * (half of it fixed, half at random), in milliseconds. */
static int64_t backoff_ms(const struct sync_policy *pol, int64_t done_rounds)
{
	int64_t d = pol->backoff_ms;

	for (int64_t i = 1; i < done_rounds && d < pol->backoff_max_ms; i++)
		d *= 2;
	if (d > pol->backoff_max_ms)
		d = pol->backoff_max_ms;
	return d / 2 + (int64_t)randombytes_uniform((uint32_t)(d / 2 + 1));
}

/* Settle the job for good: done or failed, the audit row with the result. */
static int settle(struct db *db, struct finish_tx *t, const struct tally *ty, int64_t attempts)
{
	const struct sync_claim *cl = t->cl;
	bool ok = ty->failed == 0 && ty->pending == 0;
	struct db_param fin[1] = {DB_PINT(cl->job_id)};
	struct db_query fail_rest = {
	    .sql = "UPDATE sync_deliveries SET state = 'failed' WHERE job_id = ? AND state = "
		   "'pending'",
	    .in = fin,
	    .nin = 1,
	};
	struct db_param in[3] = {DB_PTEXT(ok ? "done" : "failed"), error_param(ok ? NULL : ty->err),
				 DB_PINT(cl->job_id)};
	struct db_query q = {
	    .sql = "UPDATE sync_jobs SET status = ?, error = ?, finished_at = NOW(),"
		   " lease_until = NULL WHERE id = ?",
	    .in = in,
	    .nin = 3,
	};
	struct audit_entry e = {cl->admin_id, cl->user_id, ok ? AUDIT_SYNC_DONE : AUDIT_SYNC_FAILED,
				NULL,	      NULL,	   t->agent};
	char detail[sizeof ty->err + 200];
	int rc;

	if (ty->pending && (rc = db_run(db, &fail_rest)) < 0)
		return rc;
	if ((rc = db_run(db, &q)) < 0)
		return rc;
	snprintf(detail, sizeof detail,
		 "job %" PRId64 ": settings version %" PRId64 " delivered to %" PRId64
		 " of %" PRId64 " environments",
		 cl->job_id, cl->settings_version, ty->done, ty->total);
	if (!ok) {
		size_t n = strlen(detail);
		snprintf(detail + n, sizeof detail - n, " after %" PRId64 " attempt%s; %s",
			 attempts, attempts == 1 ? "" : "s", ty->err[0] ? ty->err : "no answer");
	}
	e.detail = detail;
	t->state = ok ? SYNC_DONE : SYNC_FAILED;
	return audit_write(db, &e);
}

static int finish_tx(struct db *db, void *arg)
{
	struct finish_tx *t = arg;
	struct tally ty;
	int64_t attempts, pause;
	struct db_param in[4];
	struct db_query again = {
	    .sql = "UPDATE sync_jobs SET attempts = attempts - ?, error = ?, lease_until = NULL,"
		   " next_attempt_at = NOW(3) + INTERVAL ? MICROSECOND"
		   " WHERE id = ?",
	    .in = in,
	    .nin = 4,
	};
	int rc = hold(db, t->cl, &attempts);

	t->state = SYNC_DELIVERING;
	if (rc <= 0) /* another claim has the job: its state is that claim's to decide */
		return rc;
	if ((rc = tally(db, t->cl->job_id, &ty)) < 0)
		return rc;
	if (ty.pending == 0 || (!t->interrupted && attempts >= (int64_t)t->pol->attempts))
		return settle(db, t, &ty, attempts);
	/* another round: at once when this one was cut short, else after the backoff */
	pause = t->interrupted ? 0 : backoff_ms(t->pol, attempts);
	in[0] = DB_PINT(t->interrupted ? 1 : 0);
	in[1] = error_param(ty.err);
	in[2] = DB_PINT(pause * 1000);
	in[3] = DB_PINT(t->cl->job_id);
	return db_run(db, &again);
}

int sync_finish(struct db *db, const struct sync_claim *cl, const struct sync_policy *pol,
		bool interrupted, const char *agent)
{
	struct finish_tx t = {.cl = cl, .pol = pol, .interrupted = interrupted, .agent = agent};
	int rc = db_tx(db, finish_tx, &t);

	return rc < 0 ? rc : t.state;
}
