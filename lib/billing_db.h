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

/* The outcome of a request as the webhook answers it (first time and on every repeat). */
struct billing_event {
	int64_t id;	 /* billing_events.id */
	int64_t user_id; /* 0 when recorded against no user */
	char request_id[65];
	char type[65]; /* the code logged: the sent type, or a *_unknown_csa/unknown_type */
	bool applied;
	char error[256]; /* "" when applied */
	int http_status; /* the status of the first answer */
};

/* Apply r (validated by billing_parse) and write its billing_events row in one transaction,
 * the row first: a repeat of r->request_id — also one running at the same moment — meets the
 * unique key, waits for the first to commit, and gets the stored outcome with *repeat set.
 * password_hash is the Argon2id hash of r->password (NULL when r has none).
 * A failed request (unknown account, unknown CSA code, unknown type, a conflict) is still
 * recorded and returns DB_OK with ev->applied false. Returns DB_OK with ev filled, or a
 * negative enum db_rc with nothing written. */
int billing_db_apply(struct db *db, const struct billing_req *r, const char *password_hash,
		     struct billing_event *ev, bool *repeat);

/* One row of the Billing Events tab. */
struct billing_row {
	int64_t id;
	char request_id[65];
	char type[65];
	char sent_type[256]; /* "" unless the type was unknown */
	bool applied;
	char error[256];
	char created_at[20]; /* "YYYY-MM-DD hh:mm:ss" UTC */
	struct buf payload;  /* the stored request (password redacted) */
};

#define BILLING_PAGE 25

/* Initialise / free the payload buffers of a page of rows. */
void billing_db_rows_init(struct billing_row rows[BILLING_PAGE]);
void billing_db_rows_free(struct billing_row rows[BILLING_PAGE]);

/* A page of user_id's events, newest first, of one type when type is non-NULL: with
 * after_id > 0 the page just newer than that event, else the page older than before_id
 * (0: the newest page). *more: another page follows in the direction of travel. Uses the
 * (user_id, id) and (user_id, type, id) indexes, so any page costs the same.
 * Returns the row count or a negative enum db_rc. */
int billing_db_list(struct db *db, int64_t user_id, const char *type, int64_t before_id,
		    int64_t after_id, struct billing_row rows[BILLING_PAGE], bool *more);

#endif
