/* billing_db.h — billing requests in the database: applying one together with its log row in
 * a single transaction (idempotent by request_id), and reading the log for the Billing Events
 * tab. The wire format and validation are in billing.h. */
#ifndef VMS_BILLING_DB_H
#define VMS_BILLING_DB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "billing.h"
#include "buf.h"
#include "db.h"
#include "list.h"

/* The outcome of a request as the webhook answers it (first time and on every repeat). */
struct billing_event {
	int64_t id;	   /* billing_events.id */
	int64_t user_id;   /* 0 when recorded against no user */
	int64_t camera_id; /* the camera the request was about; 0 for none or an unknown one */
	char request_id[65];
	char type[65]; /* the code logged: the sent type, or a *_unknown_csa/unknown_type */
	bool applied;
	char error[256]; /* "" when applied */
	int http_status; /* the status of the first answer */
	bool noop;	 /* applied, and there was nothing to change (e.g. a camera the user
			  * did not have was detached) */
};

/* Apply r (validated by billing_parse) and write its billing_events row in one transaction,
 * the row last: a repeat of r->request_id — also one running at the same moment — meets the
 * unique key, waits for the first to commit, rolls back what it did, and gets the stored
 * outcome with *repeat set.
 * password_hash is the Argon2id hash of r->password (NULL when r has none).
 * A failed request (unknown account, unknown CSA code, unknown type, a conflict) is still
 * recorded and returns DB_OK with ev->applied false. Returns DB_OK with ev filled, or a
 * negative enum db_rc with nothing written. */
int billing_db_apply(struct db *db, const struct billing_req *r, const char *password_hash,
		     struct billing_event *ev, bool *repeat);

/* What the log says of an applied request that changed nothing. */
#define BILLING_NOOP_NOTE "nothing to change"

/* One row of the Billing Events tab. */
struct billing_row {
	int64_t id;
	char request_id[65];
	char type[65];
	const char *label;   /* the type's label (static) */
	char sent_type[256]; /* "" unless the type was unknown */
	int result;	     /* index into billing_results */
	char error[256];
	char created_at[20]; /* "YYYY-MM-DD hh:mm:ss" UTC */
	char account[260];   /* the account it named */
	int64_t user_id;     /* the user it was logged against; 0 for none (unknown account) */
	const char *payload; /* the stored request (password redacted), in the query's arena */
	const char *note;    /* "nothing to change" for an applied request that changed
			      * nothing, else NULL (static) */
	bool redacted;	     /* about a camera outside the admin's scope: payload and error
			      * say SCOPE_HIDDEN instead of the camera's data */
};

extern const char *const billing_results[]; /* "applied", "failed", NULL */

struct tab_head;

/* Which events of the log. */
struct billing_filter {
	int64_t user_id;
	const char *type;      /* NULL: all types */
	struct tab_head *head; /* where the statement's head (the user) goes */
};

/* The Billing Events tab's query function (list.h): lq->filter's events, by id (sort "id";
 * newest first is lq->desc), and in the same statement — guarded by the signed-in admin's
 * session lq->who (session.h) — the user into filter->head. Uses the (user_id, id) and
 * (user_id, type, id) indexes, so any page costs the same. A request about a camera (new,
 * attach, detach) is shown to an ordinary admin in full only when that camera is in its scope
 * (scope.h); otherwise its payload and error come redacted. Returns the number of rows or a
 * negative enum db_rc. */
int billing_db_list(struct db *db, const struct list_q *lq, list_emit_fn emit, void *arg);

/* Which requests of the whole log (the superadmin's page of billing requests). */
struct billing_all_filter {
	int result;	     /* index into billing_results, -1 for both */
	const char *type;    /* NULL: all types */
	const char *account; /* NULL: every account; else exactly this one */
	bool no_user;	     /* only those logged against no user (an unknown account) */
};

/* The query function of every billing request, newest first (sort "id"), lq->filter a struct
 * billing_all_filter, guarded by lq->who's session. The camera scope applies as in
 * billing_db_list. Returns the number of rows or a negative enum db_rc. */
int billing_db_all(struct db *db, const struct list_q *lq, list_emit_fn emit, void *arg);

#endif
