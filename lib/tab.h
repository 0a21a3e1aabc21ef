/* tab.h — the user a profile tab is about: one lookup, with one explicit rule for deleted
 * users and sub-users, for the header and every tab. A list tab reads the user in its page's
 * own statement instead (the head, below), and only an unusual answer costs the lookup. */
#ifndef VMS_TAB_H
#define VMS_TAB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "app.h"
#include "db.h"
#include "users.h"

/* Who a tab may be about (flags). */
enum tab_rule {
	TAB_LIVE = 0,	     /* a deleted user: 404 "This user was deleted." (its profile offers
			      * only the history tabs) */
	TAB_DELETED_OK = 1,  /* a deleted user too: the history tabs, the header */
	TAB_NOT_SUBUSER = 2, /* a sub-user: 404 (sub-users have no sub-users) */
};

/* Load the user whose id is input field of the route into u, with what of users_get's extras
 * (USERS_FLAGS, USERS_INFO: then u->info must point at a buffer). Returns 0, or the status
 * already recorded: 404 for no such user (or one the rule refuses, saying why), 503/500. */
int tab_user(struct ctx *c, size_t field, unsigned rule, unsigned what, struct user *u);

/* The tab's user as a list tab's own statement reads it, with every row of its page (the
 * columns TAB_HEAD_COLS of users u, joined by key before the page; tab_head_fill). */
struct tab_head {
	bool found; /* the statement returned its head: the session was live, the user exists */
	int64_t parent_id;
	int status; /* index into users_status_names */
	bool deleted;
};
#define TAB_HEAD_COLS "COALESCE(u.parent_id, 0), u.status + 0, u.deleted_at IS NOT NULL"
#define TAB_HEAD_NCOLS 3

/* Fill h from the TAB_HEAD_COLS at out[0..3). */
void tab_head_fill(struct tab_head *h, const struct db_col *out);
/* The rule for the user of input field as a list's statement found it in h: 0, or the status
 * recorded (404 as tab_user says it). When the page was empty (no row, so no head), tab_user
 * reads the user and h is filled from it. */
int tab_head_check(struct ctx *c, size_t field, unsigned rule, struct tab_head *h);

#endif
