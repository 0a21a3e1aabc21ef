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
	/* with USERS_FLAGS */
	bool subusers_allowed; /* holds the subusers-manage permission */
	/* with USERS_INFO: the billing_info JSON text ("" when none), into the caller's buffer */
	struct buf *info;
};

/* What users_get reads besides the user's own columns. */
enum users_what {
	USERS_FLAGS = 1, /* subusers_allowed (the header's tab bar; licences: analytics.h) */
	USERS_INFO = 2,	 /* billing_info into *u->info (the User tab) */
};

/* Load user id into u with what (a mask of enum users_what; u->info set for USERS_INFO).
 * Returns 1, 0 when there is no such user, or a negative enum db_rc. */
int users_get(struct db *db, int64_t id, unsigned what, struct user *u);

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

/* The directory's filter: users matching q (ID, billing account, login prefix or part of the
 * name; all when q is empty). */
struct users_filter {
	const char *q;
};

/* The directory's query function (list.h): sort "created_at" (then id), q->filter a struct
 * users_filter. */
int users_list(struct db *db, const struct list_q *q, list_emit_fn emit, void *arg);

#endif
