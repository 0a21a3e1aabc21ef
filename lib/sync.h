/* sync.h — Synchronize cameras in the database: the jobs that carry a new version of a user's
 * camera settings to the user's environments (the web client, desktop and mobile apps), and
 * what the vmsadmin-sync delivery process does with them — claim a due job under a lease,
 * build its snapshot once, record each environment's outcome, then finish it or schedule its
 * next round with exponential backoff and jitter. Delivery is at least once per environment;
 * every write of a claim is fenced by the claim's number, so a process that lost its lease
 * (it stalled, or was presumed dead) changes nothing of the job's state. */
#ifndef VMS_SYNC_H
#define VMS_SYNC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "buf.h"
#include "db.h"

enum sync_state { SYNC_PENDING, SYNC_DELIVERING, SYNC_DONE, SYNC_FAILED };
extern const char *const sync_state_names[]; /* "pending", "delivering", "done", "failed" */

enum sync_kind { SYNC_WEB, SYNC_DESKTOP, SYNC_MOBILE };
extern const char *const sync_kind_names[]; /* "web", "desktop", "mobile" */

/* A delivery's state: pending, done, failed (no more attempts). */
extern const char *const sync_delivery_names[];

#define SYNC_ERROR_MAX 500	      /* bytes of an error kept (cut at a character boundary) */
#define SYNC_ERROR_TEXT (512 * 4 + 1) /* a buffer for the VARCHAR(512) error columns */
#define SYNC_URL_MAX 1025

/* A job as the header shows it. */
struct sync_job {
	int64_t id;
	int64_t user_id;
	char admin[260]; /* the login of the admin who pressed the button */
	int state;	 /* enum sync_state */
	int64_t settings_version;
	int64_t attempts;
	int64_t delivered, total; /* environments done, and all of the job's */
	char error[SYNC_ERROR_TEXT];
	char created_at[20]; /* "YYYY-MM-DD hh:mm:ss" UTC */
	char finished_at[20];
};

/* One environment of a job: where it goes and what became of it. */
struct sync_env {
	int64_t id;
	int kind; /* enum sync_kind */
	char label[1024];
	char push_url[SYNC_URL_MAX]; /* "" for the web client */
	int state;		     /* index into sync_delivery_names */
	int64_t attempts;
	int64_t http_status; /* of the last answer; 0 when none */
	char error[SYNC_ERROR_TEXT];
	int64_t confirmed_version;
	char last_contact_at[20]; /* "" when never */
};

/* The button ------------------------------------------------------------------------------ */

/* Who pressed it, for whom, from where (the audit row). */
struct sync_press {
	int64_t user_id;
	int64_t admin_id;
	const char *remote_addr, *user_agent; /* may be NULL */
};

enum { SYNC_NO_USER = 1, SYNC_USER_DELETED = 2 }; /* sync_request's refusals */

/* Ask for a synchronisation of p->user_id: in one transaction, under the user's row lock, the
 * job already pending or delivering for that user (*joined set), or a new one holding the next
 * settings version, with a delivery for each of the user's environments (the web client's is
 * made when the user has none yet); and the audit row (AUDIT_SYNC_REQUESTED). Returns DB_OK
 * with *job_id set, SYNC_NO_USER, SYNC_USER_DELETED, or a negative enum db_rc. */
int sync_request(struct db *db, const struct sync_press *p, int64_t *job_id, bool *joined);

/* Load job job_id of user_id into j (job_id 0: the user's latest). Returns 1, 0 when there is
 * no such job of that user, or a negative enum db_rc. */
int sync_job_get(struct db *db, int64_t user_id, int64_t job_id, struct sync_job *j);

/* Call fn for each environment of job job_id, in id order; fn returns 0, or < 0 to stop with
 * DB_ERR. Returns the number of environments or a negative enum db_rc. */
typedef int (*sync_env_fn)(void *arg, const struct sync_env *e);
int sync_job_envs(struct db *db, int64_t job_id, sync_env_fn fn, void *arg);

/* The delivery process --------------------------------------------------------------------- */

/* How the delivery process treats a job ([sync] in the configuration). */
struct sync_policy {
	unsigned attempts;	 /* rounds before the job fails */
	unsigned backoff_ms;	 /* the pause after the first failed round, doubled each round */
	unsigned backoff_max_ms; /* the longest pause */
	unsigned lease_seconds;	 /* how long a claim holds the job without renewal */
	const char *owner;	 /* who claims: "host:pid", kept in the job */
};

