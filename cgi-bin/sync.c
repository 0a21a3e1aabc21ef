/* sync.c — vmsadmin-sync, the delivery process of Synchronize cameras: each worker claims a due
 * job (SELECT ... FOR UPDATE SKIP LOCKED, under a lease), pushes its snapshot to each of the
 * user's desktop and mobile environments with libcurl (signed, the job id as the idempotency
 * key) and moves the web client's settings version in the database, then finishes the job or
 * schedules its next round with exponential backoff and jitter. Any number of copies may run
 * on any number of hosts; a job held by a process that died is taken over when its lease
 * ends. Delivery is at least once per environment: a repeat carries the same job id and body.
 * Supervised like the FastCGI programs (lib/app.c); --once works until nothing is due, then
 * exits. All SQL is in lib/sync.c, the HTTP in lib/push.c. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "app.h"
#include "push.h"
#include "sync.h"

#ifndef VMS_VERSION
#define VMS_VERSION "dev"
#endif

/* One worker's state between jobs. */
struct worker {
	const struct conf *conf;
	struct db db;
	struct push push;
	struct sync_policy pol;
	char owner[128]; /* "host:pid", the lease holder named in the job */
	char agent[160]; /* the audit rows' and the pushes' user agent */
};

/* Sleep ms milliseconds, or less when a stop arrives. */
static void pause_ms(unsigned ms)
{
	struct timespec ts = {.tv_sec = ms / 1000, .tv_nsec = (long)(ms % 1000) * 1000000L};

	if (!app_stopping())
		nanosleep(&ts, NULL); /* EINTR on SIGTERM: the loop then sees app_stopping() */
}

/* Push the snapshot to one desktop or mobile environment and record what came back. A 4xx
 * other than 408 and 429 is a refusal repeating will not change. Returns DB_OK or a negative
 * enum db_rc (the database is away: the round ends, the lease brings the job back). */
static int push_one(struct worker *w, const struct sync_claim *cl, const struct sync_env *e)
{
	char key[24];
	struct push_req rq = {
	    .url = e->push_url,
	    .body = cl->snapshot.data,
	    .len = cl->snapshot.len,
	    .secret = w->conf->sync_secret,
	    .key = key,
	    .connect_timeout = w->conf->sync_connect_timeout,
	    .timeout = w->conf->sync_timeout,
	    .user_agent = w->agent,
	};
	struct push_res res;
	struct sync_outcome o;
	int rc;

	snprintf(key, sizeof key, "%" PRId64, cl->job_id);
	rc = push_post(&w->push, &rq, &res);
	o.ok = rc == 0;
	o.http_status = res.status;
	o.permanent =
	    res.status >= 400 && res.status < 500 && res.status != 408 && res.status != 429;
	o.error = res.error;
	return sync_record(&w->db, cl, e->id, &o);
}

/* One round of a claimed job: every environment still pending, then the round's end.
 * Returns DB_OK or a negative enum db_rc. */
static int deliver(struct worker *w, const struct sync_claim *cl)
{
	struct sync_env *targets = NULL;
	bool interrupted = false, lost = false;
	int n, rc = DB_OK;

	if ((n = sync_targets(&w->db, cl->job_id, &targets)) < 0)
		return n;
	for (int i = 0; i < n && rc >= 0 && !lost; i++) {
		if (app_stopping()) {
			interrupted = true;
			break;
		}
		if (targets[i].kind == SYNC_WEB) {
			rc = sync_deliver_web(&w->db, cl, targets[i].id);
			continue;
		}
		/* the lease must cover this push; a claim that lost the job stops here */
		if ((rc = sync_renew(&w->db, cl, &w->pol)) == 0)
			lost = true;
		else if (rc > 0)
			rc = push_one(w, cl, &targets[i]);
	}
	free(targets);
	if (rc < 0)
		return rc;
	if (lost) {
		fprintf(stderr,
			"vmsadmin-sync: job %" PRId64 ": its lease went to another process\n",
			cl->job_id);
		return DB_OK;
	}
	rc = sync_finish(&w->db, cl, &w->pol, interrupted, w->agent);
	if (rc >= 0)
		fprintf(stderr, "vmsadmin-sync: job %" PRId64 " (claim %" PRId64 "): %s\n",
			cl->job_id, cl->claim, sync_state_names[rc]);
	return rc < 0 ? rc : DB_OK;
}

/* Claim and deliver jobs until none is due (then return 0 under --once, else wait and look
 * again) or a stop is asked for. A database outage is waited out. */
static int loop(struct worker *w, bool once)
{
	struct sync_claim cl;
	int rc;

	sync_claim_init(&cl);
	while (!app_stopping()) {
		db_request(&w->db); /* on a cluster: due jobs as every node has them */
		rc = sync_claim(&w->db, &w->pol, &cl);
		if (rc == 1 && (rc = deliver(w, &cl)) == DB_OK)
			continue; /* the next due job, if any, at once */
		if (rc == DB_BUSY) {
			/* every try lost to other claims (db_tx paused between them) */
			fprintf(stderr,
				"vmsadmin-sync: claims lost to other processes; looking again\n");
			continue;
		}
		if (rc < 0) {
			fprintf(stderr, "vmsadmin-sync: database %s; retrying\n",
				rc == DB_DOWN ? "unavailable" : "error");
			pause_ms(1000);
		} else if (rc == 0) {
			if (once)
				break;
			pause_ms(w->conf->sync_poll_ms);
		}
	}
	sync_claim_free(&cl);
	return 0;
}

/* A worker: its own database connection and curl handle, then the loop. */
static int work(const struct conf *conf, bool once)
{
	struct worker w = {.conf = conf};
	char host[64] = "localhost";
	int rc;

	if (push_global_init() < 0) {
		fprintf(stderr, "vmsadmin-sync: cannot initialise libcurl\n");
		return 1;
	}
	gethostname(host, sizeof host - 1);
	snprintf(w.owner, sizeof w.owner, "%s:%d", host, (int)getpid());
	snprintf(w.agent, sizeof w.agent, "vmsadmin-sync/%s (%s)", VMS_VERSION, w.owner);
	w.pol = (struct sync_policy){
	    .attempts = conf->sync_attempts,
	    .backoff_ms = conf->sync_backoff_ms,
	    .backoff_max_ms = conf->sync_backoff_max_ms,
	    .lease_seconds = conf->sync_lease_seconds,
	    .owner = w.owner,
	};
	if (!conf->sync_secret[0]) { /* an unsigned push would teach the apps to accept any */
		fprintf(stderr, "vmsadmin-sync: no [sync] secret or secret_file configured\n");
		push_global_end();
		return 1;
	}
	db_init(&w.db, conf);
	push_init(&w.push);
	rc = loop(&w, once);
	push_free(&w.push);
	db_close(&w.db);
	push_global_end();
	return rc;
}

static const struct app app = {
    .name = "vmsadmin-sync",
    .summary = "Delivers Synchronize cameras jobs to the users' desktop and mobile apps and web "
	       "client.",
    .work = work,
};

int main(int argc, char **argv)
{
	return app_main(&app, argc, argv);
}
