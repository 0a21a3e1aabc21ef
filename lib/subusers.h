/* subusers.h — the sub-users of a user as the Sub-users tab lists them: identity, status,
 * whether deleted, and how many permissions each holds that count (analytics permissions of a
 * level the parent does not hold count as not granted). */
#ifndef VMS_SUBUSERS_H
#define VMS_SUBUSERS_H

#include <stdbool.h>
#include <stdint.h>

#include "db.h"
#include "list.h"
#include "users.h"

struct subuser_row {
	int64_t id;
	char username[USERS_TEXT];
	char login[USERS_TEXT];
	char created_at[20]; /* "YYYY-MM-DD hh:mm:ss" UTC */
	int status;	     /* index into users_status_names */
	bool deleted;	     /* deleted with (or before) its parent: kept 30 days, read-only */
	int64_t permissions; /* granted permissions that count */
};

/* Which sub-users. */
struct subusers_filter {
	int64_t parent_id;
	unsigned held; /* analytics_levels_held of the parent: the levels whose permissions count */
	const char *q; /* the ID, or part of the name or login; "" for all */
};

/* The orders of the tab; subusers_sort_names lists them for the "sort" input. */
enum subusers_sort {
	SUBUSERS_SORT_ID,
	SUBUSERS_SORT_NAME,
	SUBUSERS_SORT_LOGIN,
	SUBUSERS_SORT_CREATED,
	SUBUSERS_SORT_STATUS
};
/* "id", "name", "login", "created_at", "status", NULL */
extern const char *const subusers_sort_names[];

/* The Sub-users tab's query function (list.h): lq->filter a struct subusers_filter. Returns the
 * number of rows or a negative enum db_rc. */
int subusers_list(struct db *db, const struct list_q *lq, list_emit_fn emit, void *arg);

#endif