/* A job as one claim holds it. */
struct sync_claim {
	int64_t job_id, user_id, admin_id, settings_version;
	int64_t claim;	     /* this claim's number: the job's claims counter */
	struct buf snapshot; /* the JSON pushed to every environment (sync_claim_init/free) */
};

void sync_claim_init(struct sync_claim *cl);
void sync_claim_free(struct sync_claim *cl);

/* The snapshot, built from what the database gives with no query of its own:
 * {"job_id","user_id","settings_version","generated_at","blocked","cameras":[{"id","name",
 *  "status","location":{"id","address"}|null,"blocked","availability":{"live","archive",
 *  "archive_days"}}],"permissions":[codes]}. sync_snapshot_init, then every permission, then
 * every camera (a camera's archive availability follows archives-show among the permissions),
 * then sync_snapshot_print; sync_snapshot_free in any case. */
struct cJSON;
struct sync_snapshot {
	struct cJSON *root, *cameras, *permissions;
	bool blocked; /* the user or its parent is paused: nothing is available */
	bool archive; /* archives-show is among the permissions so far */
};

/* One camera as the snapshot carries it. */
struct sync_snapshot_camera {
	int64_t id;
	const char *name;
	int status;	     /* 0 active, 1 partially_active, 2 inactive, 3 empty; else "" */
	int64_t location_id; /* 0: no location (null) */
	const char *address;
	int64_t archive_days;
};

/* Start the snapshot of cl's job, generated at now. Returns 0, or -1 when memory runs out. */
int sync_snapshot_init(struct sync_snapshot *s, const struct sync_claim *cl, bool blocked,
		       time_t now);
void sync_snapshot_free(struct sync_snapshot *s);
/* Add a permission code / a camera. Return 0, or -1 when memory runs out. */
int sync_snapshot_permission(struct sync_snapshot *s, const char *code);
int sync_snapshot_camera(struct sync_snapshot *s, const struct sync_snapshot_camera *cam);
/* The snapshot's text into out (replacing what it held). Returns 0, or -1 when memory runs
 * out. */
int sync_snapshot_print(const struct sync_snapshot *s, struct buf *out);

/* Claim the first due job (pending, waiting for its next round, or held by a lease that has
 * ended) with SELECT ... FOR UPDATE SKIP LOCKED: a new round under a lease of
 * pol->lease_seconds, the snapshot built on the first claim (the user's cameras with status,
 * location and availability — blocked while the user or its parent is paused — and its
 * permissions) and kept for every later one, so each repeat carries the same body. A job of a
 * user deleted meanwhile fails at once. Returns 1 with cl filled, 0 when no job is due, or a
 * negative enum db_rc. */
int sync_claim(struct db *db, const struct sync_policy *pol, struct sync_claim *cl);

/* The job's environments still to deliver to, in id order, into *out (malloc'd, the caller
 * frees it). Returns their number or a negative enum db_rc. */
int sync_targets(struct db *db, int64_t job_id, struct sync_env **out);

/* Extend the claim's lease before a push. Returns 1 while the claim still holds the job, 0 when
 * it lost it (another process took it over), or a negative enum db_rc. */
int sync_renew(struct db *db, const struct sync_claim *cl, const struct sync_policy *pol);

/* What one push brought. */
struct sync_outcome {
	bool ok;	   /* a 2xx: the environment has the version */
	bool permanent;	   /* a refusal that repeating will not change (4xx other than 408/429) */
	long http_status;  /* 0 when nothing answered */
	const char *error; /* why not, when not ok */
};

/* Record a push to environment env_id (not the web client): the delivery's attempts and
 * outcome, and the environment's last contact and confirmed version. Returns DB_OK or a
 * negative enum db_rc. */
int sync_record(struct db *db, const struct sync_claim *cl, int64_t env_id,
		const struct sync_outcome *o);

/* Deliver to the web client (environment env_id): the user's settings_version and settings_at
 * move to the job's version in the database, which the web client shows on its next page.
 * Returns DB_OK or a negative enum db_rc. */
int sync_deliver_web(struct db *db, const struct sync_claim *cl, int64_t env_id);

/* End the claim's round: done when every delivery is, failed when one was refused for good or
 * the last round is spent (the audit row AUDIT_SYNC_DONE / AUDIT_SYNC_FAILED with the result,
 * from agent), else the job waits for its next round after the backoff. interrupted (the
 * process is stopping): the round does not count and the job is due again at once. A claim
 * that lost the job changes nothing. Returns the job's enum sync_state, or a negative enum
 * db_rc. */
int sync_finish(struct db *db, const struct sync_claim *cl, const struct sync_policy *pol,
		bool interrupted, const char *agent);

#endif
