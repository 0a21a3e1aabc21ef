/* users.h — subscribers (billing users, admin-created users, sub-users): typed queries for the
 * profile's user and the users directory. */
#ifndef VMS_USERS_H
#define VMS_USERS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "db.h"
#include "list.h"

/* Text columns hold a VARCHAR(255) in utf8mb4: up to 1020 bytes and the NUL. */
#define USERS_TEXT 1024

struct user {
	int64_t id;
	int64_t parent_id; /* 0 when not a sub-user */
	char parent_login[USERS_TEXT];
	char origin[16]; /* billing, admin, subuser */
	char status[16]; /* active, paused, terminated */
	char billing_id[260];
	char username[USERS_TEXT];
	char login[USERS_TEXT];
	char created_at[20]; /* "YYYY-MM-DD hh:mm:ss" UTC */
	char deleted_at[20]; /* "" unless deleted */
	char expires_at[20]; /* "" unless an admin-created user with an expiry */
	char parent_name[USERS_TEXT];
	int64_t location_id; /* the address-system location billing linked (create_location); 0 */
	char location_csa[260];
	char location_address[1024];
	/* with USERS_FLAGS */
	bool subusers_allowed; /* holds the subusers-manage permission */
	bool licences_held;    /* its licences' owner holds one (analytics_licences' held) */
	bool has_cases;	       /* it has analytics cases of its own */
	/* with USERS_INFO: the billing_info JSON text ("" when none), into the caller's buffer */
	struct buf *info;
};

/* What users_get reads besides the user's own columns. */
enum users_what {
	USERS_FLAGS = 1, /* subusers_allowed, licences_held, has_cases (the header's tab bar) */
	USERS_INFO = 2,	 /* billing_info into *u->info (the User tab) */
};

struct session;
/* Load user id into u with what (a mask of enum users_what; u->info set for USERS_INFO), in one
 * statement guarded by who's session (session.h: it reads nothing once the session has ended).
 * Returns 1, 0 when there is no such user (or the guard refused), or a negative enum db_rc. */
int users_get(struct db *db, const struct session *who, int64_t id, unsigned what, struct user *u);

/* The users directory as a list (list.h): newest first. */
struct user_row {
	int64_t id;
	char username[USERS_TEXT];
	char login[USERS_TEXT];
	char billing_id[260];
	int origin; /* index into users_origin_names */
	int status; /* index into users_status_names */
	char created_at[20];
	bool deleted;
};

extern const char *const users_origin_names[]; /* "billing", "admin", "subuser", NULL */
extern const char *const users_status_names[]; /* "active", "paused", "terminated", NULL */

extern const char *const users_state_names[]; /* the directory's filter: "active", "paused",
					       * "deleted", NULL */

/* The directory's filter: users matching q — the user ID exactly, the login from its start, the
 * billing account or the name anywhere, letter case ignored; all when q is empty — in a state
 * (an index into users_state_names, -1: any) and of a kind (an index into users_origin_names,
 * -1: any). */
struct users_filter {
	const char *q;
	int state;
	int kind;
	int64_t *total; /* where users_list puts how many users match, up to USERS_COUNT_CAP + 1
			 * (more than the cap: "1,000+"), -1 when its page came out empty and it
			 * could not tell (users_count then); NULL: not counted (a CSV) */
};

#define USERS_COUNT_CAP 1000 /* the count stops after this many (then says one more) */

/* The directory's query function (list.h): sort "created_at" (then id), q->filter a struct
 * users_filter; the same statement — guarded by the signed-in admin's session lq->who
 * (session.h) — counts the matching users into filter->total. A count this worker found past
 * the cap without a search is not made again for a minute. */
int users_list(struct db *db, const struct list_q *q, list_emit_fn emit, void *arg);
/* How many users f matches, up to USERS_COUNT_CAP + 1, guarded by who's session (the count of
 * an empty page). Returns DB_OK or a negative enum db_rc. */
int users_count(struct db *db, const struct session *who, const struct users_filter *f, int64_t *n);

#endif
