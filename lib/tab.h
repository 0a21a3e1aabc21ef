/* tab.h — the user a profile tab is about: one lookup, with one explicit rule for deleted
 * users and sub-users, for the header and every tab. */
#ifndef VMS_TAB_H
#define VMS_TAB_H

#include <stddef.h>

#include "app.h"
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

#endif
