/* users.h — subscribers (billing users, admin-created users, sub-users): typed queries. */
#ifndef VMS_USERS_H
#define VMS_USERS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "db.h"

struct user {
	int64_t id;
	int64_t parent_id; /* 0 when not a sub-user */
	char parent_login[256];
	char origin[16]; /* billing, admin, subuser */
	char status[16]; /* active, paused, terminated */
	char billing_id[65];
	char username[256];
	char login[256];
	char created_at[20];   /* "YYYY-MM-DD hh:mm:ss" UTC */
	char deleted_at[20];   /* "" unless deleted */
	char expires_at[20];   /* "" unless an admin-created user with an expiry */
	bool subusers_allowed; /* holds the subusers-manage permission */
	bool has_licences;     /* any analytics licence */
	struct buf info;       /* billing_info JSON text ("" when none); caller frees */
};

/* A row of the users directory. */
struct user_row {
	int64_t id;
	char username[256];
	char login[256];
	char billing_id[65];
	char origin[16];
	char status[16];
	char created_at[20];
	int64_t created_epoch; /* with id, the cursor of this row */
	bool deleted;
};

#define USERS_PAGE 25

/* Load user id into u (u->info must be initialised with buf_init; the caller frees it).
 * Returns 1, 0 when there is no such user, or a negative enum db_rc. */
int users_get(struct db *db, int64_t id, struct user *u);

/* The directory, newest first: users matching q (ID, billing account, login prefix or part of
 * the name; all when q is empty), strictly after the cursor (after_epoch, after_id) when
 * after_id > 0. Fills up to USERS_PAGE rows; *more tells whether another page follows.
 * Returns the row count or a negative enum db_rc. */
int users_search(struct db *db, const char *q, int64_t after_epoch, int64_t after_id,
		 struct user_row rows[USERS_PAGE], bool *more);

#endif
